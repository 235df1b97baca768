"""Issue 8, items 5, 6 and 6a, for marks files: read by the one hardened reader (no aliases, no
duplicate keys, no tags, no YAML 1.1 numbers), names normalised as bids' names are, an entry
without individual marks refused, and marks that are plain numbers on the scale or refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import svspec
from svspec import model
from svspec.diagnostics import Diagnostic
from svspec.scoring import marks as marks_module
from svspec.scoring.marks import Marks, load_marks
from tests.conftest import SPECS
from tests.scoring.helpers import write_tender
from tests.test_reader import ALIAS_BOMB

BIDDERS = ["Acme Services Ltd", "Greenway Environmental"]
HEAD = "tender: waste-2027\nmarks:\n"


@pytest.fixture(scope="module")
def waste() -> model.Tender:
    tender = svspec.load(SPECS / "lambeth" / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    return tender


def load(tmp_path: Path, tender: model.Tender, text: str, name: str = "marks.yaml",
         bidders: list[str] = BIDDERS) -> tuple[Marks | None, list[Diagnostic]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    marks, diagnostics, _ = load_marks(path, tender, bidders)
    return marks, diagnostics


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None]]:
    return [(d.code, d.span.line if d.span else None) for d in diagnostics]


def entry(bidder: str = '"Acme Services Ltd"', item: str = "Q1", e1: str = "75", e2: str = "75",
          consensus: str = "75") -> str:
    return (f"  - bidder: {bidder}\n    item: {item}\n    evaluators:\n"
            f'      E1: {{mark: {e1}, reason: "r1"}}\n      E2: {{mark: {e2}, reason: "r2"}}\n'
            f'    consensus: {{mark: {consensus}, reason: "agreed"}}\n')


# ----------------------------------------------------------------------- item 5: one reader

def test_the_355_byte_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, ALIAS_BOMB)
    assert marks is None and where(diagnostics) == [("marks/yaml-reference", 1)]


def test_a_mark_given_twice_for_one_evaluator_is_refused_with_both_lines(tmp_path: Path,
                                                                         waste: model.Tender) -> None:
    text = HEAD + entry().replace('      E2: {mark: 75, reason: "r2"}\n', '      E1: {mark: 100, reason: "r2"}\n')
    text = text.replace("E1: {mark: 75", "E1: {mark: 0")
    marks, diagnostics = load(tmp_path, waste, text)
    assert marks is None and where(diagnostics) == [("marks/duplicate-key", 7)]
    assert diagnostics[0].message == "'E1' is given twice (first on line 6)"
    assert [r.span.line for r in diagnostics[0].related] == [6]


def test_a_second_bidder_in_one_entry_cannot_move_a_mark_to_another_bidder(tmp_path: Path,
                                                                           waste: model.Tender) -> None:
    text = HEAD + entry().replace("    item: Q1\n", '    item: Q1\n    bidder: "Greenway Environmental"\n')
    marks, diagnostics = load(tmp_path, waste, text)
    assert marks is None and where(diagnostics) == [("marks/duplicate-key", 5)]


def test_an_evaluator_named_twice_apart_from_spaces_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry().replace("      E2:", '      "E1 ":'))
    assert marks is None and where(diagnostics) == [("marks/duplicate-key", 7)]


@pytest.mark.parametrize(("text", "code"), [
    ("tender: !!str waste-2027\nmarks: []\n", "marks/yaml-unsafe-tag"),
    ("tender: waste-2027\nmarks: !!python/object/apply:os.system [id]\n", "marks/yaml-unsafe-tag"),
    ("? [tender]\n: waste-2027\n", "marks/bad-key"),
    ("tender: waste-2027\nmarks: " + "[" * 40 + "]" * 40 + "\n", "marks/too-deep"),
    ("tender: waste-2027\n---\ntender: waste-2027\n", "marks/invalid-yaml"),
])
def test_what_a_careless_yaml_reader_would_accept_is_refused(tmp_path: Path, waste: model.Tender, text: str,
                                                             code: str) -> None:
    marks, diagnostics = load(tmp_path, waste, text)
    assert marks is None and [d.code for d in diagnostics] == [code]


def test_a_marks_file_over_its_size_limit_is_refused(tmp_path: Path, waste: model.Tender,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(marks_module, "MARKS", replace(marks_module.MARKS, max_bytes=50))
    marks, diagnostics = load(tmp_path, waste, HEAD + entry())
    assert marks is None and [d.code for d in diagnostics] == ["marks/file-too-large"]


def test_a_folder_given_as_the_marks_file_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics, _ = load_marks(tmp_path, waste, BIDDERS)
    assert marks is None and [d.code for d in diagnostics] == ["marks/not-a-file"]


def test_a_marks_file_in_json_is_read_by_the_same_reader(tmp_path: Path, waste: model.Tender) -> None:
    good = ('{"tender": "waste-2027", "marks": [{"bidder": "Acme Services Ltd", "item": "Q1", '
            '"evaluators": {"E1": {"mark": 75, "reason": "r"}}, "consensus": {"mark": 75}}]}')
    marks, diagnostics = load(tmp_path, waste, good, "marks.json")
    assert diagnostics == [] and marks is not None and marks.get("Acme Services Ltd", "Q1") is not None
    marks, diagnostics = load(tmp_path, waste, good.replace('"E1": {"mark": 75', '"E1": {"mark": 0, "mark": 75'),
                              "marks.json")
    assert marks is None and [d.code for d in diagnostics] == ["marks/duplicate-key"]
    marks, diagnostics = load(tmp_path, waste, good[:-1], "marks.json")
    assert marks is None and [d.code for d in diagnostics] == ["marks/json-syntax"]


# ----------------------------------------------------------------------- item 6: names

@pytest.mark.parametrize("written", ['"Acme Services Ltd "', '"Acme  Services Ltd"', '" Acme Services Ltd"'])
def test_a_bidder_named_with_extra_spaces_is_the_same_bidder(tmp_path: Path, waste: model.Tender,
                                                             written: str) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(bidder=written))
    assert diagnostics == [] and marks is not None and marks.get("Acme Services Ltd", "Q1") is not None


def test_a_bidder_with_accents_in_either_unicode_form_is_the_same_bidder(tmp_path: Path,
                                                                         waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(bidder='"Cafe\u0301 Ltd"'), bidders=["Caf\u00e9 Ltd"])
    assert diagnostics == [] and marks is not None and marks.get("Caf\u00e9 Ltd", "Q1") is not None


@pytest.mark.parametrize(("written", "shown"), [
    ('"Acme Services Ltd\u200b"', "Acme Services Ltd<U+200B>"),
    ('"\u202eAcme Services Ltd"', "<U+202E>Acme Services Ltd"),
    ('"\u0410cme Services Ltd"', "\u0410cme Services Ltd"),
    ('"Acme\\tServices Ltd"', "Acme<U+0009>Services Ltd"),
])
def test_a_bidder_name_with_invisible_or_lookalike_characters_is_refused(tmp_path: Path, waste: model.Tender,
                                                                         written: str, shown: str) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(bidder=written))
    assert marks is None and where(diagnostics) == [("marks/bad-name", 3)]
    assert diagnostics[0].message.startswith(f"the name '{shown}' ")


@pytest.mark.parametrize("other", ["e1", "\u04151"])
def test_an_evaluator_whose_name_looks_like_another_s_is_refused(tmp_path: Path, waste: model.Tender,
                                                                 other: str) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry().replace("      E2:", f'      "{other}":'))
    assert marks is None and where(diagnostics) == [("marks/duplicate-key", 7)]


def test_a_bidder_written_in_lookalike_letters_is_unknown_and_the_real_one_suggested(tmp_path: Path,
                                                                                     waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(bidder='"\u0410\u0441\u043c\u0435"'), bidders=["Acme"])
    assert marks is None and where(diagnostics) == [("marks/unknown-bidder", 3)]
    assert diagnostics[0].suggestions == ("Acme",)


def test_an_evaluator_name_with_an_invisible_character_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry().replace("      E2:", '      "E\u200b2":'))
    assert marks is None and where(diagnostics) == [("marks/bad-name", 7)]


def test_a_bidder_that_is_not_text_is_malformed(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(bidder="[Acme]"))
    assert marks is None and where(diagnostics) == [("marks/malformed", 3)]


# ----------------------------------------------------------------------- item 6a: marks

def test_an_empty_evaluators_mapping_is_an_error_under_consensus_moderation(tmp_path: Path,
                                                                            waste: model.Tender) -> None:
    text = HEAD + '  - bidder: "Acme Services Ltd"\n    item: Q1\n    evaluators: {}\n    consensus: {mark: 75}\n'
    marks, diagnostics = load(tmp_path, waste, text)
    assert marks is None and where(diagnostics) == [("marks/no-evaluators", 5)]


def test_an_empty_evaluators_mapping_is_an_error_not_a_traceback_under_mean_moderation(tmp_path: Path) -> None:
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
    marks, diagnostics = load(tmp_path, tender, 'tender: m\nmarks:\n  - bidder: "Acme Services Ltd"\n    item: Q1\n'
                                                '    evaluators: {}\n')
    assert marks is None and where(diagnostics) == [("marks/no-evaluators", 5)]


@pytest.mark.parametrize(("mark", "code", "hint"), [
    ('"75%"', "marks/not-a-number", "scale 'standard' is not in percent: write 75 without %"),
    ("75%", "marks/not-a-number", "scale 'standard' is not in percent: write 75 without %"),
    ("1e2", "marks/not-a-number", "write the mark in plain digits, such as 75 or 62.5"),
    ('"0x64"', "marks/not-a-number", "write the mark in plain digits, such as 75 or 62.5"),
    ("0x64", "marks/ambiguous-value", 'write 100 if you mean that number, or "0x64" in quotes if it is text'),
    ("075", "marks/ambiguous-value", 'write 75 without the leading zero, or "075" in quotes if it is text'),
    ("yes", "marks/not-a-number", "write the mark in plain digits, such as 75 or 62.5"),
    ("{a: 1}", "marks/not-a-number", "write the mark in plain digits, such as 75 or 62.5"),  # found by the fuzz suite
    ("[75, 80]", "marks/not-a-number", "write the mark in plain digits, such as 75 or 62.5"),
])
def test_a_mark_that_is_not_a_plain_number_on_the_scale_is_refused_saying_what_to_write(
        tmp_path: Path, waste: model.Tender, mark: str, code: str, hint: str) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(e1=mark))
    assert marks is None and where(diagnostics) == [(code, 6)]
    assert diagnostics[0].hint == hint


def test_percent_marks_are_read_on_a_percentage_scale(tmp_path: Path, waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(item="LBL8", e1="100%", e2='"75%"', consensus="75"))
    assert diagnostics == [] and marks is not None
    assert [e.mark for e in marks.get("Acme Services Ltd", "LBL8").evaluators] == [100, 75]  # type: ignore[union-attr]


@pytest.mark.parametrize("mark", ["1" + "0" * 5000, "0." + "0" * 5000 + "1"])
def test_a_mark_of_thousands_of_digits_is_refused_not_a_traceback(tmp_path: Path, waste: model.Tender,
                                                                  mark: str) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(e1=mark))
    assert marks is None and where(diagnostics) == [("marks/not-a-number", 6)]
    assert diagnostics[0].message == f"the mark '{mark[:40]}…' is not a number"


def test_a_mark_off_the_scale_is_shown_as_written_not_rounded_onto_a_level(tmp_path: Path,
                                                                           waste: model.Tender) -> None:
    marks, diagnostics = load(tmp_path, waste, HEAD + entry(e1="0.001", e2="0.001", consensus="0.001"))
    assert marks is None and [d.code for d in diagnostics] == ["marks/mark-not-on-scale"] * 3
    assert diagnostics[0].message == "0.001 is not a level of scale 'standard' (100, 75, 50, 25, 0)"
