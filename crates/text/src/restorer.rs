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
}

impl Default for RestoreOptions {
    fn default() -> Self {
        RestoreOptions { digits: DigitPolicy::Keep, diacritics: DiacriticPolicy::Keep, spacing: true }
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
        let mut restored = Restored { text: String::with_capacity(text.len() + text.len() / 16), edits: Vec::new() };
        self.run(text, &mut restored.text, Some(&mut restored.edits));
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

    fn run(&self, text: &str, out: &mut String, mut edits: Option<&mut Vec<Edit>>) -> usize {
        let mut spacer = Spacer::new(&self.model);
        let mut count = 0;
        let mut start = 0;
        while start < text.len() {
            let end = piece_end(text, start);
            count += self.restore_piece(&text[start..end], start, &mut spacer, out, edits.as_deref_mut());
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
                let end = if change.span.is_empty() { start } else { map.map(change.span.end) };
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
