#!/usr/bin/env python3
"""Convert the five Fars News files into one JSONL file in the `bayegan ingest` article format.

Sources (read in place, never copied into the repository):
  SHARED/corpora/farsnews/fars-news-{1..5}.json   lists of {"title", "abstract", "paragraphs", "cat", "link", ...}

One JSON object a line, in file order then article order:
  id         "fars-<file>-<index>"  (file 1..5, index 0-based within the file)
  newspaper  "خبرگزاری فارس"
  section    the article's "cat" value as given ("politics", "province", ...); omitted when empty
  headline   title          \
  lead       abstract        > the text exactly as in the source (Arabic ي ك, spaces for ZWNJ,
  body       paragraphs joined with "\\n"   ASCII digits: the dirty spellings are the point)
  url        link
  date       omitted: the articles carry no date field. With --date-from-link the Jalali date is
             read from the news number in the link, where Fars numbers start with it
             (8707060255 -> 1387-07-06, 13911222000865 -> 1391-12-22); a number that does not
             decode to a valid date in 1380-1409 (e.g. 6011171294) gives no date.

An article with neither a title nor any paragraph text is skipped (counted on stderr). The
counts go to stderr; the output is deterministic.

Usage:
  python3 bench/fars_to_jsonl.py --shared ../shared --out bench/out/fars.jsonl [--date-from-link]
"""

import argparse
import json
import os
import re
import sys

NEWSPAPER = "خبرگزاری فارس"
LINK_NUMBER = re.compile(r"^https?://(?:www\.)?farsnews\.(?:ir|com)/news/(\d+)")


def jalali_month_days(month):
    # Month 12 has 29 days, 30 in a leap year; 30 is accepted here (no leap computation).
    return 31 if month <= 6 else 30


def date_from_link(link):
    """The Jalali date encoded in a Fars News number, or None."""
    m = LINK_NUMBER.match(link or "")
    if not m:
        return None
    number = m.group(1)
    if len(number) == 10:
        year, month, day = 1300 + int(number[0:2]), int(number[2:4]), int(number[4:6])
    elif len(number) == 14:
        year, month, day = int(number[0:4]), int(number[4:6]), int(number[6:8])
    else:
        return None
    if not (1380 <= year <= 1409 and 1 <= month <= 12 and 1 <= day <= jalali_month_days(month)):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def news_files(shared):
    folder = os.path.join(shared, "corpora", "farsnews")
    paths = [os.path.join(folder, f"fars-news-{n}.json") for n in range(1, 6)]
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        sys.exit(f"fars_to_jsonl: missing {', '.join(missing)} (is --shared the shared data folder?)")
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the shared data folder (../shared from the repo root)")
    ap.add_argument("--out", required=True, help="JSONL file to write")
    ap.add_argument("--date-from-link", action="store_true", help="set date from the news number in the link")
    args = ap.parse_args()

    written = skipped = dated = 0
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for file_no, path in enumerate(news_files(args.shared), start=1):
            with open(path, encoding="utf-8") as f:
                try:
                    articles = json.load(f)
                except ValueError as e:
                    sys.exit(f"fars_to_jsonl: {path}: not JSON ({e})")
            if not isinstance(articles, list):
                sys.exit(f"fars_to_jsonl: {path}: expected a JSON list of articles")
            for index, article in enumerate(articles):
                title = article.get("title") or ""
                abstract = article.get("abstract") or ""
                body = "\n".join(article.get("paragraphs") or [])
                if not title.strip() and not body.strip():
                    skipped += 1
                    continue
                record = {"id": f"fars-{file_no}-{index}", "newspaper": NEWSPAPER}
                if args.date_from_link:
                    date = date_from_link(article.get("link"))
                    if date:
                        record["date"] = date
                        dated += 1
                if article.get("cat"):
                    record["section"] = article["cat"]
                record["headline"] = title
                if abstract:
                    record["lead"] = abstract
                record["body"] = body
                if article.get("link"):
                    record["url"] = article["link"]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    msg = f"fars_to_jsonl: {written} articles to {args.out}, {skipped} empty skipped"
    if args.date_from_link:
        msg += f", {dated} dated from the link"
    print(msg, file=sys.stderr)


if __name__ == "__main__":
    main()
