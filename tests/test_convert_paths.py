"""Convert stage: the short paths taken for speed give what the general ones give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from wpmigrate.context import Context
from wpmigrate.convert import Converter, ConvertState, html_to_markdown, to_markdown
from wpmigrate.convert import escape as esc
from wpmigrate.convert.base import MAX_CACHED_TAGS
from wpmigrate.normalize.html import parse_fragment

_TEXT = st.lists(
    st.sampled_from(
        ["a", "b", " ", "  ", "\t", "\n", "\x01", "\ufdd0", "*", "_", "~", "[", "]", "!", "\\"]
        + ["`", "<", "<a", "&", "&amp;", "{", "{{<", "\xa0", "é", "1.", "#", "-", "> "]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_text_markdown_is_collapse_then_escape(text: str) -> None:
    assert esc.text_markdown(text) == esc.escape_text(esc.collapse(text))


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_line_starts_of_one_line_as_of_many(text: str, link_first: bool) -> None:
    # the general path: the multiline pattern over the whole text
    general = esc._LINE_START.sub(esc._line_start, text)
    if not link_first and esc._DEFINITION.match(general):
        general = "\\" + general
    assert esc.escape_line_starts(text, link_first=link_first) == general


class _Shouting(Converter):
    def convert_kbd(self, el: HtmlElement, st: ConvertState) -> str:
        return self.inline_children(el, st).upper()


class _Plain(Converter):
    pass


def test_each_subclass_has_its_own_dispatch_table() -> None:
    html = "<p>press <kbd>ctrl</kbd> now</p>"
    assert _Shouting().markdown(parse_fragment(html), ConvertState(Context())) == "press CTRL now"
    plain = _Plain().markdown(parse_fragment(html), ConvertState(Context()))
    assert plain == "press <kbd>ctrl</kbd> now"
    assert "kbd" in _Shouting._methods and _Shouting._methods is not _Plain._methods


def test_nested_emphasis_without_to_markdown_reads_ancestors() -> None:
    html = "<p><em>a <em>b</em> c</em> and <strong>d<b>e</b></strong></p>"
    direct = Converter().markdown(parse_fragment(html), ConvertState(Context()))
    assert direct + "\n" == to_markdown(parse_fragment(html), Context())
    assert direct == "*a b c* and **de**"
    assert not re.search(r"\*\*\*|\*a \*", direct)


def test_dispatch_table_stays_bounded_on_tag_names_from_the_input() -> None:
    """Tag names come from the input: the per-class table must not grow with each new one."""
    odd = "<p>Mail <john@example.com> now, <3x> or <Foo-Bar>x</Foo-Bar>.</p>"
    made_up = "".join(f"<p><w{n}>word {n}</w{n}></p>" for n in range(3 * MAX_CACHED_TAGS))
    expected = html_to_markdown(odd + made_up)
    assert html_to_markdown(odd + made_up) == expected  # the same with the table filled
    table = Converter._methods
    assert "john@example.com" not in table and "foo-bar" not in table
    assert len(table) <= MAX_CACHED_TAGS
    assert "word 1000" in expected
    assert html_to_markdown("<p><em>a</em> <b>b</b></p>") == "*a* **b**\n"
