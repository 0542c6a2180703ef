#!/usr/bin/env python3
"""A second, rougher development set for the restorer: the Fars News paragraphs whose writer
used ZWNJs, one a line, for `bayegan eval spacing` (news of 2008, where PerDT is mostly books).

Fars News mixes careful and careless typing. A paragraph is kept when it shows the careful
habit and none of the careless ones: at least three ZWNJs, no `می`, `نمی`, `ها` or `های`
standing alone, no common `می`- verb written fused (`میشود`), no `ای`/`اند` after a space.
What remains still writes some compounds apart (`نرم افزار`), so a ZWNJ the restorer puts
there counts against its precision: the figures are a lower bound, fit for comparing two
versions of the restorer on news, not for comparing with PerDT's.

Usage:
  python3 bench/news_gold.py [--shared ../shared] > bench/out/news_gold.txt
  bayegan eval spacing bench/out/news_gold.txt --mode joined
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpora import fars_articles, squash  # noqa: E402

ZWNJ = "\u200c"
ARABIC_TO_PERSIAN = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})
CARELESS = re.compile(
    r"(^|\s)(نمی|می|ها|های|هایی|ای|اند|ام)(\s|$)"
    r"|(^|\s)(ن?می)(شود|شوند|کند|کنند|توان|تواند|توانند|باشد|دهد|دهند|گیرد|گیرند|رسد|گوید|گویند)(\s|[.،؛:!؟]|$)"
)
MIN_ZWNJS = 3


def careful(paragraph):
    return paragraph.count(ZWNJ) >= MIN_ZWNJS and not CARELESS.search(paragraph)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    args = parser.parse_args()
    kept = total = 0
    for article in fars_articles(args.shared, "news_gold"):
        for paragraph in article.get("paragraphs") or []:
            paragraph = squash(paragraph.translate(ARABIC_TO_PERSIAN))
            if not paragraph:
                continue
            total += 1
            if careful(paragraph):
                kept += 1
                print(paragraph)
    print(f"news_gold: {kept} of {total} paragraphs kept", file=sys.stderr)


if __name__ == "__main__":
    main()
