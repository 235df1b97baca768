"""The delivery reports: committed vs delivered, social value delivered, returns, KPI ratings.

The figures come from the SQL files in `queries/`, run on the monitoring database; this module only
fills in their two checked placeholders and lays the rows out as text, CSV or JSON, with every
figure written through `svspec.words` (rounded only when shown).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from svspec import words
from svspec.delivery.store import Database
from svspec.plaintext import csv_text, one_line, visible

DIMENSIONS = ("contract", "measure", "outcome", "theme", "priority")
RATINGS = ("Good", "Approaching target", "Requires improvement", "Inadequate")
"""Procurement Act 2023 s.71 ratings, best first; `Other` is given when nothing is due yet."""


def query_text(name: str, *, as_of: date) -> str:
    """The text of `queries/NAME.sql` with its one placeholder filled from a checked date only."""
    if not isinstance(as_of, date):
        raise TypeError("as_of must be a date")
    text = resources.files("svspec.delivery").joinpath("queries", f"{name}.sql").read_text(encoding="utf-8")
    return text.replace("{as_of}", as_of.isoformat())


def run(db: Database, name: str, *, as_of: date) -> list[dict[str, Any]]:
    """The rows of one report query, as mappings of column name to value."""
    cursor = db.connection.execute(query_text(name, as_of=as_of))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Every table of the delivery report as of one day."""

    as_of: date
    contracts: list[dict[str, Any]]
    by_period: list[dict[str, Any]]
    totals: dict[str, list[dict[str, Any]]]
    returns: list[dict[str, Any]]
    kpis: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    return_counts: list[dict[str, Any]]
    """Each contract's returns counted by status (on time, late, missing, not yet due)."""


def build(db: Database, as_of: date) -> Report:
    """Run every report query; add each KPI's reason and each contract's rating."""
    kpis = run(db, "kpi_ratings", as_of=as_of)
    for k in kpis:
        k["reason"] = kpi_reason(k)
    contracts = []
    for name, contract in db.contracts().items():
        own = [k for k in kpis if k["contract"] == name]
        rating, reason = contract_rating(own)
        contracts.append({"contract": name, "title": contract.title, "supplier": contract.supplier,
                          "starts": contract.starts, "ends": contract.ends, "rating": rating, "reason": reason})
    return Report(as_of=as_of, contracts=contracts, by_period=run(db, "by_period", as_of=as_of),
                  totals=split_totals(run(db, "totals", as_of=as_of)),
                  returns=run(db, "returns_status", as_of=as_of), kpis=kpis,
                  contributions=run(db, "contributions", as_of=as_of),
                  return_counts=run(db, "returns_summary", as_of=as_of))


def split_totals(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of `totals.sql` (all dimensions at once) as one table per dimension."""
    out: dict[str, list[dict[str, Any]]] = {d: [] for d in DIMENSIONS}
    for row in rows:
        out[row["dimension"]].append(row)
    return out


def kpi_reason(k: dict[str, Any]) -> str:
    """Why a KPI has its rating, in words."""
    unit = k["unit"]
    if k["rating"] == "Other":
        return "nothing is due yet"
    delivered, committed = words.quantity(k["delivered"], unit), words.quantity(k["committed"], unit)
    if not k["committed"]:
        return f"delivered {delivered} where nothing was committed to date"
    share = words.percent(k["share"])
    if k["figure"] == "level":
        return f"held {delivered} on average against {committed} committed ({share}); {_need(k)}"
    return f"delivered {delivered} of {committed} committed to date ({share}); {_need(k)}"


def _need(k: dict[str, Any]) -> str:
    thresholds = {"Good": k["rating_good"], "Approaching target": k["rating_approaching"],
                  "Requires improvement": k["rating_improvement"]}
    if k["rating"] in thresholds:
        return f"{k['rating']} needs at least {words.percent(thresholds[k['rating']])}"
    return f"below {words.percent(k['rating_improvement'])} is Inadequate"


def contract_rating(kpis: list[dict[str, Any]]) -> tuple[str, str]:
    """A contract is rated as its lowest-rated KPI, and says which one that is."""
    rated = [k for k in kpis if k["rating"] in RATINGS]
    if not rated:
        return "Other", "no KPI is due yet" if kpis else "the contract has no KPIs"
    worst = max(rated, key=lambda k: (RATINGS.index(k["rating"]), k["share"] is not None and -k["share"]))
    return worst["rating"], f"its lowest KPI is {worst['measure']} ({worst['title']}): {worst['reason']}"


# ------------------------------------------------------------------------------------ output
def _figure(value: Any, unit: str | None = None) -> str:
    if value is None:
        return "-"
    return words.quantity(value, unit) if unit else words.number(value)


def _money(value: Any) -> str:
    return "-" if value is None else words.money(value)


def _share(delivered: Any, committed: Any) -> str:
    if delivered is None or not committed:
        return "-"
    return words.percent(Decimal(delivered) / Decimal(committed))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return lines


def _text(value: Any) -> str:
    return visible(one_line(str(value))) if value is not None else "-"


def to_text(report: Report) -> str:
    """The report for people: contracts and ratings, totals, periods, returns and KPIs."""
    out = [f"Delivery report as of {report.as_of.isoformat()}", ""]
    for c in report.contracts:
        out.append(f"Contract {_text(c['contract'])} \"{_text(c['title'])}\", held by {_text(c['supplier'])}, "
                   f"{c['starts'].isoformat()} to {c['ends'].isoformat()}")
        out.append(f"  Performance: {c['rating']}: {_text(c['reason'])}")
    out += ["", "Committed vs delivered to date, by measure"]
    out += _table(["measure", "committed", "delivered", "share", "social value committed", "delivered (£)"],
                  [[_text(t["grouping"]), _figure(t["committed"], _unit(t)), _figure(t["delivered"], _unit(t)),
                    _share(t["delivered"], t["committed"]), _money(t["committed_value"]),
                    _money(t["delivered_value"])] for t in report.totals["measure"]])
    for dimension in ("outcome", "theme", "priority"):
        out += ["", f"Social value to date, by {dimension}"]
        out += _table([dimension, "committed (£)", "delivered (£)", "share"],
                      [[_text(t["grouping"]), _money(t["committed_value"]), _money(t["delivered_value"]),
                        _share(t["delivered_value"], t["committed_value"])] for t in report.totals[dimension]])
    if report.contributions:
        out += ["", "Contributions to wider outcomes (`contributes to`; each counts in full, so not added up)"]
        out += _table(["outcome", "measures", "committed (£)", "delivered (£)"],
                      [[_text(t["grouping"]), str(t["measures"]), _money(t["committed_value"]),
                        _money(t["delivered_value"])] for t in report.contributions])
    out += ["", "Committed vs delivered, by period"]
    out += _table(["contract", "measure", "period", "committed", "delivered", "share", "delivered (£)"],
                  [[_text(r["contract"]), _text(r["measure"]), r["period"], _figure(r["committed"], r["unit"]),
                    _figure(r["delivered"], r["unit"]), _share(r["delivered"], r["committed"]),
                    _money(r["delivered_value"])] for r in report.by_period])
    out += ["", "Returns"]
    out += _table(["contract", "period", "due", "first received", "revisions", "status"],
                  [[_text(r["contract"]), r["period"], r["due"].isoformat(),
                    r["first_received"].isoformat() if r["first_received"] else "-",
                    str(r["revisions"] or 0), r["status"]] for r in report.returns])
    out += ["", "KPI ratings (Procurement Act 2023 s.71)"]
    out += _table(["contract", "KPI", "rating", "why"],
                  [[_text(k["contract"]), _text(k["measure"]), k["rating"], _text(k["reason"])] for k in report.kpis])
    return "\n".join(out) + "\n"


def _unit(total: dict[str, Any]) -> str | None:
    return total["unit"] if total["units"] == 1 else None


def to_csv(report: Report, dimension: str = "period") -> str:
    """One table as CSV: committed vs delivered by period, or to date by one dimension."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if dimension == "period":
        columns = ["contract", "measure", "title", "unit", "outcome", "theme", "period", "due", "committed",
                   "delivered", "committed_value", "delivered_value"]
        rows = report.by_period
    else:
        columns = ["grouping", "contracts", "committed", "delivered", "committed_value", "delivered_value"]
        rows = report.totals[dimension]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv(row[c]) for c in columns])
    return buffer.getvalue()


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return words.fixed(value)
    if isinstance(value, date):
        return value.isoformat()
    return csv_text(str(value))


def to_json(report: Report) -> str:
    """Every table, figures as exact decimal text and dates as ISO dates."""
    data = {"as_of": report.as_of.isoformat(), "contracts": report.contracts, "by_period": report.by_period,
            "totals": report.totals, "returns": report.returns, "kpis": report.kpis,
            "contributions": report.contributions, "return_counts": report.return_counts}
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json) + "\n"


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
