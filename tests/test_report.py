"""The JSON report: every mode of convert and clean validates against the shipped schema,
and the report carries what the issue asks of it (notes with samples, words kept, reasons)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLE, corpus_files
from wpmigrate.clean import clean_paths
from wpmigrate.config import Config
from wpmigrate.errors import InputError
from wpmigrate.model import Note, NoteKind
from wpmigrate.pipeline import convert_site
from wpmigrate.report import SCHEMA_VERSION, ItemResult, Report, json_schema

jsonschema = pytest.importorskip("jsonschema")

MODES = ("write", "dry-run", "diff", "check")
CFG = Config().replace(jobs=1)

LEGACY = """---
title: "Itâ€™s a test"
url: /?p=12948
mashsb_shares: 3
---
Itâ€™s here &#8217;quoted&#8217; and
<a href="https://example.com" target="_blank" rel="noopener">a link</a>.
"""


def validate(data: dict[str, object]) -> None:
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


def roundtrip(report: Report, tmp_path: Path) -> dict[str, object]:
    """Write the report as a file, as ``--report r.json`` does, and read it back."""
    path = tmp_path / "reports" / f"{report.command}-{report.mode}.json"
    report.write(path)
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_schema_lists_every_note_kind() -> None:
    note = json_schema()["$defs"]["note"]
    assert set(note["properties"]["kind"]["enum"]) == {k.value for k in NoteKind}


@pytest.mark.parametrize("mode", MODES)
def test_convert_report_validates_in_every_mode(mode: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    if mode != "write":  # the other modes compare against a site written before
        convert_site([SAMPLE], site, CFG, "write")
    data = roundtrip(convert_site([SAMPLE], site, CFG, mode), tmp_path)
    validate(data)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["command"] == "convert" and data["mode"] == mode
    statuses = {i["status"] for i in data["items"]}
    assert statuses <= {"written", "unchanged", "skipped"}
    assert data["files"], "site files (hugo.toml, layouts) are listed"


def test_convert_dry_run_report_on_new_site(tmp_path: Path) -> None:
    data = roundtrip(convert_site([SAMPLE], tmp_path / "site", CFG, "dry-run"), tmp_path)
    validate(data)
    summary = data["summary"]
    assert summary["counts"] == {"would-write": 9, "skipped": 5}
    assert summary["line"] == "9 pages would be written, 0 unchanged, 5 skipped"
    assert not (tmp_path / "site").exists()


def test_convert_items_carry_notes_words_and_reasons(tmp_path: Path) -> None:
    data = roundtrip(convert_site([SAMPLE], tmp_path / "site", CFG, "dry-run"), tmp_path)
    items = {i["id"]: i for i in data["items"]}
    kyoto = items["11"]
    mojibake = [n for n in kyoto["notes"] if n["kind"] == "mojibake"]
    assert {n["field"] for n in mojibake} == {"title", "excerpt", "content"}
    title = next(n for n in mojibake if n["field"] == "title")
    assert (title["before"], title["after"]) == (
        "Itâ€™s a long way to Kyoto",
        "It’s a long way to Kyoto",
    )
    assert 0 < kyoto["words_kept"] <= 1
    assert kyoto["output"] == "content/posts/long-way-to-kyoto/index.md"
    skipped = [i for i in items.values() if i["status"] == "skipped"]
    assert skipped and all(i["reason"] for i in skipped)
    assert all(i["words_kept"] is None for i in skipped)
    kinds = data["summary"]["note_kinds"]
    assert kinds["unknown-shortcode"] == 1 and kinds["status"] == 3


def test_words_lost_shows_share_and_missing_words() -> None:
    note = Note("audit", NoteKind.WORDS_LOST, "50.0% of visible words kept")
    lost = ItemResult(
        "7", "T", "x.xml", "would-write", words_kept=0.5, missing_words=["gone"], notes=[note]
    )
    report = Report(mode="dry-run", items=[lost], fail_on=frozenset({"words-lost"}))
    data = report.to_dict()
    validate(data)
    item = data["items"][0]
    assert item["words_kept"] == 0.5 and item["missing_words"] == ["gone"]
    assert data["summary"]["flagged"] == ["7"]
    assert data["summary"]["words_kept_min"] == 0.5
    assert data["summary"]["return_code"] == 1


def legacy_files(root: Path) -> Path:
    root.mkdir()
    (root / "post.md").write_text(LEGACY, encoding="utf-8")
    (root / "clean.md").write_text("---\ntitle: Fine\n---\nNothing to do.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("mode", MODES)
def test_clean_report_validates_in_every_mode(mode: str, tmp_path: Path) -> None:
    root = legacy_files(tmp_path / "md")
    data = roundtrip(clean_paths([root], CFG, mode), tmp_path)
    validate(data)
    items = {Path(i["id"]).name: i for i in data["items"]}
    changed = "written" if mode == "write" else "would-change"
    assert items["post.md"]["status"] == changed
    assert items["clean.md"]["status"] == "unchanged"
    assert '+title: "It’s a test"' in items["post.md"]["diff"]
    kinds = {n["kind"] for n in items["post.md"]["notes"]}
    assert {"mojibake", "front-matter"} <= kinds
    assert data["files"] == []


def test_failed_item_is_reported_with_reason() -> None:
    failed = ItemResult("3", "Broken", "x.xml", "failed", line=40, reason="ValueError: boom")
    failed.notes = [Note("convert", NoteKind.FAILED, "x.xml:40: boom")]
    data = Report(items=[failed]).to_dict()
    validate(data)
    assert data["summary"]["return_code"] == 123
    assert data["items"][0]["line"] == 40


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("*/*.xml"), ids=lambda p: p.name)
def test_corpus_reports_validate(path: Path, tmp_path: Path) -> None:
    try:
        report = convert_site([path], tmp_path / "site", CFG, "dry-run")
    except InputError as err:  # damaged on purpose (importer fixtures): named, no report
        assert str(path) in str(err)
        return
    validate(roundtrip(report, tmp_path))
    assert not (tmp_path / "site").exists()
