//! Page text → [`Page`]: lines are grouped into units (paragraphs, narrow columns, short runs,
//! marked lines, furniture), short runs are told apart (headings, pull quotes, boxes), and the
//! units are assembled into articles in reading order.
//!
//! Structure is decided on the analysis form of the text (letters normalized, spacing as typed),
//! so the restored and the `--raw` output have the same articles, blocks and line numbers.

use std::borrow::Cow;
use std::fmt;

use bayegan_text::{DigitPolicy, Edit, Flag, Restorer, SpellingMode};
use rustc_hash::FxHashSet;

use crate::dates::find_dates;
use crate::headings::{cited_sources, is_kicker, read_author_line, read_byline, read_headings, read_headings_by_size};
use crate::lines::{analyse, blanks_are_breaks, marker_inner, same_key, word_hash, Line, LineKind, NEWSPAPERS};
use crate::model::*;

/// Builds a [`Parser`].
#[derive(Debug, Default)]
pub struct ParserBuilder {
    restorer: Option<Restorer>,
    raw: bool,
}

impl ParserBuilder {
    /// A builder with the defaults: restored text, the embedded model.
    pub fn new() -> Self {
        Self::default()
    }

    /// The restorer that cleans the text fields (default: [`Restorer::new`] with spelling in
    /// flag mode, so misspelled and unknown words are flagged in the blocks).
    pub fn restorer(&mut self, restorer: Restorer) -> &mut Self {
        self.restorer = Some(restorer);
        self
    }

    /// Text fields keep the original characters instead of the restored text.
    pub fn raw(&mut self, raw: bool) -> &mut Self {
        self.raw = raw;
        self
    }

    /// The parser.
    pub fn build(&self) -> Parser {
        let restorer =
            self.restorer.clone().unwrap_or_else(|| Restorer::builder().spelling(SpellingMode::Flag).build());
        let analyzer = Restorer::builder().spacing(false).digits(DigitPolicy::Latin).build();
        Parser { restorer, analyzer, raw: self.raw }
    }
}

/// Turns the text of one newspaper page into a [`Page`]. Built once, shared across threads.
///
/// ```
/// let page = bayegan_page::Parser::new()
///     .parse("page.txt", "سرمقاله\n\nنان گران شد\n\nقیمت نان در تهران از امروز بیست درصد بالا رفت و نانوایان از کمبود آرد گله دارند.\n")
///     .unwrap();
/// assert_eq!(page.articles.len(), 1);
/// assert_eq!(page.articles[0].headline.as_deref(), Some("نان گران شد"));
/// ```
#[derive(Debug, Clone)]
pub struct Parser {
    restorer: Restorer,
    analyzer: Restorer,
    raw: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Self::new()
    }
}

/// Why a text is not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The text holds a NUL character: a binary file, not extracted text.
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// No Persian letter anywhere in the text.
    NoPersianText,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Binary { offset } => {
                write!(f, "a NUL byte at offset {offset}: this looks like a binary file, not a page's text")
            }
            ParseError::NoPersianText => write!(f, "no Persian text: give the text extracted from a Persian page"),
        }
    }
}

impl std::error::Error for ParseError {}

/// A parsed page and the restorer's edits of its text ([`Parser::parse_with_edits`]). The
/// edits are not part of the page's JSON (docs/page-schema.md): their spans are bytes of the
/// input text, and the blocks' lines (`lines`, `pieces`) say which input lines each block holds.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWithEdits {
    /// The page.
    pub page: Page,
    /// Every edit the restorer made to the page's text, sorted by span, spans in bytes of the
    /// input text; empty when the parser keeps the original characters
    /// ([`ParserBuilder::raw`]).
    pub edits: Vec<Edit>,
}

/// What the page's geometry says about one line of the text: given to [`Parser::parse_layout`]
/// by whoever read the page from a PDF or a scan (`bayegan_extract`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LineHint {
    /// The line is set in heading type (markedly larger than the page's body text).
    pub heading: bool,
    /// Its type size relative to the page's body text (1.0 for body text; 0 when unknown).
    pub size: f32,
}

/// How a group of text lines reads.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// A paragraph on one line.
    Paragraph,
    /// A narrow column: printed lines to be joined back into one paragraph.
    Column,
    /// Short lines: headings, a pull quote or a box.
    Short,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Undecided,
    Heading,
    Quote,
    Display,
}

/// Consecutive lines the parser treats as one thing; indices into the analysed lines.
#[derive(Debug)]
enum Unit {
    Marker(usize),
    Furniture(usize),
    Text { first: usize, last: usize, shape: Shape, role: Role },
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DraftKind {
    Text,
    Marker { question: bool },
}

#[derive(Debug)]
struct DraftBlock {
    kind: DraftKind,
    /// Index ranges of analysed lines.
    pieces: Vec<(usize, usize)>,
    /// Ends without a sentence end: a later part may continue it.
    open: bool,
}

#[derive(Debug, Default)]
struct Draft {
    headings: Option<(usize, usize)>,
    blocks: Vec<DraftBlock>,
    quotes: Vec<(usize, usize)>,
    boxes: Vec<(usize, usize)>,
    /// The last thing added was a pull quote or a box: an open block may resume after it.
    interrupted: bool,
}

impl Parser {
    /// A parser with the default restorer, writing restored text.
    pub fn new() -> Self {
        ParserBuilder::new().build()
    }

    /// A builder for other options.
    pub fn builder() -> ParserBuilder {
        ParserBuilder::new()
    }

    /// Parses the text of one page; `source` names it in the result (a path, or `-`).
    pub fn parse(&self, source: &str, text: &str) -> Result<Page, ParseError> {
        self.parse_lines(source, text, &[]).map(|parsed| parsed.page)
    }

    /// Parses the text of one page read with its geometry (from a PDF or a scan): one heading
    /// block or paragraph a line, and for each line (`hints[i]` for line `i + 1`; missing ones
    /// count as body text) whether it is set in heading type and how large. A run of
    /// heading-type lines is an article's headings, with the short lines right before it (a
    /// kicker in body type) and up to three short lines after it that end no sentence
    /// (subheadlines); the line in the largest type is the headline. Headings with no text
    /// under them (the paper's name over the folio) are a running head; a single short line in
    /// body type inside an article is a subhead. Everything else is decided as
    /// [`Parser::parse`] decides it.
    ///
    /// ```
    /// use bayegan_page::{LineHint, Parser};
    ///
    /// let text = "نان گران شد\n\nقیمت نان در تهران از امروز بیست درصد بالا رفت و نانوایان از کمبود آرد گله دارند.\n";
    /// let hints = [LineHint { heading: true, size: 2.0 }];
    /// let page = Parser::new().parse_layout("paper.pdf#page=1", text, &hints).unwrap();
    /// assert_eq!(page.articles[0].headline.as_deref(), Some("نان گران شد"));
    /// ```
    pub fn parse_layout(&self, source: &str, text: &str, hints: &[LineHint]) -> Result<Page, ParseError> {
        self.parse_lines(source, text, hints).map(|parsed| parsed.page)
    }

    /// Parses a page as [`Parser::parse_layout`] does (with no `hints`, as [`Parser::parse`]
    /// does) and returns, beside the [`Page`], the restorer's edits of the page's text: the
    /// edits the page's text fields were restored with, spans in bytes of `text` (none when the
    /// parser is raw). The page is restored once, as `parse` restores it.
    ///
    /// ```
    /// let text = "نان گران شد\n\nقیمت نان در تهران از امروز بیست درصد بالا رفت و نانوایان از کمبود آرد گله میکنند.\n";
    /// let parsed = bayegan_page::Parser::new().parse_with_edits("page.txt", text, &[]).unwrap();
    /// // a ZWNJ put back after `می`, where the input's byte `edit.span.start` stands
    /// let edit = &parsed.edits[0];
    /// assert_eq!((edit.before.as_str(), edit.after.as_str()), ("", "\u{200c}"));
    /// assert!(text[..edit.span.start].ends_with("گله می"));
    /// assert!(parsed.page.articles[0].blocks[0].text.ends_with("گله می\u{200c}کنند."));
    /// ```
    pub fn parse_with_edits(&self, source: &str, text: &str, hints: &[LineHint]) -> Result<PageWithEdits, ParseError> {
        self.parse_lines(source, text, hints)
    }

    fn parse_lines(&self, source: &str, text: &str, hints: &[LineHint]) -> Result<PageWithEdits, ParseError> {
        if let Some(offset) = text.find('\0') {
            return Err(ParseError::Binary { offset });
        }
        if !text
            .chars()
            .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
        {
            return Err(ParseError::NoPersianText);
        }
        // a line ended by a carriage return alone (old Mac files) is a line: that CR becomes a
        // LF, one byte for one, so every offset into the text stays an offset into the input
        let bytes = text.as_bytes();
        let lone_cr = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
        let text: Cow<str> = if text.contains('\r') && (0..bytes.len()).any(lone_cr) {
            let lines = (0..bytes.len()).map(|at| if lone_cr(at) { b'\n' } else { bytes[at] }).collect();
            Cow::Owned(String::from_utf8(lines).expect("an ASCII byte replaced by another"))
        } else {
            Cow::Borrowed(text)
        };
        let text = text.as_ref();
        let model = self.restorer.model();
        let analysis = self.analyzer.fix(text);
        let mut lines = analyse(text, &analysis, model);
        for line in &mut lines {
            if let Some(hint) = hints.get(line.number as usize - 1) {
                line.heading_hint = hint.heading;
                line.size_hint = hint.size;
            }
        }
        let layout = !hints.is_empty();
        let mut output = Output::new(text, &lines, if self.raw { None } else { Some(&self.restorer) });

        let bylines = find_byline_sources(&lines);
        for line in &mut lines {
            if matches!(line.kind, LineKind::Text)
                && line.words <= 4
                && (bylines.iter().any(|b| same_key(b, &line.norm))
                    || NEWSPAPERS.iter().any(|n| same_key(n, &line.norm)))
            {
                line.kind = LineKind::RunningHead;
            }
        }

        let (units, quote_sources) = find_quotes(&lines, group_units(&lines));
        let mut units = units;
        decide_headings(&lines, &mut units);
        if layout {
            body_type_subheads(&lines, &mut units);
        }

        let mut page = Page {
            schema_version: SCHEMA_VERSION,
            source: source.to_owned(),
            newspaper: None,
            issue: None,
            publication_year: None,
            page_number: None,
            date: None,
            sections: Vec::new(),
            articles: Vec::new(),
            furniture: Vec::new(),
        };
        let mut drafts: Vec<Draft> = Vec::new();
        // the draft each text unit went into, for pull quotes that repeat a later paragraph
        let mut unit_draft = vec![usize::MAX; units.len()];
        let mut pending_quotes = Vec::new();
        for (u, unit) in units.iter().enumerate() {
            match *unit {
                Unit::Furniture(i) => self.furniture(&lines[i], &output, &mut page),
                Unit::Marker(i) => {
                    // a subhead found by geometry (`body_type_subheads`) asks when it ends so
                    let question = matches!(lines[i].kind, LineKind::Marker { question: true })
                        || (matches!(lines[i].kind, LineKind::Text) && lines[i].norm.trim_end().ends_with(['؟', '?']));
                    let draft = current(&mut drafts);
                    draft.blocks.push(DraftBlock {
                        kind: DraftKind::Marker { question },
                        pieces: vec![(i, i)],
                        open: false,
                    });
                    draft.interrupted = false;
                }
                Unit::Text { first, last, role: Role::Heading, .. } => {
                    drafts.push(Draft { headings: Some((first, last)), ..Draft::default() });
                }
                Unit::Text { first, last, role: Role::Quote, .. } => {
                    pending_quotes.push((u, first, last));
                    if let Some(draft) = drafts.last_mut() {
                        draft.interrupted = true;
                    }
                }
                Unit::Text { first, last, role: Role::Display, .. } => {
                    let draft = current(&mut drafts);
                    draft.boxes.push((first, last));
                    draft.interrupted = true;
                }
                Unit::Text { first, last, .. } => {
                    let open = !lines[last].ends_sentence;
                    current(&mut drafts);
                    unit_draft[u] = drafts.len() - 1;
                    let draft = current(&mut drafts);
                    match continued_block(draft, &lines, first, model) {
                        Some(b) => {
                            let block = &mut draft.blocks[b];
                            block.pieces.push((first, last));
                            block.open = open;
                        }
                        None => {
                            draft.blocks.push(DraftBlock { kind: DraftKind::Text, pieces: vec![(first, last)], open })
                        }
                    }
                    draft.interrupted = false;
                }
            }
        }
        for (u, first, last) in pending_quotes {
            let target = quote_sources[u].map(|source| unit_draft[source]).filter(|&d| d != usize::MAX);
            let target = target.unwrap_or_else(|| drafts.len().saturating_sub(1));
            if drafts.is_empty() {
                drafts.push(Draft::default());
            }
            drafts[target].quotes.push((first, last));
        }
        let mut n = 0;
        for draft in &drafts {
            let empty = draft.blocks.is_empty() && draft.quotes.is_empty() && draft.boxes.is_empty();
            match draft.headings {
                // headings with nothing under them: the paper's name over the folio, a page title
                Some((first, last)) if layout && empty => page.furniture.push(Furniture {
                    kind: FurnitureKind::RunningHead,
                    text: output.join(&lines, &[(first, last)]),
                    lines: [lines[first].number, lines[last].number],
                }),
                _ => {
                    page.articles.push(self.article(n, draft, &lines, &output));
                    n += 1;
                }
            }
        }
        page.newspaper = page
            .furniture
            .iter()
            .find(|f| f.kind == FurnitureKind::RunningHead)
            .map(|f| f.text.clone())
            // a byline may name a city (`تهران - خبرنگار ما:`): only a known paper names the page
            .or_else(|| bylines.iter().find(|b| NEWSPAPERS.iter().any(|n| same_key(n, b))).cloned());
        Ok(PageWithEdits { page, edits: std::mem::take(&mut output.edits) })
    }

    fn furniture(&self, line: &Line, output: &Output, page: &mut Page) {
        let kind = match &line.kind {
            LineKind::Folio(folio) => {
                if page.date.is_none() && page.issue.is_none() {
                    page.date = folio.page_date();
                    page.issue = folio.issue;
                    page.publication_year = folio.publication_year;
                    page.page_number = folio.page_number.or(page.page_number);
                } else if let Some(date) = page.date.as_mut() {
                    // a second folio on the page must name the same day and issue
                    let other = folio.page_date();
                    let other_day = other.as_ref().and_then(|d| d.jalali.clone());
                    let differs = (other_day.is_some() && other_day != date.jalali)
                        || (folio.issue.is_some() && page.issue.is_some() && folio.issue != page.issue);
                    if differs {
                        date.consistent = false;
                        date.notes.push(format!(
                            "another folio on line {} names {}{}",
                            line.number,
                            other_day.as_deref().unwrap_or("another day"),
                            folio.issue.map(|n| format!(", issue {n}")).unwrap_or_default()
                        ));
                    }
                }
                FurnitureKind::Folio
            }
            LineKind::PageNumber(number) => {
                page.page_number.get_or_insert(*number);
                FurnitureKind::Folio
            }
            LineKind::Section => {
                let name = output.line(line).to_owned();
                if !page.sections.iter().any(|s| same_key(s, &name)) {
                    page.sections.push(name);
                }
                FurnitureKind::Section
            }
            LineKind::RunningHead => FurnitureKind::RunningHead,
            _ => FurnitureKind::Fragment,
        };
        page.furniture.push(Furniture { kind, text: output.line(line).to_owned(), lines: [line.number, line.number] });
    }

    fn article(&self, n: usize, draft: &Draft, lines: &[Line], output: &Output) -> Article {
        let model = self.restorer.model();
        let mut article = Article {
            id: format!("a{}", n + 1),
            kicker: None,
            overline: None,
            headline: None,
            subheadlines: Vec::new(),
            heading_lines: None,
            byline: None,
            cited_sources: Vec::new(),
            blocks: Vec::new(),
            pull_quotes: Vec::new(),
            boxes: Vec::new(),
            dates_mentioned: Vec::new(),
        };
        if let Some((first, group_last)) = draft.headings {
            // an author's line closing the group (`گزارش: سارا رحیمی`) is the byline: the
            // headings are read without it, and it is kept as the last subheadline
            let mut last = group_last;
            let mut author_line = None;
            if last > first {
                if let Some(author) = read_author_line(output.line(&lines[last])) {
                    let number = lines[last].number;
                    article.byline = Some(Byline { source: None, author: Some(author), lines: [number, number] });
                    author_line = Some(output.line(&lines[last]).trim().to_owned());
                    last -= 1;
                }
            }
            let texts: Vec<&str> = lines[first..=last].iter().map(|l| output.line(l)).collect();
            let sizes: Vec<f32> = lines[first..=last].iter().map(|l| l.size_hint).collect();
            let (smallest, largest) = sizes.iter().fold((f32::MAX, 0.0f32), |(lo, hi), &s| (lo.min(s), hi.max(s)));
            // sizes tell the headline only where they differ
            let headings = if smallest > 0.0 && largest > 1.05 * smallest {
                read_headings_by_size(&texts, &sizes)
            } else {
                read_headings(&texts, model)
            };
            article.kicker = headings.kicker;
            article.overline = headings.overline;
            article.headline = headings.headline;
            article.subheadlines = headings.subheadlines;
            article.subheadlines.extend(author_line);
            article.heading_lines = Some([lines[first].number, lines[group_last].number]);
        }
        let markers = draft.blocks.iter().filter(|b| matches!(b.kind, DraftKind::Marker { .. })).count();
        let questions = draft.blocks.iter().filter(|b| b.kind == DraftKind::Marker { question: true }).count();
        let interview = questions > 0 && 2 * questions >= markers;
        let mut in_answer = false;
        for (b, block) in draft.blocks.iter().enumerate() {
            let kind = match block.kind {
                DraftKind::Marker { .. } if interview => BlockKind::Question,
                DraftKind::Marker { .. } => BlockKind::Subhead,
                DraftKind::Text if b == 0 => BlockKind::Lead,
                DraftKind::Text if in_answer => BlockKind::Answer,
                DraftKind::Text => BlockKind::Paragraph,
            };
            let (text, flags) = match block.kind {
                DraftKind::Marker { .. } => {
                    let line = output.line(&lines[block.pieces[0].0]);
                    (marker_inner(line).unwrap_or(line).to_owned(), Vec::new())
                }
                DraftKind::Text => output.join_flagged(lines, &block.pieces),
            };
            let pieces: Vec<LineRange> =
                block.pieces.iter().map(|&(f, l)| [lines[f].number, lines[l].number]).collect();
            in_answer = kind == BlockKind::Question || kind == BlockKind::Answer;
            match article.blocks.last_mut() {
                // the paragraphs of one answer are one answer block
                Some(previous) if kind == BlockKind::Answer && previous.kind == BlockKind::Answer => {
                    previous.text.push('\n');
                    let offset = previous.text.len();
                    previous.text.push_str(&text);
                    previous.flags.extend(flags.into_iter().map(|mut f| {
                        f.span = [f.span[0] + offset, f.span[1] + offset];
                        f
                    }));
                    previous.pieces.extend(pieces);
                    previous.pieces.sort_unstable();
                    previous.lines = [previous.pieces[0][0], previous.pieces.iter().map(|p| p[1]).max().unwrap_or(0)];
                }
                _ => {
                    let lines = [pieces[0][0], pieces.iter().map(|p| p[1]).max().unwrap_or(pieces[0][1])];
                    article.blocks.push(Block { kind, text, lines, pieces, flags });
                }
            }
        }
        if let Some(first) = draft.blocks.first().filter(|b| b.kind == DraftKind::Text) {
            let line = &lines[first.pieces[0].0];
            if let Some(byline) = read_byline(output.line(line)) {
                article.byline =
                    Some(Byline { source: byline.source, author: byline.author, lines: [line.number, line.number] });
            }
        }
        for (i, block) in article.blocks.iter().enumerate() {
            cited_sources(&block.text, &mut article.cited_sources);
            for found in find_dates(&block.text) {
                article.dates_mentioned.push(DateMention {
                    text: block.text[found.span.clone()].to_owned(),
                    block: i,
                    span: [found.span.start, found.span.end],
                    jalali: found.jalali,
                    gregorian: found.gregorian,
                    hijri: found.hijri,
                });
            }
        }
        let excerpt = |&(f, l): &(usize, usize)| Excerpt {
            text: output.join(lines, &[(f, l)]),
            lines: [lines[f].number, lines[l].number],
        };
        article.pull_quotes = draft.quotes.iter().map(excerpt).collect();
        article.boxes = draft.boxes.iter().map(excerpt).collect();
        article
    }
}

/// The article being filled, started headless when text comes before any heading.
fn current(drafts: &mut Vec<Draft>) -> &mut Draft {
    if drafts.is_empty() {
        drafts.push(Draft::default());
    }
    drafts.last_mut().expect("just ensured")
}

/// The open block a paragraph starting at line `first` continues, if it continues one: it resumes
/// right after a pull quote or box, or its first sentence is a fragment (`دفاع کنند.`). Among
/// several open blocks the one whose last word joins best with the first word wins.
fn continued_block(draft: &Draft, lines: &[Line], first: usize, model: &bayegan_text::Model) -> Option<usize> {
    const FRAGMENT_WORDS: usize = 3;
    let line = &lines[first];
    let fragment_start = line.first_sentence_words.is_some_and(|w| w <= FRAGMENT_WORDS);
    let last_open = draft.blocks.last().is_some_and(|b| b.open && b.kind == DraftKind::Text);
    if !(fragment_start || (draft.interrupted && last_open)) {
        return None;
    }
    let first_word = line.norm.split_whitespace().next().unwrap_or("");
    draft
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.open && b.kind == DraftKind::Text)
        .map(|(i, b)| {
            let (_, last) = *b.pieces.last().expect("blocks have pieces");
            let last_word = lines[last].norm.split_whitespace().last().unwrap_or("");
            let cost = model.pair_cost(last_word, first_word).unwrap_or(u32::MAX);
            (i, cost)
        })
        .min_by_key(|&(i, cost)| (cost, std::cmp::Reverse(i)))
        .map(|(i, _)| i)
}

/// Sources named in bylines anywhere on the page (`آرمان ملی` of `آرمان ملی - احسان اسقایی:`).
fn find_byline_sources(lines: &[Line]) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    for line in lines.iter().filter(|l| matches!(l.kind, LineKind::Text) && l.words > 4) {
        if let Some(source) = read_byline(&line.norm).and_then(|b| b.source) {
            if !sources.iter().any(|s| same_key(s, &source)) {
                sources.push(source);
            }
        }
    }
    sources
}

/// Groups analysed lines into units. A run of short text lines is first cut before a kicker
/// standing alone (`گزارش`: headings start there), and a kicker's heading lines (up to the first
/// line that ends a sentence) are set apart. What remains is a narrow column when it has at
/// least four lines and fewer than 40% of them end a sentence (a column breaks mid-sentence; the
/// few lines after its last sentence end, when a paragraph follows, are the next headings);
/// otherwise each line that ends a sentence is a paragraph of its own and the lines between
/// stay short runs.
fn group_units(lines: &[Line]) -> Vec<Unit> {
    let mut units = Vec::new();
    let blank_breaks = blanks_are_breaks(lines);
    // the end of the paragraph (lines between blank lines) that starts at line `i`
    let paragraph_end = |i: usize| {
        (i + 1..lines.len())
            .find(|&j| lines[j].blank_before || !matches!(lines[j].kind, LineKind::Text))
            .unwrap_or(lines.len())
    };
    // where blank lines separate paragraphs, the lines of one that ends a sentence are a
    // column's lines (a paragraph broken into three lines is one paragraph); returns its end
    let column_paragraph = |i: usize| {
        if !blank_breaks || (i > 0 && !lines[i].blank_before) {
            return None;
        }
        let end = paragraph_end(i);
        let column = end - i >= 2
            && lines[end - 1].ends_sentence
            && lines[i..end].iter().all(|l| matches!(l.kind, LineKind::Text) && !l.heading_hint);
        column.then_some(end)
    };
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(end) = column_paragraph(i) {
            units.push(Unit::Text { first: i, last: end - 1, shape: Shape::Column, role: Role::Undecided });
            i = end;
            continue;
        }
        match line.kind {
            LineKind::Marker { .. } => units.push(Unit::Marker(i)),
            LineKind::Text if line.heading_hint => {
                i = heading_run(lines, i, &mut units);
                continue;
            }
            LineKind::Text if !line.is_short_text() => {
                units.push(Unit::Text { first: i, last: i, shape: Shape::Paragraph, role: Role::Undecided })
            }
            LineKind::Text => {
                let end = (i..lines.len())
                    .find(|&j| {
                        !lines[j].is_short_text() || lines[j].heading_hint || (j > i && column_paragraph(j).is_some())
                    })
                    .unwrap_or(lines.len());
                let mut start = i;
                for cut in (i + 1..end).filter(|&j| is_kicker(&lines[j].norm)).chain([end]) {
                    short_run(lines, start, cut, &mut units);
                    start = cut;
                }
                i = end;
                continue;
            }
            _ => units.push(Unit::Furniture(i)),
        }
        i += 1;
    }
    units
}

/// The headings unit of a run of heading-type lines starting at `start` (see
/// [`Parser::parse_layout`]); returns the index after it.
fn heading_run(lines: &[Line], start: usize, units: &mut Vec<Unit>) -> usize {
    const MAX_BEFORE: usize = 2;
    const MAX_AFTER: usize = 3;
    let heading_type = |j: usize| matches!(lines[j].kind, LineKind::Text) && lines[j].heading_hint;
    let mut first = start;
    // a kicker or overline in body type right before the headline
    if let Some(&Unit::Text { first: before, last, shape: Shape::Short, role: Role::Undecided }) = units.last() {
        if last + 1 == start && last + 1 - before <= MAX_BEFORE && !lines[before..=last].iter().any(|l| l.ends_sentence)
        {
            units.pop();
            first = before;
        }
    }
    let mut end = (start..lines.len()).find(|&j| !heading_type(j)).unwrap_or(lines.len());
    // subheadlines in body type right after it
    let mut after = 0;
    while end < lines.len() && after < MAX_AFTER && lines[end].is_short_text() && !lines[end].ends_sentence {
        end += 1;
        after += 1;
    }
    units.push(Unit::Text { first, last: end - 1, shape: Shape::Short, role: Role::Heading });
    end
}

/// Units of the short text lines `start..end` (see [`group_units`]).
fn short_run(lines: &[Line], mut start: usize, end: usize, units: &mut Vec<Unit>) {
    const MIN_COLUMN_LINES: usize = 4;
    const MAX_HEADING_LINES: usize = 5;
    let short = |first, last| Unit::Text { first, last, shape: Shape::Short, role: Role::Undecided };
    if is_kicker(&lines[start].norm) {
        let stop = (start..end).find(|&j| lines[j].ends_sentence).unwrap_or(end).min(start + MAX_HEADING_LINES);
        units.push(short(start, stop - 1));
        start = stop;
    }
    if start >= end {
        return;
    }
    let run = &lines[start..end];
    let stops = run.iter().filter(|l| l.ends_sentence).count();
    if run.len() >= MIN_COLUMN_LINES && stops > 0 && 10 * stops < 4 * run.len() {
        let last_stop = (start..end).rev().find(|&j| lines[j].ends_sentence).expect("a line ends a sentence");
        let followed_by_paragraph =
            lines.get(end).is_none_or(|next| matches!(next.kind, LineKind::Text) && !next.is_short_text());
        let trailing = end - 1 - last_stop;
        if followed_by_paragraph
            && (1..=MAX_HEADING_LINES).contains(&trailing)
            && last_stop + 1 - start >= MIN_COLUMN_LINES
        {
            units.push(Unit::Text { first: start, last: last_stop, shape: Shape::Column, role: Role::Undecided });
            units.push(short(last_stop + 1, end - 1));
        } else {
            units.push(Unit::Text { first: start, last: end - 1, shape: Shape::Column, role: Role::Undecided });
        }
        return;
    }
    let mut pending = start;
    for (j, line) in lines.iter().enumerate().take(end).skip(start) {
        if line.ends_sentence {
            if pending < j {
                units.push(short(pending, j - 1));
            }
            units.push(Unit::Text { first: j, last: j, shape: Shape::Paragraph, role: Role::Undecided });
            pending = j + 1;
        }
    }
    if pending < end {
        units.push(short(pending, end - 1));
    }
}

/// Word hashes of a range of lines.
fn word_hashes(lines: &[Line], first: usize, last: usize) -> Vec<u64> {
    let empty = word_hash("");
    lines[first..=last].iter().flat_map(|l| l.norm.split_whitespace()).map(word_hash).filter(|&h| h != empty).collect()
}

/// A paragraph or column other quotes may repeat.
struct Reference {
    /// Index of its first analysed line: units are renumbered while quotes are split off.
    first: usize,
    words: Vec<u64>,
    set: FxHashSet<u64>,
}

/// The reference (by first line) that the words of lines `first..=last` repeat, allowing a few
/// differing words (typos, a dropped final word).
fn repeated_in(words: &[u64], first: usize, references: &[Reference]) -> Option<usize> {
    /// Shorter stretches match common words by chance (`پزشکیان در وفاق با …`).
    const MIN_WORDS: usize = 6;
    const MAX_WORDS: usize = 80;
    const SHARE: f64 = 0.8;
    let n = words.len();
    if !(MIN_WORDS..=MAX_WORDS).contains(&n) {
        return None;
    }
    let needed = (SHARE * n as f64).ceil() as usize;
    references
        .iter()
        .find(|r| {
            r.first != first
                && (r.words.len() > n || (r.words.len() == n && r.first < first))
                && words.iter().filter(|h| r.set.contains(h)).count() >= needed
                && common_subsequence(words, &r.words) >= needed
        })
        .map(|r| r.first)
}

/// Sets pull quotes apart: a short paragraph, or the longest stretch of a short run, that
/// repeats a longer paragraph (the stretch is split off the run, so a quote printed next to a
/// box stays apart from it). A headline that repeats the lead right under it is not a quote.
/// Returns the units and, for each quote, the unit it repeats.
fn find_quotes(lines: &[Line], units: Vec<Unit>) -> (Vec<Unit>, Vec<Option<usize>>) {
    let references: Vec<Reference> = units
        .iter()
        .filter_map(|u| match *u {
            Unit::Text { first, last, shape: Shape::Paragraph | Shape::Column, .. } => {
                let words = word_hashes(lines, first, last);
                let set = words.iter().copied().collect();
                Some(Reference { first, words, set })
            }
            _ => None,
        })
        .collect();
    // the first line of the paragraph or column after each unit, past furniture and at most
    // two short runs (a headline's subheadlines)
    let next_body: Vec<Option<usize>> = (0..units.len())
        .map(|k| {
            let mut shorts = 0;
            for unit in &units[k + 1..] {
                match *unit {
                    Unit::Text { first, shape: Shape::Paragraph | Shape::Column, .. } => return Some(first),
                    Unit::Text { shape: Shape::Short, .. } if shorts < 2 => shorts += 1,
                    Unit::Furniture(_) => {}
                    _ => return None,
                }
            }
            None
        })
        .collect();
    // the first line of the paragraph or column after the one starting at a line
    let body_starts: Vec<usize> = units
        .iter()
        .filter_map(|u| match *u {
            Unit::Text { first, shape: Shape::Paragraph | Shape::Column, .. } => Some(first),
            _ => None,
        })
        .collect();
    let body_after =
        |first: usize| body_starts.iter().position(|&b| b == first).and_then(|i| body_starts.get(i + 1)).copied();
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    // (unit index in `out`, first line of the repeated reference)
    let mut quotes = Vec::new();
    for (k, unit) in units.into_iter().enumerate() {
        // headings, not a quote, however much they repeat the lead: a fresh paragraph follows
        // (with a byline, or one that does not continue a cut one) and nothing before is left
        // open, unless that paragraph has a byline
        let opens_article = |out: &[Unit]| {
            next_body[k].is_some_and(|next| {
                let byline = read_byline(&lines[next].norm).is_some();
                let fresh = lines[next].first_sentence_words.is_none_or(|w| w > 3);
                let after_open = previous_body_text(out, out.len()).is_some_and(|p| body_text_is_open(lines, &out[p]));
                byline || (fresh && !after_open)
            })
        };
        // …and what it repeats is that paragraph or the one after it
        let headline_over = |source: usize, out: &[Unit]| {
            let near = next_body[k]
                .is_some_and(|next| source == next || body_after(next).is_some_and(|after| source == after));
            near && opens_article(out)
        };
        match unit {
            // a paragraph of several sentences that ends with a stop is body text, however much
            // it repeats (news copy repeats itself); a quote is one sentence, often unfinished
            Unit::Text { first, last, shape: Shape::Paragraph, .. }
                if lines[last].ends_sentence
                    && lines[first].first_sentence_words.is_some_and(|w| w < lines[first].words) =>
            {
                out.push(unit)
            }
            Unit::Text { first, last, shape: Shape::Paragraph, .. } => {
                match repeated_in(&word_hashes(lines, first, last), first, &references) {
                    Some(source) if !headline_over(source, &out) => {
                        quotes.push((out.len(), source));
                        out.push(Unit::Text { first, last, shape: Shape::Paragraph, role: Role::Quote });
                    }
                    _ => out.push(unit),
                }
            }
            Unit::Text { first, last, shape: Shape::Short, .. } => {
                // the longest stretch of the run that is a quote, if any
                let best = (first..=last)
                    .flat_map(|a| (a..=last).map(move |b| (a, b)))
                    .filter_map(|(a, b)| repeated_in(&word_hashes(lines, a, b), a, &references).map(|s| (a, b, s)))
                    .max_by_key(|&(a, b, _)| (b - a, std::cmp::Reverse(a)));
                let short = |first, last| Unit::Text { first, last, shape: Shape::Short, role: Role::Undecided };
                match best {
                    Some((a, b, source)) if !headline_over(source, &out) => {
                        if a > first {
                            out.push(short(first, a - 1));
                        }
                        quotes.push((out.len(), source));
                        out.push(Unit::Text { first: a, last: b, shape: Shape::Short, role: Role::Quote });
                        if b < last {
                            out.push(short(b + 1, last));
                        }
                    }
                    _ => out.push(unit),
                }
            }
            other => out.push(other),
        }
    }
    let mut sources = vec![None; out.len()];
    for (q, source_line) in quotes {
        sources[q] = out
            .iter()
            .position(|u| matches!(*u, Unit::Text { first, role, .. } if first == source_line && role != Role::Quote));
    }
    (out, sources)
}

/// A paragraph or column that is not a quote.
fn is_body_text(unit: &Unit) -> bool {
    matches!(unit, Unit::Text { shape: Shape::Paragraph | Shape::Column, role, .. } if *role != Role::Quote)
}

/// The closest paragraph or column before unit `u`, looking past furniture, quotes and short
/// runs; None when a marked line or the page's start comes first.
fn previous_body_text(units: &[Unit], u: usize) -> Option<usize> {
    for p in (0..u).rev() {
        match &units[p] {
            Unit::Marker(_) => return None,
            unit if is_body_text(unit) => return Some(p),
            _ => {}
        }
    }
    None
}

fn body_text_is_open(lines: &[Line], unit: &Unit) -> bool {
    matches!(*unit, Unit::Text { last, .. } if !lines[last].ends_sentence)
}

/// Length of the longest common subsequence of two word sequences.
fn common_subsequence(a: &[u64], b: &[u64]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diagonal = 0;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { above.max(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A short run is an article's headings when a fresh paragraph follows it (one that starts
/// with a byline, or does not continue an earlier one with a fragment like `دفاع کنند.`) and
/// no paragraph before it was left open; otherwise it is a box.
fn decide_headings(lines: &[Line], units: &mut [Unit]) {
    const FRAGMENT_WORDS: usize = 3;
    for u in 0..units.len() {
        let Unit::Text { shape: Shape::Short, role: Role::Undecided, .. } = units[u] else { continue };
        let next = units[u + 1..].iter().find(|n| !matches!(n, Unit::Furniture(_)));
        let heading = match next {
            Some(Unit::Text { first, shape: Shape::Paragraph | Shape::Column, role: Role::Undecided, .. }) => {
                let line = &lines[*first];
                let byline = read_byline(&line.norm).is_some();
                let fresh = line.first_sentence_words.is_none_or(|w| w > FRAGMENT_WORDS);
                let after_open = previous_body_text(units, u).is_some_and(|p| body_text_is_open(lines, &units[p]));
                byline || (fresh && !after_open)
            }
            _ => false,
        };
        if let Unit::Text { role, .. } = &mut units[u] {
            *role = if heading { Role::Heading } else { Role::Display };
        }
    }
}

/// With geometry: a single short line in body type that the text alone would take for an
/// article's headings, inside an article (body text before it), is a subhead.
fn body_type_subheads(lines: &[Line], units: &mut [Unit]) {
    for u in 0..units.len() {
        if let Unit::Text { first, last, shape: Shape::Short, role: Role::Heading } = units[u] {
            if first == last && !lines[first].heading_hint && previous_body_text(units, u).is_some() {
                units[u] = Unit::Marker(first);
            }
        }
    }
}

/// The text fields' source: restored lines, or the original ones.
struct Output<'a> {
    input: &'a str,
    /// Restored text of each line by line number (empty for blank lines), when not raw.
    restored: Option<Vec<String>>,
    /// Spelling flags by line number: byte offset in the restored line, and the flag.
    flags: Vec<Vec<(usize, Flag)>>,
    /// The restorer's edits of the whole input (none when raw).
    edits: Vec<Edit>,
}

impl<'a> Output<'a> {
    fn new(input: &'a str, lines: &[Line], restorer: Option<&Restorer>) -> Self {
        let size = lines.last().map_or(0, |l| l.number as usize + 1);
        let mut flags: Vec<Vec<(usize, Flag)>> = vec![Vec::new(); size];
        let mut edits = Vec::new();
        let restored = restorer.map(|restorer| {
            let mut all = restorer.restore(input);
            let restored_lines: Vec<&str> = all.text.split('\n').collect();
            let aligned = restored_lines.len() == input.split('\n').count();
            let mut by_number = vec![String::new(); size];
            for line in lines {
                by_number[line.number as usize] = if aligned {
                    restored_lines[line.number as usize - 1].trim().to_owned()
                } else {
                    restorer.fix(&input[line.raw.clone()])
                };
            }
            if aligned {
                place_flags(&all, &restored_lines, &mut flags);
            }
            edits = std::mem::take(&mut all.edits);
            by_number
        });
        Output { input, restored, flags, edits }
    }

    fn line(&self, line: &Line) -> &str {
        match &self.restored {
            Some(restored) => &restored[line.number as usize],
            None => &self.input[line.raw.clone()],
        }
    }

    /// The lines of some ranges joined back into running text.
    fn join(&self, lines: &[Line], pieces: &[(usize, usize)]) -> String {
        self.join_flagged(lines, pieces).0
    }

    /// [`Output::join`], with the spelling flags of those lines placed in the joined text.
    fn join_flagged(&self, lines: &[Line], pieces: &[(usize, usize)]) -> (String, Vec<WordFlag>) {
        let mut text = String::new();
        let mut found = Vec::new();
        for &(first, last) in pieces {
            for line in &lines[first..=last] {
                if !text.is_empty() {
                    text.push(' ');
                }
                let offset = text.len();
                text.push_str(self.line(line));
                for (at, flag) in self.flags.get(line.number as usize).into_iter().flatten() {
                    let span = [offset + at, offset + at + flag.word.len()];
                    if text.get(span[0]..span[1]) == Some(flag.word.as_str()) {
                        found.push(WordFlag {
                            span,
                            word: flag.word.clone(),
                            kind: flag.kind,
                            suggestions: flag.suggestions.clone(),
                        });
                    }
                }
            }
        }
        (text, found)
    }
}

/// Sorts the restorer's flags by line: each flag's input span is carried across the edits
/// before it into the restored text, then made relative to its (trimmed) restored line.
fn place_flags(restored: &bayegan_text::Restored, restored_lines: &[&str], by_line: &mut [Vec<(usize, Flag)>]) {
    let mut line_starts = Vec::with_capacity(restored_lines.len());
    let mut at = 0;
    for line in restored_lines {
        line_starts.push(at);
        at += line.len() + 1;
    }
    let mut edits = restored.edits.iter().peekable();
    let mut shift: isize = 0;
    for flag in &restored.flags {
        while let Some(edit) = edits.next_if(|e| e.span.end <= flag.span.start) {
            shift += edit.after.len() as isize - edit.before.len() as isize;
        }
        let start = (flag.span.start as isize + shift) as usize;
        let index = line_starts.partition_point(|&s| s <= start) - 1;
        let line = restored_lines[index];
        let lead = line.len() - line.trim_start().len();
        let Some(offset) = (start - line_starts[index]).checked_sub(lead) else { continue };
        if let Some(slot) = by_line.get_mut(index + 1) {
            slot.push((offset, flag.clone()));
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    const LEAD: &str =
        "تهران - خبرنگار بایگان: قیمت نان در تهران از امروز بیست درصد بالا رفت و نانوایان از کمبود آرد گله دارند.";
    const SECOND: &str =
        "نمایشگاهی از عکس‌های قدیمی بازارهای ایران از دیروز در موزه ملی برپا شده و بازدید از آن رایگان است.";

    fn hints(text: &str, heading_lines: &[usize]) -> Vec<LineHint> {
        (1..=text.split('\n').count())
            .map(|n| {
                let heading = heading_lines.contains(&n);
                LineHint { heading, size: if heading { 2.0 } else { 1.0 } }
            })
            .collect()
    }

    #[test]
    fn heading_type_lines_head_articles_with_the_short_lines_around_them() {
        // kicker in body type, headline in heading type, a subheadline in body type, the lead;
        // then a second article whose headline alone is in heading type
        let text =
            format!("گزارش\n\nنان گران شد\n\nنانوایان: آرد کم است\n\n{LEAD}\n\nنمایشگاه عکس گشایش یافت\n\n{SECOND}\n");
        let page = Parser::new().parse_layout("paper.pdf#page=1", &text, &hints(&text, &[3, 9])).unwrap();
        assert_eq!(page.articles.len(), 2, "{page:#?}");
        let first = &page.articles[0];
        assert_eq!(first.kicker.as_deref(), Some("گزارش"));
        assert_eq!(first.headline.as_deref(), Some("نان گران شد"));
        assert_eq!(first.subheadlines, ["نانوایان: آرد کم است"]);
        assert_eq!(first.heading_lines, Some([1, 5]));
        assert_eq!(first.blocks[0].kind, BlockKind::Lead);
        assert_eq!(page.articles[1].headline.as_deref(), Some("نمایشگاه عکس گشایش یافت"));
    }

    #[test]
    fn a_heading_type_line_that_ends_a_sentence_is_still_a_heading() {
        // read as text alone, a line ending with a full stop is a paragraph
        let text = format!("قیمت نان بالا رفت.\n\n{LEAD}\n");
        let plain = Parser::new().parse("page.txt", &text).unwrap();
        assert_eq!(plain.articles[0].headline, None);
        let page = Parser::new().parse_layout("page.pdf#page=1", &text, &hints(&text, &[1])).unwrap();
        assert_eq!(page.articles[0].headline.as_deref(), Some("قیمت نان بالا رفت."));
    }

    #[test]
    fn without_hints_the_layout_path_is_the_text_path() {
        let text = format!("گزارش\n\nنان گران شد\n\n{LEAD}\n\n{SECOND}\n");
        let parser = Parser::new();
        assert_eq!(parser.parse_layout("p", &text, &[]).unwrap(), parser.parse("p", &text).unwrap());
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    const PAGE: &str = "گزارش\n\nنان گران شد\n\nتهران - خبرنگار بایگان: قیمت نان در تهران از امروز بیست درصد بالا رفت و نانوایان از کمبود آرد گله میکنند.\n\nمسئولان صنف میگویند قیمت تازه تا پایان سال تغییر نمیکند.\n";

    #[test]
    fn the_page_comes_with_the_edits_its_text_was_restored_with() {
        let parser = Parser::new();
        let parsed = parser.parse_with_edits("page.txt", PAGE, &[]).unwrap();
        assert_eq!(parsed.page, parser.parse("page.txt", PAGE).unwrap(), "the same page as parse gives");
        // ZWNJs put back where the input's bytes say
        let places: Vec<(&str, &str, &str)> = parsed
            .edits
            .iter()
            .map(|e| {
                let before = PAGE[..e.span.start].rsplit(' ').next().unwrap();
                let after = PAGE[e.span.end..].split([' ', '.']).next().unwrap();
                (before, e.after.as_str(), after)
            })
            .collect();
        let zwnj = "\u{200c}";
        assert_eq!(places, [("می", zwnj, "کنند"), ("می", zwnj, "گویند"), ("نمی", zwnj, "کند")]);
        // applied to the input, the edits give the text the blocks were cut from
        let restored = bayegan_text::apply_edits(PAGE, &parsed.edits);
        for block in &parsed.page.articles[0].blocks {
            assert!(restored.contains(&block.text), "{:?} in {restored:?}", block.text);
        }
        let raw = Parser::builder().raw(true).build().parse_with_edits("page.txt", PAGE, &[]).unwrap();
        assert!(raw.edits.is_empty(), "a raw parse restores nothing");
    }

    #[test]
    fn lines_ended_by_a_carriage_return_alone_are_lines() {
        let page = "سه‌شنبه ۲۰ آذر ۱۴۰۳ - شماره ۲۳۱۸\n\nبازگشایی کتابخانه مرکزی پس از مرمت\n\nکتابخانه مرکزی شهر پس از دو سال مرمت از هفته آینده دوباره به روی مراجعان باز می‌شود.\n";
        let parser = Parser::new();
        let unix = parser.parse("unix", page).unwrap();
        for ends in ["\r", "\r\n"] {
            let other = parser.parse("unix", &page.replace('\n', ends)).unwrap();
            assert_eq!(other.articles, unix.articles, "{ends:?}");
            assert_eq!(other.date, unix.date, "{ends:?}");
        }
    }

    #[test]
    fn a_second_folio_of_another_day_makes_the_date_inconsistent() {
        let page = "یکشنبه ۲۰ آبان ۱۴۰۳ - شماره ۱۲۳۴\n\nمجلس طرح شفافیت آرا را تصویب کرد\n\nنمایندگان مجلس طرح شفافیت آرا را با ۱۸۰ رأی موافق تصویب کردند و آرای نمایندگان منتشر می‌شود.\n\nچهارشنبه ۲۳ آبان ۱۴۰۳ - شماره ۱۲۳۷\n";
        let date = Parser::new().parse("p", page).unwrap().date.unwrap();
        assert_eq!(date.jalali.as_deref(), Some("1403-08-20"), "the first folio names the page");
        assert!(!date.consistent);
        assert_eq!(date.notes.last().unwrap(), "another folio on line 7 names 1403-08-23, issue 1237");
        // the same folio again (top and bottom of the page) is no disagreement
        let same = page.replace("چهارشنبه ۲۳ آبان ۱۴۰۳ - شماره ۱۲۳۷", "یکشنبه ۲۰ آبان ۱۴۰۳ - شماره ۱۲۳۴");
        assert!(Parser::new().parse("p", &same).unwrap().date.unwrap().consistent);
    }
}
