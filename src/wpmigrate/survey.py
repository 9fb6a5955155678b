"""``inspect``: a quick survey of an export before converting it, read in one streaming pass.

Counts by post type and status, the date range, languages, authors, terms, shortcodes (those
wpmigrate does not convert marked unknown: they stay in the text as written) and Gutenberg
blocks used, reusable blocks and the references to them (naming those not in the export),
oEmbed URLs, plugins detected (from shortcodes, block namespaces and meta prefixes), fields
holding mojibake, kinds of raw HTML, and comments by status. Items are read one at a time, so
memory does not grow with the export.

Problems keep their kind, as ``convert`` reports them: an ``error`` when part of an export
could not be read (cut short or damaged: the counts miss the items after the break), a
``warning`` when reading went on and the survey is complete (the same warnings ``convert``
gives). :attr:`Survey.return_code` is ``convert``'s for the same input.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ftfy.badness import is_bad

from wpmigrate.config import Config
from wpmigrate.context import Context
from wpmigrate.errors import TruncatedInputError, WpmigrateError
from wpmigrate.model import Item
from wpmigrate.normalize.blockparser import delimiter_attrs
from wpmigrate.normalize.handlers import HANDLERS
from wpmigrate.normalize.shortcodes import (
    CODE_TAGS,
    FORM_SHORTCODES,
    Shortcode,
    do_shortcode,
    unknown_names,
)
from wpmigrate.read.wxr import Scan, read_items, scan

# "[tag" followed by a space, "]" or "/": WordPress's shortcode name rule, minus "[[escaped]]".
_SHORTCODE = re.compile(r"(?<!\[)\[([A-Za-z][\w-]*)(?=[\s\]/])(?![^\[\]]*\]\])")
#: Shortcodes wpmigrate turns into Markdown or Hugo shortcodes; any other stays as written
#: (a form's in an HTML comment).
CONVERTED_SHORTCODES = (frozenset(HANDLERS) | CODE_TAGS) - frozenset(FORM_SHORTCODES)
_KNOWN = frozenset(HANDLERS)
# WordPress's auto-embed rule (class-wp-embed.php): a URL alone on its line or paragraph.
_EMBED = re.compile(
    r"^\s*(?:<p>\s*)?https?://(?:www\.)?([^\s<>\"/]+)[^\s<>\"]*\s*(?:</p>)?\s*$", re.M
)
_BLOCK = re.compile(r"<!--\s+wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)[\s/]")
# A reusable block reference: <!-- wp:block {"ref":123} /-->, the id as a number or a string.
_REF_BLOCK = re.compile(r"<!--\s+wp:(?:core/)?block\s")
_ID = re.compile(r"\d+")
_RAW_HTML = {
    "iframe": re.compile(r"<iframe\b", re.I),
    "script": re.compile(r"<script\b", re.I),
    "style": re.compile(r"<style\b|\sstyle=", re.I),
    "table": re.compile(r"<table\b", re.I),
    "form": re.compile(r"<form\b|<input\b", re.I),
    "object/embed": re.compile(r"<object\b|<embed\b", re.I),
    "svg": re.compile(r"<svg\b", re.I),
    "highlighted code": re.compile(r"<pre[^>]*\b(lang=|class=\"[^\"]*brush:)", re.I),
    "div/span": re.compile(r"<(div|span)\b", re.I),
}
_SHORTCODE_PLUGINS = {
    "sourcecode": "SyntaxHighlighter",
    "code": "SyntaxHighlighter",
    "gist": "Jetpack",
    "tweet": "Jetpack",
    "youtube": "Jetpack",
    "vimeo": "Jetpack",
    "et_pb_section": "Divi",
    "vc_row": "WPBakery",
    "fusion_builder_container": "Avada",
    "su_": "Shortcodes Ultimate",
}
_META_PLUGINS = {
    "_yoast_wpseo_": "Yoast SEO",
    "_aioseop_": "All in One SEO",
    "rank_math_": "Rank Math",
    "mashsb_": "Mashshare",
    "dsq_": "Disqus",
    "_elementor_": "Elementor",
    "_et_pb_": "Divi",
    "_wpas_": "Jetpack Publicize",
    "_publicize_": "Jetpack Publicize",
    "jetpack_": "Jetpack",
    "_jetpack_": "Jetpack",
    "_wpml_": "WPML",
    "_oembed_": "oEmbed cache (core)",
    "_wpcom_": "WordPress.com",
    "amp_": "AMP",
    "essb_": "Easy Social Share Buttons",
    "_wp_attachment_metadata": "",
}


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """A problem met while reading: ``kind`` is :data:`ERROR` (part of the input could not be
    read: items are missing from the survey) or :data:`WARNING` (read on; nothing missing)."""

    kind: str
    message: str  # whole, as printed: file, line and item first, the hint last
    file: str = ""
    line: int | None = None
    item: str = ""

    @classmethod
    def of(cls, kind: str, err: WpmigrateError) -> Problem:
        item = "" if err.item_id is None else str(err.item_id)
        return cls(kind, str(err), str(err.path or ""), err.line, item)


@dataclass
class Survey:
    files: list[str] = field(default_factory=list)
    title: str = ""
    link: str = ""
    languages: list[str] = field(default_factory=list)
    wxr_versions: list[str] = field(default_factory=list)
    items: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    first_date: str = ""
    last_date: str = ""
    authors: dict[str, str] = field(default_factory=dict)
    terms: Counter[str] = field(default_factory=Counter)
    shortcodes: Counter[str] = field(default_factory=Counter)
    unknown_shortcodes: list[str] = field(default_factory=list)  # not converted: kept as written
    blocks: Counter[str] = field(default_factory=Counter)
    reusable_blocks: int = 0  # wp_block items: reusable blocks ("synced patterns")
    reusable_refs: Counter[str] = field(default_factory=Counter)  # references, by block id
    #: ids referenced but not in the export: their content cannot be converted
    reusable_missing: list[str] = field(default_factory=list)
    embeds: Counter[str] = field(default_factory=Counter)  # oEmbed URLs by host
    plugins: Counter[str] = field(default_factory=Counter)
    mojibake: Counter[str] = field(default_factory=Counter)
    raw_html: Counter[str] = field(default_factory=Counter)
    comments: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)  # errors first, then warnings

    @property
    def return_code(self) -> int:
        """``convert``'s exit code for the same input: 0 when every item could be read, 123
        when part of the input could not be (the counts miss items), 2 when not one item
        could be."""
        if not any(p.kind == ERROR for p in self.problems):
            return 0
        return 123 if self.items else 2

    def to_dict(self) -> dict[str, object]:
        """Plain JSON data; counters become objects ordered by count, problems objects."""
        # Not dataclasses.asdict: it rebuilds a Counter from (key, value) pairs, counting them.
        data: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = dict(value.most_common()) if isinstance(value, Counter) else value
        data["problems"] = [asdict(p) for p in self.problems]
        return data


def survey(paths: Sequence[Path]) -> Survey:
    """Survey the exports at ``paths``; raises InputError when one cannot be read at all."""
    scanned = scan(list(paths))
    site = scanned.site
    result = Survey(files=[str(p) for p in paths], title=site.title, link=site.link)
    result.languages = [site.language] if site.language else []
    result.wxr_versions = [site.wxr_version] if site.wxr_version else []
    result.authors = {a.login: a.display_name for a in site.authors.values()}
    result.terms = Counter(t.taxonomy for t in site.terms)
    errors: list[WpmigrateError] = [
        p for p in scanned.problems if isinstance(p, TruncatedInputError)
    ]
    for path in paths:
        try:
            for item in read_items(path, scanned.repairs_cdata(path)):
                _count(item, result)
        except WpmigrateError as err:
            if all(str(e) != str(err) for e in errors):  # the first pass's break: said once
                errors.append(err)
    result.problems = _problems(errors, scanned, paths)
    result.unknown_shortcodes = sorted(set(result.shortcodes) - CONVERTED_SHORTCODES)
    result.reusable_blocks = len(scanned.reusable)
    missing = set(result.reusable_refs) - set(scanned.reusable)
    result.reusable_missing = sorted(missing, key=int)
    return result


def _problems(errors: list[WpmigrateError], scanned: Scan, paths: Sequence[Path]) -> list[Problem]:
    warnings = scanned.warnings(paths, Config().internal_types)
    return [Problem.of(ERROR, e) for e in errors] + [Problem.of(WARNING, w) for w in warnings]


def _count(item: Item, s: Survey) -> None:
    s.items += 1
    s.by_type[item.type] += 1
    s.by_status[f"{item.type}/{item.status}"] += 1
    if item.type not in ("attachment", "revision", "nav_menu_item") and item.date[:4] > "0000":
        s.first_date = min(s.first_date or item.date, item.date)
        s.last_date = max(s.last_date, item.date)
    content = item.content
    s.shortcodes.update(shortcode_names(content))
    blocks = _BLOCK.findall(content)
    s.blocks.update(b if "/" in b else f"core/{b}" for b in blocks)
    s.embeds.update(host.lower() for host in _EMBED.findall(content))
    if item.type != "revision":  # a revision's references are not shown anywhere
        s.reusable_refs.update(_refs(content))
    s.raw_html.update(k for k, rx in _RAW_HTML.items() if rx.search(content))
    s.languages += sorted(
        {t.name for t in item.terms if t.taxonomy == "language"} - set(s.languages)
    )
    _plugins(item, blocks, s)
    for name, text in (("title", item.title), ("content", content), ("excerpt", item.excerpt)):
        if not text.isascii() and is_bad(text):
            s.mojibake[name] += 1
    s.comments.update(_comment_status(c.approved) for c in item.comments)


def shortcode_names(content: str) -> list[str]:
    """The shortcodes ``content`` uses, counted as ``convert`` reads them: code shortcodes
    once each (nothing inside them), known ones, and unknown ones where convert notes one."""
    if "[" not in content:
        return []
    names: list[str] = []

    def code(found: Shortcode, ctx: Context) -> str:
        if found.content is None:
            return found.text  # an unclosed [c] or [text] is not code
        names.append(found.tag)
        return " "

    text = do_shortcode(content, Context(), dict.fromkeys(CODE_TAGS, code))
    names += [m for m in _SHORTCODE.findall(text) if m in _KNOWN]
    return [*names, *unknown_names(text, _KNOWN)]


def _refs(content: str) -> list[str]:
    """The ids of the reusable blocks ``content`` references, read from the delimiters'
    attribute JSON as the converter reads them (so ``"ref"`` may follow a nested object)."""
    if _REF_BLOCK.search(content) is None:  # most posts reference none: no parse
        return []
    refs = [attrs.get("ref") for attrs in delimiter_attrs(content, "core/block")]
    return [str(r) for r in refs if _is_id(r)]


def _is_id(value: object) -> bool:
    if isinstance(value, bool):  # JSON true is no id, though Python counts it an int
        return False
    return isinstance(value, int) or (isinstance(value, str) and _ID.fullmatch(value) is not None)


def _plugins(item: Item, blocks: list[str], s: Survey) -> None:
    found = set()
    for tag in set(_SHORTCODE.findall(item.content)):
        if tag in FORM_SHORTCODES:
            found.add(FORM_SHORTCODES[tag])
        for prefix, plugin in _SHORTCODE_PLUGINS.items():
            if tag.lower() == prefix or (prefix.endswith("_") and tag.startswith(prefix)):
                found.add(plugin)
    for key in item.meta:
        found.update(p for prefix, p in _META_PLUGINS.items() if p and key.startswith(prefix))
    found.update(
        f"blocks: {b.split('/')[0]}" for b in blocks if "/" in b and not b.startswith("core/")
    )
    s.plugins.update(found)


def _comment_status(approved: str) -> str:
    return {"1": "approved", "0": "pending"}.get(approved, approved or "unknown")


def render_text(s: Survey) -> str:
    """The human-readable survey (its problems are the caller's to show, on stderr)."""
    lines = [f"{s.title or '(untitled site)'}  {s.link}", f"files: {', '.join(s.files)}"]
    lines.append(
        f"WXR {', '.join(s.wxr_versions) or '?'}; language {', '.join(s.languages) or '?'}"
    )
    lines.append(f"items: {s.items}; dates {s.first_date[:10] or '?'} .. {s.last_date[:10] or '?'}")
    sections = [
        ("by type", _counts(s.by_type)),
        ("by type/status", _counts(s.by_status)),
        ("terms", _counts(s.terms)),
        ("shortcodes", _shortcodes(s)),
        ("blocks", _counts(s.blocks)),
        ("reusable blocks", _reusable(s)),
        ("oEmbed URLs", _counts(s.embeds)),
        ("plugins detected", _counts(s.plugins)),
        ("fields with mojibake (items)", _counts(s.mojibake)),
        ("raw HTML (items)", _counts(s.raw_html)),
        ("comments", _counts(s.comments)),
    ]
    lines += [f"{title}: {body}" for title, body in sections]
    lines.append(f"authors: {', '.join(sorted(s.authors.values())) or 'none'}")
    return "\n".join(lines) + "\n"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common()) or "none"


def _reusable(s: Survey) -> str:
    refs = sum(s.reusable_refs.values())
    if not s.reusable_blocks and not refs:
        return "none"
    body = f"{s.reusable_blocks} in the export, {refs} references"
    if s.reusable_missing:
        body += f"; not in the export (content lost): {', '.join(s.reusable_missing)}"
    return body


def _shortcodes(s: Survey) -> str:
    unknown = set(s.unknown_shortcodes)
    body = ", ".join(
        f"{name} {n}" + (" (unknown)" if name in unknown else "")
        for name, n in s.shortcodes.most_common()
    )
    if unknown:
        body += (
            "; unknown ones are kept as written, forms in an HTML comment"
            " (--fail-on unknown-shortcode flags them)"
        )
    return body or "none"
