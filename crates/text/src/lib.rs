//! Persian text restoration for bayegan: pure text in, text and edits out, no I/O.
//!
//! Text taken out of Persian PDFs and typed in a hurry is broken in characteristic ways: every
//! half-space (ZWNJ) lost (`میکند` for `می‌کند`), spaces where half-spaces belong (`نشان دهنده`),
//! missing spaces (`دواصل`), Arabic letter forms, presentation forms, kashida and invisible
//! controls. A [`Restorer`] repairs these and records every change as an [`Edit`] (span in the
//! input, before, after, kind, confidence), so a person can review it.
//!
//! # Overview
//! * [`Restorer`] / [`RestorerBuilder`]: build once, share across threads, call
//!   [`Restorer::restore`].
//! * [`Restored`]: the text and its [`Edit`]s; [`apply_edits`] replays edits on the input.
//! * [`RestoreOptions`], [`DigitPolicy`], [`DiacriticPolicy`]: what character normalization does.
//! * [`eval`]: corrupt correct sentences, restore them, score every boundary.
//!
//! # Example
//! ```
//! use bayegan_text::{Restorer, DigitPolicy, EditKind};
//!
//! let restorer = Restorer::builder().digits(DigitPolicy::Persian).build();
//! let restored = restorer.restore("رئيسجمهور در سال 1403");
//! assert_eq!(restored.text, "رئیس\u{200c}جمهور در سال ۱۴۰۳");
//! assert!(restored.edits.iter().any(|e| e.kind == EditKind::Zwnj));
//! assert!(restored.edits.iter().all(|e| e.confidence >= 0.5));
//! ```
//!
//! # How it decides
//! Character rules run first; then each run of Persian words is read by a Viterbi search over a
//! lexicon and word-bigram model learned from careful text, with channel costs estimated from
//! the text itself (did it lose its ZWNJs, type them as spaces, or keep them?). `DESIGN.md` in
//! the repository explains it. Text that is already right comes back unchanged: a reading that
//! changes a boundary must beat the text as written by the model's margin. URLs, e-mail
//! addresses, hashtags, code and Arabic passages are never touched.
//!
//! # Performance
//! The embedded model (about 133k spellings) is parsed once per process, on the first
//! [`Restorer`] built (about 0.03 s). Restoration works on pieces of about 64 KB ([`piece_end`])
//! with reused buffers, at about 60 MB/s on one core (`bench/RESULTS.md`).
#![deny(missing_docs)]

mod affixes;
mod chars;
mod edit;
pub mod eval;
mod model;
mod normalize;
mod restorer;
mod spacing;
mod spelling;

pub use chars::{digit_value, is_letter, is_mark, is_non_joining, ZWNJ};
pub use edit::{apply_edits, Edit, EditKind};
pub use model::Model;
pub use restorer::{piece_end, DiacriticPolicy, DigitPolicy, RestoreOptions, Restored, Restorer, RestorerBuilder};
pub use spelling::{Flag, FlagKind, SpellingMode, Suggestion};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Restorer>();
        assert_send_sync::<Model>();
        assert_send_sync::<Restored>();
        assert_send_sync::<Edit>();
    }
}
