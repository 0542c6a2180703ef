#!/usr/bin/env bash
# The Python package: a venv in target/py-venv with maturin, pytest and the Spark test
# dependencies (pyarrow, pandas<3, pyspark), and the `bayegan` wheel (crates/python) built by
# maturin and installed into it. Safe to run again: pip runs only when a requirement is
# missing, and the wheel is reinstalled only when it changed. Called by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/py-venv
py=$venv/bin/python
# pandas 3 hands nulls to pandas UDFs as NaN; pyspark 4 (bundles Spark, ~0.5 GB) needs Python >= 3.11
requirements=("maturin>=1.9.4,<2" "pytest>=7" "pyarrow>=14" "pandas>=1.5,<3" "pyspark>=4.0,<5")

# Spark runs on Java 17
if ! command -v java >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "setup-python: java is missing; run as root or install it: apt-get install openjdk-17-jre-headless" >&2
        exit 1
    fi
    echo "setup-python: installing openjdk-17-jre-headless" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

if [[ ! -x $py ]]; then
    echo "setup-python: creating $venv" >&2
    python3 -m venv "$venv"
fi
# pip only when something is missing or out of range
if ! "$py" - "${requirements[@]}" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    req = Requirement(spec)
    if not req.specifier.contains(version(req.name), prereleases=True):
        sys.exit(1)
PY
    echo "setup-python: pip install ${requirements[*]}" >&2
    "$py" -m pip install -q --upgrade pip
    "$py" -m pip install -q "${requirements[@]}" packaging
fi

# The wheel: cargo makes the build a no-op when nothing changed; pip reinstalls only a new wheel.
wheels=target/wheels
rm -f "$wheels"/bayegan-*.whl
"$venv/bin/maturin" build --quiet --release -m crates/python/Cargo.toml -i "$py" -o "$wheels" >&2
wheel=$(ls "$wheels"/bayegan-*.whl)
stamp=$venv/.bayegan-wheel.sha256
sum=$(sha256sum "$wheel" | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$sum" ]] || ! "$py" -c 'import bayegan' 2>/dev/null; then
    echo "setup-python: installing $(basename "$wheel")" >&2
    "$py" -m pip install -q --force-reinstall --no-deps "$wheel"
    echo "$sum" >"$stamp"
fi
