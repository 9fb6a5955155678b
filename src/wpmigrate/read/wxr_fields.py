"""Read stage, WXR elements -> records: one parsed ``<item>`` or channel child at a time.

Pure functions over lxml elements, used by :mod:`wpmigrate.read.wxr` while it streams. Names
are canonical (``wp:post_id`` for every version of the wp namespace and any prefix bound to
it). The whitespace WordPress wraps around a field is removed; whitespace inside is kept.
Emails, IP addresses and post passwords are never copied into a record.
"""

from __future__ import annotations

import mimetypes
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from wpmigrate.model import Attachment, Author, Comment, IndexEntry, Item, Term
from wpmigrate.read.phpserial import unserialize

_WP_NS = re.compile(r"^https?://wordpress\.org/export/([^/]+)/(excerpt/)?$")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# channel element -> (taxonomy, or "" to read it from wp:term_taxonomy; slug, name, parent,
# description field names)
_TERM_FIELDS = {
    "wp:category": (
        "category",
        "wp:category_nicename",
        "wp:cat_name",
        "wp:category_parent",
        "wp:category_description",
    ),
    "wp:tag": ("post_tag", "wp:tag_slug", "wp:tag_name", "", "wp:tag_description"),
    "wp:term": ("", "wp:term_slug", "wp:term_name", "wp:term_parent", "wp:term_description"),
}
_DOMAINS = {"tag": "post_tag", "": "category"}  # WXR 1.0 spellings of item term domains
_BODY = "content:encoded"


def wp_version(uri: str) -> str:
    """The WXR version a wp namespace URI names (``"1.2"``), or ``""`` if it is not one."""
    match = _WP_NS.match(uri)
    return match.group(1) if match and not match.group(2) else ""


def local_name(tag: object) -> str:
    """A canonical name for an element tag: ``wp:post_id`` whatever the wp namespace version.

    Comments, processing instructions and entity nodes give ``""``; elements of namespaces
    the reader does not know keep their ``{uri}name`` form.
    """
    name = _NAMES.get(tag)
    if name is not None:
        return name
    if not isinstance(tag, str):
        return ""
    name = _canonical(tag)
    if len(_NAMES) < _MAX_NAMES:
        _NAMES[tag] = name
    return name


# Called for every element of the export: an export has few distinct tags, so caching them
# saves a fifth of the reading time; the bound keeps hostile inputs from growing it. A plain
# dict, not functools.lru_cache: this is looked up once per element and must be cheap.
_NAMES: dict[object, str] = {}  # tag -> name; lxml tags are strings or functions
_MAX_NAMES = 4096


def _canonical(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, name = tag[1:].split("}", 1)
    match = _WP_NS.match(uri)
    if match:
        return ("excerpt:" if match.group(2) else "wp:") + name
    prefix = _PREFIXES.get(uri)
    return f"{prefix}:{name}" if prefix else tag


def text_of(elem: etree._Element) -> str:
    """The text of an element and its sub-elements, without comments or entity nodes."""
    if not len(elem):  # most fields: one text node
        return elem.text or ""
    parts = [elem.text or ""]
    for sub in elem:
        if isinstance(sub.tag, str):
            parts.append(text_of(sub))
        parts.append(sub.tail or "")
    return "".join(parts)


def fields_of(elem: etree._Element, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """First occurrence of each child's text by canonical name, outer whitespace removed."""
    fields: dict[str, str] = {}
    for child in elem:
        name = local_name(child.tag)
        if name and name not in fields and name not in skip:
            fields[name] = text_of(child).strip()
    return fields


# --- channel -----------------------------------------------------------------------------


def author_of(elem: etree._Element) -> Author | None:
    """A ``<wp:author>`` as an :class:`Author` (no email); ``None`` without a login."""
    fields = fields_of(elem, skip=frozenset({"wp:author_email"}))
    login = fields.get("wp:author_login", "")
    if not login:
        return None
    return Author(
        login=login,
        display_name=fields.get("wp:author_display_name", "") or login,
        first_name=fields.get("wp:author_first_name", ""),
        last_name=fields.get("wp:author_last_name", ""),
    )


def term_of(elem: etree._Element) -> Term | None:
    """A channel ``<wp:category>``, ``<wp:tag>`` or ``<wp:term>``; ``None`` for anything else."""
    spec = _TERM_FIELDS.get(local_name(elem.tag))
    if spec is None:
        return None
    taxonomy, slug, name, parent, description = spec
    fields = fields_of(elem)
    term = Term(
        taxonomy=taxonomy or fields.get("wp:term_taxonomy", ""),
        slug=fields.get(slug, ""),
        name=fields.get(name, ""),
        parent=fields.get(parent, "") if parent else "",
        description=fields.get(description, ""),
    )
    return term if term.slug or term.name else None


# --- items -------------------------------------------------------------------------------


@dataclass
class ItemParts:
    """One ``<item>`` taken apart: simple fields, terms, meta and comments."""

    fields: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    old_slugs: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def parts_of(elem: etree._Element, light: bool = False) -> ItemParts:
    """Take an ``<item>`` apart. ``light`` skips comments and non-attachment bodies."""
    parts = ItemParts()
    fields = parts.fields
    body: etree._Element | None = None
    for child in elem:
        # local_name and text_of, inlined for the usual case: this runs for every field of
        # every item, twice per export.
        name = _NAMES.get(child.tag) or local_name(child.tag)
        handler = _HANDLERS.get(name)
        if handler is not None:
            handler(parts, child, light)
        elif name == _BODY and light:
            body = child
        elif name and name not in fields:
            fields[name] = (text_of(child) if len(child) else child.text or "").strip()
    if body is not None and fields.get("wp:post_type") == "attachment":
        fields[_BODY] = text_of(body).strip()
    if len(parts.terms) > 1:
        parts.terms = _dedupe_item_terms(parts.terms)
    return parts


def _on_term(parts: ItemParts, elem: etree._Element, light: bool) -> None:
    parts.terms.append(_item_term(elem))


def _on_comment(parts: ItemParts, elem: etree._Element, light: bool) -> None:
    if not light:
        parts.comments.append(comment_of(elem))


def _on_password(parts: ItemParts, elem: etree._Element, light: bool) -> None:
    # Only whether there is one: the password itself is never kept.
    parts.fields.setdefault("wp:post_password", "1" if text_of(elem).strip() else "")


def _on_meta(parts: ItemParts, elem: etree._Element, light: bool) -> None:
    key, value = _meta_fields(elem)
    if not key:
        return
    parts.meta.setdefault(key, value)
    if key == "_wp_old_slug" and value:
        parts.old_slugs.append(value)


def _meta_fields(elem: etree._Element) -> tuple[str, str]:
    """``fields_of`` for a ``<wp:postmeta>``, its key and value only: items hold many."""
    key = value = None
    for sub in elem:
        name = _NAMES.get(sub.tag) or local_name(sub.tag)
        if name == "wp:meta_key" and key is None:
            key = text_of(sub).strip()
        elif name == "wp:meta_value" and value is None:
            value = text_of(sub).strip()
    return key or "", value or ""


_HANDLERS: dict[str, Callable[[ItemParts, etree._Element, bool], None]] = {
    "category": _on_term,
    "wp:postmeta": _on_meta,
    "wp:comment": _on_comment,
    "wp:post_password": _on_password,
}


def _item_term(elem: etree._Element) -> Term:
    domain = (elem.get("domain") or "").strip()
    return Term(
        taxonomy=_DOMAINS.get(domain, domain),
        slug=(elem.get("nicename") or "").strip(),
        name=text_of(elem).strip(),
    )


def _dedupe_item_terms(terms: list[Term]) -> list[Term]:
    """Drop repeats, and WXR 1.0's slug-less copies of terms also given with a slug."""
    named = {(t.taxonomy, t.name.casefold()) for t in terms if t.slug}
    seen: set[tuple[str, str, str]] = set()
    result = []
    for term in terms:
        key = (term.taxonomy, term.slug, term.name)
        if key in seen or (not term.slug and (term.taxonomy, term.name.casefold()) in named):
            continue
        seen.add(key)
        result.append(term)
    return result


def comment_of(elem: etree._Element) -> Comment:
    """A ``<wp:comment>``; the author's email and IP are not read."""
    fields = fields_of(elem, skip=frozenset({"wp:comment_author_email", "wp:comment_author_IP"}))
    return Comment(
        id=fields.get("wp:comment_id", ""),
        author=fields.get("wp:comment_author", ""),
        date=fields.get("wp:comment_date", ""),
        date_gmt=fields.get("wp:comment_date_gmt", ""),
        content=fields.get("wp:comment_content", ""),
        approved=fields.get("wp:comment_approved", "1"),
        author_url=fields.get("wp:comment_author_url", ""),
        parent=fields.get("wp:comment_parent", "0") or "0",
        type=fields.get("wp:comment_type", ""),
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def item_of(parts: ItemParts, source: Path | str = "", line: int = 0) -> Item:
    """The :class:`Item` an ``<item>``'s parts describe."""
    get = parts.fields.get
    return Item(
        id=get("wp:post_id", ""),
        type=get("wp:post_type", "") or "post",
        title=get("title", ""),
        slug=get("wp:post_name", ""),
        status=get("wp:status", "") or "publish",
        link=get("link", ""),
        guid=get("guid", ""),
        date=get("wp:post_date", ""),
        date_gmt=get("wp:post_date_gmt", ""),
        modified=get("wp:post_modified", ""),
        modified_gmt=get("wp:post_modified_gmt", ""),
        creator=get("dc:creator", ""),
        content=get(_BODY, ""),
        excerpt=get("excerpt:encoded", ""),
        parent=get("wp:post_parent", "") or "0",
        menu_order=_int(get("wp:menu_order", "0")),
        has_password=get("wp:post_password", "") == "1",
        sticky=get("wp:is_sticky", "") == "1",
        terms=list(parts.terms),
        meta=dict(parts.meta),
        comments=list(parts.comments),
        attachment_url=get("wp:attachment_url", ""),
        source=str(source),
        line=line,
    )


def entry_of(parts: ItemParts) -> IndexEntry:
    """The light index record of an item, for links and page placement."""
    get = parts.fields.get
    # Interned: thousands of entries share a handful of types, statuses and parents, and the
    # index lives for the whole run.
    return IndexEntry(
        id=get("wp:post_id", ""),
        type=sys.intern(get("wp:post_type", "") or "post"),
        slug=get("wp:post_name", ""),
        status=sys.intern(get("wp:status", "") or "publish"),
        parent=sys.intern(get("wp:post_parent", "") or "0"),
        link=get("link", ""),
        title=get("title", ""),
        old_slugs=tuple(parts.old_slugs),
        date=get("wp:post_date", ""),
    )


def attachment_from_item(item: Item) -> Attachment:
    """The media record of an ``attachment`` item: URL, upload path, sizes, alt and caption."""
    url = item.attachment_url or item.guid
    return Attachment(
        id=item.id,
        url=url,
        file=item.meta.get("_wp_attached_file", ""),
        parent=item.parent,
        title=item.title,
        caption=item.excerpt,
        alt=item.meta.get("_wp_attachment_image_alt", ""),
        description=item.content,
        sizes=size_files(item.meta.get("_wp_attachment_metadata", "")),
        mime=mimetypes.guess_type(url.split("?", 1)[0])[0] or "",
    )


def size_files(serialized: str) -> tuple[str, ...]:
    """File names of the resized variants listed in ``_wp_attachment_metadata``."""
    value = unserialize(serialized) if serialized else None
    sizes = value.get("sizes") if isinstance(value, dict) else None
    if not isinstance(sizes, dict):
        return ()
    names = []
    for size in sizes.values():
        name = size.get("file") if isinstance(size, dict) else None
        if isinstance(name, str) and name and name not in names:
            names.append(name)
    return tuple(names)
