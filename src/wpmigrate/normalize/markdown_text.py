"""Normalize Markdown that an earlier exporter wrote: entities and WordPress's raw HTML.

Used by ``clean``. Markdown code (fenced and indented blocks, inline code spans) is literal:
nothing inside it changes, since ``&#8217;`` there is what the reader sees. So is the body of a
paired Hugo code shortcode (``{{< highlight go >}} ... {{< / highlight >}}``, ``{{% code %}}``),
which older exporters wrote instead of fences: Markdown does not know it, Hugo shows it as
code. Elsewhere:
- entities become characters, except those that would become markup (``&lt;`` ...);
- a raw ``<a>`` or ``<img>`` carrying WordPress attributes becomes a Markdown link or image
  when nothing but its text, href/src, alt and title matter;
- other raw HTML loses WordPress-only attributes (target, rel, aria-label, wp- classes ...).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

from markdown_it import MarkdownIt

from wpmigrate.model import NoteKind, Notes
from wpmigrate.normalize.tagtext import escape_unknown_tags
from wpmigrate.repair import decode_html_entities

STAGE = "normalize"

# A code span: backticks not escaped, the same number closing, never across a blank line.
_INLINE_CODE = re.compile(r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_ANCHOR = re.compile(r"<a\s([^<>]*)>([^<]*|\s*<img\s[^<>]*>\s*)</a>", re.I)
_IMG = re.compile(r"<img\s([^<>]*?)\s*/?>", re.I)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)(\s*/?)>")
_ATTR = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SPACED_ATTR = re.compile(r"(\s*)" + _ATTR.pattern)
_LONE_TAG = re.compile(r"^(?:<img\s[^<>]*>|<a\s[^<>]*>(?:[^<]*|\s*<img\s[^<>]*>\s*)</a>)$", re.I)
# Hugo shortcodes whose inner text is shown as code: the built-in "highlight" and the "code"
# pair of many themes. The opening may carry arguments; a self-closing one ("/>}}") has no body.
_CODE_SHORTCODE = re.compile(r"\{\{[<%]\s*(highlight|code)(?=[\s>%])[^\n]*?(?<!/)[>%]\}\}")
_WP_CLASS = re.compile(r"^(?:wp-|size-|align|attachment-|wp_)")
_ATTR_NAME = re.compile(r"\s([\w:-]+)=")  # attribute names, for the note on what went
_DROP_ATTRS = frozenset(
    {"target", "rel", "aria-label", "srcset", "sizes", "loading", "decoding", "fetchpriority"}
)
# Gallery and Jetpack carousel metadata on images: no page reads it without the plugin. Other data-*
# attributes stay: a lazy-loaded image's data-src is its real address, an embed's data-href
# its target.
_JUNK_DATA = frozenset(
    f"data-{name}"
    for name in (
        "id",  # the attachment id on gallery images
        "link",
        "attachment-id",
        "permalink",
        "orig-file",
        "orig-size",
        "comments-opened",
        "image-meta",
        "image-title",
        "image-description",
        "image-caption",
        "medium-file",
        "large-file",
    )
)


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def code_lines(body: str) -> set[int]:
    """0-based numbers of the lines inside code blocks: fenced, indented, or a Hugo code
    shortcode's body (the lines holding its opening and closing calls included)."""
    return {n for n, kind in _line_kinds(body).items() if kind == "code"}


def _shortcode_code_lines(body: str) -> set[int]:
    """Lines from each code shortcode's opening to its closing call, as ``body.splitlines``
    numbers them. The lines are whole: text before an opening or after a closing on the same
    line is left as it is, which loses nothing. An opening never closed is no block (Hugo
    refuses to build it, and the author has to fix it first)."""
    if "{{" not in body:
        return set()
    starts = list(accumulate(len(line) for line in body.splitlines(keepends=True)))
    found: set[int] = set()
    pos = 0
    while opening := _CODE_SHORTCODE.search(body, pos):
        closing = re.compile(r"\{\{[<%]\s*/\s*" + opening.group(1) + r"\s*[>%]\}\}")
        end = closing.search(body, opening.end())
        if end is None:
            break
        found.update(
            range(bisect_right(starts, opening.start()), bisect_right(starts, end.start()) + 1)
        )
        pos = end.end()
    return found


def _line_kinds(body: str) -> dict[int, str]:
    """Line number -> ``"code"`` (a code block) or ``"html"`` (a raw HTML block, where
    Markdown is not read: a link written there in Markdown would show as brackets). An HTML
    block that is one lone link or image is left out: as Markdown it renders the same."""
    kinds: dict[int, str] = {}
    lines = body.splitlines()
    for token in _md().parse(body):
        if not token.map:
            continue
        if token.type in ("fence", "code_block"):
            kinds.update(dict.fromkeys(range(*token.map), "code"))
        elif token.type == "html_block" and not _LONE_TAG.match(
            "\n".join(lines[token.map[0] : token.map[1]]).strip()
        ):
            kinds.update(dict.fromkeys(range(*token.map), "html"))
    kinds.update(dict.fromkeys(_shortcode_code_lines(body), "code"))
    return kinds


def map_prose(
    body: str,
    fix: Callable[[str], str],
    fix_html: Callable[[str], str] | None = None,
    fix_lines: Callable[[str], str] | None = None,
) -> str:
    """Apply ``fix`` to every part of ``body`` that is Markdown prose (code spans and code
    blocks excluded), ``fix_html`` (default: nothing) to raw HTML blocks, and ``fix_lines``
    (default: nothing) first to each run of whole prose lines, code spans included."""
    lines = fix_lines or (lambda text: text)
    kinds = _line_kinds(body)
    handlers: dict[str, Callable[[str], str]] = {
        "prose": lambda text: _map_spans(lines(text), fix),
        "html": fix_html or (lambda text: text),
        "code": lambda text: text,
    }
    out: list[str] = []
    chunk: list[str] = []
    current = "prose"
    for number, line in enumerate(body.splitlines(keepends=True)):
        kind = kinds.get(number, "prose")
        if kind != current:
            out.append(handlers[current]("".join(chunk)))
            chunk, current = [], kind
        chunk.append(line)
    out.append(handlers[current]("".join(chunk)))
    return "".join(out)


def _map_spans(text: str, fix: Callable[[str], str]) -> str:
    if not text:
        return text
    pieces = []
    last = 0
    for m in _INLINE_CODE.finditer(text):
        pieces.append(fix(text[last : m.start()]))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(fix(text[last:]))
    return "".join(pieces)


def _attrs(text: str) -> dict[str, str]:
    found = {}
    for m in _ATTR.finditer(text):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        found[m.group(1).lower()] = html.unescape(value)
    return found


def _escape_text(text: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", text)


def _destination(url: str, title: str) -> str:
    url = url.strip()
    dest = f"<{url}>" if re.search(r"[\s()<>]", url) else url
    if title:
        dest += ' "' + title.replace('"', '\\"') + '"'
    return dest


def _image(attrs: dict[str, str]) -> str:
    alt = _escape_text(attrs.get("alt", ""))
    return f"![{alt}]({_destination(attrs.get('src', ''), attrs.get('title', ''))})"


def _anchor_to_markdown(m: re.Match[str]) -> str:
    if _spaced_attrs(m.group(1)) is None:
        return m.group(0)  # not a tag: see _clean_tag
    attrs = _attrs(m.group(1))
    href = attrs.get("href")
    extra = set(attrs) - {"href", "title", "class", "id"} - _DROP_ATTRS
    if not href or extra or _meaningful_class(attrs.get("class", "")) or m.group(2).strip() == "":
        return _strip_tag_attrs(m.group(0))
    inner = m.group(2)
    img = _IMG.search(inner)
    label = _image(_attrs(img.group(1))) if img else _escape_text(" ".join(inner.split()))
    # white space at either end of the text stays, outside the brackets ("Wolff </a>for")
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return f"{lead}[{label}]({_destination(href, attrs.get('title', ''))}){trail}"


def _img_to_markdown(m: re.Match[str]) -> str:
    if _spaced_attrs(m.group(1)) is None:
        return m.group(0)  # not a tag: see _clean_tag
    attrs = _attrs(m.group(1))
    keep = set(attrs) - {"src", "alt", "title", "class", "width", "height", "id"} - _DROP_ATTRS
    if not attrs.get("src") or keep or _meaningful_class(attrs.get("class", "")):
        return _strip_tag_attrs(m.group(0))
    return _image(attrs)


def _meaningful_class(value: str) -> bool:
    return any(not _WP_CLASS.match(c) for c in value.split())


def _strip_tag_attrs(tag_html: str) -> str:
    return _TAG.sub(_clean_tag, tag_html)


def _clean_tag(m: re.Match[str]) -> str:
    """The tag without its WordPress-only attributes; everything else stays as written
    (quotes, order, spacing). A tag whose attributes are not all attribute syntax is left
    alone: it is code or text that looks like a tag ("<img src=\\''+url+'\\' />" in a
    script an exporter wrote as prose), and rebuilding it would lose its quotes."""
    found = _spaced_attrs(m.group(2))
    if found is None:
        return m.group(0)
    kept = "".join(_kept_attr(a) for a in found)
    rest = m.group(2)[found[-1].end() if found else 0 :]
    return f"<{m.group(1)}{kept}{rest}{m.group(3)}>"


def _spaced_attrs(text: str) -> list[re.Match[str]] | None:
    """Each attribute with the white space before it, or None when something between them
    is not an attribute."""
    found = []
    pos = 0
    for a in _SPACED_ATTR.finditer(text):
        if a.start() != pos:
            return None
        found.append(a)
        pos = a.end()
    return found if not text[pos:].strip() else None


def _dropped(name: str) -> bool:
    """Whether raw HTML loses the attribute ``name`` (lower case) altogether."""
    return name in _DROP_ATTRS or name in _JUNK_DATA or name.startswith("on")


def _kept_attr(a: re.Match[str]) -> str:
    """``a`` as written, without its WordPress classes, or "" when it goes altogether."""
    name = a.group(2).lower()
    if _dropped(name):
        return ""
    if name != "class":
        return a.group(0)
    value = a.group(3) or ""
    quote = value[:1] if value[:1] in "\"'" else '"'
    classes = value.strip("\"'").split()
    kept = [c for c in classes if not _WP_CLASS.match(c)]
    if not kept:
        return ""
    if kept == classes:
        return a.group(0)
    return f"{a.group(1)}{a.group(2)}={quote}{' '.join(kept)}{quote}"


# A [caption] shortcode alone on its line around one image: as earlier exporters left it, its
# brackets escaped by Turndown ("\\[caption id=...\\]") or not. Its attributes hold no "]".
_CAPTION = re.compile(
    r"^\\?\[caption(?P<atts>(?:\s(?:[^\]\\\n]|\\[^\]\n])*)?)\\?\]"
    r"(?P<body>[^\n]*?)\\?\[/caption\\?\][ \t]*$",
    re.M,
)
_MD_IMG = r"!\[(?:[^\]\\\n]|\\.)*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"(?:[^\"\\\n]|\\.)*\")?\)"
_CAPTIONED = re.compile(
    rf"\s*(\[{_MD_IMG}\]\([^()\s]*\)|{_MD_IMG}"
    r"|<a\s[^<>]*>\s*<img\s[^<>]*>\s*</a>|<img\s[^<>]*>)(?P<text>.*)",
    re.I,
)
_CAPTION_ATT = re.compile(r"""\scaption=(?:"([^"]*)"|'([^']*)')""")


def unwrap_captions(text: str) -> str:
    """Each [caption] paragraph as its image, then its caption as the next paragraph. WordPress
    showed the caption under the image; left as it is, the page shows the shortcode's text."""
    return _CAPTION.sub(_unwrap_caption, text)


def _unwrap_caption(m: re.Match[str]) -> str:
    inner = _CAPTIONED.fullmatch(m.group("body"))
    if inner is None:
        return m.group(0)  # no image first: not what [caption] wraps, left for the author
    # WordPress shows the content after the image, then the caption attribute under it;
    # with no attribute, that text is the caption.
    text, att = inner.group("text").strip(), _caption_att(m.group("atts"))
    shown = [inner.group(1), text, att if att != text else ""]
    return "\n\n".join(part for part in shown if part)


def _caption_att(atts: str) -> str:
    found = _CAPTION_ATT.search(atts)
    return (found.group(1) or found.group(2) or "").strip() if found else ""


def caption_tags_as_text(text: str) -> str:
    """``text`` with the [caption] tags that :func:`unwrap_captions` removes replaced by what
    they show (their caption attribute): the words a reader is meant to keep."""

    def tags(m: re.Match[str]) -> str:
        if _CAPTIONED.fullmatch(m.group("body")) is None:
            return m.group(0)
        return f"{m.group('body')} {_caption_att(m.group('atts'))}"

    return map_prose(text, lambda prose: prose, None, lambda lines: _CAPTION.sub(tags, lines))


def normalize_markdown(body: str, notes: Notes | None = None) -> str:
    """Entities and WordPress HTML in a Markdown body, outside code; changes noted."""

    def fix(text: str) -> str:
        if "&" not in text and "<" not in text:
            return text
        text = decode_html_entities(text)
        text = _ANCHOR.sub(_anchor_to_markdown, text)
        text = _IMG.sub(_img_to_markdown, text)
        text = _TAG.sub(_clean_tag, text)
        return escape_unknown_tags(text) if "<" in text else text

    def fix_html(text: str) -> str:
        # Inside a raw HTML block Markdown is not read: strip attributes, convert nothing.
        return _TAG.sub(_clean_tag, decode_html_entities(text)) if "<" in text else text

    result = map_prose(body, fix, fix_html, unwrap_captions if "caption" in body else None)
    if notes is not None and result != body:
        _note_changes(body, result, notes)
    return result


def _note_changes(before: str, after: str, notes: Notes) -> None:
    if re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", before, re.I):
        notes.add(STAGE, NoteKind.ENTITIES, "entities decoded", field="body")
    n_before = len(re.findall(r"<a\s|<img\s", before, re.I))
    n_after = len(re.findall(r"<a\s|<img\s", after, re.I))
    if n_before != n_after:
        notes.add(
            STAGE,
            NoteKind.ATTRIBUTES,
            f"{n_before - n_after} raw link/image tag(s) turned into Markdown",
            field="body",
        )
    unwrapped = before.count("[/caption") - after.count("[/caption")
    if unwrapped:
        notes.add(
            STAGE,
            NoteKind.SHORTCODE,
            f"{unwrapped} [caption] shortcode(s) made an image and its caption",
            field="body",
        )
    escaped = after.count("\\<") - before.count("\\<")
    if escaped > 0:
        notes.add(
            STAGE,
            NoteKind.ENTITIES,
            f"{escaped} '<' before a name that is no HTML tag escaped, so that Hugo shows it",
            field="body",
        )
    if any(_dropped(name.lower()) for name in _ATTR_NAME.findall(before)):
        notes.add(
            STAGE, NoteKind.ATTRIBUTES, "WordPress attributes removed from raw HTML", field="body"
        )
