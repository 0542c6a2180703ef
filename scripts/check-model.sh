#!/usr/bin/env bash
# Rebuilds the model into target/model-check and fails if it differs from crates/text/model.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d ../shared/corpora ]]; then
    echo "check-model: ../shared/corpora not found; the model check needs the shared corpora beside the repo" >&2
    exit 1
fi
rm -rf target/model-check
python3 scripts/build-model.py --out target/model-check
if diff -rq crates/text/model target/model-check; then
    echo "model check: 1 passed, 0 failed"
else
    echo "model check: 0 passed, 1 failed: crates/text/model is stale; run python3 scripts/build-model.py and commit" >&2
    exit 1
fi
