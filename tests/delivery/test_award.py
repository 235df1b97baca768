"""`svspec award`: the contract, its commitments per period and per year, its KPIs and schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner

from svspec.cli import main
from svspec.delivery.contract import Contract, award, stored
from svspec.delivery.store import Database
from svspec.scoring import core, portable
from tests.delivery.conftest import ACME, LAMBETH, WASTE, waste_tender


def test_the_award_records_dates_kpis_and_a_schedule_of_28_quarterly_returns(contract: Contract) -> None:
    assert (contract.supplier, contract.starts, contract.ends) == ("Acme Services Ltd", date(2027, 4, 1),
                                                                    date(2034, 3, 31))
    assert [k.measure for k in contract.kpis] == ["LBL1", "LBL3", "LBL5"]
    assert len(contract.periods) == 28 and contract.periods[0].name == "2027-Q2"
    first = contract.due_in("2027-Q2")
    assert [c.measure for c, _ in first] == ["LBL1", "LBL3", "LBL5"]
    assert first[0][1].due == date(2027, 7, 30)


def test_a_level_is_committed_every_quarter_and_a_total_is_shared_equally(contract: Contract) -> None:
    lbl1 = next(c for c in contract.commitments if c.measure == "LBL1")
    lbl3 = next(c for c in contract.commitments if c.measure == "LBL3")
    assert lbl1.figure == "level" and {d.committed for d in lbl1.schedule} == {Decimal(14)}
    assert lbl3.figure == "total" and lbl3.schedule[0].committed == stored(Fraction(104, 28))
    assert lbl3.per_year == stored(Fraction(104, 7))


def test_a_yearly_measure_is_due_in_the_last_quarter_of_each_contract_year(contract: Contract) -> None:
    lbl8 = next(c for c in contract.commitments if c.measure == "LBL8")
    assert lbl8.frequency == "every year"
    assert [d.period for d in lbl8.schedule] == [f"{y}-Q1" for y in range(2028, 2035)]


def test_a_commitment_that_is_not_a_figure_is_recorded_but_not_scheduled(contract: Contract) -> None:
    lbl6 = next(c for c in contract.commitments if c.measure == "LBL6")
    assert lbl6.figure is None and lbl6.schedule == () and lbl6.text and "residents' panels" in lbl6.text


def test_social_value_per_figure_is_the_scoring_core_s_own_valuation(contract: Contract) -> None:
    tender = waste_tender()
    for selection in tender.selections:
        commitment = next(c for c in contract.commitments if c.measure == selection.code)
        valuation = selection.measure.valuation
        if valuation is None:
            continue
        expected = core.value_per_unit(portable._valuation(valuation) or {})
        assert commitment.value_per_unit == stored(expected)
    lbl1 = next(c for c in contract.commitments if c.measure == "LBL1")
    # £28,213 per FTE per year, less 25% deadweight and 10% attribution, for a quarter.
    assert lbl1.schedule[0].value_per_figure == stored(Fraction(28213) * Fraction(3, 4) * Fraction(9, 10) / 4)


def test_a_tender_without_a_contract_start_cannot_be_awarded() -> None:
    from svspec.bids.read import load_bid

    tender = replace(waste_tender(), contract_starts=None)
    bid, _ = load_bid(ACME, tender)
    assert bid is not None
    contract, problems = award(tender, bid, bid_bytes=b"", tender_text="")
    assert contract is None and [d.code for d in problems] == ["award/no-contract-start"]


def test_awarding_the_same_bid_again_changes_nothing_and_another_bid_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    runner = CliRunner()
    first = runner.invoke(main, ["award", str(WASTE), str(ACME), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "Contract waste-2027 awarded: Acme Services Ltd" in first.output
    again = runner.invoke(main, ["award", str(WASTE), str(ACME), "--db", str(db)])
    assert again.exit_code == 0 and "already recorded" in again.output
    other = runner.invoke(main, ["award", str(WASTE), str(LAMBETH / "bids" / "waste-greenway.json"), "--db", str(db)])
    assert other.exit_code == 1 and "award/already-awarded" in other.output
    with Database(db) as opened:
        assert opened.query("SELECT supplier FROM contracts") == [("Acme Services Ltd",)]


def test_the_contract_is_written_as_json_with_its_hashes(tmp_path: Path) -> None:
    import hashlib
    import json

    out = tmp_path / "contract.json"
    marks = LAMBETH / "marks" / "waste-2027.yaml"
    result = CliRunner().invoke(main, ["award", str(WASTE), str(ACME), "--marks", str(marks), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["bid_sha256"] == hashlib.sha256(ACME.read_bytes()).hexdigest()
    assert data["marks_sha256"] == hashlib.sha256(marks.read_bytes()).hexdigest()
    assert data["commitments"][0]["measure"] == "LBL1" and data["commitments"][0]["kpi"] is True


def test_an_invalid_winning_bid_is_refused_with_its_own_diagnostics(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["award", str(WASTE), str(LAMBETH / "bids" / "waste-hasty-invalid.yaml"),
                                       "--db", str(tmp_path / "m.duckdb")])
    assert result.exit_code == 1 and "error[" in result.output


def test_the_award_shows_the_tender_s_warning_when_a_big_contract_has_too_few_kpis(tmp_path: Path) -> None:
    import shutil

    for name in ("framework.svspec", "values-2026.svspec", "svspec.toml"):
        if (LAMBETH / name).exists():
            shutil.copy(LAMBETH / name, tmp_path / name)
    if not (tmp_path / "svspec.toml").exists():
        (tmp_path / "svspec.toml").write_text('[project]\nname = "t"\n', "utf-8")
    text = WASTE.read_text("utf-8").replace("kpis LBL1, LBL3, LBL5", "kpis LBL1")
    (tmp_path / "waste.svspec").write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["award", str(tmp_path / "waste.svspec"), str(ACME),
                                       "--db", str(tmp_path / "m.duckdb")])
    assert result.exit_code == 0, result.output
    assert "warning[too-few-kpis]" in result.output and "has 1 KPI(s)" in result.output
    assert "LBL1 KPI:" in result.output and "LBL3 KPI" not in result.output
