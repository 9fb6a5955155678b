"""The HTML report: one self-contained file (no network, no CDN) a person would rather read
than logs: a summary with counts and a chart of what changed, a filterable and sortable table
of items, and per item its notes and a side-by-side diff.
"""

from __future__ import annotations

import difflib
import html
from collections import Counter
from functools import lru_cache
from importlib import resources

from wpmigrate.model import Note
from wpmigrate.report import FAILED, ItemResult, Report


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return (resources.files("wpmigrate") / "assets" / name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cards(report: Report) -> str:
    counts = report.counts()
    cards = [("items", len(report.items)), *sorted(counts.items())]
    flagged = len(report.gate_hits())
    if report.fail_on:
        cards.append(("flagged by --fail-on", flagged))
    return "".join(f'<div class="card"><b>{n}</b>{_e(label)}</div>' for label, n in cards)


def _chart(report: Report) -> str:
    kinds = Counter(n.kind.value for r in report.items for n in r.notes)
    if not kinds:
        return '<div class="chart">No notes: nothing was repaired, dropped or kept raw.</div>'
    top = max(kinds.values())
    bars = "".join(
        f'<div class="bar"><span class="l">{_e(k)}</span>'
        f'<span class="b" style="width:{max(2, int(400 * v / top))}px"></span>{v}</div>'
        for k, v in kinds.most_common()
    )
    return f'<div class="chart" id="chart"><b>What changed (notes by kind)</b>{bars}</div>'


def _diff(before: str, after: str) -> str:
    if not before and not after:
        return ""
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        before.splitlines(), after.splitlines(), "source", "output", context=True, numlines=2
    )
    return f"<details><summary>side-by-side diff</summary>{table}</details>"


def _notes(report_item_notes: list[Note]) -> str:
    if not report_item_notes:
        return ""
    lis = "".join(
        f'<li><span class="kind">{_e(n.kind.value)}</span> {_e(n.stage)}: {_e(n.message)}'
        + (f" <i>{_e(n.field)}</i>" if n.field else "")
        + "</li>"
        for n in report_item_notes
    )
    count = len(report_item_notes)
    return f'<details><summary>{count} notes</summary><ul class="notes">{lis}</ul></details>'


def _row(r: ItemResult, flagged: set[int]) -> str:
    kinds = " ".join(sorted(r.note_kinds()))
    kept = "" if r.words_kept is None else f"{r.words_kept:.1%}"
    cls = "item" + (" failed" if r.status == FAILED else "") + (" flag" if id(r) in flagged else "")
    detail = _notes(r.notes) + (f"<div>{_e(r.reason)}</div>" if r.reason else "")
    detail += _diff(r.before, r.after)
    return (
        f'<tr class="{cls}" data-status="{_e(r.status)}" data-kinds="{_e(kinds)}">'
        f"<td>{_e(r.id)}</td><td>{_e(r.title)}</td><td>{_e(r.type)}</td>"
        f'<td class="st st-{_e(r.status)}">{_e(r.status)}</td>'
        f'<td data-v="{r.words_kept if r.words_kept is not None else -1}">{kept}</td>'
        f"<td>{len(r.notes)}</td><td>{_e(r.output or r.source)}{detail}</td></tr>"
    )


def render_html(report: Report) -> str:
    flagged = {id(r) for r in report.gate_hits()}
    statuses = sorted(
        {r.status for r in report.items} | {n.kind.value for r in report.items for n in r.notes}
    )
    options = "".join(f'<option value="{_e(s)}">{_e(s)}</option>' for s in statuses)
    rows = "".join(_row(r, flagged) for r in report.items)
    problems = "".join(f"<li>{_e(p)}</li>" for p in report.problems)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>wpmigrate {report.command} report</title><style>{_asset("report.css")}</style></head><body>
<header><h1>wpmigrate {_e(report.command)} report ({_e(report.mode)})</h1>
<div id="summary">{_e(report.summary())} &middot; exit code {report.return_code}</div></header>
<main><div class="cards">{_cards(report)}</div>{_chart(report)}
{f'<div class="chart"><b>Input problems</b><ul>{problems}</ul></div>' if problems else ""}
<div class="tools"><input id="q" placeholder="Filter by title, id, path, note..." type="search">
<select id="st"><option value="">all statuses and notes</option>{options}</select></div>
<table id="items"><thead><tr><th>id</th><th>title</th><th>type</th><th>status</th>
<th>words kept</th><th>notes</th><th>output / details</th></tr></thead><tbody>{rows}</tbody></table>
</main><script>{_asset("report.js")}</script></body></html>
"""
