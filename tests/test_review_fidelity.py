"""Fidelity defects found by reading real pages next to their Markdown: each case is a small
input written here that reproduces one defect, with the Markdown it must now give."""

from __future__ import annotations

from markdown_it import MarkdownIt

from wpmigrate.context import Context
from wpmigrate.convert import html_to_markdown, to_markdown
from wpmigrate.normalize.html import clean_tree, parse_fragment
from wpmigrate.normalize.prepare import prepare

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def body(content: str) -> str:
    """A post body through the stages convert_item runs: prepare, parse, clean, convert."""
    ctx = Context()
    root = parse_fragment(prepare(content, ctx))
    clean_tree(root, ctx)
    return to_markdown(root, ctx)


# -- emphasis whose first or last character is a non-breaking space --------------------------


def test_trailing_nbsp_goes_outside_the_emphasis() -> None:
    # "**Note:\xa0**" cannot close (a space before it): it was written as <strong> HTML
    assert html_to_markdown("<p>a <strong>Note:&nbsp;</strong>text</p>") == "a **Note:**\xa0text\n"


def test_leading_nbsp_goes_outside_the_emphasis() -> None:
    assert html_to_markdown("<p><em>&nbsp;x</em> y</p>") == "\xa0*x* y\n"


def test_nbsp_run_after_strong_renders_as_strong() -> None:
    markdown = html_to_markdown("<p><strong>Title &nbsp;&nbsp;<span>&nbsp;</span></strong></p>")
    assert "<strong>Title</strong>" in MD.render(markdown)
    assert "<strong>" not in markdown
