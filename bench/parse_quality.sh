#!/usr/bin/env bash
# Structure quality of `bayegan parse` on generated newspaper pages: precision, recall and F1
# of articles, blocks, pull quotes, boxes and furniture, the accuracy of headings and folios,
# line coverage, and the most frequent error types with examples.
#
#   bash bench/parse_quality.sh          (from the repository root)
#
# Steps: release build; COUNT pages with their truth in bench/out/quality-pages
# (bench/make_pages.py --truth, fixed seed); `bayegan parse --out bench/out/quality-parsed`;
# bench/parse_quality.py. Writes bench/out/parse-quality.md (and parse-quality.json) and prints
# the report. Exits 1 when the parse fails or a page has no JSON.
#
# Environment knobs (all optional):
#   COUNT=300          pages to generate
#   SEED=1             make_pages.py --seed
#   ERRORS=30          example mismatches listed in the report
#   SHARED=../shared   the shared data folder
#   PYTHON=python3     interpreter for make_pages.py and parse_quality.py
#   SKIP_BUILD=1       use the existing target/release/bayegan
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
COUNT=${COUNT:-300}
SEED=${SEED:-1}
ERRORS=${ERRORS:-30}
PYTHON=${PYTHON:-python3}
OUT=bench/out
PAGES=$OUT/quality-pages
PARSED=$OUT/quality-parsed
BIN=$OUT/bayegan-quality   # a copy of target/release/bayegan, so a concurrent build cannot swap it mid-run

BENCH_NAME=parse-quality
source bench/lib.sh

mkdir -p "$OUT"

release_binary

log "generating $COUNT pages with their truth (seed $SEED) from $SHARED into $PAGES"
"$PYTHON" bench/make_pages.py --shared "$SHARED" --out "$PAGES" --count "$COUNT" --seed "$SEED" --truth \
  > "$OUT/quality-pages.json"
pages=("$PAGES"/page-*.txt)
[[ ${#pages[@]} == "$COUNT" ]] || { echo "parse-quality: expected $COUNT pages in $PAGES, found ${#pages[@]}" >&2; exit 1; }

log "bayegan parse --out $PARSED"
rm -rf "$PARSED"
if ! "$BIN" parse --out "$PARSED" "${pages[@]}" 2> "$OUT/quality-parse.log"; then
  echo "parse-quality: bayegan parse failed; the end of $OUT/quality-parse.log:" >&2
  tail -n 20 "$OUT/quality-parse.log" >&2
  exit 1
fi

log "scoring"
commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
if [[ -n $(git status --porcelain -- crates Cargo.toml Cargo.lock 2> /dev/null) ]]; then commit="$commit + uncommitted changes"; fi
flags=$("$PYTHON" - "$OUT/quality-pages.json" << 'EOF'
import json, sys
t = json.load(open(sys.argv[1]))["truth"]
print("%(articles)d articles, %(blocks)d blocks, %(pull_quotes)d pull quotes, %(boxes)d boxes, "
      "%(furniture)d furniture lines, %(folios)d folios" % t
      + "; marked ambiguous: " + ", ".join("%s %d" % kv for kv in t["ambiguous"].items()))
EOF
)
status=0
note="$(date -u +%Y-%m-%dT%H:%MZ), \`$($BIN --version)\` at $commit (binary sha256 $bin_sum); $COUNT pages from \`bench/make_pages.py --seed $SEED --truth\` (PerDT train + Fars News): $flags."
"$PYTHON" bench/parse_quality.py --pages "$PAGES" --parsed "$PARSED" --errors "$ERRORS" \
  --json "$OUT/parse-quality.json" --title "bayegan parse: structure quality on $COUNT generated pages" \
  --note "$note" > "$OUT/parse-quality.md" || status=$?

cat "$OUT/parse-quality.md"
exit "$status"
