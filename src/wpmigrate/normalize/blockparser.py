"""Normalize stage, block parsing: a port of WordPress's ``WP_Block_Parser``.

Block content is HTML with comment delimiters: ``<!-- wp:name {"json":1} -->...<!-- /wp:name
-->`` and void ``<!-- wp:name /-->``; names without a namespace are ``core/``. HTML between
top-level blocks is a freeform ("classic") block with no name. Like WordPress, each block keeps
``inner_content``: its own HTML strings with ``None`` where an inner block goes.

Where WordPress would give up (invalid JSON, a closer with no opener), this parser notes the
problem and goes on, so no text is lost and no delimiter survives.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)"
    # attrs: JSON up to the "}" that ends the delimiter; runs of other characters are taken
    # whole (one step each, not one per character: block attributes can be long)
    r"\s+(?P<attrs>\{[^}]*(?:\}(?!\s+/?-->)[^}]*)*\}\s+)?(?P<void>/)?-->",
    re.S,
)
_HAS_BLOCKS = re.compile(r"<!--\s+wp:")


@dataclass
class Block:
    """One parsed block; ``name`` is ``None`` for freeform HTML."""

    name: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list[Block] = field(default_factory=list)
    inner_content: list[str | None] = field(default_factory=list)

    @property
    def inner_html(self) -> str:
        return "".join(part for part in self.inner_content if part is not None)

    def add_html(self, text: str) -> None:
        if text:
            self.inner_content.append(text)

    def add_block(self, block: Block) -> None:
        self.inner_blocks.append(block)
        self.inner_content.append(None)


@dataclass
class Parsed:
    blocks: list[Block]
    problems: list[str] = field(default_factory=list)


def has_blocks(text: str) -> bool:
    """The content was saved by the block editor (it holds a block delimiter)."""
    return _HAS_BLOCKS.search(text) is not None and _TOKEN.search(text) is not None


def _attrs(raw: str | None, name: str, problems: list[str]) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        problems.append(f"{name}: attributes are not valid JSON, ignored")
        return {}
    return value if isinstance(value, dict) else {}


def delimiter_attrs(text: str, name: str) -> list[dict[str, Any]]:
    """The attributes of each opening or void delimiter of block ``name`` (``core/...``) in
    ``text``, read as :func:`parse_blocks` reads them (invalid JSON: no attributes)."""
    found = []
    for m in _TOKEN.finditer(text):
        closer, namespace, short, raw, _ = m.groups()
        if not closer and (namespace or "core/") + short == name:
            found.append(_attrs(raw, name, []))
    return found


def parse_blocks(text: str) -> Parsed:
    """The block tree of ``text``, as ``parse_blocks()`` returns it."""
    root = Block(None)
    stack: list[Block] = [root]
    problems: list[str] = []
    pos = 0
    # A long post has thousands of delimiters: one step per delimiter, helpers only when rare.
    for m in _TOKEN.finditer(text):
        start = m.start()
        if start > pos and len(stack) > 1:
            stack[-1].inner_content.append(text[pos:start])
        elif start > pos:
            root.add_block(Block(None, inner_content=[text[pos:start]]))
        pos = m.end()
        closer, namespace, short, raw, void = m.groups()
        name = (namespace or "core/") + short
        if closer:
            _close(stack, name, problems)
        elif void:
            stack[-1].add_block(Block(name, _attrs(raw, name, problems) if raw else {}))
        else:
            stack.append(Block(name, _attrs(raw, name, problems) if raw else {}))
    _add_html(stack, root, text[pos:])
    while len(stack) > 1:
        problems.append(f"{stack[-1].name}: not closed")
        _close(stack, stack[-1].name or "", problems)
    return Parsed(root.inner_blocks, problems)


def _add_html(stack: list[Block], root: Block, html: str) -> None:
    if not html:
        return
    if len(stack) == 1:
        root.add_block(Block(None, inner_content=[html]))
    else:
        stack[-1].add_html(html)


def _close(stack: list[Block], name: str, problems: list[str]) -> None:
    if len(stack) == 1:
        problems.append(f"{name}: closing delimiter without an opening one, dropped")
        return
    block = stack.pop()
    if block.name != name:
        problems.append(f"{block.name}: closed by {name}")
    stack[-1].add_block(block)
