# Shell helpers the benchmark scripts share; sourced (not run) after the script has set
# BENCH_NAME (its log prefix), OUT, PYTHON and BIN. Each script documents its own knobs.

log() { printf '[%s %s] %s\n' "$BENCH_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
# Floating-point helpers (awk): calc EXPRESSION, fmt VALUE DECIMALS, best VALUES… (the minimum).
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; }
best() { printf '%s\n' "$@" | sort -g | head -n1; }

# Per-run accounting of the CPU used by other processes: machine-wide busy ticks from
# /proc/stat minus the ticks of this shell's children (cutime + cstime in /proc/$$/stat), as a
# percentage of the machine's capacity over the run (on 2 cores, one other busy process reads 50%).
cpu_ticks() { local _c u n s i w q sq st; read -r _c u n s i w q sq st _ < /proc/stat; echo "$((u + n + s + i + w + q + sq + st)) $((u + n + s + q + sq + st))"; }
child_ticks() { local f; read -r -a f < /proc/$$/stat; echo $((f[15] + f[16])); }
# others_pct "TOTAL0 BUSY0" CHILD0: share of the CPUs used by other processes since then.
others_pct() {
  local t0 b0 t1 b1 c1; read -r t0 b0 <<< "$1"; read -r t1 b1 <<< "$(cpu_ticks)"; c1=$(child_ticks)
  awk -v t=$((t1 - t0)) -v o=$((b1 - b0 - (c1 - $2))) 'BEGIN { if (o < 0) o = 0; printf "%.0f", t ? 100 * o / t : 0 }'
}

# release_binary: `cargo build --release -p bayegan` (unless SKIP_BUILD=1), then a copy of the
# binary at $BIN, so that a concurrent build cannot swap it mid-run; sets bin_sum.
release_binary() {
  if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "cargo build --release -p bayegan"
    cargo build --release -p bayegan
  fi
  [[ -x target/release/bayegan ]] || { echo "$BENCH_NAME: target/release/bayegan missing" >&2; exit 1; }
  cp target/release/bayegan "$BIN"
  bin_sum=$(sha256sum "$BIN" | cut -c1-12)
}

# Peak RSS: /usr/bin/time -v (installed with apt when missing and run as root), or
# bench/maxrss.py with RSS_METHOD=wrapper or when time cannot be had.
rss_tool() {
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
}
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
rss_label() { [[ $RSS_METHOD == time ]] && echo '/usr/bin/time -v' || echo 'bench/maxrss.py'; }
