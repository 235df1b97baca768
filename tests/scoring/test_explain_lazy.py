"""`svspec score` writes an item's explanation only when a report shows it, and each distinct one once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from svspec import model
from svspec.bids.model import Bid
from svspec.cli import main
from svspec.scoring import engine, explain, report
from tests.conftest import ROOT
from tests.scoring.helpers import bid, write_tender
from tests.scoring.test_score_command import BIDS, MARKS, TENDER

ACME = "Acme Services Ltd"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """How many item scores the engine made and how many sentences it wrote, during one test."""
    calls = {"items": 0, "sentences": 0}

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(engine, "_item_score", counting("items", engine._item_score))
    monkeypatch.setattr(explain, "sentence_of", counting("sentences", explain.sentence_of))
    yield calls


def score(*args: str) -> str:
    result = CliRunner().invoke(main, ["score", TENDER, *BIDS, "--marks", MARKS, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_text_ranking_never_writes_an_explanation(counted: dict[str, int]) -> None:
    out = score()
    assert ACME in out
    assert counted == {"items": 0, "sentences": 0}


def test_a_csv_ranking_shows_each_items_points_without_making_its_score(counted: dict[str, int]) -> None:
    out = score("--format", "csv")
    assert '"LBL1"' in out.splitlines()[0]
    assert counted == {"items": 0, "sentences": 0}


def test_explaining_one_bidder_writes_only_that_bidders_sentences(counted: dict[str, int]) -> None:
    out = score("--explain", ACME)
    shown = [line for line in out.splitlines() if line.startswith("  - ")]
    assert shown and counted["sentences"] == len(shown)
    assert counted["items"] == len(shown)  # the other bidders' item scores are never made


def _tender(tmp_path: Path) -> model.Tender:
    return write_tender(tmp_path, """tender lazy "Lazy"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    APP weight 50%, scored linear from 0 apprenticeships to 10 apprenticeships
    JOBS weight 50%, scored relative to best
""")


def test_a_sentence_shown_for_many_bids_is_written_once_per_distinct_score(
        tmp_path: Path, counted: dict[str, int]) -> None:
    tender = _tender(tmp_path)
    bids = [bid(f"Bidder {i:02d}", tender, price=1000 + i, social_value={"APP": i % 3, "JOBS": i % 2})
            for i in range(30)]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in diagnostics]
    first = [s.sentence for b in scoring.bids for s in b.items]
    assert counted["sentences"] == 3 + 2  # three distinct APP answers, two distinct JOBS answers
    assert [s.sentence for b in scoring.bids for s in b.items] == first  # once written, never again
    assert counted["sentences"] == 5
    fresh = [explain.item_sentence(tender, s, *s.context[1:]) for b in scoring.bids for s in b.items]  # type: ignore[arg-type]
    assert first == fresh


def test_answers_equal_in_value_but_written_apart_keep_their_own_words(tmp_path: Path) -> None:
    tender = _tender(tmp_path)
    given = (("A", Decimal("2")), ("B", Decimal("2.0")), ("C", Decimal("2.00")), ("D", 2))
    bids = [Bid(bidder=name, tender=tender.name, price=Decimal(1000), social_value={"APP": value, "JOBS": value})
            for name, value in given]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in diagnostics]
    for b in scoring.bids:
        for s in b.items:
            assert s.sentence == explain.item_sentence(tender, s, *s.context[1:])  # type: ignore[arg-type]
            assert s.answer_text in s.sentence


_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30) | st.text() | st.floats(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_the_reports_indented_json_is_exactly_what_json_dumps_writes(data: Any) -> None:
    assert report.indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_indented_json_leaves_what_it_does_not_write_to_json_dumps() -> None:
    class Name(str):
        pass

    for data in ({1: "a", None: [True]}, [Name("x"), 1.5, float("nan")], {"k": {Name("n"): ()}}):
        assert report.indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(("tender", "bids", "marks"), [
    (TENDER, BIDS, MARKS),
    ("specs/essex/highways-2027.svspec", ["specs/essex/bids/colne.yaml", "specs/essex/bids/ringway.yaml"],
     "specs/essex/marks/highways-2027.yaml"),
])
def test_the_csvs_weighted_points_are_the_item_scores_own(tender: str, bids: list[str], marks: str | None) -> None:
    from svspec.commands.scored import score_inputs

    def scoring() -> engine.Scoring:
        return score_inputs(ROOT / tender, [ROOT / b for b in bids], ROOT / marks if marks else None, "text").scoring

    quick = [b.weighted() for b in scoring().bids]  # before any item score is made
    made = scoring()
    assert quick == [tuple((s.code, s.weighted) for s in b.items) for b in made.bids]
    assert [b.weighted() for b in made.bids] == quick
    assert any(len(w) for w in quick)
