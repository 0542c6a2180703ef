#!/usr/bin/env bash
# Speed and memory benchmark of `bayegan fix`, with hazm's Normalizer as the reference.
#
#   bash bench/run.sh            (from the repository root; about 1.5 minutes on 2 quiet
#                                 cores, plus about 1 minute the first time, to install
#                                 hazm, plus up to WAIT_TOTAL s of waiting on a busy machine)
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
#   WAIT_IDLE=60       seconds to wait, before each section, for the CPUs to be >= 90% idle
#   WAIT_TOTAL=300     seconds of such waiting in the whole run, at most
#   MAX_OTHERS=10      a timed run during which other processes used more than this share
#                      of the CPUs (percent) is discarded and run again
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-python3}
HAZM_SPEC=${HAZM_SPEC:-hazm==0.10.0}
OUT=bench/out
VENV=bench/.venv
BIN=$OUT/bayegan   # a copy of target/release/bayegan, so a concurrent build cannot swap it mid-run
CORPUS=$OUT/corpus.txt
SPLIT=$OUT/split
NFILES=8
status=0

BENCH_NAME=bench
source bench/lib.sh
# Share of the machine's CPU time left idle over one second (percent): other work on the
# machine (a build, tests) skews every figure, so each section samples it first.
idle_pct() {
  local _c u n s i w q sq st a b
  read -r _c u n s i w q sq st _ < /proc/stat; a=$((u + n + s + i + w + q + sq + st)); b=$((i + w))
  sleep 1
  read -r _c u n s i w q sq st _ < /proc/stat
  awk -v t=$((u + n + s + i + w + q + sq + st - a)) -v d=$((i + w - b)) 'BEGIN { printf "%.0f", t ? 100 * d / t : 100 }'
}
# check_idle NAME [quiet]: before a section, wait up to WAIT_IDLE seconds for the CPUs to be
# >= 90% idle; record the last sample (unless quiet). Only a hint: what decides whether a
# run counts is the per-run accounting below.
# All the waits together stop at WAIT_TOTAL seconds, so a machine that never gets quiet
# costs minutes, not hours.
idle_samples=()
waited_total=0
check_idle() {
  local p waited=0
  p=$(idle_pct)
  while (( p < 90 && waited < ${WAIT_IDLE:-60} && waited_total < ${WAIT_TOTAL:-300} )); do
    (( waited == 0 )) && log "machine $p% idle before $1; waiting up to ${WAIT_IDLE:-60} s for it to settle"
    sleep 4; waited=$((waited + 5)); waited_total=$((waited_total + 5)); p=$(idle_pct)
  done
  [[ ${2:-} == quiet ]] || idle_samples+=("$1 $p%")
  if (( p < 90 )); then log "machine still only $p% idle before $1: going on"; fi
}
busy=0

# timed_once KEY LABEL PREP CMD...: one timed run of CMD (after PREP, untimed). A run during
# which other processes used more than MAX_OTHERS% of the CPUs (default 10) is discarded,
# the machine given time to settle, and the run tried again, 4 tries at most. Times are
# collected under KEY: undisturbed ones in M_kept, all of them in M_all.
declare -A M_kept M_all
m_discarded_total=0
timed_once() {
  local key=$1 label=$2 prep=$3; shift 3
  local tries=0 cpu0 ch0 t0 t1 el o
  while (( tries < 4 )); do
    tries=$((tries + 1))
    "$prep"
    cpu0=$(cpu_ticks); ch0=$(child_ticks)
    t0=$EPOCHREALTIME; "$@"; t1=$EPOCHREALTIME
    o=$(others_pct "$cpu0" "$ch0"); el=$(calc "$t1 - $t0")
    M_all[$key]+="$el "
    if (( o <= ${MAX_OTHERS:-10} )); then
      M_kept[$key]+="$el "; log "$label: $(fmt "$el" 3) s (others ${o}%)"; return
    fi
    m_discarded_total=$((m_discarded_total + 1))
    log "$label: $(fmt "$el" 3) s discarded, other processes used ${o}% of the CPUs"
    check_idle "$label" quiet
  done
}
# measure KEY LABEL PREP CMD...: RUNS timed runs, then summarize KEY.
measure() { local r; for r in $(seq "$RUNS"); do timed_once "$@"; done; summarize "$1"; }
# summarize KEY: sets m_best (shortest time), m_runs (the undisturbed times) and m_flag. With
# no undisturbed run at all it falls back on the RUNS fastest disturbed ones and flags them.
summarize() {
  local kept
  read -r -a kept <<< "${M_kept[$1]:-}"
  m_flag=""
  if (( ${#kept[@]} == 0 )); then
    log "WARNING: $1: no undisturbed run; keeping the $RUNS fastest"; busy=1
    mapfile -t kept < <(printf '%s\n' ${M_all[$1]} | sort -g | head -n "$RUNS")
    m_flag=" ⚠ all runs disturbed"
  fi
  m_best=$(best "${kept[@]}"); m_runs=("${kept[@]}")
}

mkdir -p "$OUT"

# ---------------------------------------------------------------- 1. build
release_binary

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
rss_tool

# ---------------------------------------------------------------- 4. bayegan fix, 1 thread
check_idle "fix"
export RAYON_NUM_THREADS=1
: > "$OUT/empty.txt"
fix_empty() { "$BIN" fix "$OUT/empty.txt" > /dev/null; }
measure startup "startup (empty input)" : fix_empty
startup_best=$m_best

fix_single() { RAYON_NUM_THREADS=1 "$BIN" fix "$CORPUS" > /dev/null; }
measure single "fix, 1 thread" : fix_single
single_best=$m_best; single=("${m_runs[@]}"); single_flag=$m_flag
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
declare -A dir_best dir_mbs dir_flag
clear_dir() { rm -rf "$OUT/fixed-$threads"; }
fix_dir() { RAYON_NUM_THREADS=$threads "$BIN" fix --out "$OUT/fixed-$threads" "${parts[@]}" 2> "$OUT/fixed-$threads.log"; }
check_idle "--out"
# 1 and 2 threads alternate, so that both see the same conditions on the machine.
for _ in $(seq "$RUNS"); do
  for threads in 1 2; do
    timed_once "out$threads" "fix --out, $NFILES files, $threads thread(s)" clear_dir fix_dir
  done
done
for threads in 1 2; do
  summarize "out$threads"
  dir_best[$threads]=$m_best; dir_flag[$threads]=$m_flag
  dir_mbs[$threads]=$(calc "$corpus_mb / ${dir_best[$threads]}")
done
speedup=$(calc "${dir_best[1]} / ${dir_best[2]}")
# --out must give the same files whatever the thread count.
if ! diff -rq "$OUT/fixed-1" "$OUT/fixed-2" > /dev/null; then
  log "ERROR: fix --out output differs between 1 and 2 threads"; status=1
  consistency="**fix --out differs between 1 and 2 threads** (diff -r bench/out/fixed-1 bench/out/fixed-2)"
else
  consistency="fix --out identical with 1 and 2 threads"
fi
# The 8 files restored apart, put back together, against the corpus restored in one stream:
# fix reads input in 64 KiB pieces, so lines whose restoration looks across a line break can
# come out differently when the piece (or file) boundaries differ. Counted, not failed.
split_diff=$(cat "$OUT/fixed-1"/part{1..8}.txt | diff - "$OUT/fixed-stdout.txt" | grep -c '^<' || true)
if [[ $split_diff == 0 ]]; then
  consistency+="; the 8 outputs together equal the single-stream output"
else
  log "note: $split_diff line(s) of the split outputs differ from the single-stream output"
  consistency+="; $split_diff of $corpus_lines lines differ between the 8 split outputs and the single-stream output (context across piece/file boundaries: \`diff <(cat bench/out/fixed-1/part{1..8}.txt) bench/out/fixed-stdout.txt\`)"
fi

# ---------------------------------------------------------------- 6. hazm
unset RAYON_NUM_THREADS
hazm_note=""; hazm_others=""
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
  # One run (about 25 s); a disturbed one is tried again, up to 3 times, keeping the
  # least disturbed.
  hazm_tries=0
  while :; do
    if (( hazm_tries == 0 )); then check_idle "hazm"; else check_idle "hazm" quiet; fi
    hazm_tries=$((hazm_tries + 1))
    log "hazm Normalizer over the corpus, try $hazm_tries (about 25 s)"
    cpu0=$(cpu_ticks); ch0=$(child_ticks)
    "$VENV/bin/python" bench/hazm_speed.py "$CORPUS" > "$OUT/hazm.try.json"
    o=$(others_pct "$cpu0" "$ch0")
    log "hazm: $(tr -d '\n' < "$OUT/hazm.try.json" | sed 's/.*"mb_per_s": \([0-9.]*\).*/\1/') MB/s (others ${o}%)"
    if [[ -z $hazm_others ]] || (( o < hazm_others )); then
      hazm_others=$o; mv "$OUT/hazm.try.json" "$OUT/hazm.json"
    fi
    (( hazm_others <= ${MAX_OTHERS:-10} || hazm_tries >= 3 )) && break
    log "hazm run discarded: other processes used ${o}% of the CPUs"
    m_discarded_total=$((m_discarded_total + 1))
  done
  rm -f "$OUT/hazm.try.json"
  if (( hazm_others > ${MAX_OTHERS:-10} )); then busy=1; fi
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
  echo "$(date -u +%Y-%m-%dT%H:%MZ), \`$($BIN --version)\` at $commit (binary sha256 $bin_sum); $(nproc) cores ($cpu); best of $RUNS runs; MB = 10^6 bytes."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| corpus | $(fmt "$corpus_mb" 2) MB, $corpus_lines lines (Fars News 1-5 + PerDT train, every ZWNJ removed, repeated ×$corpus_copies) |"
  echo "| bayegan fix, 1 thread | **$(fmt "$single_mbs" 2) MB/s** ($(fmt "$single_best" 2) s; runs $(list "${single[@]}") s; startup on empty input $(fmt "$startup_best" 3) s)$single_flag |"
  echo "| peak RSS, fix 1 thread | **$(fmt "$rss_mib" 1) MiB** ($rss kB, $(rss_label)) |"
  echo "| output checks | $out_lines output lines for $corpus_lines input lines; $consistency |"
  echo "| fix --out, $NFILES files, 1 thread | $(fmt "${dir_mbs[1]}" 2) MB/s ($(fmt "${dir_best[1]}" 2) s)${dir_flag[1]} |"
  echo "| fix --out, $NFILES files, 2 threads | $(fmt "${dir_mbs[2]}" 2) MB/s ($(fmt "${dir_best[2]}" 2) s): **×$(fmt "$speedup" 2)** over 1 thread${dir_flag[2]} |"
  if [[ -n $hazm_mbs ]]; then
    echo "| hazm $hazm_version Normalizer().normalize, per line | **$(fmt "$hazm_mbs" 2) MB/s** ($(fmt "$hazm_s" 1) s; import $(fmt "$hazm_import" 1) s and Normalizer() $(fmt "$hazm_init" 1) s not counted)$( ((hazm_others > ${MAX_OTHERS:-10})) && echo " ⚠ disturbed: others used ${hazm_others}% of the CPUs") |"
    echo "| bayegan / hazm (1 thread) | **×$(fmt "$ratio" 2)** |"
  else
    echo "| hazm | n/a: $hazm_note |"
  fi
  echo
  echo "bayegan figures are wall-clock time of the whole process (start-up, model load, reading, writing to /dev/null or to DIR);"
  echo "hazm's cover only the normalize loop over the lines already in memory. hazm venv: $venv_state."
  echo "Runs disturbed by other processes (over ${MAX_OTHERS:-10}% of the CPUs) and run again: $m_discarded_total${hazm_others:+ (during the hazm run others used ${hazm_others}%)};"
  echo "machine idle in the second before each section: ${idle_samples[*]}."
  if [[ $busy == 1 ]]; then
    echo
    echo "**Warning: other processes kept the CPUs busy and some figures include disturbed runs; rerun on a quiet machine.**"
  fi
} > "$OUT/speed.md"

cat "$OUT/speed.md"
exit "$status"
