"""Read and write Markdown (or HTML) files with front matter, losing nothing of their shape.

A :class:`Document` remembers what it needs to be written back the way it came: the front
matter format (YAML ``---``, TOML ``+++``, JSON ``{...}``), key order, the line-ending style.
Dates stay the strings they were written as (YAML's timestamp resolver is switched off both
ways), so a rewrite does not turn ``2019-06-11T16:00:02+00:00`` into another spelling.
A UTF-8 BOM is dropped: Hugo and most tools read it as part of the first line.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
import yaml

from wpmigrate.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_YAML = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)


class _Loader(yaml.SafeLoader):
    """Safe YAML loading that keeps timestamps as the strings they were written as."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML dumping that does not quote timestamp-looking strings (they load back equal
    through :class:`_Loader`, and Hugo reads them as dates as it did before)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists under a key are indented ("key:\n  - a"), as most exporters and people write.
        super().increase_indent(flow, False)


for _cls in (_Loader, _Dumper):
    _cls.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class Document:
    path: Path
    format: str  # "yaml", "toml", "json" or "" (no front matter)
    front: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    newline: str = "\n"
    had_bom: bool = False
    front_text: str = ""  # the front matter block exactly as read, for untouched rewrites


def parse_document(path: Path, raw: bytes) -> Document:
    """Split a file into front matter and body; raise InputError naming the line on bad
    front matter."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        text = raw.decode("cp1252", errors="replace") if _mostly_ascii(raw) else ""
        if not text:
            raise InputError(
                f"not UTF-8 text (byte {err.start})",
                path=path,
                hint="convert the file to UTF-8 first",
            ) from None
    had_bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    fmt, front_text, body = _split(text)
    front = _load(fmt, front_text, path)
    return Document(path, fmt, front, body, newline, had_bom, front_text)


def _mostly_ascii(raw: bytes) -> bool:
    return sum(b < 128 for b in raw) > 0.9 * max(1, len(raw))


def _split(text: str) -> tuple[str, str, str]:
    for fmt, rx in (("yaml", _YAML), ("toml", _TOML)):
        m = rx.match(text)
        if m:
            return fmt, m.group(1) or "", text[m.end() :]
    if text.startswith("{"):
        end = _json_end(text)
        if end:
            return "json", text[:end], text[end:]
    return "", "", text


def _json_end(text: str) -> int:
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return 0
    return end


def _load(fmt: str, text: str, path: Path) -> dict[str, Any]:
    try:
        if fmt == "yaml":
            data = yaml.load(text, Loader=_Loader) if text.strip() else {}  # noqa: S506 (safe)
        elif fmt == "toml":
            data = tomllib.loads(text)
        elif fmt == "json":
            data = json.loads(text)
        else:
            data = {}
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as err:
        line = _error_line(err)
        raise InputError(
            f"front matter is not valid {fmt.upper()}: {_first_line(err)}",
            path=path,
            line=line,
            hint="fix the front matter by hand",
        ) from None
    if not isinstance(data, dict):
        raise InputError("front matter is not a map of keys to values", path=path, line=1)
    return data


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _error_line(err: Exception) -> int | None:
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        return int(mark.line) + 2  # +1 for 1-based, +1 for the opening "---"
    lineno = getattr(err, "lineno", None)
    return int(lineno) + 1 if lineno else None


def dump_front(fmt: str, front: dict[str, Any]) -> str:
    """Serialize front matter (without the fences) in ``fmt``."""
    if fmt == "toml":
        return tomli_w.dumps(front)
    if fmt == "json":
        return json.dumps(front, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(
        front,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


def load_front(fmt: str, text: str) -> dict[str, Any]:
    """Parse front matter text as :func:`parse_document` does (for round-trip checks)."""
    return _load(fmt, text, Path("<front matter>"))


def render_document(doc: Document, front_changed: bool) -> bytes:
    """The file's bytes: front matter re-serialized only if it changed, body, newline style."""
    front_text = dump_front(doc.format, doc.front) if front_changed else doc.front_text
    if doc.format == "yaml":
        text = f"---\n{front_text}---\n{doc.body}"
    elif doc.format == "toml":
        text = f"+++\n{front_text}+++\n{doc.body}"
    elif doc.format == "json":
        text = f"{front_text.rstrip()}{doc.body}" if front_changed else f"{front_text}{doc.body}"
    else:
        text = doc.body
    return text.replace("\n", doc.newline).encode("utf-8")
