#!/usr/bin/env bash
# The Python package's benchmarks (figures in bench/RESULTS.md, "Python and Spark"):
#  1. bayegan.fix in a Python loop, bayegan.fix_batch (2 cores) and hazm's Normalizer().normalize,
#     each in one process over the same 50,000 lines: MB/s and peak RSS (bench/python/speed.py);
#  2. the Spark job (python -m bayegan.spark fix, local[2]) against `bayegan fix --out` with
#     2 threads on the same 1,000,000 lines: rows/s, ratio, peak RSS (bench/python/spark_vs_cli.py).
# Run from the repository root: bash bench/python/run.sh  (about 3 minutes on 2 idle cores;
# the first run writes ~300 MB of inputs into bench/out/python). Knobs: LINES (1000000),
# SPEED_LINES (50000), HAZM_PYTHON (bench/.venv/bin/python, made by bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

LINES=${LINES:-1000000}
SPEED_LINES=${SPEED_LINES:-50000}
HAZM_PYTHON=${HAZM_PYTHON:-bench/.venv/bin/python}
out=bench/out/python
py=target/py-venv/bin/python

bash scripts/setup-python.sh
cargo build --quiet --release -p bayegan
mkdir -p "$out"
# a copy, so a build running alongside cannot swap the binary mid-benchmark
cp target/release/bayegan "$out/bayegan"

echo "== Spark job vs bayegan fix, $LINES lines" >&2
"$py" bench/python/spark_vs_cli.py --cli "$out/bayegan" --lines "$LINES" --out "$out" | tee "$out/spark.json"

echo "== in one process, $SPEED_LINES lines" >&2
head -n "$SPEED_LINES" "$out/lines.txt" >"$out/speed-lines.txt"
{
    "$py" bench/python/speed.py fix "$out/speed-lines.txt"
    "$py" bench/python/speed.py batch "$out/speed-lines.txt"
    if "$HAZM_PYTHON" -c 'import hazm' 2>/dev/null; then
        "$HAZM_PYTHON" bench/python/speed.py hazm "$out/speed-lines.txt"
    else
        echo "hazm is not installed in $HAZM_PYTHON (bash bench/run.sh makes bench/.venv); skipped" >&2
    fi
} | tee "$out/speed.jsonl"
