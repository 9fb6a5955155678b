"""Old URLs -> new URLs: the link map that keeps internal links and old addresses working.

Every item is reachable under several old forms: its permalink, ``/?p=ID``, ``/?page_id=ID``
and the paths of its old slugs, on http or https, with or without ``www.``. The map is keyed
by a normalized form (path with a trailing slash, or ``/?p=ID``) so all variants resolve.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from wpmigrate.model import IndexEntry, Site

_QUERY_KEYS = ("p", "page_id", "attachment_id")


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


def build_link_map(site: Site, index: list[IndexEntry], urls: dict[str, str]) -> dict[str, str]:
    """Old URL key -> new URL path for every item that has a page in the new site."""
    hosts = site_hosts(site)
    mapping: dict[str, str] = {}
    for entry in index:
        new = urls.get(entry.id)
        if new is None:
            continue
        for key in old_keys(entry, hosts):
            mapping.setdefault(key, new)
    return mapping
