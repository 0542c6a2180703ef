//! The affixes the restorer joins to a word with a ZWNJ, and what each reading costs.
//!
//! The lexicon knows the words of careful text; these lists let it read words it has not seen:
//! `کریستال` + `های`, `می` + `فشانید`, `شکسته` + `ای`. Costs are milli-nats added to the cost of
//! the word the affix attaches to.

/// Suffixes joined by a ZWNJ after a joining letter: (suffix, cost, needs a stem ending in ه or ی).
pub(crate) const SUFFIXES: &[(&str, u32, bool)] = &[
    ("ها", 2_500, false),
    ("های", 2_500, false),
    ("هایی", 3_500, false),
    ("هایم", 4_000, false),
    ("هایت", 4_000, false),
    ("هایش", 3_500, false),
    ("هایمان", 4_000, false),
    ("هایتان", 4_000, false),
    ("هایشان", 3_500, false),
    ("ترین", 3_500, false),
    ("تر", 3_500, false),
    ("ای", 3_000, true),
    ("ام", 3_500, true),
    ("ات", 4_000, true),
    ("اش", 3_500, true),
    ("ایم", 3_500, true),
    ("اید", 3_500, true),
    ("اند", 3_000, true),
    ("مان", 4_000, true),
    ("تان", 4_000, true),
    ("شان", 4_000, true),
];

/// Clitics written joined to a stem that does not end in ه: `همکارش`, `خودرویش`,
/// `ناراحتیشان`. Reading them lets a known stem with a clitic stay one word.
pub(crate) const JOINED_CLITICS: &[(&str, u32)] =
    &[("ش", 3_000), ("م", 3_500), ("ت", 3_500), ("مان", 3_000), ("تان", 3_000), ("شان", 3_000), ("ی", 3_500)];

/// Prefixes joined by a ZWNJ after their last letter, with their cost.
pub(crate) const PREFIXES: &[(&str, u32)] = &[
    ("می", 2_500),
    ("نمی", 3_000),
    ("بی", 6_000),
    // preverbs before می (برمی‌گردد, فرونمی‌نشیند)
    ("برمی", 3_000),
    ("برنمی", 3_500),
    ("درمی", 3_000),
    ("درنمی", 3_500),
    ("بازمی", 3_000),
    ("بازنمی", 3_500),
    ("فرومی", 3_000),
    ("فرونمی", 3_500),
    ("فرامی", 3_000),
    ("وامی", 3_000),
    ("ورمی", 3_500),
];

/// Personal endings of verbs, written joined to the stem (`فشانید` = `فشان` + `ید`).
pub(crate) const VERB_ENDINGS: &[&str] = &["م", "ی", "د", "یم", "ید", "ند"];

/// The cost of `rest` as a suffix of `stem_last` (the stem's last letter), if it is one.
pub(crate) fn suffix_cost(rest: &str, stem_last: char) -> Option<u32> {
    let after_vowel = |suffix: &str| match suffix {
        "مان" | "تان" | "شان" => stem_last == 'ه',
        _ => matches!(stem_last, 'ه' | 'ی'),
    };
    SUFFIXES
        .iter()
        .find(|(suffix, _, needs_vowel)| *suffix == rest && (!needs_vowel || after_vowel(suffix)))
        .map(|&(_, cost, _)| cost)
}

/// `است` after a vowel, written joined: `گویاست`, `کجاست`, `اوست`.
const IS_AFTER_VOWEL: (&str, u32) = ("ست", 5_000);

/// The cost of `rest` as a clitic joined without a ZWNJ to a stem ending in `stem_last`.
pub(crate) fn joined_clitic_cost(rest: &str, stem_last: char) -> Option<u32> {
    if rest == IS_AFTER_VOWEL.0 {
        return matches!(stem_last, 'ا' | 'و').then_some(IS_AFTER_VOWEL.1);
    }
    (stem_last != 'ه')
        .then(|| JOINED_CLITICS.iter().find(|(clitic, _)| *clitic == rest).map(|&(_, cost)| cost))
        .flatten()
}
