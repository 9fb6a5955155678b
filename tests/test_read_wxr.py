"""Read stage: the WXR reader (scan, read_items), its XML safety layer and PHP unserializer."""

from __future__ import annotations

import dataclasses
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPORA, FIXTURES, SAMPLE, corpus_files
from wpmigrate.errors import DamagedInputError, InputError, TruncatedInputError, WpmigrateError
from wpmigrate.model import Item
from wpmigrate.read import wxr, wxr_stream
from wpmigrate.read.phpserial import PhpValue, unserialize
from wpmigrate.read.wxr import read_items, scan

# --- helpers -------------------------------------------------------------------------------


def wxr_text(body: str, version: str = "1.2", channel: str = "") -> str:
    """A minimal export around ``body`` (items), declaring the wp namespace of ``version``."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/{version}/"
>
<channel>
\t<title>Test site</title>
\t<link>https://test.example.com</link>
{channel}
{body}
</channel>
</rss>
"""


def item_xml(post_id: int, title: str = "", content: str = "", post_type: str = "post") -> str:
    return f"""\t<item>
\t\t<title><![CDATA[{title or f"Post {post_id}"}]]></title>
\t\t<link>https://test.example.com/?p={post_id}</link>
\t\t<dc:creator><![CDATA[admin]]></dc:creator>
\t\t<content:encoded><![CDATA[{content}]]></content:encoded>
\t\t<wp:post_id>{post_id}</wp:post_id>
\t\t<wp:post_name><![CDATA[post-{post_id}]]></wp:post_name>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
\t</item>
"""


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def sample_items() -> dict[str, Item]:
    return {item.id: item for item in read_items(SAMPLE)}


@pytest.fixture(scope="module")
def sample_scan() -> wxr.Scan:
    return scan([SAMPLE])


# --- the sample export: channel, index, media ----------------------------------------------


def test_sample_site(sample_scan: wxr.Scan) -> None:
    site = sample_scan.site
    assert (site.title, site.link, site.language) == (
        "Field Notes",
        "https://fieldnotes.example.com",
        "en-US",
    )
    assert site.wxr_version == "1.2"
    assert site.base_blog_url == "https://fieldnotes.example.com"
    assert site.generator == "https://wordpress.org/?v=6.4.3"
    assert {a.login: a.display_name for a in site.authors.values()} == {
        "helene": "Hélène Marchand",
        "jose": "José Álvarez",
    }
    assert site.sources == [str(SAMPLE)]
    assert sample_scan.problems == []
    assert sample_scan.control_chars == 0


def test_sample_terms(sample_scan: wxr.Scan) -> None:
    terms = {(t.taxonomy, t.slug): t for t in sample_scan.site.terms}
    assert terms[("category", "cafe-culture")].parent == "travel"
    assert terms[("category", "cafe-culture")].name == "CafÃ© culture"  # repaired later
    assert terms[("category", "travel")].description.startswith("Trips near and far")
    assert ("post_tag", "kyoto") in terms
    assert terms[("project_type", "landscape")].name == "Landscape"
    assert len(terms) == len(sample_scan.site.terms), "terms are not repeated"


def test_sample_index(sample_scan: wxr.Scan) -> None:
    ids = [e.id for e in sample_scan.index]
    assert ids == ["10", "20", "11", "22", "12", "21", "13", "14", "15", "30", "31", "40"] + [
        "50",
        "51",
    ]
    entries = {e.id: e for e in sample_scan.index}
    first = entries["10"]
    assert first.link == "https://fieldnotes.example.com/2021/03/first-light/"
    assert first.old_slugs == ("harbour-at-six", "first-light-draft")
    assert first.date == "2021-03-14 07:30:00"
    assert entries["31"].parent == "30" and entries["31"].type == "page"
    assert entries["40"].type == "portfolio"
    assert entries["13"].status == "draft" and entries["13"].slug == ""
    assert {entries["50"].type, entries["51"].type} == {"nav_menu_item", "revision"}


def test_sample_media(sample_scan: wxr.Scan) -> None:
    media = sample_scan.media
    assert len(media) == 3
    harbour = media.get("20")
    assert harbour is not None
    assert harbour.file == "2021/03/harbour-dawn.jpg"
    assert harbour.sizes == ("harbour-dawn-300x200.jpg",)
    assert harbour.alt == "Fishing boats leaving the harbour at dawn"
    assert harbour.caption == "Fishing boats at first light, Pêche harbour."
    assert harbour.mime == "image/jpeg" and harbour.parent == "10"
    resized = "https://fieldnotes.example.com/wp-content/uploads/2021/03/harbour-dawn-300x200.jpg"
    assert media.find(resized) is harbour
    kyoto = media.get("22")
    assert kyoto is not None and "kyoto-lanterns-1024x683.jpg" in kyoto.sizes
    espresso = media.get("21")
    assert espresso is not None and espresso.sizes == () and espresso.mime == "image/png"


def test_sample_uploads_match_attachments_except_the_missing_one(
    sample_scan: wxr.Scan,
) -> None:
    uploads = FIXTURES / "uploads"
    present = {a.id: (uploads / a.file).is_file() for a in sample_scan.media.by_id.values()}
    assert present == {"20": True, "21": True, "22": False}
    assert (uploads / "2021/03/harbour-dawn-300x200.jpg").is_file()
    assert (uploads / "2021/03/harbour-dawn.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert (uploads / "2021/04/espresso.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- the sample export: full items ---------------------------------------------------------


def test_items_come_in_document_order_with_their_lines(sample_items: dict[str, Item]) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for item in sample_items.values():
        assert lines[item.line - 1].strip() == "<item>"
        assert f"<wp:post_id>{item.id}</wp:post_id>" in "\n".join(lines[item.line : item.line + 80])
        assert item.source == str(SAMPLE)
    assert [i.line for i in sample_items.values()] == sorted(i.line for i in sample_items.values())


def test_classic_post_fields(sample_items: dict[str, Item]) -> None:
    post = sample_items["10"]
    assert post.type == "post" and post.status == "publish"
    assert post.title == "First light at the harbour"
    assert post.slug == "first-light"
    assert post.link == "https://fieldnotes.example.com/2021/03/first-light/"
    assert post.guid == "https://fieldnotes.example.com/?p=10"
    assert (post.date, post.date_gmt) == ("2021-03-14 07:30:00", "2021-03-14 12:30:00")
    assert post.modified_gmt == "2021-03-16 00:04:12"
    assert post.creator == "helene"
    assert post.sticky is True and post.has_password is False
    assert post.parent == "0" and post.menu_order == 0
    assert [(t.taxonomy, t.slug) for t in post.terms] == [
        ("category", "photography"),
        ("category", "travel"),
        ("post_tag", "film"),
        ("post_tag", "harbour"),
    ]
    assert post.meta["_thumbnail_id"] == "20"
    assert post.meta["mashsb_shares"] == "42"
    assert post.meta["_edit_lock"] == "1615849452:1"
    assert post.meta["_wp_old_slug"] == "harbour-at-six"


def test_content_whitespace_is_kept_inside_and_trimmed_outside(
    sample_items: dict[str, Item],
) -> None:
    content = sample_items["10"].content
    assert content.startswith("The ferry leaves at six")
    assert content.endswith("<em>before</em> you think you need to be.")
    assert "the same.\n\nThis morning the fog sat low over the water\nand the fishing" in content
    assert "<pre>$ exiftool" in content
    assert "Exposure Time                   : 1/250\n" in content
    assert "<ul>\n\t<li>one body" in content
    assert '[caption id="attachment_20"' in content


def test_gutenberg_post_is_read_raw(sample_items: dict[str, Item]) -> None:
    post = sample_items["11"]
    assert post.title == "Itâ€™s a long way to Kyoto"  # mojibake is repair's job
    assert post.excerpt == "Itâ€™s six hours by the slow trains, and worth every minute."
    assert post.content.startswith("<!-- wp:paragraph -->")
    assert post.content.endswith("<!-- /wp:paragraph -->")
    for block in ("wp:heading", "wp:image", "wp:list", "wp:code", "wp:quote", "wp:embed"):
        assert f"<!-- {block}" in post.content
    assert "<!-- wp:separator -->" in post.content and "<!--more-->" in post.content
    assert "哲学の道，銀閣寺まで" in post.content
    assert "&gt;&gt; trains.log" in post.content


def test_entities_and_shortcodes_are_left_for_later_stages(sample_items: dict[str, Item]) -> None:
    post = sample_items["12"]
    assert post.title == "Coffee &amp; Code: a Saturday at the cafÃ©"
    assert "owner&#8217;s rule" in post.content
    assert "I&amp;#8217;m" in post.content and "I&nbsp;respect" in post.content
    assert '[gallery ids="20,21,22" columns="3" link="file"]' in post.content
    assert '[code lang="python"]\nfrom pathlib import Path' in post.content
    assert "if len(scan.stem) < 40:" in post.content
    assert "\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n" in post.content
    assert 'aria-label="read the full review (opens in a new tab)"' in post.content
    assert post.content.endswith('[contact-form-7 id="1" title="Contact form 1"]')
    assert [t.name for t in post.terms if t.taxonomy == "category"] == [
        "CafÃ© culture",
        "Code &amp; Tools",
    ]


def test_comments_without_emails_or_ips(sample_items: dict[str, Item]) -> None:
    comments = {c.id: c for c in sample_items["10"].comments}
    assert list(comments) == ["100", "101", "102", "103"]
    assert comments["100"].author == "Marta Kowalska"
    assert comments["100"].author_url == "https://marta.example.org"
    assert comments["100"].date_gmt == "2021-03-14 15:02:31"
    assert comments["100"].content.endswith("that harbour.\n\nWhich film were you using?")
    assert (comments["101"].parent, comments["101"].approved) == ("100", "1")
    assert comments["102"].approved == "spam" and comments["103"].approved == "0"
    assert comments["100"].type == "comment"
    dump = repr([dataclasses.asdict(i) for i in sample_items.values()])
    for secret in ("marta.kowalska@example.org", "203.0.113.7", "192.0.2.44", "@spam.example"):
        assert secret not in dump


def test_statuses_password_and_draft(sample_items: dict[str, Item]) -> None:
    protected = sample_items["15"]
    assert protected.has_password is True
    assert "lighthouse-1987" not in repr(dataclasses.asdict(protected))
    assert sample_items["14"].status == "private"
    draft = sample_items["13"]
    assert draft.status == "draft" and draft.date_gmt == "0000-00-00 00:00:00"
    assert draft.content.endswith("- shoot into the light\n- bracket everything")


def test_pages_custom_types_attachments_and_internals(sample_items: dict[str, Item]) -> None:
    child = sample_items["31"]
    assert (child.type, child.parent, child.menu_order) == ("page", "30", 1)
    portfolio = sample_items["40"]
    assert portfolio.type == "portfolio"
    assert [(t.taxonomy, t.slug) for t in portfolio.terms] == [("project_type", "landscape")]
    assert portfolio.guid == "https://fieldnotes.example.com/?post_type=portfolio&p=40"
    attachment = sample_items["20"]
    assert attachment.attachment_url.endswith("/2021/03/harbour-dawn.jpg")
    assert attachment.meta["_wp_attachment_metadata"].startswith('a:6:{s:5:"width";i:480;')
    assert wxr.attachment_from_item(attachment).sizes == ("harbour-dawn-300x200.jpg",)
    assert sample_items["50"].type == "nav_menu_item" and sample_items["50"].title == ""
    assert (sample_items["51"].type, sample_items["51"].parent) == ("revision", "10")


# --- versions, namespaces, merging ---------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wp_namespace_version_reads(tmp_path: Path, version: str) -> None:
    path = write(tmp_path, "old.xml", wxr_text(item_xml(7, "Seven", "Body"), version))
    result = scan([path])
    assert result.site.wxr_version == version  # from the namespace: no wp:wxr_version here
    (item,) = read_items(path)
    assert (item.id, item.title, item.content, item.slug) == ("7", "Seven", "Body", "post-7")


def test_undeclared_prefix_is_declared_and_reported(tmp_path: Path) -> None:
    channel = '\t<atom:link rel="search" href="https://test.example.com/osd.xml" />'
    body = item_xml(1, "One", "Text with <o:p>Word junk</o:p> in CDATA")
    path = write(tmp_path, "atom.xml", wxr_text(body, channel=channel))
    result = scan([path])
    assert [e.id for e in result.index] == ["1"]
    (problem,) = result.problems
    assert "atom" in str(problem) and "o," not in str(problem)
    assert [i.title for i in read_items(path)] == ["One"]


def test_split_exports_merge(tmp_path: Path) -> None:
    author = (
        "<wp:author><wp:author_login>admin</wp:author_login>"
        "<wp:author_display_name><![CDATA[Admin]]></wp:author_display_name></wp:author>"
    )
    term = (
        "<wp:category><wp:category_nicename>news</wp:category_nicename>"
        "<wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>"
    )
    first = write(tmp_path, "a.xml", wxr_text(item_xml(1), channel=author + term))
    second = write(tmp_path, "b.xml", wxr_text(item_xml(2), channel=author + term))
    result = scan([first, second])
    assert [e.id for e in result.index] == ["1", "2"]
    assert list(result.site.authors) == ["admin"]
    assert [t.slug for t in result.site.terms] == ["news"]
    assert result.site.sources == [str(first), str(second)]


def test_duplicate_items_are_kept_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "dup.xml", wxr_text(item_xml(3, "A") + item_xml(3, "B")))
    result = scan([path])
    assert [e.title for e in result.index] == ["A", "B"]
    assert len(result.problems) == 1 and result.problems[0].item_id == "3"
    assert [i.title for i in read_items(path)] == ["A", "B"]


def test_wxr_1_0_duplicate_category_lines_collapse(tmp_path: Path) -> None:
    cats = (
        "<category><![CDATA[News]]></category>"
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="tag"><![CDATA[roar]]></category>'
        '<category domain="tag" nicename="roar"><![CDATA[roar]]></category>'
    )
    item = item_xml(4).replace("\t</item>", cats + "\n\t</item>")
    path = write(tmp_path, "v10.xml", wxr_text(item, "1.0"))
    (read,) = read_items(path)
    assert [(t.taxonomy, t.slug, t.name) for t in read.terms] == [
        ("category", "news", "News"),
        ("post_tag", "roar", "roar"),
    ]


def test_post_meta_first_key_and_value_win(tmp_path: Path) -> None:
    def meta(*children: str) -> str:
        return "<wp:postmeta>" + "".join(children) + "</wp:postmeta>"

    metas = (
        meta("<wp:meta_key> size </wp:meta_key>", "<wp:meta_value> 10 </wp:meta_value>"),
        meta("<wp:meta_key>size</wp:meta_key>", "<wp:meta_value>20</wp:meta_value>"),
        meta("<wp:meta_value>no key</wp:meta_value>"),
        meta(
            "<wp:meta_key>note</wp:meta_key><wp:meta_key>other</wp:meta_key>",
            "<wp:meta_value>a<b>bold</b>z</wp:meta_value><wp:meta_value>second</wp:meta_value>",
        ),
        meta("<wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>one</wp:meta_value>"),
        meta("<wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>two</wp:meta_value>"),
        meta("<wp:meta_key>empty</wp:meta_key>"),
    )
    item = item_xml(5).replace("\t</item>", "".join(metas) + "\n\t</item>")
    path = write(tmp_path, "meta.xml", wxr_text(item))
    (read,) = read_items(path)
    assert read.meta == {"size": "10", "note": "aboldz", "_wp_old_slug": "one", "empty": ""}
    assert scan([path]).index[0].old_slugs == ("one", "two")


# --- damaged and hostile input -------------------------------------------------------------


def test_control_characters_are_removed_before_parsing(tmp_path: Path) -> None:
    content = "Tab\there\r\nbell\x07 and\x0b vertical\x1f unit\x00 null"
    path = write(tmp_path, "ctl.xml", wxr_text(item_xml(5, "Ti\x01tle", content)))
    result = scan([path])
    assert result.control_chars == 5
    (item,) = read_items(path)
    assert item.title == "Title"
    assert item.content == "Tab\there\nbell and vertical unit null"


def _cut(tmp_path: Path, marker: str) -> tuple[Path, int]:
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text[: text.index(marker) + len(marker)]
    return write(tmp_path, "cut.xml", cut), cut.count("\n") + 1


@pytest.mark.parametrize(
    ("marker", "item_id"),
    [("Here is the little script", None), ("<wp:post_id>12</wp:post_id>\n\t\t<wp:post_d", "12")],
)
def test_truncated_export_yields_complete_items_then_raises(
    tmp_path: Path, marker: str, item_id: str | None
) -> None:
    path, last_line = _cut(tmp_path, marker)
    seen: list[str] = []
    with pytest.raises(TruncatedInputError) as info:
        for item in read_items(path):
            seen.append(item.id)
    assert seen == ["10", "20", "11", "22"]
    error = info.value
    assert error.path == path and error.line == last_line
    assert error.item_id == item_id
    assert "Coffee &amp; Code" in str(error) and "is cut off" in str(error)
    assert f"at line {last_line}" in str(error)
    assert error.hint


def test_truncated_export_is_a_problem_for_scan(tmp_path: Path) -> None:
    path, _ = _cut(tmp_path, "Here is the little script")
    result = scan([path])
    assert [e.id for e in result.index] == ["10", "20", "11", "22"]
    assert [type(p) for p in result.problems] == [TruncatedInputError]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("This is not XML at all, just a note.\n", "not an XML file"),
        ("", "the file is empty"),
        ("<html><body><p>hi</p></body></html>", "root element is <html>"),
        ('{"posts": []}', "not an XML file"),
        (
            '<rss version="2.0"><channel><title>Feed</title><item><title>x</title></item>'
            "</channel></rss>",
            "without any wp: elements",
        ),
    ],
)
def test_not_an_export_raises_input_error(tmp_path: Path, data: str, words: str) -> None:
    path = write(tmp_path, "bad.xml", data)
    for verb in (lambda: scan([path]), lambda: list(read_items(path))):
        with pytest.raises(InputError) as info:
            verb()
        assert words in str(info.value) and info.value.path == path and info.value.hint
        assert not isinstance(info.value, TruncatedInputError)


def test_cut_before_the_root_element_ends(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = write(tmp_path, "head.xml", text[: text.index('xmlns:wp="') + 12])
    with pytest.raises(InputError, match="ends before its <rss> element") as info:
        scan([path])
    assert not isinstance(info.value, TruncatedInputError)


def test_utf16_export_is_not_mangled_by_the_byte_filter(tmp_path: Path) -> None:
    text = wxr_text(item_xml(1, "Héllo", "Body \u2014 done")).replace("UTF-8", "UTF-16")
    path = write(tmp_path, "wide.xml", text.encode("utf-16"))
    (item,) = read_items(path)
    assert (item.title, item.content) == ("Héllo", "Body \u2014 done")
    assert scan([path]).control_chars == 0


def test_damage_in_the_middle_names_the_line(tmp_path: Path) -> None:
    broken = item_xml(2).replace("</wp:post_name>", "</wp:post_nam>")
    text = wxr_text(item_xml(1) + broken + item_xml(3))
    path = write(tmp_path, "broken.xml", text)
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "</wp:post_nam>" in s)
    seen: list[str] = []
    with pytest.raises(InputError) as info:
        seen.extend(i.id for i in read_items(path))
    assert seen == ["1"]
    assert info.value.line == line and "damaged" in str(info.value)
    # Read like a cut export: the item before the damage came through whole.
    assert isinstance(info.value, DamagedInputError)
    assert "item 2" in str(info.value) and "missing" in str(info.value)


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        scan([tmp_path / "nope.xml"])


def _entity_export(tmp_path: Path, levels: int) -> Path:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1)
    ]
    item = item_xml(9).replace("<title><![CDATA[Post 9]]></title>", f"<title>&lol{levels};</title>")
    text = wxr_text(item).replace("<rss", f"<!DOCTYPE rss [{''.join(entities)}]>\n<rss", 1)
    return write(tmp_path, "lol.xml", text)


@pytest.mark.parametrize("levels", [2, 9])
def test_entities_are_never_expanded(tmp_path: Path, levels: int) -> None:
    """A small entity is left unexpanded; a billion laughs is either that or refused."""
    path = _entity_export(tmp_path, levels)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        items = list(read_items(path))
    except InputError as err:  # libxml2 refuses absurd amplification outright
        assert levels == 9 and err.line == 1
        items = []
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 20_000_000
    assert all("lol" not in item.title for item in items)
    if levels == 2:
        assert [i.id for i in items] == ["9"] and items[0].title == ""
        assert [e.id for e in scan([path]).index] == ["9"]


def test_reading_streams_and_frees_elements(tmp_path: Path) -> None:
    body = "".join(item_xml(n, content="Paragraph. " * 60) for n in range(1, 5001))
    path = write(tmp_path, "big.xml", wxr_text(body))
    source = wxr_stream.open_source(path)
    count = 0
    for elem in wxr_stream.elements(source):
        # The parser may run a little ahead, but everything before is freed as we go.
        before = list(elem.itersiblings(preceding=True))
        assert len(before) <= 1, "earlier siblings must be freed as the parse moves on"
        assert all(len(sib) == 0 and not sib.text for sib in before)
        count += elem.tag == "item"
    assert count == 5000
    ids = [item.id for item in read_items(path)]
    assert ids == [str(n) for n in range(1, 5001)]


# --- PHP serialized values -----------------------------------------------------------------


def test_unserialize_attachment_metadata(sample_items: dict[str, Item]) -> None:
    value = unserialize(sample_items["20"].meta["_wp_attachment_metadata"])
    assert isinstance(value, dict)
    assert value["width"] == 480 and value["file"] == "2021/03/harbour-dawn.jpg"
    sizes = value["sizes"]
    assert isinstance(sizes, dict) and isinstance(sizes["medium"], dict)
    assert sizes["medium"]["file"] == "harbour-dawn-300x200.jpg"
    image_meta = value["image_meta"]
    assert isinstance(image_meta, dict)
    assert image_meta["caption"] == "Fishing boats, Pêche harbour"  # s:29 counts bytes
    assert image_meta["keywords"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('s:5:"Pêche";', None),  # 6 bytes in UTF-8: PHP would not read this
        ('s:6:"Pêche";', "Pêche"),
        ("i:-42;", -42),
        ("d:0.5;", 0.5),
        ("b:1;", True),
        ("N;", None),
        ('a:2:{i:0;s:1:"a";i:1;s:1:"b";}', ["a", "b"]),
        ('a:2:{i:1;s:1:"a";s:1:"k";i:2;}', {1: "a", "k": 2}),
        ('s:3:"a"b";', 'a"b'),
        ('O:8:"stdClass":1:{s:1:"a";i:1;}', None),
        ('a:1:{s:1:"a";i:1;', None),
        ('a:99999999:{s:1:"a";i:1;}', None),
        ('s:5:"short";trailing', None),
        ("b:2;", None),
        ("garbage", None),
        ("", None),
    ],
)
def test_unserialize_cases(text: str, expected: PhpValue) -> None:
    assert unserialize(text) == expected


def test_unserialize_refuses_deep_nesting() -> None:
    assert unserialize("a:1:{i:0;" * 200 + "N;" + "}" * 200) is None
    assert unserialize("a:1:{i:0;" * 10 + "i:1;" + "}" * 10) is not None


def _php(value: PhpValue) -> str:
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, str):
        return f's:{len(value.encode())}:"{value}";'
    if isinstance(value, list):
        value = dict(enumerate(value))
    assert isinstance(value, dict)
    inner = "".join(_php(k) + _php(v) for k, v in value.items())
    return f"a:{len(value)}:{{{inner}}}"


_values = st.recursive(
    st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=12),
    lambda children: (
        st.lists(children, min_size=1, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=6), children, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(_values)
def test_unserialize_round_trips(value: PhpValue) -> None:
    assert unserialize(_php(value)) == value


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet='asbidN:;{}"0123456789é', max_size=40))
def test_unserialize_never_raises(text: str) -> None:
    unserialize(text)


# --- the real-world corpora ----------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", corpus_files("**/*.xml"), ids=lambda p: str(p.relative_to(CORPORA))
)
def test_corpus_reads_or_fails_cleanly(path: Path) -> None:
    try:
        result = scan([path])
        items = list(read_items(path))
    except WpmigrateError as err:
        assert err.path == path and err.message
        return
    truncated = any(isinstance(p, TruncatedInputError) for p in result.problems)
    assert truncated or [i.id for i in items] == [e.id for e in result.index]


@pytest.mark.corpus
def test_corpus_undeclared_atom_prefix(corpora: Path) -> None:
    path = corpora / "wxr-real" / "charleso-blog__wordpress.xml"
    result = scan([path])
    assert result.site.wxr_version == "1.0" and result.site.title == "Plunkett"
    assert any("atom" in str(p) for p in result.problems)
    items = list(read_items(path))
    assert len(items) == len(result.index) > 20
    posts = [i for i in items if i.type == "post" and i.status == "publish"]
    assert posts and all(post.content for post in posts)


@pytest.mark.parametrize("chunk", [7, 13, 64, 1 << 20])
def test_prefix_scan_is_chunk_independent(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wpmigrate.read import xmlsafe

    # HTML junk inside CDATA and comments must never count; a real undeclared element must,
    # wherever the chunk boundaries fall.
    body = "<![CDATA[<o:p>Word</o:p> <!-- <w:x> --> text]]>" * 5
    doc = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<!-- <v:shape> -->{body}<atom:link href='x'/><item><wp:post_id>1</wp:post_id>"
        f"<description>{body}</description></item></channel></rss>"
    )
    path = tmp_path / "export.xml"
    path.write_bytes(doc.encode())
    monkeypatch.setattr(xmlsafe, "_CHUNK", chunk)
    assert xmlsafe.undeclared_prefixes(path) == ["atom"]


def test_scan_lists_the_writers_of_public_items(tmp_path: Path) -> None:
    body = (
        item_xml(1)
        + item_xml(2, post_type="attachment").replace("admin", "uploader")
        + item_xml(3, post_type="nav_menu_item").replace("admin", "menus")
        + item_xml(4, post_type="page").replace("admin", "editor")
        + item_xml(5).replace("admin", "drafter").replace("publish", "draft")
    )
    found = scan([write(tmp_path, "w.xml", wxr_text(body))])
    # Their author archives existed even when the export has no <wp:author> record (and
    # only for those who published something).
    assert list(found.creators) == ["admin", "editor"]
