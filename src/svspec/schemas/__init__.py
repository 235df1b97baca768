"""Published schema files shipped with svspec: the bid dialect meta-schema and its vocabulary.

Bid schemas (`svspec schema`) name `bid-dialect.json` as their `$schema`. The dialect is JSON
Schema draft 2020-12 plus one optional vocabulary of annotations (`bid-vocabulary.json`): units,
word limits, evidence and scoring travel as `svspec:*` keywords that validators which do not know
the vocabulary may ignore, because it is declared with `false` (not required).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

DIALECT_ID = "https://svspec.org/schemas/2026-1/bid-dialect.json"
VOCABULARY_ID = "https://svspec.org/schemas/2026-1/bid-vocabulary.json"
VOCABULARY_URI = "https://svspec.org/vocab/2026-1/bid-annotations"
FILES = ("bid-dialect.json", "bid-vocabulary.json")


def text(name: str) -> str:
    """The text of a shipped schema file, e.g. `text("bid-dialect.json")`."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load(name: str) -> Any:
    """A shipped schema file as JSON data."""
    return json.loads(text(name))
