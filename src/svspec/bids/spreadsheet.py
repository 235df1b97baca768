"""The spreadsheet form of a bid: the layout the template uses, and reading a filled one safely.

Layout (shared with `svspec.emit.xlsx`, which writes the template):

- sheet `Bid`: column A names a field (tender, bidder, submitted, price), column B holds it;
- sheets `Quality` and `Social value`: a header row, then one row per question or measure with
  its code in column A, the answer in column I and the evidence documents (one per line, or
  separated by semicolons) in column J.

A workbook is a zip of XML files. Before openpyxl sees it, the archive is checked: size, number
of members, expanded size and compression ratio (zip bombs), and no member may declare a DOCTYPE
or entities (XML bombs, external entities). openpyxl then reads cell values only (`data_only`:
formulas are never evaluated; external links are not loaded). Numbers are read as the shortest
decimal that gives back the stored value, so 0.1 typed in a cell is `Decimal("0.1")`.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from svspec.bids.document import Document, Place, Pointer
from svspec.bids.rules import BidRules
from svspec.diagnostics import Diagnostic, Span, make

BID_SHEET = "Bid"
SECTION_SHEETS = {"quality": "Quality", "social_value": "Social value"}
HEADERS = ("Code", "Title", "Unit", "Answer type", "Limits", "Guidance", "Evidence due with the bid",
           "How it is scored", "Answer", "Evidence documents")
CODE_COLUMN, ANSWER_COLUMN, EVIDENCE_COLUMN = 1, 9, 10
BID_FIELDS = ("tender", "bidder", "submitted", "price")
FIELD_COLUMN, VALUE_COLUMN = 1, 2

MAX_XLSX_BYTES = 5_000_000
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 20_000_000
MAX_EXPANDED_BYTES = 50_000_000
MAX_RATIO = 200
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_SPLIT = re.compile(r"[\n;]")


def column_letter(column: int) -> str:
    """Spreadsheet column letters: 1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(sheet: str, row: int, column: int) -> str:
    """A cell as a spreadsheet user writes it: 'Social value'!I7."""
    quoted = f"'{sheet}'" if " " in sheet else sheet
    return f"{quoted}!{column_letter(column)}{row}"


def _refuse(path: str, reason: str) -> list[Diagnostic]:
    return [make("bid/unsafe-spreadsheet", Span(file=path, line=1, column=1, end_line=1, end_column=1),
                 path=path, reason=reason)]


def _check_archive(raw: bytes, display: str) -> list[Diagnostic]:
    start = Span(file=display, line=1, column=1, end_line=1, end_column=1)
    if not raw.startswith(b"PK"):
        return [make("bid/not-a-spreadsheet", start, path=display, reason="it is not a zip archive")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return _refuse(display, f"it holds {len(members)} files (at most {MAX_MEMBERS})")
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > MAX_MEMBER_BYTES or total > MAX_EXPANDED_BYTES:
                return _refuse(display, f"it expands to more than {MAX_EXPANDED_BYTES:,} bytes")
            if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                return _refuse(display, f"'{member.filename}' is compressed more than {MAX_RATIO} to 1")
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            data = archive.read(member)
            if len(data) > member.file_size:  # pragma: no cover - zipfile checks sizes itself
                return _refuse(display, "a member is larger than declared")
            head = data.decode("utf-16", "replace").encode() if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
            if _DOCTYPE.search(head):
                return _refuse(display, f"'{member.filename}' declares a DOCTYPE or entities")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        return [make("bid/not-a-spreadsheet", start, path=display, reason=f"damaged archive: {error}")]
    return []


def read_xlsx(path: Path, display: str, rules: BidRules) -> tuple[Document | None, list[Diagnostic]]:
    """Read a filled spreadsheet template into the same data a YAML bid gives."""
    start = Span(file=display, line=1, column=1, end_line=1, end_column=1)
    try:
        size = path.stat().st_size
        if size > MAX_XLSX_BYTES:
            return None, [make("bid/file-too-large", start, path=display, size=size, limit=MAX_XLSX_BYTES)]
        raw = path.read_bytes()
    except OSError as error:
        return None, [make("file-not-found", None, path=display, reason=error.strerror or str(error))]
    if len(raw) > MAX_XLSX_BYTES:
        return None, [make("bid/file-too-large", start, path=display, size=len(raw), limit=MAX_XLSX_BYTES)]
    problems = _check_archive(raw, display)
    if problems:
        return None, problems
    import openpyxl  # type: ignore[import-untyped]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False,
                                          keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds of errors on damaged input
        return None, [make("bid/not-a-spreadsheet", start, path=display, reason=_reason(error))]
    try:
        return _read_workbook(workbook, display, rules)
    except Exception as error:  # a damaged sheet can fail while its rows are read
        return None, [make("bid/not-a-spreadsheet", start, path=display, reason=_reason(error))]
    finally:
        workbook.close()


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _rows(sheet: Any, width: int) -> list[tuple[Any, ...]]:
    rows = []
    for i, row in enumerate(sheet.iter_rows(min_row=1, max_col=width, values_only=True)):
        if i > 5000:
            break
        rows.append(tuple(row) + (None,) * (width - len(row)))
    return rows


def _read_workbook(workbook: Any, display: str, rules: BidRules) -> tuple[Document | None, list[Diagnostic]]:
    start = Span(file=display, line=1, column=1, end_line=1, end_column=1)
    needed = [BID_SHEET] + [SECTION_SHEETS[s] for s, r in rules.by_section.items() if r]
    missing = [name for name in needed if name not in workbook.sheetnames]
    if missing:
        problem = "has no sheet " + ", ".join(f"'{m}'" for m in missing) + " (was it made from the template?)"
        return None, [make("bid/spreadsheet-layout", start, problem=problem)]
    data: dict[str, Any] = {}
    places: dict[Pointer, Place] = {(): Place(line=1, column=1, end_line=1, end_column=1, cell=None)}

    def at(sheet: str, row: int, column: int) -> Place:
        return Place(line=row, column=column, end_line=row, end_column=column + 1,
                     cell=cell_name(sheet, row, column))

    for row_number, row in enumerate(_rows(workbook[BID_SHEET], VALUE_COLUMN), start=1):
        name = _text(row[FIELD_COLUMN - 1])
        if name not in BID_FIELDS:
            continue
        places[(name,)] = at(BID_SHEET, row_number, VALUE_COLUMN)
        value = _cell_value(row[VALUE_COLUMN - 1], "money" if name == "price" else "text")
        if value is not None:
            data[name] = value
    evidence: dict[str, list[str]] = {}
    for section, section_rules in rules.by_section.items():
        if not section_rules:
            continue
        sheet_name = SECTION_SHEETS[section]
        rows = _rows(workbook[sheet_name], EVIDENCE_COLUMN)
        if not rows or _text(rows[0][CODE_COLUMN - 1]) != HEADERS[0] or \
                _text(rows[0][ANSWER_COLUMN - 1]) != HEADERS[ANSWER_COLUMN - 1]:
            problem = f"sheet '{sheet_name}' does not have the template's columns (Code in A, Answer in I)"
            return None, [make("bid/spreadsheet-layout", start, problem=problem)]
        answers: dict[str, Any] = {}
        places[(section,)] = at(sheet_name, 1, ANSWER_COLUMN)
        for row_number, row in enumerate(rows[1:], start=2):
            code = _text(row[CODE_COLUMN - 1])
            if not code:
                continue
            places[(section, code)] = at(sheet_name, row_number, ANSWER_COLUMN)
            rule = section_rules.get(code)
            value = _cell_value(row[ANSWER_COLUMN - 1], rule.answer.kind if rule else "text")
            if value is not None:
                answers[code] = value
            documents = [d.strip() for d in _SPLIT.split(_text(row[EVIDENCE_COLUMN - 1]) or "") if d.strip()]
            places[("evidence", code)] = at(sheet_name, row_number, EVIDENCE_COLUMN)
            if documents:
                evidence[code] = documents
                for i in range(len(documents)):
                    places[("evidence", code, i)] = places[("evidence", code)]
        data[section] = answers
    if evidence:
        data["evidence"] = evidence
    return Document(file=display, data=data, places=places, key_places={}, text=None, format="xlsx"), []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return str(_cell_value(value, "text"))


def _number(value: float | int) -> Decimal:
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value)).normalize() if value != int(value) else Decimal(int(value))


def _cell_value(value: Any, kind: str) -> Any:
    """A cell's value in bid data: numbers become Decimals; Yes/No become booleans."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
            return str(value)
        number = _number(value)
        return number if kind in ("number", "money") else _plain(number)
    text = str(value)
    if not text.strip():
        return None
    if kind == "yes/no":
        lowered = text.strip().lower()
        if lowered in ("yes", "y", "true"):
            return True
        if lowered in ("no", "n", "false"):
            return False
    return text.strip() if kind in ("choice", "file", "number", "money") else text


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
