"""A small, strict reader of .xlsx workbooks: what each cell holds and how it is shown.

Why not openpyxl: openpyxl answers "what is stored in the file"; scoring a bid needs "what does a
person see when they open it". A value in a hidden row, under a `;;;` number format, in white on
white, inside a merged range or computed by a formula is stored but not seen (or not seen as
stored). openpyxl also stops on some hostile values (`<v>NaN</v>` raises from `int()`). So the
few parts a bid needs are read here, with the standard library's expat parser, after
`check_archive` has refused DOCTYPEs and entities in every member:

- `_rels/.rels`, `xl/workbook.xml` and its relationships: sheets, their state (`hidden`,
  `veryHidden`), the date system, external links, data connections and macros;
- `xl/sharedStrings.xml` (rich text runs joined, phonetic runs left out, `_x000D_` escapes read
  as Excel reads them), `xl/styles.xml` (number formats, fonts, fills) and the theme's colours;
- each sheet that is read: cells with their value, formula and style; row heights and hidden
  rows (outline groups and filters hide rows the same way), column widths and hidden columns,
  merged ranges, conditional formats, array formulas, and what may be drawn over the cells.

Nothing is fetched, executed or evaluated. Problems with the file itself raise `WorkbookError`.
"""

from __future__ import annotations

import colorsys
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from svspec.bids.layout import column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_ROWS = 5000
"""Rows read from a sheet; a template has one per question or measure."""
MAX_DEPTH = 64
"""Deepest nesting of XML read in a sheet; a real sheet nests about six levels."""
MAX_RANGES = 10_000
"""Most column settings, merged ranges, conditional formats and formula ranges read in a sheet
(each cell read is compared with them; a template has a handful)."""
SHARED_FORMULA = "\x00shared"
"""The formula text of a cell that only refers to a formula written in another cell."""

_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REFUSED_PARTS = {
    "externalLink": "it links to other workbooks (external links)",
    "connections": "it fetches data from elsewhere (data connections)",
    "vbaProject": "it contains macros",
}
_COVERING_PARTS = {"drawing": "pictures, shapes or text boxes", "table": "a table", "pivotTable": "a pivot table",
                   "queryTable": "a query table", "oleObject": "embedded objects", "control": "form controls",
                   "image": "a background picture", "ctrlProp": "form controls"}


class WorkbookError(Exception):
    """The file cannot be read as a workbook (`unsafe`: it is refused as dangerous)."""

    def __init__(self, reason: str, *, unsafe: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unsafe = unsafe


@dataclass(frozen=True, slots=True, kw_only=True)
class Style:
    """How a cell is shown: its number format code, text colour, fill colour (RRGGBB) and size."""

    number_format: str = "General"
    font: str = "000000"
    fill: str = "FFFFFF"
    size: float = 11.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """A run of rich text with its own colour or size (None: the cell's)."""

    colour: str | None = None
    size: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """What one cell holds.

    `kind` is number (`value` a Decimal), text, bool, error (`value` like '#N/A'), date (an ISO
    date written as such), bad-number (`value` the text stored, e.g. 'NaN') or damaged.
    """

    kind: str
    value: Any
    formula: str | None = None
    style: Style = field(default_factory=Style)
    runs: tuple[Run, ...] = ()


Range = tuple[int, int, int, int]
"""First row, first column, last row, last column."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sheet:
    """One sheet: its cells (row, column) and what decides whether they can be seen."""

    name: str
    state: str
    cells: Mapping[tuple[int, int], Cell]
    rows: Mapping[int, tuple[bool, float | None]]
    columns: tuple[tuple[int, int, bool, float | None], ...] = ()
    default_height: float = 15.0
    default_width: float = 8.43
    rows_hidden_by_default: bool = False
    merged: tuple[Range, ...] = ()
    conditional: tuple[Range, ...] = ()
    formula_ranges: tuple[Range, ...] = ()
    show_zeros: bool = True
    covered_by: tuple[str, ...] = ()
    beyond: bool = False
    """True when cells below row `MAX_ROWS` hold something (they are not read)."""

    def row_hidden(self, row: int) -> str | None:
        """Why `row` cannot be seen (hidden, or too low to show text); None when it can."""
        hidden, height = self.rows.get(row, (self.rows_hidden_by_default, None))
        if hidden:
            return "hidden"
        height = self.default_height if height is None else height
        if height < 5:
            return f"{_plain(height)} points high, too low to show anything"
        return None

    def column_hidden(self, column: int) -> str | None:
        """Why `column` cannot be seen (hidden, or too narrow to show text); None when it can."""
        ranges = [(hidden, width) for first, last, hidden, width in self.columns if first <= column <= last]
        if any(hidden for hidden, _width in ranges):
            return "hidden"
        widths = [width for _hidden, width in ranges if width is not None] or [self.default_width]
        if min(widths) < 1:
            return f"{_plain(min(widths))} characters wide, too narrow to show anything"
        return None


def in_range(ranges: tuple[Range, ...], row: int, column: int) -> Range | None:
    """The first range holding the cell, if any."""
    for found in ranges:
        if found[0] <= row <= found[2] and found[1] <= column <= found[3]:
            return found
    return None


def range_name(found: Range) -> str:
    """A range as written in a spreadsheet: I5:J5."""
    return f"{column_letter(found[1])}{found[0]}:{column_letter(found[3])}{found[2]}"


def cell_name(sheet: str, row: int, column: int) -> str:
    """A cell as a spreadsheet user writes it: 'Social value'!I7 (names other than letters,
    digits and _ quoted, quotes doubled)."""
    quoted = "'" + sheet.replace("'", "''") + "'" if re.search(r"[^A-Za-z0-9_]", sheet) else sheet
    return f"{quoted}!{column_letter(column)}{row}"




# ---------------------------------------------------------------------------------------- parts


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetPart:
    """A sheet as the workbook lists it: its name, state and the file that holds it."""

    name: str
    state: str
    part: str | None


class Workbook:
    """The parts of an opened archive that a bid needs, read on demand."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._names = {info.filename.lower(): info.filename for info in archive.infolist()}
        main = self._relationships("_rels/.rels", "")
        office = next((target for kind, target, _ in main.values() if kind == "officeDocument"), None)
        if office is None or office.lower() not in self._names:
            raise WorkbookError("it has no workbook inside")
        root = self._xml(office)
        if root.tag == f"{{{STRICT}}}workbook":
            raise WorkbookError("it is saved as 'Strict Open XML'; save it as an ordinary Excel workbook (.xlsx)")
        if root.tag != f"{{{MAIN}}}workbook":
            raise WorkbookError("it has no workbook inside")
        folder = posixpath.dirname(office)
        rels = self._relationships(posixpath.join(folder, "_rels", posixpath.basename(office) + ".rels"), folder)
        for kind, _target, _mode in rels.values():
            if kind in _REFUSED_PARTS:
                raise WorkbookError(_REFUSED_PARTS[kind], unsafe=True)
        if root.find(f"{{{MAIN}}}externalReferences") is not None or any(
                n.lower().startswith("xl/externallinks/") for n in self._names):
            raise WorkbookError(_REFUSED_PARTS["externalLink"], unsafe=True)
        properties = root.find(f"{{{MAIN}}}workbookPr")
        self.date1904 = properties is not None and _true(properties.get("date1904"))
        self.sheets: dict[str, SheetPart] = {}
        for element in root.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
            name = element.get("name") or ""
            if name.casefold() in {n.casefold() for n in self.sheets}:
                raise WorkbookError(f"two sheets are named '{name}'", unsafe=True)
            found = rels.get(element.get(f"{{{REL}}}id") or "")
            part = found[1] if found and found[0] == "worksheet" else None
            self.sheets[name] = SheetPart(name=name, state=element.get("state") or "visible", part=part)
        by_kind = {kind: target for kind, target, _ in rels.values()}
        self.theme = self._theme(by_kind.get("theme"))
        self.strings = self._shared_strings(by_kind.get("sharedStrings"))
        self.styles = self._styles(by_kind.get("styles"), self.theme)
        self.window_hidden = any((view.get("visibility") or "visible") != "visible"
                                 for view in root.iterfind(f"{{{MAIN}}}bookViews/{{{MAIN}}}workbookView"))

    # -------------------------------------------------------------- reading members

    def _has(self, name: str) -> bool:
        return name.lower() in self._names

    def _bytes(self, name: str) -> bytes:
        return self._archive.read(self._names[name.lower()])

    def _xml(self, name: str) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(self._bytes(name))
        except ElementTree.ParseError as error:
            raise WorkbookError(f"'{name}' is damaged ({error})") from None

    def _relationships(self, name: str, folder: str) -> dict[str, tuple[str, str, str]]:
        """Relationship id -> (kind, target part, mode); kind is the last word of its type."""
        if not self._has(name):
            return {}
        out = {}
        for element in self._xml(name).iterfind(f"{{{PACKAGE_REL}}}Relationship"):
            kind = (element.get("Type") or "").rsplit("/", 1)[-1]
            target, mode = element.get("Target") or "", element.get("TargetMode") or "Internal"
            if mode == "Internal":
                target = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(folder, target))
                if target.startswith(".."):
                    raise WorkbookError(f"'{name}' points outside the workbook", unsafe=True)
            identifier = element.get("Id") or ""
            if identifier in out:
                raise WorkbookError(f"'{name}' gives two relationships the same id", unsafe=True)
            out[identifier] = (kind, target, mode)
        return out

    def _shared_strings(self, name: str | None) -> tuple[tuple[str, tuple[Run, ...]], ...]:
        if name is None or not self._has(name):
            return ()
        return tuple(_rich_text(si, self.theme) for si in self._xml(name).iterfind(f"{{{MAIN}}}si"))

    def _theme(self, name: str | None) -> tuple[str, ...]:
        """The theme's twelve colours in the order cells number them (light 1 first, as Excel does)."""
        colours = ["000000", "FFFFFF", "1F497D", "EEECE1"] + ["000000"] * 8
        if name is None or not self._has(name):
            return tuple(colours)
        scheme = next((e for e in self._xml(name).iter() if e.tag.endswith("}clrScheme")), None)
        if scheme is not None:
            for i, entry in enumerate(list(scheme)[:12]):
                value = next((c.get("val") if c.tag.endswith("}srgbClr") else c.get("lastClr") for c in entry), None)
                if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                    colours[i] = value.upper()
        colours[0], colours[1], colours[2], colours[3] = colours[1], colours[0], colours[3], colours[2]
        return tuple(colours)

    def _styles(self, name: str | None, theme: tuple[str, ...]) -> tuple[Style, ...]:
        if name is None or not self._has(name):
            return (Style(),)
        from openpyxl.styles.numbers import BUILTIN_FORMATS  # type: ignore[import-untyped]

        root = self._xml(name)
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        formats.update({i: "yyyy-mm-dd" for i in (*range(27, 37), *range(50, 59))})  # East Asian dates
        for element in root.iterfind(f"{{{MAIN}}}numFmts/{{{MAIN}}}numFmt"):
            number = _int(element.get("numFmtId"))
            if number is not None:
                formats[number] = element.get("formatCode") or "General"
        fonts = [(_colour(font.find(f"{{{MAIN}}}color"), theme, "000000"), _size(_val(font, "sz")))
                 for font in root.iterfind(f"{{{MAIN}}}fonts/{{{MAIN}}}font")] or [("000000", 11.0)]
        fills = [_fill(fill, theme) for fill in root.iterfind(f"{{{MAIN}}}fills/{{{MAIN}}}fill")] or ["FFFFFF"]
        styles = []
        for xf in root.iterfind(f"{{{MAIN}}}cellXfs/{{{MAIN}}}xf"):
            number = _int(xf.get("numFmtId")) or 0
            font = fonts[_index(xf.get("fontId"), len(fonts))]
            styles.append(Style(number_format=formats.get(number, f"[unknown {number}]"), font=font[0], size=font[1],
                                fill=fills[_index(xf.get("fillId"), len(fills))]))
        return tuple(styles) or (Style(),)

    # -------------------------------------------------------------- sheets

    def sheet(self, name: str, max_column: int) -> Sheet:
        """Read sheet `name`, keeping the cells of its first `max_column` columns and `MAX_ROWS` rows."""
        listed = self.sheets[name]
        if listed.part is None or not self._has(listed.part):
            raise WorkbookError(f"sheet '{name}' is not a worksheet, or is missing from the file")
        folder = posixpath.dirname(listed.part)
        rels = self._relationships(posixpath.join(folder, "_rels", posixpath.basename(listed.part) + ".rels"),
                                   folder)
        covered = [words for kind, _t, _m in rels.values() for k, words in _COVERING_PARTS.items() if kind == k]
        for kind, target, mode in rels.values():
            if kind == "vmlDrawing" and mode == "Internal" and self._has(target) and \
                    re.search(rb"<(?:[\w.-]+:)?Visible[\s/>]", self._bytes(target), re.IGNORECASE):
                covered.append("comments that are always shown")
        builder = _SheetBuilder(self, name, listed.state, max_column)
        try:
            for event, element in ElementTree.iterparse(io.BytesIO(self._bytes(listed.part)), ("start", "end")):
                builder.handle(event, element)
        except ElementTree.ParseError as error:
            raise WorkbookError(f"sheet '{name}' is damaged ({error})") from None
        return builder.build(tuple(dict.fromkeys(covered)))


class _SheetBuilder:
    """Collects a sheet while expat streams it, keeping only what the bid reader needs."""

    def __init__(self, workbook: Workbook, name: str, state: str, max_column: int) -> None:
        self.workbook, self.name, self.state, self.max_column = workbook, name, state, max_column
        self.cells: dict[tuple[int, int], Cell] = {}
        self.rows: dict[int, tuple[bool, float | None]] = {}
        self.columns: list[tuple[int, int, bool, float | None]] = []
        self.merged: list[Range] = []
        self.conditional: list[Range] = []
        self.formula_ranges: list[Range] = []
        self.covered: list[str] = []
        self.row = 0
        self.column = 0
        self.default_height = 15.0
        self.hidden_by_default = False
        self.default_width = 8.43
        self.show_zeros = True
        self.depth = 0
        self.beyond = False

    def handle(self, event: str, element: ElementTree.Element) -> None:
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "end" and tag in ("col", "mergeCell", "conditionalFormatting", "c") and \
                len(self.columns) + len(self.merged) + len(self.conditional) + len(self.formula_ranges) > MAX_RANGES:
            raise WorkbookError(f"sheet '{self.name}' has more than {MAX_RANGES:,} column settings or ranges")
        if event == "start":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise WorkbookError(f"sheet '{self.name}' is nested more than {MAX_DEPTH} levels deep")
            if tag == "row":
                self._row(element)
            return
        self.depth -= 1
        if tag == "c":
            self._cell(element)
            element.clear()
        elif tag == "row":
            element.clear()
        elif tag == "col":
            first, last = _int(element.get("min")) or 1, _int(element.get("max")) or 1
            width = _float(element.get("width"))
            self.columns.append((first, last, _true(element.get("hidden")), width))
            element.clear()
        elif tag == "sheetFormatPr":
            height = _float(element.get("defaultRowHeight"))
            self.default_height = 15.0 if height is None else height
            width = _float(element.get("defaultColWidth"))
            base = _float(element.get("baseColWidth"))
            self.default_width = width if width is not None else 8.43 if base is None else base
            self.hidden_by_default = _true(element.get("zeroHeight"))
        elif tag == "sheetView":
            self.show_zeros = self.show_zeros and element.get("showZeros") not in ("0", "false")
        elif tag == "mergeCell":
            self.merged.extend(_ranges(element.get("ref")))
            element.clear()
        elif tag == "conditionalFormatting":
            self.conditional.extend(_ranges(element.get("sqref")))
            self.conditional.extend(r for child in element if child.tag.endswith("}sqref") for r in _ranges(child.text))
        elif tag in ("drawing", "picture", "oleObjects", "controls") and self.depth == 1:
            self.covered.append({"drawing": "pictures, shapes or text boxes", "picture": "a background picture",
                                 "oleObjects": "embedded objects", "controls": "form controls"}[tag])

    def _row(self, element: ElementTree.Element) -> None:
        number = _int(element.get("r"))
        if element.get("r") is not None and (number is None or not 0 < number <= 1_048_576):
            raise WorkbookError(f"sheet '{self.name}' has a damaged row number")
        number = number if number is not None else self.row + 1
        if number <= self.row:
            raise WorkbookError(f"row {number} of sheet '{self.name}' is written twice or out of order")
        self.row = number
        self.column = 0
        if self.row <= MAX_ROWS:
            height = _float(element.get("ht"))
            self.rows[self.row] = (_true(element.get("hidden")) or (self.hidden_by_default and height is None),
                                   height)

    def _cell(self, element: ElementTree.Element) -> None:
        where = _cell_ref(element.get("r"))
        if element.get("r") is not None and (where is None or where[0] != self.row):
            raise WorkbookError(f"sheet '{self.name}' has a damaged cell reference ('{element.get('r', '')[:20]}')")
        row, column = where if where else (self.row, self.column + 1)
        self.column = column
        formula_element = element.find(f"{{{MAIN}}}f")
        if formula_element is not None:
            self.formula_ranges.extend(_ranges(formula_element.get("ref")))
        if column > self.max_column:
            return
        if row > MAX_ROWS:
            self.beyond = self.beyond or len(element) > 0
            return
        if (row, column) in self.cells:
            raise WorkbookError(f"cell {cell_name(self.name, row, column)} is written twice in the file")
        cell = _read_cell(element, self.workbook, formula_element)
        if cell is not None:
            self.cells[(row, column)] = cell

    def build(self, covered: tuple[str, ...]) -> Sheet:
        return Sheet(name=self.name, state=self.state, cells=self.cells, rows=self.rows, columns=tuple(self.columns),
                     default_height=self.default_height, default_width=self.default_width,
                     rows_hidden_by_default=self.hidden_by_default,
                     merged=tuple(self.merged), conditional=tuple(self.conditional),
                     formula_ranges=tuple(self.formula_ranges), show_zeros=self.show_zeros,
                     covered_by=tuple(dict.fromkeys(covered + tuple(self.covered))),
                     beyond=self.beyond)


def _read_cell(element: ElementTree.Element, workbook: Workbook, formula: ElementTree.Element | None) -> Cell | None:
    """A cell element as a `Cell`; None when it holds nothing (only a style)."""
    kind = element.get("t") or "n"
    index = _int(element.get("s")) or 0
    style = workbook.styles[index] if 0 <= index < len(workbook.styles) else workbook.styles[0]
    formula_text = None if formula is None else (formula.text or SHARED_FORMULA)
    value_element = element.find(f"{{{MAIN}}}v")
    stored = None if value_element is None else value_element.text
    tags = [child.tag for child in element]
    if len(tags) != len(set(tags)) or (value_element is not None and len(value_element)):
        return Cell(kind="damaged", value=(stored or "")[:40], formula=formula_text, style=style)
    if kind == "inlineStr":
        inline = element.find(f"{{{MAIN}}}is")
        text, runs = ("", ()) if inline is None else _rich_text(inline, workbook.theme)
        return Cell(kind="text", value=text, formula=formula_text, style=style, runs=runs) \
            if text or formula_text else None
    if stored is None or (stored == "" and kind != "str"):
        return Cell(kind="text", value="", formula=formula_text, style=style) if formula_text else None
    if kind == "n":
        return Cell(formula=formula_text, style=style, **_number_cell(stored))
    if kind == "s":
        number = _int(stored)
        if number is None or not 0 <= number < len(workbook.strings):
            return Cell(kind="damaged", value=stored[:40], formula=formula_text, style=style)
        text, runs = workbook.strings[number]
        return Cell(kind="text", value=text, formula=formula_text, style=style, runs=runs)
    if kind == "str":
        return Cell(kind="text", value=_unescape(stored), formula=formula_text, style=style)
    if kind == "b":
        flag = stored.strip().lower()
        if flag not in ("0", "1", "true", "false"):
            return Cell(kind="damaged", value=stored[:40], formula=formula_text, style=style)
        return Cell(kind="bool", value=flag in ("1", "true"), formula=formula_text, style=style)
    if kind == "e":
        return Cell(kind="error", value=stored.strip()[:40], formula=formula_text, style=style)
    if kind == "d":
        return Cell(kind="date", value=stored.strip()[:40], formula=formula_text, style=style)
    return Cell(kind="damaged", value=stored[:40], formula=formula_text, style=style)


def _number_cell(stored: str) -> dict[str, Any]:
    """A stored number as Excel holds it: a double, so `1e400`, `NaN` and `0x10` are not numbers."""
    text = stored.strip()
    if len(text) > 400 or not _NUMBER.match(text):
        return {"kind": "bad-number", "value": text[:40]}
    number = float(text)
    if number in (float("inf"), float("-inf")):
        return {"kind": "bad-number", "value": text[:40]}
    if number == int(number) and abs(number) < 1e16:
        return {"kind": "number", "value": Decimal(int(number))}
    return {"kind": "number", "value": Decimal(repr(number)).normalize()}


def _rich_text(element: ElementTree.Element, theme: tuple[str, ...]) -> tuple[str, tuple[Run, ...]]:
    """The text of a string item, its `t` or its runs' `t`s joined (phonetic guides, `rPh`, left
    out), and the colour and size of each run of rich text that holds more than spaces."""
    parts, runs = [], []
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if (len(child) and tag == "t") or any(len(t) for t in child.iterfind(f"{{{MAIN}}}t")):
            raise WorkbookError("a text in it is damaged (it holds markup)")
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            text = "".join(t.text or "" for t in child.iterfind(f"{{{MAIN}}}t"))
            parts.append(text)
            properties = child.find(f"{{{MAIN}}}rPr")
            if text.strip() and properties is not None:
                colour = properties.find(f"{{{MAIN}}}color")
                runs.append(Run(colour=None if colour is None else _colour(colour, theme, "000000"),
                                size=_float(_val(properties, "sz"))))
    return _unescape("".join(parts)), tuple(runs)


def _unescape(text: str) -> str:
    """Excel's `_xHHHH_` escapes, read as Excel reads them (`_x0007_` is a bell character)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _cell_ref(text: str | None) -> tuple[int, int] | None:
    found = _CELL_REF.match(text or "")
    if not found:
        return None
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - 64
    return int(found.group(2)), column


def _ranges(text: str | None) -> Iterator[Range]:
    for part in (text or "").split()[:1000]:
        first, _, last = part.partition(":")
        start, end = _cell_ref(first), _cell_ref(last or first)
        if start and end:
            yield (min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))


_PATTERN_SHARE = {"solid": 1.0, "darkGray": 0.75, "mediumGray": 0.5, "lightGray": 0.25, "gray125": 0.125,
                  "gray0625": 0.0625}


def _fill(fill: ElementTree.Element, theme: tuple[str, ...]) -> str:
    """The colour a fill looks like from a normal distance: a pattern blends its two colours by how
    much of the cell it covers; a gradient is taken at its first stop."""
    gradient = fill.find(f"{{{MAIN}}}gradientFill")
    if gradient is not None:
        stop = gradient.find(f"{{{MAIN}}}stop")
        return "FFFFFF" if stop is None else _colour(stop.find(f"{{{MAIN}}}color"), theme, "FFFFFF")
    pattern = fill.find(f"{{{MAIN}}}patternFill")
    kind = "none" if pattern is None else pattern.get("patternType") or "none"
    if pattern is None or kind == "none":
        return "FFFFFF"
    share = _PATTERN_SHARE.get(kind, 0.5 if kind.startswith("dark") else 0.25)
    front = _colour(pattern.find(f"{{{MAIN}}}fgColor"), theme, "FFFFFF" if kind == "solid" else "000000")
    back = _colour(pattern.find(f"{{{MAIN}}}bgColor"), theme, "FFFFFF")
    return "".join(f"{round(int(front[i:i + 2], 16) * share + int(back[i:i + 2], 16) * (1 - share)):02X}"
                   for i in (0, 2, 4))


def _colour(element: ElementTree.Element | None, theme: tuple[str, ...], default: str) -> str:
    """A colour element as RRGGBB: rgb, theme (with its tint) or indexed palette; `default` for auto."""
    if element is None or _true(element.get("auto")):
        return default
    rgb = element.get("rgb")
    if rgb and re.fullmatch(r"[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8}", rgb):
        return tint(rgb[-6:].upper(), _float(element.get("tint")) or 0.0)
    number = _int(element.get("theme"))
    if number is not None and 0 <= number < len(theme):
        return tint(theme[number], _float(element.get("tint")) or 0.0)
    return indexed(_int(element.get("indexed")), default)


def indexed(number: int | None, default: str) -> str:
    """A colour of Excel's indexed palette (64 and 65 are the system's text and background)."""
    from openpyxl.styles.colors import COLOR_INDEX  # type: ignore[import-untyped]

    if number is None or not 0 <= number < 64:
        return default
    return str(COLOR_INDEX[number])[-6:].upper()


def tint(rgb: str, amount: float) -> str:
    """Excel's tint: lighten (positive) or darken (negative) a colour's luminance."""
    if not amount:
        return rgb
    red, green, blue = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(red, green, blue)
    light = light * (1 + amount) if amount < 0 else light * (1 - amount) + amount
    out = colorsys.hls_to_rgb(hue, max(0.0, min(1.0, light)), saturation)
    return "".join(f"{round(c * 255):02X}" for c in out)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two RRGGBB colours: 1 when equal, 21 for black on white."""
    def luminance(rgb: str) -> float:
        channels = []
        for i in (0, 2, 4):
            c = int(rgb[i:i + 2], 16) / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _val(element: ElementTree.Element, child: str) -> str | None:
    found = element.find(f"{{{MAIN}}}{child}")
    return None if found is None else found.get("val")


def _true(text: str | None) -> bool:
    return (text or "").strip().lower() in ("1", "true")


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _index(text: str | None, size: int) -> int:
    number = _int(text)
    return number if number is not None and number < size else 0


def _float(text: str | None) -> float | None:
    try:
        number = float((text or "").strip())
    except ValueError:
        return None
    return number if number == number and abs(number) < 1e9 else None


def _size(text: str | None) -> float:
    """A font size in points; 11 (Excel's default) when none is given."""
    size = _float(text)
    return 11.0 if size is None else size


def _plain(number: float) -> str:
    return f"{number:g}"
