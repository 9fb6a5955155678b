"""Data safety end to end: interrupted runs leave only whole files and a rerun finishes the job;
hand edits and the user's own files survive; ``clean`` never writes what it cannot read back."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLE
from robust_wxr import Post, run_cli, tree, write_export
from wpmigrate import clean
from wpmigrate.cli import run
from wpmigrate.write import atomic
from wpmigrate.write.hugo import JOURNAL, MANIFEST

BODY = "".join(f"<p>Paragraph {i}: <strong>some</strong> words, a list.</p>\n" for i in range(8))
POSTS = [
    Post(id=str(i), title=f"Post {i}", slug=f"post-{i}", content=BODY, categories=("news",))
    for i in range(1, 241)
]


def convert(export: Path, site: Path, *more: str) -> int:
    return run(["convert", str(export), "-o", str(site), "-j", "1", "-q", *more])


def is_temp(rel: str) -> bool:
    return Path(rel).name.startswith(".") and rel.endswith(atomic.TEMP_SUFFIX)


def assert_only_whole_files(site: Path, reference: dict[str, bytes]) -> None:
    """Every file of ``site`` is a complete file of the reference run (or an ignored temp)."""
    for rel, data in tree(site).items():
        if is_temp(rel) or rel in (JOURNAL, MANIFEST):
            continue
        assert data == reference[rel], f"{rel} is not the file a full run writes"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("big")
    export = write_export(folder, *POSTS)
    assert convert(export, folder / "reference") == 0
    return export, tree(folder / "reference")


@pytest.fixture(scope="module")
def sample_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = tmp_path_factory.mktemp("sample") / "site"
    assert convert(SAMPLE, site) == 0
    return tree(site)


# --- interrupted runs -----------------------------------------------------------------------


def test_killed_run_leaves_whole_files_and_a_rerun_completes(
    big: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    export, reference = big
    site = tmp_path / "site"
    command = [sys.executable, "-m", "wpmigrate", "convert", str(export), "-o", str(site)]
    proc = subprocess.Popen([*command, "-j", "1", "-q"], stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and len(list(site.glob("content/posts/*/index.md"))) < 15:
            time.sleep(0.005)
    finally:
        proc.kill()
        proc.wait()
    if (site / MANIFEST).exists():
        pytest.skip("the run finished before it could be interrupted")
    written = len(list(site.glob("content/posts/*/index.md")))
    assert 15 <= written < len(POSTS)
    assert_only_whole_files(site, reference)
    assert convert(export, site) == 0
    assert tree(site) == reference  # no temp file, no journal, the same manifest


class DiskFull:
    """``os.replace`` that works ``allowed`` times, then fails like a full disk."""

    def __init__(self, allowed: int, error: BaseException | None = None) -> None:
        self.allowed = allowed
        self.error = error or OSError(errno.ENOSPC, "No space left on device")
        self.real = os.replace

    def __call__(self, src: Any, dst: Any) -> None:
        if self.allowed <= 0:
            raise self.error
        self.allowed -= 1
        self.real(src, dst)


def test_disk_full_fails_items_clearly_and_a_rerun_completes(
    sample_reference: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = tmp_path / "site"
    monkeypatch.setattr(
        "wpmigrate.write.atomic.os.replace", DiskFull(25)
    )  # the scaffold is 22 files
    done = run_cli(capsys, "convert", str(SAMPLE), "-o", str(site), "-j", "1", "-q")
    # Items fail one by one, then so does the manifest: the run ends with that error (the
    # journal still records what was written).
    assert done.code == 2, done.err
    assert f"{site / MANIFEST}: cannot write the file: No space left on device" in done.err
    assert "a rerun finishes the job" in done.err
    assert "Traceback" not in done.err
    assert not [rel for rel in tree(site) if is_temp(rel)]
    assert_only_whole_files(site, sample_reference)
    monkeypatch.undo()
    assert convert(SAMPLE, site) == 0
    assert tree(site) == sample_reference


def test_ctrl_c_mid_run_leaves_whole_files_and_a_rerun_completes(
    sample_reference: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = tmp_path / "site"
    monkeypatch.setattr("wpmigrate.write.atomic.os.replace", DiskFull(26, KeyboardInterrupt()))
    done = run_cli(capsys, "convert", str(SAMPLE), "-o", str(site), "-j", "1", "-q")
    assert done.code == 130
    assert not [rel for rel in tree(site) if is_temp(rel)]
    assert_only_whole_files(site, sample_reference)
    monkeypatch.undo()
    assert convert(SAMPLE, site) == 0
    assert tree(site) == sample_reference


# --- the manifest: hand edits and the user's files ------------------------------------------


def test_hand_edit_is_kept_and_reported_until_forced(
    sample_reference: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert convert(SAMPLE, site) == 0
    page = site / "content/posts/first-light/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    edited = page.read_bytes()
    done = run_cli(capsys, "convert", str(SAMPLE), "-o", str(site), "-j", "1", "-v")
    assert done.code == 0, done.err
    assert "skipped-edited: content/posts/first-light/index.md" in done.err
    assert "1 edited by hand, left alone (content/posts/first-light/index.md)" in done.err
    assert page.read_bytes() == edited
    assert convert(SAMPLE, site, "--force") == 0
    assert tree(site) == sample_reference


USERS_FILES = {
    "content/posts/first-light/index.md": b"---\ntitle: My own first light\n---\nMine.\n",
    "content/posts/first-light/notes.txt": b"notes beside a page\n",
    "content/about-me.md": b"---\ntitle: About me\n---\n",
    "static/logo.svg": b"<svg/>\n",
    "data/comments/mine.yaml": b"- {}\n",
}


def test_files_wpmigrate_did_not_write_are_never_changed_or_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    for rel, data in USERS_FILES.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    assert convert(SAMPLE, site) == 0
    assert convert(SAMPLE, site, "--force") == 0
    # A later export without some items: their pages are not deleted either.
    fewer = write_export(tmp_path, Post(id="1", slug="only-one"))
    before = tree(site)
    assert convert(fewer, site, "--force") == 0
    after = tree(site)
    for rel, data in USERS_FILES.items():
        assert after[rel] == data, rel
    assert set(before) - set(after) == set()  # nothing deleted
    assert "content/posts/only-one/index.md" in after


# --- clean ----------------------------------------------------------------------------------


def test_clean_never_writes_a_file_it_cannot_parse_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.md"
    original = "---\ntitle: Itâ€™s here\n---\nDonâ€™t panic.\n".encode()
    post.write_bytes(original)

    def broken(*args: Any) -> bytes:
        return b"---\ntitle: [unclosed\n---\nDon't panic.\n"

    monkeypatch.setattr(clean, "render_document", broken)
    done = run_cli(capsys, "clean", str(post))
    assert done.code == 123, done.err
    assert "would not parse back" in done.err
    assert post.read_bytes() == original
    monkeypatch.undo()
    assert run_cli(capsys, "clean", str(post)).code == 0
    assert post.read_bytes() == "---\ntitle: It’s here\n---\nDon’t panic.\n".encode()
