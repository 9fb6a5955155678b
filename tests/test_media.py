"""Media: uploads resolved into page bundles, names that never collide, missing files noted,
the polite downloader against a local HTTP server."""

from __future__ import annotations

import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wpmigrate.media import MediaIndex
from wpmigrate.model import Attachment, NoteKind, Notes
from wpmigrate.write.download import Downloader
from wpmigrate.write.media import Bundle, Fetch, safe_name, unique_name, upload_rel

HOSTS = frozenset({"example.com"})
UP = "https://example.com/wp-content/uploads"


def uploads(root: Path, *files: str) -> Path:
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rel.encode())
    return root


def index(*atts: Attachment) -> MediaIndex:
    found = MediaIndex()
    for att in atts:
        found.add(att)
    return found


PHOTO = Attachment(
    "5", f"{UP}/2021/03/Photo.JPG", "2021/03/Photo.JPG", sizes=("Photo-300x200.JPG",)
)


def test_resized_variant_resolves_to_the_original(tmp_path: Path) -> None:
    root = uploads(tmp_path, "2021/03/Photo.JPG", "2021/03/Photo-300x200.JPG")
    bundle = Bundle(index(PHOTO), HOSTS, (root,))
    assert bundle.use(f"{UP}/2021/03/Photo-300x200.JPG") == "Photo.JPG"
    assert bundle.use(f"{UP}/2021/03/Photo.JPG") == "Photo.JPG"  # one file, one name
    [asset] = bundle.assets.values()
    assert Path(asset.source) == root / "2021/03/Photo.JPG"


def test_resolve_sizes_off_keeps_the_size_used(tmp_path: Path) -> None:
    root = uploads(tmp_path, "2021/03/Photo.JPG", "2021/03/Photo-300x200.JPG")
    bundle = Bundle(index(PHOTO), HOSTS, (root,), resolve_sizes=False)
    assert bundle.use(f"{UP}/2021/03/Photo-300x200.JPG") == "Photo-300x200.JPG"


def test_variant_without_an_attachment_still_finds_the_original(tmp_path: Path) -> None:
    root = uploads(tmp_path, "2020/01/cat.png")
    bundle = Bundle(MediaIndex(), HOSTS, (root,))
    assert bundle.use("/wp-content/uploads/2020/01/cat-1024x768.png") == "cat.png"


def test_same_name_from_two_folders_never_collides(tmp_path: Path) -> None:
    root = uploads(tmp_path, "2020/01/photo.jpg", "2021/05/photo.jpg", "2021/06/PHOTO.jpg")
    bundle = Bundle(MediaIndex(), HOSTS, (root,))
    names = [bundle.use(f"{UP}/{d}") for d in ("2020/01/photo.jpg", "2021/05/photo.jpg")]
    names.append(bundle.use(f"{UP}/2021/06/PHOTO.jpg"))
    assert names == ["photo.jpg", "photo-2.jpg", "PHOTO-3.jpg"]
    sources = {Path(a.source).read_bytes() for a in bundle.assets.values()}
    assert len(sources) == 3


def test_missing_file_keeps_the_old_url_and_is_noted(tmp_path: Path) -> None:
    bundle = Bundle(MediaIndex(), HOSTS, (tmp_path,), origin="https://example.com")
    url = "/wp-content/uploads/2021/05/gone-150x150.jpg"
    assert bundle.use(url) == "https://example.com" + url
    assert bundle.missing == [Fetch(f"{UP}/2021/05/gone.jpg", "2021/05/gone.jpg")]
    notes = Notes()
    bundle.note(notes)
    assert [n.kind for n in notes.items] == [NoteKind.MISSING_MEDIA]
    assert "gone.jpg" in notes.items[0].message


def test_paths_that_leave_the_uploads_folder_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    root = uploads(tmp_path / "up", "a.txt")
    bundle = Bundle(MediaIndex(), HOSTS, (root,))
    url = f"{UP}/../../secret.txt"
    assert bundle.use(url) == url
    assert not bundle.assets


def test_what_counts_as_an_upload() -> None:
    bundle = Bundle(index(PHOTO), HOSTS)
    assert bundle.is_upload("http://www.example.com/wp-content/uploads/x.pdf")
    assert bundle.is_upload("/wp-content/uploads/x.pdf")
    assert not bundle.is_upload("https://other.org/wp-content/uploads/x.pdf")
    assert not bundle.is_upload("https://example.com/2021/03/post/")
    assert not bundle.is_upload("data:image/png;base64,AAAA")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Photo.JPG", "Photo.JPG"),
        ("my photo (1).jpg", "my-photo-1.jpg"),
        ("index.md", "index-file.md"),
        ("报告.pdf", "报告.pdf"),
        ("...", "file"),
    ],
)
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_unique_name_and_upload_rel() -> None:
    assert unique_name("a.jpg", {"a.jpg", "a-2.jpg"}) == "a-3.jpg"
    assert unique_name("README", {"readme"}) == "README-2"
    assert upload_rel("https://x.org/blog/wp-content/uploads/2021/03/My%20Pic.jpg?w=300") == (
        "2021/03/My Pic.jpg"
    )
    assert upload_rel("https://x.org/files/2010/01/a.png") == "2010/01/a.png"


# --- downloads ------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.hits[self.path] += 1
        if self.path == "/flaky.jpg" and self.hits[self.path] < 3:
            self.send_error(503)
            return
        if self.path not in ("/ok.jpg", "/flaky.jpg"):
            self.send_error(404)
            return
        body = self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = Counter()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_downloader_retries_then_gives_up_politely(tmp_path: Path, server: str) -> None:
    waits: list[float] = []
    fetcher = Downloader(tmp_path, retries=3, backoff=0.5, sleep=waits.append, timeout=5)
    assert fetcher.get(Fetch(f"{server}/ok.jpg", "2021/ok.jpg"))
    assert (tmp_path / "2021/ok.jpg").read_bytes() == b"/ok.jpg"
    assert fetcher.get(Fetch(f"{server}/flaky.jpg", "flaky.jpg"))  # 503, 503, then 200
    assert waits == [0.5, 1.0]  # exponential backoff
    assert not fetcher.get(Fetch(f"{server}/gone.jpg", "gone.jpg"))
    assert not fetcher.get(Fetch(f"{server}/gone.jpg", "gone.jpg"))
    assert _Handler.hits["/gone.jpg"] == 1  # a 404 is final, and never asked again
    assert fetcher.failed == {f"{server}/gone.jpg": "HTTP 404"}
    # already on disk: no request at all
    assert fetcher.get(Fetch(f"{server}/ok.jpg", "2021/ok.jpg"))
    assert _Handler.hits["/ok.jpg"] == 1


def test_downloader_survives_a_dead_server(tmp_path: Path) -> None:
    fetcher = Downloader(tmp_path, retries=1, backoff=0, sleep=lambda _: None, timeout=2)
    assert not fetcher.get(Fetch("http://127.0.0.1:9/x.jpg", "x.jpg"))  # discard port
    assert "x.jpg" not in {p.name for p in tmp_path.rglob("*")}
    assert not fetcher.get(Fetch("ftp://example.com/x.jpg", "y.jpg"))
    assert not fetcher.get(Fetch("http://127.0.0.1:9/z.jpg", "../z.jpg"))


def test_downloader_sends_a_user_agent(tmp_path: Path, server: str) -> None:
    seen: list[str] = []

    def opener(request: urllib.request.Request, timeout: float) -> object:
        seen.append(request.get_header("User-agent") or "")
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310

    fetcher = Downloader(tmp_path, opener=opener)  # type: ignore[arg-type]
    assert fetcher.get(Fetch(f"{server}/ok.jpg", "ok.jpg"))
    assert seen and seen[0].startswith("wpmigrate/")
