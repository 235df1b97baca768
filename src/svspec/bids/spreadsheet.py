"""The spreadsheet form of a bid: the layout the template uses, and reading a filled one safely.

Layout (shared with `svspec.emit.xlsx`, which writes the template):

- sheet `Bid`: column A names a field (tender, bidder, submitted, price), column B holds it;
- sheets `Quality` and `Social value`: a header row, then one row per question or measure with
  its code in column A, the answer in column C and the evidence documents (one per line, or
  separated by semicolons) in column D; columns E to G are computed by the workbook (words, £
  value, points: formulas, checked as the template wrote them, their saved values never read);
- sheet `Local areas`, when the tender selects `local only` measures: one row per measure, its code
  in column A and, for a measure counted in postcode districts, the districts in column C (read
  into the bid's `local:`).

A workbook is a zip of XML files. Before any XML is parsed, the archive is checked
(`check_archive`): size, number of members, expanded size and compression ratio (zip bombs),
member names, and no member of any name or text encoding may declare a DOCTYPE or entities (XML
bombs, external entities). The cells are then read by `svspec.bids.workbook`.

What is scored is exactly what a person sees when they open the file: every cell that is read
must be visible (its sheet, row and column shown, its text readable against its fill, its number
format showing the number it holds, not covered by a merged range or a drawing) and hold a typed
value (no formula, error value, control character or date where a number is expected); each
field and code is given once, no value sits in a row without one, and the question text beside
each answer (column B, columns H to M, and the formulas of the computed columns E to G), the
notes beside each field and the headings are the tender's, compared with the template itself.
Anything else
is refused with its sheet!cell, before the answers are checked; all such problems of a file are
reported together. Numbers are read as the spreadsheet holds them (a double), as the shortest
decimal that gives back the stored value, so 0.1 typed in a cell is `Decimal("0.1")`.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from svspec.bids import numfmt
from svspec.bids.document import Document, Place, Pointer
from svspec.bids.layout import (
    ANSWER_COLUMN,
    BID_FIELDS,
    BID_SHEET,
    CODE_COLUMN,
    DISTRICTS_COLUMN,
    EVIDENCE_COLUMN,
    FIELD_COLUMN,
    HEADERS,
    LAST_COLUMN,
    LISTS_SHEET,
    LOCAL_HEADERS,
    LOCAL_SHEET,
    NOTES_COLUMN,
    PART_SEPARATOR,
    SECTION_SHEETS,
    TEMPLATE_COLUMNS,
    VALUE_COLUMN,
    column_letter,
)
from svspec.bids.rules import AnswerRule, BidRules, expected_kind
from svspec.bids.workbook import (
    MAX_ROWS,
    SHARED_FORMULA,
    Cell,
    Sheet,
    Workbook,
    WorkbookError,
    cell_name,
    contrast,
    in_range,
    range_name,
)
from svspec.diagnostics import Diagnostic, Span, make
from svspec.files import FileTooLarge, NotRegularFile, read_capped

MAX_XLSX_BYTES = 5_000_000
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 20_000_000
MAX_EXPANDED_BYTES = 50_000_000
MAX_RATIO = 200
MIN_CONTRAST = 1.5
"""Text and fill colours closer than this (WCAG contrast ratio; 1 is the same colour) cannot be read."""
MIN_FONT_SIZE = 6.0

_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE_BYTES = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_TEXT_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
_BAD_NAME = re.compile(r"(^|/)\.\.(/|$)|^[/\\]|\\|^[A-Za-z]:|[\x00-\x1f]")
_SPLIT = re.compile(r"[\n;]")
_DISTRICTS = re.compile(r"[\s,;\uff0c\uff1b]+")
"""Between the postcode districts of one local-area cell: semicolons, commas (also full-width),
spaces of any kind (a non-breaking space pasted from a web page too) and new lines."""
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FORMAT_CHARACTER = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028-\u202f\u2060-\u206f\ufeff]")
"""Invisible formatting characters (zero-width spaces, direction marks and overrides, line
separators): refused in field names and codes, where they make one name look like another."""


def _start(display: str) -> Span:
    return Span(file=display, line=1, column=1, end_line=1, end_column=1)


def _at(display: str, row: int, column: int) -> Span:
    return Span(file=display, line=row, column=column, end_line=row, end_column=column + 1)


# -------------------------------------------------------------------------------- the archive

def check_archive(raw: bytes, display: str) -> list[Diagnostic]:
    """Refuse an archive that is not a zip, is a zip bomb, has unsafe member names, or holds a
    member (of any name, in any text encoding) declaring a DOCTYPE or entities."""
    start = _start(display)
    if not raw.startswith(b"PK"):
        reason = "it is not a zip archive"
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            reason = "it is an old .xls workbook or a password-protected one"
        return [make("bid/not-a-spreadsheet", start, path=display, reason=reason)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        problem = _member_problem(archive)
        if problem is None:
            for member in archive.infolist():
                problem = _xml_problem(member.filename, archive.read(member))
                if problem is not None:
                    break
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as error:
        return [make("bid/not-a-spreadsheet", start, path=display, reason=f"damaged archive: {_words(error)}")]
    return [] if problem is None else [make("bid/unsafe-spreadsheet", start, path=display, reason=problem)]


def _member_problem(archive: zipfile.ZipFile) -> str | None:
    """What is unsafe in the archive's list of members (sizes, names, encryption), if anything."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"it holds {len(members)} files (at most {MAX_MEMBERS})"
    total = 0
    seen: set[str] = set()
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_EXPANDED_BYTES:
            return f"it expands to more than {MAX_EXPANDED_BYTES:,} bytes"
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return f"'{_shown(member.filename)}' is compressed more than {MAX_RATIO} to 1"
        if _BAD_NAME.search(member.filename):
            return f"a file inside it has an unsafe name ('{_shown(member.filename)}')"
        if member.filename.lower() in seen:
            return f"it holds two files named '{_shown(member.filename)}'"
        seen.add(member.filename.lower())
        if member.flag_bits & 0x1:
            return "it is encrypted"
    return None


def _xml_problem(name: str, data: bytes) -> str | None:
    """A DOCTYPE or entity declaration in `data`, or a text encoding that could hide one."""
    if len(data) > MAX_MEMBER_BYTES:  # pragma: no cover - zipfile checks sizes itself
        return "a member is larger than declared"
    if data.startswith((b"\x4c\x6f\xa7\x94", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<",
                        b"<\x00\x00\x00", b"+/v")):
        return f"'{_shown(name)}' is written in an unusual text encoding"
    text = _as_text(data)
    declared = _DECLARED_ENCODING.match(text[:200])
    if declared and declared.group(1).strip().lower() not in _TEXT_ENCODINGS:
        return f"'{_shown(name)}' is written in an unusual text encoding ({_shown(declared.group(1))})"
    if _DOCTYPE.search(text) or _DOCTYPE_BYTES.search(data.replace(b"\x00", b"")):
        return f"'{_shown(name)}' declares a DOCTYPE or entities"
    return None


def _as_text(data: bytes) -> str:
    """The member as text, in UTF-16 when its first bytes say so (with or without a BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", "replace")
    if data.startswith(b"\x00<"):
        return data.decode("utf-16-be", "replace")
    return data.decode("utf-8", "replace")


def _shown(text: str, limit: int = 60) -> str:
    """Text from the file, safe to print: invisible characters as code points, at most `limit` characters."""
    clean = "".join(f"U+{ord(c):04X}" if _INVISIBLE.match(c) or unicodedata.category(c) in ("Cf", "Zl", "Zp")
                    else c for c in text[:limit])
    return clean + ("..." if len(text) > limit else "")


def _words(error: BaseException) -> str:
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {_shown(text)}" if text else type(error).__name__


# -------------------------------------------------------------------------------- the workbook

def read_xlsx(path: Path, display: str, rules: BidRules) -> tuple[Document | None, list[Diagnostic]]:
    """Read a filled spreadsheet template into the same data a YAML bid gives."""
    start = _start(display)
    try:
        raw = read_capped(path, MAX_XLSX_BYTES)
    except NotRegularFile as error:
        return None, [make("bid/not-a-file", start, path=display, what=error.kind)]
    except FileTooLarge as error:
        return None, [make("bid/file-too-large", start, path=display, size=error.size_text, limit=MAX_XLSX_BYTES)]
    except OSError as error:
        return None, [make("file-not-found", None, path=display, reason=error.strerror or str(error))]
    return read_workbook(raw, display, lambda workbook: _Reader(workbook, display, rules).read())


def read_workbook(raw: bytes, display: str, read: Callable[[Workbook], tuple[Document | None, list[Diagnostic]]]
                  ) -> tuple[Document | None, list[Diagnostic]]:
    """Open the bytes of an untrusted workbook and `read` it: the one place where an unsafe or
    damaged archive becomes its diagnostic, for bids and for the other spreadsheets svspec reads
    back (delivery returns)."""
    start = _start(display)
    problems = check_archive(raw, display)
    if problems:
        return None, problems
    try:
        return read(Workbook(zipfile.ZipFile(io.BytesIO(raw))))
    except WorkbookError as error:
        code = "bid/unsafe-spreadsheet" if error.unsafe else "bid/not-a-spreadsheet"
        return None, [make(code, start, path=display, reason=_shown(error.reason, 200))]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, RecursionError) as error:
        return None, [make("bid/not-a-spreadsheet", start, path=display, reason=f"damaged archive: {_words(error)}")]


class _Reader:
    """Reads the template's cells into bid data, refusing every cell a person would not see as read."""

    def __init__(self, workbook: Workbook, display: str, rules: BidRules) -> None:
        self.workbook, self.display, self.rules = workbook, display, rules
        self.problems: list[Diagnostic] = []
        self.reported: set[object] = set()
        self.places: dict[Pointer, Place] = {(): Place(line=1, column=1, end_line=1, end_column=1, cell=None)}
        self.local: dict[str, list[str]] = {}
        """The bid's `local:`, read from the Local areas sheet."""

    def read(self) -> tuple[Document | None, list[Diagnostic]]:
        needed = [BID_SHEET] + [SECTION_SHEETS[s] for s, r in self.rules.by_section.items() if r]
        local = (LOCAL_SHEET, HEADER_ROW) in _template_text(self.rules)
        needed += [LOCAL_SHEET] if local else []
        missing = [name for name in needed if name not in self.workbook.sheets]
        if missing:
            problem = "has no sheet " + ", ".join(f"'{_shown(m)}'" for m in missing) + \
                " (was it made from the template?)"
            return None, [make("bid/spreadsheet-layout", _start(self.display), problem=problem)]
        self._hidden_sheets()
        data: dict[str, Any] = self._bid_sheet(self.workbook.sheet(BID_SHEET, NOTES_COLUMN))
        evidence: dict[str, list[str]] = {}
        for section, section_rules in self.rules.by_section.items():
            if section_rules:
                sheet = self.workbook.sheet(SECTION_SHEETS[section], LAST_COLUMN)
                answers = self._section_sheet(sheet, section, section_rules, evidence)
                if answers is None:
                    return None, self.problems
                data[section] = answers
        if evidence:
            data["evidence"] = evidence
        if local:
            self._local_sheet(self.workbook.sheet(LOCAL_SHEET, len(LOCAL_HEADERS)))
        if self.local:
            data["local"] = self.local
        if self.problems:
            return None, self.problems
        return Document(file=self.display, data=data, places=self.places, key_places={}, text=None,
                        format="xlsx"), []

    # -------------------------------------------------------------- reporting

    def _report(self, key: object, code: str, row: int, column: int, **params: Any) -> None:
        """Report once per `key`: a hidden row holding ten cells is one problem, not ten."""
        if key not in self.reported:
            self.reported.add(key)
            self.problems.append(make(code, _at(self.display, row, column), **params))

    def _place(self, sheet: str, row: int, column: int) -> Place:
        return Place(line=row, column=column, end_line=row, end_column=column + 1, cell=cell_name(sheet, row, column))

    # -------------------------------------------------------------- sheets and rows

    def _only_sheet(self, name: str, last_column: int, made_by: str) -> Sheet | list[Diagnostic]:
        """The one sheet of a workbook svspec wrote with one sheet to fill (a return, marks), after the
        checks every such workbook gets: the sheet is there, no sheet is hidden, nothing lies below
        the rows read. The problems instead, when there are any that stop reading."""
        if name not in self.workbook.sheets:
            return [make("bid/spreadsheet-layout", _start(self.display),
                         problem=f"has no sheet '{name}' (was it made by `{made_by}`?)")]
        self._hidden_sheets()
        sheet = self.workbook.sheet(name, last_column)
        if sheet.beyond:
            return [make("bid/spreadsheet-layout", _start(self.display),
                         problem=f"sheet '{name}' has values below row {MAX_ROWS:,}, where nothing is read")]
        return sheet

    def _hidden_sheets(self) -> None:
        """A hidden sheet may hold what an evaluator never sees; the template hides only `Lists`."""
        if self.workbook.window_hidden:
            self._report("window", "bid/spreadsheet-hidden", 1, 1, problem="the workbook's window is hidden")
        template = {_sheet_key(name): name for name in (BID_SHEET, LISTS_SHEET, LOCAL_SHEET, *SECTION_SHEETS.values())}
        for name in self.workbook.sheets:
            like = template.get(_sheet_key(name))
            if like is not None and like != name and like in self.workbook.sheets:
                self._report(("alike", name), "bid/spreadsheet-layout", 1, 1,
                             problem=f"has two sheets that look alike, '{like}' and '{_shown(name)}'")
        for name, listed in self.workbook.sheets.items():
            if listed.state != "visible" and name != LISTS_SHEET:
                how = ("very hidden (it cannot be shown from Excel's menus)" if listed.state == "veryHidden"
                       else "hidden")
                self._report(("sheet", name), "bid/spreadsheet-hidden", 1, 1,
                             problem=f"sheet '{_shown(name)}' is {how}")

    def _bid_sheet(self, sheet: Sheet) -> dict[str, Any]:
        self._template_cells(sheet, 1, HEADER_ROW)
        data: dict[str, Any] = {}
        first: dict[str, int] = {}
        # whole-life cost: a row `price CODE` for each price component (issue 12 item 4)
        parts = {f"price {c.code}".lower(): c.code for c in self.rules.tender.price_components}
        for row in _rows(sheet):
            label = _label(sheet.cells.get((row, FIELD_COLUMN)))
            name = label.lower() if label else None
            if label and (_INVISIBLE.search(label) or _FORMAT_CHARACTER.search(label)):
                self._invisible(cell_name(sheet.name, row, FIELD_COLUMN), row, FIELD_COLUMN, label)
                continue
            if name is not None and name in parts:
                self._price_part(sheet, row, name, parts[name], first, data)
                continue
            if name not in BID_FIELDS:
                value = sheet.cells.get((row, VALUE_COLUMN))
                if row > 1 and _has_value(value) and self._visible_row(sheet, row):
                    self._stray(sheet, row, VALUE_COLUMN, value, "field name (bidder, price...)")
                continue
            if name in first:
                self._duplicate(sheet, name, first[name], row)
                continue
            first[name] = row
            self._template_cells(sheet, row, name)
            self.places[(name,)] = self._place(sheet.name, row, VALUE_COLUMN)
            self._row_seen(sheet, row, name)
            self._label_seen(sheet, row, "field name")
            kind = "money" if name == "price" else "date" if name == "submitted" else "text"
            expected = {"price": "the price should be an amount in pounds",
                        "submitted": "the submission time should be a date",
                        "bidder": "the bidder should be your organisation's name",
                        "tender": "the tender should be named as in the template"}[name]
            value = self._value(sheet, row, VALUE_COLUMN, kind, expected)
            if value is not None:
                data[name] = value
        return data

    def _price_part(self, sheet: Sheet, row: int, name: str, code: str, first: dict[str, int],
                    data: dict[str, Any]) -> None:
        """One price component's row of the Bid sheet, read into `price` by its code."""
        if name in first:
            self._duplicate(sheet, name, first[name], row)
            return
        first[name] = row
        self._template_cells(sheet, row, name)
        self.places[("price", code)] = self._place(sheet.name, row, VALUE_COLUMN)
        self._row_seen(sheet, row, name)
        self._label_seen(sheet, row, "field name")
        value = self._value(sheet, row, VALUE_COLUMN, "money", f"the price of {code} should be an amount in pounds")
        price = data.setdefault("price", {})
        if value is not None and isinstance(price, dict):
            price[code] = value

    def _section_sheet(self, sheet: Sheet, section: str, section_rules: dict[str, AnswerRule],
                       evidence: dict[str, list[str]]) -> dict[str, Any] | None:
        header = sheet.cells.get((1, CODE_COLUMN)), sheet.cells.get((1, ANSWER_COLUMN))
        if _label(header[0]) != HEADERS[0] or _label(header[1]) != HEADERS[ANSWER_COLUMN - 1]:
            problem = (f"sheet '{sheet.name}' does not have the template's columns (Code in A, Answer in "
                       f"{column_letter(ANSWER_COLUMN)})")
            self.problems.append(make("bid/spreadsheet-layout", _start(self.display), problem=problem))
            return None
        if sheet.beyond:
            problem = f"sheet '{sheet.name}' has values below row {MAX_ROWS:,}, where no answer is read"
            self.problems.append(make("bid/spreadsheet-layout", _start(self.display), problem=problem))
            return None
        self._template_cells(sheet, 1, HEADER_ROW)
        answers: dict[str, Any] = {}
        first: dict[str, int] = {}
        self.places[(section,)] = self._place(sheet.name, 1, ANSWER_COLUMN)
        for row in _rows(sheet):
            if row == 1:
                continue
            code = _label(sheet.cells.get((row, CODE_COLUMN)))
            if not code:
                for column in (ANSWER_COLUMN, EVIDENCE_COLUMN):
                    value = sheet.cells.get((row, column))
                    if _has_value(value) and self._visible_row(sheet, row):
                        self._stray(sheet, row, column, value, "question or measure code")
                continue
            if code not in section_rules and PART_SEPARATOR in code and code not in first:
                if self._part(sheet, row, code, section, section_rules, answers):
                    first[code] = row
                    continue
            if code in first:
                self._duplicate(sheet, code, first[code], row)
                continue
            first[code] = row
            self.places[(section, code)] = self._place(sheet.name, row, ANSWER_COLUMN)
            self.places[("evidence", code)] = self._place(sheet.name, row, EVIDENCE_COLUMN)
            self._row_seen(sheet, row, code)
            self._label_seen(sheet, row, "code")
            self._template_cells(sheet, row, code)
            rule = section_rules.get(code)
            if rule is not None and rule.answer.parts:
                # The answer is the sum of the parts in the rows below; this row's answer cell holds nothing.
                value_cell = sheet.cells.get((row, ANSWER_COLUMN))
                if _has_value(value_cell):
                    self._stray(sheet, row, ANSWER_COLUMN, value_cell, "part name (the figures go in the rows below)")
                answers.setdefault(code, {})
            else:
                kind = rule.answer.kind if rule else "text"
                expected = expected_kind(rule.answer, rule.unit) if rule else "an answer"
                value = self._value(sheet, row, ANSWER_COLUMN, kind, f"{code} expects {expected}")
                if value is not None:
                    answers[code] = value
            listed = self._value(sheet, row, EVIDENCE_COLUMN, "text", "evidence documents are named in text")
            documents = [d.strip() for d in _SPLIT.split(str(listed or "")) if d.strip()]
            if documents:
                evidence[code] = documents
                for i in range(len(documents)):
                    self.places[("evidence", code, i)] = self.places[("evidence", code)]
        return answers

    def _part(self, sheet: Sheet, row: int, code: str, section: str, section_rules: Mapping[str, AnswerRule],
              answers: dict[str, Any]) -> bool:
        """A row holding one figure of a composite answer (`ECC48 / cash`), read into the answer's
        mapping; False when the label names no part of a composite answer (then it is read as a code)."""
        parent, _, part = code.partition(PART_SEPARATOR)
        rule = section_rules.get(parent)
        if rule is None or part not in {p.name for p in rule.answer.parts}:
            return False
        self.places[(section, parent, part)] = self._place(sheet.name, row, ANSWER_COLUMN)
        self._row_seen(sheet, row, code)
        self._label_seen(sheet, row, "code")
        self._template_cells(sheet, row, code)
        figures = answers.setdefault(parent, {})
        if not isinstance(figures, dict):
            return True
        value = self._value(sheet, row, ANSWER_COLUMN, "number", f"{code} expects a number, 0 or more")
        if value is not None:
            figures[part] = value
        return True

    def _local_sheet(self, sheet: Sheet) -> None:
        """The Local areas sheet (issue 9 item 12): each row's Postcode districts cell read into the
        bid's `local:` exactly as YAML gives it, each district as typed (separators aside), so that
        validation holds them to the measure's area with the same verdicts and messages as for YAML."""
        header = sheet.cells.get((1, CODE_COLUMN)), sheet.cells.get((1, DISTRICTS_COLUMN))
        if _label(header[0]) != LOCAL_HEADERS[0] or _label(header[1]) != LOCAL_HEADERS[DISTRICTS_COLUMN - 1]:
            self.problems.append(make("bid/spreadsheet-layout", _start(self.display), problem=(
                f"sheet '{sheet.name}' does not have the template's columns (Code in A, Postcode districts in "
                f"{column_letter(DISTRICTS_COLUMN)})")))
            return
        if sheet.beyond:
            self.problems.append(make("bid/spreadsheet-layout", _start(self.display), problem=(
                f"sheet '{sheet.name}' has values below row {MAX_ROWS:,}, where nothing is read")))
            return
        self._template_cells(sheet, 1, HEADER_ROW)
        self.places[("local",)] = self._place(sheet.name, 1, DISTRICTS_COLUMN)
        first: dict[str, int] = {}
        for row in _rows(sheet):
            if row == 1:
                continue
            code = _label(sheet.cells.get((row, CODE_COLUMN)))
            if not code:
                value = sheet.cells.get((row, DISTRICTS_COLUMN))
                if _has_value(value) and self._visible_row(sheet, row):
                    self._stray(sheet, row, DISTRICTS_COLUMN, value, "measure code")
                continue
            if code in first:
                self._duplicate(sheet, code, first[code], row)
                continue
            first[code] = row
            self._row_seen(sheet, row, code)
            self._label_seen(sheet, row, "code")
            self._template_cells(sheet, row, code)
            self._districts(sheet, row, code)

    def _districts(self, sheet: Sheet, row: int, code: str) -> None:
        """One measure's Postcode districts cell: 'SE1; SE11', split on any separator a person uses."""
        name = cell_name(sheet.name, row, DISTRICTS_COLUMN)
        value = self._value(sheet, row, DISTRICTS_COLUMN, "text", f"the local area of {code} is postcode districts")
        districts = [d for d in _DISTRICTS.split(str(value or "")) if d]
        hidden = next((d for d in districts if _FORMAT_CHARACTER.search(d)), None)
        if hidden is not None:  # a zero-width space makes 'SE\u200b1' look like SE1
            self._invisible(name, row, DISTRICTS_COLUMN, hidden)
            return
        if not districts:
            return
        place = self._place(sheet.name, row, DISTRICTS_COLUMN)
        self.local[code] = districts
        self.places[("local", code)] = place
        for i in range(len(districts)):
            self.places[("local", code, i)] = place

    def _template_cells(self, sheet: Sheet, row: int, key: str) -> None:
        """The words the template shows around the answers are the tender's: the headings, the
        title, unit, limits, guidance and scoring beside each answer, the notes beside each field.
        An answer read against a changed unit or note ('hours' for 'FTE', 'in thousands of
        pounds') is not the answer scored."""
        expected = _template_text(self.rules).get((sheet.name, key))
        if expected is None:
            return
        for column, text in expected.items():
            shown = _shown_text(sheet.cells.get((row, column)))
            if shown != text:
                name = cell_name(sheet.name, row, column)
                heading = {BID_SHEET: BID_HEADERS, LOCAL_SHEET: LOCAL_HEADERS}.get(sheet.name, HEADERS)[column - 1]
                self._report(("text", name), "bid/spreadsheet-template-changed", row, column, cell=name,
                             heading=heading, shown=_shown(shown) or "nothing", expected=_shown(text) or "nothing")

    def _visible_row(self, sheet: Sheet, row: int) -> bool:
        return sheet.row_hidden(row) is None

    def _row_seen(self, sheet: Sheet, row: int, name: str) -> None:
        how = sheet.row_hidden(row)
        if how is not None:
            self._report(("row", sheet.name, row), "bid/spreadsheet-hidden", row, FIELD_COLUMN,
                         problem=f"row {row} of sheet '{sheet.name}' ({_shown(name)}) is {how}")

    def _duplicate(self, sheet: Sheet, name: str, first: int, row: int) -> None:
        self._report(("twice", sheet.name, row), "bid/spreadsheet-duplicate", row, FIELD_COLUMN, name=_shown(name),
                     first=cell_name(sheet.name, first, FIELD_COLUMN), second=cell_name(sheet.name, row, FIELD_COLUMN))

    def _stray(self, sheet: Sheet, row: int, column: int, value: Cell | None, what: str) -> None:
        shown = _shown(str(value.value)) if value is not None else ""
        self._report(("stray", sheet.name, row, column), "bid/spreadsheet-stray-value", row, column,
                     cell=cell_name(sheet.name, row, column), value=shown, what=what)

    # -------------------------------------------------------------- cells

    def _cell_seen(self, sheet: Sheet, row: int, column: int) -> Cell | None:
        """The cell, after reporting every way it could be unseen or seen other than as stored."""
        name = cell_name(sheet.name, row, column)
        how = sheet.column_hidden(column)
        if how is not None:
            self._report(("column", sheet.name, column), "bid/spreadsheet-hidden", row, column,
                         problem=f"column {column_letter(column)} of sheet '{sheet.name}' is {how}")
        merged = in_range(sheet.merged, row, column)
        if merged is not None and (merged[0], merged[1]) != (merged[2], merged[3]):
            self._report(("merged", sheet.name, merged), "bid/spreadsheet-merged", row, column, cell=name,
                         range=range_name(merged), first=cell_name(sheet.name, merged[0], merged[1]))
        cell = sheet.cells.get((row, column))
        if cell is None or not _has_value(cell):
            return cell
        if sheet.covered_by:
            covers = " and ".join(sheet.covered_by)
            self._report(("covered", sheet.name), "bid/spreadsheet-hidden", row, column,
                         problem=f"sheet '{sheet.name}' has {covers}, which can cover its cells")
        if in_range(sheet.conditional, row, column) is not None:
            self._hidden(name, row, column, "has conditional formatting, which can change how it is shown")
        style = cell.style
        if contrast(_font_colour(cell), style.fill) < MIN_CONTRAST:
            self._hidden(name, row, column, f"is written in a colour that cannot be seen on its background "
                                            f"(#{_font_colour(cell)} on #{style.fill})")
        elif style.size < MIN_FONT_SIZE:
            self._hidden(name, row, column, f"is written in {style.size:g}-point text, too small to read")
        for run in cell.runs:
            colour = run.colour or _font_colour(cell)
            size = style.size if run.size is None else run.size
            if contrast(colour, style.fill) < MIN_CONTRAST:
                self._hidden(name, row, column, f"has part of its text in a colour that cannot be seen on its "
                                                f"background (#{colour} on #{style.fill})")
            elif size < MIN_FONT_SIZE:
                self._hidden(name, row, column, f"has part of its text in {size:g}-point text, too small to read")
        if cell.kind == "text":
            how = numfmt.text_problem(style.number_format)
            if how is not None:
                self._hidden(name, row, column, f"has a number format ({_shown(style.number_format)}) that {how}")
        if cell.kind == "number" and cell.value == 0 and not sheet.show_zeros:
            self._hidden(name, row, column, f"holds 0, but sheet '{sheet.name}' is set not to show zeros")
        return cell

    def _label_seen(self, sheet: Sheet, row: int, expected: str) -> None:
        """A field name or code is read like an answer: seen, typed (a formula could show another
        code than the one saved), and free of invisible characters."""
        cell = self._cell_seen(sheet, row, CODE_COLUMN)
        name = cell_name(sheet.name, row, CODE_COLUMN)
        if (cell is not None and cell.formula is not None) or in_range(sheet.formula_ranges, row, CODE_COLUMN):
            self._formula(sheet, row, CODE_COLUMN, cell, expected)
        elif cell is not None and cell.kind == "text" and (_INVISIBLE.search(cell.value) or
                                                           _FORMAT_CHARACTER.search(cell.value)):
            self._invisible(name, row, CODE_COLUMN, cell.value)

    def _formula(self, sheet: Sheet, row: int, column: int, cell: Cell | None, expected: str) -> None:
        name = cell_name(sheet.name, row, column)
        if cell is not None and cell.formula is not None:
            formula = "shared with other cells" if cell.formula == SHARED_FORMULA else "=" + cell.formula.lstrip("=")
        else:
            formula = "from " + range_name(in_range(sheet.formula_ranges, row, column) or (row, column, row, column))
        self._report(("formula", name), "bid/spreadsheet-formula", row, column, cell=name, formula=_shown(formula),
                     expected=expected)

    def _invisible(self, name: str, row: int, column: int, text: str) -> None:
        found = _INVISIBLE.search(text) or _FORMAT_CHARACTER.search(text)
        char = found.group(0) if found else "?"
        self._report(("invisible", name), "bid/spreadsheet-control-character", row, column, cell=name,
                     char=f"U+{ord(char):04X}")

    def _hidden(self, name: str, row: int, column: int, how: str) -> None:
        self._report(("cell", name, how), "bid/spreadsheet-hidden", row, column, problem=f"cell {name} {how}")

    def _value(self, sheet: Sheet, row: int, column: int, kind: str, expected: str) -> Any:
        """The value a person sees in the cell, as bid data; None (and a problem) when it cannot be used."""
        cell = self._cell_seen(sheet, row, column)
        name = cell_name(sheet.name, row, column)
        if (cell is not None and cell.formula is not None) or in_range(sheet.formula_ranges, row, column):
            self._formula(sheet, row, column, cell, _typed(kind))
            return None
        if cell is None or not _has_value(cell):
            return None
        if cell.kind == "error":
            self._report(("error", name), "bid/spreadsheet-error", row, column, cell=name, value=_shown(cell.value))
            return None
        if cell.kind == "damaged":
            self._report(("damaged", name), "bid/not-a-spreadsheet", row, column, path=self.display,
                         reason=f"cell {name} is damaged")
            return None
        if cell.kind == "bad-number":
            self._report(("bad", name), "bid/spreadsheet-bad-number", row, column, cell=name, text=_shown(cell.value))
            return None
        if cell.kind == "text" and _INVISIBLE.search(cell.value):
            self._invisible(name, row, column, cell.value)
            return None
        if cell.kind == "date" or (cell.kind == "number" and numfmt.is_date(cell.style.number_format)):
            return self._date(cell, name, row, column, kind, expected)
        if cell.kind == "number":
            how = numfmt.number_problem(cell.style.number_format, cell.value)
            if how is not None:
                self._report(("format", name), "bid/spreadsheet-number-format", row, column, cell=name,
                             value=_plain(cell.value), format=_shown(cell.style.number_format), how=how)
                return None
        return _bid_value(cell.value, kind)

    def _date(self, cell: Cell, name: str, row: int, column: int, kind: str, expected: str) -> Any:
        """A date cell: the submission time as ISO text; anywhere else, a date where none is expected."""
        moment = _moment(cell, self.workbook.date1904)
        time_only = cell.kind == "number" and numfmt.is_time_only(cell.style.number_format)
        if kind == "date" and moment is not None and not time_only:
            return _uk_time(moment[0])
        shown = moment[1] if moment is not None else "a date"
        typed = f" (the number typed is {_plain(cell.value)})" if cell.kind == "number" else ""
        self._report(("date", name), "bid/spreadsheet-date", row, column, cell=name, shown=shown,
                     expected=expected, typed=typed)
        return None


def _uk_time(iso: str) -> str:
    """A date and time typed in a cell, with its UK offset: a spreadsheet holds no time zone, and a
    person filling a UK tender's template types UK time (GMT, or BST in summer). A date alone, or a
    machine without the time zone database, keeps the text as read (validation then asks for a zone)."""
    import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if "T" not in iso:
        return iso
    try:
        zone = ZoneInfo("Europe/London")
    except (ZoneInfoNotFoundError, ValueError):
        return iso
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=zone).isoformat()


_TEMPLATES: dict[int, tuple[BidRules, dict[tuple[str, str], dict[int, str]]]] = {}
HEADER_ROW = "\x00header"
"""The key of a sheet's heading row in `_template_text`."""
BID_HEADERS = ("Field", "Answer", "Notes")


def _template_text(rules: BidRules) -> dict[tuple[str, str], dict[int, str]]:
    """(sheet, code or field name or `HEADER_ROW`) -> column -> the text the tender's template
    shows there, outside the answer cells; read back from the template itself, so that reading
    and writing can never disagree."""
    hit = _TEMPLATES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    from svspec.emit.xlsx import workbook_bytes

    template = Workbook(zipfile.ZipFile(io.BytesIO(workbook_bytes(rules.tender))))
    texts: dict[tuple[str, str], dict[int, str]] = {}
    layouts: list[tuple[str, int, tuple[int, ...], tuple[int, ...]]] = [
        (BID_SHEET, FIELD_COLUMN, (NOTES_COLUMN,), (FIELD_COLUMN, VALUE_COLUMN, NOTES_COLUMN))]
    layouts += [(name, CODE_COLUMN, TEMPLATE_COLUMNS, tuple(range(1, LAST_COLUMN + 1)))
                for name in SECTION_SHEETS.values()]
    every = tuple(range(1, len(LOCAL_HEADERS) + 1))
    layouts.append((LOCAL_SHEET, CODE_COLUMN, tuple(c for c in every if c not in (CODE_COLUMN, DISTRICTS_COLUMN)),
                    every))
    for name, key_column, beside, heading in layouts:
        if name not in template.sheets:
            continue
        sheet = template.sheet(name, LAST_COLUMN)

        def text(row: int, column: int, sheet: Sheet = sheet) -> str:
            return _shown_text(sheet.cells.get((row, column)))

        texts[(name, HEADER_ROW)] = {column: text(1, column) for column in heading}
        for row in _rows(sheet):
            key = _label(sheet.cells.get((row, key_column)))
            if row > 1 and key:
                texts[(name, key.lower() if name == BID_SHEET else key)] = {c: text(row, c) for c in beside}
    if len(_TEMPLATES) > 16:
        _TEMPLATES.clear()
    _TEMPLATES[id(rules)] = (rules, texts)
    return texts


def _shown_text(cell: Cell | None) -> str:
    """What a template cell holds, to compare with the template: its text, or its formula (`=...`)
    when it has one, so a computed column is checked by what it computes, never by the value saved."""
    if cell is None:
        return ""
    if cell.formula is not None:
        return "shared formula" if cell.formula == SHARED_FORMULA else "=" + cell.formula.lstrip("=")
    return " ".join(str(_plain(cell.value) if cell.kind == "number" else cell.value).split())


def _sheet_key(name: str) -> str:
    """A sheet name as a person tells names apart: case, spacing and invisible characters ignored."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc"))


def _rows(sheet: Sheet) -> list[int]:
    return sorted({row for row, _column in sheet.cells} | set(sheet.rows))


def _label(cell: Cell | None) -> str | None:
    if cell is None or cell.kind != "text":
        return None if cell is None or cell.kind != "number" else _plain(cell.value)
    return str(cell.value).strip() or None


def _has_value(cell: Cell | None) -> bool:
    return cell is not None and (cell.formula is not None or cell.kind != "text" or bool(str(cell.value).strip()))


def _font_colour(cell: Cell) -> str:
    """The text colour: the font's, unless the number format paints the value another colour."""
    code = cell.style.number_format
    if cell.kind == "number":
        section = numfmt.section_for(code, cell.value)
    else:
        section = numfmt.text_section(code) or numfmt.parse_section("")
    if section.colour is None:
        return cell.style.font
    if section.colour.startswith("indexed:"):
        from svspec.bids.workbook import indexed

        return indexed(int(section.colour[8:]) + 7, cell.style.font)
    return section.colour


def _typed(kind: str) -> str:
    return {"number": "number", "money": "amount", "date": "date", "yes/no": "Yes or No", "choice": "choice",
            "file": "file name"}.get(kind, "text")


def _moment(cell: Cell, date1904: bool) -> tuple[str, str] | None:
    """A date cell as (ISO text, words a person reads: 'the date 14 January 1900'); None when it is
    not a date on the calendar."""
    import datetime

    if cell.kind == "date":
        try:
            parsed = datetime.datetime.fromisoformat(str(cell.value))
        except ValueError:
            return None
        has_time = "T" in str(cell.value)
        return str(cell.value), _moment_words(parsed, date_part=True, time_part=has_time)
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel  # type: ignore[import-untyped]

    serial = float(cell.value)
    if not 0 <= serial < 2958466:
        return None
    try:
        moment = from_excel(serial, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)
    except (ValueError, OverflowError):
        return None
    if isinstance(moment, datetime.timedelta):
        moment = datetime.datetime(1899, 12, 30) + moment
    if isinstance(moment, datetime.time):
        moment = datetime.datetime.combine(datetime.date(1899, 12, 31), moment)
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time())
    moment = moment.replace(microsecond=0)
    time_only = numfmt.is_time_only(cell.style.number_format)
    if time_only:
        hours, rest = divmod(round(serial * 86400), 3600)
        return moment.isoformat(), f"the time {hours:02d}:{rest // 60:02d}"
    has_time = moment.time() != datetime.time() or "h" in cell.style.number_format.lower()
    iso = moment.isoformat() if has_time else moment.date().isoformat()
    return iso, _moment_words(moment, date_part=True, time_part=has_time)


def _moment_words(moment: Any, *, date_part: bool, time_part: bool) -> str:
    day = f"{moment.day} {moment:%B} {moment.year}"
    if time_part:
        return f"the date and time {day} {moment:%H:%M}"
    return f"the date {day}" if date_part else f"the time {moment:%H:%M}"


def _bid_value(value: Any, kind: str) -> Any:
    """A cell's value in bid data: numbers stay Decimals where numbers are asked; Yes/No become booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return value if kind in ("number", "money") else _plain(value)
    text = str(value)
    if not text.strip():
        return None
    if kind == "yes/no":
        lowered = text.strip().lower()
        if lowered in ("yes", "y", "true"):
            return True
        if lowered in ("no", "n", "false"):
            return False
    return text.strip() if kind in ("choice", "file", "number", "money", "date") else text


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


__all__ = ["cell_name", "check_archive", "column_letter", "read_xlsx"]
