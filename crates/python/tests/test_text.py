"""fix, restore, fix_batch and parse over the installed wheel, checked against the CLI."""

import copy
import json
import multiprocessing
import pickle
import pathlib

import pytest

import bayegan
from conftest import ZWNJ, run_cli


def test_fix_puts_back_half_spaces():
    assert bayegan.fix("رئیسجمهور این طرح را اجرا میکند") == f"رئیس{ZWNJ}جمهور این طرح را اجرا می{ZWNJ}کند"


def test_fix_digit_policy():
    assert bayegan.fix("در سال 1403", digits="fa") == "در سال ۱۴۰۳"
    assert bayegan.fix("در سال ۱۴۰۳", digits="latin") == "در سال 1403"
    assert bayegan.fix("در سال 1403") == "در سال 1403"


def test_fix_equals_cli_on_a_page(cli, page_files):
    for path in page_files:
        text = path.read_text(encoding="utf-8")
        assert bayegan.fix(text) == run_cli(cli, "fix", str(path)), path


@pytest.mark.parametrize(
    "text",
    [
        # a ZWNJ already in place, then a word that lost it
        f"آنها می{ZWNJ}خواهند این کار را میکنند",
        # emoji outside the BMP (one code point, four UTF-8 bytes, two UTF-16 units) and a
        # skin-tone modifier before the edits
        "😀👍🏽 رئیسجمهور گفت این طرح نشان دهنده تلاش دولت است",
        # Latin with accents, a URL, Arabic letter forms
        "café و https://example.com/میکند و كتابهاي ما را میخوانند",
    ],
)
def test_restore_offsets_index_the_python_string(text):
    restored = bayegan.restore(text)
    assert restored.text == bayegan.fix(text)
    assert restored.edits, "each of these texts needs restoring"
    rebuilt, at = [], 0
    for edit in restored.edits:
        assert text[edit.start : edit.end] == edit.before, edit
        assert edit.kind in {"char", "zwnj", "space", "spelling"}
        assert 0.5 <= edit.confidence <= 1.0
        rebuilt.append(text[at : edit.start] + edit.after)
        at = edit.end
    assert "".join(rebuilt) + text[at:] == restored.text


def test_restore_offsets_after_astral_characters_are_code_points():
    text = "😀😀😀 میکنند"
    (edit,) = bayegan.restore(text).edits
    # bytes would put the insertion at 15, UTF-16 units at 9; Python counts code points
    assert (edit.start, edit.end, edit.before, edit.after) == (6, 6, "", ZWNJ)
    assert edit.to_dict() == {
        "start": 6, "end": 6, "before": "", "after": ZWNJ, "kind": "zwnj", "confidence": edit.confidence,
    }


def test_restore_matches_cli_json_edits(cli, tmp_path):
    text = "😀 رئیسجمهور گفت: ما این کار را میکنیم."
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    expected = json.loads(run_cli(cli, "fix", "--json", str(path)))
    restored = bayegan.restore(text)
    assert restored.text == expected["text"]
    encoded = text.encode("utf-8")
    as_bytes = [
        {
            "span": {"start": len(text[: e.start].encode("utf-8")), "end": len(text[: e.end].encode("utf-8"))},
            "before": e.before,
            "after": e.after,
            "kind": e.kind,
        }
        for e in restored.edits
    ]
    cli_edits = [{k: e[k] for k in ("span", "before", "after", "kind")} for e in expected["edits"]]
    assert as_bytes == cli_edits
    # confidences are the numbers the CLI writes (an f32, not its widening to a double)
    assert [e.confidence for e in restored.edits] == [e["confidence"] for e in expected["edits"]]
    assert [e.to_dict()["confidence"] for e in restored.edits] == [e["confidence"] for e in expected["edits"]]
    assert all(encoded[e["span"]["start"] : e["span"]["end"]].decode() == e["before"] for e in cli_edits)


def test_fix_batch_equals_fix_on_each_item(corpus_lines):
    lines = corpus_lines[:400] + ["", "hello", "😀 میکنند"]
    batch = bayegan.fix_batch(lines)
    assert batch == [bayegan.fix(line) for line in lines]
    assert sum(a != b for a, b in zip(batch, lines)) > 200, "most corrupted lines are restored"
    assert bayegan.fix_batch(lines[:50], digits="fa") == [bayegan.fix(line, digits="fa") for line in lines[:50]]
    assert bayegan.fix_batch([]) == []


def test_parse_equals_cli_json(cli, page_files):
    for path in page_files:
        page = bayegan.parse(path.read_text(encoding="utf-8"), source=str(path))
        assert page == json.loads(run_cli(cli, "parse", "--format", "json", str(path))), path
        assert page["schema_version"] == bayegan.SCHEMA_VERSION == 1
        assert page["articles"], path


def test_parse_reads_our_page():
    path = pathlib.Path(__file__).parent / "data" / "pages" / "economy-1403-09-03.txt"
    page = bayegan.parse(path.read_text(encoding="utf-8"))
    assert page["source"] == "-"
    assert page["date"]["jalali"] == "1403-09-03"
    assert page["issue"] == 1972
    (article,) = page["articles"]
    assert article["headline"] == "قیمت نان در شهرهای بزرگ بالا رفت"
    assert any(f"هزینه{ZWNJ}های" in block["text"] for block in article["blocks"])
    raw = bayegan.parse(path.read_text(encoding="utf-8"), raw=True)
    assert any("هزینههای" in block["text"] for block in raw["articles"][0]["blocks"])


def test_page_schema_is_the_documented_one():
    schema = bayegan.page_schema()
    assert schema["properties"]["schema_version"]["const"] == bayegan.SCHEMA_VERSION
    assert set(schema["required"]) == set(bayegan.parse("خبر کوتاه امروز").keys())


def test_bad_input_raises_value_error_with_the_cli_message():
    with pytest.raises(ValueError, match="no Persian text: give the text extracted from a Persian page"):
        bayegan.parse("just some English text", source="notes.txt")
    with pytest.raises(ValueError, match="^page.bin: a NUL character at index 3: this looks like a binary file"):
        bayegan.parse("خبر\0", source="page.bin")
    with pytest.raises(ValueError, match='unknown digit policy "roman": use keep, fa or latin'):
        bayegan.fix("میکند", digits="roman")
    with pytest.raises(ValueError, match="unknown spelling mode"):
        bayegan.restore("میکند", spelling="sometimes")
    with pytest.raises(ValueError, match="unknown diacritics policy"):
        bayegan.fix_batch(["میکند"], diacritics="drop")


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        bayegan.fix(123)
    with pytest.raises(TypeError):
        bayegan.fix_batch("not a list of texts")
    with pytest.raises(TypeError):
        bayegan.fix_batch(["میکند", None])
    with pytest.raises(TypeError):
        bayegan.fix("میکند", "fa")  # options are keyword-only


def test_lone_surrogate_is_an_error_not_a_crash():
    with pytest.raises(UnicodeEncodeError):
        bayegan.fix("میکند \ud800")


def test_package_is_typed():
    package = pathlib.Path(bayegan.__file__).parent
    assert (package / "py.typed").exists()
    stub = (package / "_bayegan.pyi").read_text(encoding="utf-8")
    for name in ("def fix(", "def restore(", "def fix_batch(", "def parse(", "class Archive", "class Edit"):
        assert name in stub
    assert bayegan.fix.__doc__ and "Returns:" in bayegan.fix.__doc__


def test_results_pickle_copy_and_repr_as_python():
    restored = bayegan.restore("کتابها را میخواند", spelling="flag")
    for copied in (pickle.loads(pickle.dumps(restored)), copy.deepcopy(restored)):
        assert (copied.text, copied.edits) == (restored.text, restored.edits)
    edit = restored.edits[0]
    assert pickle.loads(pickle.dumps(edit)) == edit
    assert r"after='\u200c'" in repr(edit), repr(edit)
    assert repr(restored).startswith("Restored(text='کتاب\\u200cها")


def test_parallel_calls_work_in_a_forked_child(corpus_lines):
    # a multiprocessing worker forked after the parent used its threads must not hang
    lines = corpus_lines[:300]
    expected = bayegan.fix_batch(lines)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(bayegan.fix_batch, (lines,)).get(timeout=60) == expected


def test_fix_batch_takes_a_str_for_a_mistake():
    with pytest.raises(TypeError, match="not one str"):
        bayegan.fix_batch("میکند")
