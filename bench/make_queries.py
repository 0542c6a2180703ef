#!/usr/bin/env python3
"""Build a mixed query load for `bayegan search --queries FILE`: one query a line.

Sources (read in place, never copied into the repository): SHARED/corpora/perdt_train.txt
(U+0654 stripped) and SHARED/corpora/farsnews/fars-news-{1..5}.json (title, abstract,
paragraphs, as written) - the texts bench/make_articles.py builds its archive from, so most
queries have answers there.

Query kinds (shares of --count, in the `bayegan search` syntax):
  35%  one word                       کتاب‌ها
  5%   one number: a year 1380-1403 or a number from the texts   ۱۳۸۷
  25%  two words from one sentence    انتخابات مجلس        (both required)
  20%  a quoted phrase of 2-3 words that follow each other in a text   "وزارت امور خارجه"
  15%  one or two words and an excluded word from the same sentence    تهران -ترافیک
Words are drawn from the texts' vocabulary (a word of 3+ letters seen in at least 3
sentences, function words left out); 25% of the source sentences come from Fars News (whose
spaces for ZWNJ stay: "مي شود" is two words there). Each word is then respelled at random
(its ي ك first read as ی ک), as in
bench/make_variants.py: a word with a ZWNJ half as written, a quarter with a space instead
(not for an excluded word), a quarter fused; ی/ک 60% Persian, 25% Arabic (ي ك), 15% mixed;
digits a third each Persian, Latin and Arabic-Indic. Queries are unique; deterministic for a
given --seed. Prints a JSON summary (counts per kind, time) on stdout.

Usage:
  python3 bench/make_queries.py --shared ../shared --out bench/out/queries.txt [--count 1000] [--seed 1]
"""

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter

from corpora import fars_articles, perdt_sentences

ZWNJ = "\u200c"
LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
WORD = re.compile(f"[{LETTER}]+(?:{ZWNJ}[{LETTER}]+)*|[0-9]+")
TO_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})
PERSIAN_DIGITS = str.maketrans({str(d): chr(0x06F0 + d) for d in range(10)})
ARABIC_DIGITS = str.maketrans({str(d): chr(0x0660 + d) for d in range(10)})
STOPWORDS = set(
    "و در به از که را با این آن برای است تا یا هم بر شد شده ای اند بود ها های یک خود نیز اما"
    " اگر چه چون پس نه هر همه دیگر باید کرد کند شود نمی می بی وی او ما من تو شما آنها آن‌ها"
    " کرده شده‌است است. بوده دارد داشت گفت".split()
)
KINDS = [("word", 0.35), ("number", 0.05), ("and", 0.25), ("phrase", 0.20), ("exclude", 0.15)]


def load(shared):
    perdt = perdt_sentences(shared, "make_queries")
    fars = []
    for a in fars_articles(shared, "make_queries"):
        for text in [a.get("title") or "", a.get("abstract") or ""] + list(a.get("paragraphs") or []):
            fars.extend(s.strip() for s in re.split(r"(?<=[.!؟?])\s+", " ".join(text.split())))
    perdt = [s for s in perdt if s]
    fars = [s for s in fars if s]
    if not perdt or not fars:
        sys.exit("make_queries: no text in the corpora")
    return perdt, fars


def key(word):
    return word.translate(TO_PERSIAN).replace(ZWNJ, "").replace(" ", "")


def content(word, df):
    return (
        not word.isdigit()
        and len(key(word)) >= 3
        and word.translate(TO_PERSIAN) not in STOPWORDS
        and df[key(word)] >= 3
    )


def respell(word, rng, excluded=False):
    if word.isdigit():
        return word.translate(rng.choice([PERSIAN_DIGITS, ARABIC_DIGITS, str.maketrans({})]))
    if ZWNJ in word:
        r = rng.random()
        if r < 0.25 and not excluded:
            word = word.replace(ZWNJ, " ")
        elif r < 0.5:
            word = word.replace(ZWNJ, "")
    r = rng.random()
    out, n = [], 0
    for ch in word.translate(TO_PERSIAN):
        if ch in "یک":
            arabic = r < 0.25 or (r < 0.40 and n % 2 == 0)
            out.append({"ی": "ي", "ک": "ك"}[ch] if arabic else ch)
            n += 1
        else:
            out.append(ch)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the shared data folder (../shared from the repo root)")
    ap.add_argument("--out", required=True, help="file to write, one query a line")
    ap.add_argument("--count", type=int, default=1000, help="queries (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args()
    if args.count < 1:
        sys.exit("make_queries: need --count ≥ 1")

    t0 = time.time()
    rng = random.Random(f"bayegan-queries/{args.seed}")
    perdt, fars = load(args.shared)
    tokens = {}
    df = Counter()
    for source in (perdt, fars):
        for s in source:
            words = WORD.findall(s)
            tokens[s] = words
            df.update({key(w) for w in words})
    numbers = sorted(
        {w for s in perdt for w in tokens[s] if w.isdigit() and 2 <= len(w) <= 4 and not w.startswith("0")}
    )

    def sentence():
        return rng.choice(fars if rng.random() < 0.25 else perdt)

    def words_of(s):
        return [w for w in tokens[s] if content(w, df)]

    def make(kind):
        if kind == "number":
            n = str(rng.randint(1380, 1403)) if rng.random() < 0.5 else rng.choice(numbers)
            return respell(n, rng)
        s = sentence()
        ws = words_of(s)
        if kind == "word":
            return respell(rng.choice(ws), rng) if ws else None
        if kind == "and":
            if len(set(ws)) < 2:
                return None
            a, b = rng.sample(sorted(set(ws)), 2)
            return f"{respell(a, rng)} {respell(b, rng)}"
        if kind == "exclude":
            if len(set(ws)) < 2:
                return None
            picked = rng.sample(sorted(set(ws)), min(len(set(ws)), rng.choice([2, 2, 3])))
            *pos, neg = picked
            return " ".join(respell(w, rng) for w in pos) + " -" + respell(neg, rng, excluded=True)
        if kind == "phrase":
            # adjacent words, separated by one space in the text, with a content word at each end
            spans = list(WORD.finditer(s))
            n = rng.choice([2, 2, 3])
            starts = [
                i
                for i in range(len(spans) - n + 1)
                if all(s[spans[j].end() : spans[j + 1].start()] == " " for j in range(i, i + n - 1))
                and content(spans[i].group(), df)
                and content(spans[i + n - 1].group(), df)
            ]
            if not starts:
                return None
            i = rng.choice(starts)
            return '"' + " ".join(respell(m.group(), rng) for m in spans[i : i + n]) + '"'
        raise ValueError(kind)

    plan = []
    for kind, share in KINDS:
        plan += [kind] * round(share * args.count)
    while len(plan) < args.count:
        plan.append("word")
    plan = plan[: args.count]
    rng.shuffle(plan)
    queries, seen, counts = [], set(), Counter()
    for kind in plan:
        for _ in range(1000):
            q = make(kind)
            if q and q not in seen:
                break
        else:
            sys.exit(f"make_queries: could not make a new {kind} query")
        seen.add(q)
        queries.append(q)
        counts[kind] += 1
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(q + "\n" for q in queries)
    summary = {
        "queries": len(queries),
        "bytes": os.path.getsize(args.out),
        "kinds": dict(counts),
        "with_zwnj": sum(ZWNJ in q for q in queries),
        "with_arabic_letters": sum(("ي" in q or "ك" in q) for q in queries),
        "with_non_latin_digits": sum(bool(re.search("[\u06f0-\u06f9\u0660-\u0669]", q)) for q in queries),
        "seed": args.seed,
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
