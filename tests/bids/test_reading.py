"""Malformed and hostile bid files get a clear diagnostic, never a traceback, and nothing runs."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from svspec.bids import document
from svspec.bids.read import display_path, load_bid
from svspec.emit.xlsx import workbook_bytes


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def codes(path: Path, tender) -> list[str]:  # type: ignore[no-untyped-def]
    bid, diagnostics = load_bid(path, tender)
    assert bid is None
    assert all(d.span is None or d.span.line >= 1 for d in diagnostics)
    return [d.code for d in diagnostics]


def test_broken_yaml_is_reported_with_its_line_and_column(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "bid.yaml", "tender: waste-2027\nbidder: [unclosed\n")
    bid, diagnostics = load_bid(path, waste)
    assert bid is None and [d.code for d in diagnostics] == ["bid/yaml-syntax"]
    assert diagnostics[0].span is not None and diagnostics[0].span.line == 3


def test_python_tags_are_refused_and_never_constructed(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "created-by-yaml"
    text = f"tender: !!python/object/apply:builtins.open [\"{marker}\", \"w\"]\nbidder: x\n"
    assert codes(write(tmp_path, "bid.yaml", text), waste) == ["bid/yaml-unsafe-tag"]
    assert not marker.exists()


def test_local_tags_are_refused(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.yaml", "tender: !secret waste-2027\n"), waste) == ["bid/yaml-unsafe-tag"]


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 30):
        prev, name = f"l{i - 1}", f"l{i}"
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    assert codes(write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"), waste) == ["bid/yaml-reference"]


def test_merge_keys_are_refused(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    text = "base: &b {LBL1: 1}\nsocial_value:\n  <<: *b\n"
    assert codes(write(tmp_path, "bid.yaml", text), waste) == ["bid/yaml-reference"]


def test_a_list_used_as_a_key_is_refused(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.yaml", "? [a, b]\n: 1\n"), waste) == ["bid/bad-key"]


def test_infinite_numbers_are_refused(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.yaml", "price: .inf\n"), waste) == ["bid/not-a-number"]


def test_very_deep_nesting_is_refused_in_yaml_and_json(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "deep.yaml", "a: " + "[" * 100 + "]" * 100 + "\n"), waste) == ["bid/too-deep"]
    assert codes(write(tmp_path, "deeper.yaml", "[" * 50_000 + "]" * 50_000), waste) in (
        ["bid/too-deep"], ["bid/yaml-syntax"])
    json_codes = codes(write(tmp_path, "deep.json", "[" * 50_000 + "]" * 50_000), waste)
    assert json_codes == ["bid/json-syntax"]


def test_duplicate_keys_are_errors_in_yaml_and_json(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    yaml_path = write(tmp_path, "bid.yaml", "tender: waste-2027\nbidder: a\nbidder: b\n")
    _bid, diagnostics = load_bid(yaml_path, waste)
    assert [d.code for d in diagnostics] == ["bid/duplicate-key"]
    assert "first on line 2" in diagnostics[0].message and diagnostics[0].span.line == 3  # type: ignore[union-attr]
    json_path = write(tmp_path, "bid.json", '{"tender": "waste-2027",\n "tender": "x"}')
    assert codes(json_path, waste) == ["bid/duplicate-key"]


@pytest.mark.parametrize("text", ['{"price": 1,}', "{'price': 1}", '{"price": NaN}', '{"price": 01}',
                                  '{"a": 1} x', '{"a" 1}', '["a" "b"]', '"\\x"', ""])
def test_invalid_json_is_reported_not_guessed(tmp_path, waste, text) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.json", text), waste) == ["bid/json-syntax"]


def test_json_syntax_errors_point_at_the_line_and_column(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    _, diagnostics = load_bid(write(tmp_path, "bid.json", '{\n  "tender": "waste-2027",\n  "price": 1,\n}'), waste)
    assert diagnostics[0].span is not None and (diagnostics[0].span.line, diagnostics[0].span.column) == (4, 1)


def test_json_numbers_are_read_as_exact_decimals() -> None:
    doc, problems = document.parse_json('{"a": 0.1, "b": 1e2, "c": -0, "d": 12345678901234567890.123456789}', "x")
    assert problems == [] and doc is not None
    assert doc.data == {"a": Decimal("0.1"), "b": Decimal("1e2"), "c": Decimal("-0"),
                        "d": Decimal("12345678901234567890.123456789")}
    assert all(type(v) is Decimal for v in doc.data.values())


def test_yaml_numbers_are_read_as_exact_decimals() -> None:
    doc, problems = document.parse_yaml("a: 0.1\nb: 1000\nc: 2.50\nd: -3\ne: 0\n", "x")
    assert problems == [] and doc is not None
    assert doc.data == {"a": Decimal("0.1"), "b": Decimal(1000), "c": Decimal("2.50"), "d": Decimal(-3), "e": 0}
    assert all(type(v) is Decimal for v in doc.data.values())


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "huge.yaml", "a: " + "x" * (document.MAX_TEXT_BYTES + 1))
    assert codes(path, waste) == ["bid/file-too-large"]


def test_a_file_that_is_not_utf8_is_reported(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.yaml", b"bidder: \xff\xfe caf\xe9\n"), waste) == ["bid/not-utf8"]


def test_an_unknown_extension_and_a_missing_file_are_reported(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.docx", "x"), waste) == ["bid/unsupported-format"]
    assert codes(tmp_path / "absent.yaml", waste) == ["file-not-found"]


def test_a_file_holding_a_list_is_not_a_bid(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.yaml", "- a\n- b\n"), waste) == ["bid/not-a-bid"]
    assert codes(write(tmp_path, "empty.yaml", "# nothing\n"), waste) == ["bid/not-a-bid"]


# ------------------------------------------------------------------------------ spreadsheets

def test_a_file_that_is_not_a_spreadsheet_is_reported(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    assert codes(write(tmp_path, "bid.xlsx", "tender: waste-2027\n"), waste) == ["bid/not-a-spreadsheet"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert codes(write(tmp_path, "zip.xlsx", archive.getvalue()), waste) == ["bid/not-a-spreadsheet"]
    truncated = workbook_bytes(waste)[:3000]
    assert codes(write(tmp_path, "cut.xlsx", truncated), waste) == ["bid/not-a-spreadsheet"]


def _replace_member(raw: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return out.getvalue()


def test_a_spreadsheet_hiding_an_xml_bomb_is_refused_before_parsing(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData>"
            b"</worksheet>")
    raw = _replace_member(workbook_bytes(waste), "xl/worksheets/sheet2.xml", bomb)
    bid, diagnostics = load_bid(write(tmp_path, "bomb.xlsx", raw), waste)
    assert bid is None and [d.code for d in diagnostics] == ["bid/unsafe-spreadsheet"]
    assert "DOCTYPE" in diagnostics[0].message


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * 30_000_000)
    assert codes(write(tmp_path, "zipbomb.xlsx", archive.getvalue()), waste) == ["bid/unsafe-spreadsheet"]


def test_a_spreadsheet_with_a_renamed_sheet_says_it_does_not_follow_the_template(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    path = write(tmp_path, "t.xlsx", workbook_bytes(waste))
    wb = openpyxl.load_workbook(path)
    wb["Social value"].title = "SV"
    wb.save(path)
    assert codes(path, waste) == ["bid/spreadsheet-layout"]


def test_an_oversized_spreadsheet_is_refused(tmp_path, waste, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from svspec.bids import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_XLSX_BYTES", 1000)
    assert codes(write(tmp_path, "big.xlsx", workbook_bytes(waste)), waste) == ["bid/file-too-large"]


def test_a_bids_shown_path_is_relative_inside_the_working_folder_and_as_given_outside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "work" / "bids").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    assert display_path(tmp_path / "work" / "bids" / "a.json") == "bids/a.json"
    assert display_path(Path("bids/./x/../a.json")) == "bids/a.json"
    assert display_path(tmp_path / "work") == "."
    assert display_path(Path("..foo/a.json")) == "..foo/a.json"  # inside, but shown as given ("..")
    assert display_path(tmp_path / "other" / "a.json") == (tmp_path / "other" / "a.json").as_posix()
    assert display_path(Path("../other/a.json")) == "../other/a.json"
