//! Snippets: a piece of a hit's text with the words the query matched marked `<b>…</b>`.
//!
//! The marker reads the text as the analyzer does — the same word boundaries, the same folding
//! of letters and digits, the parts of a ZWNJ-joined word — but without the lexicon, so it costs
//! a scan of the text and no allocation per word. It marks a word when the index would match it
//! for the query: a query word's whole form, stem or (for a one-part word) any part of a
//! compound, a plural or comparative of a query word, and a query word's parts or a phrase's
//! words standing together and in order, across spaces and ZWNJs. What the lexicon alone could
//! tell — the parts of a compound written fused — is not split: such a word is marked only when
//! its whole form is the query's (text in the archive is restored, so compounds carry their
//! ZWNJs).

use std::ops::Range;

use bayegan_text::{is_letter, ZWNJ};
use rustc_hash::FxHashSet;

use crate::analyzer::{fold, in_word, PersianAnalyzer, STEMMED_ENDINGS};
use crate::query::Clause;

/// Characters of text a snippet shows, about.
pub(crate) const SNIPPET_CHARS: usize = 170;
/// Characters shown before the first marked word, about.
const LEAD_IN_CHARS: usize = 40;

/// What a query marks in a text.
#[derive(Debug, Default)]
pub(crate) struct Marker {
    /// Forms that mark a word by its whole form, a part or its stem.
    singles: FxHashSet<String>,
    /// Runs of forms that mark consecutive parts.
    sequences: Vec<Vec<String>>,
}

/// One word of a text as the marker reads it, built a character at a time.
#[derive(Debug, Default)]
struct TextWord {
    span: Range<usize>,
    /// The folded word, parts joined.
    whole: String,
    /// Byte ranges of the parts in `whole`.
    parts: Vec<Range<usize>>,
    /// Where the part being read starts in `whole`.
    part_start: usize,
    persian: bool,
}

impl TextWord {
    fn part(&self, i: usize) -> &str {
        &self.whole[self.parts[i].clone()]
    }

    fn start(&mut self, at: usize) {
        self.whole.clear();
        self.parts.clear();
        self.part_start = 0;
        self.persian = false;
        self.span = at..at;
    }

    fn push(&mut self, c: char) {
        if c == ZWNJ {
            self.end_part();
            return;
        }
        self.persian |= is_letter(c);
        if let Some(f) = fold(c) {
            self.whole.push(f);
        }
    }

    fn end_part(&mut self) {
        if self.whole.len() > self.part_start {
            self.parts.push(self.part_start..self.whole.len());
        }
        self.part_start = self.whole.len();
    }

    /// Ends the word at `end`; false when it folds to nothing.
    fn finish(&mut self, end: usize) -> bool {
        self.end_part();
        self.span.end = end;
        !self.whole.is_empty()
    }
}

impl Marker {
    /// The marker of a query's wanted (not excluded) clauses.
    pub(crate) fn new(clauses: &[Clause], analyzer: &PersianAnalyzer) -> Marker {
        let mut marker = Marker::default();
        for clause in clauses.iter().filter(|c| !c.excluded) {
            let words = analyzer.words(&clause.text);
            if clause.phrase {
                let sequence: Vec<String> = words.iter().flat_map(|w| w.parts.iter().cloned()).collect();
                marker.add_sequence(sequence);
            } else {
                for word in words {
                    marker.singles.insert(word.whole.clone());
                    if let Some(stem) = word.stem {
                        marker.singles.insert(stem);
                    }
                    if word.parts.len() > 1 {
                        marker.add_sequence(word.parts);
                    }
                }
            }
        }
        marker
    }

    fn add_sequence(&mut self, sequence: Vec<String>) {
        match sequence.len() {
            0 => {}
            1 => {
                self.singles.insert(sequence.into_iter().next().unwrap());
            }
            _ => {
                // the sequence written fused is one word of the whole form
                self.singles.insert(sequence.concat());
                self.sequences.push(sequence);
            }
        }
    }

    /// Whether a word is marked on its own.
    fn single(&self, word: &TextWord) -> bool {
        if self.singles.is_empty() {
            return false;
        }
        if self.singles.contains(&word.whole) {
            return true;
        }
        if word.parts.len() > 1 && (0..word.parts.len()).any(|i| self.singles.contains(word.part(i))) {
            return true;
        }
        // a plural or comparative of a query word (the index reads the stem with the lexicon)
        word.persian
            && word.parts.len() == 1
            && STEMMED_ENDINGS.iter().any(|ending| {
                word.whole
                    .strip_suffix(ending)
                    .is_some_and(|stem| stem.chars().count() >= 2 && self.singles.contains(stem))
            })
    }

    /// The byte ranges of `text` to mark, in order, not overlapping; the scan ends at the first
    /// word that starts more than `reach` bytes after the first mark (the rest is not shown).
    pub(crate) fn marks(&self, text: &str, reach: usize) -> Vec<Range<usize>> {
        let mut scan = Scan { marker: self, marks: Vec::new(), window: Default::default() };
        if self.singles.is_empty() && self.sequences.is_empty() {
            return scan.marks;
        }
        let longest = self.sequences.iter().map(Vec::len).max().unwrap_or(0);
        let mut word = TextWord::default();
        let mut inside = false;
        // one pass: characters are folded as the words are found
        for (i, c) in text.char_indices() {
            if in_word(c) {
                if !inside {
                    if scan.marks.first().is_some_and(|first| i > first.start.saturating_add(reach)) {
                        return scan.marks;
                    }
                    inside = true;
                    word.start(i);
                }
                word.push(c);
            } else if inside {
                inside = false;
                if word.finish(i) {
                    scan.word(&word, longest);
                }
            }
        }
        if inside && word.finish(text.len()) {
            scan.word(&word, longest);
        }
        scan.marks
    }
}

/// The state of one text's scan.
struct Scan<'m> {
    marker: &'m Marker,
    marks: Vec<Range<usize>>,
    /// The last few (word span, part) units, for the sequences.
    window: std::collections::VecDeque<(Range<usize>, String)>,
}

impl Scan<'_> {
    fn word(&mut self, word: &TextWord, longest: usize) {
        if self.marker.single(word) {
            push(&mut self.marks, word.span.clone());
        }
        if longest == 0 {
            return;
        }
        for p in 0..word.parts.len() {
            // the oldest unit's string is reused: no allocation per word
            let mut unit = if self.window.len() == longest {
                self.window.pop_front().map(|(_, u)| u).unwrap_or_default()
            } else {
                String::new()
            };
            unit.clear();
            unit.push_str(word.part(p));
            self.window.push_back((word.span.clone(), unit));
            let window = &self.window;
            for sequence in &self.marker.sequences {
                let n = sequence.len();
                if window.len() >= n && window.iter().skip(window.len() - n).zip(sequence).all(|((_, u), s)| u == s) {
                    let first = window[window.len() - n].0.start;
                    push(&mut self.marks, first..word.span.end);
                }
            }
        }
    }
}

/// Adds a range, merged with the last one when they overlap.
fn push(marks: &mut Vec<Range<usize>>, range: Range<usize>) {
    if let Some(last) = marks.last_mut() {
        if range.start < last.end {
            last.start = last.start.min(range.start);
            last.end = last.end.max(range.end);
            return;
        }
    }
    marks.push(range);
}

/// The byte offset `chars` characters after (or, negative, before) `at`, moved to a space.
fn word_edge(text: &str, at: usize, chars: isize) -> usize {
    if chars >= 0 {
        let mut end = text[at..].char_indices().nth(chars as usize).map_or(text.len(), |(i, _)| at + i);
        // finish the word
        while end < text.len() {
            let c = text[end..].chars().next().unwrap();
            if c.is_whitespace() {
                break;
            }
            end += c.len_utf8();
        }
        end
    } else {
        let back = text[..at].char_indices().rev().nth((-chars) as usize - 1).map_or(0, |(i, _)| i);
        // start at a word
        match text[back..at].find(char::is_whitespace) {
            Some(space) if back > 0 => back + space + text[back + space..].chars().next().unwrap().len_utf8(),
            _ => back,
        }
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A snippet of the first text that has a marked word (or the start of the first non-empty
/// text): about [`SNIPPET_CHARS`] characters from a little before the first marked word, its
/// marks as `<b>…</b>`, the rest escaped for HTML, `…` where text is left out.
pub(crate) fn snippet(marker: &Marker, texts: &[&str]) -> String {
    let mut chosen = None;
    for text in texts.iter().filter(|t| !t.trim().is_empty()) {
        // the window ends SNIPPET_CHARS after a point before the first mark: 4 bytes a character
        // is more than Persian text takes
        let marks = marker.marks(text, SNIPPET_CHARS * 4);
        if !marks.is_empty() {
            chosen = Some((*text, marks));
            break;
        }
        chosen.get_or_insert((*text, marks));
    }
    let Some((text, marks)) = chosen else { return String::new() };
    let from = marks.first().map_or(0, |m| word_edge(text, m.start, -(LEAD_IN_CHARS as isize)));
    let to = word_edge(text, from, SNIPPET_CHARS as isize);
    let mut out = String::with_capacity((to - from) * 2);
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for mark in marks.iter().filter(|m| m.start >= from && m.end <= to) {
        escape(&mut out, &text[at..mark.start]);
        out.push_str("<b>");
        escape(&mut out, &text[mark.clone()]);
        out.push_str("</b>");
        at = mark.end;
    }
    escape(&mut out, text[at..to].trim_end());
    if to < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;

    fn marked(query: &str, text: &str) -> Vec<String> {
        let marker = Marker::new(&parse_query(query).unwrap(), &PersianAnalyzer::default());
        marker.marks(text, usize::MAX).into_iter().map(|r| text[r].to_owned()).collect()
    }

    #[test]
    fn every_spelling_of_a_compound_is_marked_and_nothing_else() {
        let text = "رئیس‌جمهور گفت؛ رئیسجمهور رفت و رئیس جمهور آمد. رئيس اداره و جمهوری";
        for query in ["رئیس‌جمهور", "رئیسجمهور", "رئیس جمهور", "\"رئیس جمهور\""] {
            let marks = marked(query, text);
            if query == "رئیس جمهور" {
                // two words anywhere: each is marked wherever it stands, as a part too
                assert!(marks.contains(&"رئیس‌جمهور".to_owned()) && marks.contains(&"رئيس".to_owned()), "{marks:?}");
            } else {
                assert_eq!(marks, ["رئیس‌جمهور", "رئیسجمهور", "رئیس جمهور"], "query {query}");
            }
        }
    }

    #[test]
    fn a_verb_is_not_marked_in_its_neighbours() {
        // `میشود` is the phrase می+شود: `می‌رسد` and `می‌شوند` are other verbs
        assert_eq!(marked("میشود", "می‌رسد و می‌شوند؛ اجرا می‌شود و می شود"), ["می‌شود", "می شود"]);
    }

    #[test]
    fn letters_digits_stems_and_parts() {
        assert_eq!(marked("كتاب ۱۴۰۳", "کتاب‌ها در سال 1403 و کتابها و كتاب"), ["کتاب‌ها", "1403", "کتابها", "كتاب"]);
        assert_eq!(marked("خودروها", "قیمت خودرو و خودروهای سواری"), ["خودرو", "خودروهای"]);
        assert_eq!(marked("مـدرسه", "مدرسه‌ای و مدارس"), ["مدرسه‌ای"], "a part of a compound, as the index");
        assert_eq!(marked("ترامپ -بایدن", "بایدن و ترامپ"), ["ترامپ"]);
    }

    #[test]
    fn snippets_start_near_the_first_mark_and_escape_the_rest() {
        let marker = Marker::new(&parse_query("آب").unwrap(), &PersianAnalyzer::default());
        let long = format!("{} <آب> & {}", "واژه ".repeat(60), "پایان ".repeat(60));
        let s = snippet(&marker, &[&long]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("&lt;<b>آب</b>&gt; &amp;"), "{s}");
        assert!(s.chars().count() < SNIPPET_CHARS + LEAD_IN_CHARS + 30, "{s}");
        // no mark in the body: the lead's; none anywhere: the body's start
        assert_eq!(snippet(&marker, &["متن بی‌ربط", "آب شیرین"]), "<b>آب</b> شیرین");
        assert_eq!(snippet(&marker, &["متن بی‌ربط", "نان"]), "متن بی‌ربط");
        assert_eq!(snippet(&marker, &["", ""]), "");
    }
}
