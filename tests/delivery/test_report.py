"""The delivery report: committed vs delivered, social value delivered, returns and KPI ratings."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.delivery import report
from svspec.delivery.contract import Contract
from svspec.delivery.returns import load_return
from svspec.delivery.store import Database
from tests.delivery.conftest import ACME, RETURNS, WASTE

AS_OF = date(2028, 5, 15)
EXAMPLES = ["waste-2027-Q2.yaml", "waste-2027-Q3.yaml", "waste-2027-Q4.yaml", "waste-2028-Q1.yaml"]


@pytest.fixture
def monitored(db_path: Path, contract: Contract) -> Path:
    with Database(db_path) as db:
        for name in EXAMPLES:
            found, problems, _ = load_return(RETURNS / name, {contract.name: contract})
            assert found is not None, problems
            db.import_return(found)
    return db_path


def built(path: Path, as_of: date = AS_OF) -> report.Report:
    with Database(path) as db:
        return report.build(db, as_of)


def test_each_kpi_is_rated_by_the_share_of_its_target_delivered_with_its_reason(monitored: Path) -> None:
    kpis = {k["measure"]: k for k in built(monitored).kpis}
    assert {m: k["rating"] for m, k in kpis.items()} == {"LBL1": "Good", "LBL3": "Good", "LBL5": "Approaching target"}
    # 30 + 45 + 50 + 40 hours against 4 × 1,200/28.
    assert kpis["LBL5"]["delivered"] == 165
    assert kpis["LBL5"]["reason"] == ("delivered 165 hours of 171.43 hours committed to date (96.25%); "
                                      "Approaching target needs at least 80%")
    assert kpis["LBL1"]["reason"].startswith("held 14 FTE on average against 14 FTE committed (100%)")


def test_the_contract_is_rated_as_its_lowest_kpi_and_says_which(monitored: Path) -> None:
    (contract,) = built(monitored).contracts
    assert contract["rating"] == "Approaching target"
    assert contract["reason"].startswith("its lowest KPI is LBL5 (Staff volunteering hours for community projects)")


def test_late_and_missing_returns_are_reported(monitored: Path) -> None:
    statuses = {r["period"]: r["status"] for r in built(monitored, date(2028, 8, 15)).returns}
    assert statuses == {"2027-Q2": "on time", "2027-Q3": "late", "2027-Q4": "on time", "2028-Q1": "on time",
                        "2028-Q2": "missing"}
    assert {r["period"]: r["status"] for r in built(monitored, date(2028, 7, 1)).returns}.get("2028-Q2") is None


def test_social_value_delivered_is_the_figure_times_its_value_per_figure(monitored: Path, contract: Contract) -> None:
    rows = [r for r in built(monitored).by_period if r["measure"] == "LBL8"]
    lbl8 = next(c for c in contract.commitments if c.measure == "LBL8")
    assert len(rows) == 1 and rows[0]["delivered"] == 42
    assert rows[0]["delivered_value"] == Decimal(42) * lbl8.schedule[0].value_per_figure  # type: ignore[operator]


def test_totals_by_outcome_theme_and_priority_add_up_to_the_same_social_value(monitored: Path) -> None:
    totals = built(monitored).totals
    sums = {d: sum(t["delivered_value"] for t in totals[d]) for d in ("measure", "outcome", "theme", "priority")}
    assert len(set(sums.values())) == 1
    assert [t["grouping"] for t in totals["priority"]] == ["1. jobs", "2. safer", "3. greener", "4. skills"]


def test_a_corrected_return_replaces_the_figures_counted(monitored: Path, contract: Contract, tmp_path: Path) -> None:
    text = (RETURNS / "waste-2027-Q2.yaml").read_text("utf-8").replace("LBL5: 30", "LBL5: 35")
    path = tmp_path / "q2.yaml"
    path.write_text(text, "utf-8")
    found, _, _ = load_return(path, {contract.name: contract})
    assert found is not None
    with Database(monitored) as db:
        db.import_return(found)
    assert next(k for k in built(monitored).kpis if k["measure"] == "LBL5")["delivered"] == 170


def test_csv_and_json_carry_the_same_figures_as_the_text(monitored: Path) -> None:
    result = built(monitored)
    rows = list(csv.DictReader(io.StringIO(report.to_csv(result))))
    assert [(r["measure"], r["period"], r["delivered"]) for r in rows][:2] == [("LBL1", "2027-Q2", "12.00"),
                                                                                ("LBL1", "2027-Q3", "14.00")]
    data = json.loads(report.to_json(result))
    assert data["kpis"][2]["rating"] == "Approaching target" and data["kpis"][2]["delivered"] == "165"
    text = report.to_text(result)
    assert "waste-2027  2027-Q3  2027-10-30  2027-11-12      1          late" in text
    by_theme = list(csv.DictReader(io.StringIO(report.to_csv(result, "theme"))))
    assert [r["grouping"] for r in by_theme] == ["economic", "social", "environment"]


def test_the_query_placeholder_accepts_only_a_checked_date() -> None:
    assert "DATE '2028-05-15'" in report.query_text("totals", as_of=AS_OF)
    with pytest.raises(TypeError):
        report.query_text("totals", as_of="2028-01-01' OR 1=1 --")  # type: ignore[arg-type]


def test_the_commands_award_import_report_and_history_work_end_to_end(tmp_path: Path) -> None:
    db = str(tmp_path / "m.duckdb")
    runner = CliRunner()
    assert runner.invoke(main, ["award", str(WASTE), str(ACME), "--db", db]).exit_code == 0
    blank = runner.invoke(main, ["return-template", db, "--period", "2028-Q1"])
    assert blank.exit_code == 0 and "  LBL8: 0" in blank.output
    xlsx = tmp_path / "r.xlsx"
    assert runner.invoke(main, ["return-template", db, "--period", "2028-Q1", "--format", "xlsx",
                                "-o", str(xlsx)]).exit_code == 0 and xlsx.stat().st_size > 0
    assert runner.invoke(main, ["return-template", db, "--period", "2026-Q1"]).exit_code == 2
    refused = runner.invoke(main, ["monitor", "import", "--db", db, str(RETURNS / "waste-2027-Q4-error.yaml")])
    assert refused.exit_code == 1 and "return/out-of-bounds" in refused.output and "not imported" in refused.output
    files = [str(RETURNS / n) for n in EXAMPLES]
    assert runner.invoke(main, ["monitor", "import", "--db", db, *files]).exit_code == 0
    again = runner.invoke(main, ["monitor", "import", "--db", db, files[0]])
    assert "already imported as revision 1" in again.output
    shown = runner.invoke(main, ["monitor", "report", "--db", db, "--as-of", "2028-05-15"])
    assert shown.exit_code == 0 and "Performance: Approaching target" in shown.output
    assert runner.invoke(main, ["monitor", "report", "--db", db, "--as-of", "15/05/2028"]).exit_code == 2
    history = runner.invoke(main, ["monitor", "history", "--db", db])
    assert history.output.count("(current)") == 4


def test_contributions_to_wider_outcomes_are_rolled_up_to_those_outcomes(monitored: Path) -> None:
    result = built(monitored)
    (safer,) = result.contributions  # LBL1 "contributes to safer"
    lbl1 = next(t for t in result.totals["measure"] if t["grouping"] == "LBL1")
    assert (safer["grouping"], safer["measures"]) == ("safer", 1)
    assert safer["delivered_value"] == lbl1["delivered_value"]
    assert "Contributions to wider outcomes" in report.to_text(result)


def test_a_database_from_before_a_migration_is_brought_up_to_date_keeping_its_data(
        tmp_path: Path, contract: Contract) -> None:
    import duckdb

    from svspec.delivery import store

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:
        old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TIMESTAMP NOT NULL)")
        old.execute(store.MIGRATIONS[0][1])
        old.execute("INSERT INTO schema_migrations VALUES (1, 'first', now())")
        old.execute("INSERT INTO commitments (contract, measure, title, theme, outcome, kpi, answer, contributes_to) "
                    "VALUES ('c', 'LBL1', 't', 'economic', 'jobs', true, 'number', 'safer,greener')")
    with Database(path) as db:
        assert db.schema_version() == len(store.MIGRATIONS)
        assert db.query("SELECT measure, outcome FROM contributions ORDER BY outcome") == [("LBL1", "greener"),
                                                                                          ("LBL1", "safer")]


def test_a_version_2_database_with_returns_gives_the_same_report_once_migrated(
        monitored: Path, contract: Contract, tmp_path: Path) -> None:
    import duckdb

    from svspec.delivery import store

    text = (RETURNS / "waste-2027-Q2.yaml").read_text("utf-8")
    corrected = tmp_path / "q2-corrected.yaml"
    corrected.write_text(text.replace("LBL5: 30", "LBL5: 41"), "utf-8")
    found, problems, _ = load_return(corrected, {contract.name: contract})
    assert found is not None, problems
    with Database(monitored) as db:
        assert db.import_return(found).revision == 2
    expected = report.to_json(built(monitored))
    path = tmp_path / "v2.duckdb"
    with duckdb.connect(str(path)) as old:
        old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TIMESTAMP NOT NULL)")
        for version, (name, sql) in enumerate(store.MIGRATIONS[:2], start=1):
            old.execute(sql)
            old.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
        old.execute(f"ATTACH '{monitored}' AS new (READ_ONLY)")
        for table in ("contracts", "commitments", "returns", "figures"):
            old.execute(f"INSERT INTO {table} SELECT * FROM new.{table}")
        old.execute("INSERT INTO schedule SELECT contract, measure, period, period_start, period_end, due, committed, "
                    "value_per_figure FROM new.schedule")
        old.execute("INSERT INTO contributions SELECT * FROM new.contributions")
        assert old.execute("SELECT count(*) FROM returns GROUP BY period HAVING count(*) > 1").fetchall()
    with Database(path) as db:
        assert db.schema_version() == len(store.MIGRATIONS)
    assert report.to_json(built(path)) == expected


@pytest.mark.parametrize(("delivered", "rating"), [
    ("14", "Good"), ("13.999999", "Approaching target"), ("11.2", "Approaching target"),
    ("11.199999", "Requires improvement"), ("7", "Requires improvement"), ("6.999999", "Inadequate"),
    ("0", "Inadequate")])
def test_a_share_exactly_on_a_threshold_earns_that_rating_and_a_millionth_less_does_not(
        db_path: Path, contract: Contract, tmp_path: Path, delivered: str, rating: str) -> None:
    from tests.delivery.conftest import GOOD_Q2

    path = tmp_path / "q2.yaml"
    path.write_text(GOOD_Q2.replace("LBL1: 12", f"LBL1: {delivered}"), "utf-8")
    found, problems, _ = load_return(path, {contract.name: contract})
    assert found is not None, problems
    with Database(db_path) as db:
        db.import_return(found)
    kpis = {k["measure"]: k for k in built(db_path, date(2027, 8, 1)).kpis}
    assert kpis["LBL1"]["rating"] == rating  # committed 14 FTE: 80% is 11.2, 50% is 7


def test_the_totals_by_measure_are_the_sums_of_the_period_rows(monitored: Path) -> None:
    result = built(monitored)
    for total in result.totals["measure"]:
        rows = [r for r in result.by_period if r["measure"] == total["grouping"]]
        assert total["delivered_value"] == sum(r["delivered_value"] or 0 for r in rows)
        assert total["committed_value"] == sum(r["committed_value"] for r in rows)


def test_the_returns_counted_per_contract_are_those_listed_per_period(monitored: Path) -> None:
    for day in (date(2027, 6, 1), AS_OF, date(2031, 1, 1)):
        result = built(monitored, day)
        listed: dict[str, int] = {}
        for r in result.returns:
            listed[r["status"].replace(" ", "_")] = listed.get(r["status"].replace(" ", "_"), 0) + 1
        counted = {k: int(v) for c in result.return_counts for k, v in c.items() if k != "contract" and v}
        assert counted == listed
