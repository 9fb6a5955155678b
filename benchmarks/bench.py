"""Benchmark: wpmigrate against wordpress-export-to-markdown 2.2.2 on large exports.

Builds big exports by repeating the items of a real one (WordPress's theme unit test data)
N times, each copy with fresh post ids and slugs and its links, parents and id-valued meta
adjusted; then measures, each in a fresh measuring process:

* the floor: lxml ``iterparse`` alone over the file (elements cleared as read);
* the null pipeline: Python importing wpmigrate's dependencies, one ``iterparse`` pass, and
  each post and page's body written unconverted to ``<type>/<slug>/index.md``, the files the
  peer writes: what any Python tool on this stack spends before converting a single page;
* ``wpmigrate convert`` with the default job count and with ``--jobs 1``;
* the peer, ``wordpress-export-to-markdown`` 2.2.2 from npm (skipped when node/npm are
  missing), with images off and every post type.

Wall time, CPU time (user + sys of the whole process tree: the measuring process becomes a
child subreaper, so pool workers orphaned at exit are still counted) and peak RSS (largest
single process, from ``getrusage``; plus the sampled sum over the tree) are printed as a
table with ratios, and every item the peer writes is checked to be in both outputs.

    python benchmarks/bench.py                 # x10 and x40
    python benchmarks/bench.py --copies 10 --no-peer
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from wpmigrate.config import default_jobs, usable_cores

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = ROOT.parent / "shared" / "corpora" / "theme-test-data" / "themeunittestdata.wordpress.xml"
PEER = "wordpress-export-to-markdown@2.2.2"
ID_STEP = 100_000  # copy k adds k * ID_STEP to every post id: larger than any id in the source
# Post meta whose value is a post id, so it must follow the copy's ids.
ID_META = (
    "_thumbnail_id",
    "_menu_item_object_id",
    "_menu_item_menu_item_parent",
    "_attachment_original_parent_id",
)
# What the peer leaves out (parser.js): these types, and drafts and trashed posts.
PEER_SKIPS_TYPES = frozenset(
    {"attachment", "revision", "nav_menu_item", "custom_css", "customize_changeset"}
)
PEER_SKIPS_STATUS = frozenset({"trash", "draft"})

_ITEM = re.compile(r"<item>.*?</item>", re.S)
_POST_ID = re.compile(r"<wp:post_id>(\d+)</wp:post_id>")
_PARENT = re.compile(r"<wp:post_parent>(\d+)</wp:post_parent>")
_SLUG = re.compile(r"(<wp:post_name>(?:<!\[CDATA\[)?)([^<\]]+)((?:\]\]>)?</wp:post_name>)")
_META = re.compile(
    r"(<wp:meta_key>(?:<!\[CDATA\[)?(?:"
    + "|".join(ID_META)
    + r")(?:\]\]>)?</wp:meta_key>\s*<wp:meta_value>(?:<!\[CDATA\[)?)(\d+)"
)
_URL = re.compile(r"(<(?:link|guid)\b[^>]*>)([^<]*)(</(?:link|guid)>)")
_WORDPRESS_ID = re.compile(r"^wordpress_id\s*[:=]\s*['\"]?(\d+)", re.M)
_QUERY_ID = re.compile(r"([?&](?:p|page_id|attachment_id)=)(\d+)")


# --- building the export ------------------------------------------------------------------


def build_export(source: Path, copies: int, dest: Path) -> int:
    """Write ``source``'s items ``copies`` times into ``dest``; returns the item count."""
    text = source.read_text("utf-8")
    items = _ITEM.findall(text)
    head = text[: text.index(items[0])]
    tail = text[text.rindex(items[-1]) + len(items[-1]) :]
    slugs = {m.group(2) for m in map(_SLUG.search, items) if m}
    with dest.open("w", encoding="utf-8") as out:
        out.write(head)
        for k in range(copies):
            for item in items:
                out.write(copy_item(item, k, slugs) if k else item)
                out.write("\n")
        out.write(tail)
    return len(items) * copies


def copy_item(item: str, k: int, slugs: set[str]) -> str:
    """Copy ``k`` of an item: ids shifted by ``k * ID_STEP``, slugs suffixed ``-c<k>``."""

    def shift(m: re.Match[str]) -> str:
        # The id is the last group of every pattern; 0 (no parent) stays 0.
        g = m.lastindex or 1
        value = int(m.group(g))
        new = value + k * ID_STEP if value else 0
        return m.string[m.start(0) : m.start(g)] + str(new) + m.string[m.end(g) : m.end(0)]

    def segment(part: str) -> str:
        return f"{part}-c{k}" if part in slugs else part

    def url(m: re.Match[str]) -> str:
        address = "/".join(segment(p) for p in m.group(2).split("/"))
        return m.group(1) + _QUERY_ID.sub(shift, address) + m.group(3)

    item = _POST_ID.sub(shift, item)
    item = _PARENT.sub(shift, item)
    item = _META.sub(shift, item)
    item = _SLUG.sub(lambda m: m.group(1) + f"{m.group(2)}-c{k}" + m.group(3), item)
    return _URL.sub(url, item)


@dataclass(frozen=True)
class Expected:
    """An item the peer writes (and so must be in both outputs)."""

    id: str
    type: str
    slug: str


def expected_items(export: Path) -> list[Expected]:
    from lxml import etree  # the floor's parser too; imported late so --help stays instant

    found: list[Expected] = []
    for _, elem in etree.iterparse(str(export), tag="item"):
        fields = {etree.QName(c).localname: (c.text or "") for c in elem}
        if fields["post_type"] not in PEER_SKIPS_TYPES and (
            fields["status"] not in PEER_SKIPS_STATUS
        ):
            found.append(Expected(fields["post_id"], fields["post_type"], fields["post_name"]))
        elem.clear(keep_tail=True)
    return found


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the whole process tree
    peak_mb: float  # largest single process, from getrusage
    tree_mb: float  # largest sampled sum of RSS over the process tree
    code: int


def measure(argv: Sequence[str], cwd: Path | None = None) -> Measure:
    """Run ``argv`` in a fresh measuring process so ``RUSAGE_CHILDREN`` is this run's alone."""
    probe = [sys.executable, str(Path(__file__).resolve()), "--probe", "--", *argv]
    done = subprocess.run(probe, capture_output=True, text=True, cwd=cwd, check=False)
    if not done.stdout.strip():
        raise RuntimeError(f"measuring {argv[0]} failed: {done.stderr[-2000:]}")
    return Measure(**json.loads(done.stdout.strip().splitlines()[-1]))


def probe(argv: Sequence[str]) -> None:
    """The measuring process: run ``argv``, reap every descendant, print the usage as JSON."""
    _become_subreaper()
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = _TreeSampler(child.pid)
    sampler.start()
    code = child.wait()
    wall = time.perf_counter() - start
    _reap_orphans()
    sampler.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Linux reports ru_maxrss in KiB.
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
                "tree_mb": sampler.peak / 1024,
                "code": code,
            }
        )
    )


def _become_subreaper() -> None:
    # Pool workers (and a forkserver) may outlive their parent by a moment; as subreaper
    # this process inherits and reaps them, so their CPU time is counted.
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans() -> None:
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


class _TreeSampler(threading.Thread):
    """Samples the summed RSS (KiB) of a process and its descendants every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.02):
            self.peak = max(self.peak, _tree_rss(self.pid))

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            parents[int(entry.name)] = int(fields.get("PPid", "0"))
            rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    return sum(kib for pid, kib in rss.items() if _descends(pid, root, parents))


def _descends(pid: int, root: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        if pid == root:
            return True
        pid = parents.get(pid, 0)
    return False


# --- the contenders -------------------------------------------------------------------------


def floor_argv(export: Path) -> list[str]:
    code = (
        "import sys\nfrom lxml import etree\n"
        "for _, e in etree.iterparse(sys.argv[1]):\n"
        "    e.clear(keep_tail=True)\n"
        "    while e.getparent() is not None and e.getprevious() is not None:\n"
        "        del e.getparent()[0]\n"
    )
    return [sys.executable, "-c", code, str(export)]


# Imports the runtime dependencies pyproject lists, then does the least a converter can do:
# one streaming pass, each post and page written as it is, one folder per page (as the peer).
NULL_PIPELINE = """\
import os, sys
import bs4, click, frontmatter, ftfy, lxml.html, markdown_it, pyromark, yaml
from lxml import etree
WP = "{https://wordpress.org/export/1.2/}"
BODY = "{http://purl.org/rss/1.0/modules/content/}encoded"
for _, e in etree.iterparse(sys.argv[1], tag="item"):
    kind, status = e.findtext(WP + "post_type"), e.findtext(WP + "status")
    if kind in ("post", "page") and status not in ("draft", "trash"):
        folder = os.path.join(sys.argv[2], kind, e.findtext(WP + "post_name") or "")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.md"), "w", encoding="utf-8") as f:
            f.write("---\\ntitle: " + (e.findtext("title") or "") + "\\n---\\n")
            f.write(e.findtext(BODY) or "")
    e.clear(keep_tail=True)
    while e.getprevious() is not None:
        del e.getparent()[0]
"""


def null_argv(export: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", NULL_PIPELINE, str(export), str(out)]


def wpmigrate_argv(export: Path, site: Path, jobs: int | None) -> list[str]:
    exe = Path(sys.executable).with_name("wpmigrate")
    argv = [str(exe), "convert", "-q", str(export), "-o", str(site)]
    return argv + (["--jobs", str(jobs)] if jobs else [])


def peer_argv(peer_dir: Path, export: Path, out: Path) -> list[str]:
    script = peer_dir / "node_modules" / ".bin" / "wordpress-export-to-markdown"
    flags = ["--wizard", "false", "--save-attached-images", "false"]
    flags += ["--save-scraped-images", "false", "--include-other-types", "true"]
    return [str(script), "--input", str(export), "--output", str(out), *flags]


def install_peer(work: Path) -> Path | None:
    """The peer installed under ``work`` with npm, or None when node/npm are missing."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    peer_dir = work / "peer"
    if not (peer_dir / "node_modules" / ".bin" / "wordpress-export-to-markdown").exists():
        peer_dir.mkdir(parents=True, exist_ok=True)
        (peer_dir / "package.json").write_text('{"private": true}\n')
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", PEER],
            cwd=peer_dir,
            capture_output=True,
            check=False,
        )
        if done.returncode:
            print(f"peer not installed (npm failed): {done.stderr.decode()[-500:]}")
            return None
    return peer_dir


# --- checking the outputs -------------------------------------------------------------------


def missing_in_wpmigrate(site: Path, expected: list[Expected]) -> list[str]:
    # Found through the front matter rather than --report, which would cost memory itself.
    done: set[str] = set()
    for page in (site / "content").rglob("*.md"):
        done.update(_WORDPRESS_ID.findall(page.read_text(encoding="utf-8")))
    return [e.id for e in expected if e.id not in done]


def missing_in_peer(out: Path, expected: list[Expected]) -> list[str]:
    # The peer names folders by the decoded slug (decodeURIComponent in parser.js).
    found = (out / e.type / unquote(e.slug) / "index.md" for e in expected)
    return [e.id for e, page in zip(expected, found, strict=True) if not page.is_file()]


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    m: Measure
    missing: int | None = None


def run_size(copies: int, work: Path, peer_dir: Path | None, jobs: int) -> list[Row]:
    export = work / f"export-x{copies}.xml"
    count = build_export(SOURCE, copies, export)
    size = export.stat().st_size / 1e6
    expected = expected_items(export)
    print(f"\nx{copies}: {export.name}, {size:.1f} MB, {count} items, {len(expected)} pages")
    rows = [Row("lxml iterparse (floor)", measure(floor_argv(export)))]
    null_out = work / f"null-x{copies}"
    shutil.rmtree(null_out, ignore_errors=True)
    rows.append(Row("null pipeline (no conversion)", measure(null_argv(export, null_out))))
    single = "wpmigrate --jobs 1" + (" (default)" if jobs == 1 else "")
    runs = [(f"wpmigrate --jobs {jobs} (default)", None)] if jobs > 1 else []
    for label, j in [*runs, (single, 1)]:
        site = work / f"site-x{copies}-j{j or jobs}"
        shutil.rmtree(site, ignore_errors=True)
        m = measure(wpmigrate_argv(export, site, j))
        rows.append(Row(label, m, len(missing_in_wpmigrate(site, expected))))
    if peer_dir is not None:
        out = work / f"peer-x{copies}"
        shutil.rmtree(out, ignore_errors=True)
        m = measure(peer_argv(peer_dir, export, out), cwd=peer_dir)
        rows.append(Row("wordpress-export-to-markdown", m, len(missing_in_peer(out, expected))))
    print_table(rows)
    return rows


def print_table(rows: list[Row]) -> None:
    print(f"{'':32} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'tree MB':>8} {'missing':>8}")
    for r in rows:
        missing = "-" if r.missing is None else str(r.missing)
        name = r.name if r.m.code == 0 else f"{r.name} (exit {r.m.code})"
        print(
            f"{name:32} {r.m.wall:8.2f} {r.m.cpu:8.2f} {r.m.peak_mb:8.1f}"
            f" {r.m.tree_mb:8.1f} {missing:>8}"
        )
    floor, null, ours, peer = rows[0].m, rows[1].m, rows[2].m, rows[-1].m
    print(f"wpmigrate / floor: wall {ours.wall / floor.wall:.1f}x, cpu {ours.cpu / floor.cpu:.1f}x")
    if rows[-1].name.startswith("wordpress"):
        ratio = f"wall {peer.wall / ours.wall:.1f}x, cpu {peer.cpu / ours.cpu:.1f}x"
        print(f"peer / wpmigrate: {ratio}")
        print(
            f"5x less CPU than the peer means {peer.cpu / 5:.2f} s;"
            f" the null pipeline alone takes {null.cpu:.2f} s"
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    if args.probe:
        probe(args.command)
        return 0
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    if not SOURCE.is_file():
        print(f"source export not found: {SOURCE}")
        return 2
    peer_dir = None if args.no_peer else install_peer(work)
    if peer_dir is None and not args.no_peer:
        print("node/npm not available: the peer is skipped")
    jobs = default_jobs()
    precompile()
    print(f"cores: {usable_cores()}, default jobs: {jobs}, python {sys.version.split()[0]}")
    sizes: dict[int, list[Row]] = {}
    for copies in args.copies:
        sizes[copies] = run_size(copies, work, peer_dir, jobs or 1)
    _print_growth(sizes)
    return 0


def precompile() -> None:
    """Write wpmigrate's bytecode before measuring, as ``pip install`` does: an editable
    install run with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module again
    on each run and time that instead of the tool."""
    import compileall

    import wpmigrate

    compileall.compile_dir(str(Path(wpmigrate.__file__).parent), quiet=1)


def _print_growth(sizes: dict[int, list[Row]]) -> None:
    if len(sizes) < 2:
        return
    small, large = min(sizes), max(sizes)
    for i, row in enumerate(sizes[small][2:4], start=2):
        big = sizes[large][i].m
        print(
            f"{row.name}: peak x{large} / x{small} = {big.peak_mb / row.m.peak_mb:.2f}"
            f" ({row.m.peak_mb:.1f} -> {big.peak_mb:.1f} MB)"
        )


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 40])
    parser.add_argument("--no-peer", action="store_true", help="skip the npm peer")
    parser.add_argument("--out", default=str(HERE / "out"), help="work folder (gitignored)")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
