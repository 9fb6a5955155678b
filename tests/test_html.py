"""Normalize stage, HTML cleanup: parsing that keeps everything, WordPress markup stripped."""

from __future__ import annotations

import lxml.html
import pytest
from lxml.html import HtmlElement

from wpmigrate.context import Context
from wpmigrate.model import Attachment, NoteKind
from wpmigrate.normalize.html import clean_tree, parse_fragment


def _clean(html: str, ctx: Context | None = None) -> tuple[HtmlElement, Context]:
    ctx = ctx or Context()
    root = parse_fragment(html)
    clean_tree(root, ctx)
    return root, ctx


def _html(root: HtmlElement) -> str:
    inner = lxml.html.tostring(root, encoding="unicode")
    return inner.removeprefix("<div>").removesuffix("</div>")


@pytest.mark.parametrize(
    "html",
    [
        '<wpm-md data-block="1" data-md="{{&lt; x &gt;}}"></wpm-md>',
        '<figure><img src="a.png"><figcaption>c</figcaption></figure>',
        "<svg><text>hi</text></svg>",
        "<details><summary>s</summary>body</details>",
        "text &amp; <b>tail</b> more",
    ],
)
def test_parse_keeps_custom_tags_and_text(html: str) -> None:
    root = parse_fragment(html)
    assert root.tag == "div"
    assert (
        root.text_content()
        == lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    )
    assert _html(root).replace("&amp;", "&") == html.replace("&amp;", "&").replace(
        '"a.png"', '"a.png"'
    )


@pytest.mark.parametrize("html", ["", "a\x00b\x0cc", "\ud800x", "</div>x", "<html><body>y"])
def test_parse_never_raises(html: str) -> None:
    assert isinstance(parse_fragment(html), HtmlElement)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "  \n ",
        "  lead <b>x</b> tail",
        "\n<p>a</p>\n<p>b</p>\n",
        "<!-- c --><form><label>l</label><input value=v><select><option>o</select></form>",
        "<textarea>t</textarea><?pi x?>&amp; &nbsp; <svg><path d=1 /></svg>",
        "<table><td>cell</table><li>loose",
        "<html><body>y",
        "<!DOCTYPE html><p>z",
    ],
)
def test_parse_is_lxml_html_fragment(html: str) -> None:
    # The same tree as lxml.html's own fragment parser, as HTML elements.
    ours = parse_fragment(html)
    theirs = lxml.html.fragment_fromstring(html, create_parent="div")
    assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)
    assert all(isinstance(el, lxml.html.HtmlMixin) for el in ours.iter())
    assert ours.text_content() == theirs.text_content()


def test_wp_syntax_code_is_raw_and_escaped_decodes_once() -> None:
    root = parse_fragment(
        '<pre lang="cpp">vector<int> v; a<b;</pre><pre lang="php" escaped="true">&amp;lt;?php</pre>'
    )
    pres = root.findall("pre")
    assert pres[0].text_content() == "vector<int> v; a<b;"
    assert pres[1].text_content() == "&lt;?php"


def test_link_attributes_and_new_tab_text() -> None:
    root, ctx = _clean(
        '<a href="/x" target="_blank" rel="noopener" aria-label="x (opens in a new tab)">Go'
        '<span class="screen-reader-text">(opens in a new tab)</span></a> '
        '<a href="/y">Two (opens in a new tab)</a>'
    )
    assert _html(root) == '<a href="/x">Go</a> <a href="/y">Two</a>'
    notes = [n for n in ctx.notes.items if n.kind is NoteKind.ATTRIBUTES]
    assert len(notes) == 1 and "(opens in a new tab)' texts removed (2)" in notes[0].message


def test_wordpress_classes_and_image_attributes() -> None:
    root, _ = _clean(
        '<div id="attachment_5" class="wp-caption alignleft keep"><img class="size-full wp-image-5"'
        ' src="a.jpg" width="10" height="20" srcset="b 2x" sizes="x" loading="lazy"'
        ' decoding="async" style="x" data-id="5" alt="A"></div>'
    )
    assert _html(root) == '<div class="keep"><img src="a.jpg" alt="A"></div>'


def test_marker_attributes_are_kept() -> None:
    root, _ = _clean('<wpm-md data-block="1" data-md="x" style="y"></wpm-md>')
    marker = root[0]
    assert marker.get("data-md") == "x" and marker.get("data-block") == "1"


@pytest.mark.parametrize(
    ("html", "lang", "text"),
    [
        ('<pre class="brush: php; gutter: false">echo 1;</pre>', "php", "echo 1;"),
        ('<pre class="lang-js"><code>x</code></pre>', "js", "x"),
        ('<pre><code class="language-Python">y</code></pre>', "python", "y"),
        ('<pre data-enlighter-language="bash">ls</pre>', "bash", "ls"),
        ('<pre class="brush: c"><span class="kw">int</span><br>x;</pre>', "c", "int\nx;"),
        ('<pre lang="html"><span>raw</span></pre>', "html", "<span>raw</span>"),
        ("<pre>plain &lt;b&gt;</pre>", "", "plain <b>"),
    ],
)
def test_code_blocks_normalized(html: str, lang: str, text: str) -> None:
    root, _ = _clean(html)
    pre = root.find("pre")
    assert pre is not None and not pre.attrib
    code = pre.find("code")
    assert code is not None and len(code) == 0
    assert code.text == text
    assert code.get("class") == (f"language-{lang}" if lang else None)


def test_iframes_become_markers_or_stay_with_one_note() -> None:
    root, ctx = _clean(
        '<iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345?rel=0"></iframe>'
        '<iframe src="https://youtu.be/zzzzzzzz"></iframe>'
        '<iframe src="https://player.vimeo.com/video/42"></iframe>'
        '<iframe src="https://maps.example.com/x"></iframe>'
    )
    mds = [m.get("data-md") for m in root.iter("wpm-md")]
    assert mds == [
        '{{< youtube "abcDEF12345" >}}',
        '{{< youtube "zzzzzzzz" >}}',
        '{{< vimeo "42" >}}',
    ]
    assert root.find("iframe") is not None
    notes = [n for n in ctx.notes.items if n.kind is NoteKind.IFRAME]
    assert len(notes) == 1
    assert "YouTube iframes converted to shortcodes (2)" in notes[0].message
    assert "unsafe" in notes[0].message


def test_scripts_and_handlers_dropped_and_noted_once() -> None:
    root, ctx = _clean(
        '<p onclick="x()" onmouseover="y()">a<script>s()</script></p><script>t()</script>'
        '<a href="javascript:void(0)">b</a>'
    )
    assert _html(root) == "<p>a</p><a>b</a>"
    notes = [n for n in ctx.notes.items if n.kind is NoteKind.SCRIPT]
    assert len(notes) == 1
    assert "scripts not emitted (2)" in notes[0].message
    assert "event handler attributes removed (2)" in notes[0].message


def test_scripts_kept_when_configured() -> None:
    ctx = Context(config=Context().config.replace(emit_scripts=True))
    root, _ = _clean('<p onclick="x()">a</p><script>t()</script>', ctx)
    assert root.find("script") is not None and root[0].get("onclick") == "x()"


def test_instagram_embed_gets_a_link() -> None:
    root, ctx = _clean(
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/X/">'
        "<div><p>caption</p></div></blockquote>"
        '<script async src="//www.instagram.com/embed.js"></script>'
    )
    links = [a.get("href") for a in root.iter("a")]
    assert links == ["https://www.instagram.com/p/X/"]
    assert "caption" in root.text_content()
    assert {NoteKind.IFRAME, NoteKind.SCRIPT} <= ctx.notes.kinds()


def test_images_resolve_to_original_and_linked_size() -> None:
    ctx = Context()
    base = "https://ex.com/wp-content/uploads/2020/01/"
    ctx.media.add(Attachment(id="1", url=base + "p.jpg", sizes=("p-300x200.jpg",)))
    root, _ = _clean(
        f'<a href="{base}p-1024x683.jpg"><img src="{base}p-300x200.jpg" alt="A" title="T"></a>'
        f'<a href="https://other.example/"><img src="{base}p-scaled.jpg"></a>',
        ctx,
    )
    links = root.findall("a")
    assert links[0].get("href") == base + "p.jpg"
    assert links[0][0].get("src") == base + "p.jpg" and links[0][0].get("alt") == "A"
    assert links[1].get("href") == "https://other.example/"
    assert links[1][0].get("src") == base + "p.jpg"
    media = [n for n in ctx.notes.items if n.kind is NoteKind.MEDIA]
    assert len(media) == 1 and "(2)" in media[0].message


def test_lazy_loaded_image_uses_real_source() -> None:
    root, _ = _clean('<img src="data:image/gif;base64,R0l" data-lazy-src="/real.png" alt="x">')
    assert root[0].get("src") == "/real.png"


def test_table_cell_alignment_survives_style_stripping() -> None:
    root, _ = _clean('<table><tr><td style="text-align: right;">1</td></tr></table>')
    cell = next(root.iter("td"))
    assert cell.get("align") == "right" and cell.get("style") is None


def test_youtube_iframe_keeps_its_start_time() -> None:
    root, _ = _clean(
        '<iframe src="https://www.youtube.com/embed/abcDEF12345?start=95&amp;rel=0"></iframe>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345?t=2m"></iframe>'
    )
    assert [m.get("data-md") for m in root.iter("wpm-md")] == [
        '{{< youtube id="abcDEF12345" start="95" >}}',
        '{{< youtube id="abcDEF12345" start="120" >}}',
    ]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (  # the block as the editor saves it: the file's link, then the button
            '<div class="wp-block-file"><a href="/r.pdf">Report</a>'
            '<a href="/r.pdf" class="wp-block-file__button" download>Download</a></div>',
            "Report Download",
        ),
        (  # a button with no link before it, after text
            '<div class="wp-block-file">Report<a class="wp-block-file__button" href="/r.pdf">'
            "Download</a></div>",
            "Report Download",
        ),
        (  # already apart: left as it is
            '<div><a href="/r.pdf">Report</a> <a class="wp-block-file__button" href="/r.pdf">'
            "Get</a></div>",
            "Report Get",
        ),
    ],
)
def test_a_file_blocks_download_button_stays_apart_from_the_file_name(html: str, text: str) -> None:
    root, _ = _clean(html)
    assert root.text_content() == text
