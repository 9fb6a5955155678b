"""Double-quoted YAML values, written and mended by hand.

PyYAML escapes every character past U+FFFF in a double-quoted scalar (an emoji became
"\\U0001F642"), and some exporters write values that YAML refuses; both are handled here
for the Markdown reader and writer in :mod:`wpmigrate.read.markdown`.
"""

from __future__ import annotations

import re

import yaml

# One double-quoted YAML value on a line of its own: "key: "..."" or a list item "- "..."",
# maybe followed by a comment.
_QUOTED_LINE = re.compile(r'^([ \t]*(?:-[ \t]+|[\w-]+:[ \t]+))"(.*)"([ \t]*(?:#.*)?)$')
# A closing quote followed by a comment, inside what the line's outer quotes hold.
_COMMENT_AFTER = re.compile(r'(?<!\\)"([ \t]+#.*)$')
# A block scalar's first line ("key: |", "- >-"): the lines indented under it are its text.
_BLOCK_START = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:[\w-]+:[ \t]*)?[|>][-+0-9]*[ \t]*(?:#.*)?$")
# In such a value: a valid escape (kept), a lone backslash, or a quote (both escaped).
_QUOTED_PART = re.compile(
    r'\\(?:[0abtnvfre "/\\N_LP\t]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})|\\|"'
)


def mend_quoted(fmt: str, text: str) -> tuple[str, tuple[str, ...]]:
    """YAML front matter that does not parse because its double-quoted values hold a bare
    backslash or quote, made to parse. Some exporters (wordpress-export-to-markdown among
    them) write each value as ``"`` + value + ``"``, escaping only quotes, or nothing in list
    items: a title holding ``\\;`` or a tag holding ``"`` stops Hugo from building. Valid
    escapes stay as they are. Called only on front matter that failed to parse."""
    if fmt != "yaml":
        return text, ()
    mended = "\n".join(_mend_lines(text.split("\n")))
    if mended == text:
        return text, ()
    count = sum(a != b for a, b in zip(text.splitlines(), mended.splitlines(), strict=True))
    return mended, (f"{count} double-quoted value(s) with a bare backslash or quote escaped",)


def _mend_lines(lines: list[str]) -> list[str]:
    """Each line mended, but those of a block scalar's text (``summary: |``), which YAML
    reads as they are."""
    out = []
    block: int | None = None  # the indentation of the line that opened a block scalar
    for line in lines:
        indent = len(line) - len(line.lstrip(" \t"))
        if block is not None and (not line.strip() or indent > block):
            out.append(line)
            continue
        block = indent if _BLOCK_START.match(line) else None
        out.append(_QUOTED_LINE.sub(_mend_line, line))
    return out


def _escape_part(m: re.Match[str]) -> str:
    part = m.group(0)
    return part if len(part) > 1 else "\\" + part


def _mend_line(m: re.Match[str]) -> str:
    try:  # a value that is valid on its own ("a" # a "comment") is not the one to mend
        yaml.safe_load(m.group(0).strip())
        return m.group(0)
    except yaml.YAMLError:
        pass
    value, comment = m.group(2), ""
    found = _COMMENT_AFTER.search(value)
    if found:  # 'title: "a \\; b" # note "x"': the value ends before the comment
        value, comment = value[: found.start()], found.group(1) + '"'
    inner = _QUOTED_PART.sub(_escape_part, value)
    return f'{m.group(1)}"{inner}"{comment}{m.group(3)}'


def double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar. Written here, not by PyYAML, which escapes
    every character past U+FFFF (an emoji became "\\U0001F642")."""
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_UNSAFE.sub(_escape_char, text) + '"'


# What YAML reads as a line break or refuses in a stream: escaped (tab stays as it is).
_YAML_UNSAFE = re.compile(
    r"[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
