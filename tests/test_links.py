"""Links: the link map, body links rewritten to new paths, unresolved ones noted, redirects."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from wpmigrate.context import Context
from wpmigrate.media import MediaIndex
from wpmigrate.model import Attachment, Author, IndexEntry, NoteKind, Notes, Site, Term
from wpmigrate.normalize import markers
from wpmigrate.normalize.links import rewrite_links
from wpmigrate.write.links import build_link_map, site_hosts
from wpmigrate.write.media import Bundle
from wpmigrate.write.redirects import FILES, Move, feed_redirects, query_redirects, redirect_file
from wpmigrate.write.terms import term_key

SITE = Site(
    link="https://www.example.com/blog",
    terms=[
        Term("category", "news", "News"),
        Term("category", "local", "Local & Small", parent="news"),
        Term("post_tag", "caf%c3%a9", "Café Life"),
    ],
    authors={"Jane.Doe": Author("Jane.Doe", "Jane Q. Doe")},
)
INDEX = [
    IndexEntry(
        "10",
        "post",
        "hello",
        "publish",
        "0",
        "https://www.example.com/blog/2021/03/hello/",
        old_slugs=("hi",),
    ),
    IndexEntry("20", "page", "about", "publish", "0", "https://www.example.com/blog/about/"),
    IndexEntry(
        "30",
        "attachment",
        "sky",
        "inherit",
        "10",
        "https://www.example.com/blog/2021/03/hello/sky/",
    ),
]
URLS = {"10": "/blog/2021/03/hello/", "20": "/blog/about/"}
SKY = "https://www.example.com/blog/wp-content/uploads/2021/03/sky.jpg"


def media() -> MediaIndex:
    index = MediaIndex()
    index.add(Attachment("30", SKY, "2021/03/sky.jpg", "10", sizes=("sky-300x200.jpg",)))
    return index


def link_map() -> dict[str, str]:
    return build_link_map(SITE, INDEX, URLS, media(), base="/blog")


def test_link_map_has_every_old_form() -> None:
    found = link_map()
    assert found["/blog/2021/03/hello/"] == "/blog/2021/03/hello/"
    assert found["/blog/2021/03/hi/"] == "/blog/2021/03/hello/"  # _wp_old_slug
    assert found["/?p=10"] == "/blog/2021/03/hello/"
    assert found["/?page_id=20"] == "/blog/about/"
    assert found["/blog/2021/03/hello/sky/"] == SKY  # attachment page -> its file
    assert found["/?attachment_id=30"] == SKY
    assert found["/blog/category/news/local/"] == "/blog/category/news/local/"  # nested
    assert found["/blog/category/local/"] == "/blog/category/news/local/"
    assert found["/blog/tag/café/"] == "/blog/tag/café/"
    assert found["/blog/"] == "/"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Sci Fi & Café", "sci-fi-&-café"),
        ("C++", "c++"),
        ("x y  z", "x-y--z"),
        ("Ça va?", "ça-va?"),
        ("1/2/3", "1/2/3"),
        ("İstanbul ΟΔΟΣ", "istanbul-οδοσ"),
    ],
)
def test_term_key_is_the_folder_hugo_files_the_term_under(name: str, key: str) -> None:
    # each checked against the term a content/tags/<key>/_index.md attaches to in Hugo 0.168
    assert term_key(name) == key


def _rewrite(html: str, roots: tuple[Path, ...] = ()) -> tuple[str, Notes, Bundle]:
    notes = Notes(item_id="10")
    hosts = site_hosts(SITE)
    ctx = Context(notes=notes, media=media(), links=link_map(), site_hosts=hosts)
    bundle = Bundle(media(), hosts, roots, origin="https://www.example.com")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    rewrite_links(root, ctx, bundle)
    return lxml.html.tostring(root, encoding="unicode"), notes, bundle


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://www.example.com/blog/2021/03/hello/", "/blog/2021/03/hello/"),
        ("http://example.com/blog/2021/03/hello", "/blog/2021/03/hello/"),  # http, no www
        ("https://example.com/blog/2021/03/hi/#part", "/blog/2021/03/hello/#part"),
        ("https://example.com/?p=10", "/blog/2021/03/hello/"),
        ("/blog/?page_id=20", "/blog/about/"),
        ("https://example.com/blog/category/news/local/", "/blog/category/news/local/"),
        ("https://other.org/blog/2021/03/hello/", "https://other.org/blog/2021/03/hello/"),
        ("#top", "#top"),
        ("mailto:a@b.c", "mailto:a@b.c"),
        ("relative/page/", "relative/page/"),
    ],
)
def test_body_links_point_at_new_pages(href: str, expected: str) -> None:
    html, notes, _ = _rewrite(f'<p><a href="{href}">x</a></p>')
    assert f'href="{expected}"' in html
    assert NoteKind.UNRESOLVED_LINK not in notes.kinds()


def test_rewritten_links_are_noted_once_with_a_count() -> None:
    _, notes, _ = _rewrite('<a href="/?p=10">a</a> <a href="/blog/about/">b</a>')
    [note] = [n for n in notes.items if n.kind is NoteKind.LINK]
    assert "(2)" in note.message


def test_unresolved_internal_links_are_kept_and_noted() -> None:
    html, notes, _ = _rewrite('<a href="https://example.com/blog/gone/">x</a>')
    assert 'href="https://example.com/blog/gone/"' in html
    [note] = [n for n in notes.items if n.kind is NoteKind.UNRESOLVED_LINK]
    assert note.before == "https://example.com/blog/gone/"


def test_uploads_stay_absolute_and_are_listed_without_an_uploads_folder() -> None:
    html, notes, bundle = _rewrite(
        '<img src="/blog/wp-content/uploads/2021/03/sky-300x200.jpg">'
        '<a href="https://example.com/blog/2021/03/hello/sky/">page of the image</a>'
    )
    assert bundle.remote == [
        "https://www.example.com/blog/wp-content/uploads/2021/03/sky-300x200.jpg",
        SKY,
    ]
    assert 'src="https://www.example.com/blog/wp-content/uploads/2021/03/sky-300x200.jpg"' in html
    assert f'href="{SKY}"' in html  # the attachment page became its file
    bundle.note(notes)
    [note] = [n for n in notes.items if n.kind is NoteKind.MEDIA]
    assert "2 files still on the old site" in note.message and SKY in note.message


def test_shortcode_markers_get_their_media_rewritten(tmp_path: Path) -> None:
    (tmp_path / "2021/03").mkdir(parents=True)
    (tmp_path / "2021/03/sky.jpg").write_bytes(b"jpg")
    gallery = f'{{{{< gallery >}}}}\n![a]({SKY} "t")\n{{{{< /gallery >}}}}'
    unknown = f'[unknown src="{SKY}"]'
    html, _, bundle = _rewrite(
        markers.literal(gallery, block=True) + markers.literal(unknown, block=False),
        (tmp_path,),
    )
    assert '![a](sky.jpg "t")' in lxml.html.fromstring(html).xpath("//wpm-md/@data-md")[0]
    assert unknown in lxml.html.fromstring(html).xpath("//wpm-md/@data-md")  # kept as written
    assert list(bundle.assets) == ["sky.jpg"]


def test_query_redirects_are_sorted_and_leave_attachments_out() -> None:
    found = query_redirects(link_map())
    assert [(r.param, r.value, r.target) for r in found] == [
        ("p", "10", "/blog/2021/03/hello/"),
        ("p", "20", "/blog/about/"),
        ("page_id", "20", "/blog/about/"),
    ]


def test_query_redirects_skip_the_ids_given_to_duplicates() -> None:
    # Exports with one id on two items exist: the second is "334-2", which WordPress never
    # served as ?p=; it must not crash the redirect map either.
    links = {"/?p=334": "/a/", "/?p=334-2": "/b/", "/?p=noid-1": "/c/", "/?p=٣": "/d/"}
    assert [(r.value, r.target) for r in query_redirects(links)] == [("334", "/a/")]


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        ("netlify", "/blog/ p=10 /blog/2021/03/hello/ 301!"),  # forced: /index.html exists
        ("nginx", 'if ($arg_page_id = "20") { set $wpmigrate_to "/blog/about/"; }'),
        ("apache", "RewriteCond %{QUERY_STRING} (^|&)p=10(&|$)"),
    ],
)
def test_redirect_files(kind: str, line: str) -> None:
    rel, content = redirect_file(kind, link_map(), "/blog")
    assert rel == FILES[kind]
    assert line in content.decode("utf-8").splitlines()


def test_redirect_targets_are_percent_encoded() -> None:
    links = {"/?p=7": "/2021/04/سلام/"}
    _, content = redirect_file("netlify", links, "")
    assert "/ p=7 /2021/04/%d8%b3%d9%84%d8%a7%d9%85/ 301!" in content.decode("ascii")
    _, content = redirect_file("apache", links, "")
    # mod_rewrite would read "%8" of "%d8" as a back-reference: escaped, and not re-encoded
    assert r"RewriteRule ^ /2021/04/\%d8\%b3\%d9\%84\%d8\%a7\%d9\%85/? [R=301,L,NE]" in (
        content.decode("ascii").splitlines()
    )


def test_unknown_redirect_format() -> None:
    with pytest.raises(ValueError, match="unknown redirect format"):
        redirect_file("iis", {}, "")


def test_links_to_where_a_draft_would_be_published_resolve() -> None:
    draft = IndexEntry("40", "post", "soon", "draft", "0", "https://example.com/blog/?p=40")
    found = build_link_map(SITE, [draft], {"40": "/blog/2022/01/soon.html"}, base="/blog")
    assert found["/blog/2022/01/soon.html"] == "/blog/2022/01/soon.html"
    assert found["/?p=40"] == "/blog/2022/01/soon.html"


def test_link_map_has_author_archives_and_feeds() -> None:
    found = link_map()
    assert found["/blog/author/jane-doe/"] == "/blog/author/jane-doe/"
    assert found["/blog/author/jane-doe/feed/"] == "/blog/author/jane-doe/index.xml"
    assert found["/blog/feed/"] == "/index.xml"
    assert found["/blog/feed/atom/"] == "/index.xml"
    assert found["/blog/comments/feed/"] == "/index.xml"
    assert found["/blog/category/news/local/feed/"] == "/blog/category/news/local/index.xml"
    assert found["/blog/tag/café/feed/"] == "/blog/tag/café/index.xml"


def test_body_links_to_feeds_and_authors_point_at_hugo() -> None:
    html, notes, _ = _rewrite(
        '<a href="https://example.com/blog/feed/">rss</a>'
        '<a href="https://example.com/blog/author/jane-doe/">Jane</a>'
    )
    assert 'href="/index.xml"' in html and 'href="/blog/author/jane-doe/"' in html
    assert NoteKind.UNRESOLVED_LINK not in notes.kinds()


def test_feed_redirects_cover_site_archive_and_comment_feeds() -> None:
    found = {m.path: m.target for m in feed_redirects(link_map())}
    assert found["/blog/feed/"] == "/index.xml"
    assert found["/blog/feed/rss2/"] == "/index.xml"
    assert found["/blog/category/local/feed/"] == "/blog/category/news/local/index.xml"
    assert found["/blog/tag/café/feed/"] == "/blog/tag/caf%c3%a9/index.xml"
    assert found["/blog/author/jane-doe/feed/"] == "/blog/author/jane-doe/index.xml"
    # A post's comment feed goes to the post, where its comments now are; old slugs too.
    assert found["/blog/2021/03/hello/feed/"] == "/blog/2021/03/hello/"
    assert found["/blog/2021/03/hi/feed/"] == "/blog/2021/03/hello/"
    assert found["/blog/about/feed/"] == "/blog/about/"
    # Attachment pages had comment feeds too, but their pages are gone.
    assert "/blog/2021/03/hello/sky/feed/" not in found
    paths = [m.path for m in feed_redirects(link_map())]
    assert paths == sorted(paths)


def test_comment_feed_of_an_html_permalink() -> None:
    assert feed_redirects({"/2021/x.html": "/2021/x.html"}) == [
        Move("/2021/x.html/feed/", "/2021/x.html")
    ]


@pytest.mark.parametrize(
    ("kind", "lines"),
    [
        (
            "netlify",
            [
                "/blog/ feed=:feed /index.xml 301!",
                "/blog/feed/ /index.xml 301!",
                "/blog/tag/caf%c3%a9/feed/ /blog/tag/caf%c3%a9/index.xml 301!",
                "/blog/2021/03/hello/feed/ /blog/2021/03/hello/ 301!",
            ],
        ),
        (
            "nginx",
            [
                'if ($arg_feed) { set $wpmigrate_to "/index.xml"; }',
                'location = "/blog/feed/" { return 301 "/index.xml"; }',
                'location = "/blog/tag/café/feed/" { return 301 "/blog/tag/caf%c3%a9/index.xml"; }',
            ],
        ),
        (
            "apache",
            [
                "RewriteCond %{QUERY_STRING} (^|&)feed=",
                "RewriteRule ^ /index.xml? [R=301,L,NE]",
                'RewriteRule "^blog/feed/$" /index.xml? [R=301,L,NE]',
                'RewriteRule "^blog/tag/café/feed/$" '
                "/blog/tag/caf\\%c3\\%a9/index.xml? [R=301,L,NE]",
                'RewriteRule "^blog/2021/03/hello/feed/$" /blog/2021/03/hello/? [R=301,L,NE]',
            ],
        ),
    ],
)
def test_feed_redirect_lines(kind: str, lines: list[str]) -> None:
    _, content = redirect_file(kind, link_map(), "/blog")
    found = content.decode("utf-8").splitlines()
    for line in lines:
        assert line in found


def test_feed_redirects_order_lets_a_post_win_over_the_site_feed() -> None:
    _, content = redirect_file("nginx", link_map(), "/blog")
    text = content.decode("utf-8")
    assert text.index("$arg_feed") < text.index("$arg_p ")  # the last set wins
    _, content = redirect_file("apache", link_map(), "/blog")
    text = content.decode("utf-8")
    assert text.index("(^|&)p=10") < text.index("(^|&)feed=")  # the first rule wins


def test_redirect_paths_cannot_break_server_configuration() -> None:
    links = {'/a"b/': '/a"b/', "/x\ny/": "/x/", "/$v/": "/$v/"}
    _, nginx = redirect_file("nginx", links, "")
    text = nginx.decode("utf-8")
    assert 'location = "/a\\"b/feed/" { return 301 "/a%22b/"; }' in text.splitlines()
    assert 'location = "/$v/feed/" { return 301 "/%24v/"; }' in text.splitlines()
    assert "\ny" not in text  # a path with a control character is left out
    _, apache = redirect_file("apache", links, "")
    assert 'RewriteRule "^a\\"b/feed/$" /a\\%22b/? [R=301,L,NE]' in apache.decode().splitlines()
