#!/usr/bin/env python3
"""Recall of `bayegan search` on the spelling-variant test set (bench/make_variants.py).

Runs the archive's batch mode once,

  BIN search --archive DIR --json --limit 100000 --queries QUERYLINES

where QUERYLINES (a temporary file) holds the "query" of every line of --queries, one a line,
in order. bayegan answers one JSON line per query, {"query", "total", "took_ms", "hits": [{"id",
...}]}; line i must answer query i. The table is the one bench/sqlite_fts.py prints (recall
per family and spelling, phrase precision against the must_not documents), plus the took_ms
per family. It also says how many queries had more matches ("total") than hits returned.

The archive must already hold the documents:

  target/release/bayegan ingest --archive bench/out/variants-archive bench/out/variants/docs.jsonl

With --results FILE the batch output is read from FILE (saved earlier) instead of running BIN.
Exits 1 when bayegan fails or its output does not answer the queries. Standard library only.

Usage:
  python3 bench/archive_recall.py --bin target/release/bayegan --archive DIR --queries DIR/queries.jsonl
                                  [--json] [--limit 100000] [--save FILE] [--results FILE]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sqlite_fts import order, read_queries, render, score  # noqa: E402

WHAT = "archive_recall"


def fail(msg):
    sys.exit(f"{WHAT}: {msg}")


def run_batch(args, queries):
    if not os.path.isfile(args.bin) or not os.access(args.bin, os.X_OK):
        fail(f"{args.bin} is not an executable file (cargo build --release -p bayegan?)")
    if not os.path.isdir(args.archive):
        fail(f"no archive at {args.archive}; create it with `{args.bin} ingest --archive {args.archive} DOCS.jsonl`")
    with tempfile.TemporaryDirectory(prefix="archive_recall.") as tmp:
        lines = os.path.join(tmp, "queries.txt")
        with open(lines, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(q["query"] + "\n" for q in queries)
        cmd = [args.bin, "search", "--archive", args.archive, "--json", "--limit", str(args.limit), "--queries", lines]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-20:]
        fail(f"`{' '.join(cmd[:-1])} QUERIES` exited with {proc.returncode}:\n" + "\n".join(tail))
    if args.save:
        with open(args.save, "wb") as f:
            f.write(proc.stdout)
    return proc.stdout.decode("utf-8"), wall


def parse_answers(text, queries):
    answers = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            answers.append(json.loads(line))
        except ValueError as e:
            fail(f"output line {n} is not JSON ({e}): {line[:200]}")
    if len(answers) != len(queries):
        fail(f"{len(answers)} answers for {len(queries)} queries")
    results, took, truncated = [], [], 0
    for n, (q, a) in enumerate(zip(queries, answers), start=1):
        if not isinstance(a, dict) or not isinstance(a.get("hits"), list):
            fail(f"answer {n} has no \"hits\" list: {json.dumps(a, ensure_ascii=False)[:200]}")
        if a.get("query") != q["query"]:
            fail(f"answer {n} is for {a.get('query')!r}, query {n} is {q['query']!r}")
        ids = set()
        for h in a["hits"]:
            if not isinstance(h, dict) or "id" not in h:
                fail(f"answer {n}: a hit without an id: {h!r}"[:300])
            ids.add(h["id"])
        results.append(ids)
        if isinstance(a.get("total"), int) and a["total"] > len(a["hits"]):
            truncated += 1
        took.append(a.get("took_ms"))
    return results, took, truncated


def took_stats(queries, took):
    by_family = {}
    for q, t in zip(queries, took):
        if isinstance(t, (int, float)):
            by_family.setdefault(q.get("family", "?"), []).append(t)
            by_family.setdefault("all", []).append(t)
    out = {}
    for family, ts in by_family.items():
        ts = sorted(ts)
        out[family] = {
            "queries": len(ts),
            "median_ms": statistics.median(ts),
            "p95_ms": ts[min(len(ts) - 1, int(0.95 * len(ts)))],
            "max_ms": ts[-1],
            "sum_ms": round(sum(ts), 3),
        }
    return dict(sorted(out.items(), key=lambda kv: order(((kv[0], ""), None))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/bayegan", help="the bayegan binary")
    ap.add_argument("--archive", help="the archive folder (already ingested)")
    ap.add_argument("--queries", required=True, help="queries with answers, JSONL (make_variants.py's queries.jsonl)")
    ap.add_argument("--limit", type=int, default=100000, help="--limit passed to bayegan search (default 100000)")
    ap.add_argument("--save", help="also write bayegan's raw batch output to this file")
    ap.add_argument("--results", help="score this saved batch output instead of running bayegan")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = ap.parse_args()
    if not args.results and not args.archive:
        fail("give --archive DIR (or --results FILE)")

    queries = read_queries(args.queries, WHAT)
    if args.results:
        try:
            with open(args.results, encoding="utf-8") as f:
                text, wall = f.read(), None
        except OSError as e:
            fail(f"cannot read {args.results}: {e}")
        engine = f"bayegan search (saved output {args.results})"
    else:
        text, wall = run_batch(args, queries)
        engine = f"bayegan search --queries ({args.bin}, archive {args.archive})"
    results, took, truncated = parse_answers(text, queries)

    scores = score(queries, results)
    scores.update(
        {
            "engine": engine,
            "queries": len(queries),
            "wall_seconds": None if wall is None else round(wall, 3),
            "truncated_queries": truncated,
            "took_ms": took_stats(queries, took),
        }
    )
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return
    run = f", one batch run of {wall:.2f} s wall-clock" if wall is not None else ""
    notes = [f"{len(queries)} queries{run}."]
    if truncated:
        notes.append(f"**{truncated} queries had more matches than hits returned (raise --limit).**")
    print(render(engine, scores, notes))
    if scores["took_ms"]:
        print()
        print("| family | queries | took_ms median | p95 | max | sum |")
        print("|---|---:|---:|---:|---:|---:|")
        for family, t in scores["took_ms"].items():
            print(
                f"| {family} | {t['queries']} | {t['median_ms']:.2f} | {t['p95_ms']:.2f} | "
                f"{t['max_ms']:.2f} | {t['sum_ms']:.1f} |"
            )


if __name__ == "__main__":
    main()
