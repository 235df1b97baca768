"""Portfolio pages: charts of committed vs delivered drawn as static SVG, each beside a table of the same figures."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec import words
from svspec.cli import main
from svspec.delivery import pages
from svspec.delivery.store import Database
from tests.delivery.test_report import AS_OF, built, monitored  # noqa: F401  (a fixture)
from tests.site.helpers import mkdocs_build


class Charts(HTMLParser):
    """Every chart of a built page (its bars) and every table of chart data (its rows)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bars: dict[str, list[dict[str, str]]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.scripts: list[str] = []
        self._chart: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "figure" and "data-chart" in a:
            self._chart = a["data-chart"]
            self.bars[self._chart] = []
        elif tag == "rect" and self._chart and a.get("class") == "svspec-bar":
            self.bars[self._chart].append(a)
        elif tag == "table" and "data-chart" in a:
            self._table = a["data-chart"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "script" and a.get("type") != "application/json":  # the theme's settings are data, not code
            self.scripts.append(a.get("src", "inline"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._chart = None
        elif tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read_charts(path: Path) -> Charts:
    parser = Charts()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture
def built_pages(monitored: Path, tmp_path: Path) -> Path:  # noqa: F811
    out = tmp_path / "portfolio"
    result = CliRunner().invoke(main, ["monitor", "pages", "--db", str(monitored), "--as-of", AS_OF.isoformat(),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    build = mkdocs_build(out)
    assert build.returncode == 0, build.stderr
    return out / "site"


def test_the_portfolio_pages_build_with_mkdocs_strict_a_page_per_contract(built_pages: Path) -> None:
    assert (built_pages / "index.html").is_file() and (built_pages / "contracts" / "waste-2027.html").is_file()
    index = (built_pages / "index.html").read_text("utf-8")
    assert 'href="contracts/waste-2027.html"' in index


@pytest.mark.parametrize("page", ["index.html", "contracts/waste-2027.html"])
def test_every_chart_shows_the_same_figures_as_the_table_beside_it(built_pages: Path, page: str) -> None:
    charts = read_charts(built_pages / page)
    assert len(charts.bars) == 2 and set(charts.bars) == set(charts.tables)
    for key, bars in charts.bars.items():
        rows = charts.tables[key][1:]  # the first row holds the headings
        assert rows and len(bars) == 2 * len(rows)
        for series, column in (("committed", 1), ("delivered", 2)):
            drawn = [b for b in bars if b["data-series"] == series]
            assert [b["data-label"] for b in drawn] == [r[0] for r in rows]
            assert [words.money(Decimal(b["data-value"])) for b in drawn] == [r[column] for r in rows]
        # Each bar is drawn to scale: its length is its value's share of the largest value.
        lengths = [float(b["height"] if key.endswith("over-time") else b["width"]) for b in bars]
        values = [Decimal(b["data-value"]) for b in bars]
        top, longest = max(values), max(lengths)
        for value, drawn_length in zip(values, lengths, strict=True):
            assert drawn_length == pytest.approx(float(value / top) * longest, abs=0.02)


def test_the_portfolio_chart_by_outcome_equals_the_report_totals(built_pages: Path, monitored: Path) -> None:  # noqa: F811
    totals = built(monitored).totals["outcome"]
    rows = read_charts(built_pages / "index.html").tables["portfolio-by-outcome"][1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (t["grouping"], words.money(t["committed_value"]), words.money(t["delivered_value"])) for t in totals]


def test_the_portfolio_chart_over_time_adds_up_to_the_report_totals(built_pages: Path, monitored: Path) -> None:  # noqa: F811
    result = built(monitored)
    bars = read_charts(built_pages / "index.html").bars["portfolio-over-time"]
    delivered = sum(Decimal(b["data-value"]) for b in bars if b["data-series"] == "delivered")
    assert delivered == sum(t["delivered_value"] for t in result.totals["contract"])


def test_the_pages_run_no_script_of_their_own_and_load_nothing_from_elsewhere(built_pages: Path) -> None:
    for page in ("index.html", "contracts/waste-2027.html"):
        text = (built_pages / page).read_text("utf-8")
        scripts = read_charts(built_pages / page).scripts
        assert all(src != "inline" and not src.startswith(("http:", "https:", "//")) for src in scripts), scripts
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text.split("<footer")[0])
        assert "Content-Security-Policy" in text


def test_names_from_specs_and_returns_are_shown_as_text_never_as_markup(monitored: Path) -> None:  # noqa: F811
    result = built(monitored)
    hostile = "<script>alert(1)</script> & *jobs*"
    by_period = [{**r, "outcome": hostile, "period": r["period"]} for r in result.by_period]
    contracts = [{**c, "title": "<img src=x onerror=alert(2)>"} for c in result.contracts]
    tampered = dataclasses.replace(result, by_period=by_period, contracts=contracts)
    with Database(monitored) as db:
        files = pages.render(tampered, db.contracts())
    text = "".join(data.decode("utf-8") for name, data in files.items() if name.endswith((".md", ".yml")))
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *jobs*" in files["docs/contracts/waste-2027.md"].decode()


def test_a_chart_of_nothing_delivered_draws_empty_bars_not_an_error() -> None:
    chart = pages.Chart(key="k", title="t", label="quarter", labels=("2027-Q2",), committed=(Decimal(0),),
                        delivered=(Decimal(0),), over_time=True)
    block = pages.chart_block(chart)
    assert block.count('height="0"') == 2 and "£0" in block


def test_a_contract_name_that_is_not_a_safe_file_name_gets_a_safe_unique_page() -> None:
    assert pages.slug("waste-2027") == "waste-2027"
    first, second = pages.slug("../Waste 2027"), pages.slug("../waste 2027")
    assert re.fullmatch(r"[a-z0-9_-]+", first) and first != second


def test_pages_are_never_written_over_the_folder_that_holds_the_database(monitored: Path) -> None:  # noqa: F811
    before = monitored.read_bytes()
    result = CliRunner().invoke(main, ["monitor", "pages", "--db", str(monitored), "--out", str(monitored.parent),
                                       "--force"])
    assert result.exit_code == 2 and "output/holds-the-spec" in result.output
    assert monitored.read_bytes() == before
