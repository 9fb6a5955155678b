"""``clean`` on hostile files: one bad file fails alone, named, and is left as it was.

Front matter nested thousands deep or expanded by YAML aliases, a file that cannot be
written, a symlink named on the command line: each must end as a ``failed`` line naming the
file (or as a clean write through the link), never as an internal error stopping the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from robust_wxr import run_cli
from wpmigrate import clean
from wpmigrate.clean import clean_paths
from wpmigrate.config import Config
from wpmigrate.errors import OutputError
from wpmigrate.read.markdown import Document
from wpmigrate.report import FAILED, WRITTEN

MOJIBAKE = "caf\u00c3\u00a9"  # "café" read as Latin-1
GOOD = f"---\ntitle: {MOJIBAKE}\n---\nBody {MOJIBAKE}.\n"

DEEP = {
    "yaml": "---\nkey: " + "[" * 3000 + "]" * 3000 + "\n---\nBody.\n",
    "toml": "+++\nkey = " + "[" * 3000 + "]" * 3000 + "\n+++\nBody.\n",
    "json": '{"key": ' + "[" * 100_000 + "]" * 100_000 + "}\nBody.\n",
}
LEVELS = "abcdefg"
# Seven levels of nine aliases each: 9**6 (531,441) strings under "g" from 9 written ones.
ALIAS_BOMB = (
    "---\n"
    + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{name}: &{name} [{','.join(['*' + LEVELS[i]] * 9)}]\n"
        for i, name in enumerate(LEVELS[1:])
    )
    + f"title: {MOJIBAKE}\n---\nBody.\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", sorted(DEEP))
def test_deeply_nested_front_matter_fails_that_file_alone(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = write(tmp_path, "a-deep.md", DEEP[fmt])
    good = write(tmp_path, "b-good.md", GOOD)
    run = run_cli(capsys, "clean", str(tmp_path))
    assert run.code == 123
    # Measured as too deep, or stopped by libyaml's own depth limit: the file, named, fails.
    assert f"error: {deep}:" in run.err and "front matter" in run.err
    assert "nested too deeply" in run.err or "while increasing flow level" in run.err
    assert "internal error" not in run.err
    assert deep.read_text(encoding="utf-8") == DEEP[fmt]
    assert "café" in good.read_text(encoding="utf-8")  # the run went on
    assert "1 file cleaned, 0 unchanged, 1 failed" in run.err


def test_yaml_alias_bomb_is_refused_not_expanded(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.md", ALIAS_BOMB)
    [result] = clean_paths([bomb], Config()).items
    assert result.status == FAILED
    assert "531,441" in result.reason or "values once its YAML aliases" in result.reason
    assert bomb.read_text(encoding="utf-8") == ALIAS_BOMB


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    text = f"---\nbase: &b [x, y]\nmore: *b\ntitle: {MOJIBAKE}\n---\nBody.\n"
    path = write(tmp_path, "ok.md", text)
    [result] = clean_paths([path], Config()).items
    assert result.status == WRITTEN
    assert "title: café" in path.read_text(encoding="utf-8")


def test_yaml_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    text = "---\nloop: &l [a, *l]\n---\nBody.\n"
    path = write(tmp_path, "loop.md", text)
    [result] = clean_paths([path], Config()).items
    assert result.status == FAILED
    assert "refers to itself" in result.reason


def test_toml_error_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.md", '+++\ntitle = "x"\ndate =\n+++\nBody.\n')
    run = run_cli(capsys, "clean", str(path))
    assert run.code == 123
    assert f"error: {path}:3: front matter is not valid TOML" in run.err


def test_unwritable_file_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path, "a.md", GOOD)
    second = write(tmp_path, "b.md", GOOD)
    real_write = clean.atomic_write  # type: ignore[attr-defined]

    def refuse_first(path: Path, data: bytes) -> None:
        if path.name == "a.md":
            raise OutputError("cannot write the file: Permission denied", path=path)
        real_write(path, data)

    monkeypatch.setattr(clean, "atomic_write", refuse_first)
    run = run_cli(capsys, "clean", str(tmp_path))
    assert run.code == 123
    assert f"error: {first}: cannot write the file: Permission denied" in run.err
    assert first.read_text(encoding="utf-8") == GOOD
    assert "café" in second.read_text(encoding="utf-8")
    assert "1 file cleaned, 0 unchanged, 1 failed" in run.err


def test_unexpected_failure_fails_that_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path, "a.md", GOOD)
    second = write(tmp_path, "b.md", GOOD)
    real = clean._clean

    def broken_on_first(doc: Document, cfg: Config) -> object:
        if doc.path.name == "a.md":
            raise KeyError("surprise")
        return real(doc, cfg)

    monkeypatch.setattr(clean, "_clean", broken_on_first)
    report = clean_paths([tmp_path], Config())
    statuses = {Path(r.source).name: (r.status, r.reason) for r in report.items}
    assert statuses["a.md"][0] == FAILED
    assert "internal error: KeyError" in statuses["a.md"][1]
    assert statuses["b.md"][0] == WRITTEN
    assert first.read_text(encoding="utf-8") == GOOD
    assert "café" in second.read_text(encoding="utf-8")


def test_symlink_named_on_the_command_line_stays_a_link(tmp_path: Path) -> None:
    target = write(tmp_path, "target.md", GOOD)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    [result] = clean_paths([link], Config()).items
    assert result.status == WRITTEN
    assert link.is_symlink()
    assert "café" in target.read_text(encoding="utf-8")
    assert clean_paths([link], Config(), mode="check").return_code == 0
