//! Files to page text: text PDFs through poppler's `pdftotext`, scanned pages (image-only PDF
//! pages, PNG, JPEG, TIFF) through Tesseract, one page at a time.
//!
//! # Overview
//! * [`extract`] opens a file (told apart by its first bytes: [`sniff`]) and returns
//!   [`Pages`], an iterator of [`ExtractedPage`]s: a 500-page PDF is read page by page, so memory
//!   stays bounded. A page that fails gives its [`ExtractError`] and the next page follows.
//! * [`ExtractedPage`]: the page's number, how it was read ([`Method`]), its text in reading
//!   order (one heading block or paragraph a line, blocks separated by a blank line: what
//!   `bayegan_page::Parser` reads), which of those lines are in heading type, and the printed
//!   lines with their boxes, type sizes, blocks and columns ([`LineGeometry`]).
//! * [`Repairer`]: the defects of Persian PDF text (bidi controls around digits, swapped
//!   lam-alef, kashida spaces, presentation forms), repaired as a pure function.
//!
//! # Example
//! ```no_run
//! let options = bayegan_extract::Options::default();
//! for page in bayegan_extract::extract("paper.pdf".as_ref(), &options)? {
//!     match page {
//!         Ok(page) => println!("page {} ({:?}):\n{}", page.number, page.method, page.text),
//!         Err(err) => eprintln!("{err}"), // names the file, the page and what to do
//!     }
//! }
//! # Ok::<(), bayegan_extract::ExtractError>(())
//! ```
//!
//! # Programs it runs
//! `pdfinfo` (the page count), `pdftotext -f N -l N -bbox-layout` (words with boxes) and
//! `pdftoppm` (a scanned page rendered for OCR) from Debian's `poppler-utils`; `tesseract` with
//! the Persian model from `tesseract-ocr` and `tesseract-ocr-fas`. A missing one is an error
//! naming its package. Temporary files go in a directory removed when the page is done.
#![deny(missing_docs)]

mod error;
mod geometry;
mod layout;
mod repair;
mod sniff;
mod tools;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub use error::{ExtractError, Place};
pub use geometry::BBox;
pub use layout::{LineGeometry, HEADING_RATIO};
pub use repair::Repairer;
pub use sniff::{sniff, sniff_bytes, FileKind};

use geometry::{parse_bbox_layout, parse_tesseract_tsv, PrintedLine};
use tools::{complaint, run, run_required, Ran, PDFINFO, PDFTOPPM, PDFTOTEXT, TESSERACT};

/// How a page's text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// From the PDF's text layer (pdftotext).
    TextLayer,
    /// By OCR of the page's image (Tesseract).
    Ocr,
}

/// What to extract and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Order the text by word and block geometry (columns right to left, headings by type
    /// size). Off: pdftotext's own text order, one printed line a line, no heading hints.
    pub geometry: bool,
    /// Read pages without a text layer, and images, by OCR.
    pub ocr: bool,
    /// Tesseract's language models (`fas`, `fas+eng`).
    pub ocr_language: String,
    /// Resolution at which scanned PDF pages are rendered for OCR.
    pub ocr_dpi: u32,
    /// Repair the defects of PDF text ([`Repairer`]).
    pub repair: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { geometry: true, ocr: true, ocr_language: "fas".into(), ocr_dpi: 300, repair: true }
    }
}

/// One page's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractedPage {
    /// 1-based page number in the file.
    pub number: u32,
    /// How the text was read.
    pub method: Method,
    /// The text in reading order: a heading block or a paragraph a line, a blank line between
    /// blocks (with geometry); pdftotext's or Tesseract's lines otherwise.
    pub text: String,
    /// For each line of `text`, whether it is in heading type (all false without geometry).
    pub heading_lines: Vec<bool>,
    /// For each line of `text`, its type size relative to the page's body size (all 1.0
    /// without geometry).
    pub line_sizes: Vec<f32>,
    /// The printed lines in reading order, with their geometry (empty without geometry).
    pub lines: Vec<LineGeometry>,
    /// The body type size on the page (0 without geometry).
    pub body_size: f32,
    /// Page width and height, in points (PDF text layer) or pixels (OCR).
    pub size: [f32; 2],
}

/// The pages of a file, read one at a time.
pub struct Pages {
    path: PathBuf,
    kind: FileKind,
    count: u32,
    next: u32,
    options: Options,
    repairer: Arc<Repairer>,
    /// OCR'd pages of an image (a TIFF may hold several), read in one run.
    image_pages: Option<std::vec::IntoIter<Result<ExtractedPage, ExtractError>>>,
}

impl Pages {
    /// Number of pages in the file (for an image, known only once it is read: 1 until then).
    pub fn page_count(&self) -> u32 {
        self.count
    }

    /// The file's kind.
    pub fn kind(&self) -> FileKind {
        self.kind
    }
}

/// Opens `path` for extraction with a repairer of its own (see [`extract_with`]).
pub fn extract(path: &Path, options: &Options) -> Result<Pages, ExtractError> {
    extract_with(path, options, Arc::new(Repairer::new()))
}

/// Opens `path` (a PDF or an image, told by its first bytes) for extraction page by page. Errors
/// here concern the whole file: unreadable, not a PDF or image, encrypted, damaged, no pages,
/// poppler missing.
pub fn extract_with(path: &Path, options: &Options, repairer: Arc<Repairer>) -> Result<Pages, ExtractError> {
    let place = Place { path: path.to_owned(), page: None };
    let kind = sniff(path).map_err(|source| ExtractError::Unreadable { place: place.clone(), source })?;
    let count = match kind {
        FileKind::Pdf => pdf_page_count(path)?,
        FileKind::Png | FileKind::Jpeg | FileKind::Tiff => 1,
        FileKind::Other => return Err(ExtractError::UnknownFormat { place }),
    };
    Ok(Pages { path: path.to_owned(), kind, count, next: 1, options: options.clone(), repairer, image_pages: None })
}

impl Iterator for Pages {
    type Item = Result<ExtractedPage, ExtractError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.kind.is_image() {
            if self.image_pages.is_none() {
                let pages = ocr_image(&self.path, &self.options, &self.repairer, None);
                let pages = pages.unwrap_or_else(|err| vec![Err(err)]);
                self.count = pages.len() as u32;
                self.image_pages = Some(pages.into_iter());
            }
            return self.image_pages.as_mut().and_then(Iterator::next);
        }
        if self.next > self.count {
            return None;
        }
        let number = self.next;
        self.next += 1;
        Some(pdf_page(&self.path, number, &self.options, &self.repairer))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.kind.is_image() {
            return (0, None);
        }
        let left = (self.count + 1 - self.next) as usize;
        (left, Some(left))
    }
}

/// The page count from `pdfinfo`; the file-wide errors (encrypted, damaged, no pages).
fn pdf_page_count(path: &Path) -> Result<u32, ExtractError> {
    let place = Place { path: path.to_owned(), page: None };
    let output = run_required(PDFINFO, [path.as_os_str()], &place)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("Incorrect password") || stderr.contains("encrypted") {
        return Err(ExtractError::Encrypted { place });
    }
    if stderr.contains("Invalid page count 0") {
        return Err(ExtractError::NoPages { place });
    }
    if !output.status.success() {
        return Err(ExtractError::Corrupt { place, detail: complaint(&output) });
    }
    let pages =
        stdout.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse::<u32>().ok()).ok_or_else(
            || ExtractError::Corrupt { place: place.clone(), detail: "pdfinfo gives no page count".into() },
        )?;
    if pages == 0 {
        return Err(ExtractError::NoPages { place });
    }
    Ok(pages)
}

/// A text layer with fewer letters than this is read by OCR too (see [`pdf_page`]).
const LAYER_LETTERS: usize = 20;

/// The letters and the control characters of a text layer's words.
fn layer_letters(lines: &[PrintedLine]) -> (usize, usize) {
    let text = lines.iter().flat_map(|l| &l.words).flat_map(|w| w.text.chars());
    text.fold((0, 0), |(letters, controls), c| {
        (letters + usize::from(c.is_alphabetic()), controls + usize::from(c.is_control()))
    })
}

fn text_letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// One PDF page: its text layer, or OCR when it has none (or next to none, see
/// [`LAYER_LETTERS`]).
fn pdf_page(path: &Path, number: u32, options: &Options, repairer: &Repairer) -> Result<ExtractedPage, ExtractError> {
    let place = Place { path: path.to_owned(), page: Some(number) };
    let n = number.to_string();
    let output = run_required(
        PDFTOTEXT,
        ["-f".as_ref(), n.as_ref(), "-l".as_ref(), n.as_ref(), "-bbox-layout".as_ref(), path.as_os_str(), "-".as_ref()],
        &place,
    )?;
    if !output.status.success() {
        return Err(page_failure(&output, place, "pdftotext"));
    }
    let xhtml = String::from_utf8_lossy(&output.stdout);
    let page = parse_bbox_layout(&xhtml).map_err(|detail| ExtractError::Geometry {
        place: place.clone(),
        tool: "pdftotext",
        detail,
    })?;
    // A text layer of a few characters over a scan (a stamped page number), or of glyph codes
    // without their letters (a font without a ToUnicode map: control characters), is no text
    // to keep: the page is read by OCR too, and the reading with more letters wins.
    let (letters, controls) = layer_letters(&page.lines);
    if letters < LAYER_LETTERS || controls > letters {
        if options.ocr {
            let ocr = ocr_pdf_page(path, number, [page.width, page.height], options, repairer);
            let layer_usable = letters > 0 && controls <= letters;
            match ocr {
                // (OCR reading a few Latin words with the Persian model makes up letters too)
                Ok(read) if !layer_usable || text_letters(&read.text) > (2 * letters).max(LAYER_LETTERS) => {
                    return Ok(read)
                }
                Err(err) if !layer_usable => return Err(err),
                _ => {}
            }
        } else if letters == 0 || controls > letters {
            return Err(ExtractError::NoTextLayer { place, reason: "OCR is off".into() });
        }
    }
    if options.geometry {
        return Ok(laid_page(number, Method::TextLayer, page.lines, [page.width, page.height], options, repairer));
    }
    // pdftotext's own order, for comparison with the geometry
    let output = run_required(
        PDFTOTEXT,
        ["-f".as_ref(), n.as_ref(), "-l".as_ref(), n.as_ref(), path.as_os_str(), "-".as_ref()],
        &place,
    )?;
    if !output.status.success() {
        return Err(page_failure(&output, place, "pdftotext"));
    }
    let raw = String::from_utf8_lossy(&output.stdout).replace('\u{c}', "");
    let text = if options.repair { repairer.repair(&raw) } else { raw };
    Ok(plain_page(number, Method::TextLayer, text, [page.width, page.height]))
}

fn page_failure(output: &std::process::Output, place: Place, tool: &'static str) -> ExtractError {
    let detail = complaint(output);
    if detail.contains("Incorrect password") {
        ExtractError::Encrypted { place }
    } else {
        ExtractError::ToolFailed { place, tool, detail }
    }
}

fn plain_page(number: u32, method: Method, text: String, size: [f32; 2]) -> ExtractedPage {
    let count = text.lines().count();
    ExtractedPage {
        number,
        method,
        text,
        heading_lines: vec![false; count],
        line_sizes: vec![1.0; count],
        lines: Vec::new(),
        body_size: 0.0,
        size,
    }
}

fn laid_page(
    number: u32,
    method: Method,
    lines: Vec<PrintedLine>,
    size: [f32; 2],
    options: &Options,
    repairer: &Repairer,
) -> ExtractedPage {
    let repair = |text: &str| if options.repair { repairer.repair(text) } else { text.to_owned() };
    let laid = layout::lay_out(lines, &repair);
    ExtractedPage {
        number,
        method,
        text: laid.text,
        heading_lines: laid.headings,
        line_sizes: laid.sizes,
        lines: laid.lines,
        body_size: laid.body_size,
        size,
    }
}

/// Why OCR cannot run.
enum OcrUnavailable {
    NoTesseract,
    NoModel(String),
}

impl OcrUnavailable {
    /// The error for a page (of a PDF without a text layer) or an image file.
    fn error(self, place: Place, image_file: bool) -> ExtractError {
        match (self, image_file) {
            (OcrUnavailable::NoTesseract, true) => {
                ExtractError::ToolMissing { place, tool: TESSERACT.name, package: TESSERACT.package }
            }
            (OcrUnavailable::NoModel(language), true) => ExtractError::OcrModelMissing { place, language },
            (OcrUnavailable::NoTesseract, false) => ExtractError::NoTextLayer {
                place,
                reason: "OCR is unavailable: `tesseract` is not installed; install the Debian packages tesseract-ocr and tesseract-ocr-fas".into(),
            },
            (OcrUnavailable::NoModel(language), false) => ExtractError::NoTextLayer {
                place,
                reason: format!(
                    "OCR is unavailable: Tesseract has no `{language}` model; install the Debian package tesseract-ocr-{language}"
                ),
            },
        }
    }
}

/// Whether Tesseract and the asked language models are installed.
fn check_ocr(options: &Options, place: &Place) -> Result<Result<(), OcrUnavailable>, ExtractError> {
    let languages = match run(TESSERACT, ["--list-langs"], place)? {
        Ran::Missing => return Ok(Err(OcrUnavailable::NoTesseract)),
        Ran::Done(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
    };
    let installed: Vec<&str> = languages.lines().skip(1).map(str::trim).collect();
    match options.ocr_language.split('+').find(|l| !installed.contains(l)) {
        Some(missing) => Ok(Err(OcrUnavailable::NoModel(missing.to_owned()))),
        None => Ok(Ok(())),
    }
}

/// The most pixels a page is rendered with for OCR: a broadsheet page (about 60 × 38 cm) at
/// 300 dpi has 31 million; a larger page is rendered at a lower resolution, which keeps
/// Tesseract's memory near 0.5 GB (a 50-inch page at 300 dpi took 2.4 GB).
const MAX_OCR_PIXELS: f64 = 40e6;

/// The resolution to render a page of `size` points at: `dpi`, or less for a page that would
/// take more than [`MAX_OCR_PIXELS`].
fn render_dpi(size: [f32; 2], dpi: u32) -> u32 {
    let square_inches = f64::from(size[0]) / 72.0 * f64::from(size[1]) / 72.0;
    if square_inches.is_nan() || square_inches <= 0.0 {
        return dpi;
    }
    let most = (MAX_OCR_PIXELS / square_inches).sqrt().floor();
    (most.max(1.0) as u32).min(dpi)
}

/// A rendered page with fewer dark pixels than this share of the page (under one letter at
/// 300 dpi on an A4 page) is blank: Tesseract, which takes half a second to read nothing, is
/// not run.
const BLANK_DARK_SHARE: usize = 50_000;

/// Whether a binary greyscale PGM (`P5`, as `pdftoppm -gray` writes it) shows a blank page.
/// `None` when it is not such a file.
fn pgm_is_blank(pgm: &[u8]) -> Option<bool> {
    // header: P5, width, height, maxval, each after whitespace (and comments), then one
    // whitespace byte before the pixels
    pgm.strip_prefix(b"P5")?;
    let (mut fields, mut at) = (Vec::with_capacity(3), 2);
    while fields.len() < 3 {
        while at < pgm.len() && (pgm[at].is_ascii_whitespace() || pgm[at] == b'#') {
            if pgm[at] == b'#' {
                at += pgm[at..].iter().position(|&b| b == b'\n')?;
            }
            at += 1;
        }
        let digits = pgm[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        fields.push(std::str::from_utf8(&pgm[at..at + digits]).ok()?.parse::<usize>().ok()?);
        at += digits;
    }
    let (width, height, maxval) = (fields[0], fields[1], fields[2]);
    if maxval == 0 || maxval > 255 {
        return None;
    }
    let pixels = pgm.get(at + 1..at + 1 + width.checked_mul(height)?)?;
    let dark = pixels.iter().filter(|&&p| usize::from(p) * 2 < maxval).count();
    Some(dark * BLANK_DARK_SHARE < pixels.len())
}

/// A PDF page without a text layer: rendered by pdftoppm, read by Tesseract.
fn ocr_pdf_page(
    path: &Path,
    number: u32,
    size: [f32; 2],
    options: &Options,
    repairer: &Repairer,
) -> Result<ExtractedPage, ExtractError> {
    let place = Place { path: path.to_owned(), page: Some(number) };
    if let Err(unavailable) = check_ocr(options, &place)? {
        return Err(unavailable.error(place, false));
    }
    let scratch = tempfile::Builder::new().prefix("bayegan-ocr-").tempdir().map_err(|e| ExtractError::ToolFailed {
        place: place.clone(),
        tool: "pdftoppm",
        detail: format!("no temporary directory ({e})"),
    })?;
    let stem = scratch.path().join("page");
    let (n, dpi) = (number.to_string(), render_dpi(size, options.ocr_dpi).to_string());
    // uncompressed greyscale (PGM): five times faster to write than PNG, and Tesseract reads
    // it faster too
    let output = run_required(
        PDFTOPPM,
        [
            "-f".as_ref(),
            n.as_ref(),
            "-l".as_ref(),
            n.as_ref(),
            "-r".as_ref(),
            dpi.as_ref(),
            "-gray".as_ref(),
            "-singlefile".as_ref(),
            path.as_os_str(),
            stem.as_os_str(),
        ],
        &place,
    )?;
    if !output.status.success() {
        return Err(page_failure(&output, place, "pdftoppm"));
    }
    let image = stem.with_extension("pgm");
    let rendered = std::fs::read(&image).map_err(|e| ExtractError::ToolFailed {
        place: place.clone(),
        tool: "pdftoppm",
        detail: format!("the rendered page cannot be read ({e})"),
    })?;
    if pgm_is_blank(&rendered) == Some(true) {
        return Err(ExtractError::NothingRead { place });
    }
    drop(rendered);
    let mut pages = ocr_image(&image, options, repairer, Some(&place))?;
    let mut page = pages.pop().unwrap_or(Err(ExtractError::NothingRead { place }))?;
    page.number = number;
    Ok(page)
    // `scratch` is removed here
}

/// Reads an image (every page of a TIFF) with Tesseract. `place` names the page of the PDF it
/// was rendered from, if any.
fn ocr_image(
    image: &Path,
    options: &Options,
    repairer: &Repairer,
    place: Option<&Place>,
) -> Result<Vec<Result<ExtractedPage, ExtractError>>, ExtractError> {
    let image_file = place.is_none();
    let place = place.cloned().unwrap_or(Place { path: image.to_owned(), page: None });
    if image_file && !options.ocr {
        return Err(ExtractError::NoTextLayer { place, reason: "OCR is off".into() });
    }
    if image_file {
        // rendered pages were checked before rendering
        if let Err(unavailable) = check_ocr(options, &place)? {
            return Err(unavailable.error(place, true));
        }
    }
    let output = run_required(
        TESSERACT,
        [
            image.as_os_str(),
            "-".as_ref(),
            "-l".as_ref(),
            options.ocr_language.as_ref(),
            "--psm".as_ref(),
            "3".as_ref(),
            "tsv".as_ref(),
        ],
        &place,
    )?;
    if !output.status.success() {
        return Err(ExtractError::ToolFailed { place, tool: "tesseract", detail: complaint(&output) });
    }
    let tsv = String::from_utf8_lossy(&output.stdout);
    let pages = parse_tesseract_tsv(&tsv).map_err(|detail| ExtractError::Geometry {
        place: place.clone(),
        tool: "tesseract",
        detail,
    })?;
    let mut out = Vec::with_capacity(pages.len());
    for (k, geometry::OcrPage { size, lines }) in pages.into_iter().enumerate() {
        let number = place.page.unwrap_or(1) + k as u32;
        let page_place = Place { page: Some(number), ..place.clone() };
        if !lines.iter().any(|l| l.weight() > 0) {
            out.push(Err(ExtractError::NothingRead { place: page_place }));
            continue;
        }
        let page = if options.geometry {
            laid_page(number, Method::Ocr, lines, size, options, repairer)
        } else {
            let raw: String = lines.iter().map(|l| l.text() + "\n").collect();
            let text = if options.repair { repairer.repair(&raw) } else { raw };
            plain_page(number, Method::Ocr, text, size)
        };
        out.push(Ok(page));
    }
    if out.is_empty() {
        return Err(ExtractError::NothingRead { place });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Repairer>();
        assert_send_sync::<ExtractedPage>();
        assert_send_sync::<ExtractError>();
        assert_send_sync::<Pages>();
    }

    /// A text layer as pdftotext writes it for a font without a ToUnicode map (the glyph codes
    /// as control characters), beside a page number: no letters, so the page goes to OCR.
    #[test]
    fn a_text_layer_of_glyph_codes_has_no_letters() {
        let layer = |words: &str| {
            format!(
                "<doc><page width=\"595\" height=\"842\"><flow><block><line xMin=\"10\" yMin=\"10\" xMax=\"200\" \
                 yMax=\"24\">{words}</line></block></flow></page></doc>"
            )
        };
        let word = |text: &str, x: u32| {
            format!("<word xMin=\"{x}\" yMin=\"10\" xMax=\"{}\" yMax=\"24\">{text}</word>", x + 30)
        };
        let codes = layer(&[word("\u{1}\u{2}\u{3}\u{1}", 10), word("\u{4}\u{5}\u{6}", 50), word("12", 160)].concat());
        let page = geometry::parse_bbox_layout(&codes).unwrap();
        assert_eq!(layer_letters(&page.lines), (0, 7));
        let text = layer(&[word("روزنامه", 10), word("شنبه", 50), word("۱۹", 160)].concat());
        let page = geometry::parse_bbox_layout(&text).unwrap();
        assert_eq!(layer_letters(&page.lines), (11, 0));
    }

    #[test]
    fn a_large_page_is_rendered_for_ocr_at_a_lower_resolution() {
        let a4 = [595.0, 842.0];
        assert_eq!(render_dpi(a4, 300), 300);
        let broadsheet = [1700.0, 1080.0]; // 60 × 38 cm
        assert_eq!(render_dpi(broadsheet, 300), 300);
        let fifty_inches = [3600.0, 3600.0];
        let dpi = render_dpi(fifty_inches, 300);
        assert!(dpi < 300 && 50.0 * 50.0 * f64::from(dpi * dpi) <= MAX_OCR_PIXELS, "{dpi}");
        assert_eq!(render_dpi([0.0, 0.0], 300), 300, "no size known: as asked");
    }

    #[test]
    fn a_rendered_page_without_ink_is_blank() {
        let pgm = |pixels: &[u8], width: usize| {
            let mut file = format!("P5\n# pdftoppm\n{width} {}\n255\n", pixels.len() / width).into_bytes();
            file.extend_from_slice(pixels);
            file
        };
        let mut page = vec![255u8; 400 * 500];
        assert_eq!(pgm_is_blank(&pgm(&page, 400)), Some(true));
        page[1234] = 0; // a speck
        page[4321] = 200;
        assert_eq!(pgm_is_blank(&pgm(&page, 400)), Some(true));
        for dot in 0..40 {
            page[10_000 + dot * 3] = 20; // a few letters' ink
        }
        assert_eq!(pgm_is_blank(&pgm(&page, 400)), Some(false));
        assert_eq!(pgm_is_blank(b"P6\n2 2\n255\n123456789012"), None, "colour is not read");
        assert_eq!(pgm_is_blank(&pgm(&page, 400)[..1000]), None, "a cut file is not read");
    }
}
