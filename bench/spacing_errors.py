#!/usr/bin/env python3
"""Where the restorer's ZWNJ errors come from: each wrong ZWNJ decision on a development set,
put beside what the training text shows of the same two parts.

For every boundary where the gold sentence or the restored one has a ZWNJ and the two differ,
the parts around it (L, R: the letters back to the previous space and on to the next, ZWNJs
as in the gold) are looked up in PerDT train: how often it writes L‌R (ZWNJ), L R (apart) and
LR (fused). The error is then counted as one the training text could have taught (it shows
the gold form most), one it taught the other way (it shows another form most: the two sets
disagree), or one it never shows at all.

Usage:
  bayegan eval spacing ../shared/corpora/perdt_dev.txt --mode spaced --write-inputs /tmp/in.txt
  bayegan fix /tmp/in.txt > /tmp/out.txt
  python3 bench/spacing_errors.py --gold ../shared/corpora/perdt_dev.txt --restored /tmp/out.txt \\
      [--train ../shared/corpora/perdt_train.txt] [--examples 6]
"""
import argparse
import collections

ZWNJ = "\u200c"


def normalized(text):
    """As the evaluation reads gold text: U+0654 stripped, Arabic ی ک as Persian."""
    return text.replace("\u0654", "").replace("\u064a", "\u06cc").replace("\u0643", "\u06a9")


def boundaries(sentence):
    """The sentence's characters without spaces and ZWNJs, and the boundary after each but
    the last: 'N' none, 'S' space, 'Z' ZWNJ."""
    chars, seps, pending = [], [], None
    for ch in sentence:
        if ch in (" ", ZWNJ):
            pending = "S" if ch == " " else "Z"
            continue
        if chars:
            seps.append(pending or "N")
        chars.append(ch)
        pending = None
    return "".join(chars), seps


def spelled(chars, seps, lo, hi):
    """Characters lo..=hi with their ZWNJs."""
    return "".join(chars[t] + (ZWNJ if t < hi and seps[t] == "Z" else "") for t in range(lo, hi + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", required=True)
    parser.add_argument("--restored", required=True)
    parser.add_argument("--train", default="../shared/corpora/perdt_train.txt")
    parser.add_argument("--examples", type=int, default=6)
    args = parser.parse_args()

    with open(args.train, encoding="utf-8") as f:
        tokens = normalized(f.read()).split()
    unigrams = collections.Counter(tokens)
    bigrams = collections.Counter(zip(tokens, tokens[1:]))
    with open(args.gold, encoding="utf-8") as f:
        gold = [normalized(line.rstrip("\n")) for line in f]
    with open(args.restored, encoding="utf-8") as f:
        restored = [line.rstrip("\n") for line in f]
    if len(gold) != len(restored):
        raise SystemExit(f"{args.restored}: {len(restored)} lines for {len(gold)} gold sentences")

    counts, examples, unaligned = collections.Counter(), collections.defaultdict(list), 0
    for gold_sentence, restored_sentence in zip(gold, restored):
        chars, gold_seps = boundaries(gold_sentence)
        restored_chars, restored_seps = boundaries(restored_sentence)
        if chars != restored_chars:
            unaligned += 1
            continue
        for i, (want, got) in enumerate(zip(gold_seps, restored_seps)):
            if want == got or "Z" not in (want, got):
                continue
            lo = i
            while lo > 0 and gold_seps[lo - 1] != "S":
                lo -= 1
            hi = i + 1
            while hi < len(gold_seps) and gold_seps[hi] != "S":
                hi += 1
            left, right = spelled(chars, gold_seps, lo, i), spelled(chars, gold_seps, i + 1, hi)
            seen = {"Z": unigrams[left + ZWNJ + right], "S": bigrams[(left, right)], "N": unigrams[left + right]}
            if not any(seen.values()):
                source = "never in training"
            elif seen[want] > max(v for k, v in seen.items() if k != want):
                source = "training shows the gold form most"
            else:
                source = "training shows another form as often or more"
            error = "missed ZWNJ" if want == "Z" else "wrong ZWNJ"
            key = (error, f"{'none' if want == 'N' else 'space' if want == 'S' else 'ZWNJ'} → "
                          f"{'none' if got == 'N' else 'space' if got == 'S' else 'ZWNJ'}", source)
            counts[key] += 1
            if len(examples[key]) < args.examples:
                examples[key].append(f"{left}|{right} (Z{seen['Z']} S{seen['S']} N{seen['N']})")

    print("| error | gold → restored | what PerDT train shows | count | examples (training counts: ZWNJ, apart, fused) |")
    print("|---|---|---|---:|---|")
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {key[0]} | {key[1]} | {key[2]} | {count} | {', '.join(examples[key])} |")
    print(f"\n{sum(counts.values())} wrong ZWNJ decisions; {unaligned} sentences whose letters differ were left out")


if __name__ == "__main__":
    main()
