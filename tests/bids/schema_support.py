"""Helpers for tests that use the published JSON Schema as the reference validator."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from svspec import model, schemas
from svspec.emit.schema import schema_text


def registry() -> Registry:  # type: ignore[type-arg]
    """The shipped dialect and vocabulary meta-schemas, offline."""
    return Registry().with_resources([
        (schemas.DIALECT_ID, Resource.from_contents(schemas.load("bid-dialect.json"))),
        (schemas.VOCABULARY_ID, Resource.from_contents(schemas.load("bid-vocabulary.json"))),
    ])


def load_schema(tender: model.Tender) -> dict[str, Any]:
    """The emitted schema, read back from its text with exact numbers."""
    return json.loads(schema_text(tender), parse_float=Decimal)  # type: ignore[no-any-return]


def reference_validator(tender: model.Tender) -> Draft202012Validator:
    """A plain `jsonschema` validator for bids to `tender` (the reference implementation)."""
    return Draft202012Validator(load_schema(tender), registry=registry())
