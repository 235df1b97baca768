"""Social value targets across measures, delivery minimums, advisory policy, waivers and policy
over time (issue 9 items 1, 9 and 10), as a council and its evaluators rely on them."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import svspec
from svspec import format_source, model
from svspec.bids.read import load_bids
from svspec.cli import main
from svspec.scoring import core, engine
from svspec.scoring.core import round_half_up
from svspec.scoring.explain import explain_bid
from svspec.scoring.portable import portable
from tests.conftest import ROOT

ESSEX = ROOT / "tests" / "targets" / "essex"

# The worked bid of tests/targets/essex/SOURCES.md, copied here to be worked out independently:
# (quantity committed, £ of social value per unit). ECC39 uses Essex's expert staff hour (ECC48 unit
# guidance, £101.00); the other values are illustrative (TOMs values are licensed, not shipped).
ROADS_LTD = {"ECC1": (10, Fraction(19300)), "ECC10": (200, Fraction(250)), "ECC39": (250, Fraction("101.00")),
             "ECC47": (1000, Fraction(155))}
CONTRACT = Fraction(2_000_000)
TARGET = Fraction(1, 4)               # Essex: £0.25 of social value per £1 of contract value
SOCIAL_VALUE_POINTS = Fraction(20)    # Essex: social value weighted up to 20%
PER_MEASURE_WEIGHTS = {"ECC1": Fraction(40, 100), "ECC10": Fraction(20, 100), "ECC39": Fraction(20, 100),
                       "ECC47": Fraction(20, 100)}


def _load(path: Path) -> model.Tender:
    result = svspec.load(path)
    assert result.ok, [d.message for d in result.errors]
    assert isinstance(result.model, model.Tender)
    return result.model


def _score(tender: model.Tender, *bids: Path) -> engine.Scoring:
    read, problems = load_bids(bids, tender)
    assert len(read) == len(bids) and not any(d.severity.label == "error" for d in problems), problems
    scoring, diagnostics = engine.score(tender, read)
    assert scoring is not None, [d.message for d in diagnostics]
    return scoring


def _social_value_points(scoring: engine.Scoring, bidder: str) -> Fraction:
    bid = scoring.bid(bidder)
    assert bid is not None
    criterion = bid.criterion("social value")
    assert criterion is not None
    return criterion.points


# ---------------------------------------------------------------- item 1: a target across measures
def test_essex_roads_scores_the_calculator_total_per_pound_against_the_target() -> None:
    committed = sum(q * v for q, v in ROADS_LTD.values())
    expected = SOCIAL_VALUE_POINTS * min(Fraction(1), committed / (CONTRACT * TARGET))
    scoring = _score(_load(ESSEX / "essex-roads.svspec"), ESSEX / "bids" / "roads-ltd.yaml")
    assert committed == 423_250
    assert _social_value_points(scoring, "Roads Ltd") == expected
    assert round_half_up(expected) == "16.93"


def test_per_measure_targets_give_the_lower_figure_the_issue_reports(tmp_path: Path) -> None:
    expected = SOCIAL_VALUE_POINTS * sum(
        PER_MEASURE_WEIGHTS[code] * min(Fraction(1), q * v / (CONTRACT * TARGET)) for code, (q, v) in ROADS_LTD.items())
    bid = tmp_path / "roads-ltd.yaml"
    bid.write_text((ESSEX / "bids" / "roads-ltd.yaml").read_text(encoding="utf-8").replace(
        "tender: essex-roads", "tender: essex-roads-per-measure"), encoding="utf-8")
    scoring = _score(_load(ESSEX / "essex-roads-per-measure.svspec"), bid)
    assert _social_value_points(scoring, "Roads Ltd") == expected
    assert round_half_up(expected) == "4.93"


def test_the_total_is_explained_with_every_commitment_added_up() -> None:
    scoring = _score(_load(ESSEX / "essex-roads.svspec"), *sorted((ESSEX / "bids").glob("*.yaml")))
    text = explain_bid(scoring, "Roads Ltd")
    assert "total (Total social value of the valued commitments): £423,250 is worth £423,250" in text
    assert "against a target of £0.25 per £1: 84.65%" in text
    assert "= 16.93 points" in text
    assert "Valued commitments: £423,250 in all" in text


def _standalone(tmp_path: Path, tender: Path, *bids: Path) -> list[dict[str, object]]:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tender), "--out", str(out)])
    assert result.exit_code == 0, result.output
    run = subprocess.run([sys.executable, str(out / "scoring.py"), "--json", *map(str, bids)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, object]] = json.loads(run.stdout)
    return rows


def test_the_standalone_scorer_gives_the_engine_figures_for_a_total(tmp_path: Path) -> None:
    bids = sorted((ESSEX / "bids").glob("*.yaml"))
    scoring = _score(_load(ESSEX / "essex-roads.svspec"), *bids)
    rows = _standalone(tmp_path, ESSEX / "essex-roads.svspec", *bids)
    assert [(r["bidder"], r["social value"], r["total"]) for r in rows] == [
        (b.bidder, round_half_up(_social_value_points(scoring, b.bidder)), round_half_up(b.total))
        for b in scoring.bids]
    assert rows[0]["social value"] == "16.93"


def test_scoring_json_marks_the_total_line_and_bids_are_not_asked_for_it() -> None:
    tender = _load(ESSEX / "essex-roads.svspec")
    social = next(c for c in portable(tender)["criteria"] if c["kind"] == "social value")
    total = [i for i in social["items"] if i.get("total")]
    assert [(i["code"], i["weight"], i["rule"]["kind"]) for i in total] == [("total", "1", "value-per-pound")]
    assert "total" not in {s.code for s in tender.selections}


LBHF_FRAMEWORK = '''framework lbhf "LBHF-style framework"
  version 1
  effective 2021-04-01
  policy
    social value at least 10%, rising to 20% from 2023-04-01
    commitments at least 10% of contract value, rising to 20% from 2023-04-01, {below}
    applies from £100,000
  theme economic "Jobs"
    outcome jobs "Local people in good jobs"
      measure J1 "Local residents employed"
        unit FTE
        answer number at least 0
        value £20,000 per FTE
        evidence "Payroll extract" every quarter
        scored relative to best
'''

LBHF_TENDER = '''tender works "Works"
  uses lbhf 1 from "framework.svspec"
  closes {closes}
  contract value {value} over 2 years
  criteria
    price 80%, scored relative to lowest
    social value 20%
  social value measures
    J1 weight 100%
'''


def _lbhf(tmp_path: Path, closes: str, below: str = "or the bid is excluded", value: str = "£1,000,000",
          bids: dict[str, int] | None = None) -> tuple[Path, list[Path]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "svspec.toml").write_text('[project]\nname = "lbhf"\n', encoding="utf-8")
    (tmp_path / "framework.svspec").write_text(LBHF_FRAMEWORK.format(below=below), encoding="utf-8")
    tender = tmp_path / "works.svspec"
    tender.write_text(LBHF_TENDER.format(closes=closes, value=value), encoding="utf-8")
    paths = []
    for bidder, fte in (bids or {"Fifteen": 15, "Five": 5}).items():
        path = tmp_path / f"{bidder.lower()}.yaml"
        path.write_text(f'tender: works\nbidder: "{bidder}"\nprice: 900000\nsocial_value:\n  J1: {fte}\n',
                        encoding="utf-8")
        paths.append(path)
    return tender, paths


def test_a_bid_below_the_delivery_minimum_is_excluded_with_the_reason_in_every_report(tmp_path: Path) -> None:
    tender, bids = _lbhf(tmp_path, "2024-01-31")  # 20% in force: £200,000 of a £1,000,000 contract
    scoring = _score(_load(tender), *bids)
    five = scoring.bid("Five")
    assert five is not None and five.rank is None
    reason = ("commitments worth £100,000.00 (10.00% of the contract value) are below the delivery minimum of "
              "20.00% (£200,000.00, in force from 2023-04-01), so the bid is excluded")
    assert five.excluded == (reason,)
    runner = CliRunner()
    text = runner.invoke(main, ["score", str(tender), *map(str, bids), "--explain", "Five"])
    assert reason in " ".join(text.output.split())
    assert "Delivery minimum: 20% of the contract value (£200,000): NOT met" in text.output
    as_json = json.loads(runner.invoke(main, ["score", str(tender), *map(str, bids), "--format", "json"]).output)
    entry = next(b for b in as_json["bids"] if b["bidder"] == "Five")
    assert entry["excluded"] == [reason] and entry["committed_value"] == "£100,000"
    rows = _standalone(tmp_path, tender, *bids)
    assert next(r for r in rows if r["bidder"] == "Five")["outcome"] == "excluded: " + reason
    assert next(r for r in rows if r["bidder"] == "Fifteen")["rank"] == 1


def test_the_delivery_minimum_in_force_on_the_closing_date_applies(tmp_path: Path) -> None:
    tender, bids = _lbhf(tmp_path, "2022-06-30")  # before the rise: 10%, so £100,000 is enough
    scoring = _score(_load(tender), *bids)
    assert [b.rank for b in scoring.bids] == [1, 2]
    assert _load(tender).policy.min_commitments == Fraction(1, 10)


def test_below_the_delivery_minimum_social_value_can_score_nothing_instead(tmp_path: Path) -> None:
    tender, bids = _lbhf(tmp_path, "2024-01-31", below="or social value scores nothing")
    scoring = _score(_load(tender), *bids)
    five = scoring.bid("Five")
    assert five is not None and five.rank == 2 and _social_value_points(scoring, "Five") == 0
    assert five.delivery_note is not None and five.delivery_note.endswith("so social value scores nothing")
    rows = _standalone(tmp_path, tender, *bids)
    row = next(r for r in rows if r["bidder"] == "Five")
    assert row["social value"] == "0.00" and row["outcome"] == "ranked; " + five.delivery_note


def test_a_delivery_minimum_binds_only_from_the_policy_threshold(tmp_path: Path) -> None:
    tender, bids = _lbhf(tmp_path, "2024-01-31", value="£50,000", bids={"Tiny": 0})
    loaded = _load(tender)
    assert loaded.policy.min_commitments is None
    assert _score(loaded, *bids).bids[0].rank == 1


def test_the_core_sums_commitments_through_the_one_valuation_of_a_commitment() -> None:
    plan = core.load_plan(portable(_load(ESSEX / "essex-roads.svspec")))
    bid = core.BidInput(bidder="x", answers={"ECC1": 1, "ECC10": 2, "ECC39": 3, "ECC47": 4})
    by_hand = sum(core.commitment_value(i, Fraction(bid.answers[i.code])) for i in plan.items if core.valued(i))
    assert core.committed_values(plan, [bid]) == [by_hand] == [19300 + 500 + Fraction("303") + 620]


# ---------------------------------------------------------------- item 10: policy over time
def _check(tmp_path: Path, closes: str | None, weight: str) -> list[tuple[str, str]]:
    tender, _ = _lbhf(tmp_path, closes or "2024-01-31")
    text = tender.read_text(encoding="utf-8").replace("price 80%", f"price {100 - int(weight)}%").replace(
        "social value 20%", f"social value {weight}%")
    if closes is None:
        text = text.replace("  closes 2024-01-31\n", "")
    tender.write_text(text, encoding="utf-8")
    return [(d.code, d.message) for r in svspec.check([tender]) for d in r.diagnostics]


def test_a_rising_minimum_is_checked_against_the_figure_in_force_when_the_tender_closes(tmp_path: Path) -> None:
    assert _check(tmp_path, "2022-06-30", "15") == []
    assert _check(tmp_path, "2024-01-31", "15") == [(
        "social-value-below-minimum", "social value is weighted 15% of the total score, below the minimum of 20% "
        "(the figure in force from 2023-04-01, for a tender closing 2024-01-31)")]


def test_a_rising_policy_without_a_closing_date_is_checked_against_its_highest_figure(tmp_path: Path) -> None:
    codes = [code for code, _ in _check(tmp_path, None, "15")]
    assert codes.count("policy-date-unknown") == 2 and "social-value-below-minimum" in codes


# ---------------------------------------------------------------- item 9: advice and waivers
BRADFORD = '''framework bradford "Bradford-style framework"
  version 1
  policy
    at most 6 measures
    at least 1 measure from employment
    applies from £100,000, recommended below
  theme employment "Employment and skills"
    outcome jobs "Jobs"
      measure J1 "Local residents employed"
        unit FTE
        answer number at least 0
        evidence "Payroll extract" every quarter
        scored linear from 0 FTE to 10 FTE
  theme environment "Environment"
    outcome greener "Greener"
      measure G1 "Carbon saved"
        unit tCO2e
        answer number at least 0
        evidence "Carbon report" every year
        scored relative to best
'''


def _bradford(tmp_path: Path, value: str, waiver: str = "") -> list[tuple[str, str]]:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "bradford"\n', encoding="utf-8")
    (tmp_path / "framework.svspec").write_text(BRADFORD, encoding="utf-8")
    tender = tmp_path / "t.svspec"
    tender.write_text(f'''tender t "Licence renewal"
  uses bradford 1 from "framework.svspec"
  closes 2026-09-30
  contract value {value} over 1 year
  criteria
    price 90%, scored relative to lowest
    social value 10%
  social value measures
    G1 weight 100%
{waiver}''', encoding="utf-8")
    return [(d.code, d.severity.label) for r in svspec.check([tender]) for d in r.diagnostics]


def test_below_the_threshold_a_recommended_policy_warns_instead_of_refusing(tmp_path: Path) -> None:
    assert _bradford(tmp_path, "£50,000") == [("policy-not-followed", "warning")]
    assert _bradford(tmp_path, "£500,000") == [("too-few-measures", "error")]


WAIVER = '''  waiver too-few-measures
    reason "No Employment and Skills measure fits a software licence renewal"
    approved by "Assistant Director, Procurement" on 2026-08-01
'''


def test_a_waiver_turns_the_policy_error_into_a_recorded_exception_that_check_shows(tmp_path: Path) -> None:
    assert _bradford(tmp_path, "£500,000", WAIVER) == [("policy-waived", "warning")]
    result = CliRunner().invoke(main, ["check", str(tmp_path / "t.svspec")])
    assert result.exit_code == 0
    shown = " ".join(result.output.split())
    assert "too-few-measures waived" in shown and "approved by Assistant Director, Procurement on 2026-08-01" in shown


def test_a_waiver_is_published_on_the_guidance_site(tmp_path: Path) -> None:
    _bradford(tmp_path, "£500,000", WAIVER)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "t.svspec"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    home = (out / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    assert ("Exception to the policy (too-few-measures: Too few measures selected), approved by Assistant Director, "
            "Procurement on 1 August 2026: No Employment and Skills measure fits a software licence renewal") in home
    assert "A tender selects at least 1 measure(s) from" in home



# ---------------------------------------------------------------- the words as written
NEW_WORDS = '''framework f "F"
  version 1
  policy
    social value at least 10%,   rising to 15% from 2022-04-01, rising to 20% from 2023-04-01
    commitments at least 10% of contract value, rising to 20% from 2023-04-01,  or social value scores nothing
    applies from £100,000,  recommended below
    recommended
      at least 1 measure from e
  theme e "E"
    outcome o "O"
      measure M "M"
        unit FTE
        answer number at least 0
        value £10 per FTE
        evidence "Payroll" every quarter
        scored linear from 0 FTE to 10 FTE
'''

NEW_TENDER = '''tender t "T"
  uses f 1 from "f.svspec"
  contract value £1,000,000 over 1 year
  criteria
    price 80%, scored relative to lowest
    social value 20%
  social value measures
    total value weight 60%,  scored by value relative to best, minimum £1,000
    M weight 40%
  waiver too-few-measures
    reason "Why"
    approved by  "Who" on 2026-01-01
'''


@pytest.mark.parametrize("text", [NEW_WORDS, NEW_TENDER], ids=["framework", "tender"])
def test_the_new_words_format_to_one_canonical_form(text: str) -> None:
    once = format_source(text)
    assert format_source(once) == once
    assert "  " not in "".join(line.strip() for line in once.splitlines())


def test_the_guidance_site_tells_suppliers_about_the_total_and_the_delivery_minimum(tmp_path: Path) -> None:
    out = tmp_path / "essex-out"
    assert CliRunner().invoke(main, ["build", str(ESSEX / "essex-roads.svspec"), "--out", str(out)]).exit_code == 0
    scoring = (out / "site" / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert ("Your valued commitments are also added up in pounds and scored as a whole, for 100% of the social "
            "value score: scored on the social value offered per £1 of contract value") in scoring
    tender, _ = _lbhf(tmp_path / "lbhf", "2024-01-31")
    out = tmp_path / "lbhf-out"
    assert CliRunner().invoke(main, ["build", str(tender), "--out", str(out)]).exit_code == 0
    scoring = (out / "site" / "docs" / "scoring.md").read_text(encoding="utf-8")
    home = (out / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    assert ("If a bid's valued commitments are worth less than 20% of the contract value (£200,000), the bid is "
            "excluded.") in scoring
    assert ("A bid's valued commitments are worth at least 10% of the contract value, rising to 20% from "
            "1 April 2023; below that, the bid is excluded.") in home
    assert ("A bid's valued commitments are worth at least 20% of the contract value (the figure in force on the "
            "tender's closing date, 31 January 2024); below that, the bid is excluded.") in home


# ---------------------------------------------------------------- invariants
_ESSEX_PLAN = core.load_plan(portable(_load(ESSEX / "essex-roads.svspec")))
_QUANTITY = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(answers=st.lists(st.tuples(_QUANTITY, _QUANTITY, _QUANTITY, _QUANTITY), min_size=1, max_size=5),
       which=st.integers(min_value=0), code=st.sampled_from(sorted(ROADS_LTD)), more=_QUANTITY)
def test_committing_more_never_lowers_the_total_value_score(answers: list[tuple[Decimal, ...]], which: int,
                                                             code: str, more: Decimal) -> None:
    def bids(extra: Decimal) -> list[core.BidInput]:
        out = []
        for i, row in enumerate(answers):
            given = dict(zip(sorted(ROADS_LTD), row, strict=True))
            if i == which % len(answers):
                given[code] += extra
            out.append(core.BidInput(bidder=f"b{i}", price=Decimal(1_900_000), answers=given))
        return out

    before, after = core.score(_ESSEX_PLAN, bids(Decimal(0))), core.score(_ESSEX_PLAN, bids(more))
    index = before.bidders.index(f"b{which % len(answers)}")
    assert after.criterion_fraction(index, "social value") >= before.criterion_fraction(index, "social value")
    assert 0 <= after.criterion_fraction(index, "social value") <= 1


def test_a_total_can_be_scored_relative_to_the_best_total_with_a_gate_in_pounds(tmp_path: Path) -> None:
    for name in ("svspec.toml", "framework.svspec", "essex-roads.svspec"):
        text = (ESSEX / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace(
            "total value weight 100%, scored by value per £ against £0.25",
            "total value weight 100%, scored by value relative to best, gate at least £200,000"), encoding="utf-8")
    scoring = _score(_load(tmp_path / "essex-roads.svspec"), *sorted((ESSEX / "bids").glob("*.yaml")))
    best, other = scoring.bid("Roads Ltd"), scoring.bid("Highways CIC")
    assert best is not None and other is not None
    assert _social_value_points(scoring, "Roads Ltd") == SOCIAL_VALUE_POINTS
    assert other.rank is None and other.excluded == ("fails the gate on the total value of its commitments",)
    assert other.committed == 96_500 + 12_500 + 50_500 + 31_000


def test_svspec_test_checks_the_essex_figures_written_as_the_council_would() -> None:
    result = CliRunner().invoke(main, ["test", str(ESSEX)])
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output
