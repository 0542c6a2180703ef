#!/usr/bin/env bash
# bayegan on PDFs and scans: character accuracy of extraction and restoration, articles found,
# pages/s, against the truth files of crates/extract/testdata (bench/pdf_quality.py).
#
#   bash bench/pdf_quality.sh          (from anywhere; a few minutes, most of it Tesseract)
#
# Steps: release build; a copy of the binary; bench/pdf_quality.py. Writes
# bench/out/pdf-quality.md (and pdf-quality.json) and prints the report. Needs poppler-utils and
# Tesseract with `fas` (scripts/setup.sh installs them); the test material is committed
# (crates/extract/testdata/make.sh regenerates it).
#
# Environment knobs (all optional):
#   NO_OCR=1           leave out the images and the image-only PDF
#   PYTHON=python3     interpreter for pdf_quality.py
#   SKIP_BUILD=1       use the existing target/release/bayegan
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
OUT=bench/out
BIN=$OUT/bayegan-pdf-quality   # a copy of target/release/bayegan, so a concurrent build cannot swap it mid-run

BENCH_NAME=pdf-quality
source bench/lib.sh

mkdir -p "$OUT"
release_binary

commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
if [[ -n $(git status --porcelain -- crates Cargo.toml Cargo.lock 2> /dev/null) ]]; then commit="$commit + uncommitted changes"; fi
note="$(date -u +%Y-%m-%dT%H:%MZ), \`$($BIN --version)\` at $commit (binary sha256 $bin_sum); $(pdftotext -v 2>&1 | head -n1), $(tesseract --version 2>&1 | head -n1); $(nproc) CPUs."
flags=()
[[ ${NO_OCR:-0} == 1 ]] && flags+=(--no-ocr)

log "scoring (each input through pdftotext or Tesseract, bayegan extract, fix and parse)"
"$PYTHON" bench/pdf_quality.py --bayegan "$BIN" "${flags[@]}" --json "$OUT/pdf-quality.json" --note "$note" \
  > "$OUT/pdf-quality.md"
cat "$OUT/pdf-quality.md"
