"""Report: what a run did to every item, its counts, its exit code, and its renderings.

Like black's Report: the mode decides the tense of the summary ("3 pages would be written"),
the counts decide the return code (0 done, 1 ``--check``/``--fail-on`` found something, 123
some items failed). The JSON rendering follows a versioned schema (``SCHEMA_VERSION``,
``schema/report.schema.json``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from wpmigrate import __version__
from wpmigrate.model import Note, NoteKind

SCHEMA_VERSION = 1

#: Item statuses; the first four come from the writer.
WRITTEN, UNCHANGED, WOULD_WRITE, WOULD_CHANGE = (
    "written",
    "unchanged",
    "would-write",
    "would-change",
)
EDITED, FAILED, SKIPPED = "skipped-edited", "failed", "skipped"
CHANGING = frozenset({WRITTEN, WOULD_WRITE, WOULD_CHANGE})


@dataclass(slots=True)
class ItemResult:
    """One item (or one cleaned file) in the report."""

    id: str
    title: str
    source: str
    status: str
    type: str = ""
    line: int = 0
    output: str = ""
    reason: str = ""
    words_kept: float | None = None
    # Tuples by default: a big export has thousands of rows without either (menu items,
    # attachments), and an empty tuple is shared where each empty list is an allocation.
    missing_words: Sequence[str] = ()
    notes: Sequence[Note] = ()
    diff: str = ""
    before: str = ""  # the source text, for side-by-side views
    after: str = ""  # the output text

    def note_kinds(self) -> set[str]:
        return {n.kind.value for n in self.notes}


@dataclass
class Report:
    """Everything a run did; owns the counts and the exit code."""

    mode: str = "write"  # write | check | diff | dry-run
    command: str = "convert"
    items: list[ItemResult] = field(default_factory=list)
    files: list[ItemResult] = field(default_factory=list)  # site files (config, layouts, data)
    problems: list[str] = field(default_factory=list)  # input-level problems (truncated ...)
    warnings: list[str] = field(default_factory=list)  # non-fatal input notices
    fail_on: frozenset[str] = frozenset()
    input_failed: bool = False

    def add(self, result: ItemResult) -> None:
        self.items.append(result)

    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.items)

    @property
    def changed(self) -> bool:
        return any(r.status in CHANGING for r in [*self.items, *self.files])

    def gate_hits(self) -> list[ItemResult]:
        """Items with a note (or status) listed in ``--fail-on``."""
        if not self.fail_on:
            return []
        return [r for r in self.items if self.fail_on & (r.note_kinds() | {r.status})]

    @property
    def return_code(self) -> int:
        if self.input_failed or any(r.status == FAILED for r in self.items):
            return 123 if self.items else 2
        if self.mode == "check" and self.changed:
            return 1
        if self.gate_hits():
            return 1
        return 0

    def summary(self) -> str:
        """One line, tense following the mode."""
        counts = self.counts()
        future = self.mode != "write"
        noun = "file" if self.command == "clean" else "page"
        parts = []
        changed = counts[WRITTEN] + counts[WOULD_WRITE] + counts[WOULD_CHANGE]
        verb = "cleaned" if self.command == "clean" else "written"
        if future:
            verb = f"would be {verb}"
        parts.append(f"{_plural(changed, noun)} {verb}")
        parts.append(f"{counts[UNCHANGED]} unchanged")
        if counts[EDITED]:
            parts.append(f"{counts[EDITED]} edited by hand, left alone{self._edited_names()}")
        if counts[SKIPPED]:
            parts.append(f"{counts[SKIPPED]} skipped")
        if counts[FAILED]:
            parts.append(f"{counts[FAILED]} failed")
        hits = self.gate_hits()
        if hits:
            parts.append(f"{len(hits)} flagged by --fail-on")
        return ", ".join(parts)

    def _edited_names(self, shown: int = 3) -> str:
        """`` (a.md, b.md)``: which pages were left alone, the first few (``-v`` lists all)."""
        names = [r.output or r.title for r in self.items if r.status == EDITED]
        more = f", {len(names) - shown} more" if len(names) > shown else ""
        return f" ({', '.join(names[:shown])}{more})"

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=False)

    def to_dict(self) -> dict[str, object]:
        """The report as the JSON schema ``schema/report.schema.json`` describes it."""
        return {
            "schema": "wpmigrate-report",
            "schema_version": SCHEMA_VERSION,
            "wpmigrate": __version__,
            "command": self.command,
            "mode": self.mode,
            "fail_on": sorted(self.fail_on),
            "summary": self._summary_dict(),
            "problems": list(self.problems),
            "warnings": list(self.warnings),
            "files": [{"path": f.output, "status": f.status, "diff": f.diff} for f in self.files],
            "items": [_item_dict(r) for r in self.items],
        }

    def _summary_dict(self) -> dict[str, object]:
        return {
            "line": self.summary(),
            "items": len(self.items),
            "counts": dict(sorted(self.counts().items())),
            "note_kinds": dict(sorted(_note_counts(self.items).items())),
            "flagged": [r.id for r in self.gate_hits()],
            "words_kept_min": self.words_kept_min(),
            "return_code": self.return_code,
        }

    def words_kept_min(self) -> float | None:
        """The lowest share of visible words any audited item kept (None: nothing audited)."""
        kept = [r.words_kept for r in self.items if r.words_kept is not None]
        return min(kept) if kept else None

    def write(self, path: Path) -> None:
        """Write the report as JSON or HTML, chosen by the file's suffix."""
        if path.suffix.lower() in (".html", ".htm"):
            from wpmigrate.report_html import render_html

            text = render_html(self)
        else:
            text = self.to_json() + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def json_schema() -> dict[str, object]:
    """The JSON Schema of :meth:`Report.to_dict` (``schema/report.schema.json``)."""
    text = (resources.files("wpmigrate") / "schema" / "report.schema.json").read_text("utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _note_counts(items: list[ItemResult]) -> Counter[str]:
    return Counter(n.kind.value for r in items for n in r.notes)


def _item_dict(r: ItemResult) -> dict[str, object]:
    data = asdict(r)
    # The full texts are for the HTML report's side-by-side view; JSON carries the diff.
    del data["before"], data["after"]
    data["missing_words"] = list(r.missing_words)
    data["notes"] = [{**asdict(n), "kind": NoteKind(n.kind).value} for n in r.notes]
    return data
