"""Normalize entry point: page dividers, and whitespace between blocks."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wpmigrate.context import Context
from wpmigrate.normalize import prepare as prep

# The pattern as first written: it starts with an optional group, so it is tried everywhere.
_PLAIN_NEXTPAGE = re.compile(r"(?:<p>\s*)?<!--nextpage-->(?:\s*</p>)?")
_PIECES = st.lists(
    st.sampled_from(["<p>", "</p>", " ", "\n", "x", "<", "<!--nextpage-->", "<p", "<!--"]),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_nextpage_pattern_matches_as_written(text: str) -> None:
    assert prep._NEXTPAGE.sub("<hr />", text) == _PLAIN_NEXTPAGE.sub("<hr />", text)


def test_nextpage_becomes_a_rule() -> None:
    out = prep.prepare("One\n\n<!--nextpage-->\n\nTwo", Context())
    assert out == "<p>One</p>\n<hr />\n<p>Two</p>\n"


def test_space_between_blocks_is_nothing() -> None:
    para = "<!-- wp:paragraph --><p>A</p><!-- /wp:paragraph -->"
    assert prep.prepare(para + "\n\n \t\n" + para, Context()) == "<p>A</p><p>A</p>"
