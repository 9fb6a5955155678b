"""Site writer (manifest, modes, atomic writes, symlinks), scaffold, and a real Hugo build."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from conftest import run_hugo
from wpmigrate.config import Config
from wpmigrate.errors import OutputError
from wpmigrate.media import MediaIndex
from wpmigrate.model import Author, Comment, IndexEntry, Item, Site, Term
from wpmigrate.write.frontmatter import build_front_matter, comments_file, render_page
from wpmigrate.write.hugo import JOURNAL, MANIFEST, SiteWriter, load_manifest
from wpmigrate.write.paths import bundle_slug, plan_paths
from wpmigrate.write.permalinks import infer_structure, new_url, old_paths
from wpmigrate.write.scaffold import existing_config, hugo_config, scaffold_files, write_scaffold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CFG = Config()


def write(root: Path, files: dict[str, bytes], cfg: Config = CFG, mode: str = "write") -> list[str]:
    writer = SiteWriter(root, cfg, mode)
    statuses = [writer.put(rel, data).status for rel, data in files.items()]
    writer.finish()
    return statuses


def test_write_then_rerun_is_unchanged_and_leaves_mtime(tmp_path: Path) -> None:
    assert write(tmp_path, {"content/a.md": b"one\n"}) == ["written"]
    target = tmp_path / "content/a.md"
    os.utime(target, (1_000_000, 1_000_000))
    assert write(tmp_path, {"content/a.md": b"one\n"}) == ["unchanged"]
    assert target.stat().st_mtime == 1_000_000
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["files"] == {"content/a.md": __import__("hashlib").sha256(b"one\n").hexdigest()}
    assert write(tmp_path, {"content/a.md": b"two\n"}) == ["written"]
    assert target.read_bytes() == b"two\n"


def test_written_files_are_plain_and_no_temp_file_is_left(tmp_path: Path) -> None:
    write(tmp_path, {"a/b/c.md": b"x"})
    assert (tmp_path / "a/b/c.md").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in (tmp_path / "a/b").iterdir()) == ["c.md"]


def test_edited_file_is_skipped_unless_forced(tmp_path: Path) -> None:
    write(tmp_path, {"p.md": b"ours\n"})
    (tmp_path / "p.md").write_bytes(b"edited by hand\n")
    assert write(tmp_path, {"p.md": b"new\n"}) == ["skipped-edited"]
    assert (tmp_path / "p.md").read_bytes() == b"edited by hand\n"
    assert write(tmp_path, {"p.md": b"new\n"}, Config(force=True)) == ["written"]
    assert (tmp_path / "p.md").read_bytes() == b"new\n"


def test_files_wpmigrate_did_not_write_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_bytes(b"user's\n")
    (tmp_path / "same.md").write_bytes(b"same\n")
    assert write(tmp_path, {"mine.md": b"other\n", "same.md": b"same\n"}) == [
        "skipped-edited",
        "unchanged",
    ]
    assert (tmp_path / "mine.md").read_bytes() == b"user's\n"
    # an identical file is adopted: the next change to it is wpmigrate's to make
    assert write(tmp_path, {"same.md": b"changed\n"}) == ["written"]


@pytest.mark.parametrize("mode", ["check", "diff", "dry-run"])
def test_non_write_modes_touch_nothing(tmp_path: Path, mode: str) -> None:
    write(tmp_path, {"old.md": b"a\nb\n"})
    before = (tmp_path / MANIFEST).read_bytes()
    writer = SiteWriter(tmp_path, CFG, mode)
    changed = writer.put("old.md", b"a\nc\n")
    new = writer.put("new.md", b"fresh\n")
    writer.finish()
    assert (changed.status, new.status) == ("would-change", "would-write")
    assert not (tmp_path / "new.md").exists()
    assert (tmp_path / "old.md").read_bytes() == b"a\nb\n"
    assert (tmp_path / MANIFEST).read_bytes() == before
    if mode == "diff":
        assert changed.diff.startswith("--- a/old.md\n+++ b/old.md\n")
        assert "-b\n+c\n" in changed.diff
        assert "+fresh\n" in new.diff
    else:
        assert changed.diff == new.diff == ""


def test_diff_of_binary_content(tmp_path: Path) -> None:
    result = SiteWriter(tmp_path, CFG, "diff").put("img.jpg", b"\xff\xd8\xff")
    assert result.diff == "Binary files a/img.jpg and b/img.jpg differ\n"


def test_put_text_writes_utf8_with_lf(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path, CFG, "write")
    writer.put_text("t.md", "é\r\nx\ry\n")
    assert (tmp_path / "t.md").read_bytes() == "é\nx\ny\n".encode()


def test_symlink_out_of_the_site_is_refused(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (site / "content").symlink_to(outside)
    (site / "evil.md").symlink_to(outside / "target.md")
    writer = SiteWriter(site, CFG, "write")
    for rel in ("content/x.md", "evil.md"):
        with pytest.raises(OutputError, match="outside the site"):
            writer.put(rel, b"x")
    assert list(outside.iterdir()) == []


def test_a_symlinked_file_in_a_folder_already_written_to_is_refused(tmp_path: Path) -> None:
    # Folders are resolved once per run; the file itself must still be checked every time.
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    writer = SiteWriter(site, CFG, "write")
    writer.put("content/a.md", b"a")
    (site / "content" / "b.md").symlink_to(outside / "target.md")
    with pytest.raises(OutputError, match="outside the site"):
        writer.put("content/b.md", b"b")
    assert list(outside.iterdir()) == []


def test_a_symlinked_folder_under_a_folder_already_written_to_is_refused(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    writer = SiteWriter(site, CFG, "write")
    writer.put("content/posts/a/index.md", b"a")
    (site / "content" / "posts" / "evil").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="outside the site"):
        writer.put("content/posts/evil/index.md", b"b")
    assert list(outside.iterdir()) == []


def test_a_folder_swapped_for_a_symlink_mid_run_is_refused(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    writer = SiteWriter(site, CFG, "write")
    writer.put("content/a/x.md", b"x")
    (site / "content" / "a" / "x.md").unlink()
    (site / "content" / "a").rmdir()
    (site / "content" / "a").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="outside the site"):
        writer.put("content/a/y.md", b"y")
    assert list(outside.iterdir()) == []


def test_symlink_inside_the_site_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "content").symlink_to(tmp_path / "real")
    assert write(tmp_path, {"content/x.md": b"x"}) == ["written"]
    assert (tmp_path / "real/x.md").read_bytes() == b"x"


@pytest.mark.parametrize("rel", ["../x.md", "/etc/x", "a/../../x", "a\\b"])
def test_escaping_paths_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(OutputError):
        SiteWriter(tmp_path, CFG, "write").put(rel, b"x")


def test_one_file_twice_in_a_run_is_a_bug(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path, CFG, "write")
    writer.put("a.md", b"x", item_id="1")
    with pytest.raises(OutputError, match="two outputs"):
        writer.put("a.md", b"y", item_id="2")


def test_unreadable_manifest_is_an_error_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / ".wpmigrate").mkdir()
    (tmp_path / MANIFEST).write_text("{not json")
    with pytest.raises(OutputError) as err:
        SiteWriter(tmp_path, CFG, "write")
    assert err.value.hint and "delete" in err.value.hint


def test_unvisited_lists_files_of_earlier_runs(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": b"a", "b.md": b"b"})
    writer = SiteWriter(tmp_path, CFG, "write")
    writer.put("a.md", b"a")
    assert writer.unvisited() == ["b.md"]


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="dry-run"):
        SiteWriter(Path("."), CFG, "overwrite")


# --- scaffold ------------------------------------------------------------------------------


SITE = Site(
    title='Notes "from" the field',
    link="https://example.com/blog/",
    description="A blog",
    language="en-GB",
    authors={"ann": Author("ann", "Ann Example")},
    terms=[
        Term("category", "news", "News"),
        Term("genre", "sci-fi", "Sci-Fi"),
        Term("nav_menu", "main", "Main"),
    ],
)


def test_hugo_config() -> None:
    index = [IndexEntry("1", "post", "a", "publish", "0", "https://example.com/blog/2021/03/a/")]
    config = tomllib.loads(hugo_config(SITE, infer_structure(SITE, index)))
    assert config["baseURL"] == "https://example.com/"  # the base path is in every URL
    assert config["title"] == SITE.title
    assert config["locale"] == "en-GB"
    assert config["taxonomies"] == {
        "category": "categories",
        "tag": "tags",
        "author": "authors",
        "genre": "genre",
    }
    assert config["permalinks"]["page"] == {"posts": "/blog/:year/:month/:slug/"}
    assert config["permalinks"]["term"] == {
        "categories": "/blog/category/:slug/",
        "tags": "/blog/tag/:slug/",
    }
    assert config["markup"]["goldmark"]["renderer"]["unsafe"] is True


def test_scaffold_ships_layouts_and_shortcodes() -> None:
    files = scaffold_files(SITE, infer_structure(SITE, []), CFG)
    for name in ("baseof", "single", "list", "terms"):
        assert f"layouts/_default/{name}.html" in files
    for name in ("gallery", "audio", "video"):
        assert f"layouts/shortcodes/{name}.html" in files
    assert "layouts/index.html" in files
    assert b"markdownify" in files["layouts/shortcodes/gallery.html"]


def test_scaffold_is_not_written_over_a_users_config(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("title: mine\n")
    writer = SiteWriter(tmp_path, Config(force=True), "write")
    assert existing_config(tmp_path) == "config.yaml"
    results = write_scaffold(writer, scaffold_files(SITE, infer_structure(SITE, []), CFG))
    # Only the category and tag pages (old archive addresses): no config, layouts or home.
    assert [(r.path, r.status) for r in results] == [
        ("content/categories/news/_index.md", "written")
    ]
    assert not (tmp_path / "hugo.toml").exists()
    assert not (tmp_path / "layouts").exists()


def test_scaffold_never_overwrites_a_users_layout(tmp_path: Path) -> None:
    layout = tmp_path / "layouts/_default/single.html"
    layout.parent.mkdir(parents=True)
    layout.write_text("mine")
    writer = SiteWriter(tmp_path, Config(force=True), "write")
    results = write_scaffold(writer, scaffold_files(SITE, infer_structure(SITE, []), CFG))
    writer.finish()
    status = {r.path: r.status for r in results}
    assert status["layouts/_default/single.html"] == "skipped-edited"
    assert status["hugo.toml"] == "written"
    assert layout.read_text() == "mine"
    # a rerun finds its own config and refreshes nothing
    again = SiteWriter(tmp_path, CFG, "write")
    results = write_scaffold(again, scaffold_files(SITE, infer_structure(SITE, []), CFG))
    assert {r.status for r in results} == {"unchanged", "skipped-edited"}


# --- real Hugo -----------------------------------------------------------------------------


ITEMS = [
    Item(
        "10",
        "post",
        "1e3",
        "first-light",
        "publish",
        "https://example.com/blog/2021/03/first-light/",
        date="2021-03-11 09:00:00",
        date_gmt="2021-03-11 08:00:00",
        creator="ann",
        terms=[
            Term("category", "news", "News"),
            Term("post_tag", "sky", "Sky"),
            Term("genre", "sci-fi", "Sci-Fi"),
        ],
        content="Intro.\n\n{{< gallery >}}\n![a](https://example.com/a.jpg)\n{{< /gallery >}}\n\n"
        '{{< audio src="https://example.com/a.mp3" >}}\n\n'
        '{{< video src="https://example.com/v.mp4" poster="https://example.com/p.jpg" >}}\n\n'
        '<div class="raw">raw html</div>\n',
        comments=[
            Comment("1", "Bob", "2021-03-12 10:00:00", "2021-03-12 09:00:00", "Nice one", "1"),
            Comment("2", "Spam", "2021-03-12 10:00:00", "", "buy pills", "spam"),
        ],
    ),
    Item(
        "11",
        "post",
        "yes",
        "%d8%b3%d9%84%d8%a7%d9%85",
        "publish",
        "https://example.com/blog/2021/04/%d8%b3%d9%84%d8%a7%d9%85/",
        date="2021-04-01 10:00:00",
        date_gmt="2021-04-01 06:30:00",
        content="سلام",
    ),
    Item(
        "12",
        "post",
        "Moved",
        "new-name",
        "publish",
        "https://example.com/blog/2020/01/new-name/",
        date="2020-01-05 10:00:00",
        date_gmt="2020-01-05 10:00:00",
        content="moved",
    ),
    Item(
        "13",
        "post",
        "Unpublished",
        "",
        "draft",
        "https://example.com/blog/?p=13",
        date="2021-05-01 10:00:00",
        date_gmt="0000-00-00 00:00:00",
        content="secret draft",
    ),
    Item("20", "page", "About", "about", "publish", "https://example.com/blog/about/", content="a"),
    Item(
        "21",
        "page",
        "Team",
        "team",
        "publish",
        "https://example.com/blog/about/team/",
        parent="20",
        content="t",
    ),
    Item(
        "30",
        "portfolio",
        "0o17",
        "work",
        "publish",
        "https://example.com/blog/work/work.html",
        content="w",
    ),
]
OLD_SLUGS = {"12": ("old-name",)}


def build_site(root: Path) -> dict[str, str]:
    """Write ITEMS into ``root`` with the writer's API; item id -> new URL."""
    index = [
        IndexEntry(
            i.id,
            i.type,
            i.slug,
            i.status,
            i.parent,
            i.link,
            i.title,
            OLD_SLUGS.get(i.id, ()),
            i.date,
        )
        for i in ITEMS
    ]
    paths = plan_paths(index, CFG)
    plan = infer_structure(SITE, index)
    writer = SiteWriter(root, CFG, "write")
    write_scaffold(writer, scaffold_files(SITE, plan, CFG))
    urls = {}
    for item, entry in zip(ITEMS, index, strict=True):
        urls[item.id] = url = new_url(entry, plan, paths)
        front = build_front_matter(
            item,
            SITE,
            url,
            old_paths(entry, SITE),
            MediaIndex(),
            CFG,
            slug=bundle_slug(paths[item.id]),
        )
        writer.put_text(paths[item.id], render_page(front, item.content, CFG.front_matter))
        extra = comments_file(item)
        if extra:
            writer.put(*extra)
    writer.finish()
    return urls


@pytest.mark.hugo
def test_real_hugo_builds_the_site_cleanly(tmp_path: Path) -> None:
    urls = build_site(tmp_path)
    run = run_hugo(tmp_path, "--panicOnWarning", timeout=120)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log
    assert not re.search(r"\b(WARN|ERROR)\b", log), log
    public = tmp_path / "public"

    def page(item_id: str) -> str:
        url = urls[item_id]
        target = public / url.strip("/")
        return (target if url.endswith(".html") else target / "index.html").read_text()

    assert urls["10"] == "/blog/2021/03/first-light/"
    assert urls["11"] == "/blog/2021/04/سلام/"
    assert urls["21"] == "/blog/about/team/"
    assert urls["30"] == "/blog/work/work.html"
    first = page("10")
    assert "<h1>1e3</h1>" in first
    assert '<div class="gallery" style="grid-template-columns: repeat(3, 1fr)">' in first
    assert '<img src="https://example.com/a.jpg"' in first
    assert '<audio controls preload="none" src="https://example.com/a.mp3">' in first
    assert 'poster="https://example.com/p.jpg"' in first
    assert '<div class="raw">raw html</div>' in first
    assert "Nice one" in first and "buy pills" not in first
    assert "<h1>yes</h1>" in page("11")
    assert "<h1>0o17</h1>" in page("30")
    assert "<h1>Team</h1>" in page("21")
    assert not (public / "blog/2021/05").exists()  # drafts are not published
    # the percent-encoded old path is served too, as written (S3-like stores do not decode)
    assert (public / "blog/2021/04/%d8%b3%d9%84%d8%a7%d9%85/index.html").is_file()
    redirect = (public / "blog/2020/01/old-name/index.html").read_text()
    assert 'http-equiv="refresh"' in redirect
    assert "https://example.com/blog/2020/01/new-name/" in redirect
    assert (public / "blog/category/news/index.html").exists()
    # a second run changes nothing
    before = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "public" not in p.parts
    }
    build_site(tmp_path)
    after = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "public" not in p.parts
    }
    assert after == before


def test_force_never_overwrites_a_file_wpmigrate_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_bytes(b"user's\n")
    assert write(tmp_path, {"mine.md": b"ours\n"}, Config(force=True)) == ["skipped-edited"]
    assert (tmp_path / "mine.md").read_bytes() == b"user's\n"


def test_a_run_killed_before_finish_is_known_from_its_journal(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path, CFG, "write")
    writer.put("a.md", b"one\n")
    writer.put("b.md", b"two\n")  # killed here: no finish, no manifest
    assert not (tmp_path / MANIFEST).exists()
    (tmp_path / "b.md").write_bytes(b"edited after the crash\n")
    # a rerun with other content: a.md is known as wpmigrate's, b.md as edited since
    assert write(tmp_path, {"a.md": b"ONE\n", "b.md": b"TWO\n"}) == ["written", "skipped-edited"]
    assert write(tmp_path, {"b.md": b"TWO\n"}, Config(force=True)) == ["written"]
    assert not (tmp_path / JOURNAL).exists()
    assert set(json.loads((tmp_path / MANIFEST).read_text())["files"]) == {"a.md", "b.md"}


def test_a_journal_line_cut_by_the_interruption_is_ignored(tmp_path: Path) -> None:
    digest = "0" * 64
    (tmp_path / ".wpmigrate").mkdir()
    (tmp_path / JOURNAL).write_text(f"{digest} whole.md\n{digest} cut/pa", encoding="utf-8")
    assert load_manifest(tmp_path) == {"whole.md": digest}


def test_temp_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    stale = tmp_path / "a" / ".c.md.k2j4_x.tmp"
    stale.write_bytes(b"half a fi")
    users = tmp_path / "a" / ".notes.tmp"
    users.write_bytes(b"not ours")
    write(tmp_path, {"a/c.md": b"whole\n"})
    assert not stale.exists() and users.exists()
    assert (tmp_path / "a/c.md").read_bytes() == b"whole\n"


def test_term_pages_serve_each_archive_at_its_old_address() -> None:
    from wpmigrate.write.terms import archives, term_pages

    terms = [
        Term("category", "edge-case-2", "Edge Case", description="Tests at the edges."),
        Term("category", "parent", "Parent"),
        Term("category", "child-1", "Child 1", parent="parent"),
        Term("category", "foo-a", "Foo A"),
        Term("category", "foo-a-foo-parent", "Foo A", parent="parent"),  # same name: one term
        Term("post_tag", "wordpress", "WordPress"),
        Term("post_tag", "%e4%b8%ad%e6%96%87", "中文"),
        Term("post_tag", "", "No Slug"),  # plain RSS categories: WordPress made the slug
        Term("post_tag", "con", "Con"),  # a Windows device name, as name and slug: no page
        Term("post_tag", "x", "a\\b"),  # no backslash in a folder: listed by its slug
        Term("post_tag", "dots", ".."),
        Term("post_tag", "star-wars", "Star Wars: Episode I"),  # no ":" on Windows either
        Term("series", "s1", "Series one"),  # custom taxonomy: its old URLs are not known
    ]
    found = archives(terms, {}, "/blog", ("category", "topic"))
    pages = term_pages(found, "yaml")
    assert sorted(pages) == [
        "content/categories/child-1/_index.md",
        "content/categories/edge-case/_index.md",
        "content/categories/foo-a/_index.md",
        "content/categories/parent/_index.md",
        "content/tags/dots/_index.md",
        "content/tags/no-slug/_index.md",
        "content/tags/star-wars/_index.md",
        "content/tags/wordpress/_index.md",
        "content/tags/x/_index.md",
        "content/tags/中文/_index.md",
    ]
    # Listed by slug, shown by name.
    assert (
        pages["content/tags/x/_index.md"]
        .decode()
        .startswith("---\ntitle: a\\b\nurl: /blog/topic/x/")
    )
    star = pages["content/tags/star-wars/_index.md"].decode()
    assert star.startswith("---\ntitle: 'Star Wars: Episode I'\nurl: /blog/topic/star-wars/")
    assert pages["content/categories/edge-case/_index.md"].decode() == (
        "---\ntitle: Edge Case\nurl: /blog/category/edge-case-2/\n---\n\nTests at the edges.\n"
    )
    # A child lives at WordPress's nested address, its flat one an alias.
    child = pages["content/categories/child-1/_index.md"].decode()
    assert "url: /blog/category/parent/child-1/\naliases:\n- /blog/category/child-1/\n" in child
    foo = pages["content/categories/foo-a/_index.md"].decode()
    assert "url: /blog/category/foo-a/\n" in foo
    assert "- /blog/category/foo-a-foo-parent/\n" in foo
    assert "- /blog/category/parent/foo-a-foo-parent/\n" in foo
    assert pages["content/tags/wordpress/_index.md"].decode() == (
        "---\ntitle: WordPress\nurl: /blog/topic/wordpress/\n---\n"
    )
    # Decoded as a decoding server looks it up; as WordPress encoded it, for the others.
    chinese = pages["content/tags/中文/_index.md"].decode()
    assert "url: /blog/topic/中文/\naliases:\n- /blog/topic/%e4%b8%ad%e6%96%87/\n" in chinese
    assert "url: /blog/topic/no-slug/" in pages["content/tags/no-slug/_index.md"].decode()
    toml = term_pages(archives(terms[:1], {}, "", ("category", "tag")), "toml")
    assert (
        toml["content/categories/edge-case/_index.md"]
        .decode()
        .startswith('+++\ntitle = "Edge Case"\nurl = "/category/edge-case-2/"\n')
    )


def test_author_pages_serve_the_old_author_address() -> None:
    from wpmigrate.model import Author
    from wpmigrate.write.terms import archives, term_pages

    authors = {
        "jane@example.com": Author("jane@example.com", "Jane Q. Doe"),
        "admin": Author("admin", "admin"),
        "ghost": Author("ghost", "   "),  # no display name: the login is the name
    }
    pages = term_pages(archives([], authors, "/blog", ("category", "tag")), "yaml")
    assert sorted(pages) == [
        "content/authors/admin/_index.md",
        "content/authors/ghost/_index.md",
        "content/authors/jane-q.-doe/_index.md",
    ]
    jane = pages["content/authors/jane-q.-doe/_index.md"].decode()
    assert jane.startswith("---\ntitle: Jane Q. Doe\nurl: /blog/author/janeexample-com/\n")
    assert "url: /blog/author/admin/\n" in pages["content/authors/admin/_index.md"].decode()


def test_the_home_page_answers_the_old_feed_url_for_browsers() -> None:
    from wpmigrate.write.scaffold import home_page

    assert home_page("") == b"---\naliases:\n- /feed/\n---\n"
    assert home_page("/blog") == b"---\naliases:\n- /blog/\n- /blog/feed/\n---\n"


def test_an_address_is_given_to_one_archive_only() -> None:
    from wpmigrate.write.terms import archive_links, archives

    authors = {
        "john.doe": Author("john.doe", "John Doe"),  # nicename john-doe
        "john-doe": Author("john-doe", "Johnny"),  # nicename john-doe too
        ">themereviewteam": Author(">themereviewteam", ""),  # a writer without a record
        "themereviewteam": Author("themereviewteam", "Theme Review Team"),
    }
    found = archives([], authors, "", ("category", "tag"))
    urls = [a.url for a in found]
    assert len(urls) == len(set(urls))
    by_title = {a.title: a.url for a in found}
    assert by_title["Johnny"] == "/author/john-doe/"  # logins in order: "john-doe" first
    assert "John Doe" not in by_title  # its only address was taken: Hugo's own address
    # An author with a record wins over a writer the export only names.
    assert by_title["Theme Review Team"] == "/author/themereviewteam/"
    links = archive_links(found)
    assert all(links[a.url] == a.url for a in found)  # no alias overrides a page's address


@pytest.mark.parametrize(
    ("name", "slug", "listed"),
    [
        ("Tokyo Sightseeing", "tokyo", "Tokyo Sightseeing"),
        ("東京\u3000観光", "tokyo", "東京\u3000観光"),  # only U+0020 becomes "-" in Hugo's key
        ("tab\there", "tab-here", "tab-here"),  # a control character: listed by slug
        ("Star Wars: Episode I", "star-wars", "star-wars"),  # ":" cannot be a Windows folder
        ("л" * 130, "%d0%bb" * 10, "л" * 10),  # 260 bytes: too long for a folder
        ("con", "con", "con"),  # no way to file it: Hugo's own address
    ],
)
def test_terms_are_listed_by_a_value_hugo_can_file(name: str, slug: str, listed: str) -> None:
    from wpmigrate.write.termkey import listed_value

    assert listed_value(name, slug) == listed
