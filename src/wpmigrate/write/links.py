"""Old URLs -> new URLs: the link map that keeps internal links and old addresses working.

Every item is reachable under several old forms: its permalink, ``/?p=ID``, ``/?page_id=ID``
and the paths of its old slugs, on http or https, with or without ``www.``. The map is keyed
by a normalized form (path with a trailing slash, or ``/?p=ID``) so all variants resolve.

Values are new URL paths (``/2021/03/slug/``), except for attachment pages: WordPress made a
page per upload, the new site has none, so their old URLs map to the uploaded file's URL and
links to them become links to the file (copied into the bundle when uploads are available).
Category and tag archives map to the Hugo term pages (``/category/<hugo slug>/``), author
archives (``/author/<nicename>/``) to Hugo's author pages (``/authors/<urlized name>/``), and
the feeds of the site and of those archives (``/feed/``, ``/category/x/feed/``) to the RSS
Hugo writes beside each (``/index.xml``, ``/category/x/index.xml``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

from wpmigrate.media import MediaIndex
from wpmigrate.model import Author, IndexEntry, Site, Term
from wpmigrate.write.wpslug import nicenames

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
    archives = term_links(site.terms, base, term_bases) | author_links(site.authors, base)
    mapping.update(archives)
    mapping.update(feed_links(archives, base))
    return mapping


def _attachment_file(entry: IndexEntry, media: MediaIndex | None) -> str:
    if entry.type != "attachment" or media is None:
        return ""
    att = media.get(entry.id)
    return att.url if att else ""


def hugo_urlize(name: str) -> str:
    """The URL segment Hugo makes of a term name (``urlize``): lower case, letters, digits,
    marks and ``._~#-`` kept, ``+`` and runs of spaces become one ``-``, the rest dropped."""
    out: list[str] = []
    hyphen = False
    for ch in name.lower():
        if ch == "+" or ch in "._~#-@" or unicodedata.category(ch)[0] in "LMN":
            out.append("-" if ch == "+" else ch)
            hyphen = ch in "+-"
        elif ch.isspace() and not hyphen:
            out.append("-")
            hyphen = True
    return re.sub(r"/+", "/", "".join(out))


def _term_path(term: Term, by_slug: dict[str, Term], depth: int = 0) -> str:
    """``parent/child``: WordPress nests category archive URLs under their parents."""
    parent = by_slug.get(term.parent) if term.parent else None
    if parent is None or parent is term or depth > 20:
        return unquote(term.slug)
    return _term_path(parent, by_slug, depth + 1) + "/" + unquote(term.slug)


def term_links(terms: list[Term], base: str, term_bases: tuple[str, str]) -> dict[str, str]:
    """Old category and tag archive paths -> the Hugo term pages that replace them."""
    bases = {"category": term_bases[0], "post_tag": term_bases[1]}
    categories = {t.slug: t for t in terms if t.taxonomy == "category"}
    found: dict[str, str] = {}
    for term in terms:
        prefix = bases.get(term.taxonomy)
        if prefix is None or not term.slug or not term.name.strip():
            continue
        new = f"{base}/{prefix}/{hugo_urlize(term.name)}/"
        found[f"{base}/{prefix}/{unquote(term.slug)}/"] = new
        if term.taxonomy == "category":
            found[f"{base}/{prefix}/{_term_path(term, categories)}/"] = new
    return found


def author_name(author: Author) -> str:
    """The name front matter lists the author under (``authors:``)."""
    return author.display_name or author.login


def author_links(authors: dict[str, Author], base: str) -> dict[str, str]:
    """Old author archive paths (``/author/<nicename>/``, decoded and as WordPress encoded
    them) -> Hugo's author term pages (``/authors/<urlized display name>/``).

    Authors are taken by login, sorted, so that when two guesses collide the result does not
    depend on the export's order."""
    found: dict[str, str] = {}
    for login in sorted(authors):
        key = hugo_urlize(author_name(authors[login]))
        if not key.strip("-/"):
            continue
        for nicename in nicenames(login):
            for form in dict.fromkeys((unquote(nicename), nicename)):
                found.setdefault(f"{base}/author/{form}/", f"/authors/{key}/")
    return found


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
