"""Write stage, part 5: the Hugo site on disk.

:class:`SiteWriter` owns the output folder. It is the only thing that writes there, one file at
a time through :meth:`SiteWriter.put`, and it keeps ``.wpmigrate/manifest.json``: the sha256
of every file it wrote. That manifest is what makes reruns safe:

* same content as on disk -> ``unchanged``, nothing is written (reruns are byte-identical and
  leave mtimes alone);
* the file on disk is not what wpmigrate wrote last time (edited by hand) -> ``skipped-edited``,
  unless ``cfg.force``; a file wpmigrate never wrote -> ``skipped-edited``, even with ``force``
  (wpmigrate never changes or deletes a file it did not write);
* otherwise -> ``written`` (mode ``write``) or ``would-write``/``would-change`` (modes
  ``check``, ``diff`` -- with a unified diff -- and ``dry-run``).

The site's own files (``hugo.toml``, layouts, term pages) are made in :mod:`.scaffold`.

Each write is also appended to ``.wpmigrate/journal`` as soon as it is done, and the journal is
folded into the manifest by :meth:`SiteWriter.finish`: a run that is killed half-way still
leaves a record of every file it wrote, so the rerun knows them as its own.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from wpmigrate.config import Config
from wpmigrate.errors import OutputError
from wpmigrate.write.atomic import (
    SiteRoot,
    atomic_write,
    flush_to_disk,
    inside,
    read_existing,
    remove_stale_temps,
    sha256,
)
from wpmigrate.write.frontmatter import normalize_newlines

MODES = ("write", "check", "diff", "dry-run")
MANIFEST = ".wpmigrate/manifest.json"
JOURNAL = ".wpmigrate/journal"


@dataclass(frozen=True)
class WriteResult:
    """What happened to one file: ``written``, ``unchanged``, ``would-write``,
    ``would-change`` or ``skipped-edited``; ``diff`` is set in ``diff`` mode."""

    path: str
    status: str
    diff: str = ""
    item_id: str = ""


def load_manifest(root: Path) -> dict[str, str]:
    """Path -> sha256 of the files wpmigrate wrote in ``root`` (empty for a new site)."""
    path = inside(root, MANIFEST)
    data = read_existing(path)
    files = _parse_manifest(data, path) if data is not None else {}
    return files | load_journal(root)


def _parse_manifest(data: bytes, path: Path) -> dict[str, str]:
    try:
        files = json.loads(data.decode("utf-8"))["files"]
        return {str(k): str(v) for k, v in files.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(
            "the manifest of files wpmigrate wrote is unreadable",
            path=path,
            hint="delete it; existing files that differ will then be left alone",
        ) from exc


def load_journal(root: Path) -> dict[str, str]:
    """Files an interrupted run wrote after its last manifest: path -> sha256."""
    data = read_existing(inside(root, JOURNAL)) or b""
    found: dict[str, str] = {}
    # The last line may have been cut by the interruption: only whole lines count.
    for line in data.decode("utf-8", "replace").split("\n")[:-1]:
        digest, _, rel = line.partition(" ")
        if len(digest) == 64 and rel:
            found[rel] = digest
    return found


def manifest_bytes(files: dict[str, str]) -> bytes:
    text = json.dumps({"version": 1, "files": dict(sorted(files.items()))}, indent=2)
    return (text + "\n").encode("utf-8")


def unified_diff(rel: str, before: bytes | None, after: bytes) -> str:
    """A ``diff -u`` of one file, ``a/rel`` -> ``b/rel``; binary files get a one-line note."""
    try:
        old, new = (before or b"").decode("utf-8"), after.decode("utf-8")
    except UnicodeDecodeError:
        return f"Binary files a/{rel} and b/{rel} differ\n"
    return diff_text(old, new, f"a/{rel}", f"b/{rel}")


def diff_text(before: str, after: str, old_name: str, new_name: str) -> str:
    """``diff -u`` of two texts, as ``patch`` reads it: a last line without a newline is
    marked so, not glued to the next line of the diff."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), old_name, new_name
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


class SiteWriter:
    """Writes files into the site folder ``root`` according to ``mode`` (see module doc)."""

    def __init__(self, root: Path, cfg: Config, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
        self.root = Path(root)
        self.cfg = cfg
        self.mode = mode
        self._written = load_manifest(self.root)
        self.manifest = dict(self._written)
        self._seen: dict[str, str] = {}
        self._pending: list[str] = []  # written without fsync; flushed once in finish()
        self._journal_file: TextIO | None = None
        self._paths = SiteRoot(self.root)

    def owns(self, rel: str) -> bool:
        """Whether wpmigrate wrote ``rel`` (on this run or an earlier one)."""
        return rel in self.manifest

    def _claim(self, rel: str, item_id: str) -> None:
        if rel in self._seen:
            raise OutputError(
                f"two outputs for one file {rel!r} (items {self._seen[rel]!r}, {item_id!r})",
                hint="this is a bug in wpmigrate's path plan",
            )
        self._seen[rel] = item_id

    def _forced(self, rel: str) -> bool:
        """``force`` overrides hand edits of files wpmigrate wrote, never files it did not."""
        return self.cfg.force and rel in self._written

    def _journal(self, line: str) -> None:
        # Opened once per run; each line is handed to the system at once, so a killed run
        # leaves every line of the files it finished.
        journal = self._journal_file
        if journal is None:
            path = self._paths.path(JOURNAL)
            path.parent.mkdir(parents=True, exist_ok=True)
            # "\n" on every platform: load_journal splits on it (no "\r" left in names).
            journal = self._journal_file = path.open("a", encoding="utf-8", newline="\n")
        journal.write(line)
        journal.flush()

    def _is_users(self, rel: str, current: bytes) -> bool:
        """An existing file wpmigrate did not write, or one edited since it wrote it."""
        return self._written.get(rel) != sha256(current)

    def put(self, rel_path: str, content: bytes, item_id: str = "") -> WriteResult:
        """Write ``content`` to ``rel_path`` (relative to the site) as the mode allows."""
        self._claim(rel_path, item_id)
        target = self._paths.path(rel_path)
        current = read_existing(target)
        if current == content:
            if self.mode == "write":
                self.manifest[rel_path] = sha256(content)
            return WriteResult(rel_path, "unchanged", item_id=item_id)
        if current is not None and self._is_users(rel_path, current) and not self._forced(rel_path):
            return WriteResult(rel_path, "skipped-edited", item_id=item_id)
        if self.mode == "write":
            atomic_write(target, content, durable=False)  # flushed once, in finish()
            self._pending.append(rel_path)
            self.manifest[rel_path] = digest = sha256(content)
            self._journal(f"{digest} {rel_path}\n")
            return WriteResult(rel_path, "written", item_id=item_id)
        status = "would-write" if current is None else "would-change"
        diff = unified_diff(rel_path, current, content) if self.mode == "diff" else ""
        return WriteResult(rel_path, status, diff, item_id)

    def put_text(self, rel_path: str, text: str, item_id: str = "") -> WriteResult:
        """:meth:`put` for text: UTF-8 with ``\\n`` newlines."""
        return self.put(rel_path, normalize_newlines(text).encode("utf-8"), item_id)

    def unvisited(self) -> list[str]:
        """Files wpmigrate wrote on an earlier run that this run did not produce again."""
        return sorted(set(self._written) - set(self._seen))

    def finish(self) -> None:
        """Record what was written (mode ``write`` only; nothing to do otherwise), and remove
        the temporary files a killed earlier run left beside the files of this one."""
        if self.mode != "write":
            return
        if self._journal_file is not None:
            self._journal_file.close()
            self._journal_file = None
        if self._pending:
            # Pages are renamed into place whole (a kill never leaves half a file); forcing
            # them to disk once here, before the manifest, is what one fsync per file did.
            flush_to_disk(self.root / rel for rel in self._pending)
            self._pending = []
        if self.manifest != self._written or load_journal(self.root):
            atomic_write(inside(self.root, MANIFEST), manifest_bytes(self.manifest))
            self._written = dict(self.manifest)
        inside(self.root, JOURNAL).unlink(missing_ok=True)
        folders: dict[str, set[str]] = {}
        for rel in self._seen:
            folder, _, name = rel.rpartition("/")
            folders.setdefault(folder, set()).add(name)
        for folder, names in folders.items():
            remove_stale_temps(self.root / folder, names)
