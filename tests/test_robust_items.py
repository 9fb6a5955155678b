"""Unusual but valid items convert: odd titles, slugs, ids, dates, parents and PHP values.

One export built from a template holds them all; it must convert with exit code 0, every page's
front matter must parse back to what the export said, and the real Hugo binary must build it.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from conftest import run_hugo
from robust_wxr import Post, comment, meta, pages, write_export
from wpmigrate.cli import run

LONG_TITLE = "A very long title " * 555 + "end"  # 10,000 characters
PHP_META = [
    ("_wp_attachment_metadata", 'O:8:"stdClass":1:{s:4:"evil";s:3:"yes";}'),  # an object
    ("_serialized_huge", "a:999999999:{"),  # claims a billion entries
    ("_serialized_negative", 's:-1:"";'),
    ("_serialized_deep", "a:1:{i:0;" * 500 + "N;" + "}" * 500),
    ("_serialized_bad_utf8_length", 's:3:"é";'),
    ("_plain", "not serialized at all"),
]

UNUSUAL = [
    Post(id="1", title="", content="", slug=""),  # empty title and body, no slug
    Post(id="2", title=LONG_TITLE, slug=""),
    Post(id="3", title="!!! ??? ... --- *** ###", slug=""),
    Post(id="4", title="🎉🔥 🙂", slug=""),
    Post(
        id="5", title="Привет, мир", slug="%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82-%d0%bc%d0%b8%d1%80"
    ),
    Post(id="6", title="日本語のタイトル", slug="日本語"),
    Post(id="7", title="سلام دنیا", slug="سلام-دنیا"),
    Post(id="8", title="Same id, first copy", slug="twin"),
    Post(id="8", title="Same id, second copy", slug="twin"),
    Post(id="9", title="Zero date", date="0000-00-00 00:00:00", slug="zero-date"),
    Post(id="10", title="From the future", date="2999-12-31 23:59:59", slug="future"),
    Post(id="11", title="Orphan page", type="page", parent="9999", slug="orphan"),
    Post(id="12", title="Orphan child post", parent="12345", slug="orphan-post"),
    Post(id="13", title="No terms at all", slug="no-terms"),
    Post(id="14", title="Terms", slug="terms", categories=("news", "news"), tags=("a b", "ü")),
    Post(id="15", title="YAML: - [x] # &a *b ! | > % @ ` \"q\" 's'", slug="yaml-ish"),
    Post(id="16", title="---\n+++\n...", content="---\ntitle: injected\n---\n", slug="fences"),
    Post(id="17", title="Serialized meta", slug="php", extra="".join(meta(*m) for m in PHP_META)),
    Post(id="18", title="100% sure", slug="100%25-sure"),
    Post(id="19", title="Broken percent", slug="%ff%fe%zz"),
    Post(id="20", title="Bad date", date="yesterday", slug="bad-date"),
    Post(id="", title="No id at all", slug="no-id"),
    Post(
        id="21",
        title="Commented",
        slug="commented",
        extra=comment("1", "Hi!", "v@x.example", "10.0.0.1"),
    ),
    Post(id="22", title="Tab\tand\u00a0nbsp and \u200bzero width", slug="whitespace"),
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unusual")
    export = write_export(folder, *UNUSUAL)
    site = folder / "site"
    assert run(["convert", str(export), "-o", str(site), "-j", "1", "-q"]) == 0
    return site


def by_id(site: Path) -> dict[str, frontmatter.Post]:
    found: dict[str, frontmatter.Post] = {}
    for post in pages(site).values():
        found.setdefault(str(post.get("wordpress_id")), post)
    return found


def test_every_unusual_item_is_a_page(converted: Path) -> None:
    site = converted
    assert len(pages(site)) == len(UNUSUAL)


def test_titles_parse_back_exactly(converted: Path) -> None:
    site = converted
    titles = sorted(str(p.get("title", "")) for p in pages(site).values())
    assert titles == sorted(p.title for p in UNUSUAL)


def test_paths_are_safe_and_readable(converted: Path) -> None:
    site = converted
    names = {Path(rel).parent.name for rel in pages(site)}
    assert {"привет-мир", "日本語", "سلام-دنیا", "100-sure", "twin", "twin-2"} <= names
    for name in names:
        assert name and len(name.encode()) <= 120 and name not in (".", "..")
        assert "%" not in name and "/" not in name


def test_dates_that_are_not_dates_are_left_out(converted: Path) -> None:
    posts = by_id(converted)
    assert "date" not in posts["9"].metadata
    assert "date" not in posts["20"].metadata
    assert str(posts["10"]["date"]).startswith("2999-12-31")


def test_front_matter_is_not_injected_by_the_body(converted: Path) -> None:
    post = by_id(converted)["16"]
    assert post["title"] == "---\n+++\n..."
    assert "injected" in post.content  # stays body text


def test_private_values_never_reach_the_site(converted: Path) -> None:
    site = converted
    everything = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    for secret in (b"v@x.example", b"10.0.0.1", b"owner.private@mail.example", b"evil"):
        assert secret not in everything


@pytest.mark.hugo
def test_the_site_builds_with_hugo(converted: Path, tmp_path: Path) -> None:
    built = run_hugo(converted, "--destination", str(tmp_path / "public"), "--quiet")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "public" / "index.html").is_file()
