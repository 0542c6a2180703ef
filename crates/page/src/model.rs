//! The page as data: the versioned JSON contract described in `docs/page-schema.md`.
//!
//! Line numbers are 1-based lines of the input file. `lines: [first, last]` gives the extent of an
//! item; a block interrupted by a pull quote, a box or another column lists the line ranges it is
//! made of in `pieces`.

use serde::{Deserialize, Serialize};

/// Version of the JSON contract; bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// An inclusive range of 1-based input line numbers: `[first, last]`.
pub type LineRange = [u32; 2];

/// One parsed newspaper page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// [`SCHEMA_VERSION`] of the contract this value follows.
    pub schema_version: u32,
    /// Where the text came from (a file path, or `-` for stdin).
    pub source: String,
    /// The newspaper's name, when the page names it (byline, running head, folio).
    pub newspaper: Option<String>,
    /// Issue number (`شماره`).
    pub issue: Option<u32>,
    /// Year of publication (`سال هفتم` → 7).
    pub publication_year: Option<u32>,
    /// Page number (`صفحه ۲`).
    pub page_number: Option<u32>,
    /// The folio's date, read and cross-checked across the three calendars.
    pub date: Option<PageDate>,
    /// Section labels found on the page (`سیاست`), in order, without repeats.
    pub sections: Vec<String>,
    /// The articles, in reading order.
    pub articles: Vec<Article>,
    /// Everything that is neither article nor quote: folio, section labels, running heads, fragments.
    pub furniture: Vec<Furniture>,
}

/// The date printed in the folio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDate {
    /// Lower-case English weekday name (`saturday`), as printed in the folio.
    pub weekday: Option<String>,
    /// Solar Hijri date, ISO `YYYY-MM-DD` (the primary date).
    pub jalali: Option<String>,
    /// Gregorian date, ISO `YYYY-MM-DD`.
    pub gregorian: Option<String>,
    /// Lunar Hijri date, ISO `YYYY-MM-DD`.
    pub hijri: Option<String>,
    /// Whether the weekday, the Gregorian date and the lunar date (±1 day) agree with the Solar
    /// Hijri date.
    pub consistent: bool,
    /// What did not agree, or what had to be computed rather than read.
    pub notes: Vec<String>,
}

/// One article: its headings, its text blocks and what stands apart from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// `a1`, `a2`, … in reading order.
    pub id: String,
    /// Section-like label printed above the headings (`گزارش`, `گفت‌وگو`).
    pub kicker: Option<String>,
    /// The line above the headline (روتیتر).
    pub overline: Option<String>,
    /// The headline (تیتر).
    pub headline: Option<String>,
    /// Lines printed under the headline (زیرتیتر / لید تیتر).
    pub subheadlines: Vec<String>,
    /// The input lines the headings came from.
    pub heading_lines: Option<LineRange>,
    /// `<paper> - <reporter>:` at the start of the lead.
    pub byline: Option<Byline>,
    /// Outlets the article cites as its source (`به نوشته دیپلمات` → `دیپلمات`).
    pub cited_sources: Vec<String>,
    /// Lead, paragraphs, subheads, questions and answers, in reading order.
    pub blocks: Vec<Block>,
    /// Text repeated from the body in display type.
    pub pull_quotes: Vec<Excerpt>,
    /// Boxed text that stands nowhere else in the article.
    pub boxes: Vec<Excerpt>,
    /// Dates written in the article's blocks.
    pub dates_mentioned: Vec<DateMention>,
}

/// Who wrote the article and for which outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Byline {
    /// The outlet (`آرمان ملی`).
    pub source: Option<String>,
    /// The reporter (`احسان اسقایی`).
    pub author: Option<String>,
    /// The input lines the byline stands on.
    pub lines: LineRange,
}

/// What a block of article text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The first block of the article.
    Lead,
    /// Body text.
    Paragraph,
    /// A heading inside the body (`◀ **…**`).
    Subhead,
    /// An interviewer's question.
    Question,
    /// The interviewee's answer.
    Answer,
}

/// A paragraph-sized piece of article text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Restored text (or the original characters with `--raw`), printed lines joined back.
    pub text: String,
    /// First and last input line of the block.
    pub lines: LineRange,
    /// The contiguous line ranges the block is made of; more than one when it was interrupted.
    pub pieces: Vec<LineRange>,
    /// Words the spelling stage flags in `text` (restored text only; empty with `--raw`).
    pub flags: Vec<WordFlag>,
}

/// A word of a block flagged by the spelling stage, left as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordFlag {
    /// Byte offsets `[start, end)` of the word in the block's `text`.
    pub span: [usize; 2],
    /// The word.
    pub word: String,
    /// `misspelled` (a likely candidate) or `unknown` (a name or rare word).
    pub kind: bayegan_text::FlagKind,
    /// Candidates, most likely first, with their confidence.
    pub suggestions: Vec<bayegan_text::Suggestion>,
}

/// A pull quote or a box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Excerpt {
    /// Restored text, printed lines joined back.
    pub text: String,
    /// First and last input line.
    pub lines: LineRange,
}

/// What a piece of page furniture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// The folio line: weekday, dates, issue, year of publication, page.
    Folio,
    /// A section label (`سیاست`).
    Section,
    /// The newspaper's name or another running head standing alone.
    RunningHead,
    /// A garbled or unreadable fragment.
    Fragment,
}

/// A line of page furniture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Furniture {
    /// What it is.
    pub kind: FurnitureKind,
    /// The line's text (restored, or original with `--raw`).
    pub text: String,
    /// First and last input line.
    pub lines: LineRange,
}

/// A date written in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// The date as written (`۱۷ اکتبر ۲۰۲۳`).
    pub text: String,
    /// Index of the block in `Article::blocks` that holds it.
    pub block: usize,
    /// Byte offsets `[start, end)` of `text` inside that block's text.
    pub span: [usize; 2],
    /// Solar Hijri value: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only those are written.
    pub jalali: Option<String>,
    /// Gregorian value, same precision rules.
    pub gregorian: Option<String>,
    /// Lunar Hijri value, same precision rules.
    pub hijri: Option<String>,
}
