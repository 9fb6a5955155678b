"""The one context object handed to normalize and convert functions.

Adding a field here never breaks a signature: every ``convert_<tag>`` and every normalizer
takes ``ctx: Context`` and reads what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wpmigrate.config import Config
from wpmigrate.media import MediaIndex
from wpmigrate.model import Item, Notes, ReusableBlock


@dataclass
class Context:
    config: Config = field(default_factory=Config)
    notes: Notes = field(default_factory=Notes)
    media: MediaIndex = field(default_factory=MediaIndex)
    item: Item | None = None
    #: old URL (any form) -> new site path; filled by the link index when known.
    links: dict[str, str] = field(default_factory=dict)
    #: the old site's hosts (lower case, without "www."), to tell internal links from others.
    site_hosts: frozenset[str] = frozenset()
    #: reusable blocks of the export by id, inlined where a post references them.
    reusable: dict[str, ReusableBlock] = field(default_factory=dict)
    #: the content of each reusable block inlined into this item, for the content-loss audit.
    inlined: list[str] = field(default_factory=list)
    #: provider URLs the page shows as a player, not as text: the audit does not look for them.
    embedded: list[str] = field(default_factory=list)
