"""Output paths: safe, bounded, unique, deterministic slugs; nothing lost; never outside SITE."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wpmigrate.config import Config
from wpmigrate.errors import OutputError
from wpmigrate.model import IndexEntry
from wpmigrate.write.atomic import inside
from wpmigrate.write.paths import (
    check_relative,
    clean_slug,
    content_folder,
    plan,
    plan_paths,
    title_slug,
)

CFG = Config()


def entry(
    item_id: str, slug: str = "", title: str = "", type_: str = "post", status: str = "publish"
) -> IndexEntry:
    return IndexEntry(item_id, type_, slug, status, "0", "", title)


def test_each_type_gets_its_folder() -> None:
    paths = plan_paths(
        [
            entry("1", "hello"),
            entry("2", "about", type_="page"),
            entry("3", "x", type_="portfolio"),
        ],
        CFG,
    )
    assert paths == {
        "1": "content/posts/hello/index.md",
        "2": "content/pages/about/index.md",
        "3": "content/portfolio/x/index.md",
    }


@pytest.mark.parametrize(
    ("type_", "status"),
    [
        ("attachment", "inherit"),
        ("revision", "inherit"),
        ("nav_menu_item", "publish"),
        ("post", "trash"),
        ("post", "auto-draft"),
    ],
)
def test_non_convertible_items_get_no_path(type_: str, status: str) -> None:
    assert plan_paths([entry("1", "x", type_=type_, status=status)], CFG) == {}


def test_drafts_and_private_items_do_get_a_path() -> None:
    index = [entry("1", "a", status="draft"), entry("2", "b", status="private")]
    assert set(plan_paths(index, CFG)) == {"1", "2"}


def test_custom_type_cannot_take_a_reserved_folder() -> None:
    assert content_folder("posts") == "posts-type"
    assert content_folder("tags") == "tags-type"
    assert content_folder("jetpack-portfolio") == "jetpack-portfolio"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hello-world", "hello-world"),
        ("%d8%b3%d9%84%d8%a7%d9%85", "سلام"),  # Persian, percent-encoded as WordPress stores it
        ("%e4%bd%a0%e5%a5%bd", "你好"),
        ("Mixed-Case", "mixed-case"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("nul\x00byte", "nul-byte"),
        ("con", "con-page"),
        ("NUL", "nul-page"),
        ("com1.txt", "com1-page.txt"),
        ("..", ""),
        ("...", ""),
        ("%ff%fe", ""),  # not UTF-8: replaced, then nothing left
        ("a%e2%80%8cb", "ab"),  # ZWNJ (a format character) is dropped, as Hugo does
        ("what?#x", "what-x"),
    ],
)
def test_clean_slug(raw: str, expected: str) -> None:
    assert clean_slug(raw) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Café déjà vu", "cafe-deja-vu"),
        ("Straße & Œuvre", "strasse-oeuvre"),
        ("Привет, мир!", "привет-мир"),
        ("你好，世界", "你好-世界"),
        ("  — ", ""),
        ("Łódź 2021", "lodz-2021"),
    ],
)
def test_title_slug_transliterates_latin_and_keeps_other_scripts(title: str, expected: str) -> None:
    assert title_slug(title) == expected


def test_missing_slug_falls_back_to_title_then_type_and_id() -> None:
    result = plan([entry("5", "", "Ünïcode Title"), entry("7", "", "")], CFG)
    assert result.paths["5"] == "content/posts/unicode-title/index.md"
    assert result.paths["7"] == "content/posts/post-7/index.md"
    assert {n.item_id for n in result.notes} == {"5", "7"}


def test_slug_is_bounded_without_cutting_a_character() -> None:
    cfg = Config(slug_max_bytes=21)
    slug = plan_paths([entry("1", "é" * 50)], cfg)["1"].split("/")[2]
    assert slug == "é" * 10
    assert len(slug.encode()) <= 21


def test_duplicates_are_disambiguated_by_id_order_and_none_lost() -> None:
    index = [entry("30", "hello"), entry("4", "hello"), entry("12", "Hello"), entry("9", "hello-2")]
    paths = plan_paths(index, CFG)
    slugs = {k: v.split("/")[2] for k, v in paths.items()}
    # the lowest id keeps the slug, a natural "hello-2" keeps its own, the rest follow by id
    assert slugs == {"4": "hello", "9": "hello-2", "12": "hello-3", "30": "hello-4"}
    assert plan_paths(list(reversed(index)), CFG) == paths


def test_duplicates_in_different_folders_do_not_clash() -> None:
    paths = plan_paths([entry("1", "x"), entry("2", "x", type_="page")], CFG)
    assert paths["1"].endswith("/x/index.md") and paths["2"].endswith("/x/index.md")


def test_disambiguated_slug_still_respects_the_bound() -> None:
    cfg = Config(slug_max_bytes=10)
    paths = plan_paths([entry("1", "abcdefghij"), entry("2", "abcdefghij")], cfg)
    assert paths["2"] == "content/posts/abcdefgh-2/index.md"


@pytest.mark.parametrize("rel", ["", "/etc/x", "a/../b", "a//b", "a\\b", "a\x00b", "./a"])
def test_check_relative_refuses_escapes(rel: str) -> None:
    with pytest.raises(OutputError):
        check_relative(rel)


_SLUG_CHARS = st.characters(blacklist_categories=("Cs",))
_ENTRIES = st.lists(
    st.tuples(st.text(_SLUG_CHARS, max_size=40), st.text(_SLUG_CHARS, max_size=40)),
    max_size=25,
)
_SAFE = re.compile(r"content/[^/\\\x00]+/[^/\\\x00]+/index\.md")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_ENTRIES)
def test_any_index_gives_unique_safe_bounded_paths(
    tmp_path: Path, raw: list[tuple[str, str]]
) -> None:
    cfg = Config(slug_max_bytes=24)
    index = [entry(str(i), slug, title) for i, (slug, title) in enumerate(raw)]
    paths = plan_paths(index, cfg)
    assert set(paths) == {e.id for e in index}  # none lost
    assert len({p.casefold() for p in paths.values()}) == len(paths)  # unique, any file system
    for rel in paths.values():
        assert _SAFE.fullmatch(rel), rel
        slug = rel.split("/")[2]
        assert slug not in (".", "..") and len(slug.encode()) <= 24
        assert slug.split(".")[0] not in ("con", "nul", "aux", "prn")
        assert inside(tmp_path, rel).is_relative_to(tmp_path.resolve())


def test_paths_of_real_exports(corpora: Path) -> None:
    from wpmigrate.read.wxr import scan

    for export in sorted(corpora.glob("wxr-real/*.xml")):
        index = scan([export]).index
        paths = plan_paths(index, CFG)
        assert len(set(paths.values())) == len(paths), export.name
        assert all(_SAFE.fullmatch(p) for p in paths.values()), export.name
        posts = [e for e in index if e.type == "post" and e.status == "publish"]
        assert all(e.id in paths for e in posts), export.name
