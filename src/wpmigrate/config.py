"""Every option wpmigrate has, with its default, documented once: here.

The CLI builds one :class:`Config` from its flags (flags default to ``None`` and only override
what the user gave); library functions take the Config and never read globals or the
environment.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: Taxonomies that are WordPress or plugin internals: never a taxonomy of the Hugo site.
#: Polylang's ``post_translations`` ties a post to its translations (its terms are ids such
#: as ``pll_5f1c...``): it becomes Hugo's ``translationKey``, which means just that.
INTERNAL_TAXONOMIES = frozenset(
    {
        "category",
        "post_tag",
        "nav_menu",
        "link_category",
        "wp_theme",
        "wp_template_part_area",
        "wp_pattern_category",
        "post_translations",
        "term_translations",
        "term_language",
    }
)
TRANSLATIONS_TAXONOMY = "post_translations"

#: Post types that are WordPress internals, never pages of a site.
INTERNAL_TYPES = frozenset(
    {
        "revision",
        "nav_menu_item",
        "wp_global_styles",
        "wp_navigation",
        "wp_template",
        "wp_template_part",
        "wp_block",
        "wp_font_family",
        "wp_font_face",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
        "user_request",
        "wp_font",
        "scheduled-action",
        "shop_order",
        "shop_order_refund",
        "feedback",
        "jp_pay_order",
        "jp_pay_product",
        "amp_validated_url",
        "acf-field",
        "acf-field-group",
        "wpcf7_contact_form",
        "et_pb_layout",
        "elementor_library",
    }
)

#: Statuses that are published; anything else becomes ``draft: true``.
PUBLIC_STATUSES = frozenset({"publish", "inherit"})

#: Statuses that are never converted at all.
DROPPED_STATUSES = frozenset({"trash", "auto-draft"})

#: Postmeta key prefixes that are WordPress or plugin internals and never reach the output.
PRIVATE_META_PREFIXES = (
    "_",  # every "hidden" meta key: _edit_lock, _wp_*, _oembed_*, _thumbnail_id ...
    "mashsb_",
    "dsq_",
    "jetpack_",
    "sharing_",
    "switch_like_status",
    "amp_",
    "wpcom_",
    "enclosure",
    "email_notification",
    "timeline_notification",
    "spay_email",
    "geo_",
    "pingback",
    "tweetbackscheck",
    "tweetcount",
    "tmac_last_id",
    "snap",
    "panels_data",
    "rank_math_",
    "yoast",
    "wds_",
    "essb_",
    "sfsi_",
    "ampforwp",
    # Counters and plugin or theme state, not text the author wrote (seen in real exports):
    # view counters go stale, sync plugins leave their responses and errors behind.
    "views",
    "post_view",
    "post_views",
    "original_post_id",
    "classic-editor-remember",
    "activitypub_",
    "discourse_",
    "wpdc_",
    "publish_to_discourse",
    "update_discourse_topic",
    "publish_post_category",
    "firehose_sent",
    "footnotes",  # the block editor's footnote store: the footnotes are in the body
    "ast-",  # Astra theme layout settings
    "astra-",
    "site-sidebar-",
    "site-content-",
    "theme-transparent-header-meta",
    "et_",  # Divi (Elegant Themes) builder settings
)

#: Front-matter keys an earlier exporter left that only a WordPress plugin understood;
#: ``clean`` drops keys with these prefixes (``--keep-key`` keeps one).
JUNK_KEY_PREFIXES = (
    "mashsb_",
    "dsq_thread_id",
    "_edit_last",
    "_edit_lock",
    "_wp_old_slug",
    "_wpas_",
    "_oembed_",
    "_yoast_",
    "_jetpack_",
    "jetpack_",
    "sharing_disabled",
    "switch_like_status",
    "_thumbnail_id",
    "_wp_page_template",
    "_aioseop_",
    "_publicize_",
    "publicize_",
    "_wpcom_",
    "amp_status",
    "spay_email",
    "restapi_import_id",
    "original_post_id",
    "_last_editor_used_jetpack",
    "_encloseme",
    "_pingme",
    "essb_",
    "sfsi_",
)


def default_jobs() -> int:
    """All cores, except on one or two: there the reading and writing process is as busy as
    a worker, and shipping items between processes costs more than a second worker gains
    (measured: 3.1 s in one process against 3.3 s with a worker, on 1,860 items)."""
    cores = usable_cores()
    return cores if cores > 2 else 1


def usable_cores() -> int:
    """The cores this process may run on: a CI runner or a container pinned to a few cores of
    a big machine reports them all through ``os.cpu_count``, and a pool that size would only
    queue."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        with contextlib.suppress(OSError):
            return max(1, len(affinity(0)))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Config:
    """All options of a run.

    Text repair (ftfy) -- conservative by default, because a migration must not "improve" the
    author's typography:

    straight_quotes
        Turn curly quotes into straight ones. Off: ``’`` is what the author typed.
    fix_character_width
        Fold full-width characters to ASCII. Off: it turns CJK punctuation such as ``，`` into
        ``,``, which is wrong in Chinese and Japanese text.
    fix_ligatures
        Replace ``ﬁ`` ligatures by ``fi``. Off: ligatures are sometimes deliberate.
    normalization
        Unicode normalization form (``"NFC"``...). ``None``: code points stay as written, so a
        rerun compares byte for byte and decomposed text in code samples survives.

    Conversion and output:

    front_matter
        ``"yaml"`` (``---``) or ``"toml"`` (``+++``).
    emit_scripts
        Emit ``<script>`` elements and ``on*`` event attributes found in bodies. Off: they are
        dropped and noted; a static site migrated from WordPress rarely wants them.
    keep_raw_html
        HTML that Markdown cannot express (complex tables, forms, unknown iframes) is kept as raw
        HTML and noted. The generated ``hugo.toml`` turns on Goldmark's ``unsafe`` renderer so it
        shows; with an existing config, the note says to do so.
    comments
        Write approved comments into ``data/comments/<id>.yaml`` for templates. Spam, trash and
        pending comments are never written; emails and IP addresses are never read.
    embed_links
        A YouTube or Vimeo URL the author pasted becomes the player shortcode followed by a link
        to the video (the URL as written), for feed readers, printouts and browsers that block
        the player. Off (the default): the player alone, as WordPress showed it; on a page the
        link reads as the same video shown twice.
    resolve_sizes
        Images in a resized variant (``-300x200``, ``-scaled``, ``?w=``) point to the original
        upload when the export knows it.
    min_words_kept
        Content-loss audit: an item keeping a smaller share of its visible words is flagged
        (``words-lost``).
    fail_on
        Note kinds that make the exit code 1 (a CI gate), e.g. ``{"words-lost", "failed"}``.
    jobs
        Processes converting items, the reading one included (default: all cores, or one on a
        machine with two or fewer); output is identical whatever the number.
    slug_max_bytes
        Longest slug (UTF-8 bytes) used in a file or folder name.
    force
        Overwrite files that were edited by hand since wpmigrate wrote them.
    uploads
        Local copy of ``wp-content/uploads``; media a post uses is copied into its bundle.
        Without it, references to the old uploads stay absolute and each item lists them.
    download
        Fetch uploads that are not on disk from the old site (one request at a time, with
        retries and timeouts; failures are noted and the run goes on) into
        ``SITE/.wpmigrate/downloads``, then bundle them. Off: wpmigrate uses no network.
    redirects
        Also write a redirect map for query-string URLs and the old feeds (``/feed/``,
        ``/category/x/feed/``...) (``netlify``, ``nginx``, ``apache``).
    report_texts
        Keep each item's source and output text in the report, for the HTML report's
        side-by-side view. The command line turns it on only for ``--report *.html``: these
        texts are the one part of a run whose memory grows with the size of the export.
    report_diffs
        Keep each cleaned file's unified diff in the report (``clean``; ``convert`` computes
        diffs only with ``--diff``). The command line keeps them with ``--diff`` or a
        ``--report``: over a folder of thousands of posts they would otherwise add up.
    junk_key_prefixes / keep_keys
        Front-matter keys ``clean`` drops (by prefix), and exceptions the user wants kept.
    """

    straight_quotes: bool = False
    fix_character_width: bool = False
    fix_ligatures: bool = False
    normalization: Literal["NFC", "NFD", "NFKC", "NFKD"] | None = None

    front_matter: str = "yaml"
    emit_scripts: bool = False
    keep_raw_html: bool = True
    comments: bool = True
    embed_links: bool = False
    resolve_sizes: bool = True
    min_words_kept: float = 0.99
    fail_on: frozenset[str] = frozenset()
    jobs: int = field(default_factory=default_jobs)
    slug_max_bytes: int = 120
    force: bool = False
    uploads: Path | None = None
    download: bool = False
    redirects: str | None = None
    report_texts: bool = True
    report_diffs: bool = True

    junk_key_prefixes: tuple[str, ...] = JUNK_KEY_PREFIXES
    keep_keys: frozenset[str] = frozenset()
    internal_types: frozenset[str] = INTERNAL_TYPES
    private_meta_prefixes: tuple[str, ...] = PRIVATE_META_PREFIXES

    def replace(self, **changes: object) -> Config:
        """A copy with ``changes`` applied; ``None`` values mean "keep the default"."""
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **given)  # type: ignore[arg-type]
