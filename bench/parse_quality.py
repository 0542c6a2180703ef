#!/usr/bin/env python3
"""Score `bayegan parse` output against the truth bench/make_pages.py --truth wrote.

    python3 bench/parse_quality.py --pages DIR --parsed DIR [--errors 30] [--json FILE]

--pages holds page-NNNN.txt and page-NNNN.truth.json, --parsed the page-NNNN.json that
`bayegan parse --out` wrote for them. Prints a markdown report on stdout: precision, recall and
F1 of articles, blocks (all and per kind), pull quotes, boxes and furniture; the accuracy of
the headings of matched articles and of the folio; line coverage; then the error types with
their counts and up to --errors examples. --json FILE also writes the figures as JSON.

What counts as a match:
  article      its heading_lines equal the truth's; a headless article (no heading_lines)
               matches a headless one whose first block starts on the same line
  block        same kind and same pieces; pieces are compared after joining two pieces that
               only blank lines separate (an answer's paragraphs may be given as one piece or as
               one piece each: the same lines either way)
  quote, box   same lines;  furniture: same kind and lines
  headings     of matched articles, text compared after deleting every ZWNJ (U+200C) and space
               and writing Arabic ي ك as Persian ی ک (and deleting the other invisible format
               characters, U+200E and the like); a missing kicker or overline must be missing
               on both sides
  line role    each non-blank line is heading, block, quote, box or furniture; coverage is the
               share of lines given the truth's role

The truth marks what a reader of the plain text could not tell either (see make_pages.py):
an article's `ambiguous` reasons (its headings' order or kicker), and the page's `ambiguous`
regions (a box that reads as a heading group, a paragraph short enough and unpunctuated to be
a heading, a narrow column with a sentence end at a line end, ...). Every figure is given on
all items and, in the "unambiguous" column, with the items that touch such a region (on
either side) and the headings of flagged articles left out.

Standard library only.
"""

import argparse
import collections
import glob
import json
import os
import sys
import unicodedata

ZWNJ = "\u200c"
FOLD = str.maketrans({"ي": "ی", "ك": "ک", ZWNJ: None, " ": None, "\u00a0": None})
BLOCK_KINDS = ["lead", "paragraph", "subhead", "question", "answer"]
FURNITURE_KINDS = ["folio", "section", "running_head", "fragment"]
ROLES = ["heading", "block", "quote", "box", "furniture"]
FOLIO_FIELDS = ["jalali", "gregorian", "weekday", "issue", "publication_year", "page_number"]


def fold(text):
    """Text as compared: no ZWNJ, no spaces, ي ك as ی ک, and no other invisible format
    character either (U+200E, U+00AD, ...: some corpus text has them where a ZWNJ belongs)."""
    if text is None:
        return None
    return "".join(c for c in text.translate(FOLD) if unicodedata.category(c) != "Cf")


class Score:
    """True positives, truth count and found count; all and unambiguous."""

    def __init__(self):
        self.tp = self.truth = self.found = 0
        self.utp = self.utruth = self.ufound = 0

    def add(self, truth_items, found_items, truth_u=None, found_u=None):
        """Items are hashable keys, compared as multisets; truth_u and found_u the items the
        unambiguous figures count (the same when not given)."""
        t, f = collections.Counter(truth_items), collections.Counter(found_items)
        self.tp += sum((t & f).values())
        self.truth += len(truth_items)
        self.found += len(found_items)
        tu = t if truth_u is None else collections.Counter(truth_u)
        fu = f if found_u is None else collections.Counter(found_u)
        self.utp += sum((tu & fu).values())
        self.utruth += sum(tu.values())
        self.ufound += sum(fu.values())

    @staticmethod
    def prf(tp, truth, found):
        p = tp / found if found else (1.0 if not truth else 0.0)
        r = tp / truth if truth else (1.0 if not found else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def figures(self):
        p, r, f = self.prf(self.tp, self.truth, self.found)
        up, ur, uf = self.prf(self.utp, self.utruth, self.ufound)
        return {"truth": self.truth, "found": self.found, "matched": self.tp, "precision": p, "recall": r, "f1": f,
                "unambiguous": {"truth": self.utruth, "found": self.ufound, "matched": self.utp,
                                "precision": up, "recall": ur, "f1": uf}}


class Accuracy:
    def __init__(self):
        self.n = self.ok = self.un = self.uok = 0

    def add(self, ok, ambiguous):
        self.n += 1
        self.ok += ok
        if not ambiguous:
            self.un += 1
            self.uok += ok

    def figures(self):
        return {"n": self.n, "correct": self.ok, "accuracy": self.ok / self.n if self.n else None,
                "unambiguous": {"n": self.un, "correct": self.uok,
                                "accuracy": self.uok / self.un if self.un else None}}


# ---------------------------------------------------------------- one page

class PageLines:
    def __init__(self, text):
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()

    def filled(self, n):
        return 1 <= n <= len(self.lines) and self.lines[n - 1].strip() != ""

    def span(self, first, last):
        return [n for n in range(first, last + 1) if self.filled(n)]

    def snippet(self, n, words=7):
        if not 1 <= n <= len(self.lines):
            return "?"
        w = self.lines[n - 1].split()
        return " ".join(w[:words]) + (" …" if len(w) > words else "")

    def merge(self, pieces):
        """Pieces sorted, two joined when only blank lines lie between them."""
        out = []
        for first, last in sorted(tuple(p) for p in pieces):
            if out and all(not self.filled(n) for n in range(out[-1][1] + 1, first)):
                out[-1] = (out[-1][0], max(out[-1][1], last))
            else:
                out.append((first, last))
        return tuple(out)


def fmt_pieces(pieces):
    return "+".join(f"{a}" if a == b else f"{a}-{b}" for a, b in pieces)


def fmt_range(r):
    return "none" if not r else (f"{r[0]}" if r[0] == r[1] else f"{r[0]}-{r[1]}")


def article_key(a, page):
    if a.get("heading_lines"):
        return ("h",) + tuple(a["heading_lines"])
    blocks = a.get("blocks") or []
    if blocks:
        first = min(p[0] for p in blocks[0]["pieces"])
        return ("b", first)
    return ("empty", id(a))


def article_lines(a, page):
    if a.get("heading_lines"):
        return page.span(*a["heading_lines"])
    blocks = a.get("blocks") or []
    if blocks:
        first = min(p[0] for p in blocks[0]["pieces"])
        return [first]
    return []


def roles_of(page_json, page):
    """Line number -> list of roles (a well-formed page gives every non-blank line one)."""
    roles = collections.defaultdict(list)

    def mark(first, last, role):
        for n in page.span(first, last):
            roles[n].append(role)

    for f in page_json.get("furniture", []):
        mark(*f["lines"], "furniture")
    for a in page_json.get("articles", []):
        if a.get("heading_lines"):
            mark(*a["heading_lines"], "heading")
        for b in a.get("blocks", []):
            for p in b.get("pieces") or [b["lines"]]:
                mark(*p, "block")
        for q in a.get("pull_quotes", []):
            mark(*q["lines"], "quote")
        for x in a.get("boxes", []):
            mark(*x["lines"], "box")
    return roles


def labels_of(page_json, page):
    """Line number -> what it is, for examples: `paragraph a2`, `heading a1`, `folio`."""
    labels = {}

    def mark(first, last, label):
        for n in page.span(first, last):
            labels[n] = label

    for f in page_json.get("furniture", []):
        mark(*f["lines"], f["kind"])
    for i, a in enumerate(page_json.get("articles", []), 1):
        if a.get("heading_lines"):
            mark(*a["heading_lines"], f"heading a{i}")
        for b in a.get("blocks", []):
            for p in b.get("pieces") or [b["lines"]]:
                mark(*p, f"{b['kind']} a{i}")
        for q in a.get("pull_quotes", []):
            mark(*q["lines"], f"quote a{i}")
        for x in a.get("boxes", []):
            mark(*x["lines"], f"box a{i}")
    return labels


def describe_lines(labels, page, lines):
    """`heading a2 37-41, lead a2 43`: runs of lines with one label."""
    runs = []
    for n in sorted(lines):
        label = labels.get(n, "nothing")
        if runs and runs[-1][0] == label:
            runs[-1][2] = n
        else:
            runs.append([label, n, n])
    return ", ".join(f"{label} {fmt_range((a, b))}" for label, a, b in runs)


def describe_headings(a):
    parts = [f"{k}: {a.get(k)}" for k in ("kicker", "overline", "headline") if a.get(k)]
    subs = a.get("subheadlines") or []
    if subs:
        parts.append(f"subheadlines: {' / '.join(subs)}")
    return "{" + " | ".join(parts) + "}"


def blocks_of(page_json, page):
    """(kind, pieces) of every block on the page, pieces joined across blank lines."""
    return [(b["kind"], page.merge(b.get("pieces") or [b["lines"]]))
            for a in page_json.get("articles", []) for b in a.get("blocks", [])]


def canonical(p_blocks, t_blocks, alternatives, page):
    """The parsed blocks with every reading the truth allows besides its own (a narrow column or
    a cut paragraph ended where a sentence ends, two narrow runs as one, a marked line of an
    interview as a question) written as the truth's; for the unambiguous figures. Also returns
    the truth blocks so restored, with the reason."""
    lines_of = lambda pieces: {n for r in pieces for n in page.span(*r)}
    out = list(p_blocks)
    restored = {}
    for flag in alternatives:
        if "may_be" in flag:
            for kind, pieces in t_blocks:
                if lines_of(pieces) == {n for r in flag["lines"] for n in page.span(*r)} and (flag["may_be"], pieces) in out:
                    out[out.index((flag["may_be"], pieces))] = (kind, pieces)
                    restored[(kind, pieces)] = flag["reason"]
        elif "may_join" in flag:
            a, b = (page.merge(x) for x in flag["may_join"])
            ta = next((x for x in t_blocks if x[1] == a), None)
            tb = next((x for x in t_blocks if x[1] == b), None)
            joined = (ta and ta[0], page.merge(list(a) + list(b)))
            if ta and tb and joined in out:
                i = out.index(joined)
                out[i:i + 1] = [ta, tb]
                restored[ta] = restored[tb] = flag["reason"]
        elif "may_break_after" in flag:
            first = flag["lines"][0][0]
            truth = next((x for x in t_blocks if any(p[0] <= first <= p[1] for p in x[1])), None)
            if truth is None:
                continue
            want = lines_of(truth[1])
            parts = [x for x in out if lines_of(x[1]) & want]
            if (len(parts) > 1 and all(lines_of(x[1]) <= want and x[0] == truth[0] for x in parts)
                    and set().union(*(lines_of(x[1]) for x in parts)) == want):
                parts.sort(key=lambda x: x[1][0][0])
                if all(max(lines_of(x[1])) in flag["may_break_after"] for x in parts[:-1]):
                    i = min(out.index(x) for x in parts)
                    out = [x for x in out if x not in parts]
                    out.insert(i, truth)
                    restored[truth] = flag["reason"]
    return out, restored


class Report:
    def __init__(self, max_examples):
        self.max_examples = max_examples
        self.articles = Score()
        self.blocks = Score()
        self.block_pieces = Score()
        self.block_kind = {k: Score() for k in BLOCK_KINDS}
        self.quotes = Score()
        self.boxes = Score()
        self.furniture = Score()
        self.furniture_kind = {k: Score() for k in FURNITURE_KINDS}
        self.heads = {k: Accuracy() for k in ["headline", "kicker", "overline", "subheadline count",
                                               "subheadline texts", "all headings", "byline"]}
        self.folio = {k: Accuracy() for k in FOLIO_FIELDS + ["all of these"]}
        self.false_folio = 0
        self.no_folio_pages = 0
        self.newspaper = Accuracy()
        self.sections = Accuracy()
        self.coverage = Accuracy()
        self.confusion = collections.Counter()
        self.lines_without_role = 0
        self.lines_with_two_roles = 0
        self.pages = 0
        self.missing = []
        self.errors = collections.defaultdict(list)  # type -> [(page, detail)]

    def error(self, kind, page_name, detail, ambiguous=False):
        self.errors[kind + (" [ambiguous]" if ambiguous else "")].append((page_name, detail))

    # ------------------------------------------------------------ scoring one page
    def page(self, name, text, truth, parsed):
        self.pages += 1
        page = PageLines(text)
        if parsed is None:
            self.missing.append(name)
            parsed = {"articles": [], "furniture": [], "date": None, "sections": []}
        # what the truth marks: regions left out of the unambiguous figures, and blocks with
        # an other reading that counts as right there
        region, alternatives = {}, []
        for flag in truth.get("ambiguous", []):
            if any(k.startswith("may_") for k in flag):
                alternatives.append(flag)
                continue
            for r in flag["lines"]:
                for n in page.span(*r):
                    region.setdefault(n, flag["reason"])

        def why(lines):
            return next((region[n] for n in lines if n in region), None)

        def tagged(kind, lines, detail, extra=None):
            reason = extra or why(lines)
            self.error(kind + (" [ambiguous]" if reason else ""), name, detail + (f" ({reason})" if reason else ""))

        t_roles, p_roles = roles_of(truth, page), roles_of(parsed, page)
        t_labels, p_labels = labels_of(truth, page), labels_of(parsed, page)

        # articles
        t_arts, p_arts = truth["articles"], parsed.get("articles", [])
        t_keys = [article_key(a, page) for a in t_arts]
        p_keys = [article_key(a, page) for a in p_arts]
        self.articles.add(t_keys, p_keys,
                          [k for a, k in zip(t_arts, t_keys) if not why(article_lines(a, page))],
                          [k for a, k in zip(p_arts, p_keys) if not why(article_lines(a, page))])
        by_key = collections.defaultdict(list)
        for a, k in zip(p_arts, p_keys):
            by_key[k].append(a)
        for a, k in zip(t_arts, t_keys):
            lines = article_lines(a, page)
            if by_key.get(k):
                self.headings(name, a, by_key[k].pop(0), why(lines))
                continue
            hl = fmt_range(a["heading_lines"])
            overlapping = [p for p in p_arts if p.get("heading_lines") and set(article_lines(p, page)) & set(lines)]
            if overlapping:
                got = overlapping[0]
                added = sorted(set(article_lines(got, page)) - set(lines))
                lost = sorted(set(lines) - set(article_lines(got, page)))
                detail = f"truth heading lines {hl} «{page.snippet(lines[0])}», parsed {fmt_range(got['heading_lines'])}"
                if added:
                    detail += f"; taken in: {', '.join(f'{n} ({role_at_lines(t_roles, [n])}) «{page.snippet(n, 5)}»' for n in added[:3])}"
                if lost:
                    detail += f"; left out: {', '.join(f'{n} as {role_at_lines(p_roles, [n])} «{page.snippet(n, 5)}»' for n in lost[:3])}"
                tagged("article: heading group has other lines", lines + added, detail)
            else:
                tagged(f"article: heading group read as {role_at_lines(p_roles, lines)}", lines,
                       f"truth heading lines {hl} «{page.snippet(lines[0])}» → parsed {describe_lines(p_labels, page, lines)}")
        t_set = collections.Counter(t_keys)
        t_heading_lines = {n for a in t_arts for n in article_lines(a, page)}
        for b, k in zip(p_arts, p_keys):
            lines = article_lines(b, page)
            if t_set[k] or not lines or set(lines) & t_heading_lines:
                continue  # matched, or reported from the truth side
            where = "heading lines " + fmt_range(b["heading_lines"]) if b.get("heading_lines") else f"headless, from line {lines[0]}"
            tagged(f"article: spurious, truth {role_at_lines(t_roles, lines)}", lines,
                   f"parsed {where} «{page.snippet(lines[0])}»")

        # blocks
        t_blocks, p_blocks = blocks_of(truth, page), blocks_of(parsed, page)
        block_lines = lambda pieces: [n for r in pieces for n in page.span(*r)]
        canon, restored = canonical(p_blocks, t_blocks, alternatives, page)
        t_u = [x for x in t_blocks if not why(block_lines(x[1]))]
        f_u = [x for x in canon if not why(block_lines(x[1]))]
        self.blocks.add(t_blocks, p_blocks, t_u, f_u)
        self.block_pieces.add([p for _, p in t_blocks], [p for _, p in p_blocks], [p for _, p in t_u], [p for _, p in f_u])
        for kind in BLOCK_KINDS:
            only = lambda items: [x for x in items if x[0] == kind]
            self.block_kind[kind].add(only(t_blocks), only(p_blocks), only(t_u), only(f_u))
        self.block_errors(page, t_blocks, p_blocks, restored, t_roles, p_roles, t_labels, p_labels, tagged)

        # pull quotes, boxes
        for key, score, label in (("pull_quotes", self.quotes, "pull quote"), ("boxes", self.boxes, "box")):
            ti = [tuple(x["lines"]) for a in t_arts for x in a[key]]
            fi = [tuple(x["lines"]) for a in p_arts for x in a.get(key, [])]
            score.add(ti, fi, [x for x in ti if not why(page.span(*x))], [x for x in fi if not why(page.span(*x))])
            for x in ti:
                if x not in fi:
                    tagged(f"{label}: missed, read as {role_at_lines(p_roles, page.span(*x))}", page.span(*x),
                           f"lines {fmt_range(x)} «{page.snippet(x[0])}» → parsed {describe_lines(p_labels, page, page.span(*x))}")
            for x in fi:
                if x not in ti:
                    tagged(f"{label}: spurious, truth {role_at_lines(t_roles, page.span(*x))}", page.span(*x),
                           f"lines {fmt_range(x)} «{page.snippet(x[0])}» (truth {describe_lines(t_labels, page, page.span(*x))})")

        # furniture
        ti = [(f["kind"], tuple(f["lines"])) for f in truth["furniture"]]
        fi = [(f["kind"], tuple(f["lines"])) for f in parsed.get("furniture", [])]
        ti_u = [x for x in ti if not why(page.span(*x[1]))]
        fi_u = [x for x in fi if not why(page.span(*x[1]))]
        self.furniture.add(ti, fi, ti_u, fi_u)
        for kind in FURNITURE_KINDS:
            only = lambda items: [x for x in items if x[0] == kind]
            self.furniture_kind[kind].add(only(ti), only(fi), only(ti_u), only(fi_u))
        for x in ti:
            if x not in fi:
                tagged(f"furniture: {x[0]} missed, read as {role_at_lines(p_roles, page.span(*x[1]))}", page.span(*x[1]),
                       f"line {fmt_range(x[1])} «{page.snippet(x[1][0], 12)}»")
        for x in fi:
            if x not in ti:
                tagged(f"furniture: spurious {x[0]}, truth {role_at_lines(t_roles, page.span(*x[1]))}", page.span(*x[1]),
                       f"line {fmt_range(x[1])} «{page.snippet(x[1][0], 12)}»")

        # folio and the page's other facts
        td, pd = truth.get("date"), parsed.get("date")
        if td is None:
            self.no_folio_pages += 1
            if pd is not None or parsed.get("issue") is not None:
                self.false_folio += 1
                self.error("folio: read on a page without one", name, f"parsed date {pd}, issue {parsed.get('issue')}")
        else:
            all_ok = True
            for field in FOLIO_FIELDS:
                in_date = field in ("jalali", "gregorian", "weekday")
                want = td.get(field) if in_date else truth.get(field)
                got = (pd or {}).get(field) if in_date else parsed.get(field)
                ok = want == got
                all_ok &= ok
                self.folio[field].add(ok, False)
                if not ok:
                    line = next((f["lines"][0] for f in truth["furniture"] if f["kind"] == "folio"), 0)
                    self.error(f"folio: {field} wrong", name,
                               f"line {line} «{page.snippet(line, 20)}»: truth {want}, parsed {got}")
            self.folio["all of these"].add(all_ok, False)
        ok = fold(truth.get("newspaper")) == fold(parsed.get("newspaper"))
        self.newspaper.add(ok, False)
        if not ok:
            self.error("page: newspaper wrong", name, f"truth {truth.get('newspaper')}, parsed {parsed.get('newspaper')}")
        ok = [fold(s) for s in truth.get("sections", [])] == [fold(s) for s in parsed.get("sections", [])]
        self.sections.add(ok, False)
        if not ok:
            self.error("page: sections wrong", name, f"truth {truth.get('sections')}, parsed {parsed.get('sections')}")

        # line coverage
        for n in range(1, len(page.lines) + 1):
            if not page.filled(n):
                continue
            want = (t_roles.get(n) or ["none"])[0]
            got_all = p_roles.get(n) or []
            self.lines_without_role += not got_all
            self.lines_with_two_roles += len(got_all) > 1
            got = got_all[0] if len(got_all) == 1 else ("none" if not got_all else "several")
            self.coverage.add(want == got, n in region)
            self.confusion[(want, got)] += 1

    def headings(self, name, t, p, region_reason):
        reasons = list(t.get("ambiguous") or []) + ([region_reason] if region_reason else [])
        checks = {
            "headline": fold(t["headline"]) == fold(p.get("headline")),
            "kicker": fold(t["kicker"]) == fold(p.get("kicker")),
            "overline": fold(t["overline"]) == fold(p.get("overline")),
            "subheadline count": len(t["subheadlines"]) == len(p.get("subheadlines") or []),
            "subheadline texts": [fold(s) for s in t["subheadlines"]] == [fold(s) for s in p.get("subheadlines") or []],
        }
        checks["all headings"] = all(checks.values())
        tb, pb = t.get("byline"), p.get("byline")
        checks["byline"] = (tb is None and pb is None) or (
            tb is not None and pb is not None and fold(tb["source"]) == fold(pb.get("source"))
            and fold(tb["author"]) == fold(pb.get("author")))
        for k, ok in checks.items():
            self.heads[k].add(ok, bool(reasons))
        tag = (" [ambiguous]" if reasons else "")
        note = f" ({', '.join(reasons)})" if reasons else ""
        if not checks["all headings"]:
            wrong = [k for k in ("kicker", "overline", "headline", "subheadline texts") if not checks[k]]
            self.error("headings: " + ", ".join(wrong) + " wrong" + tag, name,
                       f"heading lines {fmt_range(t['heading_lines'])}{note}: truth {describe_headings(t)} → parsed {describe_headings(p)}")
        if not checks["byline"]:
            lead = t["blocks"][0]["pieces"][0][0] if t["blocks"] else "?"
            self.error("byline wrong" + tag, name,
                       f"lead line {lead}: truth {tb and (tb['source'], tb['author'])}, parsed {pb and (pb.get('source'), pb.get('author'))}")

    def block_errors(self, page, t_blocks, p_blocks, restored, t_roles, p_roles, t_labels, p_labels, tagged):
        lines_of = lambda pieces: [n for r in pieces for n in page.span(*r)]
        f_left = collections.Counter(p_blocks)
        p_by_line = {}
        for k, pieces in p_blocks:
            for n in lines_of(pieces):
                p_by_line[n] = (k, pieces)
        t_lines = {n for _, pieces in t_blocks for n in lines_of(pieces)}
        for kind, pieces in t_blocks:
            if f_left[(kind, pieces)]:
                f_left[(kind, pieces)] -= 1
                continue
            lines = lines_of(pieces)
            where = f"lines {fmt_pieces(pieces)} «{page.snippet(lines[0])}»"
            others = []
            for n in lines:
                got = p_by_line.get(n)
                if got and got not in others:
                    others.append(got)
            rest = [n for n in lines if n not in p_by_line]
            parsed = " → parsed " + ", ".join([f"{k} {fmt_pieces(p)}" for k, p in others]
                                             + ([describe_lines(p_labels, page, rest)] if rest else []))
            if (kind, pieces) in restored:
                tagged(f"block: {kind} read the other way the truth allows", lines, where + parsed, restored[(kind, pieces)])
            elif len(others) == 1 and others[0][1] == pieces:
                tagged(f"block: {kind} labelled {others[0][0]}", lines, where)
            elif not others:
                tagged(f"block: {kind} read as {role_at_lines(p_roles, lines)}", lines, where + parsed)
            elif len(others) == 1 and not rest and set(lines) < set(lines_of(others[0][1])):
                outside = [n for n in lines_of(others[0][1]) if n not in lines]
                tagged(f"block: {kind} merged with more lines ({role_at_lines(t_roles, outside)})", lines,
                       where + parsed + f" (taken in: {describe_lines(t_labels, page, outside)})")
            elif len(others) > 1 and all(set(lines_of(o[1])) <= set(lines) for o in others):
                tagged(f"block: {kind} split", lines, where + parsed)
            else:
                tagged(f"block: {kind} pieces differ", lines, where + parsed)
        t_left = collections.Counter(t_blocks)
        for kind, pieces in p_blocks:
            if t_left[(kind, pieces)]:
                t_left[(kind, pieces)] -= 1
                continue
            lines = lines_of(pieces)
            if any(n in t_lines for n in lines):
                continue  # reported from the truth side
            tagged(f"block: spurious {kind}, truth {role_at_lines(t_roles, lines)}", lines,
                   f"lines {fmt_pieces(pieces)} «{page.snippet(lines[0])}» (truth {describe_lines(t_labels, page, lines)})")

    # ------------------------------------------------------------ output
    def summary(self):
        return {
            "pages": self.pages,
            "missing_parsed": self.missing,
            "articles": self.articles.figures(),
            "headings": {k: v.figures() for k, v in self.heads.items()},
            "blocks": self.blocks.figures(),
            "blocks_pieces_only": self.block_pieces.figures(),
            "blocks_by_kind": {k: v.figures() for k, v in self.block_kind.items()},
            "pull_quotes": self.quotes.figures(),
            "boxes": self.boxes.figures(),
            "furniture": self.furniture.figures(),
            "furniture_by_kind": {k: v.figures() for k, v in self.furniture_kind.items()},
            "folio": {k: v.figures() for k, v in self.folio.items()},
            "folio_on_pages_without_one": {"pages": self.no_folio_pages, "read": self.false_folio},
            "newspaper": self.newspaper.figures(),
            "sections": self.sections.figures(),
            "line_coverage": self.coverage.figures(),
            "lines_without_role": self.lines_without_role,
            "lines_with_two_roles": self.lines_with_two_roles,
            "line_roles": {f"{a}->{b}": n for (a, b), n in sorted(self.confusion.items())},
            "error_types": {k: len(v) for k, v in sorted(self.errors.items(), key=lambda kv: -len(kv[1]))},
        }

    def markdown(self, title, note=None):
        s = self.summary()
        out = [f"### {title}", ""] + ([note, ""] if note else [])
        pct = lambda x: "–" if x is None else f"{100 * x:.1f}%"
        num = lambda x: f"{x:.3f}"

        def prf_row(label, fig):
            u = fig["unambiguous"]
            return (f"| {label} | {fig['truth']} | {fig['found']} | {fig['matched']} | {num(fig['precision'])} | "
                    f"{num(fig['recall'])} | **{num(fig['f1'])}** | {num(u['precision'])} / {num(u['recall'])} / "
                    f"**{num(u['f1'])}** ({u['truth']} truth) |")

        def acc_row(label, fig, note=""):
            u = fig["unambiguous"]
            return (f"| {label} | {fig['correct']} / {fig['n']} | **{pct(fig['accuracy'])}** | "
                    f"{pct(u['accuracy'])} ({u['correct']} / {u['n']}) | {note} |")

        out += ["| structure | truth | parsed | matched | precision | recall | F1 | unambiguous P / R / F1 |",
                "|---|---:|---:|---:|---:|---:|---:|---|"]
        out.append(prf_row("articles (heading lines)", s["articles"]))
        out.append(prf_row("blocks (kind + pieces)", s["blocks"]))
        out.append(prf_row("blocks, pieces only (kind ignored)", s["blocks_pieces_only"]))
        for k in BLOCK_KINDS:
            out.append(prf_row(f"– {k}", s["blocks_by_kind"][k]))
        out.append(prf_row("pull quotes", s["pull_quotes"]))
        out.append(prf_row("boxes", s["boxes"]))
        out.append(prf_row("furniture (kind + lines)", s["furniture"]))
        for k in FURNITURE_KINDS:
            if s["furniture_by_kind"][k]["truth"] or s["furniture_by_kind"][k]["found"]:
                out.append(prf_row(f"– {k}", s["furniture_by_kind"][k]))
        out += ["", "| accuracy | correct | share | unambiguous | note |", "|---|---:|---:|---:|---|"]
        notes = {"headline": "of matched articles", "kicker": "both missing counts as correct",
                 "overline": "both missing counts as correct", "all headings": "kicker, overline, headline, every subheadline",
                 "byline": "source and reporter, or both missing"}
        for k, v in s["headings"].items():
            out.append(acc_row(f"headings: {k}", v, notes.get(k, "")))
        for k, v in s["folio"].items():
            out.append(acc_row(f"folio: {k}", v, "of pages with a folio" if k == "jalali" else ""))
        ff = s["folio_on_pages_without_one"]
        out.append(f"| folio read on a page without one | {ff['read']} / {ff['pages']} | {pct(ff['read'] / ff['pages']) if ff['pages'] else '–'} | | false folios |")
        out.append(acc_row("page: newspaper", s["newspaper"], "running head, else a byline's paper"))
        out.append(acc_row("page: sections", s["sections"], "labels in order"))
        out.append(acc_row("line coverage", s["line_coverage"],
                           f"non-blank lines with the truth's role; {s['lines_without_role']} lines without a role, "
                           f"{s['lines_with_two_roles']} with two"))
        # role confusion
        out += ["", "Line roles (rows: truth, columns: parsed; non-blank lines):", "",
                "| truth \\ parsed | " + " | ".join(ROLES + ["none", "several"]) + " |",
                "|---|" + "---:|" * (len(ROLES) + 2)]
        for r in ROLES:
            out.append(f"| {r} | " + " | ".join(str(self.confusion.get((r, c), 0)) for c in ROLES + ["none", "several"]) + " |")
        if self.missing:
            out += ["", f"**{len(self.missing)} pages have no parsed JSON** (first: {', '.join(self.missing[:5])})."]
        # error types
        out += ["", "Error types (an item can be counted under blocks and under articles; "
                "`[ambiguous]`: it touches what the truth marks as ambiguous):", "",
                "| count | error type |", "|---:|---|"]
        kinds = sorted(self.errors, key=lambda k: (-len(self.errors[k]), k))
        for k in kinds:
            out.append(f"| {len(self.errors[k])} | {k} |")
        if self.max_examples:
            out += ["", f"Examples (up to {self.max_examples}, taken in turn from each type, most frequent first):", ""]
            shown, depth = 0, 0
            while shown < self.max_examples:
                took = False
                for k in kinds:
                    if depth < len(self.errors[k]) and shown < self.max_examples:
                        page, detail = self.errors[k][depth]
                        out.append(f"- {k}: `{page}` {detail}")
                        shown += 1
                        took = True
                depth += 1
                if not took:
                    break
        return "\n".join(out) + "\n"


def role_at_lines(roles, lines):
    got = sorted({r for n in lines for r in roles.get(n, ["none"])})
    return "/".join(got) or "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", required=True, help="folder with page-NNNN.txt and page-NNNN.truth.json")
    ap.add_argument("--parsed", required=True, help="folder with the page-NNNN.json bayegan parse wrote")
    ap.add_argument("--errors", type=int, default=30, help="example mismatches to list (default 30)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE ('-': stdout, after the table)")
    ap.add_argument("--title", default="bayegan parse: structure against the generator's truth")
    ap.add_argument("--note", help="a paragraph to print under the title")
    args = ap.parse_args()

    truths = sorted(glob.glob(os.path.join(args.pages, "page-*.truth.json")))
    if not truths:
        sys.exit(f"parse_quality: no page-*.truth.json in {args.pages} (make_pages.py --truth writes them)")
    report = Report(args.errors)
    for path in truths:
        name = os.path.basename(path)[: -len(".truth.json")]
        with open(path, encoding="utf-8") as f:
            truth = json.load(f)
        with open(os.path.join(args.pages, name + ".txt"), encoding="utf-8") as f:
            text = f.read()
        parsed_path = os.path.join(args.parsed, name + ".json")
        parsed = None
        if os.path.exists(parsed_path):
            with open(parsed_path, encoding="utf-8") as f:
                parsed = json.load(f)
        report.page(name + ".txt", text, truth, parsed)
    sys.stdout.write(report.markdown(args.title, args.note))
    if args.json:
        summary = report.summary()
        if args.json == "-":
            json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
            print()
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(summary, f, ensure_ascii=False, indent=1)
                f.write("\n")
    return 1 if report.missing else 0


if __name__ == "__main__":
    sys.exit(main())
