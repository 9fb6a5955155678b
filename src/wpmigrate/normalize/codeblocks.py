"""Normalize stage, code blocks: every code highlighter's markup becomes one plain form.

WordPress sites used many highlighters (SyntaxHighlighter, Enlighter, Prism, WP-Syntax...),
each with its own markup: ``<pre class="brush: php">``, ``<pre lang="x">``, spans per token,
``<br>`` for line breaks. :func:`normalize_code` turns each ``<pre>`` into
``<pre><code class="language-x">`` holding the code's text alone, the language kept.
The small tree helpers here are shared with :mod:`.html`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml.html import HtmlElement

#: what a browser shows inside a ``<pre>`` as it shows it anywhere: never code text
_MEDIA = ("img", "iframe", "video", "audio", "embed", "object")
_LANG_CLASS = re.compile(r"^(?:language|lang)-([\w+#.-]+)$")
_BRUSH = re.compile(r"(?:^|[\s;])(?:brush|lang)\s*:\s*([\w+#.-]+)")


def elements(root: HtmlElement, *tags: str) -> Iterator[HtmlElement]:
    """Elements (not comments) with one of ``tags``, as a list safe to mutate while walking."""
    return iter([el for el in root.iter(*tags) if isinstance(el.tag, str)])


def remove(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text."""
    el.drop_tree()


def normalize_code(root: HtmlElement) -> int:
    """Every ``<pre>`` becomes ``<pre><code class="language-x">`` with its text alone; returns
    how many carried a highlighter's markup (spans, attributes), for the item's note."""
    changed = 0
    for pre in elements(root, "pre"):
        if pre.getparent() is None or inside(pre, "pre") or _media_box(pre):
            continue
        _media_after(pre)
        lang = _code_language(pre)
        plain = _is_plain_code(pre)
        text = _code_text(pre)
        tail = pre.tail
        pre.clear()
        pre.tail = tail
        code = lxml.html.Element("code")
        code.text = text
        if lang:
            code.set("class", f"language-{lang}")
        pre.append(code)
        changed += not plain
    return changed


def _media_box(pre: HtmlElement) -> bool:
    """A ``<pre>`` holding media and no text frames them (an image put in a preformatted
    paragraph): it becomes a plain ``<div>``, else the code block would be empty and dropped."""
    if next(pre.iter(*_MEDIA), None) is None or pre.text_content().strip():
        return False
    pre.tag = "div"
    pre.attrib.clear()
    return True


def _media_after(pre: HtmlElement) -> None:
    """Media among code text (a ``<pre>`` left open runs over the images after it) move to a
    paragraph right after the code block: the code keeps its text, the page its images."""
    found = [_with_link(el, pre) for el in pre.iter(*_MEDIA)]
    if not found:
        return
    para = lxml.html.Element("p")
    for el in found:
        _detach(el)
        para.append(el)
    para.tail = pre.tail
    pre.tail = None
    pre.addnext(para)


def _with_link(media: HtmlElement, pre: HtmlElement) -> HtmlElement:
    """``media``, or the link around it when that link shows nothing else."""
    parent = media.getparent()
    if parent is not pre and parent.tag == "a" and not parent.text_content().strip():
        return parent
    return media


def _detach(el: HtmlElement) -> None:
    """Take ``el`` out of the tree, leaving its tail text where it was."""
    tail, el.tail = el.tail, None
    parent, before = el.getparent(), el.getprevious()
    if tail and before is not None:
        before.tail = (before.tail or "") + tail
    elif tail:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def inside(el: HtmlElement, tag: str) -> bool:
    """Whether ``el`` sits inside a ``tag`` element."""
    return any(a.tag == tag for a in el.iterancestors())


def _is_plain_code(pre: HtmlElement) -> bool:
    kids = [c for c in pre if isinstance(c.tag, str)]
    inner = kids[0] if len(kids) == 1 and kids[0].tag == "code" else None
    spans = any(c.tag == "span" for c in pre.iter())
    return not pre.attrib and not spans and (not kids or inner is not None)


def _code_language(pre: HtmlElement) -> str:
    for el in [pre, *pre.iter("code")]:
        lang = _language_of(el)
        if lang:
            return lang.lower()
    return ""


def _language_of(el: HtmlElement) -> str:
    for attr in ("lang", "data-enlighter-language", "data-lang", "data-language"):
        value: str = el.get(attr, "")
        if value.strip():
            return value.strip()
    cls = el.get("class", "")
    brush = _BRUSH.search(cls)
    if brush:
        return brush.group(1)
    for word in cls.split():
        found = _LANG_CLASS.match(word)
        if found:
            return found.group(1)
    return ""


def _code_text(pre: HtmlElement) -> str:
    for br in elements(pre, "br"):
        br.tail = "\n" + (br.tail or "")
        remove(br)
    text: str = pre.text_content()
    return text
