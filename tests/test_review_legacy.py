"""``clean`` on Markdown written by wordpress-export-to-markdown (Turndown) and its kin: only
repairs change, every other character stays as it was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from wpmigrate.clean import clean_paths
from wpmigrate.config import Config
from wpmigrate.normalize.markdown_text import normalize_markdown


def _clean(tmp_path: Path, text: str) -> str:
    work = tmp_path / "index.md"
    work.write_text(text, encoding="utf-8")
    report = clean_paths([work], Config())
    assert report.return_code == 0, report.items[0].reason
    again = clean_paths([work], Config(), mode="check")
    assert again.return_code == 0, again.items[0].diff
    return work.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        # Code an exporter left as prose: its quotes are not attribute syntax to rewrite.
        "var s = '<img id=\"pic\" src=\\\\''+url+'\\\\' />';\n",
        "m = re.findall(r'\\\\<pre lang=\\\\\".\\*?\\\\\"\\\\>', s)\n",
        # A tag with nothing to drop stays byte for byte, its quoting included.
        "<span class='note' title=x>Note</span>\n",
    ],
)
def test_tag_without_wordpress_attributes_is_untouched(text: str) -> None:
    assert normalize_markdown(text) == text


def test_dropped_attribute_leaves_the_rest_as_written() -> None:
    text = "p = \"<div class='p-name'><a target='_blank' href='(.*?)'>\"\n"
    assert normalize_markdown(text) == "p = \"<div class='p-name'><a href='(.*?)'>\"\n"


def test_wordpress_class_dropped_others_kept_in_place() -> None:
    text = '<p class="wp-block-x lead" id=a>Hi</p>\n'
    assert normalize_markdown(text) == '<p class="lead" id=a>Hi</p>\n'


@pytest.mark.parametrize(
    "text",
    [
        "x = '<img src=\\\\''+u+'\\\\' alt=a>'\n",
        "y = '<a href=\\\\''+u+'\\\\' rel=x>go</a>'\n",
    ],
)
def test_tag_like_code_is_not_made_markdown(text: str) -> None:
    assert normalize_markdown(text) == text
