"""The converter's one context argument, and the block record it builds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from wpmigrate.context import Context


@dataclass
class ConvertState:
    """What every ``convert_<tag>`` method may read: the item's context and where we are."""

    ctx: Context
    #: tags kept as raw HTML, counted for the item's one RAW_HTML note
    raw_html: Counter[str] = field(default_factory=Counter)
    #: this list directly follows a list of the same kind: use the other marker so they stay two
    alternate: bool = False
    in_heading: bool = False
    in_cell: bool = False
    #: no emphasis is inside the same emphasis (``to_markdown`` unwrapped such nesting first)
    flat_emphasis: bool = False


@dataclass(frozen=True)
class Block:
    """One Markdown block and what it is (how lists may join it tightly)."""

    text: str
    kind: str  # "para", "list-ul", "list-ol", "code", "quote", "heading", "html", ...


#: kinds that may directly follow a paragraph line without a blank line in a tight list
TIGHT_KINDS = frozenset({"list-ul", "code", "quote", "heading"})
