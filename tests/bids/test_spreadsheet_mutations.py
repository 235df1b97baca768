"""Damaged and hostile spreadsheets never make the reader raise: every mutation of a filled
template's XML ends in a clean bid or in diagnostics, and an accepted bid holds only values that
were typed into visible answer cells.

The mutations are seeded (the same on every run); the failing input's seed is in the message.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from svspec import model
from svspec.bids.layout import ANSWER_COLUMN
from svspec.bids.read import load_bid
from svspec.diagnostics.registry import REGISTRY
from svspec.emit.xlsx import workbook_bytes

MUTATIONS = int(os.environ.get("SVSPEC_SHEET_MUTATIONS", "600"))
OFFSET = int(os.environ.get("SVSPEC_SHEET_SEED", "0"))
MEMBERS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet5.xml", "xl/styles.xml", "xl/workbook.xml",
           "xl/_rels/workbook.xml.rels", "_rels/.rels")
HOSTILE = ["NaN", "-1", "0", "1e400", "99999999999999999999", "", "A0", "ZZZZ1", "B5:A1", "1:1", "true",
           ";;;", "FFFFFFFF", "\u202e", "_xD800_", "#N/A", "../../x", "veryHidden", "hidden", "s", "e", "b", "str",
           "inlineStr", "d", "2027-13-45"]
TYPED = {Decimal(11500000), Decimal(14), Decimal(104), Decimal(1200), Decimal("350.5"), Decimal(0), Decimal(-1),
         Decimal("1E+20")}
"""Numbers an accepted bid may hold: those typed, and those a mutation typed over them. The
hidden row a mutation inserts holds 777, which must never be read."""


def _filled(waste: model.Tender) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(waste)))
    values = {"LBL1": 14, "LBL3": 104, "LBL5": 1200, "LBL6": "Panels.", "LBL8": 350.5, "Q1": "Depots.", "Q2": "Go."}
    for name in ("Quality", "Social value"):
        for row in range(2, wb[name].max_row + 1):
            wb[name].cell(row=row, column=ANSWER_COLUMN).value = values.get(wb[name].cell(row=row, column=1).value)
    wb["Bid"]["B3"], wb["Bid"]["B5"] = "Acme", 11500000
    wb["Social value"]["D5"], wb["Social value"]["D6"] = "plan.pdf", "carbon.pdf"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _mutate(rng: random.Random, text: str) -> str:
    choice = rng.randrange(5)
    if choice == 0:  # a hostile attribute value
        attributes = list(re.finditer(r'="([^"]*)"', text))
        if attributes:
            found = rng.choice(attributes)
            return text[:found.start(1)] + rng.choice(HOSTILE) + text[found.end(1):]
    if choice == 1:  # a hostile element text
        values = list(re.finditer(r">([^<]+)<", text))
        if values:
            found = rng.choice(values)
            return text[:found.start(1)] + rng.choice(HOSTILE) + text[found.end(1):]
    if choice == 2:  # delete a span
        at = rng.randrange(len(text))
        return text[:at] + text[at + rng.randrange(1, 40):]
    if choice == 3:  # duplicate an element
        elements = list(re.finditer(r"<(c|row|col|sheet|xf|font|fill|mergeCell)\b[^>]*?(/>|>.*?</\1>)", text))
        if elements:
            found = rng.choice(elements)
            return text[:found.end()] + found.group(0) + text[found.end():]
    at = rng.randrange(len(text))  # insert a construct
    inserted = rng.choice(['<f>1+1</f>', '<v>NaN</v>', ' hidden="1"', ' t="e"', '<mergeCell ref="A1:J9"/>',
                           ' s="99"', ' ht="0"',
                           '<row r="7" hidden="1"><c r="A7" t="inlineStr"><is><t>LBL1</t></is></c>'
                           '<c r="C7"><v>777</v></c></row>'])
    return text[:at] + inserted + text[at:]


def _rebuild(raw: bytes, member: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == member else source.read(info))
    return out.getvalue()


@pytest.mark.parametrize("batch", range(3))
def test_mutated_spreadsheets_never_raise_and_accept_only_typed_visible_values(tmp_path: Path, waste: model.Tender,
                                                                              batch: int) -> None:
    raw = _filled(waste)
    names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    path = tmp_path / "bid.xlsx"
    accepted = 0
    for seed in range(OFFSET + batch * MUTATIONS // 3, OFFSET + (batch + 1) * MUTATIONS // 3):
        rng = random.Random(seed)
        member = rng.choice([m for m in MEMBERS if m in names])
        text = zipfile.ZipFile(io.BytesIO(raw)).read(member).decode("utf-8")
        for _ in range(rng.randrange(1, 4)):
            text = _mutate(rng, text)
        path.write_bytes(_rebuild(raw, member, text.encode("utf-8", "surrogatepass")))
        try:
            bid, diagnostics = load_bid(path, waste)
        except Exception as error:  # pragma: no cover - the failure this test exists to catch
            pytest.fail(f"seed {seed} ({member}) raised {type(error).__name__}: {error}")
        assert all(d.code in REGISTRY for d in diagnostics), seed
        if bid is not None:
            accepted += 1
            numbers = set(bid.social_value.values()) | {bid.price}
            assert {n for n in numbers if isinstance(n, Decimal)} <= TYPED, f"seed {seed}: {numbers}"
    assert accepted > 0, "no mutation was harmless: the test is not reading valid spreadsheets"
