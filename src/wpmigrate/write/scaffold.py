"""Write stage, part 6: the site's own files, besides the pages.

:func:`scaffold_files` makes a minimal site that builds with no theme: ``hugo.toml`` (title,
base URL, taxonomies, permalinks that keep the old URLs), layouts and shortcodes, the home
page, and a term page per category, tag and author (exact names, descriptions, and the old
archive URLs as aliases). :func:`write_scaffold` writes it through the
:class:`~wpmigrate.write.hugo.SiteWriter`, only when the folder has no Hugo config of its own.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import tomli_w

from wpmigrate.config import Config
from wpmigrate.model import Site, Term
from wpmigrate.write.frontmatter import render_page, taxonomy_key
from wpmigrate.write.hugo import SiteWriter, WriteResult
from wpmigrate.write.permalinks import (
    PermalinkPlan,
    custom_taxonomies,
    hugo_patterns,
    term_patterns,
)
from wpmigrate.write.terms import archives, term_pages

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
DEFAULT_BASE_URL = "https://example.org/"
#: Hides the ``/pages/`` list: WordPress pages keep their own URLs and had no such index.
PAGES_SECTION = "---\ntitle: Pages\nbuild:\n  render: never\n  list: never\n---\n"


def existing_config(root: Path) -> str:
    """The Hugo config file (or ``config/`` folder) of ``root``, relative; ``""`` if none."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return name
    return "config" if (root / "config").is_dir() else ""


def base_url(site: Site) -> str:
    link = (site.link or site.base_blog_url or site.base_site_url).strip()
    parts = urlsplit(link)
    if not (parts.scheme and parts.netloc):
        return DEFAULT_BASE_URL
    # The host only: a sub-path of the old site is part of every permalink, url and alias
    # instead, so public/ mirrors the old paths (see write/permalinks.py).
    return f"{parts.scheme}://{parts.netloc}/"


def taxonomies(site: Site, extra: list[Term] | None = None) -> dict[str, str]:
    """Hugo ``[taxonomies]``: singular -> plural, i.e. front-matter key."""
    found = {"category": "categories", "tag": "tags", "author": "authors"}
    for name in custom_taxonomies(site, extra):
        key = taxonomy_key(name)
        found[key] = key
    return found


def hugo_config(site: Site, plan: PermalinkPlan, extra: list[Term] | None = None) -> str:
    """The text of ``hugo.toml`` for ``site``."""
    pages, ugly = hugo_patterns(plan)
    config = {
        "baseURL": base_url(site),
        "title": site.title or "WordPress site",
        "locale": site.language or "en-us",
        "params": {"description": site.description} if site.description else {},
        "taxonomies": taxonomies(site, extra),
        "uglyURLs": ugly,
        "permalinks": {"page": pages, "term": term_patterns(plan)},
        "markup": {"goldmark": GOLDMARK},
    }
    return tomli_w.dumps({k: v for k, v in config.items() if v != {}})


#: Goldmark settings: raw HTML that wpmigrate keeps on purpose must show, and the typographer
#: does what WordPress's wptexturize did for display (curly quotes, dashes, ellipses) but not
#: what it never did: turning "<<" and ">>" into guillemets.
GOLDMARK = {
    "renderer": {"unsafe": True},
    "extensions": {"typographer": {"leftAngleQuote": "&lt;&lt;", "rightAngleQuote": "&gt;&gt;"}},
}


def layout_files() -> dict[str, bytes]:
    """The layouts shipped with wpmigrate: ``layouts/...`` -> content."""
    found: dict[str, bytes] = {}
    _collect(resources.files("wpmigrate") / "scaffold", "", found)
    return dict(sorted(found.items()))


def _collect(folder: Traversable, prefix: str, found: dict[str, bytes]) -> None:
    for entry in folder.iterdir():
        if entry.is_dir():
            _collect(entry, f"{prefix}{entry.name}/", found)
        elif entry.name.endswith(".html"):
            found[f"{prefix}{entry.name}"] = entry.read_bytes()


def scaffold_files(
    site: Site, plan: PermalinkPlan, cfg: Config, extra_terms: list[Term] | None = None
) -> dict[str, bytes]:
    """Every file of a minimal Hugo site for ``site``: relative path -> content."""
    files = {"hugo.toml": hugo_config(site, plan, extra_terms).encode("utf-8")}
    bases = (plan.category_base, plan.tag_base)
    files |= term_pages(archives(site.terms, site.authors, plan.base_path, bases), cfg.front_matter)
    files["content/pages/_index.md"] = PAGES_SECTION.encode("utf-8")
    files["content/_index.md"] = home_page(plan.base_path, cfg.front_matter)
    return files | layout_files()


def home_page(base: str, fmt: str = "yaml") -> bytes:
    """The home's ``_index.md``: aliases for the old home under a base path (``/blog/``) and
    for the old site feed (``/feed/``), so a browser that asks for it finds the site. A feed
    reader needs a real redirect to ``/index.xml``, which only ``--redirects`` can write: a
    Hugo alias is an HTML page."""
    aliases = ([f"{base}/"] if base else []) + [f"{base}/feed/"]
    return render_page({"aliases": aliases}, "", fmt).encode("utf-8")


#: What goes into a site that has a Hugo config of its own: the category and tag pages
#: (Hugo's default taxonomies) that keep the old archive addresses. Its config, layouts,
#: home and sections are the site owner's; an ``authors`` taxonomy may not be declared there.
_INTO_A_USERS_SITE = ("content/categories/", "content/tags/")


def users_config(writer: SiteWriter) -> str:
    """The Hugo config of the site being written, when it is the user's own (not written by
    wpmigrate); ``""`` otherwise."""
    config = existing_config(writer.root)
    return config if config and not writer.owns(config) else ""


def write_scaffold(writer: SiteWriter, files: dict[str, bytes]) -> list[WriteResult]:
    """Write the scaffold; into a site with a Hugo config wpmigrate did not write, only the
    category and tag pages.

    An existing file that is not wpmigrate's (config, layout, page) is never overwritten,
    even with ``force``.
    """
    if users_config(writer):
        files = {rel: data for rel, data in files.items() if rel.startswith(_INTO_A_USERS_SITE)}
    results = []
    for rel, content in files.items():
        if (writer.root / rel).exists() and not writer.owns(rel):
            results.append(WriteResult(rel, "skipped-edited"))
        else:
            results.append(writer.put(rel, content))
    return results
