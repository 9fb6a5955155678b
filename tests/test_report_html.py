"""The HTML report: self-contained, escaped, complete; and rendered by a real browser."""

from __future__ import annotations

import re
import shutil
import statistics
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest

from conftest import SAMPLE
from wpmigrate.config import Config
from wpmigrate.model import Note, NoteKind
from wpmigrate.pipeline import convert_site
from wpmigrate.report import ItemResult, Report
from wpmigrate.report_html import render_html

CFG = Config().replace(jobs=1)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REMOTE = re.compile(r"^\s*(https?:)?//", re.I)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    site = tmp_path_factory.mktemp("site") / "site"
    cfg = CFG.replace(fail_on=frozenset({"unknown-shortcode"}))
    return convert_site([SAMPLE], site, cfg, "dry-run")


@pytest.fixture(scope="module")
def sample_html(sample_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "r.html"
    sample_report.write(path)
    return path


def doc(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def test_needs_no_network(sample_html: Path) -> None:
    page = doc(sample_html)
    for el in page.iter("script", "link", "img", "iframe", "audio", "video", "source", "object"):
        for attr in ("src", "href", "data", "srcset"):
            value = el.get(attr)
            assert value is None or not REMOTE.match(value), (el.tag, attr, value)
    assert not page.xpath("//link"), "styles are inlined"
    for style in page.iter("style"):
        assert "@import" not in style.text_content()
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.text_content())
    assert len(page.xpath("//script")) == 1 and not page.xpath("//script[@src]")


def test_summary_cards_charts_and_rows(sample_html: Path, sample_report: Report) -> None:
    page = doc(sample_html)
    summary = page.get_element_by_id("summary").text_content()
    assert "9 pages would be written" in summary and "exit code 1" in summary
    cards = {c.find("span").text: c.find("b").text for c in page.find_class("card")}
    assert cards["items"] == "14" and cards["would be written"] == "9"
    assert cards["skipped"] == "5" and cards["flagged by --fail-on"] == "1"
    assert page.xpath("//svg[@class='donut']//circle")
    bars = {b.get("data-kind") for b in page.find_class("bar")}
    assert bars == {n.kind.value for r in sample_report.items for n in r.notes}
    rows = page.xpath("//table[@id='items']/tbody/tr[contains(@class,'item')]")
    assert len(rows) == len(sample_report.items) == 14
    assert len(page.xpath("//tr[@class='detail']")) == 14


def test_item_details_show_notes_samples_and_side_by_side(sample_html: Path) -> None:
    page = doc(sample_html)
    row = next(r for r in page.find_class("item") if r[0].text == "12")
    assert "flag" in row.get("class").split() and row.get("data-look") == "1"
    assert "unknown-shortcode" in row.get("data-kinds").split()
    detail = row.getnext()
    samples = [s.text_content() for s in detail.find_class("sample")]
    assert any("cafÃ©" in s and "café" in s for s in samples)
    sbs = detail.find_class("sbs")[0]
    assert "title: 'Coffee & Code" in sbs.text_content()
    assert sbs.xpath(".//td[contains(@class,'ins')]")


def test_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script><img src="https://evil.example/x.png">'
    item = ItemResult("1", hostile, "x.xml", "would-write", words_kept=0.5, missing_words=["ab"])
    item.notes = [Note("audit", NoteKind.WORDS_LOST, hostile, before=hostile, after="ok")]
    item.before, item.after = hostile, "text"
    page = lxml.html.fromstring(render_html(Report(mode="dry-run", items=[item])))
    assert len(page.xpath("//script")) == 1 and not page.xpath("//img")
    assert hostile in page.find_class("t")[0].text_content()
    assert page.find_class("missing")[0].text_content().endswith("ab")


def test_empty_and_failed_runs_render() -> None:
    empty = lxml.html.fromstring(render_html(Report()))
    assert "No notes" in empty.find_class("empty")[0].text_content()
    failed = ItemResult("3", "Broken", "x.xml", "failed", line=40, reason="ValueError: boom")
    page = lxml.html.fromstring(render_html(Report(items=[failed])))
    assert "exit code 123" in page.get_element_by_id("summary").text_content()
    assert "ValueError: boom" in page.find_class("reason")[0].text_content()


def test_clean_report_renders(tmp_path: Path) -> None:
    from wpmigrate.clean import clean_paths

    md = tmp_path / "post.md"
    md.write_text("---\ntitle: Itâ€™s\n---\nItâ€™s here.\n", encoding="utf-8")
    page = lxml.html.fromstring(render_html(clean_paths([tmp_path], CFG, "check")))
    assert "1 file would be cleaned" in page.get_element_by_id("summary").text_content()
    assert page.find_class("sbs"), "the before/after of a cleaned file is shown"


# -- a real browser ---------------------------------------------------------------------------


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
    ]
    assert CHROMIUM
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180, check=False
    )


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines (filter bytes included) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_browser_renders_summary_and_table(sample_html: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(f"--screenshot={shot}", sample_html.as_uri(), profile=tmp_path / "p1")
    assert shot.is_file(), "chromium wrote no screenshot"
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 900)
    sample = pixels[:: max(1, len(pixels) // 50_000)]
    assert len(set(sample)) > 30 and statistics.pstdev(sample) > 20, "the page looks blank"

    dom = chromium("--dump-dom", sample_html.as_uri(), profile=tmp_path / "p2").stdout
    page = lxml.html.fromstring(dom)
    assert page.body.get("data-ready") == "1", "the report's script did not run"
    assert "9 pages would be written" in page.get_element_by_id("summary").text_content()
    rows = page.xpath("//table[@id='items']/tbody/tr[contains(@class,'item')]")
    assert len(rows) == 14
    visible = [r for r in rows if r.get("hidden") is None]
    assert len(visible) == 9, "skipped items are hidden by default"
    assert page.get_element_by_id("shown").text_content() == "showing 9 of 14 items"


def test_paths_read_left_to_right_and_titles_in_their_own_direction() -> None:
    item = ItemResult(
        "7", "عرضه بیلد", "x.xml", "would-write", output="content/posts/عرضه/index.md"
    )
    page = lxml.html.fromstring(render_html(Report(mode="dry-run", items=[item])))
    assert page.find_class("path")[0].get("dir") == "ltr"
    assert page.find_class("t")[0].get("dir") == "auto"
