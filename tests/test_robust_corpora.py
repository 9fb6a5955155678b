"""Broken and unusual real exports, through the CLI: each gives its expected site or a clear
error (file, line, what is wrong, what to try), never a traceback, and never leaks an email,
an IP address or a post password into the output."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from conftest import CORPORA, SAMPLE, run_hugo
from robust_wxr import run_cli
from wpmigrate.cli import run

IMPORTER = CORPORA / "wordpress-importer"
CHARLESO = CORPORA / "wxr-real" / "charleso-blog__wordpress.xml"

#: file -> pages written. Attachments, menu items, trash and auto-drafts are not pages;
#: drafts, private and future posts are (as drafts), so a count is what the export holds.
CONVERTS = {
    "e2e__fixtures__wxr-base-url-rewriting": 1,
    "e2e__fixtures__wxr-complete": 3,
    "e2e__fixtures__wxr-comprehensive": 2,
    "e2e__fixtures__wxr-css-urls": 1,
    "e2e__fixtures__wxr-partial": 0,  # one attachment only
    "e2e__fixtures__wxr-simple": 1,
    "phpunit__data__a11y-unit-test-data": 65,
    "phpunit__data__authors-multiline": 1,
    "phpunit__data__backslashes": 1,
    "phpunit__data__blank-lines": 1,
    "phpunit__data__cdata-edge": 1,
    "phpunit__data__chunked-meta": 1,
    "phpunit__data__crazy-cdata": 1,  # "]]>" left unescaped in CDATA: read as WordPress does
    "phpunit__data__crazy-cdata-escaped": 1,
    "phpunit__data__idempotency-complete": 3,
    "phpunit__data__idempotency-partial": 0,  # one attachment only
    "phpunit__data__invalid-version-tag": 0,  # terms only
    "phpunit__data__large-authors": 0,  # authors only
    "phpunit__data__missing-tags": 1,
    "phpunit__data__missing-version-tag": 0,  # terms only
    "phpunit__data__multiple-cdata": 1,
    "phpunit__data__namespace-attacks": 9,
    "phpunit__data__namespace-complex": 8,
    "phpunit__data__namespace-edge-cases": 6,
    "phpunit__data__post-content-blank-lines": 1,
    "phpunit__data__slashes": 1,
    "phpunit__data__small-export": 11,
    "phpunit__data__term-formats": 0,  # terms only
    "phpunit__data__term-meta": 0,  # terms only
    "phpunit__data__test-serialized-comment-meta": 1,
    "phpunit__data__test-serialized-postmeta-no-cdata": 1,
    "phpunit__data__test-serialized-postmeta-with-cdata": 1,
    "phpunit__data__test-serialized-term-meta": 1,
    "phpunit__data__test-utw-post-meta-import": 1,
    "phpunit__data__theme-unit-test-data": 79,
    "phpunit__data__valid-wxr-1.0": 6,
    "phpunit__data__valid-wxr-1.1": 2,
    "phpunit__data__wxr-comprehensive": 2,
    "phpunit__data__wxr-flat-attachment-different-site": 1,
    "phpunit__data__wxr-flat-attachment-same-site": 1,
    "phpunit__data__wxr-simple": 1,
    "phpunit__data__wxr-utf-8-challenges": 1,
    "phpunit__data__wxr-with-sub-data": 1,
}

#: file -> (line, words of the message, words of the hint). Exit code 2, nothing converted.
FAILS = {
    "phpunit__data__malformed": (
        90,
        "the export is damaged: Opening and ending tag",
        "fix the XML",
    ),
    # Cut inside its only item: nothing complete to convert.
    "phpunit__data__malformed-simple": (
        14,
        "ends early, at line 14: item 1 'Broken'",
        "export again",
    ),
}

#: Export fields that must never reach the output (a password shorter than this is a word).
PRIVATE_FIELDS = ("author_email", "comment_author_email", "comment_author_IP", "post_password")
PRIVATE = re.compile(
    rb"<wp:(" + "|".join(PRIVATE_FIELDS).encode() + rb")>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</wp:"
)


def private_values(export: Path) -> set[bytes]:
    values = {m.group(2).strip() for m in PRIVATE.finditer(export.read_bytes())}
    return {v for v in values if len(v) >= 6}


def leaks(export: Path, site: Path) -> list[str]:
    """``file: value`` for every private value of ``export`` found anywhere under ``site``."""
    secrets = private_values(export)
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(site)}: {v!r}" for v in secrets if v in data]
    return found


def test_the_tables_cover_every_importer_fixture(corpora: Path) -> None:
    names = {p.stem for p in (corpora / "wordpress-importer").glob("*.xml")}
    assert names == set(CONVERTS) | set(FAILS)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CONVERTS))
def test_importer_fixture_converts(
    corpora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    export = IMPORTER / f"{name}.xml"
    site = tmp_path / "site"
    done = run_cli(capsys, "convert", str(export), "-o", str(site), "-j", "1")
    assert done.code == 0, done.err
    assert "Traceback" not in done.err
    pages = CONVERTS[name]
    assert done.err.splitlines()[-1].startswith(f"{pages} page{'' if pages == 1 else 's'} written")
    written = sorted((site / "content").rglob("index.md"))
    assert len(written) == pages
    for page in written:
        assert isinstance(frontmatter.load(page).metadata, dict)
    assert leaks(export, site) == []


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(FAILS))
def test_importer_fixture_fails_clearly(
    corpora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    export = IMPORTER / f"{name}.xml"
    line, what, hint = FAILS[name]
    done = run_cli(capsys, "convert", str(export), "-o", str(tmp_path / "site"), "-j", "1")
    assert done.code == 2, done.err
    assert "Traceback" not in done.err
    message = next(x for x in done.err.splitlines() if str(export) in x)
    assert f"{export}:{line}" in message
    assert what in message
    assert re.search(r"\(.*" + re.escape(hint) + r".*\)$", message), message
    assert not list((tmp_path / "site").rglob("index.md"))  # no page


@pytest.mark.corpus
def test_undeclared_prefix_export_converts_with_a_warning(
    corpora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    done = run_cli(capsys, "convert", str(CHARLESO), "-o", str(site), "-j", "1")
    assert done.code == 0, done.err
    assert "namespace prefix used without a declaration (atom)" in done.err
    assert done.err.splitlines()[-1].startswith("21 pages written")
    assert len(list((site / "content").rglob("index.md"))) == 21
    assert leaks(CHARLESO, site) == []


@pytest.mark.corpus
@pytest.mark.hugo
@pytest.mark.parametrize(
    "export",
    [
        IMPORTER / "phpunit__data__theme-unit-test-data.xml",
        IMPORTER / "phpunit__data__namespace-attacks.xml",
        CHARLESO,
    ],
    ids=lambda p: p.stem,
)
def test_converted_corpus_site_builds(corpora: Path, tmp_path: Path, export: Path) -> None:
    site = tmp_path / "site"
    assert run(["convert", str(export), "-o", str(site), "-q", "-j", "1"]) == 0
    built = run_hugo(site, "--destination", str(tmp_path / "public"), "--quiet")
    assert built.returncode == 0, built.stderr
    assert leaks(export, tmp_path / "public") == []


# --- a cut export ---------------------------------------------------------------------------


def test_cut_sample_converts_complete_items_and_names_the_loss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = SAMPLE.read_bytes()
    marker = b"<wp:post_id>12</wp:post_id>"
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: data.index(marker) + len(marker)])
    last_line = cut.read_bytes().count(b"\n") + 1
    site = tmp_path / "site"
    done = run_cli(
        capsys,
        "convert",
        str(cut),
        "-o",
        str(site),
        "-j",
        "1",
        "--report",
        str(tmp_path / "r.json"),
    )
    assert done.code == 123, done.err
    assert "Traceback" not in done.err
    assert f"{cut}:{last_line}" in done.err
    assert f"ends early, at line {last_line}: item 12" in done.err
    assert "it and any items after it are missing" in done.err
    full = tmp_path / "full"
    assert run_cli(capsys, "convert", str(SAMPLE), "-o", str(full), "-j", "1").code == 0
    # Every item complete before the cut is converted exactly as from the whole export.
    converted = sorted(p.relative_to(site) for p in (site / "content").rglob("index.md"))
    assert [str(p) for p in converted] == [
        "content/posts/first-light/index.md",
        "content/posts/long-way-to-kyoto/index.md",
    ]
    for rel in converted:
        # a link to item 12, which the cut lost, cannot point at its new page: it stays as written
        lost = "https://fieldnotes.example.com/?p=12", "/2021/04/coffee-and-code/"
        assert (site / rel).read_text().replace(*lost) == (full / rel).read_text()
