"""YAML text for front matter and comment data: PyYAML's output, with a fast path.

PyYAML's pure-Python emitter analyses every scalar character by character and was the
largest single cost of a conversion; libyaml's C emitter cannot replace it because it
escapes characters outside the BMP (an emoji becomes ``"\\U0001F642"``). So the shapes
front matter actually has (a mapping of scalars, non-empty lists of scalars and non-empty
mappings of scalars; a list of such flat mappings for comments) whose strings are in a
narrow, well-understood set are written here directly, and everything else goes to
PyYAML. Both paths give the same bytes; a property test compares them.

A string that holds no line break and no character PyYAML escapes is written plain when
that is unambiguous, else single-quoted with ``'`` doubled, never folded (the width is
unlimited). Whether plain is unambiguous is decided by the project dumper's own implicit
resolvers (does the text read back as a number, bool, date or null?) and by a conservative
check of YAML's indicators. Any other string value is double-quoted with PyYAML's escapes
(line breaks force that style; other characters leave PyYAML no other choice). Keys are
only written here when they are short and need no escapes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import yaml

_STR_TAG = "tag:yaml.org,2002:str"
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """SafeDumper that also quotes strings a YAML 1.2 parser would read as numbers."""


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^0o[0-7_]+$"), ["0"])


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line strings are double-quoted with escapes: no raw line of a title can then read
    # as the closing "---", and PyYAML's folding of NEL/LS/PS in other styles cannot bite.
    style = '"' if _LINE_BREAKS.intersection(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)

#: The dumper's resolver: which tag a plain scalar would be read back as.
_RESOLVE: Callable[[type[yaml.Node], str, tuple[bool, bool]], str]
_RESOLVE = _Dumper(io.StringIO()).resolve
#: PyYAML picks implicit resolvers by the text's first character (the dumper has no wildcard
#: or path resolvers, a test checks): a text starting with any other reads back as a string.
_RESOLVED_STARTS = frozenset(_Dumper.yaml_implicit_resolvers)
#: Texts made only of characters PyYAML writes as they are (allow_unicode): printable
#: ASCII and the printable Unicode ranges, without line breaks (NEL, LS, PS) and BOM.
_QUOTABLE = re.compile(
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]*"
)
#: What a double-quoted scalar escapes: outside the printable set above (astral characters
#: included: PyYAML escapes them in this style), plus quote, backslash, NEL, LS, PS and BOM.
_DOUBLE_ESCAPED = re.compile(
    r"[^\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
)
_ESCAPES = yaml.emitter.Emitter.ESCAPE_REPLACEMENTS
#: First characters that are YAML indicators; ``-``, ``?`` and ``:`` only when a space or
#: the end follows. (Checked on texts already known to be _QUOTABLE and non-empty.)
_BAD_START = re.compile(r"[#,\[\]{}&*!|>'\"%@`]|[-?:]( |$)|---|\.\.\.| ")
#: Anywhere: a comment start, a mapping value indicator, a trailing space.
_BAD_INSIDE = re.compile(r" #|: |:$| $")
#: Longer keys are written by PyYAML as complex ``? key`` entries: leave them to it.
_MAX_KEY = 100


def _string(value: str) -> str | None:
    """``value`` as PyYAML writes it in block context, or None when it is not that simple."""
    if not value:
        return "''"
    if not _QUOTABLE.fullmatch(value):
        return None
    if (
        _BAD_START.match(value)
        or _BAD_INSIDE.search(value)
        or (
            value[0] in _RESOLVED_STARTS
            and _RESOLVE(yaml.ScalarNode, value, (True, False)) != _STR_TAG
        )
    ):
        return "'" + value.replace("'", "''") + "'"
    return value


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return "\\" + _ESCAPES[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _double_quoted(value: str) -> str:
    return '"' + _DOUBLE_ESCAPED.sub(_escape, value) + '"'


def _scalar(value: Any) -> str | None:
    kind = type(value)
    if kind is str:
        text = _string(value)
        return _double_quoted(value) if text is None else text
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    return None


@lru_cache(maxsize=512, typed=True)  # front matter repeats a handful of keys on every page
def _key(key: Any) -> str | None:
    if type(key) is not str or not key or len(key) > _MAX_KEY:
        return None
    return _string(key)


def _flat_mapping(data: Any, indent: str, out: list[str]) -> bool:
    """Lines of a non-empty mapping of scalars; False when it is not one."""
    if type(data) is not dict or not data:
        return False
    for key, value in data.items():
        text_key, text = _key(key), _scalar(value)
        if text_key is None or text is None:
            return False
        out.append(f"{indent}{text_key}: {text}\n")
    return True


def _scalar_list(data: list[Any], out: list[str]) -> bool:
    for value in data:
        text = _scalar(value)
        if text is None:
            return False
        out.append(f"- {text}\n")
    return True


def _entry(key: str, value: Any, out: list[str]) -> bool:
    """One top-level ``key: value`` entry: a scalar, a list of scalars or a flat mapping."""
    text = _scalar(value)
    if text is not None:
        out.append(f"{key}: {text}\n")
        return True
    out.append(f"{key}:\n")
    if type(value) is list:
        return bool(value) and _scalar_list(value, out)
    return _flat_mapping(value, "  ", out)


def _shared(data: Any) -> bool:
    """Whether a list or mapping appears twice: PyYAML would write an anchor and an alias."""
    inner = data.values() if type(data) is dict else data
    ids = [id(data)] + [id(v) for v in inner if type(v) in (list, dict)]
    return len(set(ids)) < len(ids)


def _document(data: Any) -> str | None:
    if type(data) not in (list, dict) or _shared(data):
        return None
    out: list[str] = []
    if type(data) is list and data:
        for record in data:
            lines: list[str] = []
            if not _flat_mapping(record, "  ", lines):
                return None
            out.append("- " + "".join(lines)[2:])
        return "".join(out)
    if not data:
        return None
    for key, value in data.items():
        text_key = _key(key)
        if text_key is None or not _entry(text_key, value, out):
            return None
    return "".join(out)


def dump_yaml(data: Any) -> str:
    """YAML text of ``data``: keys in insertion order, Unicode as is, no line folding."""
    fast = _document(data)
    return fast if fast is not None else pyyaml_dump(data)


def pyyaml_dump(data: Any) -> str:
    """What PyYAML writes for ``data`` with the project's dumper: the reference that the
    direct path above must match byte for byte, and the path for every other shape."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=2**30,
        default_flow_style=False,
    )
