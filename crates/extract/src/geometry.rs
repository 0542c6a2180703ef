//! Words and printed lines with their boxes, read from `pdftotext -bbox-layout` (XHTML, through
//! quick-xml) or from Tesseract's TSV output.
//!
//! pdftotext writes each word of right-to-left text in visual order (its letters left to right
//! as drawn) and the words of a line left to right; [`logical_word`] and [`reading_order`] put
//! them back in the order they are read. Tesseract writes them in reading order already.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde::Serialize;

/// A rectangle on the page in points (PDF) or pixels (images), y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BBox {
    /// Left edge.
    pub x_min: f32,
    /// Top edge.
    pub y_min: f32,
    /// Right edge.
    pub x_max: f32,
    /// Bottom edge.
    pub y_max: f32,
}

impl BBox {
    /// Width.
    pub fn width(&self) -> f32 {
        self.x_max - self.x_min
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.y_max - self.y_min
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x_min: self.x_min.min(other.x_min),
            y_min: self.y_min.min(other.y_min),
            x_max: self.x_max.max(other.x_max),
            y_max: self.y_max.max(other.y_max),
        }
    }
}

/// One word in reading order, with its box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub text: String,
    pub bbox: BBox,
}

/// One printed line: its words in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PrintedLine {
    pub words: Vec<Word>,
    pub bbox: BBox,
    /// The height of the line as the OCR engine measured it (ascender to descender, from the
    /// baseline), steadier than its words' boxes of ink: `و` is short, `کل` tall. None for a
    /// PDF's lines, whose word boxes come from the font.
    pub line_height: Option<f32>,
}

impl PrintedLine {
    pub(crate) fn new(words: Vec<Word>) -> Option<PrintedLine> {
        let bbox = words.iter().map(|w| w.bbox).reduce(|a, b| a.union(&b))?;
        Some(PrintedLine { words, bbox, line_height: None })
    }

    /// The words joined by spaces.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for word in &self.words {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&word.text);
        }
        text
    }

    /// The type size: the OCR engine's line height, or else the median height of the words'
    /// boxes.
    pub fn font_size(&self) -> f32 {
        self.line_height.unwrap_or_else(|| {
            median(self.words.iter().map(|w| w.bbox.height()).collect()).unwrap_or(self.bbox.height())
        })
    }

    /// Letters and digits on the line, the weight of its size in the page's body size.
    pub fn weight(&self) -> usize {
        self.words.iter().map(|w| w.text.chars().filter(|c| c.is_alphanumeric()).count()).sum()
    }
}

/// The median of some values (the upper one of an even count); None when there are none.
pub(crate) fn median(mut values: Vec<f32>) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

/// A page as pdftotext's `-bbox-layout` describes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BboxPage {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<PrintedLine>,
}

/// Reads the first `<page>` of `pdftotext -bbox-layout` output: its size and its printed lines,
/// each word turned into reading order.
pub(crate) fn parse_bbox_layout(xhtml: &str) -> Result<BboxPage, String> {
    let mut reader = Reader::from_str(xhtml);
    let mut page: Option<BboxPage> = None;
    let mut line_words: Option<Vec<Word>> = None;
    let mut word: Option<(BBox, String)> = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(start) | Event::Empty(start) => match start.local_name().as_ref() {
                b"page" => {
                    if page.is_some() {
                        break;
                    }
                    page = Some(BboxPage {
                        width: number_attribute(&start, "width")?,
                        height: number_attribute(&start, "height")?,
                        lines: Vec::new(),
                    });
                }
                b"line" => line_words = Some(Vec::new()),
                b"word" => word = Some((bbox_attributes(&start)?, String::new())),
                _ => {}
            },
            Event::Text(text) => {
                if let Some((_, content)) = &mut word {
                    content.push_str(&text.unescape().map_err(|e| e.to_string())?);
                }
            }
            Event::End(end) => match end.local_name().as_ref() {
                b"word" => {
                    if let (Some((bbox, text)), Some(words)) = (word.take(), line_words.as_mut()) {
                        let text = logical_word(text.trim());
                        if !text.is_empty() {
                            words.push(Word { text, bbox });
                        }
                    }
                }
                b"line" => {
                    if let (Some(words), Some(page)) = (line_words.take(), page.as_mut()) {
                        if let Some(line) = PrintedLine::new(reading_order(words)) {
                            page.lines.push(line);
                        }
                    }
                }
                b"page" => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    page.ok_or_else(|| "no <page> element".to_owned())
}

fn number_attribute(start: &BytesStart, name: &str) -> Result<f32, String> {
    let attribute = start
        .try_get_attribute(name)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("<{}> without {name}", String::from_utf8_lossy(start.local_name().as_ref())))?;
    let value = attribute.unescape_value().map_err(|e| e.to_string())?;
    value.trim().parse::<f32>().map_err(|_| format!("{name}={value:?} is not a number"))
}

fn bbox_attributes(start: &BytesStart) -> Result<BBox, String> {
    Ok(BBox {
        x_min: number_attribute(start, "xMin")?,
        y_min: number_attribute(start, "yMin")?,
        x_max: number_attribute(start, "xMax")?,
        y_max: number_attribute(start, "yMax")?,
    })
}

/// Right-to-left letters: Hebrew, Arabic and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && !is_digit(c)
        && c != '\u{200C}'
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Characters that read left to right inside a right-to-left word: digits and Latin letters,
/// and the separators between digits (`۱۴۰۳/۰۸/۱۹`, `۲.۵`).
fn is_ltr_run_char(run: &[char], i: usize) -> bool {
    let c = run[i];
    if is_digit(c) || c.is_ascii_alphabetic() {
        return true;
    }
    let between_digits = i > 0 && i + 1 < run.len() && is_digit(run[i - 1]) && is_digit(run[i + 1]);
    between_digits && matches!(c, '/' | '.' | ',' | ':' | '-' | '٫' | '٬' | '،')
}

/// A word drawn left to right back in reading order: a word with right-to-left letters is
/// reversed, except its runs of digits and Latin letters, which keep their order. A combining
/// mark stays after its letter.
pub(crate) fn logical_word(visual: &str) -> String {
    if !visual.chars().any(is_rtl) {
        return visual.to_owned();
    }
    let chars: Vec<char> = visual.chars().collect();
    // runs of (ltr?, chars), in visual order
    let mut runs: Vec<(bool, Vec<char>)> = Vec::new();
    for i in 0..chars.len() {
        let ltr = is_ltr_run_char(&chars, i);
        match runs.last_mut() {
            Some((kind, run)) if *kind == ltr => run.push(chars[i]),
            _ => runs.push((ltr, vec![chars[i]])),
        }
    }
    let mut out = String::with_capacity(visual.len());
    for (ltr, run) in runs.into_iter().rev() {
        if ltr {
            out.extend(run);
            continue;
        }
        // reverse by clusters: a letter with the marks drawn after it
        let mut clusters: Vec<Vec<char>> = Vec::new();
        for c in run {
            match clusters.last_mut() {
                Some(cluster) if is_combining(c) => cluster.push(c),
                _ => clusters.push(vec![c]),
            }
        }
        for cluster in clusters.into_iter().rev() {
            out.extend(cluster);
        }
    }
    out
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Whether a word reads left to right: its first strong letter is Latin.
fn is_latin_word(word: &str) -> bool {
    word.chars().find(|c| c.is_alphabetic()).is_some_and(|c| !is_rtl(c))
}

/// The words of a line (in drawing order, left to right) in reading order: right to left, except
/// runs of Latin words (with the numbers between them), which read left to right. A line with
/// no right-to-left word keeps its order.
pub(crate) fn reading_order(mut words: Vec<Word>) -> Vec<Word> {
    words.sort_by(|a, b| a.bbox.x_min.total_cmp(&b.bbox.x_min));
    if !words.iter().any(|w| w.text.chars().any(is_rtl)) {
        return words;
    }
    words.reverse();
    let latin: Vec<bool> = words.iter().map(|w| is_latin_word(&w.text)).collect();
    let numeric: Vec<bool> = words.iter().map(|w| !w.text.chars().any(char::is_alphabetic)).collect();
    let mut i = 0;
    while i < words.len() {
        if !latin[i] {
            i += 1;
            continue;
        }
        // a run of Latin words, numbers inside it included
        let mut end = i + 1;
        let mut last_latin = i;
        while end < words.len() && (latin[end] || numeric[end]) {
            if latin[end] {
                last_latin = end;
            }
            end += 1;
        }
        words[i..=last_latin].reverse();
        i = last_latin + 1;
    }
    words
}

/// One page of an image as Tesseract read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OcrPage {
    /// Width and height in pixels.
    pub size: [f32; 2],
    pub lines: Vec<PrintedLine>,
}

/// Reads Tesseract's TSV output (`tesseract IMG - tsv`): its printed lines with their words,
/// per page of the image (a TIFF may hold several), in reading order.
pub(crate) fn parse_tesseract_tsv(tsv: &str) -> Result<Vec<OcrPage>, String> {
    let mut pages: Vec<OcrPage> = Vec::new();
    // (page, block, paragraph, line) of the words being gathered, and the line's height
    let mut current: Option<[u32; 4]> = None;
    let mut line_height: Option<f32> = None;
    let mut words: Vec<Word> = Vec::new();
    let flush = |pages: &mut Vec<OcrPage>, key: Option<[u32; 4]>, height: Option<f32>, words: &mut Vec<Word>| {
        if let (Some(key), Some(mut line)) = (key, PrintedLine::new(std::mem::take(words))) {
            line.line_height = height.filter(|&h| h > 0.0);
            let page = key[0].max(1) as usize;
            while pages.len() < page {
                pages.push(OcrPage::default());
            }
            pages[page - 1].lines.push(line);
        }
    };
    for (number, row) in tsv.lines().enumerate() {
        if number == 0 && row.starts_with("level") {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        if fields.len() < 12 {
            continue;
        }
        let int = |i: usize| fields[i].trim().parse::<i64>().map_err(|_| format!("line {}: bad field {i}", number + 1));
        let level = int(0)?;
        let page = int(1)?.max(0) as u32;
        if level == 1 {
            // a page, even an empty one, takes its place
            while pages.len() < page as usize {
                pages.push(OcrPage::default());
            }
            if let Some(entry) = pages.get_mut(page as usize - 1) {
                entry.size = [int(8)? as f32, int(9)? as f32];
            }
        }
        let key = [page, int(2)? as u32, int(3)? as u32, int(4)? as u32];
        if level == 4 {
            // a line's row comes before its words
            flush(&mut pages, current.take(), line_height, &mut words);
            line_height = Some(int(9)? as f32);
            current = Some(key);
            continue;
        }
        if level != 5 {
            continue;
        }
        let text = fields[11..].join("\t");
        let text = text.trim();
        let confidence: f32 = fields[10].trim().parse().unwrap_or(-1.0);
        if text.is_empty() || confidence < 0.0 {
            continue;
        }
        if current != Some(key) {
            flush(&mut pages, current, line_height.take(), &mut words);
            current = Some(key);
        }
        let (left, top, width, height) = (int(6)? as f32, int(7)? as f32, int(8)? as f32, int(9)? as f32);
        words.push(Word {
            text: text.to_owned(),
            bbox: BBox { x_min: left, y_min: top, x_max: left + width, y_max: top + height },
        });
    }
    flush(&mut pages, current, line_height, &mut words);
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drawn_left_to_right_read_right_to_left() {
        assert_eq!(logical_word("متفه"), "هفتم");
        assert_eq!(logical_word(":ناگیاب"), "بایگان:");
        assert_eq!(logical_word("یا\u{200c}هزات"), "تازه\u{200c}ای", "the ZWNJ stays between its letters");
        assert_eq!(logical_word("هعسوت«"), "«توسعه");
        assert_eq!(logical_word("۱۴۰۳/۰۸/۱۹"), "۱۴۰۳/۰۸/۱۹", "digits alone are left as they are");
        assert_eq!(logical_word("مود۲۰"), "۲۰دوم", "a digit run keeps its order inside a reversed word");
        assert_eq!(logical_word("New"), "New");
        // a mark drawn after its letter stays after it
        assert_eq!(logical_word("ب\u{064e}ر"), "رب\u{064e}");
    }

    fn word(text: &str, x: f32) -> Word {
        Word { text: text.to_owned(), bbox: BBox { x_min: x, y_min: 0.0, x_max: x + 10.0, y_max: 10.0 } }
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn lines_read_right_to_left_with_latin_runs_left_to_right() {
        let line = vec![word("سال", 60.0), word("York", 40.0), word("New", 20.0), word("در", 80.0), word("1403", 0.0)];
        assert_eq!(texts(&reading_order(line)), ["در", "سال", "New", "York", "1403"]);
        // numbers between Persian words read right to left like them
        let line = vec![word("۲۰۲۴", 0.0), word("۱۴۰۳", 20.0), word("سال", 40.0)];
        assert_eq!(texts(&reading_order(line)), ["سال", "۱۴۰۳", "۲۰۲۴"]);
        let latin = vec![word("York", 20.0), word("New", 0.0)];
        assert_eq!(texts(&reading_order(latin)), ["New", "York"]);
    }

    const BBOX: &str = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head><title>a</title></head>
<body>
<doc>
  <page width="612.000000" height="792.000000">
    <flow>
      <block xMin="424.8" yMin="39.2" xMax="578.2" yMax="57.9">
        <line xMin="424.8" yMin="39.2" xMax="578.2" yMax="57.9">
          <word xMin="424.8" yMin="39.2" xMax="444.4" yMax="57.9">متفه</word>
          <word xMin="446.8" yMin="39.2" xMax="463.4" yMax="57.9">لاس</word>
          <word xMin="465.8" yMin="39.2" xMax="483.8" yMax="57.9">&amp;۱۹۶۶</word>
          <word xMin="559.6" yMin="39.2" xMax="578.2" yMax="57.9">هبنش</word>
        </line>
      </block>
    </flow>
  </page>
  <page width="612.000000" height="792.000000"></page>
</doc>
</body>
</html>"#;

    #[test]
    fn bbox_layout_pages_lines_and_words() {
        let page = parse_bbox_layout(BBOX).unwrap();
        assert_eq!((page.width, page.height), (612.0, 792.0));
        assert_eq!(page.lines.len(), 1);
        assert_eq!(page.lines[0].text(), "شنبه &۱۹۶۶ سال هفتم");
        assert!((page.lines[0].font_size() - 18.7).abs() < 0.01);
        assert_eq!(page.lines[0].bbox.x_min, 424.8);
        assert_eq!(page.lines[0].bbox.x_max, 578.2);
    }

    #[test]
    fn broken_bbox_layout_is_an_error() {
        assert!(parse_bbox_layout("<doc><page width=\"x\" height=\"1\"></page></doc>").is_err());
        assert!(parse_bbox_layout("<doc></doc>").is_err());
        assert!(parse_bbox_layout("<doc><page width=\"1\" height=\"1\"><line><word xMin=\"1\">a</word></line></page>")
            .is_err());
    }

    #[test]
    fn tesseract_tsv_lines_in_order() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t\n\
4\t1\t1\t1\t1\t0\t100\t50\t300\t32\t-1\t\n\
5\t1\t1\t1\t1\t1\t300\t50\t100\t30\t91.5\tنان\n\
5\t1\t1\t1\t1\t2\t100\t52\t150\t28\t90.1\tگران\n\
5\t1\t1\t1\t2\t1\t100\t100\t150\t20\t90.1\tشد\n\
5\t1\t1\t1\t2\t2\t50\t100\t40\t20\t-1\t \n";
        let pages = parse_tesseract_tsv(tsv).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].size, [1000.0, 800.0]);
        let lines = &pages[0].lines;
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "نان گران");
        assert_eq!(lines[0].bbox, BBox { x_min: 100.0, y_min: 50.0, x_max: 400.0, y_max: 80.0 });
        assert_eq!(lines[1].text(), "شد");
        // the type size: Tesseract's line height where it gives one, else the words' median
        assert_eq!(lines[0].font_size(), 32.0);
        assert_eq!(lines[1].font_size(), 20.0);
        // a page with nothing on it is still a page
        let blank = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t\n";
        assert_eq!(parse_tesseract_tsv(blank).unwrap(), vec![OcrPage { size: [1000.0, 800.0], lines: Vec::new() }]);
    }
}
