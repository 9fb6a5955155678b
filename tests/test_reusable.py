"""Reusable blocks ("synced patterns"): a post holds ``<!-- wp:block {"ref":N} /-->`` and the
content lives in the export's ``wp_block`` item N. It must be inlined, never silently lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from robust_wxr import Post, write_export
from test_jobs import site_files
from wpmigrate.config import Config
from wpmigrate.context import Context
from wpmigrate.convert import html_to_markdown
from wpmigrate.model import Item, NoteKind, ReusableBlock
from wpmigrate.normalize.prepare import prepare
from wpmigrate.pipeline import convert_site
from wpmigrate.read.wxr import scan
from wpmigrate.survey import render_text, survey


def para(text: str) -> str:
    return f"<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->"


def ref(block_id: object) -> str:
    return f'<!-- wp:block {{"ref":{block_id}}} /-->'


def group(inner: str) -> str:
    return f'<!-- wp:group --><div class="wp-block-group">{inner}</div><!-- /wp:group -->'


BLOCKS = {
    "1": ReusableBlock("1", para("Join us.")),
    "2": ReusableBlock("2", group(para("Outer.") + ref(1))),
    "3": ReusableBlock("3", para("Three.") + ref(4)),
    "4": ReusableBlock("4", para("Four.") + ref(3)),
    "5": ReusableBlock("5", para("Gone."), status="trash"),
    "6": ReusableBlock("6", para("Secret."), has_password=True),
    "7": ReusableBlock("7", para("Me.") + ref(7)),
    "8": ReusableBlock("8", "Classic words\n\nin two paragraphs"),
    # a chain deeper than anyone nests by hand: 20 -> 21 -> ... -> 39
    **{str(n): ReusableBlock(str(n), para(f"Level {n}.") + ref(n + 1)) for n in range(20, 40)},
}

BLOCK = NoteKind.BLOCK
LOST = NoteKind.WORDS_LOST
INLINED = "core/block: reusable block {} inlined"
# (post content, expected HTML, expected notes as (kind, message))
CASES = {
    "simple": (ref(1), "<p>Join us.</p>", [(BLOCK, INLINED.format(1))]),
    "id-as-string": (
        '<!-- wp:block {"ref":"1"} /-->',
        "<p>Join us.</p>",
        [(BLOCK, INLINED.format(1))],
    ),
    "between-blocks": (
        para("Before.") + ref(1) + para("After."),
        "<p>Before.</p><p>Join us.</p><p>After.</p>",
        [(BLOCK, INLINED.format(1))],
    ),
    "used-twice": (
        ref(1) + ref(1),
        "<p>Join us.</p><p>Join us.</p>",
        [(BLOCK, INLINED.format(1) + " (x2)")],
    ),
    "nested-in-layout": (
        ref(2),
        "<p>Outer.</p><p>Join us.</p>",
        [
            (BLOCK, INLINED.format(2)),
            (BLOCK, INLINED.format(1)),
            (BLOCK, "core/group: layout flattened"),
        ],
    ),
    "inside-a-post-layout": (
        group(ref(1)),
        "<p>Join us.</p>",
        [(BLOCK, INLINED.format(1)), (BLOCK, "core/group: layout flattened")],
    ),
    "indirect-cycle": (
        ref(3),
        "<p>Three.</p><p>Four.</p>",
        [
            (BLOCK, INLINED.format(3)),
            (BLOCK, INLINED.format(4)),
            (BLOCK, "core/block: reusable block 3 inside itself, not inlined again"),
        ],
    ),
    "direct-cycle": (
        ref(7),
        "<p>Me.</p>",
        [
            (BLOCK, INLINED.format(7)),
            (BLOCK, "core/block: reusable block 7 inside itself, not inlined again"),
        ],
    ),
    "missing": (
        para("Kept.") + ref(999),
        "<p>Kept.</p>",
        [(LOST, "core/block: reusable block 999 is not in the export, content lost")],
    ),
    "trashed": (
        ref(5),
        "",
        [(BLOCK, "core/block: reusable block 5 is trash, not shown (as in WordPress)")],
    ),
    "protected": (
        ref(6),
        "",
        [(BLOCK, "core/block: reusable block 6 is protected, not shown (as in WordPress)")],
    ),
    "no-id": (
        "<!-- wp:block /-->",
        "",
        [(BLOCK, "core/block: reusable block reference without an id, nothing to show")],
    ),
    "pattern-overrides": (
        '<!-- wp:block {"ref":1,"content":{"Title":{"content":"Mine"}}} /-->',
        "<p>Join us.</p>",
        [
            (BLOCK, INLINED.format(1)),
            (LOST, "core/block: overrides of reusable block 1 not applied"),
        ],
    ),
    "classic-content": (
        ref(8),
        "<p>Classic words</p>\n<p>in two paragraphs</p>\n",
        [(BLOCK, INLINED.format(8))],
    ),
}


def render(content: str) -> tuple[str, Context]:
    ctx = Context(item=Item(id="9", type="post"), reusable=dict(BLOCKS))
    return prepare(content, ctx), ctx


@pytest.mark.parametrize("case", sorted(CASES))
def test_reference_rendering(case: str) -> None:
    content, expected, notes = CASES[case]
    out, ctx = render(content)
    assert out == expected
    assert [(n.kind, n.message) for n in ctx.notes.items] == notes


def test_depth_limit_stops_a_long_chain() -> None:
    out, ctx = render(ref(20))
    levels = [n for n in range(20, 40) if f"Level {n}." in out]
    assert levels == list(range(20, 28))  # the post's reference and 7 nested ones
    lost = [n.message for n in ctx.notes.items if n.kind == LOST]
    assert lost == ["core/block: reusable block 28 nested too deep, not inlined"]


def test_inlined_content_is_recorded_for_the_audit() -> None:
    _, ctx = render(ref(2) + ref(999))
    assert ctx.inlined == [BLOCKS["2"].content, BLOCKS["1"].content]


def test_no_delimiter_survives() -> None:
    for content, _, _ in CASES.values():
        out, _ = render(content)
        assert "<!--" not in out.replace("<!--more-->", "")


def test_without_the_export_blocks_the_loss_is_noted() -> None:
    ctx = Context(item=Item(id="9", type="post"))
    assert prepare(ref(1), ctx) == ""
    assert ctx.notes.kinds() == {LOST}


# --- through the whole pipeline ------------------------------------------------------------

NEWSLETTER = "Subscribe to the quarterly newsletter"
MASTODON = "Follow the project on Mastodon"


def export(folder: Path) -> Path:
    return write_export(
        folder,
        Post(id="7", title="First", slug="first", content=para("Hello.") + ref(123) + ref(999)),
        Post(
            id="123",
            title="Signup",
            slug="signup",
            type="wp_block",
            content=para(NEWSLETTER) + ref(124),
        ),
        Post(id="124", title="Social", slug="social", type="wp_block", content=para(MASTODON)),
        Post(
            id="125",
            title="Loop A",
            slug="loop-a",
            type="wp_block",
            content=para("Loop A text.") + ref(126),
        ),
        Post(
            id="126",
            title="Loop B",
            slug="loop-b",
            type="wp_block",
            content=para("Loop B text.") + ref(125),
        ),
        Post(id="8", title="Second", slug="second", content=ref(125) + ref(123)),
        # a second copy of 124: the first one wins, as WordPress would have only one
        Post(id="124", title="Copy", slug="copy", type="wp_block", content=para("Not this.")),
    )


def test_scan_keeps_wp_block_contents(tmp_path: Path) -> None:
    scanned = scan([export(tmp_path)])
    assert sorted(scanned.reusable) == ["123", "124", "125", "126"]
    assert scanned.reusable["124"].content == para(MASTODON)
    assert scanned.reusable["123"].title == "Signup"


def test_convert_site_inlines_reusable_blocks(tmp_path: Path) -> None:
    source = export(tmp_path)
    out = {}
    for jobs in (1, 2):
        report = convert_site([source], tmp_path / f"site{jobs}", Config(jobs=jobs))
        out[jobs] = site_files(tmp_path / f"site{jobs}")
    assert out[1] == out[2]
    first = out[1]["content/posts/first/index.md"].decode()
    second = out[1]["content/posts/second/index.md"].decode()
    assert "Hello." in first and NEWSLETTER in first and MASTODON in first
    assert "Loop A text." in second and "Loop B text." in second and NEWSLETTER in second
    assert "wp:" not in first + second and "<!--" not in first + second
    assert not any("signup" in name or "loop" in name for name in out[1])
    notes = {r.id: [(n.kind, n.message) for n in r.notes] for r in report.items}
    assert (LOST, "core/block: reusable block 999 is not in the export, content lost") in notes["7"]
    assert (BLOCK, "core/block: reusable block 125 inside itself, not inlined again") in notes["8"]
    assert all(r.words_kept == 1.0 for r in report.items if r.id in ("7", "8"))


def test_fail_on_words_lost_selects_the_missing_reference(tmp_path: Path) -> None:
    cfg = Config(fail_on=frozenset({"words-lost"}))
    report = convert_site([export(tmp_path)], tmp_path / "site", cfg)
    assert [r.id for r in report.gate_hits()] == ["7"]
    assert report.return_code == 1


def test_inspect_counts_reusable_blocks(tmp_path: Path) -> None:
    found = survey([export(tmp_path)])
    assert found.reusable_blocks == 4
    assert found.reusable_refs == {"123": 2, "124": 1, "125": 2, "126": 1, "999": 1}
    assert found.reusable_missing == ["999"]
    text = render_text(found)
    assert "reusable blocks: 4 in the export, 7 references; not in the export" in text
    assert "(content lost): 999" in text


# --- code shortcodes inside a reusable block ------------------------------------------------

PYTHON = '[code language="python"]\ndef f():\n    return [1]\n\n\nprint(f())\n[/code]'
# Each body holds a code shortcode whose text autop or the shortcode handlers would change
# if it were not set aside first: indentation and blank lines, a [gallery], a bold tag.
CODE_BODIES = {
    "indented": PYTHON,
    "gallery-in-code": '[code]\n[gallery ids="1,2"]\n  kept\n[/code]',
    "tag-in-c": "Use [c]<b>[/c] for bold.",
    "in-a-block": para("Before.") + "\n\n" + PYTHON + "\n\n" + para("After."),
}


def markdown(content: str, block: str) -> str:
    ctx = Context(item=Item(id="9", type="post"), reusable={"50": ReusableBlock("50", block)})
    return html_to_markdown(prepare(content, ctx), ctx)


@pytest.mark.parametrize("case", sorted(CODE_BODIES))
def test_code_shortcodes_in_a_reusable_block_as_inline(case: str) -> None:
    body = CODE_BODIES[case]
    inline = markdown(body, body)
    assert "```" in inline or "`<b>`" in inline  # the body holds code, kept as code
    assert markdown(ref(50), body) == inline
    assert markdown(para("Around.") + ref(50), body) == markdown(para("Around.") + body, body)


def test_inspect_reads_references_as_the_block_parser_does(tmp_path: Path) -> None:
    """The reference's attributes are JSON: "ref" after a nested object still counts, a "ref"
    inside a nested object or invalid JSON does not (the converter would not follow it)."""
    refs = [
        '<!-- wp:block {"metadata":{"name":"Signup"},"ref":12} /-->',
        '<!-- wp:core/block {"ref":"13","content":{"x":{"content":"y"}}} /-->',
        '<!-- wp:block {"metadata":{"ref":14}} /-->',
        '<!-- wp:block {"ref":15,} /-->',
        '<!-- wp:block {"ref":12} --><!-- /wp:block -->',
    ]
    source = write_export(
        tmp_path,
        Post(id="7", title="Refs", slug="refs", content="".join(refs)),
        Post(id="12", title="Signup", slug="signup", type="wp_block", content=para("Join.")),
    )
    found = survey([source])
    assert found.reusable_refs == {"12": 2, "13": 1}
    assert found.reusable_missing == ["13"]
