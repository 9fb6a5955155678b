"""Normalize stage, classic content: a port of WordPress's ``wpautop`` and ``shortcode_unautop``.

WordPress stores classic-editor posts with bare newlines where paragraphs are; ``the_content``
turns them into ``<p>`` and ``<br />`` when a page is shown. This module does exactly what
``wp-includes/formatting.php`` does, step by step and in the same order, so a post reads the
same after migration as it did on the old site. The regular expressions are WordPress's, with
``re.ASCII`` so that ``\\s`` means what it means in PCRE without the ``u`` flag (a no-break space
is text, not whitespace).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

#: WordPress's ``$allblocks``: tags that start a block, never wrapped in ``<p>``.
ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)

_A = re.ASCII
# get_html_split_regex(): a comment, a CDATA section, or any other tag (maybe unterminated).
HTML_SPLIT = re.compile(
    r"(<(?:!--[\s\S]*?(?:-->|\Z)|!\[CDATA\[[\s\S]*?(?:\]\]>|\Z)|[^>]*>?))",
)
_NL_MARK = " <!-- wpnl --> "
_PRESERVE_NL = "<WPPreserveNewline />"
_SPACES = r"(?:[\r\n\t ]|\xa0|&nbsp;)"


def replace_in_html_tags(text: str, pairs: dict[str, str]) -> str:
    """``wp_replace_in_html_tags``: replace substrings inside tags and comments only."""
    parts = HTML_SPLIT.split(text)
    for i in range(1, len(parts), 2):
        for needle, repl in pairs.items():
            parts[i] = parts[i].replace(needle, repl)
    return "".join(parts)


def _protect_pre(text: str) -> tuple[str, dict[str, str]]:
    """Swap every ``<pre>...</pre>`` for a placeholder, as WordPress does before autop."""
    if "<pre" not in text:
        return text, {}
    parts = text.split("</pre>")
    last = parts.pop()
    out: list[str] = []
    saved: dict[str, str] = {}
    for part in parts:
        start = part.find("<pre")
        if start == -1:  # malformed HTML: a stray </pre> is dropped, as in WordPress
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(saved)}></pre>"
        saved[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    out.append(last)
    return "".join(out), saved


def _collapse_inline_blocks(text: str) -> str:
    """Keep ``<option>``, ``<object>``, media sources and figcaptions out of autop."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text, flags=_A)
        text = re.sub(r"</option>\s*", "</option>", text, flags=_A)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text, flags=_A)
        text = re.sub(r"\s*</object>", "</object>", text, flags=_A)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text, flags=_A)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text, flags=_A)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text, flags=_A)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text, flags=_A)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text, flags=_A)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text, flags=_A)
    return text


def _paragraphs(text: str) -> str:
    """Wrap each run between blank lines in ``<p>``, then undo it around block tags."""
    text = re.sub(r"\n\n+", "\n\n", text)
    pees = [p for p in re.split(r"\n\s*\n", text, flags=_A) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in pees)
    text = re.sub(r"<p>\s*</p>", "", text, flags=_A)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=_A)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=_A | re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", r"\1", text, flags=_A)
    return re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=_A)


def _line_breaks(text: str) -> str:
    """Single newlines become ``<br />``, except inside script, style, svg and math."""
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda m: m.group(0).replace("\n", _PRESERVE_NL),
        text,
        flags=re.S,
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text, flags=_A)
    return text.replace(_PRESERVE_NL, "\n")


def wpautop(text: str, br: bool = True) -> str:
    """Double newlines -> paragraphs, single newlines -> ``<br />`` (when ``br``)."""
    if text.strip() == "":
        return ""
    text, pre_tags = _protect_pre(text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=_A)
    text = re.sub(r"(<" + ALLBLOCKS + r"[\s/>])", "\n\n\\1", text, flags=_A)
    text = re.sub(r"(</" + ALLBLOCKS + r">)", "\\1\n\n", text, flags=_A)
    text = re.sub(r"(<hr\s*?/?>)", "\\1\n\n", text, flags=_A)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_in_html_tags(text, {"\n": _NL_MARK})
    text = _paragraphs(_collapse_inline_blocks(text))
    if br:
        text = _line_breaks(text)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text, flags=_A)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=_A
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NL_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text


def _unautop_pattern(tags: Iterable[str]) -> re.Pattern[str]:
    tagregexp = "|".join(re.escape(t) for t in tags)
    return re.compile(
        r"<p>" + _SPACES + r"*"
        r"(\[(" + tagregexp + r")(?![\w-])"
        r"[^\]/]*(?:/(?!\])[^\]/]*)*?"
        r"(?:/\]|\](?:[^\[]*(?:\[(?!/\2\])[^\[]*)*\[/\2\])?))" + _SPACES + r"*</p>",
        _A,
    )


def shortcode_unautop(text: str, tags: Iterable[str]) -> str:
    """Unwrap registered shortcodes that autop put alone in a paragraph."""
    tags = list(tags)
    if not tags:
        return text
    return _unautop_pattern(tags).sub(r"\1", text)


_PRESERVED = re.compile(r"<img\b[^>]*?\bdata-wp-preserve=\"([^\"]*)\"[^>]*>", re.I)


def restore_preserved(text: str) -> str:
    """Put back what the visual editor hid in ``data-wp-preserve`` placeholder images.

    TinyMCE shows ``<script>``/``<style>`` as a placeholder ``<img class="mce-object">`` and
    keeps the original percent-encoded in ``data-wp-preserve``; some posts were saved with the
    placeholder instead of the original.
    """
    return _PRESERVED.sub(lambda m: unquote(m.group(1)), text)
