"""The command line as a new user meets it: what each option's help and message promise
holds (report formats, the names of flagged items, interrupted runs, empty folders)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from conftest import SAMPLE
from wpmigrate.cli import cli


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
