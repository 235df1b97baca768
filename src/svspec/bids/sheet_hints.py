"""Hints in a spreadsheet's words: a bid filled in the .xlsx template is fixed by typing in a cell,
so its hints name the cell (`'Social value'!C6`), never YAML syntax (`evidence: {CODE: [...]}`).

Only the hints that speak of YAML or JSON are given again here; every other hint already reads
the same for a spreadsheet. `{cell}` is the cell of the answer the diagnostic is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SHEET_HINTS: Mapping[str, str] = {
    "bid/missing-answer": "type the answer in {cell}; give 0 or No when you commit nothing",
    "bid/missing-evidence": "type the names of the documents you send in {cell}, one per line",
    "bid/bad-date": "type the date in {cell} as 2027-01-10, or the date and time as 2027-01-10 12:00 (UK time)",
    "bid/number-as-text": "type {number} in {cell} as a number: digits only, in a cell formatted as General or "
                          "Number, not Text",
    "bid/number-with-unit": "type {number} in {cell}: the unit is fixed and shown in the Unit column",
    "bid/number-too-large": "type the number in full in {cell}, without an exponent",
    "bid/attachment-not-listed": "type {document} in {evidence_cell}, the Evidence documents cell of the row",
}


def sheet_hint(code: str, cell: str | None, params: Mapping[str, Any]) -> str | None:
    """The spreadsheet wording of `code`'s hint, or None when the registry's hint reads well as it is."""
    template = SHEET_HINTS.get(code)
    if template is None:
        return None
    try:
        return template.format(cell=cell or "its cell", evidence_cell=_evidence_cell(cell), **params)
    except (KeyError, IndexError, ValueError):
        return None


def _evidence_cell(cell: str | None) -> str:
    """The Evidence documents cell on the row of an answer cell: 'Quality!C2' -> 'Quality!D2'."""
    from svspec.bids.layout import ANSWER_COLUMN, EVIDENCE_COLUMN, column_letter

    answer = column_letter(ANSWER_COLUMN)
    if cell is None or "!" not in cell or not cell.rsplit("!", 1)[1].startswith(answer):
        return "the Evidence documents cell"
    sheet, name = cell.rsplit("!", 1)
    return f"{sheet}!{column_letter(EVIDENCE_COLUMN)}{name[len(answer):]}"
