"""The command line through CliRunner: exit codes, the summary's tense, diffs on stdout, the
CI gate, reports in dry runs, and errors that name file and line without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import SAMPLE
from wpmigrate.cli import cli, run


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def convert(site: Path, *args: str | Path) -> Result:
    return invoke("convert", SAMPLE, "-o", site, "-j", "1", *args)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample converted once; tests that only read it share it."""
    site = tmp_path_factory.mktemp("written") / "site"
    result = convert(site)
    assert result.exit_code == 0, result.output
    return site


def test_write_exits_0_with_past_tense(tmp_path: Path) -> None:
    result = convert(tmp_path / "site")
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines()[-1] == "9 pages written, 0 unchanged, 5 skipped"
    assert result.stdout == ""
    assert (tmp_path / "site" / "content/posts/long-way-to-kyoto/index.md").is_file()


@pytest.mark.parametrize("mode", ["--dry-run", "--diff", "--check"])
def test_modes_speak_in_the_conditional(mode: str, tmp_path: Path) -> None:
    result = convert(tmp_path / "site", mode)
    summary = result.stderr.strip().splitlines()[-1]
    assert summary == "9 pages would be written, 0 unchanged, 5 skipped"
    assert result.exit_code == (1 if mode == "--check" else 0)
    assert not (tmp_path / "site").exists()


def test_check_after_convert_exits_0(written: Path) -> None:
    result = convert(written, "--check")
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.strip().splitlines()[-1] == "0 pages would be written, 9 unchanged, 5 skipped"
    )


def test_diff_goes_to_stdout(tmp_path: Path) -> None:
    result = convert(tmp_path / "site", "--diff")
    assert result.exit_code == 0
    assert "+++ b/content/posts/long-way-to-kyoto/index.md" in result.stdout
    assert "+title: It’s a long way to Kyoto" in result.stdout
    assert "+++" not in result.stderr and "would be written" not in result.stdout


def test_diff_against_a_written_site_is_empty(written: Path) -> None:
    result = convert(written, "--diff")
    assert result.exit_code == 0 and result.stdout == ""


def test_two_modes_are_a_usage_error(tmp_path: Path) -> None:
    result = convert(tmp_path / "site", "--dry-run", "--check")
    assert result.exit_code == 2
    assert "choose one of --dry-run, --diff, --check" in result.stderr
    assert run(["convert", str(SAMPLE), "-o", str(tmp_path / "s"), "--diff", "--check"]) == 2


def test_unknown_fail_on_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = convert(tmp_path / "site", "--fail-on", "words-lost,typo")
    assert result.exit_code == 2 and "unknown kind typo" in result.stderr


def test_unreadable_input_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>x</title>\n'
        "<item><title>a</item>\n</channel></rss>\n",
        encoding="utf-8",
    )
    result = invoke("convert", bad, "-o", tmp_path / "site")
    assert result.exit_code == 2
    assert f"{bad}:5:" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_failed_items_exit_123(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> str:
        raise ValueError("converter broke")

    monkeypatch.setattr("wpmigrate.convert_item.to_markdown", broken)
    result = convert(tmp_path / "site", "--dry-run")
    assert result.exit_code == 123
    assert f"error: {SAMPLE}:" in result.stderr and "converter broke" in result.stderr
    assert "9 failed" in result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.output


# -- the CI gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [(), ("--dry-run",), ("--check",)])
def test_fail_on_present_kind_exits_1(mode: tuple[str, ...], written: Path) -> None:
    result = convert(written, *mode, "--fail-on", "unknown-shortcode")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().endswith("1 flagged by --fail-on")


@pytest.mark.parametrize("mode", [(), ("--dry-run",), ("--check",)])
def test_fail_on_absent_kind_exits_0(mode: tuple[str, ...], written: Path) -> None:
    result = convert(written, *mode, "--fail-on", "missing-media,failed")
    assert result.exit_code == 0, result.output
    assert "flagged" not in result.stderr


def test_fail_on_matches_any_listed_kind(tmp_path: Path) -> None:
    result = convert(tmp_path / "site", "--dry-run", "--fail-on", "missing-media,mojibake")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("2 flagged by --fail-on")  # items 11 and 12


# -- reports in dry runs ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["r.html", "r.json"])
def test_dry_run_writes_only_the_report(name: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = tmp_path / "reports" / name
    result = convert(site, "--dry-run", "--report", report)
    assert result.exit_code == 0
    assert not site.exists()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [name]
    text = report.read_text(encoding="utf-8")
    assert "9 pages would be written" in text
    if name.endswith(".html"):  # the command line keeps item texts for the side-by-side view
        assert text.count('<table class="sbs">') == 9


def test_dry_run_report_leaves_a_written_site_unchanged(written: Path, tmp_path: Path) -> None:
    before = snapshot(written)
    report = tmp_path / "r.json"
    result = convert(written, "--dry-run", "--report", report, "--fail-on", "unknown-shortcode")
    assert result.exit_code == 1
    assert snapshot(written) == before
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["return_code"] == 1 and data["summary"]["flagged"] == ["12"]


def test_clean_tense_and_report(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Itâ€™s\n---\nItâ€™s here.\n", encoding="utf-8")
    report = tmp_path / "clean.json"
    check = invoke("clean", "--check", "--report", report, post)
    assert check.exit_code == 1
    assert check.stderr.strip().splitlines()[-1] == "1 file would be cleaned, 0 unchanged"
    assert json.loads(report.read_text(encoding="utf-8"))["items"][0]["status"] == "would-change"
    done = invoke("clean", post)
    assert done.exit_code == 0
    assert done.stderr.strip().splitlines()[-1] == "1 file cleaned, 0 unchanged"
    assert invoke("clean", "--check", post).exit_code == 0


def test_an_export_without_items_says_so(tmp_path: Path) -> None:
    export = tmp_path / "empty.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>T</title>'
        "<wp:wxr_version>1.2</wp:wxr_version></channel></rss>\n",
        encoding="utf-8",
    )
    result = invoke("convert", export, "-o", tmp_path / "site", "-j", "1")
    assert result.exit_code == 0
    assert f"warning: {export}: the export holds no items" in result.output
    assert "0 pages written" in result.output
