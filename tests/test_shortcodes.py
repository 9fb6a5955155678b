"""Shortcode parser, handlers and embeds: WordPress's grammar, golden files, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from robust_wxr import Post, write_export
from wpmigrate.config import Config
from wpmigrate.context import Context
from wpmigrate.convert import html_to_markdown
from wpmigrate.model import Attachment, Item, NoteKind
from wpmigrate.normalize.embeds import vimeo_id, youtube_id, youtube_start
from wpmigrate.normalize.prepare import prepare
from wpmigrate.normalize.shortcodes import (
    Shortcode,
    Stash,
    code_text,
    do_shortcode,
    mark_unknown,
    parse_atts,
    protect_code,
    unknown_names,
)
from wpmigrate.pipeline import convert_site

GOLDEN = Path(__file__).parent / "golden" / "shortcodes"
CASES = sorted(GOLDEN.glob("*.txt"))
UPLOADS = "http://example.com/wp-content/uploads/2020/01/"


def make_ctx() -> Context:
    ctx = Context(item=Item(id="5", type="post"))
    ctx.notes.item_id = "5"
    for att in (
        Attachment(
            "10", UPLOADS + "a.jpg", parent="5", alt="A lake", caption="Dawn", mime="image/jpeg"
        ),
        Attachment("11", UPLOADS + "b (1).jpg", parent="5", title="Bee", mime="image/jpeg"),
        Attachment("12", UPLOADS + "song.mp3", parent="5", mime="audio/mpeg"),
    ):
        ctx.media.add(att)
    return ctx


@pytest.mark.parametrize("source", CASES, ids=[p.stem for p in CASES])
def test_golden(source: Path) -> None:
    expected = source.with_suffix(".html").read_text(encoding="utf-8")
    assert prepare(source.read_text(encoding="utf-8"), make_ctx()) == expected


@pytest.mark.parametrize(
    ("text", "named", "positional"),
    [
        ("foo=\"bar\" baz='qux' n=1", {"foo": "bar", "baz": "qux", "n": "1"}, []),
        ("URL \"quoted words\" 'single'", {}, ["URL", "quoted words", "single"]),
        ("Key=Value", {"key": "Value"}, []),
        # an escaped quote ends nothing: the whole run becomes one positional value
        ('a="x\\"y"', {}, ['a="x"y"']),
        ('title="<b>bold</b>" bad="<b"', {"title": "<b>bold</b>", "bad": ""}, []),
        ("a=1\xa0b=2", {"a": "1", "b": "2"}, []),
        ('t="tab\\tline"', {"t": "tab\tline"}, []),
    ],
)
def test_parse_atts(text: str, named: dict[str, str], positional: list[str]) -> None:
    assert parse_atts(text) == (named, positional)


def _echo(code: Shortcode, ctx: Context) -> str:
    inner = do_shortcode(code.content or "", ctx, HANDLERS) if code.content else ""
    return f"<{code.tag} {sorted(code.atts.items())} {list(code.args)}>{inner}</{code.tag}>"


HANDLERS = {"outer": _echo, "inner": _echo, "x": _echo}


def test_nesting_outer_first() -> None:
    out = do_shortcode('[outer a="1"]one [inner b=2 /] two[/outer]', Context(), HANDLERS)
    assert out == "<outer [('a', '1')] []>one <inner [('b', '2')] []></inner> two</outer>"


def test_escaped_shortcode_is_literal() -> None:
    assert do_shortcode("[[x]] and", Context(), HANDLERS) == "[x] and"
    assert do_shortcode("[[x]y[/x]]", Context(), HANDLERS) == "[x]y[/x]"


def test_tag_name_must_end() -> None:
    assert do_shortcode("[x-y] [xy] [x_]", Context(), HANDLERS) == "[x-y] [xy] [x_]"


def test_shortcode_in_attribute_left_alone() -> None:
    text = '<a title="[x]">[x]</a>'
    assert do_shortcode(text, Context(), HANDLERS) == '<a title="[x]"><x [] []></x></a>'


def test_unknown_marked_and_noted() -> None:
    ctx = Context()
    out = mark_unknown("a [foo id=1] b [1] [t](u) [r][1] <pre>[bar]</pre>", ctx, frozenset())
    assert out.count("<wpm-md") == 1
    assert 'data-md="[foo id=1]"' in out
    assert "[1] [t](u) [r][1] <pre>[bar]</pre>" in out
    assert ctx.notes.kinds() == {NoteKind.UNKNOWN_SHORTCODE}


@pytest.mark.parametrize(
    "text",
    [
        "blacklist[ip] = 1 and a[index] = 4",  # subscripts
        "the lone [HandleError] attribute, flags [NC] and [R,NC]",  # words in brackets
        "<strong>[format=html]</strong> and gcc says [tcpservpoll01.o] Error",
        "<blockquote>$ cat gitosis.conf\n[gitosis]\n\n[group gitosis-admin]\nwritable = x",
        "<p>[Bootstrap]<br />\nZip=../media/packs/OgreCore.zip</p>",  # ini sections
        "<pre>[bar]</pre> <code>[inline]</code>",
    ],
)
def test_brackets_that_are_no_shortcode_are_not_noted(text: str) -> None:
    ctx = Context()
    out = mark_unknown(text, ctx, frozenset())
    assert not ctx.notes.items
    assert unknown_names(text, frozenset()) == []
    assert "[" in out  # kept as written all the same


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('[highlight color="yellow"]x[/highlight]', "highlight"),
        ("Use [et_pb_section] here.", "et_pb_section"),
        ("<p>[DISPLAY_ULTIMATE_SOCIAL_ICONS]</p>", "DISPLAY_ULTIMATE_SOCIAL_ICONS"),
        ("[SlideDeck2 id=5]", "SlideDeck2"),
        ("(see [simple])", "simple"),
    ],
)
def test_real_candidates_are_noted(text: str, name: str) -> None:
    ctx = Context()
    mark_unknown(text, ctx, frozenset())
    assert [n.message for n in ctx.notes.items] == [f"unknown shortcode [{name}] kept as written"]
    assert unknown_names(text, frozenset()) == [name]


@pytest.mark.parametrize(
    "code",
    [
        '[contact-form-7 id="1" title="Contact form 1"]',
        '[wpforms id="12"]',
        '[gravityform id="1" title="false"]',
        '[mc4wp_form id="5"]',
        "[ninja_form id=3]",
        '[contact-form to="a@b.example"][contact-field label="Name"/][/contact-form]',
    ],
)
def test_form_shortcode_is_kept_in_an_html_comment(code: str) -> None:
    ctx = Context()
    markdown = html_to_markdown(prepare(f"Write to me:\n\n{code}\n\nThanks.", ctx), ctx)
    assert f"\n\n<!-- {code} -->\n\n" in markdown
    assert [n.kind for n in ctx.notes.items] == [NoteKind.UNKNOWN_SHORTCODE]
    assert "cannot run the form" in ctx.notes.items[0].message


def test_form_comment_cannot_end_early_or_call_hugo() -> None:
    ctx = Context()
    out = html_to_markdown(prepare('[wpforms title="a --> b {{< x >}}"]', ctx), ctx)
    assert out.count("-->") == 1 and "{{<" not in out


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("\nif (a &lt; b) {}\n", "if (a < b) {}"),
        ("a < b &amp;&amp; c", "a < b &amp;&amp; c"),
        ("a &lt; b", "a < b"),
        ("x = 1<br />\ny = 2", "x = 1\ny = 2"),
        ("&amp;lt;", "&lt;"),
    ],
)
def test_code_text_decodes_once(raw: str, code: str) -> None:
    assert code_text(raw) == code


def test_code_protected_from_autop() -> None:
    ctx, stash = Context(), Stash()
    out = protect_code("[php]\n<?php\n\necho 1;\n[/php]", ctx, stash)
    assert "echo" not in out
    restored = stash.restore(f"<p>{out.strip()}</p>")
    assert restored == '<pre><code class="language-php">&lt;?php\n\necho 1;</code></pre>'


def test_unclosed_language_tag_is_not_code() -> None:
    ctx = Context()
    assert prepare("Use [c] for C.", ctx).count("<pre") == 0
    assert NoteKind.UNKNOWN_SHORTCODE in ctx.notes.kinds()


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
        "https://m.youtube.com/shorts/dQw4w9WgXcQ",
        "http://www.youtube.com/v/dQw4w9WgXcQ",
    ],
)
def test_youtube_ids(url: str) -> None:
    assert youtube_id(url) == "dQw4w9WgXcQ"


def test_vimeo_ids() -> None:
    assert vimeo_id("https://vimeo.com/76979871") == "76979871"
    assert vimeo_id("https://player.vimeo.com/video/76979871?h=1") == "76979871"
    assert vimeo_id("https://vimeo.com/channels/staffpicks/76979871") == "76979871"
    assert vimeo_id("https://example.com/76979871") is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"ab [/]=\"'\n",
                "[gallery",
                "[caption]",
                "[/caption]",
                "[python]",
                "[/python]",
                "<img src=x>",
                "[foo]",
                "https://youtu.be/dQw4w9WgXcQ",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_prepare_never_crashes_and_keeps_letters(text: str) -> None:
    out = prepare(text, make_ctx())
    assert out.count("a") >= text.count("a") - text.count("caption") * 2


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90", 90),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s", 90),
        ("https://youtu.be/dQw4w9WgXcQ?t=1m30s", 90),
        ("https://youtu.be/dQw4w9WgXcQ?t=1h", 3600),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=42", 42),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=1m", 60),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=soon", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=", None),
    ],
)
def test_youtube_start(url: str, start: int | None) -> None:
    assert youtube_start(url) == start


PASTED_VIDEOS = (
    "<p>Look:</p>\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
    "[embed]https://vimeo.com/76979871[/embed]\n\nThe end."
)


def test_pasted_video_is_the_player_alone() -> None:
    ctx = make_ctx()
    out = prepare(PASTED_VIDEOS, ctx)
    assert "youtube &quot;dQw4w9WgXcQ" in out and "vimeo &quot;76979871" in out
    assert "<a " not in out  # no link repeating the URL under the player
    assert ctx.embedded == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
    ]


def test_embed_links_puts_the_url_under_the_player() -> None:
    ctx = make_ctx()
    ctx.config = Config(embed_links=True)
    out = prepare(PASTED_VIDEOS, ctx)
    assert out.count("<a href=") == 2 and ctx.embedded == []


def test_audit_does_not_miss_the_words_of_a_url_shown_as_a_player(tmp_path: Path) -> None:
    export = write_export(tmp_path, Post(content=PASTED_VIDEOS))
    report = convert_site([export], tmp_path / "site", Config(jobs=1))
    (page,) = [r for r in report.items if r.output]
    assert page.words_kept == 1.0
    assert not [n for n in page.notes if n.kind == NoteKind.WORDS_LOST]
