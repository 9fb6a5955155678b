"""Read stage: exports with ``]]>`` left unescaped inside CDATA sections (old exporters).

The repairing byte filter alone (chunk boundaries, the escaped form, line breaks), then the
reader (both passes decide the same per file), the CLI, and the importer's own fixture.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import ROOT, corpus_files
from robust_wxr import Post, cdata, export, run_cli
from wpmigrate.errors import DamagedInputError
from wpmigrate.read import xmlsafe
from wpmigrate.read.cdata import CdataRepair
from wpmigrate.read.wxr import Scan, read_items, scan
from wpmigrate.survey import survey

FIXTURE = ROOT / "tests" / "golden" / "read" / "cdata-unescaped.xml"
CRAZY = corpus_files("wordpress-importer/phpunit__data__crazy-cdata.xml")
ESCAPED = "]]]]><![CDATA[>"


def repaired(data: bytes, size: int = 0) -> tuple[bytes, int]:
    """``data`` through the filter, fed whole or in chunks of ``size`` bytes."""
    repair = CdataRepair()
    size = size or len(data) or 1
    out = b"".join(repair.feed(data[i : i + size]) for i in range(0, len(data), size))
    return out + repair.feed(b"", final=True), repair.repaired


def element(text: str) -> str:
    return f"<content:encoded><![CDATA[{text}]]></content:encoded>"


# --- the filter -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "count"),
    [
        ("nested <![CDATA[ x ]]> :)", f"nested <![CDATA[ x {ESCAPED} :)", 1),
        ("]]>", ESCAPED, 1),
        (f"a{ESCAPED}b", f"a{ESCAPED}b", 0),  # WordPress's own escaped form passes untouched
        ("x ]]>\n\ny ]]>", f"x {ESCAPED}\n\ny {ESCAPED}", 2),  # line breaks kept
        ("tail]", "tail]", 0),
        ("no end here", "no end here", 0),
        # An inline script's own section: its "]]>" is followed by an end tag, not this one's.
        (
            "<script>//<![CDATA[\nx();\n//]]></script>",
            f"<script>//<![CDATA[\nx();\n//{ESCAPED}</script>",
            1,
        ),
        ("a ]]></p> ]]></content:encodedX>", f"a {ESCAPED}</p> {ESCAPED}</content:encodedX>", 2),
    ],
)
def test_stray_ends_are_escaped(text: str, expected: str, count: int) -> None:
    data = element(text).encode()
    assert repaired(data) == (element(expected).encode(), count)


def test_a_real_end_may_be_followed_by_white_space_or_the_next_section() -> None:
    data = b"<a><![CDATA[x]]>  \n </a><b><![CDATA[y]]>\t<![CDATA[z]]></b>"
    assert repaired(data) == (data, 0)


def test_the_end_tag_may_hold_white_space_and_an_unknown_holder_takes_any() -> None:
    data = b"<c:e><![CDATA[x]]></c:e\n><a/><![CDATA[y]]></b><p>t</p><![CDATA[z]]></q>"
    assert repaired(data) == (data, 0)


def test_a_script_section_at_every_chunk_size() -> None:
    # The look-ahead for "</content:encoded>" is longer than the one for "<![CDATA[".
    body = "<p>a</p><script>//<![CDATA[\nx();\n//]]></script>]]>  \n"
    data = f'<r xmlns:content="u"><content:encoded><![CDATA[{body}]]></content:encoded></r>'
    whole = repaired(data.encode())
    assert whole[1] == 2
    assert etree.fromstring(whole[0])[0].text == body
    for size in range(1, 40):
        assert repaired(data.encode(), size) == whole, size


def test_comments_are_not_cdata() -> None:
    data = b"<!-- <![CDATA[ --><a><![CDATA[x]]> y]]></a>"
    out, count = repaired(data)
    assert (out, count) == (b"<!-- <![CDATA[ --><a><![CDATA[x" + ESCAPED.encode() + b" y]]></a>", 1)


def test_every_chunk_size_gives_the_same_bytes() -> None:
    data = FIXTURE.read_bytes()
    whole = repaired(data)
    assert whole[1] == 4
    for size in range(1, 40):
        assert repaired(data, size) == whole, size


def test_a_whole_chunk_held_back_is_not_taken_for_the_end_of_the_file() -> None:
    # White space after "]]>" longer than a chunk: the filter must wait, the stream goes on.
    spaces = " " * (3 * xmlsafe.CHUNK)
    data = f"<a><![CDATA[x]]>{spaces}y]]></a>".encode()
    stream = xmlsafe.SafeStream(io.BytesIO(data), repair_cdata=True)
    out = b""
    while chunk := stream.read():
        out += chunk
    assert out == f"<a><![CDATA[x{ESCAPED}{spaces}y]]></a>".encode()
    assert stream.cdata_repaired == 1


# --- property: what the filter leaves alone, what it reads back -------------------------------

PIECES = st.sampled_from(
    ["]]>", "]]", "]", ">", "<![CDATA[", "<!", "</", "</p>", "<p>", " ", "\n", "\t", "a", "é", "&"]
    + ["<script>", "</script>", "//", "</r>", "</r", "</rr>"]
)
TEXTS = st.lists(PIECES, max_size=12).map("".join) | st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=20
)
# An inline script as old exporters wrote it, raw, into a body.
SCRIPTED = st.builds("{}<script>//<![CDATA[\n{}\n//]]></script>{}".format, TEXTS, TEXTS, TEXTS)


def real_end(name: str) -> re.Pattern[str]:
    """A "]]>" followed by this ends a section held by <name>: text holding one cannot be
    told from markup."""
    return re.compile(rf"\]\]>[ \t\n]*(?:</{re.escape(name)}[ \t\n>]|<!\[CDATA\[)")


REAL_END = real_end("r")
BODY_END = real_end("content:encoded")


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, size=st.integers(1, 12))
def test_text_without_a_stray_end_passes_byte_for_byte(text: str, size: int) -> None:
    data = element(text.replace("]]>", "]]]]><![CDATA[>")).encode()
    assert repaired(data, size) == (data, 0)


@settings(max_examples=150, deadline=None)
@given(
    text=(TEXTS | SCRIPTED).filter(lambda t: REAL_END.search(t) is None),
    size=st.integers(1, 12),
)
def test_unescaped_text_reads_back_after_repair(text: str, size: int) -> None:
    """Any text written raw into a CDATA section reads back as itself, unless one of its
    "]]>" is followed (after white space) by "</r" (the holder's end tag) or "<![CDATA[":
    that is a real end."""
    out, _ = repaired(f"<r><![CDATA[{text}]]></r>".encode(), size)
    assert (etree.fromstring(out).text or "") == text


@settings(max_examples=40, deadline=None)
@given(text=(TEXTS | SCRIPTED).filter(lambda t: BODY_END.search(t) is None))
def test_an_item_written_unescaped_reads_back_through_both_passes(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xml"
        path.write_text(FIXTURE.read_text().replace("a[i]]]]><![CDATA[>b and <![CDATA[ kept", text))
        scanned = scan([path])
        items = {i.id: i for i in read_items(path, scanned.repairs_cdata(path))}
    assert items["2"].content == text.strip()  # the reader strips every body
    assert len(scanned.index) == len(items) == 3


# --- the reader, the CLI, inspect -------------------------------------------------------------


def test_the_fixture_fails_strictly_and_reads_after_repair() -> None:
    with pytest.raises(DamagedInputError):
        list(read_items(FIXTURE))
    scanned = scan([FIXTURE])
    assert scanned.cdata_repairs == {FIXTURE: 4}
    assert [str(p) for p in scanned.problems] == [
        f"{FIXTURE}: 4 ']]>' left unescaped inside CDATA sections, read as text (an old"
        " exporter wrote them; WordPress's importer reads them the same way: check the items"
        " that hold ']]>' or a nested '<![CDATA[')"
    ]
    items = {i.id: i for i in read_items(FIXTURE, repair_cdata=True)}
    assert items["1"].content == "<p>Code: <![CDATA[ x ]]> ends.</p>"
    assert items["1"].meta == {"alone": "]]>"}
    assert items["2"].content == "a[i]]>b and <![CDATA[ kept"
    assert items["3"].content == "one ]]>\ntwo ]]>]]\nthree]"
    assert [i.line for i in items.values()] == [13, 26, 35]  # line numbers still right


def test_a_stray_end_across_a_chunk_boundary(tmp_path: Path) -> None:
    head = FIXTURE.read_bytes().split(b"<item>")[0] + b"<item><title>Long</title>"
    for offset in range(-4, 3):  # "]]>" and the look-ahead cut at every place
        start = head + b"<content:encoded><![CDATA["
        body = b"x" * (xmlsafe.CHUNK - len(start) + offset) + b"]]> <b>y</b>"
        tail = b"]]></content:encoded><wp:post_id>7</wp:post_id></item></channel></rss>"
        path = tmp_path / f"chunk{offset}.xml"
        path.write_bytes(start + body + tail)
        scanned = scan([path])
        (item,) = read_items(path, scanned.repairs_cdata(path))
        assert item.content == body.decode(), offset
        assert scanned.cdata_repairs == {path: 1}


def test_real_damage_elsewhere_is_still_reported_at_its_line(tmp_path: Path) -> None:
    text = FIXTURE.read_text().replace("<wp:post_id>3</wp:post_id>", "<wp:post_id>3</wp:post_i>")
    path = tmp_path / "damaged.xml"
    path.write_text(text)
    line = text[: text.index("</wp:post_i>")].count("\n") + 1
    scanned = scan([path])
    assert scanned.repairs_cdata(path)
    assert [e.id for e in scanned.index] == ["1", "2"]
    damage = [p for p in scanned.problems if isinstance(p, DamagedInputError)]
    assert [(d.line, "item 3 'Lines' (from line 35)" in d.message) for d in damage] == [
        (line, True)
    ]
    got: list[str] = []
    with pytest.raises(DamagedInputError) as err:
        got.extend(i.id for i in read_items(path, repair_cdata=True))
    assert got == ["1", "2"] and err.value.line == line


SCRIPT = '<p>a</p><script type="text/javascript">//<![CDATA[\nvar x = 1;\n//]]></script>'


def raw_export(*posts: Post) -> str:
    """``export(*posts)`` with every body written raw, unsplit, as old exporters did."""
    text = export(*posts)
    for post in posts:
        text = text.replace(cdata(post.content), f"<![CDATA[{post.content}]]>")
    return text


def test_an_inline_script_in_a_body_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "script.xml"
    path.write_text(raw_export(Post(id="1"), Post(id="2", content=SCRIPT), Post(id="3")))
    scanned = scan([path])
    assert scanned.cdata_repairs == {path: 1}
    assert [e.id for e in scanned.index] == ["1", "2", "3"]
    assert not [p for p in scanned.problems if isinstance(p, DamagedInputError)]
    items = [i.content for i in read_items(path, scanned.repairs_cdata(path))]
    assert items == ["<p>Some words.</p>", SCRIPT, "<p>Some words.</p>"]


def strict_and_scanned(path: Path) -> tuple[DamagedInputError, Scan]:
    with pytest.raises(DamagedInputError) as strict:
        list(read_items(path))
    return strict.value, scan([path])


def test_a_missing_end_tag_is_reported_as_the_strict_parse_saw_it(tmp_path: Path) -> None:
    # Read with the repair, the body would run on to the next item's "]]></content:encoded>"
    # and fold that item into this one: the strict reading stands.
    posts = [Post(id="1"), Post(id="2", content="<p>x</p>\n<p>y</p>"), Post(id="3")]
    path = tmp_path / "missing.xml"
    path.write_text(export(*posts).replace("<p>y</p>]]></content:encoded>", "<p>y</p>]]>"))
    strict, scanned = strict_and_scanned(path)
    assert [str(p) for p in scanned.problems] == [str(strict)]
    assert scanned.problems[0].line == strict.line
    assert scanned.cdata_repairs == {} and [e.id for e in scanned.index] == ["1"]


def test_a_repair_that_reads_no_further_is_dropped(tmp_path: Path) -> None:
    # The damage comes first; the stray "]]>" after it is repaired, but changes nothing.
    path = tmp_path / "damaged.xml"
    text = raw_export(Post(id="1"), Post(id="2", content="a ]]> b"))
    path.write_text(text.replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>1</wp:post_i>"))
    strict, scanned = strict_and_scanned(path)
    assert [str(p) for p in scanned.problems] == [str(strict)]
    assert scanned.cdata_repairs == {} and not scanned.repairs_cdata(path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_reads_the_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    site = tmp_path / "site"
    done = run_cli(capsys, "convert", str(FIXTURE), "-o", str(site), "-j", jobs)
    assert done.code == 0, done.err
    assert "4 ']]>' left unescaped inside CDATA sections" in done.err
    assert done.err.splitlines()[-1].startswith("3 pages written")
    page = (site / "content" / "posts").rglob("index.md")
    assert any("]]>b and" in p.read_text() for p in page)


def test_inspect_mentions_the_repair() -> None:
    result = survey([FIXTURE])
    assert result.items == 3
    (problem,) = result.problems  # a warning: the file is read whole
    assert problem.kind == "warning" and result.return_code == 0
    assert problem.message.startswith(str(FIXTURE) + ": 4 ']]>' left unescaped")


@pytest.mark.corpus
@pytest.mark.parametrize("export", CRAZY, ids=lambda p: p.stem)
def test_importer_crazy_cdata_reads_as_wordpress_does(export: Path) -> None:
    scanned = scan([export])
    (item,) = read_items(export, scanned.repairs_cdata(export))
    assert item.content == "Content with nested <![CDATA[ tags ]]> :)"
    assert item.meta == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>",
    }
