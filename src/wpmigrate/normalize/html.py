"""Normalize stage, last step: parse the item's HTML once and strip what only WordPress needed.

``parse_fragment`` parses with lxml (libxml2's HTML5 tokenizer: an order of magnitude faster
than BeautifulSoup, keeps unknown tags such as ``wpm-md``, ``figure`` and ``svg``).
``clean_tree`` then works in place: WordPress classes and attributes go, every code
highlighter's markup becomes ``<pre><code class="language-x">``, YouTube/Vimeo iframes become
Hugo shortcode markers, scripts are dropped (unless configured), resized images point to the
original upload. Each kind of change adds one note per item, with counts.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from wpmigrate.context import Context
from wpmigrate.model import NoteKind
from wpmigrate.normalize import depth, markers
from wpmigrate.normalize.codeblocks import elements, normalize_code, remove
from wpmigrate.normalize.embeds import youtube_call, youtube_start

STAGE = "normalize"

# XML 1.0 forbids C0 controls (but tab, newline, CR) and lone surrogates; lxml refuses them.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# WP-Syntax takes the code between <pre lang="x"> and </pre> raw, not as HTML.
_WP_SYNTAX = re.compile(r"(<pre\b[^>]*\blang=[^>]*>)(.*?)(</pre\s*>)", re.I | re.S)
_ESCAPED_ATTR = re.compile(r"""\bescaped\s*=\s*["']?true""", re.I)

_STRIP_ATTRS = frozenset({"style", "srcset", "sizes", "loading", "decoding"})
_LINK_ATTRS = frozenset({"target", "rel", "aria-label"})
_WP_CLASS = re.compile(r"^(?:wp-|size-|align|attachment-)")
_NEW_TAB = re.compile(r"\s*\(opens in a new tab\)", re.I)
_YOUTUBE = re.compile(r"(?:youtube(?:-nocookie)?\.com/(?:embed|v)/|youtu\.be/)([\w-]{6,})", re.I)
_VIMEO = re.compile(r"player\.vimeo\.com/video/(\d+)", re.I)
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)", re.I)
_LAZY_SRC = ("data-src", "data-lazy-src", "data-orig-file", "data-original")

# lxml.html's parser picks each element's class in a Python callback (forms and inputs get
# their own); nothing here uses those classes, and the C-level lookup makes walking the tree
# (every element a fresh proxy) about a tenth cheaper.
_PARSER = etree.HTMLParser()
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


class _Tally:
    """Counts changes by kind and label, then writes ONE note per kind for the item."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[NoteKind, str]] = Counter()

    def add(self, kind: NoteKind, label: str, n: int = 1) -> None:
        if n:
            self.counts[(kind, label)] += n

    def emit(self, ctx: Context) -> None:
        by_kind: dict[NoteKind, list[str]] = {}
        for (kind, label), n in sorted(self.counts.items(), key=lambda kv: kv[0][1]):
            by_kind.setdefault(kind, []).append(f"{label} ({n})")
        for kind, labels in by_kind.items():
            ctx.notes.add(STAGE, kind, "; ".join(labels), field="content")


def parse_fragment(html_text: str) -> HtmlElement:
    """Parse an item's HTML into a wrapper ``<div>``; never raises on odd input."""
    text = _BAD_CHARS.sub(_bad_char, html_text)
    text = _WP_SYNTAX.sub(_protect_wp_syntax, text)
    # lxml.html.fragment_fromstring(text, create_parent="div"), with the faster parser
    parts = lxml.html.fragments_fromstring(text, parser=_PARSER)
    if depth.hit_limit(_PARSER):  # libxml2 stopped and dropped the rest of the post
        parts = depth.parse_huge(text)
    root: HtmlElement = _PARSER.makeelement("div")
    if parts and isinstance(parts[0], str):
        root.text = parts.pop(0)
    root.extend(parts)
    return root


def _bad_char(match: re.Match[str]) -> str:
    return " " if match.group() == "\x0c" else ""


def _protect_wp_syntax(match: re.Match[str]) -> str:
    start, code, end = match.groups()
    if _ESCAPED_ATTR.search(start):
        code = html.unescape(code)  # escaped="true": entities are decoded exactly once
    return start + html.escape(code, quote=False) + end


def clean_tree(root: HtmlElement, ctx: Context) -> None:
    """Strip WordPress-only markup from ``root`` in place; notes say what and how often."""
    tally = _Tally()
    unwrapped = depth.flatten_deep(root)  # first: later steps and the converter recurse
    tally.add(
        NoteKind.INPUT, f"tags nested over {depth.MAX_DEPTH} levels deep unwrapped", unwrapped
    )
    _drop_word_breaks(root)
    _file_buttons_apart(root)
    _dividers_out_of_phrases(root)
    _drop_scripts(root, ctx, tally)
    tally.add(NoteKind.ATTRIBUTES, "highlighter markup normalized", normalize_code(root))
    _convert_iframes(root, tally)
    _embeds(root, tally)
    _images(root, ctx, tally)
    _strip_attributes(root, tally)
    _new_tab_texts(root, tally)
    tally.emit(ctx)


def _replace_with_marker(el: HtmlElement, markdown: str, *, block: bool) -> None:
    marker = lxml.html.Element(markers.TAG)
    if block:
        marker.set("data-block", "1")
    marker.set("data-md", markdown)
    marker.tail = el.tail
    parent = el.getparent()
    if parent is not None:
        parent.replace(el, marker)


def _drop_word_breaks(root: HtmlElement) -> None:
    # <wbr> only hints where a long word may wrap; Markdown has no such thing, and the word's
    # halves must read as one ("thumbnail_cache" needs no escaped underscore).
    for el in elements(root, "wbr"):
        el.drop_tag()


def _file_buttons_apart(root: HtmlElement) -> None:
    # A file block's download button follows the file's link with no space between: the
    # theme's CSS set them apart, Markdown would glue "report.pdfDownload".
    for link in elements(root, "a"):
        if "wp-block-file__button" not in link.get("class", ""):
            continue
        before, parent = link.getprevious(), link.getparent()
        if before is not None:
            if not (before.tail or "")[-1:].isspace():
                before.tail = (before.tail or "") + " "
        elif parent is not None and parent.text and not parent.text[-1:].isspace():
            parent.text += " "


# Elements that only style a run of text: a summary divider inside one moves out of it.
_PHRASE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i"}
    | {"ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup"}
    | {"tt", "u", "var"}
)
_MORE = "<!--more-->"


def _dividers_out_of_phrases(root: HtmlElement) -> None:
    # Hugo renders the text on each side of the divider apart: inside "**a<!--more--> b**"
    # neither side is emphasis any more and both show their "**". Right after the outermost
    # phrase the divider cuts nothing; the summary then ends with that phrase.
    for marker in elements(root, markers.TAG):
        parent = marker.getparent()
        if marker.get("data-md") != _MORE or parent is None or parent.tag not in _PHRASE_TAGS:
            continue
        marker.drop_tree()  # its tail text stays where it was
        while (up := parent.getparent()) is not None and up.tag in _PHRASE_TAGS:
            parent = up
        marker.tail, parent.tail = parent.tail, None
        parent.addnext(marker)
        if marker.getnext() is None and not (marker.tail or "").strip():
            marker.set("data-block", "1")  # last in its paragraph: a divider between blocks


# -- scripts ---------------------------------------------------------------------------------


def _drop_scripts(root: HtmlElement, ctx: Context, tally: _Tally) -> None:
    for el in elements(root, "style"):
        remove(el)
        tally.add(NoteKind.ATTRIBUTES, "style elements removed")
    if ctx.config.emit_scripts:
        return
    for el in elements(root, "script"):
        remove(el)
        tally.add(NoteKind.SCRIPT, "scripts not emitted")
    for el in root.iter(etree.Element):  # only attributes change: no list needed
        if el.keys():  # most elements have no attributes at all
            _drop_script_attributes(el, tally)


def _drop_script_attributes(el: HtmlElement, tally: _Tally) -> None:
    handlers = [a for a in el.attrib if a.lower().startswith("on")]
    for name in handlers:
        del el.attrib[name]
    tally.add(NoteKind.SCRIPT, "event handler attributes removed", len(handlers))
    for name in _script_urls(el):
        del el.attrib[name]
        tally.add(NoteKind.SCRIPT, "javascript: links unlinked")


# Browsers ignore whitespace and control characters inside a URL scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20]+")
_NOISE_CHARS = "".join(map(chr, range(0x21)))
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
_SCHEME_STARTS = frozenset("jvdJVD")  # what a script scheme can start with


def _script_urls(el: HtmlElement) -> list[str]:
    """Attributes of ``el`` that run script: script URLs anywhere (href, src, action...),
    and ``srcdoc``, which is a whole HTML document."""
    return [
        name
        for name, value in el.attrib.items()
        if name.lower() == "srcdoc" or (_may_run(value) and _runs_script(value))
    ]


def _may_run(value: str) -> bool:
    # Cheap first look: almost every URL starts with "h", "/" or "#", never a script scheme.
    return value.lstrip(_NOISE_CHARS)[:1] in _SCHEME_STARTS


def _runs_script(value: str) -> bool:
    return _URL_NOISE.sub("", value).lower().startswith(_SCRIPT_SCHEMES)


# -- code ------------------------------------------------------------------------------------


# -- iframes and embeds ----------------------------------------------------------------------


def _convert_iframes(root: HtmlElement, tally: _Tally) -> None:
    for el in elements(root, "iframe"):
        src = el.get("src", "") or el.get("data-src", "")
        youtube, vimeo = _YOUTUBE.search(src), _VIMEO.search(src)
        if youtube:
            call = youtube_call(youtube.group(1), youtube_start(src))
            _replace_with_marker(el, call, block=True)
            tally.add(NoteKind.IFRAME, "YouTube iframes converted to shortcodes")
        elif vimeo:
            call = markers.shortcode_call("vimeo", vimeo.group(1))
            _replace_with_marker(el, call, block=True)
            tally.add(NoteKind.IFRAME, "Vimeo iframes converted to shortcodes")
        else:
            tally.add(
                NoteKind.IFRAME,
                "iframes kept as raw HTML (Hugo hides raw HTML unless "
                "markup.goldmark.renderer.unsafe is on, as in the hugo.toml wpmigrate writes)",
            )


def _embeds(root: HtmlElement, tally: _Tally) -> None:
    for quote in elements(root, "blockquote"):
        classes = quote.get("class", "").split()
        if "twitter-tweet" in classes:
            tally.add(NoteKind.IFRAME, "tweets kept as quotes")
        elif "instagram-media" in classes:
            _instagram(quote)
            tally.add(NoteKind.IFRAME, "Instagram embeds kept as quotes")


def _instagram(quote: HtmlElement) -> None:
    link = quote.get("data-instgrm-permalink", "")
    if not link or any(a.get("href") == link for a in quote.iter("a")):
        return
    para = lxml.html.Element("p")
    anchor = lxml.html.Element("a", href=link)
    anchor.text = link
    para.append(anchor)
    quote.append(para)


# -- images ----------------------------------------------------------------------------------


def _images(root: HtmlElement, ctx: Context, tally: _Tally) -> None:
    for img in elements(root, "img"):
        _lazy_src(img)
        if not ctx.config.resolve_sizes:
            continue
        att = ctx.media.find(img.get("src", ""))
        if att is None or not att.url:
            continue
        if img.get("src") != att.url:
            img.set("src", att.url)
            tally.add(NoteKind.MEDIA, "resized images now show the original upload")
        link = img.getparent()
        if link is not None and link.tag == "a" and _same_media(ctx, link.get("href", ""), att.url):
            link.set("href", att.url)


def _same_media(ctx: Context, href: str, url: str) -> bool:
    found = ctx.media.find(href)
    return found is not None and found.url == url and href != url


def _lazy_src(img: HtmlElement) -> None:
    src = img.get("src", "")
    if src and not src.startswith("data:"):
        return
    for attr in _LAZY_SRC:
        if img.get(attr):
            img.set("src", img.get(attr, ""))
            return


# -- attributes ------------------------------------------------------------------------------


def _strip_attributes(root: HtmlElement, tally: _Tally) -> None:
    for el in root.iter(etree.Element):  # only attributes change: no list needed
        if el.tag == markers.TAG or not el.keys():  # no attributes, nothing to strip
            continue
        _keep_alignment(el)
        removed = sum(1 for name in list(el.attrib) if _strip_one(el, name))
        tally.add(NoteKind.ATTRIBUTES, "WordPress attributes removed", removed)


def _keep_alignment(el: HtmlElement) -> None:
    # table cell alignment is content (a column of numbers), not WordPress styling
    found = _TEXT_ALIGN.search(el.get("style", ""))
    if found and el.tag in ("td", "th") and not el.get("align"):
        el.set("align", found.group(1).lower())


def _strip_one(el: HtmlElement, name: str) -> bool:
    rule: Callable[[HtmlElement, str], bool] | None = _RULES.get(name)
    if rule is None and (name.startswith("data-") or name in _STRIP_ATTRS):
        rule = _always
    return rule is not None and rule(el, name)


def _always(el: HtmlElement, name: str) -> bool:
    del el.attrib[name]
    return True


def _on_links(el: HtmlElement, name: str) -> bool:
    return el.tag == "a" and _always(el, name)


def _on_images(el: HtmlElement, name: str) -> bool:
    return el.tag == "img" and _always(el, name)


def _attachment_id(el: HtmlElement, name: str) -> bool:
    return el.get(name, "").startswith("attachment_") and _always(el, name)


def _classes(el: HtmlElement, name: str) -> bool:
    words = el.get(name, "").split()
    kept = [w for w in words if not _WP_CLASS.match(w)]
    if len(kept) == len(words) and words:
        return False
    if kept:
        el.set(name, " ".join(kept))
    else:
        del el.attrib[name]
    return True


_RULES: dict[str, Callable[[HtmlElement, str], bool]] = {
    **{attr: _on_links for attr in _LINK_ATTRS},
    "width": _on_images,
    "height": _on_images,
    "id": _attachment_id,
    "class": _classes,
}


def _new_tab_texts(root: HtmlElement, tally: _Tally) -> None:
    for link in elements(root, "a"):
        for el in list(elements(link)):
            if el is not link and _NEW_TAB.fullmatch(el.text_content() or ""):
                el.drop_tree()
                tally.add(NoteKind.ATTRIBUTES, "'(opens in a new tab)' texts removed")
                continue
            n = _strip_new_tab(el)
            tally.add(NoteKind.ATTRIBUTES, "'(opens in a new tab)' texts removed", n)


def _strip_new_tab(el: HtmlElement) -> int:
    count = 0
    for attr in ("text", "tail"):
        value = getattr(el, attr)
        if value and _NEW_TAB.search(value) and (attr == "text" or el.tag != "a"):
            setattr(el, attr, _NEW_TAB.sub("", value))
            count += 1
    return count
