"""A supplier's delivery return: read through the one reader, then checked against its contract.

    contract: waste-2027
    supplier: "Acme Services Ltd"
    period: 2027-Q2
    submitted: 2027-07-20
    delivered:
      LBL1: 13.5
      LBL5: 180
    evidence:
      LBL1: ["payroll-2027-q2.csv"]
    narrative: "Two vacancies were filled in June."

Every problem is reported with its place (line:column) and the file is refused as a whole when
any figure is wrong: a return is counted complete or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from svspec import names, words
from svspec.delivery import periods
from svspec.delivery.contract import Contract, sha256_bytes
from svspec.diagnostics import Diagnostic, Related, Severity, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.reader import RETURN, Document, decode, parse_json, parse_yaml, read_bytes, shorten

FORMATS = (".yaml", ".yml", ".json", ".xlsx")
FIELDS = ("contract", "supplier", "period", "submitted", "delivered", "evidence", "narrative")


@dataclass(frozen=True, slots=True, kw_only=True)
class Return:
    """A checked return: the figures delivered in one period, with the file's sha256."""

    contract: str
    supplier: str
    period: str
    submitted: date | None
    delivered: Mapping[str, Decimal]
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    narrative: str | None = None
    file: str = ""
    sha256: str = ""


def display_path(path: Path) -> str:
    """The path as shown in messages: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def load_return(path: Path, contracts: Mapping[str, Contract], display: str | None = None
                ) -> tuple[Return | None, list[Diagnostic], str]:
    """Read and check one return against the contract it names; (return or None, problems, text)."""
    shown = display or display_path(path)
    if path.suffix and path.suffix.lower() not in FORMATS:
        return None, [make("return/unsupported-format", Span(file=shown, line=1, column=1, end_line=1,
                                                                 end_column=1), path=shown)], ""
    raw, problems = read_bytes(path, shown, RETURN)
    if raw is None:
        return None, problems, ""
    if path.suffix.lower() == ".xlsx":
        return _load_xlsx(raw, shown, contracts)
    text, problems = decode(raw, shown, RETURN)
    if text is None:
        return None, problems, ""
    parse = parse_json if path.suffix.lower() == ".json" else parse_yaml
    document, problems = parse(text, shown, RETURN)
    if document is None or any(d.severity is Severity.ERROR for d in problems):
        return None, problems, text
    checked, found = check_return(document, contracts)
    problems += found
    if checked is None or any(d.severity is Severity.ERROR for d in problems):
        return None, problems, text
    return replace(checked, sha256=sha256_bytes(raw)), problems, text


def _load_xlsx(raw: bytes, shown: str,
               contracts: Mapping[str, Contract]) -> tuple[Return | None, list[Diagnostic], str]:
    """A filled return spreadsheet: its cells read as bid spreadsheets are, then the same checks."""
    from svspec.delivery.spreadsheet import read_return_xlsx, with_cells

    document, problems = read_return_xlsx(raw, shown, contracts)
    if document is None:
        return None, problems, ""
    checked, found = check_return(document, contracts)
    found = with_cells(document, found)
    if checked is None or any(d.severity is Severity.ERROR for d in found):
        return None, found, ""
    return replace(checked, sha256=sha256_bytes(raw)), found, ""


def check_return(document: Document, contracts: Mapping[str, Contract]) -> tuple[Return | None, list[Diagnostic]]:
    """Check what a return holds against its contract; every problem is reported, with its place."""
    data = document.data
    if not isinstance(data, dict):
        return None, [make("return/malformed", document.span(()), what="a return is a mapping of fields such as "
                           "`contract:` and `delivered:`, not a single value or a list")]
    out: list[Diagnostic] = []
    for key in data:
        if key not in FIELDS:
            out.append(make("return/malformed", document.span((key,), key=True),
                            what=f"'{shorten(str(key))}' is not a field of a return",
                            suggestions=did_you_mean(str(key), FIELDS)))
    texts = {}
    for key in ("contract", "supplier", "period"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            out.append(make("return/malformed", document.span((key,)), what=f"the return needs `{key}:` as text"))
        else:
            texts[key] = value
    if "contract" not in texts:
        return None, out
    contract = contracts.get(texts["contract"])
    if contract is None:
        known = sorted(contracts)
        expected = (f"the database holds {', '.join(repr(k) for k in known)}" if known
                    else "the database holds no contract")
        out.append(make("return/wrong-contract", document.span(("contract",)), found=texts["contract"],
                        expected=expected, suggestions=did_you_mean(texts["contract"], known)))
        return None, out
    out += _supplier(document, contract, texts.get("supplier"))
    quarter = _period(document, contract, texts.get("period"), out)
    submitted = _submitted(document, data.get("submitted"), out)
    delivered = _delivered(document, contract, quarter, data.get("delivered"), out)
    evidence = _evidence(document, data.get("evidence"), out)
    narrative = data.get("narrative")
    if narrative is not None and not isinstance(narrative, str):
        out.append(make("return/malformed", document.span(("narrative",)), what="`narrative:` is text"))
    if any(d.severity is Severity.ERROR for d in out) or quarter is None:
        return None, out
    return Return(contract=contract.name, supplier=names.normalise(texts["supplier"]), period=quarter.name,
                  submitted=submitted, delivered=delivered, evidence=evidence,
                  narrative=narrative if isinstance(narrative, str) else None, file=document.file), out


def _supplier(document: Document, contract: Contract, supplier: str | None) -> list[Diagnostic]:
    if supplier is None:
        return []
    problem = names.problem(supplier)
    if problem is not None:
        return [make("return/bad-name", document.span(("supplier",)), name=names.shown(supplier), reason=problem)]
    if names.normalise(supplier) != contract.supplier:
        return [make("return/wrong-supplier", document.span(("supplier",)), found=names.normalise(supplier),
                     contract=contract.name, expected=contract.supplier)]
    return []


def _period(document: Document, contract: Contract, text: str | None, out: list[Diagnostic]) -> periods.Quarter | None:
    if text is None:
        return None
    quarter = periods.parse(text)
    if quarter is None:
        out.append(make("return/bad-period", document.span(("period",)), period=shorten(text),
                        reason="is not a quarter written YEAR-Qn, such as 2027-Q2"))
        return None
    if quarter not in contract.periods:
        first, last = contract.periods[0].name, contract.periods[-1].name
        out.append(make("return/bad-period", document.span(("period",)), period=text,
                        reason=f"is not a quarter of contract '{contract.name}', which runs from {first} to {last}"))
        return None
    return quarter


def _submitted(document: Document, value: Any, out: list[Diagnostic]) -> date | None:
    """The day the return was sent; the reader keeps a date as the text written (2027-07-20)."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    out.append(make("return/bad-date", document.span(("submitted",)), text=shorten(str(value))))
    return None


def _delivered(document: Document, contract: Contract, quarter: periods.Quarter | None, value: Any,
               out: list[Diagnostic]) -> dict[str, Decimal]:
    if not isinstance(value, dict):
        out.append(make("return/malformed", document.span(("delivered",)),
                        what="the return needs `delivered:`, a mapping of measure codes to figures"))
        return {}
    if quarter is None:
        return {}
    due = {c.measure: c for c, _ in contract.due_in(quarter.name)}
    figures: dict[str, Decimal] = {}
    for code, figure in value.items():
        where = ("delivered", code)
        commitment = due.get(code)
        if commitment is None:
            known = {c.measure for c in contract.commitments if c.schedule}
            reason = (f"is not due for {quarter.name}" if code in known else
                      f"is not a commitment of contract '{contract.name}' reported by figure")
            out.append(make("return/unknown-measure", document.span(where, key=True), measure=shorten(str(code)),
                            reason=reason, suggestions=did_you_mean(str(code), list(due))))
            continue
        if isinstance(figure, bool) or not isinstance(figure, Decimal):
            found = "empty" if figure is None else f"'{shorten(str(figure))}'"
            out.append(make("return/not-a-number", document.span(where), measure=code, found=found))
            continue
        limit = _outside(figure, commitment.minimum, commitment.maximum, commitment.unit)
        if limit is not None:
            out.append(make("return/out-of-bounds", document.span(where), measure=code,
                            found=words.quantity(figure, commitment.unit), limit=limit))
            continue
        figures[code] = figure
    for code, commitment in due.items():
        if code not in value:
            out.append(make("return/missing-figure", document.span(("delivered",), key=True), measure=code,
                            title=commitment.title, period=quarter.name,
                            related=[Related(span=document.span(("period",)), message="period given here")]))
    return figures


def _outside(figure: Decimal, minimum: Decimal | None, maximum: Decimal | None, unit: str | None) -> str | None:
    if minimum is not None and figure < minimum:
        return f"below the least allowed, {words.quantity(minimum, unit)}"
    if maximum is not None and figure > maximum:
        return f"above the most allowed, {words.quantity(maximum, unit)}"
    return None


def _evidence(document: Document, value: Any, out: list[Diagnostic]) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(f, str) for f in v) for v in value.values()):
        out.append(make("return/malformed", document.span(("evidence",)),
                        what="`evidence:` maps measure codes to lists of file names"))
        return {}
    return {str(k): tuple(v) for k, v in value.items()}
