//! The archive on disk: the tantivy schema, opening and locking, ingesting, searching.

use std::fmt;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::analyzer::{PersianAnalyzer, TOKENIZER_NAME};
use crate::query::{parse_query, QueryError};
use crate::record::{date_from_text, date_number, ArticleRecord, DateFilter};

/// Counts matching articles by Solar Hijri month from the `date` fast field: far cheaper than a
/// facet collector, which maps every segment's facet dictionary on every search.
struct MonthCounts;

/// [`MonthCounts`] over one segment.
struct SegmentMonthCounts {
    dates: tantivy::columnar::Column<i64>,
    counts: rustc_hash::FxHashMap<i64, u64>,
}

impl tantivy::collector::Collector for MonthCounts {
    type Fruit = rustc_hash::FxHashMap<i64, u64>;
    type Child = SegmentMonthCounts;

    fn for_segment(
        &self,
        _: tantivy::SegmentOrdinal,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentMonthCounts> {
        Ok(SegmentMonthCounts { dates: segment.fast_fields().i64("date")?, counts: Default::default() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all = rustc_hash::FxHashMap::default();
        for fruit in fruits {
            for (month, count) in fruit {
                *all.entry(month).or_default() += count;
            }
        }
        Ok(all)
    }
}

impl tantivy::collector::SegmentCollector for SegmentMonthCounts {
    type Fruit = rustc_hash::FxHashMap<i64, u64>;

    fn collect(&mut self, doc: tantivy::DocId, _: tantivy::Score) {
        // `YYYYMMDD` → `YYYYMM`; 0 is an article without a date
        if let Some(date) = self.dates.first(doc).filter(|&d| d > 0) {
            *self.counts.entry(date / 100).or_default() += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

/// Bytes of an article's text a snippet is chosen from.
const SNIPPET_WINDOW: usize = 1500;

/// The longest prefix of `text` of at most `bytes` bytes that ends at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 100 << 20;

/// What can go wrong with an archive.
#[derive(Debug)]
pub enum ArchiveError {
    /// No archive in this directory.
    Missing(PathBuf),
    /// The directory holds something that is not a readable archive.
    Unreadable(PathBuf, String),
    /// Another process is ingesting into the archive.
    Locked(PathBuf),
    /// The query cannot be read.
    Query(QueryError),
    /// A date filter cannot be read.
    Date(String),
    /// Any other error of the index.
    Index(PathBuf, tantivy::TantivyError),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::Missing(dir) => {
                write!(f, "{}: no archive here (create one with `bayegan ingest --archive {0} FILES`)", dir.display())
            }
            ArchiveError::Unreadable(dir, why) => {
                write!(
                    f,
                    "{}: not a readable archive ({why}); restore it from a copy or ingest into a new directory",
                    dir.display()
                )
            }
            ArchiveError::Locked(dir) => write!(
                f,
                "{}: another process is ingesting into this archive; wait for it to finish and try again",
                dir.display()
            ),
            ArchiveError::Query(err) => write!(f, "{err}"),
            ArchiveError::Date(err) => write!(f, "{err}"),
            ArchiveError::Index(dir, err) => write!(f, "{}: {err}", dir.display()),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// The schema's fields.
#[derive(Clone, Copy, Debug)]
struct Fields {
    id: Field,
    headline: Field,
    lead: Field,
    body: Field,
    /// Solar Hijri date as `YYYYMMDD` (0 when unknown), for filters and sorting.
    date: Field,
    newspaper: Field,
    section: Field,
    /// The whole [`ArticleRecord`] as JSON.
    record: Field,
}

impl Fields {
    fn schema() -> Schema {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field("id", STRING | STORED);
        builder.add_text_field("headline", text.clone());
        builder.add_text_field("lead", text.clone());
        builder.add_text_field("body", text);
        builder.add_i64_field("date", INDEXED | FAST);
        builder.add_facet_field("newspaper", FacetOptions::default());
        builder.add_facet_field("section", FacetOptions::default());
        builder.add_text_field("record", STORED);
        builder.build()
    }

    fn of(schema: &Schema) -> Result<Fields, String> {
        let field = |name: &str| schema.get_field(name).map_err(|_| format!("the index has no `{name}` field"));
        Ok(Fields {
            id: field("id")?,
            headline: field("headline")?,
            lead: field("lead")?,
            body: field("body")?,
            date: field("date")?,
            newspaper: field("newspaper")?,
            section: field("section")?,
            record: field("record")?,
        })
    }

    fn text(&self) -> [Field; 3] {
        [self.headline, self.lead, self.body]
    }
}

/// An archive opened for searching (any number of processes at once).
pub struct Archive {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: PersianAnalyzer,
}

/// Adds articles to an archive; holds its write lock until dropped.
pub struct Ingester {
    writer: IndexWriter,
    fields: Fields,
    dir: PathBuf,
}

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// Words, `"phrases"`, `-excluded`.
    pub query: String,
    /// At most this many hits.
    pub limit: usize,
    /// Date bounds.
    pub dates: DateFilter,
    /// Only this newspaper.
    pub newspaper: Option<String>,
    /// Only this section.
    pub section: Option<String>,
    /// Order of the hits.
    pub sort: Sort,
}

impl SearchRequest {
    /// A request for `query` with the defaults: 10 hits by relevance, no filters.
    pub fn new(query: &str) -> Self {
        SearchRequest {
            query: query.to_owned(),
            limit: 10,
            dates: DateFilter { from: None, to: None },
            newspaper: None,
            section: None,
            sort: Sort::Relevance,
        }
    }
}

/// A hit's dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HitDate {
    /// Solar Hijri, `YYYY-MM-DD`.
    pub jalali: Option<String>,
    /// Gregorian, `YYYY-MM-DD`.
    pub gregorian: Option<String>,
}

/// One article found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The article's id (`bayegan show --archive DIR ID`).
    pub id: String,
    /// Its headline.
    pub headline: Option<String>,
    /// Its newspaper.
    pub newspaper: Option<String>,
    /// Its dates.
    pub date: HitDate,
    /// Its section.
    pub section: Option<String>,
    /// A piece of its text with the matched words in `<b>…</b>`.
    pub snippet: String,
    /// Relevance (0 when sorted by date).
    pub score: f32,
}

/// One facet value and how many matching articles have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Matching articles with it.
    pub count: u64,
}

/// Counts of the matching articles by newspaper, section and Solar Hijri month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// By newspaper, most first.
    pub newspaper: Vec<FacetCount>,
    /// By section, most first.
    pub section: Vec<FacetCount>,
    /// By Solar Hijri month (`1403-08`), newest first.
    pub jalali_month: Vec<FacetCount>,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// All matching articles.
    pub total: usize,
    /// The best (or newest) of them.
    pub hits: Vec<Hit>,
    /// Counts over all matching articles.
    pub facets: Facets,
}

fn register(index: &Index, analyzer: &PersianAnalyzer) {
    index.tokenizers().register(TOKENIZER_NAME, TextAnalyzer::from(analyzer.clone()));
}

impl Archive {
    /// Opens the archive in `dir`; it must exist.
    pub fn open(dir: &Path) -> Result<Archive, ArchiveError> {
        if !dir.join("meta.json").exists() {
            return Err(ArchiveError::Missing(dir.to_owned()));
        }
        let index = Index::open_in_dir(dir).map_err(|e| ArchiveError::Unreadable(dir.to_owned(), e.to_string()))?;
        Archive::with_index(dir, index)
    }

    /// Opens the archive in `dir`, creating it (and the directory) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Archive, ArchiveError> {
        if dir.join("meta.json").exists() {
            return Archive::open(dir);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| ArchiveError::Unreadable(dir.to_owned(), format!("cannot create the directory: {e}")))?;
        let index = Index::create_in_dir(dir, Fields::schema()).map_err(|e| ArchiveError::Index(dir.to_owned(), e))?;
        Archive::with_index(dir, index)
    }

    fn with_index(dir: &Path, index: Index) -> Result<Archive, ArchiveError> {
        let fields = Fields::of(&index.schema()).map_err(|why| ArchiveError::Unreadable(dir.to_owned(), why))?;
        let analyzer = PersianAnalyzer::default();
        register(&index, &analyzer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| ArchiveError::Unreadable(dir.to_owned(), e.to_string()))?;
        Ok(Archive { dir: dir.to_owned(), index, reader, fields, analyzer })
    }

    /// The directory the archive lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Articles in the archive as of the last commit this reader has seen.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when the archive holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sees what other writers committed since the archive was opened.
    pub fn reload(&self) -> Result<(), ArchiveError> {
        self.reader.reload().map_err(|e| ArchiveError::Index(self.dir.clone(), e))
    }

    /// Takes the archive's write lock; refuses when another process holds it.
    pub fn ingester(&self) -> Result<Ingester, ArchiveError> {
        let writer = self.index.writer(WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => ArchiveError::Locked(self.dir.clone()),
            other => ArchiveError::Index(self.dir.clone(), other),
        })?;
        Ok(Ingester { writer, fields: self.fields, dir: self.dir.clone() })
    }

    /// The article with this id.
    pub fn get(&self, id: &str) -> Result<Option<ArticleRecord>, ArchiveError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let found = searcher.search(&query, &TopDocs::with_limit(1)).map_err(|e| self.index_error(e))?;
        match found.first() {
            Some(&(_, address)) => self.record(&searcher, address).map(Some),
            None => Ok(None),
        }
    }

    fn index_error(&self, e: tantivy::TantivyError) -> ArchiveError {
        ArchiveError::Index(self.dir.clone(), e)
    }

    fn record(&self, searcher: &tantivy::Searcher, address: DocAddress) -> Result<ArticleRecord, ArchiveError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.index_error(e))?;
        let json = doc.get_first(self.fields.record).and_then(|v| v.as_str()).unwrap_or("{}");
        serde_json::from_str(json)
            .map_err(|e| ArchiveError::Unreadable(self.dir.clone(), format!("a stored article: {e}")))
    }

    /// The tantivy query for a request's text and filters.
    fn query(&self, request: &SearchRequest) -> Result<Box<dyn Query>, ArchiveError> {
        let clauses = parse_query(&request.query).map_err(ArchiveError::Query)?;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in &clauses {
            let words = self.analyzer.words(&clause.text);
            let occur = if clause.excluded { Occur::MustNot } else { Occur::Must };
            if clause.phrase {
                let sequence: Vec<&str> = words.iter().flat_map(|w| w.parts.iter().map(String::as_str)).collect();
                if !sequence.is_empty() {
                    parts.push((occur, self.in_any_field(|field| sequence_query(field, &sequence))));
                }
            } else {
                for word in &words {
                    parts.push((occur, self.in_any_field(|field| word_query(field, word))));
                }
            }
        }
        if !parts.iter().any(|(occur, _)| *occur == Occur::Must) {
            return Err(ArchiveError::Query(QueryError::Empty));
        }
        let DateFilter { from, to } = request.dates;
        if from.is_some() || to.is_some() {
            let bound = |value: Option<i64>| {
                value.map_or(Bound::Unbounded, |v| Bound::Included(Term::from_field_i64(self.fields.date, v)))
            };
            // an article without a date (stored as 0) falls outside every date filter
            let lower = match from {
                Some(_) => bound(from),
                None => Bound::Included(Term::from_field_i64(self.fields.date, 1)),
            };
            parts.push((Occur::Must, Box::new(RangeQuery::new(lower, bound(to)))));
        }
        for (field, value) in [(self.fields.newspaper, &request.newspaper), (self.fields.section, &request.section)] {
            if let Some(value) = value {
                let term = Term::from_facet(field, &Facet::from_path([value.trim()]));
                parts.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
            }
        }
        Ok(Box::new(BooleanQuery::new(parts)))
    }

    fn in_any_field(&self, make: impl Fn(Field) -> Box<dyn Query>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(self.fields.text().into_iter().map(|f| (Occur::Should, make(f))).collect()))
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, ArchiveError> {
        let query = self.query(request)?;
        let searcher = self.reader.searcher();
        let limit = request.limit.max(1);
        let facet = |name: &str| {
            let mut collector = FacetCollector::for_field(name);
            collector.add_facet(Facet::root());
            collector
        };
        let facets_collector = (facet("newspaper"), facet("section"), MonthCounts);
        let (addresses, total, (newspaper, section, month)): (Vec<(f32, DocAddress)>, usize, _) = match request.sort {
            Sort::Relevance => searcher
                .search(&query, &(TopDocs::with_limit(limit), Count, facets_collector))
                .map_err(|e| self.index_error(e))?,
            Sort::Date => {
                let by_date = TopDocs::with_limit(limit).order_by_fast_field::<i64>("date", Order::Desc);
                let (found, total, facets) =
                    searcher.search(&query, &(by_date, Count, facets_collector)).map_err(|e| self.index_error(e))?;
                (found.into_iter().map(|(_, address)| (0.0, address)).collect(), total, facets)
            }
        };
        let counts = |facets: &tantivy::collector::FacetCounts| {
            facets
                .get("/")
                .map(|(facet, count)| FacetCount {
                    value: facet.to_path().last().map(|s| s.to_string()).unwrap_or_default(),
                    count,
                })
                .collect::<Vec<_>>()
        };
        let jalali_month = month
            .into_iter()
            .map(|(month, count)| FacetCount { value: format!("{:04}-{:02}", month / 100, month % 100), count })
            .collect();
        let mut facets = Facets { newspaper: counts(&newspaper), section: counts(&section), jalali_month };
        facets.newspaper.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        facets.section.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        facets.jalali_month.sort_by(|a, b| b.value.cmp(&a.value));
        let snippets =
            SnippetGenerator::create(&searcher, &*query, self.fields.body).map_err(|e| self.index_error(e))?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let record = self.record(&searcher, address)?;
            let text = if record.body.is_empty() { record.lead.as_deref().unwrap_or_default() } else { &record.body };
            // the snippet comes from the start of the text: analysing a whole long body per hit
            // would cost more than the search
            let snippet = snippets.snippet(prefix(text, SNIPPET_WINDOW)).to_html();
            hits.push(Hit {
                id: record.id,
                headline: record.headline,
                newspaper: record.newspaper,
                date: HitDate { jalali: record.jalali, gregorian: record.gregorian },
                section: record.section,
                snippet,
                score,
            });
        }
        Ok(SearchResults { total, hits, facets })
    }
}

/// A word however it was written: its whole form, the phrase of its parts, or its stem.
fn word_query(field: Field, word: &crate::Word) -> Box<dyn Query> {
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let term = |text: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
    };
    alternatives.push((Occur::Should, term(&word.whole)));
    if word.parts.len() > 1 {
        let parts: Vec<&str> = word.parts.iter().map(String::as_str).collect();
        alternatives.push((Occur::Should, sequence_query(field, &parts)));
    }
    if let Some(stem) = &word.stem {
        alternatives.push((Occur::Should, term(stem)));
    }
    Box::new(BooleanQuery::new(alternatives))
}

/// Words that must stand together and in order (one word: a term).
fn sequence_query(field: Field, words: &[&str]) -> Box<dyn Query> {
    match words {
        [one] => Box::new(TermQuery::new(Term::from_field_text(field, one), IndexRecordOption::WithFreqs)),
        _ => Box::new(PhraseQuery::new(words.iter().map(|w| Term::from_field_text(field, w)).collect())),
    }
}

impl Ingester {
    /// Adds an article, replacing any article with the same id.
    pub fn add(&mut self, record: &ArticleRecord) -> Result<(), ArchiveError> {
        let fields = self.fields;
        let date = record.jalali.as_deref().and_then(|d| date_from_text(d).ok()).map_or(0, |(j, _)| date_number(&j));
        let json = serde_json::to_string(record).expect("an article record serializes");
        let mut document = doc!(
            fields.id => record.id.as_str(),
            fields.body => record.body.as_str(),
            fields.date => date,
            fields.record => json,
        );
        if let Some(headline) = &record.headline {
            document.add_text(fields.headline, headline);
        }
        if let Some(lead) = &record.lead {
            document.add_text(fields.lead, lead);
        }
        if let Some(newspaper) = record.newspaper.as_deref().filter(|n| !n.trim().is_empty()) {
            document.add_facet(fields.newspaper, Facet::from_path([newspaper.trim()]));
        }
        if let Some(section) = record.section.as_deref().filter(|s| !s.trim().is_empty()) {
            document.add_facet(fields.section, Facet::from_path([section.trim()]));
        }
        self.writer.delete_term(Term::from_field_text(fields.id, &record.id));
        self.writer.add_document(document).map_err(|e| ArchiveError::Index(self.dir.clone(), e))?;
        Ok(())
    }

    /// Makes everything added so far durable: it survives a crash from here on.
    pub fn commit(&mut self) -> Result<(), ArchiveError> {
        self.writer.commit().map(|_| ()).map_err(|e| ArchiveError::Index(self.dir.clone(), e))
    }

    /// Commits, then waits for the segments being merged (fewer segments: faster searches) and
    /// releases the write lock.
    pub fn finish(mut self) -> Result<(), ArchiveError> {
        self.commit()?;
        self.writer.wait_merging_threads().map_err(|e| ArchiveError::Index(self.dir.clone(), e))
    }
}
