"""Restore, parse and archive Persian newspaper text.

bayegan puts back the half-spaces (ZWNJ) and spaces that PDF extraction and careless typing
lose, normalizes characters and records every edit; parses a page's text into articles (the
Page JSON of ``docs/page-schema.md``); and stores articles in an archive searched in every
spelling. The work is done in Rust (the ``bayegan`` command-line tool's libraries), with the
GIL released.

Functions:
    fix: restored text.
    restore: restored text and the edits, with offsets into the Python string.
    fix_batch: many texts over all cores.
    parse: a page's text as the Page ``dict``.
    fix_arrow, restore_arrow, parse_arrow: the same over Arrow string arrays.
    Archive: ingest and search an archive.

The Spark helpers are in :mod:`bayegan.spark` (``pip install 'bayegan[spark]'``).

Example:
    >>> import bayegan
    >>> bayegan.fix("این کار را میکنند")
    'این کار را می\u200cکنند'
"""

from __future__ import annotations

from typing import Any

from . import _bayegan
from ._bayegan import (
    SCHEMA_VERSION,
    Archive,
    ArrowArray,
    Edit,
    Flag,
    Restored,
    __version__,
    fix,
    fix_batch,
    page_schema,
    parse,
    restore,
)

__all__ = [
    "SCHEMA_VERSION",
    "Archive",
    "ArrowArray",
    "Edit",
    "Flag",
    "Restored",
    "__version__",
    "fix",
    "fix_arrow",
    "fix_batch",
    "page_schema",
    "parse",
    "parse_arrow",
    "restore",
    "restore_arrow",
]


def _map_arrow(native: Any, array: Any, **options: Any) -> Any:
    """Applies a native Arrow function to a pyarrow Array or ChunkedArray (chunk by chunk), or
    to any object with ``__arrow_c_array__``; returns pyarrow when pyarrow is installed."""
    try:
        import pyarrow as pa
    except ImportError:  # another Arrow library: hand back bayegan.ArrowArray
        return native(array, **options)
    if isinstance(array, pa.ChunkedArray):
        chunks = [pa.array(native(chunk, **options)) for chunk in array.chunks]
        if not chunks:
            return pa.chunked_array([], type=array.type)
        return pa.chunked_array(chunks)
    return pa.array(native(array, **options))


def fix_arrow(
    array: Any,
    *,
    digits: str = "keep",
    diacritics: str = "keep",
    spacing: bool = True,
    spelling: str = "off",
    parallel: bool = True,
) -> Any:
    """Restores every string of an Arrow string array; nulls stay null.

    The array's buffers go to Rust through the Arrow C Data Interface (no Python object per
    row) and the rows are spread over all cores.

    Args:
        array: A ``pyarrow.Array`` or ``ChunkedArray`` of ``string``, ``large_string`` or
            ``string_view`` (or any object with ``__arrow_c_array__``).
        digits: ``"keep"``, ``"fa"`` or ``"latin"``.
        diacritics: ``"keep"`` or ``"strip"``.
        spacing: Restore ZWNJs and spaces.
        spelling: ``"off"``, ``"flag"`` or ``"fix"``.
        parallel: Spread the rows over all cores (the default); ``False`` keeps the work on
            the calling thread, as :mod:`bayegan.spark` does (Spark runs a task per core).

    Returns:
        An array of the same type and length (a ``pyarrow`` array when pyarrow is installed,
        else a :class:`bayegan.ArrowArray`); row ``i`` is ``fix(array[i])``.

    Raises:
        TypeError: ``array`` is not an Arrow string array.
        ValueError: An option has an unknown value.
    """
    return _map_arrow(
        _bayegan.fix_arrow,
        array,
        digits=digits,
        diacritics=diacritics,
        spacing=spacing,
        spelling=spelling,
        parallel=parallel,
    )


def restore_arrow(
    array: Any,
    *,
    digits: str = "keep",
    diacritics: str = "keep",
    spacing: bool = True,
    spelling: str = "off",
    parallel: bool = True,
) -> Any:
    """Restores every string of an Arrow string array and returns, per row, the JSON
    ``{"text": ..., "edits": [{"start", "end", "before", "after", "kind", "confidence"}]}``
    (offsets in code points, as :func:`restore` gives them); nulls stay null.

    Args and Raises: as :func:`fix_arrow`.
    """
    return _map_arrow(
        _bayegan.restore_arrow,
        array,
        digits=digits,
        diacritics=diacritics,
        spacing=spacing,
        spelling=spelling,
        parallel=parallel,
    )


def parse_arrow(
    array: Any,
    *,
    sources: Any = None,
    raw: bool = False,
    output: str = "page",
    errors: str = "raise",
    parallel: bool = True,
) -> Any:
    """Parses every page text of an Arrow string array.

    Args:
        array: A ``pyarrow.Array`` (or ``ChunkedArray``) of page texts.
        sources: Names the pages: one ``str`` for all, or a string array of the same length
            (``None``: ``"-"``).
        raw: Text fields keep the original characters instead of the restored text.
        output: ``"page"``: the Page JSON per row, as :func:`parse` returns it (as a JSON
            string); ``"articles"``: the page's articles as JSON lines joined by ``"\\n"``, in
            the ``.jsonl`` format ``bayegan ingest`` reads.
        errors: ``"raise"``: a row that is not a page raises ValueError; ``"null"``: it
            becomes null.
        parallel: Spread the pages over all cores; ``False``: the calling thread only.

    Returns:
        A string array of the same length; null rows stay null.

    Raises:
        TypeError: ``array`` is not an Arrow string array.
        ValueError: A row is not a Persian page (with ``errors="raise"``), or an option is
            unknown.
    """
    try:
        import pyarrow as pa
    except ImportError:
        return _bayegan.parse_arrow(array, sources=sources, raw=raw, output=output, errors=errors, parallel=parallel)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if isinstance(sources, pa.ChunkedArray):
        sources = sources.combine_chunks()
    return pa.array(_bayegan.parse_arrow(array, sources=sources, raw=raw, output=output, errors=errors, parallel=parallel))
