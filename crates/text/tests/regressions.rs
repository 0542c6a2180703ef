//! Regression tests: each pins a bug found while writing the integration tests, by the smallest
//! input that showed it. (Wrong decisions on single sentences live in `known_failures.tsv`.)

use bayegan_text::{apply_edits, is_letter, DiacriticPolicy, Restorer};

fn letters(text: &str) -> String {
    text.chars().filter(|&c| is_letter(c)).collect()
}

/// PDF extraction can lose every space of a line. A run of more than 65 letters with no space
/// or ZWNJ overflows the 64-bit ZWNJ mask in `Spacer::channel` (spacing.rs): "attempt to shift
/// left with overflow" in debug builds, a wrapped shift in release.
#[test]
fn a_line_that_lost_all_its_spaces_does_not_panic() {
    let line = "دولتاینطرحرابرایکاهشتورمدرسالآیندهبهمجلسشورایاسلامیوشورایشهرارائهمیکند";
    assert!(line.chars().count() > 65);
    let restored = Restorer::new().restore(line);
    assert_eq!(letters(&restored.text), letters(line));
    assert_eq!(apply_edits(line, &restored.edits), restored.text);
    // the same at the 66-letter threshold, in any letters
    let run = "ب".repeat(66);
    assert_eq!(Restorer::new().fix(&run), run);
}

/// Text in decomposed form (NFD) writes آ as ا + U+0653. Stripping diacritics then removes the
/// madda and folds آ to ا: the charabia trap, reached through the Strip policy.
#[test]
fn strip_does_not_fold_a_decomposed_alef_madda() {
    let restorer = Restorer::builder().diacritics(DiacriticPolicy::Strip).build();
    let input = "ا\u{0653}ب و ا\u{0653}تش";
    let out = restorer.fix(input);
    // composed or left as written, but not folded
    assert!(out == "آب و آتش" || out == input, "got {out:?}");
}

/// A hashtag glued to an opening mark or after an invisible character is still a hashtag: it
/// kept being restored on the first pass and protected on the second (not idempotent).
#[test]
fn a_hashtag_after_a_mark_or_a_zwnj_is_untouched() {
    let restorer = Restorer::new();
    for text in ["\u{200c}#آتشبس رانمی شود", "کتاب هامیز«#آتشبس"] {
        let restored = restorer.fix(text);
        assert!(restored.contains("#آتشبس"), "{text:?} → {restored:?}");
        assert_eq!(restorer.fix(&restored), restored, "{text:?}");
    }
}

/// Fused words in text that uses ZWNJs elsewhere: a second restoration changes nothing.
#[test]
fn restoring_twice_is_restoring_once_across_damage_kinds() {
    let restorer = Restorer::new();
    for text in ["نمی شودبزرگترین", "شدهاند\u{a0}\u{200c}درhttps://example.com/a/b می\u{200c}کند"]
    {
        let once = restorer.fix(text);
        assert_eq!(restorer.fix(&once), once, "{text:?}");
    }
}
