"""Block parsing and rendering: parser structure, golden files, the block test data corpus."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import corpus_files
from wpmigrate.context import Context
from wpmigrate.model import Attachment, Item, NoteKind
from wpmigrate.normalize.blockparser import has_blocks, parse_blocks
from wpmigrate.normalize.prepare import prepare

GOLDEN = Path(__file__).parent / "golden" / "blocks"
CASES = sorted(GOLDEN.glob("*.txt"))
UPLOADS = "http://example.com/wp-content/uploads/2020/01/"
FOOTNOTES = [
    {"id": "fn-a", "content": 'See <a href="https://example.org">the <em>source</em></a>.'},
    {"id": "fn-b", "content": "Another &amp; last note"},
]


def make_ctx() -> Context:
    meta = {"footnotes": json.dumps(FOOTNOTES)}
    ctx = Context(item=Item(id="5", type="post", meta=meta))
    ctx.media.add(Attachment("10", UPLOADS + "a.jpg", parent="5", alt="A lake", mime="image/jpeg"))
    ctx.media.add(Attachment("11", UPLOADS + "b.jpg", parent="5", title="Bee", mime="image/jpeg"))
    return ctx


@pytest.mark.parametrize("source", CASES, ids=[p.stem for p in CASES])
def test_golden(source: Path) -> None:
    expected = source.with_suffix(".html").read_text(encoding="utf-8")
    out = prepare(source.read_text(encoding="utf-8"), make_ctx())
    assert out == expected
    assert "<!-- wp:" not in out and "<!-- /wp:" not in out


def test_parser_structure() -> None:
    text = (
        'a<!-- wp:group {"x":{"y":"}"}} --><div><!-- wp:my-plugin/thing /-->'
        "<!-- wp:paragraph --><p>b</p><!-- /wp:paragraph --></div><!-- /wp:group -->c"
    )
    parsed = parse_blocks(text)
    assert [b.name for b in parsed.blocks] == [None, "core/group", None]
    group = parsed.blocks[1]
    assert group.attrs == {"x": {"y": "}"}}
    assert [b.name for b in group.inner_blocks] == ["my-plugin/thing", "core/paragraph"]
    assert group.inner_content == ["<div>", None, None, "</div>"]
    assert group.inner_blocks[1].inner_html == "<p>b</p>"
    assert parsed.problems == []


def test_parser_problems_are_reported_not_fatal() -> None:
    parsed = parse_blocks("<!-- wp:a {bad} -->x<!-- /wp:b --><!-- /wp:c --><!-- wp:d -->y")
    assert [b.name for b in parsed.blocks] == ["core/a", "core/d"]
    assert parsed.blocks[0].attrs == {}
    assert len(parsed.problems) == 4  # bad JSON, mismatched closer, stray closer, unclosed


def test_has_blocks() -> None:
    assert has_blocks("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->")
    assert not has_blocks("<!-- a comment --><p>wp: x</p>")


def test_notes_name_the_block() -> None:
    ctx = make_ctx()
    prepare("<!-- wp:html --><b>x</b><!-- /wp:html --><!-- wp:acme/box /-->", ctx)
    messages = [n.message for n in ctx.notes.items]
    assert any(m.startswith("core/html") for m in messages)
    assert any(m.startswith("acme/box") for m in messages)
    assert {NoteKind.RAW_HTML, NoteKind.BLOCK} <= ctx.notes.kinds()


# --- corpus: every visible word survives, no delimiter does ---------------------------------

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wp": "http://wordpress.org/export/1.2/",
}
_MARKER = re.compile(r'<wpm-md[^>]*\bdata-md="([^"]*)"[^>]*></wpm-md>')
_SHORTCODE_TAG = re.compile(r"\[/?[a-z_]+(?:\s[^\]]*)?/?\]")


def visible_words(text: str) -> Counter[str]:
    texts = [html.unescape(m) for m in _MARKER.findall(text)]
    text = _MARKER.sub(" ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return Counter(re.findall(r"\w+", " ".join([text, *texts])))


def _items(path: Path) -> list[tuple[str, str, dict[str, str]]]:
    items = []
    for item in etree.parse(str(path)).iter("item"):
        meta = {
            m.findtext("wp:meta_key", namespaces=NS) or "": m.findtext("wp:meta_value", "", NS)
            for m in item.findall("wp:postmeta", NS)
        }
        content = item.findtext("content:encoded", "", NS)
        items.append((item.findtext("wp:post_id", "", NS), content, meta))
    return items


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("theme-test-data/64-block-test-data.xml"))
def test_block_test_data_keeps_every_word(path: Path) -> None:
    checked = 0
    for item_id, content, meta in _items(path):
        out = prepare(content, Context(item=Item(id=item_id, type="post", meta=meta)))
        assert "<!-- wp:" not in out and "<!-- /wp:" not in out, item_id
        source = visible_words(_SHORTCODE_TAG.sub(" ", content))
        assert not source - visible_words(out), item_id
        checked += 1
    assert checked > 50
