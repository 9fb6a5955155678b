"""The command line as a new user meets it: what each option's help and message promise
holds (report formats, the names of flagged items, interrupted runs, empty folders)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner, Result

from conftest import SAMPLE
from wpmigrate.cli import cli, run


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def convert(site: Path, *args: str | Path) -> Result:
    return invoke("convert", SAMPLE, "-o", site, "-j", "1", *args)


def test_htm_report_is_the_html_page_with_item_texts(tmp_path: Path) -> None:
    # Report.write renders .htm as HTML: the side-by-side texts must be kept for it too.
    report = tmp_path / "r.htm"
    result = convert(tmp_path / "site", "--dry-run", "--report", report)
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert text.lower().startswith("<!doctype html>")
    assert text.count('<table class="sbs">') == 9


def test_fail_on_names_each_flagged_item_with_file_line_and_kinds(tmp_path: Path) -> None:
    kinds = "mojibake,unknown-shortcode"
    result = convert(tmp_path / "site", "-q", "--dry-run", "--fail-on", kinds)
    assert result.exit_code == 1
    flagged = [line for line in result.stderr.splitlines() if line.startswith("flagged:")]
    assert flagged == [
        f"flagged: {SAMPLE}:283: item 11 (content/posts/long-way-to-kyoto/index.md): mojibake",
        f"flagged: {SAMPLE}:420: item 12 (content/posts/coffee-and-code/index.md): "
        "mojibake, unknown-shortcode",
    ]
    assert result.stderr.strip().endswith("2 flagged by --fail-on")


def test_fail_on_names_flagged_files_of_clean(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Itâ€™s\n---\nItâ€™s here.\n", encoding="utf-8")
    result = invoke("clean", post, "--dry-run", "--fail-on", "mojibake")
    assert result.exit_code == 1
    assert f"flagged: {post}: mojibake" in result.stderr.splitlines()


def test_no_flagged_lines_without_a_match(tmp_path: Path) -> None:
    result = convert(tmp_path / "site", "--dry-run", "--fail-on", "words-lost")
    assert result.exit_code == 0
    assert "flagged" not in result.stderr


def test_ctrl_c_exits_130_and_says_the_files_are_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("wpmigrate.pipeline.convert_site", interrupted)
    assert run(["convert", str(SAMPLE), "-o", str(tmp_path / "site")]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "interrupted: every file written so far is whole; run the same command again to finish"
    )


def test_clean_of_a_folder_without_markdown_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Itâ€™s here.\n", encoding="utf-8")
    result = invoke("clean", tmp_path, "--check")
    assert result.exit_code == 0  # nothing to do, as documented
    assert result.stderr.splitlines()[0] == (
        f"warning: no .md, .markdown, .html, .htm file found in {tmp_path} (folders are searched "
        "for these suffixes; a file named on the command line is cleaned whatever its suffix)"
    )
    assert result.stderr.strip().endswith("0 files would be cleaned, 0 unchanged")


def test_clean_of_a_folder_with_markdown_has_no_such_warning(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("---\ntitle: Hi\n---\nHello.\n", encoding="utf-8")
    result = invoke("clean", tmp_path, "--check")
    assert result.exit_code == 0
    assert "warning" not in result.stderr


def test_download_failures_are_named_with_their_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from urllib.error import URLError

    from wpmigrate.write.download import Downloader

    def offline(request: object, timeout: float) -> IO[bytes]:
        raise URLError("no network")

    def downloader(folder: Path) -> Downloader:
        return Downloader(folder, retries=0, opener=offline, sleep=lambda _: None)

    monkeypatch.setattr("wpmigrate.pipeline.Downloader", downloader)
    result = convert(tmp_path / "site", "--download")
    assert result.exit_code == 0, result.output
    url = "https://fieldnotes.example.com/wp-content/uploads/2021/03/harbour-dawn.jpg"
    assert f"warning: --download: {url}: URLError: <urlopen error no network>" in (
        result.stderr.splitlines()
    )


def test_thousands_of_failed_downloads_are_summed_up() -> None:
    from wpmigrate.pipeline import DOWNLOAD_LINES, download_warnings

    failed = {f"https://old.example/f{n}.jpg": "HTTP 404" for n in range(1000)}
    lines = download_warnings(failed)
    assert len(lines) == DOWNLOAD_LINES + 1
    assert lines[0] == "--download: https://old.example/f0.jpg: HTTP 404"
    assert lines[-1].startswith("--download: 980 more files could not be fetched (most often:")
    assert download_warnings(dict(list(failed.items())[:3])) == lines[:3]
