"""Read stage, XML safety layer: a byte filter that repairs unescaped ``]]>`` in CDATA sections.

Old WordPress exporters wrote a body holding ``]]>`` (or a whole nested ``<![CDATA[...]]>``)
into ``<![CDATA[...]]>`` without splitting it, which XML forbids; WordPress's importer reads
such files anyway. In WXR a CDATA section is an element's whole text, so a ``]]>`` ends it
only where what follows (after optional white space) is the end tag of that element (the
start tag just before the section names it: ``</content:encoded`` then white space or ``>``)
or the next section ``<![CDATA[`` (WordPress's own escaped form ``]]]]><![CDATA[>`` is such a
pair and passes untouched). Any other ``]]>`` is text: it becomes ``]]]]><![CDATA[>``, which a
parser reads back as ``]]>``. The usual nested case is an inline script in a body,
``<script>//<![CDATA[ ... //]]></script>``: its ``]]>`` is followed by an end tag, but not
the one of the element that holds the section. Where the holding element is unknown (the
section follows an end tag or an empty-element tag), any end tag ``</`` counts.

Guarantees: a stream whose every ``]]>`` in CDATA is a real end passes byte for byte; no line
break is added or removed (line numbers in later messages still match the file); a decision
that needs bytes not read yet waits for them (a tail is held back between chunks), so the
output never depends on where chunks are cut. Only the CDATA sections, comments and tag
names are tracked: this filter runs on files a strict parse already refused.
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
# Start, end and empty-element tags, whole; attribute values in XML never hold "<" or ">"
# unquoted, and a tag cut by the end of a chunk waits for the next one (see _tag_start).
_TAG = re.compile(rb"<(/?)([^\s/>!?<][^\s/>]*+)[^<>]*?(/?)>")
_NAME_END = frozenset(b" \t\r\n>")
_ANY_END_TAG = b"</"
_ITEM_END = b"</item>"

_TEXT, _CDATA, _COMMENT = "text", "cdata", "comment"


class CdataRepair:
    """Feed the bytes of a file in order; get them back with stray ``]]>`` escaped.

    ``repaired`` counts the ``]]>`` taken as text so far. ``crossed_item`` says that a
    section, once a ``]]>`` in it was taken as text, ran on past an ``</item>``: then the
    section's end tag is missing (damage, not a stray ``]]>``), and the repaired reading would
    fold the next items into this one; the reader keeps the strict reading instead.
    """

    def __init__(self) -> None:
        self.repaired = 0
        self.crossed_item = False
        self._stretched = False  # the open section already holds a "]]>" taken as text
        self._tail = b""  # the last bytes of its text since then: "</item>" may be cut
        self._state = _TEXT
        self._carry = b""  # bytes whose meaning depends on what comes next
        #: the end tag that closes the current section (``</`` + the holder's name), or
        #: ``</`` alone when the element holding the section is unknown
        self._end_tag = _ANY_END_TAG
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

    def _hold(
        self,
        buf: bytes,
        pos: int,
        keep: int,
        out: list[bytes],
        watch: Callable[[bytes], None] | None = None,
    ) -> int:
        """Pass ``buf[pos:]`` on except its last ``keep`` bytes, which wait for more."""
        end = len(buf) - keep
        out.append(buf[pos:end])
        if watch:
            watch(buf[pos:end])
        self._carry = buf[end:]
        return len(buf)

    def _in_text(self, buf: bytes, pos: int, out: list[bytes], final: bool) -> int:
        found = _OPENER.search(buf, pos)
        if found is None:
            end = len(buf) if final else _tag_start(buf, pos)
            self._note_tags(buf, pos, end)
            return self._hold(buf, pos, len(buf) - end, out)
        self._note_tags(buf, pos, found.start())
        out.append(buf[pos : found.end()])
        self._state = _CDATA if found.group() == CDATA_OPEN else _COMMENT
        return found.end()

    def _note_tags(self, buf: bytes, pos: int, end: int) -> None:
        """Remember which element the next section belongs to: the last start tag in
        ``buf[pos:end]``; after an end or empty-element tag, none known."""
        last = None
        for tag in _TAG.finditer(buf, pos, end):
            last = tag
        if last is not None:
            closed = last.group(1) or last.group(3)
            self._end_tag = _ANY_END_TAG if closed else _ANY_END_TAG + last.group(2)

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
            return self._hold(buf, pos, min(keep, len(buf) - pos), out, self._watch)
        after = end + len(CDATA_END)
        verdict = _ends_section(buf, after, final, self._end_tag)
        if verdict is None:
            return self._hold(buf, pos, len(buf) - end, out, self._watch)
        self._watch(buf[pos:end])
        if verdict:
            out.append(buf[pos:after])
            self._state = _TEXT
            self._stretched, self._tail = False, b""
        else:
            out.append(buf[pos:end] + ESCAPED_END)
            self.repaired += 1
            self._stretched = True
        return after

    def _watch(self, text: bytes) -> None:
        """Note an ``</item>`` in the text of a section stretched past a ``]]>``."""
        if not self._stretched or self.crossed_item:
            return
        joined = self._tail + text
        self.crossed_item = _ITEM_END in joined
        self._tail = joined[1 - len(_ITEM_END) :]


def _ends_section(buf: bytes, at: int, final: bool, end_tag: bytes) -> bool | None:
    """Whether the ``]]>`` just before ``at`` ends its section (``end_tag`` closes the
    element holding it); None when only bytes not read yet can tell. At the end of the file
    an open question counts as an end: a cut export stays a cut export."""
    start = _SPACE.match(buf, at)
    rest = buf[start.end() if start else at :][: max(len(CDATA_OPEN), len(end_tag) + 1)]
    if rest.startswith(CDATA_OPEN) or _is_end_tag(rest, end_tag):
        return True
    if _may_become(rest, end_tag):
        return True if final else None
    return False


def _is_end_tag(rest: bytes, end_tag: bytes) -> bool:
    """Whether ``rest`` starts with ``end_tag``, the name ending there (bare ``</`` ends
    any)."""
    if end_tag == _ANY_END_TAG:
        return rest.startswith(end_tag)
    return rest.startswith(end_tag) and len(rest) > len(end_tag) and rest[len(end_tag)] in _NAME_END


def _may_become(rest: bytes, end_tag: bytes) -> bool:
    """Whether more bytes after ``rest`` could make it a real end's follower."""
    if len(rest) < len(CDATA_OPEN) and CDATA_OPEN.startswith(rest):
        return True
    return len(rest) <= len(end_tag) and (end_tag + b">").startswith(rest)


def _tag_start(buf: bytes, pos: int) -> int:
    """Where a tag or opener that the end of ``buf`` may cut starts (``len(buf)`` when
    none): the last ``<`` with no ``>`` after it."""
    lt = buf.rfind(b"<", pos)
    return lt if lt >= 0 and buf.find(b">", lt) < 0 else len(buf)
