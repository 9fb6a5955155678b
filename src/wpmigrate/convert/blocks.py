"""Block converters: headings, lists, quotes, code, figures, media, raw-HTML blocks."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from wpmigrate.convert.base import BLOCK_TAGS, ConverterBase, finish_paragraph
from wpmigrate.convert.code import fenced
from wpmigrate.convert.escape import HARD_BREAK, escape_checkbox
from wpmigrate.convert.state import TIGHT_KINDS, Block, ConvertState
from wpmigrate.convert.tables import layout_cells, table_markdown
from wpmigrate.model import NoteKind
from wpmigrate.normalize import markers

_LANG = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")
# Hashes ending a heading (or making all of it) would read as its closing sequence.
_TRAILING_HASHES = re.compile(r"(^| )(#+)$")
_HEADING_ATTRS = re.compile(r"\{(?=[^{}]*\}$)")


class BlockConverters(ConverterBase):
    """``convert_<tag>`` for block elements; each returns one Markdown block ("" for none)."""

    def _heading(self, el: HtmlElement, st: ConvertState, level: int) -> str:
        st.in_heading = True
        try:
            text = finish_paragraph([self.inline_children(el, st)], line_starts=False)
        finally:
            st.in_heading = False
        text = text.replace(HARD_BREAK, " ").replace("\n", " ").strip()
        if not text:
            return ""
        text = _HEADING_ATTRS.sub(r"\\{", _TRAILING_HASHES.sub(r"\1\\\2", text))
        return "#" * level + " " + text

    def convert_h1(self, el: HtmlElement, st: ConvertState) -> str:
        return self._heading(el, st, int(str(el.tag)[1]))

    convert_h2 = convert_h3 = convert_h4 = convert_h5 = convert_h6 = convert_h1

    def convert_hr(self, el: HtmlElement, st: ConvertState) -> str:
        return "---"

    def convert_blockquote(self, el: HtmlElement, st: ConvertState) -> str:
        inner = self.markdown(el, st)
        if not inner:
            return ""
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))

    def convert_pre(self, el: HtmlElement, st: ConvertState) -> str:
        code = el.find("code")
        found = _LANG.search((code if code is not None else el).get("class", ""))
        lang = found.group(1) if found else ""
        text = el.text_content()
        text = text[1:] if text.startswith("\n") else text
        if not text.strip():
            return ""
        return fenced(text, lang, st)

    def convert_ul(self, el: HtmlElement, st: ConvertState) -> str:
        return self._list(el, st, "*" if st.alternate else "-", None)

    def convert_ol(self, el: HtmlElement, st: ConvertState) -> str:
        if el.get("reversed") is not None:
            return self._html_list(el, st)
        return self._list(el, st, ")" if st.alternate else ".", _start(el))

    def _html_list(self, el: HtmlElement, st: ConvertState) -> str:
        """A list Markdown cannot write (one counting down), as HTML: all of it, as it reads
        in WordPress. One holding a marker (a shortcode, an embed) keeps its tags as HTML
        around Markdown items, each item's content between blank lines so that Goldmark reads
        it as Markdown (text right after ``<li>`` would be part of the HTML block, shown raw);
        Goldmark then sets each item as a paragraph."""
        if next(el.iter(markers.TAG), None) is None:
            return self.raw_block(el, st)
        st.alternate = False
        items = [self.markdown(li, st) for li in _items(el)]
        if not items:
            return ""
        st.raw_html["ol"] += 1
        body = "\n".join(f"<li>\n\n{text}\n\n</li>" if text else "<li></li>" for text in items)
        return f"{_ol_tag(el)}\n{body}\n</ol>"

    def _list(self, el: HtmlElement, st: ConvertState, mark: str, start: int | None) -> str:
        st.alternate = False
        items = [self.blocks(li, st) for li in _items(el)]
        loose = any(not _tight(blocks) for blocks in items)
        out = []
        for n, blocks in enumerate(items):
            marker = mark if start is None else f"{start + n}{mark}"
            out.append(_item(marker, blocks, loose))
        return ("\n\n" if loose else "\n").join(out)

    def convert_figure(self, el: HtmlElement, st: ConvertState) -> str:
        imgs = list(el.iter("img"))
        if len(imgs) != 1 or _has_other_blocks(el):
            return self.markdown(el, st)
        img = imgs[0]
        link = img.getparent()
        href = link.get("href", "") if link is not None and link.tag == "a" else ""
        caption = el.find(".//figcaption")
        text = self.markdown(caption, st).replace(HARD_BREAK, " ") if caption is not None else ""
        call = markers.shortcode_call(
            "figure",
            src=img.get("src", ""),
            alt=img.get("alt", ""),
            # no title: Hugo's figure shows it as a heading over the caption, where WordPress
            # showed the image's title only as a tooltip
            caption=text.replace("\n", " "),
            link=href,
        )
        return call

    def _media(self, el: HtmlElement, st: ConvertState) -> str:
        src = el.get("src") or next((s.get("src", "") for s in el.iter("source")), "")
        if not src:
            return self.markdown(el, st)
        params = {"src": src}
        if el.get("poster"):
            params["poster"] = el.get("poster", "")
        return markers.shortcode_call(str(el.tag), **params)

    convert_audio = convert_video = _media

    def convert_table(self, el: HtmlElement, st: ConvertState) -> str:
        text = table_markdown(self, el, st)
        if text is not None:
            return text
        cells = layout_cells(el)
        if cells is None:
            return self.raw_block(el, st)
        st.ctx.notes.add(
            "convert", NoteKind.ATTRIBUTES, "one-column layout table read as its content"
        )
        return "\n\n".join(filter(None, (self.markdown(cell, st) for cell in cells)))

    def _raw(self, el: HtmlElement, st: ConvertState) -> str:
        return self.raw_block(el, st)

    def convert_dl(self, el: HtmlElement, st: ConvertState) -> str:
        """A definition list as Goldmark's (on in Hugo by default): ``Term`` then ``: text``
        lines. One Markdown cannot write (a term or a definition empty, a ``<div>`` grouping,
        a definition before any term) stays HTML."""
        groups = _definition_groups(el)
        if groups is None:
            return "" if _empty_list(el) else self.raw_block(el, st)
        out = []
        for terms, details in groups:
            lines = [self._term(dt, st) for dt in terms]
            lines += [_definition(self.blocks(dd, st)) for dd in details]
            if not all(lines):
                return self.raw_block(el, st)
            out.append("\n".join(lines))
        return "\n\n".join(out)

    def _term(self, el: HtmlElement, st: ConvertState) -> str:
        text = finish_paragraph([self.inline_children(el, st)])
        text = text.replace(HARD_BREAK, " ").replace("\n", " ").strip()
        return "\\" + text if text.startswith(":") else text

    convert_details = convert_form = convert_object = convert_embed = _raw
    convert_canvas = convert_textarea = convert_select = _raw

    def convert_script(self, el: HtmlElement, st: ConvertState) -> str:
        return self.raw_block(el, st) if st.ctx.config.emit_scripts else ""


DefinitionGroup = tuple[list[HtmlElement], list[HtmlElement]]


def _definition_groups(el: HtmlElement) -> list[DefinitionGroup] | None:
    """``<dl>``'s terms and their definitions, in groups; ``None`` when it holds anything
    else (text, another element) or a group lacks its terms or its definitions."""
    if (el.text or "").strip():
        return None
    groups: list[DefinitionGroup] = []
    for child in el:
        if (child.tail or "").strip():
            return None
        if not isinstance(child.tag, str):
            continue  # a comment
        if child.tag == "dt":
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(child)
        elif child.tag == "dd" and groups:
            groups[-1][1].append(child)
        else:
            return None
    return groups if all(terms and details for terms, details in groups) else None


_HOLDS_NOTHING = frozenset({"dl", "dt", "dd", "div", "span", "p", "br"})


def _empty_list(el: HtmlElement) -> bool:
    """No text, and nothing but the list's own tags and wrappers (an image, an embed's
    marker, a media element is content)."""
    if el.text_content().strip():
        return False
    return all(d.tag in _HOLDS_NOTHING for d in el.iterdescendants(etree.Element))


def _definition(blocks: list[Block]) -> str:
    """``: text``, the lines after the first indented under it; ``""`` when empty."""
    lines = "\n\n".join(b.text for b in blocks).split("\n")
    if not lines[0]:
        return ""
    rest = ["  " + line if line else "" for line in lines[1:]]
    return "\n".join([f": {lines[0]}", *rest])


def _start(el: HtmlElement) -> int:
    try:
        return min(max(int(el.get("start", "1")), 0), 999_999_999)
    except ValueError:
        return 1


def _ol_tag(el: HtmlElement) -> str:
    """``<ol reversed>`` with the numbering attributes that mean something to a browser."""
    start = f' start="{_start(el)}"' if el.get("start") is not None else ""
    kind = el.get("type", "")
    kind = f' type="{kind}"' if kind in _OL_TYPES else ""
    return f"<ol reversed{start}{kind}>"


_OL_TYPES = frozenset({"1", "a", "A", "i", "I"})


def _items(el: HtmlElement) -> list[HtmlElement]:
    """The list's items; stray children (a nested list outside any ``li``) join the previous."""
    items: list[HtmlElement] = []
    for child in el:
        if child.tag == "li" or not items:
            items.append(child if child.tag == "li" else _wrap_li(child))
        elif isinstance(child.tag, str):
            items[-1].append(child)
    return items


def _wrap_li(child: HtmlElement) -> HtmlElement:
    li = child.makeelement("li", {})
    parent = child.getparent()
    if parent is not None:
        parent.replace(child, li)
    li.append(child)
    return li


def _tight(blocks: list[Block]) -> bool:
    pairs = zip(blocks, blocks[1:], strict=False)
    return all(_joins_tightly(prev, b) for prev, b in pairs)


def _joins_tightly(prev: Block, block: Block) -> bool:
    if block.kind == "quote" and prev.kind == "quote":
        return False  # "> a" then "> b" on the next line is one quote
    if block.kind.startswith("list-") and _EMPTY_ITEM.match(block.text):
        return False  # an empty item cannot interrupt a paragraph ("-" would underline it)
    return block.kind in TIGHT_KINDS or _list_after_para(block)


_EMPTY_ITEM = re.compile(r"(?:[-*+]|\d+[.)])[ \t]*(?:\n|$)")


def _list_after_para(block: Block) -> bool:
    # an ordered list interrupts a paragraph only when it starts at 1
    return block.kind == "list-ol" and block.text.startswith(("1.", "1)"))


def _item(marker: str, blocks: list[Block], loose: bool) -> str:
    texts = [b.text for b in blocks]
    if blocks and blocks[0].kind == "para":
        texts[0] = escape_checkbox(texts[0])
    body = ("\n\n" if loose else "\n").join(texts)
    if not body:
        return marker
    pad = " " * (len(marker) + 1)
    lines = body.split("\n")
    rest = [pad + line if line else "" for line in lines[1:]]
    return "\n".join([f"{marker} {lines[0]}", *rest])


def _has_other_blocks(el: HtmlElement) -> bool:
    other = BLOCK_TAGS | {"iframe", markers.TAG}
    return any(d.tag in other for d in el.iterdescendants())
