#!/usr/bin/env python3
"""One tool over the same lines in one process: `bayegan.fix` in a Python loop, `bayegan.fix_batch`
(all cores), or hazm's `Normalizer().normalize` in a loop. Prints one JSON object: MB/s
(UTF-8 bytes of the lines, newline included, MB = 10^6 bytes, over the seconds of the loop
alone: import, set-up and reading the file are timed apart), MB per CPU-second of the process
(all its threads: what a busy machine does not change), and the process's peak RSS.

Usage: speed.py {fix,batch,hazm} LINES_FILE [--max-lines N] [--repeat R]
Run with a Python where `bayegan` (and, for hazm, hazm) imports; bench/python/run.sh does.
"""

import argparse
import json
import resource
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool", choices=["fix", "batch", "hazm"])
    ap.add_argument("lines")
    ap.add_argument("--max-lines", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="best of R timed runs")
    args = ap.parse_args()

    with open(args.lines, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if args.max_lines:
        lines = lines[: args.max_lines]
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)

    t0 = time.perf_counter()
    if args.tool == "hazm":
        from hazm import Normalizer

        normalize = Normalizer().normalize
        run = lambda: [normalize(line) for line in lines]  # noqa: E731
    else:
        import bayegan

        bayegan.fix("")  # the model is parsed once per process, on first use
        if args.tool == "fix":
            run = lambda: [bayegan.fix(line) for line in lines]  # noqa: E731
        else:
            run = lambda: bayegan.fix_batch(lines)  # noqa: E731
    setup_s = time.perf_counter() - t0

    best, cpu, out = float("inf"), float("inf"), None
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        out = run()
        best = min(best, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    assert len(out) == len(lines)
    changed = sum(a != b for a, b in zip(out, lines))
    print(
        json.dumps(
            {
                "tool": args.tool,
                "lines": len(lines),
                "bytes": size,
                "seconds": round(best, 3),
                "mb_per_s": round(size / 1e6 / best, 2),
                "cpu_seconds": round(cpu, 3),
                "mb_per_cpu_s": round(size / 1e6 / cpu, 2),
                "setup_s": round(setup_s, 3),
                "lines_changed": changed,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
