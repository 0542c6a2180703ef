//! `bayegan._bayegan`: the native half of the `bayegan` Python package.
//!
//! Thin PyO3 bindings over the library crates, with no text logic of their own:
//! * [`fix`], [`restore`], [`fix_batch`] call [`bayegan_text::Restorer`];
//! * [`parse`] calls [`bayegan_page::Parser`] and hands back the Page JSON as a `dict`;
//! * [`arrow`]: the same over Arrow string arrays (the Arrow C Data Interface);
//! * [`archive`]: `bayegan.Archive` over [`bayegan_archive::Archive`].
//!
//! What the bindings add is conversion: options from Python strings (validated once, with the
//! CLI's messages), byte spans to code-point indices (Python strings are indexed by code point),
//! Rust errors to Python exceptions. The GIL is released while Rust works.
#![deny(missing_docs)]

pub mod archive;
pub mod arrow;

use std::ops::Range;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

use bayegan_page::{ParseError, Parser};
use bayegan_text::{DiacriticPolicy, DigitPolicy, RestoreOptions, Restorer, SpellingMode};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyType};
use rayon::prelude::*;

/// The JSON Schema of the Page JSON (`docs/page-schema.json`), compiled in.
const PAGE_SCHEMA: &str = include_str!("../../../docs/page-schema.json");

/// Restorer options as Python passes them: validated into [`RestoreOptions`] once per call.
pub(crate) fn restore_options(
    digits: &str,
    diacritics: &str,
    spacing: bool,
    spelling: &str,
) -> PyResult<RestoreOptions> {
    let digits: DigitPolicy = digits.parse().map_err(PyValueError::new_err)?;
    let diacritics = match diacritics {
        "keep" => DiacriticPolicy::Keep,
        "strip" => DiacriticPolicy::Strip,
        other => return Err(PyValueError::new_err(format!("unknown diacritics policy {other:?}: use keep or strip"))),
    };
    let spelling = match spelling {
        "off" => SpellingMode::Off,
        "flag" => SpellingMode::Flag,
        "fix" => SpellingMode::Fix,
        other => return Err(PyValueError::new_err(format!("unknown spelling mode {other:?}: use off, flag or fix"))),
    };
    Ok(RestoreOptions { digits, diacritics, spacing, spelling })
}

/// The thread pool of this process. A process forked from one that had used a pool inherits
/// the pool but none of its threads, and work sent to it would wait forever (a
/// `multiprocessing.Pool` worker, on Linux): a forked child builds a pool of its own.
pub(crate) fn pool() -> &'static rayon::ThreadPool {
    static OWNER: AtomicU32 = AtomicU32::new(0);
    static POOL: AtomicPtr<rayon::ThreadPool> = AtomicPtr::new(std::ptr::null_mut());
    let pid = std::process::id();
    if OWNER.load(Ordering::Acquire) == pid {
        // SAFETY: a non-null pointer is a leaked Box, never freed; OWNER is stored after it.
        if let Some(pool) = unsafe { POOL.load(Ordering::Acquire).as_ref() } {
            return pool;
        }
    }
    // (two threads may both build one here; the one not kept is leaked, like the others)
    let pool: &'static rayon::ThreadPool =
        Box::leak(Box::new(rayon::ThreadPoolBuilder::new().build().expect("cannot start worker threads")));
    POOL.store(std::ptr::from_ref(pool).cast_mut(), Ordering::Release);
    OWNER.store(pid, Ordering::Release);
    pool
}

/// Maps `f` over `items` in parallel on [`pool`], in tasks of about 64 KB of text (`size`
/// gives an item's bytes), so that a few long texts use every core and many short ones do
/// not pay a task each.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize + Sync,
    f: impl Fn(usize, &T) -> R + Sync + Send,
) -> Vec<R> {
    const TASK_BYTES: usize = 64 * 1024;
    let mut tasks: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        bytes += size(item) + 1;
        if bytes >= TASK_BYTES {
            tasks.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < items.len() {
        tasks.push(start..items.len());
    }
    pool().install(|| {
        tasks.into_par_iter().flat_map_iter(|task| task.map(|i| f(i, &items[i])).collect::<Vec<R>>()).collect()
    })
}

pub(crate) fn restorer(options: RestoreOptions) -> Restorer {
    Restorer::builder().options(options).build()
}

/// Converts byte offsets of `text` into code-point offsets, in one pass. The offsets must be
/// char boundaries; they may come in any order.
pub(crate) fn char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..byte_offsets.len()).collect();
    order.sort_by_key(|&i| byte_offsets[i]);
    let mut result = vec![0; byte_offsets.len()];
    let (mut byte, mut chars) = (0, 0);
    for i in order {
        let target = byte_offsets[i];
        chars += text[byte..target].chars().count();
        byte = target;
        result[i] = chars;
    }
    result
}

/// A confidence as the float that prints like it (0.97068775, not 0.970687747001648), as
/// `bayegan fix --json` writes it.
pub(crate) fn python_float(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// A flag's candidates: `(word, confidence)`, most likely first.
type Suggestions = Vec<(String, f64)>;

/// What `__reduce__` returns: the class and its constructor's arguments (for pickle and copy).
type Reduced<'py, Args> = PyResult<(Bound<'py, PyType>, Args)>;

/// `repr(text)` as Python writes it.
fn py_repr(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_string())
}

/// One change the restorer made: `text[start:end]` of the input, which read `before`, became
/// `after`. `start` and `end` index the Python string (code points), not bytes.
#[pyclass(module = "bayegan", frozen, get_all, eq, from_py_object)]
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// Start of the changed span in the input string (code points).
    start: usize,
    /// End of the changed span (code points; equal to `start` for an insertion).
    end: usize,
    /// The input text in the span.
    before: String,
    /// What replaced it.
    after: String,
    /// `"char"`, `"zwnj"`, `"space"` or `"spelling"`.
    kind: String,
    /// How sure the restorer is, from 0.5 (a guess) to 1.0 (a rule).
    confidence: f64,
}

#[pymethods]
impl Edit {
    #[new]
    fn new(start: usize, end: usize, before: String, after: String, kind: String, confidence: f64) -> Self {
        Edit { start, end, before, after, kind, confidence }
    }

    /// Pickles as the arguments of the constructor.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduced<'py, (usize, usize, String, String, String, f64)> {
        let e = slf.get();
        Ok((slf.get_type(), (e.start, e.end, e.before.clone(), e.after.clone(), e.kind.clone(), e.confidence)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Edit(start={}, end={}, before={}, after={}, kind={}, confidence={})",
            self.start,
            self.end,
            py_repr(py, &self.before)?,
            py_repr(py, &self.after)?,
            py_repr(py, &self.kind)?,
            self.confidence
        ))
    }

    /// The edit as a dict (what `bayegan fix --json` writes, with code-point offsets).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("start", self.start)?;
        dict.set_item("end", self.end)?;
        dict.set_item("before", &self.before)?;
        dict.set_item("after", &self.after)?;
        dict.set_item("kind", &self.kind)?;
        dict.set_item("confidence", self.confidence)?;
        Ok(dict)
    }
}

/// A word the spelling stage flagged and left as it is (only with `spelling="flag"` or `"fix"`).
#[pyclass(module = "bayegan", frozen, get_all, from_py_object)]
#[derive(Clone, Debug)]
pub struct Flag {
    /// Start of the word in the input string (code points).
    start: usize,
    /// End of the word in the input string (code points).
    end: usize,
    /// The word as it stands in the restored text.
    word: String,
    /// `"misspelled"` or `"unknown"`.
    kind: String,
    /// Candidates as `(word, confidence)`, most likely first.
    suggestions: Suggestions,
}

#[pymethods]
impl Flag {
    #[new]
    fn new(start: usize, end: usize, word: String, kind: String, suggestions: Suggestions) -> Self {
        Flag { start, end, word, kind, suggestions }
    }

    /// Pickles as the arguments of the constructor.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduced<'py, (usize, usize, String, String, Suggestions)> {
        let f = slf.get();
        Ok((slf.get_type(), (f.start, f.end, f.word.clone(), f.kind.clone(), f.suggestions.clone())))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Flag(start={}, end={}, word={}, kind={})",
            self.start,
            self.end,
            py_repr(py, &self.word)?,
            py_repr(py, &self.kind)?
        ))
    }
}

/// The result of `bayegan.restore`: the restored `text` and the `edits` that made it, sorted by
/// position; `flags` lists words the spelling stage left for review.
#[pyclass(module = "bayegan", frozen, get_all, from_py_object)]
#[derive(Clone, Debug)]
pub struct Restored {
    /// The restored text.
    text: String,
    /// Every change, in input order.
    edits: Vec<Edit>,
    /// Flagged words (empty unless spelling is on).
    flags: Vec<Flag>,
}

#[pymethods]
impl Restored {
    #[new]
    #[pyo3(signature = (text, edits, flags = Vec::new()))]
    fn new(text: String, edits: Vec<Edit>, flags: Vec<Flag>) -> Self {
        Restored { text, edits, flags }
    }

    /// Pickles as the arguments of the constructor.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduced<'py, (String, Vec<Edit>, Vec<Flag>)> {
        let r = slf.get();
        Ok((slf.get_type(), (r.text.clone(), r.edits.clone(), r.flags.clone())))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Restored(text={}, edits=[{} edits])", py_repr(py, &self.text)?, self.edits.len()))
    }
}

/// Converts the library's result, byte spans to code-point spans of `input`.
pub(crate) fn restored_for_python(input: &str, restored: bayegan_text::Restored) -> Restored {
    let spans = |ranges: &mut dyn Iterator<Item = &Range<usize>>| -> Vec<usize> {
        let bytes: Vec<usize> = ranges.flat_map(|r| [r.start, r.end]).collect();
        char_offsets(input, &bytes)
    };
    let edit_at = spans(&mut restored.edits.iter().map(|e| &e.span));
    let flag_at = spans(&mut restored.flags.iter().map(|f| &f.span));
    let edits = restored
        .edits
        .into_iter()
        .enumerate()
        .map(|(i, e)| Edit {
            start: edit_at[2 * i],
            end: edit_at[2 * i + 1],
            before: e.before,
            after: e.after,
            kind: e.kind.as_str().to_owned(),
            confidence: python_float(e.confidence),
        })
        .collect();
    let flags = restored
        .flags
        .into_iter()
        .enumerate()
        .map(|(i, f)| Flag {
            start: flag_at[2 * i],
            end: flag_at[2 * i + 1],
            word: f.word,
            kind: serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            suggestions: f.suggestions.into_iter().map(|s| (s.word, python_float(s.confidence))).collect(),
        })
        .collect();
    Restored { text: restored.text, edits, flags }
}

/// Restores Persian text: half-spaces (ZWNJ) and spaces put back, characters normalized.
///
/// Args:
///     text: The text to restore (any length; lines are kept).
///     digits: ``"keep"`` (as written), ``"fa"`` (Persian digits) or ``"latin"``.
///     diacritics: ``"keep"`` or ``"strip"``.
///     spacing: Restore ZWNJs and spaces; ``False`` only normalizes characters.
///     spelling: ``"off"``, ``"flag"`` or ``"fix"`` (correct the sure misspellings).
///
/// Returns:
///     The restored text, exactly what ``bayegan fix`` writes for it.
///
/// Raises:
///     ValueError: An option has an unknown value.
///
/// Example:
///     >>> bayegan.fix("این کار را میکنند")
///     'این کار را می\u200cکنند'
#[pyfunction]
#[pyo3(signature = (text, *, digits = "keep", diacritics = "keep", spacing = true, spelling = "off"))]
fn fix(
    py: Python<'_>,
    text: String,
    digits: &str,
    diacritics: &str,
    spacing: bool,
    spelling: &str,
) -> PyResult<String> {
    let restorer = restorer(restore_options(digits, diacritics, spacing, spelling)?);
    Ok(py.detach(|| restorer.fix(&text)))
}

/// Restores Persian text and returns every edit made, for review.
///
/// Args:
///     text: The text to restore.
///     digits: ``"keep"``, ``"fa"`` or ``"latin"``.
///     diacritics: ``"keep"`` or ``"strip"``.
///     spacing: Restore ZWNJs and spaces; ``False`` only normalizes characters.
///     spelling: ``"off"``, ``"flag"`` or ``"fix"``.
///
/// Returns:
///     A :class:`Restored` with ``.text`` and ``.edits``. Each :class:`Edit` has ``start`` and
///     ``end`` indices into ``text`` (code points, as Python indexes strings), so
///     ``text[edit.start:edit.end] == edit.before``.
///
/// Raises:
///     ValueError: An option has an unknown value.
#[pyfunction]
#[pyo3(signature = (text, *, digits = "keep", diacritics = "keep", spacing = true, spelling = "off"))]
fn restore(
    py: Python<'_>,
    text: String,
    digits: &str,
    diacritics: &str,
    spacing: bool,
    spelling: &str,
) -> PyResult<Restored> {
    let restorer = restorer(restore_options(digits, diacritics, spacing, spelling)?);
    Ok(py.detach(|| restored_for_python(&text, restorer.restore(&text))))
}

/// Restores many texts at once, spread over all cores, without holding the GIL.
///
/// Args:
///     texts: The texts (a list, tuple or any sequence of ``str``).
///     digits: ``"keep"``, ``"fa"`` or ``"latin"``.
///     diacritics: ``"keep"`` or ``"strip"``.
///     spacing: Restore ZWNJs and spaces.
///     spelling: ``"off"``, ``"flag"`` or ``"fix"``.
///
/// Returns:
///     The restored texts, in order; item ``i`` equals ``fix(texts[i], ...)``.
///
/// Raises:
///     TypeError: An item is not a ``str``.
///     ValueError: An option has an unknown value.
#[pyfunction]
#[pyo3(signature = (texts, *, digits = "keep", diacritics = "keep", spacing = true, spelling = "off"))]
fn fix_batch(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    digits: &str,
    diacritics: &str,
    spacing: bool,
    spelling: &str,
) -> PyResult<Vec<String>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("texts must be a sequence of str, not one str (use fix for one text)"));
    }
    let texts: Vec<String> = texts.extract().map_err(|_| {
        PyTypeError::new_err("texts must be a list, tuple or other sequence of str (each item a str, none None)")
    })?;
    let restorer = restorer(restore_options(digits, diacritics, spacing, spelling)?);
    Ok(py.detach(|| par_map(&texts, |text| text.len(), |_, text| restorer.fix(text))))
}

/// The Page JSON of one page as a string (what `bayegan parse` writes, on one line).
pub(crate) fn page_json(parser: &Parser, source: &str, text: &str) -> Result<String, String> {
    let page = parser.parse(source, text).map_err(|err| match err {
        // a Python string is indexed by code point, not byte
        ParseError::Binary { offset } => format!(
            "{source}: a NUL character at index {}: this looks like a binary file, not a page's text",
            text[..offset].chars().count()
        ),
        err => format!("{source}: {err}"),
    })?;
    serde_json::to_string(&page).map_err(|err| format!("{source}: {err}"))
}

pub(crate) fn json_loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// Parses the text of one newspaper page into articles.
///
/// Args:
///     page_text: The text extracted from one page, one printed line or paragraph per line.
///     source: Names the page in the result (``"source"``); ``bayegan parse FILE`` uses the path.
///     raw: Text fields keep the original characters instead of the restored text.
///
/// Returns:
///     The Page as a ``dict``, the JSON of ``docs/page-schema.md`` (``schema_version`` 1), equal
///     to what ``bayegan parse --format json`` writes.
///
/// Raises:
///     ValueError: The text is not a Persian page's text (no Persian letter, or a NUL byte).
#[pyfunction]
#[pyo3(signature = (page_text, *, source = "-", raw = false))]
fn parse<'py>(py: Python<'py>, page_text: String, source: &str, raw: bool) -> PyResult<Bound<'py, PyAny>> {
    let parser = Parser::builder().raw(raw).build();
    let json = py.detach(|| page_json(&parser, source, &page_text)).map_err(PyValueError::new_err)?;
    json_loads(py, &json)
}

/// The JSON Schema (draft 2020-12) of the Page that :func:`parse` returns, as a ``dict``.
#[pyfunction]
fn page_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    json_loads(py, PAGE_SCHEMA)
}

/// The native module; the `bayegan` package re-exports it.
#[pymodule]
fn _bayegan(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(fix, module)?)?;
    module.add_function(wrap_pyfunction!(restore, module)?)?;
    module.add_function(wrap_pyfunction!(fix_batch, module)?)?;
    module.add_function(wrap_pyfunction!(parse, module)?)?;
    module.add_function(wrap_pyfunction!(page_schema, module)?)?;
    module.add_function(wrap_pyfunction!(arrow::fix_arrow, module)?)?;
    module.add_function(wrap_pyfunction!(arrow::restore_arrow, module)?)?;
    module.add_function(wrap_pyfunction!(arrow::parse_arrow, module)?)?;
    module.add_class::<Edit>()?;
    module.add_class::<Flag>()?;
    module.add_class::<Restored>()?;
    module.add_class::<arrow::ArrowArray>()?;
    module.add_class::<archive::Archive>()?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("SCHEMA_VERSION", bayegan_page::SCHEMA_VERSION)?;
    Ok(())
}
