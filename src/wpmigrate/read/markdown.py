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
from wpmigrate.read.yaml_quoted import double_quoted, mend_quoted
from wpmigrate.read.yamlschema import Dumper, IndentlessDumper, Loader

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_YAML = re.compile(r"\A---[ \t]*\n(.*?\n)?(---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)
_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass
class Document:
    path: Path
    format: str  # "yaml", "toml", "json" or "" (no front matter)
    front: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    newline: str = "\n"
    had_bom: bool = False
    front_text: str = ""  # the front matter block as read (repaired, see ``repairs``)
    repairs: tuple[str, ...] = ()  # what was mended in front_text so that it parses
    closer: str = "---"  # the YAML front matter's closing line: "---", or YAML's own "..."
    mixed_newlines: bool = False  # CRLF and LF both: written back with ``newline`` throughout


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
    mixed = newline == "\r\n" and "\n" in text.replace("\r\n", "")
    text = text.replace("\r\n", "\n")
    try:
        fmt, front_text, body = _split(text)
    except RecursionError:  # JSON front matter is measured by decoding it
        raise _too_big(path, "nested too deeply to read") from None
    if not fmt and _UNCLOSED.match(text):
        closing = text[:3]
        raise InputError(
            f"the front matter opened at line 1 is never closed (no {closing!r} line after it)",
            path=path,
            line=1,
            hint=f"add the closing {closing!r} line where the front matter ends",
        )
    front, front_text, repairs = _load_mending(fmt, front_text, path)
    closed = _YAML.match(text) if fmt == "yaml" else None
    closer = closed.group(2) if closed else "---"
    return Document(path, fmt, front, body, newline, had_bom, front_text, repairs, closer, mixed)


def _load_mending(fmt: str, text: str, path: Path) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """The front matter, its text and what was mended in it for it to parse."""
    try:
        return _load(fmt, text, path), text, ()
    except InputError as err:
        failure = err
    mended, repairs = mend_quoted(fmt, text)
    if repairs:
        try:
            return _load(fmt, mended, path), mended, repairs
        except InputError:
            pass
    raise failure


# A front matter fence whose next two lines are keys ("title: x", "date = 2020"), with no
# closing fence: a file cut short, or an exporter's slip. A "---" followed by text, a blank
# line or one "Note: ..." line is a thematic break.
_KEY_LINE = r"[ \t]*[\w\"'-]+[ \t]*[:=][^\n]*\n"
_UNCLOSED = re.compile(r"(?:---|\+\+\+)[ \t]*\n" + _KEY_LINE * 2)


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
            data = yaml.load(text, Loader=Loader) if text.strip() else {}  # noqa: S506 (safe)
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
    except RecursionError:
        raise _too_big(path, "nested too deeply to read") from None
    if not isinstance(data, dict):
        raise InputError("front matter is not a map of keys to values", path=path, line=1)
    _check_size(data, path)
    return data


#: More values than any real front matter holds; YAML aliases can make a few lines mean
#: billions of them (an "alias bomb"), which every later step would walk one by one.
MAX_FRONT_VALUES = 100_000


def _too_big(path: Path, what: str) -> InputError:
    return InputError(
        f"front matter is {what}",
        path=path,
        line=1,
        hint="fix the front matter by hand; the file is left untouched",
    )


def _check_size(data: dict[str, Any], path: Path) -> None:
    """Refuse front matter that expands to too many values or refers to itself.

    YAML loads an alias as the very object its anchor made, so each container is counted
    once and its size reused wherever it appears again."""
    sizes: dict[int, int] = {}
    try:
        total = _size(data, sizes, set())
    except RecursionError:
        raise _too_big(path, "nested too deeply to read") from None
    except ValueError:
        raise _too_big(path, "a YAML alias inside its own anchor (it refers to itself)") from None
    if total > MAX_FRONT_VALUES:
        expanded = f"{total:,} values once its YAML aliases are expanded"
        raise _too_big(path, f"{expanded} (more than {MAX_FRONT_VALUES:,})")


def _size(value: Any, sizes: dict[int, int], open_: set[int]) -> int:
    if not isinstance(value, (dict, list)):
        return 1
    key = id(value)
    if key in sizes:
        return sizes[key]
    if key in open_:
        raise ValueError("cycle")
    open_.add(key)
    children = value.values() if isinstance(value, dict) else value
    total = 1
    for child in children:
        total += _size(child, sizes, open_)
    open_.discard(key)
    sizes[key] = total
    return total


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _error_line(err: Exception) -> int | None:
    mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
    if mark is not None:
        return int(mark.line) + 2  # +1 for 1-based, +1 for the opening "---"
    lineno = getattr(err, "lineno", None)
    if lineno is None and isinstance(err, tomllib.TOMLDecodeError):
        # tomllib says where only in its message before Python 3.14: "(at line 3, column 9)".
        found = _TOML_AT.search(str(err))
        lineno = int(found.group(1)) if found else None
    return int(lineno) + 1 if lineno else None


def dump_front(fmt: str, front: dict[str, Any]) -> str:
    """Serialize front matter (without the fences) in ``fmt``."""
    if fmt == "toml":
        return tomli_w.dumps(front)
    if fmt == "json":
        return json.dumps(front, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(
        front,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


def load_front(fmt: str, text: str) -> dict[str, Any]:
    """Parse front matter text as :func:`parse_document` does (for round-trip checks)."""
    return _load(fmt, text, Path("<front matter>"))


_YAML_KEY = re.compile(r"""^(?:"([^"]*)"|'([^']*)'|([^\s#\-'"\[{][^:]*?|-[^\s:][^:]*?)):(?:\s|$)""")
_TOML_KEY = re.compile(r"""^(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
_TOML_TABLE = re.compile(r"^\[+\s*([^\]\s]+)\s*\]+")


def _blocks(fmt: str, text: str) -> list[tuple[str | None, str]]:
    """Split front matter text into top-level entries: (key, its lines), in order."""
    blocks: list[tuple[str | None, str]] = [(None, "")]
    in_table = False
    for line in text.splitlines(keepends=True):
        key = None
        if fmt == "yaml":
            m = _YAML_KEY.match(line)
            key = next((g for g in m.groups() if g is not None), None) if m else None
        elif fmt == "toml":
            table = _TOML_TABLE.match(line)
            m = None if in_table or table else _TOML_KEY.match(line)
            key = (
                table.group(1).split(".")[0].strip("\"'")
                if table
                else (next((g for g in m.groups() if g is not None), None) if m else None)
            )
            in_table = in_table or bool(table)
        if key is not None and key != blocks[-1][0]:
            blocks.append((key, line))
        else:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + line)
    return blocks


def _dump_entry(fmt: str, key: str, value: Any, original: str) -> str:
    if fmt != "yaml":
        return tomli_w.dumps({key: value})
    quoted = _dump_quoted(value, original)
    if quoted is not None:
        return quoted
    indentless = bool(re.search(r"^- ", original, re.M))
    dumper = IndentlessDumper if indentless else Dumper
    return yaml.dump(
        {key: value},
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


# An entry written as one double-quoted value, or as a list of them (as most exporters write
# every value), then the blank lines that followed it.
_QUOTED_ENTRY = re.compile(r'\A([^\n]*?:[ \t]+)"[^\n]*\n((?:[ \t]*\n)*)\Z')
_QUOTED_LIST = re.compile(
    r'\A([^\n]*:[ \t]*\n)([ \t]*)- "[^\n]*\n(?:\2- "[^\n]*\n)*((?:[ \t]*\n)*)\Z'
)


def _dump_quoted(value: Any, original: str) -> str | None:
    """``value`` in the double-quoted style its entry was written in (its key line and list
    indentation kept), or None when it was not written so or cannot be written so."""
    if isinstance(value, str) and "\n" not in value:
        entry = _QUOTED_ENTRY.match(original)
        return f"{entry.group(1)}{double_quoted(value)}\n{entry.group(2)}" if entry else None
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(v, str) and "\n" not in v for v in value):
        return None
    items = _QUOTED_LIST.match(original)
    if items is None:
        return None
    lines = "".join(f"{items.group(2)}- {double_quoted(v)}\n" for v in value)
    return f"{items.group(1)}{lines}{items.group(3)}"


def rewrite_front(fmt: str, text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """Front matter text for ``new``, keeping the original text of every unchanged entry
    (its quoting, comments and date spelling); falls back to a full dump if the result would
    not parse back to ``new``."""
    if fmt not in ("yaml", "toml"):
        return dump_front(fmt, new)
    blocks = _blocks(fmt, text)
    out = []
    for key, lines in blocks:
        if key is None or (key in new and key in old and new[key] == old[key]):
            out.append(lines)
        elif key in new:
            out.append(_dump_entry(fmt, key, new[key], lines))
        else:  # removed: keep the blank lines that separated it from the next entry
            out.append(
                "".join(re.findall(r"^[ \t]*\n", lines, re.M)[-1:])
                if lines.endswith("\n\n")
                else ""
            )
    seen = {key for key, _ in blocks}
    out += [_dump_entry(fmt, k, v, "") for k, v in new.items() if k not in seen]
    result = "".join(out)
    try:
        back = load_front(fmt, result)
        if back == new and list(back) == list(new):
            return result
    except InputError:
        pass
    return dump_front(fmt, new)


def render_document(
    doc: Document, front_changed: bool, original: dict[str, Any] | None = None
) -> bytes:
    """The file's bytes: front matter rewritten only where it changed, body, newline style."""
    front_text = doc.front_text
    if front_changed:
        front_text = rewrite_front(doc.format, doc.front_text, original or {}, doc.front)
    if doc.format == "yaml":
        text = f"---\n{front_text}{doc.closer}\n{doc.body}"
    elif doc.format == "toml":
        text = f"+++\n{front_text}+++\n{doc.body}"
    elif doc.format == "json":
        text = f"{front_text.rstrip()}{doc.body}" if front_changed else f"{front_text}{doc.body}"
    else:
        text = doc.body
    # A CR left before a removed control character must not become a second line style.
    return text.replace("\r\n", "\n").replace("\n", doc.newline).encode("utf-8")
