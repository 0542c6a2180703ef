//! Traps other Persian analyzers fell into (`../shared/STYLE.md`, "Known traps"), pinned for
//! ours: charabia splits at ZWNJ (`عمیق‌ترین` → two tokens), folds `آ` to `ا`, splits words
//! starting with `ال` (`البته` → `ال` `بته`) and turns `ۀ` into U+06D5; Lucene's Persian
//! analyzer drops `می‌کند` as a stop word. Each is checked under every option combination.

use bayegan_text::{DiacriticPolicy, DigitPolicy, RestoreOptions, Restorer, ZWNJ};

/// A restorer for every combination of options.
fn all_restorers() -> Vec<(RestoreOptions, Restorer)> {
    let mut out = Vec::new();
    for digits in [DigitPolicy::Keep, DigitPolicy::Persian, DigitPolicy::Latin] {
        for diacritics in [DiacriticPolicy::Keep, DiacriticPolicy::Strip] {
            for spacing in [true, false] {
                let options = RestoreOptions { digits, diacritics, spacing, ..RestoreOptions::default() };
                out.push((options, Restorer::builder().options(options).build()));
            }
        }
    }
    out
}

/// Asserts that correct `text` comes back unchanged, with no edits, under every option.
fn unchanged_everywhere(text: &str) {
    for (options, restorer) in all_restorers() {
        let restored = restorer.restore(text);
        assert_eq!(restored.text, text, "changed under {options:?}");
        assert!(restored.edits.is_empty(), "edits under {options:?}: {:?}", restored.edits);
    }
}

#[test]
fn zwnj_inside_a_word_is_kept_not_made_a_space() {
    for text in [
        "عمیق\u{200c}ترین",
        "این عمیق\u{200c}ترین دره جهان است",
        "عمیق\u{200c}ترین دره\u{200c}ها و بلندترین کوه\u{200c}ها",
    ] {
        unchanged_everywhere(text);
    }
}

#[test]
fn broken_superlative_becomes_one_word_with_a_zwnj() {
    let restorer = Restorer::new();
    for broken in ["این عمیقترین دره جهان است", "این عمیق ترین دره جهان است"]
    {
        assert_eq!(restorer.fix(broken), "این عمیق\u{200c}ترین دره جهان است", "from {broken:?}");
    }
}

#[test]
fn words_starting_with_al_are_not_split() {
    for text in ["البته", "البته دولت پاسخ داد", "او البته گفت که الگوی تازه\u{200c}ای در البرز ندارد", "الان"]
    {
        unchanged_everywhere(text);
    }
    // nor in text that lost its ZWNJs, where the restorer is most eager to change boundaries
    let restored = Restorer::new().fix("البته دولت این طرح را بررسی میکند و نتیجه را اعلام میکند");
    assert_eq!(restored, "البته دولت این طرح را بررسی می\u{200c}کند و نتیجه را اعلام می\u{200c}کند");
}

#[test]
fn alef_madda_is_not_folded() {
    for text in ["آب", "آمریکا و آسیا", "آتش\u{200c}بس در آبان آغاز شد"] {
        unchanged_everywhere(text);
    }
    // with other changes around it too: every آ stays U+0622, never ا or ا + U+0653
    let input = "آمريكا آتشبس را در آبان می كند";
    for (options, restorer) in all_restorers() {
        let out = restorer.fix(input);
        assert_eq!(out.matches('آ').count(), 3, "under {options:?}: {out:?}");
        assert!(!out.contains('\u{0653}'), "decomposed under {options:?}: {out:?}");
    }
}

#[test]
fn heh_with_yeh_is_not_turned_into_ae() {
    for text in ["خانۀ ملت", "نامۀ وزیر به مجلس"] {
        unchanged_everywhere(text);
    }
    let input = "خانۀ ملت نامۀ رئيسجمهور را منتشر میکند";
    for (options, restorer) in all_restorers() {
        let out = restorer.fix(input);
        assert_eq!(out.matches('ۀ').count(), 2, "under {options:?}: {out:?}");
        assert!(!out.contains('\u{06D5}'), "U+06D5 under {options:?}: {out:?}");
    }
}

#[test]
fn mi_konad_survives() {
    for text in ["می\u{200c}کند", "او این کار را می\u{200c}کند", "دولت می\u{200c}کند آنچه می\u{200c}گوید"]
    {
        unchanged_everywhere(text);
    }
    // in text whose other ZWNJs were typed as spaces it stays too
    let out = Restorer::new().fix("دولت کتاب ها را بررسی می\u{200c}کند");
    assert_eq!(out, "دولت کتاب\u{200c}ها را بررسی می\u{200c}کند");
}

#[test]
fn no_zwnj_is_ever_turned_into_a_space_in_correct_text() {
    // The charabia trap from the restorer's side: a written ZWNJ is never made a word break.
    let text = "رئیس\u{200c}جمهور در گفت\u{200c}وگو با خبرنگاران گفت که آتش\u{200c}بس نشان\u{200c}دهنده عمیق\u{200c}ترین تغییرها در سیاست\u{200c}های منطقه\u{200c}ای است و کشورها آن را بررسی می\u{200c}کنند.";
    let out = Restorer::new().fix(text);
    assert_eq!(out.matches(ZWNJ).count(), text.matches(ZWNJ).count());
    assert_eq!(out, text);
}
