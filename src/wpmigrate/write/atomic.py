"""Write stage, part 4: safe, atomic file writes inside the site folder.

A file is written to a temporary file in its own directory, flushed and fsynced, then moved
over the target with :func:`os.replace`: readers see the old file or the new one, never half a
file, even if the run is killed. Targets are resolved first; a path that leaves the site
folder, through ``..`` or through a symlink pointing outside, or whose name holds a control
character or a device name Windows reserves (``con``, ``nul``, ``com1``...), is refused with
:class:`OutputError`.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from wpmigrate.errors import OutputError
from wpmigrate.write.paths import check_relative, reserved_name

FILE_MODE = 0o644
TEMP_SUFFIX = ".tmp"


def temp_prefix(name: str) -> str:
    """Temporary files for ``name`` are ``.<name>.<pid>-<n>.tmp`` beside it (same file system,
    so the final rename is atomic; hidden, so Hugo ignores one a killed run left behind)."""
    return f".{name}."


def remove_stale_temps(folder: Path, names: set[str]) -> int:
    """Remove temporary files a killed run left for the files ``names`` of ``folder``."""
    removed = 0
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            stem = entry.name[1:].rsplit(".", 2)[0] if entry.name.startswith(".") else ""
            if entry.name.endswith(TEMP_SUFFIX) and stem in names and entry.is_file():
                entry.unlink()
                removed += 1
    return removed


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_name(rel: str) -> None:
    """Refuse names no file system can hold safely: control characters, reserved devices."""
    for part in rel.split("/"):
        if _CONTROL.search(part) or reserved_name(part):
            raise OutputError(
                f"refusing to write {rel!r}: {part!r} is not a safe file name",
                hint="this is a bug in wpmigrate: names are cleaned before writing",
            )


def inside(root: Path, rel: str) -> Path:
    """The real path of ``root/rel``, proven to stay inside ``root`` (symlinks resolved)."""
    return _resolved_inside(root.resolve(), rel)


def _resolved_inside(real_root: Path, rel: str) -> Path:
    check_relative(rel)
    check_name(rel)
    target = (real_root / rel).resolve()
    if target != real_root and real_root not in target.parents:
        raise OutputError(
            f"refusing to write {rel!r}: it resolves to {target}, outside the site folder",
            path=real_root / rel,
            hint="remove the symlink or choose another output folder",
        )
    return target


# Windows marks symlinks and junctions alike as reparse points (``os.path.islink`` does not
# see junctions before Python 3.12); anything so marked is resolved in full.
_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)


def _is_link(info: os.stat_result) -> bool:
    return stat.S_ISLNK(info.st_mode) or bool(
        getattr(info, "st_file_attributes", 0) & _REPARSE_POINT
    )


class SiteRoot:
    """:func:`inside` for the many files of one run, at one ``lstat`` per existing segment.

    The root is resolved once. Each segment of a path below it is looked at on every call
    (a folder may have been swapped for a symlink since the last one); when none is a link,
    the path is the root joined with it, and there is nothing to resolve. A link anywhere
    (or a junction) sends the path through the full :func:`inside` check. This is what
    resolving every path did, without its cost (more than writing the file)."""

    def __init__(self, root: Path) -> None:
        self.real = root.resolve()
        self._base = str(self.real)

    def path(self, rel: str) -> Path:
        check_relative(rel)
        check_name(rel)
        current = self._base
        for part in rel.split("/"):
            current = f"{current}{os.sep}{part}"
            try:
                info = os.lstat(current)
            except OSError:
                break  # missing (or not a folder): nothing below it exists; writing will say
            if _is_link(info):
                return _resolved_inside(self.real, rel)
        return Path(self._base, *rel.split("/"))


def read_existing(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` when there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise OutputError("a folder is in the way of a file", path=path) from exc


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, hence best effort.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` by ``data`` atomically (temp file + rename), creating folders.

    A process killed at any moment leaves either the old file or the new one, whole. With
    ``durable`` the data and the rename are also forced to disk before returning (survives a
    power cut); a caller writing many files can pass ``durable=False`` and call
    :func:`flush_to_disk` once at the end instead, which is much faster.

    Raises :class:`OutputError` when the system refuses (disk full, permissions); the old
    file, if any, is then still there, whole.
    """
    try:
        _replace(path, data, durable)
    except OSError as err:
        raise OutputError(
            f"cannot write the file: {err.strerror or err}",
            path=path,
            hint="check free space and permissions; every file already written is complete,"
            " and a rerun finishes the job",
        ) from None


def _replace(path: Path, data: bytes, durable: bool) -> None:
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = FILE_MODE
    fd, tmp = _temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(path.parent)


_TEMP_NUMBERS = itertools.count()


def _temp_file(path: Path) -> tuple[int, str]:
    """A new, exclusive temporary file beside ``path`` (its folders made when missing).

    Named by process id and a counter rather than ``tempfile``'s random letters: as safe
    (``O_EXCL`` refuses an existing name, and the next number is tried) and much cheaper."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = f"{path.parent}{os.sep}{temp_prefix(path.name)}{os.getpid()}-{next(_TEMP_NUMBERS)}"
        tmp += TEMP_SUFFIX
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(tmp, flags, 0o600), tmp


def flush_to_disk(paths: Iterable[Path]) -> None:
    """Force the files at ``paths`` (and their folders) to disk, once, after a batch of
    ``durable=False`` writes."""
    if hasattr(os, "sync"):
        os.sync()  # one call flushes every pending write; far cheaper than one fsync each
        return
    for path in paths:  # pragma: no cover - platforms without sync()
        with contextlib.suppress(OSError), path.open("rb+") as handle:
            os.fsync(handle.fileno())
        _fsync_dir(path.parent)
