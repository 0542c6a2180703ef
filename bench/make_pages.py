#!/usr/bin/env python3
"""Build benchmark input for `bayegan parse`: newspaper page text as a PDF extractor gives it.

    python3 bench/make_pages.py --out DIR [--count 1000] [--seed 1] [--shared ../shared] [--truth]

Writes DIR/page-0001.txt ... (old page-*.txt and page-*.truth.json files in DIR are removed
first) in the layout of
../shared/seed/page-arman-melli-1403-08-19.txt: one paragraph a line with a blank line between,
every U+200C (ZWNJ) removed, Persian digits. Each page has 1-5 articles, each a heading group
(sometimes a kicker, alone or run onto the headline; sometimes an overline, ending in `:` or
longer than the headline; the headline; 0-2 subheadlines) then a lead (sometimes opening with a
byline `<paper> - <reporter>:`) and paragraphs, with some `◀ **…**` subheads, some narrow-column
runs (each printed line of 3-9 words its own line), some pull quotes (a body sentence repeated,
without its final stop, sometimes cutting a paragraph in two), some boxes and some interviews
(`◀ **…؟**` questions). Most pages carry a folio line (weekday, Solar Hijri, lunar Hijri and
Gregorian dates of a random day, issue, year of publication, sometimes the page number) at the
top, in the middle of the flow or at the bottom; some a section label or the paper's name alone
on a line.

Text comes from SHARED/corpora (read in place, never copied into the repository):
  perdt_train.txt                   sentences; U+0654 stripped, ZWNJ removed, digits to Persian
  farsnews/fars-news-{1..5}.json    title, abstract, paragraphs; cleaned the same way, and
                                    Arabic ي ك written as Persian ی ک
With --source perdt or farsnews only that corpus is used (default: both, chosen per article).

With --truth, also writes DIR/page-0001.truth.json ... beside the pages: what was generated, in
the terms of docs/page-schema.md with 1-based line numbers. Per article: heading_lines, kicker,
overline, headline and subheadlines as printed (a kicker run onto a line is taken off it),
byline {source, author, lines}, blocks [{kind, pieces}] (lead, paragraph, subhead, question,
answer: an interview's answer is every paragraph after a question until the next marked line;
a narrow run is one piece over its lines; a paragraph cut by a pull quote or box has a piece
each side), pull_quotes and boxes [{lines}], and `ambiguous`: reasons its headings cannot be
read from the plain text alone. Per page: furniture [{kind, text, lines}] (folio, section,
running_head), date {jalali, gregorian, weekday, hijri (as printed)}, issue, publication_year,
page_number, newspaper, sections, and `ambiguous`: [{reason, lines}] for layouts a reader could
not tell either, some with the other reading that is as right (may_break_after, may_join,
may_be); bench/README.md lists the reasons. The page and its truth are built from one
structure, and the pages are byte for byte the same with or without --truth; every non-blank
line is checked to be in exactly one place of the truth.

Standard library only. Page i depends only on --seed, i and the corpora, so the same seed gives
the same files whatever --count is. Prints a JSON summary (pages, bytes, ...; with --truth the
truth's counts and the ambiguous layouts by reason) on stdout.
"""

import argparse
import datetime
import glob
import json
import math
import os
import random
import re
import sys

from corpora import fars_articles, perdt_sentences

ZWNJ = "\u200c"
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک", "\u0654": None, ZWNJ: None})
FINAL_PUNCT = ".!?؟…"

KICKERS = ["گزارش", "گفتوگو", "یادداشت", "تحلیل", "خبر", "سرمقاله", "دیدگاه"]
SECTIONS = ["سیاست", "اقتصاد", "جامعه", "بینالملل", "فرهنگ و هنر", "ورزش", "اجتماعی", "حوادث", "دانش"]
PAPERS = ["آرمان ملی", "همشهری", "اعتماد", "شرق", "جام جم", "فرهیختگان", "آفتاب یزد", "ایران",
          "دنیای اقتصاد", "جهان صنعت", "ابتکار", "قدس"]
FIRST_NAMES = ["مریم", "علی", "زهرا", "حسین", "سارا", "محمد", "نرگس", "رضا", "فاطمه", "امیر",
               "نگار", "مهدی", "الهام", "سعید", "لیلا", "حمید"]
LAST_NAMES = ["احمدی", "رضایی", "کریمی", "موسوی", "حسینی", "صادقی", "نوری", "طاهری", "جعفری",
              "رحیمی", "قاسمی", "یزدانی", "مرادی", "شریفی"]
WEEKDAYS = ["دوشنبه", "سهشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]  # date.weekday()
WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
                 "دی", "بهمن", "اسفند"]
GREGORIAN_MONTHS = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
                    "اکتبر", "نوامبر", "دسامبر"]
HIJRI_MONTHS = ["محرم", "صفر", "ربیعالاول", "ربیعالثانی", "جمادیالاول", "جمادیالثانی", "رجب",
                "شعبان", "رمضان", "شوال", "ذیالقعده", "ذیالحجه"]
ORDINAL_UNITS = ["", "یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم"]
ORDINAL_TEENS = ["دهم", "یازدهم", "دوازدهم", "سیزدهم", "چهاردهم", "پانزدهم", "شانزدهم", "هفدهم",
                 "هجدهم", "نوزدهم"]
ORDINAL_TENS = {2: ("بیستم", "بیست"), 3: ("سیام", "سی"), 4: ("چهلم", "چهل")}


# ---------------------------------------------------------------- calendars

def jalali_to_gregorian(jy, jm, jd):
    """Solar Hijri to Gregorian (the usual 33-year-cycle arithmetic, exact for 1300-1500)."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    leap = gy % 4 == 0 and (gy % 100 != 0 or gy % 400 == 0)
    month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gd, gm = days + 1, 0
    while gd > month_days[gm]:
        gd -= month_days[gm]
        gm += 1
    return datetime.date(gy, gm + 1, gd)


ISLAMIC_EPOCH = 1948439.5


def _islamic_to_jd(y, m, d):
    return d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30 + ISLAMIC_EPOCH - 1


def gregorian_to_hijri(date):
    """Tabular (arithmetic) lunar Hijri date: within a day or two of the printed one."""
    jd = date.toordinal() + 1721424.5
    y = math.floor((30 * (jd - ISLAMIC_EPOCH) + 10646) / 10631)
    m = min(12, math.ceil((jd - (29 + _islamic_to_jd(y, 1, 1))) / 29.5) + 1)
    d = int(jd - _islamic_to_jd(y, m, 1)) + 1
    return y, m, d


def ordinal(n, rng):
    """Persian ordinal in words, 1..49 (`سال بیست و سوم`), as a folio prints it (no ZWNJ)."""
    if n == 1:
        return rng.choice(["اول", "یکم"])
    if n < 10:
        return ORDINAL_UNITS[n]
    if n < 20:
        return ORDINAL_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    whole, stem = ORDINAL_TENS[tens]
    if unit == 0:
        return whole
    return stem + rng.choice([" و ", "و"]) + ORDINAL_UNITS[unit]


def folio(rng):
    """A folio line for a random day in 1395-1404, in one of three layouts, and what it says
    (the truth's date, issue, publication_year, page_number)."""
    jy, jm, jd = rng.randint(1395, 1404), rng.randint(1, 12), rng.randint(1, 29)
    g = jalali_to_gregorian(jy, jm, jd)
    hy, hm, hd = gregorian_to_hijri(g)
    weekday = WEEKDAYS[g.weekday()]
    issue, year = rng.randint(200, 9000), rng.randint(1, 45)
    page = rng.randint(1, 24) if rng.random() < 0.4 else None
    ascii_digits = rng.random() < 0.15
    jalali = f"{jd} {JALALI_MONTHS[jm - 1]} {jy}"
    hijri = f"{hd} {HIJRI_MONTHS[hm - 1]} {hy}"
    greg = f"{g.day} {GREGORIAN_MONTHS[g.month - 1]} {g.year}"
    layout = rng.randrange(3)
    if layout == 0:
        parts = [f"{weekday} {jalali}", hijri, greg, f"سال {ordinal(year, rng)}", f"شماره {issue}"]
        if page:
            parts.append(f"صفحه {page}")
        line = " - ".join(parts)
    elif layout == 1:  # the seed's: numeric Solar Hijri date with bullets
        line = (f"{weekday} {jd:02d} • {jm:02d} • {jy} شماره {issue} سال {ordinal(year, rng)} "
                f"{hijri} / {greg}")
        if page:
            line += f" صفحه {page}"
    else:
        parts = [f"{weekday} {jalali}", hijri, greg, f"سال {ordinal(year, rng)}", f"شماره {issue}"]
        if page:
            parts.append(f"صفحه {page}")
        line = " / ".join(parts)
    info = {
        "date": {"jalali": f"{jy:04d}-{jm:02d}-{jd:02d}", "gregorian": g.isoformat(),
                 "weekday": WEEKDAYS_EN[g.weekday()], "hijri": f"{hy:04d}-{hm:02d}-{hd:02d}"},
        "issue": issue, "publication_year": year, "page_number": page,
    }
    return (line if ascii_digits else line.translate(FA_DIGITS)), info


# ---------------------------------------------------------------- source text

def clean(text):
    text = text.translate(ARABIC_TO_PERSIAN).translate(FA_DIGITS)
    text = " ".join(text.replace("\r", "\n").split())
    return text.strip()


def load_perdt(shared):
    return perdt_sentences(shared, "make_pages", clean=lambda line: long_enough(clean(line), 4))


def long_enough(text, words):
    return text if len(text.split()) >= words else ""


def load_farsnews(shared):
    articles = []
    for a in fars_articles(shared, "make_pages"):
        title = clean(a.get("title") or "")
        paragraphs = [clean(p) for p in [a.get("abstract") or ""] + (a.get("paragraphs") or [])]
        paragraphs = [p for p in paragraphs if len(p.split()) >= 6]
        if title and paragraphs:
            articles.append((title, paragraphs))
    return articles


SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


def sentences_of(paragraph):
    return [s for s in SENTENCE_END.split(paragraph) if s]


def heading_text(text, rng, lo, hi):
    """A heading line from text: lo-hi words, no quotes, no sentence-final punctuation."""
    words = re.sub(r"[«»\"():؛]", " ", text).split()
    n = min(len(words), rng.randint(lo, hi))
    line = " ".join(words[:n]).rstrip(" .،,!؟?…-")
    return line or "خبر"


class Source:
    def __init__(self, perdt, farsnews, rng):
        self.perdt, self.farsnews, self.rng = perdt, farsnews, rng

    def sentence(self):
        return self.rng.choice(self.perdt) if self.perdt else self.rng.choice(self.rng.choice(self.farsnews)[1])

    def article(self):
        """(title, paragraphs) from one Fars News article, or built from PerDT sentences."""
        rng = self.rng
        if self.farsnews and (not self.perdt or rng.random() < 0.5):
            title, paragraphs = rng.choice(self.farsnews)
            return title, list(paragraphs[: rng.randint(2, 9)])
        start = rng.randrange(len(self.perdt))
        pool = self.perdt[start: start + 60] or self.perdt
        paragraphs, i = [], 0
        for _ in range(rng.randint(2, 8)):
            k = rng.randint(2, 6)
            paragraphs.append(" ".join(pool[i: i + k]) or self.sentence())
            i += k
        return heading_text(self.sentence(), rng, 4, 9), paragraphs


# ---------------------------------------------------------------- layout

def narrow(text, rng):
    """The paragraph as printed in a narrow column: lines of 3-9 words."""
    words, lines, i = text.split(), [], 0
    while i < len(words):
        n = rng.randint(4, 8)
        if len(words) - (i + n) < 3:
            n = len(words) - i
        lines.append(" ".join(words[i: i + n]))
        i += n
    if len(lines) > 1 and len(lines[-1].split()) > 9:
        w = lines[-1].split()
        lines[-1:] = [" ".join(w[: len(w) // 2]), " ".join(w[len(w) // 2:])]
    return lines


# A page is built as a list of units; a unit is one line or several (a heading group, a narrow
# run, a paragraph with its pull quote and box) that nothing else may stand inside. Every line
# carries a tag saying what it is, pointing into the page's truth (see `truth` below), so the
# page text and its truth come from the same structure.

class Unit:
    __slots__ = ("lines", "tags", "flags")

    def __init__(self, lines, tags):
        self.lines, self.tags, self.flags = lines, tags, []


def one(line, tag):
    return Unit([line], [tag])


def piece():
    return {"_lines": []}


def block(kind, *pieces):
    return {"kind": kind, "pieces": list(pieces)}


def is_narrow(unit):
    """A narrow run: several lines, all of one piece."""
    role, ref = unit.tags[0]
    return len(unit.lines) > 1 and role == "piece" and all(t[1] is ref for t in unit.tags)


def is_short_line(unit):
    """A one-line paragraph no longer than a narrow column's widest line (9 words)."""
    return len(unit.lines) == 1 and unit.tags[0][0] == "piece" and not unit.lines[0].startswith("◀") \
        and words_of(unit.lines[0]) <= 9


def words_of(text):
    return len(text.split())


def ends_sentence(text):
    return text.rstrip("»\"”)'’]*").endswith(tuple(FINAL_PUNCT))


# The longest heading line the generator writes (an overline of hw + 5 or a subheadline of hw + 8
# words, hw <= 11, plus a kicker run onto it): a shorter paragraph without a sentence end reads
# just like one.
HEADING_LIKE_WORDS = 20


def article_units(src, rng, paper):
    """One article: its units and its truth (an Article of the truth file, lines still to fill)."""
    title, paragraphs = src.article()
    art = {"kicker": None, "overline": None, "headline": None, "subheadlines": [], "_hl": [],
           "byline": None, "blocks": [], "pull_quotes": [], "boxes": [], "ambiguous": []}
    out = []
    heads = []
    headline = heading_text(title, rng, 4, 11)
    hw = len(headline.split())
    if rng.random() < 0.35:
        if rng.random() < 0.5:
            heads.append(heading_text(src.sentence(), rng, 5, 10) + ":")
        else:
            heads.append(heading_text(src.sentence(), rng, hw + 1, hw + 5))
        art["overline"] = heads[0]
    heads.append(headline)
    art["headline"] = headline
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        heads.append(heading_text(src.sentence(), rng, hw + (0 if len(heads) > 1 else 1), hw + 8))
    art["subheadlines"] = heads[1:] if art["overline"] is None else heads[2:]
    first_line = heads[0]
    run_on = None
    if rng.random() < 0.3:
        kicker = rng.choice(KICKERS)
        art["kicker"] = kicker
        if rng.random() < 0.5:
            heads.insert(0, kicker)
        else:
            heads[0] = kicker + " " + heads[0]
            run_on = kicker
    # heading groups a reader of the plain text could not read as generated
    # the generator means an overline to end in `:` or be longer than the headline, and a first
    # subheadline (without an overline) to be longer than it; a short source sentence can
    # leave them no longer, and then nothing tells which of the two lines is the headline
    if art["overline"] is not None:
        if not art["overline"].endswith(":") and words_of(art["overline"]) <= hw:
            art["ambiguous"].append("heading-order")
    elif art["subheadlines"] and words_of(art["subheadlines"][0]) <= hw:
        art["ambiguous"].append("heading-order")
    if run_on == "خبر":
        art["ambiguous"].append("kicker-khabar")  # `خبر …` also starts plain headlines
    if run_on is None and first_line.split()[0] in KICKERS and words_of(first_line) > 1:
        art["ambiguous"].append("kicker-like-start")  # the line itself starts with a kicker word
    out.append(Unit(heads, [("heading", art)] * len(heads)))  # nothing stands inside a heading group either

    lead = paragraphs[0]
    if rng.random() < 0.3:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        lead = f"{paper} - {first} {last}: {lead}"
        art["byline"] = {"source": paper, "author": f"{first} {last}"}
    lead_piece = piece()
    art["blocks"].append(block("lead", lead_piece))
    unit = one(lead, ("piece", lead_piece))
    if words_of(lead) <= HEADING_LIKE_WORDS and not ends_sentence(lead):
        unit.flags.append(("short-unpunctuated", [art, lead_piece], True))
    out.append(unit)
    interview = rng.random() < 0.1
    answer = None  # the answer block the next paragraph of an interview goes into

    def text_block():
        nonlocal answer
        if not interview:
            art["blocks"].append(block("paragraph"))
            return art["blocks"][-1]
        if answer is None:
            answer = block("answer")
            art["blocks"].append(answer)
        return answer

    body = paragraphs[1:]
    quotable = [s.rstrip(FINAL_PUNCT) for p in body for s in sentences_of(p) if 6 <= len(s.split()) <= 20]
    pull_quote = rng.choice(quotable) if quotable and rng.random() < 0.2 else None
    for i, p in enumerate(body):
        if interview and (i == 0 or rng.random() < 0.6):
            pc = piece()
            art["blocks"].append(block("question", pc))
            out.append(one("◀ **" + heading_text(src.sentence(), rng, 5, 16) + "؟**", ("piece", pc)))
            answer = None
        elif i > 0 and rng.random() < 0.25:
            pc = piece()
            art["blocks"].append(block("subhead", pc))
            out.append(one("◀ **" + heading_text(src.sentence(), rng, 2, 6) + "**", ("piece", pc)))
            if interview:
                # the schema calls every marked line of an interview a question; this one has no `؟`
                out[-1].flags.append(("interview-subhead", [pc], False))
            answer = None
        if pull_quote and i == len(body) // 2:
            words = p.split()
            blk = text_block()
            quote = {"_lines": []}
            art["pull_quotes"].append(quote)
            if len(words) > 20 and rng.random() < 0.5:  # the quote cuts the paragraph in two
                cut = rng.randint(8, len(words) - 8)
                head_piece, tail_piece = piece(), piece()
                blk["pieces"] += [head_piece, tail_piece]
                unit = Unit([" ".join(words[:cut]), pull_quote], [("piece", head_piece), ("quote", quote)])
                tail = " ".join(words[cut:])
                if ends_sentence(unit.lines[0]):
                    # cut where a sentence ends: as much two paragraphs as one
                    unit.flags.append(("cut-at-sentence-end", [head_piece, tail_piece], False))
            else:
                pc = piece()
                blk["pieces"].append(pc)
                unit, tail = Unit([p, pull_quote], [("piece", pc), ("quote", quote)]), None
            if rng.random() < 0.3:  # a box of two or three narrow lines
                box_lines = narrow(" ".join(src.sentence().rstrip(FINAL_PUNCT).split()[:rng.randint(8, 18)]), rng)
                box = {"_lines": []}
                art["boxes"].append(box)
                unit.lines.extend(box_lines)
                unit.tags.extend([("box", box)] * len(box_lines))
                if not tail:
                    # short lines without a sentence end, then a paragraph or the next heading
                    # group: just what a heading group looks like
                    unit.flags.append(("box-or-heading", [box], True))
            if tail:
                unit.lines.append(tail)
                unit.tags.append(("piece", tail_piece))
            out.append(unit)
            continue
        blk = text_block()
        pc = piece()
        blk["pieces"].append(pc)
        if len(p.split()) >= 20 and rng.random() < 0.12:
            lines = narrow(p, rng)
            unit = Unit(lines, [("piece", pc)] * len(lines))
            if any(ends_sentence(line) for line in lines[:-1]):
                # a sentence ends at the end of a printed line: a paragraph could end there too
                unit.flags.append(("narrow-stop", [pc], False))
            if not ends_sentence(lines[-1]):
                unit.flags.append(("narrow-unpunctuated", [pc], True))
            out.append(unit)
        else:
            unit = one(p, ("piece", pc))
            if words_of(p) <= HEADING_LIKE_WORDS and not ends_sentence(p):
                unit.flags.append(("short-unpunctuated", [pc], True))
            out.append(unit)
    # a narrow run beside another, or beside a one-line paragraph no wider than a narrow line:
    # only a sentence end tells where one paragraph ends, and one may end at any line
    owner = {id(pc): b for b in art["blocks"] for pc in b["pieces"]}
    for u, v in zip(out, out[1:]):
        if (is_narrow(u) or is_narrow(v)) and all(is_narrow(x) or is_short_line(x) for x in (u, v)):
            a, b = u.tags[-1][1], v.tags[0][1]
            if owner[id(a)] is not owner[id(b)]:
                v.flags.append(("narrow-adjacent", [a, b], False))
    return out, art


def units_bytes(units):
    return sum(len(line.encode("utf-8")) for u in units for line in u.lines)


def page_text(src, rng):
    """One page: [folio] [running head] [section] articles, the folio sometimes in the flow.
    Returns the text and its truth (the truth file's content)."""
    paper = rng.choice(PAPERS)
    top, units, articles = [], [], []
    n_articles = rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 3, 2, 1])[0]
    for i in range(5):
        if i >= n_articles and units_bytes(units) >= 1500:
            break
        if i > 0 and rng.random() < 0.1:
            units.append(one(rng.choice(SECTIONS), ("furniture", "section")))
        article, art = article_units(src, rng, paper)
        units.extend(article)
        articles.append(art)
    if rng.random() < 0.2:
        top.append(one(paper, ("furniture", "running_head")))
    if rng.random() < 0.4:
        top.append(one(rng.choice(SECTIONS), ("furniture", "section")))
    folio_info = None
    if rng.random() < 0.75:
        f, folio_info = folio(rng)
        f = one(f, ("furniture", "folio"))
        where = rng.random()
        if where < 0.5:
            top.insert(0, f)
        elif where < 0.8 and len(units) > 3:
            units.insert(rng.randint(2, len(units) - 1), f)  # between two units of the flow
        else:
            units.append(f)
    blank = rng.randint(0, 2)
    lines = [line for u in top + units for line in u.lines]
    text = "\n" * blank + "\n\n".join(lines) + "\n"
    return text, truth(top + units, articles, blank, paper, folio_info)


def truth(units, articles, blank, paper, folio_info):
    """The page's truth in the page schema's terms (docs/page-schema.md), 1-based lines."""
    furniture, spans = [], []
    n = blank + 1
    for u in units:
        first = n
        for line, (role, ref) in zip(u.lines, u.tags):
            if role == "furniture":
                furniture.append({"kind": ref, "text": line, "lines": [n, n]})
            elif role == "heading":
                ref["_hl"].append(n)
            else:
                ref["_lines"].append(n)
            n += 2
        spans.append([first, n - 2])
    span = lambda lines: [min(lines), max(lines)]
    owner = {id(pc): b for art in articles for b in art["blocks"] for pc in b["pieces"]}
    block_lines = lambda b: sorted(span(pc["_lines"]) for pc in b["pieces"])
    ambiguous = []
    for k, u in enumerate(units):
        for reason, refs, with_next in u.flags:
            ranges = [span(r["_hl"] if "_hl" in r else r["_lines"]) for r in refs]
            flag = {"reason": reason, "lines": ranges}
            # an other reading, as good as the generated one: scored as right too
            if reason == "narrow-stop":  # may end a paragraph after these lines
                first = ranges[0][0]
                flag["may_break_after"] = [first + 2 * j for j, line in enumerate(u.lines[:-1]) if ends_sentence(line)]
            elif reason == "cut-at-sentence-end":  # two paragraphs
                flag["may_break_after"] = [ranges[0][1]]
            elif reason == "narrow-adjacent":  # one paragraph (of the first one's kind)
                flag["lines"] = block_lines(owner[id(refs[0])]) + block_lines(owner[id(refs[1])])
                flag["may_join"] = [block_lines(owner[id(refs[0])]), block_lines(owner[id(refs[1])])]
            elif reason == "interview-subhead":  # a question, as the schema has it
                flag["may_be"] = "question"
            if with_next:  # the region, and the unit after it (furniture aside): what it may be read with
                following = [spans[j] for j in range(k + 1, len(units)) if units[j].tags[0][0] != "furniture"]
                flag["lines"] = sorted(ranges + following[:1])
            ambiguous.append(flag)
    out_articles = []
    for art in articles:
        blocks = []
        for b in art["blocks"]:
            pieces = sorted(span(p["_lines"]) for p in b["pieces"])
            blocks.append({"kind": b["kind"], "pieces": pieces})
        byline = art["byline"] and dict(art["byline"], lines=blocks[0]["pieces"][0])
        out_articles.append({
            "kicker": art["kicker"], "overline": art["overline"], "headline": art["headline"],
            "subheadlines": art["subheadlines"], "heading_lines": span(art["_hl"]), "byline": byline,
            "blocks": blocks,
            "pull_quotes": [{"lines": span(q["_lines"])} for q in art["pull_quotes"]],
            "boxes": [{"lines": span(b["_lines"])} for b in art["boxes"]],
            "ambiguous": art["ambiguous"],
        })
    has_byline = any(a["byline"] for a in out_articles)
    sections = []
    for f in furniture:
        if f["kind"] == "section" and f["text"] not in sections:
            sections.append(f["text"])
    return {
        "truth_version": 1,
        "newspaper": paper if has_byline or any(f["kind"] == "running_head" for f in furniture) else None,
        "issue": folio_info and folio_info["issue"],
        "publication_year": folio_info and folio_info["publication_year"],
        "page_number": folio_info and folio_info["page_number"],
        "date": folio_info and folio_info["date"],
        "sections": sections,
        "articles": out_articles,
        "furniture": furniture,
        "ambiguous": ambiguous,
    }


def check_truth(text, t, name):
    """Every non-blank line of the page is in exactly one place of its truth, as in the schema."""
    owner = {}

    def claim(first, last, what):
        for n in range(first, last + 1):
            if lines[n - 1].strip():
                assert n not in owner, f"{name}: line {n} is both {owner[n]} and {what}"
                owner[n] = what

    lines = text.split("\n")
    for f in t["furniture"]:
        claim(*f["lines"], f["kind"])
    for a in t["articles"]:
        claim(*a["heading_lines"], "heading")
        for b in a["blocks"]:
            for p in b["pieces"]:
                claim(*p, b["kind"])
        for key in ("pull_quotes", "boxes"):
            for x in a[key]:
                claim(*x["lines"], key)
    missing = [n for n, line in enumerate(lines, 1) if line.strip() and n not in owner]
    assert not missing, f"{name}: lines {missing} are in no part of the truth"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write page-0001.txt ... into")
    ap.add_argument("--count", type=int, default=1000, help="number of pages (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"),
                    help="the shared data folder (default: ../shared beside the repository)")
    ap.add_argument("--source", choices=["both", "perdt", "farsnews"], default="both",
                    help="which corpus the text comes from (default both)")
    ap.add_argument("--truth", action="store_true",
                    help="also write page-NNNN.truth.json beside each page: what was generated")
    args = ap.parse_args()
    if args.count < 1:
        sys.exit("make_pages: --count must be at least 1")

    perdt = load_perdt(args.shared) if args.source in ("both", "perdt") else []
    farsnews = load_farsnews(args.shared) if args.source in ("both", "farsnews") else []

    os.makedirs(args.out, exist_ok=True)
    for old in glob.glob(os.path.join(args.out, "page-*.txt")) + glob.glob(os.path.join(args.out, "page-*.truth.json")):
        os.remove(old)
    width = max(4, len(str(args.count)))
    total, sizes = 0, []
    counts = {"articles": 0, "blocks": 0, "pull_quotes": 0, "boxes": 0, "furniture": 0, "folios": 0}
    ambiguous = {}
    for i in range(1, args.count + 1):
        rng = random.Random(f"bayegan-pages/{args.seed}/{i}")
        text, page_truth = page_text(Source(perdt, farsnews, rng), rng)
        assert ZWNJ not in text
        data = text.encode("utf-8")
        name = f"page-{i:0{width}d}"
        with open(os.path.join(args.out, name + ".txt"), "wb") as f:
            f.write(data)
        total += len(data)
        sizes.append(len(data))
        if args.truth:
            check_truth(text, page_truth, name)
            page_truth = {"page": name + ".txt", "seed": args.seed, "index": i, **page_truth}
            with open(os.path.join(args.out, name + ".truth.json"), "w", encoding="utf-8") as f:
                json.dump(page_truth, f, ensure_ascii=False, indent=1)
                f.write("\n")
            for a in page_truth["articles"]:
                counts["articles"] += 1
                for key in ("blocks", "pull_quotes", "boxes"):
                    counts[key] += len(a[key])
                for reason in a["ambiguous"]:
                    ambiguous[reason] = ambiguous.get(reason, 0) + 1
            counts["furniture"] += len(page_truth["furniture"])
            counts["folios"] += page_truth["date"] is not None
            for flag in page_truth["ambiguous"]:
                ambiguous[flag["reason"]] = ambiguous.get(flag["reason"], 0) + 1
    sizes.sort()
    summary = {
        "dir": args.out,
        "pages": args.count,
        "bytes": total,
        "mb": round(total / 1e6, 3),
        "page_bytes": {"min": sizes[0], "median": sizes[len(sizes) // 2], "max": sizes[-1]},
        "seed": args.seed,
        "source": args.source,
    }
    if args.truth:
        summary["truth"] = dict(counts, ambiguous=dict(sorted(ambiguous.items())))
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
    print()
    print(f"make_pages: {args.count} pages, {total} bytes ({total / 1e6:.2f} MB) in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
