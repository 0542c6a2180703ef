#!/usr/bin/env bash
# The archive's proof (issue 5): recall of every spelling on a variant test set, beside tantivy's
# default analyzer and SQLite FTS5 on the same documents and queries; then a 100,000-article
# archive: ingest articles/s, index size, peak RSS, and the latency of 1,000 mixed queries.
#
#   bash bench/archive.sh          (from the repository root; about 2 minutes)
#
# Writes bench/out/archive.md and prints it. Knobs: SHARED=../shared, COUNT=100000 articles,
# SKIP_BUILD=1 to use the existing binaries, BIN=target/release/bayegan for another build of the
# binary (implies SKIP_BUILD; the default_analyzer example is then taken beside it, or from
# target/release/examples).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SHARED=${SHARED:-../shared}
COUNT=${COUNT:-100000}
OUT=bench/out
mkdir -p "$OUT"
BENCH_NAME=archive-bench
source bench/lib.sh

if [[ -n "${BIN:-}" ]]; then SKIP_BUILD=1; fi
if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "building"
  cargo build --release -p bayegan -q
  cargo build --release -p bayegan-archive --example default_analyzer -q
fi
BIN=${BIN:-target/release/bayegan}
DEFAULT_ANALYZER=$(dirname "$BIN")/examples/default_analyzer
[[ -x $DEFAULT_ANALYZER ]] || DEFAULT_ANALYZER=target/release/examples/default_analyzer
[[ -x $DEFAULT_ANALYZER ]] || { echo "archive.sh: no default_analyzer beside $BIN or in target/release/examples: cargo build --release -p bayegan-archive --example default_analyzer" >&2; exit 1; }

log "variant test set"
python3 bench/make_variants.py --shared "$SHARED" --out "$OUT/variants" > /dev/null
rm -rf "$OUT/variants-archive"
"$BIN" ingest --archive "$OUT/variants-archive" "$OUT/variants/docs.jsonl" 2> "$OUT/variants-ingest.log"
python3 bench/archive_recall.py --bin "$BIN" --archive "$OUT/variants-archive" --queries "$OUT/variants/queries.jsonl" > "$OUT/recall-bayegan.md"
"$DEFAULT_ANALYZER" "$OUT/variants/docs.jsonl" "$OUT/variants/queries.jsonl" > "$OUT/default-results.jsonl"
python3 bench/archive_recall.py --bin "$BIN" --archive "$OUT/variants-archive" --queries "$OUT/variants/queries.jsonl" \
  --results "$OUT/default-results.jsonl" > "$OUT/recall-tantivy-default.md"
python3 bench/sqlite_fts.py --docs "$OUT/variants/docs.jsonl" --queries "$OUT/variants/queries.jsonl" > "$OUT/recall-sqlite.md"

log "$COUNT articles"
python3 bench/make_articles.py --shared "$SHARED" --out "$OUT/articles.jsonl" --count "$COUNT" > /dev/null
python3 bench/make_queries.py --shared "$SHARED" --out "$OUT/queries.txt" > /dev/null
rm -rf "$OUT/archive100k"
/usr/bin/time -v "$BIN" ingest --archive "$OUT/archive100k" "$OUT/articles.jsonl" 2> "$OUT/ingest.log"
ingested=$(grep -o 'ingested .*' "$OUT/ingest.log" | head -1)
rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f MiB", $2/1024}' "$OUT/ingest.log")
size=$(du -sb "$OUT/archive100k" | cut -f1)
"$BIN" search --archive "$OUT/archive100k" --json --limit 10 --queries "$OUT/queries.txt" > /dev/null   # warm the page cache
"$BIN" search --archive "$OUT/archive100k" --json --limit 10 --queries "$OUT/queries.txt" > "$OUT/query-times.jsonl"
latency=$(python3 - "$OUT/query-times.jsonl" <<'PY'
import json, sys
t = sorted(json.loads(l)["took_ms"] for l in open(sys.argv[1]))
n = len(t)
print(f"{n} queries: p50 {t[n // 2]:.2f} ms, p90 {t[int(n * .9)]:.2f} ms, p99 {t[int(n * .99)]:.2f} ms, max {t[-1]:.2f} ms")
PY
)

{
  echo "### bayegan archive benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), \`$("$BIN" --version)\` at $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + uncommitted changes'); $(nproc) cores."
  echo
  echo "#### Recall on the variant test set (bench/make_variants.py): bayegan"
  echo; cat "$OUT/recall-bayegan.md"; echo
  echo "#### The same queries, tantivy's default analyzer over the raw text"
  echo; cat "$OUT/recall-tantivy-default.md"; echo
  echo "#### The same queries, SQLite FTS5 (unicode61) over the raw text"
  echo; cat "$OUT/recall-sqlite.md"; echo
  echo "#### $COUNT articles (bench/make_articles.py)"
  echo
  echo "- ingest: $ingested; peak RSS $rss"
  echo "- index: $((size / 1024 / 1024)) MiB, $((size / COUNT)) bytes per article (the whole record is stored: text, source, edits)"
  echo "- search (in-process time, warm): $latency"
} > "$OUT/archive.md"
cat "$OUT/archive.md"
