//! Integration tests of PDFs and scanned pages: `bayegan extract`, `parse` and `ingest` on real
//! PDFs and images of our own text (`crates/extract/tests/fixtures`, made by its
//! `make_fixtures.py`) and on PDFs written here: many pages, none, damaged, cut short.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{assert_success, bayegan, stderr, stdout, TempDir};
use serde_json::Value;

const EXIT_BAD_INPUT: i32 = 65;
const EXIT_IO: i32 = 1;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

fn fixture(name: &str) -> String {
    format!("{}/../extract/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A PDF whose pages each show one line of Latin text in Helvetica.
fn pdf_with_pages(texts: &[String]) -> Vec<u8> {
    let pages = texts.len();
    // objects: 1 catalog, 2 pages, 3 font, then a page and its content for each page
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages).map(|p| format!("{} 0 R", 4 + 2 * p)).collect::<Vec<_>>().join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for (p, text) in texts.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * p
            )
            .into_bytes(),
        );
        let content = format!("BT /F1 14 Tf 72 720 Td ({text}) Tj ET");
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes());
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", n + 1).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
    out
}

/// Runs `bayegan ARGS` with PATH holding only the named programs (linked from the real PATH).
fn bayegan_with_tools(scratch: &TempDir, tools: &[&str], args: &[&str]) -> Output {
    let bin = scratch.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in tools {
        let real = which(tool).unwrap_or_else(|| panic!("{tool} is installed (scripts/setup.sh)"));
        let _ = std::os::unix::fs::symlink(real, bin.join(tool));
    }
    Command::new(env!("CARGO_BIN_EXE_bayegan"))
        .args(args)
        .env("PATH", &bin)
        .stdin(Stdio::null())
        .output()
        .expect("start bayegan")
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn a_text_pdf_parses_into_articles_read_column_by_column() {
    let pdf = fixture("two-columns.pdf");
    let output = bayegan(["parse", &pdf], b"");
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).expect("one page: pretty JSON");
    assert_eq!(page["source"], format!("{pdf}#page=1"));
    assert_eq!(page["date"]["jalali"], "1403-08-19", "the folio's digits read in order: {}", page["date"]);
    assert_eq!(page["date"]["consistent"], true, "{}", page["date"]);
    assert_eq!(page["issue"], 1971);
    let articles = page["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2, "{}", serde_json::to_string_pretty(&page).unwrap());
    let first = &articles[0];
    assert_eq!(first["kicker"], "گزارش");
    assert_eq!(first["headline"], "کتابخانه‌های عمومی شهر ساعت کار خود را افزایش می‌دهند");
    assert_eq!(first["byline"]["author"], "خبرنگار بایگان");
    let texts: Vec<&str> = first["blocks"].as_array().unwrap().iter().map(|b| b["text"].as_str().unwrap()).collect();
    assert_eq!(texts.len(), 3, "three paragraphs: {texts:#?}");
    assert!(texts[0].starts_with("تهران - خبرنگار بایگان: مدیرکل کتابخانه‌های عمومی استان"), "{}", texts[0]);
    // the lam-alef ligature read swapped by pdftotext (اعالم, ربیع‌االول) is repaired
    assert!(texts[0].contains("اعلام کرد"), "{}", texts[0]);
    assert!(texts[2].contains("ربیع‌الاول"), "{}", texts[2]);
    assert!(texts[1].starts_with("وی افزود:"), "{}", texts[1]);
    // the second column continues the first: the paragraph cut at the column's foot is one block
    assert!(texts[2].ends_with("کم‌برخوردار شدند."), "{}", texts[2]);
    assert_eq!(articles[1]["headline"], "نمایشگاه عکس در موزه ملی گشایش یافت");
}

#[test]
fn without_geometry_the_text_is_pdftotexts_own() {
    let pdf = fixture("two-columns.pdf");
    let output = bayegan(["parse", "--no-geometry", &pdf], b"");
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(page["source"], format!("{pdf}#page=1"));
    let plain = bayegan(["extract", "--no-geometry", &pdf], b"");
    assert_success(&plain);
    let with_geometry = bayegan(["extract", &pdf], b"");
    assert_success(&with_geometry);
    // pdftotext's order writes the folio's date as drawn, digits groups reversed; the
    // geometry reads them in order
    assert!(stdout(&plain).contains("۱۴۰۳ • ۰۸ • ۱۹"), "{}", stdout(&plain));
    assert!(stdout(&with_geometry).contains("۱۹ • ۰۸ • ۱۴۰۳"), "{}", stdout(&with_geometry));
}

#[test]
fn extract_json_gives_lines_with_geometry_in_reading_order() {
    let pdf = fixture("two-columns.pdf");
    let output = bayegan(["extract", "--json", &pdf], b"");
    assert_success(&output);
    let pages = json_lines(&output);
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    assert_eq!(page["source"], format!("{pdf}#page=1"));
    assert_eq!(page["number"], 1);
    assert_eq!(page["method"], "text_layer");
    let lines = page["lines"].as_array().unwrap();
    let position = |needle: &str| {
        lines.iter().position(|l| l["text"].as_str().unwrap().contains(needle)).unwrap_or_else(|| panic!("{needle}"))
    };
    let headline = &lines[position("کتابخانه‌های عمومی شهر")];
    let body = &lines[position("تهران - خبرنگار")];
    assert_eq!(headline["heading"], true);
    assert_eq!(body["heading"], false);
    assert!(headline["font_size"].as_f64().unwrap() > 1.5 * body["font_size"].as_f64().unwrap());
    let bbox = &headline["bbox"];
    assert!(bbox["x_max"].as_f64().unwrap() > bbox["x_min"].as_f64().unwrap());
    // reading order: folio, headline, right column, left column, the second article
    let order =
        [position("شماره"), position("کتابخانه‌های عمومی شهر"), position("تهران - خبرنگار"), position("نمایشگاه عکس")];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let columns: Vec<u64> = lines.iter().map(|l| l["column"].as_u64().unwrap()).collect();
    assert!(columns.iter().max().unwrap() >= &2, "two columns and the full width: {columns:?}");
}

#[test]
fn every_page_of_a_pdf_comes_out_numbered_and_form_fed() {
    let scratch = TempDir::new("numbered");
    let texts: Vec<String> = (1..=3).map(|n| format!("Page number {n} of three")).collect();
    let pdf = scratch.write("three.pdf", pdf_with_pages(&texts));
    let output = bayegan(["extract".as_ref(), pdf.as_os_str()], b"");
    assert_success(&output);
    let pages: Vec<String> = stdout(&output).split('\u{c}').map(|p| p.trim().to_owned()).collect();
    assert_eq!(pages, texts);
    let output = bayegan(["extract".as_ref(), "--json".as_ref(), pdf.as_os_str()], b"");
    assert_success(&output);
    let numbers: Vec<u64> = json_lines(&output).iter().map(|p| p["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3]);
}

#[test]
fn a_page_that_gives_no_text_stays_an_empty_page_between_form_feeds() {
    let scratch = TempDir::new("blank-middle");
    let texts: Vec<String> = ["Page number 1 of three", "", "Page number 3 of three"].map(String::from).to_vec();
    let pdf = scratch.write("blank-middle.pdf", pdf_with_pages(&texts));
    let output = bayegan(["extract".as_ref(), pdf.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(65), "the blank page is reported: {}", stderr(&output));
    assert!(stderr(&output).contains("page 2"), "{}", stderr(&output));
    let pages: Vec<String> = stdout(&output).split('\u{c}').map(|p| p.trim().to_owned()).collect();
    assert_eq!(pages, texts, "page 3 is still the third page");
}

#[test]
fn parse_out_never_writes_two_pages_to_one_file() {
    // page 1 of paper.pdf would be written to paper-1.json, the name of the text page paper-1.txt
    let scratch = TempDir::new("out-names");
    let text_page = scratch.write("paper-1.txt", std::fs::read(SEED).expect("the seed page"));
    std::fs::create_dir_all(scratch.path().join("a")).unwrap();
    let pdf = scratch.path().join("a").join("paper.pdf");
    std::fs::copy(fixture("two-columns.pdf"), &pdf).unwrap();
    let out = scratch.path().join("out");
    for order in [[&text_page, &pdf], [&pdf, &text_page]] {
        let _ = std::fs::remove_dir_all(&out);
        let output = bayegan(
            ["parse".as_ref(), "--out".as_ref(), out.as_os_str(), order[0].as_os_str(), order[1].as_os_str()],
            b"",
        );
        assert!(!output.status.success() && stderr(&output).contains("would be written to"), "{}", stderr(&output));
        let written: Value = serde_json::from_str(&std::fs::read_to_string(out.join("paper-1.json")).unwrap()).unwrap();
        assert!(written["source"].as_str().unwrap().ends_with("paper-1.txt"), "the text page keeps its name");
    }
}

#[test]
fn a_500_page_pdf_streams_page_by_page_in_bounded_memory() {
    let scratch = TempDir::new("long");
    let texts: Vec<String> = (1..=500).map(|n| format!("Page {n}: the archive keeps every page")).collect();
    let pdf = scratch.write("long.pdf", pdf_with_pages(&texts));
    let mut child = Command::new(env!("CARGO_BIN_EXE_bayegan"))
        .args(["extract".as_ref(), "--json".as_ref(), pdf.as_os_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let peak_kib = || -> Option<u64> {
        let status = std::fs::read_to_string(&status_file).ok()?;
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()
    };
    let reader = BufReader::new(child.stdout.take().unwrap());
    let mut numbers = Vec::new();
    let mut peak = 0;
    for (k, line) in reader.lines().enumerate() {
        let page: Value = serde_json::from_str(&line.unwrap()).unwrap();
        numbers.push(page["number"].as_u64().unwrap());
        if k == 0 {
            assert!(child.try_wait().unwrap().is_none(), "the first page comes out while the others are read");
        }
        peak = peak.max(peak_kib().unwrap_or(0));
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(numbers, (1..=500).collect::<Vec<u64>>());
    assert!(peak > 0 && peak < 64 * 1024, "peak resident memory {peak} KiB");
}

#[test]
fn an_encrypted_pdf_says_so() {
    let pdf = fixture("encrypted.pdf");
    let output = bayegan(["parse", &pdf], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let message = stderr(&output);
    assert!(message.contains(&pdf) && message.contains("encrypted with a password"), "{message}");
}

#[test]
fn damaged_truncated_and_empty_pdfs_say_what_is_wrong() {
    let scratch = TempDir::new("broken");
    let corrupt = scratch.write("corrupt.pdf", b"%PDF-1.4\n\x00\x13 this is not a PDF body at all \xff\xfe\n");
    let whole = std::fs::read(fixture("two-columns.pdf")).unwrap();
    let truncated = scratch.write("truncated.pdf", &whole[..whole.len() / 3]);
    let empty = scratch.write("empty.pdf", pdf_with_pages(&[]));
    for (path, expected) in
        [(&corrupt, "damaged or truncated"), (&truncated, "damaged or truncated"), (&empty, "has no pages")]
    {
        let output = bayegan(["extract".as_ref(), path.as_os_str()], b"");
        assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "{}: {}", path.display(), stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(&path.display().to_string()) && message.contains(expected), "{message}");
    }
}

#[test]
fn a_batch_goes_on_past_a_bad_file() {
    let scratch = TempDir::new("batch");
    let corrupt = scratch.write("corrupt.pdf", b"%PDF-1.7\nnothing here\n");
    let good = fixture("two-columns.pdf");
    let output =
        bayegan(["parse".as_ref(), fixture("encrypted.pdf").as_ref(), corrupt.as_os_str(), good.as_ref()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let pages = json_lines(&output);
    assert_eq!(pages.len(), 1, "the good file is parsed");
    assert_eq!(pages[0]["source"], format!("{good}#page=1"));
    let message = stderr(&output);
    assert!(message.contains("encrypted") && message.contains("corrupt.pdf"), "{message}");
}

#[test]
fn a_scanned_page_without_ocr_says_what_to_install() {
    let scratch = TempDir::new("no-ocr");
    let pdf = fixture("scan-only.pdf");
    let output = bayegan_with_tools(&scratch, &["pdfinfo", "pdftotext", "pdftoppm"], &["extract", &pdf]);
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let message = stderr(&output);
    assert!(message.contains(&format!("{pdf}, page 1: no text layer")), "{message}");
    assert!(message.contains("tesseract-ocr"), "{message}");
    let image = fixture("scan.png");
    let output = bayegan_with_tools(&scratch, &["pdfinfo", "pdftotext"], &["parse", &image]);
    assert_eq!(output.status.code(), Some(EXIT_IO));
    assert!(stderr(&output).contains("`tesseract` is not installed"), "{}", stderr(&output));
}

#[test]
fn without_poppler_the_message_names_the_package() {
    let scratch = TempDir::new("no-poppler");
    let output = bayegan_with_tools(&scratch, &[], &["parse", &fixture("two-columns.pdf")]);
    assert_eq!(output.status.code(), Some(EXIT_IO));
    assert!(stderr(&output).contains("install the Debian package poppler-utils"), "{}", stderr(&output));
}

#[test]
fn scans_are_read_by_ocr() {
    let image = fixture("scan.png");
    let output = bayegan(["parse", &image], b"");
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(page["source"], format!("{image}#page=1"));
    assert_eq!(page["articles"][0]["headline"], "باران پاییزی به تهران رسید");
    let lead = page["articles"][0]["blocks"][0]["text"].as_str().unwrap();
    assert!(lead.contains("نخستین باران پاییزی"), "{lead}");

    let pdf = fixture("scan-only.pdf");
    let output = bayegan(["extract", "--json", &pdf], b"");
    assert_success(&output);
    let pages = json_lines(&output);
    assert_eq!(pages[0]["method"], "ocr");
    assert!(pages[0]["text"].as_str().unwrap().contains("باران پاییزی به تهران رسید"), "{}", pages[0]["text"]);
}

#[test]
fn an_image_of_nothing_says_so() {
    let image = fixture("blank.png");
    let output = bayegan(["parse", &image], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let message = stderr(&output);
    assert!(message.contains(&image) && message.contains("no text found"), "{message}");
}

#[test]
fn ingest_takes_pdfs_and_goes_on_past_a_bad_one() {
    let scratch = TempDir::new("ingest");
    let pages = scratch.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::copy(fixture("two-columns.pdf"), pages.join("two-columns.pdf")).unwrap();
    std::fs::write(pages.join("broken.pdf"), b"%PDF-1.4\ngarbage\n").unwrap();
    let archive = scratch.file("archive");
    let output = bayegan(["ingest".as_ref(), "--archive".as_ref(), archive.as_ref(), pages.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "a damaged PDF makes ingest fail (65), after the rest");
    let message = stderr(&output);
    assert!(message.contains("broken.pdf") && message.contains("damaged or truncated"), "{message}");
    assert!(message.contains("ingested 2 articles (1 pages)"), "{message}");
    let output = bayegan(["search", "--archive", &archive, "--json", "کتابخانه"], b"");
    assert_success(&output);
    let results: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(results["total"], 1, "{results}");
    let id = results["hits"][0]["id"].as_str().unwrap().to_owned();
    let shown = bayegan(["show", "--archive", &archive, "--json", &id], b"");
    assert_success(&shown);
    let record: Value = serde_json::from_str(&stdout(&shown)).unwrap();
    let source = record["source"].as_str().unwrap();
    assert!(
        Path::new(source).ends_with("two-columns.pdf#page=1") || source.ends_with("two-columns.pdf#page=1"),
        "{source}"
    );
}

#[test]
fn files_are_told_apart_by_their_bytes_not_their_names() {
    let scratch = TempDir::new("sniff");
    let disguised = scratch.path().join("page.txt");
    std::fs::copy(fixture("two-columns.pdf"), &disguised).unwrap();
    let output = bayegan(["parse".as_ref(), disguised.as_os_str()], b"");
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(page["articles"].as_array().unwrap().len(), 2);
    let not_a_pdf = scratch.write(
        "page.pdf",
        "گزارش\n\nنان گران شد\n\nقیمت نان از امروز بیست درصد بالا رفت و نانوایان از کمبود آرد گله دارند.\n",
    );
    let output = bayegan(["parse".as_ref(), not_a_pdf.as_os_str()], b"");
    assert_success(&output);
    let page: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(page["articles"][0]["headline"], "نان گران شد");
}
