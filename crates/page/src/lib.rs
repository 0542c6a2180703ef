//! Persian newspaper page text → structured articles.
//!
//! The input is the text extracted from one page (like `../shared/seed/page-arman-melli-1403-08-19.txt`):
//! one printed line or paragraph per line, ZWNJs lost, the folio and section labels in the text
//! flow, pull quotes repeating the body, narrow columns broken at every printed line. [`Parser`]
//! turns it into a [`Page`]: articles with their headings, byline, blocks (lead, paragraphs,
//! subheads, questions and answers), pull quotes and boxes; the furniture set apart; the folio's
//! dates read and cross-checked across the Solar Hijri, Gregorian and lunar Hijri calendars.
//! Every block records the input lines it came from.
//!
//! The [`Page`] serializes to the versioned JSON contract of `docs/page-schema.md`.
#![deny(missing_docs)]

pub mod calendar;
pub mod dates;
pub mod folio;
mod headings;
mod lines;
pub mod model;
mod parse;
pub mod render;

pub use model::*;
pub use parse::{LineHint, PageWithEdits, ParseError, Parser, ParserBuilder};

/// The README's Rust examples (restorer and parser), run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
