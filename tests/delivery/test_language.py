"""The tender lines for delivery: parsed, checked, lowered into the model and printed by the formatter."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from svspec import format_source, model
from svspec.api import load
from tests.delivery.conftest import LAMBETH

FRAMEWORK = (LAMBETH / "framework.svspec").read_text("utf-8")

TENDER = """tender t "Delivery lines"
  uses lambeth 2026.1 from "framework.svspec"
  contract value £6,000,000 over 3 years
  contract starts 2027-04-01
  kpis LBL1, LBL3, LBL5
  returns due 45 days after each period
  rating good at least 95%, approaching target at least 75%, requires improvement at least 40%

  criteria
    price 60%, scored relative to lowest
    social value 40%

  social value measures
    LBL1 weight 40%
    LBL3 weight 30%
    LBL5 weight 30%
"""


def compile_tender(tmp_path: Path, text: str) -> tuple[model.Tender | None, list[str]]:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "t"\n', "utf-8")
    (tmp_path / "framework.svspec").write_text(FRAMEWORK, "utf-8")
    (tmp_path / "values-2026.svspec").write_text((LAMBETH / "values-2026.svspec").read_text("utf-8"), "utf-8")
    (tmp_path / "t.svspec").write_text(text, "utf-8")
    result = load(tmp_path / "t.svspec")
    spec = result.model if isinstance(result.model, model.Tender) else None
    return spec, [d.code for d in result.diagnostics]


def test_the_delivery_lines_are_lowered_into_the_tender_model(tmp_path: Path) -> None:
    tender, codes = compile_tender(tmp_path, TENDER)
    assert codes == [] and tender is not None
    assert (tender.contract_starts, tender.kpis) == ("2027-04-01", ("LBL1", "LBL3", "LBL5"))
    assert tender.returns_due_days == 45
    assert tender.rating == model.Rating(good=Decimal("0.95"), approaching=Decimal("0.75"),
                                         improvement=Decimal("0.4"))


def test_a_tender_without_them_keeps_the_defaults(tmp_path: Path) -> None:
    text = "\n".join(line for line in TENDER.splitlines() if not line.lstrip().startswith(
        ("contract starts", "kpis", "returns due", "rating"))) + "\n"
    tender, codes = compile_tender(tmp_path, text)
    assert codes == [] and tender is not None
    assert (tender.contract_starts, tender.kpis, tender.returns_due_days) == (None, (), 30)
    assert tender.rating == model.Rating(good=Decimal(1), approaching=Decimal("0.8"), improvement=Decimal("0.5"))


def test_the_formatter_prints_the_delivery_lines_as_written_and_is_idempotent() -> None:
    messy = TENDER.replace("kpis LBL1, LBL3, LBL5", "kpis   LBL1 ,LBL3,  LBL5").replace(
        "returns due 45 days", "returns  due 45  days")
    once = format_source(messy)
    assert "  kpis LBL1, LBL3, LBL5\n" in once and "  returns due 45 days after each period\n" in once
    assert "  rating good at least 95%, approaching target at least 75%, requires improvement at least 40%\n" in once
    assert format_source(once) == once


def test_a_kpi_given_twice_is_reported_as_a_repeated_setting(tmp_path: Path) -> None:
    _, codes = compile_tender(tmp_path, TENDER.replace("  kpis LBL1, LBL3, LBL5\n",
                                                      "  kpis LBL1, LBL3, LBL5\n  kpis LBL1\n"))
    assert codes == ["duplicate-setting"]


def test_a_bad_contract_start_date_is_a_syntax_error(tmp_path: Path) -> None:
    _, codes = compile_tender(tmp_path, TENDER.replace("2027-04-01", "2027-02-30"))
    assert codes == ["syntax/bad-date"]
