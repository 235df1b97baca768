"""Open data out: the award criteria and the contract performance assessment as OCDS 1.1 releases.

One release package holds, for each contract in the monitoring database:

- a `tender` release (when its tender spec is given): the tender as one lot whose award criteria
  (the Award criteria breakdown extension) are the tender's price, quality and social value
  criteria with their weights as exact percentages; the quality questions and the social value
  measures, with their weights, are named in each criterion's description;
- an `implementation` release: the award to the supplier, the contract with its period and value,
  and, as the Metrics extension's `contracts/implementation/metrics`, each KPI with three
  observations for the report date: committed to date, delivered to date (in the KPI's unit),
  and the rating (Procurement Act 2023 s.71: Good, Approaching target, Requires improvement,
  Inadequate or Other) with its reason in `notes`; the contract's own rating is a metric too.

The award criteria use the Lots and Award criteria breakdown extensions, as the UK's Find a Tender
notices do; the KPIs use the Metrics extension's observations (the closest OCDS extension to the
Procurement Act's contract performance notice; its mapping to the UK data standard's own fields
was not checked against that standard, which was not available offline).

Every package is checked against the OCDS 1.1 release package schema with the extensions' patches
applied, from the copies in `ocds_schema/` (nothing is fetched), before it is written: output that
is not valid OCDS is our bug, raised, never published.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from svspec import SvspecError, model, words
from svspec.delivery.contract import Contract
from svspec.delivery.report import Report

EXTENSIONS = {
    "lots": "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "awardCriteria": "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/"
                     "master/extension.json",
    "metrics": "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/v1.1/"
               "extension.json",
}
"""The published `extension.json` of each extension used, in the order their patches apply."""

CRITERION_TYPES = {"price": "price", "quality": "quality", "social value": "quality"}
"""OCDS awardCriterionType for each kind of criterion: social value is a quality criterion (PPN 06/20), and so
is a criterion a tender names beside them (Manchester's environmental criterion)."""


def package(report: Report, contracts: Mapping[str, Contract], tenders: Iterable[model.Tender], *,
            prefix: str, publisher: str, published: datetime | None = None) -> dict[str, Any]:
    """The release package: a tender release per contract whose tender is given, and a performance release each."""
    when = (published or datetime.now(UTC)).replace(microsecond=0)
    by_name = {t.name: t for t in tenders}
    releases = []
    for name, contract in sorted(contracts.items()):
        ocid = f"{prefix}-{name}"
        tender = by_name.get(contract.tender)
        if tender is not None:
            releases.append(tender_release(tender, contract, ocid, when))
        releases.append(performance_release(report, contract, ocid, when, publisher))
    data = {
        "uri": f"urn:svspec:{prefix}:{report.as_of.isoformat()}",
        "version": "1.1",
        "extensions": list(EXTENSIONS.values()),
        "publishedDate": _moment(when),
        "publisher": {"name": publisher},
        "releases": releases,
    }
    problems = validate(data)
    if problems:
        raise SvspecError("the OCDS release package svspec made is not valid OCDS 1.1: " + "; ".join(problems[:5]))
    return data


def to_json(data: Mapping[str, Any]) -> str:
    """The package as JSON text (UTF-8, numbers as JSON numbers)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def tender_release(tender: model.Tender, contract: Contract, ocid: str, when: datetime) -> dict[str, Any]:
    """The award criteria: one lot, each criterion with its weight as an exact percentage."""
    criteria = []
    for c in tender.criteria:
        criterion: dict[str, Any] = {"type": CRITERION_TYPES.get(c.kind, "quality"), "name": c.kind.capitalize(),
                                     "numbers": [{"number": _number(c.weight * 100), "weight": "percentageExact"}]}
        detail = _criterion_detail(tender, c)
        if detail:
            criterion["description"] = detail
        criteria.append(criterion)
    lot = {"id": "1", "title": tender.title, "status": "complete",
           "value": {"amount": _number(tender.contract_value), "currency": "GBP"},
           "awardCriteria": {"criteria": criteria}}
    return {
        "ocid": ocid, "id": f"{contract.name}-tender-{tender.version or 1}", "date": _moment(when), "tag": ["tender"],
        "initiationType": "tender", "language": "en",
        "tender": {"id": tender.name, "title": tender.title, "status": "complete",
                   "value": {"amount": _number(tender.contract_value), "currency": "GBP"},
                   "awardCriteria": "ratedCriteria", "lots": [lot]},
    }


def _criterion_detail(tender: model.Tender, criterion: model.Criterion) -> str | None:
    if criterion.kind == "quality" and tender.questions:
        return "Questions: " + "; ".join(f"{q.code} {q.title} ({words.percent(q.weight)} of quality)"
                                         for q in tender.questions)
    if criterion.kind == "social value" and tender.selections:
        return "Measures: " + "; ".join(f"{s.code} {s.measure.title} ({words.percent(s.weight)} of social value)"
                                        for s in tender.selections)
    if criterion.kind == "price" and criterion.price_formula:
        return f"Price scored {criterion.price_formula.replace('-', ' ')}."
    return None


def performance_release(report: Report, contract: Contract, ocid: str, when: datetime,
                        publisher: str) -> dict[str, Any]:
    """The contract performance assessment as of the report date: each KPI's figures and rating."""
    supplier_id = f"supplier-{contract.name}"
    kpis = [k for k in report.kpis if k["contract"] == contract.name]
    own = next((c for c in report.contracts if c["contract"] == contract.name), None)
    period = {"startDate": _day(contract.starts), "endDate": _day(min(report.as_of, contract.ends))}
    metrics = [_kpi_metric(k, period) for k in kpis]
    if own is not None:
        metrics.append({"id": "contract-rating", "title": "Contract performance rating",
                        "description": "The contract is rated as its lowest-rated KPI (Procurement Act 2023 s.71).",
                        "observations": [{"id": "rating", "measure": own["rating"], "period": period,
                                          "notes": str(own["reason"])}]})
    return {
        "ocid": ocid, "id": f"{contract.name}-performance-{report.as_of.isoformat()}", "date": _moment(when),
        "tag": ["implementation"], "initiationType": "tender", "language": "en",
        "parties": [{"id": "buyer", "name": publisher, "roles": ["buyer"]},
                    {"id": supplier_id, "name": contract.supplier, "roles": ["supplier"]}],
        "buyer": {"id": "buyer", "name": publisher},
        "awards": [{"id": f"{contract.name}-award", "status": "active", "title": contract.title,
                    "suppliers": [{"id": supplier_id, "name": contract.supplier}],
                    "value": {"amount": _number(contract.value), "currency": "GBP"}}],
        "contracts": [{
            "id": contract.name, "awardID": f"{contract.name}-award", "title": contract.title, "status": "active",
            "period": {"startDate": _day(contract.starts), "endDate": _day(contract.ends)},
            "value": {"amount": _number(contract.value), "currency": "GBP"},
            "implementation": {"metrics": metrics},
        }],
    }


def _kpi_metric(k: Mapping[str, Any], period: Mapping[str, str]) -> dict[str, Any]:
    unit = {"name": k["unit"]} if k["unit"] else None
    kind = "held on average" if k["figure"] == "level" else "to date"
    observations: list[dict[str, Any]] = []
    for key, label in (("committed", "committed"), ("delivered", "delivered")):
        observation: dict[str, Any] = {"id": key, "measure": _number(k[key] or Decimal(0)), "period": period,
                                       "notes": f"{label} {kind}"}
        if unit:
            observation["unit"] = unit
        observations.append(observation)
    observations.append({"id": "rating", "measure": k["rating"], "period": period, "notes": str(k["reason"])})
    return {"id": str(k["measure"]), "title": str(k["title"]),
            "description": "Contract KPI (Procurement Act 2023 s.52)", "observations": observations}


def _number(value: Decimal | Fraction) -> int | float:
    """A figure as a JSON number: whole numbers as integers; others the nearest double (OCDS numbers are JSON)."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    exact = Decimal(value)
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def _day(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _moment(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


# ------------------------------------------------------------------------------------- checking


def _read(*parts: str) -> Any:
    return json.loads(resources.files("svspec.delivery").joinpath("ocds_schema", *parts).read_text("utf-8"))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch, as OCDS applies an extension's release-schema.json to the core."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


@cache
def patched_release_schema() -> dict[str, Any]:
    """The OCDS 1.1 release schema with every extension's patch applied, in order."""
    release: dict[str, Any] = _read("standard", "schema", "release-schema.json")
    for name in EXTENSIONS:
        release = merge_patch(release, _read("extensions", name, "release-schema.json"))
    return release


def validate(data: Any) -> list[str]:
    """Every way `data` breaks the OCDS 1.1 release package schema with the extensions (empty: valid)."""
    import jsonschema  # type: ignore[import-untyped, unused-ignore]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    release = patched_release_schema()
    registry: Registry[Any] = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4))
    schema = _read("standard", "schema", "release-package-schema.json")
    validator = jsonschema.Draft4Validator(schema, registry=registry,
                                           format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '/'}: {e.message}" for e in validator.iter_errors(data)]
