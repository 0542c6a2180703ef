"""Readers of the shared development corpora (../shared/corpora, read in place, never copied)
that the benchmark generators share: PerDT's sentences and Fars News articles, with a clear
exit naming the file when the shared folder is not where --shared says."""

import json
import os
import sys

HAMZA_ABOVE = "\u0654"
FARS_FILES = 5


def squash(line):
    """One line, hamza above (U+0654, PerDT's spelling of ئ / أ pieces) stripped, spaces collapsed."""
    return " ".join(line.replace(HAMZA_ABOVE, "").split())


def perdt_sentences(shared, tool, clean=squash, name="perdt_train.txt"):
    """PerDT's sentences, one a line, each passed through `clean`; empty results dropped."""
    path = os.path.join(shared, "corpora", name)
    try:
        with open(path, encoding="utf-8") as f:
            sentences = [s for s in (clean(line) for line in f) if s]
    except OSError as e:
        sys.exit(f"{tool}: cannot read {path}: {e} (is --shared the shared data folder?)")
    if not sentences:
        sys.exit(f"{tool}: no sentences in {path}")
    return sentences


def fars_articles(shared, tool):
    """The Fars News articles of fars-news-1..5.json in order, as the dicts the files hold
    (title, abstract, paragraphs, cat, link, …)."""
    articles = []
    for n in range(1, FARS_FILES + 1):
        path = os.path.join(shared, "corpora", "farsnews", f"fars-news-{n}.json")
        try:
            with open(path, encoding="utf-8") as f:
                articles.extend(json.load(f))
        except (OSError, ValueError) as e:
            sys.exit(f"{tool}: cannot read {path}: {e} (is --shared the shared data folder?)")
    if not articles:
        sys.exit(f"{tool}: no Fars News articles under {shared}/corpora/farsnews")
    return articles
