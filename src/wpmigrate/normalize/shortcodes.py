"""Normalize stage, shortcodes: WordPress's shortcode parser, ported, and what runs on it.

The grammar is WordPress's own (``get_shortcode_regex`` and ``shortcode_parse_atts`` in
``wp-includes/shortcodes.php``): only registered tags are parsed, ``[[tag]]`` is an escaped,
literal ``[tag]``, an enclosing shortcode's content is handed to its handler raw (the handler
runs shortcodes inside it, outer first, as WordPress does). Shortcodes inside HTML tags are left
alone. Any other ``[name ...]`` that looks like a shortcode is kept exactly as written, as a
literal-Markdown marker (so the converter does not escape its brackets), and noted.

Code shortcodes (``[code]``, ``[sourcecode]``, SyntaxHighlighter's ``[python]``...) are taken
out of the text before anything else touches it, like SyntaxHighlighter does, and come back as
``<pre><code class="language-x">`` at the end: no ``<p>`` or ``<br />`` ever gets inside.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial

from wpmigrate.context import Context
from wpmigrate.model import NoteKind
from wpmigrate.normalize import markers

STAGE = "normalize"


@dataclass(frozen=True)
class Shortcode:
    """One parsed shortcode: ``[tag name="value" positional]content[/tag]``."""

    tag: str
    atts: dict[str, str] = field(default_factory=dict)  # named, keys lower-cased
    args: tuple[str, ...] = ()  # positional attributes
    content: str | None = None  # None when self-closing or without a closing tag
    text: str = ""  # the shortcode exactly as written

    def get(self, *names: str, default: str = "") -> str:
        """The first of ``names`` given a non-empty value."""
        for name in names:
            if self.atts.get(name):
                return self.atts[name]
        return default


Handler = Callable[[Shortcode, Context], str]

#: Form plugins' shortcodes -> the plugin: a static site cannot run them (a form service can
#: replace them), so they are kept, unseen, in an HTML comment.
FORM_SHORTCODES: dict[str, str] = {
    "contact-form-7": "Contact Form 7",
    "contact-form": "Jetpack contact form",
    "wpforms": "WPForms",
    "gravityform": "Gravity Forms",
    "gravityforms": "Gravity Forms",
    "ninja_form": "Ninja Forms",
    "ninja_forms": "Ninja Forms",
    "mc4wp_form": "Mailchimp for WordPress",
    "formidable": "Formidable Forms",
    "caldera_form": "Caldera Forms",
    "fluentform": "Fluent Forms",
    "forminator_form": "Forminator",
    "everest_form": "Everest Forms",
    "quform": "Quform",
    "si-contact-form": "Fast Secure Contact Form",
}


def shortcode_regex(tags: list[str]) -> re.Pattern[str]:
    """``get_shortcode_regex``: groups 1 ``[`` escape, 2 tag, 3 attributes, 4 self-closing
    ``/``, 5 content, 6 ``]`` escape."""
    tagregexp = "|".join(re.escape(t) for t in tags)
    return re.compile(
        r"\[(\[?)(" + tagregexp + r")(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)"
        r"(\]?)",
        re.ASCII,
    )


_ATTS = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)""",
    re.ASCII,
)
_BALANCED_HTML = re.compile(r"^[^<]*(?:<[^>]*>[^<]*)*$")


_CSLASH = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|[\s\S])")
_CESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "v": "\v", "b": "\b", "f": "\f"}


def _stripcslashes(value: str) -> str:
    """PHP's ``stripcslashes``: C escapes decoded, any other backslash dropped."""

    def one(m: re.Match[str]) -> str:
        seq = m.group(1)
        if seq[0] == "x" and len(seq) > 1:
            return chr(int(seq[1:], 16))
        if seq[0] in "01234567":
            return chr(int(seq, 8) & 0xFF)
        return _CESCAPES.get(seq, seq)

    return _CSLASH.sub(one, value) if "\\" in value else value


def parse_atts(text: str) -> tuple[dict[str, str], list[str]]:
    """``shortcode_parse_atts``: named attributes (lower-cased keys) and positional ones."""
    text = re.sub("[\xa0\u200b]+", " ", text)
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _ATTS.finditer(text):
        for key_group in (1, 3, 5):
            if m.group(key_group):
                named[m.group(key_group).lower()] = _stripcslashes(m.group(key_group + 1))
                break
        else:
            value = next((g for g in m.groups()[6:] if g), "")
            positional.append(_stripcslashes(value))
    # WordPress rejects values holding an unclosed HTML element.
    named = {k: ("" if "<" in v and not _BALANCED_HTML.match(v) else v) for k, v in named.items()}
    return named, positional


# A real tag or comment; a lone "<" in text ("a < b") is not one.
_TAG = re.compile(r"(<!--[\s\S]*?-->|</?[A-Za-z][^<>]*>)")


def _tag_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TAG.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> int | None:
    """The end of the tag that ``pos`` is strictly inside of, if any."""
    i = bisect.bisect_left(spans, (pos, pos)) - 1
    if i >= 0 and spans[i][0] < pos < spans[i][1]:
        return spans[i][1]
    return None


_CANDIDATE = re.compile(r"\[([^<>&/\[\]\x00-\x20=]+)")


def do_shortcode(text: str, ctx: Context, handlers: Mapping[str, Handler]) -> str:
    """Run the registered ``handlers`` over ``text``, as WordPress's ``do_shortcode``."""
    if "[" not in text:
        return text
    present = sorted({m.group(1) for m in _CANDIDATE.finditer(text)} & set(handlers))
    if not present:
        return text
    pattern, spans = shortcode_regex(present), _tag_spans(text)
    out: list[str] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        skip_to = _inside(m.start(), spans)
        if skip_to is not None:  # a shortcode inside an HTML attribute stays as written
            out.append(text[pos:skip_to])
            pos = skip_to
            continue
        out.append(text[pos : m.start()] + _run(m, ctx, handlers))
        pos = m.end()
    return "".join(out) + text[pos:]


def _run(m: re.Match[str], ctx: Context, handlers: Mapping[str, Handler]) -> str:
    if m.group(1) == "[" and m.group(6) == "]":
        return m.group(0)[1:-1]  # [[tag]] is the escaped, literal [tag]
    named, positional = parse_atts(m.group(3))
    code = Shortcode(m.group(2), named, tuple(positional), m.group(5), m.group(0))
    return m.group(1) + handlers[code.tag](code, ctx) + m.group(6)


# Anything else that looks like a shortcode: a WordPress tag name (starting with a letter, so
# "[1]" footnote references are not), not a Markdown link "[text](url)" or "[text][ref]".
_UNKNOWN = re.compile(
    r"\[(/?)([A-Za-z][\w-]*)(?![\w-])((?:[^\[\]<>\"']|\"[^\"]*\"|'[^']*')*)\](?![(\[:])",
    re.ASCII,
)
_VERBATIM = re.compile(r"<(pre|code|script|style|textarea|wpm-md)\b", re.I)


def mark_unknown(text: str, ctx: Context, known: frozenset[str]) -> str:
    """Keep unregistered shortcodes exactly as written, as literal markers, and note those
    that read as shortcodes (see :func:`is_candidate`)."""
    if "[" not in text:
        return text
    parts = _TAG.split(text)
    for i, offset in _prose_parts(parts):
        parts[i] = _UNKNOWN.sub(
            partial(_unknown, ctx=ctx, known=known, text=text, offset=offset), parts[i]
        )
    return "".join(parts)


def unknown_names(text: str, known: frozenset[str]) -> list[str]:
    """The names :func:`mark_unknown` would note, once per occurrence (for ``inspect``)."""
    if "[" not in text:
        return []
    parts = _TAG.split(text)
    return [
        m.group(2)
        for i, offset in _prose_parts(parts)
        for m in _UNKNOWN.finditer(parts[i])
        if not m.group(1) and m.group(2) not in known and is_candidate(m, text, offset)
    ]


def _prose_parts(parts: list[str]) -> Iterator[tuple[int, int]]:
    """(index, offset in the text) of the text parts outside verbatim elements that hold a
    "[" (``parts`` is ``_TAG.split``: text at even indexes, tags at odd ones)."""
    closing: str | None = None
    offset = 0
    for i, part in enumerate(parts):
        if i % 2:
            closing = _verbatim_state(part, closing)
        elif closing is None and "[" in part:
            yield i, offset
        offset += len(part)


def _verbatim_state(tag: str, closing: str | None) -> str | None:
    """Track whether we are inside an element whose text must not be touched."""
    if closing is not None:
        return None if tag.lower().startswith(f"</{closing}") else closing
    m = _VERBATIM.match(tag)
    return m.group(1).lower() if m and not tag.endswith("/>") else None


# After the name: white space, "]" or "/" (WordPress's attribute text starts with a space;
# "[a.b]", "[R,NC]" or "[x=1]" name nothing a plugin registers)
_NAME_END = re.compile(r"[\s\]/]")
# "[section]" then "key = value" on a later line: an ini file or a config listing
_INI_NEXT = re.compile(
    r"[ \t]*(?:<[^<>]*>[ \t]*)*\n(?:\s|<[^<>]*>|\[[^\]\n]*\])*[\w.-]+[ \t]*=(?!=)"
)


def is_candidate(m: re.Match[str], text: str, offset: int) -> bool:
    """Whether an ``_UNKNOWN`` match (in a part at ``offset`` of ``text``) reads as a shortcode,
    not as brackets in prose or in a listing WordPress would have shown as text all the same:
    a subscript (``a[i]``), a word in capitals or CamelCase with nothing after it (a C#
    attribute ``[HandleError]``, a RewriteRule flag ``[NC]``), an ini section."""
    start = offset + m.start()
    if start and (
        text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] in "_)]")
    ):
        return False
    name, atts = m.group(2), m.group(3)
    if not _NAME_END.match(text, offset + m.start(2) + len(name)):
        return False
    if not name.islower() and not atts.strip() and "_" not in name and "-" not in name:
        return False
    return _INI_NEXT.match(text, offset + m.end()) is None


def _unknown(m: re.Match[str], ctx: Context, known: frozenset[str], text: str, offset: int) -> str:
    if m.group(2) in known:
        return m.group(0)
    source = m.group(0)
    # a closing tag of an unknown enclosing shortcode is noted with its opener
    if not m.group(1) and is_candidate(m, text, offset):
        ctx.notes.add(
            STAGE,
            NoteKind.UNKNOWN_SHORTCODE,
            f"unknown shortcode [{m.group(2)}] kept as written",
            before=source,
        )
    return markers.literal(source, block=False)


class Stash:
    """Finished HTML kept out of autop's way behind ``<pre>`` placeholders.

    ``<pre`` is a block tag to autop, which leaves it alone and never wraps it in ``<p>``;
    :meth:`restore` puts the real HTML back and drops a ``<p>`` left around a placeholder.
    """

    def __init__(self) -> None:
        self.items: list[str] = []

    def put(self, html_text: str) -> str:
        self.items.append(html_text)
        return f'\n\n<pre data-wpm-stash="{len(self.items) - 1}"></pre>\n\n'

    def restore(self, text: str) -> str:
        if not self.items:
            return text
        text = re.sub(r"<p>\s*(<pre data-wpm-stash=\"\d+\"></pre>)\s*</p>", r"\1", text)
        text = re.sub(r"(<pre data-wpm-stash=\"\d+\"></pre>)\s*<br />", r"\1", text)
        return re.sub(
            r"<pre data-wpm-stash=\"(\d+)\"></pre>", lambda m: self.items[int(m.group(1))], text
        )


#: SyntaxHighlighter Evolved's brushes (and aliases) -> the language name Hugo's Chroma knows.
CODE_LANGUAGES: dict[str, str] = {
    "as3": "actionscript", "actionscript3": "actionscript", "bash": "bash", "shell": "bash",
    "sh": "bash", "coldfusion": "cfm", "cf": "cfm", "clojure": "clojure", "clj": "clojure",
    "cpp": "cpp", "c": "c", "c-sharp": "csharp", "csharp": "csharp", "css": "css",
    "delphi": "delphi", "pas": "delphi", "pascal": "delphi", "diff": "diff", "patch": "diff",
    "erl": "erlang", "erlang": "erlang", "fsharp": "fsharp", "go": "go", "golang": "go",
    "groovy": "groovy", "haskell": "haskell", "java": "java", "jfx": "java", "javafx": "java",
    "js": "javascript", "jscript": "javascript", "javascript": "javascript", "latex": "latex",
    "tex": "latex", "matlab": "matlab", "matlabkey": "matlab", "objc": "objectivec",
    "obj-c": "objectivec", "perl": "perl", "pl": "perl", "php": "php",
    "powershell": "powershell", "ps": "powershell", "posh": "powershell", "plain": "text",
    "text": "text", "py": "python", "python": "python", "r": "r", "splus": "r",
    "ruby": "ruby", "rails": "ruby", "ror": "ruby", "rb": "ruby", "scala": "scala",
    "sql": "sql", "swift": "swift", "vb": "vbnet", "vbnet": "vbnet", "xml": "xml",
    "xhtml": "xml", "xslt": "xml", "html": "html", "yaml": "yaml", "yml": "yaml",
}  # fmt: skip
CODE_TAGS = frozenset({"code", "sourcecode", *CODE_LANGUAGES})
_EDITOR_TAG = re.compile(r"</?(?:p|br)\b[^>]*>", re.I)


def code_text(raw: str) -> str:
    """The code a shortcode holds, decoded exactly once when the editor stored it escaped.

    Content without a literal ``<`` or ``>`` was escaped by the editor or by SyntaxHighlighter
    on save (``&lt;``); content with one was typed in the text editor as is.
    ``<br />`` and ``<p>`` alone are the visual editor's line breaks.
    """
    raw = raw.strip("\r\n")
    if re.search(r"[<>]", _EDITOR_TAG.sub("", raw)):
        return raw
    raw = re.sub(r"<br\s*/?>\n?", "\n", raw, flags=re.I)
    raw = re.sub(r"</p>\s*<p[^>]*>", "\n\n", raw, flags=re.I)
    return html.unescape(_EDITOR_TAG.sub("", raw))


def code_html(code: str, language: str) -> str:
    """``<pre><code class="language-x">`` holding ``code`` (plain text), escaped once."""
    cls = f' class="language-{html.escape(language)}"' if language else ""
    return f"<pre><code{cls}>{html.escape(code, quote=False)}</code></pre>"


def _code_language(code: Shortcode) -> str:
    if code.tag not in ("code", "sourcecode"):
        return CODE_LANGUAGES[code.tag]
    name = code.get("language", "lang", default=code.args[0] if code.args else "").lower()
    return CODE_LANGUAGES.get(name, re.sub(r"[^\w+#-]", "", name))


def protect_code(text: str, ctx: Context, stash: Stash) -> str:
    """Take enclosing code shortcodes out of ``text`` before autop, into ``stash``."""

    def handler(code: Shortcode, ctx: Context) -> str:
        if code.content is None:
            return code.text  # an unclosed [c] or [text] is not code
        language = _code_language(code)
        ctx.notes.add(
            STAGE,
            NoteKind.SHORTCODE,
            f"code shortcode [{code.tag}] -> code block ({language or 'no language'})",
            before=code.text,
        )
        return stash.put(code_html(code_text(code.content), language))

    return do_shortcode(text, ctx, dict.fromkeys(CODE_TAGS, handler))
