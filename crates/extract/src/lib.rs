//! Files to page text: text PDFs through poppler's `pdftotext`, scanned pages through Tesseract.
