"""Posts past the HTML parser's limits keep every word: deep nesting, huge text, huge URIs.

libxml2 stops at 256 levels or a 10 MB text run and drops the rest of the post without an
error; the converter recurses once per level. Before the fix, the words after the limit
were gone (only the content-loss audit noticed) or the item failed with a RecursionError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from robust_wxr import Post, pages, run_cli, write_export
from wpmigrate.context import Context
from wpmigrate.convert import html_to_markdown
from wpmigrate.normalize.depth import MAX_DEPTH
from wpmigrate.normalize.html import parse_fragment
from wpmigrate.normalize.prepare import prepare

NESTED = {
    "div": ("<div>", "</div>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "list": ("<ul><li>", "</li></ul>"),
    "table": ("<table><tr><td>", "</td></tr></table>"),
    "figure": ("<figure>", "</figure>"),
    "sup": ("<sup>", "</sup>"),
}


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 300, 5000])
@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deep_nesting_keeps_the_words(kind: str, levels: int) -> None:
    start, end = NESTED[kind]
    html = start * levels + "deep words" + end * levels + "<p>after words</p>"
    markdown = html_to_markdown(html)
    assert "deep words" in markdown
    assert "after words" in markdown


def test_unclosed_tags_keep_every_word_link_and_image() -> None:
    words = [f"w{i}" for i in range(3000)]
    html = "".join(f"<font color=red>{w} " for w in words)
    html += (
        '<a href="https://x.example/">the link</a> <img src="https://x.example/i.png" alt="pic">'
    )
    markdown = html_to_markdown(html)
    assert markdown.split()[: len(words)] == words
    assert "[the link](https://x.example/)" in markdown
    assert "![pic](https://x.example/i.png)" in markdown


def test_blocks_unwrapped_keep_their_words_apart() -> None:
    html = "<div>" * 300 + "<p>one</p><p>two</p><div>three</div>" + "</div>" * 300
    assert {"one", "two", "three"} <= set(html_to_markdown(html).split())


@pytest.mark.parametrize("levels", [MAX_DEPTH + 6, 300])
def test_deep_content_keeps_its_embeds_code_paragraphs_and_markers(levels: int) -> None:
    # Page builders nest wrappers this deep; only the wrappers may go.
    html = (
        "<div>" * levels
        + '<p>text</p><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>'
        + '<video src="https://ex.example/v.mp4"></video><pre>a = 1\nb = 2</pre>'
        + "<p>end <!--more--> after</p>"
        + "</div>" * levels
    )
    blocks = html_to_markdown(prepare(html, Context())).split("\n\n")
    assert blocks[:4] == [
        "text",
        '{{< youtube "abcdefghijk" >}}',
        '{{< video src="https://ex.example/v.mp4" >}}',
        "```\na = 1\nb = 2\n```",
    ]
    assert "<!--more-->" in blocks[4] and "after" in blocks[-1]


def test_a_text_run_over_ten_megabytes_is_read_whole() -> None:
    root = parse_fragment("<p>" + "word " * 2_200_000 + "end</p><p>after words</p>")
    text = root.text_content()
    assert text.endswith("end" + "after words")
    assert text.count("word") == 2_200_000 + 1


def test_an_inline_image_over_ten_megabytes_is_kept() -> None:
    uri = "data:image/png;base64," + "A" * 11_000_000
    root = parse_fragment(f'<p>before</p><img src="{uri}" alt="pasted"><p>after words</p>')
    assert [img.get("src") for img in root.iter("img")] == [uri]
    assert root.text_content() == "beforeafter words"


def test_deep_posts_convert_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = Post(
        id="1",
        slug="deep",
        content="<blockquote>" * 5000 + "deep words" + "</blockquote>" * 5000,
    )
    unclosed = Post(id="2", slug="spans", content="".join(f"<span>w{i} " for i in range(400)))
    export = write_export(tmp_path, deep, unclosed)
    site = tmp_path / "site"
    run = run_cli(capsys, "convert", str(export), "-o", str(site), "-j", "1", "-v")
    assert run.code == 0, run.err
    found = {post["slug"]: post.content for post in pages(site).values() if "slug" in post}
    assert "deep words" in found["deep"]
    assert found["spans"].split() == [f"w{i}" for i in range(400)]
    assert f"input: tags nested over {MAX_DEPTH} levels deep unwrapped" in run.err
    assert "words-lost" not in run.err
    again = run_cli(capsys, "convert", str(export), "-o", str(site), "-j", "1")
    assert again.code == 0
    assert "0 pages written, 2 unchanged" in again.err
