"""Normalize stage, reusable blocks: which content a ``core/block`` reference shows.

A reusable block ("synced pattern") lives in the export as a ``wp_block`` item; posts hold
only ``<!-- wp:block {"ref":N} /-->``. Like WordPress's ``render_block_core_block``, a block
inside itself (directly or not) and a block that is not published show nothing; either way the
reader of the old site saw nothing there. A block missing from the export is content lost, and
noted as such. ``blocks.py`` renders what :func:`referenced` returns in place of the reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wpmigrate.model import NoteKind, ReusableBlock
from wpmigrate.normalize.autop import restore_preserved
from wpmigrate.normalize.blockparser import Block, parse_blocks

if TYPE_CHECKING:
    from wpmigrate.normalize.blocks import Node

STAGE = "normalize"

# Nested reusable blocks deeper than this are not followed: real sites nest one or two.
MAX_REUSABLE_DEPTH = 8


def referenced(node: Node) -> tuple[str, list[Block]] | None:
    """The id and parsed blocks of the reusable block ``node`` references, or None when the
    reference shows nothing (and why is noted)."""
    ref = node.attr("ref")
    found = node.ctx.reusable.get(ref) if ref else None
    refused = _refusal(node, ref, found)
    if refused is not None:
        node.note(*refused)
        return None
    if found is None:  # never: a missing block is refused above (this tells mypy)
        return None
    node.note(NoteKind.BLOCK, f"reusable block {ref} inlined")
    if node.attrs.get("content") or node.attrs.get("overrides"):
        # Pattern overrides (WordPress 6.5+): per-post text for named blocks of the pattern.
        node.note(NoteKind.WORDS_LOST, f"overrides of reusable block {ref} not applied")
    node.ctx.inlined.append(found.content)
    # The post body had its code shortcodes set aside before its blocks were parsed; this
    # content arrives later, so it gets the same step here, or autop and the shortcode
    # handlers would run inside its code.
    parsed = parse_blocks(node.protect(restore_preserved(found.content)))
    for problem in parsed.problems:
        node.ctx.notes.add(STAGE, NoteKind.BLOCK, f"reusable block {ref}: {problem}")
    return ref, parsed.blocks


def _refusal(node: Node, ref: str, found: ReusableBlock | None) -> tuple[NoteKind, str] | None:
    """Why the reference shows nothing (the note to make), or None when it is inlined."""
    if not ref:  # a placeholder never pointed at a block: WordPress shows nothing either
        return NoteKind.BLOCK, "reusable block reference without an id, nothing to show"
    if found is None:
        return NoteKind.WORDS_LOST, f"reusable block {ref} is not in the export, content lost"
    if ref in node.refs:
        return NoteKind.BLOCK, f"reusable block {ref} inside itself, not inlined again"
    if len(node.refs) >= MAX_REUSABLE_DEPTH:
        return NoteKind.WORDS_LOST, f"reusable block {ref} nested too deep, not inlined"
    if not found.shown:
        state = "protected" if found.has_password else found.status
        return NoteKind.BLOCK, f"reusable block {ref} is {state}, not shown (as in WordPress)"
    return None
