"""Content-loss audit: are the source's visible words all in the rendered Markdown?

The source side is the repaired WordPress body with tags, comments and shortcode brackets
removed; the output side is the Markdown rendered to HTML by markdown-it (CommonMark with
tables and strikethrough, as a reader would see it), with tags and Hugo shortcode delimiters
removed: an independent reading of the output, not the converter's own view of it. The Rust
build of markdown-it (markdown-it-pyrs) renders the same text about ten times faster than the
pure-Python one, which keeps this check affordable on every page of a large export. Words are
compared as multisets; CJK text counts per character, since it has no spaces between words.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+", re.U)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SHORTCODE = re.compile(r"\[/?[a-zA-Z_][\w-]*(?:\s[^\]]*)?\]")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A word-break opportunity sits inside a word: it separates nothing.
_WBR = re.compile(r"</?wbr\s*/?>", re.I)
_HUGO = re.compile(r"\{\{[<%]\s*|\s*[>%]\}\}")


@lru_cache(maxsize=1)
def _renderer() -> Any:
    try:
        import markdown_it_pyrs as implementation
    except ImportError:  # pragma: no cover - platforms without a wheel: same output, slower
        import markdown_it as implementation  # type: ignore[no-redef]
    return implementation.MarkdownIt("commonmark").enable("table").enable("strikethrough")


def render(markdown: str) -> str:
    """``markdown`` as HTML, raw HTML passed through as Hugo's unsafe renderer does."""
    return str(_renderer().render(markdown))


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text) if len(w) > 1 or not w.isascii())


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
    rendered = render(_HUGO.sub(" ", markdown))
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
