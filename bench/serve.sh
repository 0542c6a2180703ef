#!/usr/bin/env bash
# Load benchmark of `bayegan serve` (issue 6): /api/search at 50 concurrent connections on
# loopback against the 100,000-article archive of bench/archive.sh, the 1,000 mixed queries of
# bench/make_queries.py taken in turn. Reports requests/s, latency percentiles and errors.
#
#   bash bench/serve.sh          (from the repository root; run bench/archive.sh first)
#
# Writes bench/out/serve.md and prints it. Knobs: DURATION=20 (seconds), CONNECTIONS=50,
# THREADS=2 (wrk's), ADDR=127.0.0.1:18181, SKIP_BUILD=1, BIN=target/release/bayegan (another
# build of the binary; implies SKIP_BUILD), ARCHIVE=bench/out/archive100k.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=bench/out
ARCHIVE=${ARCHIVE:-$OUT/archive100k}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ADDR=${ADDR:-127.0.0.1:18181}
if [[ -n "${BIN:-}" ]]; then SKIP_BUILD=1; fi
BIN=${BIN:-target/release/bayegan}
[[ -d $ARCHIVE && -f $OUT/queries.txt ]] || { echo "serve.sh: run bench/archive.sh first (it builds $ARCHIVE)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "serve.sh: wrk is missing: apt-get install wrk" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
[[ -n "${SKIP_BUILD:-}" ]] || cargo build --release -p bayegan -q

python3 - "$OUT/queries.txt" > "$OUT/wrk-paths.lua" <<'PY'
import sys, urllib.parse
paths = ["/api/search?size=10&q=" + urllib.parse.quote(q.strip()) for q in open(sys.argv[1]) if q.strip()]
print("paths = {" + ",".join('"%s"' % p for p in paths) + "}")
print("""
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\\n", summary.errors.status))
end
""")
PY

"$BIN" serve --archive "$ARCHIVE" --addr "$ADDR" 2> "$OUT/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://$ADDR/api/health" >/dev/null && break; sleep 0.2; done
# warm the page cache with one pass over the queries
wrk -t1 -c4 -d5s -s "$OUT/wrk-paths.lua" "http://$ADDR" > /dev/null
# CPU seconds the server and wrk use, to tell the cost of a request apart from what other
# processes on a shared machine take
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(cpu)
/usr/bin/time -f '%U %S' -o "$OUT/wrk-cpu.txt" \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/wrk-paths.lua" "http://$ADDR" > "$OUT/wrk.txt"
after=$(cpu)
requests=$(awk '/ requests in / {print $1}' "$OUT/wrk.txt")
costs=$(python3 - "$before" "$after" "$(getconf CLK_TCK)" "$requests" "$(cat "$OUT/wrk-cpu.txt" | tail -1)" "$(nproc)" <<'PY'
import sys
before, after, tck, requests = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
user, system = map(float, sys.argv[5].split())
cores = int(sys.argv[6])
server = (after - before) / tck * 1000 / requests
client = (user + system) * 1000 / requests
print(f"CPU per request: server {server:.3f} ms, wrk {client:.3f} ms; {cores} cores busy with nothing else would answer "
      f"about {cores * 1000 / (server + client):.0f} requests/s ({cores * 1000 / server:.0f} with the client elsewhere)")
PY
)
errors=$(curl -sf "http://$ADDR/metrics" | awk '/^bayegan_request_errors_total\{route="\/api\/search"\}/ {print $2}')
kill -TERM $server; wait $server || true
trap - EXIT
{
  echo "### bayegan serve load benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), \`$("$BIN" --version)\` at $(git rev-parse --short HEAD); $(nproc) cores; server and wrk on the same machine."
  echo "\`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\` over /api/search with the 1,000 queries of bench/out/queries.txt in turn, archive $ARCHIVE."
  echo "No cache of results anywhere: every request runs its search. Server-side errors (status >= 400, warm-up included, from /metrics): ${errors:-unknown}."
  echo "Load average before the run (other processes on the machine): $load. $costs."
  echo
  echo '```'
  cat "$OUT/wrk.txt"
  echo '```'
} > "$OUT/serve.md"
cat "$OUT/serve.md"
