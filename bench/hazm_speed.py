#!/usr/bin/env python3
"""Time hazm's Normalizer().normalize over a corpus, one line at a time, in one process.

Run with the benchmark venv's python (bench/.venv/bin/python). The import of hazm, the
construction of Normalizer() and the reading of the file are timed apart and are NOT in
the throughput figure: MB/s = bytes of the lines processed (UTF-8, newline included,
MB = 10^6 bytes) / seconds spent in the normalize loop. Prints one JSON object.

--max-bytes stops after that many bytes (whole lines) for a quick look; the benchmark
itself processes the whole corpus.
"""

import argparse
import json
import platform
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--max-bytes", type=int, default=0)
    args = ap.parse_args()

    t0 = time.perf_counter()
    import hazm
    from hazm import Normalizer

    import_s = time.perf_counter() - t0

    with open(args.corpus, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if args.max_bytes:
        kept, size = [], 0
        for line in lines:
            if size >= args.max_bytes:
                break
            kept.append(line)
            size += len(line.encode("utf-8")) + 1
        lines = kept
    nbytes = sum(len(line.encode("utf-8")) + 1 for line in lines)

    t0 = time.perf_counter()
    normalizer = Normalizer()
    init_s = time.perf_counter() - t0

    normalize = normalizer.normalize
    out_bytes = 0
    t0 = time.perf_counter()
    for line in lines:
        out_bytes += len(normalize(line))
    loop_s = time.perf_counter() - t0

    json.dump(
        {
            "hazm_version": getattr(hazm, "__version__", None) or _dist_version("hazm"),
            "python": platform.python_version(),
            "lines": len(lines),
            "bytes": nbytes,
            "import_s": round(import_s, 3),
            "init_s": round(init_s, 3),
            "normalize_s": round(loop_s, 3),
            "mb_per_s": round(nbytes / 1e6 / loop_s, 3),
            "output_chars": out_bytes,
        },
        sys.stdout,
    )
    print()


def _dist_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


if __name__ == "__main__":
    main()
