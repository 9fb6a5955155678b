"""End to end: the sample export becomes a Hugo site that the real ``hugo`` binary builds,
serving every published item at its old URL, hiding what was not public, leaking nothing, and
converting again byte for byte the same."""

from __future__ import annotations

import hashlib
import re
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import unquote

import frontmatter
import lxml.html
import pytest
import yaml

from conftest import SAMPLE, corpus_files, run_hugo
from robust_wxr import Post
from robust_wxr import export as wxr_export
from wpmigrate.cli import run
from wpmigrate.config import Config
from wpmigrate.pipeline import convert_site
from wpmigrate.write.scaffold import layout_files


def build(site: Path, public: Path) -> subprocess.CompletedProcess[str]:
    return run_hugo(site, "--destination", str(public), "--quiet")


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = tmp_path_factory.mktemp("sample") / "site"
    report = convert_site([SAMPLE], site, Config(jobs=1))
    assert report.return_code == 0, report.problems
    public = site.parent / "public"
    done = build(site, public)
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr and "WARN" not in done.stderr, done.stderr
    return site, public


PUBLISHED = [
    "/2021/03/first-light/",
    "/2021/05/long-way-to-kyoto/",
    "/2021/04/coffee-and-code/",
    "/about/",
    "/about/colophon/",
    "/portfolio/harbour-at-dawn/",
    # Term archives: WordPress used the slug ("code" for "Code & Tools") and nested child
    # categories under their parents; Hugo names terms after their name.
    "/category/code/",
    "/category/cafe-culture/",
    "/category/travel/cafe-culture/",
    "/category/travel/",
    "/tag/espresso/",
    # Author archives, at WordPress's slug of the login; and the site feed, for browsers.
    "/author/helene/",
    "/author/jose/",
    "/feed/",
]


@pytest.mark.hugo
@pytest.mark.parametrize("path", PUBLISHED)
def test_old_urls_are_served(sample_site: tuple[Path, Path], path: str) -> None:
    _, public = sample_site
    page = public / path.strip("/") / "index.html"
    assert page.is_file(), f"{path} is not served"


@pytest.mark.hugo
def test_author_pages_and_the_feeds_the_redirects_point_at(tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = convert_site([SAMPLE], site, Config(jobs=2, redirects="netlify"))
    assert report.return_code == 0, report.problems
    done = build(site, tmp_path / "public")
    assert done.returncode == 0 and "WARN" not in done.stderr, done.stderr
    public = tmp_path / "public"
    # The author page lives at the old author address itself: no alias, no hop.
    helene = (public / "author/helene/index.html").read_text(encoding="utf-8")
    assert "<title>Hélène Marchand" in helene and "First light at the harbour" in helene
    rules = (public / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/feed/ /index.xml 301!" in rules
    assert "/author/helene/feed/ /author/helene/index.xml 301!" in rules
    assert "/category/cafe-culture/feed/ /category/travel/cafe-culture/index.xml 301!" in rules
    assert "/2021/03/first-light/feed/ /2021/03/first-light/ 301!" in rules
    # Every feed a rule points at is a file Hugo wrote (decoded, as a server looks it up).
    for rule in rules:
        target = rule.split()[1]
        if target.endswith("index.xml"):
            assert (public / unquote(target).lstrip("/")).is_file(), rule


@pytest.mark.hugo
def test_an_author_archive_lists_posts_only(sample_site: tuple[Path, Path]) -> None:
    # As WordPress's did: the pages and portfolio items she wrote keep her name, unlisted.
    _, public = sample_site
    helene = (public / "author/helene/index.html").read_text(encoding="utf-8")
    assert "First light at the harbour" in helene and "Coffee" in helene
    assert "Harbour at Dawn" not in helene and "/about/" not in helene
    portfolio = (public / "portfolio/harbour-at-dawn/index.html").read_text(encoding="utf-8")
    assert "Hélène Marchand" in portfolio
    listing = (public / "authors/index.html").read_text(encoding="utf-8")
    assert "Hélène Marchand</a> (2)" in listing


@pytest.mark.hugo
def test_the_authors_list_counts_and_orders_by_posts(tmp_path: Path) -> None:
    # Ann wrote one post and three pages; the owner two posts: the owner comes first, (2)
    # against Ann's (1), as their archives list them.
    items = [Post(id="1", slug="ann-post")] + [
        Post(id=str(n), slug=f"ann-page-{n}", type="page") for n in (2, 3, 4)
    ]
    items += [Post(id="5", slug="first"), Post(id="6", slug="second")]
    text = wxr_export(*items)
    for n in range(1, 5):
        item = re.search(rf"<item>(?:(?!</item>).)*<wp:post_id>{n}<", text, re.S)
        assert item
        text = text.replace(item.group(0), item.group(0).replace("[admin]", "[ann]"))
    source = tmp_path / "export.xml"
    source.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    assert convert_site([source], site, Config(jobs=1)).return_code == 0
    assert build(site, tmp_path / "public").returncode == 0
    listing = lxml.html.fromstring((tmp_path / "public/authors/index.html").read_bytes())
    assert [li.text_content() for li in listing.iter("li")] == ["The Owner (2)", "ann (1)"]


@pytest.mark.hugo
def test_pages_show_their_text(sample_site: tuple[Path, Path]) -> None:
    _, public = sample_site
    kyoto = (public / "2021/05/long-way-to-kyoto/index.html").read_text(encoding="utf-8")
    assert "It’s a long way to Kyoto" in kyoto  # title mojibake repaired
    coffee = (public / "2021/04/coffee-and-code/index.html").read_text(encoding="utf-8")
    assert "<pre" in coffee and "rename_roll" in coffee  # [code] shortcode became code
    assert "youtube" in coffee  # the embed became Hugo's youtube shortcode
    first = (public / "2021/03/first-light/index.html").read_text(encoding="utf-8")
    assert "Ilford FP4" in first  # approved comments are rendered
    assert "cheap watches" not in first  # spam is not
    assert "prints of the second photo" not in first  # pending is not


@pytest.mark.hugo
def test_term_pages_keep_the_exact_name_the_description_and_their_posts(
    sample_site: tuple[Path, Path],
) -> None:
    _, public = sample_site
    travel = (public / "category/travel/index.html").read_text(encoding="utf-8")
    assert "Trips near and far, mostly on foot." in travel  # the description the author wrote
    assert "First light at the harbour" in travel  # its posts are listed
    code = (public / "category/code/index.html").read_text(encoding="utf-8")
    assert "<title>Code &amp; Tools" in code  # the name as written, not "Code-Tools"


@pytest.mark.hugo
def test_private_draft_and_protected_are_not_published(sample_site: tuple[Path, Path]) -> None:
    site, public = sample_site
    html = "\n".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    for title in ("Winter light", "Lenses I actually use", "Family trip photos"):
        assert title not in html
    drafts = {
        str(p.relative_to(site)): frontmatter.load(p).get("draft")
        for p in (site / "content").rglob("index.md")
    }
    assert drafts["content/posts/winter-light/index.md"] is True
    assert drafts["content/posts/lenses-i-actually-use/index.md"] is True
    assert drafts["content/posts/family-trip-photos/index.md"] is True


def test_nothing_private_is_written(sample_site: tuple[Path, Path]) -> None:
    site, _ = sample_site
    text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
    )
    assert "lighthouse-1987" not in text  # the post password
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an email address leaked"
    for ip in ("203.0.113.7", "198.51.100.12", "192.0.2.250"):
        assert ip not in text
    assert "_edit_lock" not in text and "mashsb" not in text


def test_internals_are_not_pages(sample_site: tuple[Path, Path]) -> None:
    site, _ = sample_site
    ids = {
        str(frontmatter.load(p).get("wordpress_id"))
        for p in (site / "content").rglob("*.md")
        if p.name == "index.md"
    }
    assert ids == {"10", "11", "12", "13", "14", "15", "30", "31", "40"}


def test_rerun_is_byte_identical_and_check_is_clean(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run(["convert", str(SAMPLE), "-o", str(site), "-q", "-j", "1"]) == 0
    first = tree_hashes(site)
    assert run(["convert", str(SAMPLE), "-o", str(site), "-q", "-j", "1"]) == 0
    assert tree_hashes(site) == first
    assert run(["convert", str(SAMPLE), "-o", str(site), "--check", "-j", "1"]) == 0


def test_toml_front_matter_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run(["convert", str(SAMPLE), "-o", str(site), "-q", "--front-matter", "toml"]) == 0
    page = (site / "content/posts/first-light/index.md").read_text(encoding="utf-8")
    assert page.startswith("+++\n")
    done = build(site, tmp_path / "public")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "public/2021/03/first-light/index.html").is_file()


BLOCK_COMMENT = re.compile(r"<!-- /?wp:")
MOJIBAKE = re.compile(r"â€|Ã[\u00a0-\u00bf]|ðŸ")
FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.S | re.M)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "export", corpus_files("**/*.xml"), ids=lambda p: f"{p.parent.name}/{p.name}"[:60]
)
def test_corpus_converts_without_traceback(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    code = run(["convert", str(export), "-o", str(site), "-q", "-j", "1"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code in (0, 2, 123), err
    if code == 2:
        assert str(export) in err  # a clear error names the file
        return
    for page in (site / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        # Code may show block comments on purpose (the theme test data documents the code
        # block with one); outside code none may survive.
        assert not BLOCK_COMMENT.search(FENCED.sub("", text)), page
        assert not MOJIBAKE.search(text), page


@pytest.mark.hugo
@pytest.mark.corpus
def test_site_under_a_sub_path_keeps_its_home_and_pages(corpora: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export = corpora / "wxr-real" / "poststatus-wptest__wptest.xml"
    assert run(["convert", str(export), "-o", str(site), "-q"]) == 0
    done = build(site, tmp_path / "public")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "public/demo/index.html").is_file()  # the old home
    assert (tmp_path / "public/demo/about/index.html").is_file()  # a page under it


def test_damage_in_the_middle_converts_what_came_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    # Break the fifth post's slug element: posts 10-13 come before it, whole.
    broken = text.replace(
        "<wp:post_name><![CDATA[lenses-i-actually-use]]></wp:post_name>",
        "<wp:post_name><![CDATA[lenses-i-actually-use]]></wp:post_nam>",
    )
    assert broken != text
    export = tmp_path / "damaged.xml"
    export.write_text(broken, encoding="utf-8")
    site = tmp_path / "site"
    code = run(["convert", str(export), "-o", str(site), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 123
    line = next(n for n, s in enumerate(broken.splitlines(), 1) if "</wp:post_nam>" in s)
    assert f"{export}:{line}: the export is damaged" in err
    assert "item 14 'Lenses I actually use'" in err and "missing" in err
    assert "Traceback" not in err
    written = {p.parent.name for p in (site / "content/posts").glob("*/index.md")}
    assert written == {"first-light", "long-way-to-kyoto", "coffee-and-code", "winter-light"}


@pytest.mark.corpus
def test_clean_finds_nothing_to_do_in_converted_output(corpora: Path, tmp_path: Path) -> None:
    # What convert writes is already clean: the two commands agree on what clean means.
    exports = [SAMPLE, corpora / "wxr-real" / "poststatus-wptest__wptest.xml"]
    for n, export in enumerate(exports):
        assert run(["convert", str(export), "-o", str(tmp_path / f"s{n}"), "-q"]) == 0
    contents = [str(tmp_path / f"s{n}" / "content") for n in range(len(exports))]
    assert run(["clean", "--check", "-q", *contents]) == 0


def _old_term_paths(export: Path) -> list[str]:
    """Every category and tag archive path WordPress served, read from the export directly."""
    from urllib.parse import unquote

    from lxml import etree

    wp = "{*}"  # WXR 1.0 to 1.2 use different namespace URIs
    root = etree.parse(str(export)).getroot()
    parents = {
        c.findtext(f"{wp}category_nicename"): c.findtext(f"{wp}category_parent") or ""
        for c in root.iter(f"{wp}category")
    }
    paths = []
    for slug, parent in parents.items():
        if not slug:
            continue  # a term without a slug had no archive URL
        chain = [unquote(slug or "")]
        while parent and len(chain) < 20:
            chain.insert(0, unquote(parent))
            parent = parents.get(parent, "")
        paths += [f"category/{chain[-1]}/", f"category/{'/'.join(chain)}/"]
    tags = [t.findtext(f"{wp}tag_slug") for t in root.iter(f"{wp}tag")]
    paths += [f"tag/{unquote(slug)}/" for slug in tags if slug]
    return sorted(set(paths))


@pytest.mark.corpus
@pytest.mark.hugo
def test_every_old_category_and_tag_url_is_served(corpora: Path, tmp_path: Path) -> None:
    export = corpora / "theme-test-data" / "themeunittestdata.wordpress.xml"
    site, public = tmp_path / "site", tmp_path / "public"
    assert run(["convert", str(export), "-o", str(site), "-q"]) in (0, 1)
    done = run_hugo(site, "--destination", str(public), "--printPathWarnings")
    assert done.returncode == 0, done.stderr
    # Two pages on one address: Hugo keeps one and warns; no archive may be lost that way.
    assert "Duplicate target paths" not in done.stdout + done.stderr
    paths = _old_term_paths(export)
    assert len(paths) > 100  # nested categories, "edge-case-2" for "Edge Case", many tags
    missing = [p for p in paths if not (public / p / "index.html").is_file()]
    assert missing == []


@pytest.mark.hugo
def test_converting_into_a_users_hugo_site_keeps_the_archive_addresses(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "layouts/_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Mine"\n')
    for name in ("single", "list"):
        (site / f"layouts/_default/{name}.html").write_text(
            "{{ .Title }}|{{ range .Pages }}{{ .Title }};{{ end }}"
        )
    (site / "layouts/shortcodes").mkdir()
    for name in ("gallery", "audio", "video"):  # what the user's theme must provide
        (site / f"layouts/shortcodes/{name}.html").write_text("{{ .Inner }}")

    report = convert_site([SAMPLE], site, Config(jobs=1))
    assert report.return_code == 0, report.problems
    assert (site / "hugo.toml").read_text().startswith('baseURL = "https://example.org/"')
    assert not (site / "content/authors").exists()  # the user's config may not declare it
    done = build(site, tmp_path / "public")
    assert done.returncode == 0, done.stderr
    code = (tmp_path / "public/category/code/index.html").read_text(encoding="utf-8")
    assert code.startswith("Code &amp; Tools|") and "Coffee" in code


@pytest.mark.hugo
def test_into_a_users_hugo_site_the_run_says_what_the_site_lacks(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "layouts/_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Mine"\n')
    for name in ("single", "list"):
        (site / f"layouts/_default/{name}.html").write_text("{{ .Title }}|{{ .Content }}")

    warnings = convert_site([SAMPLE], site, Config(jobs=1)).warnings
    assert any("shortcodes gallery," in w for w in warnings), warnings
    advice = [textwrap.dedent(w.split("; add:\n", 1)[1]) for w in warnings if "; add:" in w]
    assert advice == [
        '[permalinks.page]\nportfolio = "/portfolio/:slug/"\nposts = "/:year/:month/:slug/"',
        "[markup.goldmark.renderer]\nunsafe = true",
    ]
    # Doing what the warnings say: the config lines as given, and wpmigrate's gallery shortcode.
    with (site / "hugo.toml").open("a") as handle:
        handle.write("\n".join(advice) + "\n")
    (site / "layouts/shortcodes").mkdir()
    (site / "layouts/shortcodes/gallery.html").write_bytes(
        layout_files()["layouts/shortcodes/gallery.html"]
    )

    assert convert_site([SAMPLE], site, Config(jobs=1)).warnings == []
    done = build(site, tmp_path / "public")
    assert done.returncode == 0, done.stderr
    post = (tmp_path / "public/2021/03/first-light/index.html").read_text(encoding="utf-8")
    assert post.startswith("First light at the harbour|")


def test_a_users_site_that_has_what_the_pages_need_gets_no_warning(tmp_path: Path) -> None:
    # A config/ folder with the permalinks in a file of their own, and a theme that provides
    # the shortcodes.
    site = tmp_path / "site"
    (site / "config/_default").mkdir(parents=True)
    (site / "config/_default/hugo.toml").write_text('baseURL = "https://example.org/"\n')
    (site / "config/_default/permalinks.toml").write_text('[page]\nposts = "/:slug/"\n')
    (site / "config/_default/markup.toml").write_text("[goldmark.renderer]\nunsafe = true\n")
    (site / "themes/mine/layouts/_shortcodes").mkdir(parents=True)
    (site / "themes/mine/layouts/_shortcodes/gallery.html").write_text("{{ .Inner }}")
    assert convert_site([SAMPLE], site, Config(jobs=1)).warnings == []


def test_the_advice_is_written_as_the_users_config_is(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "hugo.yaml").write_text("baseURL: https://example.org/\n")
    warnings = convert_site([SAMPLE], site, Config(jobs=1)).warnings
    advice = [yaml.safe_load(textwrap.dedent(w.split("; add:\n")[1])) for w in warnings[1:]]
    assert advice[0]["permalinks"]["page"]["posts"] == "/:year/:month/:slug/"
    assert advice[1] == {"markup": {"goldmark": {"renderer": {"unsafe": True}}}}


def test_pages_set_their_text_direction_from_the_content(sample_site: tuple[Path, Path]) -> None:
    _, public = sample_site
    page = lxml.html.fromstring((public / "2021/04/coffee-and-code/index.html").read_bytes())
    assert page.xpath("//article/@dir") == ["auto"]  # a Persian or Hebrew post reads right to left
    text = (public / "2021/04/coffee-and-code/index.html").read_text(encoding="utf-8")
    # a video pasted as a URL is the player alone, not the player and the URL again
    assert "youtube.com/embed/aqz-KE-bpKQ" in text and "watch?v=aqz-KE-bpKQ" not in text
    home = lxml.html.fromstring((public / "index.html").read_bytes())
    assert home.xpath("//main//li/@dir") and set(home.xpath("//main//li/@dir")) == {"auto"}
