"""Typed records passed between the stages: read -> repair -> normalize -> convert -> write.

Nothing here does work; these are the nouns of the pipeline. Readers build them, repair
returns repaired copies (with notes), normalize/convert turn ``Item.content`` into Markdown,
the writer turns an ``Item`` plus its Markdown into a page. Every change any stage makes is a
:class:`Note`, so a report can say what happened to each item and why.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field


class NoteKind(str, enum.Enum):
    """What a note is about. The values are the words ``--fail-on`` accepts."""

    MOJIBAKE = "mojibake"  # ftfy repaired an encoding error
    ENTITIES = "entities"  # HTML entities decoded in a plain-text field
    CONTROL_CHARS = "control-chars"  # C0/C1 control characters removed
    ATTRIBUTES = "attributes-stripped"  # WordPress-only attributes removed
    SHORTCODE = "shortcode"  # a known shortcode converted
    UNKNOWN_SHORTCODE = "unknown-shortcode"  # left exactly as written
    BLOCK = "block"  # Gutenberg block handled
    RAW_HTML = "raw-html"  # HTML kept as is (Hugo hides raw HTML unless unsafe is on)
    IFRAME = "iframe"  # an iframe kept or converted
    SCRIPT = "script-dropped"  # a <script> or event handler not emitted
    MISSING_MEDIA = "missing-media"  # an image/file the export or uploads do not have
    MEDIA = "media"  # a media reference resolved or copied
    LINK = "link-rewritten"  # an internal link now points at the new page
    UNRESOLVED_LINK = "unresolved-link"  # an internal link with no target in the export
    STATUS = "status"  # WordPress status mapped (private -> draft, ...)
    SLUG = "slug"  # slug invented, shortened or disambiguated
    WORDS_LOST = "words-lost"  # the content-loss audit found missing words
    SKIPPED = "skipped"  # the item is not converted (revision, menu item, ...)
    FAILED = "failed"  # the item could not be converted
    FRONT_MATTER = "front-matter"  # a front-matter key removed or changed (clean)
    INPUT = "input"  # something about the input file (truncated, recovered)


@dataclass(frozen=True, slots=True)
class Note:
    """One thing a stage did or could not do, for one item (``item_id``) and one field."""

    stage: str
    kind: NoteKind
    message: str
    field: str = ""
    item_id: str = ""
    before: str = ""
    after: str = ""


@dataclass
class Notes:
    """A note collector handed to a stage; stages append, reports read."""

    item_id: str = ""
    items: list[Note] = field(default_factory=list)
    # The same note made again (one per column of a layout, say) is counted, not repeated:
    # (stage, kind, message, field) -> (position in items, times seen).
    _seen: dict[tuple[str, NoteKind, str, str], tuple[int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def add(
        self,
        stage: str,
        kind: NoteKind,
        message: str,
        *,
        field: str = "",
        before: str = "",
        after: str = "",
    ) -> None:
        key = (stage, kind, message, field)
        if key in self._seen:
            index, times = self._seen[key]
            self._seen[key] = (index, times + 1)
            first = self.items[index]
            self.items[index] = dataclasses.replace(first, message=f"{message} (x{times + 1})")
            return
        self._seen[key] = (len(self.items), 1)
        self.items.append(Note(stage, kind, message, field, self.item_id, before[:80], after[:80]))

    def kinds(self) -> set[NoteKind]:
        return {n.kind for n in self.items}


@dataclass(frozen=True, slots=True)
class Author:
    login: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    # Emails are deliberately not part of the record: they must never reach the output.


@dataclass(frozen=True, slots=True)
class Term:
    """A category, tag or custom-taxonomy term from the channel or from an item."""

    taxonomy: str  # "category", "post_tag", or a custom taxonomy name
    slug: str
    name: str
    parent: str = ""  # parent term slug
    description: str = ""


@dataclass(slots=True)
class Comment:
    id: str
    author: str
    date: str  # local time, "YYYY-MM-DD HH:MM:SS"
    date_gmt: str
    content: str
    approved: str  # "1", "0", "spam", "trash"
    author_url: str = ""
    parent: str = ""
    type: str = ""
    # author email and IP are never read into the record.


@dataclass
class Item:
    """One WordPress item (post, page, custom type, attachment) as the export holds it."""

    id: str
    type: str
    title: str = ""
    slug: str = ""  # post_name, still percent-encoded as WordPress stores it
    status: str = "publish"
    link: str = ""
    guid: str = ""
    date: str = ""  # post_date, local time
    date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    creator: str = ""  # author login
    content: str = ""
    excerpt: str = ""
    parent: str = "0"
    menu_order: int = 0
    has_password: bool = False  # the password itself is never kept
    sticky: bool = False
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    attachment_url: str = ""
    source: str = ""  # the file this item came from
    line: int = 0  # the line its <item> starts on

    def replace(self, **changes: object) -> Item:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass
class Site:
    """The channel of one or more exports merged: what the whole site knows of itself."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    generator: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Attachment:
    """An uploaded file the export knows, for featured images, galleries and resized variants."""

    id: str
    url: str
    file: str = ""  # _wp_attached_file: path relative to wp-content/uploads
    parent: str = "0"
    title: str = ""
    caption: str = ""
    alt: str = ""
    description: str = ""
    sizes: tuple[str, ...] = ()  # file names of the resized variants
    mime: str = ""


@dataclass(frozen=True, slots=True)
class ReusableBlock:
    """An item of type ``wp_block`` (a reusable block, "synced pattern" since WordPress 6.3).

    Posts hold only a reference, ``<!-- wp:block {"ref":id} /-->``; the content lives here.
    """

    id: str
    content: str  # block markup, as stored
    title: str = ""
    status: str = "publish"
    has_password: bool = False

    @property
    def shown(self) -> bool:
        """WordPress renders only published, unprotected reusable blocks."""
        return self.status == "publish" and not self.has_password


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the first, light pass learns of an item: enough to link to it and place it."""

    id: str
    type: str
    slug: str
    status: str
    parent: str
    link: str
    title: str = ""
    old_slugs: tuple[str, ...] = ()
    date: str = ""  # post_date, local time: fills :year/:month/:day of date-based permalinks


@dataclass
class Page:
    """The writer's input: one item, converted, ready to become a file."""

    item: Item
    path: str  # output path relative to SITE, with forward slashes
    front_matter: dict[str, object]
    body: str  # Markdown
    notes: Notes
    assets: list[tuple[str, str]] = field(default_factory=list)  # (source file, bundle name)
