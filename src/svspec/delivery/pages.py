"""Portfolio pages: an MkDocs project of what was committed and delivered, with static SVG charts.

`svspec monitor pages --db FILE --out DIR` writes a portfolio page (every contract, its rating, the
social value committed and delivered over time and by outcome) and a page per contract (the same
charts for that contract, its measures, KPIs and returns). Every chart is drawn here as SVG inside
the page: no script, nothing loaded from another server, so the pages work offline and in the
theme's Content-Security-Policy. Beside each chart is a table of the same figures (`Chart` holds
them once; the SVG and the table are both drawn from it, and a test reads both back from the
built HTML). Every text from a spec or a return is escaped for where it goes: Markdown through
`prose.inline`, HTML and SVG through `html.escape`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from svspec import outputs, words
from svspec.delivery.contract import Contract
from svspec.delivery.report import Report
from svspec.emit.site import _theme_files
from svspec.emit.site.prose import inline, plain

ASSETS = "assets/svspec"
COMMITTED_COLOUR = "#8d99ae"
DELIVERED_COLOUR = "#1d4ed8"
_SLUG = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    """One chart's figures: a label per row (a quarter, an outcome), pounds committed and delivered."""

    key: str
    title: str
    label: str
    labels: tuple[str, ...]
    committed: tuple[Decimal, ...]
    delivered: tuple[Decimal, ...]
    over_time: bool


# ------------------------------------------------------------------------------------- figures


def over_time(rows: Iterable[Mapping[str, Any]], key: str, title: str) -> Chart:
    """Social value committed and delivered in each quarter (the rows of `by_period`)."""
    committed: dict[str, Decimal] = {}
    delivered: dict[str, Decimal] = {}
    for r in rows:
        period = str(r["period"])
        committed[period] = committed.get(period, Decimal(0)) + (r["committed_value"] or 0)
        delivered[period] = delivered.get(period, Decimal(0)) + (r["delivered_value"] or 0)
    order = sorted(committed, key=_quarter_order)
    return Chart(key=key, title=title, label="quarter", labels=tuple(order),
                 committed=tuple(committed[p] for p in order), delivered=tuple(delivered[p] for p in order),
                 over_time=True)


def by_outcome(rows: Iterable[Mapping[str, Any]], key: str, title: str) -> Chart:
    """Social value committed and delivered to date in each outcome (`by_period` rows or `totals`)."""
    committed: dict[str, Decimal] = {}
    delivered: dict[str, Decimal] = {}
    for r in rows:
        outcome = str(r["outcome"] if "outcome" in r else r["grouping"])
        committed[outcome] = committed.get(outcome, Decimal(0)) + (r["committed_value"] or 0)
        delivered[outcome] = delivered.get(outcome, Decimal(0)) + (r["delivered_value"] or 0)
    order = list(committed)
    return Chart(key=key, title=title, label="outcome", labels=tuple(order),
                 committed=tuple(committed[o] for o in order), delivered=tuple(delivered[o] for o in order),
                 over_time=False)


def _quarter_order(period: str) -> tuple[str, str]:
    year, _, quarter = period.partition("-")
    return year, quarter


# ------------------------------------------------------------------------------------- drawing


def chart_block(chart: Chart) -> str:
    """The chart and, beside it, the table of its figures: one raw HTML block of a Markdown page."""
    return (f'<div class="svspec-chart-pair" id="{chart.key}">\n{_svg(chart)}\n{_table(chart)}\n</div>')


def _svg(chart: Chart) -> str:
    drawn = _vertical(chart) if chart.over_time else _horizontal(chart)
    return (f'<figure class="svspec-chart" data-chart="{chart.key}">{drawn}'
            f'<figcaption>{html.escape(chart.title)}: committed (grey) and delivered (blue), in pounds. '
            f'The table beside it gives the figures.</figcaption></figure>')


def _table(chart: Chart) -> str:
    head = (f'<table data-chart="{chart.key}"><caption>{html.escape(chart.title)}'
            f'</caption><thead><tr><th scope="col">{html.escape(chart.label)}</th><th scope="col">committed (£)</th>'
            f'<th scope="col">delivered (£)</th><th scope="col">share</th></tr></thead><tbody>')
    rows = []
    for label, c, d in zip(chart.labels, chart.committed, chart.delivered, strict=True):
        share = words.percent(d / c) if c else "-"
        rows.append(f'<tr><th scope="row">{html.escape(label)}</th><td>{words.money(c)}</td><td>{words.money(d)}</td>'
                    f'<td>{share}</td></tr>')
    return head + "".join(rows) + "</tbody></table>"


def _scale(chart: Chart) -> Decimal:
    top = max([*chart.committed, *chart.delivered, Decimal(0)])
    return top if top > 0 else Decimal(1)


def length(value: Decimal, top: Decimal, full: int) -> float:
    """The drawn length of a bar: its value's share of the largest, in pixels (none below zero)."""
    return round(max(0.0, float(value / top)) * full, 2)


def _bar(chart: Chart, series: str, label: str, value: Decimal, x: float, y: float, w: float, h: float) -> str:
    colour = COMMITTED_COLOUR if series == "committed" else DELIVERED_COLOUR
    return (f'<rect class="svspec-bar" data-series="{series}" data-label="{html.escape(label)}" '
            f'data-value="{words.exact(value)}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="{colour}">'
            f'<title>{html.escape(label)}: {series} {words.money(value)}</title></rect>')


def _legend(x: int, y: int) -> str:
    return (f'<g class="svspec-legend"><rect x="{x}" y="{y}" width="12" height="12" fill="{COMMITTED_COLOUR}"/>'
            f'<text x="{x + 16}" y="{y + 10}">committed</text>'
            f'<rect x="{x + 96}" y="{y}" width="12" height="12" fill="{DELIVERED_COLOUR}"/>'
            f'<text x="{x + 112}" y="{y + 10}">delivered</text></g>')


PLOT_HEIGHT = 200
"""Pixels of the tallest bar of a chart over time."""
PLOT_WIDTH = 360
"""Pixels of the longest bar of a chart by outcome."""


def _vertical(chart: Chart) -> str:
    """Quarters left to right, a pair of bars each."""
    top, left, bottom, step = _scale(chart), 76, 60, 28
    width = max(300, left + step * max(1, len(chart.labels)) + 20)
    height = 30 + PLOT_HEIGHT + bottom
    base = 30 + PLOT_HEIGHT
    parts = [_svg_open(chart, width, height), _legend(left, 6)]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = base - fraction * PLOT_HEIGHT
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:g}" y2="{y:g}" stroke="#d0d4da"/>'
                     f'<text x="{left - 6}" y="{y + 4:g}" text-anchor="end">{_short_money(top * Decimal(fraction))}'
                     f'</text>')
    for i, (label, c, d) in enumerate(zip(chart.labels, chart.committed, chart.delivered, strict=True)):
        x = left + i * step + 3
        for j, (series, value) in enumerate((("committed", c), ("delivered", d))):
            h = length(value, top, PLOT_HEIGHT)
            parts.append(_bar(chart, series, label, value, x + j * 11, base - h, 10, h))
        parts.append(f'<text x="{x + 11:g}" y="{base + 14}" text-anchor="end" '
                     f'transform="rotate(-45 {x + 11:g} {base + 14})">{html.escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _horizontal(chart: Chart) -> str:
    """Outcomes top to bottom, a pair of bars each, their names on the left."""
    top, left, step = _scale(chart), 230, 34
    width = left + PLOT_WIDTH + 20
    height = 30 + step * max(1, len(chart.labels)) + 10
    parts = [_svg_open(chart, width, height), _legend(left, 6)]
    for i, (label, c, d) in enumerate(zip(chart.labels, chart.committed, chart.delivered, strict=True)):
        y = 30 + i * step
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{html.escape(shown)}</text>')
        for j, (series, value) in enumerate((("committed", c), ("delivered", d))):
            parts.append(_bar(chart, series, label, value, left, y + j * 13, length(value, top, PLOT_WIDTH), 12))
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(chart: Chart, width: int, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="svspec-chart-svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart.key}-title" '
            f'font-family="sans-serif" font-size="11" fill="#1f2933">'
            f'<title id="{chart.key}-title">{html.escape(chart.title)}</title>')


def _short_money(value: Decimal) -> str:
    """An axis label: £0, £950, £12k, £1.5m (the exact figures are in the table)."""
    amount = float(value)
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:.3g}m"
    if amount >= 1_000:
        return f"£{amount / 1_000:.3g}k"
    return f"£{amount:.0f}"


# ------------------------------------------------------------------------------------- pages


def slug(name: str) -> str:
    """A contract's page name: its name in lower case letters, digits, - and _, made unique by a hash
    when anything else had to be dropped."""
    cleaned = _SLUG.sub("-", name.lower()).strip("-")[:60] or "contract"
    if cleaned != name:
        cleaned += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return cleaned


def render(report: Report, contracts: Mapping[str, Contract]) -> dict[str, bytes]:
    """Every file of the portfolio project (path under the project folder -> bytes)."""
    pages = {"docs/index.md": portfolio_page(report, contracts)}
    nav = [("Portfolio", "index.md")]
    for c in report.contracts:
        name = str(c["contract"])
        path = f"contracts/{slug(name)}.md"
        pages[f"docs/{path}"] = contract_page(report, contracts[name])
        nav.append((f"{c['title']} ({name})", path))
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    files["mkdocs.yml"] = _config(report, nav).encode("utf-8")
    files[f"docs/{ASSETS}/svspec-portfolio.css"] = _CSS.encode("utf-8")
    for name, data in _theme_files().items():
        files[name] = data
    from importlib import resources

    static = resources.files("svspec.emit.site") / "static"
    for entry in static.iterdir():
        if entry.name.startswith("theme-") and entry.name.endswith(".js"):
            files[f"docs/{ASSETS}/{entry.name}"] = entry.read_bytes()
    return files


def _config(report: Report, nav: Sequence[tuple[str, str]]) -> str:
    lines = [f"{outputs.GENERATED_MARK} from the monitoring database; run `svspec monitor pages` again, "
             "do not edit this file.",
             f"site_name: {json.dumps('Social value delivered: portfolio', ensure_ascii=False)}",
             "docs_dir: docs", "use_directory_urls: false", "strict: true", "theme:", "  name: material",
             "  custom_dir: overrides", "  language: en", "  font: false", "  features:",
             "    - navigation.top", "plugins:", "  - search", "markdown_extensions:", "  - tables",
             "  - toc:", "      toc_depth: 3", "extra_css:", f"  - {ASSETS}/svspec-portfolio.css", "nav:"]
    # Nav titles are put into the theme's HTML as they are: escaped here (`plain`), as the guidance site does.
    lines += [f"  - {json.dumps(plain(title), ensure_ascii=False)}: {path}" for title, path in nav]
    return "\n".join(lines) + "\n"


def portfolio_page(report: Report, contracts: Mapping[str, Contract]) -> str:
    """Every contract with its rating and social value, then the charts over time and by outcome."""
    values = {t["grouping"]: t for t in report.totals["contract"]}
    out = [*_WIDE, "# Social value committed and delivered", "",
           f"As of {report.as_of.isoformat()}: {len(report.contracts)} contract"
           f"{'' if len(report.contracts) == 1 else 's'}. Social value is valued from the figures delivered, with "
           "the same proxies and adjustments as in scoring.", "", "## Contracts", "",
           "| contract | supplier | runs | rating | social value committed to date | delivered |",
           "|---|---|---|---|---:|---:|"]
    for c in report.contracts:
        name = str(c["contract"])
        t = values.get(name, {})
        out.append(f"| [{inline(str(c['title']))} ({inline(name)})](contracts/{slug(name)}.md) "
                   f"| {inline(str(c['supplier']))} | {_runs(c['starts'], c['ends'])} | {c['rating']} "
                   f"| {_money(t.get('committed_value'))} | {_money(t.get('delivered_value'))} |")
    out += ["", "## Committed and delivered over time", "",
            chart_block(over_time(report.by_period, "portfolio-over-time",
                                  "Social value committed and delivered in each quarter, all contracts")),
            "", "## Committed and delivered by outcome", "",
            chart_block(by_outcome(report.totals["outcome"], "portfolio-by-outcome",
                                   "Social value committed and delivered to date, by outcome, all contracts")), ""]
    if report.contributions:
        out += ["## Contributions to wider outcomes", "",
                "Measures that contribute to a wider outcome count in full towards each, so these are not added up.",
                "", "| outcome | measures | committed (£) | delivered (£) |", "|---|---:|---:|---:|"]
        out += [f"| {inline(str(t['grouping']))} | {t['measures']} | {_money(t['committed_value'])} "
                f"| {_money(t['delivered_value'])} |" for t in report.contributions]
        out.append("")
    counts = {key: sum(int(c[key] or 0) for c in report.return_counts)
              for key in ("on_time", "late", "missing", "not_yet_due")}
    out += ["## Returns", "", "| status | returns |", "|---|---:|"]
    out += [f"| {key.replace('_', ' ')} | {counts[key]} |" for key in counts]
    return "\n".join(out) + "\n"


def contract_page(report: Report, contract: Contract) -> str:
    """One contract: its rating, charts, measures to date, KPIs and returns."""
    name = contract.name
    own = next(c for c in report.contracts if c["contract"] == name)
    rows = [r for r in report.by_period if r["contract"] == name]
    out = [*_WIDE, f"# {inline(contract.title)} ({inline(name)})", "",
           f"Held by {inline(contract.supplier)}, {_runs(contract.starts, contract.ends)}. "
           f"As of {report.as_of.isoformat()}.", "",
           f"**Performance: {own['rating']}**: {inline(str(own['reason']))}.", "",
           "## Committed and delivered over time", "",
           chart_block(over_time(rows, f"{slug(name)}-over-time",
                                 "Social value committed and delivered in each quarter")),
           "", "## Committed and delivered by outcome", "",
           chart_block(by_outcome(rows, f"{slug(name)}-by-outcome", "Social value committed and delivered to date, "
                                  "by outcome")), "",
           "## Measures to date", "",
           "| measure | committed | delivered | share | social value committed | delivered |",
           "|---|---:|---:|---:|---:|---:|"]
    for c in contract.commitments:
        mine = [r for r in rows if r["measure"] == c.measure]
        if not mine:
            continue
        committed = sum((r["committed"] for r in mine), Decimal(0))
        delivered = sum((r["delivered"] or 0 for r in mine), Decimal(0))
        if c.figure == "level":
            committed, delivered = committed / len(mine), delivered / len(mine)
        share = words.percent(delivered / committed) if committed else "-"
        out.append(f"| {inline(c.measure)} {inline(c.title)} | {words.quantity(committed, c.unit)} "
                   f"| {words.quantity(delivered, c.unit)} | {share} "
                   f"| {_money(sum((r['committed_value'] or 0 for r in mine), Decimal(0)))} "
                   f"| {_money(sum((r['delivered_value'] or 0 for r in mine), Decimal(0)))} |")
    kpis = [k for k in report.kpis if k["contract"] == name]
    if kpis:
        out += ["", "## KPIs (Procurement Act 2023 s.71)", "", "| KPI | rating | why |", "|---|---|---|"]
        out += [f"| {inline(k['measure'])} {inline(str(k['title']))} | {k['rating']} | {inline(str(k['reason']))} |"
                for k in kpis]
    returns = [r for r in report.returns if r["contract"] == name]
    out += ["", "## Returns", "", "| quarter | due | first received | revisions | status |", "|---|---|---|---:|---|"]
    out += [f"| {r['period']} | {r['due'].isoformat()} | "
            f"{r['first_received'].isoformat() if r['first_received'] else '-'} | {r['revisions'] or 0} "
            f"| {r['status']} |" for r in returns]
    return "\n".join(out) + "\n"


_WIDE = ("---", "hide:", "  - toc", "---", "")
"""Front matter: no table of contents beside the page, so that a chart and its table fit side by side."""


def _runs(starts: date, ends: date) -> str:
    return f"{starts.isoformat()} to {ends.isoformat()}"


def _money(value: Any) -> str:
    return "-" if value is None else words.money(value)


_CSS = """/* svspec portfolio pages: a chart and the table of its figures side by side (stacked when narrow). */
.svspec-chart-pair { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; margin: 1em 0; }
.md-typeset .svspec-chart { margin: 0; flex: 1 1 320px; max-width: 100%; }
.svspec-chart svg { max-width: 100%; height: auto; }
.md-typeset .svspec-chart figcaption { font-size: 0.7rem; max-width: none; }
.svspec-chart-pair > table { flex: 1 1 260px; }
"""
