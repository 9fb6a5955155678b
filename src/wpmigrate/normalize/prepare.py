"""Normalize stage entry point: a WordPress post body as stored -> standard HTML.

The steps run in WordPress's own ``the_content`` order, so the result is what the old site
showed: code shortcodes are set aside first (SyntaxHighlighter runs before autop), block content
is rendered block by block (classic content, and freeform HTML between blocks, goes through
``wpautop`` and autoembed), ``shortcode_unautop`` unwraps standalone shortcodes, then the
known shortcodes run and unknown ones are kept exactly as written. Every change is a note on
``ctx.notes``; no text is dropped.
"""

from __future__ import annotations

import re

from wpmigrate.context import Context
from wpmigrate.normalize import markers
from wpmigrate.normalize.autop import restore_preserved, shortcode_unautop, wpautop
from wpmigrate.normalize.blockparser import has_blocks
from wpmigrate.normalize.blocks import render_blocks
from wpmigrate.normalize.embeds import autoembed
from wpmigrate.normalize.handlers import HANDLERS, run
from wpmigrate.normalize.shortcodes import Stash, mark_unknown, protect_code

_MORE_TAG = r"<!--more(?:\s[^>]*?)?-->"
_MORE_ALONE = re.compile(rf"<p>\s*{_MORE_TAG}\s*</p>|^\s*{_MORE_TAG}\s*$", re.M)
# On a line of its own inside a paragraph (autop put a <br /> next to it), or at either end
# of one: a divider between blocks, not a word of the paragraph. An inline divider after a
# line break would leave "text\" as the summary, a literal backslash.
_MORE_EDGE = re.compile(
    rf"(?:<br />\s*)?{_MORE_TAG}(?=\s*</p>)|(?<=<p>)\s*{_MORE_TAG}(?:\s*<br />)?"
    rf"|<br />\s*{_MORE_TAG}|{_MORE_TAG}\s*<br />"
)
_MORE = re.compile(_MORE_TAG)
# "(?:<p>\s*)?<!--nextpage-->...", written to start with its "<" so the engine looks only there
_NEXTPAGE = re.compile(r"<(?:p>\s*<)?!--nextpage-->(?:\s*</p>)?")


def prepare(content: str, ctx: Context) -> str:
    """WordPress stored post body -> standard HTML for the converter (markers included)."""
    stash = Stash()

    def protect(html: str) -> str:
        return protect_code(html, ctx, stash)

    text = protect(restore_preserved(content))

    def classic(html: str) -> str:
        if html.isspace():  # the space between blocks (most freeform blocks): autop drops it
            return ""
        return wpautop(autoembed(html, ctx, stash.put))

    text = render_blocks(text, ctx, classic, protect) if has_blocks(text) else classic(text)
    text = run(shortcode_unautop(text, HANDLERS), ctx)
    text = mark_unknown(text, ctx, frozenset(HANDLERS))
    return stash.restore(_dividers(text))


def _dividers(text: str) -> str:
    """``<!--more-->`` stays (Hugo's summary divider); ``<!--nextpage-->`` becomes a rule."""
    # Most bodies hold neither: the patterns (which try "\s*" at every position) are skipped.
    if "<!--more" in text:
        more = markers.literal("<!--more-->", block=True)
        text = _MORE_ALONE.sub(more, text)
        text = _MORE_EDGE.sub(more, text)
        text = _MORE.sub(markers.literal("<!--more-->", block=False), text)
    return _NEXTPAGE.sub("<hr />", text) if "<!--nextpage-->" in text else text
