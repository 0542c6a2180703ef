"""Arrow in, Arrow out: fix_arrow, restore_arrow and parse_arrow over pyarrow arrays."""

import json

import pyarrow as pa
import pytest

import bayegan


def test_fix_arrow_restores_every_row_and_keeps_nulls(corpus_lines):
    rows = corpus_lines[:300]
    rows = rows[:100] + [None, ""] + rows[100:] + [None]
    fixed = bayegan.fix_arrow(pa.array(rows))
    assert isinstance(fixed, pa.Array)
    assert fixed.type == pa.string()
    assert fixed.null_count == 2
    assert fixed.to_pylist() == [None if row is None else bayegan.fix(row) for row in rows]
    assert bayegan.fix_arrow(pa.array(rows), parallel=False).equals(fixed)


@pytest.mark.parametrize("kind", [pa.large_string(), pa.string_view()])
def test_fix_arrow_keeps_the_string_type(kind):
    rows = ["رئیسجمهور گفت", None, "میکنند"]
    fixed = bayegan.fix_arrow(pa.array(rows, type=kind))
    assert fixed.type == kind
    assert fixed.to_pylist() == [bayegan.fix(rows[0]), None, bayegan.fix(rows[2])]


def test_fix_arrow_takes_chunked_arrays_and_slices():
    chunked = pa.chunked_array([["میکنند", None], ["نشان دهنده"]])
    fixed = bayegan.fix_arrow(chunked)
    assert isinstance(fixed, pa.ChunkedArray)
    assert fixed.to_pylist() == [bayegan.fix("میکنند"), None, bayegan.fix("نشان دهنده")]
    sliced = pa.array(["a", "میکنند", None, "نشان دهنده"]).slice(1, 2)
    assert bayegan.fix_arrow(sliced).to_pylist() == [bayegan.fix("میکنند"), None]
    assert bayegan.fix_arrow(pa.array([None, None])).to_pylist() == [None, None]


def test_fix_arrow_options_and_bad_input():
    assert bayegan.fix_arrow(pa.array(["سال 1403"]), digits="fa").to_pylist() == ["سال ۱۴۰۳"]
    with pytest.raises(TypeError, match="must be an Arrow string array, got Int64"):
        bayegan.fix_arrow(pa.array([1, 2]))
    with pytest.raises(TypeError, match="__arrow_c_array__"):
        bayegan.fix_arrow(["a list", "is not an Arrow array"])
    with pytest.raises(ValueError, match="unknown digit policy"):
        bayegan.fix_arrow(pa.array(["x"]), digits="roman")
    # bytes that are not UTF-8, in an array made without checks: an error, not a crash
    not_utf8 = pa.array(["سلام دنیا".encode() + b"\xff", b"ok"], pa.binary()).view(pa.string())
    for native in (bayegan.fix_arrow, bayegan.restore_arrow, bayegan.parse_arrow):
        with pytest.raises(ValueError, match="not a valid Arrow string array"):
            native(not_utf8)


def test_restore_arrow_gives_the_edits_of_restore():
    rows = ["😀 رئیسجمهور میگوید", None]
    out = bayegan.restore_arrow(pa.array(rows)).to_pylist()
    assert out[1] is None
    got = json.loads(out[0])
    restored = bayegan.restore(rows[0])
    assert got["text"] == restored.text
    assert [(e["start"], e["end"], e["before"], e["after"], e["kind"]) for e in got["edits"]] == [
        (e.start, e.end, e.before, e.after, e.kind) for e in restored.edits
    ]


def test_parse_arrow_equals_parse(page_files):
    texts = [path.read_text(encoding="utf-8") for path in page_files]
    sources = [str(path) for path in page_files]
    out = bayegan.parse_arrow(pa.array(texts + [None]), sources=pa.array(sources + [None]))
    assert out.to_pylist()[-1] is None
    for text, source, json_text in zip(texts, sources, out.to_pylist()):
        assert json.loads(json_text) == bayegan.parse(text, source=source)


def test_parse_arrow_bad_rows():
    rows = pa.array(["خبر کوتاه امروز", "no Persian here"])
    with pytest.raises(ValueError, match="^row 1: x.txt: no Persian text"):
        bayegan.parse_arrow(rows, sources="x.txt")
    out = bayegan.parse_arrow(rows, errors="null").to_pylist()
    assert json.loads(out[0])["source"] == "-" and out[1] is None
    with pytest.raises(ValueError, match="one source per page"):
        bayegan.parse_arrow(rows, sources=pa.array(["only one"]))


def test_parse_arrow_articles_are_ingest_lines(page_files):
    text = page_files[1].read_text(encoding="utf-8")
    (line,) = bayegan.parse_arrow(pa.array([text]), output="articles", sources="p.txt").to_pylist()
    articles = [json.loads(one) for one in line.split("\n")]
    page = bayegan.parse(text, source="p.txt")
    assert [a["headline"] for a in articles] == [a["headline"] for a in page["articles"]]
    assert all(a["date"] == page["date"]["jalali"] and a["source"] == "p.txt" for a in articles)
