#!/usr/bin/env python3
"""The spelling flags one build raises on real news text that another does not: for judging a
change to the spelling stage by hand where no gold exists (Fars News is edited web news with
its own slips; whether a flag is right is a reader's call).

  paragraphs  writes every paragraph of the five Fars News files, one a line, as published
              (Arabic ي ك, spaces for ZWNJ), read in place from SHARED/corpora/farsnews
  compare     reads two `bayegan fix --spelling flag --json INPUT` outputs and prints each flag
              of the second whose span the first does not flag: word, first suggestion with
              its confidence, and the input around it

Usage (e.g. the real-word check of 2026-12-02, the build before it at 85d2302):
  python3 bench/new_flags.py paragraphs --shared ../shared --out /tmp/fars.txt
  OLD_BIN fix --spelling flag --json /tmp/fars.txt > /tmp/old.json
  target/release/bayegan fix --spelling flag --json /tmp/fars.txt > /tmp/new.json
  python3 bench/new_flags.py compare /tmp/fars.txt /tmp/old.json /tmp/new.json
"""

import argparse
import json
import os
import sys

from corpora import FARS_FILES


def paragraphs(shared, out):
    lines = 0
    with open(out, "w", encoding="utf-8") as f:
        for n in range(1, FARS_FILES + 1):
            path = os.path.join(shared, "corpora", "farsnews", f"fars-news-{n}.json")
            try:
                with open(path, encoding="utf-8") as source:
                    articles = json.load(source)
            except OSError as e:
                sys.exit(f"new_flags: cannot read {path}: {e} (is --shared the shared data folder?)")
            for article in articles:
                for paragraph in article.get("paragraphs") or []:
                    paragraph = " ".join(paragraph.split())
                    if paragraph:
                        f.write(paragraph + "\n")
                        lines += 1
    print(f"new_flags: {lines} paragraphs written to {out}", file=sys.stderr)


def flags(path):
    """Flags of a `fix --json` output by span start: (word, first suggestion, confidence)."""
    with open(path, encoding="utf-8") as f:
        output = json.load(f)
    found = {}
    for flag in output.get("flags", []):
        best = flag["suggestions"][0] if flag["suggestions"] else {"word": "", "confidence": 0.0}
        found[flag["span"]["start"]] = (flag["span"]["end"], flag["word"], flag["kind"], best["word"], best["confidence"])
    return found


def compare(input_path, old_path, new_path):
    with open(input_path, "rb") as f:
        text = f.read()
    old, new = flags(old_path), flags(new_path)
    added = sorted(set(new) - set(old))
    print(f"{len(added)} flags added, {len(set(old) - set(new))} gone ({len(old)} before, {len(new)} after)")
    for start in added:
        end, word, kind, suggestion, confidence = new[start]
        around = text[max(0, start - 60) : end + 50].decode("utf-8", "replace").replace("\n", " | ")
        print(f"{word}\t{kind}\t{suggestion}\t{confidence:.3f}\t{around}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("paragraphs")
    make.add_argument("--shared", default="../shared")
    make.add_argument("--out", required=True)
    diff = commands.add_parser("compare")
    diff.add_argument("input")
    diff.add_argument("old_json")
    diff.add_argument("new_json")
    args = parser.parse_args()
    if args.command == "paragraphs":
        paragraphs(args.shared, args.out)
    else:
        compare(args.input, args.old_json, args.new_json)


if __name__ == "__main__":
    main()
