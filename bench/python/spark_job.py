#!/usr/bin/env python3
"""The Spark side of spark_vs_cli.py: starts a local[2] session (timed), then runs
`python -m bayegan.spark fix` in it (`bayegan.spark.main`, timed apart): Parquet in, Parquet
out; then runs the same job again in the same session (warm: the JVM's code compiled, the
Python workers started and the model loaded). Prints one JSON line.

Usage: spark_job.py INPUT_PARQUET OUTPUT_PARQUET [--breakdown]

With --breakdown it then times the same read and write without a UDF and with an Arrow UDF
that returns its input (Spark 4.1 and later): what Spark costs before any restoring.
"""

import json
import sys
import time


def main():
    source, target = sys.argv[1:3]
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    import pyspark

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("bayegan-bench")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session_s = time.perf_counter() - started

    import bayegan.spark

    job = ["fix", "--input", source, "--output", target, "--column", "text", "--mode", "overwrite"]
    started = time.perf_counter()
    bayegan.spark.main(job)
    job_s = time.perf_counter() - started
    started = time.perf_counter()
    bayegan.spark.main(job)
    warm_job_s = time.perf_counter() - started

    # where the time goes: the same read and write without a UDF, and with an Arrow UDF that
    # returns its input (Spark's side of the cost), each once after the job
    breakdown = {}
    if "--breakdown" in sys.argv:
        import pyarrow as pa
        from pyspark.sql import functions as F

        def same(texts: pa.Array) -> pa.Array:
            return texts

        for name, column in (("read_write_s", F.col("text")), ("identity_udf_s", F.arrow_udf(same, "string")("text"))):
            started = time.perf_counter()
            spark.read.parquet(source).withColumn("text", column).write.mode("overwrite").parquet(target + ".probe")
            breakdown[name] = round(time.perf_counter() - started, 2)
    version = tuple(int(p) for p in pyspark.__version__.split(".")[:2])
    print(
        json.dumps(
            {
                "session_start_s": round(session_s, 2),
                "job_s": round(job_s, 2),
                "warm_job_s": round(warm_job_s, 2),
                "spark_version": pyspark.__version__,
                "udf": "arrow_udf" if version >= (4, 1) else "pandas_udf",
                **breakdown,
            }
        )
    )
    spark.stop()


if __name__ == "__main__":
    main()
