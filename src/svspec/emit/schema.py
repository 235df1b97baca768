"""The JSON Schema (draft 2020-12) for bids to a tender, written as `bid-schema.json`.

The schema says everything JSON Schema can: closed objects, required answers, numeric bounds,
enums for choices, character limits and the evidence due with the bid for each commitment
(`if`/`then`). What it cannot say (units, word limits, evidence due later, how an answer is
scored, double counting) travels as `svspec:*` annotations of the vocabulary published with the
dialect meta-schema in `svspec/schemas/`. `svspec validate` checks all of it; the schema and the
validator are built from the same `BidRules`, so they agree.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from svspec import model, schemas, words
from svspec.bids.jsontext import dumps
from svspec.bids.rules import (
    BIDDER_MAX,
    DATE_PATTERN,
    EVIDENCE_ITEM_MAX,
    AnswerRule,
    BidRules,
    describe_scoring,
)
from svspec.kinds.answers import ANSWERS, NON_BLANK, answer_kind, plain_text
from svspec.scoring.core import MAX_WHOLE_DIGITS

SCHEMA_FILE = "bid-schema.json"
PLAIN_TEXT: dict[str, Any] = plain_text()
"""No control or invisible character (`svspec.scoring.core.REFUSED_CHARACTERS`)."""
NUMBER_BOUND = Decimal(10) ** MAX_WHOLE_DIGITS
"""Numbers in a bid have at most MAX_WHOLE_DIGITS digits before the point."""

DEFS: dict[str, dict[str, Any]] = {
    **{kind.schema_def: kind.schema() for kind in ANSWERS.values()},
    "evidence-list": {
        "anyOf": [
            {"type": "string", "pattern": NON_BLANK, **PLAIN_TEXT, "maxLength": EVIDENCE_ITEM_MAX},
            {"type": "array", "minItems": 1, "uniqueItems": True,
             "items": {"type": "string", "pattern": NON_BLANK, **PLAIN_TEXT, "maxLength": EVIDENCE_ITEM_MAX}}],
        "description": "Names of the documents supplied as evidence, each listed once (one name alone may be "
                       "given without a list).",
    },
}


def schema_id(tender: model.Tender) -> str:
    """A stable `$id` from the tender's name and version."""
    return f"urn:svspec:bid-schema:{tender.name}:{tender.version or 'unversioned'}"


def example_value(rule: AnswerRule) -> Any:
    """A plausible valid answer, used for schema `examples` and example bids."""
    return answer_kind(rule.answer).example(rule.answer, rule.code)


def answer_schema(rule: AnswerRule) -> dict[str, Any]:
    """The schema of one answer: the shared definition of its kind, narrowed and annotated."""
    answer = rule.answer
    kind = answer_kind(answer)
    definition = kind.schema_def
    # The type is repeated beside the $ref: a validator in strict mode (ajv) wants each keyword
    # such as `minimum` or `maxLength` to stand with the type it applies to, not behind a $ref.
    out: dict[str, Any] = {"$ref": f"#/$defs/{definition}", "type": DEFS[definition]["type"],
                           "title": f"{rule.code}: {rule.title}", "svspec:code": rule.code}
    if rule.guidance:
        out["description"] = rule.guidance
    if isinstance(rule.item, model.Measure) and rule.item.origin is not None:
        out["svspec:origin"] = rule.item.origin.words()  # a framework built on another: docs/language/extends.md
    out.update(kind.narrowed(answer))
    if rule.unit:
        out["svspec:unit"] = rule.unit
    out["svspec:weight"] = words.exact(rule.weight)
    out["svspec:scoring"] = {"kind": rule.scoring.kind if rule.scoring else "record-only",
                             "description": describe_scoring(rule)}
    if rule.evidence:
        out["svspec:evidence"] = [
            {"what": e.what, "when": e.when, **({"verifiedBy": e.verified_by} if e.verified_by else {})}
            for e in rule.evidence]
    if rule.no_double_counting_with:
        out["svspec:noDoubleCountingWith"] = list(rule.no_double_counting_with)
    if rule.part_of:
        out["svspec:partOf"] = list(rule.part_of)
    if rule.whole:
        out["multipleOf"] = 1  # a whole count: only `apportioned` measures take 10.5 FTE
    item = rule.item
    if isinstance(item, model.Measure):
        if item.question:
            out["svspec:question"] = item.question
        if item.sub_criteria:
            out["svspec:subCriteria"] = list(item.sub_criteria)
        if item.local_area or item.local_boundary:
            out["svspec:localArea"] = list(item.local_area) if item.local_area else item.local_boundary
        if item.tags:
            out["svspec:tags"] = list(item.tags)
    out["examples"] = [example_value(rule)]
    return out


def _commitment_condition(rule: AnswerRule) -> dict[str, Any]:
    return answer_kind(rule.answer).commitment_schema_for(rule.answer)


def _evidence_condition(rule: AnswerRule) -> dict[str, Any]:
    """If the bid commits something to `rule`, its evidence must be listed with the bid.

    Every subschema holding `required` or `properties` also says `type: object`: the meaning is
    the same (the bid and its sections are objects anyway), and ajv's strict mode, on by default,
    otherwise warns once per condition (strictTypes); each required name is also a property
    (strictRequired)."""
    section: dict[str, Any] = {"type": "object", "required": [rule.code],
                               "properties": {rule.code: _commitment_condition(rule)}}
    evidence: dict[str, Any] = {"type": "object", "required": [rule.code],
                                "properties": {rule.code: {"$ref": "#/$defs/evidence-list"}}}
    return {"if": {"type": "object", "required": [rule.section], "properties": {rule.section: section}},
            "then": {"type": "object", "required": ["evidence"], "properties": {"evidence": evidence}}}


def _price_components_schema(tender: model.Tender) -> dict[str, Any]:
    """The price by component (whole-life cost, issue 12 item 4): an amount in pounds for each."""
    terms = " + ".join(("" if c.times == 1 else f"{c.times} × ") + c.code for c in tender.price_components)
    return {
        "type": "object", "title": "Price by component",
        "description": f"The price of each component in pounds; the price scored is the whole-life cost {terms}.",
        "properties": {c.code: {"type": "number", "minimum": 0, "exclusiveMaximum": NUMBER_BOUND, "title": c.title,
                                "description": f"{c.title}, in pounds" + ("" if c.times == 1 else
                                                                         f"; counted {c.times} times"),
                                "svspec:unit": "£"}
                       for c in tender.price_components},
        "required": [c.code for c in tender.price_components], "additionalProperties": False,
        # a whole-life cost of £0 cannot be scored (bid/zero-price): not every component 0
        "not": {"properties": {c.code: {"const": 0} for c in tender.price_components}},
    }


def bid_schema(tender: model.Tender) -> dict[str, Any]:
    """The JSON Schema for a bid to `tender`, as plain data (Decimals for exact numbers)."""
    rules = BidRules.for_tender(tender)
    properties: dict[str, Any] = {
        "tender": {"const": tender.name, "title": "Tender", "description": "The name of the tender this bid answers."},
        "bidder": {"type": "string", "pattern": NON_BLANK, **PLAIN_TEXT, "maxLength": BIDDER_MAX, "title": "Bidder",
                   "description": "The bidder's name, as it should appear in reports. svspec validate also "
                                  "refuses a name that mixes alphabets or holds an invisible, private-use or "
                                  "unassigned character, which this schema cannot express."},
        "submitted": {"type": "string", "pattern": DATE_PATTERN, "title": "Submitted",
                      "description": "When the bid was submitted (RFC 3339 date, or date and time with its "
                      "time zone); optional. The buyer's own receipt time, when recorded, is used instead.",
                      "examples": ["2027-01-10T12:00:00Z"]},
    }
    if rules.has_price and tender.price_components:
        properties["price"] = _price_components_schema(tender)
    elif rules.has_price:
        properties["price"] = {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": NUMBER_BOUND,
                               "title": "Price",
                               "description": "The total price of the bid in pounds.", "svspec:unit": "£"}
    for section, section_rules in rules.by_section.items():
        if not section_rules:
            continue
        properties[section] = {
            "type": "object",
            "title": "Quality answers" if section == "quality" else "Social value answers",
            "description": ("One answer for each quality question." if section == "quality" else
                            "One answer for each social value measure the tender selects; give 0 or "
                            "no when you commit nothing."),
            "properties": {code: answer_schema(rule) for code, rule in section_rules.items()},
            "required": sorted(section_rules),
            "additionalProperties": False,
        }
    if rules.local_areas:
        properties["local"] = {
            "type": "object",
            "title": "Local areas",
            "description": "For each measure counted in named postcode districts, the districts the results "
            "counted come from; optional.",
            "properties": {code: {"type": "array", "items": {"enum": list(area)}, "uniqueItems": True}
                           for code, area in rules.local_areas.items()},
            "additionalProperties": False,
        }
    properties["evidence"] = {
        "type": ["object", "null"],
        "title": "Evidence",
        "description": "Documents supplied with the bid, listed under the code of the answer they support. "
        "Required for each commitment whose measure or question asks for evidence with the bid; "
        "may be left empty otherwise.",
        "properties": {code: {"$ref": "#/$defs/evidence-list"} for code in sorted(rules.by_code)},
        "additionalProperties": False,
    }
    schema: dict[str, Any] = {
        "$schema": schemas.DIALECT_ID,
        "$id": schema_id(tender),
        "title": f"Bid to {tender.title}",
        "description": " ".join(p for p in (tender.summary, tender.why, tender.guidance) if p)
        or f"A bid to tender {tender.name}.",
        "type": "object",
        "properties": properties,
        "required": sorted(rules.required),
        "additionalProperties": False,
        "$defs": DEFS,
    }
    if tender.narrative_limit is not None:
        schema["svspec:narrativeLimit"] = {"limit": tender.narrative_limit, "unit": tender.narrative_unit}
    conditions = [_evidence_condition(r) for r in rules.needs_evidence]
    if conditions:
        schema["allOf"] = conditions
    return schema


def schema_text(tender: model.Tender) -> str:
    """`bid_schema` as deterministic JSON text."""
    return dumps(bid_schema(tender))


def emit(spec: model.Model, out: Path) -> None:
    """Write `bid-schema.json` and the published meta-schemas it names into `out`."""
    from svspec.emit.build import write_text

    if not isinstance(spec, model.Tender):
        return
    write_text(out / SCHEMA_FILE, schema_text(spec))
    for name in schemas.FILES:
        write_text(out / "schemas" / name, schemas.text(name))
