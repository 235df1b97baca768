"""Every policy rule a tender can break is advisable and waivable the same way (issue 9 item 9), and
every percentage minimum may rise on a date, checked against the tender's closing date (item 10)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import svspec
from svspec import format_source, model
from svspec.semantics.tender import WAIVABLE

FRAMEWORK = '''framework council "A council's framework"
  version 1
  policy
{policy}
  theme economic "Jobs"
    outcome jobs "Local people in good jobs"
      measure J1 "Local residents employed"
        unit FTE
        answer number at least 0
        evidence "Payroll extract" every quarter
        scored linear from 0 FTE to 10 FTE
  theme environment "Environment"
    outcome greener "Greener streets"
      measure G1 "Carbon saved"
        unit tCO2e
        answer number at least 0
        evidence "Carbon report" every year
        scored relative to best
'''

TENDER = '''tender t "Grounds maintenance"
  uses council 1 from "framework.svspec"
  contract value £500,000 over 2 years
{closes}  criteria
    price 80%, scored relative to lowest
    social value 20%
  social value measures
    J1 weight 60%
    G1 weight 40%
{waiver}'''

BROKEN = {
    "social-value-below-minimum": "social value at least 30%",
    "social-value-above-maximum": "social value at most 10%",
    "social-value-not-exact": "social value exactly 25%",
    "too-many-outcomes": "at most 1 outcome per contract",
    "too-many-measures": "at most 1 measure",
    "too-few-measures": "at least 3 measures",
    "measure-weight-below-minimum": "each measure at least 50%",
    "group-share-below-minimum": "measures from environment at least 60% of social value",
}
"""For each policy code, a framework rule that the tender above breaks."""


def _check(tmp_path: Path, policy: str, waiver: str = "", closes: str | None = "2025-06-30"
           ) -> list[tuple[str, str, str]]:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "council"\n', encoding="utf-8")
    (tmp_path / "framework.svspec").write_text(FRAMEWORK.format(policy=policy), encoding="utf-8")
    tender = tmp_path / "t.svspec"
    tender.write_text(TENDER.format(waiver=waiver, closes=f"  closes {closes}\n" if closes else ""), encoding="utf-8")
    return [(d.code, d.severity.label, d.message) for r in svspec.check([tender]) for d in r.diagnostics]


def _waiver(code: str) -> str:
    return (f'  waiver {code}\n    reason "The contract is too small for more"\n'
            '    approved by "Head of Procurement" on 2025-05-01\n')


def test_every_policy_code_a_tender_can_break_has_a_case_here() -> None:
    assert set(BROKEN) == set(WAIVABLE)


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_a_required_policy_rule_the_tender_breaks_is_an_error(code: str, tmp_path: Path) -> None:
    assert [(c, s) for c, s, _ in _check(tmp_path, f"    {BROKEN[code]}")] == [(code, "error")]


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_the_same_rule_under_recommended_is_a_warning_that_it_was_not_followed(code: str, tmp_path: Path) -> None:
    found = _check(tmp_path, f"    recommended\n      {BROKEN[code]}")
    assert [(c, s) for c, s, _ in found] == [("policy-not-followed", "warning")]


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_the_same_rule_waived_by_the_tender_is_a_recorded_exception(code: str, tmp_path: Path) -> None:
    found = _check(tmp_path, f"    {BROKEN[code]}", _waiver(code))
    assert [(c, s) for c, s, _ in found] == [("policy-waived", "warning")]
    assert found[0][2].startswith(f"{code} waived: ") and "approved by Head of Procurement on 2025-05-01" in found[0][2]


def test_at_most_one_outcome_per_contract_is_waivable_for_the_most_important_contracts(tmp_path: Path) -> None:
    """PPN 002: one outcome per contract, except where the contract's size and impact justify more."""
    found = _check(tmp_path, "    at most 1 outcome per contract", _waiver("too-many-outcomes"))
    assert [c for c, _, _ in found] == ["policy-waived"]
    assert "the selected measures come from 2 outcomes (jobs, greener)" in found[0][2]


def test_a_waiver_of_a_rule_the_tender_meets_is_reported_unused(tmp_path: Path) -> None:
    found = _check(tmp_path, "    social value at most 30%", _waiver("social-value-above-maximum"))
    assert [c for c, _, _ in found] == ["unused-waiver"]


def test_the_waiver_error_names_every_waivable_code() -> None:
    from svspec.diagnostics import REGISTRY

    explanation = REGISTRY["waiver-not-a-policy-rule"].explanation
    assert all(f"`{code}`" in explanation for code in WAIVABLE), explanation


# ---------------------------------------------------------------- item 10: every minimum may rise
RISING = {
    "group-share-below-minimum": (
        "measures from environment at least 30% of social value, rising to 60% from 2025-04-01",
        "measures of 'environment' carry 40% of the social value, below the minimum of 60% "
        "(the figure in force from 2025-04-01, for a tender closing 2025-06-30)"),
    "measure-weight-below-minimum": (
        "each measure at least 30%, rising to 50% from 2025-04-01",
        "measure 'G1' is weighted 40%, below the minimum of 50% "
        "(the figure in force from 2025-04-01, for a tender closing 2025-06-30)"),
}


@pytest.mark.parametrize("code", sorted(RISING))
def test_a_rising_minimum_is_the_figure_in_force_on_the_closing_date(code: str, tmp_path: Path) -> None:
    rule, message = RISING[code]
    assert _check(tmp_path, f"    {rule}", closes="2025-03-31") == []
    assert (code, "error", message) in _check(tmp_path, f"    {rule}", closes="2025-06-30")


@pytest.mark.parametrize("code", sorted(RISING))
def test_a_rising_minimum_without_a_closing_date_warns_and_takes_the_highest_figure(code: str,
                                                                                   tmp_path: Path) -> None:
    found = [(c, s) for c, s, _ in _check(tmp_path, f"    {RISING[code][0]}", closes=None)]
    assert ("policy-date-unknown", "warning") in found and (code, "error") in found


def test_a_rising_minimum_can_be_advice(tmp_path: Path) -> None:
    found = _check(tmp_path, f"    recommended\n      {RISING['measure-weight-below-minimum'][0]}")
    assert [(c, s) for c, s, _ in found] == [("policy-not-followed", "warning")]
    assert "below the minimum of 50% (the figure in force from 2025-04-01" in found[0][2]


@pytest.mark.parametrize("rule", [
    "measures from environment at least 30% of social value, rising to 20% from 2025-04-01",
    "each measure at least 30%, rising to 35% from 2025-04-01, rising to 38% from 2024-04-01",
])
def test_a_minimum_that_does_not_rise_in_order_is_refused(rule: str, tmp_path: Path) -> None:
    assert [c for c, _, _ in _check(tmp_path, f"    {rule}", closes="2025-03-31")] == ["policy-rise-out-of-order"]


@pytest.mark.parametrize("rule", [rule for rule, _ in RISING.values()])
def test_a_rising_minimum_is_formatted_as_written(rule: str) -> None:
    formatted = format_source(FRAMEWORK.format(policy=f"    {rule}"))
    assert f"\n    {rule}\n" in formatted and format_source(formatted) == formatted


def test_the_tender_model_carries_the_figures_in_force_and_the_site_the_steps(tmp_path: Path) -> None:
    policy = f"    {RISING['group-share-below-minimum'][0]}\n    {RISING['measure-weight-below-minimum'][0]}"
    _check(tmp_path, policy, closes="2025-03-31")
    framework = svspec.load(tmp_path / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    assert framework.policy.min_measure_weight == Decimal("0.3")
    assert [(r.figure, r.on) for r in framework.policy.min_measure_weight_rises] == [(Decimal("0.5"), "2025-04-01")]
    assert [(r.figure, r.on) for r in framework.policy.group_shares[0].rises] == [(Decimal("0.6"), "2025-04-01")]
    tender = svspec.load(tmp_path / "t.svspec").model
    assert isinstance(tender, model.Tender)
    assert tender.policy.min_measure_weight == Decimal("0.3")
    assert tender.policy.group_shares[0].minimum == Decimal("0.3")


def test_the_guidance_site_states_each_rising_minimum_with_its_date(tmp_path: Path) -> None:
    from svspec.emit.site import render

    policy = f"    {RISING['group-share-below-minimum'][0]}\n    {RISING['measure-weight-below-minimum'][0]}"
    _check(tmp_path, policy, closes="2025-03-31")
    framework = svspec.load(tmp_path / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    pages, _ = render(framework)
    assert pages is not None
    text = " ".join(" ".join(p.decode("utf-8", "replace").split()) for path, p in pages.items() if path.endswith(".md"))
    assert "carry at least 30% of the social value, rising to 60% from 1 April 2025." in text
    assert "Each selected measure carries at least 30% of social value, rising to 50% from 1 April 2025." in text
