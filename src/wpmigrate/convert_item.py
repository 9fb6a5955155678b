"""One item through every stage: repair -> normalize -> convert -> page bytes (no I/O).

Runs in worker processes, so everything it takes and returns is picklable: the item, the
read-only :class:`Shared` state built once per run, and an :class:`Outcome`.
"""

from __future__ import annotations

import dataclasses
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from wpmigrate import audit
from wpmigrate.config import DROPPED_STATUSES, Config
from wpmigrate.context import Context
from wpmigrate.convert import to_markdown
from wpmigrate.media import MediaIndex
from wpmigrate.model import IndexEntry, Item, Note, NoteKind, Notes, ReusableBlock, Site
from wpmigrate.normalize.html import clean_tree, parse_fragment
from wpmigrate.normalize.links import rewrite_links
from wpmigrate.normalize.prepare import prepare
from wpmigrate.repair import repair_html, repair_item
from wpmigrate.report import FAILED, SKIPPED, ItemResult
from wpmigrate.write import links, permalinks
from wpmigrate.write.frontmatter import build_front_matter, comments_file, render_page
from wpmigrate.write.media import Bundle, Fetch
from wpmigrate.write.paths import plan_paths


@dataclass
class Shared:
    """Read-only state every item needs; built once per run, sent once to each worker."""

    cfg: Config
    site: Site
    media: MediaIndex
    plan: permalinks.PermalinkPlan
    paths: dict[str, str]  # item id -> output file, relative to SITE
    urls: dict[str, str]  # item id -> new URL path
    entries: dict[str, IndexEntry]
    links: dict[str, str]  # any old URL of an item -> its new URL path
    hosts: frozenset[str]
    #: folders holding the old uploads (``--uploads``, then downloaded files), in that order
    roots: tuple[Path, ...] = ()
    origin: str = ""  # scheme://host of the old site
    #: reusable blocks by id, content repaired once here rather than in every post using them
    reusable: dict[str, ReusableBlock] = field(default_factory=dict)


@dataclass
class Outcome:
    result: ItemResult
    page: bytes = b""
    extra_files: list[tuple[str, bytes]] = field(default_factory=list)
    #: media to copy: (path in the site, source file on disk)
    assets: list[tuple[str, str]] = field(default_factory=list)
    #: uploads not on disk, for ``--download``; the item is converted again once fetched
    fetch: list[Fetch] = field(default_factory=list)
    item: Item | None = None  # set with ``fetch``: what to convert again


def prepare_shared(
    site: Site,
    index: list[IndexEntry],
    media: MediaIndex,
    cfg: Config,
    downloads: Path | None = None,
    reusable: dict[str, ReusableBlock] | None = None,
) -> Shared:
    plan = permalinks.infer_structure(site, index)
    paths = plan_paths(index, cfg)
    entries = {e.id: e for e in index}
    urls = {i: permalinks.new_url(entries[i], plan, paths) for i in paths}
    bases = (plan.category_base, plan.tag_base)
    link_map = links.build_link_map(site, index, urls, media, base=plan.base_path, term_bases=bases)
    roots = tuple(p for p in (cfg.uploads, downloads) if p is not None)
    hosts = links.site_hosts(site)
    shared = Shared(cfg, site, media, plan, paths, urls, entries, link_map, hosts, roots)
    shared.origin = _origin(site)
    shared.reusable = {
        key: dataclasses.replace(block, content=repair_html(block.content, cfg))
        for key, block in (reusable or {}).items()
    }
    return shared


def _origin(site: Site) -> str:
    parts = urlsplit((site.link or site.base_blog_url or site.base_site_url).strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def skip_reason(item: Item, shared: Shared) -> str | None:
    """Why an item is not a page of the new site, or None when it is."""
    if item.type == "attachment":
        return "attachment (used through the media index)"
    if item.type in shared.cfg.internal_types:
        # Interned: thousands of menu items share one reason string in the report.
        return sys.intern(f"WordPress internal type {item.type!r}")
    if item.status in DROPPED_STATUSES:
        return sys.intern(f"status {item.status!r}")
    if item.id not in shared.paths:
        return "no output path (duplicate or unplaceable item)"
    return None


def convert_item(item: Item, shared: Shared) -> Outcome:
    """Convert one item; never raises (a failure is an Outcome with status ``failed``)."""
    result = ItemResult(
        id=item.id,
        title=item.title,
        source=item.source,
        line=item.line,
        status=SKIPPED,
        type=item.type,
    )
    reason = skip_reason(item, shared)
    if reason is not None:
        result.reason = reason
        return Outcome(result)
    try:
        return _convert(item, shared, result)
    except Exception as exc:  # one item must never stop the run; the report names it
        result.status = FAILED
        result.reason = f"{type(exc).__name__}: {exc}"
        result.notes = [*result.notes, _failure_note(item, exc)]
        return Outcome(result)


def _failure_note(item: Item, exc: Exception) -> Note:
    notes = Notes(item_id=item.id)
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (in {where.name})" if where else ""
    notes.add("convert", NoteKind.FAILED, f"{item.source}:{item.line}: {exc}{at}")
    return notes.items[0]


def _convert(item: Item, shared: Shared, result: ItemResult) -> Outcome:
    cfg = shared.cfg
    item_in = item
    notes = Notes(item_id=item.id)
    item = repair_item(item, cfg, notes)
    ctx = Context(
        config=cfg,
        notes=notes,
        media=shared.media,
        item=item,
        links=shared.links,
        site_hosts=shared.hosts,
        reusable=shared.reusable,
    )
    html = prepare(item.content, ctx)
    root = parse_fragment(html)
    clean_tree(root, ctx)
    bundle = _bundle(shared)
    rewrite_links(root, ctx, bundle)
    body = to_markdown(root, ctx)
    entry = shared.entries[item.id]
    url = shared.urls[item.id]
    aliases = permalinks.old_paths(entry, shared.site)
    image = _featured(item, shared, bundle)
    front = build_front_matter(
        item, shared.site, url, aliases, shared.media, cfg, notes, image=image
    )
    bundle.note(notes)
    page = render_page(front, body, cfg.front_matter)
    kept = audit.audit(_source_words(item, ctx), audit.markdown_words(body + " " + item.title))
    if kept.kept < cfg.min_words_kept:
        notes.add(
            "audit",
            NoteKind.WORDS_LOST,
            f"{kept.kept:.1%} of visible words kept; missing e.g. {', '.join(kept.missing[:8])}",
        )
    result.title = item.title
    result.status = ""  # decided by the writer
    result.output = shared.paths[item.id]
    result.words_kept = kept.kept
    result.missing_words = kept.missing
    result.notes = notes.items
    if cfg.report_texts:
        result.before = item.content
        result.after = page.decode("utf-8") if isinstance(page, bytes) else page
    comments = comments_file(item) if cfg.comments else None
    extra = [comments] if comments else []
    outcome = Outcome(result, page if isinstance(page, bytes) else page.encode("utf-8"), extra)
    folder = PurePosixPath(shared.paths[item.id]).parent
    outcome.assets = [(str(folder / a.name), a.source) for a in bundle.assets.values()]
    outcome.fetch = list(bundle.missing) if cfg.download else []
    outcome.item = item_in if outcome.fetch else None
    return outcome


def _source_words(item: Item, ctx: Context) -> Counter[str]:
    """Words of the post as written, and of the reusable blocks inlined into it (less the
    URLs shown as players)."""
    # Most posts inline none: their body is not copied.
    text = " ".join([item.content, *ctx.inlined]) if ctx.inlined else item.content
    found = audit.source_words(text)
    if ctx.embedded:  # a URL that became a player was never text on the page
        found -= audit.words(" ".join(ctx.embedded))
    return found


def _bundle(shared: Shared) -> Bundle:
    return Bundle(
        shared.media,
        shared.hosts,
        shared.roots,
        shared.cfg.resolve_sizes,
        shared.origin,
    )


def _featured(item: Item, shared: Shared, bundle: Bundle) -> str:
    """The featured image as the page should reference it: bundled file or old URL."""
    thumb = shared.media.get(item.meta.get("_thumbnail_id", ""))
    return bundle.use(thumb.url) if thumb and thumb.url else ""
