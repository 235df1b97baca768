"""The bid schema passes ajv's strict mode (issue 8, item 17): a consumer compiling it with ajv's
defaults, the published vocabulary registered, gets no warning, and with `strict: true` no error.

ajv runs when node and `tools/ajv/node_modules` are there (`make ajv` installs it); the structural
rule behind it is checked in pure Python as well, so that CI without node still guards it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from svspec import schemas
from svspec.emit.schema import bid_schema, schema_text
from tests.conftest import ROOT

AJV = ROOT / "tools" / "ajv"

# The keywords that apply to one JSON type only, as ajv's strictTypes reads them.
TYPE_OF_KEYWORD = {
    **dict.fromkeys(("required", "properties", "additionalProperties", "patternProperties", "propertyNames",
                     "minProperties", "maxProperties", "dependentRequired", "dependentSchemas",
                     "unevaluatedProperties"), "object"),
    **dict.fromkeys(("items", "prefixItems", "contains", "minItems", "maxItems", "uniqueItems",
                     "unevaluatedItems", "minContains", "maxContains"), "array"),
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), "number"),
    **dict.fromkeys(("pattern", "minLength", "maxLength", "format"), "string"),
}
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_ONE = ("if", "then", "else", "not", "items", "contains", "additionalProperties", "propertyNames",
                 "unevaluatedItems", "unevaluatedProperties")


@pytest.fixture(params=["waste", "meals", "kinds"])
def any_tender(request, waste, meals, kinds):  # type: ignore[no-untyped-def]
    return {"waste": waste, "meals": meals, "kinds": kinds}[request.param]


def subschemas(schema: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside `schema`, with its JSON pointer (not the values of `svspec:*`
    annotations or `examples`, which are data)."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for key in SUBSCHEMA_MAPS:
        for name, sub in schema.get(key, {}).items() if isinstance(schema.get(key), dict) else ():
            yield from subschemas(sub, f"{where}/{key}/{name}")
    for key in SUBSCHEMA_LISTS:
        for i, sub in enumerate(schema.get(key, []) if isinstance(schema.get(key), list) else []):
            yield from subschemas(sub, f"{where}/{key}/{i}")
    for key in SUBSCHEMA_ONE:
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{where}/{key}")


def types_of(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type", [])
    found = {declared} if isinstance(declared, str) else set(declared)
    return found | {"number"} if "integer" in found else found


def strict_type_problems(schema: dict[str, Any]) -> list[str]:
    """Where a type-specific keyword stands without its type beside it (ajv strictTypes), or a
    required name is not among the properties beside it (ajv strictRequired)."""
    problems = []
    for where, sub in subschemas(schema):
        for keyword, needed in TYPE_OF_KEYWORD.items():
            if keyword in sub and needed not in types_of(sub):
                problems.append(f"{where}: '{keyword}' without type {needed}")
        for name in sub.get("required", []):
            if name not in sub.get("properties", {}):
                problems.append(f"{where}: required '{name}' is not in properties")
    return problems


def test_every_type_specific_keyword_in_the_bid_schema_stands_with_its_type(any_tender) -> None:  # type: ignore[no-untyped-def]
    assert strict_type_problems(bid_schema(any_tender)) == []


def test_the_structural_rule_catches_a_condition_without_its_type() -> None:
    """The rule that guards CI without node would have caught the 79 strictTypes warnings."""
    old_condition = {"allOf": [{"if": {"required": ["social_value"], "properties": {"social_value": {
        "required": ["LBL1"], "properties": {"LBL1": {"type": "number", "exclusiveMinimum": 0}}}}}}]}
    assert strict_type_problems(old_condition) == [
        "#/allOf/0/if: 'required' without type object", "#/allOf/0/if: 'properties' without type object",
        "#/allOf/0/if/properties/social_value: 'required' without type object",
        "#/allOf/0/if/properties/social_value: 'properties' without type object"]


def test_every_evidence_condition_says_it_applies_to_objects(any_tender) -> None:  # type: ignore[no-untyped-def]
    conditions = bid_schema(any_tender).get("allOf", [])
    assert conditions, "each example tender asks for evidence with the bid"
    for condition in conditions:
        assert condition["if"]["type"] == "object" and condition["then"]["type"] == "object"


def _ajv(schema_file: Path, mode: str) -> dict[str, list[str]]:
    node = shutil.which("node")
    if node is None or not (AJV / "node_modules" / "ajv").is_dir():
        pytest.skip("needs node and ajv (make ajv)")
    dialect, vocabulary = (schema_file.parent / name for name in schemas.FILES)
    done = subprocess.run([node, str(AJV / "strict.mjs"), str(schema_file), str(dialect), str(vocabulary), mode],
                          capture_output=True, text=True, timeout=60, check=True)
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("mode", ["defaults", "strict"])
def test_ajv_compiles_the_bid_schema_without_a_warning(any_tender, mode: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    schema_file = tmp_path / "bid-schema.json"
    schema_file.write_text(schema_text(any_tender), encoding="utf-8")
    for name in schemas.FILES:
        (tmp_path / name).write_text(schemas.text(name), encoding="utf-8")
    assert _ajv(schema_file, mode) == {"warnings": [], "errors": []}
