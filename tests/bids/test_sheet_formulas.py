"""The bid spreadsheet computes its own words, £ values and points (issue 13, item 8), and they are
the engine's: each example bid is filled into its tender's template and the template's formulas
are evaluated by a small evaluator below (the handful of functions the template uses, with
spreadsheet semantics) and, where LibreOffice is installed, by LibreOffice Calc itself.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import svspec
from svspec import model
from svspec.bids.layout import ANSWER_COLUMN, EVIDENCE_COLUMN, POINTS_COLUMN, POUNDS_COLUMN, WORDS_COLUMN
from svspec.bids.model import Bid
from svspec.bids.read import load_bid
from svspec.emit.xlsx import TOTAL_LABEL, workbook_bytes
from svspec.emit.xlsx_formulas import AGAINST_OTHERS, BY_EVALUATORS, plan_for
from svspec.scoring import core
from svspec.scoring.engine import to_input
from tests.bids.conftest import BIDS, tender_for

EXAMPLES = sorted(p for p in BIDS.iterdir() if p.suffix in (".yaml", ".json") and "invalid" not in p.name)


# ------------------------------------------------------------------ a small formula evaluator

_TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d+)?(?:E[+-]?\d+)?)|(?P<str>"[^"]*")|(?P<range>[A-Z]+\d+:[A-Z]+\d+)'
                    r'|(?P<ref>[A-Z]+\d+)(?![A-Z(])|(?P<fn>[A-Z]+)\(|(?P<op><>|>=|<=|[-+*/=<>(),]))')


class Formula:
    """Evaluates one formula of the template over a sheet's values (numbers exact, as Fractions)."""

    def __init__(self, text: str, cells: dict[str, Any]) -> None:
        self.tokens: list[tuple[str, str]] = []
        rest = text.lstrip("=")
        while rest:
            found = _TOKEN.match(rest)
            assert found is not None and found.end() > 0, f"the evaluator does not know {rest[:20]!r}"
            kind = found.lastgroup or ""
            self.tokens.append((kind, found.group(kind)))
            rest = rest[found.end():]
        self.at, self.cells = 0, cells

    def value(self) -> Any:
        result = self._compare()
        assert self.at == len(self.tokens)
        return result

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def _take(self) -> tuple[str, str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def _compare(self) -> Any:
        left = self._sum()
        while self._peek()[1] in ("=", "<>", ">=", "<=", ">", "<"):
            op = self._take()[1]
            right = self._sum()
            if isinstance(left, str) or isinstance(right, str):
                a, b = str(_text(left)).lower(), str(_text(right)).lower()
            else:
                a, b = _num(left), _num(right)
            left = {"=": a == b, "<>": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]  # type: ignore[operator]
        return left

    def _sum(self) -> Any:
        left = self._product()
        while self._peek()[1] in ("+", "-"):
            op = self._take()[1]
            right = self._product()
            left = _num(left) + _num(right) if op == "+" else _num(left) - _num(right)
        return left

    def _product(self) -> Any:
        left = self._unary()
        while self._peek()[1] in ("*", "/"):
            op = self._take()[1]
            right = self._unary()
            left = _num(left) * _num(right) if op == "*" else _num(left) / _num(right)
        return left

    def _unary(self) -> Any:
        if self._peek()[1] == "-":
            self._take()
            return -_num(self._unary())
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if kind == "num":
            return Fraction(Decimal(text))
        if kind == "str":
            return text[1:-1]
        if kind == "ref":
            return self.cells.get(text)
        if kind == "range":
            first, last = text.split(":")
            column, start, end = first.rstrip("0123456789"), int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), \
                int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            return [self.cells.get(f"{column}{row}") for row in range(start, end + 1)]
        if kind == "op" and text == "(":
            inner = self._compare()
            assert self._take()[1] == ")"
            return inner
        assert kind == "fn", (kind, text)
        args = []
        while self._peek()[1] != ")":
            args.append(self._compare())
            if self._peek()[1] == ",":
                self._take()
        self._take()
        return _FUNCTIONS[text](*args)


def _num(value: Any) -> Fraction:
    if value is None or value == "":
        return Fraction(0)
    if isinstance(value, bool):
        return Fraction(int(value))
    assert isinstance(value, Fraction), f"not a number: {value!r}"
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    return str(value)


def _sum(*args: Any) -> Fraction:
    values = [v for a in args for v in (a if isinstance(a, list) else [a])]
    return sum((v for v in values if isinstance(v, Fraction)), Fraction(0))


_FUNCTIONS: dict[str, Any] = {
    "IF": lambda test, yes, no=False: yes if test else no,
    "MIN": lambda *a: min(_num(x) for x in a),
    "MAX": lambda *a: max(_num(x) for x in a),
    "LEN": lambda s: Fraction(len(_text(s))),
    "TRIM": lambda s: " ".join(t for t in _text(s).split(" ") if t),
    "SUBSTITUTE": lambda s, old, new: _text(s).replace(_text(old), _text(new)),
    "CHAR": lambda n: chr(int(_num(n))),
    "ISNUMBER": lambda v: isinstance(v, Fraction),
    "SUM": _sum,
}


def test_the_evaluator_follows_spreadsheet_rules() -> None:
    cells = {"C2": "  two\nwords  ", "C3": Fraction(5)}
    assert Formula('=IF(C2="",0,LEN(TRIM(C2)))', cells).value() == 9
    assert Formula('=TRIM(SUBSTITUTE(C2,CHAR(10)," "))', cells).value() == "two words"
    assert Formula("=MAX(0,MIN(1,(C3-1)/8))*4", cells).value() == Fraction(2)
    assert Formula('=IF(ISNUMBER(C4),C4,0)+SUM(C3:C4)', cells).value() == 5


# ------------------------------------------------------------------ filling and evaluating

def _tender(bid: Path) -> model.Tender:
    result = svspec.load(tender_for(bid))
    assert result.ok and isinstance(result.model, model.Tender)
    return result.model


def _filled(tender: model.Tender, bid: Bid) -> openpyxl.Workbook:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tender)))
    answers = {**bid.quality, **bid.social_value}
    for name in ("Quality", "Social value"):
        if name not in wb.sheetnames:
            continue
        for row in range(2, wb[name].max_row + 1):
            code = wb[name].cell(row=row, column=1).value
            value = answers.get(code)
            if isinstance(value, bool):
                value = "Yes" if value else "No"
            wb[name].cell(row=row, column=ANSWER_COLUMN).value = float(value) if isinstance(value, Decimal) else value
            if code in bid.evidence:
                wb[name].cell(row=row, column=EVIDENCE_COLUMN).value = "\n".join(bid.evidence[code])
    return wb


def _computed(sheet: Any) -> dict[str, Any]:
    """Every cell of the sheet, formulas evaluated in row order (totals come last)."""
    cells: dict[str, Any] = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            cells[cell.coordinate] = Fraction(Decimal(repr(value))) if isinstance(value, (int, float)) \
                and not isinstance(value, bool) else value
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cells[cell.coordinate] = Formula(cell.value, cells).value()
    return cells


def _engine(tender: model.Tender, bid: Bid) -> dict[str, dict[str, Any]]:
    """Per code, what the engine makes of this bid: words, £ value, points (absolute rules only)."""
    plan = plan_for(tender)
    given = to_input(bid, None)
    out: dict[str, dict[str, Any]] = {}
    for criterion in plan.criteria:
        for item in criterion.items:
            answer = given.answers.get(item.code)
            found: dict[str, Any] = {}
            if isinstance(answer, str):
                found["words"] = core.count_words(answer)
            if core.valued(item):
                quantity = Fraction(answer) if isinstance(answer, Decimal) and answer > 0 else Fraction(0)
                found["value"] = core.commitment_value(item, quantity)
            absolute = item.rule.kind in ("linear", "bands", "yes-no", "value-per-pound") and not item.total \
                and item.rule.credibility_scale is None
            if absolute:
                fraction = core.item_column(plan, item, [given], [True]).fraction(0)
                found["points"] = 100 * criterion.weight * item.weight * fraction
            out[item.code] = found
    return out


def _compare(tender: model.Tender, bid: Bid, sheets: dict[str, dict[str, Any]], name: str) -> int:
    """Check each row's computed cells against the engine; the number of figures compared."""
    engine = _engine(tender, bid)
    compared = 0
    for cells in sheets.values():
        rows = [int(ref[1:]) for ref, code in cells.items() if ref[0] == "A" and ref != "A1" and code]
        for row in rows:
            code = cells[f"A{row}"]
            expected = engine.get(code, {})
            for key, column in (("words", "E"), ("value", "F"), ("points", "G")):
                shown = cells.get(f"{column}{row}")
                if key in expected:
                    assert shown is not None, (name, code, key)
                    assert abs(_num(shown) - Fraction(expected[key])) <= Fraction(1, 10**6), (name, code, key, shown)
                    compared += 1
                elif key == "points":
                    assert shown in (None, BY_EVALUATORS, AGAINST_OTHERS), (name, code, shown)
    return compared


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_the_workbook_computes_the_engines_words_values_and_points_for_each_example_bid(path: Path) -> None:
    tender = _tender(path)
    bid, problems = load_bid(path, tender)
    assert bid is not None, [d.message for d in problems]
    wb = _filled(tender, bid)
    sheets = {name: _computed(wb[name]) for name in ("Quality", "Social value") if name in wb.sheetnames}
    assert _compare(tender, bid, sheets, path.name) > 0


def test_the_totals_row_adds_up_the_values_and_points_so_far() -> None:
    path = BIDS / "waste-acme.yaml"
    tender = _tender(path)
    bid, _ = load_bid(path, tender)
    assert bid is not None
    cells = _computed(_filled(tender, bid)["Social value"])
    total = next(int(ref[1:]) for ref, v in cells.items() if ref[0] == "B" and v == TOTAL_LABEL)
    engine = _engine(tender, bid)
    pounds = core.committed_values(plan_for(tender), [to_input(bid, None)])[0]
    assert pounds == sum(e["value"] for e in engine.values() if "value" in e)
    assert abs(cells[f"F{total}"] - pounds) < Fraction(1, 100), "to the penny"
    assert cells[f"G{total}"] == sum(e["points"] for e in engine.values() if "points" in e)


def test_computed_cells_are_locked_and_answer_cells_are_not() -> None:
    path = BIDS / "waste-acme.yaml"
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(_tender(path))))["Social value"]
    for column in (WORDS_COLUMN, POUNDS_COLUMN, POINTS_COLUMN):
        assert sheet.cell(row=2, column=column).protection.locked
    assert not sheet.cell(row=2, column=ANSWER_COLUMN).protection.locked


def test_the_sheets_print_landscape_one_page_wide_with_the_headings_on_every_page() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(_tender(BIDS / "waste-acme.yaml"))))
    for name in ("Instructions", "Bid", "Quality", "Social value"):
        sheet = wb[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
    assert wb["Quality"].print_title_rows == "$1:$1" and wb["Social value"].print_title_rows == "$1:$1"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_engines_figures_for_the_committed_example(tmp_path: Path) -> None:
    """LibreOffice Calc recalculates specs/lambeth/bids/waste-acme.xlsx (the formulas, no saved
    values) and saves it; the values it saved are the engine's."""
    path = BIDS / "waste-acme.yaml"
    tender = _tender(path)
    bid, _ = load_bid(path, tender)
    assert bid is not None
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(out), str(BIDS / "waste-acme.xlsx")],
                   check=True, capture_output=True, timeout=120)
    wb = openpyxl.load_workbook(out / "waste-acme.xlsx", data_only=True)
    sheets = {}
    for name in ("Quality", "Social value"):
        sheets[name] = {c.coordinate: Fraction(Decimal(repr(c.value))) if isinstance(c.value, (int, float))
                        and not isinstance(c.value, bool) else c.value for row in wb[name].iter_rows() for c in row}
    assert _compare(tender, bid, sheets, "waste-acme.xlsx (LibreOffice)") >= 7
    assert load_bid(out / "waste-acme.xlsx", tender)[1] == [], "LibreOffice's save still reads as the bid"
