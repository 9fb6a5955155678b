"""Permalink inference: the Hugo pattern that reproduces the old links, and old paths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from wpmigrate.config import Config
from wpmigrate.model import IndexEntry, Site
from wpmigrate.write.paths import plan_paths
from wpmigrate.write.permalinks import (
    encoded,
    generalise,
    hugo_patterns,
    infer_structure,
    new_url,
    old_paths,
    relative_path,
    term_patterns,
)

SITE = Site(title="T", link="https://example.com")


def post(
    item_id: str,
    slug: str,
    link: str,
    status: str = "publish",
    *,
    type: str = "post",
    parent: str = "0",
    old: tuple[str, ...] = (),
    date: str = "",
) -> IndexEntry:
    return IndexEntry(item_id, type, slug, status, parent, link, "", old, date)


@pytest.mark.parametrize(
    ("path", "slug", "pattern"),
    [
        ("/2021/03/first-light/", "first-light", "/:year/:month/:slug/"),
        ("/2021/03/11/slug/", "slug", "/:year/:month/:day/:slug/"),
        ("/2021/slug/", "slug", "/:year/:slug/"),
        ("/slug/", "slug", "/:slug/"),
        ("/2012/01/inspiration.html", "inspiration", "/:year/:month/:slug.html"),
        ("/fa/2021/03/x/", "x", "/fa/:year/:month/:slug/"),
        ("/blog/slug/", "slug", "/blog/:slug/"),
        ("/archives/123", "slug", ""),  # the post id: Hugo has no token for it
        ("/2021/03/", "slug", ""),  # no slug at all
        ("/2021/13/slug/", "slug", "/:year/13/:slug/"),  # 13 is no month
        ("/x.php", "x", ""),  # Hugo can only make .html URLs
    ],
)
def test_generalise(path: str, slug: str, pattern: str) -> None:
    assert generalise(path, slug, "123") == pattern


def test_relative_path_strips_the_base_and_drops_query_links() -> None:
    assert relative_path("http://x.org/blog/2021/a/", "/blog") == "/2021/a/"
    assert relative_path("http://x.org/blog/?p=12", "/blog") == ""
    assert relative_path("http://x.org/%d8%a7/", "") == "/ا/"


def test_majority_pattern_wins_and_coverage_is_reported() -> None:
    index = [
        post("1", "a", "https://example.com/2021/03/a/"),
        post("2", "b", "https://example.com/2021/04/b/"),
        post("3", "c", "https://example.com/c/"),
        post("4", "d", "https://example.com/?p=4", status="draft"),
    ]
    plan = infer_structure(SITE, index)
    assert plan.patterns["posts"] == "/:year/:month/:slug/"
    assert plan.coverage["posts"] == (2, 3)


def test_numeric_permalinks_fall_back_to_the_default() -> None:
    index = [
        post("1", "a", "https://example.com/?p=1"),
        post("2", "b", "https://example.com/archives/2"),
    ]
    assert infer_structure(SITE, index).patterns["posts"] == "/:year/:month/:slug/"


def test_custom_types_get_their_own_pattern() -> None:
    index = [
        post("9", "w", "https://example.com/work/w/", type="portfolio"),
        post("8", "v", "https://example.com/?portfolio=v", type="book"),
    ]
    plan = infer_structure(SITE, index)
    assert plan.patterns["portfolio"] == "/work/:slug/"
    assert plan.patterns["book"] == "/book/:slug/"


def test_internal_types_get_no_pattern() -> None:
    index = [post("1", "m", "https://example.com/m/", type="nav_menu_item")]
    assert infer_structure(SITE, index).patterns == {"posts": "/:year/:month/:slug/"}


def test_new_url_reproduces_old_links_under_a_base_path() -> None:
    site = Site(link="http://wptest.io/demo")
    index = [
        post("1", "hello", "http://wptest.io/demo/2021/03/11/hello/", date="2021-03-11 23:30:00"),
        post("2", "hello", "http://wptest.io/demo/2022/01/02/hello/"),  # duplicate slug; no date
        post("3", "", "http://wptest.io/demo/?p=3", status="draft", date="2023-05-06 00:00:00"),
    ]
    plan = infer_structure(site, index)
    paths = plan_paths(index, Config())
    # the base path stays part of every URL: public/ mirrors the old paths
    assert new_url(index[0], plan, paths) == "/demo/2021/03/11/hello/"
    assert new_url(index[1], plan, paths) == "/demo/2022/01/02/hello-2/"  # date from the link
    assert new_url(index[2], plan, paths) == "/demo/2023/05/06/post-3/"
    assert new_url(index[2], plan, paths, "2024-07-08 10:00:00") == "/demo/2024/07/08/post-3/"
    pages, _ = hugo_patterns(plan)
    assert pages["posts"] == "/demo/:year/:month/:day/:slug/"
    assert term_patterns(plan)["categories"] == "/demo/category/:slug/"


def test_pages_under_a_base_path_keep_it() -> None:
    site = Site(link="http://wptest.io/demo/")
    index = [
        post("1", "about", "http://wptest.io/demo/about/", type="page"),
        post("2", "team", "http://wptest.io/demo/?page_id=2", type="page", parent="1"),
    ]
    plan = infer_structure(site, index)
    paths = plan_paths(index, Config())
    assert [new_url(e, plan, paths) for e in index] == ["/demo/about/", "/demo/about/team/"]
    assert old_paths(index[0], site) == ["/demo/about/"]


def test_pages_keep_their_hierarchy() -> None:
    index = [
        post("1", "about", "https://example.com/about/", type="page"),
        post("2", "team", "https://example.com/about/team/", type="page", parent="1"),
        post(
            "3", "jobs", "https://example.com/?page_id=3", type="page", parent="2", status="draft"
        ),
    ]
    plan = infer_structure(SITE, index)
    paths = plan_paths(index, Config())
    assert [new_url(e, plan, paths) for e in index] == [
        "/about/",
        "/about/team/",
        "/about/team/jobs/",
    ]


def test_old_paths_include_old_slugs_and_skip_queries() -> None:
    site = Site(link="https://example.com/blog/")
    e = post("1", "new", "https://example.com/blog/2020/01/new/", old=("old", "older"))
    assert old_paths(e, site) == [
        "/blog/2020/01/new/",
        "/blog/2020/01/old/",
        "/blog/2020/01/older/",
    ]
    assert old_paths(post("2", "x", "https://example.com/blog/?p=2"), site) == []


def test_old_paths_add_the_percent_encoded_form_in_lower_case() -> None:
    e = post("1", "%D8%B3%D9%84%D8%A7%D9%85", "https://example.com/fa/%D8%B3%D9%84%D8%A7%D9%85/")
    assert old_paths(e, SITE) == ["/fa/سلام/", "/fa/%d8%b3%d9%84%d8%a7%d9%85/"]
    chinese = post("2", "x", "https://example.com/2012/12/调试nginx.html")
    assert old_paths(chinese, SITE) == [
        "/2012/12/调试nginx.html",
        "/2012/12/%e8%b0%83%e8%af%95nginx.html",
    ]
    assert encoded("/100%-sure/") == "/100%25-sure/"
    assert encoded("/plain-ascii/") == "/plain-ascii/"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("charleso-blog__wordpress.xml", "/:year/:month/:day/:slug/"),
        ("copywriting-blog-pl__wordpress-export.xml", "/:slug/"),
        ("cedricporter__wordpress.xml", "/:year/:month/:slug.html"),
    ],
)
def test_real_exports(corpora: Path, name: str, pattern: str) -> None:
    from wpmigrate.read.wxr import scan

    scanned = scan([corpora / "wxr-real" / name])
    plan = infer_structure(scanned.site, scanned.index)
    assert plan.patterns["posts"] == pattern
    hits, total = plan.coverage["posts"]
    assert total and hits / total > 0.8
    paths = plan_paths(scanned.index, Config())
    checked = 0
    for e in scanned.index:
        old = relative_path(e.link, plan.base_path)
        slug = unquote(e.slug).lower()
        if e.type == "post" and e.status == "publish" and generalise(old, slug, e.id) == pattern:
            assert new_url(e, plan, paths) == old.lower()
            checked += 1
    assert checked == hits
