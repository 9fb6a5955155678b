"""Read stage, XML safety layer: turn an export file into a safe, streamed lxml event source.

Guarantees:

* Nothing from the network or a DTD is ever loaded and no entity is ever expanded (a
  "billion laughs" file stays as small as it is on disk).
* C0 control characters that WordPress leaves in CDATA (they make XML 1.0 ill-formed) are
  removed from the byte stream *before* parsing, chunk by chunk, and counted. In UTF-8 these
  bytes never occur inside a multi-byte sequence, so filtering bytes is filtering characters;
  line breaks are kept, so line numbers still match the file on disk.
* Namespace prefixes an exporter used without declaring them (old WordPress.com exports write
  ``<atom:link>`` with no ``xmlns:atom``) are declared on the root ``<rss>`` tag by a light
  pre-pass, so strict parsing still catches real damage elsewhere.
* On request (``repair_cdata``, for a file a strict parse refused), a ``]]>`` left unescaped
  inside a CDATA section is escaped on the fly (see :mod:`wpmigrate.read.cdata`); line
  breaks are kept there too.
* The file is read in chunks; the caller clears elements as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from wpmigrate.read.cdata import CdataRepair

CHUNK = 1 << 16
_HEAD_LIMIT = 1 << 20  # the <rss> start tag must begin within the first MiB

_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# Skip CDATA sections and comments (HTML junk such as <o:p> lives there), then look for a
# prefixed element name, a prefixed attribute name or a prefix declaration.
_PREFIX_SCAN = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->"
    rb"|</?([A-Za-z_][\w.-]*):[A-Za-z_]"
    rb"|\sxmlns:([A-Za-z_][\w.-]*)\s*="
    rb"|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=\s*[\"']",
    re.DOTALL,
)
_ROOT_TAG_END = re.compile(rb"<rss\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?>)")
_RESERVED = frozenset({"xml", "xmlns"})

#: Where an undeclared prefix is a well-known one, declare its real namespace.
KNOWN_NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "georss": "http://www.georss.org/georss",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "media": "http://search.yahoo.com/mrss/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "wp": "http://wordpress.org/export/1.2/",
}


def undeclared_prefixes(path: Path) -> list[str]:
    """Namespace prefixes used in ``path`` (outside CDATA and comments) but declared nowhere.

    Read in chunks (never the whole file in memory), carrying an open CDATA section or
    comment over from one chunk to the next; remembered per file version, since both passes
    over an export ask.
    """
    stat = path.stat()
    return list(_undeclared(path.resolve(), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=32)
def _undeclared(path: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    del mtime_ns, size  # part of the cache key only: a changed file is read again
    return () if _only_root_prefixes(path) else _exact_undeclared(path)


def _exact_undeclared(path: Path) -> tuple[str, ...]:
    used: set[bytes] = set()
    declared: set[bytes] = set()
    with path.open("rb") as handle:
        for element, declaration, attribute in _prefix_matches(handle):
            if declaration:
                declared.add(declaration)
            elif element or attribute:
                used.add(element or attribute or b"")
    names = {p.decode("ascii", "replace") for p in used - declared}
    return tuple(sorted(names - _RESERVED))


_CHUNK = 1 << 20
_OPENERS = ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->"))


def _prefix_matches(handle: BinaryIO) -> Iterator[tuple[bytes | None, ...]]:
    closer = b""  # the end of the CDATA section or comment the previous chunk left open
    data = b""
    while chunk := handle.read(_CHUNK):
        data += chunk
        if closer:
            end = data.find(closer)
            if end < 0:
                data = data[-len(closer) :]
                continue
            data, closer = data[end + len(closer) :], b""
        scanned = _scan(data, final=False)
        yield from scanned.groups
        data, closer = data[scanned.resume :], scanned.closer
    if not closer:
        yield from _scan(data, final=True).groups


@dataclass
class _Scanned:
    groups: list[tuple[bytes | None, ...]]
    resume: int  # where the next round starts
    closer: bytes  # non-empty when a CDATA section or comment is still open at the end


def _scan(data: bytes, final: bool) -> _Scanned:
    """Matches in ``data`` that are complete; where to go on from; what is left open."""
    stop, closer = len(data), b""
    for opener, end in _OPENERS:
        i = data.rfind(opener)
        if 0 <= i < stop and data.find(end, i + len(opener)) < 0:
            stop, closer = i, end
    # Leave the last bytes for the next round unless the file ends here: a name may be cut.
    cut = stop if (closer or final) else max(0, len(data) - 256)
    groups, resume = [], cut
    for match in _PREFIX_SCAN.finditer(data, 0, stop):
        if match.end() > cut:
            resume = match.start()
            break
        if match.lastindex:  # CDATA sections and comments match without a group
            groups.append(match.groups())
    return _Scanned(groups, len(data) if closer else resume, closer)


# --- the quick answer for the usual export ------------------------------------------------
# The exact scan above runs Python for each prefixed name (one every 50 bytes of an export).
# Most exports declare every prefix they use on <rss>; two C-level searches per chunk prove
# that, looking everywhere (CDATA and comments too, so they find a superset of what the exact
# scan finds). Any doubt answers False and leaves the answer to the exact scan.

_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_DECLARATION = re.compile(rb"\sxmlns:([A-Za-z_][\w.-]*)\s*=")
# The exact scan's attribute pattern, and its tail from the colon on, which starts with a
# literal and so is found fast (possessive: a name never gives characters back).
_ATTRIBUTE = re.compile(rb"\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=\s*[\"']")
_ATTRIBUTE_TAIL = re.compile(rb":[A-Za-z_][\w.-]*+\s*+=\s*+[\"']")
_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def _only_root_prefixes(path: Path) -> bool:
    """True when every prefixed element or attribute name in ``path`` has a prefix declared
    on the root tag (or ``xml``/``xmlns``): then nothing is undeclared."""
    with path.open("rb") as handle:
        data = handle.read(_CHUNK)
        declared = _root_declarations(data)
        if declared is None:
            return False
        foreign = _foreign_element(declared)
        while True:
            chunk = handle.read(_CHUNK)
            # No name the exact scan matches holds a ">": cutting after one splits none.
            end = data.rfind(b">") + 1 if chunk else len(data)
            if end == 0 and len(data) > 4 * _CHUNK:
                return False  # megabytes without a ">" (an inline image?): not worth carrying
            if foreign.search(data, 0, end) or _foreign_attribute(data, end, declared):
                return False
            if not chunk:
                return True
            data = data[end:] + chunk


def _root_declarations(head: bytes) -> frozenset[bytes] | None:
    """The prefixes the ``<rss>`` tag declares, plus the reserved ones; None unless the exact
    scan surely reads that tag as markup (only whole comments before it, no ``<!`` in it)."""
    root = _ROOT_TAG_END.search(head)
    if root is None:
        return None
    tag = head[root.start() : root.end()]
    if b"<!" in tag or b"<!" in _COMMENT.sub(b"", head[: root.start()]):
        return None
    return frozenset(_DECLARATION.findall(tag)) | {b"xml", b"xmlns"}


@lru_cache(maxsize=8)
def _foreign_element(declared: frozenset[bytes]) -> re.Pattern[bytes]:
    """The exact scan's element pattern, for prefixes not in ``declared`` only."""
    known = b"|".join(re.escape(prefix) for prefix in sorted(declared))
    return re.compile(rb"</?+(?!(?:" + known + rb"):)[A-Za-z_][\w.-]*+:[A-Za-z_]")


def _foreign_attribute(data: bytes, end: int, declared: frozenset[bytes]) -> bool:
    """Whether ``data[:end]`` holds a prefixed attribute name whose prefix is not declared."""
    for tail in _ATTRIBUTE_TAIL.finditer(data, 0, end):
        start = tail.start()
        while start and data[start - 1] in _NAME_BYTES:
            start -= 1
        attribute = _ATTRIBUTE.match(data, start - 1, end) if start else None
        if attribute and attribute.group(1) not in declared:
            return True
    return False


def declarations(prefixes: list[str]) -> bytes:
    """``xmlns:`` attributes for ``prefixes``; unknown ones get a stable placeholder URI."""
    parts = []
    for prefix in prefixes:
        uri = KNOWN_NAMESPACES.get(prefix, f"urn:wpmigrate:undeclared:{prefix}")
        parts.append(f' xmlns:{prefix}="{uri}"')
    return "".join(parts).encode("ascii")


@dataclass
class SafeStream:
    """A file-like byte source for lxml: control characters out, missing declarations in.

    ``removed`` counts the control characters dropped, ``lines`` the line breaks passed on,
    ``eof`` says whether the whole file has been read (a parse error then is a truncation).
    With ``repair_cdata``, ``cdata_repaired`` counts the ``]]>`` taken as text and
    ``cdata_crossed_item`` says a repaired section ran past an ``</item>`` (see
    :class:`~wpmigrate.read.cdata.CdataRepair`).
    """

    raw: BinaryIO
    inject: bytes = b""
    repair_cdata: bool = False
    removed: int = 0
    lines: int = 1
    eof: bool = False
    rss_seen: bool = False  # the head holds "<rss": an early end is a cut export
    _pending: bytes = field(default=b"", repr=False)
    _started: bool = field(default=False, repr=False)
    _started_bytes: bool = field(default=False, repr=False)
    _wide: bool = field(default=False, repr=False)
    _repair: CdataRepair | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._repair = CdataRepair() if self.repair_cdata else None

    @property
    def cdata_repaired(self) -> int:
        return self._repair.repaired if self._repair else 0

    @property
    def cdata_crossed_item(self) -> bool:
        return self._repair.crossed_item if self._repair else False

    def read(self, size: int = CHUNK) -> bytes:
        if not self._started:
            self._started = True
            self._pending = self._head()
        if self._pending:
            chunk, self._pending = self._pending, b""
        else:
            chunk = self._next(max(size, CHUNK))
        self.lines += chunk.count(b"\n")
        return chunk

    def _next(self, size: int) -> bytes:
        """The next filtered bytes; empty only at the end of the file (lxml stops there),
        though the CDATA repair may hold a whole chunk back."""
        while True:
            raw = self.raw.read(size)
            chunk = self._filter(raw)
            if chunk or not raw:
                return chunk

    def _filter(self, chunk: bytes) -> bytes:
        if not chunk:
            self.eof = True
            return self._repair.feed(b"", final=True) if self._repair else chunk
        if not self._started_bytes:
            self._started_bytes = True
            # UTF-16 and UTF-32 text is full of zero bytes: filtering bytes would destroy it.
            self._wide = chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
        if self._wide:
            return chunk
        cleaned = chunk.translate(None, _CONTROL_BYTES)  # C, 5x a regex sub
        self.removed += len(chunk) - len(cleaned)
        return self._repair.feed(cleaned) if self._repair else cleaned

    def _head(self) -> bytes:
        """The first chunks, with ``inject`` spliced into the root tag when it is found."""
        head = b""
        match: re.Match[bytes] | None = None
        while len(head) < _HEAD_LIMIT:
            chunk = self._next(CHUNK)
            head += chunk
            match = _ROOT_TAG_END.search(head)
            if match or not chunk:
                break
        self.rss_seen = b"<rss" in head
        if self.inject and match:
            at = match.start(1)
            head = head[:at] + self.inject + head[at:]
        return head


def iterparse(stream: SafeStream) -> Iterator[tuple[str, etree._Element]]:
    """Start and end events over ``stream`` with every unsafe parser feature switched off.

    lxml's iterator itself, not a generator around it: one Python frame less per event."""
    events: Iterator[tuple[str, etree._Element]] = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_blank_text=False,
    )
    return events


def error_line(error: etree.XMLSyntaxError) -> int:
    """The line an lxml syntax error points at (0 when lxml does not say)."""
    line = getattr(error, "lineno", None) or 0
    return int(line)


def error_text(error: etree.XMLSyntaxError) -> str:
    """The parser's message without lxml's position suffixes (the error carries the line)."""
    message = str(getattr(error, "msg", "") or error)
    message = re.sub(r"\s*\(<?[^()]*>?, line \d+\)$", "", message)
    return re.sub(r",? line \d+, column \d+$", "", message).strip()


def is_truncation(error: etree.XMLSyntaxError, stream: SafeStream) -> bool:
    """True when the parser failed because the file ended, not because of damage inside."""
    return stream.eof and error_line(error) >= stream.lines - 1
