//! `bayegan.Archive`: ingest and search an archive from Python, through the same library calls
//! as `bayegan ingest` and `bayegan search` (`crates/cli/src/archive.rs`): pages are parsed with
//! [`Parser`] and cut with [`ArticleRecord::from_page`], `.jsonl` lines are read with
//! [`ArticleRecord::from_json_line`], searches go to [`Archive::search`] and come back as the
//! dict `bayegan search --json` prints.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bayegan_archive::{ArchiveError, ArticleRecord, DateFilter, SearchRequest, Sort};
use bayegan_page::Parser;
use bayegan_text::Restorer;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

use crate::json_loads;

/// Archive errors as Python exceptions, with the CLI's messages: a bad query or date is a
/// ValueError, a missing archive FileNotFoundError, the rest OSError.
fn to_python(err: ArchiveError) -> PyErr {
    match err {
        ArchiveError::Query(_) | ArchiveError::Date(_) => PyValueError::new_err(err.to_string()),
        ArchiveError::Missing(_) => PyFileNotFoundError::new_err(err.to_string()),
        _ => PyOSError::new_err(err.to_string()),
    }
}

/// What one input gave: articles, or why it gave none.
enum Outcome {
    Articles(Vec<ArticleRecord>, bool),
    Skipped,
    Error(String),
}

/// Bytes as text; bad UTF-8 is an error naming the byte (from `offset`), or replaced when `lossy`.
fn decode(bytes: Vec<u8>, place: &str, offset: usize, lossy: bool) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) if lossy => Ok(String::from_utf8_lossy(err.as_bytes()).into_owned()),
        Err(err) => Err(format!(
            "{place}: invalid UTF-8 at byte offset {} (convert the file to UTF-8, or pass lossy=True)",
            offset + err.utf8_error().valid_up_to()
        )),
    }
}

/// The outcomes of one input file: a `.jsonl` file's lines (a bad line is reported, the others
/// read), or a page's articles. PDFs and scans are reported: the `bayegan` command reads them.
fn read_file(path: &Path, restorer: &Restorer, parser: &Parser, lossy: bool) -> Vec<Outcome> {
    let name = path.display().to_string();
    if bayegan_archive::is_document_input(path) {
        return vec![Outcome::Error(format!(
            "{name}: PDFs and scans are read by the bayegan command (bayegan ingest --archive ARCHIVE {name}), \
             not by the Python package"
        ))];
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return vec![Outcome::Error(format!("{name}: cannot read ({e})"))],
    };
    if path.extension().is_some_and(|e| e == "jsonl") {
        let mut offset = 0;
        let lines: Vec<(usize, usize, &[u8])> = bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .map(|(i, line)| {
                let start = offset;
                offset += line.len() + 1;
                (i + 1, start, line)
            })
            .filter(|(_, _, line)| !line.trim_ascii().is_empty())
            .collect();
        return lines
            .par_iter()
            .map(|&(number, start, line)| {
                let place = format!("{name}:{number}");
                match decode(line.to_vec(), &place, start, lossy) {
                    Ok(line) => article_line(&place, &line, restorer),
                    Err(why) => Outcome::Error(why),
                }
            })
            .collect();
    }
    let text = match decode(bytes, &name, 0, lossy) {
        Ok(text) => text,
        Err(why) => return vec![Outcome::Error(why)],
    };
    match parser.parse_with_edits(&name, &text, &[]) {
        Ok(parsed) => {
            vec![Outcome::Articles(ArticleRecord::from_page(&parsed.page, &text, &parsed.edits, &name), true)]
        }
        Err(err) => vec![Outcome::Error(format!("{name}: {err}"))],
    }
}

/// One article line (see [`ArticleRecord::from_json_line`]).
fn article_line(place: &str, line: &str, restorer: &Restorer) -> Outcome {
    match ArticleRecord::from_json_line(line.trim_end(), place, restorer) {
        Ok(Some(record)) => Outcome::Articles(vec![record], false),
        Ok(None) => Outcome::Skipped,
        Err(why) => Outcome::Error(format!("{place}: {why}")),
    }
}

/// An archive of articles on disk: ingest pages and articles, search them whatever the
/// spelling, filter by date (Solar Hijri or Gregorian), newspaper and section.
///
/// Args:
///     path: The archive's directory (what ``bayegan ingest --archive`` takes).
///     create: Create the archive when the directory does not exist or is empty (the
///         default); ``False`` raises FileNotFoundError instead. A directory that holds other
///         files is never made an archive.
///
/// Searches, :meth:`get` and ``len()`` see what was committed last, by this object, another
/// one or another process (``bayegan ingest``). Threads may share one object; its ingests
/// take turns.
///
/// Raises:
///     FileNotFoundError: No archive in ``path`` and ``create`` is false.
///     OSError: The directory holds something that is not a readable archive (other files,
///         or an archive that lost its ``meta.json``).
///     ValueError: ``path`` is empty.
///
/// Example:
///     >>> archive = bayegan.Archive("arc")
///     >>> archive.ingest(["pages/"])
///     >>> archive.search("رئیس جمهور", date_from="1403-01")["total"]
#[pyclass(module = "bayegan")]
pub struct Archive {
    archive: bayegan_archive::Archive,
    /// Held while this object ingests, so that its threads take turns instead of finding the
    /// archive's write lock taken.
    ingesting: Mutex<()>,
}

#[pymethods]
impl Archive {
    #[new]
    #[pyo3(signature = (path, *, create = true))]
    fn new(py: Python<'_>, path: PathBuf, create: bool) -> PyResult<Self> {
        if path.as_os_str().is_empty() {
            return Err(PyValueError::new_err("path must name the archive's directory (it is empty)"));
        }
        let archive = py
            .detach(|| {
                if create {
                    bayegan_archive::Archive::open_or_create(&path)
                } else {
                    bayegan_archive::Archive::open(&path)
                }
            })
            .map_err(to_python)?;
        Ok(Archive { archive, ingesting: Mutex::new(()) })
    }

    /// The archive's directory.
    #[getter]
    fn path(&self) -> PathBuf {
        self.archive.dir().to_owned()
    }

    /// Articles in the archive (as last committed, by this process or another).
    fn __len__(&self) -> PyResult<usize> {
        self.archive.reload().map_err(to_python)?;
        Ok(self.archive.len() as usize)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let dir = pyo3::types::PyString::new(py, &self.archive.dir().display().to_string()).repr()?.to_string();
        Ok(format!("bayegan.Archive({dir}, {} articles)", self.__len__()?))
    }

    /// Adds pages and articles, as ``bayegan ingest --archive PATH PATHS...`` does.
    ///
    /// Pages (``.txt``, ``.md``) are parsed and cut into articles; ``.jsonl`` files hold one
    /// article a line (``{"id", "newspaper", "date", "section", "headline", "lead", "body",
    /// "url"}``), restored as they are read (a line that cannot be read is reported, the others
    /// go in). Directories are walked. An article with the id of one already stored replaces
    /// it. PDFs and scans are reported, not read: ``bayegan ingest`` extracts them.
    ///
    /// Args:
    ///     paths: Files and directories (a path, or a list of them).
    ///     lossy: Replace bytes that are not UTF-8 instead of refusing the file.
    ///
    /// Returns:
    ///     ``{"articles": n, "pages": n, "skipped": n}``.
    ///
    /// Raises:
    ///     FileNotFoundError: A path does not exist (nothing was ingested).
    ///     ValueError: Some inputs could not be ingested (the others were, and are committed);
    ///         the message names the first, as the CLI's does.
    ///     OSError: A directory cannot be listed, another process is ingesting into the
    ///         archive, or it cannot be written.
    #[pyo3(signature = (paths, *, lossy = false))]
    fn ingest<'py>(&self, py: Python<'py>, paths: &Bound<'py, PyAny>, lossy: bool) -> PyResult<Bound<'py, PyDict>> {
        let paths: Vec<PathBuf> = match paths.extract::<PathBuf>() {
            Ok(one) => vec![one],
            Err(_) => paths.extract()?,
        };
        if paths.is_empty() {
            return Err(PyValueError::new_err("give the page files, directories or .jsonl files to ingest"));
        }
        let (articles, pages, skipped, errors) = py.detach(|| -> PyResult<_> {
            // page files and article files, as `bayegan ingest` finds them
            let accept = |path: &Path| bayegan_archive::is_text_input(path) || bayegan_archive::is_document_input(path);
            let files = bayegan_archive::input_files(&paths, &accept).map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    PyFileNotFoundError::new_err(e.to_string())
                } else {
                    PyOSError::new_err(e.to_string())
                }
            })?;
            let restorer = Restorer::new();
            let parser = Parser::new();
            let outcomes: Vec<Outcome> = crate::pool().install(|| {
                files.par_iter().flat_map_iter(|file| read_file(file, &restorer, &parser, lossy)).collect()
            });
            self.add(outcomes)
        })?;
        summary(py, articles, pages, skipped, errors)
    }

    /// Adds articles given as dicts (or JSON strings) in the ``.jsonl`` format of
    /// :meth:`ingest`: ``{"id", "newspaper", "date", "section", "headline", "lead", "body",
    /// "url"}``; text is restored as it is read.
    ///
    /// Args:
    ///     articles: An iterable of dicts or JSON strings.
    ///     source: Recorded as each article's source, with its position (``source:N``).
    ///
    /// Returns:
    ///     ``{"articles": n, "pages": 0, "skipped": n}``.
    ///
    /// Raises:
    ///     ValueError: Some articles could not be read (bad JSON, a date that cannot be read);
    ///         the others were ingested.
    #[pyo3(signature = (articles, *, source = "<python>"))]
    fn ingest_articles<'py>(
        &self,
        py: Python<'py>,
        articles: &Bound<'py, PyAny>,
        source: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        if articles.is_instance_of::<pyo3::types::PyString>() || articles.is_instance_of::<PyDict>() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "articles must be an iterable of articles (dicts or JSON strings); for one, pass [article]",
            ));
        }
        let dumps = py.import("json")?.getattr("dumps")?;
        let mut lines = Vec::new();
        for article in articles.try_iter()? {
            let article = article?;
            lines.push(match article.extract::<String>() {
                Ok(line) => line,
                Err(_) => dumps.call((article,), Some(&[("ensure_ascii", false)].into_py_dict(py)?))?.extract()?,
            });
        }
        let (articles, pages, skipped, errors) = py.detach(|| {
            let restorer = Restorer::new();
            let outcomes: Vec<Outcome> = crate::par_map(&lines, String::len, |i, line| {
                article_line(&format!("{source}:{}", i + 1), line, &restorer)
            });
            self.add(outcomes)
        })?;
        summary(py, articles, pages, skipped, errors)
    }

    /// Searches the archive, as ``bayegan search --json`` does.
    ///
    /// Args:
    ///     query: Words, ``"phrases"`` and ``-excluded`` words; any spelling finds a word.
    ///     limit: At most this many hits (0: none, only the total and the facets).
    ///     date_from: Earliest date, Solar Hijri or Gregorian (``1403-01``, ``2024-03-20``).
    ///     date_to: Latest date, the same way.
    ///     newspaper: Only this newspaper.
    ///     section: Only this section.
    ///     sort: ``"relevance"`` or ``"date"`` (newest first).
    ///
    /// Returns:
    ///     ``{"total", "hits": [{"id", "headline", "newspaper", "date", "section", "snippet",
    ///     "score"}], "facets": {...}}``, exactly the JSON of ``bayegan search --json``.
    ///
    /// Raises:
    ///     ValueError: The query or a date cannot be read, ``limit`` is negative, or ``sort`` is
    ///         unknown.
    #[pyo3(signature = (query, *, limit = 10, date_from = None, date_to = None, newspaper = None, section = None, sort = "relevance"))]
    #[allow(clippy::too_many_arguments)]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: String,
        limit: i64,
        date_from: Option<String>,
        date_to: Option<String>,
        newspaper: Option<String>,
        section: Option<String>,
        sort: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let limit = usize::try_from(limit)
            .map_err(|_| PyValueError::new_err(format!("limit must be 0 or more, not {limit}")))?;
        let sort = match sort {
            "relevance" => Sort::Relevance,
            "date" => Sort::Date,
            other => return Err(PyValueError::new_err(format!("unknown sort {other:?}: use relevance or date"))),
        };
        let dates = DateFilter::parse(date_from.as_deref(), date_to.as_deref()).map_err(PyValueError::new_err)?;
        let request = SearchRequest { query, limit, dates, newspaper, section, sort };
        // what another process (or another Archive object) committed since is found too
        let results =
            py.detach(|| self.archive.reload().and_then(|()| self.archive.search(&request))).map_err(to_python)?;
        let json = serde_json::to_string(&results).map_err(|e| PyValueError::new_err(e.to_string()))?;
        json_loads(py, &json)
    }

    /// One article, as ``bayegan show --json ID`` prints it, or ``None`` when there is no
    /// article with this id.
    fn get<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(record) =
            py.detach(|| self.archive.reload().and_then(|()| self.archive.get(id))).map_err(to_python)?
        else {
            return Ok(None);
        };
        let json = serde_json::to_string(&record).map_err(|e| PyValueError::new_err(e.to_string()))?;
        json_loads(py, &json).map(Some)
    }
}

use pyo3::types::IntoPyDict;

impl Archive {
    /// Writes the articles of `outcomes` and commits; returns the counts and the errors.
    fn add(&self, outcomes: Vec<Outcome>) -> PyResult<(u64, u64, u64, Vec<String>)> {
        let _turn = self.ingesting.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut ingester = self.archive.ingester().map_err(to_python)?;
        let (mut articles, mut pages, mut skipped, mut errors) = (0u64, 0u64, 0u64, Vec::new());
        for outcome in outcomes {
            match outcome {
                Outcome::Articles(records, from_page) => {
                    pages += u64::from(from_page);
                    for record in &records {
                        ingester.add(record).map_err(to_python)?;
                        articles += 1;
                    }
                }
                Outcome::Skipped => skipped += 1,
                Outcome::Error(why) => errors.push(why),
            }
        }
        ingester.finish().map_err(to_python)?;
        self.archive.reload().map_err(to_python)?;
        Ok((articles, pages, skipped, errors))
    }
}

fn summary(
    py: Python<'_>,
    articles: u64,
    pages: u64,
    skipped: u64,
    errors: Vec<String>,
) -> PyResult<Bound<'_, PyDict>> {
    if let Some(first) = errors.first() {
        return Err(PyValueError::new_err(format!(
            "{} inputs could not be ingested; the first: {first} ({articles} articles were ingested)",
            errors.len()
        )));
    }
    let dict = PyDict::new(py);
    dict.set_item("articles", articles)?;
    dict.set_item("pages", pages)?;
    dict.set_item("skipped", skipped)?;
    Ok(dict)
}
