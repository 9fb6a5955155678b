"""Content-loss audit: words of the source against words of the rendered Markdown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpmigrate import audit

TRICKY = ["[a`b", "[`[", "a [b`[x", "x *y* [z](w) `c`", "| a | b |\n|---|---|\n| 1 | 2 |", ""]


@pytest.mark.parametrize("text", TRICKY)
def test_render_never_fails_and_matches_markdown_it(text: str) -> None:
    fast = audit.render(text)
    slow = audit._fallback().render(text)
    assert audit.words(audit._TAG.sub(" ", fast)) == audit.words(audit._TAG.sub(" ", slow))


def test_a_failing_fast_renderer_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    class Panic(BaseException):  # what a panic in native code looks like from Python
        pass

    def explode(text: str) -> str:
        raise Panic(text)

    monkeypatch.setattr(audit, "_fast", lambda: explode)
    assert "<em>b</em>" in audit.render("a *b* c")


def test_words_lost_are_named() -> None:
    source = audit.source_words("<p>One <b>precious</b> sentence, 中文。</p>[gallery]")
    kept = audit.audit(source, audit.markdown_words("One sentence, 中文。"))
    assert kept.missing == ("precious",)
    assert kept.kept == pytest.approx(1 - 1 / 5)  # one, precious, sentence, 中, 文


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab [](){}<>`*_~!#|-=:\\\"'&;.\n é1"))))
def test_fast_and_reference_renderers_see_the_same_words(text: str) -> None:
    fast = audit.words(audit.html.unescape(audit._TAG.sub(" ", audit.render(text))))
    slow = audit.words(audit.html.unescape(audit._TAG.sub(" ", audit._fallback().render(text))))
    assert fast == slow
