"""The HTML report: one self-contained file (no network, no CDN) a person would rather read
than logs.

At the top, the run in one glance: the summary line, counts by status, a chart of the items by
status and one of the notes by kind (kinds that need a human in warm colours). Below, every
item in a table that filters (text, status, note kind, "needs a look") and sorts by any
column; a click on a row opens its notes (with before -> after samples), the words the audit
found missing and a side-by-side view of the source and the output. Everything is rendered
here; the small script only filters, sorts and opens rows, so the page reads without it.
"""

from __future__ import annotations

import difflib
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from wpmigrate import __version__
from wpmigrate.model import Note
from wpmigrate.report import FAILED, SKIPPED, ItemResult, Report

#: Note kinds that mean a person should look at the item (the usual ``--fail-on`` words).
ATTENTION = frozenset(
    {
        "words-lost",
        "unknown-shortcode",
        "raw-html",
        "missing-media",
        "unresolved-link",
        "script-dropped",
        "failed",
        "input",
    }
)
#: Status -> (label, colour); also the order of the legend.
STATUSES = {
    "written": ("written", "#2271b1"),
    "would-write": ("would be written", "#2271b1"),
    "would-change": ("would change", "#72aee6"),
    "unchanged": ("unchanged", "#8c8f94"),
    "skipped": ("skipped", "#c3c4c7"),
    "skipped-edited": ("edited by hand, left alone", "#dba617"),
    "failed": ("failed", "#d63638"),
}
_MAX_DIFF_ROWS = 600  # beyond this a side-by-side view stops helping and only weighs


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return (resources.files("wpmigrate") / "assets" / name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _label(status: str) -> str:
    return STATUSES.get(status, (status, ""))[0]


def _needs_look(r: ItemResult, flagged: set[int]) -> bool:
    return (
        id(r) in flagged
        or r.status in (FAILED, "skipped-edited")
        or bool(r.note_kinds() & ATTENTION)
    )


# -- the top: header, cards, charts ----------------------------------------------------------


def _header(report: Report) -> str:
    code = report.return_code
    tone = "ok" if code == 0 else "warn" if code == 1 else "bad"
    sources = sorted({r.source for r in report.items if r.source})
    shown = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    mode = "" if report.mode == "write" else f'<span class="mode">{_e(report.mode)}</span>'
    dry = "" if report.mode == "write" else " Nothing was written."
    return (
        f'<header><div class="brand">wpmigrate <span>{_e(report.command)} report</span>{mode}'
        f'<span class="ver">v{_e(__version__)}</span></div>'
        f'<p id="summary" class="summary">{_e(report.summary())}.{dry} '
        f'<span class="code {tone}">exit code {code}</span></p>'
        f'<p class="src">{_e(shown)}</p></header>'
    )


def _cards(report: Report, attention: int) -> str:
    counts = report.counts()
    cards: list[tuple[str, object, str]] = [("items", len(report.items), "")]
    cards += [(_label(s), counts[s], f"st-{s}") for s in STATUSES if counts[s]]
    cards.append(("need a look", attention, "warn" if attention else ""))
    if report.fail_on:
        hits = len(report.gate_hits())
        cards.append(("flagged by --fail-on", hits, "bad" if hits else ""))
    low = report.words_kept_min()
    if low is not None:
        tone = "bad" if low < 0.9 else "warn" if low < 0.99 else ""
        cards.append(("lowest share of words kept", f"{low:.1%}", tone))
    return (
        '<section class="cards">'
        + "".join(
            f'<div class="card {cls}"><b>{_e(n)}</b><span>{_e(label)}</span></div>'
            for label, n, cls in cards
        )
        + "</section>"
    )


def _donut(counts: Counter[str]) -> str:
    total = sum(counts.values()) or 1
    # r = 100 / 2pi makes the circumference 100, so dash lengths are percents; offset 25 starts
    # the first arc at twelve o'clock.
    radius, offset, arcs = 15.9155, 25.0, []
    for status, (_label_text, colour) in STATUSES.items():
        share = 100 * counts[status] / total
        if share:
            arcs.append(
                f'<circle r="{radius}" cx="21" cy="21" fill="none" stroke="{colour}" '
                f'stroke-width="6" stroke-dasharray="{share:.3f} {100 - share:.3f}" '
                f'stroke-dashoffset="{offset:.3f}"><title>{_e(status)}</title></circle>'
            )
            offset = (offset - share) % 100
    return (
        f'<svg class="donut" viewBox="0 0 42 42" role="img" aria-label="items by status">'
        f'<circle r="{radius}" cx="21" cy="21" fill="none" stroke="#f0f0f1" stroke-width="6"/>'
        f'{"".join(arcs)}<text x="21" y="23" text-anchor="middle">{sum(counts.values())}'
        f"</text></svg>"
    )


def _status_chart(report: Report) -> str:
    counts = report.counts()
    legend = "".join(
        f'<li><button type="button" data-status="{_e(s)}"><i style="background:{c}"></i>'
        f"{_e(label)} <b>{counts[s]}</b></button></li>"
        for s, (label, c) in STATUSES.items()
        if counts[s]
    )
    return (
        f'<div class="panel"><h2>Items by status</h2><div class="donut-wrap">'
        f'{_donut(counts)}<ul class="legend">{legend}</ul></div></div>'
    )


def _kinds_chart(report: Report) -> str:
    kinds = Counter(n.kind.value for r in report.items for n in r.notes)
    if not kinds:
        body = '<p class="empty">No notes: nothing was repaired, dropped or kept raw.</p>'
    else:
        top = max(kinds.values())
        body = "".join(
            f'<button type="button" class="bar{" att" if k in ATTENTION else ""}" '
            f'data-kind="{_e(k)}"><span class="l">{_e(k)}</span><span class="track">'
            f'<span class="b" style="width:{max(1.5, 100 * v / top):.1f}%"></span></span>'
            f'<span class="n">{v}</span></button>'
            for k, v in kinds.most_common()
        )
    return (
        '<div class="panel wide"><h2>What changed <small>notes by kind; warm colours need a '
        f'look; click one to filter</small></h2><div class="bars">{body}</div></div>'
    )


def _problems(report: Report) -> str:
    if not report.problems and not report.warnings:
        return ""
    lis = "".join(f"<li>{_e(p)}</li>" for p in report.problems)
    lis += "".join(f"<li>warning: {_e(p)}</li>" for p in report.warnings)
    opened = " open" if report.problems and len(report.problems) <= 3 else ""
    return (
        f'<details class="panel problems"{opened}><summary>Input problems '
        f"({len(report.problems) + len(report.warnings)})</summary><ul>{lis}</ul></details>"
    )


# -- the table -------------------------------------------------------------------------------


def _toolbar(report: Report) -> str:
    statuses = sorted({r.status for r in report.items})
    kinds = sorted({n.kind.value for r in report.items for n in r.notes})
    status_opts = "".join(f'<option value="{_e(s)}">{_e(_label(s))}</option>' for s in statuses)
    kind_opts = "".join(f'<option value="{_e(k)}">{_e(k)}</option>' for k in kinds)
    return (
        '<div class="tools"><input id="q" type="search" '
        'placeholder="Filter by title, id, path, note&hellip;" aria-label="filter">'
        f'<select id="st" aria-label="status"><option value="">every status</option>'
        f'{status_opts}</select><select id="kind" aria-label="note kind">'
        f'<option value="">any note</option>{kind_opts}</select>'
        '<label><input type="checkbox" id="att"> needs a look</label>'
        '<label><input type="checkbox" id="hideskip" checked> hide skipped</label>'
        '<button type="button" id="expand">open all</button>'
        f'<span id="shown" class="shown">{len(report.items)} items</span></div>'
    )


def _kept_cell(r: ItemResult) -> str:
    if r.words_kept is None:
        return '<td class="num" data-v="-1"><span class="muted">&ndash;</span></td>'
    kept = r.words_kept
    tone = "bad" if kept < 0.9 else "warn" if kept < 0.99 else "ok"
    return (
        f'<td class="num" data-v="{kept}"><span class="kept {tone}">'
        f'<span style="width:{100 * kept:.1f}%"></span></span>{kept:.1%}</td>'
    )


def _chips(notes: Sequence[Note]) -> str:
    kinds = Counter(n.kind.value for n in notes)
    return "".join(
        f'<span class="chip{" att" if k in ATTENTION else ""}">{_e(k)}'
        + (f" <b>{v}</b>" if v > 1 else "")
        + "</span>"
        for k, v in sorted(kinds.items())
    )


def _row(r: ItemResult, flagged: set[int], number: int) -> str:
    look = _needs_look(r, flagged)
    cls = "item" + (" look" if look else "") + (" flag" if id(r) in flagged else "")
    where = r.output or (r.reason if r.status == SKIPPED else r.source)
    title = r.title or r.source.rsplit("/", 1)[-1]
    kinds = " ".join(sorted(r.note_kinds()))
    return (
        f'<tr class="{cls}" data-status="{_e(r.status)}" data-kinds="{_e(kinds)}" '
        f'data-look="{int(look)}" tabindex="0" aria-expanded="false">'
        f'<td class="num" data-v="{number}">{_e(r.id) if r.type else number}</td>'
        f'<td><div class="t" dir="auto">{_e(title)}</div>'
        f'<div class="path" dir="ltr">{_e(where)}</div></td>'
        f"<td>{_e(r.type)}</td>"
        f'<td><span class="pill st-{_e(r.status)}">{_e(_label(r.status))}</span></td>'
        f'{_kept_cell(r)}<td data-v="{len(r.notes)}">{_chips(r.notes)}</td></tr>'
        f'<tr class="detail" hidden><td colspan="6">{_detail(r)}</td></tr>'
    )


def _detail(r: ItemResult) -> str:
    parts = []
    if r.reason:
        parts.append(f'<p class="reason">{_e(r.reason)}</p>')
    if r.source and r.type:
        where = f"{r.source}:{r.line}" if r.line else r.source
        parts.append(f'<p class="meta">from {_e(where)}</p>')
    parts.append(_notes_table(r.notes))
    if r.missing_words:
        words = "".join(f"<code>{_e(w)}</code>" for w in r.missing_words)
        parts.append(f'<p class="missing">Words the output lacks: {words}</p>')
    parts.append(_side_by_side(r.before, r.after))
    if r.diff and not (r.before or r.after):
        parts.append(f'<pre class="udiff">{_e(r.diff)}</pre>')
    return "".join(parts)


def _notes_table(notes: Sequence[Note]) -> str:
    if not notes:
        return '<p class="muted">No notes.</p>'
    rows = "".join(
        f'<tr><td><span class="chip{" att" if n.kind.value in ATTENTION else ""}">'
        f"{_e(n.kind.value)}</span></td><td>{_e(n.stage)}</td><td>{_e(n.field)}</td>"
        f"<td>{_e(n.message)}{_sample(n)}</td></tr>"
        for n in notes
    )
    head = "<tr><th>kind</th><th>stage</th><th>field</th><th>what happened</th></tr>"
    return f'<table class="notes"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def _sample(n: Note) -> str:
    if not n.after:  # what the note is about, kept or dropped as it was
        return f'<div class="sample"><code>{_e(n.before)}</code></div>' if n.before else ""
    return (
        f'<div class="sample"><del>{_e(n.before)}</del> <span>&rarr;</span> '
        f"<ins>{_e(n.after)}</ins></div>"
    )


# -- the side-by-side view -------------------------------------------------------------------


def _side_by_side(before: str, after: str) -> str:
    if not before and not after:
        return ""
    left, right = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    rows: list[str] = []
    for group in matcher.get_grouped_opcodes(2):
        if rows:
            rows.append('<tr class="gap"><td colspan="4">&hellip;</td></tr>')
        rows.extend(_opcode_rows(group, left, right))
    more = len(rows) - _MAX_DIFF_ROWS
    tail = f'<tr class="gap"><td colspan="4">{more} more lines</td></tr>' if more > 0 else ""
    body = "".join(rows[:_MAX_DIFF_ROWS]) + tail
    return (
        '<table class="sbs"><colgroup><col class="lnc"><col><col class="lnc"><col></colgroup>'
        '<thead><tr><th colspan="2">source (after repair)</th>'
        f'<th colspan="2">output</th></tr></thead><tbody>{body}</tbody></table>'
    )


def _opcode_rows(
    group: Iterable[tuple[str, int, int, int, int]], left: list[str], right: list[str]
) -> Iterable[str]:
    for tag, i1, i2, j1, j2 in group:
        for k in range(max(i2 - i1, j2 - j1)):
            a = i1 + k if i1 + k < i2 else None
            b = j1 + k if j1 + k < j2 else None
            yield _diff_row(tag, a, b, left, right)


def _diff_row(tag: str, a: int | None, b: int | None, left: list[str], right: list[str]) -> str:
    cls_a = "" if tag == "equal" else " del" if a is not None else " none"
    cls_b = "" if tag == "equal" else " ins" if b is not None else " none"
    text_a = _e(left[a]) if a is not None else ""
    text_b = _e(right[b]) if b is not None else ""
    num_a = a + 1 if a is not None else ""
    num_b = b + 1 if b is not None else ""
    return (
        f'<tr><td class="ln">{num_a}</td><td class="code{cls_a}">{text_a}</td>'
        f'<td class="ln">{num_b}</td><td class="code{cls_b}">{text_b}</td></tr>'
    )


def _files(report: Report) -> str:
    if not report.files:
        return ""
    rows = "".join(
        f'<li><span class="pill st-{_e(f.status)}">{_e(_label(f.status))}</span> '
        f'<code dir="ltr">{_e(f.output)}</code></li>'
        for f in report.files
    )
    return (
        f'<details class="panel files"><summary>Site files ({len(report.files)}): '
        f"configuration, layouts, data</summary><ul>{rows}</ul></details>"
    )


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    flagged = {id(r) for r in report.gate_hits()}
    attention = sum(_needs_look(r, flagged) for r in report.items)
    rows = "".join(_row(r, flagged, n) for n, r in enumerate(report.items, 1))
    first = "id" if report.command == "convert" else "#"
    head = (
        f'<tr><th data-sort="num">{first}</th><th>title / output</th><th>type</th>'
        '<th>status</th><th data-sort="num">words kept</th><th data-sort="num">notes</th></tr>'
    )
    empty = '<p class="empty" id="none" hidden>No item matches the filter.</p>'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>wpmigrate {_e(report.command)} report</title>"
        f"<style>{_asset('report.css')}</style></head><body>{_header(report)}<main>"
        f"{_cards(report, attention)}"
        f'<section class="charts">{_status_chart(report)}{_kinds_chart(report)}</section>'
        f'{_problems(report)}<section class="panel table">{_toolbar(report)}'
        f'<table id="items"><thead>{head}</thead><tbody>{rows}</tbody></table>{empty}'
        f"</section>{_files(report)}</main>"
        f"<script>{_asset('report.js')}</script></body></html>\n"
    )
