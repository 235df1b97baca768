"""The check stage: every registered rule over one resolved file.

Importing this module imports the modules that hold the rules, so that all are registered.
"""

from __future__ import annotations

from collections.abc import Sequence

from svspec.diagnostics import Diagnostic
from svspec.semantics import framework, layered, tailoring, tender
from svspec.semantics.rules import Rule, rules_for, run_rules
from svspec.semantics.symbols import Table

RULE_MODULES = (framework, tender, layered, tailoring)
"""The modules whose rules run: a new module of rules is added here."""


def check(table: Table, rules: Sequence[Rule] | None = None) -> list[Diagnostic]:
    """The diagnostics of every rule for `table` (or of `rules`, in their order: tests shuffle them)."""
    return run_rules(table, rules_for(type(table)) if rules is None else rules)


__all__ = ["check"]
