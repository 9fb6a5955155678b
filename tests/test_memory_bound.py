"""Issue-level guarantee: a large export converts within the memory bound, every item kept.

The export is the benchmark's x40 (the theme unit test data repeated 40 times with fresh ids
and slugs: 7,440 items, 3,120 pages). Memory is the peak resident size of the converting
process, measured by the benchmark's own probe; time is not asserted here (the benchmark
reports it).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import CORPORA, ROOT

PEAK_LIMIT_MB = 150


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
def test_x40_export_converts_under_the_memory_bound(tmp_path: Path) -> None:
    source = CORPORA / "theme-test-data" / "themeunittestdata.wordpress.xml"
    if not source.is_file():
        pytest.skip("shared corpora not available")
    bench = _bench()
    export = tmp_path / "export-x40.xml"
    assert bench.build_export(source, 40, export) == 7440
    site = tmp_path / "site"
    run = bench.measure(bench.wpmigrate_argv(export, site, jobs=1))
    assert run.code == 0
    assert run.peak_mb < PEAK_LIMIT_MB, f"peak {run.peak_mb:.1f} MB"
    # Every page of every copy is there, by its WordPress id.
    written = {
        m.group(1)
        for page in (site / "content").rglob("index.md")
        if (m := re.search(r"^wordpress_id: '?(\d+)", page.read_text("utf-8"), re.M))
    }
    expected = {e.id for e in bench.expected_items(export)}
    assert expected <= written, sorted(expected - written)[:10]


@pytest.mark.corpus
def test_the_benchmark_baselines_run_to_the_end(tmp_path: Path) -> None:
    """The floor and the null pipeline are the figures wpmigrate is judged against: a crash
    at the last element would still print a time, so their exit status is checked."""
    source = CORPORA / "theme-test-data" / "themeunittestdata.wordpress.xml"
    if not source.is_file():
        pytest.skip("shared corpora not available")
    bench = _bench()
    export = tmp_path / "export-x2.xml"
    bench.build_export(source, 2, export)
    assert bench.measure(bench.floor_argv(export)).code == 0
    out = tmp_path / "null"
    assert bench.measure(bench.null_argv(export, out)).code == 0
    # The null pipeline writes what the peer writes: one file per expected page.
    expected = bench.expected_items(export)
    assert len(list(out.rglob("index.md"))) == len(expected)
