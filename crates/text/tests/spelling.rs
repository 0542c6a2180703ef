//! The spelling stage: its figures on `perdt_dev` with injected errors (the same numbers come
//! from `bayegan eval spelling ../shared/corpora/perdt_dev.txt`), the seed page's misspellings,
//! and edit records that replay.

use bayegan_text::eval::spelling::{evaluate_spelling, inject_errors};
use bayegan_text::{apply_edits, EditKind, FlagKind, Restorer, SpellingMode};

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpora/perdt_dev.txt");
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (the shared data must lie beside the repo)"))
}

fn letters(text: &str) -> String {
    text.chars().filter(|&c| bayegan_text::is_letter(c)).collect()
}

#[test]
fn injected_errors_are_found_and_fixed_without_harm() {
    let dev = read(DEV);
    let restorer = Restorer::builder().spelling(SpellingMode::Fix).build();
    for seed in [1403, 7] {
        let samples = inject_errors(dev.lines(), &restorer, 0.02, seed);
        let report = evaluate_spelling(&restorer, &samples);
        assert!(report.nonword_errors >= 150, "{report}");
        assert!(report.detection.precision() >= 0.9 && report.detection.recall() >= 0.85, "seed {seed}:\n{report}");
        assert!(report.correction.precision() >= 0.95, "seed {seed}:\n{report}");
        assert!(report.clean_changes_per_10k() < 1.0, "seed {seed}:\n{report}");
        // a known word is doubted only where the context is very sure: some real-word errors
        // are caught, and hardly any correct word of the clean sentences is flagged
        assert!(report.realword_detected * 25 >= report.realword_errors, "seed {seed}:\n{report}");
        assert!(report.clean_words_flagged * 10_000 <= 6 * report.words, "seed {seed}:\n{report}");
    }
}

#[test]
fn corrections_replay_from_their_edit_records() {
    let dev = read(DEV);
    let restorer = Restorer::builder().spelling(SpellingMode::Fix).build();
    let samples = inject_errors(dev.lines(), &restorer, 0.05, 11);
    let mut corrected = 0;
    for sample in &samples {
        // spacing damage too, so spelling edits meet ZWNJ edits in the same word
        let input = sample.input.replace('\u{200c}', "");
        let restored = restorer.restore(&input);
        assert_eq!(apply_edits(&input, &restored.edits), restored.text, "{input}");
        for flag in &restored.flags {
            assert!(input.is_char_boundary(flag.span.start) && input.is_char_boundary(flag.span.end), "{input}");
            assert!(!input[flag.span.clone()].trim().is_empty(), "{input}: {flag:?}");
        }
        corrected += restored.edits.iter().filter(|e| e.kind == EditKind::Spelling).count();
    }
    assert!(corrected > 100, "only {corrected} corrections exercised");
}

#[test]
fn the_seed_page_misspellings_are_flagged_or_fixed_and_nothing_else_changes() {
    let page = read(SEED);
    let restored = Restorer::builder().spelling(SpellingMode::Fix).build().restore(&page);
    let caught = |wrong: &str| {
        restored.edits.iter().any(|e| e.kind == EditKind::Spelling && letters(&e.before).contains(wrong))
            || restored.flags.iter().any(|f| letters(&f.word) == wrong)
    };
    for wrong in ["مخلفیم", "تگرانی", "اذغام", "امریالیستی", "سوسهکننده"] {
        assert!(caught(wrong), "{wrong} neither flagged nor fixed");
    }
    // every correction made is of a word that was wrong on the page
    for edit in restored.edits.iter().filter(|e| e.kind == EditKind::Spelling) {
        assert!(["اذغام", "تگرانی", "بهبانههای"].contains(&letters(&edit.before).as_str()), "changed {edit:?}");
    }
    // names the lexicon cannot know are unknown, never misspelled
    for name in ["هوچستین", "اسمولین", "فتودوروف", "ریسپانسیبل"] {
        assert!(
            restored.flags.iter().filter(|f| letters(&f.word) == name).all(|f| f.kind == FlagKind::Unknown),
            "{name}"
        );
    }
}

#[test]
fn flag_mode_changes_nothing_but_spacing() {
    let page = read(SEED);
    let plain = Restorer::new().restore(&page);
    let flagged = Restorer::builder().spelling(SpellingMode::Flag).build().restore(&page);
    assert_eq!(plain.text, flagged.text);
    assert!(flagged.flags.iter().any(|f| f.kind == FlagKind::Misspelled));
    assert!(plain.flags.is_empty());
}
