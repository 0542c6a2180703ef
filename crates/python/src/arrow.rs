//! Arrow string arrays in and out through the Arrow C Data Interface (the PyCapsule protocol:
//! `__arrow_c_array__`), so pyarrow, Spark's Arrow UDFs, polars and others hand their buffers
//! to Rust without a Python object per row. Nulls stay nulls; rows are spread over the cores
//! with the GIL released.

use std::ffi::CStr;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{make_array, Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::{DataType, Field};
use bayegan_page::Parser;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::{page_json, restore_options, restored_for_python, restorer};

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";

/// An Arrow array made by bayegan, handed to Python through `__arrow_c_array__`:
/// ``pyarrow.array(result)`` (or any Arrow library) takes it without copying.
#[pyclass(module = "bayegan", frozen)]
pub struct ArrowArray {
    array: ArrayRef,
}

#[pymethods]
impl ArrowArray {
    /// Exports the array as a pair of PyCapsules (`arrow_schema`, `arrow_array`); a requested
    /// schema is ignored (the array is a string array either way).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let field = Field::new("", self.array.data_type().clone(), true);
        let schema = FFI_ArrowSchema::try_from(&field).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let array = FFI_ArrowArray::new(&self.array.to_data());
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA_CAPSULE)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY_CAPSULE)?;
        PyTuple::new(py, [schema, array])
    }

    fn __len__(&self) -> usize {
        self.array.len()
    }

    fn __repr__(&self) -> String {
        format!("bayegan.ArrowArray({} rows of {})", self.array.len(), self.array.data_type())
    }
}

/// Imports an array from any object with `__arrow_c_array__` (a pyarrow Array, …).
fn import_array(object: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    if !object.hasattr("__arrow_c_array__")? {
        let kind = object.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow string array (an object with __arrow_c_array__, such as a pyarrow.Array), \
             got {kind}; for a pyarrow.ChunkedArray use bayegan's Python functions, which take both"
        )));
    }
    let capsules = object.call_method0("__arrow_c_array__")?;
    let schema: Bound<'_, PyCapsule> = capsules.get_item(0)?.cast_into()?;
    let array: Bound<'_, PyCapsule> = capsules.get_item(1)?.cast_into()?;
    let schema_ptr = schema.pointer_checked(Some(SCHEMA_CAPSULE))?.cast::<FFI_ArrowSchema>();
    let array_ptr = array.pointer_checked(Some(ARRAY_CAPSULE))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsules follow the Arrow PyCapsule protocol: they hold an ArrowSchema and an
    // ArrowArray. `from_raw` moves the array out and marks the capsule's copy released, as the
    // protocol asks of a consumer; the schema is only borrowed while the capsule lives.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr());
        from_ffi(array, schema_ptr.as_ref())
    }
    .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow array: {e}")))?;
    // arrays made without checks (`.view(pa.string())`, `Array.from_buffers`) may hold bytes
    // that are not UTF-8, or offsets out of their buffer: read as text, they would crash
    data.validate_full().map_err(|e| PyValueError::new_err(format!("not a valid Arrow string array: {e}")))?;
    Ok(make_array(data))
}

/// The rows of a string array (`string`, `large_string`, `string_view`, or all-null).
fn string_rows<'a>(array: &'a ArrayRef, what: &str) -> PyResult<Vec<Option<&'a str>>> {
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().collect(),
        DataType::Utf8View => array.as_string_view().iter().collect(),
        DataType::Null => vec![None; array.len()],
        other => {
            return Err(PyTypeError::new_err(format!(
                "{what} must be an Arrow string array, got {other} (cast it with .cast(\"string\"))"
            )))
        }
    })
}

/// A string array of the same kind as `like` (a `string` array whose offsets would overflow
/// becomes `large_string`).
fn string_array_like(like: &DataType, rows: Vec<Option<String>>) -> ArrayRef {
    match like {
        DataType::Utf8View => Arc::new(StringViewArray::from_iter(rows)),
        DataType::LargeUtf8 => Arc::new(LargeStringArray::from_iter(rows)),
        _ if rows.iter().flatten().map(String::len).sum::<usize>() >= i32::MAX as usize => {
            Arc::new(LargeStringArray::from_iter(rows))
        }
        _ => Arc::new(StringArray::from_iter(rows)),
    }
}

/// Maps every non-null row with the GIL released: over all cores when `parallel`, else on
/// this thread (Spark already runs one task per core; more threads would only contend).
fn map_rows<F>(py: Python<'_>, rows: &[Option<&str>], parallel: bool, f: F) -> Vec<Option<String>>
where
    F: Fn(usize, &str) -> Option<String> + Send + Sync,
{
    let one = |(i, row): (usize, &Option<&str>)| row.and_then(|text| f(i, text));
    py.detach(|| {
        if parallel {
            crate::par_map(rows, |row| row.map_or(0, str::len), |i, row| one((i, row)))
        } else {
            rows.iter().enumerate().map(one).collect()
        }
    })
}

/// Restores every string of an Arrow string array (`fix` on each row); nulls stay null.
/// `parallel=False` keeps the work on the calling thread (Spark runs a task per core).
#[pyfunction]
#[pyo3(signature = (array, *, digits = "keep", diacritics = "keep", spacing = true, spelling = "off", parallel = true))]
pub fn fix_arrow(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    digits: &str,
    diacritics: &str,
    spacing: bool,
    spelling: &str,
    parallel: bool,
) -> PyResult<ArrowArray> {
    let restorer = restorer(restore_options(digits, diacritics, spacing, spelling)?);
    let input = import_array(array)?;
    let rows = string_rows(&input, "the array")?;
    let fixed = map_rows(py, &rows, parallel, |_, text| Some(restorer.fix(text)));
    Ok(ArrowArray { array: string_array_like(input.data_type(), fixed) })
}

/// Restores every string of an Arrow string array and returns, per row, the JSON
/// `{"text": ..., "edits": [{"start", "end", "before", "after", "kind", "confidence"}]}` with
/// code-point offsets (as `bayegan.restore` gives them); nulls stay null.
#[pyfunction]
#[pyo3(signature = (array, *, digits = "keep", diacritics = "keep", spacing = true, spelling = "off", parallel = true))]
pub fn restore_arrow(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    digits: &str,
    diacritics: &str,
    spacing: bool,
    spelling: &str,
    parallel: bool,
) -> PyResult<ArrowArray> {
    let restorer = restorer(restore_options(digits, diacritics, spacing, spelling)?);
    let input = import_array(array)?;
    let rows = string_rows(&input, "the array")?;
    let restored = map_rows(py, &rows, parallel, |_, text| {
        let restored = restored_for_python(text, restorer.restore(text));
        let edits: Vec<serde_json::Value> = restored
            .edits
            .iter()
            .map(|e| {
                serde_json::json!({
                    "start": e.start, "end": e.end, "before": e.before, "after": e.after,
                    "kind": e.kind, "confidence": e.confidence,
                })
            })
            .collect();
        Some(serde_json::json!({"text": restored.text, "edits": edits}).to_string())
    });
    Ok(ArrowArray { array: string_array_like(input.data_type(), restored) })
}

/// Parses every page text of an Arrow string array.
///
/// `output="page"` gives the Page JSON per row (`bayegan.parse`); `output="articles"` gives the
/// page's articles as JSON lines (joined by `\n`) in the format `bayegan ingest` reads from
/// `.jsonl` files. `sources` names each page (a string for all rows, or a string array of the
/// same length); `errors="raise"` raises ValueError on a row that is not a page, `"null"` makes
/// it null. Null rows stay null.
#[pyfunction]
#[pyo3(signature = (array, *, sources = None, raw = false, output = "page", errors = "raise", parallel = true))]
pub fn parse_arrow(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    sources: Option<&Bound<'_, PyAny>>,
    raw: bool,
    output: &str,
    errors: &str,
    parallel: bool,
) -> PyResult<ArrowArray> {
    let articles = match output {
        "page" => false,
        "articles" => true,
        other => return Err(PyValueError::new_err(format!("unknown output {other:?}: use page or articles"))),
    };
    let raise = match errors {
        "raise" => true,
        "null" => false,
        other => return Err(PyValueError::new_err(format!("unknown errors policy {other:?}: use raise or null"))),
    };
    let input = import_array(array)?;
    let rows = string_rows(&input, "the array")?;
    let source_array;
    let (one_source, source_rows): (String, Option<Vec<Option<&str>>>) = match sources {
        None => ("-".to_owned(), None),
        Some(s) if s.is_instance_of::<pyo3::types::PyString>() => (s.extract()?, None),
        Some(s) => {
            source_array = import_array(s)?;
            let rows_of = string_rows(&source_array, "sources")?;
            if rows_of.len() != rows.len() {
                return Err(PyValueError::new_err(format!(
                    "sources has {} rows and the array {}: give one source per page",
                    rows_of.len(),
                    rows.len()
                )));
            }
            (String::new(), Some(rows_of))
        }
    };
    let parser = Parser::builder().raw(raw).build();
    let first_error = std::sync::Mutex::new(None::<(usize, String)>);
    let parsed = map_rows(py, &rows, parallel, |i, text| {
        let source = source_rows.as_ref().map_or(one_source.as_str(), |s| s[i].unwrap_or("-"));
        let result = if articles {
            parser
                .parse(source, text)
                .map_err(|err| format!("{source}: {err}"))
                .map(|page| article_lines(&page, source))
        } else {
            page_json(&parser, source, text)
        };
        match result {
            Ok(json) => Some(json),
            Err(why) => {
                let mut first = first_error.lock().unwrap_or_else(|e| e.into_inner());
                if first.as_ref().is_none_or(|(at, _)| i < *at) {
                    *first = Some((i, why));
                }
                None
            }
        }
    });
    if raise {
        if let Some((row, why)) = first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(PyValueError::new_err(format!("row {row}: {why}")));
        }
    }
    Ok(ArrowArray { array: string_array_like(input.data_type(), parsed) })
}

/// A page's articles as JSON lines of the `.jsonl` format `bayegan ingest` reads
/// (`ArticleRecord::from_json_line`): id, newspaper, date, section, headline, lead, body, source.
fn article_lines(page: &bayegan_page::Page, source: &str) -> String {
    // the lines hold no edits: the page text is not at hand, and the format has no place for them
    bayegan_archive::ArticleRecord::from_page(page, "", &[], source)
        .into_iter()
        .map(|record| {
            serde_json::json!({
                "id": record.id,
                "newspaper": record.newspaper,
                "date": record.jalali,
                "section": record.section,
                "headline": record.headline,
                "lead": record.lead,
                "body": record.body,
                "source": record.source,
            })
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
