"""Shared test fixtures: paths to the project's fixtures and to the optional real corpora."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red build must be reproducible, and a landing must
# not depend on luck); by hand, every run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SAMPLE = FIXTURES / "sample-export.xml"
# Real exports from public repositories live beside the project when available.
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip("shared corpora not present")
    return CORPORA


def corpus_files(pattern: str) -> list[Path]:
    """Corpus files for parametrizing; empty (tests skip) where the corpora are absent."""
    return sorted(CORPORA.glob(pattern)) if CORPORA.is_dir() else []


def hugo_binary() -> str | None:
    """The hugo installed beside this Python (the dev extra's), else one on PATH."""
    beside = Path(sys.executable).parent / "hugo"
    return str(beside) if beside.exists() else shutil.which("hugo")


def run_hugo(site: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Build ``site`` with the real hugo and ``args``; the calling test skips without hugo."""
    hugo = hugo_binary()
    if hugo is None:
        pytest.skip("hugo not installed")
    return subprocess.run(
        [hugo, "--source", str(site), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say whether the real-world corpora took part: without them every corpus test skips,
    and a green run covers less than it seems."""
    if not CORPORA.is_dir():
        terminalreporter.write_line(
            f"corpora not found at {CORPORA}: the corpus tests were skipped", yellow=True
        )
