"""Tables: GFM pipe tables when GFM can express them, else ``None`` (the caller keeps HTML).

GFM tables have one header row, one line per row and inline content only: spans, block
content in cells (lists, paragraphs, code blocks), nested tables and header cells past the
first row (a column of row headers) cannot be written.
A table of one column holding blocks is layout (a chat log, a boxed note), not data: its cells
are read in order, as the blocks they hold (:func:`layout_cells`).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from wpmigrate.convert.base import ConverterBase, finish_paragraph
from wpmigrate.convert.state import ConvertState

_BLOCKS_IN_CELL = frozenset(
    {
        "table",
        "ul",
        "ol",
        "pre",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "dl",
        "figure",
        "div",
        "details",
        "form",
    }
)
_ALIGN = {"left": ":---", "center": ":---:", "right": "---:"}


def table_markdown(conv: ConverterBase, table: HtmlElement, st: ConvertState) -> str | None:
    """The GFM table for ``table``, ``""`` for an empty one, ``None`` if GFM cannot hold it."""
    rows = _rows(table)
    if not rows:
        return ""
    if not _expressible(table, rows):
        return None
    cells = [_cells(row) for row in rows]
    width = max(len(row) for row in cells)
    if width == 0:
        return ""
    text_rows = [_row_text(conv, row, width, st) for row in cells]
    delimiter = "| " + " | ".join(_align(c) for c in _padded(cells[0], width)) + " |"
    lines = [text_rows[0], delimiter, *text_rows[1:]]
    caption = table.find("caption")
    if caption is not None:
        title = conv.markdown(caption, st)
        return f"{title}\n\n" + "\n".join(lines) if title else "\n".join(lines)
    return "\n".join(lines)


def layout_cells(table: HtmlElement) -> list[HtmlElement] | None:
    """The cells of a one-column table without header cells, in order; else ``None``."""
    rows = [_cells(row) for row in _rows(table)]
    if not rows or any(len(cells) > 1 for cells in rows):
        return None
    cells = [cells[0] for cells in rows if cells]
    if any(c.tag != "td" or _span(c, "rowspan") > 1 for c in cells):
        return None
    return cells


def _rows(table: HtmlElement) -> list[HtmlElement]:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    head = [r for r in rows if r.getparent().tag == "thead"]
    return head[:1] + [r for r in rows if r not in head[:1]] if head else rows


def _expressible(table: HtmlElement, rows: list[HtmlElement]) -> bool:
    if len(table.findall("thead/tr")) > 1:
        return False
    if any(c.tag == "th" for row in rows[1:] for c in _cells(row)):
        return False  # row headers: GFM has header cells in its first row only
    for row in rows:
        for cell in _cells(row):
            if _span(cell, "colspan") > 1 or _span(cell, "rowspan") > 1:
                return False
            if any(d.tag in _BLOCKS_IN_CELL for d in cell.iterdescendants()):
                return False
            if len(cell.findall(".//p")) > 1:
                return False
    return True


def _span(cell: HtmlElement, attr: str) -> int:
    try:
        return int(cell.get(attr, "1"))
    except ValueError:
        return 1


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def _padded(cells: list[HtmlElement], width: int) -> list[HtmlElement | None]:
    return [*cells, *([None] * (width - len(cells)))]


def _row_text(conv: ConverterBase, row: list[HtmlElement], width: int, st: ConvertState) -> str:
    texts = [_cell_text(conv, c, st) for c in row] + [""] * (width - len(row))
    return "| " + " | ".join(texts) + " |"


def _cell_text(conv: ConverterBase, cell: HtmlElement, st: ConvertState) -> str:
    st.in_cell = True
    try:
        text = finish_paragraph([conv.inline_children(cell, st)], line_starts=False)
    finally:
        st.in_cell = False
    return text.replace("\n", " ").replace("|", "\\|")


def _align(cell: HtmlElement | None) -> str:
    if cell is None:
        return "---"
    value = cell.get("align", "").lower()
    for word in cell.get("class", "").split():
        if word.startswith("has-text-align-"):
            value = word.removeprefix("has-text-align-")
    return _ALIGN.get(value, "---")
