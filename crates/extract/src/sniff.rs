//! What a file is, told by its first bytes rather than its name.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The kinds of file bayegan extracts text from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF (`%PDF-`, possibly after a few bytes of junk, as PDF readers allow).
    Pdf,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A TIFF image (one page or several).
    Tiff,
    /// Anything else: text, or a format bayegan does not read.
    Other,
}

impl FileKind {
    /// Whether the kind is an image for OCR.
    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Png | FileKind::Jpeg | FileKind::Tiff)
    }
}

/// PDF readers accept the header anywhere in the first kilobyte.
const PDF_HEADER_WINDOW: usize = 1024;

/// The kind of a file from its first bytes.
pub fn sniff_bytes(head: &[u8]) -> FileKind {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        FileKind::Png
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        FileKind::Jpeg
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        FileKind::Tiff
    } else if head[..head.len().min(PDF_HEADER_WINDOW)].windows(5).any(|w| w == b"%PDF-") {
        FileKind::Pdf
    } else {
        FileKind::Other
    }
}

/// The kind of the file at `path`, from its first bytes.
pub fn sniff(path: &Path) -> std::io::Result<FileKind> {
    let mut head = Vec::with_capacity(PDF_HEADER_WINDOW);
    File::open(path)?.take(PDF_HEADER_WINDOW as u64).read_to_end(&mut head)?;
    Ok(sniff_bytes(&head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_magic_bytes() {
        assert_eq!(sniff_bytes(b"%PDF-1.4\n%\xe2\xe3"), FileKind::Pdf);
        assert_eq!(sniff_bytes(b"\r\n%PDF-1.7"), FileKind::Pdf, "junk before the header is allowed");
        assert_eq!(sniff_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), FileKind::Png);
        assert_eq!(sniff_bytes(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), FileKind::Jpeg);
        assert_eq!(sniff_bytes(b"II*\0\x08\0\0\0"), FileKind::Tiff);
        assert_eq!(sniff_bytes(b"MM\0*\0\0\0\x08"), FileKind::Tiff);
        assert_eq!(sniff_bytes("گزارش\n\nنان گران شد".as_bytes()), FileKind::Other);
        assert_eq!(sniff_bytes(b""), FileKind::Other);
        assert_eq!(sniff_bytes(b"%PD"), FileKind::Other, "a cut header is not a PDF");
    }
}
