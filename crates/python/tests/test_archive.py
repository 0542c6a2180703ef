"""bayegan.Archive: ingest and search give what `bayegan ingest` and `bayegan search --json` do."""

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
