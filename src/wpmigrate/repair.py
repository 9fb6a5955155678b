"""Repair stage: mojibake (ftfy) and HTML entities, field by field, every change noted.

Guarantees:
- Conservative ftfy settings (see :class:`~wpmigrate.config.Config`): curly quotes, character
  width (CJK punctuation), ligatures and normalization form are kept unless the user opts in.
- Plain-text fields (titles, term and author names, excerpts, custom fields) have entities
  decoded fully, including double-escaped ``&amp;#8217;``.
- HTML fields (bodies, comments) have entities decoded only where that cannot create markup:
  ``&lt;``, ``&gt;``, ``&amp;`` and quotes stay escaped, and nothing changes inside ``<pre>``
  or ``<code>``, where an entity may be the very thing the author is showing.
- Text that is pure ASCII cannot hold mojibake: ftfy is not run on it (the cheap pre-check
  that keeps big exports fast).
- Repair is idempotent: repairing repaired text changes nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import ftfy
from ftfy import chardata
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad

from wpmigrate.config import Config
from wpmigrate.model import Author, Comment, Item, NoteKind, Notes, Site, Term

STAGE = "repair"

_ENTITY = re.compile(r"&(?:amp;)*(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")
_KEEP_ESCAPED = frozenset("<>&\"'")
# Regions of HTML where entities are literal: code, preformatted text, scripts, comments.
_LITERAL_REGION = re.compile(
    r"(<(pre|code|script|style|textarea)\b.*?</\2\s*>|<!--.*?-->|`[^`\n]+`)", re.S | re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=8)
def _ftfy_config(cfg: Config) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=False,  # entities are decoded by context below, not by ftfy's guess
        fix_line_breaks=False,  # line endings are the file's business (clean keeps CRLF)
        uncurl_quotes=cfg.straight_quotes,
        fix_character_width=cfg.fix_character_width,
        fix_latin_ligatures=cfg.fix_ligatures,
        normalization=cfg.normalization,
        explain=True,
    )


# Every alternative of ftfy's badness pattern needs one of these characters: its categories
# but the "common" ones (which never match alone), and the literal letters it names. A line
# without any is not bad; this one-class search is far cheaper than the badness pattern.
_MOJIBAKE_SIGNS = re.compile(
    "["
    + "".join(v for k, v in MOJIBAKE_CATEGORIES.items() if "common" not in k and k != "kaomoji")
    + "ŒœÂÃÎÐ×ØÙà√≈‚вВГРСβΒΓΞΟā°"
    + "]"
)


# And every alternative but a few single-character ones (C1 controls, a ligature, "Â" or
# "Ã" before a space) needs two non-ASCII characters side by side: "café" is not bad.
_MOJIBAKE_PAIR = re.compile("[\x80-\x9f\u0152\u0153\xc2\xc3]|[^\x00-\x7f]{2}")


def _looks_bad(line: str) -> bool:
    return bool(_MOJIBAKE_SIGNS.search(line) and _MOJIBAKE_PAIR.search(line)) and is_bad(line)


@lru_cache(maxsize=8)
def _ftfy_could_act(cfg: Config) -> Callable[[str], bool]:
    """A cheap test that is False only where ftfy, as configured, returns a line unchanged.

    ftfy runs a dozen Python-level steps on every line it is given; most non-ASCII lines (an
    em dash, Chinese text) need none. Its mojibake step only acts on what its own ``is_bad``
    flags; every other step acts on characters from its own tables: those are searched for in
    one pattern, and normalization is checked with ``unicodedata.is_normalized``."""
    chars = set(chardata.CONTROL_CHARS) | set(range(0x80, 0xA0)) | set(range(0xD800, 0xE000))
    chars.add(0x1B)  # terminal escapes
    if cfg.fix_ligatures:
        chars |= set(chardata.LIGATURES)
    if cfg.fix_character_width:
        chars |= set(chardata.WIDTH_MAP)
    if cfg.straight_quotes:
        chars |= {0x2BC, *range(0x2018, 0x2020)}
    acted_on = re.compile(_char_class(chars)).search
    form = cfg.normalization

    def could_act(line: str) -> bool:
        if _looks_bad(line) or acted_on(line):
            return True
        return bool(form) and not unicodedata.is_normalized(form, line)  # type: ignore[arg-type]

    return could_act


def _char_class(codes: set[int]) -> str:
    """A regex character class of ``codes``, written as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


def fix_encoding(text: str, cfg: Config, notes: Notes | None = None, field: str = "") -> str:
    """Undo mojibake line by line (as ``ftfy.fix_text`` segments), noting what changed."""
    if text.isascii():
        return _strip_controls(text, notes, field)
    conf = _ftfy_config(cfg)
    could_act = _ftfy_could_act(cfg)
    out: list[str] = []
    steps: list[str] = []
    # Controls out first: one inside a mojibake sequence hides it from ftfy, which would
    # then only see it on a second pass (repair must be idempotent).
    for line in _lines(_CONTROL.sub("", text)):
        if not line.isascii():
            line = _fix_line(line, conf, could_act, steps)
        out.append(line)
    # ftfy leaves some C0 controls in place; WordPress never means them as text.
    result = _CONTROL.sub("", "".join(out))
    if notes is not None and result != text:
        notes.add(
            STAGE,
            NoteKind.MOJIBAKE,
            f"text repaired ({', '.join(dict.fromkeys(steps))})",
            field=field,
            **_sample(text, result),
        )
    return result


def _fix_line(
    line: str, conf: ftfy.TextFixerConfig, could_act: Callable[[str], bool], steps: list[str]
) -> str:
    # Both special rules need an "Ã" or "Â": most lines have neither, and skip both searches.
    if ("Ã" in line or "Â" in line) and _A_GRAVE_BEFORE_STOP.search(line):
        line = _a_grave_before_stop(line, conf, steps)
    if could_act(line):
        line = _ftfy(line, conf, steps)
    if ("Ã" in line or "Â" in line) and _SIGN_AFTER_MARKUP.search(line):
        line = _SIGN_AFTER_MARKUP.sub(lambda m: _ftfy(m.group(0), conf, steps), line)
    return line


def _ftfy(text: str, conf: ftfy.TextFixerConfig, steps: list[str]) -> str:
    fixed, explanation = ftfy.fix_and_explain(text, conf)
    steps += [f"{action} {detail}" for action, detail in explanation or []]
    return fixed


# ftfy calls "Â " or "Ã " mojibake (a no-break space, or "à", whose A0 byte became a space)
# after a lowercase letter or at the start of a segment, not after markup: "</a>Â offers",
# "[link](url)Â Looking". Markup ends a run of text as a line start does, so the text from
# such a sign up to the next tag is given to ftfy on its own, where its own rule and its own
# decoding decide. A real "Â" or "Ã" starts a word ("Âge", "Ângulo") and is followed by a
# letter, never by a space.
_SIGN_AFTER_MARKUP = re.compile(r"(?<=[>)\]*_`])[ÂÃ][ \xa0][^<\n]*")

# "voilà," written as UTF-8 and read as cp1252 is "voilÃ\xa0,"; once the A0 became a space,
# ftfy reads "Ã " as the word "à" that lost its A0 byte and keeps the space ("voilà , now").
# Before a comma or full stop the space can only be the lost byte: it is put back first, on
# lines ftfy repairs anyway (a lowercase letter before "Ã " is one of its own signs).
_A_GRAVE_BEFORE_STOP = re.compile(r"(?<=[a-z])Ã (?=[,.])")


def _a_grave_before_stop(line: str, conf: ftfy.TextFixerConfig, steps: list[str]) -> str:
    taken: list[str] = []
    fixed = _ftfy(_A_GRAVE_BEFORE_STOP.sub("Ã\xa0", line), conf, taken)
    if "Ã\xa0" in fixed:
        return line  # ftfy did not decode it: the line is left for ftfy to judge as written
    steps += taken
    return fixed


def _lines(text: str) -> list[str]:
    """``text`` cut after each ``\n``, as ftfy segments it. Not ``str.splitlines``: it also
    cuts at U+0085, which is a byte of mojibake as often as a line break, and a sequence cut
    there is repaired on a second run only (repair must be idempotent)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines


def _strip_controls(text: str, notes: Notes | None, field: str) -> str:
    cleaned = _CONTROL.sub("", text)
    if notes is not None and cleaned != text:
        notes.add(STAGE, NoteKind.CONTROL_CHARS, "control characters removed", field=field)
    return cleaned


def _sample(before: str, after: str) -> dict[str, str]:
    """A short window around the first difference, for reports."""
    # The length of the common prefix, by bisection over slice comparisons (done in C):
    # bodies are long and usually differ late.
    i, hi = 0, min(len(before), len(after))
    while i < hi:
        mid = (i + hi + 1) // 2
        if before[:mid] == after[:mid]:
            i = mid
        else:
            hi = mid - 1
    start = max(0, i - 20)
    return {"before": before[start : i + 30], "after": after[start : i + 30]}


def decode_text_entities(text: str) -> str:
    """Plain text: decode every entity, double- and triple-escaped ones included."""
    for _ in range(8):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _decode_html_entity(match: re.Match[str]) -> str:
    char = html.unescape(f"&{match.group(1)};")
    if char.startswith("&") or char in _KEEP_ESCAPED:
        # Unknown entity, or one whose character would become markup: keep it as written
        # (minus the extra escaping, so "&amp;lt;" does not turn into "<").
        return match.group(0) if len(char) != 1 else f"&{match.group(1)};"
    return char


def decode_html_entities(markup: str) -> str:
    """HTML: entities become characters in text and attributes, never markup."""
    if "&" not in markup:
        return markup
    parts = _LITERAL_REGION.split(markup)
    # split() with two groups yields: text, region, tag name, text, region, tag name, ...
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_ENTITY.sub(_decode_html_entity, part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def repair_text(text: str, cfg: Config, notes: Notes | None = None, field: str = "") -> str:
    """Repair a plain-text field: mojibake, then every entity."""
    return _repair(text, cfg, notes, field, decode_text_entities)


def repair_html(markup: str, cfg: Config, notes: Notes | None = None, field: str = "") -> str:
    """Repair an HTML field: mojibake everywhere, entities only where they stay text."""
    return _repair(markup, cfg, notes, field, decode_html_entities)


def _repair(
    text: str, cfg: Config, notes: Notes | None, field: str, decode: Callable[[str], str]
) -> str:
    if not text or _untouched(text):
        return text
    fixed = fix_encoding(text, cfg, notes, field)
    decoded = decode(fixed)
    if decoded != fixed:
        # Entities can hide mojibake ("&#195;&#169;"), so look again once they are characters.
        decoded = fix_encoding(decoded, cfg, None, field)
        if notes is not None:
            notes.add(
                STAGE, NoteKind.ENTITIES, "entities decoded", field=field, **_sample(fixed, decoded)
            )
    return decoded


def _untouched(text: str) -> bool:
    """Text repair returns as it is: ASCII (no mojibake) without entities or controls. Most
    titles, slugs and custom fields are; answering first skips every step and note."""
    return text.isascii() and "&" not in text and not _CONTROL.search(text)


def repair_term(term: Term, cfg: Config, notes: Notes | None = None) -> Term:
    if _untouched(term.name) and _untouched(term.description):
        return term  # the field names below are formatted only when needed
    name = repair_text(term.name, cfg, notes, f"term {term.taxonomy}/{term.slug}")
    description = repair_text(term.description, cfg, notes, f"term {term.slug} description")
    if name == term.name and description == term.description:
        return term
    return Term(term.taxonomy, term.slug, name, term.parent, description)


def _repair_comment(comment: Comment, cfg: Config, notes: Notes) -> Comment:
    comment.author = repair_text(comment.author, cfg, notes, f"comment {comment.id} author")
    comment.content = repair_html(comment.content, cfg, notes, f"comment {comment.id}")
    return comment


def repair_item(item: Item, cfg: Config, notes: Notes) -> Item:
    """Every text field of ``item`` repaired separately; notes name the field."""
    return item.replace(
        title=repair_text(item.title, cfg, notes, "title"),
        excerpt=repair_html(item.excerpt, cfg, notes, "excerpt"),
        content=repair_html(item.content, cfg, notes, "content"),
        terms=[repair_term(t, cfg, notes) for t in item.terms],
        meta={k: _repair_meta(k, v, cfg, notes) for k, v in item.meta.items()},
        comments=[_repair_comment(c, cfg, notes) for c in item.comments],
    )


def _repair_meta(key: str, value: str, cfg: Config, notes: Notes) -> str:
    # Most values are ASCII ids and flags: no field name formatted for them.
    return value if _untouched(value) else repair_text(value, cfg, notes, f"meta {key}")


def repair_site(site: Site, cfg: Config, notes: Notes) -> Site:
    """The channel's own texts: site title and description, author and term names."""
    site.title = repair_text(site.title, cfg, notes, "site title")
    site.description = repair_text(site.description, cfg, notes, "site description")
    site.authors = {
        login: Author(
            a.login,
            repair_text(a.display_name, cfg, notes, f"author {login}"),
            repair_text(a.first_name, cfg, notes, f"author {login}"),
            repair_text(a.last_name, cfg, notes, f"author {login}"),
        )
        for login, a in site.authors.items()
    }
    site.terms = [repair_term(t, cfg, notes) for t in site.terms]
    return site
