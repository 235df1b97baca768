"""Each answer kind and each scoring rule kind is defined once, in `svspec.kinds`, and every output
asks the table: a new kind registered there (and its arithmetic in the core) is picked up by the
bid schema, the wording, scoring.json, the scoring engine and its explanations."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
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


# ------------------------------------------------------------------ the worked example of CONTRIBUTING
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = '''
import json, sys
from pathlib import Path
import svspec
from svspec.api import format_source
from svspec.emit.schema import bid_schema
from svspec.scoring import engine
from svspec.scoring.portable import portable
from tests.scoring.helpers import bid, write_tender

folder = Path(sys.argv[1])
body = """tender rules "Rules"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    JOBS weight 100%, scored all or nothing at 5 FTE
"""
tender = write_tender(folder, body)
scores, problems = engine.score(tender, [bid(n, tender, price=100, social_value={"JOBS": v})
                                         for n, v in (("short", 4), ("exact", 5))])
text = (folder / "tender.svspec").read_text(encoding="utf-8")
(folder / "wrong").mkdir()
wrong_folder = folder / "wrong"
(wrong_folder / "svspec.toml").write_text("[project]\\nname = 'w'\\n", encoding="utf-8")
(wrong_folder / "fw.svspec").write_text((folder / "fw.svspec").read_text(encoding="utf-8"), encoding="utf-8")
(wrong_folder / "tender.svspec").write_text(text.replace("at 5 FTE", "at £5"), encoding="utf-8")
wrong = svspec.load(wrong_folder / "tender.svspec")
print(json.dumps({
    "fractions": {b.bidder: str(b.items[0].fraction) for b in scores.bids},
    "sentence": scores.bid("exact").items[0].sentence,
    "schema": bid_schema(tender)["properties"]["social_value"]["properties"]["JOBS"]["svspec:scoring"],
    "portable": portable(tender)["criteria"][1]["items"][0]["rule"],
    "formatted": format_source(text, "tender.svspec"),
    "wrong": sorted(d.code for d in wrong.errors),
}))
'''


def _worked_example_blocks() -> list[str]:
    """The three code blocks of the worked example in CONTRIBUTING.md, in order."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("**Worked example"):text.index("**An answer kind**")]
    blocks = re.findall(r"```(?:lark|python)\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 3
    return [textwrap.dedent(b) for b in blocks]


def test_the_worked_example_adds_a_rule_kind_by_changing_three_files(tmp_path: Path) -> None:
    grammar_line, kind_code, arithmetic_code = _worked_example_blocks()
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "grammar", copy / "grammar")
    grammar = copy / "grammar" / "svspec.lark"
    anchor = '     | "yes" "or" "no" -> rule_yes_no\n'
    text = grammar.read_text(encoding="utf-8")
    assert anchor in text
    grammar.write_text(text.replace(anchor, anchor + "     " + grammar_line.strip() + "\n"), encoding="utf-8")
    for path, code in (("src/svspec/kinds/rules.py", kind_code), ("src/svspec/scoring/core.py", arithmetic_code)):
        with (copy / path).open("a", encoding="utf-8") as out:
            out.write("\n\n" + code)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy / "src"), str(ROOT)]),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    project = tmp_path / "project"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(project)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["fractions"] == {"exact": "1", "short": "0"}
    assert found["schema"] == {"kind": "all-or-nothing",
                               "description": "Full points for at least 5 FTE; none below."}
    assert found["portable"] == {"kind": "all-or-nothing", "target": "5"}
    assert "JOBS weight 100%, scored all or nothing at 5 FTE\n" in found["formatted"]
    assert found["wrong"] == ["unit-mismatch"]
    assert "gives" in found["sentence"]
