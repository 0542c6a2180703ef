"""Shared fixtures: the repository, the shared corpora, the `bayegan` CLI to compare against.

Run over the installed wheel (scripts/test-python.sh): `bayegan` here is the package in the
venv, not the source tree. The CLI binary is target/release/bayegan unless BAYEGAN_BIN says
otherwise.
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
DATA = pathlib.Path(__file__).resolve().parent / "data"
ZWNJ = "\u200c"


@pytest.fixture(scope="session")
def cli() -> str:
    """Path of the `bayegan` binary the results are compared with."""
    path = os.environ.get("BAYEGAN_BIN") or str(ROOT / "target" / "release" / "bayegan")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path}: no bayegan binary; build it with `cargo build --release -p bayegan` or set BAYEGAN_BIN")
    return path


def run_cli(cli: str, *args: str, stdin: str = None) -> str:
    """Runs the CLI and returns its standard output; a failure shows its standard error."""
    done = subprocess.run([cli, *args], input=stdin, capture_output=True, text=True)
    assert done.returncode == 0, f"bayegan {' '.join(args)} failed ({done.returncode}): {done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def corpus_lines() -> list:
    """Sentences of ../shared/corpora/perdt_dev.txt with every ZWNJ removed (the way PDF
    extraction loses them), so the restorer has work to do."""
    path = SHARED / "corpora" / "perdt_dev.txt"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 1000, f"{path}: expected the PerDT dev sentences"
    return [line.replace(ZWNJ, "") for line in lines]


@pytest.fixture(scope="session")
def page_files() -> list:
    """Page texts: the repository's sample page and the two pages of tests/data/pages."""
    pages = [ROOT / "examples" / "sample-page.txt", *sorted((DATA / "pages").glob("*.txt"))]
    assert len(pages) == 3
    return pages
