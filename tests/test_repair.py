"""Repair stage: mojibake and entities per field, conservative defaults, notes, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpmigrate.config import Config
from wpmigrate.model import Comment, Item, NoteKind, Notes, Term
from wpmigrate.repair import (
    decode_html_entities,
    decode_text_entities,
    repair_html,
    repair_item,
    repair_text,
)

CFG = Config()

TEXT_CASES = [
    ("Itâ€™s", "It’s"),
    ("CafÃ© culture", "Café culture"),
    ("smile ðŸ™‚", "smile 🙂"),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("it&#8217;s", "it’s"),
    ("double &amp;#8217; escaped", "double ’ escaped"),
    ("a&nbsp;b", "a\u00a0b"),
    ("&lt;not markup&gt;", "<not markup>"),
    ("“curly” stays", "“curly” stays"),
    ("中文，標點", "中文，標點"),  # CJK punctuation: width kept
    ("ﬁne ligature", "ﬁne ligature"),
    ("plain ascii", "plain ascii"),
    ("", ""),
]


@pytest.mark.parametrize(("before", "after"), TEXT_CASES)
def test_repair_text(before: str, after: str) -> None:
    assert repair_text(before, CFG) == after


HTML_CASES = [
    ("<p>Itâ€™s</p>", "<p>It’s</p>"),
    ("<p>&#8217; &amp;#8217; &nbsp;</p>", "<p>’ ’ \u00a0</p>"),
    ("<p>&lt;b&gt; stays text</p>", "<p>&lt;b&gt; stays text</p>"),
    ("<p>AT&amp;T</p>", "<p>AT&amp;T</p>"),
    ('<a title="&quot;q&quot;">x</a>', '<a title="&quot;q&quot;">x</a>'),
    ("<pre>&#8217; &amp;#8217;</pre>", "<pre>&#8217; &amp;#8217;</pre>"),
    ("<code>&nbsp;</code> &nbsp;", "<code>&nbsp;</code> \u00a0"),
    ("<!-- &#8217; -->", "<!-- &#8217; -->"),
]


@pytest.mark.parametrize(("before", "after"), HTML_CASES)
def test_repair_html(before: str, after: str) -> None:
    assert repair_html(before, CFG) == after


def test_opt_ins() -> None:
    straight = Config(straight_quotes=True)
    assert repair_text("“curly” it’s ï¼Œ", straight).startswith('"curly" it\'s')
    wide = Config(fix_character_width=True)
    assert repair_text("ＡＢＣ", wide) == "ABC"
    assert repair_text("ＡＢＣ", CFG) == "ＡＢＣ"


def test_notes_name_field_and_sample() -> None:
    notes = Notes(item_id="7")
    repair_text("Itâ€™s here", CFG, notes, "title")
    (note,) = notes.items
    assert note.kind is NoteKind.MOJIBAKE and note.field == "title" and note.item_id == "7"
    assert "â€™" in note.before and "’" in note.after


def test_repair_item_covers_every_field() -> None:
    item = Item(
        id="1",
        type="post",
        title="Itâ€™s",
        excerpt="CafÃ©",
        content="<p>naÃ¯ve</p>",
        terms=[Term("category", "cafe", "CafÃ©")],
        meta={"subtitle": "rÃ©sumÃ©"},
        comments=[Comment("1", "JosÃ©", "", "", "<p>olÃ¡</p>", "1")],
    )
    notes = Notes(item_id="1")
    fixed = repair_item(item, CFG, notes)
    assert (fixed.title, fixed.excerpt, fixed.content) == ("It’s", "Café", "<p>naïve</p>")
    assert fixed.terms[0].name == "Café"
    assert fixed.meta["subtitle"] == "résumé"
    assert (fixed.comments[0].author, fixed.comments[0].content) == ("José", "<p>olá</p>")
    fields = {n.field for n in notes.items}
    assert {"title", "excerpt", "content", "meta subtitle"} <= fields


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text, CFG)
    assert repair_text(once, CFG) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab<>&;#x1 \"'pre/code’â€™Ã©"))))
def test_repair_html_never_creates_markup(text: str) -> None:
    # Decoding must not turn escaped text into tags: the count of "<" can only stay.
    fixed = repair_html(text, CFG)
    assert fixed.count("<") <= text.count("<")
    assert repair_html(fixed, CFG) == fixed


def test_entity_helpers() -> None:
    assert decode_text_entities("&amp;amp;amp;") == "&"
    assert decode_html_entities("&amp;lt;") == "&lt;"
    assert decode_html_entities("&unknown;") == "&unknown;"


# The pre-check that spares ftfy most lines must never skip a line ftfy would change.
_MOJIBAKE_PRONE = st.sampled_from(
    list("ÂÃâ€™œžŸ¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ðŸ™‚\x80\x81\x8d\x9d\xa0")
    + list("’“”–—…‘‚„†‡•ʼﬁﬂＡＢ１　\u0301\u200b\ufeff\u206a\ufff9\ud83d\x1b[")
    + list("aé日本Рсß İ\n")
    + list("вЂВГСβΒΓΞΟā‚√≈×ØÙà│┌«»¿¡™“”¶§")
)
_CONFIGS = [
    Config(),
    Config(straight_quotes=True, fix_character_width=True, fix_ligatures=True, normalization="NFC"),
]


@settings(max_examples=400)
@given(st.text(_MOJIBAKE_PRONE, max_size=12), st.sampled_from(_CONFIGS))
def test_lines_spared_from_ftfy_are_lines_ftfy_keeps(line: str, cfg: Config) -> None:
    import ftfy

    from wpmigrate.repair import _ftfy_config, _ftfy_could_act

    if not _ftfy_could_act(cfg)(line):
        assert ftfy.fix_and_explain(line, _ftfy_config(cfg)).text == line


@pytest.mark.parametrize("cfg", _CONFIGS)
def test_real_mojibake_still_reaches_ftfy(cfg: Config) -> None:
    assert repair_text("Itâ€™s fine ðŸ™‚", cfg) in ("It’s fine 🙂", "It's fine 🙂")


@settings(max_examples=400)
@given(st.text(_MOJIBAKE_PRONE, max_size=12))
def test_the_mojibake_sign_filter_never_hides_what_ftfy_calls_bad(line: str) -> None:
    from ftfy.badness import is_bad

    from wpmigrate.repair import _looks_bad

    assert _looks_bad(line) == is_bad(line)


def _badness_alphabet() -> list[str]:
    """Every character ftfy's badness pattern names, expanded from its categories, with ASCII
    letters and spaces around them."""
    import re

    from ftfy.badness import MOJIBAKE_CATEGORIES

    chars = set("aZz .,?!\n\tŒœÂÃÎÐ×ØÙà√≈‚Ä вЂВГРСβΒΓΞΟā°")
    for spec in MOJIBAKE_CATEGORIES.values():
        for a, b in re.findall(r"(.)(?:-(.))?", spec, re.S):
            chars.update(chr(c) for c in range(ord(a), ord(b or a) + 1))
    return sorted(chars)


@settings(max_examples=400)
@given(st.text(st.sampled_from(_badness_alphabet()), max_size=8))
def test_the_pair_filter_never_hides_what_ftfy_calls_bad(line: str) -> None:
    from ftfy.badness import is_bad

    from wpmigrate.repair import _looks_bad

    assert _looks_bad(line) == is_bad(line)


@pytest.mark.parametrize("line", ["œ1", "Â ", "a Â «", "\x81", "é€", "Ã¡"])
def test_single_character_mojibake_passes_the_pair_filter(line: str) -> None:
    from ftfy.badness import is_bad

    from wpmigrate.repair import _looks_bad

    assert is_bad(line) and _looks_bad(line)


@pytest.mark.parametrize("text", ["plain", "a&b", "x\x01y", "café", ""])
def test_untouched_fields_are_only_plain_ascii(text: str) -> None:
    from wpmigrate.repair import _untouched

    assert _untouched(text) == (text in ("plain", ""))


def test_a_nel_byte_inside_mojibake_is_not_a_line_break() -> None:
    # U+0085 is a line break to str.splitlines but a byte of mojibake here: cut there, the
    # sequence was only repaired by a second run.
    once = repair_text("á\x85\x8d", CFG)
    assert repair_text(once, CFG) == once


# A no-break space whose UTF-8 lead byte was read as cp1252 ("Â") and whose A0 byte became a
# space: ftfy reads "Â " as mojibake after a letter or at a line start, not after markup.
AFTER_MARKUP_CASES = [
    ('<a href="http://x/">Mailchimp</a>Â offers', '<a href="http://x/">Mailchimp</a>\xa0offers'),
    ("[RSVP](https://x/e/2/)Â Looking forward", "[RSVP](https://x/e/2/)\xa0Looking forward"),
    ("**bold**Â next", "**bold**\xa0next"),
    ("<b>x</b>Â\xa0then", "<b>x</b>\xa0then"),
    ("skillsÂ <a", "skills\xa0<a"),  # ftfy's own rule, unchanged
    # Real "Â" starts a word and is followed by a letter: never touched.
    ("<b>Âge</b> et <i>Ângulo</i>", "<b>Âge</b> et <i>Ângulo</i>"),
    ("(Âme) [Âtre](x)", "(Âme) [Âtre](x)"),
    ("<b>Â</b> x", "<b>Â</b> x"),
]


@pytest.mark.parametrize(("before", "after"), AFTER_MARKUP_CASES)
def test_nbsp_mojibake_after_markup(before: str, after: str) -> None:
    assert repair_html(before, CFG) == after
    assert repair_html(after, CFG) == after


def test_nbsp_mojibake_after_markup_is_noted() -> None:
    notes = Notes(item_id="1")
    repair_html("<a>x</a>Â offers", CFG, notes, "content")
    assert [n.kind for n in notes.items] == [NoteKind.MOJIBAKE]


# "à" + NBSP read as "Ã" + space: ftfy keeps the space as a real one ("voilà , now"); before
# "," or "." the space can only be the lost A0 byte.
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Et voilÃ , now", "Et voilà, now"),
        ("voilÃ . Done", "voilà. Done"),
        ("Ã la carte", "à la carte"),  # the word "à": ftfy's own reading, unchanged
        ("voilÃ\xa0, now", "voilà, now"),
        ("IRMÃ , SÃO", "IRMÃ , SÃO"),  # Portuguese capitals: not mojibake
    ],
)
def test_a_grave_before_punctuation(before: str, after: str) -> None:
    assert repair_text(before, CFG) == after
