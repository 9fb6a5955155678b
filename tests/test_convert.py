"""Convert stage: golden files, focused cases, property tests and a real Hugo build."""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import corpus_files, run_hugo
from wpmigrate.context import Context
from wpmigrate.convert import html_to_markdown, to_markdown
from wpmigrate.model import Attachment, NoteKind
from wpmigrate.normalize.html import parse_fragment
from wpmigrate.write.scaffold import layout_files

GOLDEN = Path(__file__).parent / "golden" / "convert"
CASES = sorted(GOLDEN.glob("*.html"))
MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@pytest.mark.parametrize("source", CASES, ids=[p.stem for p in CASES])
def test_golden(source: Path) -> None:
    expected = source.with_suffix(".md").read_text(encoding="utf-8")
    assert html_to_markdown(source.read_text(encoding="utf-8")) == expected


def test_enough_golden_cases() -> None:
    assert len(CASES) >= 30
    assert all(p.with_suffix(".md").exists() for p in CASES)


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("", ""),
        ("   \n ", ""),
        ("<p></p><p>&nbsp;</p>", ""),
        ("plain text", "plain text\n"),
        ("<p>a&nbsp;b</p>", "a\xa0b\n"),
        ("<p>&#8217;&amp;</p>", "’&\n"),
        ("<p>R&amp;D &amp;amp;</p>", "R&D \\&amp;\n"),
        ("<p>snake_case _x_</p>", "snake_case \\_x\\_\n"),
        ("<p>a <em> b </em> c</p>", "a *b* c\n"),
        ("<p>x<strong>y</strong>z</p>", "x**y**z\n"),
        ("<p>a<em>.b</em>c</p>", "a<em>.b</em>c\n"),
        ("<p>-1 and 2020. was</p>", "-1 and 2020. was\n"),
        ("<p>- 1 and #define +1 -- me</p>", "\\- 1 and #define +1 -- me\n"),
        ("<p>a<br>---<br># b<br>#c<br>- -</p>", "a\\\n---\\\n\\# b\\\n#c\\\n\\- -\n"),
        ("<p>a<br>==</p>", "a\\\n\\==\n"),
        ('<div><a href="/x"><em><a href="/y">1</a></em></a></div>', "[*1*](/x)\n"),
        ("<p><em><strong>1</strong>1<strong>1</strong></em></p>", "***1**1<strong>1</strong>*\n"),
        ("<p><code>*{{&lt;_</code></p>", "<code>\\*{{&lt;\\_</code>\n"),
        ("<ul><li>a<ol><li><br></li></ol></li></ul>", "- a\n\n  1.\n"),
        ("<p>a&#1;b</p>", "ab\n"),
        ("<h2>1. Intro</h2><h3>#</h3><h3>C #</h3>", "## 1. Intro\n\n### \\#\n\n### C \\#\n"),
        (
            "<table><tr><th>+</th><th>1.</th></tr><tr><td>- x</td><td>=</td></tr></table>",
            "| + | 1. |\n| --- | --- |\n| - x | = |\n",
        ),
        ("<p>2020. was</p>", "2020\\. was\n"),
        ("<p>a<br><br>b</p>", "a\\\n\\\nb\n"),
        ("<h2>a<br>b</h2>", "## a b\n"),
        ("<p><code>a|b</code></p>", "`a|b`\n"),
        # a link's text keeps the brackets that pair up inside it, escapes the others
        (
            '<p><a href="/x">[1]</a> <a href="/y"><sup>[2]</sup></a></p>',
            "[[1]](/x) [<sup>[2]</sup>](/y)\n",
        ),
        ('<p><a href="/x">a]b [c</a></p>', "[a\\]b \\[c](/x)\n"),
        ('<p><a href="/x">[a](b) [^1]</a></p>', "[\\[a\\](b) \\[^1\\]](/x)\n"),
        ('<p><img src="/a b.png" alt="x"></p>', "![x](</a b.png>)\n"),
        # what only neighbouring nodes make together is escaped as inside one text
        ("<p>&amp;<span>amp;</span> x</p>", "\\&amp; x\n"),
        ("<p>{<span>{</span>&lt; x</p>", "{\\{< x\n"),
        ("<p>a<em>.b{{</em>c</p>", "a<em>.b{\\{</em>c\n"),
        ("<p>[<span>^1]</span> ~<span>~x~~</span></p>", "\\[^1] \\~\\~x\\~\\~\n"),
        # Goldmark: "\\\\\\" + newline is no break; "[x](" starting an item is a checkbox;
        # "!" + any character + "^1]" and a link's "[^1]" are footnote references; no "~~"
        # right after "~"
        ("<p>a\\<br>b</p>", "a&#92;\\\nb\n"),
        ('<ul><li><a href="/x">x</a></li></ul>', "- [&#120;](/x)\n"),
        ('<p><a href="/x">^1</a> <img src="/a.png" alt="^b"></p>', "[\\^1](/x) ![\\^b](/a.png)\n"),
        ("<p>!x^1] <del>a</del><del>b</del></p>", "\\!x^1] ~~ab~~\n"),
    ],
)
def test_cases(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_no_numeric_entities_or_nbsp_entities() -> None:
    out = html_to_markdown(
        "<p>&#8217;&nbsp;&#x2014;&hellip;</p><table><tr><td>&nbsp;</td></tr></table>"
    )
    assert not re.search(r"&#\d+;|&#x[0-9a-f]+;|&nbsp;", out, re.I)


def test_marker_text_is_verbatim() -> None:
    html = '<p>a <wpm-md data-md="*raw* [x] &lt;b&gt;"></wpm-md> b</p>'
    assert html_to_markdown(html) == "a *raw* [x] <b> b\n"


def test_block_marker_is_its_own_block() -> None:
    html = '<p>a<wpm-md data-block="1" data-md="{{&lt; x &gt;}}"></wpm-md>b</p>'
    assert html_to_markdown(html) == "a\n\n{{< x >}}\n\nb\n"


def test_raw_html_noted_once_with_counts() -> None:
    ctx = Context()
    html_to_markdown("<p><sup>1</sup> <sup>2</sup> <kbd>k</kbd></p><dl><dt>t</dt></dl>", ctx)
    raw = [n for n in ctx.notes.items if n.kind is NoteKind.RAW_HTML]
    assert len(raw) == 1
    assert "<sup> (2)" in raw[0].message and "<dl> (1)" in raw[0].message


def test_scripts_kept_when_configured() -> None:
    ctx = Context(config=Context().config.replace(emit_scripts=True))
    out = html_to_markdown('<p onclick="f()">x</p><script>f()</script>', ctx)
    assert "<script>f()</script>" in out
    assert NoteKind.SCRIPT not in ctx.notes.kinds()


def test_resized_image_points_to_original() -> None:
    ctx = Context()
    base = "https://ex.com/wp-content/uploads/2019/06/"
    ctx.media.add(Attachment(id="5", url=base + "photo.jpg", sizes=("photo-300x200.jpg",)))
    img = f'<img src="{base}photo-300x200.jpg" alt="A" title="T">'
    html = f'<a href="{base}photo-1024x768.jpg">{img}</a>'
    out = html_to_markdown(html, ctx)
    assert out == f'[![A]({base}photo.jpg "T")]({base}photo.jpg)\n'
    assert [n.kind for n in ctx.notes.items].count(NoteKind.MEDIA) == 1


def test_resize_off_keeps_src() -> None:
    ctx = Context(config=Context().config.replace(resolve_sizes=False))
    ctx.media.add(Attachment(id="5", url="https://ex.com/wp-content/uploads/a.jpg"))
    out = html_to_markdown('<img src="https://ex.com/wp-content/uploads/a-300x200.jpg">', ctx)
    assert "a-300x200.jpg" in out


def test_to_markdown_does_not_clean() -> None:
    root = parse_fragment('<p><a href="/x" target="_blank">x</a></p>')
    assert to_markdown(root, Context()) == "[x](/x)\n"


# -- property tests --------------------------------------------------------------------------

TEXT = st.text(alphabet="ab xyz*_[]<>&#|\\`!-+.1{~()", min_size=1, max_size=12)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    inline = st.sampled_from(["em", "strong", "del", "code", "a", "span"])
    block = st.sampled_from(["p", "blockquote", "h1", "h3", "h6"])
    kids = st.lists(children, min_size=1, max_size=3).map("".join)
    return st.one_of(
        st.tuples(inline, kids).map(_inline_tag),
        st.tuples(block, kids).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
        st.tuples(st.sampled_from(["ul", "ol"]), st.lists(kids, min_size=1, max_size=3)).map(
            lambda t: f"<{t[0]}>" + "".join(f"<li>{k}</li>" for k in t[1]) + f"</{t[0]}>"
        ),
        st.just("<br>"),
    )


def _inline_tag(parts: tuple[str, str]) -> str:
    tag, inner = parts
    if tag == "a":
        return f'<a href="/x">{inner}</a>'
    if tag == "code":
        return f"<code>{lxml.html.fromstring('<div>' + inner + '</div>').text_content()}</code>"
    return f"<{tag}>{inner}</{tag}>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


HTML = st.recursive(TEXT.map(_escape), _element, max_leaves=12).map(lambda s: f"<div>{s}</div>")


def _visible_html(html: str) -> str:
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    return re.sub(r"\s+", "", text)


def _visible_markdown(markdown: str) -> str:
    return _visible_html(MD.render(markdown))


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=200))
def test_never_raises_on_text(text: str) -> None:
    assert isinstance(html_to_markdown(text), str)


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<ul>",
                "<li>",
                "<pre>",
                "<table>",
                "<td>",
                "<em>",
                "x",
                "*",
                " ",
                "<br>",
                "<!--more-->",
                "<a href='(x'>",
                "&",
                "{{<",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_never_raises_on_tag_soup(html: str) -> None:
    out = html_to_markdown(html)
    assert out == "" or out.endswith("\n") and not out.endswith("\n\n")


@FAST
@given(HTML)
def test_visible_text_preserved(html: str) -> None:
    assert _visible_markdown(html_to_markdown(html)) == _visible_html(html)


@FAST
@given(HTML)
def test_round_trip_is_stable(html: str) -> None:
    once = html_to_markdown(html)
    assert html_to_markdown(MD.render(once)) == once


# -- the real corpora and the real Hugo binary -----------------------------------------------

WXR = corpus_files("wxr-real/*.xml") + corpus_files("theme-test-data/*.xml")


@pytest.mark.corpus
@pytest.mark.parametrize("export", WXR, ids=[p.name for p in WXR])
def test_corpus_bodies_convert(export: Path) -> None:
    from lxml import etree

    ns = "{http://purl.org/rss/1.0/modules/content/}encoded"
    for _, el in etree.iterparse(str(export), tag=ns, recover=True):
        html = el.text or ""
        out = html_to_markdown(html)
        assert not re.search(r"&#\d+;|&nbsp;", out)
        shown = re.sub(r"\s+", "", _text(MD.render(out)) + out)
        lost = [word for word in _words(html) if word not in shown]
        assert not lost
        el.clear()


def _text(html: str) -> str:
    if not html.strip():
        return ""
    root = parse_fragment(html)
    for bad in list(root.iter("script", "style")):
        bad.drop_tree()
    return " ".join(root.itertext())


def _words(html: str) -> set[str]:
    return set(re.findall(r"\w{3,}", _text(html)))


@pytest.mark.hugo
def test_hugo_builds_and_shows_literal_shortcode_text(tmp_path: Path) -> None:
    body = html_to_markdown(
        "<p>Text {{&lt; nope &gt;}} and {{% nope %}}.</p>"
        "<pre><code>{{&lt; also &gt;}}</code></pre><p><code>{{% x %}}</code></p>"
        "<pre><code>if a {{&lt; b</code></pre>"
    )
    run = run_hugo(_hugo_site(tmp_path, [body]), "-d", "out")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "out" / "p0" / "index.html").read_text()
    text = lxml.html.fromstring(page).text_content()
    for literal in ("{{< nope >}}", "{{% nope %}}", "{{< also >}}", "{{% x %}}", "if a {{< b"):
        assert literal in text


@pytest.mark.hugo
def test_hugo_builds_definition_lists_as_definition_lists(tmp_path: Path) -> None:
    source = (GOLDEN / "details-dl.html").read_text(encoding="utf-8")
    run = run_hugo(_hugo_site(tmp_path, [html_to_markdown(source)]), "-d", "out")
    assert run.returncode == 0, run.stderr
    page = lxml.html.fromstring((tmp_path / "out" / "p0" / "index.html").read_bytes())
    terms = [dt.text_content() for dt in page.iter("dt")]
    assert terms == ["Term", "Startup", "Colour", "Color", "-", ""]  # the last: an image
    details = [" ".join(dd.text_content().split()) for dd in page.iter("dd")]
    assert details[:3] == [
        "Definition",
        "A company designed to grow fast.",
        "One word, two spellings.",
    ]
    assert details[3] == "A second definition. In two paragraphs, with a list: one two"
    assert details[-2:] == ["Orphan definition", ""]  # left as HTML; the last holds an image
    assert page.xpath("//dt/a/img/@src") == ["https://example.com/a-150x150.jpg"]
    assert page.xpath("//dd/img/@alt") == ["X"]
    assert len(page.xpath("//dd//li")) == 2
    # The first two lists, one right after the other, read as one (Markdown cannot part them).
    assert len(page.xpath("//dl")) == 4


@pytest.mark.hugo
def test_the_gallery_shortcode_lays_out_the_galleries_columns(tmp_path: Path) -> None:
    site = _hugo_site(tmp_path, [])
    (site / "layouts/shortcodes").mkdir(parents=True)
    (site / "layouts/shortcodes/gallery.html").write_bytes(
        layout_files()["layouts/shortcodes/gallery.html"]
    )
    for n, columns in enumerate(['columns="5"', "", 'columns="x; color: red"'], start=1):
        body = f"{{{{< gallery {columns} >}}}}\n![a](a.png)\n{{{{< /gallery >}}}}"
        (site / "content" / f"p{n}.md").write_text("---\ntitle: p\n---\n" + body)
    run = run_hugo(site, "-d", "out")
    assert run.returncode == 0, run.stderr
    styles = [
        lxml.html.fromstring((site / "out" / f"p{n}" / "index.html").read_bytes())
        .find_class("gallery")[0]
        .get("style")
        for n in (1, 2, 3)
    ]
    # WordPress's default is 3 columns; anything but a number is ignored.
    assert [s.split("repeat(")[1] for s in styles] == ["5, 1fr)", "3, 1fr)", "3, 1fr)"]


@pytest.mark.hugo
def test_hugo_shows_code_with_line_breaks_line_by_line(tmp_path: Path) -> None:
    body = html_to_markdown(
        "<div><code>sudo pacman -Sy<br>sudo pacman -S x</code></div>"
        "<p>Run <code>make<br>make install</code> now.</p>"
    )
    run = run_hugo(_hugo_site(tmp_path, [body]), "-d", "out")
    assert run.returncode == 0, run.stderr
    page = lxml.html.fromstring((tmp_path / "out" / "p0" / "index.html").read_text())
    assert page.xpath("string(//pre/code)") == "sudo pacman -Sy\nsudo pacman -S x\n"
    codes = page.xpath("//p/code")
    assert [c.text for c in codes] == ["make", "make install"]
    assert codes[0].getnext().tag == "br"


# Hugo's Markdown (Goldmark) reads more than CommonMark: "~x~" strikes (one tilde is enough),
# "- [x]" is a checkbox, ": x" after a paragraph a definition, "[^1]" a footnote reference.
# Random documents render there with footnotes for every short label appended (block-editor
# footnotes are written so): brackets that could make a link, a footnote or a checkbox would
# change the visible text. (The converter writes no link reference definitions.)
_DEFINITIONS = "\n".join(f"[^{label}]: note" for label in ["a", "b", "x", "1", "ab", "xyz"])
_PIECES = list("ab xyz*_[]<>&#|\\`!-+.1{~():^") + ["[x]", "[^1]", "~~", "[a](b)", ": ", "&amp;"]


def _random_inline(rng: random.Random, depth: int) -> str:
    if depth > 2 or rng.random() < 0.5:
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 8)))
        return _escape(text)
    tag = rng.choice(["em", "strong", "del", "code", "a", "span"])
    inner = "".join(_random_inline(rng, depth + 1) for _ in range(rng.randint(1, 3)))
    return _inline_tag((tag, inner))


def _random_document(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 3)):
        tag = rng.choice(["p", "p", "h2", "blockquote", "ul", "ol"])
        items = ["".join(_random_inline(rng, 0) for _ in range(rng.randint(1, 4))) for _ in "ab"]
        if tag in ("ul", "ol"):
            blocks.append(f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>")
        else:
            blocks.append(f"<{tag}>" + "<br>".join(items) + f"</{tag}>")
    return "<div>" + "".join(blocks) + "</div>"


def _hugo_site(tmp_path: Path, pages: list[str]) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "layouts" / "_default").mkdir(parents=True)
    for layout in ("single.html", "list.html"):
        (tmp_path / "layouts" / "_default" / layout).write_text("{{ .Content }}")
    # the typographer's curly quotes and dashes are the site's choice, not the converter's
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
        "[markup.goldmark.renderer]\nunsafe = true\n"
        "[markup.goldmark.extensions.typographer]\ndisable = true\n"
    )
    for n, body in enumerate(pages):
        (tmp_path / "content" / f"p{n}.md").write_text("---\ntitle: p\n---\n" + body)
    return tmp_path


def _hugo_visible(page: Path) -> str:
    root = lxml.html.fromstring("<div>" + page.read_text() + "</div>")
    for notes in root.find_class("footnotes"):
        notes.drop_tree()
    return _printable(root.text_content())


def _printable(text: str) -> str:
    # "&#1" in the generated code spans: the converter drops control characters
    return re.sub(r"[\s\x00-\x1f]+", "", text)


@pytest.mark.hugo
def test_hugo_shows_the_same_text(tmp_path: Path) -> None:
    rng = random.Random(3)
    sources = [_random_document(rng) for _ in range(400)]
    sources += [f"<p>{s}</p>" for s in ("[x]: y", "a ~5 km~ b", "H~2~O", "see [1]:")]
    sources += ["<p>a</p><p>: b</p>", "<ul><li>[ ] a</li><li><a href='/x'>x</a> b</li></ul>"]
    pages = [html_to_markdown(s) + "\n" + _DEFINITIONS + "\n" for s in sources]
    site = _hugo_site(tmp_path, pages)
    run = run_hugo(site, "-d", "out")
    assert run.returncode == 0, run.stderr
    for n, source in enumerate(sources):
        shown = _hugo_visible(site / "out" / f"p{n}" / "index.html")
        assert shown == _printable(_visible_html(source)), (source, pages[n])
