"""Read stage helper: a tiny, safe reader for PHP ``serialize()`` output.

WordPress stores attachment metadata (``_wp_attachment_metadata``) and many plugin values as
PHP-serialized strings. This is a pure parser: it builds dicts, lists, strings and numbers and
never executes or instantiates anything (objects are refused). String lengths count UTF-8
bytes, as PHP does. Malformed input, including a length broken by an earlier re-encoding of
the database, gives ``None`` instead of an exception.
"""

from __future__ import annotations

from typing import TypeAlias

PhpValue: TypeAlias = "str | int | float | bool | None | list[PhpValue] | dict[str | int, PhpValue]"

_MAX_DEPTH = 64


class _Malformed(Exception):
    """Internal: the input is not valid serialized PHP."""


def unserialize(text: str) -> PhpValue:
    """The value ``text`` serializes, or ``None`` when it is malformed (or is ``N;``).

    Arrays whose keys are exactly 0..n-1 become lists, other arrays dicts.
    """
    data = text.strip().encode("utf-8")
    try:
        value, end = _value(data, 0, 0)
    except (_Malformed, ValueError, IndexError, RecursionError):
        return None
    return value if end == len(data) else None


def _value(data: bytes, pos: int, depth: int) -> tuple[PhpValue, int]:
    if depth > _MAX_DEPTH:
        raise _Malformed("nested too deep")
    kind = data[pos : pos + 2]
    if kind == b"N;":
        return None, pos + 2
    if kind == b"s:":
        return _string(data, pos + 2)
    if kind == b"a:":
        return _array(data, pos + 2, depth)
    if kind in (b"i:", b"d:", b"b:"):
        end = data.index(b";", pos)
        return _scalar(kind[:1], data[pos + 2 : end].decode("ascii")), end + 1
    raise _Malformed(f"unsupported type {kind!r}")


def _scalar(kind: bytes, raw: str) -> PhpValue:
    if kind == b"i":
        return int(raw)
    if kind == b"d":
        return float(raw)
    if raw not in ("0", "1"):
        raise _Malformed("bad boolean")
    return raw == "1"


def _length(data: bytes, pos: int, opener: bytes) -> tuple[int, int]:
    """Read ``<digits>:<opener>`` at ``pos``; return the number and the position after."""
    colon = data.index(b":", pos)
    digits = data[pos:colon]
    if not digits.isdigit():
        raise _Malformed("bad length")
    if data[colon + 1 : colon + 1 + len(opener)] != opener:
        raise _Malformed("bad opener")
    return int(digits), colon + 1 + len(opener)


def _string(data: bytes, pos: int) -> tuple[str, int]:
    size, start = _length(data, pos, b'"')
    end = start + size
    if data[end : end + 2] != b'";':
        raise _Malformed("string length does not match")
    return data[start:end].decode("utf-8", "replace"), end + 2


def _array(data: bytes, pos: int, depth: int) -> tuple[PhpValue, int]:
    count, pos = _length(data, pos, b"{")
    result: dict[str | int, PhpValue] = {}
    for _ in range(count):
        key, pos = _value(data, pos, depth + 1)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise _Malformed("bad array key")
        result[key], pos = _value(data, pos, depth + 1)
    if data[pos : pos + 1] != b"}":
        raise _Malformed("array not closed")
    if list(result) == list(range(len(result))):
        return list(result.values()), pos + 1
    return result, pos + 1
