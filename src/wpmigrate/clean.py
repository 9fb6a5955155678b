"""``clean``: repair Markdown files an earlier exporter wrote, in place, never losing a word.

For each file: mojibake (ftfy, the same safe settings as ``convert``) everywhere, entities and
WordPress HTML outside code, every front-matter string repaired recursively, the "Private: "
title prefix dropped from private posts, ``url: /?p=123`` removed (Hugo cannot serve it),
plugin keys dropped. Before writing, the visible words of the old and new body are compared
(the old one after mojibake repair): a file that would lose a word is left untouched and
reported, and so is a file whose new text does not parse back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from wpmigrate import audit
from wpmigrate.config import Config
from wpmigrate.errors import InputError, WpmigrateError
from wpmigrate.model import NoteKind, Notes
from wpmigrate.normalize.markdown_text import caption_tags_as_text, normalize_markdown
from wpmigrate.read.markdown import Document, parse_document, render_document
from wpmigrate.repair import decode_html_entities, fix_encoding, repair_text
from wpmigrate.report import FAILED, UNCHANGED, WOULD_CHANGE, WRITTEN, ItemResult, Report
from wpmigrate.write.atomic import atomic_write
from wpmigrate.write.hugo import diff_text

STAGE = "clean"
SUFFIXES = (".md", ".markdown", ".html", ".htm")

#: WordPress's "Private: %s" and "Protected: %s" title formats in its common translations.
PRIVATE_PREFIXES = (
    "Private",
    "Protected",
    "Privado",
    "Protegido",
    "Privé",
    "Protégé",
    "Privat",
    "Geschützt",
    "Privato",
    "Protetto",
    "Prywatne",
    "Chronione",
    "Beschermd",
    "Личное",
    "Защищено",
    "Özel",
    "Korumalı",
    "Yksityinen",
    "Suojattu",
    "Privat",
    "Lösenordsskyddad",
    "Soukromé",
    "Chráněno",
    "非公開",
    "保護中",
    "私密",
    "密码保护",
    "비공개",
    "보호됨",
    "خصوصی",
    "محافظت شده",
)
_PREFIX = re.compile(r"^(?:" + "|".join(map(re.escape, PRIVATE_PREFIXES)) + r")\s?[:：]\s*")


def iter_files(paths: Sequence[Path], links: list[Path] | None = None) -> Iterator[Path]:
    """Files to clean: the given files, and the Markdown/HTML files under given folders.

    A symlink found in a folder may lead anywhere (outside the folder, to a file cleaned
    twice): it is not followed, and is added to ``links`` so the run can say so."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES):
            if found.is_symlink():
                if links is not None:
                    links.append(found)
            elif found.is_file():
                yield found


def clean_paths(paths: Sequence[Path], cfg: Config | None = None, mode: str = "write") -> Report:
    cfg = cfg or Config()
    report = Report(mode=mode, command="clean", fail_on=cfg.fail_on)
    links: list[Path] = []
    for path in iter_files(paths, links):
        report.add(clean_file(path, cfg, mode))
    report.warnings += [
        f"{link}: a symlink, not followed inside a folder; name it to clean what it points at"
        for link in links
    ]
    return report


def clean_file(path: Path, cfg: Config, mode: str) -> ItemResult:
    """Clean one file; never raises: a file that cannot be read, cleaned or written is a
    ``failed`` result naming it, left as it was, and the run goes on with the next one."""
    result = ItemResult(
        id=str(path), title="", source=str(path), status=UNCHANGED, output=str(path)
    )
    try:
        _clean_into(result, path, cfg, mode)
    except WpmigrateError as err:
        result.status, result.line = FAILED, err.line or 0
        result.reason = f"{err.message} ({err.hint})" if err.hint else err.message
    except OSError as err:
        result.status, result.reason = FAILED, f"cannot read: {err.strerror or err}"
    except Exception as exc:  # one file must never stop the others; the report names it
        result.status = FAILED
        result.reason = f"internal error: {type(exc).__name__}: {exc}; left untouched"
    return result


def _clean_into(result: ItemResult, path: Path, cfg: Config, mode: str) -> None:
    raw = path.read_bytes()
    doc = parse_document(path, raw)
    new, notes, repaired = _clean(doc, cfg)
    result.title = str(doc.front.get("title", ""))
    result.notes = notes.items
    if new == raw or (doc.mixed_newlines and _same_but_newlines(new, raw)):
        return  # a file's mixed line endings alone are no reason to rewrite it
    if doc.mixed_newlines:
        notes.add(STAGE, NoteKind.CONTROL_CHARS, "mixed line endings written as CRLF throughout")
    problem = _verify(repaired, new, path)
    if problem:
        result.status, result.reason = FAILED, problem
        notes.add(STAGE, NoteKind.WORDS_LOST if "word" in problem else NoteKind.FAILED, problem)
        return
    # Kept only when asked for: over thousands of files they are what would grow.
    if cfg.report_texts or cfg.report_diffs or mode == "diff":
        before, after = raw.decode("utf-8", "replace"), new.decode("utf-8")
        if cfg.report_texts:
            result.before, result.after = before, after
        if cfg.report_diffs or mode == "diff":
            result.diff = _diff(before, after, path)
    if mode == "write":
        # A symlink named on the command line stays a link: its target is what gets cleaned.
        atomic_write(path.resolve(), new)
        result.status = WRITTEN
    else:
        result.status = WOULD_CHANGE


def _same_but_newlines(new: bytes, raw: bytes) -> bool:
    return new.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")


def clean_document(doc: Document, cfg: Config) -> tuple[bytes, Notes]:
    new, notes, _ = _clean(doc, cfg)
    return new, notes


def _clean(doc: Document, cfg: Config) -> tuple[bytes, Notes, str]:
    """The cleaned file, its notes, and the body with only its mojibake repaired (what the
    words of the result are checked against)."""
    notes = Notes(item_id=str(doc.path))
    for repair in doc.repairs:
        notes.add(STAGE, NoteKind.FRONT_MATTER, f"front matter: {repair}")
    front = _clean_front(doc.front, cfg, notes)
    front_changed = front != doc.front or list(front) != list(doc.front)
    body = repaired = fix_encoding(doc.body, cfg, notes, "body")
    if doc.path.suffix.lower() in (".html", ".htm"):
        body = decode_html_entities(body)
    else:
        body = normalize_markdown(body, notes)
    # Entities can hide mojibake ("Ã&nbsp;"): look again once they are characters, as
    # convert does, so that cleaning a cleaned file changes nothing.
    body = fix_encoding(body, cfg, notes, "body")
    cleaned = Document(
        doc.path, doc.format, front, body, doc.newline, False, doc.front_text, closer=doc.closer
    )
    if doc.had_bom:
        notes.add(STAGE, NoteKind.CONTROL_CHARS, "UTF-8 byte order mark removed")
    return render_document(cleaned, front_changed, doc.front), notes, repaired


def _clean_front(front: dict[str, Any], cfg: Config, notes: Notes) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in front.items():
        if _is_junk(key, cfg):
            notes.add(STAGE, NoteKind.FRONT_MATTER, f"plugin key {key!r} removed", field=key)
            continue
        cleaned[key] = _repair_value(value, cfg, notes, key)
    _drop_query_url(cleaned, notes)
    _drop_private_prefix(cleaned, notes)
    return cleaned


def _is_junk(key: str, cfg: Config) -> bool:
    return key not in cfg.keep_keys and key.startswith(cfg.junk_key_prefixes)


def _repair_value(value: Any, cfg: Config, notes: Notes, key: str) -> Any:
    if isinstance(value, str):
        return repair_text(value, cfg, notes, key)
    if isinstance(value, list):
        return [_repair_value(v, cfg, notes, key) for v in value]
    if isinstance(value, dict):
        return {k: _repair_value(v, cfg, notes, f"{key}.{k}") for k, v in value.items()}
    return value


def _drop_query_url(front: dict[str, Any], notes: Notes) -> None:
    url = front.get("url")
    if isinstance(url, str) and ("?" in url or not url.strip()):
        del front["url"]
        notes.add(
            STAGE,
            NoteKind.FRONT_MATTER,
            f"url {url!r} removed: Hugo cannot serve a query-string URL",
            field="url",
        )


def _is_private(front: dict[str, Any]) -> bool:
    status = str(front.get("status", front.get("post_status", ""))).lower()
    flags = (front.get("private"), front.get("protected"), front.get("password_protected"))
    return status in ("private", "protected") or any(f is True for f in flags)


def _drop_private_prefix(front: dict[str, Any], notes: Notes) -> None:
    title = front.get("title")
    if not isinstance(title, str) or not _is_private(front):
        return
    stripped = _PREFIX.sub("", title, count=1)
    if stripped != title and stripped.strip():
        front["title"] = stripped
        notes.add(
            STAGE,
            NoteKind.FRONT_MATTER,
            "private/protected title prefix removed",
            field="title",
            before=title,
            after=stripped,
        )


def _verify(repaired: str, new: bytes, path: Path) -> str:
    """Why ``new`` must not replace the file, or "" when it is safe; ``repaired``: the old
    body with its mojibake repaired, and nothing else changed."""
    try:
        again = parse_document(path, new)
    except InputError as err:
        return f"the cleaned file would not parse back ({err.message}); left untouched"
    # The [caption] tags clean unwraps are the only words it means to remove.
    shown = caption_tags_as_text(repaired) if "caption" in repaired else repaired
    before = audit.markdown_words(shown, decode_shown_entities=True)
    after = audit.markdown_words(again.body, decode_shown_entities=True)
    lost = before - after
    if lost:
        sample = ", ".join(sorted(lost)[:8])
        return f"cleaning would drop words ({sample}); left untouched"
    return ""


def _diff(before: str, after: str, path: Path) -> str:
    name = path.as_posix().lstrip("/")  # as git names an absolute path: a/tmp/x.md
    return diff_text(before, after, f"a/{name}", f"b/{name}")
