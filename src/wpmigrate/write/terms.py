"""Write stage: category, tag and author archives, served at their old WordPress URLs.

Hugo files a taxonomy term under a key made of its name (:func:`term_key`) and, unless told
otherwise, serves it at yet another form of the name. WordPress served an archive at the
term's slug (``/category/edge-case-2/`` for "Edge Case"), a child category under its parents
(``/category/parent/child/``) and an author at ``/author/<nicename>/`` (a slug of the login,
see :mod:`.wpslug`). So every category, tag and author gets a term page,
``content/<section>/<key>/_index.md``, whose ``url`` is the address WordPress gave it, with
every other old address (a child's flat form, the percent-encoded form, a second term merged
under the same name, other nicename guesses) as an alias. Links in bodies and feed redirects
point at that ``url``: one function decides it for all of them. The page also carries the
exact name as title (Hugo would title-case the key) and the description the author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from wpmigrate.model import Author, Term
from wpmigrate.write.frontmatter import render_page
from wpmigrate.write.termkey import author_name, author_value, folder_ok, listed_value, term_key
from wpmigrate.write.wpslug import nicenames, sanitize_title

#: Hugo section (front-matter key) of the taxonomies whose WordPress archive URLs are known.
SECTIONS = {"category": "categories", "post_tag": "tags"}
# What a URL path may hold as it is: anything else (space, "#", "?", quotes...) would need
# escaping that the old site's links never had.
_URL_UNSAFE = re.compile(r"[\s#?\\\"'<>`^{}|\x00-\x1f\x7f]")
# An alias is a folder Hugo writes: a space is fine there, a fragment or query mark is not.
_ALIAS_UNSAFE = re.compile(r"[#?\\\"<>\x00-\x1f\x7f]")
# What WordPress's own slugs are made of; anything else is a name an old exporter (WXR 1.0)
# wrote where the slug goes.
_WP_SLUG = re.compile(r"[a-z0-9_%-]+")
_MAX_DEPTH = 20  # category parents followed at most this far (a cycle stops here)


@dataclass
class Archive:
    """One Hugo term page: a category, tag or author archive of the old site."""

    section: str  # "categories", "tags" or "authors"
    key: str  # the term's key in Hugo: the page's content folder
    title: str
    url: str  # where the page is served: the address WordPress gave the archive
    olds: list[str] = field(default_factory=list)  # every old address, ``url`` first
    texts: list[str] = field(default_factory=list)  # descriptions, each once

    @property
    def rel(self) -> str:
        return f"content/{self.section}/{self.key}/_index.md"


def _url(paths: list[str]) -> str:
    """The first of ``paths`` a link can hold as it is ("" when none can)."""
    return next((p for p in paths if not _URL_UNSAFE.search(p)), "")


def _category_path(term: Term, by_slug: dict[str, Term]) -> str:
    """``parent/child`` (slugs as WordPress stored them): it nests category archives."""
    parts, seen = [term.slug], {term.slug}
    parent = by_slug.get(term.parent) if term.parent else None
    while parent is not None and parent.slug not in seen and len(parts) < _MAX_DEPTH:
        parts.insert(0, parent.slug)
        seen.add(parent.slug)
        parent = by_slug.get(parent.parent) if parent.parent else None
    return "/".join(parts)


def _term_olds(term: Term, prefix: str, base: str, categories: dict[str, Term]) -> list[str]:
    """The old archive addresses of ``term``, the one WordPress linked to first: decoded (as
    a server that decodes requests looks them up), then as WordPress encoded them."""
    slugs = [term.slug]
    if not _WP_SLUG.fullmatch(term.slug):
        slugs.append(sanitize_title(term.slug))  # what WordPress made of such a name
    if term.taxonomy == "category" and term.parent:
        slugs.insert(0, _category_path(term, categories))
    forms = [unquote(s) for s in slugs] + slugs
    return list(dict.fromkeys(f"{base}/{prefix}/{form}/" for form in forms))


def archives(
    terms: list[Term], authors: dict[str, Author], base: str, term_bases: tuple[str, str]
) -> list[Archive]:
    """Every category, tag and author archive of the site, as Hugo term pages.

    Terms listed by the same value are one term in Hugo: the first, in the export's order,
    gives the page its title and address, the others add theirs as aliases. An address is
    given to one page only: a later archive that would take one already given keeps its other
    old forms, or else Hugo's own address. Authors with a record come before writers the
    export only names, each group by login, so the result never depends on the export's
    order."""
    bases = {"category": term_bases[0], "post_tag": term_bases[1]}
    categories = {t.slug: t for t in terms if t.taxonomy == "category"}
    found = _Found()
    for term in terms:
        section = SECTIONS.get(term.taxonomy)
        if section and term.name.strip():
            if not term.slug:  # plain RSS and WXR 1.0 categories: WordPress made the slug
                term = Term(
                    term.taxonomy,
                    sanitize_title(term.name),
                    term.name,
                    term.parent,
                    term.description,
                )
            olds = _term_olds(term, bases[term.taxonomy], base, categories)
            found.add(section, listed_value(term.name, term.slug), term.name, olds)
            found.describe(section, listed_value(term.name, term.slug), term.description)
    for login in sorted(authors, key=lambda login: (not authors[login].display_name, login)):
        name = author_name(authors[login])
        slugs = nicenames(login)
        olds = [f"{base}/author/{form}/" for n in slugs for form in (unquote(n), n)]
        found.add("authors", author_value(authors[login]), name, list(dict.fromkeys(olds)))
    return list(found.pages.values())


class _Found:
    """The archives so far, by Hugo term, and the addresses they were given."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str], Archive] = {}
        self.urls: set[str] = set()

    def add(self, section: str, value: str, title: str, olds: list[str]) -> None:
        key = term_key(value)
        archive = self.pages.get((section, key))
        if archive is None:
            url = _url([old for old in olds if old not in self.urls])
            if not url or not folder_ok(key):
                return  # Hugo keeps the term at its own address; old links stay as written
            archive = self.pages[section, key] = Archive(section, key, title.strip(), url)
            self.urls.add(url)
        archive.olds += [
            old
            for old in olds
            if old not in archive.olds and old not in self.urls and not _ALIAS_UNSAFE.search(old)
        ]
        if archive.url not in archive.olds:
            archive.olds.insert(0, archive.url)

    def describe(self, section: str, value: str, text: str) -> None:
        archive = self.pages.get((section, term_key(value)))
        if archive is not None and text.strip() and text.strip() not in archive.texts:
            archive.texts.append(text.strip())


def archive_links(found: list[Archive]) -> dict[str, str]:
    """Every old archive address -> the address of the page that replaces it. A page's own
    address always points at it, whatever alias another page lists."""
    links = {archive.url: archive.url for archive in found}
    for archive in found:
        for old in archive.olds:
            links.setdefault(old, archive.url)
    return links


def term_pages(found: list[Archive], fmt: str) -> dict[str, bytes]:
    """The ``_index.md`` of every archive: exact name, address, old addresses, description."""
    pages = {}
    for archive in found:
        aliases = [old for old in archive.olds if old != archive.url]
        front = {"title": archive.title, "url": archive.url, "aliases": aliases or None}
        pages[archive.rel] = render_page(front, "\n\n".join(archive.texts), fmt).encode("utf-8")
    return dict(sorted(pages.items()))
