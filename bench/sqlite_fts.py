#!/usr/bin/env python3
"""Baseline for the spelling-variant test set: recall of SQLite FTS5 on the raw text.

Indexes headline + lead + body of every document exactly as written (no normalization) in
an in-memory SQLite FTS5 table with tokenize='unicode61' (ZWNJ and punctuation separate
tokens, diacritics such as ً are removed; ي/ی, ك/ک and the three digit sets stay distinct),
runs every query of queries.jsonl (bench/make_variants.py) and prints:

  recall      per family and spelling: expected documents found / all expected documents
              (pooled over the queries), the mean of the per-query recalls, and how many
              queries found all their expected documents
  precision   for phrase queries: how many returned none of their must_not documents
              (documents holding both words, never adjacent), and the must_not documents
              returned over all must_not documents

Query syntax (as `bayegan search`): words (all required), "quoted phrases", -excluded words.
Each word becomes an FTS5 string ("..." with " doubled), so unicode61 splits it the way it
splits the documents: رئیس‌جمهور is searched as the phrase رئیس جمهور. A phrase becomes one
FTS5 phrase; excluded words are appended with NOT. A query with no positive part finds nothing.

The scoring functions are shared with bench/archive_recall.py. Standard library only.

Usage:
  python3 bench/sqlite_fts.py --docs DIR/docs.jsonl --queries DIR/queries.jsonl [--json]
"""

import argparse
import json
import re
import sqlite3
import statistics
import sys
import time

QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def parse_query(query):
    """(words, phrases, excluded) of a query in the `bayegan search` syntax."""
    words, phrases, excluded = [], [], []
    for m in QUERY_PART.finditer(query):
        if m.group(2) is not None:
            text = " ".join(m.group(2).split())
            if text:
                (excluded if m.group(1) else phrases).append(text)
        else:
            text = m.group(4)
            if m.group(3) and text:
                excluded.append(text)
            elif text == "-":
                continue
            else:
                words.append(m.group(3) + text if m.group(3) else text)
    return words, phrases, excluded


def fts_string(text):
    return '"' + text.replace('"', '""') + '"'


def has_token(text):
    return any(ch.isalnum() for ch in text)


def fts_expression(query):
    """The FTS5 MATCH expression for a query, or None when it has nothing to search for."""
    words, phrases, excluded = parse_query(query)
    positive = [fts_string(p) for p in words + phrases if has_token(p)]
    if not positive:
        return None
    expr = " AND ".join(positive)
    for ex in excluded:
        if has_token(ex):
            expr = f"({expr}) NOT {fts_string(ex)}"
    return expr


def read_jsonl(path, what):
    records = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except ValueError as e:
                        sys.exit(f"{what}: {path}:{n}: not JSON ({e})")
    except OSError as e:
        sys.exit(f"{what}: cannot read {path}: {e}")
    return records


def read_queries(path, what):
    queries = read_jsonl(path, what)
    for n, q in enumerate(queries, start=1):
        if not isinstance(q.get("query"), str) or not isinstance(q.get("expected"), list):
            sys.exit(f"{what}: {path}: query {n} lacks a \"query\" string or an \"expected\" list")
        if "\n" in q["query"]:
            sys.exit(f"{what}: {path}: query {n} holds a line break")
    if not queries:
        sys.exit(f"{what}: no queries in {path}")
    return queries


FAMILY_ORDER = ["zwnj", "ye-kaf", "digits", "phrase"]
SPELLING_ORDER = {"digits": ["persian", "latin", "arabic"], "ye-kaf": ["persian", "arabic", "mixed"]}


def order(item):
    (family, spelling), _ = item
    f = FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER)
    spellings = SPELLING_ORDER.get(family, ["zwnj", "space", "fused"])
    s = spellings.index(spelling) if spelling in spellings else len(spellings)
    return (f, family, s, spelling)


def score(queries, results):
    """Recall table and phrase precision; results[i] is the set of ids returned for queries[i]."""
    rows = {}
    for q, got in zip(queries, results):
        key = (q.get("family", "?"), q.get("spelling", "?"))
        row = rows.setdefault(key, {"queries": 0, "expected": 0, "found": 0, "complete": 0, "recalls": []})
        expected = set(q["expected"])
        found = len(expected & got)
        row["queries"] += 1
        row["expected"] += len(expected)
        row["found"] += found
        row["complete"] += found == len(expected)
        row["recalls"].append(found / len(expected) if expected else 1.0)
    recall = {}
    for (family, spelling), row in sorted(rows.items(), key=order):
        recall.setdefault(family, {})[spelling] = {
            "queries": row["queries"],
            "expected": row["expected"],
            "found": row["found"],
            "recall": row["found"] / row["expected"] if row["expected"] else None,
            "mean_query_recall": statistics.mean(row["recalls"]),
            "complete_queries": row["complete"],
        }
    for family, by_spelling in recall.items():
        rs = list(by_spelling.values())
        exp, found = sum(r["expected"] for r in rs), sum(r["found"] for r in rs)
        by_spelling["all"] = {
            "queries": sum(r["queries"] for r in rs),
            "expected": exp,
            "found": found,
            "recall": found / exp if exp else None,
            "mean_query_recall": statistics.mean(r["mean_query_recall"] for r in rs for _ in range(r["queries"])),
            "complete_queries": sum(r["complete_queries"] for r in rs),
        }
    precision = None
    phrase = [(q, got) for q, got in zip(queries, results) if "must_not" in q]
    if phrase:
        must_not = sum(len(q["must_not"]) for q, _ in phrase)
        returned = sum(len(set(q["must_not"]) & got) for q, got in phrase)
        clean = sum(1 for q, got in phrase if not set(q["must_not"]) & got)
        by_spelling = {}
        for q, got in phrase:
            b = by_spelling.setdefault(q.get("spelling", "?"), {"queries": 0, "clean_queries": 0})
            b["queries"] += 1
            b["clean_queries"] += not set(q["must_not"]) & got
        precision = {
            "queries": len(phrase),
            "clean_queries": clean,
            "clean_share": clean / len(phrase),
            "must_not_docs": must_not,
            "must_not_returned": returned,
            "by_spelling": by_spelling,
        }
    return {"recall": recall, "phrase_precision": precision}


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}%"


def render(title, scores, notes=()):
    lines = [f"### {title}", ""]
    lines += list(notes) + ([""] if notes else [])
    lines.append("| family | spelling | queries | expected docs | found | recall | mean per query | queries complete |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for family, by_spelling in scores["recall"].items():
        for spelling, r in by_spelling.items():
            bold = "**" if spelling == "all" else ""
            lines.append(
                f"| {family} | {bold}{spelling}{bold} | {r['queries']} | {r['expected']} | {r['found']} | "
                f"{bold}{pct(r['recall'])}{bold} | {pct(r['mean_query_recall'])} | {r['complete_queries']} |"
            )
    p = scores["phrase_precision"]
    if p:
        lines.append("")
        per = ", ".join(f"{s} {b['clean_queries']}/{b['queries']}" for s, b in p["by_spelling"].items())
        lines.append(
            f"Phrase precision: {p['clean_queries']}/{p['queries']} phrase queries ({pct(p['clean_share'])}) returned "
            f"none of their must_not documents ({per}); {p['must_not_returned']} of {p['must_not_docs']} "
            f"must_not documents returned."
        )
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", required=True, help="documents, JSONL (make_variants.py's docs.jsonl)")
    ap.add_argument("--queries", required=True, help="queries with answers, JSONL (queries.jsonl)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = ap.parse_args()

    docs = read_jsonl(args.docs, "sqlite_fts")
    queries = read_queries(args.queries, "sqlite_fts")
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, headline, lead, body, tokenize='unicode61')")
    except sqlite3.OperationalError as e:
        sys.exit(f"sqlite_fts: this Python's SQLite has no FTS5 ({e})")
    t0 = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO d(id, headline, lead, body) VALUES (?, ?, ?, ?)",
            ((doc.get("id"), doc.get("headline") or "", doc.get("lead") or "", doc.get("body") or "") for doc in docs),
        )
    t1 = time.perf_counter()
    results, empty = [], 0
    for q in queries:
        expr = fts_expression(q["query"])
        if expr is None:
            empty += 1
            results.append(set())
            continue
        try:
            results.append({row[0] for row in db.execute("SELECT id FROM d WHERE d MATCH ?", (expr,))})
        except sqlite3.OperationalError as e:
            sys.exit(f"sqlite_fts: query {q['query']!r} as {expr!r}: {e}")
    t2 = time.perf_counter()

    scores = score(queries, results)
    scores.update(
        {
            "engine": f"SQLite {sqlite3.sqlite_version} FTS5, tokenize='unicode61', raw text",
            "docs": len(docs),
            "queries": len(queries),
            "queries_with_nothing_to_search": empty,
            "index_seconds": round(t1 - t0, 3),
            "query_seconds": round(t2 - t1, 3),
        }
    )
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
    else:
        notes = [
            f"{len(docs)} documents indexed in {t1 - t0:.2f} s; {len(queries)} queries in {t2 - t1:.2f} s"
            + (f" ({empty} with nothing to search)" if empty else "")
            + "."
        ]
        print(render(scores["engine"], scores, notes))


if __name__ == "__main__":
    main()
