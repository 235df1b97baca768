"""Issue 8, items 6 and 6b, for bids: numbers are what a person reads or are refused, and bidder
names are normalised, with invisible, control and lookalike characters refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec import model
from svspec.bids.read import load_bid
from svspec.cli import main
from tests.bids.conftest import BIDS
from tests.conftest import ROOT

ACME = (BIDS / "waste-acme.yaml").read_text(encoding="utf-8")
TENDER = "specs/lambeth/waste-2027.svspec"


def bid_with(tmp_path: Path, old: str, new: str, name: str = "bid.yaml") -> Path:
    assert old in ACME
    path = tmp_path / name
    path.write_text(ACME.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(("written", "reading"), [
    ("012", "the octal number 10"), ("0x1F", "the hexadecimal number 31"), ("1:30", "the base-60 number 90"),
    ("0b101", "the binary number 5"), ("1_4", "the number 14"), ("1.4e+1", "the number 14"),
])
def test_yaml_1_1_numbers_in_a_bid_are_refused_not_scored(tmp_path: Path, waste: model.Tender, written: str,
                                                          reading: str) -> None:
    bid, diagnostics = load_bid(bid_with(tmp_path, "LBL1: 14", f"LBL1: {written}"), waste)
    assert bid is None
    assert [(d.code, d.message, d.span.line if d.span else None) for d in diagnostics] == [
        ("bid/ambiguous-value", f"'{written}' is read by YAML as {reading}, not as written", 14)]


def test_a_plain_number_in_a_bid_is_read_exactly(tmp_path: Path, waste: model.Tender) -> None:
    bid, diagnostics = load_bid(bid_with(tmp_path, "LBL1: 14", "LBL1: 12"), waste)
    assert diagnostics == [] and bid is not None and bid.social_value["LBL1"] == Decimal(12)


def test_on_is_not_read_as_yes(tmp_path: Path, waste: model.Tender) -> None:
    q2 = 'Q2: "A twelve-week mobilisation led by a named manager, with staff transferring under TUPE."'
    bid, diagnostics = load_bid(bid_with(tmp_path, q2, "Q2: on"), waste)
    assert bid is None and [d.code for d in diagnostics] == ["bid/ambiguous-value"]
    assert diagnostics[0].hint == 'write yes or no, or "on" in quotes if it is text'


@pytest.mark.parametrize(("written", "reason"), [
    ("Acme Services Ltd\u200b", "holds an invisible character (<U+200B>)"),
    ("\u202eAcme Services Ltd", "holds an invisible text-direction control (<U+202E>)"),
    ("\u0410cme Services Ltd", "mixes letters of the Cyrillic and Latin alphabets"),
])
def test_a_bidder_name_with_invisible_or_lookalike_characters_is_refused_at_its_line(
        tmp_path: Path, waste: model.Tender, written: str, reason: str) -> None:
    bid, diagnostics = load_bid(bid_with(tmp_path, '"Acme Services Ltd"', f'"{written}"'), waste)
    assert bid is None and [d.code for d in diagnostics] == ["bid/bad-name"]
    assert reason in diagnostics[0].message and "(at /bidder)" in diagnostics[0].message
    assert diagnostics[0].span is not None and diagnostics[0].span.line == 3
    assert "\u200b" not in diagnostics[0].message and "\u202e" not in diagnostics[0].message


def test_a_bidder_name_in_json_with_a_control_character_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    path = tmp_path / "bid.json"
    path.write_text((BIDS / "waste-greenway.json").read_text(encoding="utf-8").replace(
        '"Greenway Environmental"', '"Greenway\\nEnvironmental"'), encoding="utf-8")
    bid, diagnostics = load_bid(path, waste)
    assert bid is None and [d.code for d in diagnostics] == ["bid/bad-name"]
    assert "Greenway<U+000A>Environmental" in diagnostics[0].message


@pytest.mark.parametrize("written", ["Acme Services Ltd ", "  Acme   Services Ltd",
                                     unicodedata.normalize("NFD", "Acme Servicés Ltd")])
def test_a_bidder_name_is_normalised_when_read(tmp_path: Path, waste: model.Tender, written: str) -> None:
    bid, diagnostics = load_bid(bid_with(tmp_path, '"Acme Services Ltd"', f'"{written}"'), waste)
    assert diagnostics == [] and bid is not None
    assert bid.bidder == unicodedata.normalize("NFC", " ".join(written.split()))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("name", ["bid.yaml", "bid.json", "bid.xlsx"])
def test_a_named_pipe_given_as_a_bid_is_refused_instead_of_waiting(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "svspec.cli", "validate", TENDER, str(fifo)], capture_output=True,
                          text=True, timeout=20, cwd=ROOT)
    assert done.returncode == 1
    assert "error[bid/not-a-file]" in done.stdout and "it is a named pipe (FIFO), not a regular file" in done.stdout


def score_codes(tmp_path: Path, first_name: str, second_name: str) -> list[str]:
    """The bid errors `svspec score` reports for two copies of the Acme bid under these names (there
    are no marks: the marks file is needed too, and that is not what is tested here)."""
    first = bid_with(tmp_path, '"Acme Services Ltd"', f'"{first_name}"', "first.yaml")
    second = bid_with(tmp_path, '"Acme Services Ltd"', f'"{second_name}"', "second.yaml")
    result = CliRunner().invoke(main, ["score", TENDER, str(first), str(second), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    errors = [d["code"] for d in json.loads(result.stdout) if d["severity"] == "error"]
    return [code for code in errors if code != "marks/file-needed"]


@pytest.mark.parametrize("second_name", ["Acme Services Ltd ", "Acme  Services Ltd",
                                         unicodedata.normalize("NFD", "Acme Servicés Ltd")])
def test_two_bids_whose_names_differ_only_in_spaces_or_accent_encoding_are_one_bidder(tmp_path: Path,
                                                                                     second_name: str) -> None:
    first_name = unicodedata.normalize("NFC", " ".join(second_name.split()))
    assert score_codes(tmp_path, first_name, second_name) == ["score/duplicate-bidder"]


@pytest.mark.parametrize(("first_name", "second_name"), [("Acme Services Ltd", "ACME SERVICES LTD"),
                                                         ("Acme", "\u0410\u0441\u043c\u0435")])
def test_two_bidders_whose_names_look_the_same_are_refused_before_scoring(tmp_path: Path, first_name: str,
                                                                          second_name: str) -> None:
    assert score_codes(tmp_path, first_name, second_name) == ["score/lookalike-bidders"]


def test_a_bidder_named_on_the_command_line_is_found_whatever_its_spacing_or_accent_form() -> None:
    from tests.scoring.test_score_command import BIDS as DEMO_BIDS
    from tests.scoring.test_score_command import MARKS

    result = CliRunner().invoke(main, ["score", TENDER, *DEMO_BIDS, "--marks", MARKS, "--format", "md",
                                       "--explain", " Acme  Services Ltd "], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "## Explanation" in result.stdout
