"""Bad marks files give diagnostics at the line of the marks file, never a traceback or a silent zero."""

from __future__ import annotations

from pathlib import Path

import pytest

import svspec
from svspec import model
from svspec.scoring import engine
from svspec.scoring.marks import load_marks
from tests.conftest import SPECS
from tests.scoring.helpers import bid, write_tender

BIDDERS = ["Acme Services Ltd", "Greenway Environmental"]


@pytest.fixture(scope="module")
def waste() -> model.Tender:
    tender = svspec.load(SPECS / "lambeth" / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    return tender


def check(tmp_path: Path, tender: model.Tender, text: str) -> list[tuple[str, int | None]]:
    path = tmp_path / "marks.yaml"
    path.write_text(text, encoding="utf-8")
    _, diagnostics, _ = load_marks(path, tender, BIDDERS)
    return [(d.code, d.span.line if d.span else None) for d in diagnostics]


def entry(item: str = "Q1", bidder: str = "Acme Services Ltd", e1: str = "75", e2: str = "75",
          consensus: str | None = '{mark: 75, reason: "agreed"}') -> str:
    lines = [f'  - bidder: "{bidder}"', f"    item: {item}", "    evaluators:",
             f'      E1: {{mark: {e1}, reason: "r1"}}', f'      E2: {{mark: {e2}, reason: "r2"}}']
    if consensus is not None:
        lines.append(f"    consensus: {consensus}")
    return "\n".join(lines) + "\n"


HEAD = "tender: waste-2027\nmarks:\n"


def test_a_good_marks_file_gives_the_consensus_mark(tmp_path: Path, waste: model.Tender) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text(HEAD + entry(e2="50", consensus='{mark: 75, reason: "E2 persuaded"}'), encoding="utf-8")
    marks, diagnostics, _ = load_marks(path, waste, BIDDERS)
    assert diagnostics == [] and marks is not None
    assert marks.get("Acme Services Ltd", "Q1").moderated == 75  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "expected"), [
    ("tender: waste-2027\nmarks: [\n", [("marks/invalid-yaml", 3)]),
    ("- just a list\n", [("marks/malformed", 1)]),
    ("tender: meals-2027\nmarks: []\n", [("marks/wrong-tender", 1)]),
    (HEAD + entry(bidder="Acme Services"), [("marks/unknown-bidder", 3)]),
    (HEAD + entry(item="Q9"), [("marks/unknown-item", 4)]),
    (HEAD + entry(item="LBL1"), [("marks/item-not-marked", 4)]),
    (HEAD + entry() + entry(), [("marks/duplicate-entry", 9)]),
    (HEAD + entry(e1='"good"'), [("marks/not-a-number", 6)]),
    (HEAD + entry(e1="60"), [("marks/mark-not-on-scale", 6)]),
    (HEAD + entry(item="LBL8", e1="60%", e2="75%", consensus='{mark: 75%, reason: "ok"}'),
     [("marks/mark-not-on-scale", 6)]),
    (HEAD + '  - bidder: "Acme Services Ltd"\n    item: Q1\n    consensus: {mark: 75, reason: "x"}\n',
     [("marks/no-evaluators", 3)]),
    (HEAD + entry(consensus=None), [("marks/missing-consensus", 3)]),
    (HEAD + entry(e2="50", consensus="{mark: 75}"), [("marks/consensus-reason-missing", 8)]),
    (HEAD + entry().replace(', reason: "r1"', ""), [("marks/missing-reason", 6)]),
    (HEAD + entry().replace("    item: Q1\n", "    item: Q1\n    colour: blue\n"), [("marks/malformed", 5)]),
])
def test_bad_marks_are_reported_at_their_line(tmp_path: Path, waste: model.Tender, text: str,
                                              expected: list[tuple[str, int]]) -> None:
    assert check(tmp_path, waste, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # E1's 70 is refused as off the scale; the consensus 75 "departing" from it is the same mistake.
    (HEAD + entry(e1="70", consensus="{mark: 75}"), [("marks/mark-not-on-scale", 6)]),
    # A consensus off the scale is refused once, not also as departing from E2's 50 without a reason.
    (HEAD + entry(e2="50", consensus="{mark: 70}"), [("marks/mark-not-on-scale", 8)]),
    # A departure from another evaluator's valid mark is still its own problem.
    (HEAD + entry(e1="70", e2="50", consensus="{mark: 75}"),
     [("marks/mark-not-on-scale", 6), ("marks/consensus-reason-missing", 8)]),
])
def test_a_follow_on_error_for_the_same_mark_is_not_reported_twice(tmp_path: Path, waste: model.Tender, text: str,
                                                                   expected: list[tuple[str, int]]) -> None:
    assert check(tmp_path, waste, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (HEAD.replace("marks:\n", "marks: []\n") + 'excluded:\n  "Acme Services Ltd": ""\n', [("marks/malformed", 4)]),
    (HEAD.replace("marks:\n", "marks: []\n") + 'excluded:\n  "Acme Services": "late"\n',
     [("marks/unknown-bidder", 4)]),
    (HEAD.replace("marks:\n", "marks: []\n") + 'excluded: ["Acme Services Ltd"]\n', [("marks/malformed", 3)]),
    (HEAD.replace("marks:\n", "marks: []\n") + 'excluded:\n  "Acme\u200bServices Ltd": "late"\n',
     [("marks/bad-name", 4)]),
])
def test_an_exclusion_in_the_marks_file_needs_a_known_bidder_and_a_reason(tmp_path: Path, waste: model.Tender,
                                                                          text: str,
                                                                          expected: list[tuple[str, int]]) -> None:
    assert check(tmp_path, waste, text) == expected


def test_an_exclusion_in_the_marks_file_is_kept_with_its_reason(tmp_path: Path, waste: model.Tender) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text("tender: waste-2027\nmarks: []\nexcluded:\n  \"Acme Services Ltd \": \"No  insurance\"\n",
                    encoding="utf-8")
    marks, diagnostics, _ = load_marks(path, waste, BIDDERS)
    assert diagnostics == [] and marks is not None and marks.excluded == {"Acme Services Ltd": "No insurance"}


def test_an_unreadable_marks_file_is_a_diagnostic(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics, _ = load_marks(tmp_path / "missing.yaml", waste, BIDDERS)
    assert marks is None and [d.code for d in diagnostics] == ["marks/unreadable"]


def test_a_consensus_mark_is_ignored_with_a_warning_under_mean_moderation(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender m "Mean"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    quality 50%
  quality questions
    question Q1 "Q"
      weight 100%
      answer text
      scored by evaluators on scale tens
  moderation mean
''')
    path = tmp_path / "marks.yaml"
    text = "tender: m\nmarks:\n" + entry(e1="70", e2="80", consensus='{mark: 80, reason: "x"}')
    path.write_text(text, encoding="utf-8")
    marks, diagnostics, _ = load_marks(path, tender, BIDDERS)
    assert [d.code for d in diagnostics] == ["marks/consensus-ignored"]
    assert marks is not None and marks.entries[0].moderated == 75


def test_scoring_without_a_needed_marks_file_is_an_error_not_a_zero(waste: model.Tender) -> None:
    bids = [bid("A", waste, price=1, quality={"Q1": "x", "Q2": "y"},
                social_value={"LBL1": 1, "LBL3": 1, "LBL5": 1, "LBL6": "z", "LBL8": 1})]
    scoring, diagnostics = engine.score(waste, bids, None)
    assert scoring is None
    assert [d.code for d in diagnostics] == ["marks/file-needed"]
    assert diagnostics[0].message == "LBL6, LBL8, Q1, Q2 are marked by evaluators: give the marks with --marks FILE"


def test_a_bid_without_marks_for_an_item_is_an_error_naming_bidder_and_item(tmp_path: Path,
                                                                            waste: model.Tender) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text(HEAD + entry(), encoding="utf-8")
    marks, _, _ = load_marks(path, waste, BIDDERS)
    bids = [bid("Acme Services Ltd", waste, price=1, quality={"Q1": "x", "Q2": "y"},
                social_value={"LBL1": 1, "LBL3": 1, "LBL5": 1, "LBL6": "z", "LBL8": 1})]
    scoring, diagnostics = engine.score(waste, bids, marks)
    assert scoring is None
    assert {d.code for d in diagnostics} == {"marks/missing-mark"}
    assert "'Acme Services Ltd' has no credibility mark for 'LBL8'" in [d.message for d in diagnostics]
