"""Old URLs -> new URLs: the link map that keeps internal links and old addresses working.

Every item is reachable under several old forms: its permalink, ``/?p=ID``, ``/?page_id=ID``
and the paths of its old slugs, on http or https, with or without ``www.``. The map is keyed
by a normalized form (path with a trailing slash, or ``/?p=ID``) so all variants resolve.

Values are new URL paths (``/2021/03/slug/``), except for attachment pages: WordPress made a
page per upload, the new site has none, so their old URLs map to the uploaded file's URL and
links to them become links to the file (copied into the bundle when uploads are available).
Category, tag and author archives map to the Hugo term pages that replace them, served at
the address WordPress gave each (see :mod:`.terms`), and the feeds of the site and of those
archives (``/feed/``, ``/category/x/feed/``) to the RSS Hugo writes beside each
(``/index.xml``, ``/category/x/index.xml``).
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from wpmigrate.media import MediaIndex
from wpmigrate.model import IndexEntry, Site
from wpmigrate.write.terms import archive_links, archives

_QUERY_KEYS = ("p", "page_id", "attachment_id")
#: Hugo's RSS of the home page; WordPress's site-wide feeds (every format) all go there.
SITE_FEED = "/index.xml"
_SITE_FEEDS = ("feed/", "feed/rss2/", "feed/atom/", "feed/rss/", "feed/rdf/", "comments/feed/")


def _host(url: str) -> str:
    host = urlsplit(url.strip()).hostname or ""
    return host.lower().removeprefix("www.")


def site_hosts(site: Site) -> frozenset[str]:
    """The old site's own hosts, without ``www.``."""
    urls = (site.link, site.base_site_url, site.base_blog_url)
    return frozenset(h for h in (_host(u) for u in urls) if h)


def url_key(url: str, hosts: frozenset[str]) -> str | None:
    """The normalized key of ``url`` if it points into the old site, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("", "http", "https") or (parts.netloc and _host(url) not in hosts):
        return None
    if not parts.netloc and not parts.path.startswith("/") and not parts.query:
        return None  # relative links and fragments stay as written
    query = parse_qs(parts.query)
    for key in _QUERY_KEYS:
        if key in query and query[key][0].isdigit():
            return f"/?{key}={query[key][0]}"
    path = unquote(parts.path) or "/"
    return path if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"


def old_keys(entry: IndexEntry, hosts: frozenset[str]) -> list[str]:
    """Every key under which ``entry`` was reachable on the old site."""
    keys = [f"/?p={entry.id}"]
    if entry.type == "page":
        keys.append(f"/?page_id={entry.id}")
    if entry.type == "attachment":
        keys.append(f"/?attachment_id={entry.id}")
    link_key = url_key(entry.link, hosts) if entry.link else None
    if link_key:
        keys.append(link_key)
        for old in entry.old_slugs:
            if entry.slug and f"/{entry.slug}/" in link_key:
                keys.append(link_key.replace(f"/{entry.slug}/", f"/{old}/"))
    return keys


def is_target_file(target: str) -> bool:
    """Whether a link-map value is an uploaded file's URL rather than a new page path."""
    return not target.startswith("/")


def build_link_map(
    site: Site,
    index: list[IndexEntry],
    urls: dict[str, str],
    media: MediaIndex | None = None,
    *,
    base: str = "",
    term_bases: tuple[str, str] = ("category", "tag"),
) -> dict[str, str]:
    """Old URL key -> new URL path for every item that has a page in the new site, every
    attachment page the export knows (-> the file's URL), every category and tag archive, and
    the home page. ``base`` is the old site's path below its host (``""`` or ``"/blog"``)."""
    hosts = site_hosts(site)
    mapping: dict[str, str] = {f"{base}/": "/"}
    for entry in index:
        new = urls.get(entry.id) or _attachment_file(entry, media)
        if not new:
            continue
        for key in old_keys(entry, hosts):
            mapping.setdefault(key, new)
        # The new path is where WordPress would have published a draft too (the patterns
        # reproduce its permalinks), and authors link drafts there before publishing.
        own = url_key(new, hosts) if new.startswith("/") else None
        if own:
            mapping.setdefault(own, new)
    olds = archive_links(archives(site.terms, site.authors, base, term_bases))
    mapping.update(olds)
    mapping.update(feed_links(olds, base))
    return mapping


def _attachment_file(entry: IndexEntry, media: MediaIndex | None) -> str:
    if entry.type != "attachment" or media is None:
        return ""
    att = media.get(entry.id)
    return att.url if att else ""


def feed_links(archives: dict[str, str], base: str) -> dict[str, str]:
    """WordPress feed paths -> Hugo's RSS: the site's feeds (RSS 2, Atom, RDF, comments) ->
    ``/index.xml``; each archive's ``<old>/feed/`` -> ``<new>/index.xml``. Hugo has no
    comments feed: the site feed is the nearest that still is one."""
    found = {f"{base}/{feed}": SITE_FEED for feed in _SITE_FEEDS}
    for old, new in archives.items():
        found[f"{old}feed/"] = f"{new}index.xml"
    return found


def is_feed_target(target: str) -> bool:
    """Whether a link-map value is one of Hugo's RSS files."""
    return target.startswith("/") and target.endswith("/index.xml")
