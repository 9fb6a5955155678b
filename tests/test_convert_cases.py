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


# -- the same emphasis twice in a row ------------------------------------------------------


def test_adjacent_emphasis_of_one_kind_is_one_emphasis() -> None:
    # "*a**b*" cannot be written: the second one was left as <em> HTML
    assert html_to_markdown("<p><em>(one </em><em>two)</em> three</p>") == "*(one two)* three\n"


def test_adjacent_bold_and_strong_merge_and_keep_their_content() -> None:
    markdown = html_to_markdown('<p>x <b>a</b><strong>b <a href="/l">c</a></strong>.</p>')
    assert markdown == "x **ab [c](/l)**.\n"


def test_emphasis_apart_by_a_space_stays_two() -> None:
    assert html_to_markdown("<p><em>a</em> <em>b</em></p>") == "*a* *b*\n"


def test_emphasis_of_different_kinds_does_not_merge() -> None:
    markdown = html_to_markdown("<p><em>a</em><strong>b</strong> c</p>")
    assert "<em>a</em><strong>b</strong> c" in MD.render(markdown)


# -- a summary divider inside inline markup -------------------------------------------------


def test_divider_inside_strong_moves_after_it() -> None:
    # Hugo renders the two sides of the divider apart: "**a<!--more--> b**" showed its "**"
    markdown = body("<strong>First part.<!--more--> Second part.</strong>\n<h2>Next</h2>\nText.")
    assert markdown == "**First part. Second part.**\n\n<!--more-->\n\n## Next\n\nText.\n"


def test_divider_inside_a_link_inside_emphasis_moves_out_of_both() -> None:
    markdown = body('<em>a <a href="/x">b<!--more--></a> c</em> d')
    assert markdown == "*a [b](/x) c*<!--more--> d\n"


def test_divider_in_plain_text_stays_where_it_is() -> None:
    assert body("Text <!--more--> more text.") == "Text <!--more--> more text.\n"


# -- a quote block's citation with line breaks at its ends -----------------------------------


def test_citation_edge_breaks_are_dropped() -> None:
    # "—\" then the name on the next line: the editor's leftover <br> split the citation
    quote = (
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Words.</p>'
        "<cite><br><em>Someone Named</em><br></cite></blockquote>\n<!-- /wp:quote -->"
    )
    assert body(quote) == "> Words.\n>\n> — *Someone Named*\n"


def test_citation_of_breaks_alone_is_no_citation() -> None:
    quote = (
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Words.</p>'
        "<cite><br></cite></blockquote>\n<!-- /wp:quote -->"
    )
    assert body(quote) == "> Words.\n"
