"""Where things are in the spreadsheet template: its sheets, its columns and its Bid fields.

Written by `svspec.emit.xlsx` and read back by `svspec.bids.spreadsheet`, so the layout is said
once, here, and neither module imports the other's internals for it.
"""

from __future__ import annotations

BID_SHEET = "Bid"
LISTS_SHEET = "Lists"
SECTION_SHEETS = {"quality": "Quality", "social_value": "Social value"}
HEADERS = ("Code", "Title", "Answer", "Evidence documents", "Words", "£ value", "Points", "Unit", "Answer type",
           "Limits", "Guidance", "Evidence due with the bid", "How it is scored")
CODE_COLUMN, TITLE_COLUMN, ANSWER_COLUMN, EVIDENCE_COLUMN = 1, 2, 3, 4
WORDS_COLUMN, POUNDS_COLUMN, POINTS_COLUMN = 5, 6, 7
"""Computed by the workbook itself (formulas the template writes): the answer's words, the £ value
and the points of a commitment. The reader checks them as template cells and never reads their values."""
COMPUTED_COLUMNS = (WORDS_COLUMN, POUNDS_COLUMN, POINTS_COLUMN)
LAST_COLUMN = len(HEADERS)
TEMPLATE_COLUMNS = tuple(c for c in range(1, LAST_COLUMN + 1) if c not in (CODE_COLUMN, ANSWER_COLUMN, EVIDENCE_COLUMN))
"""The columns beside each answer that must show the tender's text (or formula) as the template wrote it."""
BID_FIELDS = ("tender", "bidder", "submitted", "price")
LOCAL_SHEET = "Local areas"
"""One row per `local only` measure (issue 9 item 12): the postcode districts its results come from
(the bid's `local:`), or, for a measure counted within a named boundary, what the supplier must say."""
LOCAL_HEADERS = ("Code", "Title", "Postcode districts", "Local area", "What to write")
DISTRICTS_COLUMN = 3
FIELD_COLUMN, VALUE_COLUMN, NOTES_COLUMN = 1, 2, 3


PART_SEPARATOR = " / "
"""Between a composite answer's code and a part's name in column A (`ECC48 / cash`): a code never
holds spaces, so the row cannot be taken for another measure's."""


def part_row_code(code: str, part: str) -> str:
    """The column A label of the row holding one figure of a composite answer."""
    return f"{code}{PART_SEPARATOR}{part}"


def column_letter(column: int) -> str:
    """Spreadsheet column letters: 1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
