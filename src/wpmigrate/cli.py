"""Command line: parse flags, build a Config, call the library, print, return the exit code.

Only this module talks to the terminal: diffs go to stdout, progress, per-item lines and the
one summary line to stderr. ``run(argv) -> int`` never exits, so tests call it directly;
``main`` is the console script.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from wpmigrate import __version__
from wpmigrate.config import Config
from wpmigrate.errors import WpmigrateError
from wpmigrate.model import NoteKind
from wpmigrate.report import CHANGING, FAILED, Report

FAIL_KINDS = sorted({k.value for k in NoteKind} | {"failed"})


class InputFailed(click.ClickException):
    """An input wpmigrate cannot read at all: exit code 2, as documented, also in standalone
    mode (where click would use 1)."""

    exit_code = 2


def _mode(dry_run: bool, diff: bool, check: bool) -> str:
    chosen = [name for name, on in (("dry-run", dry_run), ("diff", diff), ("check", check)) if on]
    if len(chosen) > 1:
        raise click.UsageError(
            f"choose one of --dry-run, --diff, --check (got {', '.join(chosen)})"
        )
    return chosen[0] if chosen else "write"


def _fail_on(value: str | None) -> frozenset[str] | None:
    if not value:
        return None
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = sorted(kinds - set(FAIL_KINDS))
    if unknown:
        raise click.BadParameter(
            f"unknown kind {', '.join(unknown)}; choose from {', '.join(FAIL_KINDS)}",
            param_hint="--fail-on",
        )
    return kinds


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Flags shared by convert and clean: mode, verbosity, report, CI gate, repair opt-ins."""
    options = [
        click.option("--dry-run", is_flag=True, help="Write nothing; say what would be written."),
        click.option("--diff", is_flag=True, help="Write nothing; print unified diffs on stdout."),
        click.option(
            "--check", is_flag=True, help="Write nothing; exit 1 if anything would change."
        ),
        click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line."),
        click.option("-v", "--verbose", is_flag=True, help="A line per item, with its notes."),
        click.option(
            "--report",
            "report_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write a report: .html or .htm, a page to read; any other suffix, JSON "
            "(schema in the README).",
        ),
        click.option(
            "--fail-on",
            default=None,
            metavar="KIND[,KIND]",
            help="Exit 1 when an item has such a note, e.g. words-lost,unknown-shortcode,"
            "raw-html,missing-media,failed.",
        ),
        click.option(
            "--straight-quotes",
            is_flag=True,
            default=None,
            help="Also turn curly quotes into straight ones (off: kept as written).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wpmigrate")
def cli() -> None:
    """Move a WordPress site to Hugo without losing a word."""


@cli.command()
@click.argument(
    "sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "site",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The Hugo site folder.",
)
@click.option(
    "--front-matter",
    type=click.Choice(["yaml", "toml"]),
    default=None,
    help="Front matter format (default yaml).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (default: the cores this process may use; 1 when two or fewer). Output "
    "is the same for any value.",
)
@click.option(
    "--force",
    is_flag=True,
    default=None,
    help="Overwrite pages edited by hand since wpmigrate wrote them.",
)
@click.option(
    "--uploads",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A local copy of wp-content/uploads to copy media from.",
)
@click.option(
    "--download",
    is_flag=True,
    default=None,
    help="Fetch uploads missing locally from the old site (one at a time; off by default).",
)
@click.option(
    "--redirects",
    type=click.Choice(["netlify", "nginx", "apache"]),
    default=None,
    help="Also write a redirect map for old query-string URLs (/?p=123) and feeds (/feed/).",
)
@common_options
def convert(sources: tuple[Path, ...], site: Path, **opts: Any) -> None:
    """Convert WordPress export(s) SOURCE... into the Hugo site SITE."""
    from wpmigrate.pipeline import convert_site

    mode = _mode(opts.pop("dry_run"), opts.pop("diff"), opts.pop("check"))
    # Item texts are kept only for the HTML report: memory then stays flat on big exports.
    html_report = str(opts.get("report_path") or "").lower().endswith((".html", ".htm"))
    cfg = _config(opts).replace(report_texts=html_report)
    report = _guard(lambda: convert_site(list(sources), site, cfg, mode, _progress(opts)))
    _finish(report, opts)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--keep-key",
    "keep_keys",
    multiple=True,
    help="Keep this front-matter key although it looks like plugin junk (repeatable).",
)
@click.option(
    "--drop-key",
    "drop_keys",
    multiple=True,
    metavar="PREFIX",
    help="Also drop front-matter keys starting with PREFIX (repeatable).",
)
@common_options
def clean(
    paths: tuple[Path, ...], keep_keys: tuple[str, ...], drop_keys: tuple[str, ...], **opts: Any
) -> None:
    """Repair Markdown and HTML files with front matter (or folders of them) that an older
    exporter left, in place."""
    from wpmigrate.clean import SUFFIXES, clean_paths

    mode = _mode(opts.pop("dry_run"), opts.pop("diff"), opts.pop("check"))
    report_path = str(opts.get("report_path") or "")
    cfg = _config(opts)
    cfg = cfg.replace(
        keep_keys=frozenset(keep_keys) or None,
        junk_key_prefixes=(cfg.junk_key_prefixes + drop_keys) if drop_keys else None,
        report_texts=report_path.lower().endswith((".html", ".htm")),
        report_diffs=bool(report_path),
    )
    report = _guard(lambda: clean_paths(list(paths), cfg, mode))
    if not report.items:  # a mistyped folder must not pass for a clean one unnoticed
        report.warnings.append(
            f"no {', '.join(SUFFIXES)} file found in {', '.join(map(str, paths))} (folders are "
            "searched for these suffixes; a file named on the command line is cleaned whatever "
            "its suffix)"
        )
    _finish(report, opts)


@cli.command(name="inspect")
@click.argument(
    "sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Machine-readable output; each problem with its kind (error or warning).",
)
def inspect_command(sources: tuple[Path, ...], as_json: bool) -> None:
    """Survey export(s) before converting: types, shortcodes, blocks, plugins, mojibake.
    Errors and warnings go to stderr, the exit code is convert's for the same input."""
    import json

    from wpmigrate.survey import render_text, survey

    try:
        found = survey(list(sources))
    except WpmigrateError as err:
        raise InputFailed(str(err)) from None
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(found), nl=False)
    for problem in found.problems:  # last: a cut export must not scroll out of sight
        click.echo(f"{problem.kind}: {problem.message}", err=True)
    raise click.exceptions.Exit(found.return_code)


def _config(opts: dict[str, Any]) -> Config:
    return Config().replace(
        front_matter=opts.pop("front_matter", None),
        jobs=opts.pop("jobs", None),
        force=opts.pop("force", None),
        uploads=opts.pop("uploads", None),
        redirects=opts.pop("redirects", None),
        download=opts.pop("download", None),
        straight_quotes=opts.pop("straight_quotes", None),
        fail_on=_fail_on(opts.pop("fail_on", None)),
    )


def _progress(opts: dict[str, Any]) -> Callable[[int], Callable[[], None]] | None:
    """A progress bar on stderr for interactive runs; None when quiet or not a terminal."""
    if opts.get("quiet") or not sys.stderr.isatty():
        return None

    def start(total: int) -> Callable[[], None]:
        bar = click.progressbar(length=total, label="converting", file=sys.stderr)
        bar.__enter__()
        state = {"done": 0}

        def step() -> None:
            state["done"] += 1
            bar.update(1)
            if state["done"] >= total:
                bar.__exit__(None, None, None)

        return step

    return start


def _guard(action: Callable[[], Report]) -> Report:
    try:
        return action()
    except WpmigrateError as err:
        raise InputFailed(str(err)) from None
    except (KeyboardInterrupt, click.exceptions.Exit):
        raise
    except Exception as err:  # an internal error: say so in one line, exit 123, no traceback
        detail = traceback.format_exception_only(type(err), err)[-1].strip()
        click.echo(f"error: internal error: {detail} (please report this)", err=True)
        raise click.exceptions.Exit(123) from None


def _finish(report: Report, opts: dict[str, Any]) -> None:
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if not opts.get("quiet"):
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    for result in [*report.files, *report.items]:
        _echo_result(result, report, opts)
    _echo_flagged(report)
    if opts.get("report_path"):
        report.write(opts["report_path"])
    click.echo(report.summary(), err=True)
    raise click.exceptions.Exit(report.return_code)


def _echo_result(result: Any, report: Report, opts: dict[str, Any]) -> None:
    if report.mode == "diff" and result.diff:
        click.echo(result.diff, nl=not result.diff.endswith("\n"))
    if result.status == FAILED:
        where = f"{result.source}:{result.line}" if result.line else result.source
        what = f"item {result.id}: " if report.command == "convert" else ""
        click.echo(f"error: {where}: {what}{result.reason}", err=True)
    elif opts.get("verbose") and (result.status in CHANGING or result.notes):
        target = result.output or result.source
        click.echo(f"{_status_word(result.status, report)}: {target}", err=True)
        for note in result.notes:
            click.echo(f"    {note.stage}: {note.kind.value}: {note.message}", err=True)
    elif opts.get("verbose") and result.status == "skipped":
        click.echo(f"skipped: item {result.id} ({result.type}): {result.reason}", err=True)
    elif opts.get("verbose"):
        click.echo(f"{result.status}: {result.output or result.source}", err=True)


def _status_word(status: str, report: Report) -> str:
    """The summary's own verb: ``clean`` says a file was "cleaned", not "written"."""
    if report.command == "clean":
        return {"written": "cleaned", "would-change": "would-clean"}.get(status, status)
    return status


def _echo_flagged(report: Report) -> None:
    """What made ``--fail-on`` exit 1, one line per item, also with ``-q``: a CI log must say
    which items need a look, not only how many."""
    for result in report.gate_hits():
        kinds = ", ".join(sorted(report.fail_on & (result.note_kinds() | {result.status})))
        where = f"{result.source}:{result.line}" if result.line else result.source
        what = f"item {result.id} ({result.output}): " if report.command == "convert" else ""
        click.echo(f"flagged: {where}: {what}{kinds}", err=True)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit code instead of exiting."""
    try:
        # Without standalone mode, click returns the code of an Exit raised by a command
        # instead of raising it: that return value is the exit code.
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="wpmigrate",
            standalone_mode=False,
        )
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as err:
        err.show()
        return 2 if not isinstance(err, click.UsageError) else err.exit_code
    except click.exceptions.Abort:
        # Every write is atomic (write/atomic.py): say so, or the user fears a broken site.
        click.echo(
            "interrupted: every file written so far is whole; run the same command again to finish",
            err=True,
        )
        return 130
    return code if isinstance(code, int) else 0


def main() -> int:
    return run()
