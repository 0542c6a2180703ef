//! Regression tests: each pins a bug found while writing the integration tests, by the smallest
//! input that showed it. (Wrong decisions on single sentences live in `known_failures.tsv`.)

use bayegan_text::{apply_edits, is_letter, DiacriticPolicy, EditKind, Restored, Restorer, SpellingMode};

fn letters(text: &str) -> String {
    text.chars().filter(|&c| is_letter(c)).collect()
}

/// The edits of `restored` stand apart, in order, and replay on `input` to its text; its flags
/// point into `input`.
fn assert_edits_replay(input: &str, restored: &Restored) {
    for pair in restored.edits.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{input}: overlapping or unordered edits {pair:?}");
    }
    assert_eq!(apply_edits(input, &restored.edits), restored.text, "{input}");
    for flag in &restored.flags {
        assert!(input.get(flag.span.clone()).is_some(), "{input}: flag outside the input: {flag:?}");
    }
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

/// A kashida stretching a letter before a bidi mark: both go, and the mark leaves a space so the
/// words stay apart. When spacing then joins the letters across that space, the change belongs
/// in the mark's own edit; it came out as a second edit over the same input bytes, and the
/// spelling stage, mapping a flag on a later word back to the input across both, sliced the
/// input inside a character and panicked (found by feeding random text to `fix --json`).
#[test]
fn a_space_a_bidi_mark_left_after_a_kashida_is_taken_back_in_one_edit() {
    let input = "ثـ\u{200e}رﻻ.عکن";
    for spelling in [SpellingMode::Off, SpellingMode::Flag, SpellingMode::Fix] {
        assert_edits_replay(input, &Restorer::builder().spelling(spelling).build().restore(input));
    }
}

/// A spelling correction beside another edit that only touches the word's edge: a space put
/// between a digit and the word, a space taken out before `»` or after `«`, a kashida dropped
/// after the word. The correction's input span swallowed the removal at its end (so two edits
/// covered the same bytes) or was listed before the insertion at its start; replaying the edits
/// then broke. A removal at its start was swallowed whole, unlike one at its end.
#[test]
fn a_correction_and_an_edit_at_its_edge_stay_apart() {
    let restorer = Restorer::builder().spelling(SpellingMode::Fix).build();
    for (input, misspelled) in
        [("۱کتتاب رفت", "کتتاب"), ("ککتاب »", "ککتاب"), ("کتتابـ  شده", "کتتاب"), ("دولت« کتتاب دولت", "کتتاب")]
    {
        let restored = restorer.restore(input);
        assert_edits_replay(input, &restored);
        let corrected: Vec<_> =
            restored.edits.iter().filter(|e| e.kind == EditKind::Spelling).map(|e| e.before.as_str()).collect();
        assert_eq!(corrected, [misspelled], "{input}");
    }
}

/// A space before a suffix stretched by a kashida (`کتاب ـهای`): the space becomes a ZWNJ and
/// the kashida goes. The ZWNJ's edit reached over the kashida's own edit (both covered its
/// bytes), because the end of the space was mapped back past the removal after it.
#[test]
fn a_space_before_a_kashida_becomes_a_zwnj_in_its_own_edit() {
    let input = "کتاب ـهای دولت";
    let restored = Restorer::new().restore(input);
    assert_eq!(restored.text, "کتاب‌های دولت");
    assert_edits_replay(input, &restored);
}
