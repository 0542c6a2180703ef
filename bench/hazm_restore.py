#!/usr/bin/env python3
"""Restores each line of a file with hazm's Normalizer (its default settings, which include
ZWNJ and space correction) and writes one output line per input line.

Usage: hazm_restore.py INPUT OUTPUT   (run with the Python of bench/.venv, where hazm is installed)
"""
import sys

from hazm import Normalizer


def main():
    source, target = sys.argv[1], sys.argv[2]
    normalizer = Normalizer()
    with open(source, encoding="utf-8") as f, open(target, "w", encoding="utf-8") as out:
        for line in f:
            out.write(normalizer.normalize(line.rstrip("\n")).replace("\n", " ") + "\n")


if __name__ == "__main__":
    main()
