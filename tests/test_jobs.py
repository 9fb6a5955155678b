"""Conversion does not depend on how it is run: job count, or the export split over files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLE, corpus_files
from wpmigrate.config import Config, default_jobs
from wpmigrate.parallel import ordered_map
from wpmigrate.pipeline import convert_site

THEME_DATA = corpus_files("theme-test-data/themeunittestdata.wordpress.xml")
_ITEM = re.compile(r"[ \t]*<item>.*?</item>\n?", re.S)
_POST_ID = re.compile(r"<wp:post_id>(\d+)</wp:post_id>")


def site_files(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def convert(sources: list[Path], out: Path, jobs: int) -> dict[str, bytes]:
    cfg = Config(jobs=jobs, uploads=FIXTURES / "uploads")
    report = convert_site(sources, out, cfg)
    assert not report.input_failed
    assert report.items, "nothing was converted"
    return site_files(out)


def _square(item: int, shared: int) -> int:
    return item * item + shared


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_ordered_map_keeps_input_order(jobs: int) -> None:
    assert list(ordered_map(_square, range(50), 1, jobs)) == [i * i + 1 for i in range(50)]


def test_sample_jobs_4_equals_jobs_1(tmp_path: Path) -> None:
    one = convert([SAMPLE], tmp_path / "one", jobs=1)
    four = convert([SAMPLE], tmp_path / "four", jobs=4)
    assert sorted(one) == sorted(four)
    assert [k for k in one if one[k] != four[k]] == []
    assert any(name.startswith("content/") for name in one)


@pytest.mark.corpus
@pytest.mark.parametrize("export", THEME_DATA, ids=lambda p: p.name)
def test_corpus_jobs_4_equals_jobs_1(export: Path, tmp_path: Path) -> None:
    one = convert([export], tmp_path / "one", jobs=1)
    four = convert([export], tmp_path / "four", jobs=4)
    assert sorted(one) == sorted(four)
    assert [k for k in one if one[k] != four[k]] == []
    assert sum(name.endswith(".md") for name in one) > 50


def split_export(source: Path, second: set[str], folder: Path) -> list[Path]:
    """``source`` as two files with the same channel: items whose id is in ``second`` go to
    the second file, every other item to the first."""
    text = source.read_text("utf-8")
    items = _ITEM.findall(text)
    head = text[: text.index(items[0])]
    tail = text[text.rindex(items[-1]) + len(items[-1]) :]
    parts: tuple[list[str], list[str]] = ([], [])
    for item in items:
        match = _POST_ID.search(item)
        parts[bool(match and match.group(1) in second)].append(item)
    paths = [folder / "export-1.xml", folder / "export-2.xml"]
    for path, chosen in zip(paths, parts, strict=True):
        assert chosen, "each file needs items"
        path.write_text(head + "".join(chosen) + tail, "utf-8")
    return paths


@pytest.mark.parametrize("order", ["posts-first", "attachments-first"])
def test_split_export_gives_the_same_site(order: str, tmp_path: Path) -> None:
    # The second file holds the attachments the posts of the first one show (20, 21, 22) and
    # the parent page (30) of a page in the first file (31): both must resolve across files.
    text = SAMPLE.read_text("utf-8")
    assert "<wp:post_parent>30</wp:post_parent>" in text
    assert "<wp:post_parent>10</wp:post_parent>" in text
    files = split_export(SAMPLE, {"20", "21", "22", "30"}, tmp_path)
    whole = convert([SAMPLE], tmp_path / "whole", jobs=1)
    split = convert(files if order == "posts-first" else files[::-1], tmp_path / "split", jobs=2)
    assert sorted(whole) == sorted(split)
    assert [k for k in whole if whole[k] != split[k]] == []
    # Without the second file the posts lose their images: the test does see across files.
    alone = convert(files[:1], tmp_path / "alone", jobs=1)
    assert [k for k in alone if k.startswith("content/") and alone[k] != whole.get(k)]


@pytest.mark.parametrize(("allowed", "expected"), [({0}, 1), ({0, 1}, 1), (set(range(6)), 6)])
def test_the_default_job_count_follows_the_cores_the_process_may_use(
    monkeypatch: pytest.MonkeyPatch, allowed: set[int], expected: int
) -> None:
    # A runner pinned to some cores of a big machine: os.cpu_count() still says 64.
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: allowed, raising=False)
    assert default_jobs() == expected
