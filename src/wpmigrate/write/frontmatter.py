"""Write stage, part 3: front matter and the text of a page.

Key order is fixed, so reruns are byte-identical::

    title, date, lastmod, draft, slug, url, aliases, categories, tags, authors,
    <custom taxonomies>, summary, wordpress_id, images, featured_image, cover, wordpress_meta

Decisions:

* ``date``/``lastmod`` are RFC 3339 strings in the post's own offset, computed from
  ``post_date - post_date_gmt`` and rounded to 15 minutes, so ``:year/:month/:day`` in
  permalinks are the local date WordPress used. Drafts never published have a GMT date of
  ``0000-00-00 00:00:00``: they get the offset of their last modification when that one is
  known, else the local time with *no* offset (Hugo reads it in the site's ``timeZone``).
  No valid local date: no ``date`` key.
* ``draft: true`` for every status but ``publish`` (draft, pending, future, private...) and for
  password-protected posts; the key is left out for published posts.
* The featured image (``_thumbnail_id``) is written three times, in the forms common themes
  read: ``images: [x]`` (Hugo's own opengraph/twitter/schema templates), ``featured_image``
  (many themes) and ``cover.image`` (PaperMod and its forks). ``x`` is the file's name in the
  page bundle when the upload was copied there, else its old URL.
* Pages get ``url`` (their hierarchical old path); other items get their URL from
  ``[permalinks]`` and their ``slug``.
* Never written: emails, IPs, passwords (the records do not even hold them), meta keys with a
  private prefix, meta values that are serialized PHP, empty or hold an email address.

Strings are dumped so that YAML 1.1 (PyYAML) *and* YAML 1.2 parsers (Hugo) read them back as
the same string: ``1e3`` or ``0o17`` are quoted although PyYAML alone would not need it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import tomli_w

from wpmigrate.config import INTERNAL_TAXONOMIES, PUBLIC_STATUSES, TRANSLATIONS_TAXONOMY, Config
from wpmigrate.media import MediaIndex
from wpmigrate.model import Comment, Item, NoteKind, Notes, Site
from wpmigrate.write.paths import clean_slug
from wpmigrate.write.termkey import author_value, listed_value
from wpmigrate.write.yaml_text import dump_yaml

#: Front matter keys Hugo gives a meaning to: a custom taxonomy may not take one of them.
HUGO_KEYS = frozenset(
    {
        *("title", "date", "lastmod", "draft", "slug", "url", "aliases", "summary", "images"),
        *("featured_image", "type", "layout", "weight", "description", "keywords", "params"),
        *("expirydate", "publishdate", "linktitle", "markup", "outputs", "resources"),
        *("sitemap", "build", "cascade", "headless", "iscjklanguage", "menus", "translationkey"),
        *("wordpress_id", "wordpress_meta", "categories", "tags", "authors", "cover"),
    }
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_SERIALIZED = re.compile(r"^(a|O|s|i|b|d|C):\d*[:;{]")
_WP_DATE = "%Y-%m-%d %H:%M:%S"
# The shape every WordPress date has: parsed without strptime's general (and 40x slower) parser.
_WP_DATE_SHAPE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.ASCII)
_QUARTER = 15 * 60
STAGE = "write"


def _parse(value: str) -> datetime | None:
    value = value.strip()
    try:
        if _WP_DATE_SHAPE.fullmatch(value):
            parsed = datetime.fromisoformat(value)  # same checks (ranges, day of month)
        else:
            parsed = datetime.strptime(value, _WP_DATE)
    except ValueError:
        return None
    return parsed if parsed.year > 1 else None


def rfc3339(local: str, gmt: str = "") -> str:
    """``post_date`` as RFC 3339 with the offset ``post_date - post_date_gmt`` (15-min steps)."""
    when = _parse(local)
    if when is None:
        return ""
    # isoformat is the same text, and cheaper, from year 1000 on (strftime does not pad %Y)
    text = when.isoformat() if when.year >= 1000 else when.strftime("%Y-%m-%dT%H:%M:%S")
    utc = _parse(gmt)
    if utc is None:
        return text
    seconds = round((when - utc).total_seconds() / _QUARTER) * _QUARTER
    if abs(seconds) > 14 * 3600:
        return text
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def stable_id(value: str) -> int | str:
    """WordPress ids as ints when they are numbers (they always are in real exports)."""
    value = value.strip()
    return int(value) if value.isdigit() else value


def is_draft(item: Item) -> bool:
    return item.status not in PUBLIC_STATUSES or item.has_password


def taxonomy_key(taxonomy: str) -> str:
    """The front-matter (and Hugo taxonomy) key for a custom WordPress taxonomy."""
    key = clean_slug(taxonomy, 60).replace(".", "_") or "taxonomy"
    return f"wp_{key}" if key in HUGO_KEYS else key


def _terms(item: Item) -> dict[str, list[str]]:
    """Display names by front-matter key, in the export's order, without duplicates."""
    keys = {"category": "categories", "post_tag": "tags"}
    found: dict[str, list[str]] = {"categories": [], "tags": []}
    for term in item.terms:
        key = keys.get(term.taxonomy)
        if not term.name.strip() or (key is None and term.taxonomy in INTERNAL_TAXONOMIES):
            continue
        # Categories and tags get term pages: listed so that Hugo can file them (termkey).
        name = listed_value(term.name, term.slug) if key else term.name
        names = found.setdefault(key or taxonomy_key(term.taxonomy), [])
        if name not in names:
            names.append(name)
    return found


def translation_key(item: Item) -> str | None:
    """Hugo's ``translationKey``: the Polylang group of the item and its translations."""
    for term in item.terms:
        if term.taxonomy == TRANSLATIONS_TAXONOMY and (term.slug or term.name).strip():
            return (term.slug or term.name).strip()
    return None


def _authors(item: Item, site: Site) -> list[str]:
    author = site.authors.get(item.creator)
    name = author_value(author) if author else item.creator
    return [name] if name.strip() else []


def _public(key: str, value: str, cfg: Config) -> bool:
    return not (
        key.startswith(cfg.private_meta_prefixes)
        or not value.strip()
        or _SERIALIZED.match(value)
        or _EMAIL.search(value)
    )


def public_meta(item: Item, cfg: Config) -> dict[str, str]:
    """Custom fields safe to publish: scalar strings under a public key, sorted by key."""
    return {k: v for k, v in sorted(item.meta.items()) if _public(k, v, cfg)}


def featured_image(item: Item, media: MediaIndex) -> str:
    thumb = media.get(item.meta.get("_thumbnail_id", ""))
    return thumb.url if thumb else ""


def _dates(item: Item) -> dict[str, Any]:
    date = rfc3339(item.date, item.date_gmt)
    lastmod = rfc3339(item.modified, item.modified_gmt)
    if date and len(date) == 19 and len(lastmod) == 25:
        date += lastmod[19:]  # a draft's missing GMT date: its last save's offset is the best guess
    front: dict[str, Any] = {"date": date} if date else {}
    if lastmod and lastmod != date:
        front["lastmod"] = lastmod
    return front


def url_slug(entry_url: str) -> str:
    """The slug Hugo must use to make ``entry_url``: its last segment, without ``.html``."""
    last = entry_url.rstrip("/").rsplit("/", 1)[-1]
    return last.removesuffix(".html")


def _links(item: Item, entry_url: str, aliases: list[str], slug: str) -> dict[str, Any]:
    front: dict[str, Any] = {"slug": slug or url_slug(entry_url) or clean_slug(item.slug) or None}
    if item.type == "page":
        front["url"] = entry_url
    norm = entry_url.strip("/")
    kept = [a for a in dict.fromkeys(aliases) if _alias_ok(a) and a.strip("/") != norm]
    front["aliases"] = kept or None
    return front


def _alias_ok(path: str) -> bool:
    """Hugo aliases are files: a path, not the home page, no query or fragment."""
    return path.startswith("/") and bool(path.strip("/")) and not set("?#\\").intersection(path)


def _note_status(item: Item, notes: Notes | None) -> None:
    if notes is None or not is_draft(item):
        return
    why = "password-protected" if item.has_password else f"status {item.status!r}"
    notes.add(STAGE, NoteKind.STATUS, f"{why}: written as draft", field="draft")


def build_front_matter(
    item: Item,
    site: Site,
    entry_url: str,
    aliases: list[str],
    media: MediaIndex,
    cfg: Config,
    notes: Notes | None = None,
    *,
    slug: str = "",
    image: str | None = None,
) -> dict[str, Any]:
    """Front matter of one item, keys in a fixed order, empty values left out.

    ``entry_url`` is :func:`new_url`'s result, ``aliases`` :func:`old_paths`'s (paths equal
    to the new URL are dropped). ``slug`` defaults to the last segment of ``entry_url``, so
    Hugo's ``:slug`` rebuilds exactly that URL. ``image`` is the featured image as the page
    references it (bundled name or URL); ``None`` means the attachment's URL. Status changes
    are noted in ``notes``.
    """
    _note_status(item, notes)
    front: dict[str, Any] = {"title": item.title, **_dates(item)}
    front["draft"] = True if is_draft(item) else None
    front |= _links(item, entry_url, aliases, slug)
    front |= _terms(item)
    front["authors"] = _authors(item, site)
    front["summary"] = item.excerpt.strip() or None
    front["translationKey"] = translation_key(item)
    front["wordpress_id"] = stable_id(item.id)
    image = featured_image(item, media) if image is None else image
    front["images"] = [image] if image else None
    front["featured_image"] = image or None
    front["cover"] = {"image": image} if image else None
    front["wordpress_meta"] = public_meta(item, cfg)
    return {k: v for k, v in front.items() if v not in (None, [], {})}


def comment_records(item: Item) -> list[dict[str, Any]]:
    """Approved comments (spam, trash and pending dropped), in date then id order."""
    kept = [c for c in item.comments if c.approved.strip() == "1"]
    kept.sort(key=lambda c: (c.date, _sort_id(c.id)))
    return [_comment(c) for c in kept]


def _sort_id(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "id": stable_id(c.id),
        "parent": stable_id(c.parent or "0"),
        "author": c.author,
        "author_url": c.author_url,
        "date": rfc3339(c.date, c.date_gmt),
        "content": normalize_newlines(c.content),
    }


def comments_file(item: Item) -> tuple[str, bytes] | None:
    """``(data/comments/<wordpress_id>.yaml, content)`` for templates; ``None`` if none kept."""
    records = comment_records(item)
    if not records:
        return None
    name = clean_slug(str(stable_id(item.id)), 60) or "item"
    return f"data/comments/{name}.yaml", dump_yaml(records).encode("utf-8")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def render_page(front: dict[str, Any], body: str, fmt: str) -> str:
    """The page text: front matter in ``fmt`` (``yaml`` -> ``---``, ``toml`` -> ``+++``), body."""
    clean = {k: v for k, v in front.items() if v is not None}
    if fmt == "yaml":
        head = f"---\n{dump_yaml(clean)}---\n"
    elif fmt == "toml":
        head = f"+++\n{tomli_w.dumps(clean)}+++\n"
    else:
        raise ValueError(f"unknown front matter format {fmt!r} (use 'yaml' or 'toml')")
    text = normalize_newlines(body).strip("\n")
    return f"{head}\n{text}\n" if text.strip() else head
