"""Each answer kind and each scoring rule kind is defined once, in `svspec.kinds`, and every output
asks the table: a new kind registered there (and its arithmetic in the core) is picked up by the
bid schema, the wording, scoring.json, the scoring engine and its explanations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from svspec import model
from svspec.emit.schema import bid_schema
from svspec.kinds import answers, rules
from svspec.kinds.rules import RuleKind, Say, Working
from svspec.scoring import core, engine
from svspec.scoring.portable import portable
from svspec.scoring.words import describe_rule
from svspec.syntax import ast
from tests.scoring.helpers import bid, write_tender

GRAMMAR = Path(__file__).resolve().parent.parent / "grammar" / "svspec.lark"


def test_the_core_has_arithmetic_for_exactly_the_rule_kinds_of_the_table() -> None:
    assert set(core.ARITHMETIC) == set(rules.RULES)


def test_the_core_and_the_table_agree_on_what_each_rule_kind_reads() -> None:
    for name, kind in rules.RULES.items():
        reads = core.ARITHMETIC[name].reads
        assert (reads == "mark") == kind.marked, name
        assert (reads == "number") == kind.reads_number, name
        assert (reads == "yes/no") == (kind.fits == {"yes/no"}), name


def test_the_core_and_the_table_agree_on_what_each_answer_kind_holds() -> None:
    assert core.ANSWER_READS == {name: kind.reads for name, kind in answers.ANSWERS.items()}


def test_every_rule_alias_of_the_grammar_is_built_by_a_rule_kind() -> None:
    aliases = set(re.findall(r"->\s*(rule_\w+)", GRAMMAR.read_text(encoding="utf-8")))
    assert aliases == set(rules.BY_GRAMMAR)


def test_every_answer_alias_of_the_grammar_is_built_by_an_answer_kind() -> None:
    aliases = set(re.findall(r"->\s*(answer_\w+)", GRAMMAR.read_text(encoding="utf-8")))
    assert aliases == set(answers.BY_GRAMMAR)


def test_every_answer_kind_has_its_own_schema_definition() -> None:
    definitions = bid_schema_definitions()
    for kind in answers.ANSWERS.values():
        assert definitions[kind.schema_def] == kind.schema()


def bid_schema_definitions() -> dict[str, Any]:
    from svspec.emit.schema import DEFS

    return DEFS


# ------------------------------------------------------------------ a toy rule kind, added in the test
class AtLeastTarget(RuleKind):
    """`scored all or nothing at N`: full points for at least N, none below (a toy kind for this test)."""

    name = "all-or-nothing"
    label = "all or nothing"
    node = ast.RelativeToBest  # a toy has no words in the language; a real kind has its own node
    fits = frozenset({"number", "money"})

    def portable(self, rule: model.ScoringRule) -> dict[str, Any]:
        return {"target": str(rule.target)}

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        return f"Full points for at least {say.quantity(rule.target)}; none below."

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        return f"{w.score.answer_text} against the all-or-nothing mark of {w.quantity(rule.target or 0)}: {w.got}"


def _all_or_nothing(plan: core.Plan, item: core.Item, bids: list[core.BidInput], xs: list[Any] | None,
                    qden: int) -> core.Column:
    assert xs is not None and item.rule.target is not None
    mark = item.rule.target * qden
    return core.Column(nums=[1 if x >= mark else 0 for x in xs], den=1, qden=qden)


@pytest.fixture
def toy_kind(monkeypatch: pytest.MonkeyPatch) -> Iterator[RuleKind]:
    """The toy kind in both tables for the length of one test; the built-in node keeps its own kind."""
    kind = AtLeastTarget()
    monkeypatch.setitem(rules.RULES, kind.name, kind)
    monkeypatch.setitem(core.ARITHMETIC, kind.name, core.Arithmetic("number", _all_or_nothing))
    yield kind


def _toy_tender(tmp_path: Path) -> model.Tender:
    tender = write_tender(tmp_path, '''tender rules "Rules"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    JOBS weight 100%, scored relative to best
''')
    toy = [replace(s, scoring=replace(s.scoring, kind="all-or-nothing", target=Decimal(5))) for s in tender.selections]
    return replace(tender, selections=tuple(toy))


def test_a_new_rule_kind_is_worded_in_the_bid_schema_and_the_guidance(tmp_path: Path, toy_kind: RuleKind) -> None:
    tender = _toy_tender(tmp_path)
    selection = tender.selections[0]
    assert describe_rule(selection.scoring, tender.framework.measure("JOBS")).startswith(
        "Full points for at least 5 FTE; none below.")
    schema = bid_schema(tender)
    jobs = schema["properties"]["social_value"]["properties"]["JOBS"]
    assert jobs["svspec:scoring"]["kind"] == "all-or-nothing"
    assert jobs["svspec:scoring"]["description"].startswith("Full points for at least 5 FTE")


def test_a_new_rule_kind_has_its_portable_form_in_scoring_json(tmp_path: Path, toy_kind: RuleKind) -> None:
    data = json.loads(json.dumps(portable(_toy_tender(tmp_path))))
    item = data["criteria"][1]["items"][0]
    assert item["rule"] == {"kind": "all-or-nothing", "target": "5"}


def test_a_new_rule_kind_is_scored_by_its_arithmetic_and_explained(tmp_path: Path, toy_kind: RuleKind) -> None:
    tender = _toy_tender(tmp_path)
    bids = [bid(name, tender, price=100, social_value={"JOBS": value}) for name, value in
            (("short", 4), ("exact", 5), ("over", 9))]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in diagnostics]
    fractions = {}
    for name in ("short", "exact", "over"):
        result = scoring.bid(name)
        assert result is not None
        fractions[name] = result.items[0].fraction
    assert fractions == {"short": Fraction(0), "exact": Fraction(1), "over": Fraction(1)}
    exact = scoring.bid("exact")
    assert exact is not None and "against the all-or-nothing mark of 5 FTE" in exact.items[0].sentence
