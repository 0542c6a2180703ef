#!/usr/bin/env bash
# The main job on the bundled sample: sets up, builds bayegan, restores examples/sample-page.txt
# (a page of our own writing with the damage PDF extraction does), shows every edit and the
# restored text, then the page parsed into articles (Markdown; `bayegan parse` writes JSON by
# default). Pass other files to work on those instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release -p bayegan
files=("$@")
((${#files[@]})) || files=(examples/sample-page.txt)
echo "== edits (file:line:col: kind confidence  before → after)"
target/release/bayegan fix --diff "${files[@]}"
echo
echo "== restored text"
target/release/bayegan fix "${files[@]}"
echo
echo "== the page as articles (bayegan parse --format markdown)"
target/release/bayegan parse --format markdown "${files[@]}"
