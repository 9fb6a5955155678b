"""Write stage, part 2: keep the old URLs.

:func:`infer_structure` reads the links of published items and finds, per post type, the Hugo
permalink pattern that reproduces most of them: every path segment of an old link is
generalised (``2021`` -> ``:year``, ``03`` after a year -> ``:month``, the item's own slug ->
``:slug``, anything else stays literal), and the most frequent pattern that Hugo can express
wins. ``/archives/123`` and ``/?p=123`` (numeric permalinks) cannot be expressed: when nothing
else matches, posts fall back to ``/:year/:month/:slug/`` and custom types to
``/<type>/:slug/``; the old paths become aliases (query-string URLs cannot be aliases: they need
the redirect map).

Pages keep their exact old path (``/parent/child/``) through a ``url`` in front matter; pages
with only a ``?page_id=`` link get the path of their parents' new URLs plus their own slug.

Sites under a sub-path keep it: an old site at ``https://x.org/blog`` has
``/blog/2021/03/slug/`` links; the new one has ``baseURL = "https://x.org/"`` and patterns,
page ``url``s and aliases that start with ``/blog``, so the built ``public/`` mirrors the old
URL paths exactly and can be deployed at the host's root like the old site was. Patterns are
inferred on paths *below* the base (:func:`relative_path`); the base is added back by
:func:`new_url`, :func:`hugo_patterns` and :func:`term_patterns`.

Old paths with non-ASCII characters are served twice: at the decoded Unicode path (the page
or its alias; Hugo writes that folder) and at the percent-encoded form WordPress wrote
(lower-case hex), an alias Hugo writes literally as a ``%d8%b9...`` folder, for servers and
object stores that do not decode request paths.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from wpmigrate.config import INTERNAL_TAXONOMIES, INTERNAL_TYPES
from wpmigrate.model import IndexEntry, Site, Term
from wpmigrate.write.paths import bundle_slug, clean_slug, content_folder

DEFAULT_POST_PATTERN = "/:year/:month/:slug/"
#: Hugo makes ``.html`` URLs with ``uglyURLs`` for a section; ``.htm``/``.php`` it cannot.
_SUFFIXES = (".html",)
_YEAR = re.compile(r"(19|20)\d\d")
_MONTH = re.compile(r"0[1-9]|1[0-2]")
_DAY = re.compile(r"0[1-9]|[12]\d|3[01]")
_AFTER = {":year": (":month", _MONTH), ":month": (":day", _DAY)}
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
#: What WordPress leaves unescaped in a path (RFC 3986 unreserved and sub-delims, ``:@/``).
_PATH_SAFE = "/-_.~!$&'()*+,;=:@"


@dataclass(frozen=True)
class PermalinkPlan:
    """How new URLs are made; picklable, so conversion workers can use it."""

    #: content folder -> Hugo permalink pattern, e.g. ``{"posts": "/:year/:month/:slug/"}``
    patterns: dict[str, str] = field(default_factory=lambda: {"posts": DEFAULT_POST_PATTERN})
    #: path of the old site below its host ("" or "/blog"), stripped from old links
    base_path: str = ""
    category_base: str = "category"
    tag_base: str = "tag"
    #: page id -> (parent id, old path relative to base, "" when it was a query link)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: folder -> (links the chosen pattern reproduces, published links looked at)
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)


def base_path(site: Site) -> str:
    """The old site's path below its host, without trailing slash: ``""`` or ``"/blog"``."""
    link = site.link or site.base_blog_url or site.base_site_url
    return unquote(urlsplit(link).path).rstrip("/")


def relative_path(link: str, base: str) -> str:
    """The path of ``link`` below ``base`` (decoded), or ``""`` for query-string links."""
    parts = urlsplit(link.strip())
    if parts.query or not parts.path.strip("/"):
        return ""
    path = unquote(parts.path, errors="replace")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :]
    return path if path.startswith("/") else "/" + path


def _token(segment: str, slug: str, prev: str, has_year: bool) -> str:
    if slug and segment == slug:
        return ":slug"
    for suffix in _SUFFIXES:
        if slug and segment == slug + suffix:
            return ":slug" + suffix
    if prev in _AFTER and _AFTER[prev][1].fullmatch(segment):
        return _AFTER[prev][0]
    if not has_year and _YEAR.fullmatch(segment):
        return ":year"
    return segment


def generalise(path: str, slug: str, item_id: str) -> str:
    """The pattern an old path follows: ``/2021/03/x/`` with slug ``x`` -> ``/:year/:month/:slug/``.

    Returns ``""`` for paths Hugo cannot reproduce or that do not end with the slug (the
    front matter's ``slug`` is taken from the last segment of the new URL).
    """
    segments = [s for s in path.split("/") if s]
    tokens: list[str] = []
    for segment in segments:
        prev = tokens[-1] if tokens else ""
        tokens.append(_token(segment, slug, prev, ":year" in tokens))
    if not tokens or not tokens[-1].startswith(":slug") or item_id in segments:
        return ""
    trailing = "/" if path.endswith("/") or not tokens[-1].endswith(_SUFFIXES) else ""
    return "/" + "/".join(tokens) + trailing


def _best(counts: Counter[str]) -> tuple[str, int]:
    pattern, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pattern, count


def _type_patterns(
    index: list[IndexEntry], base: str, internal: frozenset[str]
) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    for entry in index:
        skip = entry.type in ("page", "attachment") or entry.type in internal
        if skip or entry.status != "publish":
            continue
        slug = unquote(entry.slug, errors="replace").lower()
        pattern = generalise(relative_path(entry.link, base), slug, entry.id)
        counts = found.setdefault(content_folder(entry.type), Counter())
        counts[pattern] += 1
    return found


def infer_structure(
    site: Site, index: list[IndexEntry], internal: frozenset[str] = INTERNAL_TYPES
) -> PermalinkPlan:
    """The permalink plan that reproduces most old links of ``index``.

    ``internal`` are the post types that are never pages (``Config.internal_types``).
    """
    base = base_path(site)
    patterns: dict[str, str] = {"posts": DEFAULT_POST_PATTERN}
    coverage: dict[str, tuple[int, int]] = {}
    for folder, counts in sorted(_type_patterns(index, base, internal).items()):
        total = sum(counts.values())
        del counts[""]
        default = DEFAULT_POST_PATTERN if folder == "posts" else f"/{folder}/:slug/"
        pattern, hits = _best(counts) if counts else (default, 0)
        patterns[folder] = pattern
        coverage[folder] = (hits, total)
    pages = {e.id: (e.parent, relative_path(e.link, base)) for e in index if e.type == "page"}
    return PermalinkPlan(
        patterns=patterns,
        base_path=base,
        pages=pages,
        coverage=coverage,
    )


def _date_parts(date: str) -> dict[str, str]:
    match = re.match(r"(\d{4})-(\d\d)-(\d\d)", date or "")
    if not match or match.group(1) == "0000":
        return {":year": "0001", ":month": "01", ":day": "01"}  # what Hugo uses for no date
    year, month, day = match.groups()
    return {":year": year, ":month": month, ":day": day}


def expand(pattern: str, slug: str, date: str) -> str:
    """``pattern`` filled in the way Hugo does (``:slug`` lower-cased)."""
    values = _date_parts(date) | {":slug": slug.lower()}
    return re.sub(r":(year|month|day|slug)", lambda m: values[m.group(0)], pattern)


def _page_url(page_id: str, plan: PermalinkPlan, paths: dict[str, str], depth: int = 0) -> str:
    parent, old = plan.pages.get(page_id, ("0", ""))
    if old:
        segments = [clean_slug(s, 1000) for s in old.split("/") if s]
        return "/" + "/".join(s for s in segments if s) + "/"
    slug = bundle_slug(paths[page_id]) if page_id in paths else clean_slug(page_id)
    if parent in ("", "0") or parent not in plan.pages or depth > 50:
        return f"/{slug}/"
    return _page_url(parent, plan, paths, depth + 1) + slug + "/"


def link_date(entry: IndexEntry, pattern: str, base: str) -> str:
    """``YYYY-MM-DD`` read from the old link when it follows ``pattern``, else ``""``."""
    path = relative_path(entry.link, base)
    slug = unquote(entry.slug, errors="replace").lower()
    if not path or generalise(path, slug, entry.id) != pattern:
        return ""
    tokens = [t for t in pattern.split("/") if t]
    found = dict(zip(tokens, [s for s in path.split("/") if s], strict=True))
    year, month, day = (
        found.get(k, d) for k, d in ((":year", ""), (":month", "01"), (":day", "01"))
    )
    return f"{year}-{month}-{day}" if year else ""


def new_url(entry: IndexEntry, plan: PermalinkPlan, paths: dict[str, str], date: str = "") -> str:
    """The new URL (path below the site's base) Hugo will give ``entry``.

    ``paths`` is :func:`plan_paths`'s result. The date for ``:year/:month/:day`` is ``date``
    (local ``post_date``), else ``entry.date``, else what the old link says; with none of them
    Hugo's zero date is used, as Hugo does for a page without a date.
    """
    if entry.type == "page":
        return plan.base_path + _page_url(entry.id, plan, paths)
    folder = content_folder(entry.type)
    pattern = plan.patterns.get(folder) or (
        DEFAULT_POST_PATTERN if folder == "posts" else f"/{folder}/:slug/"
    )
    slug = bundle_slug(paths[entry.id]) if entry.id in paths else clean_slug(entry.slug)
    when = date or entry.date or link_date(entry, pattern, plan.base_path)
    return plan.base_path + expand(pattern, slug, when)


def encoded(path: str) -> str:
    """A decoded ``path`` percent-encoded as WordPress writes it: UTF-8, lower-case hex."""
    text = quote(path, safe=_PATH_SAFE)
    return _ESCAPE.sub(lambda m: m.group(0).lower(), text)


def old_paths(entry: IndexEntry, site: Site) -> list[str]:
    """Old paths of ``entry`` (base path included): its link and one per ``_wp_old_slug``,
    decoded, each followed by its percent-encoded form when that differs.

    Query-string links (``/?p=123``) are left out: Hugo aliases cannot match a query.
    """
    del site  # old paths are the links' own paths; kept so callers need not change
    parts = urlsplit(entry.link.strip())
    current = "" if parts.query else unquote(parts.path, errors="replace")
    found = [current] if current else []
    slug = unquote(entry.slug, errors="replace")
    for old in entry.old_slugs:
        old = unquote(old, errors="replace")
        if current and slug and old and slug in current:
            head, _, tail = current.rpartition(slug)
            found.append(head + old + tail)
    with_encoded = [form for path in found for form in (path, encoded(path))]
    return list(dict.fromkeys(p for p in with_encoded if p.strip("/")))


def hugo_patterns(plan: PermalinkPlan) -> tuple[dict[str, str], dict[str, bool]]:
    """``[permalinks.page]`` and ``[uglyURLs]``: ``/:slug.html`` is ``/:slug`` made ugly."""
    pages: dict[str, str] = {}
    ugly: dict[str, bool] = {}
    for folder, pattern in sorted(plan.patterns.items()):
        if pattern.endswith(".html"):
            pattern = pattern.removesuffix(".html")
            ugly[folder] = True
        pages[folder] = plan.base_path + pattern
    return pages, ugly


def term_patterns(plan: PermalinkPlan) -> dict[str, str]:
    """Hugo ``[permalinks.term]`` patterns that keep WordPress's term URLs."""
    return {
        "categories": f"{plan.base_path}/{plan.category_base}/:slug/",
        "tags": f"{plan.base_path}/{plan.tag_base}/:slug/",
    }


def custom_taxonomies(site: Site, extra: list[Term] | None = None) -> list[str]:
    """Taxonomies other than categories and tags that items use, sorted; internals left out."""
    names = {t.taxonomy for t in [*site.terms, *(extra or [])]}
    return sorted(n for n in names if n and n not in INTERNAL_TAXONOMIES)
