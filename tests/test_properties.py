"""Properties over arbitrary input (hypothesis): conversion never raises and is deterministic,
front matter parses back to the same values, repair and clean are idempotent, and a whole site
converts byte for byte the same twice."""

from __future__ import annotations

import os
import string
import sys
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from robust_wxr import Post, tree, write_export
from wpmigrate.clean import clean_document
from wpmigrate.config import Config
from wpmigrate.convert_item import Outcome, Shared, convert_item, prepare_shared
from wpmigrate.media import MediaIndex
from wpmigrate.model import IndexEntry, Item, Site
from wpmigrate.pipeline import convert_site
from wpmigrate.read.markdown import parse_document
from wpmigrate.repair import repair_html, repair_text
from wpmigrate.report import FAILED

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXAMPLES = int(os.environ.get("WPMIGRATE_PROPERTY_EXAMPLES", "60"))
CFG = Config(jobs=1)

# Text that looks like what exports hold: markup, entities, shortcodes, mojibake, emoji,
# Markdown and Hugo syntax, control and format characters, any Unicode.
PIECES = [
    "<p>",
    "</p>",
    "<br>",
    "<b>",
    "</b>",
    "<a href='https://x.example/?a=1&b=2'>",
    "</a>",
    "<img src='/wp-content/uploads/a.jpg' alt='x'>",
    "<script>alert(1)</script>",
    "<div onclick='x()'>",
    "</div>",
    "<ul><li>",
    "</li></ul>",
    "<pre><code>",
    "</code></pre>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<!-- wp:paragraph -->",
    "<!-- /wp:paragraph -->",
    "[caption id='a']",
    "[/caption]",
    "[gallery ids='1,2']",
    "&amp;",
    "&#8217;",
    "&nbsp;",
    "&lt;",
    "â€™",
    "Ã©",
    "ðŸ™‚",
    "🙂",
    "*",
    "_",
    "`",
    "#",
    "---",
    "+++",
    "{{<",
    ">}}",
    "{{%",
    "|",
    "\\",
    "\n",
    "\n\n",
    "\t",
    "\u200b",
    "\u00a0",
    "\ufeff",
    ":",
    "'",
    '"',
    "- ",
    "1. ",
    "> ",
]
MARKUP = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=25).map(
    "".join
)
TITLES = st.one_of(
    st.text(max_size=80),
    MARKUP,
    st.text(alphabet=string.punctuation + " ", max_size=30),
    st.sampled_from(["", " ", "null", "true", "~", "0x10", "1e3", "- a", "[x]", "{a: 1}", "'"]),
)


def front_of(page: str, fmt: str) -> dict[str, Any]:
    """The front matter of ``page``, read by the reference parsers (not wpmigrate's own)."""
    fence = "---\n" if fmt == "yaml" else "+++\n"
    assert page.startswith(fence)
    head = page[len(fence) : page.index("\n" + fence, len(fence) - 1) + 1]
    data = yaml.safe_load(head) if fmt == "yaml" else tomllib.loads(head)
    assert isinstance(data, dict)
    return data


def shared_for(item: Item, cfg: Config = CFG) -> Shared:
    entry = IndexEntry(
        item.id, item.type, item.slug, item.status, item.parent, item.link, item.title
    )
    site = Site(title="Blog", link="https://blog.example.com")
    return prepare_shared(site, [entry], MediaIndex(), cfg)


def convert_one(title: str, content: str, cfg: Config = CFG) -> Outcome:
    item = Item(
        id="1",
        type="post",
        title=title,
        slug="post",
        status="publish",
        link="https://blog.example.com/?p=1",
        date="2020-01-02 03:04:05",
        content=content,
    )
    return convert_item(item, shared_for(item, cfg))


@settings(max_examples=EXAMPLES, deadline=None)
@given(title=TITLES, content=MARKUP)
def test_conversion_never_fails(title: str, content: str) -> None:
    outcome = convert_one(title, content)
    assert outcome.result.status != FAILED, outcome.result.reason
    assert outcome.page
    assert convert_one(title, content).page == outcome.page  # deterministic


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TITLES)
def test_front_matter_parses_back_to_the_same_values(fmt: str, title: str) -> None:
    outcome = convert_one(title, "<p>Body.</p>", CFG.replace(front_matter=fmt))
    page = front_of(outcome.page.decode("utf-8"), fmt)
    assert page.get("title", "") == outcome.result.title
    assert page["slug"] == "post"
    assert page["wordpress_id"] == 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=MARKUP)
def test_repair_is_idempotent(text: str) -> None:
    once = repair_text(text, CFG)
    assert repair_text(once, CFG) == once
    html_once = repair_html(text, CFG)
    assert repair_html(html_once, CFG) == html_once


FRONT_VALUES = st.one_of(
    st.text(max_size=40), MARKUP, st.integers(), st.booleans(), st.lists(st.text(max_size=10))
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    title=st.text(max_size=40),
    extra=st.dictionaries(
        st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10),
        FRONT_VALUES,
        max_size=4,
    ),
    body=MARKUP,
)
def test_clean_is_idempotent_and_reads_back(
    title: str, extra: dict[str, object], body: str
) -> None:
    front = {"title": title, **extra}
    post = frontmatter.Post(body)
    post.metadata.update(front)
    raw = frontmatter.dumps(post).encode("utf-8") + b"\n"
    path = Path("post.md")
    once, _ = clean_document(parse_document(path, raw), CFG)
    doc = parse_document(path, once)  # what clean writes always reads back
    twice, _ = clean_document(doc, CFG)
    assert twice == once


@settings(
    max_examples=max(3, EXAMPLES // 12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(posts=st.lists(st.tuples(TITLES, MARKUP, st.text(max_size=20)), min_size=1, max_size=4))
def test_converting_twice_is_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, posts: list[tuple[str, str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("twice")
    export = write_export(
        folder,
        *(Post(id=str(i), title=t, content=c, slug=s) for i, (t, c, s) in enumerate(posts, 1)),
    )
    first = convert_site([export], folder / "a", CFG)
    assert not first.problems and first.return_code == 0
    convert_site([export], folder / "b", CFG)
    assert tree(folder / "a") == tree(folder / "b")
    again = convert_site([export], folder / "a", CFG)
    assert {r.status for r in again.items} == {"unchanged"}
    assert tree(folder / "a") == tree(folder / "b")
