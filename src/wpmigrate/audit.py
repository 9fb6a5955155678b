"""Content-loss audit: are the source's visible words all in the rendered Markdown?

The source side is the repaired WordPress body with tags, comments and shortcode brackets
removed; the output side is the Markdown rendered to HTML (CommonMark with tables and
strikethrough, as a reader would see it), with tags and Hugo shortcode delimiters removed: an
independent reading of the output, not the converter's own view of it. Words are compared as
multisets; CJK text counts per character, since it has no spaces between words.

The renderer is pulldown-cmark (through pyromark): it reads our output to the same words as
markdown-it-py on every page of the shared corpora and is about a hundred times faster, which
keeps this check affordable on every page of a large export. markdown-it-py stands in if it
is missing or ever fails on an input (a Rust port of markdown-it was tried and rejected: it
panics on text as ordinary as ``[a`b``).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# A word: one CJK character, or a run of other word characters, except a lone ASCII one
# ("a", "I", "1" carry too little to judge a page by); the filter lives in the pattern so the
# whole count happens in C.
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]{{2,}}|[^\W{_CJK}\x00-\x7f]", re.U)
# The same on ASCII text, where only the run alternative can match: a plain class is about
# twice as fast as the Unicode word test.
_ASCII_WORD = re.compile(r"[0-9A-Z_a-z]{2,}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SHORTCODE = re.compile(r"\[/?[a-zA-Z_][\w-]*(?:\s[^\]]*)?\]")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A word-break opportunity sits inside a word: it separates nothing.
_WBR = re.compile(r"</?wbr\s*/?>", re.I)
# Hugo shortcode delimiters with the spaces inside them: "{{< " and " >}}" (or "%"). Written
# to start with a character class, so the engine jumps between candidate characters instead
# of trying the pattern at every position; each branch checks the character it starts on.
_HUGO = re.compile(r"[{\s>%](?:(?<=\{)\{[<%]\s*|(?<=\s)\s*[>%]\}\}|(?<=[>%])\}\})")


@lru_cache(maxsize=1)
def _fallback() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


@lru_cache(maxsize=1)
def _fast() -> Callable[[str], str] | None:
    try:
        import pyromark
    except ImportError:  # pragma: no cover - platforms without a wheel: same words, slower
        return None
    options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
    return lambda text: str(pyromark.html(text, options=options))


def render(markdown: str) -> str:
    """``markdown`` as HTML, raw HTML passed through as Hugo's unsafe renderer does."""
    fast = _fast()
    if fast is not None:
        try:
            return fast(markdown)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a panic in native code is a BaseException: read it slowly
            pass
    return str(_fallback().render(markdown))


def words(text: str) -> Counter[str]:
    found = (_ASCII_WORD if text.isascii() else _WORD).findall(text)
    # Words are found first and lowered after: lowering first is not the same ("İ" lowers to
    # "i" and a combining dot, which is no word character). One join keeps it in C; the NUL
    # between words is not cased, so each word lowers as it would alone (final sigma too).
    return Counter("\0".join(found).lower().split("\0")) if found else Counter()


def source_words(body_html: str) -> Counter[str]:
    text = _COMMENT.sub(" ", body_html)
    text = _SHORTCODE.sub(" ", text)
    text = _SCRIPT.sub(" ", text)
    text = _TAG.sub(" ", _WBR.sub("", text))
    return words(html.unescape(text))


def markdown_words(markdown: str, *, decode_shown_entities: bool = False) -> Counter[str]:
    """Words a reader sees in rendered ``markdown``. With ``decode_shown_entities``, entities
    that the page shows literally (double-escaped ``&amp;#8217;``) count as their character,
    since repairing them is intended."""
    if "{{" in markdown or "}}" in markdown:  # no shortcode delimiter without these
        markdown = _HUGO.sub(" ", markdown)
    rendered = render(markdown)
    text = html.unescape(_TAG.sub(" ", rendered))
    return words(html.unescape(text) if decode_shown_entities else text)


@dataclass(frozen=True)
class Audit:
    kept: float  # share of the source's words found in the output, 0..1
    missing: tuple[str, ...]  # a sample of the words that were not found


def audit(source: Counter[str], output: Counter[str]) -> Audit:
    total = sum(source.values())
    if not total:
        return Audit(1.0, ())
    missing = source - output
    kept = 1 - sum(missing.values()) / total
    return Audit(round(kept, 4), tuple(sorted(missing)[:20]))
