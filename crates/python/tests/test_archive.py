"""bayegan.Archive: ingest and search give what `bayegan ingest` and `bayegan search --json` do."""

import concurrent.futures
import json
import subprocess

import pytest

import bayegan
from conftest import DATA, run_cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("arc")
    archive = bayegan.Archive(path)
    assert len(archive) == 0
    counts = archive.ingest([DATA / "pages", DATA / "articles.jsonl"])
    assert counts == {"articles": 4, "pages": 2, "skipped": 0}
    return archive


def test_ingested_archive_matches_the_cli(archive, cli, tmp_path):
    # the same inputs ingested by the CLI give the same search results
    cli_archive = tmp_path / "cli-arc"
    run_cli(cli, "ingest", "--archive", str(cli_archive), str(DATA / "pages"), str(DATA / "articles.jsonl"))
    for query, filters in [
        ("نان", []),
        ("رئیس جمهور", []),  # written with a space; stored with a ZWNJ (headline) and fused (body)
        ('"تیم ملی"', ["--from", "1403-09-04", "--to", "2024-11-25"]),
        ("کتاب", ["--newspaper", "بایگان"]),
        ("والیبال -ژاپن", ["--sort", "date"]),
    ]:
        expected = json.loads(run_cli(cli, "search", "--archive", str(cli_archive), query, "--json", *filters))
        options = dict(zip(filters[::2], filters[1::2]))
        got = archive.search(
            query,
            date_from=options.get("--from"),
            date_to=options.get("--to"),
            newspaper=options.get("--newspaper"),
            sort=options.get("--sort", "relevance"),
        )
        for hits in (got["hits"], expected["hits"]):
            for hit in hits:
                hit["score"] = round(hit["score"], 4)
        assert got == expected, query
    assert archive.search("رئیسجمهور")["total"] == 1
    assert archive.search("نان")["total"] >= 1


def test_get_and_reingest(archive):
    record = archive.get("sport-2")
    assert record["headline"] == "رئیس\u200cجمهور به قهرمانان تبریک گفت"
    assert record["jalali"] == "1403-09-05" and record["gregorian"] == "2024-11-25"
    assert archive.get("no-such-id") is None
    # the same id again replaces the article
    counts = archive.ingest_articles([{"id": "sport-2", "headline": "خبر تازه", "body": "متن تازه خبر"}])
    assert counts == {"articles": 1, "pages": 0, "skipped": 0}
    assert archive.get("sport-2")["headline"] == "خبر تازه"
    assert len(archive) == 4


def test_archive_errors(archive, tmp_path, cli):
    with pytest.raises(FileNotFoundError, match="no archive here"):
        bayegan.Archive(tmp_path / "missing", create=False)
    expected = subprocess.run(
        [cli, "search", "--archive", str(archive.path), "نان", "--from", "1403-13"], capture_output=True, text=True
    )
    assert expected.returncode != 0
    with pytest.raises(ValueError) as raised:
        archive.search("نان", date_from="1403-13")
    assert str(raised.value) in expected.stderr
    with pytest.raises(ValueError, match="unknown sort"):
        archive.search("نان", sort="newest")
    with pytest.raises(ValueError, match="1 inputs could not be ingested; the first: <python>:1: not a JSON article"):
        archive.ingest_articles(["{not json"])
    with pytest.raises(FileNotFoundError, match="nothing-here: cannot read"):
        archive.ingest(tmp_path / "nothing-here")
    with pytest.raises(ValueError, match="limit must be 0 or more"):
        archive.search("نان", limit=-1)
    with pytest.raises(TypeError, match="iterable of articles"):
        archive.ingest_articles('{"id": "x", "headline": "خبر"}')
    # a directory holding other files is not made an archive, and nothing is written into it
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("کارها", encoding="utf-8")
    with pytest.raises(OSError, match="holds files but no meta.json"):
        bayegan.Archive(other)
    assert [p.name for p in other.iterdir()] == ["todo.txt"]


def test_ingest_reports_bad_lines_and_documents_and_keeps_the_rest(tmp_path):
    archive = bayegan.Archive(tmp_path / "arc")
    lines = (DATA / "articles.jsonl").read_bytes().splitlines()
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(lines[0] + b"\n" + b'{"id": "bad", "headline": "\xff"}\n' + lines[1] + b"\n")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(ValueError) as raised:
        archive.ingest([mixed, scan])
    message = str(raised.value)
    assert "2 inputs could not be ingested" in message and "(2 articles were ingested)" in message, message
    assert "mixed.jsonl:2: invalid UTF-8" in message or "scan.pdf: PDFs and scans" in message, message
    assert len(archive) == 2


def test_an_archive_sees_what_others_commit(tmp_path, cli):
    copy = bayegan.Archive(tmp_path / "arc")
    reader = bayegan.Archive(tmp_path / "arc")
    article = {"id": "other-writer", "newspaper": "همشهری", "date": "1403-08-19", "headline": "نان گران شد", "body": "قیمت نان بالا رفت."}
    copy.ingest_articles([article])
    assert reader.get("other-writer") is not None and len(reader) == 1
    line = tmp_path / "one.jsonl"
    line.write_text(json.dumps({**article, "id": "from-the-cli"}, ensure_ascii=False) + "\n", encoding="utf-8")
    run_cli(cli, "ingest", "--archive", str(tmp_path / "arc"), str(line))
    assert reader.search("نان")["total"] == 2 and len(reader) == 2


def test_threads_ingest_into_one_archive_in_turn(tmp_path):
    archive = bayegan.Archive(tmp_path / "arc")

    def ingest(n):
        archive.ingest_articles([{"id": f"t{n}-{i}", "headline": "خبر", "body": "متن خبر"} for i in range(5)])

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(ingest, range(8)))
    assert len(archive) == 40

