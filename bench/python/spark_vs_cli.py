#!/usr/bin/env python3
"""The Spark job (`bayegan.spark fix`, local[2]) against `bayegan fix` with 2 threads on the
same lines: rows/s, the ratio, and the peak memory of each.

Lines: PerDT train sentences (../shared/corpora/perdt_train.txt) with every ZWNJ removed, as PDF
extraction loses them, repeated whole to --lines lines (1,000,000). Written once into
bench/out/python/: lines.txt, the same cut into 8 files (parts/) for `bayegan fix --out` (one
file is restored by one thread; 8 files let 2 threads share the work), and as a Parquet
directory of 8 files (lines.parquet/, 8 Spark partitions) with columns id, text.

Timings are wall-clock. The CLI's include its start-up and model load (best of three). For
Spark the whole process is timed, and inside it the session start and the job (read Parquet,
fix_column, write Parquet) apart; the ratio uses the job, run once in a fresh session as a user
would, and again in the same session (warm). Peak memory is the largest sum of RSS over the
process tree, sampled every 50 ms (Spark: the JVM and its Python workers). After the job,
the same read and write run without a UDF and with an Arrow UDF that returns its input: what
Spark costs before any restoring (left out of the process time).

Usage: spark_vs_cli.py --cli target/release/bayegan [--lines N] [--out bench/out/python]
Run with target/py-venv/bin/python (pyspark, pyarrow and the wheel); bench/python/run.sh does.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import threading
import time

ZWNJ = "\u200c"
HERE = pathlib.Path(__file__).resolve().parent


def tree_rss_kb(root: int) -> int:
    """Sum of VmRSS (kB) of `root` and its descendants."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields.get("PPid", "0").strip())
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def measured(command, env=None):
    """Runs `command`; returns (wall seconds, peak tree RSS in MB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-4000:]}")
    return wall, peak[0] / 1024, stdout


def make_inputs(out: pathlib.Path, shared: pathlib.Path, count: int, parts: int) -> None:
    stamp = out / f"inputs-{count}-{parts}.done"
    if stamp.exists():
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    sentences = [
        line.replace(ZWNJ, "")
        for line in (shared / "corpora" / "perdt_train.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines = [sentences[i % len(sentences)] for i in range(count)]
    out.mkdir(parents=True, exist_ok=True)
    (out / "lines.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "parts").mkdir(exist_ok=True)
    (out / "lines.parquet").mkdir(exist_ok=True)
    per = -(-count // parts)
    for p in range(parts):
        chunk = lines[p * per : (p + 1) * per]
        (out / "parts" / f"part{p + 1}.txt").write_text("\n".join(chunk) + "\n", encoding="utf-8")
        table = pa.table({"id": pa.array(range(p * per, p * per + len(chunk)), pa.int64()), "text": chunk})
        pq.write_table(table, out / "lines.parquet" / f"part{p + 1}.parquet")
    stamp.write_text("")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--parts", type=int, default=8)
    ap.add_argument("--out", default="bench/out/python")
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args()
    out = pathlib.Path(args.out).resolve()
    make_inputs(out, pathlib.Path(args.shared), args.lines, args.parts)
    size = (out / "lines.txt").stat().st_size

    parts = sorted((out / "parts").glob("part*.txt"), key=lambda p: int(p.stem[4:]))
    # best of three: the CLI takes about a second, where one disturbance shows
    cli_runs = [
        measured(
            [args.cli, "fix", "--out", str(out / "cli-fixed"), *map(str, parts)],
            env=dict(os.environ, RAYON_NUM_THREADS="2"),
        )
        for _ in range(3)
    ]
    cli_wall, cli_rss = min(run[0] for run in cli_runs), max(run[1] for run in cli_runs)

    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    spark_wall, spark_rss, stdout = measured(
        [sys.executable, str(HERE / "spark_job.py"), str(out / "lines.parquet"), str(out / "spark-fixed.parquet"), "--breakdown"],
        env=env,
    )
    inside = json.loads(stdout.strip().splitlines()[-1])
    # the warm run and the breakdown come after the job: not part of the job's process time
    spark_wall -= inside["warm_job_s"] + inside.get("read_write_s", 0) + inside.get("identity_udf_s", 0)

    # the same rows: Spark restores row by row; `bayegan fix` a file in 64 KiB pieces, and a
    # decision that looks across a line break can differ (counted, not failed)
    import pyarrow.parquet as pq

    table = pq.read_table(out / "spark-fixed.parquet", columns=["id", "text"]).sort_by("id")
    spark_rows = table.column("text").to_pylist()
    cli_rows = []
    for part in parts:
        cli_rows.extend((out / "cli-fixed" / part.name).read_text(encoding="utf-8").splitlines())
    assert len(spark_rows) == len(cli_rows) == args.lines, (len(spark_rows), len(cli_rows))
    differing = sum(a != b for a, b in zip(spark_rows, cli_rows))

    result = {
        "lines": args.lines,
        "bytes": size,
        "cli": {"seconds": round(cli_wall, 2), "rows_per_s": round(args.lines / cli_wall), "peak_rss_mb": round(cli_rss)},
        "spark": {
            "process_seconds": round(spark_wall, 2),
            "session_start_s": inside["session_start_s"],
            "job_seconds": inside["job_s"],
            "rows_per_s": round(args.lines / inside["job_s"]),
            "warm_job_seconds": inside["warm_job_s"],
            "warm_rows_per_s": round(args.lines / inside["warm_job_s"]),
            "peak_rss_mb": round(spark_rss),
            "spark_version": inside["spark_version"],
            "udf": inside["udf"],
            "same_read_write_without_udf_s": inside.get("read_write_s"),
            "same_with_identity_arrow_udf_s": inside.get("identity_udf_s"),
        },
        "spark_job_over_cli": round(inside["job_s"] / cli_wall, 2),
        "spark_warm_job_over_cli": round(inside["warm_job_s"] / cli_wall, 2),
        "spark_identity_udf_over_cli": round(inside["identity_udf_s"] / cli_wall, 2) if "identity_udf_s" in inside else None,
        "spark_process_over_cli": round(spark_wall / cli_wall, 2),
        "rows_differing_from_cli": differing,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
