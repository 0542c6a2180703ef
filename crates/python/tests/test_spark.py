"""bayegan.spark in local[2]: every row checked against the CLI. Few and small: a Spark session
costs seconds to start."""

import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

import bayegan
from conftest import run_cli

from bayegan.spark import fix_column, page_articles, parse_pages

ROWS = 40


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("bayegan-tests")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def cli_fix_each(cli, tmp_path, texts):
    """`bayegan fix --out DIR` on one file per text: each restored on its own, as a row is."""
    inputs = tmp_path / "rows"
    inputs.mkdir()
    paths = []
    for i, text in enumerate(texts):
        path = inputs / f"{i:04}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    run_cli(cli, "fix", "--out", str(tmp_path / "fixed"), *map(str, paths))
    return [(tmp_path / "fixed" / path.name).read_text(encoding="utf-8") for path in paths]


def test_fix_column_matches_the_cli_on_every_row(spark, cli, corpus_lines, tmp_path):
    texts = corpus_lines[:ROWS]
    rows = [(i, None if i % 13 == 5 else text) for i, text in enumerate(texts)]
    df = spark.createDataFrame(rows, "id int, text string").repartition(2)
    out = fix_column(df, "text", "fixed", edits="edits").orderBy("id").collect()
    expected = cli_fix_each(cli, tmp_path, texts)
    assert len(out) == ROWS
    for row in out:
        if row.text is None:
            assert row.fixed is None and row.edits is None
            continue
        assert row.fixed == expected[row.id], row.id
        rebuilt, at = [], 0
        for edit in row.edits:
            assert row.text[edit.start : edit.end] == edit.before
            rebuilt.append(row.text[at : edit.start] + edit.after)
            at = edit.end
        assert "".join(rebuilt) + row.text[at:] == row.fixed
    assert sum(row.fixed != row.text for row in out if row.text) > ROWS // 2
    in_place = fix_column(df, "text").orderBy("id").collect()
    assert [row.text for row in in_place] == [row.fixed for row in out]


def test_fix_column_pandas_udf_path_of_spark_3_5(spark, corpus_lines, monkeypatch):
    import bayegan.spark

    monkeypatch.setattr(bayegan.spark, "_spark_version", lambda: (3, 5))
    rows = [(i, None if i == 3 else text) for i, text in enumerate(corpus_lines[:12])]
    df = spark.createDataFrame(rows, "id int, text string")
    out = fix_column(df, "text", "fixed", edits="edits").orderBy("id").collect()
    assert [row.fixed for row in out] == [None if text is None else bayegan.fix(text) for _, text in rows]
    assert out[3].edits is None and all(row.edits is not None for row in out if row.text)


def test_parse_pages_matches_the_cli(spark, cli, page_files, corpus_lines):
    texts = [path.read_text(encoding="utf-8") for path in page_files]
    # a page made of corpus sentences, and a row that is not a page
    texts.append("\n\n".join(corpus_lines[100:106]) + "\n")
    rows = [(str(path), text) for path, text in zip(page_files, texts)]
    rows += [("corpus-page", texts[-1]), ("english", "not a Persian page"), ("null", None)]
    df = spark.createDataFrame(rows, "path string, text string")
    parsed = {row.path: row for row in parse_pages(df, "text", source="path").collect()}
    for path in page_files:
        expected = json.loads(run_cli(cli, "parse", "--format", "json", str(path)))
        assert parsed[str(path)].page.asDict(recursive=True) == expected, path
    expected = json.loads(run_cli(cli, "parse", "--format", "json", "-", stdin=texts[-1]))
    expected["source"] = "corpus-page"
    assert parsed["corpus-page"].page.asDict(recursive=True) == expected
    assert parsed["english"].page is None and parsed["null"].page is None
    as_json = parse_pages(df.where("path = 'corpus-page'"), "text", source="path", as_json=True).first()
    assert json.loads(as_json.page) == expected
    articles = [json.loads(row.value) for row in page_articles(df, "text", source="path").collect()]
    assert len(articles) == sum(len(row.page.articles) for row in parsed.values() if row.page)


def test_command_line_jsonl_to_parquet(cli, corpus_lines, tmp_path):
    texts = corpus_lines[200 : 200 + ROWS]
    source = tmp_path / "in.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": i, "text": text, "headline": text[:20]}, ensure_ascii=False) + "\n")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run(
        [sys.executable, "-m", "bayegan.spark", "fix", "--input", str(source), "--output", str(tmp_path / "out"),
         "--master", "local[2]", "--driver-memory", "1g", "--column", "text", "--column", "headline"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = pq.read_table(tmp_path / "out").to_pylist()
    table.sort(key=lambda row: row["id"])
    assert [row["id"] for row in table] == list(range(ROWS))
    assert [row["text"] for row in table] == cli_fix_each(cli, tmp_path, texts)
    assert [row["headline"] for row in table] == [bayegan.fix(text[:20]) for text in texts]

    # usage errors before Spark starts: a missing input, an output that exists (exit 2)
    for args, message in (
        (["--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "new")], "no such file or directory"),
        (["--input", str(source), "--output", str(tmp_path / "out")], "exists: pass --mode overwrite"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "bayegan.spark", "fix", *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 2 and message in done.stderr, done.stderr[-2000:]


def test_command_line_pages_to_parquet_and_articles_for_ingest(cli, page_files, tmp_path):
    """The path for a large archive in miniature: Spark parses pages into Parquet and writes
    the articles as JSONL, `bayegan ingest` builds an archive from them."""
    source = tmp_path / "pages.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for path in page_files:
            out.write(json.dumps({"path": str(path), "text": path.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run(
        [sys.executable, "-m", "bayegan.spark", "parse", "--input", str(source), "--output", str(tmp_path / "parsed"),
         "--master", "local[2]", "--driver-memory", "1g", "--source", "path", "--articles", str(tmp_path / "articles")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    pages = {row["path"]: row["page"] for row in pq.read_table(tmp_path / "parsed").to_pylist()}
    articles = 0
    for path in page_files:
        expected = json.loads(run_cli(cli, "parse", "--format", "json", str(path)))
        assert pages[str(path)] == expected, path
        articles += len(expected["articles"])
    parts = list((tmp_path / "articles").glob("part-*.jsonl"))
    assert parts and not list((tmp_path / "articles").glob("part-*.txt"))
    done = subprocess.run(
        [cli, "ingest", "--archive", str(tmp_path / "arc"), str(tmp_path / "articles")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"ingested {articles} articles" in done.stderr
    found = json.loads(run_cli(cli, "search", "--archive", str(tmp_path / "arc"), "نمایشگاه کتاب", "--json"))
    assert found["total"] == 1 and found["hits"][0]["date"]["jalali"] == "1403-09-05"
