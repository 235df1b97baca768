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
    "bid/outside-local-area": "type in {cell} only districts its Local area column lists, written as there and "
                              "separated by semicolons",
    "bid/not-local-only": "leave {cell} empty: only a measure whose Local area column lists postcode districts "
                          "takes them",
    "bid/district-listed-twice": "type {found} once in {cell}",
    "bid/attachment-not-listed": "type {document} in {evidence_cell}, the Evidence documents cell of the row",
}

SUGGESTED_HINTS: Mapping[str, str] = {
    "bid/outside-local-area": "did you mean {suggested}? type it in {cell} as its Local area column writes it",
}
"""The hint when svspec has a did-you-mean for the value typed: the suggestion, then where to type it."""


def sheet_hint(code: str, cell: str | None, params: Mapping[str, Any],
               suggestions: tuple[str, ...] = ()) -> str | None:
    """The spreadsheet wording of `code`'s hint, or None when the registry's hint reads well as it is."""
    template = SHEET_HINTS.get(code)
    if suggestions and code in SUGGESTED_HINTS:
        template = SUGGESTED_HINTS[code]
        params = {**params, "suggested": " or ".join(f"'{s}'" for s in suggestions)}
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
