"""Normalize stage, for ``clean``: text that only looks like an HTML tag.

Exporters write ``List<string>``, ``<username>`` or ``<CRLF>`` into Markdown prose unescaped;
Markdown takes any such name for a raw HTML tag, and Hugo shows nothing of it. A ``<`` before a
whole tag of a name HTML (or inline SVG and MathML) does not know is escaped, so the text shows.
"""

from __future__ import annotations

import re

#: HTML's elements (current and obsolete). A tag of another name in prose is text an exporter
#: did not escape (``List<string>``, ``<username>``, ``<Enter>``): Hugo would take it for HTML
#: and hide it.
_ELEMENT_NAMES = """a abbr acronym address area article aside audio b base basefont bdi bdo big
    blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd del
    details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame
    frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label
    legend li link main map mark marquee math menu meta meter nav nobr noembed noframes
    noscript object ol optgroup option output p param picture plaintext pre progress q rp rt
    ruby s samp script search section select slot small source span strike strong style sub
    summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u
    ul var video wbr xmp"""
HTML_ELEMENTS = frozenset(_ELEMENT_NAMES.split())
#: Elements of SVG and MathML, which an inline ``<svg>`` or ``<math>`` holds.
_FOREIGN_NAMES = """circle clippath defs desc ellipse feblend fecolormatrix fegaussianblur
    feoffset femerge femergenode filter foreignobject g image line lineargradient marker mask
    path pattern polygon polyline radialgradient rect stop symbol text textpath tspan use view
    annotation maction menclose merror mfenced mfrac mglyph mi mmultiscripts mn mo mover
    mpadded mphantom mprescripts mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable
    mtd mtext mtr munder munderover none semantics"""
_KNOWN_TAGS = HTML_ELEMENTS | frozenset(_FOREIGN_NAMES.split())
# What "<" is escaped in: a whole tag (its attributes may hold quoted "<" and ">"). Shortcode
# calls and inline SVG or MathML are skipped whole: a "<" there is theirs.
_TAG_OR_SKIPPED = re.compile(
    r"(?P<skip>\{\{[<%].*?[%>]\}\}|<(?P<foreign>svg|math)\b.*?</(?P=foreign)\s*>)"
    r"|(?<!\\)<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attrs>(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?)/?>",
    re.S | re.I,
)
_CLOSING = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")


def escape_unknown_tags(text: str) -> str:
    """``\\<`` before a whole tag of a name HTML does not know; its attributes stay as written.
    A name with a hyphen is a custom element's when the text closes it too
    (``<my-player>...</my-player>``), else a placeholder (``<host-port>``)."""
    closed = {name.lower() for name in _CLOSING.findall(text) if "-" in name}

    def escape(m: re.Match[str]) -> str:
        if m.group("skip"):
            return m.group(0)
        name = m.group("name").lower()
        known = name in _KNOWN_TAGS or name in closed
        return m.group(0) if known else "\\" + m.group(0)

    return _TAG_OR_SKIPPED.sub(escape, text)
