"""Errors the library raises. Each carries where it happened: file, line and item id.

The CLI turns these into one-line messages and exit code 2 (input) or 123 (internal); the
library itself never prints and never exits.
"""

from __future__ import annotations

from pathlib import Path


class WpmigrateError(Exception):
    """Base error: a message plus the place it concerns and a hint of what to do next."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        item_id: int | str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.item_id = item_id
        self.hint = hint

    def where(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(str(self.path) + (f":{self.line}" if self.line else ""))
        if self.item_id not in (None, ""):
            parts.append(f"item {self.item_id}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(WpmigrateError):
    """The input cannot be read as what it claims to be (not XML, not WXR, unreadable)."""


class TruncatedInputError(InputError):
    """The export ends early; every complete item before the break was still converted."""


class DamagedInputError(TruncatedInputError):
    """The export is broken in the middle: read like a truncated one, every complete item
    before the damage is converted and the run fails naming the line."""


class ItemError(WpmigrateError):
    """One item failed; the run goes on and reports it."""


class OutputError(WpmigrateError):
    """Something in the output folder prevents a safe write (path escape, edited file)."""
