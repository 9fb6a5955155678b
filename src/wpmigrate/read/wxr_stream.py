"""Read stage, the stream under :mod:`.wxr`: one export file as a run of channel children.

:func:`open_source` opens a file through :class:`~wpmigrate.read.xmlsafe.SafeStream`;
:func:`elements` yields each child of ``<channel>`` (items and channel fields), freeing it and
everything before it once the consumer moves on, and turns every parse failure into an
:class:`InputError` naming file, line and the item lost: a cut file is a
:class:`TruncatedInputError`, damage in the middle a :class:`DamagedInputError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from wpmigrate.errors import DamagedInputError, InputError, TruncatedInputError, WpmigrateError
from wpmigrate.read import xmlsafe
from wpmigrate.read.wxr_fields import fields_of, local_name, wp_version

_NOT_WXR_HINT = "export the site again with Tools > Export in WordPress and pass that .xml file"
_DAMAGE_HINT = "fix the XML at this line, or export again; every complete item before it is kept"
_DAMAGE_HINTS = {
    # Still there after the repair: a "]]>" outside any CDATA section.
    "Sequence": "']]>' may not appear in text: replace it with ']]&gt;' (inside a CDATA"
    " section with ']]]]><![CDATA[>'), or export again; every complete item before it"
    " is kept",
    # libxml2 stops a DOCTYPE whose entities would expand a thousandfold (an "XML bomb").
    "Maximum": "WordPress never writes a DOCTYPE: remove the one at the top of the file,"
    " whose entities would expand beyond any real export",
}


@dataclass
class Source:
    """One file being parsed, and what the parse has seen so far (for error messages)."""

    path: Path
    stream: xmlsafe.SafeStream
    problems: list[WpmigrateError] = field(default_factory=list)  # non-fatal
    root_seen: bool = False
    finished: bool = False  # the root element ended: every item has been read
    wp_seen: bool = False
    ns_version: str = ""
    current: etree._Element | None = None


def open_source(path: Path, repair_cdata: bool = False) -> Source:
    """Open ``path`` for streaming, declaring prefixes the exporter forgot to declare (and
    escaping stray ``]]>`` in CDATA sections with ``repair_cdata``)."""
    try:
        empty = path.stat().st_size == 0
        _refuse_archive(path)
        missing = xmlsafe.undeclared_prefixes(path)
        raw = path.open("rb")
    except OSError as err:
        raise InputError(
            f"cannot read the export: {err.strerror or err}", path=path, hint="check the path"
        ) from None
    if empty:
        raw.close()
        raise InputError("the file is empty", path=path, hint=_NOT_WXR_HINT)
    stream = xmlsafe.SafeStream(raw, xmlsafe.declarations(missing), repair_cdata=repair_cdata)
    source = Source(path, stream)
    if missing:
        source.problems.append(
            InputError(
                f"namespace prefix used without a declaration ({', '.join(missing)});"
                " declared and read on",
                path=path,
                hint="harmless: old WordPress.com exports do this",
            )
        )
    return source


#: How packed files start, and how to unpack them. WordPress.com hands out its exports as a
#: .zip of .xml files; an export saved by a browser or a backup plugin may be gzipped.
_ARCHIVES = {
    b"PK\x03\x04": ("a zip archive", "unzip it and pass the .xml file(s) it holds"),
    b"\x1f\x8b": ("a gzip-compressed file", "unpack it with gunzip and pass the .xml file"),
    b"BZh": ("a bzip2-compressed file", "unpack it with bunzip2 and pass the .xml file"),
    b"\xfd7zXZ\x00": ("an xz-compressed file", "unpack it with unxz and pass the .xml file"),
}


def _refuse_archive(path: Path) -> None:
    """Raise :class:`InputError` with the way out when ``path`` is a packed file, which the
    XML parser would only call "not an XML file"."""
    with path.open("rb") as handle:
        head = handle.read(8)
    for magic, (what, hint) in _ARCHIVES.items():
        if head.startswith(magic):
            raise InputError(f"{what}, not an XML export", path=path, hint=hint)


def _on_start(elem: etree._Element, source: Source) -> None:
    name = local_name(elem.tag)
    if not source.root_seen:
        source.root_seen = True
        if name != "rss":
            raise InputError(
                f"not a WordPress export: the root element is <{name}>, not <rss>",
                path=source.path,
                line=elem.sourceline,
                hint=_NOT_WXR_HINT,
            )
        versions = [wp_version(uri) for uri in elem.nsmap.values() if uri]
        source.ns_version = next((v for v in versions if v), "")
    elif name == "item":
        source.current = elem
    elif name.startswith("wp:"):
        source.wp_seen = True


def _release(elem: etree._Element) -> None:
    """Free a finished element and everything parsed before it."""
    elem.clear(keep_tail=True)
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


def elements(source: Source) -> Iterator[etree._Element]:
    """Each child of <channel> (items and channel fields), freed once the consumer moves on."""
    try:
        # Tags are compared raw on this path, run for every element: only a bare "item" or
        # "channel" tag has that local_name (namespaced tags keep a prefix or their URI).
        for event, elem in xmlsafe.iterparse(source.stream):
            if event == "start":
                if not source.wp_seen:
                    _on_start(elem, source)
                elif elem.tag == "item":  # the rest of _on_start is done once wp_seen
                    source.current = elem
                continue
            parent = elem.getparent()
            if parent is not None and parent.tag == "channel":
                yield elem
                source.current = None
                _release(elem)
            source.finished = parent is None
    except etree.XMLSyntaxError as err:
        if not source.finished:
            raise _translate(err, source) from None
        source.problems.append(_late_error(err, source))
    finally:
        source.stream.raw.close()
    if not source.wp_seen:
        raise InputError(
            "not a WordPress export: an RSS file without any wp: elements",
            path=source.path,
            hint=_NOT_WXR_HINT,
        )


def _translate(err: etree.XMLSyntaxError, source: Source) -> InputError:
    line = xmlsafe.error_line(err)
    what = xmlsafe.error_text(err)
    if not source.root_seen:
        cut = xmlsafe.is_truncation(err, source.stream) and source.stream.rss_seen
        what = "the file ends before its <rss> element" if cut else f"not an XML file ({what})"
        return InputError(what, path=source.path, line=line, hint=_NOT_WXR_HINT)
    if xmlsafe.is_truncation(err, source.stream):
        return _truncated(source)
    # Damage in the middle is read like a cut: what came before it is whole and converts.
    return DamagedInputError(
        f"the export is damaged: {what}{_lost(source)}",
        path=source.path,
        line=line,
        hint=_DAMAGE_HINTS.get(what.split(" ", 1)[0], _DAMAGE_HINT),
    )


def _lost(source: Source) -> str:
    if source.current is None:
        return "; any items after this point are missing"
    fields = fields_of(source.current, skip=frozenset({"content:encoded"}))
    name = f"item {fields.get('wp:post_id', '') or '?'} {fields.get('title', '')!r}"
    start = source.current.sourceline or 0
    return f"; {name} (from line {start}) and any items after it are missing"


def _late_error(err: etree.XMLSyntaxError, source: Source) -> InputError:
    """A well-formedness error lxml reports only after the whole file was read."""
    return InputError(
        f"XML errors that did not stop reading: {xmlsafe.error_text(err)}",
        path=source.path,
        line=xmlsafe.error_line(err),
        hint="usually a bad namespace declaration; every item was read",
    )


def _truncated(source: Source) -> TruncatedInputError:
    item_id, title = "", ""
    if source.current is not None:
        fields = fields_of(source.current, skip=frozenset({"content:encoded"}))
        item_id, title = fields.get("wp:post_id", ""), fields.get("title", "")
    lost = "any items after it are missing"
    if source.current is not None:
        start = source.current.sourceline or 0
        name = f"item {item_id or '?'} {title!r} (from line {start})"
        lost = f"{name} is cut off; it and any items after it are missing"
    return TruncatedInputError(
        f"the export ends early, at line {source.stream.lines}: {lost}",
        path=source.path,
        line=source.stream.lines,
        item_id=item_id or None,
        hint="every complete item before the break is kept; export again for the rest",
    )
