"""Normalize stage, shortcode handlers: what each known WordPress shortcode becomes.

Handlers take a parsed :class:`Shortcode` and the :class:`Context` and return HTML for the
converter; where the right output is a Hugo shortcode call, that HTML is a literal-Markdown
marker. Each conversion is noted; media the export lacks is noted as missing.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from wpmigrate.context import Context
from wpmigrate.model import Attachment, NoteKind
from wpmigrate.normalize import markers
from wpmigrate.normalize.embeds import embed_html, link_paragraph
from wpmigrate.normalize.shortcodes import (
    FORM_SHORTCODES,
    STAGE,
    Handler,
    Shortcode,
    do_shortcode,
)

_AUDIO_KEYS = ("src", "mp3", "m4a", "ogg", "oga", "wav", "flac", "wma")
_VIDEO_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv")


def run(text: str, ctx: Context) -> str:
    """``do_shortcode`` with every known handler registered."""
    return do_shortcode(text, ctx, HANDLERS)


def _note(ctx: Context, code: Shortcode, what: str) -> None:
    ctx.notes.add(STAGE, NoteKind.SHORTCODE, f"[{code.tag}] -> {what}", before=code.text)


def _url(value: str) -> str:
    return html.unescape(value.strip().lstrip("="))


_CAPTION_SPLIT = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S)


def caption(code: Shortcode, ctx: Context) -> str:
    """``[caption]``: the image (and its link) in a figure, the text after it as figcaption."""
    content, before = code.content or "", ""
    text = code.atts.get("caption", "")
    found = _CAPTION_SPLIT.search(content)
    if found:
        before, content = content[: found.start()], found.group(1)
        text = text or found.group(2).strip()
    if not text.strip():
        return run(before + content, ctx)
    _note(ctx, code, "figure with figcaption")
    figure = f"<figure>{run(content, ctx)}<figcaption>{run(text, ctx)}</figcaption></figure>"
    return run(before, ctx) + figure


@dataclass(frozen=True)
class GalleryImage:
    url: str
    alt: str = ""
    caption: str = ""


def _md_escape(text: str) -> str:
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", "", text))).strip()
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def markdown_image(image: GalleryImage) -> str:
    """``![alt](url)`` with the Markdown-special characters escaped."""
    url = image.url.replace(" ", "%20")
    url = f"<{url}>" if re.search(r"[()<>]", url) else url
    return f"![{_md_escape(image.alt)}]({url})"


def gallery_entry(image: GalleryImage) -> str:
    """One gallery cell: a Markdown image, or a ``figure`` call when the image has a caption
    (WordPress shows gallery captions under each image; an image title would hide them)."""
    caption = markers.inline_markdown(image.caption)
    if not caption:
        return markdown_image(image)
    alt = re.sub(r"\s+", " ", html.unescape(image.alt)).strip()
    return markers.shortcode_call("figure", src=image.url, alt=alt, caption=caption)


def gallery_marker(images: Iterable[GalleryImage], columns: str = "") -> str:
    """The ``{{< gallery >}}`` marker block; each image its own paragraph (a grid cell)."""
    lines = [markers.shortcode_call("gallery", columns=columns)]
    lines += [gallery_entry(image) for image in images]
    lines.append("{{< /gallery >}}")
    return markers.literal("\n\n".join(lines), block=True)


def _ids(value: str) -> list[str]:
    return [i for i in re.split(r"[\s,]+", value) if i.isdigit()]


def _children(ctx: Context, parent: str) -> list[Attachment]:
    found = [
        att
        for att in ctx.media.by_id.values()
        if att.parent == parent and (not att.mime or att.mime.startswith("image/"))
    ]
    return sorted(found, key=lambda att: int(att.id) if att.id.isdigit() else 0)


def resolve(ctx: Context, ids: list[str], what: str) -> list[Attachment]:
    """The attachments of ``ids`` the export knows; a MISSING_MEDIA note for each other."""
    found = []
    for att_id in ids:
        att = ctx.media.get(att_id)
        if att is None or not att.url:
            ctx.notes.add(STAGE, NoteKind.MISSING_MEDIA, f"{what}: attachment {att_id} unknown")
        else:
            found.append(att)
    return found


def gallery(code: Shortcode, ctx: Context) -> str:
    """``[gallery ids=...]`` (or the post's attached images) -> gallery marker block."""
    ids = _ids(code.get("ids", "include"))
    if ids:
        atts = resolve(ctx, ids, "gallery")
    else:
        parent = code.get("id", default=ctx.item.id if ctx.item else "")
        atts = _children(ctx, parent)
    excluded = set(_ids(code.get("exclude")))
    atts = [att for att in atts if att.id not in excluded]
    if not atts:
        ctx.notes.add(STAGE, NoteKind.MISSING_MEDIA, "gallery without images kept as written")
        return markers.literal(code.text, block=True)
    _note(ctx, code, f"gallery of {len(atts)} images")
    images = [GalleryImage(att.url, att.alt or att.title, att.caption) for att in atts]
    return gallery_marker(images, code.get("columns"))


def embed(code: Shortcode, ctx: Context) -> str:
    """``[embed]URL[/embed]``: provider embeds, or a link for any other URL."""
    url = _url(code.content or (code.args[0] if code.args else code.get("src", "url")))
    if not url:
        return code.text
    return embed_html(url, ctx, source=code.text) or link_paragraph(url)


def jetpack_link(code: Shortcode, ctx: Context) -> str:
    """Jetpack's ``[gist]``, ``[tweet]``, ``[instagram]``: a link paragraph, noted."""
    value = _url(code.args[0] if code.args else code.content or code.get("url", "id", "tweet"))
    if code.tag == "gist" and value and not value.startswith("http"):
        value = f"https://gist.github.com/{value}"
    if not value.startswith("http"):
        return markers.literal(code.text, block=False)
    return embed_html(value, ctx, source=code.text) or link_paragraph(value)


def video_site(code: Shortcode, ctx: Context) -> str:
    """Jetpack's ``[youtube URL]``, ``[youtube=URL]`` and ``[vimeo ID]``."""
    value = _url(code.args[0] if code.args else code.content or code.get("id", "url"))
    if code.tag == "vimeo" and value.isdigit():
        value = f"https://vimeo.com/{value}"
    if code.tag == "youtube" and re.fullmatch(r"[\w-]{11}", value):
        value = f"https://www.youtube.com/watch?v={value}"
    found = embed_html(value, ctx, source=code.text) if value else None
    return found if found is not None else embed(code, ctx)


def videopress(code: Shortcode, ctx: Context) -> str:
    """Jetpack's ``[wpvideo GUID w=640]`` / ``[videopress GUID]``: the video's VideoPress
    page, as a link (the embeds of providers without a Hugo shortcode are kept so)."""
    guid = code.args[0] if code.args else code.get("guid", "id")
    if not re.fullmatch(r"[A-Za-z0-9]{8}", guid):
        return markers.literal(code.text, block=False)
    return embed(dataclasses.replace(code, content=f"https://videopress.com/v/{guid}"), ctx)


def _media_src(code: Shortcode, keys: tuple[str, ...]) -> str:
    """The media URL: a named attribute, or WordPress.com's positional ``[audio URL|opts]``."""
    named = code.get(*keys)
    if named or not code.args:
        return _url(named)
    first = _url(code.args[0].split("|", 1)[0])
    return first if re.match(r"(?:https?:)?//|/", first) else ""


def _media(code: Shortcode, ctx: Context, name: str, keys: tuple[str, ...]) -> str:
    src = _media_src(code, keys)
    if not src:
        ctx.notes.add(STAGE, NoteKind.MISSING_MEDIA, f"[{code.tag}] without a source")
        return markers.literal(code.text, block=True)
    if name == "video":
        found = embed_html(src, ctx, source=code.text)
        if found is not None:
            return found
    params = {"src": src}
    if name == "video":
        params |= {k: _url(code.get(k)) for k in ("poster", "width", "height")}
    _note(ctx, code, f"{name} shortcode")
    return markers.literal(markers.shortcode_call(name, **params), block=True)


def audio(code: Shortcode, ctx: Context) -> str:
    return _media(code, ctx, "audio", _AUDIO_KEYS)


def video(code: Shortcode, ctx: Context) -> str:
    return _media(code, ctx, "video", _VIDEO_KEYS)


def playlist(code: Shortcode, ctx: Context) -> str:
    """``[playlist ids=...]``: one audio or video shortcode call per track."""
    kind = "video" if code.get("type") == "video" else "audio"
    atts = resolve(ctx, _ids(code.get("ids", "include")), "playlist")
    if not atts:
        return markers.literal(code.text, block=True)
    _note(ctx, code, f"{len(atts)} {kind} shortcodes")
    calls = [markers.shortcode_call(kind, src=att.url) for att in atts]
    return markers.literal("\n\n".join(calls), block=True)


def form(code: Shortcode, ctx: Context) -> str:
    """A form plugin's shortcode: kept as written inside an HTML comment, which the page does
    not show (as text, its brackets and curled quotes would be published)."""
    plugin = FORM_SHORTCODES[code.tag]
    ctx.notes.add(
        STAGE,
        NoteKind.UNKNOWN_SHORTCODE,
        f"[{code.tag}] ({plugin}) kept in an HTML comment: a static site cannot run the form",
        before=code.text,
    )
    # "-->" would end the comment early, "{{<" would be a Hugo shortcode call
    text = code.text.replace("--", "-&#45;").replace("{{", "{&#123;")
    return markers.literal(f"<!-- {text} -->", block=True)


HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(FORM_SHORTCODES, form),
    "caption": caption,
    "wp_caption": caption,
    "gallery": gallery,
    "embed": embed,
    "youtube": video_site,
    "vimeo": video_site,
    "audio": audio,
    "video": video,
    "playlist": playlist,
    "wpvideo": videopress,
    "videopress": videopress,
    "gist": jetpack_link,
    "tweet": jetpack_link,
    "instagram": jetpack_link,
}
