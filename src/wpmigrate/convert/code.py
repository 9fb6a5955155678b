"""Code: fenced blocks, and inline code elements holding line breaks.

A code span cannot hold a line break, and dropping the ``<br>`` would join two commands into
one wrong command (``sudo pacman -Sysudo pacman -S x``). So a ``<code>`` with breaks that is a
paragraph of its own becomes a code block, one line per break; inside running text it becomes
one code span per line with hard breaks between (see ``InlineConverters.convert_code``).
"""

from __future__ import annotations

import html

from lxml.html import HtmlElement

from wpmigrate.convert import hugo
from wpmigrate.convert.escape import code_fence, collapse
from wpmigrate.convert.state import ConvertState

#: inline elements converted as code spans
CODE_SPAN_TAGS = frozenset({"code", "tt", "samp"})
#: what may stand next to a code paragraph's element in its container: nothing visible
_SPACERS = frozenset({"br"})


def fenced(text: str, lang: str, st: ConvertState, tag: str = "pre") -> str:
    """A fenced code block holding ``text`` verbatim, or raw ``<pre>`` when Hugo would read a
    shortcode call in it that cannot be neutralized."""
    safe = hugo.protect_code(text)
    if safe is None:
        st.raw_html[tag] += 1
        cls = f' class="language-{lang}"' if lang else ""
        body = hugo.neutralize_html(html.escape(text, quote=False))
        return f"<pre><code{cls}>{body}</code></pre>"
    safe = safe if safe.endswith("\n") else safe + "\n"
    fence = code_fence(safe)
    return f"{fence}{lang}\n{safe}{fence}"


def br_lines(el: HtmlElement) -> list[str]:
    """``el``'s text split at its ``<br>`` elements, each line's white space collapsed as a
    browser shows it (none at either end of a line); empty lines at either end dropped."""
    lines = [""]
    _collect(el, lines)
    shown = [collapse(raw).strip() for raw in lines]
    while shown and not shown[-1]:
        shown.pop()
    return shown[next((i for i, line in enumerate(shown) if line), len(shown)) :]


def _collect(el: HtmlElement, lines: list[str]) -> None:
    if el.text and isinstance(el.tag, str):
        lines[-1] += el.text
    for child in el:
        if child.tag == "br":
            lines.append("")
        elif isinstance(child.tag, str):
            _collect(child, lines)
        if child.tail:
            lines[-1] += child.tail


def has_break(el: HtmlElement) -> bool:
    return next(el.iter("br"), None) is not None


def is_code_paragraph(el: HtmlElement) -> bool:
    """Whether ``el`` (a code element in a container) holds line breaks and nothing else
    visible stands in its container: then it reads as a block of code lines."""
    if not has_break(el):
        return False
    parent = el.getparent()
    if parent is None or (parent.text or "").strip():
        return False
    for sibling in parent:
        if (sibling.tail or "").strip():
            return False
        if sibling is not el and isinstance(sibling.tag, str) and sibling.tag not in _SPACERS:
            return False
    return True
