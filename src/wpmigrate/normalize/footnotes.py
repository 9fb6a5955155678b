"""Normalize stage, footnotes: the block editor's footnotes -> Markdown footnotes.

References are ``<sup data-fn="ID">`` in the text; the notes themselves are the post's
``footnotes`` meta (JSON, a list of ``{"id", "content"}``). References are numbered in order of
first use and become ``[^n]`` markers; the definitions follow the content as one block.
"""

from __future__ import annotations

import json
import re

from wpmigrate.context import Context
from wpmigrate.model import NoteKind
from wpmigrate.normalize import markers

STAGE = "normalize"

_FN_REF = re.compile(r"<sup\b[^>]*\bdata-fn=\"([^\"]+)\"[^>]*>.*?</sup>", re.I | re.S)


def footnotes(text: str, ctx: Context) -> str:
    """``<sup data-fn>`` references -> ``[^n]``; definitions from the post's footnotes meta."""
    order: dict[str, int] = {}
    for m in _FN_REF.finditer(text):
        order.setdefault(m.group(1), len(order) + 1)
    if not order:
        return text
    text = _FN_REF.sub(lambda m: markers.literal(f"[^{order[m.group(1)]}]", block=False), text)
    notes = _footnote_texts(ctx)
    lines = [f"[^{n}]: {notes.get(fn_id, '')}".rstrip() for fn_id, n in order.items()]
    ctx.notes.add(STAGE, NoteKind.BLOCK, f"{len(order)} footnotes -> Markdown footnotes")
    return text + markers.literal("\n".join(lines), block=True)


def _footnote_texts(ctx: Context) -> dict[str, str]:
    raw = ctx.item.meta.get("footnotes", "") if ctx.item else ""
    try:
        entries = json.loads(raw) if raw else []
    except ValueError:
        ctx.notes.add(STAGE, NoteKind.BLOCK, "footnotes meta is not valid JSON")
        return {}
    if not isinstance(entries, list):
        return {}
    return {
        str(e.get("id")): markers.inline_markdown(str(e.get("content", "")))
        for e in entries
        if isinstance(e, dict)
    }
