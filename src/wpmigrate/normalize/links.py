"""Normalize stage, links: every URL in a body is pointed at the new site.

Runs on the cleaned lxml tree (after :func:`wpmigrate.normalize.html.clean_tree`), over the
attributes that hold URLs (``href``, ``src``, ``poster``, ``srcset``...) and over the URLs in
the Hugo shortcode calls that normalize made (galleries, audio, video):

* an old upload becomes a file of the page bundle (see :mod:`wpmigrate.write.media`);
* any old URL of an item (permalink, ``?p=``, ``?page_id=``, old slugs, http/https,
  www/non-www) becomes the item's new path; an attachment page becomes its file; category and
  tag archives become the Hugo term pages. The fragment (``#section``) is kept;
* an internal link with no target is left as written and noted (``unresolved-link``);
* external links, relative links and fragments are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from wpmigrate.context import Context
from wpmigrate.model import NoteKind
from wpmigrate.normalize import markers
from wpmigrate.write.links import is_target_file, url_key
from wpmigrate.write.media import Bundle

STAGE = "normalize"

#: Attributes that hold one URL, by element.
URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "img": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "iframe": ("src",),
}
# URLs inside a Hugo shortcode call or a Markdown image of a marker.
_URL_CHARS = r"""[^\s"'<>()\[\]`]+"""
_MARKER_URL = re.compile(rf"(?:https?:)?//{_URL_CHARS}|/wp-content/uploads/{_URL_CHARS}")


class _Rewriter:
    """One item's rewriting: the bundle it copies into and counts for the notes."""

    def __init__(self, ctx: Context, bundle: Bundle) -> None:
        self.ctx = ctx
        self.bundle = bundle
        self.counts: Counter[str] = Counter()
        self.unresolved: list[str] = []

    def url(self, value: str, *, media_only: bool = False) -> str:
        """The new form of ``value`` (unchanged when it is not the old site's)."""
        if self.bundle.is_upload(value):
            return self.bundle.use(value)
        if media_only:
            return value
        key = url_key(value, self.ctx.site_hosts)
        if key is None:
            return value
        target = self.ctx.links.get(key)
        if target is None:
            if value not in self.unresolved:
                self.unresolved.append(value)
            return value
        if is_target_file(target):
            return self.bundle.use(target)
        self.counts["links to old URLs now point at the new pages"] += 1
        fragment = urlsplit(value).fragment
        return target + (f"#{fragment}" if fragment else "")

    def srcset(self, value: str) -> str:
        out = []
        for candidate in value.split(","):
            parts = candidate.split()
            if parts:
                out.append(" ".join([self.url(parts[0], media_only=True), *parts[1:]]))
        return ", ".join(out)

    def marker(self, text: str) -> str:
        # Only the shortcode calls normalize made: an unknown WordPress shortcode kept
        # verbatim must stay exactly as written.
        if not text.lstrip().startswith("{{<"):
            return text
        return _MARKER_URL.sub(lambda m: self.url(m.group(0), media_only=True), text)

    def note(self) -> None:
        for label, n in sorted(self.counts.items()):
            self.ctx.notes.add(STAGE, NoteKind.LINK, f"{label} ({n})", field="content")
        for value in self.unresolved:
            self.ctx.notes.add(
                STAGE,
                NoteKind.UNRESOLVED_LINK,
                "internal link with no target in the export, kept as written",
                field="content",
                before=value,
            )


def rewrite_links(root: HtmlElement, ctx: Context, bundle: Bundle) -> None:
    """Point every URL under ``root`` at the new site, in place (see module doc)."""
    rewriter = _Rewriter(ctx, bundle)
    for el in root.iter(etree.Element):
        if el.keys():  # most elements have no attribute left, so no URL
            _rewrite_element(el, rewriter)
    rewriter.note()


def _rewrite_element(el: HtmlElement, rewriter: _Rewriter) -> None:
    if el.tag == markers.TAG:
        _update(el, "data-md", rewriter.marker)
        return
    for name in URL_ATTRS.get(el.tag, ()):
        _update(el, name, rewriter.url)
    if el.get("srcset"):
        _update(el, "srcset", rewriter.srcset)


def _update(el: HtmlElement, name: str, change: Callable[[str], str]) -> None:
    value = el.get(name)
    if value and value.strip():
        new = change(value.strip())
        if new != value:
            el.set(name, new)
