"""Media index: the attachments an export knows, found by id or by any URL of any size.

Built during the light first pass over the export (attachments can come after the posts that
use them), then read by normalize (captions, galleries, featured images) and convert (images
in a resized variant resolve to the original upload).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from wpmigrate.model import Attachment

# "-300x200" before the extension, "-scaled" (WordPress 5.3+ big-image copies), "-rotated".
_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
_UPLOADS = "/wp-content/uploads/"


def upload_key(url: str) -> str:
    """The part of an upload URL that names the file: ``2019/06/photo.jpg``.

    Works for absolute and relative URLs, ``files/`` paths of old multisite blogs and
    WordPress.com's ``?w=`` resizing; lower-cased, percent-decoded, query dropped.
    """
    path = unquote(urlsplit(url.strip()).path)
    if _UPLOADS in path:
        path = path.split(_UPLOADS, 1)[1]
    elif "/files/" in path:
        path = path.split("/files/", 1)[1]
    return path.lstrip("/").lower()


def original_key(key: str) -> str:
    """The key of the original upload a resized variant was made from."""
    previous = None
    while previous != key:
        previous, key = key, _SIZE_SUFFIX.sub("", key)
    return key


@dataclass
class MediaIndex:
    """Attachments by id and by upload key (original and every size WordPress made)."""

    by_id: dict[str, Attachment] = field(default_factory=dict)
    by_key: dict[str, Attachment] = field(default_factory=dict)

    def add(self, att: Attachment) -> None:
        self.by_id[att.id] = att
        if not att.url:
            return
        key = upload_key(att.url)
        self.by_key.setdefault(key, att)
        folder = key.rsplit("/", 1)[0] + "/" if "/" in key else ""
        for size in att.sizes:
            self.by_key.setdefault(folder + size.lower(), att)

    def get(self, att_id: str) -> Attachment | None:
        return self.by_id.get(str(att_id).strip())

    def find(self, url: str) -> Attachment | None:
        """The attachment ``url`` shows, in whatever size; ``None`` when the export lacks it."""
        if not url:
            return None
        key = upload_key(url)
        return self.by_key.get(key) or self.by_key.get(original_key(key))

    def __len__(self) -> int:
        return len(self.by_id)
