"""The short fuzz profile (part of `make test`): a few thousand seeded inputs, and the oracles' own tests.

Every input is made from (target, seed, index), so a failure names the command that makes it
again; the failing inputs are also written to `fuzz-failures/short/` (git-ignored). A finding
that matches an entry of `known_failures` (a bug being fixed on another branch) makes its test
an expected failure; any other finding fails it. `FUZZ_SEED=N` runs the same profile on other
inputs, to look for new failures.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter

import pytest

from tests.fuzz import bids, known_failures, marks, sheets, specs
from tests.fuzz.common import ROOT, Context, make_context, number_as_written, yaml_facts
from tests.fuzz.harness import Case, Finding, Problems, run_case, save_failure

SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
SHORT = {"bids": 1000, "sheets": 250, "marks": 200, "specs": 300}
MODULES = {m.TARGET: m for m in (bids, sheets, marks, specs)}
FAILURES = ROOT / "fuzz-failures" / "short"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Context:
    made = make_context(tmp_path_factory.mktemp("fuzz"))
    specs.prepare(made)
    return made


@pytest.fixture(autouse=True)
def _quiet_openpyxl() -> None:
    warnings.simplefilter("ignore")  # openpyxl warns about every odd cell: the findings are what count


@pytest.mark.parametrize("target", sorted(SHORT))
def test_fuzzed_inputs_never_crash_hang_or_score_what_is_not_seen(target: str, context: Context) -> None:
    module = MODULES[target]
    known: Counter[str] = Counter()
    new: list[tuple[Case, Finding]] = []
    for index in range(SHORT[target]):
        case = module.generate(SEED, index, context)
        findings = run_case(case, module.examine, context)
        if not findings:
            continue
        save_failure(FAILURES, case, findings)
        for finding in findings:
            entry = known_failures.match(finding)
            if entry is None:
                new.append((case, finding))
            else:
                known[entry.id] += 1
    if new:
        lines = [f"{f.kind}: {f.detail}\n    remake: .venv/bin/python -m tests.fuzz.run --target {c.target} "
                 f"--seed {c.seed} --only {c.index}  ({c.note})" for c, f in new[:10]]
        pytest.fail(f"{len(new)} findings that are not known failures (inputs in {FAILURES}):\n" + "\n".join(lines))
    if known:
        pytest.xfail("known failures (tests/fuzz/known_failures.py): "
                     + ", ".join(f"{k} x{n}" for k, n in known.most_common()))


def _reproducer(k: known_failures.KnownFailure) -> object:
    if k.id not in known_failures.OPEN:
        return pytest.param(k, id=k.id)
    return pytest.param(k, id=k.id, marks=pytest.mark.xfail(strict=False, reason=f"issue 8 item {k.item}, open"))


@pytest.mark.parametrize("known", [_reproducer(k) for k in known_failures.KNOWN])
def test_known_failure_reproducer_is_handled(known: known_failures.KnownFailure, context: Context) -> None:
    """Each known failure's payload, alone: a regression test once fixed, an xfail while open."""
    case = Case(target=known.target, seed=0, index=0, name=known.file, data=known.payload)
    findings = run_case(case, MODULES[known.target].examine, context)
    assert findings == []


# --------------------------------------------------------------------------- the oracles themselves

@pytest.mark.parametrize("target", sorted(SHORT))
def test_the_unchanged_examples_pass_every_oracle(target: str, context: Context) -> None:
    """The oracles accept what is right: the bundled examples, read as they are, give no finding."""
    if target == "bids":
        data = {name: text.encode() for name, text in context.bid_texts.items()}
        cases = [Case(target=target, seed=0, index=i, data=d, name=f"{'meals' if 'meals' in n else 'waste'}-2027-bid."
                      f"{'json' if n.endswith('.json') else 'yaml'}") for i, (n, d) in enumerate(data.items())]
    elif target == "marks":
        cases = [Case(target=target, seed=0, index=0, name=f"{t}-marks.yaml", data=text.encode())
                 for t, text in context.marks_texts.items()]
    elif target == "sheets":
        cases = [Case(target=target, seed=0, index=0, name="waste-2027-bid.xlsx",
                      data=sheets.Book(members=dict(sheets._seed_members())).to_bytes())]
    else:
        cases = [Case(target=target, seed=0, index=0, name=name, data=text.encode())
                 for name, text in context.extra["originals"].items()]
    for case in cases:
        assert run_case(case, MODULES[target].examine, context) == [], case.name


def test_what_a_person_sees_leaves_out_a_hidden_duplicate_row() -> None:
    seen = sheets.seen_workbook(sheets.reproducer("hidden-duplicate-price"))
    assert seen.rows["Bid"]["price"] == [(5, sheets.Seen("number", 11500000))]
    assert seen.hidden_keys["Bid"] == {"price": [6]}


def test_what_a_person_sees_in_a_formula_cell_is_what_it_computes() -> None:
    seen = sheets.seen_workbook(sheets.reproducer("formula-cache"))
    assert seen.rows["Social value"]["LBL1"] == [(2, sheets.Seen("number", 20))]


def test_a_hidden_column_shows_nothing_and_an_entity_in_utf16_is_found() -> None:
    assert sheets.seen_workbook(sheets.reproducer("hidden-answer-column")).rows["Social value"]["LBL1"] == [
        (2, sheets.NOTHING)]
    assert sheets.seen_workbook(sheets.reproducer("entity-utf16")).entities


def test_numbers_are_read_as_a_person_reads_them() -> None:
    assert number_as_written("012") == 12
    assert number_as_written("1e2") == 100
    assert [number_as_written(t) for t in ("0x1F", "1:30", "0b101", "1_000", ".inf", "12 FTE")] == [None] * 6


def test_yaml_facts_find_aliases_and_duplicate_keys_at_any_depth() -> None:
    facts = yaml_facts("a: &x 1\nb: *x\nc:\n  d: 1\n  d: 2\n")
    assert facts is not None and facts.aliases and facts.duplicates == ("d",)
    plain = yaml_facts("a: [1, {b: 2}]\nc: {d: 3}\n")
    assert plain is not None and not plain.aliases and plain.duplicates == ()


def test_the_watchdog_turns_a_busy_input_into_a_hang() -> None:
    def spin(case: Case, context: object, problems: Problems) -> None:
        while True:
            sum(range(1000))

    [finding] = run_case(Case(target="t", seed=0, index=0, name="x", data=b""), spin, None, seconds=0.2)
    assert finding.kind == "hang"


def test_an_exception_escaping_an_entry_point_is_a_traceback_finding() -> None:
    def boom(case: Case, context: object, problems: Problems) -> None:
        raise KeyError("x")

    [finding] = run_case(Case(target="t", seed=0, index=0, name="x", data=b""), boom, None)
    assert (finding.kind, finding.detail) == ("traceback", "KeyError: 'x'")


@pytest.mark.parametrize("target", sorted(SHORT))
def test_an_input_is_made_again_byte_for_byte_from_its_seed_and_index(target: str, context: Context) -> None:
    module = MODULES[target]
    assert module.generate(SEED, 17, context) == module.generate(SEED, 17, context)
    assert module.generate(SEED, 17, context).data != module.generate(SEED, 18, context).data


def test_every_open_known_failure_names_its_issue_item_and_a_reproducer_that_still_fails(context: Context) -> None:
    """An open entry whose reproducer no longer fails (the fix landed) is reported, to be closed."""
    assert known_failures.OPEN <= {k.id for k in known_failures.KNOWN}
    fixed = []
    for known in known_failures.KNOWN:
        assert known.item and known.scope and known.payload, known.id
        if known.id not in known_failures.OPEN:
            continue
        case = Case(target=known.target, seed=0, index=0, name=known.file, data=known.payload)
        findings = run_case(case, MODULES[known.target].examine, context)
        if not findings:
            fixed.append(known.id)
        else:
            assert any(known_failures.match(f) is not None for f in findings), (known.id, findings)
    assert not fixed, f"fixed: take these ids out of known_failures.OPEN: {', '.join(fixed)}"



def test_the_site_oracle_sees_a_working_script_link_but_not_an_escaped_one() -> None:
    def flagged(markdown_text: str) -> bool:
        return bool(specs._LINK.search(markdown_text) or specs._HREF.search(specs._html(markdown_text)))

    assert flagged("see [x](javascript:alert(1))")
    assert flagged('<a href="javascript:alert(1)">x</a>')
    assert not flagged("### Q2: \\[x\\](javascript:alert(1))")  # an escaped title is text, not a link
