"""Inline converters: emphasis, links, images, code spans, breaks, inline HTML, markers."""

from __future__ import annotations

import html
import re

from lxml.html import HtmlElement

from wpmigrate.convert import hugo
from wpmigrate.convert.base import ConverterBase
from wpmigrate.convert.code import br_lines, has_break
from wpmigrate.convert.escape import (
    DEL_CLOSE,
    DEL_OPEN,
    EM_CLOSE,
    EM_OPEN,
    HARD_BREAK,
    LINK_OPEN,
    STRONG_CLOSE,
    STRONG_OPEN,
    code_span,
    collapse,
    link_text,
    visible,
)
from wpmigrate.convert.state import ConvertState

_AUTOLINK = re.compile(r"(?:https?|ftp)://[^\s<>]+|mailto:[^\s<>@]+@[^\s<>]+")
_NEEDS_ANGLE = re.compile(r"[\s<>]")
_ALT_ESCAPE = re.compile(r"([\[\]\\])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")
# Spaces a converted inline run may start or end with: its own, and the no-break and
# ideographic spaces text keeps (a line break ends with a newline, which stays inside).
_EDGE_SPACE = " \xa0\u3000\u2002\u2003\u2009"


class InlineConverters(ConverterBase):
    """``convert_<tag>`` for phrasing content; each returns inline Markdown."""

    def _wrap(self, el: HtmlElement, st: ConvertState, open_: str, close: str) -> str:
        content = self.inline_children(el, st)
        core = content.strip(_EDGE_SPACE)
        # to_markdown unwrapped emphasis inside the same emphasis already: no ancestor to read
        if not visible(core) or (not st.flat_emphasis and nested_same(el, open_)):
            return content
        # A delimiter next to a space (a no-break space too) cannot open or close: the spaces
        # go outside, where they show the same.
        lead = content[: len(content) - len(content.lstrip(_EDGE_SPACE))]
        trail = content[len(lead) + len(core) :]
        return f"{lead}{open_}{core}{close}{trail}"

    def convert_em(self, el: HtmlElement, st: ConvertState) -> str:
        return self._wrap(el, st, EM_OPEN, EM_CLOSE)

    convert_i = convert_cite = convert_var = convert_dfn = convert_em

    def convert_strong(self, el: HtmlElement, st: ConvertState) -> str:
        return self._wrap(el, st, STRONG_OPEN, STRONG_CLOSE)

    convert_b = convert_strong

    def convert_del(self, el: HtmlElement, st: ConvertState) -> str:
        return self._wrap(el, st, DEL_OPEN, DEL_CLOSE)

    convert_s = convert_strike = convert_del

    def convert_code(self, el: HtmlElement, st: ConvertState) -> str:
        if has_break(el):  # a code span cannot hold a line break: one span per line
            spans = [self._code_span(line, st) for line in br_lines(el) if line]
            return self._break(st).join(spans)
        return self._code_span(el.text_content(), st)

    def _code_span(self, text: str, st: ConvertState) -> str:
        text = collapse(text)
        safe = hugo.protect_code(text)
        if safe is None:
            st.raw_html["code"] += 1
            # inline HTML: its content is still read as Markdown, so Markdown's specials too
            body = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
            return "<code>" + hugo.neutralize_html(body) + "</code>"
        return code_span(safe)

    convert_tt = convert_samp = convert_code

    def convert_br(self, el: HtmlElement, st: ConvertState) -> str:
        return self._break(st)

    def _break(self, st: ConvertState) -> str:
        if st.in_cell:
            return "<br>"
        return " " if st.in_heading else HARD_BREAK

    def convert_wpm_md(self, el: HtmlElement, st: ConvertState) -> str:
        literal: str = el.get("data-md", "")
        return literal

    def convert_a(self, el: HtmlElement, st: ConvertState) -> str:
        href = (el.get("href") or "").strip()
        text = self.inline_children(el, st)
        if not href or el.get("href") is None or _inside_link(el):
            return text  # a link inside a link cannot be written; the outer one wins
        if not text.strip(" "):
            return text
        shown = collapse(el.text_content()).strip()
        if shown == href and _AUTOLINK.fullmatch(href) and len(el) == 0:
            return f"<{href}>"
        if href == f"mailto:{shown}" and len(el) == 0 and _AUTOLINK.fullmatch(href):
            return f"<{shown}>"
        lead = " " if text.startswith(" ") else ""
        trail = " " if text.endswith(" ") else ""
        target = destination(href) + title(el.get("title"))
        label = _not_footnote(link_text(text.strip(" ")))
        return f"{lead}{LINK_OPEN}{label}]({target}){trail}"

    def convert_img(self, el: HtmlElement, st: ConvertState) -> str:
        src = (el.get("src") or "").strip()
        alt = _ALT_ESCAPE.sub(r"\\\1", collapse(el.get("alt") or "").strip())
        if not src:
            return alt
        return f"![{_not_footnote(alt)}]({destination(src)}{title(el.get('title'))})"

    def convert_iframe(self, el: HtmlElement, st: ConvertState) -> str:
        return self.raw_block(el, st)

    def _raw(self, el: HtmlElement, st: ConvertState) -> str:
        return self.raw_inline(el, st)

    convert_sup = convert_sub = convert_kbd = convert_abbr = convert_mark = _raw
    convert_u = convert_small = convert_ins = convert_q = convert_big = _raw

    def convert_input(self, el: HtmlElement, st: ConvertState) -> str:
        if (el.get("type") or "").lower() == "checkbox":
            return "\\[x\\] " if el.get("checked") is not None else "\\[ \\] "
        return self.text(el.get("value") or "")


SAME_EMPHASIS = {
    EM_OPEN: ("em", "i", "cite", "var", "dfn"),
    STRONG_OPEN: ("strong", "b"),
    DEL_OPEN: ("del", "s", "strike"),
}


def nested_same(el: HtmlElement, open_: str) -> bool:
    """Emphasis inside the same emphasis looks the same; ``*a*b**`` would not parse."""
    # lxml filters the ancestors by tag itself: no Python step per ancestor
    return next(el.iterancestors(*SAME_EMPHASIS[open_]), None) is not None


def _not_footnote(text: str) -> str:
    """Bracketed text that does not start like a footnote reference ("[^1]")."""
    return "\\" + text if text.startswith("^") else text


def _inside_link(el: HtmlElement) -> bool:
    return any(a.tag == "a" and a.get("href") for a in el.iterancestors())


def destination(url: str) -> str:
    """A link destination: in angle brackets when it has spaces, else with parens escaped."""
    if _NEEDS_ANGLE.search(url):
        return "<" + re.sub(r"([<>\\])", r"\\\1", url.replace("\n", " ")) + ">"
    if url.count("(") != url.count(")") or "\\" in url:
        return re.sub(r"([()\\])", r"\\\1", url)
    return url


def title(value: str | None) -> str:
    text = collapse(value or "").strip()
    if not text:
        return ""
    return ' "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
