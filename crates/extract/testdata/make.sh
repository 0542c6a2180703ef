#!/usr/bin/env bash
# Regenerate the test PDFs, images and truth files of this folder from content.txt (make.py).
#
#     bash crates/extract/testdata/make.sh
#
# Needs (Debian packages): chromium, libreoffice-writer (soffice), poppler-utils (pdftoppm,
# pdfinfo), qpdf, fonts-farsiweb (Nazli, Titr), fonts-noto-core (Noto Naskh Arabic); and the
# Vazirmatn TTFs from npm in target/web/node_modules/vazirmatn (scripts/setup.sh puts them there).
# Installs nothing: it names what is missing and stops. Intermediate HTML and ODT files go to
# target/testdata-build. Takes about half a minute.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

missing=()
for tool in python3 chromium soffice pdftoppm pdfinfo qpdf; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
for font in "$root/target/web/node_modules/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf" \
            /usr/share/fonts/truetype/farsiweb/nazli.ttf /usr/share/fonts/truetype/farsiweb/titr.ttf \
            /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf; do
    [[ -f "$font" ]] || missing+=("$font")
done
if (( ${#missing[@]} )); then
    echo "make.sh: missing: ${missing[*]}" >&2
    echo "make.sh: apt-get install chromium libreoffice-writer poppler-utils qpdf fonts-farsiweb fonts-noto-core;" \
         "the Vazirmatn font comes with scripts/setup.sh (npm vazirmatn@33 into target/web)" >&2
    exit 1
fi

echo "make.sh: writing into $here" >&2
python3 "$here/make.py" --build "$root/target/testdata-build"
