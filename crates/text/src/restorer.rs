//! The [`Restorer`]: character normalization, then ZWNJ and space restoration, with every change
//! recorded as an [`Edit`] whose span points into the caller's text.

use std::borrow::Cow;
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
    /// edit records are built).
    pub fn fix(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 16);
        self.fix_into(text, &mut out);
        out
    }

    /// Appends the restored `text` to `out`; returns the number of edits made.
    pub fn fix_into(&self, text: &str, out: &mut String) -> usize {
        self.run(text, out, None)
    }

    fn run(&self, text: &str, out: &mut String, mut records: Option<(&mut Vec<Edit>, &mut Vec<Flag>)>) -> usize {
        let mut spacer = Spacer::new(&self.model);
        let speller = Speller::new(&self.model);
        let mut count = 0;
        let mut start = 0;
        while start < text.len() {
            let end = piece_end(text, start);
            let piece = &text[start..end];
            let (out_start, edits_start) = (out.len(), records.as_ref().map_or(0, |(edits, _)| edits.len()));
            let edits = records.as_mut().map(|(edits, _)| &mut **edits);
            count += self.restore_piece(piece, start, &mut spacer, out, edits);
            if self.options.spelling != SpellingMode::Off {
                let protected = normalize::protected_ranges(&out[out_start..]);
                let findings = speller.check(&out[out_start..], &protected, self.options.spelling);
                if !findings.is_empty() {
                    let records = records.as_mut().map(|(edits, flags)| (&mut **edits, &mut **flags));
                    count += apply_findings(findings, piece, start, out, out_start, records, edits_start);
                }
            }
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
        let Some(edits) = edits else {
            let joined = |c: &&Change| {
                map.producer_of(c.span.clone()).is_some() || (c.span.is_empty() && map.inside(c.span.start).is_some())
            };
            return char_changes.len() + space_changes.len() - space_changes.iter().filter(joined).count();
        };
        // Spacing changes in input coordinates; one that rewrites a separator produced by a
        // character change takes that change's place.
        let mut merged: Vec<Change> = char_changes.clone();
        // bytes already inserted into each character change, for a second insertion into it
        let mut grown = vec![0; merged.len()];
        for change in space_changes {
            if let Some(i) = map.producer_of(change.span.clone()) {
                merged[i].after = change.after;
                merged[i].kind = change.kind;
                merged[i].confidence = change.confidence;
            } else if let Some((i, offset)) = change.span.is_empty().then(|| map.inside(change.span.start)).flatten() {
                // an insertion inside a run of normalized letters (`ميكند`) joins that edit
                merged[i].after.insert_str(offset + grown[i], &change.after);
                grown[i] += change.after.len();
                merged[i].kind = change.kind;
                merged[i].confidence = change.confidence;
            } else {
                let start = map.map(change.span.start);
                let end = if change.span.is_empty() { start } else { map.map_end(change.span.end) };
                merged.push(Change { span: start..end, ..change });
            }
        }
        merged.sort_by_key(|c| (c.span.start, c.span.end));
        let count = merged.len();
        edits.extend(merged.into_iter().map(|change| Edit {
            before: piece[change.span.clone()].to_owned(),
            span: change.span.start + offset..change.span.end + offset,
            after: change.after,
            kind: change.kind,
            confidence: change.confidence,
        }));
        count
    }
}

/// Applies the spelling stage's findings to a restored piece (`out[out_start..]`): corrections
/// rewrite the text and, when edits are recorded, become `spelling` edits in input coordinates
/// that absorb any edit of the same word (`کامهایی` → `گام‌هایی` is one edit); the other findings
/// become flags. Returns the number of corrections.
fn apply_findings(
    findings: Vec<Finding>,
    piece: &str,
    offset: usize,
    out: &mut String,
    out_start: usize,
    records: Option<(&mut Vec<Edit>, &mut Vec<Flag>)>,
    edits_start: usize,
) -> usize {
    let corrections = findings.iter().filter(|f| f.correction.is_some()).count();
    let Some((edits, flags)) = records else {
        for finding in findings.iter().rev() {
            if let Some((word, _)) = &finding.correction {
                out.replace_range(out_start + finding.span.start..out_start + finding.span.end, word);
            }
        }
        return corrections;
    };
    // where each edit of the piece stands in the restored piece
    let mut placed = Vec::with_capacity(edits.len() - edits_start);
    let mut delta: isize = 0;
    for edit in &edits[edits_start..] {
        let start = (edit.span.start - offset) as isize + delta;
        placed.push(start as usize..start as usize + edit.after.len());
        delta += edit.after.len() as isize - edit.before.len() as isize;
    }
    let mut new_flags = Vec::new();
    for finding in findings.into_iter().rev() {
        let span = finding.span.clone();
        // the edits that overlap the word, or remove text inside it (a removal at its edge, as a
        // space before `»`, stays an edit of its own)
        let touched: Vec<usize> = (0..placed.len())
            .filter(|&i| {
                placed[i].start < span.end && placed[i].end > span.start
                    || (placed[i].is_empty() && span.start < placed[i].start && placed[i].start < span.end)
            })
            .collect();
        let restored_start = touched.iter().map(|&i| placed[i].start).chain([span.start]).min().unwrap();
        let restored_end = touched.iter().map(|&i| placed[i].end).chain([span.end]).max().unwrap();
        // a restored position outside every edit maps back across the edits before it; a
        // removal right at the word's start lies before the word, one right at its end after it
        let to_input = |at: usize, word_end: bool| {
            let shift: isize = placed
                .iter()
                .zip(&edits[edits_start..])
                .take_while(|(p, _)| p.end < at || p.end == at && !(word_end && p.is_empty()))
                .map(|(_, e)| e.after.len() as isize - e.before.len() as isize)
                .sum();
            (at as isize - shift) as usize + offset
        };
        let input_start = touched.first().map_or_else(
            || to_input(restored_start, false),
            |&i| edits[edits_start + i].span.start.min(to_input(span.start, false)),
        );
        let input_end = touched.last().map_or_else(
            || to_input(restored_end, true),
            |&i| edits[edits_start + i].span.end.max(to_input(span.end, true)),
        );
        let restored_text = &out[out_start..];
        match finding.correction {
            Some((word, confidence)) => {
                let after = format!(
                    "{}{word}{}",
                    &restored_text[restored_start..span.start],
                    &restored_text[span.end..restored_end]
                );
                for &i in touched.iter().rev() {
                    edits.remove(edits_start + i);
                    placed.remove(i);
                }
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
    corrections
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
