#!/usr/bin/env bash
# Does the `bayegan` wheel install, import and pass its tests on Python 3.9 through 3.13?
#
# 1. Builds the portable wheel: abi3 (one wheel for CPython >= 3.9) and manylinux2014 (glibc
#    >= 2.17, so it also installs on Debian 11, Ubuntu 20.04 or RHEL 8), linked by zig (maturin
#    --zig, zig from PyPI's `ziglang`) into target/wheels-portable.
# 2. Makes a minimal root file system with each distribution's own CPython (debootstrap,
#    cached in target/pyroots): Debian 11 (3.9), Ubuntu 22.04 (3.10), Debian 12 (3.11),
#    Ubuntu 24.04 (3.12), Debian 13 (3.13). Ubuntu's archive key comes from Debian 13's
#    `ubuntu-keyring` package, so every download is checked.
# 3. In each, installs the wheel into a fresh venv and runs crates/python/tests but the Arrow
#    and Spark ones (their pyarrow and pyspark wheels are not what is checked here), comparing
#    with the CLI as scripts/test-python.sh does. The CLI, built on this machine, runs there
#    with this machine's C library.
#
# Needs root and the network (about 1.5 GB of disk for the five roots); not part of .ci/run.
# Usage: scripts/check-python-versions.sh [SUITE...]   (default: all five)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
shared=$(realpath ../shared)

declare -A python_of=([bullseye]=3.9 [jammy]=3.10 [bookworm]=3.11 [noble]=3.12 [trixie]=3.13)
if (($#)); then suites=("$@"); else suites=(bullseye jammy bookworm noble trixie); fi
for suite in "${suites[@]}"; do
    [[ -n ${python_of[$suite]:-} ]] || { echo "check-python-versions: unknown suite $suite (one of ${!python_of[*]})" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "check-python-versions: debootstrap and chroot need root" >&2; exit 1; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null

# the wheel
[[ -x target/py-venv/bin/maturin ]] || bash scripts/setup-python.sh
target/py-venv/bin/python -c 'import ziglang' 2>/dev/null || target/py-venv/bin/python -m pip install -q ziglang
rm -rf target/wheels-portable
# maturin finds zig through the interpreter it builds for: the venv's, where ziglang is
PATH=$PWD/target/py-venv/bin:$PATH maturin build --quiet --release --zig --compatibility manylinux2014 \
    -m crates/python/Cargo.toml -i target/py-venv/bin/python -o target/wheels-portable >&2
wheel=$(ls target/wheels-portable/bayegan-*.whl)
echo "check-python-versions: $(basename "$wheel")" >&2
# the CLI the tests compare with
cargo build --quiet --release -p bayegan

roots=target/pyroots
mkdir -p "$roots"
make_root() {
    local suite=$1 root=$roots/$1
    [[ -x $root/usr/bin/python3 && -f $root/.bayegan-ready ]] && return
    rm -rf "$root"
    echo "check-python-versions: debootstrap $suite into $root" >&2
    case $suite in
        bullseye | bookworm | trixie)
            debootstrap --variant=minbase --include=python3,python3-venv,python3-pytest \
                "$suite" "$root" http://deb.debian.org/debian >"$roots/$suite.log" 2>&1 ;;
        jammy | noble)
            make_root trixie
            [[ -f $roots/trixie/usr/share/keyrings/ubuntu-archive-keyring.gpg ]] ||
                chroot "$roots/trixie" apt-get install -y -qq ubuntu-keyring >/dev/null
            debootstrap --variant=minbase --components=main,universe \
                --keyring="$roots/trixie/usr/share/keyrings/ubuntu-archive-keyring.gpg" \
                --include=python3,python3-venv,python3-pytest \
                "$suite" "$root" http://archive.ubuntu.com/ubuntu /usr/share/debootstrap/scripts/jammy \
                >"$roots/$suite.log" 2>&1 ;;
    esac || { echo "check-python-versions: debootstrap $suite failed; see $roots/$suite.log" >&2; exit 1; }
    touch "$root/.bayegan-ready"
}

# this machine's C library and the CLI, for running the CLI inside an older root
host_libs() {
    local dir=$1
    mkdir -p "$dir"
    cp target/release/bayegan "$dir/bayegan.bin"
    ldd target/release/bayegan | awk '/=>/ { print $3 } /ld-linux/ { print $1 }' | xargs -I{} cp -L {} "$dir/"
    cat >"$dir/bayegan" <<'SH'
#!/bin/sh
here=$(dirname "$0")
exec "$here/ld-linux-x86-64.so.2" --library-path "$here" "$here/bayegan.bin" "$@"
SH
    chmod +x "$dir/bayegan"
}

failed=()
for suite in "${suites[@]}"; do
    make_root "$suite"
    root=$roots/$suite
    rm -rf "$root/opt/bayegan" && mkdir -p "$root/opt/bayegan" "$root/src/main" "$root/src/shared"
    cp "$wheel" "$root/opt/bayegan/"
    host_libs "$root/opt/bayegan/host"
    echo "check-python-versions: $suite, Python ${python_of[$suite]}" >&2
    # the repository and ../shared, read-only, in a mount namespace of this command alone
    if unshare --mount --propagation private bash -c '
        set -e
        mount --bind "$1" "$3/src/main" && mount -o remount,bind,ro "$3/src/main"
        mount --bind "$2" "$3/src/shared" && mount -o remount,bind,ro "$3/src/shared"
        mount -t proc proc "$3/proc"
        chroot "$3" /bin/sh -ec "
            python3 -m venv --system-site-packages /opt/bayegan/venv
            /opt/bayegan/venv/bin/python -m pip install -q --no-index --no-deps /opt/bayegan/*.whl
            cd /src/main/crates/python/tests
            PYTHONDONTWRITEBYTECODE=1 BAYEGAN_BIN=/opt/bayegan/host/bayegan \
                /opt/bayegan/venv/bin/python -m pytest -q -p no:cacheprovider test_text.py test_archive.py
            /opt/bayegan/venv/bin/python -c \"import sys, bayegan; print(sys.version.split()[0], bayegan.fix(\\\"میکند\\\"))\"
        "' _ "$repo" "$shared" "$(realpath "$root")"; then
        echo "check-python-versions: $suite (Python ${python_of[$suite]}) passed" >&2
    else
        failed+=("$suite")
    fi
done
if ((${#failed[@]})); then
    echo "check-python-versions: failed on ${failed[*]}" >&2
    exit 1
fi
echo "check-python-versions: $(basename "$wheel") passed on Python $(for s in "${suites[@]}"; do printf '%s ' "${python_of[$s]}"; done)" >&2
