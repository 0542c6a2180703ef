#!/usr/bin/env python3
"""Build a large article archive for `bayegan ingest` / `bayegan search` benchmarks: JSONL,
one article a line, {"id", "newspaper", "date", "section", "headline", "lead", "body"}.

Sources (read in place, never copied into the repository):
  SHARED/corpora/farsnews/fars-news-{1..5}.json   1,500 articles: title, abstract, paragraphs
  SHARED/corpora/perdt_train.txt                  26,196 sentences; U+0654 (hamza above) stripped

Each article aims at a size drawn between 1,000 and 3,000 bytes (UTF-8 of headline + lead +
body; JSON quoting adds a little) and is one of two kinds, half each:
  fars   a Fars News article's title and abstract, exactly as written (Arabic ي ك, spaces for
         ZWNJ, ASCII digits), then its paragraphs in order while they fit (a paragraph that does
         not fit is cut after a full stop, or dropped), then PerDT paragraphs to reach the size;
         the section is the Fars category where it maps onto one of the six, else drawn
  perdt  headline: the first 6-12 words of a PerDT sentence; lead: one sentence; body:
         paragraphs of 2-5 sentences (careful ZWNJ, Persian ی ک) up to the size
so one article may mix the clean and the dirty spellings. Paragraphs are joined with "\\n".
  id         a-000001, a-000002, ...
  newspaper  one of 8 names (NEWSPAPERS below)
  section    one of 6 names (SECTIONS below; بین‌الملل has a ZWNJ)
  date       a day drawn uniformly from 1380-01-01 .. 1403-12-29/30, Jalali "YYYY-MM-DD"; with
             --gregorian-share P that share of the articles carry the same kind of random day
             as a Gregorian "YYYY-MM-DD" (the archive accepts both)
Article i depends only on --seed, i and the corpora, so the same seed gives the same first
articles whatever --count is. Standard library only. Prints a JSON summary (count, bytes,
sizes, kinds, time) on stdout.

Usage:
  python3 bench/make_articles.py --shared ../shared --out bench/out/articles.jsonl
                                 [--count 100000] [--seed 1] [--gregorian-share 0]
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import sys
import time

from corpora import fars_articles, perdt_sentences

NEWSPAPERS = ["همشهری", "اعتماد", "شرق", "جام جم", "ایران", "دنیای اقتصاد", "آرمان ملی", "قدس"]
SECTIONS = ["سیاسی", "اقتصادی", "اجتماعی", "فرهنگی", "ورزشی", "بین‌الملل"]
FARS_SECTION = {
    "politics": "سیاسی",
    "economy": "اقتصادی",
    "social": "اجتماعی",
    "culture": "فرهنگی",
    "arts-media": "فرهنگی",
    "sports": "ورزشی",
    "world": "بین‌الملل",
    "foreign-policy": "بین‌الملل",
}
FIRST_YEAR, LAST_YEAR = 1380, 1403
MIN_BYTES, MAX_BYTES = 1000, 3000
SENTENCE_END = re.compile(r"[.!؟?]\s")


def jalali_leap(year):
    # The 33-year cycle, exact for 1343-1473 (1383, 1387, 1391, 1395, 1399, 1403 ... are leap).
    return year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)


def month_days(year, month):
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jalali_leap(year) else 29


def day_count():
    return sum(366 if jalali_leap(y) else 365 for y in range(FIRST_YEAR, LAST_YEAR + 1))


FIRST_GREGORIAN = datetime.date(2001, 3, 21)  # 1380-01-01


def jalali_of(offset):
    """The Jalali date `offset` days after 1380-01-01, as (y, m, d)."""
    year = FIRST_YEAR
    while offset >= (366 if jalali_leap(year) else 365):
        offset -= 366 if jalali_leap(year) else 365
        year += 1
    month = 1
    while offset >= month_days(year, month):
        offset -= month_days(year, month)
        month += 1
    return year, month, offset + 1


def load_fars(shared):
    articles = []
    for a in fars_articles(shared, "make_articles"):
        paragraphs = [p for p in (a.get("paragraphs") or []) if p.strip()]
        if (a.get("title") or "").strip() and paragraphs:
            articles.append((a["title"], a.get("abstract") or "", paragraphs, a.get("cat") or ""))
    if not articles:
        sys.exit("make_articles: no Fars News article with a title and paragraphs")
    return articles


def nbytes(text):
    return len(text.encode("utf-8"))


def perdt_paragraph(rng, perdt):
    return " ".join(rng.choice(perdt) for _ in range(rng.randint(2, 5)))


def fill(rng, perdt, body, size, target):
    """Adds PerDT paragraphs to body until size reaches target (stops before overshooting
    MAX_BYTES when it already has something)."""
    while size < target:
        p = perdt_paragraph(rng, perdt)
        b = nbytes(p) + 1
        if body and size + b > MAX_BYTES:
            break
        body.append(p)
        size += b
    return size


def fars_article(rng, fars, perdt, target):
    title, abstract, paragraphs, cat = rng.choice(fars)
    size = nbytes(title) + nbytes(abstract)
    body = []
    for p in paragraphs:
        b = nbytes(p) + 1
        if size + b <= target:
            body.append(p)
            size += b
            continue
        # Cut the paragraph after the last full stop that fits, if any.
        room = target - size
        cut = None
        for m in SENTENCE_END.finditer(p):
            if nbytes(p[: m.start() + 1]) + 1 <= room:
                cut = m.start() + 1
            else:
                break
        if cut:
            body.append(p[:cut])
            size += nbytes(p[:cut]) + 1
        break
    size = fill(rng, perdt, body, size, target)
    section = FARS_SECTION.get(cat) or rng.choice(SECTIONS)
    return title, abstract, body, section


def perdt_article(rng, perdt, target):
    words = rng.choice(perdt).split()
    headline = " ".join(words[: rng.randint(6, 12)]).rstrip(" .،؛:!؟?»«()\"")
    lead = rng.choice(perdt)
    body = []
    fill(rng, perdt, body, nbytes(headline) + nbytes(lead), target)
    return headline, lead, body, rng.choice(SECTIONS)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the shared data folder (../shared from the repo root)")
    ap.add_argument("--out", required=True, help="JSONL file to write")
    ap.add_argument("--count", type=int, default=100000, help="articles (default 100000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--gregorian-share", type=float, default=0.0, help="share of Gregorian dates (default 0)")
    args = ap.parse_args()
    if args.count < 1 or not 0 <= args.gregorian_share <= 1:
        sys.exit("make_articles: need --count ≥ 1 and 0 ≤ --gregorian-share ≤ 1")

    t0 = time.time()
    fars, perdt = load_fars(args.shared), perdt_sentences(args.shared, "make_articles")
    days = day_count()
    sizes, kinds, gregorian = [], {"fars": 0, "perdt": 0}, 0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for i in range(args.count):
            rng = random.Random(f"bayegan-articles/{args.seed}/{i}")
            target = rng.randint(MIN_BYTES, MAX_BYTES)
            if rng.random() < 0.5:
                kind = "fars"
                headline, lead, body, section = fars_article(rng, fars, perdt, target)
            else:
                kind = "perdt"
                headline, lead, body, section = perdt_article(rng, perdt, target)
            offset = rng.randrange(days)
            if rng.random() < args.gregorian_share:
                date = (FIRST_GREGORIAN + datetime.timedelta(days=offset)).isoformat()
                gregorian += 1
            else:
                date = "%04d-%02d-%02d" % jalali_of(offset)
            record = {
                "id": f"a-{i + 1:06d}",
                "newspaper": rng.choice(NEWSPAPERS),
                "date": date,
                "section": section,
                "headline": headline,
                "lead": lead,
                "body": "\n".join(body),
            }
            kinds[kind] += 1
            sizes.append(nbytes(headline) + nbytes(lead) + nbytes(record["body"]))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary = {
        "articles": args.count,
        "bytes": os.path.getsize(args.out),
        "text_bytes_per_article": {
            "min": min(sizes),
            "median": statistics.median(sizes),
            "mean": round(statistics.mean(sizes)),
            "max": max(sizes),
        },
        "kinds": kinds,
        "gregorian_dates": gregorian,
        "seed": args.seed,
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
