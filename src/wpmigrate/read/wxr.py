"""Read stage: WordPress WXR exports (1.0, 1.1, 1.2) -> :class:`Scan` and :class:`Item` records.

Two verbs, both streamed with ``lxml.etree.iterparse`` (every element is cleared, with its
earlier siblings, as soon as it is read, so memory does not grow with the export):

* :func:`scan` is the light first pass over every file of a (possibly split) export: the site
  channel, one :class:`IndexEntry` per item for linking, and the media index. Post bodies are
  not kept.
* :func:`read_items` yields full items of one file, in document order, every post type.

Guarantees: elements are matched by namespace URI, so any version of the ``wp:`` namespace
(and any prefix bound to it) reads the same; emails, IPs and post passwords are never read into
a record; a damaged file raises :class:`InputError` with path, line and a hint, never a bare
lxml traceback; a truncated file yields every complete item first, then raises
:class:`TruncatedInputError` (``scan`` records it in ``problems`` instead). Parsing is strict;
the one exception is a file whose strict parse stops at damage, which may come from a ``]]>``
left unescaped inside a CDATA section (old exporters wrote them, WordPress's importer reads
them): ``scan`` reads it again through :class:`~wpmigrate.read.cdata.CdataRepair` and, when
that reads further, says so in ``problems`` and lists it in ``Scan.cdata_repairs`` so
``read_items`` reads it the same way; otherwise the strict reading and its message stand.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from wpmigrate.config import INTERNAL_TYPES
from wpmigrate.errors import DamagedInputError, InputError, TruncatedInputError, WpmigrateError
from wpmigrate.media import MediaIndex
from wpmigrate.model import IndexEntry, Item, ReusableBlock, Site, Term
from wpmigrate.read import xmlsafe
from wpmigrate.read.wxr_fields import (
    attachment_from_item,
    author_of,
    entry_of,
    item_of,
    local_name,
    parts_of,
    term_of,
    text_of,
)
from wpmigrate.read.wxr_stream import Source, elements, open_source

__all__ = ["Scan", "attachment_from_item", "read_items", "scan"]

_SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "generator": "generator",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}
#: Items whose writer had no author archive for them: uploads, internals, reusable blocks.
_NOT_PUBLIC = INTERNAL_TYPES | {"attachment"}


@dataclass
class Scan:
    """What the first pass over all files of an export learns, before any item is converted."""

    site: Site
    index: list[IndexEntry]
    media: MediaIndex
    problems: list[WpmigrateError]
    control_chars: int = 0  # C0 control characters removed from the input before parsing
    #: ``wp_block`` items by their id as written, with their bodies: posts reference them.
    #: A site has a handful (not one per post), so keeping them whole leaves memory flat.
    reusable: dict[str, ReusableBlock] = field(default_factory=dict)
    #: logins of everyone who published a post, page or other public item, in order of first
    #: appearance: exports without ``<wp:author>`` records still had author archives.
    creators: dict[str, None] = field(default_factory=dict)
    #: files read with unescaped ``]]>`` in CDATA repaired (how many were taken as text);
    #: the second pass must read them the same way: ``read_items(path, repair_cdata=True)``.
    cdata_repairs: dict[Path, int] = field(default_factory=dict)

    def repairs_cdata(self, path: Path | str) -> bool:
        """Whether ``path`` must be read with the CDATA repair (as this scan read it)."""
        return Path(path) in self.cdata_repairs

    def warnings(
        self, sources: Sequence[Path], internal_types: Collection[str]
    ) -> list[WpmigrateError]:
        """Non-fatal notices of this pass worth a user's attention (``convert`` and
        ``inspect`` show the same ones). A cut export is left out (the second pass reports it
        as an error), and so is anything about items that are never pages (duplicate menu
        items and the like); an export holding no item at all says so."""
        if not self.index and not self.problems:
            return [_nothing_to_convert(sources)]
        internal = {e.id for e in self.index if e.type in internal_types or e.type == "attachment"}
        return [
            p
            for p in self.problems
            if not isinstance(p, TruncatedInputError) and str(p.item_id or "") not in internal
        ]


def _nothing_to_convert(sources: Sequence[Path]) -> InputError:
    one = sources[0] if len(sources) == 1 else None
    names = "" if one else ", ".join(str(p) for p in sources) + ": "
    return InputError(
        f"{names}the export holds no items, so there is nothing to convert",
        path=one,
        hint="an export of 'All content' from Tools > Export has the posts, pages and media",
    )


# --- the stream -------------------------------------------------------------------------


# --- the two verbs -----------------------------------------------------------------------


def read_items(path: Path, repair_cdata: bool = False) -> Iterator[Item]:
    """Every item of one export file, complete, in document order, every post type.

    Raises :class:`InputError` for a file that is not a readable WXR export and, after the
    last complete item, :class:`TruncatedInputError` for an export that ends early. Pass
    ``repair_cdata`` as ``scan`` decided it (:meth:`Scan.repairs_cdata`).
    """
    source = open_source(Path(path), repair_cdata)
    for elem in elements(source):
        if local_name(elem.tag) == "item":
            yield item_of(parts_of(elem), source=path, line=elem.sourceline or 0)


@dataclass
class _ScanState:
    result: Scan
    items: set[tuple[str, str]]
    term_keys: set[tuple[str, str]]


def scan(paths: Sequence[Path]) -> Scan:
    """The light first pass over every file of an export, merged in the order given.

    A truncated file is recorded in ``problems`` (its complete items are indexed); a file
    that is not a readable export raises :class:`InputError`. A file whose strict parse
    stops at damage is read again with the CDATA repair, and the scan starts over: the
    repaired reading may differ before that point too. The repair is kept only when it reads
    the file further than the strict parse did (or to its end); otherwise the scan starts
    over once more and the strict reading stands, its damage reported as it was.
    """
    files = [Path(p) for p in paths]
    plans: dict[Path, _Plan] = {}
    while True:
        state = _ScanState(Scan(Site(), [], MediaIndex(), []), set(), set())
        for path in files:
            retry = _scan_file(path, state, plans.get(path, _Plan()))
            if retry is not None:
                plans[path] = retry
                break
        else:
            return state.result


@dataclass(frozen=True)
class _Plan:
    """How ``scan`` reads one file: strictly first; with the CDATA repair once the strict
    parse stopped at damage (at ``strict_line``); strictly for good (``final``) when the
    repair did not get further."""

    repair: bool = False
    strict_line: int = 0
    final: bool = False


def _scan_file(path: Path, state: _ScanState, plan: _Plan) -> _Plan | None:
    """Scan one file into ``state``. A new plan, with ``state`` spoiled, when the file must
    be read again another way.

    The strict parse may stop at damage the CDATA repair fixes, and not only at lxml's
    "Sequence ']]>' not allowed": text after a stray ``]]>`` is parsed as markup, so an HTML
    end tag or an entity such as ``&nbsp;`` there usually fails first."""
    source = open_source(path, plan.repair)
    site = state.result.site
    site.sources.append(str(path))
    failure: TruncatedInputError | None = None
    try:
        for elem in elements(source):
            _scan_element(elem, path, state)
    except TruncatedInputError as err:
        failure = err
    retry = _retry(plan, failure, source.stream)
    if retry is not None:
        return retry
    if failure is not None:
        source.problems.append(failure)
    if plan.repair:
        _note_repair(source, state.result)
    site.wxr_version = site.wxr_version or source.ns_version
    _check_version(source.ns_version, source)
    state.result.problems.extend(source.problems)
    state.result.control_chars += source.stream.removed
    return None


#: The WXR versions WordPress has written; the reader reads any other version the same way.
KNOWN_VERSIONS = ("1.0", "1.1", "1.2")


def _check_version(version: str, source: Source) -> None:
    if version and version not in KNOWN_VERSIONS:
        source.problems.append(
            InputError(
                f"WXR version {version} is not one wpmigrate knows ({', '.join(KNOWN_VERSIONS)});"
                " read as 1.2",
                path=source.path,
                hint="check the converted pages, and report the version if anything is missing",
            )
        )


def _retry(
    plan: _Plan, failure: TruncatedInputError | None, stream: xmlsafe.SafeStream
) -> _Plan | None:
    """The next way to read a file after reading it with ``plan``; None to keep this one.

    A repaired reading that fails no further than the strict one did (lines match: the
    repair keeps every line break) fixed nothing, and its message may point elsewhere; one
    whose section ran past an ``</item>`` hid a missing end tag by folding items together."""
    line = (failure.line or 0) if isinstance(failure, DamagedInputError) else None
    if plan.final:
        return None
    if not plan.repair:
        return None if line is None else _Plan(repair=True, strict_line=line)
    further = line is None or line > plan.strict_line
    return None if further and not stream.cdata_crossed_item else _Plan(final=True)


def _note_repair(source: Source, result: Scan) -> None:
    count = source.stream.cdata_repaired
    result.cdata_repairs[source.path] = count
    if count:
        source.problems.insert(
            0,
            InputError(
                f"{count} ']]>' left unescaped inside CDATA sections, read as text",
                path=source.path,
                hint="an old exporter wrote them; WordPress's importer reads them the same"
                " way: check the items that hold ']]>' or a nested '<![CDATA['",
            ),
        )


def _scan_element(elem: etree._Element, path: Path, state: _ScanState) -> None:
    name = local_name(elem.tag)
    site = state.result.site
    if name == "item":
        _scan_item(elem, path, state)
    elif name == "wp:author":
        author = author_of(elem)
        if author is not None:
            site.authors.setdefault(author.login, author)
    elif name in _SITE_FIELDS:
        attribute = _SITE_FIELDS[name]
        if not getattr(site, attribute):
            setattr(site, attribute, text_of(elem).strip())
    else:
        term = term_of(elem)
        if term is not None:
            _add_term(term, state)


def _scan_item(elem: etree._Element, path: Path, state: _ScanState) -> None:
    parts = parts_of(elem, light=True)
    entry = entry_of(parts)
    key = (entry.type, entry.id)
    if entry.id and key in state.items:
        state.result.problems.append(
            InputError(
                f"{entry.type} {entry.id} appears more than once in the export",
                path=path,
                line=elem.sourceline,
                item_id=entry.id,
                hint=f"every copy is kept: later copies get the id {entry.id}-2, -3...",
            )
        )
    state.items.add(key)
    state.result.index.append(entry)
    for term in parts.terms:
        _add_term(term, state)
    creator = parts.fields.get("dc:creator", "")
    if creator and entry.status == "publish" and entry.type not in _NOT_PUBLIC:
        state.result.creators.setdefault(creator, None)
    if entry.type == "attachment":
        state.result.media.add(attachment_from_item(item_of(parts, path, elem.sourceline or 0)))
    elif entry.type == "wp_block" and entry.id not in state.result.reusable:
        state.result.reusable[entry.id] = _reusable(item_of(parts_of(elem), path))


def _reusable(item: Item) -> ReusableBlock:
    return ReusableBlock(item.id, item.content, item.title, item.status, item.has_password)


def _add_term(term: Term, state: _ScanState) -> None:
    """Add a term once: by slug, or by name for the slug-less terms of WXR 1.0 items."""
    by_name = (term.taxonomy, "name:" + term.name.casefold())
    key = (term.taxonomy, term.slug) if term.slug else by_name
    if key in state.term_keys:
        return
    state.term_keys.update({key, by_name})
    state.result.site.terms.append(term)
