#!/usr/bin/env python3
"""Rebuild the restorer's model files in crates/text/model/ from their sources.

Sources (see DATA-LICENSES.md):
  * ../shared/corpora/perdt_train.txt  -- UD Persian PerDT, CC BY-SA 4.0: careful ZWNJ use,
    gives word and bigram counts and which spelling of a word is right;
  * the PyPI packages hazm (MIT) and shekar (MIT): word frequency lists, compound words and verb
    stems.  Their lists hold careless fused spellings (`میکنم`, `موافقتنامه`) beside the ZWNJ
    forms, so a fused spelling only counts against a ZWNJ spelling of the same letters at a
    quarter of its frequency.

Output:
  * lexicon.tsv  `spelling <TAB> cost <TAB> backoff`, grouped by letters (key), cheapest first: cost = -ln P(spelling) in milli-nats;
    backoff = Witten-Bell backoff weight -ln(T/(c+T)) of the word as a left context (the median
    one for a word PerDT never shows as a left context).
  * elements.tsv `element <TAB> cost <TAB> joins`: second parts of compounds that careful text joins with a
    ZWNJ (`سازی`, `گیری`, `نامه`), learned from PerDT, with -ln P(element) in milli-nats; the
    restorer reads an unknown word as known word + ZWNJ + element. `joins` says where:
    `fused` inside a token only (the element is also a word of its own: `نامه`), `both` also
    across a space in text whose ZWNJs became spaces (PerDT rarely writes it as a word: `سازی`),
    `space` only across such a space (too often the end of a fused word to read inside one:
    `وار` of `امیدوار`, `گری` of `بازیگری`).
  * bigrams.tsv  `left <TAB> right <TAB> cost`: -ln P(right | left) in milli-nats, for pairs seen
    at least twice in PerDT.

Usage: python3 scripts/build-model.py [--shared ../shared] [--wheels DIR] [--out crates/text/model]
The wheels are fetched with `pip download` when DIR holds none.  The output is deterministic.
"""
import argparse
import collections
import glob
import math
import os
import subprocess
import sys
import zipfile

ZWNJ = "\u200c"
ARABIC_TO_PERSIAN = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
# Letters that never join to the next one: a ZWNJ after them is invisible and dropped.
NON_JOINING = set("\u0621\u0622\u0623\u0624\u0625\u0627\u0629\u062f\u0630\u0631\u0632\u0648\u0698\u06c0\u0671")
MAX_LETTERS = 40
COMPOUND_SHARE = 1e-3  # share of its parts' geometric-mean frequency given to a listed compound
MI_FORM_SHARE = 0.3  # how common a generated می- form is beside the verb form it is built on
PARTICIPLE_SHARE = 0.05  # how common a participle + ending is beside the participle
LEFT_OF_TWO_LETTERS = 50  # PerDT count a two-letter word needs to be read as a compound's first part
SPACE_ELEMENT_SHARE = 4  # how many times more often a space-joining element follows a ZWNJ than stands alone
CARELESS_FIRST_WORDS = {"و", "را", "که", "در", "به", "از", "بر", "تا", "یا", "هم"}  # glued to the next word by careless typing
FIXED_PHRASE_MIN = 5  # PerDT writes a fixed phrase's two words apart this often or more …
FIXED_PHRASE_SHARE = 0.5  # … and its first word is followed by the second this often
PHRASE_LAST_WORD = 20  # PerDT count of a word that does not end a listed ZWNJ phrase
GLUED_PREPOSITION_PAIR = 10  # PerDT writes به/در and the next word apart this often: their fusion is careless
CARELESS_PAIR_MIN = 5  # PerDT writes a particle and the next word apart this often before their fusion is judged
CARELESS_FUSED_MIN = 5  # PerDT writes a word-list fusion apart or with a ZWNJ this often, never fused: careless
CARELESS_PAIR_SHARE = 0.005  # a fused pair in the word lists this much rarer than PerDT's pair apart is careless
# Affixes that careful text never writes as words of their own. Word lists count them as words
# (their tokenizers split at ZWNJ), so only PerDT's counts are used for them.
BOUND_MORPHEMES = set(
    "می نمی بی ها های هایی هایم هایت هایش هایمان هایتان هایشان ام ای ایم اید اند ات اش تر ترین تری ترها"
    .split())


def is_letter(ch):
    o = ord(ch)
    return (0x0620 <= o <= 0x064A and o != 0x0640) or 0x066E <= o <= 0x066F or \
        0x0671 <= o <= 0x06D3 or o == 0x06D5 or 0x06EE <= o <= 0x06EF or 0x06FA <= o <= 0x06FC


def is_mark(ch):
    o = ord(ch)
    return 0x064B <= o <= 0x065F or o == 0x0670 or 0x06D6 <= o <= 0x06ED


def spelling(word):
    """Canonical spelling: Persian letters, marks dropped, ZWNJ only between two letters after a
    joining letter.  None when the word holds anything else."""
    word = word.translate(ARABIC_TO_PERSIAN).replace("\u0640", "")
    out = []
    for ch in word:
        if is_mark(ch):
            continue
        if ch == ZWNJ:
            if out and out[-1] != ZWNJ and out[-1] not in NON_JOINING:
                out.append(ZWNJ)
            continue
        if not is_letter(ch):
            return None
        out.append(ch)
    while out and out[-1] == ZWNJ:
        out.pop()
    if not out or sum(1 for c in out if c != ZWNJ) > MAX_LETTERS:
        return None
    return "".join(out)


def key(sp):
    return sp.replace(ZWNJ, "")


CARELESS_PREFIXES = ("می", "نمی")
CARELESS_SUFFIXES = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان")


GLUED_PREPOSITIONS = ("به", "در")
FUSED_RA = {"آنرا", "اینرا", "آنهارا", "اینهارا", "همینرا", "همانرا", "آنچهرا"}
AFTER_HEH = ("ای", "ام", "ات", "اش", "ایم", "اید", "اند")


def careless_affix(fused, plurals=frozenset()):
    """True for a fused spelling of a می- verb, a -ها plural after a joining letter, or an
    ending like -ای after ه (`منظرهای` is `منظره‌ای` or `منظر‌های`, never right fused) unless
    it is the plural of a word ending in a non-joining letter (`ستادهای`, in `plurals`)."""
    if fused in plurals:
        return False
    if fused.startswith(CARELESS_PREFIXES):
        return True
    for suffix in CARELESS_SUFFIXES:
        stem = fused[: -len(suffix)]
        if fused.endswith(suffix) and len(stem) >= 2 and stem[-1] not in NON_JOINING:
            return True
    for ending in AFTER_HEH:
        stem = fused[: -len(ending)]
        if fused.endswith(ending) and len(stem) >= 2 and stem[-1] == "ه":
            return True
    return False


def perdt_sentences(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            # A sentence is a list of runs: words separated only by spaces stay in one run.
            runs, run = [], []
            for raw in line.replace("\u0654", "").split():
                # strip punctuation at the edges; punctuation inside ends the run
                start, end = 0, len(raw)
                while start < end and not (is_letter(raw[start]) or is_mark(raw[start])):
                    start += 1
                while end > start and not (is_letter(raw[end - 1]) or is_mark(raw[end - 1])):
                    end -= 1
                sp = spelling(raw[start:end]) if start < end else None
                if sp is None:
                    if run:
                        runs.append(run)
                    run = []
                    continue
                if start > 0 and run:
                    runs.append(run)
                    run = []
                run.append(sp)
                if end < len(raw):
                    runs.append(run)
                    run = []
            if run:
                runs.append(run)
            yield runs


def fetch_wheels(wheels):
    os.makedirs(wheels, exist_ok=True)
    for name in ("hazm", "shekar"):
        if not glob.glob(os.path.join(wheels, f"{name}-*.whl")):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", wheels,
                            f"{name}=={ {'hazm': '0.10.0', 'shekar': '1.7.0'}[name] }"], check=True)
    hazm = zipfile.ZipFile(glob.glob(os.path.join(wheels, "hazm-*.whl"))[0])
    shekar = zipfile.ZipFile(glob.glob(os.path.join(wheels, "shekar-*.whl"))[0])
    return hazm, shekar


def read_lines(zf, name):
    return zf.read(name).decode("utf-8").splitlines()


def conjugations(past, present):
    """Verb forms whose spelling needs a ZWNJ (or which could be mistaken for one)."""
    forms = []
    pres = present + "ی" if present.endswith(("ا", "و")) else present
    for ending in ("م", "ی", "د", "یم", "ید", "ند"):
        for prefix in ("می", "نمی"):
            forms.append(prefix + ZWNJ + pres + ending)
    for ending in ("م", "ی", "", "یم", "ید", "ند"):
        for prefix in ("می", "نمی"):
            forms.append(prefix + ZWNJ + past + ending)
    for neg in ("", "ن"):
        participle = neg + past + "ه"
        forms.append(participle)
        for aux in ("ام", "ای", "ایم", "اید", "اند"):
            forms.append(participle + ZWNJ + aux)
        forms.append("می" + ZWNJ + participle if not neg else "نمی" + ZWNJ + past + "ه")
    return forms


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    parser.add_argument("--wheels", default=os.path.join(here, "..", "target", "model-wheels"))
    parser.add_argument("--out", default=os.path.join(here, "..", "crates", "text", "model"))
    args = parser.parse_args()

    # --- PerDT: careful text --------------------------------------------------------------
    uni = collections.Counter()
    bi = collections.Counter()
    for runs in perdt_sentences(os.path.join(args.shared, "corpora", "perdt_train.txt")):
        for run in runs:
            uni.update(run)
            bi.update(zip(run, run[1:]))
    perdt_total = sum(uni.values())

    # --- word lists ---------------------------------------------------------------------
    hazm, shekar = fetch_wheels(args.wheels)
    ext = collections.Counter()
    shekar_rows = []
    for line in read_lines(shekar, "shekar/data/files/vocab.csv"):
        word, _, count = line.rpartition(",")
        sp = spelling(word)
        if sp and count.isdigit():
            shekar_rows.append((sp, int(count)))
    shekar_total = sum(c for _, c in shekar_rows)
    hazm_rows = []
    for line in read_lines(hazm, "hazm/data/words.dat"):
        parts = line.split("\t")
        sp = spelling(parts[0]) if len(parts) >= 2 else None
        if sp and parts[1].isdigit():
            hazm_rows.append((sp, int(parts[1])))
    hazm_total = sum(c for _, c in hazm_rows)
    # Both lists on one scale (shekar's); a listed word never falls under the floor.
    floor = shekar_total * 2e-10
    for sp, c in shekar_rows:
        ext[sp] += max(c, floor)
    for sp, c in hazm_rows:
        if c == 0 and sp not in ext:
            continue
        ext[sp] += max(c * shekar_total / hazm_total, floor)
    for line in read_lines(shekar, "shekar/data/files/compound_words.csv"):
        sp = spelling(line.strip())
        if sp:
            ext[sp] += floor * 5
    # A listed ZWNJ compound with no real count of its own is given a share of its parts'
    # frequencies: `ذوب‌آهن` is as common as ذوب and آهن suggest, not as rare as the floor.
    for sp in [s for s in ext if ZWNJ in s and ext[s] <= floor * 6]:
        parts = sp.split(ZWNJ)
        if all(ext.get(p, 0) > floor for p in parts):
            estimate = COMPOUND_SHARE * math.exp(sum(math.log(ext[p]) for p in parts) / len(parts))
            ext[sp] = max(ext[sp], estimate)
    verbs = set()
    for line in read_lines(hazm, "hazm/data/verbs.dat"):
        if "#" in line and not line.startswith("#"):
            past, present = line.split("#")[:2]
            verbs.add((past.strip(), present.strip()))
    for line in read_lines(shekar, "shekar/data/files/verbs.csv"):
        cols = line.split(",")
        if len(cols) >= 2 and cols[0] and cols[1]:
            verbs.add((cols[1].strip(), cols[0].strip()))
    generated = set()
    for past, present in sorted(verbs):
        if not (spelling(past) and spelling(present)):
            continue
        for form in conjugations(spelling(past), spelling(present)):
            sp = spelling(form)
            if sp:
                generated.add(sp)
    # A generated form is as common as a share of the word it is built on (`می‌شست` of `شست`).
    listed = dict(ext)
    for sp in sorted(generated):
        head, _, tail = sp.partition(ZWNJ)
        base = listed.get(tail, 0.0) * MI_FORM_SHARE if head in CARELESS_PREFIXES else listed.get(head, 0.0) * PARTICIPLE_SHARE
        ext[sp] += max(floor * 3, base)
    # `پرداختهای` is `پرداخت‌های` (payments) as well as `پرداخته‌ای` (you have paid), and news
    # means the plural far more often: beside every generated participle + ای, the plural of
    # its past stem, as common as the same share of the stem as the verb form has of the
    # participle
    plurals = set()
    for stem in sorted({spelling(past) for past, present in verbs if spelling(past) and spelling(present)}):
        if len(stem) >= 2 and listed.get(stem, 0.0) > floor:
            plural = stem + ("" if stem[-1] in NON_JOINING else ZWNJ) + "های"
            ext[plural] += listed[stem] * PARTICIPLE_SHARE
            if ZWNJ not in plural:
                plurals.add(plural)
    for morpheme in BOUND_MORPHEMES:
        ext.pop(morpheme, None)
    # را is a word of its own: `آن را`, never `آن‌را` or `آنرا` (but `مرا`, `چرا` are words); so
    # is است after a word (`کرده است`, never `کرده‌است`)
    for counts in (ext, uni):
        for sp in [s for s in counts if s.endswith((ZWNJ + "را", ZWNJ + "است")) or s in FUSED_RA]:
            del counts[sp]
    # A particle glued to the word after it, which careful text writes apart (`درخانه`,
    # `بهویژه`, `رابه`, `ودر`, `برسر`): a careless spelling, which the restorer then cuts (or
    # reads as `به‌ویژه`). به and در glued to a word of three letters or more are careless
    # whenever PerDT writes the pair apart often or joins it with a ZWNJ; the other particles only
    # where the word lists hold the fusion far more rarely than PerDT writes the pair apart
    # (`برفراز`, `تاحالا` are common enough to stay; `با`, `ما` begin too many names: `مایک`,
    # `باچه`)
    perdt_words = {key(s) for s in uni}
    ext_sum = sum(ext.values())

    def careless_preposition(sp):
        for preposition in GLUED_PREPOSITIONS:
            word = sp[len(preposition):]
            if sp.startswith(preposition) and len(word) >= 3 and \
                    (bi[(preposition, word)] >= GLUED_PREPOSITION_PAIR or uni[preposition + ZWNJ + word] > 0):
                return True
        return False

    def rare_fusion(sp):
        pair = max((bi[(sp[:j], sp[j:])] for j in range(1, len(sp)) if sp[:j] in CARELESS_FIRST_WORDS), default=0)
        return pair >= CARELESS_PAIR_MIN and ext[sp] / ext_sum < CARELESS_PAIR_SHARE * pair / perdt_total

    for sp in [s for s in ext if ZWNJ not in s and s not in perdt_words and len(s) >= 3]:
        if careless_preposition(sp) or rare_fusion(sp):
            del ext[sp]

    def drop_with_fused(spelling):
        # a listed phrase goes with its careless fused spelling, unless careful text writes it so
        del ext[spelling]
        fused = spelling.replace(ZWNJ, "")
        if fused not in perdt_words:
            ext.pop(fused, None)

    # A listed ZWNJ compound of two words that careful text writes apart, the first almost
    # always followed by the second (`ایالات متحده`, `یکی از`, `خلیج فارس`): a fixed phrase,
    # no word; dropped with its fused spelling, so that `ایالاتمتحده` is cut with a space
    for sp in [s for s in ext if s.count(ZWNJ) == 1 and uni[s] == 0 and uni[s.replace(ZWNJ, "")] == 0]:
        first, second = sp.split(ZWNJ)
        if bi[(first, second)] >= FIXED_PHRASE_MIN and bi[(first, second)] >= FIXED_PHRASE_SHARE * uni[first]:
            drop_with_fused(sp)

    # A fused spelling of the word lists that careful text never writes fused, but writes apart
    # or with a ZWNJ again and again (`راهحل`, `هیچکس`, `اینگونه`, `بزرگتر`, `وزارتخارجه`), is
    # careless where the same letters have a ZWNJ spelling: its weight goes to that spelling, so
    # that `راهحلی` is read `راه‌حلی` (the quarter weight fused spellings keep otherwise let a
    # list that counts the fused form often enough outweigh the ZWNJ one)
    zwnj_spellings_of = collections.defaultdict(list)
    for sp in sorted(set(uni) | set(ext)):
        if ZWNJ in sp:
            zwnj_spellings_of[key(sp)].append(sp)
    for sp in [s for s in ext if ZWNJ not in s and uni[s] == 0 and s in zwnj_spellings_of]:
        written_otherwise = sum(bi[(sp[:j], sp[j:])] + uni[sp[:j] + ZWNJ + sp[j:]] for j in range(1, len(sp)))
        if written_otherwise >= CARELESS_FUSED_MIN:
            best = max(zwnj_spellings_of[sp], key=lambda z: (uni[z] + ext[z], z))
            ext[best] += ext.pop(sp)

    # --- compound elements: what follows a ZWNJ in PerDT, against the same split fused ----------
    after_zwnj = collections.Counter()
    first_parts = collections.defaultdict(set)
    for s, c in uni.items():
        parts = s.split(ZWNJ)
        for left, part in zip(parts, parts[1:]):
            if not left.endswith("می"):  # verb forms after می are the prefix's business
                after_zwnj[part] += c
                first_parts[part].add(left)
    fused_split = collections.Counter()
    for s, c in uni.items():
        if ZWNJ in s:
            continue
        for j in range(2, len(s) - 1):
            left, right = s[:j], s[j:]
            if right in after_zwnj and left in perdt_words and left[-1] not in NON_JOINING:
                fused_split[right] += c
    elements = {}
    for part, c in after_zwnj.items():
        ratio = c / (c + fused_split[part])
        # an element of two letters ends too many words by chance (`نیکسن`, `علیکم`, `بیفتک`)
        if c >= 3 and ratio >= 0.6 and len(part) >= 3 and part not in BOUND_MORPHEMES:
            elements[part] = (c, ratio)
    # Parts careful text writes after a ZWNJ, almost never as words of their own, but that end
    # too many fused words to be read inside one (`امیدوار`, `بازیگری`): after a space in text
    # whose ZWNJs became spaces, still a lost ZWNJ (`کابوس وار`, `مادی گری`)
    space_elements = {}
    for part, c in after_zwnj.items():
        alone = uni[part]
        if c >= 3 and c >= SPACE_ELEMENT_SHARE * alone and len(part) >= 3 and part not in elements \
                and part not in BOUND_MORPHEMES:
            space_elements[part] = (c, c / (c + alone))
    element_total = sum(c for c, _ in elements.values())
    # A listed phrase that begins with a preposition, glued by ZWNJs, whose last part careful
    # text uses as a word of its own (`به‌عنوان‌مثال`, `به‌احتمال‌زیاد`): careful text writes
    # `به‌عنوان مثال`, and the restorer must not join `مثال` to it
    for sp in [s for s in ext if s.count(ZWNJ) >= 2 and uni[s] == 0 and s.split(ZWNJ)[0] in GLUED_PREPOSITIONS]:
        last = sp.rsplit(ZWNJ, 1)[1]
        if uni[last] >= PHRASE_LAST_WORD and last not in elements and last not in space_elements \
                and last not in AFTER_HEH:
            drop_with_fused(sp)
    # Word-list words (unknown to PerDT) that split as known word + element get a ZWNJ spelling,
    # which then weighs against the fused one; only through an element PerDT joins to more than one
    # first part (`روش` follows only the name `کی‌روش`: `پرخروش` is no `پرخ‌روش`).
    ext_keys = {key(s) for s in ext}

    def sure_left(left):
        # a word of two letters is as often a word's first letters (`انباری`, `اخباری`): only
        # one careful text writes often stands first in a compound (`آب`, `دل`, `کم`)
        if len(left) >= 3:
            return left in perdt_words or left in ext_keys
        return uni[left] >= LEFT_OF_TWO_LETTERS

    for s in list(ext):
        if ZWNJ in s or s in perdt_words or len(s) < 5:
            continue
        best = None
        for j in range(2, len(s) - 1):
            left, right = s[:j], s[j:]
            if right in elements and len(first_parts[right]) >= 2 and left[-1] not in NON_JOINING \
                    and sure_left(left):
                score = elements[right][0] * elements[right][1]
                if best is None or score > best[0]:
                    best = (score, left + ZWNJ + right, elements[right][1])
        if best:
            ext[best[1]] += ext[s] * best[2]
    ext_total = sum(ext.values())

    # --- spellings grouped by their letters ------------------------------------------------
    by_key = collections.defaultdict(set)
    for sp in list(uni) + list(ext):
        by_key[key(sp)].add(sp)

    costs = {}
    for k, spelling_set in by_key.items():
        spellings = sorted(spelling_set)  # a fixed order keeps float sums, and the output, stable
        perdt_k = sum(uni[s] for s in spellings)
        ext_weights = {}
        has_zwnj = any(ZWNJ in s for s in spellings)
        zwnj_spellings = sorted((s for s in spellings if ZWNJ in s), key=lambda s: (-ext[s], s))
        for s in spellings:
            ext_weights[s] = ext_weights.get(s, 0.0) + ext[s]
            if zwnj_spellings and ZWNJ not in s:
                # Fused spellings in word lists are often careless, fused می- verbs and -ها
                # plurals almost always: most of their weight goes to the ZWNJ spelling.
                kept = 0.02 if careless_affix(s, plurals) else 0.25
                ext_weights[s] -= ext[s] * (1 - kept)
                if careless_affix(s, plurals):
                    ext_weights[zwnj_spellings[0]] = ext_weights.get(zwnj_spellings[0], 0.0) + ext[s] * (1 - kept)
        ext_k = sum(ext_weights.values())
        # without word-list evidence, a careless fused spelling is still the less likely one
        prior_weights = {s: 0.02 if zwnj_spellings and ZWNJ not in s and careless_affix(s, plurals) else 1.0 for s in spellings}
        p_key = 0.6 * perdt_k / perdt_total + 0.4 * sum(ext[s] for s in spellings) / ext_total
        prior = 0.5 if perdt_k >= 2 else 2.0
        for s in spellings:
            share = ext_weights[s] / ext_k if ext_k > 0 else prior_weights[s] / sum(prior_weights.values())
            p_s = (uni[s] + prior * share) / (perdt_k + prior)
            if p_s < 0.01:
                continue
            costs[s] = -math.log(p_key * p_s)
    # A generated می- form is at least as likely as a share of its verb form, however that form
    # was counted: `می‌تپید` is about as common as `تپید` suggests, which PerDT counts and the
    # word lists barely do.
    for sp in sorted(generated):
        head, _, tail = sp.partition(ZWNJ)
        if head in CARELESS_PREFIXES and sp in costs and tail in costs:
            costs[sp] = min(costs[sp], costs[tail] - math.log(MI_FORM_SHARE if head == "می" else 0.05))

    # --- bigrams (Witten-Bell) -------------------------------------------------------------
    followers = collections.Counter(w1 for (w1, _w2) in bi)
    backoff = {w: -math.log(followers[w] / (uni[w] + followers[w])) for w in followers}
    # A word never seen as a left context backs off like a typical one, so that an unseen
    # context is no cheaper than a seen one.
    typical_backoff = sorted(backoff.values())[len(backoff) // 2]
    bigram_rows = []
    for (w1, w2), c in bi.items():
        if c < 2 or w1 not in costs or w2 not in costs:
            continue
        p = (c + followers[w1] * math.exp(-costs[w2])) / (uni[w1] + followers[w1])
        bigram_rows.append((w1, w2, -math.log(p)))

    os.makedirs(args.out, exist_ok=True)
    header = "# generated by scripts/build-model.py; do not edit (see DATA-LICENSES.md)\n"
    with open(os.path.join(args.out, "lexicon.tsv"), "w", encoding="utf-8") as f:
        f.write(header)
        # grouped by letters, cheapest spelling first: the restorer reads the groups in order
        for s in sorted(costs, key=lambda s: (key(s), round(costs[s] * 1000), s)):
            f.write(f"{s}\t{round(costs[s] * 1000)}\t{round(backoff.get(s, typical_backoff) * 1000)}\n")
    with open(os.path.join(args.out, "elements.tsv"), "w", encoding="utf-8") as f:
        f.write(header)
        for part in sorted({**elements, **space_elements}):
            if part in elements:
                c, ratio = elements[part]
                joins = "both" if c >= 2 * uni[part] else "fused"  # rarely a word of its own
            else:
                c, ratio = space_elements[part]
                joins = "space"
            f.write(f"{part}\t{round(-math.log(c / element_total * ratio) * 1000)}\t{joins}\n")
    with open(os.path.join(args.out, "bigrams.tsv"), "w", encoding="utf-8") as f:
        f.write(header)
        for w1, w2, c in sorted(bigram_rows):
            f.write(f"{w1}\t{w2}\t{round(c * 1000)}\n")
    print(f"elements: {len(elements)}; lexicon: {len(costs)} spellings; bigrams: {len(bigram_rows)}; PerDT tokens: {perdt_total}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
