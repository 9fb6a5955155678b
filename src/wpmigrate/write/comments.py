"""Approved comments as Hugo data files, ``data/comments/<wordpress_id>.yaml``.

Only approved comments are written (spam, trash and pending are dropped); the records never
held an email or an IP address. Templates read them through ``site.Data.comments``.
"""

from __future__ import annotations

import yaml

from wpmigrate.config import Config
from wpmigrate.model import Comment, Item


def _record(comment: Comment) -> dict[str, str]:
    record = {
        "id": comment.id,
        "parent": comment.parent if comment.parent not in ("", "0") else "",
        "author": comment.author,
        "author_url": comment.author_url,
        "date": comment.date,
        "content": comment.content,
    }
    return {k: v for k, v in record.items() if v}


def approved(item: Item) -> list[Comment]:
    return [c for c in item.comments if c.approved == "1" and c.type in ("", "comment")]


def comment_files(item: Item, cfg: Config) -> list[tuple[str, bytes]]:
    """The data file for ``item``'s approved comments, or nothing when it has none."""
    kept = approved(item)
    if not cfg.comments or not kept:
        return []
    text = yaml.safe_dump(
        [_record(c) for c in kept], allow_unicode=True, sort_keys=False, width=1_000_000
    )
    return [(f"data/comments/{item.id}.yaml", text.encode("utf-8"))]
