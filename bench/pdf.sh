#!/usr/bin/env bash
# Speed and memory of bayegan on PDFs and scans (crates/extract/testdata), and the article
# segmentation with and without geometry (bench/pdf_quality.py, the other half of the story).
#
#   bash bench/pdf.sh          (from anywhere; a few minutes, most of it Tesseract)
#
# Steps: release build and a copy of the binary; then, each timed RUNS times (best and median
# reported):
#   text PDFs    `bayegan extract` and `bayegan parse` (with geometry and with --no-geometry) over
#                the text PDFs of the testdata (bad-* and the 500-page one left out): pages/s
#   500 pages    `bayegan extract --json big-500-pages.pdf`: pages/s and peak RSS (streamed page
#                by page: the peak must not grow with the page count)
#   OCR          `bayegan parse` over the images and the image-only PDF: pages/s
# and, unless SKIP_QUALITY=1, bench/pdf_quality.py for the articles found with
# and without geometry against the truth files. Writes bench/out/pdf.md and prints it.
#
# Environment knobs (all optional):
#   RUNS=3             timed runs
#   NO_OCR=1           leave out the images and the image-only PDF
#   SKIP_QUALITY=1     leave out bench/pdf_quality.py
#   SKIP_BUILD=1       use the existing target/release/bayegan (BAYEGAN=PATH: that binary)
#   PYTHON=python3     interpreter for maxrss.py and pdf_quality.py
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-python3}
OUT=bench/out
BIN=$OUT/bayegan-pdf   # a copy of the binary, so a concurrent build cannot swap it mid-run
DATA=crates/extract/testdata

BENCH_NAME=pdf-bench
source bench/lib.sh

mkdir -p "$OUT"
if [[ -n ${BAYEGAN:-} ]]; then
  cp "$BAYEGAN" "$BIN"
  bin_sum=$(sha256sum "$BIN" | cut -c1-12)
else
  release_binary
fi
rss_tool

text_pdfs=()
ocr_inputs=()
for f in "$DATA"/*; do
  name=$(basename "$f")
  [[ $name == bad-* || $name == big-* || $name == *.truth.json ]] && continue
  case $name in
    scan-*) ocr_inputs+=("$f") ;;
    *.pdf) text_pdfs+=("$f") ;;
  esac
done
[[ ${#text_pdfs[@]} -gt 0 ]] || { echo "$BENCH_NAME: no text PDFs in $DATA" >&2; exit 1; }
pages_of() { local n=0 f p; for f in "$@"; do
  case $f in *.pdf) p=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }') ;; *) p=1 ;; esac
  n=$((n + p)); done; echo $n; }

# timed NAME PAGES CMD...: RUNS runs of CMD (output discarded); prints "best median" seconds
timed() {
  local name=$1 pages=$2; shift 2
  local times=() start end
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$@" > /dev/null 2>> "$OUT/pdf.stderr" || { log "$name: exit status $? (see $OUT/pdf.stderr)"; }
    end=$(date +%s.%N)
    times+=("$(calc "$end - $start")")
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  local min median; min=$(head -n1 <<< "$sorted"); median=$(sed -n "$(((RUNS + 1) / 2))p" <<< "$sorted")
  log "$name: $pages pages, best $(fmt "$min" 2) s, median $(fmt "$median" 2) s"
  printf '| %s | %s | %s | %s |\n' "$name" "$pages" "$(fmt "$(calc "$pages / $min")" 1)" "$(fmt "$(calc "$pages / $median")" 1)" >> "$OUT/pdf.rows"
}

: > "$OUT/pdf.rows"
: > "$OUT/pdf.stderr"
text_pages=$(pages_of "${text_pdfs[@]}")
timed "\`extract\`, text PDFs" "$text_pages" "$BIN" extract "${text_pdfs[@]}"
timed "\`extract --no-geometry\`, text PDFs" "$text_pages" "$BIN" extract --no-geometry "${text_pdfs[@]}"
timed "\`parse\`, text PDFs" "$text_pages" "$BIN" parse "${text_pdfs[@]}"
timed "\`parse --no-geometry\`, text PDFs" "$text_pages" "$BIN" parse --no-geometry "${text_pdfs[@]}"
timed "pdftotext alone, text PDFs (reference)" "$text_pages" bash -c 'for f; do pdftotext "$f" -; done' _ "${text_pdfs[@]}"
big=$DATA/big-500-pages.pdf
if [[ -f $big ]]; then
  timed "\`extract --json\`, big-500-pages.pdf" 500 "$BIN" extract --json "$big"
  with_rss "$OUT/pdf-big.rss" "$BIN" extract --json "$big" > "$OUT/pdf-big.jsonl"
  big_pages=$(wc -l < "$OUT/pdf-big.jsonl")
  big_rss=$(rss_kb "$OUT/pdf-big.rss")
  first=$(with_rss "$OUT/pdf-one.rss" "$BIN" extract --json "${text_pdfs[0]}" | wc -l)
  one_rss=$(rss_kb "$OUT/pdf-one.rss")
  [[ $big_pages == 500 ]] || { log "big-500-pages.pdf gave $big_pages pages, not 500"; status=1; }
fi
if [[ ${NO_OCR:-0} != 1 && ${#ocr_inputs[@]} -gt 0 ]]; then
  ocr_pages=$(pages_of "${ocr_inputs[@]}")
  timed "\`parse\`, scans (OCR)" "$ocr_pages" "$BIN" parse "${ocr_inputs[@]}"
  timed "tesseract alone, images (reference)" "$(pages_of $(printf '%s\n' "${ocr_inputs[@]}" | grep -v '\.pdf$'))" \
    bash -c 'for f; do case $f in *.pdf) ;; *) tesseract "$f" - -l fas > /dev/null 2>&1 ;; esac; done' _ "${ocr_inputs[@]}"
fi

{
  echo "## bayegan on PDFs and scans: speed"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), \`$($BIN --version)\` (binary sha256 $bin_sum); $(pdftotext -v 2>&1 | head -n1); $(tesseract --version 2>&1 | head -n1); $(nproc) CPUs; $RUNS runs each. Inputs: ${#text_pdfs[@]} text PDFs ($text_pages pages), ${#ocr_inputs[@]} scans, from \`$DATA\`."
  echo
  echo "| command | pages | pages/s (best) | pages/s (median) |"
  echo "|---|---|---|---|"
  cat "$OUT/pdf.rows"
  if [[ -n ${big_rss:-} ]]; then
    echo
    echo "Peak RSS ($(rss_label)): \`extract --json\` of big-500-pages.pdf $((big_rss / 1024)) MB for $big_pages pages; of one $first-page PDF $((one_rss / 1024)) MB."
  fi
} > "$OUT/pdf.md"

if [[ ${SKIP_QUALITY:-0} != 1 && -f bench/pdf_quality.py ]]; then
  log "articles with and without geometry: bench/pdf_quality.py"
  flags=()
  [[ ${NO_OCR:-0} == 1 ]] && flags+=(--no-ocr)
  { echo; echo "## Articles, with and without geometry (bench/pdf_quality.py)"; echo
    "$PYTHON" bench/pdf_quality.py --bayegan "$BIN" "${flags[@]}" --json "$OUT/pdf-quality.json"; } >> "$OUT/pdf.md"
fi
cat "$OUT/pdf.md"
exit "${status:-0}"
