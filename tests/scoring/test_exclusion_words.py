"""The standalone `scoring.py` words every outcome as `svspec score` does (issue 12: one source of wording).

Each example tender with a marks file is scored both ways over its example bids, with the first
bid excluded by the buyer (added to a copy of the marks file), and the outcome lines compared.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

import svspec
from svspec import model
from svspec.commands.scored import score_inputs
from svspec.emit.scoring_model import emit
from svspec.scoring import core, report, words
from tests.conftest import SPECS

REASON = "No valid insurance certificate (ITT 4.2)"


def _examples() -> list[tuple[Path, Path, list[Path]]]:
    """(tender, marks file, its valid example bids) for every example tender with a marks file."""
    out = []
    for marks in sorted(SPECS.glob("*/marks/*.yaml")):
        tender = marks.parent.parent / f"{marks.stem}.svspec"
        name = yaml.safe_load(marks.read_text(encoding="utf-8"))["tender"]
        bids = [b for b in sorted((marks.parent.parent / "bids").iterdir())
                if b.suffix in (".yaml", ".json") and "invalid" not in b.name
                and yaml.safe_load(b.read_text(encoding="utf-8")).get("tender") == name]
        if tender.exists() and len(bids) >= 2:
            out.append((tender, marks, bids))
    return out


EXAMPLES = _examples()
def test_there_are_example_tenders_to_compare() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize(("tender", "marks", "bids"), [
    pytest.param(*example, id=example[0].stem) for example in EXAMPLES])
def test_the_standalone_scorer_words_each_exclusion_as_svspec_score(
        tmp_path: Path, tender: Path, marks: Path, bids: list[Path]) -> None:
    data = yaml.safe_load(marks.read_text(encoding="utf-8"))
    first = yaml.safe_load(bids[0].read_text(encoding="utf-8"))["bidder"]
    data["excluded"] = {**(data.get("excluded") or {}), first: REASON}
    copy = tmp_path / "marks.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scored = score_inputs(tender, bids, copy, "text")
    expected = {row["bidder"]: row["outcome"] for row in report.rows(scored.scoring)}
    spec = svspec.load(tender).model
    assert isinstance(spec, model.Tender)
    emit(spec, tmp_path / "out")
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), "--json", "--marks", str(copy),
                          *map(str, bids)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    found = {row["bidder"]: row["outcome"] for row in json.loads(run.stdout)}
    assert found == expected
    assert f"by the buyer: {REASON}" in expected[first]


@pytest.mark.parametrize("value", [Fraction(0), Fraction(1, 3), Fraction(-1234567, 8), Fraction(2, 1000),
                                   Fraction(5, 1000), Fraction(-5, 1000), Fraction(1_000_000), Fraction(99999, 1000)])
def test_the_core_writes_a_figure_as_the_reports_do(value: Fraction) -> None:
    assert core.shown_number(value) == words.number(value)


def test_scoring_json_lists_the_record_only_measures_whose_answers_the_standalone_scorer_passes_over() -> None:
    from svspec.scoring.core import load_plan
    from svspec.scoring.portable import portable

    tender = svspec.load(SPECS / "essex" / "highways-2027.svspec").model
    assert isinstance(tender, model.Tender)
    data = portable(tender)
    assert data["record_only"] == [r.code for r in tender.recorded] and data["record_only"]
    assert load_plan(data).record_only == tuple(data["record_only"])
