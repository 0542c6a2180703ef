//! The bayegan archive: articles stored and searched on disk with tantivy.
//!
//! Every text field is indexed with the [`PersianAnalyzer`], one code path for documents and
//! queries, so a word is found however it was typed: with a ZWNJ, a space or fused, with Arabic
//! or Persian letters, Persian, Arabic-Indic or Latin digits. Dates are kept in the Solar Hijri
//! calendar (with the Gregorian beside them) for range filters, and newspaper, section and
//! Solar Hijri month as facets.
//!
//! An [`Archive`] is opened for reading by any number of processes; an [`Ingester`] holds the
//! archive's write lock, and what it has [`Ingester::commit`]ted survives a crash.
#![deny(missing_docs)]

mod analyzer;
mod compounds;
mod inputs;
mod query;
mod record;
mod snippet;
mod store;

pub use analyzer::{PersianAnalyzer, Word, TOKENIZER_NAME};
pub use inputs::{input_files, is_document_input, is_text_input};
pub use query::{parse_query, Clause, QueryError};
pub use record::{date_from_text, normalize_name, ArticleRecord, DateFilter};
pub use store::{Archive, ArchiveError, Facets, Hit, Ingester, SearchRequest, SearchResults, Sort, FORMAT_VERSION};
