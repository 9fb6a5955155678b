"""Write stage, media: the uploads a post uses travel into its page bundle.

A :class:`Bundle` is made per item. Every reference to an old upload (inline image, gallery,
``srcset`` candidate, link, audio, video, featured image) goes through :meth:`Bundle.use`:

* with upload folders (``--uploads``, and files ``--download`` fetched), the file is found on
  disk -- the original upload when the reference is a resized variant and
  ``Config.resolve_sizes`` is on, the exact size otherwise -- and gets a name in the bundle;
  the reference becomes that bare name, which Hugo resolves relative to the page;
* a file that is not on disk is noted (``missing-media``) and keeps its old, absolute URL;
* without upload folders every reference stays absolute and the item lists them in one note,
  so users know what to fetch.

No I/O but ``is_file`` checks: the copy itself is the pipeline's, through the SiteWriter
(atomic, in the manifest, dry-run aware), from the :class:`Asset` list this returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from wpmigrate.media import MediaIndex
from wpmigrate.model import NoteKind, Notes
from wpmigrate.write.paths import reserved_name

STAGE = "write"
_UPLOADS = "/wp-content/uploads/"
_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
_UNSAFE = re.compile(r"[^\w.-]+")
#: Names a bundle needs for itself.
_RESERVED = frozenset({"index.md", "_index.md", "index.html"})


@dataclass(frozen=True)
class Asset:
    """One file to copy: ``source`` on disk -> ``name`` in the bundle; ``url`` as referenced."""

    source: str
    name: str
    url: str


@dataclass(frozen=True)
class Fetch:
    """An upload that is not on disk: what to download (``url``) and where it belongs below
    an uploads folder (``rel``)."""

    url: str
    rel: str


@dataclass
class Bundle:
    """The media of one page bundle (see module doc)."""

    media: MediaIndex
    hosts: frozenset[str]
    roots: tuple[Path, ...] = ()
    resolve_sizes: bool = True
    #: ``scheme://host`` of the old site, to make root-relative upload URLs absolute
    origin: str = ""
    assets: dict[str, Asset] = field(default_factory=dict)  # name -> asset
    missing: list[Fetch] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    _by_source: dict[str, str] = field(default_factory=dict)

    def is_upload(self, url: str) -> bool:
        """Whether ``url`` names a file in the old site's uploads."""
        candidate, inside = _upload_shape(url.strip(), self.hosts)
        return inside or (candidate and self.media.find(url) is not None)

    def use(self, url: str) -> str:
        """The reference to write for the upload ``url``: a bundle name, or the absolute URL."""
        absolute = _absolute(self.origin, url.strip()) if self.origin else url.strip()
        if not self.roots:
            _append_once(self.remote, absolute)
            return absolute
        for rel in self._candidates(url):
            for root in self.roots:
                path = root / rel
                if path.is_file():
                    return self._name_for(path, absolute)
        candidates = self._candidates(url)
        wanted = candidates[0] if candidates else upload_rel(url)
        fetch = Fetch(self._fetch_url(url, absolute, wanted), wanted)
        if fetch not in self.missing:
            self.missing.append(fetch)
        return absolute

    def _candidates(self, url: str) -> list[str]:
        """Paths below the uploads folder to look for, best first (original, then as used)."""
        exact = upload_rel(url)
        att = self.media.find(url)
        found: list[str] = []
        if self.resolve_sizes:
            if att is not None and att.file:
                found.append(att.file)
            elif att is not None and att.url:
                found.append(upload_rel(att.url))
            found.append(_SIZE_SUFFIX.sub("", exact))
        found.append(exact)
        # a path that could leave the uploads folder is never looked up (it is noted missing)
        return [r for r in dict.fromkeys(found) if _safe_rel(r)]

    def _fetch_url(self, url: str, absolute: str, rel: str) -> str:
        """Where the wanted file lives on the old site: the original's URL for a variant."""
        if rel == upload_rel(url):
            return absolute
        att = self.media.find(url)
        if att is not None and att.url:
            return att.url
        return _SIZE_SUFFIX.sub("", absolute.split("?", 1)[0])

    def _name_for(self, path: Path, url: str) -> str:
        source = str(path)
        if source in self._by_source:
            return self._by_source[source]
        name = unique_name(safe_name(path.name), {n.casefold() for n in self.assets})
        self.assets[name] = Asset(source, name, url)
        self._by_source[source] = name
        return name

    def note(self, notes: Notes) -> None:
        """One note per kind of outcome, so reports say what was copied and what is missing."""
        if self.assets:
            names = ", ".join(sorted(self.assets))
            notes.add(
                STAGE, NoteKind.MEDIA, f"{len(self.assets)} files copied into the bundle: {names}"
            )
        for fetch in self.missing:
            notes.add(
                STAGE,
                NoteKind.MISSING_MEDIA,
                f"not in the uploads folder, old URL kept: {fetch.url}",
                before=fetch.rel,
            )
        if self.remote:
            notes.add(
                STAGE,
                NoteKind.MEDIA,
                f"{len(self.remote)} file{'s' if len(self.remote) > 1 else ''} still on the old"
                " site (fetch them or pass --uploads): " + " ".join(self.remote),
            )


# The same few URLs recur on page after page (the site's images, its own links): both
# tests below are pure, and parsing each URL once per run saves most of their cost.
@lru_cache(maxsize=4096)
def _upload_shape(url: str, hosts: frozenset[str]) -> tuple[bool, bool]:
    """Whether ``url`` can name a file at all, and whether its path is below the uploads
    folder of one of ``hosts`` (or of no host)."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or not parts.path:
        return False, False
    host = (parts.hostname or "").lower().removeprefix("www.")
    return True, _UPLOADS in unquote(parts.path) and (not host or host in hosts)


@lru_cache(maxsize=4096)
def _absolute(origin: str, url: str) -> str:
    return urljoin(origin + "/", url)


def _append_once(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def upload_rel(url: str) -> str:
    """The path of an upload below ``wp-content/uploads`` (case kept, percent-decoded)."""
    path = unquote(urlsplit(url.strip()).path)
    if _UPLOADS in path:
        return path.split(_UPLOADS, 1)[1]
    if "/files/" in path:  # old multisite blogs
        return path.split("/files/", 1)[1]
    return path.lstrip("/")


def _safe_rel(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    bad = rel.startswith("/") or ".." in parts or "\\" in rel or "\0" in rel
    return bool(parts) and not bad


def safe_name(name: str) -> str:
    """A file name that is safe in a bundle and in Markdown without escaping."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("-", stem).strip("-.") or "file"
    ext = _UNSAFE.sub("", ext)
    cleaned = f"{stem}.{ext}" if ext else stem
    if reserved_name(cleaned):  # "con.jpg" is a device on Windows: rename before the first dot
        first, dot, rest = cleaned.partition(".")
        return f"{first}-file{dot}{rest}"
    return f"{stem}-file.{ext}" if cleaned.casefold() in _RESERVED else cleaned


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2.ext``, ``-3``... when a different file already has it."""
    if name.casefold() not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while f"{stem}-{n}{dot}{ext}".casefold() in taken:
        n += 1
    return f"{stem}-{n}{dot}{ext}"
