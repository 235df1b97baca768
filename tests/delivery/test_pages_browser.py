"""A real browser opens the built portfolio pages: the charts are drawn, their figures are those of the
table beside them, the contract page is one click away, and nothing is requested from any server but
the site's own (in the style of tests/site/test_site_browser.py, whose helpers it uses).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec import words
from svspec.cli import main
from tests.delivery.conftest import RETURNS, waste_contract
from tests.delivery.test_report import AS_OF, EXAMPLES
from tests.site.helpers import mkdocs_build
from tests.site.test_site_browser import CHROMIUM, _foreign, _open, _screenshots, _serve, browser  # noqa: F401

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="chromium is not installed (run tests/site/install-browser.sh)")


@pytest.fixture(scope="module")
def served_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example contract awarded, its four returns imported, its portfolio pages built and served."""
    from svspec.delivery.returns import load_return
    from svspec.delivery.store import Database

    folder = tmp_path_factory.mktemp("portfolio")
    db_path = folder / "monitor.duckdb"
    contract = waste_contract()
    with Database(db_path) as db:
        db.record_contract(contract)
        for name in EXAMPLES:
            found, problems, _ = load_return(RETURNS / name, {contract.name: contract})
            assert found is not None, problems
            db.import_return(found)
    out = folder / "pages"
    result = CliRunner().invoke(main, ["monitor", "pages", "--db", str(db_path), "--as-of", AS_OF.isoformat(),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    build = mkdocs_build(out)
    assert build.returncode == 0, build.stderr
    yield from _serve(out / "site")


def test_the_portfolio_charts_are_drawn_with_the_figures_of_the_tables_beside_them(
        browser: object, served_pages: str, tmp_path: Path) -> None:  # noqa: F811
    page, requested = _open(browser, served_pages + "index.html")
    for key in ("portfolio-over-time", "portfolio-by-outcome"):
        chart = page.locator(f"figure[data-chart='{key}'] svg")  # type: ignore[attr-defined]
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
        table = page.locator(f"table[data-chart='{key}']")  # type: ignore[attr-defined]
        assert table.is_visible()
        rows = table.locator("tbody tr")
        bars = chart.locator("rect.svspec-bar")
        assert bars.count() == 2 * rows.count() > 0
        for i in range(rows.count()):
            cells = rows.nth(i).locator("th, td").all_inner_texts()
            for series, column in (("committed", 1), ("delivered", 2)):
                bar = chart.locator(f"rect.svspec-bar[data-series='{series}']").nth(i)
                assert bar.get_attribute("data-label") == cells[0]
                assert bar.locator("title").text_content() == f"{cells[0]}: {series} {cells[column]}"
                assert words.money(Decimal(bar.get_attribute("data-value") or "")) == cells[column]
    page.screenshot(path=str(_screenshots(tmp_path) / "portfolio.png"), full_page=True)  # type: ignore[attr-defined]
    assert _foreign(requested) == []
    page.close()  # type: ignore[attr-defined]


def test_the_contract_page_is_one_click_from_the_portfolio_and_shows_its_rating(
        browser: object, served_pages: str, tmp_path: Path) -> None:  # noqa: F811
    page, requested = _open(browser, served_pages + "index.html")
    page.click("article >> text=Waste collection and street cleansing 2027-2034 (waste-2027)")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.url.endswith("contracts/waste-2027.html")  # type: ignore[attr-defined]
    assert "Performance: Approaching target" in page.inner_text("article")  # type: ignore[attr-defined]
    assert page.locator("figure[data-chart] svg").count() == 2  # type: ignore[attr-defined]
    page.screenshot(path=str(_screenshots(tmp_path) / "contract.png"), full_page=True)  # type: ignore[attr-defined]
    assert _foreign(requested) == []
    page.close()  # type: ignore[attr-defined]
