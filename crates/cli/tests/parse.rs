//! Integration tests of `bayegan parse`: they run the real binary on the seed page and on pages
//! of our own.

mod common;

use std::fs;

use common::{assert_success, bayegan, stderr, stdout, TempDir};
use serde_json::Value;

const EXIT_BAD_INPUT: i32 = 65;
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");
const OWN_PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../page/tests/pages/news-briefs-section.txt");

#[test]
fn the_seed_page_parses_to_json() {
    let output = bayegan(["parse", SEED], b"");
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    assert_eq!(page["schema_version"], 1);
    assert_eq!(page["source"], SEED);
    assert_eq!(page["articles"].as_array().unwrap().len(), 3);
    assert_eq!(page["date"]["jalali"], "1403-08-19");
    assert_eq!(page["issue"], 1966);
}

#[test]
fn standard_input_and_raw_text() {
    let text = fs::read(SEED).unwrap();
    let output = bayegan(["parse", "--raw"], &text);
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(page["source"], "<stdin>");
    let lead = page["articles"][0]["blocks"][0]["text"].as_str().unwrap();
    assert!(lead.contains("رئیسجمهور"), "raw text keeps the original characters");
}

#[test]
fn several_pages_print_one_json_document_a_line() {
    let output = bayegan(["parse", SEED, OWN_PAGE], b"");
    assert_success(&output);
    let text = stdout(&output);
    let pages: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1]["sections"][0], "اقتصاد");
}

#[test]
fn markdown_and_html() {
    let markdown = bayegan(["parse", "--format", "markdown", SEED], b"");
    assert_success(&markdown);
    let markdown = stdout(&markdown);
    assert!(markdown.contains("# نقشه پوتین"), "{markdown}");
    assert!(markdown.contains("### چرخه تنش‌های خطرناک"));
    let html = bayegan(["parse", "--format", "html", SEED], b"");
    assert_success(&html);
    let html = stdout(&html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("dir=\"rtl\""));
    assert_eq!(html.matches("<article").count(), 3);
    assert!(html.contains("<blockquote>") && html.contains("<aside>"));
}

#[test]
fn out_writes_one_file_per_page() {
    let dir = TempDir::new("out");
    let target = dir.path().join("parsed");
    let output = bayegan(["parse", "--out", target.to_str().unwrap(), SEED, OWN_PAGE], b"");
    assert_success(&output);
    assert!(stderr(&output).contains("parsed 2 of 2 pages"), "{}", stderr(&output));
    let seed: Value =
        serde_json::from_str(&fs::read_to_string(target.join("page-arman-melli-1403-08-19.json")).unwrap()).unwrap();
    assert_eq!(seed["articles"].as_array().unwrap().len(), 3);
    assert!(target.join("news-briefs-section.json").exists());
    let leftovers: Vec<_> = fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn text_without_persian_is_refused() {
    let output = bayegan(["parse"], b"Just an English line.\nAnd another.\n");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    assert!(stderr(&output).contains("no Persian text"), "{}", stderr(&output));
    let empty = bayegan(["parse"], b"");
    assert_eq!(empty.status.code(), Some(EXIT_BAD_INPUT));
}

#[test]
fn binary_input_is_refused_with_its_name() {
    let dir = TempDir::new("binary");
    let path = dir.path().join("scan.pdf");
    fs::write(&path, b"%PDF-1.7\n\x00\x01\x02binary").unwrap();
    let output = bayegan(["parse", path.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    assert!(stderr(&output).contains("scan.pdf"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));
}

#[test]
fn help_explains_the_formats() {
    let output = bayegan(["parse", "--help"], b"");
    assert_success(&output);
    let help = stdout(&output);
    for word in ["--format", "--raw", "--out", "page-schema.md"] {
        assert!(help.contains(word), "{word} missing from:\n{help}");
    }
}
