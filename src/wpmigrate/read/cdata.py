"""Read stage, XML safety layer: a byte filter that repairs unescaped ``]]>`` in CDATA sections.

Old WordPress exporters wrote a body holding ``]]>`` (or a whole nested ``<![CDATA[...]]>``)
into ``<![CDATA[...]]>`` without splitting it, which XML forbids; WordPress's importer reads
such files anyway. In WXR a CDATA section is an element's whole text, so a ``]]>`` ends it
only where what follows (after optional white space) is an end tag ``</`` or the next
section ``<![CDATA[`` (WordPress's own escaped form ``]]]]><![CDATA[>`` is such a pair and
passes untouched). Any other ``]]>`` is text: it becomes ``]]]]><![CDATA[>``, which a parser
reads back as ``]]>``.

Guarantees: a stream whose every ``]]>`` in CDATA is a real end passes byte for byte; no line
break is added or removed (line numbers in later messages still match the file); a decision
that needs bytes not read yet waits for them (a tail is held back between chunks), so the
output never depends on where chunks are cut. Only the CDATA sections and comments are
tracked: this filter runs on files a strict parse already refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CDATA_OPEN = b"<![CDATA["
CDATA_END = b"]]>"
#: ``]]>`` as text inside a CDATA section: end the section after ``]]``, start one for ``>``.
ESCAPED_END = b"]]]]><![CDATA[>"
_OPENER = re.compile(rb"<!\[CDATA\[|<!--")
_SPACE = re.compile(rb"[ \t\r\n]*+")
_FOLLOWERS = (b"</", CDATA_OPEN)  # what may follow a real end (after white space)
_LONGEST = len(CDATA_OPEN)

_TEXT, _CDATA, _COMMENT = "text", "cdata", "comment"


class CdataRepair:
    """Feed the bytes of a file in order; get them back with stray ``]]>`` escaped.

    ``repaired`` counts the ``]]>`` taken as text so far.
    """

    def __init__(self) -> None:
        self.repaired = 0
        self._state = _TEXT
        self._carry = b""  # bytes whose meaning depends on what comes next
        self._steps: dict[str, Callable[[bytes, int, list[bytes], bool], int]] = {
            _TEXT: self._in_text,
            _CDATA: self._in_cdata,
            _COMMENT: self._in_comment,
        }

    def feed(self, data: bytes, final: bool = False) -> bytes:
        """The repaired bytes that can be decided now; ``final`` at the end of the file
        flushes everything held back."""
        buf, self._carry = self._carry + data, b""
        out: list[bytes] = []
        pos = 0
        while pos < len(buf):
            pos = self._steps[self._state](buf, pos, out, final)
        return b"".join(out)

    def _hold(self, buf: bytes, pos: int, keep: int, out: list[bytes]) -> int:
        """Pass ``buf[pos:]`` on except its last ``keep`` bytes, which wait for more."""
        end = len(buf) - keep
        out.append(buf[pos:end])
        self._carry = buf[end:]
        return len(buf)

    def _in_text(self, buf: bytes, pos: int, out: list[bytes], final: bool) -> int:
        found = _OPENER.search(buf, pos)
        if found is None:
            return self._hold(buf, pos, 0 if final else _opener_start(buf, pos), out)
        out.append(buf[pos : found.end()])
        self._state = _CDATA if found.group() == CDATA_OPEN else _COMMENT
        return found.end()

    def _in_comment(self, buf: bytes, pos: int, out: list[bytes], final: bool) -> int:
        end = buf.find(b"-->", pos)
        if end < 0:
            return self._hold(buf, pos, 0 if final else min(2, len(buf) - pos), out)
        out.append(buf[pos : end + 3])
        self._state = _TEXT
        return end + 3

    def _in_cdata(self, buf: bytes, pos: int, out: list[bytes], final: bool) -> int:
        end = buf.find(CDATA_END, pos)
        if end < 0:  # a "]]" at the very end may be the start of a "]]>"
            keep = 0 if final else len(buf[-2:]) - len(buf[-2:].rstrip(b"]"))
            return self._hold(buf, pos, min(keep, len(buf) - pos), out)
        after = end + len(CDATA_END)
        verdict = _ends_section(buf, after, final)
        if verdict is None:
            return self._hold(buf, pos, len(buf) - end, out)
        if verdict:
            out.append(buf[pos:after])
            self._state = _TEXT
        else:
            out.append(buf[pos:end] + ESCAPED_END)
            self.repaired += 1
        return after


def _ends_section(buf: bytes, at: int, final: bool) -> bool | None:
    """Whether the ``]]>`` just before ``at`` ends its section; None when only bytes not
    read yet can tell. At the end of the file an open question counts as an end: a cut
    export stays a cut export."""
    start = _SPACE.match(buf, at)
    rest = buf[start.end() if start else at :][:_LONGEST]
    if rest.startswith(_FOLLOWERS):
        return True
    if len(rest) < _LONGEST and any(f.startswith(rest) for f in _FOLLOWERS):
        return True if final else None
    return False


def _opener_start(buf: bytes, pos: int) -> int:
    """How many bytes at the end of ``buf`` may be the start of a CDATA or comment opener."""
    lt = buf.rfind(b"<", max(pos, len(buf) - _LONGEST + 1))
    if lt < 0:
        return 0
    tail = buf[lt:]
    return len(tail) if CDATA_OPEN.startswith(tail) or b"<!--".startswith(tail) else 0
