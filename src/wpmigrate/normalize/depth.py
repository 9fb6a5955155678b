"""Normalize stage, parsing guard: a post past the HTML parser's limits keeps every word.

libxml2's HTML parser gives up at 256 levels of nesting or at a text run (or attribute) of
10 MB, and drops the rest of the post without an exception; the converter walks the tree
recursively and runs out of Python stack at about 200 levels for some tags. Real posts get
there through hundreds of tags never closed (``<span>``, ``<font>``, ``<div>``) or an image
pasted inline as a ``data:`` URI. So:

* :func:`hit_limit` tells whether a parse stopped at such a limit; :func:`parse_huge` then
  parses again with ``huge_tree`` on (2,048 levels), after :func:`shallow_markup` removed
  the tags nested deeper than 1,000;
* :func:`flatten_deep` unwraps the wrappers nested more than :data:`MAX_DEPTH` levels down
  in any parsed tree. Their text stays where it was, and so do the links, images, embeds,
  markers, code blocks and paragraphs inside them; only the nesting (a quote in a quote in
  a quote...) is lost, which no reader could follow anyway.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from wpmigrate.normalize import markers
from wpmigrate.normalize.autop import ALLBLOCKS

#: Deeper elements are unwrapped. Far beyond any real post, and far within both the
#: parser's 256 levels and the converter's stack (it handles about 200 levels of its
#: deepest-recursing tags).
MAX_DEPTH = 64

# Elements without content, and links (the parser never nests a link in a link): kept.
_KEPT = frozenset(
    {"a", "area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
)
_BLOCK = re.compile(ALLBLOCKS + r"\Z")
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*>")
#: Elements whose own text the converter does not read (only their cells' and items').
_STRUCTURE = frozenset(
    {"table", "thead", "tbody", "tfoot", "tr", "colgroup", "ul", "ol", "dl", "menu", "select"}
)
#: What unwrapping keeps besides :data:`_KEPT`: what has no text to fall back on (markers
#: carrying shortcodes and dividers, embeds, media) and blocks whose shape is their meaning
#: (code, paragraphs, headings). None of them nests in itself in real posts; if they do, a
#: second pass keeps only what cannot hold text.
_SHAPED = frozenset(
    {"pre", "p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "picture"}
)
_CONTENTLESS = frozenset({markers.TAG, "iframe", "video", "audio", "object", "param"})


_DEEP = etree.XPath("/".join(["*"] * MAX_DEPTH))  # the elements MAX_DEPTH levels down
# Elements kept under those (a paragraph, a link, an image) add a few levels; more means
# kept blocks nested in themselves.
_STILL_DEEP = etree.XPath("/".join(["*"] * (MAX_DEPTH + 8)))


def hit_limit(parser: etree.HTMLParser) -> bool:
    """Whether the last parse with ``parser`` stopped at a depth or size limit (and so lost
    everything after that point)."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


_HUGE = etree.HTMLParser(huge_tree=True)
_HUGE.set_element_class_lookup(  # as normalize.html's parser, which the tree goes back to
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_huge(html_text: str) -> list[HtmlElement | str]:
    """``lxml.html.fragments_fromstring`` for a post the default parser gave up on: no size
    limit, and no nesting deeper than the converter can follow."""
    parts: list[HtmlElement | str] = lxml.html.fragments_fromstring(
        shallow_markup(html_text), parser=_HUGE
    )
    return parts


def shallow_markup(html_text: str, limit: int = 1000) -> str:
    """``html_text`` without the start and end tags found more than ``limit`` elements deep.

    Depth is counted from the tags as written (tags the parser would close by itself count
    as open), so more may go than strictly needed: this runs only on posts the parser could
    not read whole. A block tag removed leaves a space, so words on either side stay apart.
    """
    depth = 0

    def tag(match: re.Match[str]) -> str:
        nonlocal depth
        whole, name = match.group(0), match.group(2).lower()
        if name in _KEPT or whole.endswith("/>"):
            return whole
        if match.group(1):  # an end tag: goes with its start tag
            keep = depth <= limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            keep = depth <= limit
        return whole if keep else (" " if _BLOCK.match(name) else "")

    return _TAG.sub(tag, html_text)


def flatten_deep(root: HtmlElement) -> int:
    """Unwrap the elements nested more than :data:`MAX_DEPTH` levels below ``root``: the
    wrappers (``div``, ``span``, ``font``, ``blockquote``, lists...), not links, media,
    markers, code blocks or paragraphs; how many were unwrapped."""
    unwrapped = _flatten(root, _KEPT | _CONTENTLESS | _SHAPED)
    if _STILL_DEEP(root):  # kept blocks nested in themselves: keep only what holds no text
        unwrapped += _flatten(root, _KEPT | _CONTENTLESS)
    return unwrapped


def _flatten(root: HtmlElement, kept: frozenset[str]) -> int:
    unwrapped = 0
    for deep in _DEEP(root):
        holder = _holder(deep)
        if holder is root or holder.getparent() is not None:  # else unwrapped already
            unwrapped += _unwrap_inside(holder, kept)
    return unwrapped


def _holder(el: HtmlElement) -> HtmlElement:
    """The nearest element at or above ``el`` that may hold text: the converter reads no
    text directly inside a table, a row or a list, only inside their cells and items."""
    while el.tag in _STRUCTURE and el.getparent() is not None:
        el = el.getparent()
    return el


def _unwrap_inside(holder: HtmlElement, kept: frozenset[str]) -> int:
    """Unwrap every descendant of ``holder`` but those named in ``kept``."""
    names, count = set(), 0
    for el in holder.iterdescendants(etree.Element):
        if el.tag in kept:
            continue
        names.add(el.tag)
        count += 1
        if _BLOCK.match(el.tag):  # keep the words of two blocks apart
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    if names:
        etree.strip_tags(holder, *names)
    return count
