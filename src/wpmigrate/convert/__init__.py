"""Convert stage: a cleaned HTML tree to CommonMark + GFM Markdown for Hugo (Goldmark).

Guarantees: text is never dropped (unknown elements convert their children); escaping is
minimal but renders the same text; ``<wpm-md>`` markers are written verbatim; what Markdown
cannot express stays HTML and adds one ``raw-html`` note per item.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from wpmigrate.context import Context
from wpmigrate.convert.blocks import BlockConverters
from wpmigrate.convert.inline import SAME_EMPHASIS, InlineConverters, nested_same
from wpmigrate.convert.state import ConvertState
from wpmigrate.model import NoteKind

__all__ = ["ConvertState", "Converter", "html_to_markdown", "to_markdown"]

STAGE = "convert"


class Converter(InlineConverters, BlockConverters):
    """HTML -> Markdown by tag: subclass and add ``convert_<tag>(self, el, st)`` methods."""


def to_markdown(root: HtmlElement, ctx: Context) -> str:
    """Markdown for ``root``'s content, ending with one newline (``""`` when empty).

    ``root`` is normalized in place first: emphasis inside the same emphasis is unwrapped, and
    the same emphasis twice in a row becomes one.
    """
    _unwrap_nested_emphasis(root)
    _merge_adjacent_emphasis(root)
    st = ConvertState(ctx, flat_emphasis=True)
    text = Converter().markdown(root, st).strip("\n")
    if st.raw_html:
        tags = ", ".join(f"<{tag}> ({n})" for tag, n in sorted(st.raw_html.items()))
        ctx.notes.add(
            STAGE,
            NoteKind.RAW_HTML,
            f"kept as raw HTML: {tags}; Hugo shows raw HTML only with "
            "markup.goldmark.renderer.unsafe (on in the hugo.toml wpmigrate writes)",
            field="content",
        )
    return text + "\n" if text else ""


def _unwrap_nested_emphasis(root: HtmlElement) -> None:
    # <em>a<em>b</em></em> looks like <em>ab</em>; as Markdown, "*a*b**" would not parse
    for open_, tags in SAME_EMPHASIS.items():
        for el in [e for e in root.iter(*tags) if nested_same(e, open_)]:
            el.drop_tag()


def _merge_adjacent_emphasis(root: HtmlElement) -> None:
    # <em>a</em><em>b</em> looks like <em>ab</em>; as Markdown, "*a**b*" would not parse (the
    # second would be written as HTML)
    for tags in SAME_EMPHASIS.values():
        for el in list(root.iter(*tags)):
            if el.getparent() is not None:  # not merged into the one before it already
                _absorb_next(el, tags)


def _absorb_next(el: HtmlElement, tags: tuple[str, ...]) -> None:
    parent = el.getparent()
    while not el.tail and (nxt := el.getnext()) is not None and nxt.tag in tags:
        if nxt.text:
            if len(el):
                el[-1].tail = (el[-1].tail or "") + nxt.text
            else:
                el.text = (el.text or "") + nxt.text
        el.extend(list(nxt))
        el.tail = nxt.tail
        parent.remove(nxt)


def html_to_markdown(html: str, ctx: Context | None = None) -> str:
    """Parse, clean and convert ``html`` in one call."""
    from wpmigrate.normalize.html import clean_tree, parse_fragment

    ctx = ctx if ctx is not None else Context()
    root = parse_fragment(html)
    clean_tree(root, ctx)
    return to_markdown(root, ctx)
