"""A filled return spreadsheet, read back with the same hardened reader as bid spreadsheets.

Layout (written by `svspec.delivery.template.to_xlsx`), one sheet `Return`:

- rows 1 to 5: a field name in column A (contract, supplier, period, submitted, narrative), its
  value in column B;
- then a header row (`measure` in A, `delivered` in E) and one row per figure due: the measure's
  code in A, its title, unit and committed figure in B to D (the contract's words, compared), the
  figure delivered in E and the evidence files in F (one per line, or separated by semicolons).

The archive is checked by `bids.spreadsheet.check_archive` and its cells read by `bids.workbook`;
every cell read goes through the bid reader's checks (`bids.spreadsheet._Reader`): hidden sheets,
rows and columns, merged ranges, formulas, error values, unreadable colours, dates where a number
is expected, invisible characters, duplicates and values without a code, each refused with its
sheet!cell. The result is the same data a YAML return gives, so the same checks follow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

from svspec.bids.document import Document, Place
from svspec.bids.rules import BidRules
from svspec.bids.spreadsheet import _has_value, _label, _plain, _Reader, _shown, read_workbook
from svspec.bids.workbook import Sheet, Workbook, cell_name
from svspec.delivery.contract import Contract
from svspec.diagnostics import Diagnostic, Span, make

SHEET = "Return"
FIELDS = ("contract", "supplier", "period", "submitted", "narrative")
HEADERS = ("measure", "title", "unit", "committed", "delivered", "evidence")
CODE_COLUMN, TITLE_COLUMN, UNIT_COLUMN, COMMITTED_COLUMN, DELIVERED_COLUMN, EVIDENCE_COLUMN = 1, 2, 3, 4, 5, 6
VALUE_COLUMN = 2
_SPLIT = re.compile(r"[\n;]")
_MOMENT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T")


def _start(display: str) -> Span:
    return Span(file=display, line=1, column=1, end_line=1, end_column=1)


def read_return_xlsx(raw: bytes, display: str, contracts: Mapping[str, Contract]) -> tuple[Document | None,
                                                                                          list[Diagnostic]]:
    """The data of a filled return workbook (already read, capped, from a regular file)."""
    return read_workbook(raw, display, lambda workbook: _ReturnReader(workbook, display, contracts).read_return())


def with_cells(document: Document, problems: list[Diagnostic]) -> list[Diagnostic]:
    """Name the cell in each message placed on one (`(at Return!E8)`), as bid messages do."""
    cells = {(p.line, p.column): p.cell for p in document.places.values() if isinstance(p, Place) and p.cell}
    out = []
    for d in problems:
        cell = cells.get((d.span.line, d.span.column)) if d.span is not None else None
        out.append(replace(d, message=f"{d.message} (at {cell})") if cell else d)
    return out


class _ReturnReader(_Reader):
    """The bid reader's cell checks, applied to the one sheet of a return."""

    def __init__(self, workbook: Workbook, display: str, contracts: Mapping[str, Contract]) -> None:
        # The bid rules are only asked for the tender's words beside answers, which a return
        # compares with its contract instead (`_contract_words`).
        super().__init__(workbook, display, cast(BidRules, None))
        self.contracts = contracts

    def _template_cells(self, sheet: Sheet, row: int, key: str) -> None:
        """A return's words beside its figures are compared by `_contract_words`."""

    def read_return(self) -> tuple[Document | None, list[Diagnostic]]:
        sheet = self._only_sheet(SHEET, EVIDENCE_COLUMN, "svspec return-template")
        if isinstance(sheet, list):
            return None, sheet
        data: dict[str, Any] = {}
        header = self._fields(sheet, data)
        if header is None:
            problem = f"sheet '{SHEET}' has no row of headings ({', '.join(HEADERS)}) above the figures"
            return None, [*self.problems, make("bid/spreadsheet-layout", _start(self.display), problem=problem)]
        delivered, evidence = self._figures(sheet, header, data.get("contract"), data.get("period"))
        data["delivered"] = delivered
        if evidence:
            data["evidence"] = evidence
        if self.problems:
            return None, self.problems
        return Document(file=self.display, data=data, places=self.places, key_places={}, text=None,
                        format="xlsx"), []

    def _fields(self, sheet: Sheet, data: dict[str, Any]) -> int | None:
        """The fields above the figures; the row of headings, or None when there is none."""
        first: dict[str, int] = {}
        for row in sorted({r for r, _ in sheet.cells} | set(sheet.rows)):
            label = _label(sheet.cells.get((row, CODE_COLUMN)))
            name = label.lower() if label else None
            if name == HEADERS[0]:
                return row
            if name not in FIELDS:
                value = sheet.cells.get((row, VALUE_COLUMN))
                if _has_value(value) and self._visible_row(sheet, row):
                    self._stray(sheet, row, VALUE_COLUMN, value, "field name (contract, period...)")
                continue
            if name in first:
                self._duplicate(sheet, name, first[name], row)
                continue
            first[name] = row
            self.places[(name,)] = self._place(sheet.name, row, VALUE_COLUMN)
            self._row_seen(sheet, row, name)
            self._label_seen(sheet, row, "field name")
            kind = "date" if name == "submitted" else "text"
            found = self._value(sheet, row, VALUE_COLUMN, kind, f"the {name} should be "
                                + ("a date" if kind == "date" else "text"))
            if kind == "date" and isinstance(found, str) and _MOMENT.match(found):
                found = found[:10]  # a date cell with a time (its UK offset added): the day is what counts
            if found is not None:
                data[name] = found
        return None

    def _figures(self, sheet: Sheet, header: int, contract_name: Any, period: Any
                 ) -> tuple[dict[str, Any], dict[str, list[str]]]:
        for column, heading in enumerate(HEADERS, start=1):
            if _label(sheet.cells.get((header, column))) != heading:
                self._report(("heading", column), "bid/spreadsheet-template-changed", header, column,
                             cell=cell_name(sheet.name, header, column), expected=heading, heading="heading",
                             shown=_shown(_text(sheet, header, column)) or "nothing")
        self.places[("delivered",)] = self._place(sheet.name, header, DELIVERED_COLUMN)
        contract = self.contracts.get(contract_name) if isinstance(contract_name, str) else None
        due = ({c.measure: (c, d) for c, d in contract.due_in(period)}
               if contract is not None and isinstance(period, str) else {})
        delivered: dict[str, Any] = {}
        evidence: dict[str, list[str]] = {}
        first: dict[str, int] = {}
        for row in sorted({r for r, _ in sheet.cells} | set(sheet.rows)):
            if row <= header:
                continue
            code = _label(sheet.cells.get((row, CODE_COLUMN)))
            if not code:
                for column in (DELIVERED_COLUMN, EVIDENCE_COLUMN):
                    value = sheet.cells.get((row, column))
                    if _has_value(value) and self._visible_row(sheet, row):
                        self._stray(sheet, row, column, value, "measure code")
                continue
            if code in first:
                self._duplicate(sheet, code, first[code], row)
                continue
            first[code] = row
            self.places[("delivered", code)] = self._place(sheet.name, row, DELIVERED_COLUMN)
            self.places[("evidence", code)] = self._place(sheet.name, row, EVIDENCE_COLUMN)
            self._row_seen(sheet, row, code)
            self._label_seen(sheet, row, "measure code")
            if code in due:
                self._contract_words(sheet, row, *due[code])
            value = self._value(sheet, row, DELIVERED_COLUMN, "number", f"{code} expects a number")
            if value is not None:
                delivered[code] = value
            listed = self._value(sheet, row, EVIDENCE_COLUMN, "text", "evidence files are named in text")
            documents = [d.strip() for d in _SPLIT.split(str(listed or "")) if d.strip()]
            if documents:
                evidence[code] = documents
        return delivered, evidence

    def _contract_words(self, sheet: Sheet, row: int, commitment: Any, due: Any) -> None:
        """The title, unit and committed figure beside a figure are the contract's: a figure read
        against a changed unit ('hours' for 'FTE') is not the figure the council asked for."""
        expected = {TITLE_COLUMN: commitment.title, UNIT_COLUMN: commitment.unit or "",
                    COMMITTED_COLUMN: _plain(due.committed)}
        for column, text in expected.items():
            shown = _text(sheet, row, column)
            if " ".join(shown.split()) != " ".join(str(text).split()):
                self._report(("text", row, column), "bid/spreadsheet-template-changed", row, column,
                             cell=cell_name(sheet.name, row, column), shown=_shown(shown) or "nothing",
                             expected=_shown(str(text)) or "nothing", heading=HEADERS[column - 1])


def _text(sheet: Sheet, row: int, column: int) -> str:
    cell = sheet.cells.get((row, column))
    if cell is None:
        return ""
    return _plain(cell.value) if cell.kind == "number" else str(cell.value)
