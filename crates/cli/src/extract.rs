//! `bayegan extract`, and what `parse` and `ingest` share for PDFs and scanned pages: telling a
//! document from a page's text, the extraction options, and parsing an extracted page.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use bayegan_extract::{ExtractError, ExtractedPage, FileKind, Options, Pages, Repairer};
use bayegan_page::{LineHint, PageWithEdits, ParseError, Parser};
use serde::Serialize;

use crate::input::{Failures, InputError, UsageError};
use crate::ExtractArgs;

/// Whether `path` is a PDF or an image (told by its first bytes), to be extracted rather than
/// read as text.
pub fn is_document(path: &Path) -> bool {
    bayegan_extract::sniff(path).is_ok_and(|kind| kind != FileKind::Other)
}

/// The extraction options for `--no-geometry`.
pub fn options(no_geometry: bool) -> Options {
    Options { geometry: !no_geometry, ..Options::default() }
}

/// The name of one page of a document: `paper.pdf#page=3`.
pub fn page_source(path: &Path, number: u32) -> String {
    format!("{}#page={number}", path.display())
}

/// Opens a document for extraction, page by page.
pub fn open(path: &Path, options: &Options, repairer: &Arc<Repairer>) -> Result<Pages, ExtractError> {
    bayegan_extract::extract_with(path, options, Arc::clone(repairer))
}

/// Parses an extracted page, with the restorer's edits of its text: with its heading hints when
/// it was read from a text layer with geometry. A page read by OCR is in geometry order, but its
/// headings are decided from the text alone (Tesseract's word boxes tell type sizes too roughly:
/// on the testdata the hints found more false articles than true ones); when its folio dates
/// disagree, `date.notes` says so.
pub fn parse_page(parser: &Parser, path: &Path, page: &ExtractedPage) -> Result<PageWithEdits, ParseError> {
    let source = page_source(path, page.number);
    let hints: Vec<LineHint> = if page.lines.is_empty() || page.method == bayegan_extract::Method::Ocr {
        Vec::new()
    } else {
        page.heading_lines.iter().zip(&page.line_sizes).map(|(&heading, &size)| LineHint { heading, size }).collect()
    };
    let mut parsed = parser.parse_with_edits(&source, &page.text, &hints)?;
    if page.method == bayegan_extract::Method::Ocr {
        if let Some(date) = parsed.page.date.as_mut().filter(|d| !d.consistent) {
            date.notes.push(
                "the page was read by OCR, which misreads digits: the folio's dates do not agree, check them on the scan"
                    .to_owned(),
            );
        }
    }
    Ok(parsed)
}

/// An extraction error as the CLI reports it: bad input (exit 65) or a missing program or
/// unreadable file (exit 1).
pub fn input_error(err: ExtractError) -> anyhow::Error {
    match err {
        ExtractError::Unreadable { .. } | ExtractError::ToolMissing { .. } | ExtractError::OcrModelMissing { .. } => {
            anyhow::Error::new(err)
        }
        other => {
            let place = other.place().to_string();
            let message = other.to_string();
            let reason = message.strip_prefix(&format!("{place}: ")).unwrap_or(&message).to_owned();
            InputError::NotText { source: place, reason }.into()
        }
    }
}

/// One page as `bayegan extract --json` prints it.
#[derive(Serialize)]
struct PageJson<'a> {
    source: String,
    #[serde(flatten)]
    page: &'a ExtractedPage,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<()> {
    if args.files.is_empty() {
        return Err(UsageError("give the PDF or image files to extract (bayegan extract paper.pdf)".into()).into());
    }
    let options = options(args.no_geometry);
    let repairer = Arc::new(Repairer::new());
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failures = Failures::new(args.files.len());
    let mut first_page = true;
    for path in &args.files {
        let pages = match open(path, &options, &repairer) {
            Ok(pages) => pages,
            Err(err) => {
                failures.report(input_error(err));
                continue;
            }
        };
        for page in pages {
            let separator = if first_page { "" } else { "\u{c}" };
            let written = match page {
                Ok(page) if args.json => {
                    let json = PageJson { source: page_source(path, page.number), page: &page };
                    writeln!(out, "{}", serde_json::to_string(&json)?)
                }
                Ok(page) => write!(out, "{separator}{}", page.text),
                Err(err) => {
                    failures.report(input_error(err));
                    if args.json {
                        continue;
                    }
                    // an empty page, so that the pages after it keep their numbers
                    write!(out, "{separator}")
                }
            };
            first_page = false;
            if let Err(err) = written.and_then(|()| out.flush()) {
                if err.kind() == io::ErrorKind::BrokenPipe {
                    return Ok(());
                }
                return Err(err.into());
            }
        }
    }
    failures.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page whose folio names the wrong weekday: the dates do not agree.
    const WRONG_WEEKDAY: &str = include_str!("../../page/tests/pages/folio-wrong-weekday.txt");

    fn extracted(method: bayegan_extract::Method) -> ExtractedPage {
        let count = WRONG_WEEKDAY.lines().count();
        ExtractedPage {
            number: 2,
            method,
            text: WRONG_WEEKDAY.to_owned(),
            heading_lines: vec![false; count],
            line_sizes: vec![1.0; count],
            lines: Vec::new(),
            body_size: 0.0,
            size: [0.0, 0.0],
        }
    }

    #[test]
    fn dates_that_disagree_on_an_ocr_page_say_ocr_may_have_misread_them() {
        let parser = Parser::new();
        let path = Path::new("scan.tif");
        let ocr = parse_page(&parser, path, &extracted(bayegan_extract::Method::Ocr)).unwrap().page;
        assert_eq!(ocr.source, "scan.tif#page=2");
        let date = ocr.date.expect("the folio is read");
        assert!(!date.consistent);
        assert!(date.notes.iter().any(|n| n.contains("read by OCR")), "{:?}", date.notes);
        let text = parse_page(&parser, path, &extracted(bayegan_extract::Method::TextLayer)).unwrap().page;
        let date = text.date.expect("the folio is read");
        assert!(!date.notes.iter().any(|n| n.contains("OCR")), "{:?}", date.notes);
    }
}
