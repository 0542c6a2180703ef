//! The [`Restorer`]: character normalization, then ZWNJ and space restoration, with every change
//! recorded as an [`Edit`] whose span points into the caller's text.

use std::borrow::Cow;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::chars::{digit_value, is_letter};
use crate::edit::Edit;
use crate::model::Model;
use crate::normalize::{self, Change, OffsetMap};
use crate::spacing::Spacer;
use crate::spelling::{Finding, Flag, Speller, SpellingMode};
use crate::EditKind;

/// What to do with digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DigitPolicy {
    /// Leave digits as written (the default).
    #[default]
    Keep,
    /// Write every digit outside Latin words, URLs and code as a Persian digit (۰–۹).
    Persian,
    /// Write every digit as an ASCII digit (0–9).
    Latin,
}

impl FromStr for DigitPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "keep" => Ok(DigitPolicy::Keep),
            "fa" | "persian" => Ok(DigitPolicy::Persian),
            "latin" | "en" => Ok(DigitPolicy::Latin),
            other => Err(format!("unknown digit policy {other:?}: use keep, fa or latin")),
        }
    }
}

/// What to do with diacritics (harakat, tanvin, hamza above).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiacriticPolicy {
    /// Keep them (the default).
    #[default]
    Keep,
    /// Remove them.
    Strip,
}

/// Validated options of a [`Restorer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreOptions {
    /// Digit policy; default keep.
    pub digits: DigitPolicy,
    /// Diacritic policy; default keep.
    pub diacritics: DiacriticPolicy,
    /// Restore ZWNJs and spaces (on by default); off leaves only character normalization.
    pub spacing: bool,
    /// Spelling: off (default), flag non-words, or correct the sure ones.
    #[serde(default)]
    pub spelling: SpellingMode,
}

impl Default for RestoreOptions {
    fn default() -> Self {
        RestoreOptions {
            digits: DigitPolicy::Keep,
            diacritics: DiacriticPolicy::Keep,
            spacing: true,
            spelling: SpellingMode::Off,
        }
    }
}

/// The result of [`Restorer::restore`]: the restored text and the edits that made it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Restored {
    /// The restored text.
    pub text: String,
    /// Every change, sorted by span, spans in the input's bytes; applying them to the input with
    /// [`crate::apply_edits`] gives `text`.
    pub edits: Vec<Edit>,
    /// Words the spelling stage flags and leaves as they are (empty unless spelling is on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
}

/// Builds a [`Restorer`]; setters take `&mut self` so a builder can be reused.
#[derive(Clone, Debug, Default)]
pub struct RestorerBuilder {
    options: RestoreOptions,
    model: Option<Arc<Model>>,
}

impl RestorerBuilder {
    /// A builder with default options and the embedded model.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the digit policy.
    pub fn digits(&mut self, policy: DigitPolicy) -> &mut Self {
        self.options.digits = policy;
        self
    }

    /// Sets the diacritic policy.
    pub fn diacritics(&mut self, policy: DiacriticPolicy) -> &mut Self {
        self.options.diacritics = policy;
        self
    }

    /// Turns ZWNJ and space restoration on or off.
    pub fn spacing(&mut self, on: bool) -> &mut Self {
        self.options.spacing = on;
        self
    }

    /// Sets the spelling stage: off, flag, or fix.
    pub fn spelling(&mut self, mode: SpellingMode) -> &mut Self {
        self.options.spelling = mode;
        self
    }

    /// Sets all options at once.
    pub fn options(&mut self, options: RestoreOptions) -> &mut Self {
        self.options = options;
        self
    }

    /// Uses another model than the embedded one.
    pub fn model(&mut self, model: Arc<Model>) -> &mut Self {
        self.model = Some(model);
        self
    }

    /// Builds the restorer. The embedded model is parsed once per process and shared.
    pub fn build(&self) -> Restorer {
        Restorer { model: self.model.clone().unwrap_or_else(Model::embedded), options: self.options }
    }
}

/// Restores Persian text: build once, share across threads (`Restorer` is `Send + Sync` and
/// cheap to clone).
///
/// ```
/// let restorer = bayegan_text::Restorer::new();
/// let restored = restorer.restore("این کار را میکنند");
/// assert_eq!(restored.text, "این کار را می\u{200c}کنند");
/// assert_eq!(restored.edits.len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Restorer {
    model: Arc<Model>,
    options: RestoreOptions,
}

impl Default for Restorer {
    fn default() -> Self {
        Self::new()
    }
}

impl Restorer {
    /// A restorer with default options and the embedded model.
    pub fn new() -> Self {
        RestorerBuilder::new().build()
    }

    /// A builder for other options.
    pub fn builder() -> RestorerBuilder {
        RestorerBuilder::new()
    }

    /// The options this restorer applies.
    pub fn options(&self) -> &RestoreOptions {
        &self.options
    }

    /// The lexicon and bigram model this restorer decides with.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Restores `text`, returning the new text and every edit.
    pub fn restore(&self, text: &str) -> Restored {
        let mut restored =
            Restored { text: String::with_capacity(text.len() + text.len() / 16), ..Restored::default() };
        self.run(text, true, &mut restored.text, Some((&mut restored.edits, &mut restored.flags)));
        restored
    }

    /// Restores `text` and returns only the new text (faster than [`Restorer::restore`]: no
    /// edit records are built, except to count them when spelling corrections are made, and
    /// with spelling in flag mode no flags either: the text is the same without them).
    pub fn fix(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 16);
        self.fix_into(text, &mut out);
        out
    }

    /// Appends the restored `text` to `out`; returns the number of edits made (as many as
    /// [`Restorer::restore`] lists).
    pub fn fix_into(&self, text: &str, out: &mut String) -> usize {
        self.run(text, true, out, None).1
    }

    /// Appends the restoration of the pieces of `text` that are complete ([`piece_end`]) to
    /// `out`, for a reader that streams a long input: returns how many bytes of `text` they
    /// take and how many edits were made. Unless `text` is `complete`, what is left is the start
    /// of a piece that more text will finish; the reader keeps it and calls again with more.
    pub fn fix_pieces_into(&self, text: &str, complete: bool, out: &mut String) -> (usize, usize) {
        self.run(text, complete, out, None)
    }

    /// Restores the pieces of `text` (all of it when `complete`); returns the bytes taken and the
    /// edits made.
    fn run(
        &self,
        text: &str,
        complete: bool,
        out: &mut String,
        mut records: Option<(&mut Vec<Edit>, &mut Vec<Flag>)>,
    ) -> (usize, usize) {
        let mut spacer = Spacer::new(&self.model);
        let speller = Speller::new(&self.model);
        // a correction absorbs the edits inside its word, which only the records show: when
        // corrections are made, edits are recorded for the count even when nobody asked for them
        let mut scratch =
            (records.is_none() && self.options.spelling == SpellingMode::Fix).then(|| (Vec::new(), Vec::new()));
        let mut count = 0;
        let mut start = 0;
        while start < text.len() {
            let Some(length) = piece_end(&text[start..], complete) else { break };
            let end = start + length;
            let piece = &text[start..end];
            let mut piece_records = match (&mut records, &mut scratch) {
                (Some((edits, flags)), _) => Some((&mut **edits, &mut **flags)),
                (None, Some((edits, flags))) => Some((edits, flags)),
                (None, None) => None,
            };
            let (out_start, edits_start) = (out.len(), piece_records.as_ref().map_or(0, |(edits, _)| edits.len()));
            let mut piece_count = self.restore_piece(
                piece,
                start,
                &mut spacer,
                out,
                piece_records.as_mut().map(|(edits, _)| &mut **edits),
            );
            // spelling findings show only in the records: the text with flags is the same
            if let Some((edits, flags)) = piece_records {
                if self.options.spelling != SpellingMode::Off {
                    let protected = normalize::protected_ranges(&out[out_start..]);
                    let findings = speller.check(&out[out_start..], &protected, self.options.spelling);
                    apply_findings(findings, piece, start, out, out_start, edits, flags, edits_start);
                }
                piece_count = edits.len() - edits_start;
            }
            if let Some((edits, flags)) = &mut scratch {
                edits.clear();
                flags.clear();
            }
            count += piece_count;
            start = end;
        }
        (start, count)
    }

    /// Restores one piece into `out`, recording its edits (offset by `offset`) when asked;
    /// returns the number of edits.
    fn restore_piece(
        &self,
        piece: &str,
        offset: usize,
        spacer: &mut Spacer,
        out: &mut String,
        edits: Option<&mut Vec<Edit>>,
    ) -> usize {
        let protected = normalize::protected_ranges(piece);
        let char_changes = normalize::normalize(piece, &protected, &self.options);
        let normalized: Cow<str> = if char_changes.is_empty() {
            Cow::Borrowed(piece)
        } else {
            Cow::Owned(normalize::apply(piece, &char_changes))
        };
        let map = OffsetMap::new(&char_changes);
        let mut space_changes = Vec::new();
        if self.options.spacing {
            // normalization leaves protected text as it is: the ranges carry over
            let protected: Vec<_> = protected.iter().map(|r| map.forward(r.start)..map.forward(r.end)).collect();
            spacer.restore(&normalized, &protected, &mut space_changes);
        }
        normalize::apply_into(&normalized, &space_changes, out);
        // where each spacing change goes, in input coordinates: one that rewrites a separator
        // produced by a character change, or inserts into a run of normalized letters
        // (`ميكند`), joins that change's edit
        let placements: Vec<Placement> = space_changes
            .iter()
            .map(|change| {
                if let Some(i) = map.producer_of(change.span.clone()) {
                    Placement::Rewrites(i)
                } else if let Some((i, at)) = change.span.is_empty().then(|| map.inside(change.span.start)).flatten() {
                    Placement::Inside(i, at)
                } else {
                    let start = map.map(change.span.start);
                    Placement::Own(start..if change.span.is_empty() { start } else { map.map_end(change.span.end) })
                }
            })
            .collect();
        let Some(edits) = edits else {
            return char_changes.len() + placements.iter().filter(|p| matches!(p, Placement::Own(_))).count();
        };
        drop(map);
        let mut merged = char_changes;
        // bytes already inserted into each character change, for a second insertion into it
        let mut grown = vec![0; merged.len()];
        for (change, placement) in space_changes.into_iter().zip(placements) {
            match placement {
                Placement::Rewrites(i) => {
                    merged[i].after = change.after;
                    merged[i].kind = change.kind;
                    merged[i].confidence = change.confidence;
                }
                Placement::Inside(i, at) => {
                    merged[i].after.to_mut().insert_str(at + grown[i], &change.after);
                    grown[i] += change.after.len();
                    merged[i].kind = change.kind;
                    merged[i].confidence = change.confidence;
                }
                Placement::Own(span) => merged.push(Change { span, ..change }),
            }
        }
        merged.sort_by_key(|c| (c.span.start, c.span.end));
        let count = merged.len();
        edits.extend(merged.into_iter().map(|change| Edit {
            before: piece[change.span.clone()].to_owned(),
            span: change.span.start + offset..change.span.end + offset,
            after: change.after.into_owned(),
            kind: change.kind,
            confidence: change.confidence,
        }));
        count
    }
}

/// Where a spacing change goes among a piece's character changes.
enum Placement {
    /// It rewrites the separator that character change produced.
    Rewrites(usize),
    /// It inserts into that change's replacement, at that byte.
    Inside(usize, usize),
    /// It is an edit of its own, over these input bytes.
    Own(Range<usize>),
}

/// Applies the spelling stage's findings to a restored piece (`out[out_start..]`): corrections
/// rewrite the text and become `spelling` edits in input coordinates that absorb any edit of
/// the same word (`کامهایی` → `گام‌هایی` is one edit); the other findings become flags.
#[allow(clippy::too_many_arguments)]
fn apply_findings(
    findings: Vec<Finding>,
    piece: &str,
    offset: usize,
    out: &mut String,
    out_start: usize,
    edits: &mut Vec<Edit>,
    flags: &mut Vec<Flag>,
    edits_start: usize,
) {
    // where each edit of the piece stands in the restored piece, and how far the edits before
    // it moved the text; findings are applied from the last, so neither goes stale
    let mut placed = Vec::with_capacity(edits.len() - edits_start);
    let mut shift_before = Vec::with_capacity(edits.len() - edits_start + 1);
    let mut delta: isize = 0;
    for edit in &edits[edits_start..] {
        shift_before.push(delta);
        let start = (edit.span.start - offset) as isize + delta;
        placed.push(start as usize..start as usize + edit.after.len());
        delta += edit.after.len() as isize - edit.before.len() as isize;
    }
    shift_before.push(delta);
    let mut new_flags = Vec::new();
    for finding in findings.into_iter().rev() {
        let span = finding.span.clone();
        // the edits that overlap the word; a removal only strictly inside it (one at its edge,
        // as a space before `»`, stays an edit of its own)
        let first = placed.partition_point(|p| p.end <= span.start);
        let touched = first..placed.partition_point(|p| p.start < span.end).max(first);
        let (restored_start, restored_end) = match touched.is_empty() {
            true => (span.start, span.end),
            false => (placed[touched.start].start.min(span.start), placed[touched.end - 1].end.max(span.end)),
        };
        // a restored position outside every edit maps back across the edits before it; a
        // removal right at the word's start lies before the word, one right at its end after it
        let to_input = |at: usize, word_end: bool| {
            let before = placed.partition_point(|p| p.end < at || p.end == at && !(word_end && p.is_empty()));
            (at as isize - shift_before[before]) as usize + offset
        };
        let (input_start, input_end) = match touched.is_empty() {
            true => (to_input(restored_start, false), to_input(restored_end, true)),
            false => (
                edits[edits_start + touched.start].span.start.min(to_input(span.start, false)),
                edits[edits_start + touched.end - 1].span.end.max(to_input(span.end, true)),
            ),
        };
        let restored_text = &out[out_start..];
        match finding.correction {
            Some((word, confidence)) => {
                let after = format!(
                    "{}{word}{}",
                    &restored_text[restored_start..span.start],
                    &restored_text[span.end..restored_end]
                );
                edits.drain(edits_start + touched.start..edits_start + touched.end);
                // after an insertion at the same place (a space before the word)
                let at = edits[edits_start..]
                    .partition_point(|e| (e.span.start, e.span.end) <= (input_start, input_start))
                    + edits_start;
                edits.insert(
                    at,
                    Edit {
                        span: input_start..input_end,
                        before: piece[input_start - offset..input_end - offset].to_owned(),
                        after,
                        kind: EditKind::Spelling,
                        confidence,
                    },
                );
                out.replace_range(out_start + span.start..out_start + span.end, &word);
            }
            None => new_flags.push(Flag {
                span: input_start..input_end,
                word: restored_text[span].to_owned(),
                kind: finding.kind,
                suggestions: finding.suggestions,
            }),
        }
    }
    new_flags.reverse();
    flags.extend(new_flags);
}

/// A piece holds about this many letters and digits (about 64 KB of Persian text).
const PIECE_LETTERS: usize = 28_000;
/// Past its letters, a piece still in one line ends at the first space this many bytes on.
const LONG_LINE_TAIL: usize = 64 * 1024;
/// A piece is never longer than this many bytes (text with hardly any letter, or a run of
/// letters without a space or a line end).
const PIECE_MAX_BYTES: usize = 1 << 20;

/// Where the first piece of `text` ends: restoration works piece by piece, so memory stays
/// bounded, and a reader of a long input hands it over in the same pieces.
///
/// A piece ends at the first line end after its [`PIECE_LETTERS`]th letter or digit. Those are
/// the characters restoration keeps or replaces one for one (a presentation form counts as the
/// letters it stands for, a kashida not at all), so a text and its restoration are cut after the
/// same lines, and restoring restored text changes nothing, however long (spelling corrections,
/// which may add or drop a letter, aside). A line that runs on [`LONG_LINE_TAIL`] bytes past the
/// letters is cut after a space, and no piece passes [`PIECE_MAX_BYTES`].
///
/// Returns None when `text` is not `complete` and may go on before its first piece ends (a
/// reader then reads more); otherwise the byte offset just past the piece, which depends only
/// on the text up to it.
pub fn piece_end(text: &str, complete: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let limit = bytes.len().min(PIECE_MAX_BYTES);
    let (letters, at) = count_letters(text, limit);
    if letters >= PIECE_LETTERS {
        // the end of that line, or of a line too long to wait for, after a space
        let tail_end = (at + LONG_LINE_TAIL).min(limit);
        if let Some(nl) = memchr::memchr(b'\n', &bytes[at..tail_end]) {
            return Some(at + nl + 1);
        }
        if let Some(cut) = memchr::memchr2(b' ', b'\n', &bytes[tail_end..limit]) {
            return Some(tail_end + cut + 1);
        }
    }
    if bytes.len() < PIECE_MAX_BYTES {
        return complete.then_some(bytes.len());
    }
    // so long without enough letters or breaks: the last line end or space before the limit
    let within = &bytes[..PIECE_MAX_BYTES];
    Some(match memchr::memrchr(b'\n', within).or_else(|| memchr::memrchr(b' ', within)) {
        Some(at) => at + 1,
        None => (0..=3).map(|back| PIECE_MAX_BYTES - back).find(|&at| text.is_char_boundary(at)).unwrap_or(0),
    })
}

/// The letters and digits of `text` up to the [`PIECE_LETTERS`]th (or to `limit`), and the byte
/// offset just past the last one counted.
fn count_letters(text: &str, limit: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut letters, mut at) = (0usize, 0usize);
    while at < limit && letters < PIECE_LETTERS {
        // blocks of common characters, counted without a branch
        while at + BLOCK < limit && letters + BLOCK < PIECE_LETTERS {
            match block_letters(bytes[at..at + BLOCK + 1].try_into().expect("a block and the next byte")) {
                Some(n) => (letters, at) = (letters + n, at + BLOCK),
                None => break,
            }
        }
        // (a block's last character may have begun in it and been counted there)
        while at < limit && bytes[at] & 0xC0 == 0x80 {
            at += 1;
        }
        // then a block's worth one character at a time
        let stop = (at + BLOCK).min(limit);
        while at < stop && letters < PIECE_LETTERS {
            let b = bytes[at];
            if b < 0x80 {
                letters += usize::from(b.is_ascii_alphanumeric());
                at += 1;
            } else if b & 0xFC == 0xD8 {
                letters +=
                    usize::from(KEPT_IN_ARABIC_BLOCK[(usize::from(b & 0x03) << 6) | usize::from(bytes[at + 1] & 0x3F)]);
                at += 2;
            } else {
                let c = text[at..].chars().next().unwrap_or_default();
                at += c.len_utf8();
                letters += kept_letters(c);
            }
        }
    }
    (letters, at)
}

/// Bytes counted at a time by [`block_letters`].
const BLOCK: usize = 32;

/// The letters and digits whose first byte is among the first [`BLOCK`] of `bytes` (one more
/// byte, the next, is given), when every character starting there is ASCII, of the Arabic block,
/// or one of the common marks « » ZWNJ and the spaces, which count nothing; None otherwise.
/// Comparisons only, so the compiler can count many bytes in one instruction.
fn block_letters(bytes: &[u8; BLOCK + 1]) -> Option<usize> {
    let (mut letters, mut other) = (0u8, 0u8);
    for i in 0..BLOCK {
        let (b, next) = (bytes[i], bytes[i + 1]);
        let within = |lo: u8, hi: u8| next.wrapping_sub(lo) <= hi - lo;
        let digit = b.wrapping_sub(b'0') < 10;
        let latin = (b | 0x20).wrapping_sub(b'a') < 26;
        let arabic = b & 0xFC == 0xD8;
        // U+0600–U+06FF that are neither letters nor digits: punctuation, kashida, marks
        let not_letter = (b == 0xD8) & (next < 0xA0)
            | (b == 0xD9) & ((next == 0x80) | within(0x8B, 0x9F) | within(0xAA, 0xAD) | (next == 0xB0))
            | (b == 0xDB) & ((next == 0x94) | within(0x96, 0xAD) | (next >= 0xBD));
        // « » no-break space, soft hyphen; U+2000–U+203F (spaces, ZWNJ, dashes, quotes, marks)
        let known = (b == 0xC2) & ((next == 0xAB) | (next == 0xBB) | (next == 0xA0) | (next == 0xAD))
            | (b == 0xE2) & (next == 0x80);
        letters += u8::from(digit | latin | arabic & !not_letter);
        other |= u8::from((b >= 0xC0) & !arabic & !known);
    }
    (other == 0).then_some(usize::from(letters))
}

/// Which code points U+0600–U+06FF are letters or digits.
static KEPT_IN_ARABIC_BLOCK: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = match char::from_u32(0x0600 + i as u32) {
            Some(c) => c,
            None => unreachable!(),
        };
        table[i] = is_letter(c) || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}');
        i += 1;
    }
    table
};

/// How many letters and digits restoration writes for `c` (not ASCII): one for one, but a
/// presentation form is written as the letters it stands for and a kashida goes.
fn kept_letters(c: char) -> usize {
    let kept = |d: char| match d {
        '\u{0600}'..='\u{06FF}' => is_letter(d) || digit_value(d).is_some(),
        d => d.is_alphanumeric(),
    };
    match normalize::presentation_form_letters(c) {
        Some(letters) => letters.chars().filter(|&d| kept(d)).count(),
        None => usize::from(kept(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters of every class the count tells apart: ASCII, the whole Arabic block, the
    /// marks and spaces counted in blocks, presentation forms, and others.
    fn any_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => (0x0600u32..=0x06FF).prop_map(|c| char::from_u32(c).unwrap()),
            2 => proptest::sample::select(vec![' ', ' ', '\n', 'a', 'Z', '7', '.', '-']),
            1 => proptest::sample::select(vec![
                '«', '»', '\u{00A0}', '\u{00AD}', '\u{200C}', '\u{200D}', '\u{2028}', 'ª', '²', 'µ', '½',
                '\u{FEFB}', '\u{FDFA}', '\u{FE8E}', '\u{FB90}', 'é', 'ж', '😀', '\u{2070}',
            ]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn counting_in_blocks_counts_every_character(chars in proptest::collection::vec(any_char(), 0..400)) {
            let text: String = chars.into_iter().collect();
            let expected: usize = text.chars().map(|c| if c.is_ascii() { usize::from(c.is_ascii_alphanumeric()) } else { kept_letters(c) }).sum();
            prop_assert_eq!(count_letters(&text, text.len()), (expected, text.len()));
        }
    }

    #[test]
    fn a_piece_ends_at_the_line_end_after_its_letters() {
        let line = "دولت ۱۴۰۳ بودجه را تصویب کرد.\n"; // 23 letters and digits
        let text = line.repeat(PIECE_LETTERS / 23 + 5);
        let end = piece_end(&text, false).expect("a piece is complete");
        let lines = end / line.len();
        assert_eq!((end % line.len(), lines), (0, PIECE_LETTERS.div_ceil(23)));
        // no end yet in a text that stops before its letters are in, unless it is all there is
        assert_eq!(piece_end(&text[..end - line.len()], false), None);
        assert_eq!(piece_end(&text[..end - line.len()], true), Some(end - line.len()));
        // fused, spaced or with presentation forms, the same letters end the piece after the same line
        let restyled = text.replace("تصویب کرد", "تصویبکرد").replace("بودجه", "ﺑﻮدﺟﻪ");
        assert_eq!(piece_end(&restyled, false).map(|end| restyled[..end].lines().count()), Some(lines));
    }

    #[test]
    fn a_very_long_line_is_cut_after_a_space() {
        let text = "کلمه ".repeat(PIECE_LETTERS + LONG_LINE_TAIL);
        let end = piece_end(&text, false).expect("a piece is complete");
        assert!(text[..end].ends_with(' ') && end > PIECE_LETTERS * 2 + LONG_LINE_TAIL && end <= PIECE_MAX_BYTES);
        let no_break = "ب".repeat(PIECE_MAX_BYTES);
        let end = piece_end(&no_break, false).expect("a piece is complete");
        assert!(no_break.is_char_boundary(end) && end <= PIECE_MAX_BYTES);
    }
}
