#!/usr/bin/env bash
# Speed and memory benchmark of `bayegan fix`, with hazm's Normalizer as the reference.
#
#   bash bench/run.sh            (from the repository root; about 3 minutes on 2 cores,
#                                 plus about 1 minute the first time, to install hazm)
#
# Steps: release build; a >= 20 MiB corpus of ZWNJ-less Persian text from ../shared;
# `bayegan fix` single-threaded (best of RUNS) and its peak RSS; `bayegan fix --out` over
# the corpus split into 8 files with 1 and 2 rayon threads; hazm's Normalizer over the
# same lines in a venv (bench/.venv). Writes the report to bench/out/speed.md and prints it.
#
# Environment knobs (all optional):
#   RUNS=3             timed runs per measurement; the best (shortest) one is reported
#   SHARED=../shared   the shared data folder
#   PYTHON=python3     interpreter used for the corpus script and to create the venv
#   HAZM_SPEC=hazm==0.10.0   what pip installs (0.10.0 is the newest for Python < 3.12)
#   FRESH_VENV=1       delete and recreate bench/.venv even if hazm already imports there
#   RSS_METHOD=wrapper measure peak RSS with bench/maxrss.py instead of /usr/bin/time -v
#   SKIP_BUILD=1       use the existing target/release/bayegan
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-python3}
HAZM_SPEC=${HAZM_SPEC:-hazm==0.10.0}
OUT=bench/out
VENV=bench/.venv
BIN=target/release/bayegan
CORPUS=$OUT/corpus.txt
SPLIT=$OUT/split
NFILES=8
status=0

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# Floating-point helpers (awk): fmt VALUE DECIMALS, calc EXPRESSION.
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; }
# min of the arguments
best() { printf '%s\n' "$@" | sort -g | head -n1; }
# Share of the machine's CPU time left idle over one second (percent): other work on the
# machine (a build, tests) skews every figure, so each section samples it first.
idle_pct() {
  local _c u n s i w q sq st a b
  read -r _c u n s i w q sq st _ < /proc/stat; a=$((u + n + s + i + w + q + sq + st)); b=$((i + w))
  sleep 1
  read -r _c u n s i w q sq st _ < /proc/stat
  awk -v t=$((u + n + s + i + w + q + sq + st - a)) -v d=$((i + w - b)) 'BEGIN { printf "%.0f", t ? 100 * d / t : 100 }'
}
idle_samples=()
check_idle() {
  local p; p=$(idle_pct); idle_samples+=("$1 $p%")
  if (( p < 90 )); then log "WARNING: machine only $p% idle before $1: other processes are running"; busy=1; fi
}
busy=0

mkdir -p "$OUT"

# ---------------------------------------------------------------- 1. build
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "cargo build --release -p bayegan"
  cargo build --release -p bayegan
fi
[[ -x $BIN ]] || { echo "bench: $BIN missing" >&2; exit 1; }

# ---------------------------------------------------------------- 2. corpus
log "building the corpus from $SHARED"
"$PYTHON" bench/make_corpus.py --shared "$SHARED" --out "$CORPUS" --split "$NFILES" --split-dir "$SPLIT" \
  > "$OUT/corpus.json"
corpus_bytes=$(stat -c %s "$CORPUS")
corpus_lines=$(wc -l < "$CORPUS")
corpus_copies=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["copies"])' "$OUT/corpus.json")
corpus_mb=$(calc "$corpus_bytes / 1e6")
log "corpus: $corpus_bytes bytes, $corpus_lines lines"

# ---------------------------------------------------------------- 3. peak-RSS tool
RSS_METHOD=${RSS_METHOD:-time}
if [[ $RSS_METHOD == time && ! -x /usr/bin/time ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null; then
    log "/usr/bin/time missing: apt-get install -y time"
    apt-get install -y time > "$OUT/apt.log" 2>&1 \
      || { apt-get update > "$OUT/apt.log" 2>&1 && apt-get install -y time >> "$OUT/apt.log" 2>&1; } \
      || log "apt-get failed (see $OUT/apt.log)"
  fi
  [[ -x /usr/bin/time ]] || { log "falling back to bench/maxrss.py"; RSS_METHOD=wrapper; }
fi
# with_rss FILE CMD...: run CMD, leave "Maximum resident set size (kbytes): N" in FILE.
with_rss() {
  local file=$1; shift
  if [[ $RSS_METHOD == time ]]; then
    /usr/bin/time -v -o "$file" "$@"
  else
    "$PYTHON" bench/maxrss.py "$file" -- "$@"
  fi
}
rss_kb() { sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$1"; }

# ---------------------------------------------------------------- 4. bayegan fix, 1 thread
check_idle "fix"
export RAYON_NUM_THREADS=1
: > "$OUT/empty.txt"
startup=()
for _ in $(seq "$RUNS"); do
  t0=$EPOCHREALTIME; "$BIN" fix "$OUT/empty.txt" > /dev/null; t1=$EPOCHREALTIME
  startup+=("$(calc "$t1 - $t0")")
done
startup_best=$(best "${startup[@]}")

single=()
for i in $(seq "$RUNS"); do
  log "bayegan fix, 1 thread, run $i/$RUNS"
  t0=$EPOCHREALTIME
  RAYON_NUM_THREADS=1 "$BIN" fix "$CORPUS" > /dev/null
  t1=$EPOCHREALTIME
  single+=("$(calc "$t1 - $t0")")
done
single_best=$(best "${single[@]}")
single_mbs=$(calc "$corpus_mb / $single_best")

log "bayegan fix, 1 thread, under $RSS_METHOD for peak RSS"
RAYON_NUM_THREADS=1 with_rss "$OUT/rss.txt" "$BIN" fix "$CORPUS" > "$OUT/fixed-stdout.txt"
rss=$(rss_kb "$OUT/rss.txt")
[[ -n $rss ]] || { echo "bench: no peak RSS in $OUT/rss.txt" >&2; exit 1; }
rss_mib=$(calc "$rss / 1024")
out_lines=$(wc -l < "$OUT/fixed-stdout.txt")
if [[ $out_lines != "$corpus_lines" ]]; then
  log "WARNING: fix printed $out_lines lines for $corpus_lines input lines"; status=1
fi

# ---------------------------------------------------------------- 5. --out over 8 files, 1 vs 2 threads
parts=("$SPLIT"/part*.txt)
[[ ${#parts[@]} == "$NFILES" ]] || { echo "bench: expected $NFILES split files" >&2; exit 1; }
declare -A dir_best dir_mbs
for threads in 1 2; do
  check_idle "--out/$threads"
  times=()
  for i in $(seq "$RUNS"); do
    log "bayegan fix --out, $NFILES files, RAYON_NUM_THREADS=$threads, run $i/$RUNS"
    rm -rf "$OUT/fixed-$threads"
    t0=$EPOCHREALTIME
    RAYON_NUM_THREADS=$threads "$BIN" fix --out "$OUT/fixed-$threads" "${parts[@]}" 2> "$OUT/fixed-$threads.log"
    t1=$EPOCHREALTIME
    times+=("$(calc "$t1 - $t0")")
  done
  dir_best[$threads]=$(best "${times[@]}")
  dir_mbs[$threads]=$(calc "$corpus_mb / ${dir_best[$threads]}")
done
speedup=$(calc "${dir_best[1]} / ${dir_best[2]}")
# Same output whatever the thread count, and the same as the single-stream run.
for threads in 1 2; do
  if ! cat "$OUT/fixed-$threads"/part{1..8}.txt | cmp -s - "$OUT/fixed-stdout.txt"; then
    log "WARNING: --out with $threads thread(s) differs from plain fix output"; status=1
  fi
done

# ---------------------------------------------------------------- 6. hazm
unset RAYON_NUM_THREADS
hazm_note=""
if [[ ${FRESH_VENV:-0} == 1 ]]; then rm -rf "$VENV"; fi
if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'from hazm import Normalizer' 2> /dev/null; then
  log "reusing $VENV (FRESH_VENV=1 rebuilds it)"
  venv_state="reused"
else
  log "creating $VENV and installing $HAZM_SPEC (log: $OUT/hazm-install.log)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  venv_state="created"
  if ! "$VENV/bin/pip" install "$HAZM_SPEC" > "$OUT/hazm-install.log" 2>&1; then
    # hazm pins numpy==1.24.3, which has no wheel for newer Pythons. `from hazm import
    # Normalizer` imports the whole package, which imports all of its direct dependencies:
    # install those unpinned.
    log "pip install $HAZM_SPEC failed; trying --no-deps plus what the import needs"
    venv_state="created (--no-deps fallback)"
    { "$VENV/bin/pip" install --no-deps "$HAZM_SPEC" \
        && "$VENV/bin/pip" install numpy python-crfsuite scikit-learn nltk flashtext fasttext-wheel gensim
    } >> "$OUT/hazm-install.log" 2>&1 || true
  fi
fi
if "$VENV/bin/python" -c 'from hazm import Normalizer; Normalizer().normalize("می کند")' \
    >> "$OUT/hazm-install.log" 2>&1; then
  check_idle "hazm"
  log "hazm Normalizer over the corpus (about 20 s)"
  "$VENV/bin/python" bench/hazm_speed.py "$CORPUS" > "$OUT/hazm.json"
  read -r hazm_version hazm_mbs hazm_s hazm_import hazm_init < <("$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["hazm_version"], d["mb_per_s"], d["normalize_s"], d["import_s"], d["init_s"])' "$OUT/hazm.json")
  ratio=$(calc "$single_mbs / $hazm_mbs")
else
  log "ERROR: hazm does not import; see $OUT/hazm-install.log"
  status=1
  hazm_version="n/a"; hazm_mbs=""; ratio=""
  hazm_note="hazm could not be installed (see bench/out/hazm-install.log)"
fi

# ---------------------------------------------------------------- 7. report
commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
if [[ -n $(git status --porcelain -- crates Cargo.toml Cargo.lock 2> /dev/null) ]]; then commit="$commit + uncommitted changes"; fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
list() { local out=""; for t in "$@"; do out+="${out:+, }$(fmt "$t" 2)"; done; echo "$out"; }

{
  echo "### bayegan speed benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), \`$($BIN --version)\` at $commit; $(nproc) cores ($cpu); best of $RUNS runs; MB = 10^6 bytes."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| corpus | $(fmt "$corpus_mb" 2) MB, $corpus_lines lines (Fars News 1-5 + PerDT train, every ZWNJ removed, repeated ×$corpus_copies) |"
  echo "| bayegan fix, 1 thread | **$(fmt "$single_mbs" 2) MB/s** ($(fmt "$single_best" 2) s; runs $(list "${single[@]}") s; startup on empty input $(fmt "$startup_best" 3) s) |"
  echo "| peak RSS, fix 1 thread | **$(fmt "$rss_mib" 1) MiB** ($rss kB, $([[ $RSS_METHOD == time ]] && echo '/usr/bin/time -v' || echo 'bench/maxrss.py')) |"
  echo "| fix --out, $NFILES files, 1 thread | $(fmt "${dir_mbs[1]}" 2) MB/s ($(fmt "${dir_best[1]}" 2) s) |"
  echo "| fix --out, $NFILES files, 2 threads | $(fmt "${dir_mbs[2]}" 2) MB/s ($(fmt "${dir_best[2]}" 2) s): **×$(fmt "$speedup" 2)** over 1 thread |"
  if [[ -n $hazm_mbs ]]; then
    echo "| hazm $hazm_version Normalizer().normalize, per line | **$(fmt "$hazm_mbs" 2) MB/s** ($(fmt "$hazm_s" 1) s; import $(fmt "$hazm_import" 1) s and Normalizer() $(fmt "$hazm_init" 1) s not counted) |"
    echo "| bayegan / hazm (1 thread) | **×$(fmt "$ratio" 2)** |"
  else
    echo "| hazm | n/a: $hazm_note |"
  fi
  echo
  echo "bayegan figures are wall-clock time of the whole process (start-up, model load, reading, writing to /dev/null or to DIR);"
  echo "hazm's cover only the normalize loop over the lines already in memory. hazm venv: $venv_state."
  echo "Machine idle in the second before each section: ${idle_samples[*]}."
  if [[ $busy == 1 ]]; then
    echo
    echo "**Warning: other processes were using the CPUs during this run; the figures (the 2-thread one above all) are low. Rerun on a quiet machine.**"
  fi
} > "$OUT/speed.md"

cat "$OUT/speed.md"
exit "$status"
