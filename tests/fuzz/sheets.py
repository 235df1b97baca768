"""Filled spreadsheet bids: the example `.xlsx` mutated through its XML and through openpyxl.

Mutations are what a supplier (or a supplier's macro) can do to a workbook: hide rows, columns
or sheets, add a hidden duplicate row (a `price` £1 under the real one, a second `bidder`), put
formulas in answer cells with cached values that differ from what they compute (or none),
error values (`#N/A`), `NaN`, dates and number formats that show something other than the
stored number (`;;;` shows nothing, `0` rounds 350.5 to 351), merged cells over answers, entity
declarations in UTF-16 members or members not named `.xml`, external links.

The oracle "what is scored is what is seen" reads the workbook's XML itself, independently of
svspec and openpyxl, as a person sees it in a spreadsheet program: visible sheets only, rows
and columns not hidden (nor of zero size), a merged range shows only its first cell, a formula
shows what it computes (the template asks for a full recalculation on load), a number shows
through its number format. When svspec accepts the bid, every scored field and answer must
equal what a person sees in its row, or a diagnostic must name that cell.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import unicodedata
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree as ET

from svspec.bids.layout import ANSWER_COLUMN, EVIDENCE_COLUMN, LAST_COLUMN
from svspec.bids.model import Bid
from svspec.bids.read import load_bid
from svspec.bids.spreadsheet import cell_name, column_letter
from svspec.diagnostics import Diagnostic
from tests.fuzz import payloads
from tests.fuzz.common import (
    LAMBETH,
    Context,
    check_name,
    check_text_answer,
    errors,
    full_marks,
    number_as_written,
    render_all,
    score_and_render,
)
from tests.fuzz.harness import Case, Problems, rng_for

TARGET = "sheets"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Q = f"{{{NS}}}"
SHEETS = {"Bid": "xl/worksheets/sheet2.xml", "Quality": "xl/worksheets/sheet4.xml",
          "Social value": "xl/worksheets/sheet5.xml"}
VALUE_COLUMN = {"Bid": 2, "Quality": ANSWER_COLUMN, "Social value": ANSWER_COLUMN}
FIELDS = ("tender", "bidder", "submitted", "price")
# Styles added to the seed's styles.xml: xf index -> number format (built-in id or custom code).
_EXTRA_CODES = ("14", "0", ";;;", "yyyy-mm-dd", "0.00", '"£"#,##0', "49", "22", "0%", '0;-0;;@')
with zipfile.ZipFile(LAMBETH / "bids" / "waste-acme.xlsx") as _seed:
    _BASE_XFS = int(re.search(rb'<cellXfs count="(\d+)"', _seed.read("xl/styles.xml")).group(1))  # type: ignore[union-attr]
EXTRA_FORMATS = {_BASE_XFS + i: code for i, code in enumerate(_EXTRA_CODES)}
"""Styles added after the template's own: style index -> number format (built-in id or custom code)."""
DATE_STYLE = _BASE_XFS
BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'

ET.register_namespace("", NS)
ET.register_namespace("r", REL_NS)


# ---------------------------------------------------------------------------------------- the seed

@lru_cache(maxsize=1)
def _seed_members() -> tuple[tuple[str, bytes], ...]:
    """The example workbook's members, with the extra number formats added to its styles."""
    with zipfile.ZipFile(LAMBETH / "bids" / "waste-acme.xlsx") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    styles = members["xl/styles.xml"].decode()
    custom = {code: 300 + i for i, code in enumerate(c for c in EXTRA_FORMATS.values() if not c.isdigit())}
    fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{_attr(code)}"/>' for code, i in custom.items())
    found = re.search(r'<numFmts count="(\d+)"\s*(?:/>|>(.*?)</numFmts>)', styles)
    assert found is not None
    count = int(found.group(1)) + len(custom)
    styles = styles.replace(found.group(0), f'<numFmts count="{count}">{found.group(2) or ""}{fmts}</numFmts>')
    xfs = "".join(f'<xf numFmtId="{code if code.isdigit() else custom[code]}" fontId="0" fillId="2" borderId="0" '
                  f'applyNumberFormat="1" xfId="0"/>' for code in EXTRA_FORMATS.values())
    styles = styles.replace(f'<cellXfs count="{_BASE_XFS}">', f'<cellXfs count="{_BASE_XFS + len(EXTRA_FORMATS)}">')
    styles = styles.replace("</cellXfs>", xfs + "</cellXfs>")
    members["xl/styles.xml"] = styles.encode()
    return tuple(members.items())


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


@dataclass(slots=True)
class Book:
    """A workbook being mutated: members as bytes, the three bid sheets and workbook.xml parsed."""

    members: dict[str, bytes]
    trees: dict[str, ET.Element] = field(default_factory=dict)

    def tree(self, member: str) -> ET.Element:
        if member not in self.trees:
            self.trees[member] = ET.fromstring(self.members[member])
        return self.trees[member]

    def rows(self, sheet: str) -> ET.Element:
        data = self.tree(SHEETS[sheet]).find(Q + "sheetData")
        assert data is not None
        return data

    def to_bytes(self) -> bytes:
        for member, tree in self.trees.items():
            self.members[member] = ET.tostring(tree, encoding="utf-8", xml_declaration=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in self.members.items():
                archive.writestr(member, data)
        return buffer.getvalue()


def _split(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match, ref
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def _renumber(data: ET.Element, sheet: ET.Element) -> None:
    """Rows numbered in document order again after an insertion (cell references and the sheet's
    declared dimension follow, as a spreadsheet program writes them)."""
    rows = data.findall(Q + "row")
    dimension = sheet.find(Q + "dimension")
    if dimension is not None:
        dimension.set("ref", f"A1:{column_letter(LAST_COLUMN)}{max(len(rows), 1)}")
    for number, row in enumerate(rows, start=1):
        row.set("r", str(number))
        for cell in row.findall(Q + "c"):
            _, column = _split(cell.get("r", "A1"))
            cell.set("r", f"{column_letter(column)}{number}")


def _cell(row: ET.Element, column: int) -> ET.Element:
    """The cell of `row` in `column`, made when missing."""
    number = row.get("r", "1")
    ref = f"{column_letter(column)}{number}"
    for cell in row.findall(Q + "c"):
        if cell.get("r") == ref:
            return cell
    cell = ET.SubElement(row, Q + "c", {"r": ref})
    cells = sorted(row.findall(Q + "c"), key=lambda c: _split(c.get("r", "A1"))[1])
    for c in list(row):
        row.remove(c)
    row.extend(cells)
    return cell


def _set(cell: ET.Element, value: Any, *, formula: str | None = None, kind: str | None = None) -> None:
    """Write `value` into `cell` as the XML of a number, text, boolean or error, with a formula if given."""
    style = cell.get("s")
    ref = cell.get("r")
    cell.clear()
    cell.set("r", ref or "A1")
    if style:
        cell.set("s", style)
    if formula is not None:
        ET.SubElement(cell, Q + "f").text = formula
    if kind == "e":
        cell.set("t", "e")
        ET.SubElement(cell, Q + "v").text = str(value)
    elif isinstance(value, bool):
        cell.set("t", "b")
        ET.SubElement(cell, Q + "v").text = "1" if value else "0"
    elif isinstance(value, (int, float, Decimal)) or kind == "n":
        cell.set("t", "n")
        if value is not None:
            ET.SubElement(cell, Q + "v").text = str(value)
    elif value is not None:
        if formula is not None:
            cell.set("t", "str")
            ET.SubElement(cell, Q + "v").text = str(value)
        else:
            cell.set("t", "inlineStr")
            t = ET.SubElement(ET.SubElement(cell, Q + "is"), Q + "t")
            t.text = _escape(str(value))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str) -> str:
    """Characters XML cannot hold, written as spreadsheets write them: `_x0000_`."""
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _data_rows(book: Book, sheet: str) -> list[ET.Element]:
    return [r for r in book.rows(sheet).findall(Q + "row") if r.get("r") != "1" and r.find(Q + "c") is not None]


# --------------------------------------------------------------------------------------- mutations

def _pick(rng: random.Random, book: Book) -> tuple[str, ET.Element]:
    sheet = rng.choice(sorted(SHEETS))
    return sheet, rng.choice(_data_rows(book, sheet))


def _odd_value(rng: random.Random) -> tuple[Any, str | None]:
    roll = rng.random()
    if roll < 0.35:
        number = rng.choice(["1", "0", "-1", "14.000000000000000001", "1e308", "1E-300", "350.5", "0.1",
                             "123456789012345678", "NaN", "inf", "-inf", "", "0x10", "1e400", "99999999999"])
        return number, "n"
    if roll < 0.55:
        return rng.choice(payloads.TEXTS[:40]), None
    if roll < 0.7:
        return rng.choice(payloads.YAML_NUMBERS), None
    if roll < 0.8:
        return rng.choice([True, False]), None
    return rng.choice(["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?"]), "e"


def mutate_xml(rng: random.Random, book: Book) -> str:
    """One mutation of the workbook's XML; returns what was done."""
    roll = rng.randrange(16)
    sheet, row = _pick(rng, book)
    column = VALUE_COLUMN[sheet]
    if roll <= 2:  # a duplicate row, hidden (or of zero height, or visible), before or after the real one
        copy = deepcopy(row)
        value, kind = _odd_value(rng)
        _set(_cell(copy, column), value, kind=kind)
        how = rng.choice(["hidden", "hidden", "zero height", "visible", "outline"])
        if how == "hidden":
            copy.set("hidden", "1")
        elif how == "zero height":
            copy.set("ht", "0")
            copy.set("customHeight", "1")
        elif how == "outline":
            copy.set("hidden", "1")
            copy.set("outlineLevel", "1")
        data = book.rows(sheet)
        at = list(data).index(row) + rng.choice([0, 1])
        data.insert(at, copy)
        if rng.random() < 0.5:
            data.append(deepcopy(copy))
        _renumber(data, book.tree(SHEETS[sheet]))
        return f"{how} duplicate row in {sheet}"
    if roll == 3:
        row.set("hidden", "1")
        return f"hidden row {row.get('r')} in {sheet}"
    if roll == 4:
        sheet_tree = book.tree(SHEETS[sheet])
        cols = sheet_tree.find(Q + "cols")
        target = rng.choice([column, column, 1, EVIDENCE_COLUMN, 8])
        if cols is not None:
            for col in cols.findall(Q + "col"):
                if col.get("min") == str(target):
                    if rng.random() < 0.7:
                        col.set("hidden", "1")
                    else:
                        col.set("width", "0")
        return f"hidden column {column_letter(target)} in {sheet}"
    if roll == 5:
        workbook = book.tree("xl/workbook.xml")
        for s in workbook.iter(Q + "sheet"):
            if s.get("name") == sheet:
                s.set("state", rng.choice(["hidden", "veryHidden"]))
        return f"hidden sheet {sheet}"
    if roll == 6:  # a formula whose cached value differs from what it computes, or has none
        true = rng.choice([7, 14, 0, 1, 350])
        cached = rng.choice([None, true + 1, true, 1])
        formula = rng.choice([f"{true}", f"{true}*1", f"2*{true}/2", "WEBSERVICE(\"http://x.example\")", "A1",
                              "NOW()", "1/0"])
        _set(_cell(row, column), cached, formula=formula, kind="n")
        return f"formula ={formula} cached {cached} in {sheet}"
    if roll == 7:
        text = rng.choice(["Acme Services Ltd", "waste-2027", "Forged Ltd"])
        _set(_cell(row, column), rng.choice([text, "other"]), formula=f'"{text}"')
        return f"text formula in {sheet}"
    if roll == 8:
        value, kind = _odd_value(rng)
        _set(_cell(row, column), value, kind=kind)
        return f"value {str(value)[:20]!r} in {sheet}"
    if roll == 9:  # a number format that shows something else than the stored number
        cell = _cell(row, column)
        if cell.find(Q + "v") is None or cell.get("t") not in (None, "n"):
            _set(cell, rng.choice([14, 350.5, 11500000, 0.5]), kind="n")
        cell.set("s", str(rng.choice(sorted(EXTRA_FORMATS))))
        return f"number format {EXTRA_FORMATS[int(cell.get('s', '0'))]} in {sheet}"
    if roll == 10:
        number = int(row.get("r", "2"))
        ref = rng.choice([f"{column_letter(column - 1)}{number}:{column_letter(column)}{number}",
                          f"{column_letter(column)}{number - 1}:{column_letter(column)}{number}",
                          f"{column_letter(column)}{number}:{column_letter(column + 1)}{number}"])
        sheet_tree = book.tree(SHEETS[sheet])
        merges = sheet_tree.find(Q + "mergeCells")
        if merges is None:
            merges = ET.Element(Q + "mergeCells")
            children = list(sheet_tree)
            after = next(i for i, c in enumerate(children) if c.tag == Q + "sheetData")
            sheet_tree.insert(after + 2, merges)
        ET.SubElement(merges, Q + "mergeCell", {"ref": ref})
        merges.set("count", str(len(merges)))
        return f"merged {ref} in {sheet}"
    if roll == 11:
        code = _cell(row, 1)
        value = rng.choice(["LBL1 ", "lbl1", "\u200bLBL1", "LBL 1", "bidder ", "Price", "LBL9", "Q1", "LBL8",
                            "price", "bidder", "LBL1", "LBL5"])
        _set(code, value)
        return f"key {value!r} in {sheet}"
    if roll == 12:
        where = rng.choice(["docProps/custom.xml", "customXml/item1.xml", "customXml/item1.bin",
                            "xl/printerSettings/p1.dat", "xl/worksheets/sheet9.xml"])
        utf16 = ENTITY.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>')
        body = rng.choice([ENTITY.encode(), ENTITY.encode("utf-16"), utf16.encode("utf-16-le"),
                           utf16.encode("utf-16-be")])
        book.members[where] = body
        return f"entity declaration in {where}"
    if roll == 13:
        book.members["xl/externalLinks/externalLink1.xml"] = (
            f'<externalLink xmlns="{NS}"><externalBook xmlns:r="{REL_NS}" r:id="rId1"/></externalLink>').encode()
        book.members["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'externalLinkPath" Target="file:///C:/secret.xlsx" TargetMode="External"/></Relationships>')
        _set(_cell(row, column), 14, formula="[1]Sheet1!A1", kind="n")
        return "external link"
    if roll == 14:
        if rng.random() < 0.5:
            dimension = book.tree(SHEETS[sheet]).find(Q + "dimension")
            if dimension is not None:
                dimension.set("ref", rng.choice(["A1:A1", "A1:C3", "A1", "A1:XFD1048576"]))
            return f"stale dimension in {sheet}"
        book.rows(sheet).remove(row)
        return f"deleted row in {sheet}"
    cell = _cell(row, column)
    _set(cell, rng.choice(["2027-01-10T12:00:00", "1900-01-14", "45000"]), kind=None)
    cell.set("t", rng.choice(["d", "s", "n", "x"]))
    return f"odd cell type {cell.get('t')} in {sheet}"


def mutate_openpyxl(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    """A mutation made the way a supplier's tools make it: through openpyxl, saved again."""
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = rng.choice(sorted(SHEETS))
    ws = workbook[sheet]
    column = VALUE_COLUMN[sheet]
    row = rng.randrange(2, ws.max_row + 1)
    roll = rng.randrange(6)
    if roll == 0:
        ws.row_dimensions[row].hidden = True
        what = f"hidden row {row}"
    elif roll == 1:
        ws.insert_rows(row)
        for c in range(1, LAST_COLUMN + 1):
            ws.cell(row=row, column=c).value = ws.cell(row=row + 1, column=c).value
        ws.cell(row=row, column=column).value = rng.choice([1, "Forged Ltd", 0, 999])
        ws.row_dimensions[row].hidden = rng.random() < 0.8
        what = f"inserted duplicate row {row}"
    elif roll == 2:
        ws.column_dimensions[column_letter(column)].hidden = True
        what = "hidden answer column"
    elif roll == 3:
        ws.sheet_state = rng.choice(["hidden", "veryHidden"])
        what = "hidden sheet"
    elif roll == 4:
        ws.cell(row=row, column=column).value = rng.choice(["=1+1", "=2*7", '="Acme"', "=SUM(1,2)"])
        what = "formula"
    else:
        ws.cell(row=row, column=column).number_format = rng.choice(["yyyy-mm-dd", ";;;", "0", "0.00"])
        what = "number format"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), f"openpyxl: {what} in {sheet}"


def generate(seed: int, index: int, context: Context) -> Case:
    """One filled spreadsheet: the example damaged one to three times through its XML, or through openpyxl."""
    rng = rng_for(TARGET, seed, index)
    book = Book(members=dict(_seed_members()))
    if rng.random() < 0.08:
        raw, what = mutate_openpyxl(rng, book.to_bytes())
        notes = [what]
    else:
        notes = [mutate_xml(rng, book) for _ in range(rng.randrange(1, 4))]
        raw = book.to_bytes()
    if rng.random() < 0.02:
        at = rng.randrange(len(raw))
        raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1:]
        notes.append("flipped byte")
    return Case(target=TARGET, seed=seed, index=index, name="waste-2027-bid.xlsx", data=raw, note="; ".join(notes))


# ---------------------------------------------------------------------------- what a person sees

@dataclass(frozen=True, slots=True)
class Seen:
    """What a person sees in a cell: a kind (number, text, bool, date, error, unknown) and a value."""

    kind: str
    value: Any = None


NOTHING = Seen("nothing")


@dataclass(slots=True)
class Visible:
    """A workbook as a person sees it: for each bid sheet, the visible rows keyed by column A."""

    rows: dict[str, dict[str, list[tuple[int, Seen]]]] = field(default_factory=dict)
    hidden_keys: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    entities: bool = False
    external: bool = False
    readable: bool = True


def _decoded(data: bytes) -> str:
    """A member's text, UTF-16 recognised by its byte order mark or by the zero bytes of ASCII."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    if len(data) > 1 and data[1] == 0:
        return data.decode("utf-16-le", "replace")
    if data[:1] == b"\x00":
        return data.decode("utf-16-be", "replace")
    return data.decode("utf-8", "replace")


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        data = archive.read(name)
    except KeyError:
        return None
    return ET.fromstring(data)


def seen_workbook(raw: bytes) -> Visible:
    """Read the workbook as a person sees it, with the standard library only."""
    out = Visible()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        out.readable = False
        return out
    for name in names:
        try:
            data = archive.read(name)
        except Exception:  # a damaged member: svspec must refuse the file
            out.readable = False
            continue
        text = _decoded(data)
        if re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE):
            out.entities = True
        if name.startswith("xl/externalLinks/"):
            out.external = True
    try:
        workbook = _xml(archive, "xl/workbook.xml")
        rels = _xml(archive, "xl/_rels/workbook.xml.rels")
        styles = _xml(archive, "xl/styles.xml")
        assert workbook is not None and rels is not None
        targets = {r.get("Id"): (r.get("Target") or "").lstrip("/") for r in rels}
        formats = _formats(styles)
        for s in workbook.iter(Q + "sheet"):
            name = s.get("name") or ""
            if name not in SHEETS:
                continue
            if s.get("state") in ("hidden", "veryHidden"):
                out.rows[name] = {}
                out.hidden_keys[name] = {}
                continue
            target = targets.get(s.get(f"{{{REL_NS}}}id"), "")
            sheet = _xml(archive, target if target.startswith("xl/") else "xl/" + target)
            if sheet is None:
                out.readable = False
                continue
            out.rows[name], out.hidden_keys[name] = _seen_sheet(sheet, formats, name)
    except (ET.ParseError, AssertionError, KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError):
        out.readable = False
    return out


def _formats(styles: ET.Element | None) -> list[str]:
    """The number format of each cell style, by style index ('General' when none)."""
    if styles is None:
        return []
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(Q + "numFmt")}
    xfs = styles.find(Q + "cellXfs")
    out = []
    for xf in xfs.findall(Q + "xf") if xfs is not None else []:
        number = int(xf.get("numFmtId", "0"))
        out.append(custom.get(number) or ("date" if number in BUILTIN_DATES else "@" if number == 49 else
                                          "0%" if number == 9 else "0" if number == 1 else
                                          "0.00" if number == 2 else "General"))
    return out


def _hidden_columns(sheet: ET.Element) -> set[int]:
    hidden: set[int] = set()
    for col in sheet.iter(Q + "col"):
        width = col.get("width")
        if col.get("hidden") in ("1", "true") or (width is not None and float(width) == 0):
            hidden.update(range(int(col.get("min", "1")), int(col.get("max", "1")) + 1))
    return hidden


def _covered(sheet: ET.Element) -> set[tuple[int, int]]:
    """Cells a merged range hides: every cell of the range except its first."""
    covered: set[tuple[int, int]] = set()
    for merge in sheet.iter(Q + "mergeCell"):
        first, _, last = (merge.get("ref") or "").partition(":")
        if not last:
            continue
        (r1, c1), (r2, c2) = _split(first), _split(last)
        covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1))
    return covered


def _seen_sheet(sheet: ET.Element, formats: list[str], name: str
                ) -> tuple[dict[str, list[tuple[int, Seen]]], dict[str, list[int]]]:
    hidden_columns = _hidden_columns(sheet)
    covered = _covered(sheet)
    keyed: dict[str, list[tuple[int, Seen]]] = {}
    hidden_keys: dict[str, list[int]] = {}
    value_column = VALUE_COLUMN[name]
    for row in sheet.iter(Q + "row"):
        number = int(row.get("r", "0"))
        cells = {}
        for cell in row.findall(Q + "c"):
            cells[_split(cell.get("r", "A1"))[1]] = cell
        key_cell = cells.get(1)
        key = _seen(key_cell, formats) if key_cell is not None else NOTHING
        if key.kind != "text" or not str(key.value).strip():
            continue
        text_key = str(key.value).strip()
        row_hidden = row.get("hidden") in ("1", "true") or (row.get("customHeight") in ("1", "true")
                                                            and float(row.get("ht", "15")) == 0)
        if row_hidden or 1 in hidden_columns or (number, 1) in covered:
            hidden_keys.setdefault(text_key, []).append(number)
            continue
        value_cell = cells.get(value_column)
        if value_column in hidden_columns or (number, value_column) in covered or value_cell is None:
            seen = NOTHING
        else:
            seen = _seen(value_cell, formats)
        keyed.setdefault(text_key, []).append((number, seen))
    return keyed, hidden_keys


_ARITHMETIC = re.compile(r"[\d+\-*/(). ]+")


def _seen(cell: ET.Element, formats: list[str]) -> Seen:
    """What a person sees in one cell."""
    kind = cell.get("t", "n")
    formula = cell.find(Q + "f")
    v = cell.find(Q + "v")
    if formula is not None:
        code = (formula.text or "").strip()
        if re.fullmatch(r'"[^"]*"', code):
            return Seen("text", code[1:-1])
        if _ARITHMETIC.fullmatch(code or "x"):
            try:
                value = eval(code, {"__builtins__": {}}, {})
            except (ZeroDivisionError, SyntaxError):
                return Seen("error", "#DIV/0!")
            return _number(str(value), cell, formats)
        return Seen("unknown", f"={code}")
    if kind == "inlineStr":
        return Seen("text", "".join(t.text or "" for t in cell.iter(Q + "t")))
    if v is None or v.text is None:
        return NOTHING
    if kind == "str":
        return Seen("text", v.text)
    if kind == "b":
        return Seen("bool", v.text.strip() in ("1", "true"))
    if kind == "e":
        return Seen("error", v.text)
    if kind == "n":
        return _number(v.text, cell, formats)
    return Seen("unknown", f"{kind}:{v.text}")


def _number(text: str, cell: ET.Element, formats: list[str]) -> Seen:
    try:
        value = float(text)
    except ValueError:
        return Seen("unknown", text)
    if value != value or value in (float("inf"), float("-inf")):
        return Seen("unknown", text)
    style = int(cell.get("s", "0") or 0)
    fmt = formats[style] if style < len(formats) else "General"
    exact = Decimal(repr(value))
    if fmt == ";;;" or (fmt == "0;-0;;@" and value == 0):
        return NOTHING
    if fmt == "date" or re.search(r"[ymdhs]", re.sub(r'"[^"]*"', "", fmt), re.IGNORECASE):
        return Seen("date", value)
    if fmt in ("0", '"£"#,##0', "0;-0;;@"):
        return Seen("number", exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    if fmt == "0.00":
        return Seen("number", exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))
    if fmt == "0%":
        return Seen("percent", exact)
    return Seen("number", exact)


# ----------------------------------------------------------------------------------------- oracles

def _same(seen: Seen, scored: Any) -> bool:
    """Whether a scored value is what a person sees."""
    if scored is None:
        return seen.kind == "nothing" or (seen.kind == "text" and not str(seen.value).strip())
    if seen.kind == "number":
        if isinstance(scored, Decimal):
            return bool(scored == seen.value)
        if isinstance(scored, str):
            return number_as_written(scored) == seen.value
        return False
    if seen.kind == "text":
        text = str(seen.value).strip()
        if isinstance(scored, bool):
            return text.lower() in (("yes", "y", "true") if scored else ("no", "n", "false"))
        if isinstance(scored, Decimal):
            return number_as_written(text) == scored
        # Text is kept composed (NFC, documented): 'Café' typed as e + a combining accent reads the same.
        return unicodedata.normalize("NFC", str(scored).strip()) == unicodedata.normalize("NFC", text)
    if seen.kind == "bool":
        return scored is seen.value or (isinstance(scored, str) and scored.upper() == str(seen.value).upper())
    return False


def _date_same(seen: Seen, scored: Any) -> bool:
    """A date cell in `submitted` is the date a person sees there."""
    if seen.kind != "date" or not isinstance(scored, str):
        return False
    day = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=float(seen.value))
    try:
        return datetime.datetime.fromisoformat(scored).replace(tzinfo=None) == day.replace(microsecond=0)
    except ValueError:
        return False


def _named(diagnostics: list[Diagnostic], sheet: str, rows: list[int], column: int, file: str) -> bool:
    """Whether a diagnostic names one of these cells (a warning is a word said to the evaluator)."""
    cells = {cell_name(sheet, r, column) for r in rows} | {cell_name(sheet, r, 1) for r in rows}
    for d in diagnostics:
        if any(c in d.message for c in cells):
            return True
        if d.span is not None and d.span.file == file and d.span.line in rows:
            return True
    return False


def examine(case: Case, context: Context, problems: Problems) -> None:
    """Validate the spreadsheet bid; when accepted, compare what is scored with what a person sees."""
    tender = context.tenders["waste-2027"]
    path = context.path(case.name)
    path.write_bytes(case.data)
    bid, diagnostics = load_bid(path, tender)
    render_all(diagnostics)
    if bid is None:
        if not errors(diagnostics):
            problems.add("inconsistent", "the spreadsheet was refused without an error")
        return
    visible = seen_workbook(case.data)
    if not visible.readable:
        problems.add("silent", "a spreadsheet the standard library cannot read was accepted")
        return
    if visible.entities:
        problems.add("silent", "a spreadsheet with an XML entity declaration was accepted")
    if visible.external and not diagnostics:
        problems.add("silent", "a spreadsheet with an external link was accepted without a word")
    _compare(bid, visible, diagnostics, bid.file, tender, problems)
    check_name(bid.bidder, "spreadsheet", problems)
    for code, value in {**bid.quality, **bid.social_value}.items():
        if isinstance(value, str):
            check_text_answer(value, f"spreadsheet {code}", problems)
    others = [b for b in context.example_bids[tender.name] if b.bidder != bid.bidder]
    bids = [bid, *others[: case.index % 2]]
    score_and_render(tender, bids, full_marks(tender, [b.bidder for b in bids]), problems, "the spreadsheet")


def _compare(bid: Bid, visible: Visible, diagnostics: list[Diagnostic], file: str, tender: Any,
             problems: Problems) -> None:
    wanted: list[tuple[str, str, Any]] = [("Bid", name, getattr(bid, name)) for name in FIELDS]
    wanted += [("Quality", q.code, bid.quality.get(q.code)) for q in tender.questions]
    wanted += [("Social value", s.code, bid.social_value.get(s.code)) for s in tender.selections]
    for sheet, key, scored in wanted:
        seen_rows = visible.rows.get(sheet, {}).get(key, [])
        hidden_rows = visible.hidden_keys.get(sheet, {}).get(key, [])
        rows = [r for r, _ in seen_rows] + hidden_rows
        if len(seen_rows) > 1:
            if not _named(diagnostics, sheet, rows, VALUE_COLUMN[sheet], file):
                problems.add("silent", f"spreadsheet {sheet}: {key} appears in {len(seen_rows)} visible rows "
                                       "and the bid was accepted")
            continue
        seen = seen_rows[0][1] if seen_rows else NOTHING
        if _same(seen, scored) or (key == "submitted" and _date_same(seen, scored)):
            continue
        if _named(diagnostics, sheet, rows, VALUE_COLUMN[sheet], file):
            continue
        shown = "nothing" if seen.kind == "nothing" else f"{seen.kind} {str(seen.value)[:30]!r}"
        why = " (hidden rows)" if hidden_rows else ""
        problems.add("silent", f"spreadsheet {sheet}: {key} is scored as {str(scored)[:30]!r} but a person sees "
                               f"{shown}{why}")



# ------------------------------------------------------------------------------------ reproducers

def reproducer(name: str) -> bytes:
    """A small, named workbook showing one known failure (see `known_failures`)."""
    book = Book(members=dict(_seed_members()))
    social = {r.findtext(f"{Q}c/{Q}is/{Q}t"): r for r in _data_rows(book, "Social value")}
    bid_rows = {r.findtext(f"{Q}c/{Q}is/{Q}t"): r for r in _data_rows(book, "Bid")}
    if name == "hidden-duplicate-price":
        copy = deepcopy(bid_rows["price"])
        _set(_cell(copy, 2), 1)
        copy.set("hidden", "1")
        book.rows("Bid").append(copy)
        _renumber(book.rows("Bid"), book.tree(SHEETS["Bid"]))
    elif name == "hidden-answer-column":
        for col in book.tree(SHEETS["Social value"]).iter(Q + "col"):
            if col.get("min") == str(ANSWER_COLUMN):
                col.set("hidden", "1")
    elif name == "formula-cache":
        _set(_cell(social["LBL1"], ANSWER_COLUMN), 14, formula="2*10", kind="n")
    elif name == "date-format":
        quality = {r.findtext(f"{Q}c/{Q}is/{Q}t"): r for r in _data_rows(book, "Quality")}
        _set(_cell(quality["Q2"], ANSWER_COLUMN), 14)
        _cell(quality["Q2"], ANSWER_COLUMN).set("s", str(DATE_STYLE))
    elif name == "visible-duplicate":
        copy = deepcopy(social["LBL1"])
        _set(_cell(copy, ANSWER_COLUMN), 20)
        book.rows("Social value").append(copy)
        _renumber(book.rows("Social value"), book.tree(SHEETS["Social value"]))
    elif name == "entity-utf16":
        book.members["customXml/item1.xml"] = ENTITY.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode(
            "utf-16-le")
    elif name == "entity-not-xml":
        book.members["customXml/item1.bin"] = ENTITY.encode()
    elif name == "external-link":
        book.members["xl/externalLinks/externalLink1.xml"] = (
            f'<externalLink xmlns="{NS}"><externalBook xmlns:r="{REL_NS}" r:id="rId1"/></externalLink>').encode()
        _set(_cell(social["LBL1"], ANSWER_COLUMN), 14, formula="[1]Sheet1!A1", kind="n")
    elif name == "damaged-deflate":
        raw = bytearray(book.to_bytes())
        at = raw.index(b"xl/workbook.xml") + len(b"xl/workbook.xml")
        raw[at + 5:at + 40] = b"\xff" * 35
        return bytes(raw)
    else:
        raise KeyError(name)
    return book.to_bytes()
