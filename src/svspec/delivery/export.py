"""The contract as JSON, for `svspec award --out`: what was committed and when returns are due."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from svspec.delivery.contract import Contract


def contract_json(contract: Contract) -> str:
    """Every field of the contract; figures as exact decimal text, dates as ISO dates."""
    data = asdict(contract)
    data["format"] = "svspec-contract/1"
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
