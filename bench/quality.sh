#!/usr/bin/env bash
# ZWNJ/space restoration quality on ../shared/corpora/perdt_dev.txt, bayegan against hazm's
# Normalizer on the very same corrupted sentences, scored by the same code
# (`bayegan eval spacing`), one sentence at a time; bayegan also with all sentences as one
# document (`--document`, as `bayegan fix FILE` reads a file). Prints a Markdown table; also
# writes bench/out/quality.md.
# Needs bench/.venv with hazm (bench/run.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
dev=${SHARED:-../shared}/corpora/perdt_dev.txt
cargo build --release -q -p bayegan
bin=target/release/bayegan
py=bench/.venv/bin/python
if ! "$py" -c 'import hazm' 2>/dev/null; then
    echo "quality: hazm is not installed in bench/.venv; run bash bench/run.sh first" >&2
    exit 1
fi
mkdir -p bench/out
row() { # tool mode report.json
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
tool, mode, path = sys.argv[1:]
r = json.load(open(path))
def prf(d):
    tp, fp, fn = d["true_positives"], d["false_positives"], d["false_negatives"]
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return p, rc, (2 * p * rc / (p + rc) if p + rc else 0.0)
zp, zr, zf = prf(r["zwnj"])
sp, sr, sf = prf(r["space"])
words = r["words_right"] / r["words"] if r["words"] else 1.0
changed = 100 * r["changed"] / r["boundaries"] if r["boundaries"] else 0.0
print(f"| {tool} | {mode} | {r['sentences']} ({r['skipped']} skipped) | {zp:.4f} | {zr:.4f} | **{zf:.4f}** | {sf:.4f} | {words:.4f} | {changed:.3f}% |")
PY
}
{
    echo "| tool | mode | sentences scored | ZWNJ P | ZWNJ R | ZWNJ F1 | space F1 | words fully right | boundaries changed |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for mode in joined spaced mixed clean fused; do
        "$bin" eval spacing "$dev" --mode "$mode" --json > "bench/out/bayegan-$mode.json"
        row bayegan "$mode" "bench/out/bayegan-$mode.json"
        "$bin" eval spacing "$dev" --mode "$mode" --document --json > "bench/out/bayegan-$mode-document.json"
        row "bayegan, one document" "$mode" "bench/out/bayegan-$mode-document.json"
        "$bin" eval spacing "$dev" --mode "$mode" --write-inputs "bench/out/inputs-$mode.txt"
        "$py" bench/hazm_restore.py "bench/out/inputs-$mode.txt" "bench/out/hazm-$mode.txt"
        "$bin" eval spacing "$dev" --mode "$mode" --outputs "bench/out/hazm-$mode.txt" --json > "bench/out/hazm-$mode.json"
        row "hazm 0.10.0" "$mode" "bench/out/hazm-$mode.json"
    done
} | tee bench/out/quality.md
