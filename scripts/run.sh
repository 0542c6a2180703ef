#!/usr/bin/env bash
# The main job on the bundled sample: sets up, builds bayegan, restores examples/sample-page.txt
# (a page of our own writing with the damage PDF extraction does), shows every edit and the
# restored text, the page parsed into articles (Markdown), then ingests it with the other pages
# of our own writing (crates/page/tests/pages) into target/sample-archive and serves that archive
# with its web page: open the printed address; Ctrl-C stops. Pass other files to work on those
# instead.
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
echo
echo "== an archive of the sample pages, served"
rm -rf target/sample-archive
target/release/bayegan ingest --archive target/sample-archive "${files[@]}" crates/page/tests/pages
exec target/release/bayegan serve --archive target/sample-archive --addr "${BAYEGAN_ADDR:-127.0.0.1:8080}"
