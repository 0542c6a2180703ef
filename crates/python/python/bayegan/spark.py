"""bayegan on Apache Spark: restore and parse text columns of a DataFrame, or whole datasets
from the command line.

The Rust restorer and parser run inside Spark's Python workers on Arrow batches (the column's
buffers go to Rust through the Arrow C Data Interface, no Python object per row): an
``arrow_udf`` on Spark ≥ 4.1, a ``pandas_udf`` on Spark 3.5 and 4.0. pyspark and pyarrow are
imported only when a function here is called (``pip install 'bayegan[spark]'``).

Functions:
    fix_column: restored text in a column, optionally the edits as a list of structs.
    parse_pages: the Page (``docs/page-schema.md``) as a struct column, or its JSON.
    page_articles: the articles of the pages as rows of ``bayegan ingest``'s JSONL format.
    page_struct_type: the Spark type of the Page.

Command line (also under ``spark-submit``; ``local[*]`` unless ``--master`` or spark-submit says
otherwise)::

    python -m bayegan.spark fix --input in.jsonl --output out.parquet --column text
    python -m bayegan.spark parse --input pages.parquet --output parsed.parquet --column text \\
        --articles articles-jsonl/

Input is Parquet or JSON lines (by extension, or ``--input-format``); output is Parquet
(``fix`` can also write JSON lines with ``--output-format jsonl``).
"""

# No `from __future__ import annotations`: Spark reads the UDFs' type hints (pa.Array,
# pd.Series), which must be real objects.
import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql.types import DataType, StructType

__all__ = ["fix_column", "parse_pages", "page_articles", "page_struct_type", "edit_struct_type", "main"]


def _spark_version() -> tuple:
    import pyspark

    return tuple(int(part) for part in pyspark.__version__.split(".")[:2])


def _string_udf(native_name: str, **options: Any) -> Any:
    """A vectorized Spark UDF from a string column to a string column, calling
    ``bayegan.<native_name>`` on each Arrow batch: ``arrow_udf`` on Spark ≥ 4.1, else
    ``pandas_udf``."""
    import pyarrow as pa

    import bayegan

    native = getattr(bayegan, native_name)
    # Spark runs one task per core: each batch stays on its task's thread
    options = dict(options, parallel=False)
    if _spark_version() >= (4, 1):
        from pyspark.sql.functions import arrow_udf

        def run_arrow(texts: pa.Array) -> pa.Array:
            return native(texts, **options)

        return arrow_udf(run_arrow, "string")

    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    def run_pandas(texts: pd.Series) -> pd.Series:
        array = pa.Array.from_pandas(texts, type=pa.string())
        return native(array, **options).to_pandas()

    return pandas_udf(run_pandas, "string")  # type: ignore[call-overload]


def edit_struct_type() -> "DataType":
    """The Spark type of the edits column of :func:`fix_column`: an array of
    ``struct<start, end, before, after, kind, confidence>`` (offsets in code points, as
    Spark's string functions count)."""
    from pyspark.sql.types import ArrayType, FloatType, IntegerType, StringType, StructField, StructType

    return ArrayType(
        StructType(
            [
                StructField("start", IntegerType()),
                StructField("end", IntegerType()),
                StructField("before", StringType()),
                StructField("after", StringType()),
                StructField("kind", StringType()),
                StructField("confidence", FloatType()),
            ]
        )
    )


def fix_column(
    df: "DataFrame",
    column: str,
    output: Optional[str] = None,
    *,
    edits: Optional[str] = None,
    digits: str = "keep",
    diacritics: str = "keep",
    spacing: bool = True,
    spelling: str = "off",
) -> "DataFrame":
    """Restores the text of a string column (``bayegan.fix`` on every row; nulls stay null).

    Args:
        df: The DataFrame.
        column: The string column to restore.
        output: The column to write the restored text to; ``None`` replaces ``column``.
        edits: When given, also add this column with each row's edits, an array of
            ``struct<start, end, before, after, kind, confidence>`` (see
            :func:`edit_struct_type`).
        digits: ``"keep"``, ``"fa"`` or ``"latin"``.
        diacritics: ``"keep"`` or ``"strip"``.
        spacing: Restore ZWNJs and spaces.
        spelling: ``"off"``, ``"flag"`` or ``"fix"``.

    Returns:
        The DataFrame with the restored column (and the edits column).

    Raises:
        ValueError: An option has an unknown value (checked before Spark runs anything).
    """
    import bayegan
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    options = dict(digits=digits, diacritics=diacritics, spacing=spacing, spelling=spelling)
    bayegan.fix("", **options)  # validates the options here, not in a worker
    output = output or column
    if edits is None:
        return df.withColumn(output, _string_udf("fix_arrow", **options)(F.col(column)))
    restored_type = StructType([StructField("text", StringType()), StructField("edits", edit_struct_type())])
    restored = F.from_json(_string_udf("restore_arrow", **options)(F.col(column)), restored_type)
    temp = f"__bayegan_restored_{output}"
    return (
        df.withColumn(temp, restored)
        .withColumn(output, F.col(temp).getField("text"))
        .withColumn(edits, F.col(temp).getField("edits"))
        .drop(temp)
    )


def _spark_type(schema: Dict[str, Any], definitions: Dict[str, Any]) -> "DataType":
    """The Spark type of a JSON Schema node of ``docs/page-schema.json``."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    if "$ref" in schema:
        return _spark_type(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    if "oneOf" in schema:
        (other,) = [s for s in schema["oneOf"] if s.get("type") != "null"]
        return _spark_type(other, definitions)
    kind = schema["type"]
    if isinstance(kind, list):
        (kind,) = [k for k in kind if k != "null"]
    if kind == "object":
        return StructType(
            [StructField(name, _spark_type(sub, definitions)) for name, sub in schema["properties"].items()]
        )
    if kind == "array":
        return ArrayType(_spark_type(schema["items"], definitions))
    return {"string": StringType(), "integer": LongType(), "number": DoubleType(), "boolean": BooleanType()}[kind]


def page_struct_type() -> "StructType":
    """The Spark type of the Page, derived from the JSON Schema compiled into bayegan
    (``bayegan.page_schema()``, ``docs/page-schema.json``): objects are structs, arrays are
    arrays, integers are ``bigint``, line ranges ``array<bigint>``."""
    import bayegan

    schema = bayegan.page_schema()
    return _spark_type(schema, schema.get("$defs", {}))  # type: ignore[return-value]


def parse_pages(
    df: "DataFrame",
    column: str,
    output: str = "page",
    *,
    source: Optional[str] = None,
    as_json: bool = False,
    raw: bool = False,
) -> "DataFrame":
    """Parses the page texts of a string column into Pages (``bayegan.parse`` on every row).

    A row that is not a Persian page's text (no Persian letter, a NUL byte) gets a null Page,
    as does a null row: one bad page does not stop a job over millions.

    Args:
        df: The DataFrame.
        column: The string column of page texts.
        output: The column to add.
        source: A column naming each page (its path, say), written as the Page's ``source``;
            ``None`` writes ``"-"``.
        as_json: Add the Page JSON as a string instead of a struct.
        raw: Text fields keep the original characters instead of the restored text.

    Returns:
        The DataFrame with the Page column: a struct of :func:`page_struct_type`, or its JSON.
    """
    from pyspark.sql import functions as F

    json_column = _page_udf(raw, "page", source is not None)(*_page_inputs(column, source))
    if as_json:
        return df.withColumn(output, json_column)
    return df.withColumn(output, F.from_json(json_column, page_struct_type()))


def page_articles(df: "DataFrame", column: str, *, source: Optional[str] = None) -> "DataFrame":
    """The articles of the pages in a string column, one row each, as a single ``value`` column
    of JSON lines in the format ``bayegan ingest`` reads from ``.jsonl`` files (id, newspaper,
    date, section, headline, lead, body, source); ``df.write.text(dir)`` writes them.

    Args:
        df: The DataFrame.
        column: The string column of page texts.
        source: A column naming each page; ``None`` writes ``"-"``.
    """
    from pyspark.sql import functions as F

    lines = _page_udf(False, "articles", source is not None)(*_page_inputs(column, source))
    return df.select(F.explode(F.split(lines, "\n")).alias("value")).where(F.length("value") > 0)


def _page_inputs(column: str, source: Optional[str]) -> List["Column"]:
    from pyspark.sql import functions as F

    return [F.col(column)] + ([F.col(source)] if source is not None else [])


def _page_udf(raw: bool, output: str, with_sources: bool) -> Any:
    """A vectorized UDF: page texts (and sources) → Page JSON, or article JSON lines."""
    import pyarrow as pa

    import bayegan

    def parse(texts: pa.Array, sources: Optional[pa.Array]) -> pa.Array:
        return bayegan.parse_arrow(texts, sources=sources, raw=raw, output=output, errors="null", parallel=False)

    if _spark_version() >= (4, 1):
        from pyspark.sql.functions import arrow_udf

        if with_sources:

            def run_arrow_with_sources(texts: pa.Array, sources: pa.Array) -> pa.Array:
                return parse(texts, sources)

            return arrow_udf(run_arrow_with_sources, "string")

        def run_arrow(texts: pa.Array) -> pa.Array:
            return parse(texts, None)

        return arrow_udf(run_arrow, "string")

    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    def as_arrow(series: pd.Series) -> pa.Array:
        return pa.Array.from_pandas(series, type=pa.string())

    if with_sources:

        def run_pandas_with_sources(texts: pd.Series, sources: pd.Series) -> pd.Series:
            return parse(as_arrow(texts), as_arrow(sources)).to_pandas()

        return pandas_udf(run_pandas_with_sources, "string")  # type: ignore[call-overload]

    def run_pandas(texts: pd.Series) -> pd.Series:
        return parse(as_arrow(texts), None).to_pandas()

    return pandas_udf(run_pandas, "string")  # type: ignore[call-overload]


def _session(master: Optional[str], driver_memory: str) -> "SparkSession":
    """The active session (spark-submit's), or a new one on ``master`` (``local[*]``)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("bayegan")
    from pyspark import SparkConf

    conf = SparkConf()
    if master or not conf.contains("spark.master"):
        builder = builder.master(master or "local[*]")
    if not conf.contains("spark.driver.memory"):
        builder = builder.config("spark.driver.memory", driver_memory)
    return builder.getOrCreate()


def _read(spark: "SparkSession", path: str, kind: Optional[str]) -> "DataFrame":
    kind = kind or ("jsonl" if path.rstrip("/").endswith((".jsonl", ".json", ".ndjson")) else "parquet")
    if kind == "jsonl":
        return spark.read.json(path)
    if kind == "text":
        # one row per file: the whole page, with its path as the source
        return spark.read.text(path, wholetext=True).withColumnRenamed("value", "text")
    return spark.read.parquet(path)


def _name_jsonl(directory: str) -> None:
    """Renames Spark's part files in a local output directory to ``.jsonl``, the extension
    ``bayegan ingest`` reads articles from (Spark names them ``.txt`` or ``.json``)."""
    import os
    from urllib.parse import urlparse

    parsed = urlparse(directory)
    if parsed.scheme not in ("", "file"):
        return  # HDFS, S3...: rename when copying the files to where `bayegan ingest` runs
    root = parsed.path if parsed.scheme else directory
    for folder, _, files in os.walk(root):
        for name in files:
            if name.startswith("part-") and name.endswith((".txt", ".json")):
                stem = name.rsplit(".", 1)[0]
                os.replace(os.path.join(folder, name), os.path.join(folder, stem + ".jsonl"))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m bayegan.spark fix|parse ...``: see the module's docstring and ``--help``."""
    parser = argparse.ArgumentParser(
        prog="python -m bayegan.spark",
        description="Restore or parse a text column with bayegan on Spark: Parquet or JSON lines in, Parquet out.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("fix", "restore the text of one or more columns"),
        ("parse", "parse page texts into Pages (a struct column)"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--input", required=True, help="Parquet file/directory, JSON lines (.jsonl), or text files")
        sub.add_argument("--output", required=True, help="the output directory")
        sub.add_argument("--input-format", choices=["parquet", "jsonl", "text"], help="default: by the extension")
        sub.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
        sub.add_argument("--driver-memory", default="4g", help="spark.driver.memory of a new session (default 4g)")
        sub.add_argument("--mode", default="errorifexists", choices=["errorifexists", "overwrite"])
        if name == "fix":
            sub.add_argument("--column", action="append", help="column to restore in place (repeatable; default text)")
            sub.add_argument("--edits", action="store_true", help="also write <column>_edits")
            sub.add_argument("--digits", default="keep", choices=["keep", "fa", "latin"])
            sub.add_argument("--output-format", default="parquet", choices=["parquet", "jsonl"])
        else:
            sub.add_argument("--column", default="text", help="the column of page texts (default text)")
            sub.add_argument("--source", help="a column naming each page (for text input: the file path)")
            sub.add_argument("--json", action="store_true", help="the Page as a JSON string, not a struct")
            sub.add_argument("--articles", help="also write the articles as JSON lines for `bayegan ingest` here")
            sub.add_argument(
                "--articles-by",
                choices=["none", "newspaper", "year"],
                default="none",
                help="one subdirectory of articles per newspaper or year (newspaper=NAME/), one archive each",
            )
    args = parser.parse_args(argv)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        parser.error("pyspark is not installed: pip install 'bayegan[spark]' (Spark needs Java 17)")
    # local paths are checked before Spark starts; a cluster's (hdfs://, s3a://…) are Spark's to read
    if "://" not in args.input and not os.path.exists(args.input):
        parser.error(f"{args.input}: no such file or directory")
    for output in (args.output, getattr(args, "articles", None)):
        if output and "://" not in output and os.path.exists(output) and args.mode == "errorifexists":
            parser.error(f"{output} exists: pass --mode overwrite to replace it, or name another output")

    import bayegan

    if args.command == "fix":
        bayegan.fix("", digits=args.digits)
    spark = _session(args.master, args.driver_memory)
    df = _read(spark, args.input, args.input_format)
    if args.command == "fix":
        columns = args.column or ["text"]
        for column in columns:
            if column not in df.columns:
                parser.error(f"no column {column!r} in {args.input} (it has {', '.join(df.columns)}); pick one with --column")
            df = fix_column(df, column, edits=f"{column}_edits" if args.edits else None, digits=args.digits)
        writer = df.write.mode(args.mode)
        if args.output_format == "jsonl":
            writer.json(args.output)
            _name_jsonl(args.output)
        else:
            writer.parquet(args.output)
        return 0
    if args.column not in df.columns:
        parser.error(f"no column {args.column!r} in {args.input} (it has {', '.join(df.columns)}); pick one with --column")
    source = args.source
    if source is None and args.input_format == "text":
        from pyspark.sql import functions as F

        df = df.withColumn("source", F.input_file_name())
        source = "source"
    if args.articles:
        from pyspark.sql import functions as F

        df = df.cache()
        articles = page_articles(df, args.column, source=source)
        writer = articles.write.mode(args.mode)
        if args.articles_by == "newspaper":
            articles = articles.withColumn("newspaper", F.get_json_object("value", "$.newspaper"))
            writer = articles.write.mode(args.mode).partitionBy("newspaper")
        elif args.articles_by == "year":
            articles = articles.withColumn("year", F.substring(F.get_json_object("value", "$.date"), 1, 4))
            writer = articles.write.mode(args.mode).partitionBy("year")
        writer.text(args.articles)
        _name_jsonl(args.articles)
    parse_pages(df, args.column, "page", source=source, as_json=args.json).write.mode(args.mode).parquet(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
