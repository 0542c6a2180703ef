//! The [`Restorer`]: character normalization, then ZWNJ and space restoration, with every change
//! recorded as an [`Edit`] whose span points into the caller's text.

use std::borrow::Cow;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

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

/// Work is done in pieces of about this many bytes, cut at line ends (or at a space inside a
/// very long line), so memory beyond the input and output stays bounded.
const PIECE: usize = 64 * 1024;

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
        self.run(text, &mut restored.text, Some((&mut restored.edits, &mut restored.flags)));
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
        self.run(text, out, None)
    }

    fn run(&self, text: &str, out: &mut String, mut records: Option<(&mut Vec<Edit>, &mut Vec<Flag>)>) -> usize {
        let mut spacer = Spacer::new(&self.model);
        let speller = Speller::new(&self.model);
        // a correction absorbs the edits inside its word, which only the records show: when
        // corrections are made, edits are recorded for the count even when nobody asked for them
        let mut scratch =
            (records.is_none() && self.options.spelling == SpellingMode::Fix).then(|| (Vec::new(), Vec::new()));
        let mut count = 0;
        let mut start = 0;
        while start < text.len() {
            let end = piece_end(text, start);
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
        count
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

/// Where the piece that starts at `start` ends.
fn piece_end(text: &str, start: usize) -> usize {
    if text.len() - start <= PIECE {
        return text.len();
    }
    let mut cut = start + PIECE;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    if let Some(nl) = text[start..cut].rfind('\n') {
        return start + nl + 1;
    }
    // one very long line: cut after a space, or after the next one
    if let Some(sp) = text[start..cut].rfind(' ') {
        return start + sp + 1;
    }
    // (a run without any break ends within a megabyte, at a character boundary)
    let limit = (cut + (1 << 20)).min(text.len());
    match text.as_bytes()[cut..limit].iter().position(|&b| b == b' ' || b == b'\n') {
        Some(e) => cut + e + 1,
        None if limit == text.len() => limit,
        None => (limit..text.len()).find(|&at| text.is_char_boundary(at)).unwrap_or(text.len()),
    }
}
