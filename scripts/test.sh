#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this): setup, every crate's tests, and a
# check that the committed model files are exactly what scripts/build-model.py makes from
# ../shared/corpora and the hazm and shekar wheels.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --workspace --release
bash scripts/test-python.sh   # the Python package and the Spark job (crates/python/tests)
bash scripts/check-model.sh
python3 crates/extract/testdata/make.py --check   # the PDF test material's truth matches its source text
