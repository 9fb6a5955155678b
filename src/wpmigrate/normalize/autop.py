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
from functools import lru_cache
from urllib.parse import unquote

#: WordPress's ``$allblocks``: tags that start a block, never wrapped in ``<p>``.
ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)


def _by_first_letter(alternation: str) -> str:
    """The same alternatives, grouped by first letter ("t(?:able|head|...)"): at each tag the
    engine tries one group instead of some forty names. Every pattern below follows the name
    with what ends it (">", "[^>]*>", "[\\s/>]"), so which alternative matches changes no match.
    """
    groups: dict[str, list[str]] = {}
    for name in alternation[3:-1].split("|"):
        groups.setdefault(name[0], []).append(name[1:])
    return "(?:" + "|".join(f"{k}(?:{'|'.join(rest)})" for k, rest in groups.items()) + ")"


_BLOCKS = _by_first_letter(ALLBLOCKS)

_A = re.ASCII
# get_html_split_regex(): a comment, a CDATA section, or any other tag (maybe unterminated).
HTML_SPLIT = re.compile(
    r"(<(?:!--[\s\S]*?(?:-->|\Z)|!\[CDATA\[[\s\S]*?(?:\]\]>|\Z)|[^>]*>?))",
)
_NL_MARK = " <!-- wpnl --> "
_PRESERVE_NL = "<WPPreserveNewline />"
_SPACES = r"(?:[\r\n\t ]|\xa0|&nbsp;)"

# wpautop's patterns, compiled once (it runs for every classic block of every post).
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", _A)
# The "<" is matched (not only looked ahead at), so the engine scans for it in C instead of
# trying the pattern at every position; the replacement puts it back.
_BLOCK_OPEN = re.compile(r"<(?=" + _BLOCKS + r"[\s/>])", _A)
_BLOCK_CLOSE = re.compile(r"(</" + _BLOCKS + r">)", _A)
_HR = re.compile(r"(<hr\s*?/?>)", _A)
_BLANK_RUN = re.compile(r"\n\n+")
_PARA_SPLIT = re.compile(r"\n\s*\n", _A)
_EMPTY_P = re.compile(r"<p>\s*</p>", _A)
_P_IN_DIV = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_AROUND_BLOCK = re.compile(r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)\s*</p>", _A)
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", _A | re.I)
_P_BEFORE_BLOCK = re.compile(r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)", _A)
_P_AFTER_BLOCK = re.compile(r"(</?" + _BLOCKS + r"[^>]*>)\s*</p>", _A)
_RAW_ELEMENT = re.compile(r"<(script|style|svg|math).*?</\1>", re.S)
# WordPress's "(?<!<br />)\s*\n", written to start with a whitespace character (so the engine
# only tries it there): that one, not after "<br />", then the rest of the run up to its last
# newline, or nothing when it was the newline itself.
_NEWLINE = re.compile(r"\s(?<!<br />\s)(?:\s*\n|(?<=\n))", _A)
_BR_AFTER_BLOCK = re.compile(r"(</?" + _BLOCKS + r"[^>]*>)\s*<br />", _A)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", _A)
_LAST_NEWLINE = re.compile(r"\n</p>$")


def replace_in_html_tags(text: str, pairs: dict[str, str]) -> str:
    """``wp_replace_in_html_tags``: replace substrings inside tags and comments only."""
    parts = HTML_SPLIT.split(text)
    tags = parts[1::2]
    if not any(needle in tag for tag in tags for needle in pairs):
        return text  # the usual case: no tag holds a needle, nothing to join again
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
    text = _BLANK_RUN.sub("\n\n", text)
    pees = [p for p in _PARA_SPLIT.split(text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in pees)
    text = _EMPTY_P.sub("", text)
    text = _P_IN_DIV.sub(r"<p>\1</p></\2>", text)
    text = _group_only(_P_AROUND_BLOCK, text)
    text = _group_only(_P_AROUND_LI, text)
    text = _P_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _group_only(_P_BEFORE_BLOCK, text)
    return _group_only(_P_AFTER_BLOCK, text)


def _group_only(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub(r"\\1", text)`` for a pattern whose one group always takes part.

    ``split`` keeps the group and drops the rest of each match, all in C; ``sub`` would expand
    the template in Python once per match (thousands per run: every ``</p>`` has one)."""
    return "".join(pattern.split(text))


def _after_block_closers(text: str) -> str:
    """A blank line after every closing block tag (``_BLOCK_CLOSE.sub("\\1\\n\\n", text)``)."""
    parts = _BLOCK_CLOSE.split(text)  # text, tag, text, tag, ..., text
    parts[1::2] = [tag + "\n\n" for tag in parts[1::2]]
    return "".join(parts)


def _line_breaks(text: str) -> str:
    """Single newlines become ``<br />``, except inside script, style, svg and math."""
    text = _RAW_ELEMENT.sub(lambda m: m.group(0).replace("\n", _PRESERVE_NL), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _NEWLINE.sub("<br />\n", text)
    return text.replace(_PRESERVE_NL, "\n")


def wpautop(text: str, br: bool = True) -> str:
    """Double newlines -> paragraphs, single newlines -> ``<br />`` (when ``br``)."""
    if text.strip() == "":
        return ""
    if "<" not in text and "\n" not in text and "\r" not in text:
        # No tag and one line: every step below leaves the one paragraph as it is.
        return "<p>" + text + "</p>\n"
    text, pre_tags = _protect_pre(text + "\n")
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub("\n\n<", text)
    text = _after_block_closers(text)
    text = _HR.sub("\\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_in_html_tags(text, {"\n": _NL_MARK})
    text = _paragraphs(_collapse_inline_blocks(text))
    if br:
        text = _line_breaks(text)
    text = _group_only(_BR_AFTER_BLOCK, text)
    text = _group_only(_BR_BEFORE_BLOCK, text)
    text = _LAST_NEWLINE.sub("</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NL_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text


@lru_cache(maxsize=8)  # one set of tags per run: the pattern is built once, not per post
def _unautop_pattern(tags: tuple[str, ...]) -> re.Pattern[str]:
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
    names = tuple(tags)
    if not names:
        return text
    return _unautop_pattern(names).sub(r"\1", text)


_PRESERVED = re.compile(r"<img\b[^>]*?\bdata-wp-preserve=\"([^\"]*)\"[^>]*>", re.I)


def restore_preserved(text: str) -> str:
    """Put back what the visual editor hid in ``data-wp-preserve`` placeholder images.

    TinyMCE shows ``<script>``/``<style>`` as a placeholder ``<img class="mce-object">`` and
    keeps the original percent-encoded in ``data-wp-preserve``; some posts were saved with the
    placeholder instead of the original.
    """
    return _PRESERVED.sub(lambda m: unquote(m.group(1)), text)
