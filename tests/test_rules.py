"""The check stage is a registry of pure rules over typed symbols: each documented, each with its
codes, and the order they run in never changes what a spec author is told."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import svspec
from svspec.diagnostics import REGISTRY, Diagnostic, make
from svspec.semantics import check as check_stage
from svspec.semantics import compile as compile_stage
from svspec.semantics import symbols
from svspec.semantics.compile import Session, load_program
from svspec.semantics.rules import RULES, Rule, rule, rules_for
from svspec.semantics.symbols import Framework, Table
from tests.conftest import ROOT
from tests.test_diagnostics import CASE_DIRS, check_case

LAMBETH = ROOT / "specs" / "lambeth"
SPECS = [*CASE_DIRS, LAMBETH]


def _full_key(d: Diagnostic) -> tuple[object, ...]:
    """Everything a user sees of a diagnostic, so that two runs compare exactly."""
    return (d.sort_key(), d.message, d.span, d.related, d.hint, d.suggestions, d.severity)


def _with_rule_order(monkeypatch: pytest.MonkeyPatch, reorder: type[reversed[Rule]] | random.Random) -> None:
    """Make the check stage run its rules reversed, or shuffled with the given generator."""
    def reordered(table: Table, rules: Sequence[Rule] | None = None) -> list[Diagnostic]:
        chosen = list(rules_for(type(table)) if rules is None else rules)
        if isinstance(reorder, random.Random):
            reorder.shuffle(chosen)
        else:
            chosen.reverse()
        return check_stage.run_rules(table, chosen)

    monkeypatch.setattr(compile_stage, "check", reordered)


def _diagnostics(case: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    if case == LAMBETH:
        results = svspec.check(sorted(case.glob("*.svspec")), project_warnings=True)
        found = [d for r in results for d in r.diagnostics]
    else:
        found, _ = check_case(case, monkeypatch)
    return sorted(_full_key(d) for d in found)


@pytest.mark.parametrize("case", SPECS, ids=lambda p: p.name)
def test_rules_run_in_reverse_or_shuffled_order_report_exactly_the_same(case: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _diagnostics(case, monkeypatch)
    with monkeypatch.context() as patch:
        _with_rule_order(patch, reversed)
        assert _diagnostics(case, patch) == expected
    for seed in (1, 2):
        with monkeypatch.context() as patch:
            _with_rule_order(patch, random.Random(f"{case.name}-{seed}"))
            assert _diagnostics(case, patch) == expected


def test_reordering_really_changes_the_order_rules_run_in(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    original = Rule.run

    def recording(self: Rule, table: Table) -> list[Diagnostic]:
        if isinstance(table, Framework):
            ran.append(self.name)
        return original(self, table)

    monkeypatch.setattr(Rule, "run", recording)
    svspec.check([LAMBETH / "framework.svspec"])
    in_order = list(ran)
    ran.clear()
    _with_rule_order(monkeypatch, reversed)
    svspec.check([LAMBETH / "framework.svspec"])
    assert in_order and ran == in_order[::-1]


def test_every_rule_says_why_it_exists_and_reports_only_registered_codes() -> None:
    assert len(RULES) >= 40
    for r in RULES:
        assert len(r.why) >= 30, f"{r.name} needs a docstring saying why the rule exists"
        assert r.codes and all(code in REGISTRY for code in r.codes), r.name
        assert r.table in (symbols.Framework, symbols.Tender, symbols.ValueSet), r.name


def test_names_given_twice_are_reported_by_resolve_and_everything_else_by_rules() -> None:
    by_rules = {code for r in RULES for code in r.codes}
    assert not by_rules & {"duplicate-setting", "duplicate-name", "duplicate-criterion", "duplicate-selection"}
    for code in ("weights-do-not-sum", "too-many-measures", "unknown-scale", "unit-mismatch", "unused-scale",
                 "excluded-measures-selected", "closing-date-before-effective", "missing-setting"):
        assert code in by_rules


def test_a_rule_that_reports_a_code_it_did_not_declare_is_a_bug_not_a_diagnostic() -> None:
    def sloppy(framework: Framework) -> Iterator[Diagnostic]:
        """Reports the wrong code, to prove the registry notices."""
        yield make("unused-scale", framework.span, name="x")

    bad = Rule(name="sloppy", codes=("weights-do-not-sum",), table=Framework, check=sloppy)
    table = _lambeth_framework()
    with pytest.raises(svspec.SvspecError, match="unused-scale"):
        bad.run(table)


def test_rules_must_be_registered_with_known_codes_a_docstring_and_one_symbol_table() -> None:
    before = list(RULES)
    with pytest.raises(svspec.SvspecError, match="unknown"):
        rule("no-such-code")
    with pytest.raises(svspec.SvspecError, match="docstring"):
        @rule("unused-scale")
        def undocumented(framework: Framework) -> list[Diagnostic]:
            return []
    with pytest.raises(svspec.SvspecError, match="symbol table"):
        @rule("unused-scale")
        def takes_a_string(text: str) -> list[Diagnostic]:
            """Not a symbol table."""
            return []
    assert before == RULES


def _lambeth_framework() -> Framework:
    path = (LAMBETH / "framework.svspec").resolve()
    session = Session(load_program([path]))
    compiled = session.compile(path)
    assert compiled is not None and isinstance(compiled.symbols, Framework)
    return compiled.symbols


def test_a_clean_framework_passes_every_framework_rule() -> None:
    table = _lambeth_framework()
    assert check_stage.check(table) == []


def test_symbols_are_frozen_and_hold_their_references_resolved() -> None:
    table = _lambeth_framework()
    measure = next(m for m in table.measures.values() if m.unit_ref is not None)
    assert measure.unit is table.units[measure.unit.name]
    assert measure.span.file.endswith("framework.svspec")
    assert measure.theme in table.themes and measure.outcome in table.outcomes
    assert measure in table.outcomes[measure.outcome].measures
    with pytest.raises(dataclasses.FrozenInstanceError):
        measure.code = "X"  # type: ignore[misc]
    with pytest.raises(TypeError):
        table.measures["X"] = measure  # type: ignore[index]
    valued = [m for m in table.measures.values() if isinstance(m.value, symbols.ValueRef)]
    assert valued and all(m.value.proxy is not None for m in valued if isinstance(m.value, symbols.ValueRef))


def test_a_bound_tender_resolves_each_selection_to_its_framework_measure() -> None:
    path = (LAMBETH / "waste-2027.svspec").resolve()
    session = Session(load_program([path]))
    compiled = session.compile(path)
    assert compiled is not None and isinstance(compiled.symbols, symbols.Tender)
    tender = compiled.symbols
    assert tender.framework is not None and tender.selections
    for code, selection in tender.selections.items():
        assert selection.measure is tender.framework.measures[code]


def test_rules_read_symbols_not_the_blocks_of_the_ast() -> None:
    """Resolve picks settings out of AST blocks once; a rule that looks into `node.items` again, or
    casts, would bring back the lookups the symbols replaced."""
    import ast as python_ast

    for module in check_stage.RULE_MODULES:
        assert module.__file__ is not None
        tree = python_ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in python_ast.walk(tree):
            if isinstance(node, python_ast.Attribute) and node.attr == "items":
                value = node.value
                assert not (isinstance(value, python_ast.Attribute) and value.attr == "node"), \
                    f"{module.__name__}:{node.lineno} reads an AST block's items"
            if isinstance(node, python_ast.Name):
                assert node.id not in ("cast", "single_settings"), f"{module.__name__}:{node.lineno} uses {node.id}"


_REPEATED_OUTCOME = '''framework demo "Demo framework"
  version 1
  priority jobs

  theme economic "Jobs and growth"
    outcome jobs "Local people in good jobs"
      weight 60%

      measure J1 "Local residents employed"
        unit FTE
        answer number at least 0
        evidence "Payroll extract" every quarter
        scored relative to best

    outcome jobs "Local people in good jobs, again"
      weight 50%
'''


def test_a_repeated_outcome_name_points_each_weight_note_at_that_outcomes_own_weight(tmp_path: Path) -> None:
    """Before symbols, weights were looked up by outcome name, so both outcomes counted the last one's
    weight: here 50% + 50%, and the 110% that was written went unreported."""
    (tmp_path / "svspec.toml").write_text('[project]\nname = "demo"\n', encoding="utf-8")
    (tmp_path / "main.svspec").write_text(_REPEATED_OUTCOME, encoding="utf-8")
    result = svspec.load(tmp_path / "main.svspec")
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["duplicate-name", "weights-do-not-sum"]
    total = next(d for d in result.diagnostics if d.code == "weights-do-not-sum")
    assert "110%" in total.message
    assert [(r.message, r.span.line) for r in total.related] == [("outcome 'jobs' weighted 60%", 7),
                                                                ("outcome 'jobs' weighted 50%", 16)]
