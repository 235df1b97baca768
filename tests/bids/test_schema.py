"""`svspec schema`: a draft 2020-12 JSON Schema for bids, with svspec's annotation vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import svspec
from svspec import schemas
from svspec.bids.document import parse_json, parse_yaml
from svspec.emit.schema import schema_text
from tests.bids.conftest import BIDS, tender_for
from tests.bids.schema_support import load_schema, reference_validator, registry


@pytest.fixture(params=["waste", "meals", "kinds"])
def any_tender(request, waste, meals, kinds):  # type: ignore[no-untyped-def]
    return {"waste": waste, "meals": meals, "kinds": kinds}[request.param]


def test_every_emitted_schema_passes_the_draft_2020_12_meta_schema(any_tender) -> None:  # type: ignore[no-untyped-def]
    Draft202012Validator.check_schema(load_schema(any_tender))


def test_every_emitted_schema_passes_the_published_svspec_dialect(any_tender) -> None:  # type: ignore[no-untyped-def]
    dialect = Draft202012Validator(schemas.load("bid-dialect.json"), registry=registry())
    assert list(dialect.iter_errors(load_schema(any_tender))) == []


def test_the_dialect_rejects_badly_typed_annotations() -> None:
    dialect = Draft202012Validator(schemas.load("bid-dialect.json"), registry=registry())
    bad = {"type": "object", "properties": {"a": {"type": "number", "svspec:wordLimit": "many"}}}
    assert [e.message for e in dialect.iter_errors(bad)] == ["'many' is not of type 'integer'"]


def test_the_published_meta_schemas_are_themselves_valid_2020_12_schemas() -> None:
    for name in schemas.FILES:
        Draft202012Validator.check_schema(schemas.load(name))
    assert schemas.load("bid-dialect.json")["$vocabulary"][schemas.VOCABULARY_URI] is False


def test_the_schema_is_identified_by_tender_and_version_and_uses_the_dialect(waste) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema(waste)
    assert schema["$id"] == "urn:svspec:bid-schema:waste-2027:1"
    assert schema["$schema"] == schemas.DIALECT_ID
    assert schema["title"] == "Bid to Waste collection and street cleansing 2027-2034"
    assert schema["description"].startswith("Household waste collection")


def test_answers_are_required_closed_bounded_and_annotated(waste, kinds) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema(waste)
    social = schema["properties"]["social_value"]
    assert social["required"] == ["LBL1", "LBL3", "LBL5", "LBL6", "LBL8"]
    assert social["additionalProperties"] is False and schema["additionalProperties"] is False
    lbl1 = social["properties"]["LBL1"]
    assert lbl1["$ref"] == "#/$defs/number"
    assert (lbl1["minimum"], lbl1["maximum"], lbl1["svspec:unit"]) == (0, 500, "FTE")
    assert lbl1["svspec:scoring"]["kind"] == "linear" and lbl1["svspec:weight"] == "0.4"
    assert lbl1["title"] == "LBL1: Local residents employed on the contract"
    assert schema["properties"]["quality"]["properties"]["Q1"]["svspec:wordLimit"] == 1500
    kinds_social = load_schema(kinds)["properties"]["social_value"]["properties"]
    assert kinds_social["K4"]["enum"] == ["small business", "charity", "social enterprise"]
    assert kinds_social["K5"]["maxLength"] == 40
    assert kinds_social["K1"]["svspec:noDoubleCountingWith"] == ["K2"]


def test_measures_of_one_kind_share_a_definition(waste) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema(waste)
    refs = {p["$ref"] for p in schema["properties"]["social_value"]["properties"].values()}
    assert refs == {"#/$defs/number", "#/$defs/text"}
    assert set(schema["$defs"]) >= {"number", "text", "yes-no", "evidence-list"}


def test_examples_in_the_schema_are_valid_answers(any_tender) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema(any_tender)
    for section in ("quality", "social_value"):
        for prop in schema["properties"].get(section, {}).get("properties", {}).values():
            sub = dict(prop, **{"$defs": schema["$defs"]})
            for example in prop["examples"]:
                assert Draft202012Validator(sub).is_valid(example)


def test_schema_output_is_byte_identical_run_to_run(waste) -> None:  # type: ignore[no-untyped-def]
    first = schema_text(waste)
    again = schema_text(svspec.load(waste.file).model)  # type: ignore[arg-type]
    assert first == again and first.endswith("}\n")


def _data(path: Path):  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    doc, _ = (parse_json if path.suffix == ".json" else parse_yaml)(text, path.name)
    return None if doc is None else doc.data


@pytest.mark.parametrize("bid", sorted(p for p in BIDS.iterdir() if p.suffix in (".yaml", ".json")),
                         ids=lambda p: p.name)
def test_the_schema_agrees_with_svspec_validate_on_every_example_bid(bid: Path) -> None:
    data = _data(bid)
    if data is None:
        pytest.skip("not readable as YAML or JSON: nothing for the schema to check")
    tender = svspec.load(tender_for(bid)).model
    assert reference_validator(tender).is_valid(data) == ("-invalid" not in bid.name)
