"""Fuzzing the WXR reader: mutated copies of the sample export and generated WXR-like XML.

Whatever the bytes, reading either works or raises :class:`WpmigrateError` (with a path), and
a whole conversion never fails with anything else. The run here is short enough for CI; a
longer one is ``WPMIGRATE_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz_wxr.py`` (see README).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from robust_wxr import cdata
from wpmigrate.config import Config
from wpmigrate.errors import WpmigrateError
from wpmigrate.pipeline import convert_site
from wpmigrate.read import xmlsafe
from wpmigrate.read.wxr import read_items, scan

EXAMPLES = int(os.environ.get("WPMIGRATE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAMPLE_BYTES = SAMPLE.read_bytes()

# --- inputs -----------------------------------------------------------------------------------

NASTY = [
    b"<",
    b">",
    b"&",
    b"]]>",
    b"<![CDATA[",
    b"<!--",
    b"-->",
    b"<!DOCTYPE rss [<!ENTITY a 'b'>]>",
    b"&a;",
    b"&#0;",
    b"&#xD800;",
    b"\x00",
    b"\x1b",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe2\x80",
    b"</channel>",
    b"</item>",
    b"<item>",
    b'xmlns:wp="http://wordpress.org/export/1.2/"',
    b"<wp:post_id>",
    b"a:2:{i:0;s:1:",
    b"\r\n",
]


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    """The sample with a few cuts, insertions, repeats and byte flips."""
    data = bytearray(SAMPLE_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "flip", "truncate"]))
        if kind == "cut":
            del data[at : at + draw(st.integers(1, 400))]
        elif kind == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(NASTY), st.binary(max_size=16)))
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 2000))]
        elif kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


TAGS = [
    "title",
    "link",
    "guid",
    "content:encoded",
    "excerpt:encoded",
    "dc:creator",
    "category",
    "wp:post_id",
    "wp:post_name",
    "wp:post_type",
    "wp:status",
    "wp:post_parent",
    "wp:post_date",
    "wp:menu_order",
    "wp:post_password",
    "wp:attachment_url",
    "wp:meta_key",
    "wp:meta_value",
    "wp:postmeta",
    "wp:comment",
    "wp:comment_content",
    "wp:author",
    "wp:author_login",
    "wp:category",
    "wp:tag",
    "wp:term",
    "wp:term_taxonomy",
    "wp:term_slug",
    "unknown:thing",
    "item",
]


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    attrs = st.sampled_from(
        ["", ' domain="category" nicename="x"', ' domain="post_tag"', " a='&amp;'"]
    )
    return st.builds(lambda t, a, c: f"<{t}{a}>{c}</{t}>", st.sampled_from(TAGS), attrs, children)


TEXT = st.one_of(
    st.text(max_size=20).map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;")),
    st.text(max_size=40).map(cdata),
    st.sampled_from(['a:1:{s:4:"file";s:5:"x.jpg";}', "0", "-1", "99999999999999999999", ""]),
)
CONTENT = st.recursive(
    TEXT, lambda inner: st.lists(element(inner), max_size=5).map("".join), max_leaves=30
)


@st.composite
def generated_wxr(draw: st.DrawFn) -> bytes:
    version = draw(st.sampled_from(["1.0", "1.1", "1.2", "9.9", "abc"]))
    items = draw(st.lists(element(CONTENT), max_size=6))
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        f' xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:wp="http://wordpress.org/export/{version}/">\n<channel>\n'
        f"<wp:wxr_version>{version}</wp:wxr_version>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )
    return text.encode("utf-8")


# --- properties -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def export_file(work: Path, data: bytes) -> Path:
    path = work / "fuzz.xml"
    path.write_bytes(data)
    return path


def read_all(path: Path) -> None:
    """Both passes of the reader; only WpmigrateError may come out, and it names the file."""
    for reader in (lambda: scan([path]), lambda: list(read_items(path))):
        try:
            reader()
        except WpmigrateError as err:
            assert err.path == path
            assert str(err)
            event(f"{type(err).__name__}: {err.message[:30]}")


@FUZZ
@given(data=mutated_sample())
def test_mutated_sample_reads_or_fails_cleanly(work: Path, data: bytes) -> None:
    read_all(export_file(work, data))


@FUZZ
@given(data=generated_wxr())
def test_generated_wxr_reads_or_fails_cleanly(work: Path, data: bytes) -> None:
    read_all(export_file(work, data))


@settings(
    max_examples=max(5, EXAMPLES // 4), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(data=st.one_of(mutated_sample(), generated_wxr()))
def test_conversion_of_fuzzed_exports_never_crashes(work: Path, data: bytes) -> None:
    path = export_file(work, data)
    site = Path(tempfile.mkdtemp(dir=work))
    try:
        report = convert_site([path], site, Config(jobs=1))
    except WpmigrateError:
        event("not converted")
        return
    finally:
        shutil.rmtree(site, ignore_errors=True)
    event(f"converted {min(len(report.items), 5)}+ items" if report.items else "no items")
    failed = [r for r in report.items if r.status == "failed"]
    assert not failed, [r.reason for r in failed]


# --- the namespace prefix pre-scan --------------------------------------------------------------

PREFIXES = ["wp", "dc", "atom", "o", "xml", "xmlns", "a.b", "w-1"]
PREFIX = st.sampled_from(PREFIXES)
HEAD = st.sampled_from(
    [
        '<?xml version="1.0"?>',
        "<!-- generator -->",
        '<!-- <rss xmlns:atom="u"> -->',
        "<!--",
        "<!DOCTYPE rss>",
        '<![CDATA[ xmlns:o="u" ]]>',
        "\n",
    ]
)
BODY = st.one_of(
    st.sampled_from(["<![CDATA[", "]]>", "<!--", "-->", "<item>", "</item>", ">", "<", "a", " "]),
    PREFIX.map(lambda p: f"<{p}:x>"),
    PREFIX.map(lambda p: f"</{p}:x>"),
    PREFIX.map(lambda p: f' {p}:y="v"'),
    PREFIX.map(lambda p: f"\t{p}:y = 'v'"),
    PREFIX.map(lambda p: f' xmlns:{p}="u"'),
    PREFIX.map(lambda p: f"<{p}:{'n' * 300}>"),
)


@st.composite
def prefixed_xml(draw: st.DrawFn) -> bytes:
    """Text full of what the prefix scan looks at: declarations, prefixed names, CDATA and
    comments (opened and closed anywhere), with an ``<rss>`` tag near the start."""
    head = "".join(draw(st.lists(HEAD, max_size=3)))
    declared = "".join(f' xmlns:{p}="u"' for p in draw(st.lists(PREFIX, max_size=3)))
    inside = draw(st.sampled_from(["", " <!-- x", " <!-- x -->", ' v="2"']))
    body = "".join(draw(st.lists(BODY, max_size=60)))
    return f"{head}<rss{inside}{declared}>{body}</rss>".encode()


@settings(max_examples=max(50, EXAMPLES), deadline=None)
@given(data=prefixed_xml(), chunk=st.sampled_from([97, 301, 1 << 20]))
def test_quick_prefix_answer_agrees_with_the_exact_scan(
    work: Path, data: bytes, chunk: int
) -> None:
    path = export_file(work, data)
    with mock.patch.object(xmlsafe, "_CHUNK", chunk):
        quick = xmlsafe._only_root_prefixes(path)
        exact = xmlsafe._exact_undeclared(path)
    event(f"quick answer: {quick}")
    assert not quick or exact == ()


def test_quick_prefix_answer_gives_up_on_a_long_run_without_markup(work: Path) -> None:
    # Nothing is undeclared in either file, but the quick answer carries at most a few
    # chunks without a ">" before it leaves the question to the exact scan.
    for length, quick in [(3000, True), (5000, False)]:
        path = export_file(work, f'<rss xmlns:wp="u"><wp:x>{"A" * length}</wp:x></rss>'.encode())
        with mock.patch.object(xmlsafe, "_CHUNK", 1000):
            assert xmlsafe._only_root_prefixes(path) is quick
            assert xmlsafe._exact_undeclared(path) == ()
