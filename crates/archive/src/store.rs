//! The archive on disk: the tantivy schema, opening and locking, ingesting, searching.

use std::fmt;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, StrColumn};
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize, ValueDeserializer, ValueVisitor,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::analyzer::{PersianAnalyzer, TOKENIZER_NAME};
use crate::compounds::compounds;
use crate::query::{parse_query, Clause, QueryError};
use crate::record::{date_from_text, date_number, normalize_name, ArticleRecord, DateFilter};
use crate::snippet::{snippet, Marker};

/// The archive's on-disk format, written beside the index when it is created. 2: newspaper and
/// section as fast string columns; the text fields, dates and a hit's fields stored apart from
/// the record. 3: the whole form of a lexicon compound written apart is indexed too, and the
/// archive is merged into one segment when an ingest finishes.
pub const FORMAT_VERSION: u32 = 3;
/// The file that holds [`FORMAT_VERSION`].
const FORMAT_FILE: &str = "bayegan-format";
/// The file that holds the fingerprint of the compounds the archive joins (hexadecimal): a query
/// word is searched by its whole form alone only when it matches this binary's.
const COMPOUNDS_FILE: &str = "bayegan-compounds";

/// Counts the matching articles, and them by newspaper, section and Solar Hijri month, from
/// fast columns: per article, two ordinals and a date read and counted in arrays (a facet
/// collector would map every segment's facet dictionary on every search).
struct Tally;

/// [`Tally`] over one segment.
struct SegmentTally {
    total: u64,
    newspaper: Option<(StrColumn, Vec<u64>)>,
    section: Option<(StrColumn, Vec<u64>)>,
    dates: Column<i64>,
    /// Counts by `YYYYMM`, the last month counted kept apart (hits come in runs of a month).
    months: FxHashMap<i64, u64>,
    last_month: (i64, u64),
}

/// What a [`Tally`] counted.
#[derive(Default)]
struct Counts {
    total: u64,
    newspaper: FxHashMap<String, u64>,
    section: FxHashMap<String, u64>,
    months: FxHashMap<i64, u64>,
}

fn count_ord(column: &mut Option<(StrColumn, Vec<u64>)>, doc: tantivy::DocId) {
    if let Some((strings, counts)) = column {
        if let Some(ord) = strings.ords().first(doc) {
            counts[ord as usize] += 1;
        }
    }
}

fn harvest_ords(column: Option<(StrColumn, Vec<u64>)>, into: &mut FxHashMap<String, u64>) {
    let Some((strings, counts)) = column else { return };
    let mut value = String::new();
    for (ord, count) in counts.into_iter().enumerate().filter(|(_, c)| *c > 0) {
        value.clear();
        if strings.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
            *into.entry(value.clone()).or_default() += count;
        }
    }
}

impl tantivy::collector::Collector for Tally {
    type Fruit = Counts;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        _: tantivy::SegmentOrdinal,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let fast = segment.fast_fields();
        let column = |name: &str| -> tantivy::Result<Option<(StrColumn, Vec<u64>)>> {
            Ok(fast.str(name)?.map(|c| {
                let n = c.num_terms();
                (c, vec![0; n])
            }))
        };
        Ok(SegmentTally {
            total: 0,
            newspaper: column("newspaper")?,
            section: column("section")?,
            dates: fast.i64("date")?,
            months: FxHashMap::default(),
            last_month: (0, 0),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for fruit in fruits {
            all.total += fruit.total;
            for (into, from) in [(&mut all.newspaper, fruit.newspaper), (&mut all.section, fruit.section)] {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
            for (month, count) in fruit.months {
                *all.months.entry(month).or_default() += count;
            }
        }
        Ok(all)
    }
}

impl tantivy::collector::SegmentCollector for SegmentTally {
    type Fruit = Counts;

    fn collect(&mut self, doc: tantivy::DocId, _: tantivy::Score) {
        self.total += 1;
        count_ord(&mut self.newspaper, doc);
        count_ord(&mut self.section, doc);
        // `YYYYMMDD` → `YYYYMM`; 0 is an article without a date
        if let Some(date) = self.dates.first(doc).filter(|&d| d > 0) {
            let month = date / 100;
            if month == self.last_month.0 {
                self.last_month.1 += 1;
            } else {
                if self.last_month.1 > 0 {
                    *self.months.entry(self.last_month.0).or_default() += self.last_month.1;
                }
                self.last_month = (month, 1);
            }
        }
    }

    fn harvest(mut self) -> Counts {
        if self.last_month.1 > 0 {
            *self.months.entry(self.last_month.0).or_default() += self.last_month.1;
        }
        let mut counts = Counts { total: self.total, months: self.months, ..Counts::default() };
        harvest_ords(self.newspaper, &mut counts.newspaper);
        harvest_ords(self.section, &mut counts.section);
        counts
    }
}

/// Bytes of stored articles compressed together.
const DOCSTORE_BLOCK: usize = 4096;

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 100 << 20;

/// Memory of the writer that merges the archive's segments (it adds no document).
const MERGE_WRITER_MEMORY: usize = 16 << 20;

/// What can go wrong with an archive.
#[derive(Debug)]
pub enum ArchiveError {
    /// No archive in this directory.
    Missing(PathBuf),
    /// The directory holds something that is not a readable archive.
    Unreadable(PathBuf, String),
    /// The archive was written by an older bayegan in a format this one does not read: the
    /// format version found.
    Outdated(PathBuf, u32),
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
            ArchiveError::Outdated(dir, found) => write!(
                f,
                "{}: this archive is in format {found}, written by an older bayegan; this one reads format \
                 {FORMAT_VERSION}: ingest the articles again into a new directory (`bayegan ingest --archive NEW FILES`)",
                dir.display()
            ),
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
    /// Raw strings, indexed for filters and fast for the counts.
    newspaper: Field,
    section: Field,
    /// `YYYY-MM-DD`, stored for the hits.
    jalali: Field,
    gregorian: Field,
    /// The [`ArticleRecord`] as JSON bytes (not re-checked as UTF-8 on every read), without its
    /// body (stored in `body`).
    record: Field,
}

impl Fields {
    fn schema() -> Schema {
        let mut builder = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER_NAME)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        builder.add_text_field("id", STRING | STORED);
        builder.add_text_field("headline", text.clone());
        builder.add_text_field("lead", text.clone());
        builder.add_text_field("body", text);
        builder.add_i64_field("date", INDEXED | FAST);
        builder.add_text_field("newspaper", STRING | FAST | STORED);
        builder.add_text_field("section", STRING | FAST | STORED);
        builder.add_text_field("jalali", STORED);
        builder.add_text_field("gregorian", STORED);
        builder.add_bytes_field("record", STORED);
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
            jalali: field("jalali")?,
            gregorian: field("gregorian")?,
            record: field("record")?,
        })
        .and_then(|fields| {
            // `HitDoc` reads every stored value before the record by field id
            let record_is_last =
                fields.record.field_id() as usize == HIT_FIELDS && schema.fields().count() == HIT_FIELDS + 1;
            record_is_last
                .then_some(fields)
                .ok_or_else(|| format!("the index's `record` field is not its last of {} fields", HIT_FIELDS + 1))
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
    /// The archive joins the same compounds as this binary: a compound query word needs no
    /// phrase of its parts.
    joins_compounds: bool,
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
    /// At most this many hits (0: none, only the total and the facets).
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
        // format 1 wrote no version file
        let found = match std::fs::read_to_string(dir.join(FORMAT_FILE)) {
            Ok(text) => text.trim().parse::<u32>().map_err(|_| {
                ArchiveError::Unreadable(
                    dir.to_owned(),
                    format!("{FORMAT_FILE} holds {:?}, not a version", text.trim()),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 1,
            Err(e) => return Err(ArchiveError::Unreadable(dir.to_owned(), format!("{FORMAT_FILE}: {e}"))),
        };
        if found < FORMAT_VERSION {
            return Err(ArchiveError::Outdated(dir.to_owned(), found));
        }
        if found > FORMAT_VERSION {
            return Err(ArchiveError::Unreadable(
                dir.to_owned(),
                format!("format {found}, written by a newer bayegan; this one reads format {FORMAT_VERSION}"),
            ));
        }
        Archive::with_index(dir, index)
    }

    /// Opens the archive in `dir`, creating it (and the directory) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Archive, ArchiveError> {
        if dir.join("meta.json").exists() {
            return Archive::open(dir);
        }
        // files but no archive: another directory given by mistake, or an archive that lost
        // its meta.json, whose segments a new archive would bury
        if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
            return Err(ArchiveError::Unreadable(dir.to_owned(), "it holds files but no meta.json".into()));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| ArchiveError::Unreadable(dir.to_owned(), format!("cannot create the directory: {e}")))?;
        // blocks of about one article: a hit decompresses its own text, not 16 KiB of others'
        let settings = tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK, ..Default::default() };
        let index = Index::builder()
            .schema(Fields::schema())
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|e| ArchiveError::Index(dir.to_owned(), e))?;
        for (file, text) in [
            (FORMAT_FILE, format!("{FORMAT_VERSION}\n")),
            (COMPOUNDS_FILE, format!("{:016x}\n", compounds().fingerprint())),
        ] {
            std::fs::write(dir.join(file), text)
                .map_err(|e| ArchiveError::Unreadable(dir.to_owned(), format!("cannot write {file}: {e}")))?;
        }
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
        // an archive built with another lexicon (or whose file is lost) searches phrases of parts
        let joins_compounds = std::fs::read_to_string(dir.join(COMPOUNDS_FILE))
            .is_ok_and(|text| u64::from_str_radix(text.trim(), 16) == Ok(compounds().fingerprint()));
        Ok(Archive { dir: dir.to_owned(), index, reader, fields, analyzer, joins_compounds })
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
        let json = doc.get_first(self.fields.record).and_then(|v| v.as_bytes()).unwrap_or(b"{}");
        let mut record: ArticleRecord = serde_json::from_slice(json)
            .map_err(|e| ArchiveError::Unreadable(self.dir.clone(), format!("a stored article: {e}")))?;
        record.body = stored(&doc, self.fields.body).unwrap_or_default().to_owned();
        Ok(record)
    }

    /// The tantivy query for a request's text and filters.
    fn query(&self, request: &SearchRequest, clauses: &[Clause]) -> Result<Box<dyn Query>, ArchiveError> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in clauses {
            let words = self.analyzer.words(&clause.text);
            let occur = if clause.excluded { Occur::MustNot } else { Occur::Must };
            if clause.phrase {
                let sequence: Vec<&str> = words.iter().flat_map(|w| w.parts.iter().map(String::as_str)).collect();
                if !sequence.is_empty() {
                    parts.push((occur, self.in_any_field(|field| sequence_query(field, &sequence))));
                }
            } else {
                for word in &words {
                    let joined = self.joins_compounds && compounds().contains(&word.parts);
                    parts.push((occur, self.in_any_field(|field| word_query(field, word, joined))));
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
            // spelled as the archive keeps names, so every spelling of one matches
            if let Some(value) = value.as_deref().and_then(normalize_name) {
                let term = Term::from_field_text(field, &value);
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
        let clauses = parse_query(&request.query).map_err(ArchiveError::Query)?;
        let query = self.query(request, &clauses)?;
        let searcher = self.reader.searcher();
        // no more hits than articles: the collector makes room for as many as it is asked for
        let limit = request.limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        let (addresses, counts): (Vec<(f32, DocAddress)>, Counts) = match request.sort {
            // counts alone (tantivy's top-docs collectors take at least one)
            _ if limit == 0 => (Vec::new(), searcher.search(&query, &Tally).map_err(|e| self.index_error(e))?),
            Sort::Relevance => {
                searcher.search(&query, &(TopDocs::with_limit(limit), Tally)).map_err(|e| self.index_error(e))?
            }
            Sort::Date => {
                let by_date = TopDocs::with_limit(limit).order_by_fast_field::<i64>("date", Order::Desc);
                let (found, counts) = searcher.search(&query, &(by_date, Tally)).map_err(|e| self.index_error(e))?;
                (found.into_iter().map(|(_, address)| (0.0, address)).collect(), counts)
            }
        };
        let listed = |counts: FxHashMap<String, u64>| {
            let mut list: Vec<FacetCount> =
                counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            list
        };
        let mut jalali_month: Vec<FacetCount> = counts
            .months
            .into_iter()
            .map(|(month, count)| FacetCount { value: format!("{:04}-{:02}", month / 100, month % 100), count })
            .collect();
        jalali_month.sort_by(|a, b| b.value.cmp(&a.value));
        let facets = Facets { newspaper: listed(counts.newspaper), section: listed(counts.section), jalali_month };
        let marker = Marker::new(&clauses, &self.analyzer);
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            hits.push(self.hit(&searcher, address, score, &marker)?);
        }
        Ok(SearchResults { total: counts.total as usize, hits, facets })
    }

    /// A hit from its stored fields (not the whole record).
    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        score: f32,
        marker: &Marker,
    ) -> Result<Hit, ArchiveError> {
        let mut doc: HitDoc = searcher.doc(address).map_err(|e| self.index_error(e))?;
        let f = &self.fields;
        let mut take = |field: Field| doc.texts.get_mut(field.field_id() as usize).and_then(Option::take);
        let (body, lead) = (take(f.body), take(f.lead));
        Ok(Hit {
            id: take(f.id).unwrap_or_default(),
            headline: take(f.headline),
            newspaper: take(f.newspaper),
            date: HitDate { jalali: take(f.jalali), gregorian: take(f.gregorian) },
            section: take(f.section),
            snippet: snippet(marker, &[body.as_deref().unwrap_or_default(), lead.as_deref().unwrap_or_default()]),
            score,
        })
    }
}

/// The stored texts of an article as a hit reads them, by field id: no document is built, and
/// the record, the last value stored, is not read.
struct HitDoc {
    texts: [Option<String>; HIT_FIELDS],
}

/// The number of fields before the record, the last field ([`Fields::of`] checks it): a hit
/// reads them by id.
const HIT_FIELDS: usize = 9;

/// One stored value: a text, or something a hit does not read.
struct StoredText(Option<String>);

impl ValueDeserialize for StoredText {
    fn deserialize<'de, D: ValueDeserializer<'de>>(deserializer: D) -> Result<Self, DeserializeError> {
        struct Texts;
        impl ValueVisitor for Texts {
            type Value = StoredText;
            fn visit_string(&self, text: String) -> Result<StoredText, DeserializeError> {
                Ok(StoredText(Some(text)))
            }
            fn visit_bytes(&self, _: Vec<u8>) -> Result<StoredText, DeserializeError> {
                Ok(StoredText(None))
            }
        }
        deserializer.deserialize_any(Texts)
    }
}

impl DocumentDeserialize for HitDoc {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(mut deserializer: D) -> Result<Self, DeserializeError> {
        let mut doc = HitDoc { texts: Default::default() };
        // the record, stored last (`Ingester::add`), is not read: its bytes would be copied one
        // by one
        let texts = deserializer.size_hint().saturating_sub(1);
        for _ in 0..texts {
            let Some((field, StoredText(text))) = deserializer.next_field::<StoredText>()? else { break };
            if let Some(slot) = doc.texts.get_mut(field.field_id() as usize) {
                if slot.is_none() {
                    *slot = text;
                }
            }
        }
        Ok(doc)
    }
}

/// The first stored text of a field.
fn stored(doc: &TantivyDocument, field: Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// A word however it was written: its whole form, the phrase of its parts, or its stem. When
/// the index `joined` the word's parts wherever they stand together (a compound of the lexicon),
/// the whole form stands for the phrase.
fn word_query(field: Field, word: &crate::Word, joined: bool) -> Box<dyn Query> {
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let term = |text: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
    };
    alternatives.push((Occur::Should, term(&word.whole)));
    if joined {
        // the index joined exactly the parts
        let concat = word.parts.concat();
        if concat != word.whole {
            alternatives.push((Occur::Should, term(&concat)));
        }
    } else if word.parts.len() > 1 {
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
        // names as the archive keeps them (records built elsewhere may spell them otherwise)
        let newspaper = record.newspaper.as_deref().and_then(normalize_name);
        let section = record.section.as_deref().and_then(normalize_name);
        // the body is stored once, in its own field
        let stored = ArticleRecord {
            body: String::new(),
            newspaper: newspaper.clone(),
            section: section.clone(),
            ..record.clone()
        };
        let json = serde_json::to_vec(&stored).expect("an article record serializes");
        let mut document = doc!(
            fields.id => record.id.as_str(),
            fields.body => record.body.as_str(),
            fields.date => date,
        );
        let optional = [
            (fields.headline, &record.headline),
            (fields.lead, &record.lead),
            (fields.jalali, &record.jalali),
            (fields.gregorian, &record.gregorian),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                document.add_text(field, value);
            }
        }
        for (field, value) in [(fields.newspaper, &newspaper), (fields.section, &section)] {
            if let Some(value) = value {
                document.add_text(field, value);
            }
        }
        // last: a hit stops reading before it (`HitDoc`)
        document.add_bytes(fields.record, &json);
        self.writer.delete_term(Term::from_field_text(fields.id, &record.id));
        self.writer.add_document(document).map_err(|e| ArchiveError::Index(self.dir.clone(), e))?;
        Ok(())
    }

    /// Makes everything added so far durable: it survives a crash from here on.
    pub fn commit(&mut self) -> Result<(), ArchiveError> {
        self.writer.commit().map(|_| ()).map_err(|e| ArchiveError::Index(self.dir.clone(), e))
    }

    /// Commits, merges the archive into one segment (a search then looks every term up once and
    /// runs one pass of its collectors) and releases the write lock.
    pub fn finish(mut self) -> Result<(), ArchiveError> {
        self.commit()?;
        let error = |e| ArchiveError::Index(self.dir.clone(), e);
        let index = self.writer.index().clone();
        // the merges under way end first: a segment in a merge cannot join another
        self.writer.wait_merging_threads().map_err(error)?;
        let segments = index.searchable_segment_ids().map_err(error)?;
        if segments.len() > 1 {
            let mut writer: IndexWriter = index.writer_with_num_threads(1, MERGE_WRITER_MEMORY).map_err(error)?;
            writer.set_merge_policy(Box::new(NoMergePolicy));
            writer.merge(&segments).wait().map_err(error)?;
            writer.wait_merging_threads().map_err(error)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary one, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("bayegan-store-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn article(id: &str, newspaper: &str, section: Option<&str>, date: &str, body: &str) -> ArticleRecord {
        let mut record = ArticleRecord {
            id: id.into(),
            newspaper: Some(newspaper.into()),
            section: section.map(Into::into),
            headline: Some(format!("تیتر {id}")),
            body: body.into(),
            ..ArticleRecord::default()
        };
        record.set_date(date).unwrap();
        record
    }

    #[test]
    fn a_new_archive_is_not_made_in_a_directory_that_holds_other_files() {
        let dir = Scratch::new("not-empty");
        std::fs::create_dir_all(&dir.0).unwrap();
        std::fs::write(dir.0.join("notes.txt"), "یادداشت").unwrap();
        let err = Archive::open_or_create(&dir.0).err().expect("a directory with files is no new archive");
        assert!(matches!(err, ArchiveError::Unreadable(..)) && err.to_string().contains("meta.json"), "{err}");
        assert_eq!(std::fs::read_dir(&dir.0).unwrap().count(), 1, "nothing was written beside the file");
        // an empty directory, or none, becomes an archive
        std::fs::remove_file(dir.0.join("notes.txt")).unwrap();
        assert!(Archive::open_or_create(&dir.0).is_ok());
    }

    #[test]
    fn counts_filters_hits_and_records_come_from_their_own_fields() {
        let dir = Scratch::new("fields");
        let archive = Archive::open_or_create(&dir.0).unwrap();
        let mut ingester = archive.ingester().unwrap();
        ingester.add(&article("a", "شرق", Some("اقتصاد"), "1403-08-19", "قیمت نان در تهران بالا رفت.")).unwrap();
        ingester.add(&article("b", "شرق", None, "1403-09-01", "نان و آب در شیراز.")).unwrap();
        ingester.add(&article("c", " همشهری ", Some("اقتصاد"), "1402-01-05", "بازار نان آرام است.")).unwrap();
        ingester.finish().unwrap();
        archive.reload().unwrap();

        let found = archive.search(&SearchRequest::new("نان")).unwrap();
        assert_eq!(found.total, 3);
        let count = |list: &[FacetCount]| list.iter().map(|f| (f.value.clone(), f.count)).collect::<Vec<_>>();
        assert_eq!(count(&found.facets.newspaper), [("شرق".to_owned(), 2), ("همشهری".to_owned(), 1)]);
        assert_eq!(count(&found.facets.section), [("اقتصاد".to_owned(), 2)]);
        assert_eq!(
            count(&found.facets.jalali_month),
            [("1403-09".to_owned(), 1), ("1403-08".to_owned(), 1), ("1402-01".to_owned(), 1)]
        );
        let a = found.hits.iter().find(|h| h.id == "a").unwrap();
        assert_eq!((a.newspaper.as_deref(), a.section.as_deref()), (Some("شرق"), Some("اقتصاد")));
        assert_eq!(a.date.jalali.as_deref(), Some("1403-08-19"));
        assert_eq!(a.date.gregorian.as_deref(), Some("2024-11-09"));
        assert_eq!(a.snippet, "قیمت <b>نان</b> در تهران بالا رفت.");

        let mut request = SearchRequest::new("نان");
        request.newspaper = Some("همشهری".into());
        let only = archive.search(&request).unwrap();
        assert_eq!((only.total, only.hits[0].id.as_str()), (1, "c"));
        request.newspaper = None;
        request.section = Some("اقتصاد".into());
        assert_eq!(archive.search(&request).unwrap().total, 2);

        // the whole record comes back, its body from the body field
        let record = archive.get("b").unwrap().unwrap();
        assert_eq!(record, article("b", "شرق", None, "1403-09-01", "نان و آب در شیراز."));
    }

    #[test]
    fn any_limit_is_served_without_room_for_more_hits_than_articles() {
        let dir = Scratch::new("limits");
        let archive = Archive::open_or_create(&dir.0).unwrap();
        let mut ingester = archive.ingester().unwrap();
        ingester.add(&article("a", "شرق", None, "1403-08-19", "قیمت نان در تهران بالا رفت.")).unwrap();
        ingester.add(&article("b", "شرق", None, "1403-09-01", "نان و آب در شیراز.")).unwrap();
        ingester.finish().unwrap();
        archive.reload().unwrap();
        for (limit, sort) in [(usize::MAX, Sort::Relevance), (usize::MAX, Sort::Date), (1 << 32, Sort::Relevance)] {
            let request = SearchRequest { limit, sort, ..SearchRequest::new("نان") };
            let found = archive.search(&request).unwrap();
            assert_eq!((found.total, found.hits.len()), (2, 2), "limit {limit}, {sort:?}");
        }
        // no hits asked for: none given, the counts still made
        let request = SearchRequest { limit: 0, ..SearchRequest::new("نان") };
        let counted = archive.search(&request).unwrap();
        assert_eq!((counted.total, counted.hits.len()), (2, 0));
        assert_eq!(counted.facets.newspaper, [FacetCount { value: "شرق".into(), count: 2 }]);
    }

    #[test]
    fn every_spelling_of_a_newspaper_or_section_is_one_name() {
        let dir = Scratch::new("names");
        let archive = Archive::open_or_create(&dir.0).unwrap();
        let mut ingester = archive.ingester().unwrap();
        // Arabic ي and ك, a no-break space, a kashida, a stray ZWNJ, spaces around
        ingester.add(&article("a", "همشهري", Some("سياست"), "1403-08-19", "نان گران شد.")).unwrap();
        ingester.add(&article("b", " همشهری ", Some("سیاست"), "1403-08-20", "نان ارزان شد.")).unwrap();
        ingester.add(&article("c", "اطلاعات\u{a0}ورزشي", Some("ورزش"), "1403-08-21", "نان و ورزش.")).unwrap();
        ingester.add(&article("d", "اطلاعات  ورزشی", Some("ورزـش\u{200c}"), "1403-08-22", "نان و کشتی.")).unwrap();
        ingester.finish().unwrap();
        archive.reload().unwrap();

        let found = archive.search(&SearchRequest::new("نان")).unwrap();
        let count = |list: &[FacetCount]| list.iter().map(|f| (f.value.clone(), f.count)).collect::<Vec<_>>();
        assert_eq!(count(&found.facets.newspaper), [("اطلاعات ورزشی".to_owned(), 2), ("همشهری".to_owned(), 2)]);
        assert_eq!(count(&found.facets.section), [("سیاست".to_owned(), 2), ("ورزش".to_owned(), 2)]);
        for spelling in ["همشهري", "همشهری", " همشهری\u{200c}"] {
            let request = SearchRequest { newspaper: Some(spelling.into()), ..SearchRequest::new("نان") };
            let mut ids: Vec<String> = archive.search(&request).unwrap().hits.into_iter().map(|h| h.id).collect();
            ids.sort();
            assert_eq!(ids, ["a", "b"], "newspaper {spelling:?}");
        }
        let request = SearchRequest { section: Some("سياست".into()), ..SearchRequest::new("نان") };
        assert_eq!(archive.search(&request).unwrap().total, 2);
        let request =
            SearchRequest { newspaper: Some("اطلاعات ورزشي".into()), ..SearchRequest::new("نان") };
        assert_eq!(archive.search(&request).unwrap().total, 2);
        // the stored record names them as the index does
        let record = archive.get("a").unwrap().unwrap();
        assert_eq!((record.newspaper.as_deref(), record.section.as_deref()), (Some("همشهری"), Some("سیاست")));
    }

    #[test]
    fn a_compound_is_found_by_its_whole_form_however_it_is_written() {
        let dir = Scratch::new("compounds");
        let archive = Archive::open_or_create(&dir.0).unwrap();
        assert!(archive.joins_compounds);
        let mut ingester = archive.ingester().unwrap();
        let bodies = [
            ("zwnj", "رئیس‌جمهور گفت"),
            ("space", "رییس جمهور آمد"),
            ("fused", "رئیسجمهور رفت"),
            ("apart", "رئیس اداره از جمهور"),
        ];
        for (id, body) in bodies {
            ingester.add(&article(id, "شرق", None, "1403-01-01", body)).unwrap();
            ingester.commit().unwrap();
        }
        ingester.finish().unwrap();
        archive.reload().unwrap();
        assert_eq!(archive.index.searchable_segment_ids().unwrap().len(), 1, "one segment after an ingest");
        let ids = |archive: &Archive, query: &str| {
            let mut ids: Vec<String> =
                archive.search(&SearchRequest::new(query)).unwrap().hits.into_iter().map(|h| h.id).collect();
            ids.sort();
            ids
        };
        let queries = ["رئیس‌جمهور", "رئيسجمهور", "\"رئیس جمهور\"", "رییس‌جمهور -آمد"];
        let expected = [
            &["fused", "space", "zwnj"][..],
            &["fused", "space", "zwnj"],
            &["fused", "space", "zwnj"],
            &["fused", "zwnj"],
        ];
        for (query, expected) in queries.iter().zip(expected) {
            assert_eq!(ids(&archive, query), expected, "{query}");
        }
        // an archive built with other compounds searches the phrase of parts: the same hits
        std::fs::write(dir.0.join(COMPOUNDS_FILE), "0\n").unwrap();
        let other = Archive::open(&dir.0).unwrap();
        assert!(!other.joins_compounds);
        for (query, expected) in queries.iter().zip(expected) {
            assert_eq!(ids(&other, query), expected, "{query}");
        }
    }

    #[test]
    fn an_archive_of_another_format_is_refused_with_what_to_do() {
        let dir = Scratch::new("format");
        drop(Archive::open_or_create(&dir.0).unwrap());
        assert_eq!(std::fs::read_to_string(dir.0.join(FORMAT_FILE)).unwrap().trim(), FORMAT_VERSION.to_string());
        assert!(Archive::open(&dir.0).is_ok());

        // format 1 wrote no version file
        std::fs::remove_file(dir.0.join(FORMAT_FILE)).unwrap();
        let Err(err) = Archive::open(&dir.0) else { panic!("an old archive opened") };
        assert!(matches!(err, ArchiveError::Outdated(_, 1)), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("format 1") && message.contains("bayegan ingest"), "{message}");
        assert!(matches!(Archive::open_or_create(&dir.0), Err(ArchiveError::Outdated(_, 1))));

        std::fs::write(dir.0.join(FORMAT_FILE), format!("{}\n", FORMAT_VERSION + 1)).unwrap();
        let Err(err) = Archive::open(&dir.0) else { panic!("a newer archive opened") };
        assert!(err.to_string().contains("newer bayegan"), "{err}");

        // a directory that is no index at all is unreadable, whatever its version file says
        let broken = Scratch::new("broken");
        std::fs::create_dir_all(&broken.0).unwrap();
        std::fs::write(broken.0.join("meta.json"), "{ not an index").unwrap();
        assert!(matches!(Archive::open(&broken.0), Err(ArchiveError::Unreadable(..))));
    }
}
