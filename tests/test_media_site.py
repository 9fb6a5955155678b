"""End to end: the sample with its uploads folder becomes a site whose bundles hold every image
the posts use, that the real ``hugo`` renders, where every old URL is served and body links
point at the new pages; ``--download`` fetches from a local server; redirect maps are built."""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import frontmatter
import pytest

from conftest import FIXTURES, SAMPLE, corpus_files, run_hugo
from wpmigrate.config import Config
from wpmigrate.model import NoteKind
from wpmigrate.pipeline import convert_site
from wpmigrate.read.wxr import scan

OLD_HOST = "https://fieldnotes.example.com"


def build(site: Path) -> Path:
    public = site.parent / f"{site.name}-public"
    done = run_hugo(site, "--destination", str(public), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    return public


def served(public: Path, link: str) -> bool:
    """What a static server does with the old link's path: a folder's index.html or a file."""
    path = urlsplit(link).path.strip("/")
    return (public / path / "index.html").is_file() or (public / path).is_file()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("media") / "site"
    cfg = Config(jobs=1, uploads=FIXTURES / "uploads", redirects="netlify")
    report = convert_site([SAMPLE], out, cfg)
    assert report.return_code == 0, report.problems
    notes = [f"{n.kind.value}: {n.message}" for r in report.items for n in r.notes]
    return out, notes


def test_every_referenced_image_lands_in_its_bundle(site: tuple[Path, list[str]]) -> None:
    out, notes = site
    posts = out / "content/posts"
    assert (posts / "first-light/harbour-dawn.jpg").read_bytes() == (
        FIXTURES / "uploads/2021/03/harbour-dawn.jpg"
    ).read_bytes()  # the original, not the 300x200 variant the post shows
    assert (posts / "coffee-and-code/espresso.png").is_file()
    assert (out / "content/portfolio/harbour-at-dawn/harbour-dawn.jpg").is_file()
    assert not list(out.rglob("*-300x200.jpg"))
    assert any("missing-media" in n and "kyoto-lanterns.jpg" in n for n in notes)
    body = (posts / "first-light/index.md").read_text()
    assert "wp-content/uploads" not in body
    page = frontmatter.loads(body)
    assert page["featured_image"] == "harbour-dawn.jpg"
    assert page["images"] == ["harbour-dawn.jpg"] and page["cover"] == {"image": "harbour-dawn.jpg"}


def test_missing_media_keeps_its_old_url(site: tuple[Path, list[str]]) -> None:
    body = (site[0] / "content/posts/long-way-to-kyoto/index.md").read_text()
    assert f"{OLD_HOST}/wp-content/uploads/2021/05/kyoto-lanterns.jpg" in body


def test_body_links_to_old_urls_are_rewritten(site: tuple[Path, list[str]]) -> None:
    out = site[0]
    kyoto = (out / "content/posts/long-way-to-kyoto/index.md").read_text()
    assert "[the harbour post](/2021/03/first-light/)" in kyoto
    assert "[Coffee & Code](/2021/04/coffee-and-code/)" in kyoto  # was /?p=12
    about = (out / "content/pages/about/index.md").read_text()
    assert "[colophon](/about/colophon/)" in about
    for page in (out / "content").rglob("index.md"):
        for url in re.findall(r"https?://fieldnotes\.example\.com[^\s)\"]*", page.read_text()):
            assert "kyoto-lanterns" in url, (page, url)  # only the noted missing file


def test_redirect_map_holds_the_query_urls(site: tuple[Path, list[str]]) -> None:
    lines = (site[0] / "static/_redirects").read_text().splitlines()
    assert "/ p=12 /2021/04/coffee-and-code/ 301!" in lines
    assert "/ page_id=31 /about/colophon/ 301!"  # forced: /index.html would shadow it in lines


@pytest.mark.hugo
def test_hugo_renders_bundled_images_and_serves_old_urls(site: tuple[Path, list[str]]) -> None:
    out = site[0]
    public = build(out)
    image = public / "2021/03/first-light/harbour-dawn.jpg"
    assert image.is_file()
    html = (public / "2021/03/first-light/index.html").read_text()
    assert re.search(r'<img src="(/2021/03/first-light/)?harbour-dawn\.jpg"', html), html
    assert "espresso.png" in (public / "2021/04/coffee-and-code/index.html").read_text()
    assert (public / "_redirects").is_file()
    scanned = scan([SAMPLE])
    kinds = ("post", "page", "portfolio")
    published = [e for e in scanned.index if e.status == "publish" and e.type in kinds]
    checked = 0
    for entry in published:
        if urlsplit(entry.link).query or "draft: true" in _page_text(out, entry.id):
            continue  # password-protected posts are drafts: never publish what was not public
        assert served(public, entry.link), entry.link
        checked += 1
    assert checked == 6


# --- download ---------------------------------------------------------------------------------


@pytest.fixture
def old_site(tmp_path: Path) -> Iterator[str]:
    """A local stand-in for the old host: serves fixtures/uploads under wp-content/uploads."""
    docroot = tmp_path / "docroot"
    shutil.copytree(FIXTURES / "uploads", docroot / "wp-content/uploads")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(docroot))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_fetches_what_is_missing(tmp_path: Path, old_site: str) -> None:
    export = tmp_path / "export.xml"
    export.write_text(SAMPLE.read_text(encoding="utf-8").replace(OLD_HOST, old_site), "utf-8")
    out = tmp_path / "site"
    report = convert_site([export], out, Config(jobs=1, download=True))
    assert (out / "content/posts/first-light/harbour-dawn.jpg").is_file()
    assert (out / "content/posts/coffee-and-code/espresso.png").is_file()
    assert (out / ".wpmigrate/downloads/2021/03/harbour-dawn.jpg").is_file()
    kinds = {n.kind for r in report.items for n in r.notes}
    assert NoteKind.MISSING_MEDIA in kinds  # kyoto-lanterns.jpg is not on the server either
    body = (out / "content/posts/first-light/index.md").read_text()
    assert 'src="harbour-dawn.jpg"' in body and old_site not in body
    # a rerun uses the downloaded copies and changes nothing
    again = convert_site([export], out, Config(jobs=1, download=True))
    assert {r.status for r in again.items if r.output} == {"unchanged"}


def test_without_uploads_references_stay_absolute_and_are_listed(tmp_path: Path) -> None:
    report = convert_site([SAMPLE], tmp_path / "site", Config(jobs=1))
    body = (tmp_path / "site/content/posts/first-light/index.md").read_text()
    assert f"{OLD_HOST}/wp-content/uploads/2021/03/harbour-dawn.jpg" in body
    listed = [n.message for r in report.items if r.id == "10" for n in r.notes]
    assert any("still on the old site" in m and "harbour-dawn.jpg" in m for m in listed)
    assert not list((tmp_path / "site/content").rglob("*.jpg"))


@pytest.mark.parametrize("kind", ["nginx", "apache"])
def test_other_redirect_maps(tmp_path: Path, kind: str) -> None:
    convert_site([SAMPLE], tmp_path, Config(jobs=1, redirects=kind))
    rel = {"nginx": "redirects.nginx.conf", "apache": "static/.htaccess"}[kind]
    text = (tmp_path / rel).read_text()
    assert "/2021/04/coffee-and-code/" in text and "p" in text


def test_dry_run_copies_nothing(tmp_path: Path) -> None:
    cfg = Config(jobs=1, uploads=FIXTURES / "uploads")
    report = convert_site([SAMPLE], tmp_path / "site", cfg, mode="dry-run")
    assert report.return_code == 0
    assert not list(tmp_path.rglob("*.jpg"))


# --- corpora ----------------------------------------------------------------------------------


@pytest.mark.hugo
@pytest.mark.parametrize(
    "export",
    corpus_files("wxr-real/poststatus-wptest__wptest.xml")
    + corpus_files("wxr-real/parchlinux__wordpress-export.xml")
    + corpus_files("wxr-real/cedricporter__wordpress.xml"),
    ids=lambda p: p.name,
)
def test_corpus_old_urls_are_served(tmp_path: Path, export: Path) -> None:
    """Sub-path sites and percent-encoded slugs: every published item's old path is served,
    literally as WordPress wrote it (the percent-encoded form) and decoded."""
    out = tmp_path / "site"
    convert_site([export], out, Config(jobs=1))
    public = build(out)
    missing = []
    for entry in scan([export]).index:
        public_item = entry.status == "publish" and entry.type in ("post", "page")
        if not public_item or urlsplit(entry.link).query:
            continue
        draft = "draft: true" in _page_text(out, entry.id)
        if not draft and not (served(public, entry.link) and served(public, unquote(entry.link))):
            missing.append(entry.link)
    assert not missing


def _page_text(out: Path, item_id: str) -> str:
    for page in (out / "content").rglob("index.md"):
        text = page.read_text()
        if re.search(rf"^wordpress_id: '?{re.escape(item_id)}'?$", text, re.M):
            return text
    return ""
