"""The registry of check rules: each a pure function over one resolved file, with its codes.

A rule takes a symbol table (`symbols.Framework`, `symbols.Tender` or `symbols.ValueSet`: the
annotation of its one parameter says which) and yields diagnostics. It reads the symbols only, so
rules are independent of each other and of the order they run in. Its docstring says why the rule
exists and where it comes from; that is what a reviewer reads first.

    @rule("too-many-measures")
    def at_most_n_measures(tender: Tender) -> Iterator[Diagnostic]:
        \"\"\"A tender may select no more measures than its policy allows (Bradford: six).\"\"\"
        ...

The modules holding rules (`semantics.framework`, `semantics.tender`) register them when
imported; `semantics.check` imports them all and runs them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from svspec import SvspecError
from svspec.diagnostics import REGISTRY, Diagnostic
from svspec.semantics import symbols

F = TypeVar("F", bound=Callable[..., Iterable[Diagnostic]])

_TABLES: tuple[type, ...] = (symbols.Framework, symbols.Tender, symbols.ValueSet)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One registered check: the codes it may report, the table it reads and the function."""

    name: str
    codes: tuple[str, ...]
    table: type
    check: Callable[[Any], Iterable[Diagnostic]]

    @property
    def why(self) -> str:
        """The rule's docstring: why it exists and its source."""
        return inspect.getdoc(self.check) or ""

    def run(self, table: symbols.Table) -> list[Diagnostic]:
        """This rule's diagnostics for `table`; a code the rule did not declare is our bug."""
        found = list(self.check(table))
        for diagnostic in found:
            if diagnostic.code not in self.codes:
                raise SvspecError(f"rule {self.name} reported '{diagnostic.code}', not one of its codes {self.codes}")
        return found


RULES: list[Rule] = []
"""Every rule, in the order their modules registered them."""


def rule(*codes: str) -> Callable[[F], F]:
    """Register a check rule that may report `codes` (each a key of the diagnostics registry)."""
    unknown = [code for code in codes if code not in REGISTRY]
    if not codes or unknown:
        raise SvspecError(f"a rule needs registered codes; unknown: {unknown}")

    def register(check: F) -> F:
        if not (check.__doc__ or "").strip():
            raise SvspecError(f"rule {check.__qualname__} needs a docstring saying why it exists")
        hints = get_type_hints(check)
        parameters = list(inspect.signature(check).parameters)
        table = hints.get(parameters[0]) if len(parameters) == 1 else None
        if table not in _TABLES:
            raise SvspecError(f"rule {check.__qualname__} must take one symbol table (Framework, Tender, ValueSet)")
        RULES.append(Rule(name=f"{check.__module__}.{check.__qualname__}", codes=codes, table=table, check=check))
        return check

    return register


def rules_for(table: type) -> list[Rule]:
    """The rules that read tables of this type, in registration order."""
    return [r for r in RULES if r.table is table]


def run_rules(table: symbols.Table, rules: Sequence[Rule] | None = None) -> list[Diagnostic]:
    """Every rule for this table (or just `rules`, in their order), their diagnostics together."""
    found: list[Diagnostic] = []
    for r in rules_for(type(table)) if rules is None else rules:
        found.extend(r.run(table))
    return found
