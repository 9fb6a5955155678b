"""Security: hostile XML stays inert, nothing is written outside the site folder, and neither
scripts nor private data reach the output."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SAMPLE
from robust_wxr import Post, comment, export, pages, run_cli, tree, write_export
from wpmigrate.config import Config
from wpmigrate.errors import OutputError
from wpmigrate.write.hugo import SiteWriter

# --- XML: no entities, no DTD, no network ---------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def connected(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def with_doctype(doctype: str, title: str, content: str) -> str:
    """The template export with a DOCTYPE and raw (unescaped) XML in title and body."""
    text = export(Post(id="1", title="TITLE", content="BODY", slug="hostile"))
    text = text.replace("<![CDATA[TITLE]]>", title).replace("<![CDATA[BODY]]>", content)
    return text.replace("<rss ", f"{doctype}\n<rss ", 1)


def convert(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, Path]:
    source = tmp_path / "hostile.xml"
    source.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    done = run_cli(capsys, "convert", str(source), "-o", str(site), "-j", "1", "-q")
    assert "Traceback" not in done.err
    return done.code, site


def site_bytes(site: Path) -> bytes:
    return b"\n".join(tree(site).values()) if site.exists() else b""


def test_external_file_entity_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    doctype = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    code, site = convert(tmp_path, capsys, with_doctype(doctype, "Read &xxe; here", "<p>&xxe;</p>"))
    assert code == 0
    assert b"TOP-SECRET-VALUE" not in site_bytes(site)


def test_no_dtd_or_entity_is_fetched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], listener: socket.socket
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/evil.dtd"
    doctype = (
        f'<!DOCTYPE rss SYSTEM "{url}" [<!ENTITY % remote SYSTEM "{url}"> %remote;'
        f' <!ENTITY net SYSTEM "{url}">]>'
    )
    code, _ = convert(tmp_path, capsys, with_doctype(doctype, "Net &net;", "&net;"))
    assert code in (0, 2)
    assert not connected(listener)


def test_billion_laughs_stays_small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 12)
    ]
    doctype = f"<!DOCTYPE rss [{''.join(entities)}]>"
    code, site = convert(tmp_path, capsys, with_doctype(doctype, "&lol11;", "<p>&lol11;</p>"))
    assert code in (0, 2)
    assert len(site_bytes(site)) < 200_000  # 10^11 "lol"s were never expanded


# --- paths: never outside the site folder ---------------------------------------------------

HOSTILE_SLUGS = [
    "../../../escape",
    "..",
    "/etc/passwd",
    "%2e%2e%2f%2e%2e%2fescape",
    "a%00b",
    "con",
    "AUX.txt",
    "lpt1",
    "C:\\Windows\\x",
    "~",
    ".hidden",
]
HOSTILE_TYPES = ["../../escape", "/abs", "..", "con", "posts/../../x", "a\\b"]


def test_hostile_slugs_and_types_stay_inside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = [Post(id=str(i), slug=s, title=f"slug {i}") for i, s in enumerate(HOSTILE_SLUGS, 1)]
    posts += [
        Post(id=str(100 + i), type=t, slug="x", title=f"type {i}")
        for i, t in enumerate(HOSTILE_TYPES)
    ]
    posts.append(Post(id="200", type="page", parent="201", slug="..", title="child"))
    posts.append(Post(id="201", type="page", slug="../..", title="parent"))
    (tmp_path / "in").mkdir()
    source = write_export(tmp_path / "in", *posts)
    site = tmp_path / "out" / "site"
    done = run_cli(capsys, "convert", str(source), "-o", str(site), "-j", "1", "-q")
    assert done.code == 0, done.err
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and site not in p.parents]
    assert sorted(p.name for p in outside) == ["export.xml"]
    written = pages(site)
    assert len(written) == len(posts)
    reserved = {"con", "aux", "lpt1", "nul", "prn"}
    for rel in written:
        parts = Path(rel).parts
        assert ".." not in parts and "\\" not in rel and "\0" not in rel
        assert not {p.split(".")[0].lower() for p in parts} & reserved, rel


def test_symlink_in_the_output_tree_is_not_followed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine", encoding="utf-8")
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "posts").symlink_to(outside, target_is_directory=True)
    done = run_cli(capsys, "convert", str(SAMPLE), "-o", str(site), "-j", "1", "-q")
    assert done.code == 123, done.err
    assert "outside the site folder" in done.err and "Traceback" not in done.err
    assert [p.name for p in outside.rglob("*")] == ["keep.txt"]
    assert (site / "content/pages/about/index.md").is_file()  # the rest was converted


def test_symlinked_layouts_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "layouts").symlink_to(outside, target_is_directory=True)
    done = run_cli(capsys, "convert", str(SAMPLE), "-o", str(site), "-j", "1", "-q")
    assert done.code == 2, done.err
    assert "outside the site folder" in done.err and "Traceback" not in done.err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    "rel",
    [
        "../x.jpg",
        "/etc/x.jpg",
        "content/posts/a/../../../x.jpg",
        "content/posts/a/\0.jpg",
        "content\\..\\x.jpg",
        "",
        "content/posts/a/con.jpg",
        "content/posts/a/nul",
        "content/posts/a/x\x07.jpg",
    ],
)
def test_writer_refuses_unsafe_file_names(tmp_path: Path, rel: str) -> None:
    writer = SiteWriter(tmp_path / "site", Config(), "write")
    with pytest.raises(OutputError):
        writer.put(rel, b"data")
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


# --- output: no scripts, no private data -----------------------------------------------------

SCRIPTY = (
    '<p onclick="steal()" onmouseover=\'x()\'>Hello <a href="javascript:alert(1)">link</a>'
    '<img src="a.jpg" onerror="boom()"></p><script>alert("xss")</script>'
    '<svg onload=alert(2)><circle/></svg><iframe src="javascript:alert(3)"></iframe>'
)


def test_scripts_and_event_handlers_are_not_emitted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_export(tmp_path, Post(id="1", content=SCRIPTY, title="<script>t()</script>"))
    site = tmp_path / "site"
    done = run_cli(capsys, "convert", str(source), "-o", str(site), "-j", "1", "-q")
    assert done.code == 0, done.err
    (page,) = pages(site).values()
    body = page.content.lower()
    assert "<script" not in body and "javascript:" not in body
    for handler in ("onclick", "onmouseover", "onerror", "onload"):
        assert handler not in body
    assert "hello" in body and "link" in body


def test_private_data_of_the_sample_is_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    report = tmp_path / "site" / "report.json"
    done = run_cli(
        capsys, "convert", str(SAMPLE), "-o", str(site), "-j", "1", "-q", "--report", str(report)
    )
    assert done.code == 0, done.err
    everything = site_bytes(site) + done.out.encode() + done.err.encode()
    source = SAMPLE.read_text(encoding="utf-8")
    for secret in ("helene@fieldnotes.example.com", "jose.alvarez@example.net", "lighthouse-1987"):
        assert secret in source  # the sample does hold it
        assert secret.encode() not in everything
    for ip in ("203.0.113.7", "198.51.100.12", "192.0.2.250", "192.0.2.44"):
        assert ip.encode() not in everything


def test_commenter_details_are_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = comment("5", "Nice post", "fan.private@mail.example", "2001:db8::1234")
    source = write_export(tmp_path, Post(id="1", extra=extra, password="s3cret-pass"))
    site = tmp_path / "site"
    done = run_cli(capsys, "convert", str(source), "-o", str(site), "-j", "1", "-q")
    assert done.code == 0, done.err
    data = site_bytes(site)
    assert b"Nice post" in data  # the comment itself is kept
    for secret in (b"fan.private@mail.example", b"2001:db8::1234", b"s3cret-pass"):
        assert secret not in data
    assert b"owner.private@mail.example" not in data


def test_attachment_file_names_stay_inside_and_read_only_uploads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.txt").write_text("SECRET-NEXT-TO-UPLOADS", encoding="utf-8")
    uploads = tmp_path / "wp" / "uploads"
    (uploads / "2020/01").mkdir(parents=True)
    for name in ("con.jpg", "photo one.jpg", "index.md"):
        (uploads / "2020/01" / name).write_bytes(b"\xff\xd8 " + name.encode())
    up = "https://blog.example.com/wp-content/uploads/"
    content = "".join(
        f'<p><img src="{up}{rel}" alt="x"></p>'
        for rel in (
            "2020/01/con.jpg",
            "2020/01/photo%20one.jpg",
            "2020/01/index.md",
            "../../secret.txt",
            "2020/01/%2e%2e/%2e%2e/%2e%2e/secret.txt",
            "..%2f..%2fsecret.txt",
        )
    )
    source = write_export(tmp_path, Post(id="1", slug="media", content=content))
    site = tmp_path / "site"
    done = run_cli(
        capsys, "convert", str(source), "-o", str(site), "-j", "1", "-q", "--uploads", str(uploads)
    )
    assert done.code == 0, done.err
    bundle = site / "content/posts/media"
    assert sorted(p.name for p in bundle.iterdir()) == [
        "con-file.jpg",
        "index-file.md",
        "index.md",
        "photo-one.jpg",
    ]
    assert b"SECRET-NEXT-TO-UPLOADS" not in site_bytes(site)
    outside = {p for p in tmp_path.rglob("*") if p.is_file() and site not in p.parents}
    assert {p.name for p in outside} == {
        "secret.txt",
        "con.jpg",
        "photo one.jpg",
        "index.md",
        "export.xml",
    }
