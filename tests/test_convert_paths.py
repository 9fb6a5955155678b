"""Convert stage: the short paths taken for speed give what the general ones give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from wpmigrate.context import Context
from wpmigrate.convert import Converter, ConvertState, to_markdown
from wpmigrate.convert import escape as esc
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
