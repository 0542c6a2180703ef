#!/usr/bin/env python3
"""Build a spelling-variant test set for archive search: documents plus queries with known answers.

Persian text reaches an archive in several spellings of the same word. A search for one
spelling should find the documents that use any of them. This script builds documents in
which chosen words occur in random spellings, and queries (one per word and spelling) whose
expected answers are all documents that contain the word in any spelling.

Source (read in place, never copied into the repository): SHARED/corpora/perdt_train.txt,
one sentence a line, careful ZWNJ (U+200C) use; U+0654 (hamza above, on ezafe-ه) is stripped.

Target words (--words, about 40% / 35% / 25% of them, fewer digits if PerDT lacks numbers):
  zwnj     words with a ZWNJ (رئیس‌جمهور, بین‌المللی, می‌کند, کتاب‌ها ...);
           spellings: zwnj (رئیس‌جمهور), space (رئیس جمهور), fused (رئیسجمهور)
  ye-kaf   words with at least two ی/ک;
           spellings: persian (یکی), arabic (يكي: every ی→ي, ک→ك), mixed (يکي: every other one)
  digits   numbers of 2-4 digits written as tokens of a sentence;
           spellings: persian (۱۴۰۳), latin (1403), arabic (Arabic-Indic, ١٤٠٣)
Candidates are PerDT tokens found in 3-100 sentences, drawn at random; the four zwnj examples
above, آن‌ها and می‌شود are tried first whatever their frequency (می‌کند is in 1,167 sentences).
A word occurs in a document when the document, normalized (ي→ی, ك→ک, every digit to ASCII),
holds the word's letters with nothing but ZWNJ and spaces between them and no letter, digit or
ZWNJ just before or after. A sentence where such a match has a ZWNJ or space at a place where
the word's ZWNJ spelling has none ("رئ یس‌جمهور"), or where a number is part of a longer one
(13 in 13.7, 1387/06/24, 1,000), is never used. Words are kept only if no spelling of one
contains another as a word (so "کتاب" and "کتاب‌ها" are never both chosen).

Documents (--docs, ids v-000001...): 3-6 PerDT sentences, at most once each. For every target
word, sentences that contain it are planted until 3-12 of them are in documents (a common
word such as می‌کند also comes along in sentences planted for other words, so it ends in
more); the rest of every document is sentences that contain no target word. Every occurrence
of every target word (and of the ZWNJ word of each phrase) is then rewritten in one of its
three spellings, chosen at random for each occurrence. The headline
is the first 10 words of the first sentence; there is no lead; the body is the sentences
joined with spaces. The answers are then recomputed from the finished documents and compared
with what was planted (a warning if they differ) and with a second, independent reading of
the rule above (ZWNJ removed, runs of space-separated words joined): the script fails if the
two readings differ or if an ambiguous occurrence is left in a document.

Phrases (--phrases): two adjacent PerDT words, exactly one of them with a ZWNJ, queried as
"w1 w2" in each of the ZWNJ word's three spellings. expected: documents where the two words
follow each other with only whitespace between (either word's spelling); must_not:
documents that contain both words but never adjacent, also planted (a sentence with one word
and another with the other in the same document); documents where the words are separated
only by punctuation ("w1، w2"), or where either word occurs with a space or ZWNJ at a place its
spelling has none ("هر چه" for هرچه), are in neither list.

Output:
  DIR/docs.jsonl     {"id", "headline", "body"} one a line (the `bayegan ingest` format)
  DIR/queries.jsonl  {"word_id", "family", "word", "query", "spelling", "expected": [ids]}
                     one line per word and spelling (word_id zwnj-001, ye-kaf-001, digits-001;
                     word: the PerDT spelling; query: the spelling named by "spelling"; a
                     space spelling is an unquoted two-word query), and per phrase and
                     spelling of its ZWNJ word with family "phrase", word_id phrase-001 and
                     also "must_not": [ids]
A summary (counts, sizes, time) goes to stdout as JSON. Deterministic for a given --seed.

Usage:
  python3 bench/make_variants.py --shared ../shared --out bench/out/variants [--docs 3000]
                                 [--words 300] [--phrases 50] [--seed 1]
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict

from corpora import perdt_sentences

ZWNJ = "\u200c"
LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
PERSIAN_WORD = re.compile(f"[{LETTER}]+(?:{ZWNJ}[{LETTER}]+)*")
TOKEN = re.compile(r"[\w\u200c]+")
# Characters that continue a word: letters, digits, Arabic diacritics, ZWNJ.
WORDCH = "\\w\u064b-\u065f\u0670\u200c"
PART = re.compile("[\\w\u064b-\u065f\u0670]+")
SEP = "[ \u200c]*"
NUMBER_JOINERS = "./,:\u066b\u066c"  # between digits: decimal point, date, thousands, time

NORM = str.maketrans(
    {"ي": "ی", "ك": "ک", **{chr(0x06F0 + d): str(d) for d in range(10)}, **{chr(0x0660 + d): str(d) for d in range(10)}}
)
PERSIAN_DIGITS = str.maketrans({str(d): chr(0x06F0 + d) for d in range(10)})
ARABIC_DIGITS = str.maketrans({str(d): chr(0x0660 + d) for d in range(10)})
TO_ARABIC = {"ی": "ي", "ک": "ك"}

SPELLINGS = {
    "zwnj": ("zwnj", "space", "fused"),
    "ye-kaf": ("persian", "arabic", "mixed"),
    "digits": ("persian", "latin", "arabic"),
}
# Words from the brief that are always tried first (if PerDT has them and they fit).
SHOWCASE = ["رئیس‌جمهور", "بین‌المللی", "کتاب‌ها", "آن‌ها", "می‌کند", "می‌شود"]
# Function words never used as the plain word of a phrase (an engine may drop them).
STOPWORDS = set(
    "و در به از که را با این آن برای است تا یا هم بر شد شده ای اند بود ها های یک خود نیز اما"
    " اگر چه چون پس نه هر همه دیگر باید کرد کند شود نمی می بی".split()
)
PLANT_MIN, PLANT_MAX = 3, 12  # documents planted per target word
DF_MAX = 100  # most sentences a target word (other than SHOWCASE) may occur in


def normalize(text):
    """ي→ی, ك→ک, Persian and Arabic-Indic digits → ASCII; the length is unchanged."""
    return text.translate(NORM)


def squeeze(text):
    return normalize(text).replace(ZWNJ, "").replace(" ", "")


def spellings_of(canonical, family):
    if family == "zwnj":
        return {"zwnj": canonical, "space": canonical.replace(ZWNJ, " "), "fused": canonical.replace(ZWNJ, "")}
    if family == "ye-kaf":
        mixed, n = [], 0
        for ch in canonical:
            if ch in TO_ARABIC:
                mixed.append(TO_ARABIC[ch] if n % 2 == 0 else ch)
                n += 1
            else:
                mixed.append(ch)
        arabic = "".join(TO_ARABIC.get(ch, ch) for ch in canonical)
        return {"persian": canonical, "arabic": arabic, "mixed": "".join(mixed)}
    if family == "digits":
        return {
            "persian": canonical.translate(PERSIAN_DIGITS),
            "latin": canonical,
            "arabic": canonical.translate(ARABIC_DIGITS),
        }
    return {"plain": canonical}


class Word:
    """A word, its spellings and its matcher over normalized text."""

    def __init__(self, canonical, family):
        self.canonical, self.family = canonical, family
        self.key = squeeze(canonical)
        # Positions (index of the letter before) where the ZWNJ spelling has a ZWNJ: the only
        # places where a match may have a separator without being ambiguous.
        self.allowed, n = set(), -1
        for ch in canonical:
            if ch == ZWNJ:
                self.allowed.add(n)
            else:
                n += 1
        self.core = SEP.join(re.escape(ch) for ch in self.key)
        self.regex = re.compile(f"(?<![{WORDCH}]){self.core}(?![{WORDCH}])")
        self.spellings = spellings_of(canonical, family)
        self.clean, self.ambiguous = [], []  # sentence numbers

    def find(self, norm_text):
        """(start, end, ambiguous) for every occurrence in normalized text."""
        found = []
        for m in self.regex.finditer(norm_text):
            seps, n = set(), -1
            for ch in m.group():
                if ch in " " + ZWNJ:
                    seps.add(n)
                else:
                    n += 1
            ambiguous = not seps <= self.allowed
            if self.family == "digits":  # part of 13.7, 1387/06/24, 1,000: not a token of its own
                s, e = m.start(), m.end()
                before = s >= 2 and norm_text[s - 1] in NUMBER_JOINERS and norm_text[s - 2].isdigit()
                after = e + 1 < len(norm_text) and norm_text[e] in NUMBER_JOINERS and norm_text[e + 1].isdigit()
                ambiguous = ambiguous or before or after
            found.append((m.start(), m.end(), ambiguous))
        return found

    def contains_in(self, other):
        """Whether this word occurs in any spelling of `other`."""
        return any(self.regex.search(normalize(s)) for s in other.spellings.values())


def conflict(a, b):
    return a.key == b.key or a.contains_in(b) or b.contains_in(a)


class Corpus:
    def __init__(self, shared):
        self.sentences = perdt_sentences(shared, "make_variants")
        self.norms = [normalize(s) for s in self.sentences]
        self.squeezed = [squeeze(s) for s in self.sentences]

    def scan(self, word):
        """Fills word.clean / word.ambiguous with the sentences where it occurs."""
        word.clean, word.ambiguous = [], []
        for i, sq in enumerate(self.squeezed):
            if word.key in sq:
                occ = word.find(self.norms[i])
                if any(amb for _, _, amb in occ):
                    word.ambiguous.append(i)
                elif occ:
                    word.clean.append(i)
        return word


def sentence_df(sentences):
    df = defaultdict(int)
    for s in sentences:
        for tok in set(TOKEN.findall(s)):
            df[tok] += 1
    return df


def candidates(df):
    fams = {"zwnj": [], "ye-kaf": [], "digits": []}
    for tok, n in sorted(df.items()):
        if n < 3:
            continue
        if tok.isascii() and tok.isdigit():
            if 2 <= len(tok) <= 4 and not tok.startswith("0") and n <= DF_MAX:
                fams["digits"].append(tok)
        elif not PERSIAN_WORD.fullmatch(tok):
            continue
        elif ZWNJ in tok:
            if tok.count(ZWNJ) <= 2 and len(squeeze(tok)) >= 4 and n <= DF_MAX and tok not in SHOWCASE:
                fams["zwnj"].append(tok)
        elif sum(tok.count(c) for c in "یک") >= 2 and len(tok) >= 3 and n <= DF_MAX:
            fams["ye-kaf"].append(tok)
    return fams


def select_targets(corpus, rng, n_words, log):
    fams = candidates(sentence_df(corpus.sentences))
    n_digits = min(round(0.25 * n_words), len(fams["digits"]))
    n_zwnj = round(0.40 * n_words)
    quota = {"zwnj": n_zwnj, "ye-kaf": n_words - n_zwnj - n_digits, "digits": n_digits}
    chosen = []
    for family in ("zwnj", "ye-kaf", "digits"):
        pool = fams[family]
        rng.shuffle(pool)
        if family == "zwnj":
            pool = SHOWCASE + pool
        got = tried = 0
        for tok in pool:
            if got == quota[family]:
                break
            tried += 1
            w = Word(tok, family)
            if any(conflict(w, c) for c in chosen):
                continue
            corpus.scan(w)
            if len(w.clean) < 3:
                continue
            chosen.append(w)
            got += 1
        log(f"{family}: {got} words (quota {quota[family]}, {tried} of {len(pool)} candidates tried)")
        if got < quota[family]:
            log(f"WARNING: only {got} {family} words found")
    return chosen


def bigrams(corpus):
    """Adjacent word pairs (one space between), exactly one with a ZWNJ → sentence numbers."""
    found = defaultdict(set)
    for i, s in enumerate(corpus.sentences):
        words = list(PERSIAN_WORD.finditer(s))
        for a, b in zip(words, words[1:]):
            if s[a.end() : b.start()] != " ":
                continue
            if a.start() > 0 and not s[a.start() - 1].isspace() and s[a.start() - 1] not in "«(\"":
                continue
            w1, w2 = a.group(), b.group()
            if (ZWNJ in w1) == (ZWNJ in w2):
                continue
            plain = w2 if ZWNJ in w1 else w1
            zw = w1 if ZWNJ in w1 else w2
            if plain in STOPWORDS or len(plain) < 2 or len(squeeze(zw)) < 4 or zw.count(ZWNJ) > 2:
                continue
            found[(w1, w2)].add(i)
    return found


class Phrase:
    def __init__(self, w1, w2, zw_first):
        self.w1, self.w2, self.zw_first = w1, w2, zw_first  # Word objects
        self.strict = re.compile(f"(?<![{WORDCH}]){w1.core}\\s+{w2.core}(?![{WORDCH}])")
        self.loose = re.compile(f"(?<![{WORDCH}]){w1.core}[^{WORDCH}]+{w2.core}(?![{WORDCH}])")
        self.zw = w1 if zw_first else w2
        self.canonical = f"{w1.canonical} {w2.canonical}"
        self.seq, self.only1, self.only2 = [], [], []

    def query(self, spelling):
        z = self.zw.spellings[spelling]
        return f'"{z} {self.w2.canonical}"' if self.zw_first else f'"{self.w1.canonical} {z}"'

    def classify(self, norm_fields):
        """'expected', 'neutral', 'must_not' or None for a document's normalized fields.
        A document where either word occurs ambiguously ("هر چه" for هرچه) is neutral."""
        occ1 = [o for f in norm_fields for o in self.w1.find(f)]
        occ2 = [o for f in norm_fields for o in self.w2.find(f)]
        if any(o[2] for o in occ1 + occ2):
            return "neutral"
        if any(self.strict.search(f) for f in norm_fields):
            return "expected"
        if any(self.loose.search(f) for f in norm_fields):
            return "neutral"
        return "must_not" if occ1 and occ2 else None


def select_phrases(corpus, rng, targets, n_phrases, log):
    dirty = set()
    for t in targets:
        dirty.update(t.clean)
        dirty.update(t.ambiguous)
    pairs = sorted(k for k, v in bigrams(corpus).items() if 3 <= len(v) <= 60)
    rng.shuffle(pairs)
    respelled = list(targets)  # words whose spellings are rewritten
    plain_words, zw_words, phrases = [], {}, []
    for w1s, w2s in pairs:
        if len(phrases) == n_phrases:
            break
        zw_first = ZWNJ in w1s
        zs, ps = (w1s, w2s) if zw_first else (w2s, w1s)
        zw = zw_words.get(zs) or Word(zs, "zwnj")
        plain = Word(ps, "plain")
        if zs not in zw_words and any(conflict(zw, r) for r in respelled + plain_words):
            continue
        if any(conflict(plain, r) for r in respelled) or plain.key == zw.key:
            continue
        if zs not in zw_words:
            corpus.scan(zw)
        corpus.scan(plain)
        ph = Phrase(zw, plain, True) if zw_first else Phrase(plain, zw, False)
        bad = dirty | set(zw.ambiguous) | set(plain.ambiguous)
        in1, in2 = set(ph.w1.clean), set(ph.w2.clean)
        for i in sorted((in1 | in2) - bad):
            n = corpus.norms[i]
            if ph.strict.search(n):
                ph.seq.append(i)
            elif ph.loose.search(n):
                continue
            elif i in in1 and i not in in2:
                ph.only1.append(i)
            elif i in in2 and i not in in1:
                ph.only2.append(i)
        if len(ph.seq) < 3 or len(ph.only1) < 2 or len(ph.only2) < 2:
            continue
        if zs not in zw_words:
            zw_words[zs] = zw
            respelled.append(zw)
        plain_words.append(plain)
        phrases.append(ph)
    log(f"phrases: {len(phrases)} (asked {n_phrases}, {len(pairs)} candidate pairs)")
    return phrases, list(zw_words.values())


def literal_check(docs_norm, targets):
    """Second reading of the rule: ZWNJ removed, a word is a run of space-separated parts."""
    by_key = {t.key: t for t in targets}
    longest = max(len(t.key) for t in targets)
    found = defaultdict(set)
    for d, fields in enumerate(docs_norm):
        for field in fields:
            text = field.replace(ZWNJ, "")
            parts = list(PART.finditer(text))
            for i in range(len(parts)):
                joined = ""
                for j in range(i, min(i + 8, len(parts))):
                    if j > i and text[parts[j - 1].end() : parts[j].start()].strip(" "):
                        break
                    joined += parts[j].group()
                    if len(joined) > longest:
                        break
                    if joined in by_key:
                        found[by_key[joined].key].add(d)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True, help="the shared data folder (../shared from the repo root)")
    ap.add_argument("--out", required=True, help="folder for docs.jsonl and queries.jsonl")
    ap.add_argument("--docs", type=int, default=3000, help="documents (default 3000)")
    ap.add_argument("--words", type=int, default=300, help="target words (default 300)")
    ap.add_argument("--phrases", type=int, default=50, help="two-word phrases (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args()
    if args.docs < 1 or args.words < 3 or args.phrases < 0:
        sys.exit("make_variants: need --docs ≥ 1, --words ≥ 3, --phrases ≥ 0")

    t0 = time.time()
    log = lambda msg: print(f"make_variants: {msg}", file=sys.stderr)  # noqa: E731
    rng = random.Random(args.seed)
    corpus = Corpus(args.shared)
    targets = select_targets(corpus, rng, args.words, log)
    phrases, phrase_words = select_phrases(corpus, rng, targets, args.phrases, log)
    respelled = targets + phrase_words

    banned = set()
    for w in respelled:
        banned.update(w.ambiguous)
    dirty = set(banned)
    for t in targets:
        dirty.update(t.clean)

    # ---- groups of sentences that must share a document
    used, groups = set(), []
    covered = defaultdict(int)
    clean_sets = {t.key: set(t.clean) for t in targets}
    for t in targets:
        want = rng.randint(PLANT_MIN, PLANT_MAX)
        pool = [i for i in t.clean if i not in used and i not in banned]
        rng.shuffle(pool)
        for i in pool:
            if covered[t.key] >= want:
                break
            used.add(i)
            groups.append([i])
            for u in targets:  # a sentence may hold several targets
                if u.key in corpus.squeezed[i] and i in clean_sets[u.key]:
                    covered[u.key] += 1
    for ph in phrases:
        seq = [i for i in ph.seq if i not in used and i not in banned]
        rng.shuffle(seq)
        for i in seq[: rng.randint(2, 6)]:
            used.add(i)
            groups.append([i])
        o1 = [i for i in ph.only1 if i not in used and i not in banned]
        o2 = [i for i in ph.only2 if i not in used and i not in banned]
        rng.shuffle(o1)
        rng.shuffle(o2)
        for a, b in list(zip(o1, o2))[: rng.randint(2, 4)]:
            used.update((a, b))
            groups.append([a, b])

    sizes = [rng.randint(3, 6) for _ in range(args.docs)]
    planted = sum(len(g) for g in groups)
    if planted > 0.7 * sum(sizes):
        sys.exit(
            f"make_variants: {planted} planted sentences do not fit in {args.docs} documents "
            f"({sum(sizes)} sentence slots); use more --docs or fewer --words/--phrases"
        )
    doc_sents = [[] for _ in range(args.docs)]
    rng.shuffle(groups)
    for g in groups:
        for _ in range(100):
            d = rng.randrange(args.docs)
            if sizes[d] - len(doc_sents[d]) >= len(g):
                break
        else:
            d = next((d for d in range(args.docs) if sizes[d] - len(doc_sents[d]) >= len(g)), None)
            if d is None:
                sys.exit("make_variants: could not place the planted sentences; use more --docs")
        doc_sents[d].extend(g)
    filler = [i for i in range(len(corpus.sentences)) if i not in dirty and i not in used]
    rng.shuffle(filler)
    need = sum(sizes) - planted
    if need > len(filler):
        sys.exit(f"make_variants: {need} filler sentences needed, only {len(filler)} free; use fewer --docs")
    it = iter(filler)
    for d in range(args.docs):
        while len(doc_sents[d]) < sizes[d]:
            doc_sents[d].append(next(it))
        rng.shuffle(doc_sents[d])

    # ---- rewrite every occurrence of a respelled word in a random spelling
    in_sentence = defaultdict(list)
    for w in respelled:
        for i in w.clean:
            in_sentence[i].append(w)
    spelled = defaultdict(int)
    overlaps = 0

    def respell(i):
        nonlocal overlaps
        text, norm = corpus.sentences[i], corpus.norms[i]
        spans = sorted((s, e, w) for w in in_sentence.get(i, ()) for s, e, _ in w.find(norm))
        out, pos = [], 0
        for s, e, w in spans:
            if s < pos:
                overlaps += 1
                continue
            name = rng.choice(SPELLINGS[w.family])
            spelled[(w.family, name)] += 1
            out.append(text[pos:s])
            out.append(w.spellings[name])
            pos = e
        out.append(text[pos:])
        return "".join(out)

    docs = []
    for d in range(args.docs):
        sents = [respell(i) for i in doc_sents[d]]
        head = sents[0].split()[:10]
        headline = " ".join(head).rstrip(" .،؛:!؟?»)(«\"")
        docs.append({"id": f"v-{d + 1:06d}", "headline": headline, "body": " ".join(sents)})
    ids = [doc["id"] for doc in docs]
    docs_norm = [(normalize(doc["headline"]), normalize(doc["body"])) for doc in docs]

    # ---- the answers, from the finished documents
    truth, ambiguous_left = {}, []
    for t in targets:
        hit = set()
        for d, fields in enumerate(docs_norm):
            if t.key in fields[1].replace(ZWNJ, "").replace(" ", "") or t.key in squeeze(fields[0]):
                occ = [o for f in fields for o in t.find(f)]
                if any(o[2] for o in occ):
                    ambiguous_left.append((t.canonical, ids[d]))
                if occ:
                    hit.add(d)
        truth[t.key] = hit
    if ambiguous_left:
        sys.exit(f"make_variants: ambiguous occurrences left in the documents: {ambiguous_left[:10]}")
    literal = literal_check(docs_norm, targets)
    differ = [t.canonical for t in targets if literal.get(t.key, set()) != truth[t.key]]
    if differ:
        sys.exit(f"make_variants: the two readings of the documents disagree on {len(differ)} words: {differ[:10]}")
    sent_doc = {i: d for d in range(args.docs) for i in doc_sents[d]}
    unplanned = 0
    for t in targets:
        plan = {sent_doc[i] for i in t.clean if i in sent_doc}
        if plan != truth[t.key]:
            unplanned += 1
            log(f"WARNING: {t.canonical}: planted in {len(plan)} documents, found in {len(truth[t.key])}")

    # ---- write
    os.makedirs(args.out, exist_ok=True)
    docs_path = os.path.join(args.out, "docs.jsonl")
    queries_path = os.path.join(args.out, "queries.jsonl")
    with open(docs_path, "w", encoding="utf-8", newline="\n") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    n_queries, dropped, per_word = 0, [], []
    phrase_stats = {"expected": [], "must_not": [], "neutral": 0}
    with open(queries_path, "w", encoding="utf-8", newline="\n") as f:
        counters = defaultdict(int)
        for t in targets:
            expected = sorted(ids[d] for d in truth[t.key])
            if not expected:
                dropped.append(t.canonical)
                continue
            counters[t.family] += 1
            word_id = f"{t.family}-{counters[t.family]:03d}"
            per_word.append(len(expected))
            for name in SPELLINGS[t.family]:
                rec = {"word_id": word_id, "family": t.family, "word": t.canonical, "query": t.spellings[name]}
                rec.update({"spelling": name, "expected": expected})
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n_queries += 1
        for p, ph in enumerate(phrases, start=1):
            cls = defaultdict(list)
            for d, fields in enumerate(docs_norm):
                c = ph.classify(fields)
                if c:
                    cls[c].append(ids[d])
            if not cls["expected"]:
                dropped.append(ph.canonical)
                continue
            phrase_stats["expected"].append(len(cls["expected"]))
            phrase_stats["must_not"].append(len(cls["must_not"]))
            phrase_stats["neutral"] += len(cls["neutral"])
            for name in SPELLINGS["zwnj"]:
                rec = {"word_id": f"phrase-{p:03d}", "family": "phrase", "word": ph.canonical, "query": ph.query(name)}
                rec.update({"spelling": name, "expected": cls["expected"], "must_not": cls["must_not"]})
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n_queries += 1
    if dropped:
        log(f"WARNING: {len(dropped)} words/phrases ended in no document and have no queries: {dropped[:10]}")

    def spread(xs):
        return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)} if xs else None

    summary = {
        "docs": args.docs,
        "docs_bytes": os.path.getsize(docs_path),
        "queries": n_queries,
        "queries_bytes": os.path.getsize(queries_path),
        "words": {fam: sum(1 for t in targets if t.family == fam) for fam in SPELLINGS},
        "examples": {fam: [t.canonical for t in targets if t.family == fam][:8] for fam in SPELLINGS},
        "docs_per_word": spread(per_word),
        "phrases": len(phrase_stats["expected"]),
        "docs_per_phrase": spread(phrase_stats["expected"]),
        "must_not_per_phrase": spread(phrase_stats["must_not"]),
        "neutral_phrase_docs": phrase_stats["neutral"],
        "occurrences_by_spelling": {f"{fam}/{name}": n for (fam, name), n in sorted(spelled.items())},
        "planted_sentences": planted,
        "filler_sentences": need,
        "free_filler_left": len(filler) - need,
        "words_found_unplanned": unplanned,
        "overlapping_spans_skipped": overlaps,
        "seed": args.seed,
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
