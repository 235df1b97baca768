"""The contract as JSON, for `svspec award --out`: what was committed and when returns are due."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from svspec import model
from svspec.delivery.contract import Commitment, Contract, Due
from svspec.diagnostics import Diagnostic, make
from svspec.reader import CONTRACT, parse_json, read_text


def contract_json(contract: Contract) -> str:
    """Every field of the contract; figures as exact decimal text, dates as ISO dates."""
    data = asdict(contract)
    data["format"] = FORMAT
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


FORMAT = "svspec-contract/1"


def read_contract(path: Path, display: str) -> tuple[Contract | None, list[Diagnostic]]:
    """A contract file written by `contract_json`, read back through the one reader (JSON only)."""
    text, problems = read_text(path, display, CONTRACT)
    if text is None:
        return None, problems
    document, problems = parse_json(text, display, CONTRACT)
    if document is None or problems:
        return None, problems
    try:
        return _contract(document.data), []
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as error:
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return None, [make("contract/malformed", document.span(()), what=what)]


def _contract(data: Any) -> Contract:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"its format is not {FORMAT}")
    rating = data["rating"]
    return Contract(
        name=_text(data["name"]), tender=_text(data["tender"]), title=_text(data["title"]),
        supplier=_text(data["supplier"]), starts=date.fromisoformat(data["starts"]),
        ends=date.fromisoformat(data["ends"]), value=Decimal(data["value"]), years=Decimal(data["years"]),
        returns_due_days=int(data["returns_due_days"]),
        rating=model.Rating(good=Decimal(rating["good"]), approaching=Decimal(rating["approaching"]),
                            improvement=Decimal(rating["improvement"])),
        bid_sha256=_text(data["bid_sha256"]), tender_sha256=_text(data["tender_sha256"]),
        marks_sha256=data["marks_sha256"] if data["marks_sha256"] is None else _text(data["marks_sha256"]),
        commitments=tuple(_commitment(c) for c in data["commitments"]))


def _commitment(c: dict[str, Any]) -> Commitment:
    return Commitment(
        measure=_text(c["measure"]), title=_text(c["title"]), unit=_optional_text(c["unit"]),
        theme=_text(c["theme"]), outcome=_text(c["outcome"]),
        priority=None if c["priority"] is None else int(c["priority"]), kpi=c["kpi"] is True,
        answer=_text(c["answer"]), minimum=_decimal(c["minimum"]), maximum=_decimal(c["maximum"]),
        frequency=_optional_text(c["frequency"]), figure=_optional_text(c["figure"]),
        committed=_decimal(c["committed"]), per_year=_decimal(c["per_year"]),
        value_per_unit=_decimal(c["value_per_unit"]),
        contributes_to=tuple(_text(o) for o in c["contributes_to"]), text=_optional_text(c["text"]),
        schedule=tuple(Due(period=_text(d["period"]), starts=date.fromisoformat(d["starts"]),
                           ends=date.fromisoformat(d["ends"]), due=date.fromisoformat(d["due"]),
                           committed=Decimal(d["committed"]), value_per_figure=_decimal(d["value_per_figure"]))
                       for d in c["schedule"]))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(_text(value))
