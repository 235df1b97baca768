"""Blank returns to fill in: YAML (with comments saying what each figure is), JSON, or a spreadsheet."""

from __future__ import annotations

import io
import json
from datetime import date

from svspec import words
from svspec.delivery.contract import Commitment, Contract, Due
from svspec.plaintext import spreadsheet_text, yaml_comment, yaml_key


def _describe(c: Commitment, d: Due) -> str:
    unit = f" in {c.unit}" if c.unit else ""
    kind = "held during the quarter" if c.figure == "level" else "delivered in the period"
    kpi = ", a KPI" if c.kpi else ""
    return f"{c.title}{unit}: {kind}; committed {words.quantity(d.committed, c.unit)}{kpi}"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def to_yaml(contract: Contract, period: str, today: date) -> str:
    """A return for `period` with every figure due set to 0 and a comment saying what it is."""
    due = contract.due_in(period)
    lines = [f"# {yaml_comment(f'Delivery return for contract {contract.name}: {contract.title}')}",
             f"# {yaml_comment(f'Send it by {due[0][1].due.isoformat()}.')}" if due else "# Nothing is due.",
             f"contract: {_quote(contract.name)}", f"supplier: {_quote(contract.supplier)}", f"period: {period}",
             f"submitted: {today.isoformat()}  # change this to the day you send the return", "delivered:"]
    for c, d in due:
        lines.append(f"  # {yaml_comment(_describe(c, d))}")
        lines.append(f"  {yaml_key(c.measure)}: 0")
    lines += ["evidence:"] + [f"  {yaml_key(c.measure)}: []" for c, _ in due] if due else ["evidence: {}"]
    lines.append('narrative: ""')
    return "\n".join(lines) + "\n"


def to_json(contract: Contract, period: str, today: date) -> str:
    """The same return as JSON (no comments: each figure's meaning is in the YAML and the spreadsheet)."""
    due = contract.due_in(period)
    data = {"contract": contract.name, "supplier": contract.supplier, "period": period, "submitted": today.isoformat(),
            "delivered": {c.measure: 0 for c, _ in due}, "evidence": {c.measure: [] for c, _ in due},
            "narrative": ""}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_xlsx(contract: Contract, period: str) -> bytes:
    """The same return as a workbook (layout in `delivery.spreadsheet`): the fields, then one row
    per figure due, with what was committed; `svspec monitor import` reads it back."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from svspec.delivery.spreadsheet import FIELDS, HEADERS, SHEET

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    values = {"contract": spreadsheet_text(contract.name), "supplier": spreadsheet_text(contract.supplier),
              "period": period, "submitted": None, "narrative": None}
    for name in FIELDS:
        sheet.append([name, values[name]])
    sheet.append([])
    sheet.append(list(HEADERS))
    for c, d in contract.due_in(period):
        sheet.append([c.measure, spreadsheet_text(c.title), c.unit or "", float(d.committed), None, None])
    for column, width in zip("ABCDEF", (12, 40, 10, 12, 12, 30), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
