"""The pipeline: read -> repair -> normalize -> convert -> write, composed; ``run`` -> Report.

Two passes over the export, both streaming: ``scan`` reads only what places and links items
(ids, slugs, links, parents, attachments), because attachments and parents may come after the
posts that use them; then items are read one by one, converted (in worker processes when
``jobs > 1``) and written in document order, so the output never depends on the job count.
A failing item never stops the run: it becomes a ``failed`` result naming file, line and id.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path

from wpmigrate import convert_item as ci
from wpmigrate.config import Config
from wpmigrate.errors import OutputError, TruncatedInputError, WpmigrateError
from wpmigrate.model import Author, IndexEntry, Item, Notes
from wpmigrate.parallel import ordered_map
from wpmigrate.read.wxr import Scan, read_items, scan
from wpmigrate.repair import repair_site
from wpmigrate.report import FAILED, ItemResult, Report
from wpmigrate.write.download import Downloader
from wpmigrate.write.hugo import SiteWriter
from wpmigrate.write.redirects import redirect_file
from wpmigrate.write.scaffold import scaffold_files, users_config, write_scaffold
from wpmigrate.write.usersite import shortcodes_called, users_site_warnings

#: Where ``--download`` keeps fetched uploads, inside the site, laid out like the uploads.
DOWNLOADS = ".wpmigrate/downloads"
ProgressStart = Callable[[int], Callable[[], None]]


def convert_site(
    sources: Sequence[Path],
    out: Path,
    cfg: Config | None = None,
    mode: str = "write",
    progress: ProgressStart | None = None,
) -> Report:
    """Convert WXR ``sources`` into the Hugo site at ``out``. Raises InputError when a source
    cannot be read at all; everything else is in the Report."""
    cfg = cfg or Config()
    report = Report(mode=mode, command="convert", fail_on=cfg.fail_on)
    scanned = scan(list(sources))
    broken = [p for p in scanned.problems if isinstance(p, TruncatedInputError)]
    if broken and not scanned.index:
        raise broken[0]  # nothing complete to convert: fail before writing anything
    report.warnings += [str(w) for w in scanned.warnings(sources, cfg.internal_types)]
    site_notes = Notes(item_id="site")
    site = repair_site(scanned.site, cfg, site_notes)
    for login in scanned.creators:  # writers the export has no <wp:author> record for
        site.authors.setdefault(login, Author(login, ""))
    downloads = out / DOWNLOADS if cfg.download else None
    count = len(scanned.index)
    # One copy of the index stays alive, not two, and without the items that never become
    # pages nor link targets (menu items, revisions...): a third of many exports.
    scanned.index = unique_index(scanned.index, drop=cfg.internal_types)
    shared = ci.prepare_shared(
        site, scanned.index, scanned.media, cfg, downloads, reusable=scanned.reusable
    )
    writer = SiteWriter(out, cfg, mode)
    own_config = users_config(writer)  # before the scaffold: wpmigrate may write one now
    scaffold = scaffold_files(site, shared.plan, cfg)
    if cfg.redirects:
        rel, content = redirect_file(cfg.redirects, shared.links, shared.plan.base_path)
        scaffold[rel] = content
    for written in write_scaffold(writer, dict(sorted(scaffold.items()))):
        report.files.append(
            ItemResult(
                id="",
                title=written.path,
                source="",
                status=written.status,
                output=written.path,
                diff=written.diff,
            )
        )
    step = progress(count) if progress else None
    # Downloads happen here, in the one main process: never two requests at a time.
    fetcher = Downloader(downloads) if downloads and mode == "write" else None
    items = _items(sources, report, scanned)
    called: set[str] = set()  # shortcodes a site of the user's own must provide
    for outcome in ordered_map(ci.convert_item, items, shared, cfg.jobs):
        outcome = _with_downloads(outcome, shared, fetcher)
        _record(outcome, writer, report)
        if own_config:
            called |= shortcodes_called(outcome.page)
        if step:
            step()
    writer.finish()
    if own_config:
        report.warnings += users_site_warnings(out, own_config, called, shared.plan)
    if fetcher:  # why a file is still missing: the notes only say it is
        report.warnings += download_warnings(fetcher.failed)
    return report


#: Failed downloads named one by one; an old site that is gone fails them all, and thousands
#: of lines would bury the rest of the output (each item's notes still name its files).
DOWNLOAD_LINES = 20


def download_warnings(failed: dict[str, str]) -> list[str]:
    lines = [f"--download: {url}: {why}" for url, why in list(failed.items())[:DOWNLOAD_LINES]]
    if len(failed) > DOWNLOAD_LINES:
        rest = len(failed) - DOWNLOAD_LINES
        reasons = Counter(failed.values()).most_common(1)[0][0]
        lines.append(
            f"--download: {rest} more files could not be fetched (most often: {reasons});"
            " -v or --report names each with its page"
        )
    return lines


class UniqueIds:
    """Gives every item a distinct id, the same way in both passes (they see items in the
    same order): a repeated post id becomes ``"<id>-2"``, a missing one ``"noid-<n>"``.
    Exports with duplicate ids exist (WordPress.com's theme test data has them); no copy is
    dropped."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.count = 0

    def __call__(self, raw: str) -> str:
        self.count += 1
        key = raw.strip() or f"noid-{self.count}"
        n = self.seen[key] = self.seen.get(key, 0) + 1
        return key if n == 1 else f"{key}-{n}"


def unique_index(index: list[IndexEntry], drop: Collection[str] = ()) -> list[IndexEntry]:
    """``index`` with the ids the second pass gives (see :class:`UniqueIds`), without the
    entries whose type is in ``drop`` (their ids are still counted, as the second pass does)."""
    ids = UniqueIds()
    unique = []
    for entry in index:
        new_id = ids(entry.id)
        if entry.type in drop:
            continue
        unique.append(entry if new_id == entry.id else dataclasses.replace(entry, id=new_id))
    return unique


def _items(sources: Sequence[Path], report: Report, scanned: Scan) -> Iterator[Item]:
    ids = UniqueIds()
    for path in sources:
        try:
            # Read each file as the first pass did (with or without the CDATA repair).
            for item in read_items(path, scanned.repairs_cdata(path)):
                unique = ids(item.id)
                # Most ids are unique already: no copy of the item for them.
                yield item if unique == item.id else item.replace(id=unique)
        except WpmigrateError as err:
            if str(err) not in report.problems:
                report.problems.append(str(err))
            report.input_failed = True


def _with_downloads(
    outcome: ci.Outcome, shared: ci.Shared, fetcher: Downloader | None
) -> ci.Outcome:
    """The item converted again once the uploads it lacked are fetched (``--download``)."""
    if fetcher is None or not outcome.fetch or outcome.item is None:
        return outcome
    got = [fetcher.get(fetch) for fetch in outcome.fetch]
    return ci.convert_item(outcome.item, shared) if any(got) else outcome


def _record(outcome: ci.Outcome, writer: SiteWriter, report: Report) -> None:
    result = outcome.result
    if not outcome.page:
        report.add(result)
        return
    try:
        for rel, content in outcome.extra_files:
            writer.put(rel, content, item_id=result.id)
        for rel, source in outcome.assets:  # media copied into the page bundle
            writer.put(rel, Path(source).read_bytes(), item_id=result.id)
        written = writer.put(result.output, outcome.page, item_id=result.id)
    except (OutputError, OSError) as err:  # one unwritable item must not stop the others
        result.status = FAILED
        result.reason = str(err)
        report.add(result)
        return
    result.status = written.status
    result.diff = written.diff
    report.add(result)
