"""The bundled example specs compile cleanly and lower to the model users rely on."""

from __future__ import annotations

from decimal import Decimal

import svspec
from svspec import model
from tests.conftest import SPECS


def test_every_example_spec_compiles_without_errors() -> None:
    paths = sorted(SPECS.rglob("*.svspec"))
    assert len(paths) >= 20
    for result in svspec.check(paths):
        assert result.ok, [d.message for d in result.errors]


def test_every_example_spec_belongs_to_the_one_project_of_specs() -> None:
    """`svspec check specs` and `svspec test specs` see every spec as one project (specs/svspec.toml),
    so a spec may import any file below specs/ and no spec folder hides behind its own project."""
    from svspec.semantics.loader import project_root

    assert {project_root(p) for p in SPECS.rglob("*.svspec")} == {SPECS}


def test_the_waste_tender_lowers_weights_as_exact_fractions() -> None:
    result = svspec.load(SPECS / "lambeth" / "waste-2027.svspec")
    tender = result.model
    assert isinstance(tender, model.Tender)
    assert [c.weight for c in tender.criteria] == [Decimal("0.6"), Decimal("0.3"), Decimal("0.1")]
    assert sum(s.weight for s in tender.selections) == 1
    assert tender.contract_value == Decimal(12_000_000)
    assert tender.contract_years == 7


def test_selected_measures_take_the_framework_default_rule_unless_the_tender_overrides_it() -> None:
    tender = svspec.load(SPECS / "lambeth" / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    rules = {s.code: s.scoring for s in tender.selections}
    assert rules["LBL1"].kind == "linear" and rules["LBL1"].high == 20  # tender override
    assert rules["LBL3"].kind == "bands"  # framework default
    assert rules["LBL8"].credibility_scale == "credibility"


def test_proxy_values_come_from_the_named_value_set_and_edition() -> None:
    framework = svspec.load(SPECS / "lambeth" / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    valuation = framework.measure("LBL1").valuation
    assert valuation is not None and valuation.proxy is not None
    assert valuation.proxy.amount == Decimal("28213")
    assert valuation.proxy.value_set == "lambeth-proxies"
    assert valuation.deadweight == Decimal("0.25")


def test_priority_order_ranks_outcomes() -> None:
    framework = svspec.load(SPECS / "lambeth" / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    assert framework.priority == ("jobs", "safer", "greener", "skills")
    assert framework.outcome("safer").priority == 2
