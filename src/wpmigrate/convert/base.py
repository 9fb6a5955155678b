"""The converter's skeleton: dispatch by tag, and the flow that groups inline runs into
paragraphs between blocks. Tag converters live in ``inline.py``, ``blocks.py`` and
``tables.py``; each is a ``convert_<tag>(self, el, st: ConvertState) -> str`` method.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, ClassVar

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from wpmigrate.convert import hugo
from wpmigrate.convert.code import CODE_SPAN_TAGS, br_lines, fenced, is_code_paragraph
from wpmigrate.convert.escape import (
    HARD_BREAK,
    LINK_OPEN,
    escape_line_starts,
    finish_inline,
    text_markdown,
    visible,
)
from wpmigrate.convert.state import Block, ConvertState
from wpmigrate.normalize import markers

#: elements converted as a whole into one block (``convert_<tag>`` returns the block)
BLOCK_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "pre",
        "blockquote",
        "table",
        "hr",
        "figure",
        "dl",
        "details",
        "audio",
        "video",
        "form",
        "object",
        "embed",
        "canvas",
        "textarea",
        "select",
        "script",
    }
)
#: elements that only separate paragraphs; their children flow as their parent's would
CONTAINERS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "center",
        "address",
        "fieldset",
        "hgroup",
        "body",
        "html",
        "li",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "summary",
        "legend",
        "noscript",
    }
)
#: elements whose content is not text
SKIP_TAGS = frozenset(
    {
        "style",
        "head",
        "meta",
        "link",
        "base",
        "template",
    }
)
#: block kinds per tag, for tight-list joins and for separating adjacent lists
KINDS = {"ul": "list-ul", "ol": "list-ol", "pre": "code", "blockquote": "quote", "hr": "hr"}
KINDS.update({f"h{n}": "heading" for n in range(1, 7)})
# One dict lookup says what a tag is (most tags are inline and in none of the three sets).
_BLOCK, _CONTAINER, _SKIP = 1, 2, 3
_ROLE = {
    **dict.fromkeys(BLOCK_TAGS, _BLOCK),
    **dict.fromkeys(CONTAINERS, _CONTAINER),
    **dict.fromkeys(SKIP_TAGS, _SKIP),
}

_EDGE_SPACE = re.compile(r"^(?: |\\\n)+|(?: |\\\n)+$")
# Goldmark reads "\\\\\\" + newline as two backslashes and no break: an escaped backslash right
# before a hard break is written as a character reference instead.
_EDGES = (" ", "\\\n")
_EDGES_AT_END = (*_EDGES, " \n", "\\\n\n")
_BACKSLASH_BREAK = re.compile(r"(?<!\\)((?:\\\\)*)\\\\(?=\\\n)")
_BLANK_LINES = re.compile(r"\n\s*\n")
_DEFAULT_MARKER = re.compile(r"-|\d+\.")
# "<" then "<": Goldmark's typographer takes the two as an angle quote, breaking the autolink
# or tag the second one opens ("<<https://x>>" showed both brackets twice)
_TAG_START = re.compile(r"[A-Za-z/!?<]")
_ENTITY_REST = re.compile(r"#?\w+;")
# what follows "{{" in a Hugo shortcode opening (emphasis written as HTML: see finish_inline)
_OPENS_CALL = re.compile("[<%]")
_NAME = re.compile(r"[^a-z0-9]")
#: tag names worth remembering in the dispatch table: what HTML's own elements look like
_CACHED_TAG = re.compile(r"[a-z][a-z0-9]*")
#: the table's size limit: HTML has ~150 element names, a page uses a few dozen
MAX_CACHED_TAGS = 512
_SEAM_CHARS = frozenset("<&{")
_HTML_SPACE = " \t\n\r\f\v"  # what ``collapse`` turns into one space
_SPACED_BREAK = " " + HARD_BREAK


def join_inline(pieces: list[str]) -> str:
    """Concatenate inline pieces, collapsing spaces across their boundaries."""
    out: list[str] = []
    last = ""
    for piece in pieces:
        if not piece:
            continue
        if piece[0] == " " and last in (" ", "\n"):
            piece = piece.lstrip(" ")
            if not piece:
                continue
        if last in _SEAM_CHARS:  # what _seam looks for ends the text before
            piece = _seam(out, piece)
        if last == "`" and piece[0] == "`":
            out.append("<!-- -->")  # adjacent code spans would merge their backtick runs
        out.append(piece)
        last = piece[-1]
    return "".join(out)


def _seam(out: list[str], piece: str) -> str:
    """Escape what text before ``piece`` and ``piece`` would only make together (it is escaped
    the same way inside one text); ``out[-1]`` may change, ``piece`` is returned."""
    tail = "".join(out[-2:])[-2:]
    if tail[-1:] == "<" and _TAG_START.match(piece):
        _escape_last(out)  # text "<" followed by a letter would open a tag
    elif tail[-1:] == "&" and _ENTITY_REST.match(piece):
        _escape_last(out)  # text "&" followed by "amp;" would be an entity
    elif tail == "{{" and _OPENS_CALL.match(piece):
        _escape_last(out)  # Hugo reads "{{<" and "{{%" as a shortcode call anywhere
    elif tail[-1:] == "{" and _OPENS_CALL.match(piece, 1) and piece[0] == "{":
        return "\\" + piece
    return piece


def _escape_last(out: list[str]) -> None:
    if not out[-1].endswith("\\" + out[-1][-1:]):
        out[-1] = out[-1][:-1] + "\\" + out[-1][-1]


def finish_paragraph(pieces: list[str], *, line_starts: bool = True) -> str:
    """The Markdown of one paragraph, or ``""`` when nothing in it is visible.

    ``line_starts=False`` for text that never starts a line of the document (a heading's or a
    table cell's), where "1." or "-" cannot begin a block."""
    # Most paragraphs are one piece (a text, or a heading's content): nothing to join.
    text = pieces[0] if len(pieces) == 1 else join_inline(pieces)
    text = _strip_edges(text.replace(_SPACED_BREAK, HARD_BREAK))
    if not visible(text.replace(HARD_BREAK, "")):
        return ""
    link_first = text.startswith(LINK_OPEN)
    text = finish_inline(text)
    if "\\\\\\\n" in text:  # what _BACKSLASH_BREAK needs: two backslashes, a hard break
        text = _BACKSLASH_BREAK.sub(r"\1&#92;", text)
    return escape_line_starts(text, link_first=link_first) if line_starts else text


def _strip_edges(text: str) -> str:
    """``_EDGE_SPACE`` removed; most paragraphs have no such edge, and the pattern tries its
    second branch at every position. (Its ``$`` also matches before a final newline.)"""
    if text.startswith(_EDGES) or text.endswith(_EDGES_AT_END):
        return _EDGE_SPACE.sub("", text)
    return text


class _Flow:
    """Collects the blocks of one container; runs of inline content become paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []

    def inline(self, text: str) -> None:
        self.pieces.append(text)

    def block(self, block: Block) -> None:
        self.flush()
        if block.text:
            self.blocks.append(block)

    def flush(self) -> None:
        # ``pieces`` is emptied in place: the walk holds on to it (see ConverterBase._walk).
        pieces = self.pieces
        # Half the flushes hold nothing or only the spaces between blocks: no paragraph.
        if not pieces or pieces.count(" ") == len(pieces):
            pieces.clear()
            return
        text = finish_paragraph(pieces)
        pieces.clear()
        if text:
            self.blocks.append(Block(text, "para"))

    def after_default_list(self, kind: str) -> bool:
        """Whether a list of ``kind`` follows one with the default marker (and would merge)."""
        if not kind.startswith("list-") or self.last_kind() != kind:
            return False
        return bool(_DEFAULT_MARKER.match(self.blocks[-1].text))

    def last_kind(self) -> str:
        pending = any(p.strip(" ") for p in self.pieces) and finish_paragraph(self.pieces)
        return self.blocks[-1].kind if self.blocks and not pending else ""


class ConverterBase:
    """Dispatch and flow; subclasses add ``convert_<tag>`` methods."""

    #: tag -> its ``convert_<tag>`` function (None: none), filled as tags are met; one table
    #: per class, so the method is looked up once per tag, not once per element. Tag names
    #: come from the input (``<john@example.com>`` is an element to lxml) and a run lasts a
    #: whole export: only HTML-like names are kept, and the table starts over at a size limit.
    _methods: ClassVar[dict[Any, Callable[..., str] | None]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {}

    def blocks(self, el: HtmlElement, st: ConvertState) -> list[Block]:
        """The blocks ``el``'s content makes."""
        flow = _Flow()
        self._walk(el, flow, st)
        flow.flush()
        return flow.blocks

    def markdown(self, el: HtmlElement, st: ConvertState) -> str:
        return "\n\n".join(b.text for b in self.blocks(el, st))

    def _walk(self, el: HtmlElement, flow: _Flow, st: ConvertState) -> None:
        # Text goes straight into the flow's pieces (the list stays the same one): most nodes
        # of a page are text, and a call per node adds up.
        pieces = flow.pieces
        if el.text:
            pieces.append(_text(el.text))
        for child in el:
            self._child(child, flow, st)
            if child.tail:
                pieces.append(_text(child.tail))

    def _child(self, child: HtmlElement, flow: _Flow, st: ConvertState) -> None:
        tag = child.tag
        role = _ROLE.get(tag)  # a comment's tag is a function, in no table
        if role is None:
            self._inline_child(child, flow, st)
        elif role == _BLOCK:
            st.alternate = flow.after_default_list(KINDS.get(tag, ""))
            flow.block(Block(self.dispatch(child, st), KINDS.get(tag, tag)))
        elif role == _CONTAINER:
            flow.flush()
            self._walk(child, flow, st)
            flow.flush()

    def _inline_child(self, child: HtmlElement, flow: _Flow, st: ConvertState) -> None:
        tag = child.tag
        if not isinstance(tag, str):
            if _is_more(child):
                flow.block(Block("<!--more-->", "more"))
        elif tag == markers.TAG and child.get("data-block"):
            flow.block(Block(child.get("data-md", ""), "marker"))
        elif tag in CODE_SPAN_TAGS and not st.in_cell and is_code_paragraph(child):
            flow.block(Block(fenced("\n".join(br_lines(child)), "", st, tag), "code"))
        elif len(child) and _has_block(child):  # an element without children has no block
            self._walk(child, flow, st)
        else:
            flow.pieces.append(self.dispatch(child, st))

    def dispatch(self, el: HtmlElement, st: ConvertState) -> str:
        tag = el.tag
        try:
            method = self._methods[tag]
        except KeyError:
            method = self._lookup(tag)
        return method(self, el, st) if method else self.inline_children(el, st)

    def _lookup(self, tag: Any) -> Callable[..., str] | None:
        method: Callable[..., str] | None = getattr(type(self), _method_name(str(tag)), None)
        if isinstance(tag, str) and _CACHED_TAG.fullmatch(tag):
            if len(self._methods) >= MAX_CACHED_TAGS:
                self._methods.clear()
            self._methods[tag] = method
        return method

    def inline(self, el: HtmlElement, st: ConvertState) -> str:
        """The inline Markdown of ``el`` (block elements become their content, spaced)."""
        tag = el.tag
        role = _ROLE.get(tag)
        if role is None:
            return self.dispatch(el, st) if isinstance(tag, str) else ""
        if role == _SKIP:
            return ""
        return join_inline([" ", self.inline_children(el, st), " "])

    def inline_children(self, el: HtmlElement, st: ConvertState) -> str:
        pieces = [_text(el.text)] if el.text else []
        for child in el:
            pieces.append(self.inline(child, st))
            if child.tail:
                pieces.append(_text(child.tail))
        return join_inline(pieces)

    def text(self, text: str) -> str:
        return _text(text) if text else ""

    def raw_block(self, el: HtmlElement, st: ConvertState) -> str:
        """``el`` kept as raw HTML, as one block (no blank lines, which would end it)."""
        st.raw_html[str(el.tag)] += 1
        source = lxml.html.tostring(el, encoding="unicode", with_tail=False)
        return hugo.neutralize_html(_BLANK_LINES.sub("\n", source).strip())

    def raw_inline(self, el: HtmlElement, st: ConvertState) -> str:
        """``el``'s tags kept as inline HTML around its converted content."""
        st.raw_html[str(el.tag)] += 1
        attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in el.attrib.items())
        return f"<{el.tag}{attrs}>{self.inline_children(el, st)}</{el.tag}>"


def _text(text: str) -> str:
    """Markdown for a non-empty text node."""
    # A third of the text nodes are only the whitespace between tags: one space.
    if not text.strip(_HTML_SPACE):
        return " "
    return text_markdown(text)


@lru_cache(maxsize=256)  # a page uses a few tag names, each thousands of times in a run
def _method_name(tag: str) -> str:
    return "convert_" + _NAME.sub("_", tag.lower())


def _is_more(node: HtmlElement) -> bool:
    return node.tag is etree.Comment and (node.text or "").strip().lower() == "more"


def _has_block(el: HtmlElement) -> bool:
    for sub in el.iterdescendants():
        tag = sub.tag if isinstance(sub.tag, str) else ""
        if tag in BLOCK_TAGS or tag in CONTAINERS or (tag == markers.TAG and sub.get("data-block")):
            return True
    return False
