//! Quality guard on the development set: the restorer's scores on `perdt_dev` must not fall
//! below the figures reported in bench/RESULTS.md (less a small margin). The same numbers come
//! from `bayegan eval spacing ../shared/corpora/perdt_dev.txt --mode MODE [--document]`.

use bayegan_text::eval::{evaluate_spacing, Corruption, Feed, SpacingReport};
use bayegan_text::Restorer;

fn dev_report(mode: Corruption, feed: Feed) -> SpacingReport {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpora/perdt_dev.txt");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (the shared corpora must lie beside the repo)"));
    let report = evaluate_spacing(&Restorer::new(), text.lines(), mode, 1403, feed);
    assert!(report.sentences >= 1400, "scored only {} sentences ({} skipped)", report.sentences, report.skipped);
    report
}

#[test]
fn joined_text_gets_its_zwnjs_back() {
    let report = dev_report(Corruption::Joined, Feed::Sentences);
    // the target
    assert!(report.zwnj.f1() >= 0.970, "joined ZWNJ F1 {:.4}\n{report}", report.zwnj.f1());
    assert!(report.space.f1() >= 0.998, "joined space F1 {:.4}\n{report}", report.space.f1());
}

#[test]
fn spaced_text_gets_its_zwnjs_back() {
    let report = dev_report(Corruption::Spaced, Feed::Sentences);
    assert!(report.zwnj.f1() >= 0.960, "spaced ZWNJ F1 {:.4}\n{report}", report.zwnj.f1());
}

#[test]
fn a_spaced_document_gets_its_zwnjs_back() {
    // the whole text shows that its ZWNJs became spaces, and the restorer reads it so
    let report = dev_report(Corruption::Spaced, Feed::Document);
    // above what one sentence at a time reaches (0.9682): the whole text's damage must count
    assert!(report.zwnj.f1() >= 0.969, "spaced ZWNJ F1, one document {:.4}\n{report}", report.zwnj.f1());
}

#[test]
fn mixed_damage_is_repaired() {
    let report = dev_report(Corruption::Mixed, Feed::Sentences);
    assert!(report.zwnj.f1() >= 0.958, "mixed ZWNJ F1 {:.4}\n{report}", report.zwnj.f1());
}

#[test]
fn words_run_together_are_split() {
    // every ZWNJ dropped and one space in twenty between words: the damage of narrow PDF columns
    let report = dev_report(Corruption::Fused, Feed::Sentences);
    assert!(report.space.recall() >= 0.970, "fused space recall {:.4}\n{report}", report.space.recall());
    assert!(report.space.precision() >= 0.999, "fused space precision {:.4}\n{report}", report.space.precision());
    assert!(report.zwnj.f1() >= 0.920, "fused ZWNJ F1 {:.4}\n{report}", report.zwnj.f1());
}

#[test]
fn clean_text_is_left_alone() {
    let report = dev_report(Corruption::Clean, Feed::Sentences);
    assert!(report.changed_share() <= 0.0005, "changed {:.4}% of boundaries\n{report}", 100.0 * report.changed_share());
}
