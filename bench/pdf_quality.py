#!/usr/bin/env python3
"""Score bayegan on PDFs and scans against the truth of crates/extract/testdata.

    python3 bench/pdf_quality.py [--bayegan target/release/bayegan] [--testdata DIR]
                                 [--no-ocr] [--json FILE] [--note TEXT]

Prints a markdown report on stdout:

  characters   character accuracy, 1 - Levenshtein distance / truth length, of each input's
               text against its truth (pages joined), per generator and font and overall, for:
               the raw tool (pdftotext; Tesseract for images, after pdftoppm for an image-only
               PDF), the raw tool piped into `bayegan fix`, `bayegan extract FILE`, and
               `bayegan extract FILE | bayegan fix`. Whitespace runs count as one space;
               invisible format characters other than ZWNJ (bidi embeddings, U+200E, ...) are
               removed first and counted apart. Given with ZWNJ counted and with every ZWNJ
               deleted on both sides; and the same for each truth paragraph against its best
               match anywhere in the output (order-free: a column read out of order costs many
               edits of the page but none of its paragraphs); and the word F1 (multisets of runs
               of letters and digits: neither order nor punctuation counts).
  articles     `bayegan parse FILE` and `bayegan parse --no-geometry FILE` (and, as a
               baseline, `bayegan parse` of the raw tool's text, page by page) against the truth's
               articles: each truth article is matched to the parsed article whose body (lead,
               paragraphs, answers, questions, subheads) shares the most words with it, when
               their Dice overlap is at least 0.5 (greedy, best pairs first); precision, recall
               and F1 of articles, the share of pages with the right article count, the
               headlines of matched articles (compared as bench/parse_quality.py compares
               headings: ZWNJ and spaces deleted, ي ك as ی ک), and the folio's jalali date,
               issue and page number.
  speed        pages/s: wall time of `bayegan parse` over the text PDFs, over
               big-500-pages.pdf, and over the OCR inputs; of the raw tools for reference.

A command the binary does not have yet (`extract`, `parse` of a PDF, `--no-geometry`: a usage
error or a refused binary input on the first try) is skipped and the report says so; a command
that fails on one input counts as empty output there and is listed. Standard library only.
"""

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parse_quality import Score, fold  # noqa: E402  (the headings are compared as there)

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ZWNJ = "\u200c"
IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
BIG = "big-500-pages.pdf"


# ---------------------------------------------------------------- text measures

def levenshtein(a, b):
    """Edit distance of two strings, bit-parallel (Myers 1999, Hyyrö 2003): O(len(a)) big-int
    steps of len(b) bits."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq = collections.defaultdict(int)
    for i, c in enumerate(b):
        peq[c] |= 1 << i
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m
    for c in a:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return score


def best_substring_distance(pattern, text):
    """The least edit distance between pattern and any substring of text (Myers' algorithm with
    a free start and end in text)."""
    m = len(pattern)
    if m == 0:
        return 0
    peq = collections.defaultdict(int)
    for i, c in enumerate(pattern):
        peq[c] |= 1 << i
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m
    best = m
    for c in text:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        best = min(best, score)
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return best


def split_format(text):
    """(text without invisible format characters other than ZWNJ, how many were removed)."""
    kept = [c for c in text if c == ZWNJ or unicodedata.category(c) != "Cf"]
    return "".join(kept), len(text) - len(kept)


def normalize(text):
    """Whitespace runs as one space, ends trimmed; format characters must be gone already."""
    return " ".join(text.split())


def words(text):
    """Words for the order-free measure: runs of letters, marks and digits (ZWNJ and punctuation
    break them: an extraction that moves a full stop to the next line's start loses no word),
    ي ك as ی ک."""
    text = text.translate(str.maketrans("يك", "یک"))
    return collections.Counter("".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split())


MEASURES = ["page", "page_no_zwnj", "paragraphs", "paragraphs_no_zwnj"]


class CharScore:
    """Summed edit distances and truth lengths: of the whole text in reading order (`page`) and
    of each truth paragraph against its best match anywhere in the output (`paragraphs`), each
    also with every ZWNJ deleted; and the word multiset overlap."""

    def __init__(self):
        self.dist = collections.Counter()
        self.length = collections.Counter()
        self.word_tp = self.word_truth = self.word_found = 0
        self.format_chars = self.inputs = 0

    def add(self, truth, found):
        """truth: the truth text, one paragraph a line; found: a tool's output."""
        found, removed = split_format(found)
        self.inputs += 1
        self.format_chars += removed
        for suffix, strip in (("", lambda t: t), ("_no_zwnj", lambda t: t.replace(ZWNJ, ""))):
            t, f = normalize(strip(truth)), normalize(strip(found))
            self.dist["page" + suffix] += levenshtein(t, f)
            self.length["page" + suffix] += len(t)
            for line in truth.splitlines():
                line = normalize(strip(line))
                self.dist["paragraphs" + suffix] += best_substring_distance(line, f)
                self.length["paragraphs" + suffix] += len(line)
        tw, fw = words(truth), words(found)
        self.word_tp += sum((tw & fw).values())
        self.word_truth += sum(tw.values())
        self.word_found += sum(fw.values())

    def figures(self):
        _, _, word_f1 = Score.prf(self.word_tp, self.word_truth, self.word_found)
        out = {k: 1 - self.dist[k] / self.length[k] if self.length[k] else None for k in MEASURES}
        out.update(inputs=self.inputs, word_f1=word_f1, edits=dict(self.dist), truth_chars=dict(self.length),
                   format_chars_removed=self.format_chars)
        return out


# ---------------------------------------------------------------- articles

def body_words(parts):
    return words(" ".join(p for p in parts if p))


def truth_body(article):
    return body_words([article.get("lead")] + article["paragraphs"] + article.get("questions", []) + article["subheads"])


def parsed_body(article):
    return body_words(b.get("text") for b in article.get("blocks", []))


def dice(a, b):
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def match_articles(truth_articles, parsed_articles, threshold=0.5):
    """[(truth index, parsed index)] by word overlap of bodies, best pairs first."""
    t_bodies = [truth_body(a) for a in truth_articles]
    p_bodies = [parsed_body(a) for a in parsed_articles]
    pairs = sorted(((dice(t, p), i, j) for i, t in enumerate(t_bodies) for j, p in enumerate(p_bodies)), reverse=True)
    used_t, used_p, out = set(), set(), []
    for overlap, i, j in pairs:
        if overlap < threshold:
            break
        if i not in used_t and j not in used_p:
            used_t.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


class ArticleScore:
    def __init__(self):
        self.tp = self.truth = self.found = 0
        self.pages = self.pages_right_count = 0
        self.headlines = self.headlines_right = 0
        self.folio = collections.Counter()
        self.folio_pages = 0

    def add_page(self, truth_page, parsed_page):
        t_arts = truth_page["articles"]
        p_arts = [a for a in (parsed_page or {}).get("articles", []) if a.get("blocks")]
        matches = match_articles(t_arts, p_arts)
        self.pages += 1
        self.pages_right_count += len(p_arts) == len(t_arts)
        self.tp += len(matches)
        self.truth += len(t_arts)
        self.found += len(p_arts)
        for i, j in matches:
            self.headlines += 1
            self.headlines_right += fold(t_arts[i]["headline"]) == fold(p_arts[j].get("headline") or "")
        self.folio_pages += 1
        folio, page = truth_page["folio"], parsed_page or {}
        date = page.get("date") or {}
        self.folio["jalali"] += date.get("jalali") == folio["jalali"]
        self.folio["issue"] += page.get("issue") == folio["issue"]
        self.folio["page_number"] += page.get("page_number") == folio["page_number"]

    def figures(self):
        p, r, f = Score.prf(self.tp, self.truth, self.found)
        n = self.folio_pages or 1
        return {"truth": self.truth, "found": self.found, "matched": self.tp, "precision": p, "recall": r, "f1": f,
                "pages": self.pages, "right_count": self.pages_right_count,
                "headlines_right": self.headlines_right, "headlines": self.headlines,
                "folio": {k: self.folio[k] / n for k in ("jalali", "issue", "page_number")}}


def parse_pages(stdout):
    """Pages from `bayegan parse` output: one JSON value (a Page or a list) or one Page a line."""
    stdout = stdout.strip()
    if not stdout:
        return []
    try:
        value = json.loads(stdout)
        return value if isinstance(value, list) else [value]
    except json.JSONDecodeError:
        return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# ---------------------------------------------------------------- running things

class Runner:
    def __init__(self, bayegan):
        self.bayegan = bayegan
        self.skipped = {}   # a measure the binary cannot take yet -> why
        self.failures = []  # (input, command, message): counted as empty output

    def run(self, args, stdin=None, timeout=600):
        start = time.perf_counter()
        result = subprocess.run(args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return result, time.perf_counter() - start

    def has_command(self, name):
        result, _ = self.run([self.bayegan, name, "--help"])
        if result.returncode != 0:
            first = result.stderr.decode(errors="replace").strip().splitlines()[:1]
            self.skipped[f"bayegan {name}"] = first[0] if first else f"exit {result.returncode}"
            return False
        return True

    def fail(self, path, args, result):
        message = result.stderr.decode(errors="replace").strip().splitlines()
        self.failures.append((os.path.basename(path), " ".join(os.path.basename(a) for a in args[:2]),
                              f"exit {result.returncode}: {message[-1] if message else ''}"))

    def text(self, path, args, stdin=None):
        """stdout of a command as text; "" (and the failure kept) when it failed."""
        result, _ = self.run(args, stdin)
        if result.returncode != 0:
            self.fail(path, args, result)
            return ""
        return result.stdout.decode("utf-8", errors="replace")


def raw_text(runner, path, tmp):
    """The raw tool's text: pdftotext for a text PDF, Tesseract for an image or image-only PDF."""
    if path.endswith(IMAGE_EXTS):
        return runner.text(path, ["tesseract", path, "-", "-l", "fas"])
    if is_image_only(path):
        base = os.path.join(tmp, os.path.basename(path)[:-4])
        runner.run(["pdftoppm", "-r", "200", "-gray", path, base])
        pages = sorted(glob.glob(base + "*.pgm"))
        out = [runner.text(path, ["tesseract", p, "-", "-l", "fas"]) for p in pages]
        for p in pages:
            os.remove(p)
        return "\f".join(out)
    return runner.text(path, ["pdftotext", "-enc", "UTF-8", path, "-"])


def page_files(text, base):
    """The pages of a raw tool's text (separated by form feeds) as BASE-N.txt files."""
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    files = []
    for n, page in enumerate(pages, 1):
        files.append(f"{base}-{n}.txt")
        with open(files[-1], "w", encoding="utf-8") as f:
            f.write(page)
    return files


def is_image_only(pdf):
    result = subprocess.run(["pdffonts", pdf], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return len(result.stdout.strip().splitlines()) <= 2


def group_of(truth):
    if truth.get("rendered"):
        kind = os.path.splitext(truth["source"])[1].lstrip(".")
        return f"OCR: {kind}" + (" (image-only PDF)" if kind == "pdf" else "")
    return f"{truth['generator']}, {truth['font']['body']}" + (" (kashida)" if truth["kashida"] else "")


# ---------------------------------------------------------------- report

def pct(x):
    return "–" if x is None else f"{100 * x:.1f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bayegan", default=os.path.join(ROOT, "target", "release", "bayegan"))
    ap.add_argument("--testdata", default=os.path.join(ROOT, "crates", "extract", "testdata"))
    ap.add_argument("--no-ocr", action="store_true", help="leave out the images and the image-only PDF")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--title", default="bayegan on PDFs and scans: extraction, restoration, articles")
    ap.add_argument("--note", help="a line under the title (what was run, when)")
    args = ap.parse_args()

    tmp = os.path.join(ROOT, "bench", "out", "pdf-quality-tmp")
    os.makedirs(tmp, exist_ok=True)
    runner = Runner(args.bayegan)
    has_extract = runner.has_command("extract")
    has_parse = os.path.exists(args.bayegan)

    truths = []
    for path in sorted(glob.glob(os.path.join(args.testdata, "*.truth.json"))):
        with open(path, encoding="utf-8") as f:
            truth = json.load(f)
        if args.no_ocr and truth.get("rendered"):
            continue
        truth["path"] = os.path.join(args.testdata, truth["source"])
        truths.append(truth)
    if not truths:
        sys.exit(f"pdf_quality: no *.truth.json in {args.testdata}")

    pipelines = ["raw", "raw → fix", "extract", "extract → fix"]
    chars = {p: collections.defaultdict(CharScore) for p in pipelines}
    parse_modes = {"raw → parse": None, "parse": [], "parse --no-geometry": ["--no-geometry"]}
    articles = {m: collections.defaultdict(ArticleScore) for m in parse_modes}
    speed = collections.defaultdict(lambda: [0, 0.0])   # what -> [pages, seconds]
    per_input = []
    parsed_once = set()  # parse modes that have worked on some input

    for truth in truths:
        path, group = truth["path"], group_of(truth)
        ocr = bool(truth.get("rendered"))
        kind = "OCR" if ocr else "text PDF"
        truth_text = "".join(p["text"] for p in truth["pages"])
        n_pages = len(truth["pages"])
        row = {"input": truth["source"], "group": group}
        print(f"pdf_quality: {truth['source']}", file=sys.stderr, flush=True)

        start = time.perf_counter()
        raw = raw_text(runner, path, tmp)
        speed[f"raw tool, {kind}"][0] += n_pages
        speed[f"raw tool, {kind}"][1] += time.perf_counter() - start
        outputs = {"raw": raw, "raw → fix": runner.text(path, [args.bayegan, "fix"], stdin=raw.encode())}
        if has_extract:
            start = time.perf_counter()
            extracted = runner.text(path, [args.bayegan, "extract", path])
            speed[f"bayegan extract, {kind}"][0] += n_pages
            speed[f"bayegan extract, {kind}"][1] += time.perf_counter() - start
            outputs["extract"] = extracted
            outputs["extract → fix"] = runner.text(path, [args.bayegan, "fix"], stdin=extracted.encode())
        for name, text in outputs.items():
            chars[name][group].add(truth_text, text)
            chars[name]["all " + kind].add(truth_text, text)
            one = CharScore()
            one.add(truth_text, text)
            row[name] = one.figures()

        if has_parse:
            for mode, flags in parse_modes.items():
                if mode in runner.skipped:
                    continue
                if flags is None:  # the text parser on the raw tool's pages
                    command = [args.bayegan, "parse", *page_files(raw, os.path.join(tmp, os.path.basename(path)))]
                else:
                    command = [args.bayegan, "parse", *flags, path]
                result, seconds = runner.run(command)
                if result.returncode in (2, 65) and mode not in parsed_once:
                    # a usage error, or PDF input refused as binary: not there yet
                    message = result.stderr.decode(errors="replace").strip().splitlines()
                    runner.skipped[mode] = message[0] if message else f"exit {result.returncode}"
                    continue
                parsed_once.add(mode)
                try:
                    pages = parse_pages(result.stdout.decode("utf-8")) if result.returncode == 0 else []
                except json.JSONDecodeError as e:
                    runner.failures.append((truth["source"], mode, f"output is not JSON ({e})"))
                    pages = []
                if result.returncode != 0:
                    runner.fail(path, command, result)
                if mode == "parse":
                    speed[f"bayegan parse, {kind}"][0] += n_pages
                    speed[f"bayegan parse, {kind}"][1] += seconds
                for i, truth_page in enumerate(truth["pages"]):
                    parsed = pages[i] if i < len(pages) else None
                    articles[mode][group].add_page(truth_page, parsed)
                    articles[mode]["all " + kind].add_page(truth_page, parsed)
                row[mode] = {"pages": len(pages), "articles": [len(p.get("articles", [])) for p in pages]}
        per_input.append(row)

    big = os.path.join(args.testdata, BIG)
    if os.path.exists(big):
        print(f"pdf_quality: {BIG}", file=sys.stderr, flush=True)
        for what, cmd in (("raw tool (pdftotext)", ["pdftotext", "-enc", "UTF-8", big, os.devnull]),
                          ("bayegan extract", [args.bayegan, "extract", big] if has_extract else None),
                          ("bayegan parse", [args.bayegan, "parse", big] if "parse" not in runner.skipped else None)):
            if cmd is None:
                continue
            result, seconds = runner.run(cmd)
            if result.returncode == 0:
                speed[f"{what}, {BIG}"] = [500, seconds]
            else:
                runner.fail(big, cmd, result)

    # ------------------------------------------------------------ the report
    out = [f"# {args.title}", ""]
    if args.note:
        out += [args.note, ""]
    out += [f"Inputs: {', '.join(t['source'] for t in truths)} (truth in `{os.path.relpath(args.testdata, ROOT)}`).", ""]
    if runner.skipped:
        out += ["Not measured:", ""]
        out += [f"- `{what}`: {why}" for what, why in runner.skipped.items()]
        out.append("")
    if runner.failures:
        out += ["Failed (counted as empty output):", ""]
        out += [f"- {name}, `{command}`: {message}" for name, command, message in runner.failures]
        out.append("")

    groups = sorted({g for p in pipelines for g in chars[p]}, key=lambda g: (not g.startswith("all"), g))
    out += ["## Characters", "",
            "Character accuracy, 1 − edits / truth characters (whitespace runs as one space): of the "
            "page in reading order, and of each truth paragraph against its best match anywhere in the "
            "output (order-free); each with ZWNJ counted / with every ZWNJ deleted on both sides. Word "
            "F1 compares the multisets of words (runs of letters and digits: ZWNJ and punctuation break "
            "them). `raw` is pdftotext, or Tesseract (`fas`) for images; `→ fix` pipes it into "
            "`bayegan fix`.", "",
            "| inputs | tool | page | page, no ZWNJ | paragraphs | paragraphs, no ZWNJ | word F1 |",
            "|---|---|---|---|---|---|---|"]
    for g in groups:
        for p in pipelines:
            s = chars[p].get(g)
            if s is not None:
                f = s.figures()
                name = f"**{g}**" if g.startswith("all") else g
                out.append(f"| {name} | {p} | " + " | ".join(pct(f[k]) for k in MEASURES) + f" | {pct(f['word_f1'])} |")
    removed = {p: sum(s.format_chars for g, s in chars[p].items() if g.startswith("all")) for p in pipelines}
    out += ["", "Invisible format characters removed before comparing (bidi embeddings and marks): "
            + ", ".join(f"{p} {n}" for p, n in removed.items() if chars[p]) + ".", ""]

    out += ["## Articles", ""]
    if not any(articles[m] for m in parse_modes):
        out += ["Not measured (see above).", ""]
    else:
        out += ["| mode | inputs | articles truth / found / matched | P / R / F1 | pages with the right count "
                "| headlines right | folio: jalali / issue / page |", "|---|---|---|---|---|---|---|"]
        for mode in parse_modes:
            for g in sorted(articles[mode], key=lambda g: (g.startswith("all"), g)):
                f = articles[mode][g].figures()
                out.append(f"| `{mode}` | {g} | {f['truth']} / {f['found']} / {f['matched']} "
                           f"| {f['precision']:.2f} / {f['recall']:.2f} / {f['f1']:.2f} | {f['right_count']}/{f['pages']} "
                           f"| {f['headlines_right']}/{f['headlines']} | "
                           + " / ".join(pct(f["folio"][k]) for k in ("jalali", "issue", "page_number")) + " |")
        out.append("")

    out += ["## Speed", "", "| what | pages | seconds | pages/s |", "|---|---|---|---|"]
    for what, (pages, seconds) in sorted(speed.items()):
        if pages:
            rate = pages / seconds
            out.append(f"| {what} | {pages} | {seconds:.2f} | {rate:.1f} |" if rate >= 1 else
                       f"| {what} | {pages} | {seconds:.2f} | {rate:.2f} |")
    out += ["", "Wall time of one run each, the process's start included.", ""]

    out += ["## Per input", "", "Character accuracy of the page in reading order / of its paragraphs in any order.", "",
            "| input | " + " | ".join(pipelines) + " |", "|---|" + "---|" * len(pipelines)]
    for row in per_input:
        out.append(f"| {row['input']} | " + " | ".join(
            f"{pct(row[p]['page'])} / {pct(row[p]['paragraphs'])}" if p in row else "–"
            for p in pipelines) + " |")
    print("\n".join(out))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"skipped": runner.skipped, "failures": runner.failures,
                       "characters": {p: {g: s.figures() for g, s in chars[p].items()} for p in pipelines},
                       "articles": {m: {g: s.figures() for g, s in articles[m].items()} for m in parse_modes},
                       "speed": {w: {"pages": n, "seconds": s, "pages_per_s": n / s if s else None}
                                 for w, (n, s) in speed.items()},
                       "inputs": per_input}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
