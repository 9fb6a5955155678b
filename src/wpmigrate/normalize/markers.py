"""Markers that carry literal Markdown through the HTML stages.

Normalizers turn shortcodes and blocks into HTML; when the right output is not HTML at all (a
Hugo shortcode call, an unknown WordPress shortcode that must stay exactly as written), they
emit a ``<wpm-md>`` element whose ``data-md`` attribute holds the exact Markdown text. The
converter writes that text verbatim, unescaped: as its own block when ``data-block`` is set,
inline otherwise.
"""

from __future__ import annotations

import html
import re

TAG = "wpm-md"


def literal(markdown: str, *, block: bool) -> str:
    """HTML for a marker that the converter replaces by ``markdown`` verbatim."""
    flag = ' data-block="1"' if block else ""
    return f'<{TAG}{flag} data-md="{html.escape(markdown, quote=True)}"></{TAG}>'


def shortcode_call(name: str, *args: str, **params: str) -> str:
    """The Markdown text of a self-closing Hugo shortcode call, quoting every value."""
    parts = [name, *(_quote(a) for a in args)]
    parts += [f"{k}={_quote(v)}" for k, v in params.items() if v != ""]
    return "{{< " + " ".join(parts) + " >}}"


def _quote(value: str) -> str:
    # Hugo shortcode params: a double-quoted string with backslash escapes, or a raw string in
    # backticks. Backticks hold anything but a backtick, newlines included.
    if "`" not in value and ('"' in value or "\\" in value or "\n" in value):
        return f"`{value}`"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


_LINK = re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S)
_STRONG = re.compile(r"</?(?:strong|b)>")
_EM = re.compile(r"</?(?:em|i)>")
_CODE = re.compile(r"</?code>")
_BR = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def inline_markdown(fragment: str) -> str:
    """Small inline HTML (links, emphasis, code) as one line of Markdown, for shortcode
    parameters and footnote definitions."""
    text = _markup(fragment) if "<" in fragment else fragment  # most captions are plain text
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _markup(text: str) -> str:
    text = _LINK.sub(r"[\2](\1)", text)
    text = _STRONG.sub("**", text)
    text = _EM.sub("*", text)
    text = _CODE.sub("`", text)
    return _TAG.sub("", _BR.sub(" ", text))
