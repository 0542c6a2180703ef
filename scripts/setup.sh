#!/usr/bin/env bash
# Installs what bayegan's build, tests and model rebuild need beyond the Rust toolchain, on
# Debian. Safe to run again: it installs only what is missing. Called by scripts/run.sh and
# scripts/test.sh; nothing is ever installed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc)
# npm fetches the Vazirmatn font the web page of `bayegan serve` uses (not committed: OFL)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# PDFs in: poppler's pdftotext (text layer with geometry), Tesseract with its Persian model (scans)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
[[ -f /usr/share/tesseract-ocr/5/tessdata/fas.traineddata ]] || need_apt+=(tesseract-ocr-fas)
# the web page's browser test: headless Chromium driven over WebDriver
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)

if ((${#need_apt[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "setup: missing Debian packages: ${need_apt[*]}; run as root or install them: apt-get install ${need_apt[*]}" >&2
        exit 1
    fi
    echo "setup: installing ${need_apt[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: cargo not found: install the Rust toolchain (https://rustup.rs) first" >&2
    exit 1
fi

# The web page's font, from the npm registry, into target/web (where `bayegan serve` looks).
fonts=target/web/node_modules/vazirmatn/fonts/webfonts
if [[ ! -f "$fonts/Vazirmatn[wght].woff2" ]]; then
    echo "setup: installing the Vazirmatn font (npm vazirmatn@33) into target/web" >&2
    mkdir -p target/web
    (cd target/web && npm install --no-audit --no-fund --silent vazirmatn@33) \
        || echo "setup: could not install the Vazirmatn font; the web page falls back to Tahoma" >&2
fi
bash scripts/setup-python.sh   # the Python package: target/py-venv with the bayegan wheel
