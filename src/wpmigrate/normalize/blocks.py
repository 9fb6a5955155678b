"""Normalize stage, blocks: Gutenberg block content -> plain HTML the converter understands.

Each block becomes HTML chosen by its type and attributes (the inner HTML is what WordPress
saved; attributes say what it means): code keeps its language, images point at the original
upload, galleries and embeds become the same markers as their shortcodes, layout blocks
(columns, groups, covers...) are flattened to their content, footnotes become Markdown
footnotes. A reference to a reusable block (``core/block``, a "synced pattern") is replaced
by that block's content (``reusable.py`` says which), rendered in place. Unknown and
third-party blocks keep their inner HTML and are noted. Freeform HTML between blocks is
classic content and goes through the ``classic`` function (autop). A reusable block's content
first goes through ``protect``, the step that set the post's code shortcodes aside before its
blocks were parsed, so code reads the same inlined as written in the post. No block delimiter
survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from wpmigrate.context import Context
from wpmigrate.model import NoteKind
from wpmigrate.normalize import markers
from wpmigrate.normalize.autop import wpautop
from wpmigrate.normalize.blockparser import Block, parse_blocks
from wpmigrate.normalize.embeds import embed_html, link_paragraph
from wpmigrate.normalize.footnotes import footnotes
from wpmigrate.normalize.handlers import GalleryImage, gallery_marker
from wpmigrate.normalize.reusable import referenced

STAGE = "normalize"
Classic = Callable[[str], str]

#: Blocks whose saved HTML is already what the converter wants.
PLAIN = frozenset(
    f"core/{n}"
    for n in [
        "paragraph",
        "heading",
        "list",
        "list-item",
        "table",
        "preformatted",
        "verse",
        "audio",
        "video",
        "file",
        "missing",
        "subhead",
        "text-columns",
    ]
)
#: Layout blocks: their wrappers go, their content stays.
CONTAINERS = frozenset(
    f"core/{n}"
    for n in ["columns", "column", "group", "cover", "media-text", "row", "stack", "details"]
)
_WRAPPERS = re.compile(
    r"</?(?:div|section|figure|span|main|header|footer|aside|article)\b[^>]*>", re.I
)


@dataclass
class Node:
    """A block with its inner blocks already rendered."""

    block: Block
    children: list[str]
    ctx: Context
    classic: Classic
    #: the item's code-protecting step, for content inserted after the body was protected
    protect: Classic
    #: ids of the reusable blocks being inlined around this block, outermost first
    refs: tuple[str, ...] = ()

    @property
    def attrs(self) -> dict[str, object]:
        return self.block.attrs

    def attr(self, name: str) -> str:
        value = self.block.attrs.get(name)
        return "" if value is None or isinstance(value, dict | list) else str(value)

    def html(self, own: Callable[[str], str] | None = None) -> str:
        """Inner HTML with rendered inner blocks in place; ``own`` maps the block's own HTML."""
        if own is None:
            return _filled(self.block, self.children)
        children = iter(self.children)
        parts = self.block.inner_content
        return "".join([next(children) if p is None else own(p) for p in parts])

    def own_html(self) -> str:
        return self.block.inner_html

    def note(self, kind: NoteKind, message: str) -> None:
        self.ctx.notes.add(STAGE, kind, f"{self.block.name}: {message}")


Renderer = Callable[[Node], str]


def _unchanged(text: str) -> str:
    return text


def render_blocks(
    text: str, ctx: Context, classic: Classic = wpautop, protect: Classic = _unchanged
) -> str:
    """Render block content; footnote references and definitions are resolved at the end."""
    parsed = parse_blocks(text)
    for problem in parsed.problems:
        ctx.notes.add(STAGE, NoteKind.BLOCK, problem)
    out = "".join([render(block, ctx, classic, protect) for block in parsed.blocks])
    return footnotes(out, ctx)


def render(
    block: Block, ctx: Context, classic: Classic, protect: Classic, refs: tuple[str, ...] = ()
) -> str:
    name = block.name
    if name is None or name == "core/freeform":
        return classic(block.inner_html)
    children = [render(child, ctx, classic, protect, refs) for child in block.inner_blocks]
    if name in PLAIN:  # most blocks: their HTML as saved, no Node needed
        return _filled(block, children)
    node = Node(block, children, ctx, classic, protect, refs)
    if name in CONTAINERS:
        return container(node)
    if name.startswith("core-embed/"):
        return embed(node)
    return RENDERERS.get(name, unknown)(node)


def _filled(block: Block, children: list[str]) -> str:
    """``block``'s saved HTML with its rendered inner blocks where they go."""
    if not children:  # no inner block, no ``None`` among the parts
        return "".join(cast(list[str], block.inner_content))
    rendered = iter(children)
    return "".join([next(rendered) if p is None else p for p in block.inner_content])


def unknown(node: Node) -> str:
    inner = node.html()
    if inner.strip():
        node.note(NoteKind.BLOCK, "block not known, its HTML kept")
    else:
        node.note(NoteKind.BLOCK, "dynamic block without stored content, nothing to keep")
    return inner


# --- text blocks ----------------------------------------------------------------------------

_CITE = re.compile(r"<cite\b[^>]*>(.*?)</cite>", re.I | re.S)


def quote(node: Node) -> str:
    """quote, pullquote: a blockquote; the citation kept as a line of its own."""
    inner = node.html()
    if node.block.name == "core/pullquote":
        inner = re.sub(r"</?figure\b[^>]*>", "", inner, flags=re.I)
    if not re.search(r"<blockquote\b", inner, re.I):
        inner = f"<blockquote>{inner}</blockquote>"
    return _CITE.sub(_citation, inner)


# The editor leaves a <br> at either end of a citation; as a line of its own it would read
# "—" then a line break, the name on the next line.
_EDGE_BREAKS = re.compile(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$", re.I)


def _citation(match: re.Match[str]) -> str:
    text = _EDGE_BREAKS.sub("", match.group(1))
    return f"<p>— {text}</p>" if text else ""


_LANG_CLASS = re.compile(r"\b(?:language|lang)-([\w+#-]+)")


def code(node: Node) -> str:
    """code: ``<pre><code class="language-x">``; the language from attributes or classes."""
    inner = node.html()
    language = node.attr("language") or node.attr("lang")
    if not language:
        found = _LANG_CLASS.search(" ".join(re.findall(r"<(?:pre|code)\b[^>]*>", inner)))
        language = found.group(1) if found else ""
    body = re.search(r"<code\b[^>]*>(.*)</code>", inner, re.S | re.I)
    if body is None:
        body = re.search(r"<pre\b[^>]*>(.*)</pre>", inner, re.S | re.I)
    content = body.group(1) if body else inner
    cls = f' class="language-{html.escape(language.lower())}"' if language else ""
    if language:
        node.note(NoteKind.BLOCK, f"code block in {language}")
    return f"<pre><code{cls}>{content}</code></pre>"


def separator(node: Node) -> str:
    return "<hr />"


def more(node: Node) -> str:
    return markers.literal("<!--more-->", block=True)


def nextpage(node: Node) -> str:
    node.note(NoteKind.BLOCK, "page break -> rule")
    return "<hr />"


def raw_html(node: Node) -> str:
    node.note(NoteKind.RAW_HTML, "custom HTML kept as written")
    return node.html()


def shortcode(node: Node) -> str:
    # render_block_core_shortcode() is wpautop(); the shortcodes run later on the whole post.
    return wpautop(node.html())


def reusable(node: Node) -> str:
    """block (a reusable block reference) -> the referenced block's content, rendered here."""
    found = referenced(node)
    if found is None:
        return ""
    ref, blocks = found
    refs = (*node.refs, ref)
    return "".join([render(block, node.ctx, node.classic, node.protect, refs) for block in blocks])


# --- media ----------------------------------------------------------------------------------

_IMG = re.compile(r"<img\b[^>]*>", re.I)


def tag_attr(tag: str, name: str) -> str:
    found = re.search(rf"\s{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", tag, re.I)
    return html.unescape(next(g for g in found.groups() if g is not None)) if found else ""


def set_attr(tag: str, name: str, value: str) -> str:
    quoted = f'{name}="{html.escape(value, quote=True)}"'
    pattern = rf"\s{name}\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)"
    if re.search(pattern, tag, re.I):
        return re.sub(pattern, " " + quoted.replace("\\", "\\\\"), tag, count=1, flags=re.I)
    return re.sub(r"\s*/?>$", f" {quoted} />", tag, count=1)


def image(node: Node) -> str:
    """image: the original upload instead of a resized copy; alt from the media library."""
    inner = node.html()
    att = node.ctx.media.get(node.attr("id")) if node.attr("id") else None
    if att is None or not att.url:
        return inner

    def fix(m: re.Match[str]) -> str:
        tag = m.group(0)
        if tag_attr(tag, "src") != att.url:
            node.note(NoteKind.MEDIA, f"image {att.id} -> original upload")
            tag = set_attr(tag, "src", att.url)
        if not tag_attr(tag, "alt") and att.alt:
            tag = set_attr(tag, "alt", att.alt)
        return tag

    return _IMG.sub(fix, inner, count=1)


_FIGCAPTION = re.compile(r"<figcaption\b([^>]*)>(.*?)</figcaption>", re.I | re.S)


def _image_of(chunk: str, ctx: Context) -> GalleryImage | None:
    tag = _IMG.search(chunk)
    if tag is None:
        return None
    att_id = tag_attr(tag.group(0), "data-id")
    att = ctx.media.get(att_id) if att_id else None
    url = att.url if att and att.url else tag_attr(tag.group(0), "src")
    caption = _FIGCAPTION.search(chunk)
    return GalleryImage(url, tag_attr(tag.group(0), "alt"), caption.group(2) if caption else "")


_GALLERY_CAPTION = re.compile(
    r"<figcaption\b[^>]*blocks-gallery-caption[^>]*>(.*?)</figcaption>", re.I | re.S
)


def gallery(node: Node) -> str:
    """gallery (nested image blocks, or the older list of figures) -> gallery marker."""
    own = node.own_html()
    caption = _GALLERY_CAPTION.search(own)
    own = _GALLERY_CAPTION.sub("", own)
    if node.block.inner_blocks:
        sources = list(node.children)
        caption = caption or _FIGCAPTION.search(own)
    else:
        sources = re.split(r"(?=<li\b|<figure\b)", own)
    images = [p for p in (_image_of(chunk, node.ctx) for chunk in sources) if p is not None]
    if not images:
        return unknown(node)
    node.note(NoteKind.BLOCK, f"gallery of {len(images)} images")
    marker = gallery_marker(images, node.attr("columns"))
    return marker + (f"<p>{caption.group(caption.lastindex or 0)}</p>" if caption else "")


def embed(node: Node) -> str:
    """embed: YouTube/Vimeo -> Hugo shortcodes, other providers -> link paragraph."""
    url = node.attr("url")
    if not url:
        found = re.search(r"https?://[^\s<>\"]+", node.own_html())
        url = found.group(0) if found else ""
    if not url:
        return unknown(node)
    result = embed_html(url, node.ctx, source=url)
    if result is None:
        node.note(NoteKind.BLOCK, "embed of an unknown provider kept as a link")
        result = link_paragraph(html.unescape(url))
    caption = _FIGCAPTION.search(node.own_html())
    return result + (f"<p>{caption.group(2)}</p>" if caption else "")


# --- layout ---------------------------------------------------------------------------------


_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.S)
_DETAILS = re.compile(r"</?details\b[^>]*>", re.I)


def _unwrap(own: str) -> str:
    if "<summary" in own:
        own = _SUMMARY.sub(r"<p><strong>\1</strong></p>", own)
    own = _DETAILS.sub("", own)
    own = _WRAPPERS.sub("", own)
    return _IMG.sub(lambda m: f"<p>{m.group(0)}</p>", own)


def container(node: Node) -> str:
    """columns, group, cover, media-text...: wrappers dropped, content (and images) kept."""
    node.note(NoteKind.BLOCK, "layout flattened")
    out = node.html(own=_unwrap)
    url = node.attr("url")
    if node.block.name == "core/cover" and url and url not in node.own_html():
        out = f'<p><img src="{html.escape(url)}" alt="" /></p>' + out
    return out


_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.I | re.S)


def button(node: Node) -> str:
    links = [
        f'<a href="{html.escape(tag_attr(a, "href"))}">{re.sub(r"^<a[^>]*>|</a>$", "", a)}</a>'
        for a in _LINK.findall(node.html())
    ]
    return f"<p>{' '.join(links)}</p>" if links else ""


def buttons(node: Node) -> str:
    """buttons: one paragraph of links."""
    inner = re.sub(r"</?p>", " ", "".join(node.children))
    inner = re.sub(r"\s+", " ", inner).strip()
    node.note(NoteKind.BLOCK, "buttons -> links")
    return f"<p>{inner}</p>" if inner else ""


def spacer(node: Node) -> str:
    return ""


RENDERERS: dict[str, Renderer] = {
    "core/quote": quote,
    "core/pullquote": quote,
    "core/code": code,
    "core/separator": separator,
    "core/more": more,
    "core/nextpage": nextpage,
    "core/html": raw_html,
    "core/shortcode": shortcode,
    "core/block": reusable,
    "core/image": image,
    "core/gallery": gallery,
    "core/embed": embed,
    "core/button": button,
    "core/buttons": buttons,
    "core/spacer": spacer,
    "core/footnotes": lambda node: "",
}
