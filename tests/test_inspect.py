"""``wpmigrate inspect``: the survey's counts, checked against the files read independently."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SAMPLE, corpus_files
from wpmigrate.cli import cli
from wpmigrate.config import Config
from wpmigrate.model import NoteKind
from wpmigrate.pipeline import convert_site
from wpmigrate.survey import CONVERTED_SHORTCODES, render_text, shortcode_names, survey

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
THEME_TEST = "theme-test-data/themeunittestdata.wordpress.xml"


def item_contents(path: Path) -> list[str]:
    """Every item's content:encoded, read with a plain (non-streaming) parse of the file."""
    # recover: one real export uses a namespace prefix it never declares
    tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, recover=True))
    return [el.text or "" for el in tree.iter(CONTENT) if el.getparent().tag == "item"]


def direct_block_counts(path: Path) -> Counter[str]:
    names = re.findall(r"<!-- wp:([a-z][a-z0-9_/-]*)", "\n".join(item_contents(path)))
    return Counter(n if "/" in n else f"core/{n}" for n in names)


def test_sample_survey() -> None:
    found = survey([SAMPLE])
    assert found.title == "Field Notes" and found.languages == ["en-US"]
    assert found.items == 14
    assert found.by_type == {
        "post": 6,
        "attachment": 3,
        "page": 2,
        "portfolio": 1,
        "nav_menu_item": 1,
        "revision": 1,
    }
    assert found.by_status["post/private"] == 1 and found.by_status["post/draft"] == 1
    assert (found.first_date[:10], found.last_date[:10]) == ("2021-01-01", "2021-07-04")
    assert sorted(found.authors.values()) == ["Hélène Marchand", "José Álvarez"]
    assert found.shortcodes == {
        "caption": 1,
        "gallery": 1,
        "code": 1,
        "embed": 1,
        "contact-form-7": 1,
    }
    assert found.unknown_shortcodes == ["contact-form-7"]
    assert found.blocks == direct_block_counts(SAMPLE)
    assert found.mojibake == {"title": 2, "content": 2, "excerpt": 1}
    assert found.comments == {"approved": 2, "pending": 1, "spam": 1}
    assert {"Contact Form 7", "Mashshare"} <= set(found.plugins)
    assert found.embeds["youtube.com"] == 2
    assert not found.problems


def test_text_marks_unknown_shortcodes() -> None:
    text = render_text(survey([SAMPLE]))
    line = next(x for x in text.splitlines() if x.startswith("shortcodes:"))
    assert "contact-form-7 1 (unknown)" in line
    assert "gallery 1," in line and "gallery 1 (unknown)" not in line
    assert "fields with mojibake (items): title 2, content 2, excerpt 1" in text


def test_converted_shortcodes_are_the_handlers() -> None:
    assert {"caption", "gallery", "audio", "video", "embed", "code"} <= CONVERTED_SHORTCODES
    assert "contact-form-7" not in CONVERTED_SHORTCODES


def test_cli_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["inspect", str(SAMPLE)])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Field Notes  https://fieldnotes.example.com\n")
    as_json = runner.invoke(cli, ["inspect", "--json", str(SAMPLE)])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["shortcodes"]["contact-form-7"] == 1
    assert data["unknown_shortcodes"] == ["contact-form-7"]
    assert data["by_type"]["post"] == 6 and data["comments"]["spam"] == 1


def test_cut_export_is_surveyed_up_to_the_cut(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("<wp:post_id>40</wp:post_id>")], encoding="utf-8")
    found = survey([cut])
    assert 0 < found.items < 14
    (problem,) = found.problems
    assert (problem.kind, problem.file) == ("error", str(cut))
    assert found.return_code == 123


def test_unreadable_export_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("this is not xml", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(bad)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(bad) in result.output


@pytest.mark.corpus
def test_theme_unit_test(corpora: Path) -> None:
    path = corpora / THEME_TEST
    found = survey([path])
    # Counted by hand in the file: [gallery] 12 times (10 in the "Post Format: Gallery" post
    # family, plus ids= galleries), [caption] 12 times, [audio] once; no [embed] shortcode
    # (its embeds are bare URLs); "[simple boat]" is prose, not a shortcode WordPress runs.
    assert found.shortcodes["gallery"] == 12
    assert found.shortcodes["caption"] == 12
    assert found.shortcodes["audio"] == 1
    assert found.unknown_shortcodes == ["simple"]
    assert found.blocks == direct_block_counts(path)
    assert found.blocks["core/paragraph"] > 100 and found.blocks["core-embed/youtube"] == 1
    assert found.embeds["youtube.com"] >= 1 and found.embeds["twitter.com"] >= 1
    assert found.by_type["post"] == 58 and found.by_type["page"] == 21
    assert found.comments["approved"] == 30


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path",
    [p for p in corpus_files("*/*.xml") if "block" in p.name or "wxr-real" in str(p)],
    ids=lambda p: p.name,
)
def test_block_counts_match_a_direct_count(path: Path) -> None:
    assert survey([path]).blocks == direct_block_counts(path)


def test_shortcodes_are_counted_as_convert_reads_them() -> None:
    content = (
        "[csharp]public class A<T> where T : [DataContract] { int[] i = new int[3]; }[/csharp]\n"
        "a[index] = 4, the [HandleError] attribute, [format=html], [NC]\n"
        '[gallery ids="1"] [highlight]x[/highlight] [wpforms id="2"]'
    )
    assert sorted(shortcode_names(content)) == ["csharp", "gallery", "highlight", "wpforms"]


def test_forms_are_unknown_and_their_plugin_detected() -> None:
    assert {"wpforms", "gravityform", "mc4wp_form"} - CONVERTED_SHORTCODES == {
        "wpforms",
        "gravityform",
        "mc4wp_form",
    }


@pytest.mark.parametrize("export", corpus_files("wxr-real/*.xml"), ids=lambda p: p.name)
def test_unknown_shortcodes_are_those_convert_notes(export: Path, tmp_path: Path) -> None:
    report = convert_site([export], tmp_path / "site", Config(jobs=1))
    noted = {
        re.search(r"\[([^\]\s]+)\]", note.message).group(1)  # type: ignore[union-attr]
        for item in report.items
        for note in item.notes
        if note.kind == NoteKind.UNKNOWN_SHORTCODE
    }
    assert set(survey([export]).unknown_shortcodes) == {n.lower() for n in noted}
