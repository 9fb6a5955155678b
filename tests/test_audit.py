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


_SHORTCODE_ALPHABET = [*"{<%>} \n\u3000a", "{{", "}}", "{{< ", " >}}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SHORTCODE_ALPHABET)).map("".join))
def test_shortcode_delimiters_go_as_the_plain_pattern_removes_them(text: str) -> None:
    plain = audit.re.compile(r"\{\{[<%]\s*|\s*[>%]\}\}")
    assert audit._HUGO.sub(" ", text) == plain.sub(" ", text)


def test_shortcode_delimiters_are_not_words() -> None:
    shown = audit.markdown_words("{{< gallery >}} gamma {{%  note\t%}}")
    assert shown == audit.Counter(["gallery", "gamma", "note"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("İstanbul İzmir", ["i̇stanbul", "i̇zmir"]),  # İ lowers to i + U+0307
        ("5 \u212a here", ["here", "k"]),  # the Kelvin sign is a word of its own
        ("ΣΑΣ'Α Ω", ["α", "σας", "ω"]),  # final sigma as in the word alone
        ("a I 1 ab é", ["ab", "é"]),  # a lone ASCII character is not counted
    ],
)
def test_words_are_matched_before_they_are_lowered(text: str, expected: list[str]) -> None:
    from wpmigrate.audit import words

    assert sorted(words(text).elements()) == expected


_WORDS_ALPHABET = list("aZ_1 .,-\n\té中カ・ßİK\u212a\u0301ΣΑ'") + ["\u30fb", "\uff21"]


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(_WORDS_ALPHABET))))
def test_words_equal_the_plain_definition(text: str) -> None:
    """The fast paths (ASCII pattern, filter in the pattern, one lowering) count what the
    plain definition counts: word runs and CJK characters, lowered one by one, minus lone
    ASCII characters."""
    import re

    from wpmigrate.audit import _CJK, words

    plain = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
    found = [w.lower() for w in plain.findall(text) if len(w) > 1 or not w.isascii()]
    assert words(text) == audit.Counter(found)
