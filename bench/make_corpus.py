#!/usr/bin/env python3
"""Build the speed-benchmark corpus: Persian text as a PDF extractor would give it.

Sources (read in place, never copied into the repository):
  SHARED/corpora/farsnews/fars-news-{1..5}.json  title, abstract and each paragraph
  SHARED/corpora/perdt_train.txt                  one sentence a line

Every source paragraph becomes one line; internal line breaks become spaces, empty
paragraphs are dropped, and every U+200C (ZWNJ) is removed to simulate PDF extraction.
The material is then repeated, whole lines at a time and always in the same order,
until the file holds at least --min-bytes bytes. With --split N the same lines are also
cut into N files of about equal size (part1.txt .. partN.txt, contiguous, in order), so
that the split files together hold exactly the corpus.

Standard library only; the output is deterministic for given inputs.
"""

import argparse
import glob
import json
import os
import sys

from corpora import fars_articles

ZWNJ = "\u200c"


def paragraphs(shared):
    """Yields the source paragraphs in a fixed order: Fars News 1..5, then PerDT train."""
    for article in fars_articles(shared, "make_corpus"):
        yield article.get("title") or ""
        yield article.get("abstract") or ""
        yield from article.get("paragraphs") or []
    with open(os.path.join(shared, "corpora", "perdt_train.txt"), encoding="utf-8") as f:
        yield from f


def clean(paragraph):
    text = paragraph.replace(ZWNJ, "")
    text = " ".join(text.replace("\r", "\n").split("\n"))
    return text.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the shared data folder (../shared from the repo root)")
    ap.add_argument("--out", required=True, help="corpus file to write")
    ap.add_argument("--min-bytes", type=int, default=20 * 1024 * 1024, help="smallest corpus size (default 20 MiB)")
    ap.add_argument("--split", type=int, default=0, help="also write the corpus as N files")
    ap.add_argument("--split-dir", help="folder for the split files (default: beside --out, in split/)")
    args = ap.parse_args()

    lines = [line + "\n" for line in (clean(p) for p in paragraphs(args.shared)) if line]
    material = "".join(lines).encode("utf-8")
    if not material:
        sys.exit("make_corpus: no text found")

    # Repeat whole lines, cycling through the material, until the size is reached.
    out_lines, size = [], 0
    while size < args.min_bytes:
        for line in lines:
            out_lines.append(line)
            size += len(line.encode("utf-8"))
            if size >= args.min_bytes:
                break
    data = "".join(out_lines).encode("utf-8")
    assert ZWNJ.encode("utf-8") not in data
    with open(args.out, "wb") as f:
        f.write(data)

    parts = []
    if args.split > 0:
        split_dir = args.split_dir or os.path.join(os.path.dirname(os.path.abspath(args.out)), "split")
        os.makedirs(split_dir, exist_ok=True)
        for old in glob.glob(os.path.join(split_dir, "part*.txt")):
            os.remove(old)
        target = len(data) / args.split
        acc = 0
        chunks = [[] for _ in range(args.split)]
        idx = 0
        for line in out_lines:
            n = len(line.encode("utf-8"))
            # Move on to the next part once this one has its share (the last takes the rest).
            if idx < args.split - 1 and acc >= target * (idx + 1):
                idx += 1
            chunks[idx].append(line)
            acc += n
        for i, chunk in enumerate(chunks, 1):
            path = os.path.join(split_dir, f"part{i}.txt")
            body = "".join(chunk).encode("utf-8")
            with open(path, "wb") as f:
                f.write(body)
            parts.append((path, len(body), len(chunk)))
        assert sum(p[1] for p in parts) == len(data)

    summary = {
        "corpus": args.out,
        "bytes": len(data),
        "lines": len(out_lines),
        "material_bytes": len(material),
        "material_lines": len(lines),
        "copies": round(len(data) / len(material), 3),
        "parts": [{"path": p, "bytes": b, "lines": n} for p, b, n in parts],
    }
    json.dump(summary, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
