"""The marks spreadsheet: written by `svspec marks-template`, read back by `svspec score --marks`.

It lives beside the bid spreadsheets, not in `svspec.scoring`: it reads with their reader, which
imports the scoring of the bid template, so scoring must never import it (`load_marks_file` is
the one entry, for the commands).

Layout, one sheet `Marks`:

- above the marks, a field name in column A and its value in B: `tender` (the tender's name),
  `moderation` (shown only: the tender decides), and one `excluded` row per bid the buyer
  excludes, the bidder in B and the reason in C (blank rows are ignored; add more as needed);
- a row of headings (`bidder` in A), then one row per bidder x marked item x evaluator: the
  bidder (A), the item's code (B), which mark (C: `mark`, or `credibility` for a credibility
  discount), the evaluator (D, or `consensus` for the agreed mark under consensus moderation),
  the scale's levels (E, shown only), the mark (F, a drop-down of the levels), the reason (G), and
  an adjusted mark with its reason (H, I).

The archive is checked by `bids.spreadsheet.check_archive` and every cell read through the bid
reader's checks (`bids.spreadsheet._Reader`): hidden sheets, rows and columns, merged ranges,
formulas, error values, unreadable colours, dates where a mark is expected, invisible characters
and a row given twice, each refused with its sheet!cell. The cells become the same data a YAML
marks file gives, so `scoring.marks.check_marks` checks them exactly as it checks YAML, and its
messages name the cell.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from svspec import model
from svspec.bids.rules import BidRules
from svspec.bids.spreadsheet import _has_value, _label, _plain, _Reader, _shown, _words, check_archive
from svspec.bids.workbook import Sheet, Workbook, WorkbookError, cell_name
from svspec.diagnostics import Diagnostic, Span, make
from svspec.plaintext import _FORMULA_START, spreadsheet_text
from svspec.reader import Document, Place, Pointer

if TYPE_CHECKING:
    from svspec.scoring.marks import Marks

SHEET = "Marks"
FIELDS = ("tender", "moderation", "excluded")
HEADERS = ("bidder", "item", "which mark", "evaluator", "scale", "mark", "reason", "adjusted", "adjusted reason")
(BIDDER_COLUMN, ITEM_COLUMN, USE_COLUMN, EVALUATOR_COLUMN, SCALE_COLUMN, MARK_COLUMN, REASON_COLUMN,
 ADJUSTED_COLUMN, ADJUSTED_REASON_COLUMN) = range(1, 10)
CONSENSUS = "consensus"
USES = ("mark", "credibility")


def _start(display: str) -> Span:
    return Span(file=display, line=1, column=1, end_line=1, end_column=1)


# -------------------------------------------------------------------------------- writing

def levels_text(scale: model.Scale) -> str:
    """The levels as typed in the mark cell (a percentage scale's 75 is 75%), best first."""
    return ", ".join(_plain(level.value) for level in scale.levels)


def to_xlsx(tender: model.Tender, bidders: Sequence[str], evaluators: Sequence[str],
            attached: Mapping[tuple[str, str], str] | None = None) -> bytes:
    """A marks spreadsheet for `bidders` and `evaluators`: every mark the tender needs, blank.

    `attached` names, by (bidder, code), the document a bidder attached as the answer (issue 13 item
    8): it is shown under the scale, so the evaluator knows which document to read and mark."""
    from openpyxl import Workbook as Book  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    from svspec.scoring.marks import marked_uses

    book = Book()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(["tender", spreadsheet_text(tender.name)])
    sheet.append(["moderation", tender.moderation])
    for _ in bidders:
        sheet.append(["excluded", None, None])
    sheet.append([])
    sheet.append(list(HEADERS))
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    validations: dict[str, Any] = {}
    uses = marked_uses(tender)
    who = [*evaluators, CONSENSUS] if tender.moderation == "consensus" else list(evaluators)
    for bidder in bidders:
        for (code, use), scale in uses.items():
            shown = f"{scale.name}{' (percent)' if scale.percent else ''}: {levels_text(scale)}"
            document = (attached or {}).get((bidder, code))
            if document is not None:
                shown += f"\nAnswer: the attached document '{document}'"
            for evaluator in who:
                sheet.append([spreadsheet_text(bidder), code, use, spreadsheet_text(evaluator),
                              spreadsheet_text(shown), None, None, None, None])
                row = sheet.max_row
                listed = f'"{",".join(_plain(level.value) for level in scale.levels)}"'
                if len(listed) <= 255:
                    found = validations.get(scale.name)
                    if found is None:
                        found = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=True,
                                               errorTitle="Not a level of the scale",
                                               error=f"A mark is a level of scale {scale.name}: "
                                                     f"{levels_text(scale)}"[:250])
                        validations[scale.name] = found
                        sheet.add_data_validation(found)
                    found.add(f"F{row}")
                    if evaluator != CONSENSUS:
                        found.add(f"H{row}")
    for column, width in zip("ABCDEFGHI", (28, 10, 12, 14, 30, 8, 50, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=header + 1):
        for cell in (row[REASON_COLUMN - 1], row[ADJUSTED_REASON_COLUMN - 1]):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -------------------------------------------------------------------------------- reading

def load_marks_file(path: str | os.PathLike[str], tender: model.Tender, bidders: Iterable[str],
                    display: str | None = None) -> tuple[Marks | None, list[Diagnostic], str]:
    """A marks file of any form: the spreadsheet of `svspec marks-template` (.xlsx), else YAML or
    JSON (`scoring.marks.load_marks`). Returns (marks or None on any error, diagnostics, text)."""
    from svspec.scoring.marks import load_marks

    if Path(path).suffix.lower() == ".xlsx":
        return _load_xlsx(path, tender, bidders, display or str(path))
    return load_marks(path, tender, bidders, display=display)


def _load_xlsx(path: str | os.PathLike[str], tender: model.Tender, bidders: Iterable[str],
               display: str) -> tuple[Marks | None, list[Diagnostic], str]:
    """A marks spreadsheet (`svspec marks-template`): its cells read as bid spreadsheets are, then
    checked exactly as a YAML marks file is, each message naming its cell."""
    import hashlib
    from dataclasses import replace

    from svspec.delivery.spreadsheet import with_cells
    from svspec.reader import MARKS, read_bytes
    from svspec.scoring.marks import _nodes, check_marks, marked_uses

    raw, problems = read_bytes(path, display, MARKS)
    if raw is None:
        return None, problems, ""
    uses: dict[str, frozenset[str]] = {}
    for code, use in marked_uses(tender):
        uses[code] = uses.get(code, frozenset()) | {use}
    document, problems = read_marks_xlsx(raw, display, uses)
    if document is None:
        return None, problems, ""
    marks, found = check_marks(_nodes(document, document.data, ()), "", display, tender, bidders)
    # Evaluators and excluded bidders are placed by their key's cell: name those cells too.
    located = replace(document, places={**document.key_places, **document.places})
    found = with_cells(located, found)
    if marks is not None:
        marks = replace(marks, sha256=hashlib.sha256(raw).hexdigest())
    return marks, found, ""



def read_marks_xlsx(raw: bytes, display: str, uses: Mapping[str, frozenset[str]]
                    ) -> tuple[Document | None, list[Diagnostic]]:
    """The data of a filled marks workbook (already read, capped, from a regular file), shaped as a
    YAML marks file, with each value's cell. `uses` gives the marks each item takes ("mark",
    "credibility" or both): a second mark goes under `credibility:`, as in YAML."""
    start = _start(display)
    problems = check_archive(raw, display)
    if problems:
        return None, problems
    try:
        workbook = Workbook(zipfile.ZipFile(io.BytesIO(raw)))
        return _MarksReader(workbook, display, uses).read_marks()
    except WorkbookError as error:
        code = "bid/unsafe-spreadsheet" if error.unsafe else "bid/not-a-spreadsheet"
        return None, [make(code, start, path=display, reason=_shown(error.reason, 200))]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, RecursionError) as error:
        return None, [make("bid/not-a-spreadsheet", start, path=display, reason=f"damaged archive: {_words(error)}")]


def _as_written(text: str) -> str:
    """A name as the bid gives it: the `'` svspec puts before a leading formula character is not part of it."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:].lstrip()[:1] in _FORMULA_START else text


class _MarksReader(_Reader):
    """The bid reader's cell checks, applied to the one sheet of a marks workbook."""

    def __init__(self, workbook: Workbook, display: str, uses: Mapping[str, frozenset[str]]) -> None:
        # The bid rules are only asked for the tender's words beside answers; the words beside
        # marks (the scale's levels) are shown, never read.
        super().__init__(workbook, display, cast(BidRules, None))
        self.key_places: dict[Pointer, Place] = {}
        self.uses = uses

    def _template_cells(self, sheet: Sheet, row: int, key: str) -> None:
        """Nothing beside a mark is read: the levels shown are the tender's, whatever the cell says."""

    def read_marks(self) -> tuple[Document | None, list[Diagnostic]]:
        sheet = self._only_sheet(SHEET, ADJUSTED_REASON_COLUMN, "svspec marks-template")
        if isinstance(sheet, list):
            return None, sheet
        data: dict[str, Any] = {}
        header = self._fields(sheet, data)
        if header is None:
            problem = f"sheet '{SHEET}' has no row of headings ({', '.join(HEADERS)}) above the marks"
            return None, [*self.problems, make("bid/spreadsheet-layout", _start(self.display), problem=problem)]
        data["marks"] = self._marks(sheet, header)
        if self.problems:
            return None, self.problems
        return Document(file=self.display, data=data, places=self.places, key_places=self.key_places, text=None,
                        format="xlsx"), []

    def _text_at(self, sheet: Sheet, row: int, column: int, expected: str) -> str | None:
        value = self._value(sheet, row, column, "text", expected)
        if value is None:
            return None
        text = _as_written(str(value)).strip()
        return text or None

    def _fields(self, sheet: Sheet, data: dict[str, Any]) -> int | None:
        """The fields above the marks; the row of headings, or None when there is none."""
        first: dict[str, int] = {}
        excluded: dict[str, Any] = {}
        for row in sorted({r for r, _ in sheet.cells} | set(sheet.rows)):
            label = _label(sheet.cells.get((row, BIDDER_COLUMN)))
            name = label.lower() if label else None
            if name == HEADERS[0]:
                if excluded:
                    data["excluded"] = excluded
                return row
            if name not in FIELDS:
                for column in (2, 3):
                    value = sheet.cells.get((row, column))
                    if _has_value(value) and self._visible_row(sheet, row):
                        self._stray(sheet, row, column, value, "field name (tender, excluded)")
                continue
            self._row_seen(sheet, row, name)
            self._label_seen(sheet, row, "field name")
            if name == "excluded":
                self._exclusion(sheet, row, excluded)
                continue
            if name in first:
                self._duplicate(sheet, name, first[name], row)
                continue
            first[name] = row
            text = self._text_at(sheet, row, 2, f"the {name} should be text")
            if name == "tender" and text is not None:
                self.places[("tender",)] = self._place(sheet.name, row, 2)
                data["tender"] = text
        return None

    def _exclusion(self, sheet: Sheet, row: int, excluded: dict[str, Any]) -> None:
        """One `excluded` row: the bidder (B) and the reason (C); a blank row is no exclusion."""
        bidder = self._text_at(sheet, row, 2, "the bidder excluded, as their bid names them")
        reason = self._text_at(sheet, row, 3, "the reason the bid is excluded, as text")
        if bidder is None:
            if reason is not None:
                self._stray(sheet, row, 3, sheet.cells.get((row, 3)), "bidder excluded (column B)")
            return
        if bidder in excluded:
            first = self.key_places[("excluded", bidder)]
            self._duplicate(sheet, bidder, first.line, row)
            return
        excluded[bidder] = reason
        self.key_places[("excluded", bidder)] = self._place(sheet.name, row, 2)
        self.places[("excluded", bidder)] = self._place(sheet.name, row, 3)

    def _marks(self, sheet: Sheet, header: int) -> list[dict[str, Any]]:
        """The rows below the headings, grouped into one entry per bidder and item, as in YAML."""
        for column, heading in enumerate(HEADERS, start=1):
            if _label(sheet.cells.get((header, column))) != heading:
                cell = sheet.cells.get((header, column))
                self._report(("heading", column), "bid/spreadsheet-template-changed", header, column,
                             cell=cell_name(sheet.name, header, column), expected=heading, heading="heading",
                             shown=_shown(str(cell.value)) if cell is not None else "nothing")
        self.places[("marks",)] = self._place(sheet.name, header, BIDDER_COLUMN)
        entries: dict[tuple[str, str], dict[str, Any]] = {}
        first: dict[tuple[str, str, str, str], int] = {}
        for row in sorted({r for r, _ in sheet.cells} | set(sheet.rows)):
            if row <= header:
                continue
            self._row(sheet, row, entries, first)
        # An entry with no cell filled is left out, as in YAML (then reported as a missing mark):
        # the places of the entries kept move to their new positions in the list.
        kept = [i for i, entry in enumerate(entries.values()) if entry.pop("\x00filled", False)]
        moved = {old: new for new, old in enumerate(kept)}
        for places in (self.places, self.key_places):
            taken = [(p, places.pop(p)) for p in [p for p in places if len(p) > 1 and p[0] == "marks"]]
            for pointer, place in taken:
                if pointer[1] in moved:
                    places[("marks", moved[pointer[1]], *pointer[2:])] = place
        values = list(entries.values())
        return [values[i] for i in kept]

    def _row(self, sheet: Sheet, row: int, entries: dict[tuple[str, str], dict[str, Any]],
             first: dict[tuple[str, str, str, str], int]) -> None:
        """One mark: put in its entry (`evaluators:`, `consensus:`, or both under `credibility:`)."""
        keys = [_label(sheet.cells.get((row, c))) for c in (BIDDER_COLUMN, ITEM_COLUMN, USE_COLUMN, EVALUATOR_COLUMN)]
        filled = [c for c in (MARK_COLUMN, REASON_COLUMN, ADJUSTED_COLUMN, ADJUSTED_REASON_COLUMN)
                  if _has_value(sheet.cells.get((row, c)))]
        if not all(keys):
            for column in filled:
                if self._visible_row(sheet, row):
                    self._stray(sheet, row, column, sheet.cells.get((row, column)), "bidder, item, mark and evaluator")
            return
        bidder, item, use, evaluator = (_as_written(str(k)) for k in keys)
        use = use.lower()
        key = (bidder, item, use, evaluator)
        if key in first:
            self._duplicate(sheet, f"{bidder} / {item} / {use} / {evaluator}", first[key], row)
            return
        first[key] = row
        self._row_seen(sheet, row, bidder)
        self._label_seen(sheet, row, "bidder")
        for column in (ITEM_COLUMN, USE_COLUMN, EVALUATOR_COLUMN):
            self._text_at(sheet, row, column, "text")
        if use not in self.uses.get(item, USES):
            self._report(("use", row), "bid/spreadsheet-template-changed", row, USE_COLUMN,
                         cell=cell_name(sheet.name, row, USE_COLUMN),
                         expected=" or ".join(sorted(self.uses.get(item, USES))),
                         heading=HEADERS[USE_COLUMN - 1], shown=_shown(use))
            return
        entry = entries.setdefault((bidder, item), {"bidder": bidder, "item": item})
        base: Pointer = ("marks", list(entries).index((bidder, item)))
        if base not in self.places:
            self.places[base] = self._place(sheet.name, row, BIDDER_COLUMN)
            self.places[(*base, "bidder")] = self._place(sheet.name, row, BIDDER_COLUMN)
            self.places[(*base, "item")] = self._place(sheet.name, row, ITEM_COLUMN)
        holder, at = entry, base
        if use == "credibility" and len(self.uses.get(item, ())) == 2:
            holder = entry.setdefault("credibility", {})
            at = (*base, "credibility")
            self.places.setdefault(at, self._place(sheet.name, row, USE_COLUMN))
            self.key_places.setdefault(at, self._place(sheet.name, row, USE_COLUMN))
        if not filled:
            return
        entry["\x00filled"] = True
        mark = self._mark(sheet, row, MARK_COLUMN)
        given: dict[str, Any] = {"mark": mark}
        reason = self._text_at(sheet, row, REASON_COLUMN, "a reason is text")
        if reason is not None:
            given["reason"] = reason
        if evaluator.lower() == CONSENSUS:
            for column in (ADJUSTED_COLUMN, ADJUSTED_REASON_COLUMN):
                if column in filled:
                    self._stray(sheet, row, column, sheet.cells.get((row, column)), "evaluator (a consensus is "
                                "not adjusted)")
            holder["consensus"] = given
            where: Pointer = (*at, "consensus")
        else:
            if ADJUSTED_COLUMN in filled:
                given["adjusted"] = self._mark(sheet, row, ADJUSTED_COLUMN)
                self.places[(*at, "evaluators", evaluator, "adjusted")] = self._place(sheet.name, row,
                                                                                      ADJUSTED_COLUMN)
            adjusted_reason = self._text_at(sheet, row, ADJUSTED_REASON_COLUMN, "a reason is text")
            if adjusted_reason is not None:
                given["adjusted_reason"] = adjusted_reason
            holder.setdefault("evaluators", {})[evaluator] = given
            self.places.setdefault((*at, "evaluators"), self._place(sheet.name, row, EVALUATOR_COLUMN))
            where = (*at, "evaluators", evaluator)
            self.key_places[where] = self._place(sheet.name, row, EVALUATOR_COLUMN)
        self.places[where] = self._place(sheet.name, row, MARK_COLUMN)
        self.places[(*where, "mark")] = self._place(sheet.name, row, MARK_COLUMN)
        self.places[(*where, "reason")] = self._place(sheet.name, row, REASON_COLUMN)

    def _mark(self, sheet: Sheet, row: int, column: int) -> Any:
        """A mark as the YAML reader gives it: a Decimal, text, or None when the cell is blank (refused
        by the marks check, with the cell, as a mark that is not a number)."""
        # A cell formatted as a percentage (75% shown, 0.75 held) is refused as in bids, with a hint:
        # a percentage scale's marks are typed as their levels, 75 for 75%.
        value = self._value(sheet, row, column, "number", "a mark is a number on the item's scale")
        if isinstance(value, str):
            return value.strip()
        return value
