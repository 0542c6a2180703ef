//! The input's lines and what each looks like on its own: a marked subhead, the folio, a section
//! label, a running head, a garbled fragment, or text with its length and ending.
//!
//! Everything here is decided on the analysis form of a line (letters normalized, Latin digits,
//! spacing untouched), so `--raw` and restored output make the same structure.

use std::hash::Hasher;

use bayegan_text::{digit_value, is_letter, Model, ZWNJ};

use crate::folio::{read_folio, Folio};

/// A line with more words than this is a paragraph, never a heading or a column line.
pub(crate) const MAX_SHORT_WORDS: usize = 16;

/// Section labels papers print alone on a line, compared by [`key`].
const SECTIONS: &[&str] = &[
    "سیاست",
    "سیاسی",
    "اقتصاد",
    "اقتصادی",
    "جامعه",
    "اجتماعی",
    "بین‌الملل",
    "جهان",
    "فرهنگ",
    "فرهنگی",
    "فرهنگ و هنر",
    "هنر",
    "ادب و هنر",
    "ورزش",
    "ورزشی",
    "حوادث",
    "دانش",
    "علمی",
    "سلامت",
    "اندیشه",
    "شهری",
    "شهر",
    "استان‌ها",
    "دیپلماسی",
    "بازار",
    "انرژی",
    "محیط زیست",
    "آخر",
    "اول",
];

/// Names of Iranian dailies, for running heads on pages without a byline.
pub(crate) const NEWSPAPERS: &[&str] = &[
    "آرمان ملی",
    "اطلاعات",
    "کیهان",
    "همشهری",
    "شرق",
    "اعتماد",
    "جام جم",
    "دنیای اقتصاد",
    "هم‌میهن",
    "فرهیختگان",
    "جوان",
    "خراسان",
    "آفتاب یزد",
    "ابتکار",
    "جمهوری اسلامی",
    "وطن امروز",
    "رسالت",
    "قدس",
    "ستاره صبح",
    "مردم‌سالاری",
    "آرمان امروز",
    "اعتماد ملی",
    "همدلی",
    "سازندگی",
    "جهان صنعت",
    "آسیا",
];

/// What a line is on its own.
#[derive(Debug)]
pub(crate) enum LineKind {
    /// `◀ **…**` or `**…**`: a subhead or a question; `question` when it asks one.
    Marker { question: bool },
    /// The folio line.
    Folio(Box<Folio>),
    /// The page number alone (`۱۲`, `صفحه ۱۲`).
    PageNumber(u32),
    /// A section label.
    Section,
    /// The newspaper's name alone (found in a second pass, once bylines are known).
    RunningHead,
    /// A garbled fragment: one unknown word, or no letters or digits at all.
    Fragment,
    /// Running text.
    Text,
}

/// One non-empty input line.
#[derive(Debug)]
pub(crate) struct Line {
    /// 1-based line number in the input.
    pub number: u32,
    /// Byte range of the trimmed line in the input.
    pub raw: std::ops::Range<usize>,
    /// The analysis form: letters normalized, Latin digits.
    pub norm: String,
    /// Number of words.
    pub words: usize,
    /// The last sentence ends on this line (`.`, `؟`, `!`, possibly inside closing quotes).
    pub ends_sentence: bool,
    /// Words before the first sentence end, when a sentence ends on the line.
    pub first_sentence_words: Option<usize>,
    pub kind: LineKind,
    /// The page's geometry sets the line in heading type (only with [`crate::LineHint`]s).
    pub heading_hint: bool,
    /// The line's type size relative to the body text, from the page's geometry (0 unknown).
    pub size_hint: f32,
    /// A blank line stands between this line and the one before.
    pub blank_before: bool,
}

impl Line {
    /// Short text: a heading, a column line, a quote or a box, not a paragraph of its own.
    pub fn is_short_text(&self) -> bool {
        matches!(self.kind, LineKind::Text) && self.words <= MAX_SHORT_WORDS
    }
}

/// Splits `input` and its analysis form (same number of lines) into analysed non-empty lines.
pub(crate) fn analyse(input: &str, analysis: &str, model: &Model) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut offset = 0;
    let mut blank_before = false;
    for (index, (raw, norm)) in input.split('\n').zip(analysis.split('\n')).enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let norm = norm.trim();
        let words = norm.split_whitespace().count();
        let (mut ends_sentence, first_sentence_words) = sentence_shape(norm);
        // a source line ends its article as a sentence would (`منبع: ایسنا`): it is the last
        // paragraph of the article before, never the next one's headline
        ends_sentence |= crate::headings::source_line(norm).is_some();
        let kind = if marker_inner(norm).is_some() {
            LineKind::Marker { question: norm.contains(['؟', '?']) }
        } else if let Some(folio) = read_folio(norm) {
            LineKind::Folio(Box::new(folio))
        } else if let Some(number) = page_number(norm) {
            LineKind::PageNumber(number)
        } else if words <= 3 && SECTIONS.iter().any(|s| same_key(s, norm)) {
            LineKind::Section
        } else if is_fragment(norm, model) {
            LineKind::Fragment
        } else {
            LineKind::Text
        };
        lines.push(Line {
            number: index as u32 + 1,
            raw: start + lead..start + lead + trimmed.len(),
            norm: norm.to_owned(),
            words,
            ends_sentence,
            first_sentence_words,
            kind,
            heading_hint: false,
            size_hint: 0.0,
            blank_before: std::mem::take(&mut blank_before) && !lines.is_empty(),
        });
    }
    if blanks_are_breaks(&lines) {
        continue_paragraphs(&mut lines);
    }
    lines
}

/// Whether the page's blank lines separate paragraphs and headings: most lines follow the one
/// before directly (a column's lines as extraction broke them, `m01`-style pages), and some do
/// not. On pages that put a blank line after every line (the seed page) they say nothing.
pub(crate) fn blanks_are_breaks(lines: &[Line]) -> bool {
    let breaks = lines.iter().filter(|l| l.blank_before).count();
    breaks > 0 && 2 * breaks < lines.len()
}

/// On a page whose blank lines separate paragraphs, a line inside a paragraph is text, whatever
/// it looks like alone: a word that names a section (`…تأثیر تورم بر / جامعه / غیرقابل…`) or a
/// date (`…در جلسه علنی / یکشنبه ۲۰ آبان ۱۴۰۳ / طرح…`) is not furniture there.
fn continue_paragraphs(lines: &mut [Line]) {
    for i in 1..lines.len().saturating_sub(1) {
        let inside = !lines[i].blank_before
            && !lines[i + 1].blank_before
            && matches!(lines[i - 1].kind, LineKind::Text)
            && !lines[i - 1].ends_sentence
            && matches!(lines[i + 1].kind, LineKind::Text);
        if inside && matches!(lines[i].kind, LineKind::Section | LineKind::Folio(_) | LineKind::PageNumber(_)) {
            lines[i].kind = LineKind::Text;
        }
    }
}

/// The number of a line that is a page number alone: one to three digits, after `صفحه` or not.
fn page_number(line: &str) -> Option<u32> {
    let number = line.strip_prefix("صفحه").unwrap_or(line).trim();
    let digits = number.chars().map(digit_value).collect::<Option<Vec<u32>>>()?;
    (1..=3).contains(&digits.len()).then(|| digits.iter().fold(0, |n, d| n * 10 + d)).filter(|&n| n > 0)
}

/// The text between `**` markers, after an optional arrow or bullet.
pub(crate) fn marker_inner(line: &str) -> Option<&str> {
    let line = line.trim().trim_start_matches(['◀', '▶', '►', '◄', '■', '●', '•', '▪', '◆']).trim_start();
    let inner = line.strip_prefix("**")?.strip_suffix("**")?;
    (!inner.trim().is_empty()).then(|| inner.trim())
}

const CLOSERS: &[char] = &['»', '"', '”', ')', '\'', '’', ']', '*'];

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '؟' | '?' | '…')
}

/// Whether the line ends a sentence, and how many words come before the first sentence end.
fn sentence_shape(line: &str) -> (bool, Option<usize>) {
    let ends = line.trim_end().trim_end_matches(CLOSERS).ends_with(is_stop);
    let first = line.split_whitespace().position(|w| w.trim_end_matches(CLOSERS).ends_with(is_stop));
    // `...` inside a sentence (`حزب...`) is an ellipsis, not a sentence end; counted anyway: it is rare
    (ends, first.map(|p| p + 1))
}

/// One unknown word, or nothing readable at all.
fn is_fragment(line: &str, model: &Model) -> bool {
    if !line.chars().any(|c| c.is_alphanumeric()) {
        return true;
    }
    let mut words = line.split_whitespace();
    match (words.next(), words.next()) {
        (Some(word), None) => {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != ZWNJ);
            word.chars().all(is_letter) && word.chars().count() >= 3 && model.word_cost(word).is_none()
        }
        _ => false,
    }
}

/// The comparison form of a word or phrase: letters and digit values only (no spaces, ZWNJs,
/// punctuation), Arabic letter forms as Persian.
fn key_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter_map(|c| match c {
        'ي' | 'ى' => Some('ی'),
        'ك' => Some('ک'),
        'ة' => Some('ه'),
        _ if digit_value(c).is_some() => char::from_digit(digit_value(c)?, 10),
        _ if is_letter(c) || c.is_alphanumeric() => Some(c),
        _ => None,
    })
}

/// Whether two phrases have the same comparison form ([`key_chars`]).
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    key_chars(a).eq(key_chars(b))
}

/// A 64-bit hash of a word's comparison form ([`key_chars`]), for fast overlap counts.
pub(crate) fn word_hash(word: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    for c in key_chars(word) {
        hasher.write_u32(c as u32);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_alone_is_a_page_number() {
        assert_eq!(page_number("۱۲"), Some(12));
        assert_eq!(page_number("صفحه ۱۲"), Some(12));
        assert_eq!(page_number("3"), Some(3));
        assert_eq!(page_number("۱۴۰۳"), None, "a year, not a page");
        assert_eq!(page_number("۰"), None);
        assert_eq!(page_number("۱۲ نفر"), None);
    }

    #[test]
    fn a_page_number_line_is_furniture_and_names_the_page() {
        let page = crate::Parser::new()
            .parse("p.txt", "۱۲\n\nتیم ملی والیبال در دیداری دوستانه حریف خود را شکست داد\n\nتیم ملی والیبال ایران دیشب در دیداری دوستانه با سه بر یک پیروز شد و آماده مسابقات آسیایی می‌شود.\n")
            .unwrap();
        assert_eq!(page.page_number, Some(12));
        assert_eq!(page.articles.len(), 1);
        assert_eq!(
            page.articles[0].headline.as_deref(),
            Some("تیم ملی والیبال در دیداری دوستانه حریف خود را شکست داد")
        );
    }
}
