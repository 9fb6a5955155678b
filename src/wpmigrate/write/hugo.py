"""Write stage, part 5: the Hugo site on disk.

:class:`SiteWriter` owns the output folder. It is the only thing that writes there, one file at
a time through :meth:`SiteWriter.put`, and it keeps ``.wpmigrate/manifest.json``: the sha256
of every file it wrote. That manifest is what makes reruns safe:

* same content as on disk -> ``unchanged``, nothing is written (reruns are byte-identical and
  leave mtimes alone);
* the file on disk is not what wpmigrate wrote last time (edited by hand) -> ``skipped-edited``,
  unless ``cfg.force``; a file wpmigrate never wrote -> ``skipped-edited``, even with ``force``
  (wpmigrate never changes or deletes a file it did not write);
* otherwise -> ``written`` (mode ``write``) or ``would-write``/``would-change`` (modes
  ``check``, ``diff`` -- with a unified diff -- and ``dry-run``).

:func:`scaffold_files` makes a minimal site (``hugo.toml``, layouts, shortcodes) that builds with
no theme; :func:`write_scaffold` writes it only when the folder has no Hugo config of its own.

Each write is also appended to ``.wpmigrate/journal`` as soon as it is done, and the journal is
folded into the manifest by :meth:`SiteWriter.finish`: a run that is killed half-way still
leaves a record of every file it wrote, so the rerun knows them as its own.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

import tomli_w

from wpmigrate.config import Config
from wpmigrate.errors import OutputError
from wpmigrate.model import Author, Site, Term
from wpmigrate.write.atomic import (
    SiteRoot,
    atomic_write,
    flush_to_disk,
    inside,
    read_existing,
    remove_stale_temps,
    sha256,
)
from wpmigrate.write.frontmatter import normalize_newlines, render_page, taxonomy_key
from wpmigrate.write.links import author_links, author_name, hugo_urlize, term_links
from wpmigrate.write.permalinks import (
    PermalinkPlan,
    custom_taxonomies,
    hugo_patterns,
    term_patterns,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

MODES = ("write", "check", "diff", "dry-run")
MANIFEST = ".wpmigrate/manifest.json"
JOURNAL = ".wpmigrate/journal"
CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
DEFAULT_BASE_URL = "https://example.org/"
#: Hides the ``/pages/`` list: WordPress pages keep their own URLs and had no such index.
PAGES_SECTION = "---\ntitle: Pages\nbuild:\n  render: never\n  list: never\n---\n"


@dataclass(frozen=True)
class WriteResult:
    """What happened to one file: ``written``, ``unchanged``, ``would-write``,
    ``would-change`` or ``skipped-edited``; ``diff`` is set in ``diff`` mode."""

    path: str
    status: str
    diff: str = ""
    item_id: str = ""


def load_manifest(root: Path) -> dict[str, str]:
    """Path -> sha256 of the files wpmigrate wrote in ``root`` (empty for a new site)."""
    path = inside(root, MANIFEST)
    data = read_existing(path)
    files = _parse_manifest(data, path) if data is not None else {}
    return files | load_journal(root)


def _parse_manifest(data: bytes, path: Path) -> dict[str, str]:
    try:
        files = json.loads(data.decode("utf-8"))["files"]
        return {str(k): str(v) for k, v in files.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(
            "the manifest of files wpmigrate wrote is unreadable",
            path=path,
            hint="delete it; existing files that differ will then be left alone",
        ) from exc


def load_journal(root: Path) -> dict[str, str]:
    """Files an interrupted run wrote after its last manifest: path -> sha256."""
    data = read_existing(inside(root, JOURNAL)) or b""
    found: dict[str, str] = {}
    # The last line may have been cut by the interruption: only whole lines count.
    for line in data.decode("utf-8", "replace").split("\n")[:-1]:
        digest, _, rel = line.partition(" ")
        if len(digest) == 64 and rel:
            found[rel] = digest
    return found


def manifest_bytes(files: dict[str, str]) -> bytes:
    text = json.dumps({"version": 1, "files": dict(sorted(files.items()))}, indent=2)
    return (text + "\n").encode("utf-8")


def unified_diff(rel: str, before: bytes | None, after: bytes) -> str:
    """A ``diff -u`` of one file, ``a/rel`` -> ``b/rel``; binary files get a one-line note."""
    try:
        old = (before or b"").decode("utf-8").splitlines(keepends=True)
        new = after.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return f"Binary files a/{rel} and b/{rel} differ\n"
    lines = difflib.unified_diff(old, new, fromfile=f"a/{rel}", tofile=f"b/{rel}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class SiteWriter:
    """Writes files into the site folder ``root`` according to ``mode`` (see module doc)."""

    def __init__(self, root: Path, cfg: Config, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
        self.root = Path(root)
        self.cfg = cfg
        self.mode = mode
        self._written = load_manifest(self.root)
        self.manifest = dict(self._written)
        self._seen: dict[str, str] = {}
        self._pending: list[str] = []  # written without fsync; flushed once in finish()
        self._journal_file: TextIO | None = None
        self._paths = SiteRoot(self.root)

    def owns(self, rel: str) -> bool:
        """Whether wpmigrate wrote ``rel`` (on this run or an earlier one)."""
        return rel in self.manifest

    def _claim(self, rel: str, item_id: str) -> None:
        if rel in self._seen:
            raise OutputError(
                f"two outputs for one file {rel!r} (items {self._seen[rel]!r}, {item_id!r})",
                hint="this is a bug in wpmigrate's path plan",
            )
        self._seen[rel] = item_id

    def _forced(self, rel: str) -> bool:
        """``force`` overrides hand edits of files wpmigrate wrote, never files it did not."""
        return self.cfg.force and rel in self._written

    def _journal(self, line: str) -> None:
        # Opened once per run; each line is handed to the system at once, so a killed run
        # leaves every line of the files it finished.
        journal = self._journal_file
        if journal is None:
            path = self._paths.path(JOURNAL)
            path.parent.mkdir(parents=True, exist_ok=True)
            journal = self._journal_file = path.open("a", encoding="utf-8")
        journal.write(line)
        journal.flush()

    def _is_users(self, rel: str, current: bytes) -> bool:
        """An existing file wpmigrate did not write, or one edited since it wrote it."""
        return self._written.get(rel) != sha256(current)

    def put(self, rel_path: str, content: bytes, item_id: str = "") -> WriteResult:
        """Write ``content`` to ``rel_path`` (relative to the site) as the mode allows."""
        self._claim(rel_path, item_id)
        target = self._paths.path(rel_path)
        current = read_existing(target)
        if current == content:
            if self.mode == "write":
                self.manifest[rel_path] = sha256(content)
            return WriteResult(rel_path, "unchanged", item_id=item_id)
        if current is not None and self._is_users(rel_path, current) and not self._forced(rel_path):
            return WriteResult(rel_path, "skipped-edited", item_id=item_id)
        if self.mode == "write":
            atomic_write(target, content, durable=False)  # flushed once, in finish()
            self._pending.append(rel_path)
            self.manifest[rel_path] = digest = sha256(content)
            self._journal(f"{digest} {rel_path}\n")
            return WriteResult(rel_path, "written", item_id=item_id)
        status = "would-write" if current is None else "would-change"
        diff = unified_diff(rel_path, current, content) if self.mode == "diff" else ""
        return WriteResult(rel_path, status, diff, item_id)

    def put_text(self, rel_path: str, text: str, item_id: str = "") -> WriteResult:
        """:meth:`put` for text: UTF-8 with ``\\n`` newlines."""
        return self.put(rel_path, normalize_newlines(text).encode("utf-8"), item_id)

    def unvisited(self) -> list[str]:
        """Files wpmigrate wrote on an earlier run that this run did not produce again."""
        return sorted(set(self._written) - set(self._seen))

    def finish(self) -> None:
        """Record what was written (mode ``write`` only; nothing to do otherwise), and remove
        the temporary files a killed earlier run left beside the files of this one."""
        if self.mode != "write":
            return
        if self._journal_file is not None:
            self._journal_file.close()
            self._journal_file = None
        if self._pending:
            # Pages are renamed into place whole (a kill never leaves half a file); forcing
            # them to disk once here, before the manifest, is what one fsync per file did.
            flush_to_disk(self.root / rel for rel in self._pending)
            self._pending = []
        if self.manifest != self._written or load_journal(self.root):
            atomic_write(inside(self.root, MANIFEST), manifest_bytes(self.manifest))
            self._written = dict(self.manifest)
        inside(self.root, JOURNAL).unlink(missing_ok=True)
        folders: dict[str, set[str]] = {}
        for rel in self._seen:
            folder, _, name = rel.rpartition("/")
            folders.setdefault(folder, set()).add(name)
        for folder, names in folders.items():
            remove_stale_temps(self.root / folder, names)


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
    files |= term_pages(site.terms, plan, cfg.front_matter, site.authors)
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


#: Front-matter key (Hugo section) of the taxonomies whose WordPress archive URLs are known.
_TERM_SECTIONS = {"category": "categories", "post_tag": "tags"}


@dataclass
class _TermPage:
    title: str
    aliases: list[str]
    texts: list[str]


def term_pages(
    terms: list[Term], plan: PermalinkPlan, fmt: str, authors: dict[str, Author] | None = None
) -> dict[str, bytes]:
    """A Hugo term page (``content/categories/<term>/_index.md``) for every category and tag,
    and one (``content/authors/<name>/_index.md``) for every author.

    Hugo places a term at the URL it makes of the term's *name*; WordPress used its *slug*
    (``/category/edge-case-2/`` for "Edge Case"), nested categories under their parents
    (``/category/parent/child/``) and served authors at ``/author/<nicename>/`` (a slug of the
    login, see write/wpslug.py). Every old address that differs becomes an alias, so old
    links and bookmarks keep working; the page also carries the term's exact name as title
    (Hugo would otherwise title-case the URL segment) and its description, which the author
    wrote."""
    bases = (plan.category_base, plan.tag_base)
    olds_of: dict[str, list[str]] = {}
    links = term_links(terms, plan.base_path, bases) | author_links(authors or {}, plan.base_path)
    for old, new in links.items():
        if old != new:
            olds_of.setdefault(new, []).append(old)
    pages: dict[str, _TermPage] = {}
    for term in terms:
        section = _TERM_SECTIONS.get(term.taxonomy)
        key = hugo_urlize(term.name)
        if section is None or not term.slug or not key.strip("-/"):
            continue
        prefix = plan.category_base if term.taxonomy == "category" else plan.tag_base
        olds = olds_of.get(f"{plan.base_path}/{prefix}/{key}/", [])
        _add_term_page(pages, f"content/{section}/{key}/_index.md", term.name, olds)
        _add_text(pages[f"content/{section}/{key}/_index.md"], term.description)
    for login in sorted(authors or {}):
        name = author_name((authors or {})[login])
        key = hugo_urlize(name)
        if key.strip("-/"):
            olds = olds_of.get(f"/authors/{key}/", [])
            _add_term_page(pages, f"content/authors/{key}/_index.md", name, olds)
    return {
        rel: render_page(
            {"title": page.title, "aliases": page.aliases or None}, "\n\n".join(page.texts), fmt
        ).encode("utf-8")
        for rel, page in sorted(pages.items())
    }


def _add_term_page(pages: dict[str, _TermPage], rel: str, name: str, olds: list[str]) -> None:
    """The first name given to ``rel`` is its title; aliases accumulate, each once."""
    page = pages.setdefault(rel, _TermPage(name.strip(), [], []))
    page.aliases += [a for a in olds if a not in page.aliases]


def _add_text(page: _TermPage, description: str) -> None:
    if description.strip() and description.strip() not in page.texts:
        page.texts.append(description.strip())


def write_scaffold(writer: SiteWriter, files: dict[str, bytes]) -> list[WriteResult]:
    """Write the scaffold unless the site has a Hugo config wpmigrate did not write.

    An existing layout or config that is not wpmigrate's is never overwritten, even with
    ``force``.
    """
    config = existing_config(writer.root)
    if config and not writer.owns(config):
        return []
    results = []
    for rel, content in files.items():
        if (writer.root / rel).exists() and not writer.owns(rel):
            results.append(WriteResult(rel, "skipped-edited"))
        else:
            results.append(writer.put(rel, content))
    return results
