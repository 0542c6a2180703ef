//! Integration tests of `bayegan parse`: they run the real binary on the seed page and on pages
//! of our own.

mod common;

use std::fs;

use common::{assert_success, bayegan, stderr, stdout, TempDir};
use serde_json::Value;

const EXIT_BAD_INPUT: i32 = 65;
const EXIT_IO: i32 = 1;
const EXIT_USAGE: i32 = 2;
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

/// A short page of our own, its headline quoting markup as a page about the web might.
const MARKUP_PAGE: &str = "\
فناوری

تیتر <script>alert(1)</script> در صفحه‌های خبری

کارشناسان امنیت می‌گویند برچسب‌هایی مانند <b> و نشانه & در متن خبرها باید همان‌طور که نوشته شده دیده شوند.
";

#[test]
fn markdown_shows_markup_in_the_text_as_text() {
    let output = bayegan(["parse", "--format", "markdown"], MARKUP_PAGE.as_bytes());
    assert_success(&output);
    let markdown = stdout(&output);
    assert!(markdown.contains("# تیتر &lt;script&gt;alert(1)&lt;/script&gt; در صفحه\u{200c}های خبری"), "{markdown}");
    assert!(markdown.contains("مانند &lt;b&gt; و نشانه &amp; در"), "{markdown}");
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(
        markdown.contains("کارشناسان امنیت می\u{200c}گویند برچسب\u{200c}هایی"),
        "Persian text untouched: {markdown}"
    );
}

#[test]
fn several_pages_in_html_make_one_document() {
    let dir = TempDir::new("html-pages");
    let markup = dir.write("markup.txt", MARKUP_PAGE);
    let output = bayegan(["parse", "--format", "html", SEED, markup.to_str().unwrap()], b"");
    assert_success(&output);
    let html = stdout(&output);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert_eq!(html.matches("<!DOCTYPE").count(), 1, "one document: {html}");
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.matches("</html>").count(), 1);
    assert!(html.ends_with("</body>\n</html>\n"));
    assert_eq!(html.matches("<section class=\"page\"").count(), 2);
    assert_eq!(html.matches("</section>").count(), 2);
    // each page headed by its source, its articles inside its section
    let seed_heading = html.find(&format!(">{SEED}</h1>")).expect("the seed page's source as a heading");
    let markup_heading =
        html.find(&format!(">{}</h1>", markup.display())).expect("the second page's source as a heading");
    assert!(seed_heading < markup_heading);
    assert_eq!(html[seed_heading..markup_heading].matches("<article").count(), 3);
    assert_eq!(html[markup_heading..].matches("<article").count(), 1);
    assert!(html.contains("<article id=\"p1-a1\">") && html.contains("<article id=\"p2-a1\">"), "ids unique");

    // --out keeps one document a page
    let target = dir.path().join("parsed");
    let output =
        bayegan(["parse", "--format", "html", "--out", target.to_str().unwrap(), SEED, markup.to_str().unwrap()], b"");
    assert_success(&output);
    for name in ["page-arman-melli-1403-08-19.html", "markup.html"] {
        let page = fs::read_to_string(target.join(name)).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("<section"), "{name}: {page}");
    }
}

#[test]
fn several_pages_go_on_past_a_bad_one() {
    let dir = TempDir::new("several-bad");
    let missing = dir.path().join("missing.txt");
    let english = dir.write("english.txt", "Just an English line.\n");
    let run = |files: &[&str]| {
        let output = bayegan(["parse"].iter().chain(files), b"");
        let sources: Vec<String> = stdout(&output)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line")["source"].as_str().unwrap().to_owned())
            .collect();
        (output, sources)
    };
    let (missing, english) = (missing.to_str().unwrap(), english.to_str().unwrap());

    let (output, sources) = run(&[SEED, missing, OWN_PAGE]);
    assert_eq!(output.status.code(), Some(EXIT_IO), "{}", stderr(&output));
    assert_eq!(sources, [SEED, OWN_PAGE], "the good pages, in order");
    assert!(stderr(&output).contains(missing), "{}", stderr(&output));

    let (output, sources) = run(&[SEED, english, OWN_PAGE]);
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "{}", stderr(&output));
    assert_eq!(sources, [SEED, OWN_PAGE]);
    assert!(stderr(&output).contains(english) && stderr(&output).contains("no Persian text"), "{}", stderr(&output));

    // both: the file that cannot be read decides
    let (output, sources) = run(&[english, SEED, missing]);
    assert_eq!(output.status.code(), Some(EXIT_IO), "{}", stderr(&output));
    assert_eq!(sources, [SEED]);
}

#[test]
fn out_refuses_to_replace_an_input() {
    let dir = TempDir::new("out-same");
    let page = fs::read_to_string(OWN_PAGE).unwrap();
    // a page saved under the name its JSON would take
    let input = dir.write("page.json", &page);
    let output = bayegan(["parse", "--out", dir.path().to_str().unwrap(), input.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "{}", stderr(&output));
    assert!(stderr(&output).contains("would replace this input"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&input).unwrap(), page, "the input is left as it was");
    // a file named as a page of a PDF in the same batch
    let pdf = dir.write("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\n");
    let second_page = dir.write("paper-2.md", &page);
    let output = bayegan(
        [
            "parse",
            "--format",
            "markdown",
            "--out",
            dir.path().to_str().unwrap(),
            pdf.to_str().unwrap(),
            second_page.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "{}", stderr(&output));
    assert!(stderr(&output).contains("paper-2.md"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&second_page).unwrap(), page);
}

#[test]
fn out_usage_errors_exit_2() {
    let dir = TempDir::new("out-usage");
    let target = dir.path().join("parsed");
    let output = bayegan(["parse", "--out", target.to_str().unwrap()], fs::read(SEED).unwrap().as_slice());
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "{}", stderr(&output));
    assert!(stderr(&output).contains("--out needs files"), "{}", stderr(&output));
    fs::create_dir_all(dir.path().join("1402")).unwrap();
    fs::create_dir_all(dir.path().join("1403")).unwrap();
    let page = fs::read_to_string(OWN_PAGE).unwrap();
    let first = dir.write("1402/page.txt", &page);
    let second = dir.write("1403/page.txt", &page);
    let output =
        bayegan(["parse", "--out", target.to_str().unwrap(), first.to_str().unwrap(), second.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "{}", stderr(&output));
    assert!(!target.exists(), "nothing may be written");
}

#[test]
fn out_writes_one_file_per_page() {
    let dir = TempDir::new("out");
    let target = dir.path().join("parsed");
    let output = bayegan(["parse", "--out", target.to_str().unwrap(), SEED, OWN_PAGE], b"");
    assert_success(&output);
    assert!(stderr(&output).contains("parsed 2 pages of 2 files (0 failed)"), "{}", stderr(&output));
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

#[test]
fn help_says_a_page_without_persian_text_exits_65() {
    for args in [vec!["--help"], vec!["parse", "--help"]] {
        let output = bayegan(&args, b"");
        assert_success(&output);
        let help = stdout(&output).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains("or (parse) holds no Persian text, an empty input included"), "{args:?}: {help}");
    }
    let help = stdout(&bayegan(["parse", "--help"], b"")).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("no Persian text (an empty one included) is not a page: exit status 65"), "{help}");
}
