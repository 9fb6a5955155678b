"""Write stage, part 1: where each converted item goes in the Hugo site.

Every convertible item becomes a leaf bundle ``content/<folder>/<slug>/index.md``:

* posts go to ``content/posts/<slug>/``, custom types to ``content/<type>/<slug>/``;
* pages go, flat, to ``content/pages/<slug>/`` and get a ``url`` in their front matter that
  reproduces their WordPress hierarchy (``/parent/child/``). Nesting page bundles on disk does
  not work in Hugo: a leaf bundle cannot hold another bundle, and a folder directly under
  ``content/`` is a section, so ``content/about/team/index.md`` would turn "about" into a list.

Guarantees: slugs are percent-decoded, NFC, lower case, made only of letters, marks, digits,
``-``, ``_`` and ``.`` (the characters Hugo keeps in a URL, so the folder name *is* the URL
slug), never ``.``/``..``, never a Windows-reserved name, at most ``cfg.slug_max_bytes`` UTF-8
bytes without cutting a character. Duplicates in one folder (compared case-folded, for
case-insensitive file systems) are disambiguated deterministically: the lowest id keeps the
slug, the others get ``-2``, ``-3``... in id order, and no item is lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from wpmigrate.config import DROPPED_STATUSES, Config
from wpmigrate.errors import OutputError
from wpmigrate.model import IndexEntry, Note, NoteKind

STAGE = "write"

#: Content folders wpmigrate uses itself, and Hugo's taxonomy folders: a custom post type must
#: not land in one of them.
RESERVED_FOLDERS = frozenset({"posts", "pages", "categories", "tags", "authors"})

# Device names Windows reserves whatever the extension ("con.jpg" is the console there).
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{i}" for d in ("com", "lpt") for i in range(10)}
)


def reserved_name(name: str) -> bool:
    """Whether Windows takes ``name`` for a device: ``con``, ``aux.txt``, ``COM1.tar.gz``..."""
    return name.split(".", 1)[0].lower() in _WINDOWS_RESERVED


# Letters that NFKD does not decompose into "ASCII letter + accent".
_TRANSLIT = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i"}
)
_DASHES = re.compile(r"-{2,}")


def _keep(ch: str) -> bool:
    """Characters Hugo keeps in a URL path segment: letters, marks, digits, ``-_.``."""
    return ch in "-_." or unicodedata.category(ch)[0] in "LMN"


def _clean(text: str) -> str:
    """Lower case, NFC; format characters dropped, anything else not kept becomes ``-``."""
    out = []
    for ch in unicodedata.normalize("NFC", text).lower():
        if _keep(ch):
            out.append(ch)
        elif unicodedata.category(ch) != "Cf":  # ZWNJ, bidi marks: Hugo drops them too
            out.append("-")
    return _DASHES.sub("-", "".join(out)).strip("-.")


def truncate_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, never inside a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def _finish(text: str, max_bytes: int) -> str:
    text = truncate_utf8(text, max_bytes).strip("-.")
    if reserved_name(text):
        stem, dot, rest = text.partition(".")
        # Windows reserves the name before the first dot ("aux.txt-page" too): change that part.
        text = truncate_utf8(f"{stem}-page{dot}{rest}", max_bytes).strip("-.")
    return text


def clean_slug(raw: str, max_bytes: int = 120) -> str:
    """A WordPress ``post_name`` (percent-encoded) as a safe file and URL name; may be ``""``."""
    return _finish(_clean(unquote(raw, errors="replace").replace("\ufffd", "-")), max_bytes)


def transliterate(title: str) -> str:
    """Accents off Latin letters (``é`` -> ``e``); other scripts kept as they are."""
    out = []
    for ch in unicodedata.normalize("NFC", title).translate(_TRANSLIT):
        parts = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in parts if not unicodedata.combining(c))
        out.append(base if base.isascii() and base else ch)
    return "".join(out)


def title_slug(title: str, max_bytes: int = 120) -> str:
    """A readable slug made from a title, for items WordPress never gave a slug."""
    return _finish(_clean(transliterate(title.lower())), max_bytes)


def content_folder(post_type: str) -> str:
    """The folder under ``content/`` for a post type."""
    if post_type == "post":
        return "posts"
    if post_type == "page":
        return "pages"
    name = clean_slug(post_type, 60) or "items"
    return f"{name}-type" if name in RESERVED_FOLDERS else name


def is_convertible(entry: IndexEntry, cfg: Config) -> bool:
    """Items that become pages: not attachments, internals, trash or auto-drafts."""
    return (
        entry.type != "attachment"
        and entry.type not in cfg.internal_types
        and entry.status not in DROPPED_STATUSES
    )


@dataclass
class PathPlan:
    """Output paths by item id, plus notes on every slug that was invented or changed."""

    paths: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def _id_key(item_id: str) -> tuple[int, int, str]:
    return (0, int(item_id), "") if item_id.isdigit() else (1, 0, item_id)


def base_slug(entry: IndexEntry, cfg: Config, notes: list[Note]) -> str:
    """The slug an item wants before disambiguation, noting when it had to be invented."""
    slug = clean_slug(entry.slug, cfg.slug_max_bytes)
    if slug:
        if slug != unquote(entry.slug, errors="replace"):
            _note(notes, entry, "slug cleaned for a file name", entry.slug, slug)
        return slug
    slug = title_slug(entry.title, cfg.slug_max_bytes) or clean_slug(
        f"{entry.type}-{entry.id}", cfg.slug_max_bytes
    )
    _note(notes, entry, "no slug in the export: made one", entry.slug, slug)
    return slug


def _note(notes: list[Note], entry: IndexEntry, message: str, before: str, after: str) -> None:
    notes.append(Note(STAGE, NoteKind.SLUG, message, "slug", entry.id, before[:80], after[:80]))


def _suffixed(slug: str, n: int, max_bytes: int) -> str:
    suffix = f"-{n}"
    return truncate_utf8(slug, max_bytes - len(suffix)).rstrip("-.") + suffix


def _assign(group: list[tuple[IndexEntry, str]], cfg: Config, plan: PathPlan) -> None:
    """Give every entry of one folder a unique slug: natural slugs first, then ``-N``."""
    taken: set[str] = set()
    later: list[tuple[IndexEntry, str]] = []
    for entry, slug in group:
        if slug.casefold() in taken:
            later.append((entry, slug))
        else:
            taken.add(slug.casefold())
            plan.paths[entry.id] = slug
    for entry, slug in later:
        n = 2
        while _suffixed(slug, n, cfg.slug_max_bytes).casefold() in taken:
            n += 1
        unique = _suffixed(slug, n, cfg.slug_max_bytes)
        taken.add(unique.casefold())
        plan.paths[entry.id] = unique
        _note(plan.notes, entry, "slug already used in this folder: disambiguated", slug, unique)


def check_relative(rel: str) -> str:
    """``rel`` if it is a plain relative path that cannot leave the site folder."""
    path = PurePosixPath(rel)
    bad = (
        not rel
        or "\\" in rel
        or "\0" in rel
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in rel.split("/"))
    )
    if bad:
        raise OutputError(f"unsafe output path {rel!r}", hint="this is a bug in wpmigrate")
    return rel


def plan(index: list[IndexEntry], cfg: Config) -> PathPlan:
    """Output paths for every convertible item of ``index``, with notes on slug changes."""
    result = PathPlan()
    folders: dict[str, list[tuple[IndexEntry, str]]] = {}
    for entry in sorted(index, key=lambda e: _id_key(e.id)):
        if is_convertible(entry, cfg) and entry.id not in result.paths:
            slug = base_slug(entry, cfg, result.notes)
            folders.setdefault(content_folder(entry.type), []).append((entry, slug))
            result.paths[entry.id] = ""
    for folder, group in sorted(folders.items()):
        _assign(group, cfg, result)
        for entry, _ in group:
            rel = f"content/{folder}/{result.paths[entry.id]}/index.md"
            result.paths[entry.id] = check_relative(rel)
    return result


def plan_paths(index: list[IndexEntry], cfg: Config) -> dict[str, str]:
    """Item id -> output path relative to the site (``content/posts/<slug>/index.md``)."""
    return plan(index, cfg).paths


def bundle_slug(path: str) -> str:
    """The slug (bundle folder name) of a planned ``content/<folder>/<slug>/index.md``."""
    return PurePosixPath(path).parent.name
