"""``convert`` on exports that are not plain XML files (packed ones, DOCTYPE bombs), or of an
unknown WXR version.

A file that cannot be read fails with exit code 2 and one line naming it and what to do,
writing nothing; an unknown version converts, with a warning naming the file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from robust_wxr import Post, export, run_cli


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("blog.wordpress.2024-01-01.000.xml", data)
    return buffer.getvalue()


PACKERS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "export.zip": (zipped, "a zip archive, not an XML export (unzip it"),
    "export.xml.gz": (gzip.compress, "a gzip-compressed file, not an XML export (unpack it"),
    "export.xml": (gzip.compress, "a gzip-compressed file"),  # packed, but named .xml
    "export.xml.bz2": (bz2.compress, "a bzip2-compressed file"),
    "export.xml.xz": (lzma.compress, "an xz-compressed file"),
}


@pytest.mark.parametrize("name", sorted(PACKERS))
@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_packed_export_says_unpack_it(
    name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack, message = PACKERS[name]
    source = tmp_path / name
    source.write_bytes(pack(export(Post()).encode("utf-8")))
    site = tmp_path / "site"
    args = ["convert", str(source), "-o", str(site)] if command == "convert" else [command]
    run = run_cli(capsys, *args, *([str(source)] if command == "inspect" else []))
    assert run.code == 2
    assert f"{source}: {message}" in run.err
    assert "Start tag expected" not in run.err
    assert not site.exists()


def test_entity_bomb_names_the_doctype(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    text = export(Post()).replace("<title>Robust blog</title>", "<title>&lol9;</title>")
    head = '<?xml version="1.0" encoding="UTF-8" ?>\n'
    text = text.replace(head, head + f"<!DOCTYPE rss [{''.join(entities)}]>\n")
    source = tmp_path / "bomb.xml"
    source.write_text(text, encoding="utf-8")
    run = run_cli(capsys, "convert", str(source), "-o", str(tmp_path / "site"))
    assert run.code == 2
    assert f"{source}:" in run.err
    assert "remove the one at the top of the file" in run.err


@pytest.mark.parametrize("version", ["9.9", "1.2"])
def test_unknown_wxr_version_converts_with_a_warning(
    version: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = export(Post()).replace("export/1.2/", f"export/{version}/")
    text = text.replace("<wp:wxr_version>1.2", f"<wp:wxr_version>{version}")
    source = tmp_path / "export.xml"
    source.write_text(text, encoding="utf-8")
    run = run_cli(capsys, "convert", str(source), "-o", str(tmp_path / "site"))
    assert run.code == 0
    warned = f"warning: {source}: WXR version {version} is not one wpmigrate knows" in run.err
    assert warned == (version == "9.9")
    assert "1 page written" in run.err


@pytest.mark.parametrize("order", [("odd", "usual"), ("usual", "odd")])
def test_the_version_warning_names_the_file_of_that_version(
    order: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = export(Post(id=1)).replace("export/1.2/", "export/9.9/")
    files = {"odd": odd, "usual": export(Post(id=2, slug="other"))}
    sources = []
    for name in order:
        sources.append(tmp_path / f"{name}.xml")
        sources[-1].write_text(files[name], encoding="utf-8")
    run = run_cli(capsys, "convert", *map(str, sources), "-o", str(tmp_path / "site"))
    assert run.err.count("is not one wpmigrate knows") == 1
    assert f"warning: {tmp_path / 'odd.xml'}: WXR version 9.9" in run.err
