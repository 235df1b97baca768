"""Every bid diagnostic is documented and exercised by a test."""

from __future__ import annotations

from pathlib import Path

from svspec.diagnostics.codes_bids import CODES
from svspec.diagnostics.registry import REGISTRY

HERE = Path(__file__).resolve().parent


def test_every_bid_code_is_namespaced_documented_and_in_the_registry() -> None:
    for code, spec in CODES.items():
        assert code.startswith("bid/") or code in REGISTRY
        assert REGISTRY[code] is spec
        assert spec.title and spec.message and len(spec.explanation) > 40


def test_every_bid_code_is_triggered_by_a_test_or_a_golden_file() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in HERE.rglob("*")
                      if p.is_file() and p.suffix in (".py", ".txt") and p.name != "test_codes.py")
    assert [code for code in CODES if f"{code}" not in sources] == []
