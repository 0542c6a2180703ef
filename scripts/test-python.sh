#!/usr/bin/env bash
# The Python package's tests (crates/python/tests) over the wheel installed in target/py-venv,
# compared with the `bayegan` binary; Spark runs in local[2]. scripts/test.sh calls this after
# `cargo test`; alone it sets up what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/py-venv
[[ -x $venv/bin/python ]] && "$venv/bin/python" -c 'import bayegan, pyspark' 2>/dev/null || bash scripts/setup-python.sh
# the CLI the results are compared with: the binary `cargo test --workspace --release` just built
# (building it here with `cargo build` would resolve features apart from the tests and rebuild);
# BAYEGAN_BIN names another
export BAYEGAN_BIN=${BAYEGAN_BIN:-$PWD/target/release/bayegan}
[[ -x $BAYEGAN_BIN ]] || cargo build --quiet --release -p bayegan
# Spark's workers must run the venv's Python (where the wheel is), on the loopback interface
export PYSPARK_PYTHON=$PWD/$venv/bin/python SPARK_LOCAL_IP=127.0.0.1
export PYTHONDONTWRITEBYTECODE=1
# run from the tests directory so `import bayegan` finds the installed wheel, not a source tree
py=$PWD/$venv/bin/python
cd crates/python/tests
exec "$py" -m pytest -q -p no:cacheprovider "$@" .
