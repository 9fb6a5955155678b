"""``inspect`` reports problems the way ``convert`` does: errors (part of the export unread)
and warnings (read on, nothing missing) on stderr with file and line, the survey alone on
stdout, the problems with their kind in ``--json``, and ``convert``'s exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import SAMPLE, corpus_files
from robust_wxr import Post, export
from wpmigrate.cli import cli

Make = Callable[[Path], Path]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def cut(folder: Path) -> Path:
    """The sample export cut inside its item 40: the items before it are whole."""
    text = SAMPLE.read_text(encoding="utf-8")
    return write(folder, "cut.xml", text[: text.index("<wp:post_id>40</wp:post_id>")])


def damaged(folder: Path) -> Path:
    """A mismatched end tag in the second of three items."""
    text = export(Post(id="1"), Post(id="2", slug="b"), Post(id="3", slug="c"))
    text = text.replace("<wp:post_id>2</wp:post_id>", "<wp:post_id>2</wp:post_idx>")
    return write(folder, "damaged.xml", text)


def duplicate(folder: Path) -> Path:
    return write(folder, "dup.xml", export(Post(id="1"), Post(id="1", slug="again")))


def cut_before_any_item(folder: Path) -> Path:
    text = export(Post(id="1"))
    return write(folder, "empty-cut.xml", text[: text.index("<wp:post_id>")])


def menu_duplicate(folder: Path) -> Path:
    menu = Post(id="7", type="nav_menu_item", slug="menu")
    return write(folder, "menu.xml", export(Post(id="1"), menu, menu.replace(slug="menu-2")))


def no_items(folder: Path) -> Path:
    return write(folder, "no-items.xml", export())


CASES: dict[str, tuple[Make, int]] = {
    "no items": (no_items, 0),
    "cut": (cut, 123),
    "damaged": (damaged, 123),
    "duplicate id": (duplicate, 0),
    "cut before any item": (cut_before_any_item, 2),
    "duplicate menu item": (menu_duplicate, 0),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_exit_code_is_converts(case: str, tmp_path: Path) -> None:
    make, code = CASES[case]
    source = make(tmp_path)
    converted = invoke("convert", str(source), "-o", str(tmp_path / "site"), "-j", "1")
    inspected = invoke("inspect", str(source))
    assert (inspected.exit_code, converted.exit_code) == (code, code), inspected.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_lines_are_converts(case: str, tmp_path: Path) -> None:
    """The same error and warning lines on stderr, word for word."""
    source = CASES[case][0](tmp_path)
    converted = invoke("convert", str(source), "-o", str(tmp_path / "site"), "-j", "1")
    inspected = invoke("inspect", str(source))

    def problems(stderr: str) -> set[str]:
        lines = stderr.replace("Error: ", "error: ").splitlines()  # click's, for exit 2
        return {x for x in lines if x.startswith(("error: ", "warning: "))}

    assert problems(inspected.stderr) == problems(converted.stderr)


def test_cut_export_is_an_error_on_stderr(tmp_path: Path) -> None:
    source = cut(tmp_path)
    result = invoke("inspect", str(source))
    assert result.exit_code == 123
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {source}:678: the export ends early, at line 678")
    assert "problem" not in result.stdout and "export ends early" not in result.stdout
    assert result.stdout.startswith("Field Notes  https://fieldnotes.example.com\n")
    assert "\nitems: 11;" in result.stdout  # surveyed up to the cut (convert: 8 + 3 skipped)


def test_damaged_export_names_file_and_line(tmp_path: Path) -> None:
    source = damaged(tmp_path)
    result = invoke("inspect", str(source))
    assert result.exit_code == 123
    (line,) = result.stderr.splitlines()
    line_no = next(
        n for n, text in enumerate(source.read_text().splitlines(), 1) if "</wp:post_idx>" in text
    )
    assert line.startswith(f"error: {source}:{line_no}: the export is damaged: ")
    assert "\nitems: 1;" in result.stdout


def test_duplicate_id_is_a_warning_and_exits_0(tmp_path: Path) -> None:
    source = duplicate(tmp_path)
    result = invoke("inspect", str(source))
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"warning: {source}:")
    assert line.endswith(
        ", item 1: post 1 appears more than once in the export (every copy"
        " is kept: later copies get the id 1-2, -3...)"
    )
    assert "appears more than once" not in result.stdout and "problem" not in result.stdout
    assert "\nitems: 2;" in result.stdout


def test_clean_export_says_nothing_on_stderr() -> None:
    result = invoke("inspect", str(SAMPLE))
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(("make", "kind"), [(cut, "error"), (duplicate, "warning")])
def test_json_carries_each_problems_kind(make: Make, kind: str, tmp_path: Path) -> None:
    source = make(tmp_path)
    result = invoke("inspect", "--json", str(source))
    data = json.loads(result.stdout)  # stdout is JSON alone: the problem went to stderr too
    (problem,) = data["problems"]
    assert problem["kind"] == kind
    assert problem["file"] == str(source) and problem["line"] > 1
    assert result.stderr == f"{kind}: {problem['message']}\n"
    assert problem["message"].startswith(f"{source}:{problem['line']}")


def test_json_of_a_clean_export_has_no_problems() -> None:
    result = invoke("inspect", "--json", str(SAMPLE))
    assert json.loads(result.stdout)["problems"] == []


@pytest.mark.parametrize(
    ("name", "code"),
    [("phpunit__data__malformed.xml", 2), ("phpunit__data__malformed-simple.xml", 2)],
)
def test_importer_malformed_fixtures(name: str, code: int, tmp_path: Path) -> None:
    found = [p for p in corpus_files("wordpress-importer/*.xml") if p.name == name]
    if not found:
        pytest.skip("corpus not available")
    result = invoke("inspect", str(found[0]))
    converted = invoke("convert", str(found[0]), "-o", str(tmp_path / "site"))
    assert result.exit_code == converted.exit_code == code
    assert result.stderr.startswith(f"error: {found[0]}:")


def test_duplicate_menu_item_is_not_mentioned(tmp_path: Path) -> None:
    """As in ``convert``: a menu item is never a page, its copies harm nothing."""
    result = invoke("inspect", str(menu_duplicate(tmp_path)))
    assert "more than once" not in result.output
    assert "nav_menu_item 2" in result.stdout  # both copies are counted
