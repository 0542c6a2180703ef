//! Edit records: every change the restorer makes, with its span in the input, so a person can
//! review it and a program can apply or undo it.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// What kind of change an [`Edit`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    /// Character normalization: letter forms, presentation forms, kashida, controls, digits,
    /// odd spaces, stray ZWNJs.
    Char,
    /// A half-space (ZWNJ) inserted, or a space turned into one.
    Zwnj,
    /// A space inserted or removed (a missing word break, or spacing around punctuation).
    Space,
    /// A spelling correction.
    Spelling,
}

impl EditKind {
    /// The lowercase name used in JSON and diffs.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Char => "char",
            EditKind::Zwnj => "zwnj",
            EditKind::Space => "space",
            EditKind::Spelling => "spelling",
        }
    }
}

/// One change: the bytes `span` of the input, which read `before`, became `after`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// Byte range in the input text (empty for an insertion).
    pub span: Range<usize>,
    /// The input text in `span`.
    pub before: String,
    /// What replaced it in the output.
    pub after: String,
    /// What kind of change this is.
    pub kind: EditKind,
    /// How sure the restorer is, from 0.5 (a guess) to 1.0 (a rule).
    pub confidence: f32,
}

/// Applies `edits` (sorted by span, not overlapping) to `input`: the inverse check of a
/// [`crate::Restored`], and the way to apply a reviewed subset of its edits.
///
/// # Panics
/// When the edits are unsorted, overlap, or do not match `input`.
pub fn apply_edits(input: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(input.len() + edits.len() * 3);
    let mut at = 0;
    for edit in edits {
        assert!(edit.span.start >= at, "edits overlap or are unsorted at byte {}", edit.span.start);
        assert_eq!(&input[edit.span.clone()], edit.before, "edit does not match the input");
        out.push_str(&input[at..edit.span.start]);
        out.push_str(&edit.after);
        at = edit.span.end;
    }
    out.push_str(&input[at..]);
    out
}
