"""Normalize stage, embeds: what a provider URL becomes (``[embed]``, bare URLs, embed blocks).

YouTube and Vimeo become Hugo's built-in ``youtube``/``vimeo`` shortcodes, which render
offline (a YouTube URL's start time, ``t=1m30s`` or ``start=90``, becomes the shortcode's
``start``): the player alone, as WordPress showed it (``Config.embed_links`` adds a link to
the URL under it). Every other oEmbed provider (X/Twitter, Instagram, gists...) becomes a
plain link paragraph and a note: Hugo's network-fetching shortcodes would break an offline
build.
URLs of no known provider are left as they are, as WordPress leaves them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from wpmigrate.context import Context
from wpmigrate.model import NoteKind
from wpmigrate.normalize import markers
from wpmigrate.normalize.autop import replace_in_html_tags

STAGE = "normalize"

_YT_HOSTS = ("youtube.com", "youtube-nocookie.com")
_YT_PATH = re.compile(r"^/(?:embed|shorts|v|live|e)/([\w-]{6,})")
_VIMEO = re.compile(r"^/(?:video/|channels/[^/]+/|groups/[^/]+/videos/|album/\d+/video/)?(\d+)")
# oEmbed providers WordPress knows (wp-includes/class-wp-oembed.php), besides YouTube/Vimeo.
_PROVIDERS = re.compile(
    r"(?:^|\.)(?:twitter\.com|x\.com|instagram\.com|gist\.github\.com|soundcloud\.com"
    r"|spotify\.com|flickr\.com|flic\.kr|slideshare\.net|tiktok\.com|reddit\.com"
    r"|tumblr\.com|imgur\.com|speakerdeck\.com|ted\.com|dailymotion\.com|dai\.ly"
    r"|kickstarter\.com|wordpress\.tv|facebook\.com|issuu\.com|mixcloud\.com|scribd\.com"
    r"|smugmug\.com|videopress\.com|amazon\.[a-z.]+|amzn\.to|pinterest\.com|crowdsignal\.net"
    r"|polldaddy\.com|animoto\.com|cloudup\.com|screencast\.com|wolframcloud\.com"
    r"|pocketcasts\.com|reverbnation\.com|someecards\.com|collegehumor\.com|funnyordie\.com"
    r"|hulu\.com|meetup\.com|photobucket\.com|rdio\.com|vine\.co|blip\.tv|qik\.com"
    r"|revision3\.com|viddler\.com|embed\.ly|twitch\.tv|bsky\.app|threads\.net"
    r"|pca\.st|loom\.com|soundcloud\.app\.goo\.gl)$",
    re.I,
)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def youtube_id(url: str) -> str | None:
    """The video id of any YouTube URL form (watch, youtu.be, embed, shorts, v)."""
    parts = urlsplit(url)
    host = _host(url)
    if host == "youtu.be":
        found = re.match(r"^/([\w-]{6,})", parts.path)
        return found.group(1) if found else None
    if not any(host == h or host.endswith("." + h) for h in _YT_HOSTS):
        return None
    if parts.path.startswith("/watch"):
        ids = parse_qs(parts.query).get("v")
        return ids[0] if ids and re.fullmatch(r"[\w-]{6,}", ids[0]) else None
    found = _YT_PATH.match(parts.path)
    return found.group(1) if found else None


# YouTube's time forms: "90", "90s", "1m30s", "1h2m3s"
_YT_TIME = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")


def youtube_start(url: str) -> int | None:
    """Where a YouTube URL starts the video, in seconds (``start=90`` or ``t=1m30s`` in the
    query, ``#t=90`` in the fragment); None when it starts at the beginning."""
    parts = urlsplit(url)
    query, fragment = parse_qs(parts.query), parse_qs(parts.fragment)
    for value in [*query.get("start", []), *query.get("t", []), *fragment.get("t", [])]:
        found = _YT_TIME.fullmatch(value.strip().lower())
        if found is not None and any(found.groups()):
            hours, minutes, seconds = (int(g or 0) for g in found.groups())
            return hours * 3600 + minutes * 60 + seconds or None
    return None


def youtube_call(video: str, start: int | None = None) -> str:
    """Hugo's ``youtube`` shortcode call, starting at ``start`` seconds when given."""
    if not start:
        return markers.shortcode_call("youtube", video)
    # Hugo refuses a call that mixes positional and named parameters: the id is named too.
    return markers.shortcode_call("youtube", id=video, start=str(start))


def vimeo_id(url: str) -> str | None:
    """The video id of a vimeo.com or player.vimeo.com URL."""
    host = _host(url)
    if host not in ("vimeo.com", "player.vimeo.com"):
        return None
    found = _VIMEO.match(urlsplit(url).path)
    return found.group(1) if found else None


def is_provider(url: str) -> bool:
    """WordPress would embed this URL (an oEmbed provider it knows)."""
    return bool(youtube_id(url) or vimeo_id(url) or _PROVIDERS.search(_host(url)))


def embed_html(url: str, ctx: Context, *, source: str = "") -> str | None:
    """What the embed of ``url`` becomes, or ``None`` when no known provider serves it."""
    url = html.unescape(url.strip())
    video = youtube_id(url)
    if video:
        return _video("youtube", youtube_call(video, youtube_start(url)), url, ctx, source)
    video = vimeo_id(url)
    if video:
        return _video("vimeo", markers.shortcode_call("vimeo", video), url, ctx, source)
    if not _PROVIDERS.search(_host(url)):
        return None
    ctx.notes.add(
        STAGE,
        NoteKind.SHORTCODE,
        f"embed of {_host(url)} kept as a link (its Hugo shortcode would fetch at build time)",
        before=source or url,
    )
    return link_paragraph(url)


def link_paragraph(url: str) -> str:
    safe = html.escape(url, quote=True)
    return f'<p><a href="{safe}">{html.escape(url, quote=False)}</a></p>'


def _video(name: str, call: str, url: str, ctx: Context, source: str) -> str:
    ctx.notes.add(STAGE, NoteKind.SHORTCODE, f"embed -> {name} shortcode", before=source or url)
    player = markers.literal(call, block=True)
    # A link under the player (Config.embed_links) would read as the video shown twice.
    if ctx.config.embed_links:
        return player + link_paragraph(url)
    ctx.embedded.append(url)
    return player


_URL_START = re.compile(r"(^|\s|>)https?://", re.I)
_OWN_LINE = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.M | re.I | re.ASCII)
_OWN_PARA = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.I | re.ASCII)


def autoembed(text: str, ctx: Context, put: Callable[[str], str] | None = None) -> str:
    """``WP_Embed::autoembed``: provider URLs alone on a line or in a paragraph get embedded.

    ``put`` (a stash's) hides the finished HTML from later steps such as autop.
    """
    # "://" first: a plain substring test rules out most texts before the pattern runs
    if "://" not in text or not _URL_START.search(text):
        return text
    text = replace_in_html_tags(text, {"\n": "<!-- wp-line-break -->"})

    def one(m: re.Match[str]) -> str:
        found = embed_html(m.group(2), ctx)
        if found is None:
            return m.group(0)
        return m.group(1) + (put(found) if put else found) + m.group(3)

    text = _OWN_PARA.sub(one, _OWN_LINE.sub(one, text))
    return text.replace("<!-- wp-line-break -->", "\n")
