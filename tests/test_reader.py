"""The one reader for untrusted files: whatever a bid, marks or returns file holds, it is read as a
person reads it, or refused with a located message, never a hang, a traceback or a silent guess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svspec import reader
from svspec.reader import BID, MARKS

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def yaml_codes(text: str, kind: reader.InputKind = BID) -> list[str]:
    document, problems = reader.parse_yaml(text, "f.yaml", kind)
    assert (document is None) == bool(problems)
    return [d.code for d in problems]


# ------------------------------------------------------------------------------------- files

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "bid.yaml"
    os.mkfifo(fifo)
    code = ("import sys; from svspec import reader; "
            "t, p = reader.read_text(sys.argv[1], 'bid.yaml', reader.MARKS); print(p[0].code, p[0].message)")
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=20,
                          check=True)
    assert done.stdout.strip() == ("marks/not-a-file cannot read 'bid.yaml': "
                                   "it is a named pipe (FIFO), not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_before_anything_is_read() -> None:
    text, problems = reader.read_text("/dev/zero", "/dev/zero", BID)
    assert text is None and [d.code for d in problems] == ["bid/not-a-file"]
    assert "a device" in problems[0].message


def test_a_folder_is_refused_as_not_a_file(tmp_path: Path) -> None:
    text, problems = reader.read_text(tmp_path, "marks", MARKS)
    assert text is None and [(d.code, d.span.line if d.span else None) for d in problems] == [("marks/not-a-file", 1)]
    assert "a folder" in problems[0].message


def test_a_file_over_the_limit_is_refused_and_never_read_past_it(tmp_path: Path) -> None:
    small = replace(MARKS, max_bytes=100)
    path = write(tmp_path, "m.yaml", "a: " + "x" * 200)
    text, problems = reader.read_text(path, "m.yaml", small)
    assert text is None and [d.code for d in problems] == ["marks/file-too-large"]
    assert problems[0].message == "'m.yaml' is 203 bytes; a marks file may be at most 100 bytes"
    # The cap itself (never reading past the limit, whatever size a file reports) is
    # svspec.files.read_capped's, tested in tests/test_files.py.


def test_a_missing_file_keeps_each_kind_s_own_code(tmp_path: Path) -> None:
    assert [d.code for d in reader.read_text(tmp_path / "no.yaml", "no.yaml", BID)[1]] == ["file-not-found"]
    assert [d.code for d in reader.read_text(tmp_path / "no.yaml", "no.yaml", MARKS)[1]] == ["marks/unreadable"]


def test_utf8_with_a_byte_order_mark_is_read_and_other_encodings_are_located(tmp_path: Path) -> None:
    assert reader.read_text(write(tmp_path, "a.yaml", b"\xef\xbb\xbfa: 1\n"), "a.yaml", MARKS) == ("a: 1\n", [])
    text, problems = reader.read_text(write(tmp_path, "b.yaml", b"a: caf\xe9\n"), "b.yaml", MARKS)
    assert text is None and [d.code for d in problems] == ["marks/not-utf8"]
    assert "byte 6" in problems[0].message


# ------------------------------------------------------------------------------------- YAML

ALIAS_BOMB = "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "75"] * 10) + "]\n" for i in range(6)) + "marks: *l5\n"
"""Six levels of ten: a million marks from 355 bytes (the old marks reader took 16 s, ten times more a level)."""


def test_the_alias_bomb_is_355_bytes_and_is_refused_at_its_first_anchor_in_a_fresh_process(tmp_path: Path) -> None:
    assert len(ALIAS_BOMB) == 355
    path = write(tmp_path, "bomb.yaml", ALIAS_BOMB)
    code = ("import sys; from svspec import reader; d, p = reader.read_file(sys.argv[1], 'bomb.yaml', reader.MARKS); "
            "print(d, [(x.code, x.span.line, x.span.column) for x in p])")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=20,
                          check=True)
    assert done.stdout.strip() == "None [('marks/yaml-reference', 1, 5)]"


@pytest.mark.parametrize("text", ["a: &x 1\n", "a: 1\nb: *x\n", "a: {<<: {b: 1}}\n", "? &k a\n: 1\n",
                                  "&top {a: 1}\n"])
def test_anchors_aliases_and_merge_keys_are_refused(text: str) -> None:
    assert yaml_codes(text, MARKS) == ["marks/yaml-reference"]


@pytest.mark.parametrize("text", ["a: !!str 012\n", "a: !!python/object:os.system x\n", "a: !x 1\n", "!!map {a: 1}\n",
                                  "a: !!binary aGk=\n", "a: ! 12\n"])
def test_every_tag_is_refused_even_the_harmless_looking_ones(text: str) -> None:
    assert yaml_codes(text, MARKS) == ["marks/yaml-unsafe-tag"]


def test_a_duplicate_key_is_reported_at_both_places() -> None:
    document, problems = reader.parse_yaml("marks:\n  - E1: 0\n    E1: 100\n", "m.yaml", MARKS)
    assert document is None and len(problems) == 1
    problem = problems[0]
    assert problem.code == "marks/duplicate-key" and problem.message == "'E1' is given twice (first on line 2)"
    assert problem.span is not None and (problem.span.line, problem.span.column) == (3, 5)
    assert [(r.span.line, r.span.column, r.message) for r in problem.related] == [(2, 5, "first given here")]


def test_every_duplicate_key_is_reported_not_only_the_first() -> None:
    assert yaml_codes("a: 1\na: 2\nb: {c: 1, c: 2}\n") == ["bid/duplicate-key", "bid/duplicate-key"]


def test_a_second_document_in_the_file_is_refused() -> None:
    document, problems = reader.parse_yaml("a: 1\n---\na: 2\n", "m.yaml", MARKS)
    assert document is None and [d.code for d in problems] == ["marks/invalid-yaml"]
    assert problems[0].span is not None and problems[0].span.line == 2


def test_nesting_deeper_than_the_limit_is_refused_without_recursing() -> None:
    assert yaml_codes("a: " + "[" * 40 + "]" * 40 + "\n", MARKS) == ["marks/too-deep"]
    assert yaml_codes("a: " + "[" * 50_000 + "]" * 50_000 + "\n", MARKS) in (["marks/too-deep"], ["marks/invalid-yaml"])


def test_a_mapping_used_as_a_key_is_refused() -> None:
    assert yaml_codes("? {a: 1}\n: 2\n", MARKS) == ["marks/bad-key"]


@pytest.mark.parametrize(("text", "reading", "advice"), [
    ("012", "the octal number 10", 'write 12 without the leading zero, or "012" in quotes if it is text'),
    ("0x1F", "the hexadecimal number 31", 'write 31 if you mean that number, or "0x1F" in quotes if it is text'),
    ("0b101", "the binary number 5", 'write 5 if you mean that number, or "0b101" in quotes if it is text'),
    ("1:30", "the base-60 number 90",
     'write 90 if you mean that number, or "1:30" in quotes if it is a time or text'),
    ("-1:30", "the base-60 number -90",
     'write -90 if you mean that number, or "-1:30" in quotes if it is a time or text'),
    ("1_000", "the number 1000", 'write 1000, or "1_000" in quotes if it is text'),
    ("1.5e+3", "the number 1500", 'write 1500, or "1.5e+3" in quotes if it is text'),
    ("1.", "the number 1", 'write 1, or "1." in quotes if it is text'),
    (".5", "the number 0.5", 'write 0.5, or ".5" in quotes if it is text'),
    ("01.50", "the number 1.5", 'write 1.5, or "01.50" in quotes if it is text'),
    ("1.0e+99", "a number in exponent form",
     'write the number in plain decimal digits, or "1.0e+99" in quotes if it is text'),
    ("on", "yes", 'write yes or no, or "on" in quotes if it is text'),
    ("OFF", "no", 'write yes or no, or "OFF" in quotes if it is text'),
])
def test_yaml_1_1_forms_are_refused_saying_what_yaml_reads_and_what_to_write(text: str, reading: str,
                                                                             advice: str) -> None:
    document, problems = reader.parse_yaml(f"tender: x\nanswer: {text}\n", "bid.yaml", BID)
    assert document is None and [d.code for d in problems] == ["bid/ambiguous-value"]
    assert problems[0].message == f"'{text}' is read by YAML as {reading}, not as written"
    assert problems[0].hint == advice
    assert problems[0].span is not None and (problems[0].span.line, problems[0].span.column) == (2, 9)


@pytest.mark.parametrize(("text", "reading"), [
    ("0x" + "F" * 5000, "a hexadecimal number"), ("0" + "7" * 5000, "an octal number"),
    ("1:" * 3000 + "0", "a base-60 number"), ("1_" * 3000 + "1", "a number"),
])
def test_a_huge_yaml_1_1_number_is_refused_without_working_it_out(text: str, reading: str) -> None:
    document, problems = reader.parse_yaml(f"a: {text}\n", "f.yaml", MARKS)
    assert document is None and [d.code for d in problems] == ["marks/ambiguous-value"]
    assert problems[0].message == f"'{text[:40]}…' is read by YAML as {reading}, not as written"


@pytest.mark.parametrize("text", [".inf", "-.inf", ".NaN"])
def test_infinity_and_not_a_number_are_refused(text: str) -> None:
    assert yaml_codes(f"a: {text}\n", BID) == ["bid/not-a-number"]
    assert yaml_codes(f"a: {text}\n", MARKS) == ["marks/ambiguous-value"]


def test_plain_decimals_yes_no_and_text_read_as_a_person_reads_them() -> None:
    text = ('a: 12\nb: -3\nc: 2.50\nd: +5\ne: 0\nf: yes\ng: No\nh: true\ni: ~\nj:\nk: "012"\nl: \'0x1F\'\n'
            'm: 09\nn: 1e2\no: 2027-01-10\np: 12 FTE\nq: Norway\nr: "on"\n')
    document, problems = reader.parse_yaml(text, "f.yaml", BID)
    assert problems == [] and document is not None
    assert document.data == {"a": Decimal(12), "b": Decimal(-3), "c": Decimal("2.50"), "d": Decimal(5), "e": 0,
                             "f": True, "g": False, "h": True, "i": None, "j": None, "k": "012", "l": "0x1F",
                             "m": "09", "n": "1e2", "o": "2027-01-10", "p": "12 FTE", "q": "Norway", "r": "on"}
    assert all(type(document.data[k]) is Decimal for k in "abcde")


def test_keys_are_the_text_as_written() -> None:
    document, _ = reader.parse_yaml("012: a\nyes: b\n0x1F: c\n", "f.yaml", BID)
    assert document is not None and document.data == {"012": "a", "yes": "b", "0x1F": "c"}


def test_every_value_and_key_has_its_place() -> None:
    document, _ = reader.parse_yaml("marks:\n  - bidder: Acme\n    item: [Q1,\n      Q2]\n", "m.yaml", MARKS)
    assert document is not None
    assert document.span(("marks", 0, "bidder"))[1:] == (2, 13, 2, 17)
    assert document.span(("marks", 0, "bidder"), key=True)[1:] == (2, 5, 2, 11)
    assert document.span(("marks", 0, "item"))[1:] == (3, 11, 4, 10)
    assert document.span(("marks", 0, "item", 1))[1:] == (4, 7, 4, 9)


# ------------------------------------------------------------------------------------- JSON

def test_a_duplicate_json_key_is_reported_at_both_places() -> None:
    document, problems = reader.parse_json('{"E1": 0,\n "E1": 100}', "m.json", MARKS)
    assert document is None and [d.code for d in problems] == ["marks/duplicate-key"]
    assert problems[0].span is not None and problems[0].span.line == 2
    assert [(r.span.line, r.span.column) for r in problems[0].related] == [(1, 2)]


def test_broken_json_is_located_in_the_kind_s_own_code() -> None:
    document, problems = reader.parse_json('{"a": 1,}', "m.json", MARKS)
    assert document is None and [d.code for d in problems] == ["marks/json-syntax"]


def test_read_file_reads_json_by_its_extension(tmp_path: Path) -> None:
    document, problems = reader.read_file(write(tmp_path, "m.json", '{"a": 1.50}'), "m.json", MARKS)
    assert problems == [] and document is not None and document.data == {"a": Decimal("1.50")}


def test_bids_and_marks_are_read_by_this_one_reader() -> None:
    from svspec.bids import document
    from svspec.scoring import marks

    assert document.parse_yaml is reader.parse_yaml and document.read_text is reader.read_text
    assert marks.read_text is reader.read_text and marks.parse_yaml is reader.parse_yaml
    assert "import yaml" not in (ROOT / "src" / "svspec" / "scoring" / "marks.py").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(["a: ", "- ", "{", "}", "[", "]", ", ", ": ", "\n", "  ", "&a ", "*a", "!!str ", "<<: ",
                           "012", "0x1F", "1:30", "1_0", "1.5", "yes", "on", ".inf", '"q"', "'q'", "|\n  t",
                           "? ", "#c", "---\n", "\u200b", "\ufeff", "\x00", "E1", "-3", "1e2", "~"])


@given(st.lists(_PIECES | st.text(max_size=3), max_size=40).map("".join))
def test_any_text_is_read_or_refused_with_located_diagnostics_never_an_exception(text: str) -> None:
    for parse in (reader.parse_yaml, reader.parse_json):
        document, problems = parse(text, "f", MARKS)
        assert (document is None) == bool(problems)
        assert all(p.span is None or p.span.line >= 1 for p in problems)
        if document is not None and document.format == "yaml":
            assert not _has_float_or_int(document.data)


def _has_float_or_int(value: object) -> bool:
    """Numbers are exact Decimals: YAML never hands back a float or a YAML 1.1 integer."""
    if isinstance(value, dict):
        return any(_has_float_or_int(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float_or_int(v) for v in value)
    return isinstance(value, (float, int)) and not isinstance(value, bool)
