"""Markdown escaping for the converter: escape only what would change the rendered text.

Inline converters write emphasis and link openings as sentinel characters (Unicode
noncharacters, never part of real text); :func:`finish_inline` resolves them once the whole
paragraph is known, because whether ``*`` can open emphasis depends on its neighbours.
"""

from __future__ import annotations

import re
import unicodedata

EM_OPEN, EM_CLOSE = "\ufdd0", "\ufdd1"
STRONG_OPEN, STRONG_CLOSE = "\ufdd2", "\ufdd3"
DEL_OPEN, DEL_CLOSE = "\ufdd4", "\ufdd5"
LINK_OPEN = "\ufdd6"
HARD_BREAK = "\\\n"

_SENTINELS = re.compile("[\ufdd0-\ufddf]")
# Invisible controls (an entity such as "&#1;" decodes to one after cleaning) and sentinels.
_DROPPED = re.compile("[\ufdd0-\ufddf\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_TEXT_ESCAPE = re.compile(
    r"""\\(?![^\W_])               # a backslash not before a letter or digit
    |[*`\[\]~]                    # emphasis, code, links, strikethrough
    |_                            # emphasis unless inside a word
    |<(?=[A-Za-z/!?])             # would start raw HTML
    |&(?=\#?\w+;)                 # would read as an entity
    |(?<=\{)\{(?=[<%])            # Hugo shortcode opening {{< or {{%
    """,
    re.X,
)
# What a line may start with that is not text: an ATX heading ("#" then a space), a quote, a
# bullet ("-", "+" then a space), an ordered item ("1." then a space), a thematic break or
# setext underline (a line of "-" or "="). "#define", "-- Ryan" and "+1" are plain text.
_LINE_START = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|>|[-+](?=[ \t]|$)|(\d{1,9})([.)])(?=[ \t]|$)"
    r"|-(?=[ \t-]*$)|=(?=[ \t=]*$))"
)
_CLOSE_DELIMS = {EM_CLOSE, STRONG_CLOSE, DEL_CLOSE}
#: opening sentinel -> (closing sentinel, Markdown delimiter, HTML open tag, HTML close tag)
_PAIRS = {
    EM_OPEN: (EM_CLOSE, "*", "<em>", "</em>"),
    STRONG_OPEN: (STRONG_CLOSE, "**", "<strong>", "</strong>"),
    DEL_OPEN: (DEL_CLOSE, "~~", "<del>", "</del>"),
}
_CLOSERS = {close: open_ for open_, (close, *_rest) in _PAIRS.items()}


def collapse(text: str) -> str:
    """Collapse HTML whitespace as a browser does; non-breaking spaces are kept."""
    return _SPACES.sub(" ", _DROPPED.sub("", text))


def escape_text(text: str) -> str:
    """Escape already-collapsed text so Markdown renders it literally."""
    return _TEXT_ESCAPE.sub(lambda m: _escape_match(m, text), text)


def _escape_match(match: re.Match[str], text: str) -> str:
    char = match.group()
    if char == "_":
        start = match.start()
        before = text[start - 1] if start else ""
        after = text[start + 1 : start + 2]
        if before.isalnum() and after.isalnum():
            return char
    return "\\" + char


def escape_line_starts(text: str) -> str:
    """Escape what would start a heading, quote, list or setext underline at a line start."""
    return "\n".join(_LINE_START.sub(_line_start, line) for line in text.split("\n"))


def _line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "\\" + match.group(2)
    return "\\" + match.group()


def code_span(text: str) -> str:
    """An inline code span holding ``text`` verbatim (whitespace collapsed)."""
    text = collapse(text)
    if not text:
        return ""
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    if text.startswith("`") or text.endswith("`") or (text[0] == text[-1] == " " and text.strip()):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def code_fence(text: str) -> str:
    """A fence longer than any backtick run in ``text`` (at least three)."""
    runs = [len(r) for r in re.findall(r"`+", text)]
    return "`" * max(3, max(runs, default=0) + 1)


# -- resolving sentinels ---------------------------------------------------------------------


def finish_inline(text: str) -> str:
    """Turn sentinels into ``*``/``**``/``~~``/``[`` or, where Markdown cannot, HTML tags."""
    if not _SENTINELS.search(text):
        return text
    html_pairs = _pairs_needing_html(text)
    out: list[str] = []
    for i, char in enumerate(text):
        out.append(_render(char, i, html_pairs, out))
    return "".join(out)


def _render(char: str, i: int, html_pairs: set[int], out: list[str]) -> str:
    if char == LINK_OPEN:
        if out and out[-1].endswith("!") and not out[-1].endswith("\\!"):
            out[-1] = out[-1][:-1] + "\\!"
        return "["
    if char in _PAIRS:
        _close, delim, tag, _end = _PAIRS[char]
        return tag if i in html_pairs else delim
    if char in _CLOSERS:
        _close, delim, _tag, end = _PAIRS[_CLOSERS[char]]
        return end if i in html_pairs else delim
    return char


def _pairs_needing_html(text: str) -> set[int]:
    """Positions of open and close sentinels whose pair cannot be Markdown delimiters."""
    stack: list[int] = []
    bad: set[int] = set()
    for i, char in enumerate(text):
        if char in _PAIRS:
            stack.append(i)
        elif char in _CLOSERS and stack:
            start = stack.pop()
            if not (_can_open(text, start) and _can_close(text, i)) or _ambiguous(
                text, start, stack
            ):
                bad.update((start, i))
    return bad


def _ambiguous(text: str, start: int, outer: list[int]) -> bool:
    """An opener that could also close ("a**b") would close an enclosing emphasis written with
    the same character instead of opening its own."""
    char = _PAIRS[text[start]][1][0]
    return _can_close(text, start) and any(_PAIRS[text[o]][1][0] == char for o in outer)


def _neighbour(text: str, i: int) -> str:
    if i < 0 or i >= len(text):
        return " "
    char = text[i]
    if char in _PAIRS or char in _CLOSERS:
        return "*"
    return "[" if char == LINK_OPEN else char


def _can_open(text: str, i: int) -> bool:
    if i > 0 and text[i - 1] in _CLOSE_DELIMS:
        return False
    before, after = _neighbour(text, i - 1), _neighbour(text, i + 1)
    return not _space(after) and (not _punct(after) or _space(before) or _punct(before))


def _can_close(text: str, i: int) -> bool:
    before, after = _neighbour(text, i - 1), _neighbour(text, i + 1)
    return not _space(before) and (not _punct(before) or _space(after) or _punct(after))


def _space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Zs"


def _punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"
