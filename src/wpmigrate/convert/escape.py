"""Markdown escaping for the converter: escape only what would change the rendered text.

Inline converters write emphasis and link openings as sentinel characters (Unicode
noncharacters, never part of real text), and so does text for its ``*``, ``_``, ``~``, ``[``,
``]``, ``!`` and ``\\``; :func:`finish_inline` resolves them once the whole paragraph is known,
because whether a character can open emphasis, strike, link or escape depends on its
neighbours, which may come from other nodes. The Markdown read is Hugo's (Goldmark, with its
strikethrough, footnote, task list and definition list extensions); the converter writes no
link reference definitions, so "[x]" alone stays text.
"""

from __future__ import annotations

import re
import unicodedata

EM_OPEN, EM_CLOSE = "\ufdd0", "\ufdd1"
STRONG_OPEN, STRONG_CLOSE = "\ufdd2", "\ufdd3"
DEL_OPEN, DEL_CLOSE = "\ufdd4", "\ufdd5"
LINK_OPEN = "\ufdd6"
# A "*", "_" or "~" of the text: whether it needs a backslash depends on the whole paragraph.
TEXT_STAR, TEXT_UNDER, TEXT_TILDE = "\ufdd7", "\ufdd8", "\ufdd9"
# A "[", "]", "!" or "\\" of the text: whether it needs a backslash depends on what follows.
TEXT_OPEN_BRACKET, TEXT_CLOSE_BRACKET, TEXT_BANG = "\ufdda", "\ufddb", "\ufddc"
TEXT_BACKSLASH = "\ufddd"
HARD_BREAK = "\\\n"

_SENTINELS = re.compile("[\ufdd0-\ufddf]")
_DELIM_SENTINELS = re.compile("[\ufdd0-\ufdd5]")  # emphasis and strike, open or close
# Invisible controls (an entity such as "&#1;" decodes to one after cleaning) and sentinels.
_DROPPED = re.compile("[\ufdd0-\ufddf\x00-\x08\x0e-\x1f\x7f]")
# What shows: anything but whitespace and markup sentinels (text sentinels are visible).
_VISIBLE = re.compile("[^\\s\ufdd0-\ufdd6]")
# Only what changes: a run of two or more, or one that is not a plain space.
_SPACES = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
_WORD = re.compile(r"[^\W_]")
# Any character _DROPPED, _SPACES or _TEXT_ESCAPE acts on (a space only as the second of two).
_TEXT_WORK = re.compile("[\ufdd0-\ufddf\x00-\x08\x0e-\x1f\x7f\t\n\r\f\v`<&{*_~!\\\\\\[\\]]|  ")
# Every alternative starts with a literal character, so the regex engine looks for those
# characters alone instead of trying each alternative at every position.
_TEXT_ESCAPE = re.compile(
    r"""
    `                           # code spans
    |<(?=[A-Za-z/!?])           # would start raw HTML
    |&(?=\#?\w+;)               # would read as an entity
    |\{(?<=\{\{)(?=[<%])         # Hugo shortcode opening {{< or {{%
    |\*|_|~|!|\\                # emphasis, strikethrough, footnotes, escapes: finish_inline
    |\[|\]                      # links, footnotes: finish_inline
    """,
    re.X,
)
_TEXT_DELIMS = {"*": TEXT_STAR, "_": TEXT_UNDER, "~": TEXT_TILDE}
#: the text's brackets; a link needs "]" right before "(" or "[" (reference definitions are
#: escaped where they would start), a footnote reference "[^"
_BRACKETS = {TEXT_OPEN_BRACKET: "[", TEXT_CLOSE_BRACKET: "]"}
_BRACKET_DANGER = {"[": "^", "]": "(["}
# What a line may start with that is not text: an ATX heading ("#" then a space), a quote, a
# bullet ("-", "+", "*" then a space), an ordered item ("1." then a space), a thematic break or
# setext underline (a line of "-", "_" or "="), a definition (": " after a paragraph, Goldmark's
# definition lists). "#define", "-- Ryan", "+1" and "::" are plain text.
# Multiline: every line start of a paragraph in one pass (nothing in it crosses a newline).
_LINE_START = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|(\d{1,9})([.)])(?=[ \t]|$)"
    r"|-(?=[ \t-]*$)|_(?=[ \t_]*$)|=(?=[ \t=]*$)|:(?=[ \t]))",
    re.M,
)
# A link reference or footnote definition ("[x]: /url", "[^1]: note") starting a paragraph.
_DEFINITION = re.compile(r"\[(?:[^\\\[\]]|\\.)*\]:", re.S)
# A task list checkbox ("[ ]", "[x]") starting a list item's first paragraph; Goldmark reads
# one before links, so a link whose text is "x" there is one too.
_CHECKBOX = re.compile(r"\[[\s xX]\]")
_CHECKBOX_LINK = re.compile(r"\[[xX]\]\(")
_CLOSE_DELIMS = {EM_CLOSE, STRONG_CLOSE, DEL_CLOSE}
#: opening sentinel -> (closing sentinel, Markdown delimiter, HTML open tag, HTML close tag)
_PAIRS = {
    EM_OPEN: (EM_CLOSE, "*", "<em>", "</em>"),
    STRONG_OPEN: (STRONG_CLOSE, "**", "<strong>", "</strong>"),
    DEL_OPEN: (DEL_CLOSE, "~~", "<del>", "</del>"),
}
_CLOSERS = {close: open_ for open_, (close, *_rest) in _PAIRS.items()}
_TEXT_CHARS = {sentinel: char for char, sentinel in _TEXT_DELIMS.items()}
_TEXT_SENTINELS = {
    **_TEXT_DELIMS,
    **{char: s for s, char in _BRACKETS.items()},
    "!": TEXT_BANG,
    "\\": TEXT_BACKSLASH,
}
#: what each sentinel shows as in the Markdown
_SHOWN = {
    **{s: "*" for s in (EM_OPEN, EM_CLOSE, STRONG_OPEN, STRONG_CLOSE)},
    DEL_OPEN: "~",
    DEL_CLOSE: "~",
    LINK_OPEN: "[",
    **_TEXT_CHARS,
    **_BRACKETS,
    TEXT_BANG: "!",
    TEXT_BACKSLASH: "\\",
}


def collapse(text: str) -> str:
    """Collapse HTML whitespace as a browser does; non-breaking spaces are kept."""
    return _SPACES.sub(" ", _DROPPED.sub("", text))


def text_markdown(text: str) -> str:
    """A text node's Markdown: :func:`collapse` then :func:`escape_text`, in one call."""
    # Most text nodes hold nothing any of the three patterns would change: one scan says so.
    if _TEXT_WORK.search(text) is None:
        return text
    return _TEXT_ESCAPE.sub(_escape_match, _SPACES.sub(" ", _DROPPED.sub("", text)))


def escape_text(text: str) -> str:
    """Escape already-collapsed text so Markdown renders it literally.

    ``*``, ``_``, ``~``, ``[``, ``]`` and ``!`` become sentinels that :func:`finish_inline`
    resolves once the paragraph is known."""
    return _TEXT_ESCAPE.sub(_escape_match, text)


def _escape_match(match: re.Match[str]) -> str:
    char = match.group()
    return _TEXT_SENTINELS.get(char) or "\\" + char


def link_text(text: str) -> str:
    """A link's converted text, its own brackets escaped unless they pair up harmlessly inside
    it ("[1]"): an unmatched one would end the link early or start another."""
    out = list(text)
    openers: list[int] = []
    for i, char in enumerate(text):
        if char == TEXT_OPEN_BRACKET:
            openers.append(i)
        elif char == TEXT_CLOSE_BRACKET and not openers:
            out[i] = "\\]"
        elif char == TEXT_CLOSE_BRACKET:
            start = openers.pop()
            if _neighbour(text, start + 1) == "^" or _neighbour(text, i + 1) in "([":
                out[start], out[i] = "\\[", "\\]"
    for start in openers:
        out[start] = "\\["
    return "".join(out)


def visible(text: str) -> bool:
    """Whether converted inline ``text`` shows anything (markup sentinels show nothing)."""
    return _VISIBLE.search(text) is not None


def escape_line_starts(text: str, *, link_first: bool = False) -> str:
    """Escape what would start a heading, quote, list, definition or setext underline at a line
    start, and a reference definition at the start of the paragraph (unless the paragraph
    starts with a link, whose bracket must stay: its text's brackets are escaped)."""
    if "\n" in text:
        text = _LINE_START.sub(_line_start, text)
    else:  # one line: only its start can match (sub would try every position)
        found = _LINE_START.match(text)
        if found is not None:
            text = _line_start(found) + text[found.end() :]
    return "\\" + text if not link_first and _DEFINITION.match(text) else text


def escape_checkbox(text: str) -> str:
    """A list item's first paragraph, kept from starting with a task list checkbox."""
    if _CHECKBOX_LINK.match(text):
        return f"[&#{ord(text[1])};" + text[2:]  # the link's text as a character reference
    return "\\" + text if _CHECKBOX.match(text) else text


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
    """Turn sentinels into ``*``/``**``/``~~``/``[`` or, where Markdown cannot, HTML tags, and
    the text's ``*``, ``_``, ``~`` into themselves, escaped only where they could pair."""
    if not _SENTINELS.search(text):
        return text
    html_pairs = _pairs_needing_html(text)
    literal = _delims_to_escape(text)
    out: list[str] = []
    start = 0
    for match in _SENTINELS.finditer(text):
        i = match.start()
        _plain(text[start:i], out)
        out.append(_render(text, i, html_pairs, literal, out))
        start = i + 1
    _plain(text[start:], out)
    return "".join(out)


def _plain(run: str, out: list[str]) -> None:
    """Text between sentinels, as it is. Its last two characters go in as entries of their
    own: :func:`_render` looks at (and may escape) the one or two entries before a sentinel."""
    if len(run) > 2:
        out.append(run[:-2])
    out.extend(run[-2:])


def _render(text: str, i: int, html_pairs: set[int], literal: set[int], out: list[str]) -> str:
    char = text[i]
    if char in _TEXT_CHARS:
        return "\\" + _TEXT_CHARS[char] if i in literal else _TEXT_CHARS[char]
    if char in _BRACKETS:
        bracket = _BRACKETS[char]
        escape = _neighbour(text, i + 1) in _BRACKET_DANGER[bracket]
        return "\\" + bracket if escape else bracket
    if char == TEXT_BACKSLASH:  # escapes only what is not a letter or digit
        return "\\" if _WORD.match(_neighbour(text, i + 1)) else "\\\\"
    if char == TEXT_BANG:
        # Goldmark reads "!" + any character + "^1]" as a footnote reference (as if "![^1]")
        return "\\!" if _neighbour(text, i + 2) == "^" else "!"
    if char == LINK_OPEN:
        if out and out[-1].endswith("!") and not out[-1].endswith("\\!"):
            out[-1] = out[-1][:-1] + "\\!"
        return "["
    if char in _PAIRS or char in _CLOSERS:
        _close, delim, tag, end = _PAIRS[_CLOSERS.get(char, char)]
        if i not in html_pairs:
            return delim
        if out[-2:] == ["{", "{"]:
            out[-1] = "\\{"  # Hugo would read "{{<em>" as a shortcode call
        return tag if char in _PAIRS else end
    return char


# -- the text's own "*", "_", "~" ------------------------------------------------------------


def _delims_to_escape(text: str) -> set[int]:
    """Positions of text delimiters that need a backslash: each could pair with another."""
    found: set[int] = set()
    for sentinel, char in _TEXT_CHARS.items():
        if sentinel in text:
            found |= _pairable(text, char, sentinel)
    return found


def _pairable(text: str, char: str, sentinel: str) -> set[int]:
    """Text ``char``s in a run of them, or that could open before something that could close
    (or close after something that could open). Anything else showing ``char`` (markup, a
    code span, a URL) counts as both; so does every ``char`` for the runs: Goldmark pairs
    ``~a~~`` as ``<del>a</del>~``."""
    members = [i for i, c in enumerate(text) if _shown(c) == char]
    flags = [_flanks(text, i, char) if text[i] == sentinel else (True, True) for i in members]
    found = {i for i in members if text[i] == sentinel and _in_run(text, i, char)}
    opener_before = False
    for i, (opens, closes) in zip(members, flags, strict=True):
        if closes and opener_before and text[i] == sentinel:
            found.add(i)
        opener_before = opener_before or opens
    closer_after = False
    for i, (opens, closes) in reversed(list(zip(members, flags, strict=True))):
        if opens and closer_after and text[i] == sentinel:
            found.add(i)
        closer_after = closer_after or closes
    return found


def _in_run(text: str, i: int, char: str) -> bool:
    return (i > 0 and _shown(text[i - 1]) == char) or (
        i + 1 < len(text) and _shown(text[i + 1]) == char
    )


def _flanks(text: str, i: int, char: str) -> tuple[bool, bool]:
    """Whether the single ``char`` at ``i`` may open, may close (CommonMark's flanking rules,
    "_" stricter inside words). Symbols count both as punctuation and not, since Markdown
    parsers disagree on them."""
    before, after = _neighbour(text, i - 1), _neighbour(text, i + 1)
    opens = closes = False
    for punct in (_punct, _ascii_or_p_punct):
        left = not _space(after) and (not punct(after) or _space(before) or punct(before))
        right = not _space(before) and (not punct(before) or _space(after) or punct(after))
        if char == "_":
            left, right = (
                left and (not right or punct(before)),
                right and (not left or punct(after)),
            )
        opens, closes = opens or left, closes or right
    return opens, closes


def _pairs_needing_html(text: str) -> set[int]:
    """Positions of open and close sentinels whose pair cannot be Markdown delimiters."""
    stack: list[int] = []
    bad: set[int] = set()
    for match in _DELIM_SENTINELS.finditer(text):  # not every character: only these matter
        i, char = match.start(), match.group()
        if char in _PAIRS:
            stack.append(i)
        elif char in _CLOSERS and stack:
            start = stack.pop()
            if _markdown_fails(text, start, i, stack):
                bad.update((start, i))
    return bad


def _markdown_fails(text: str, start: int, end: int, outer: list[int]) -> bool:
    if not (_can_open(text, start) and _can_close(text, end)):
        return True
    return _ambiguous(text, start, outer) or _after_tilde(text, start, end)


def _after_tilde(text: str, start: int, end: int) -> bool:
    """Goldmark reads no "~~" right after a "~", even an escaped one."""
    return text[start] == DEL_OPEN and "~" in (
        _neighbour(text, start - 1),
        _neighbour(text, end - 1),
    )


def _ambiguous(text: str, start: int, outer: list[int]) -> bool:
    """An opener that could also close ("a**b") would close an enclosing emphasis written with
    the same character instead of opening its own."""
    char = _PAIRS[text[start]][1][0]
    return _can_close(text, start) and any(_PAIRS[text[o]][1][0] == char for o in outer)


def _shown(char: str) -> str:
    """The character a sentinel becomes (``*`` for emphasis, ``~`` for strikethrough)."""
    return _SHOWN.get(char, char)


def _neighbour(text: str, i: int) -> str:
    if i < 0 or i >= len(text):
        return " "
    return _shown(text[i])


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


def _ascii_or_p_punct(char: str) -> bool:
    # older CommonMark (and parsers following it): ASCII punctuation and Unicode P only
    return (char.isascii() and unicodedata.category(char)[0] in "PS") or unicodedata.category(
        char
    ).startswith("P")
