//! Why a file, or one page of it, gave no text: every message names the file, the page where
//! there is one, and what to do.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Where an error happened: a file, and a page of it when the error is about one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The input file.
    pub path: PathBuf,
    /// 1-based page number, when the error concerns one page.
    pub page: Option<u32>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(page) => write!(f, "{}, page {page}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Why text could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file cannot be opened or read.
    #[error("{place}: cannot read ({source}); check the path and permissions")]
    Unreadable {
        /// The file.
        place: Place,
        /// What the system said.
        source: io::Error,
    },
    /// The bytes are not a PDF, PNG, JPEG or TIFF.
    #[error("{place}: not a PDF or an image (PNG, JPEG, TIFF); give a PDF, a scanned page, or a page's text")]
    UnknownFormat {
        /// The file.
        place: Place,
    },
    /// A program bayegan runs is not installed.
    #[error("{place}: `{tool}` is not installed; install the Debian package {package} (scripts/setup.sh does)")]
    ToolMissing {
        /// The file that needed it.
        place: Place,
        /// The program (`pdftotext`, `tesseract`).
        tool: &'static str,
        /// The Debian package(s) that provide it.
        package: &'static str,
    },
    /// Tesseract runs but lacks the language model asked for.
    #[error("{place}: Tesseract has no `{language}` model; install the Debian package tesseract-ocr-{language}")]
    OcrModelMissing {
        /// The file.
        place: Place,
        /// The Tesseract language code (`fas`).
        language: String,
    },
    /// The PDF needs a password.
    #[error(
        "{place}: the PDF is encrypted with a password; decrypt it first (qpdf --decrypt --password=… in.pdf out.pdf)"
    )]
    Encrypted {
        /// The file.
        place: Place,
    },
    /// The PDF is damaged or cut short.
    #[error("{place}: not a readable PDF, damaged or truncated ({detail}); get a fresh copy of the file")]
    Corrupt {
        /// The file.
        place: Place,
        /// What poppler said.
        detail: String,
    },
    /// The PDF holds no page.
    #[error("{place}: the PDF has no pages")]
    NoPages {
        /// The file.
        place: Place,
    },
    /// A page has no text layer and cannot be read by OCR.
    #[error("{place}: no text layer (a scanned page) and {reason}")]
    NoTextLayer {
        /// The file and page.
        place: Place,
        /// Why OCR could not step in, with what to do.
        reason: String,
    },
    /// OCR (or rendering for it) found nothing to read.
    #[error("{place}: no text found; the image looks blank or unreadable")]
    NothingRead {
        /// The file and page.
        place: Place,
    },
    /// A program ran and failed.
    #[error("{place}: {tool} failed: {detail}")]
    ToolFailed {
        /// The file, and the page when one was being read.
        place: Place,
        /// The program.
        tool: &'static str,
        /// Its message, or its exit status.
        detail: String,
    },
    /// pdftotext's or Tesseract's word geometry could not be read.
    #[error("{place}: cannot read the word geometry from {tool} ({detail})")]
    Geometry {
        /// The file and page.
        place: Place,
        /// The program whose output it was.
        tool: &'static str,
        /// What was wrong.
        detail: String,
    },
}

impl ExtractError {
    /// Where the error happened.
    pub fn place(&self) -> &Place {
        match self {
            ExtractError::Unreadable { place, .. }
            | ExtractError::UnknownFormat { place }
            | ExtractError::ToolMissing { place, .. }
            | ExtractError::OcrModelMissing { place, .. }
            | ExtractError::Encrypted { place }
            | ExtractError::Corrupt { place, .. }
            | ExtractError::NoPages { place }
            | ExtractError::NoTextLayer { place, .. }
            | ExtractError::NothingRead { place }
            | ExtractError::ToolFailed { place, .. }
            | ExtractError::Geometry { place, .. } => place,
        }
    }

    /// Whether the whole file is lost (it cannot be opened, or a needed program is missing),
    /// rather than one page of it.
    pub fn is_fatal_for_file(&self) -> bool {
        self.place().page.is_none()
    }
}
