"""Frameworks built on another (`extends`): one layer's declarations applied to its base's.

A layer inherits everything its base declares and says only what it changes: `rename OLD to NEW`
re-codes a measure, `drop NAME` leaves out a theme, outcome or measure, `change theme|outcome|measure
NAME` overrides settings inside an inherited block (a setting written there replaces the base's
setting of that kind) and adds outcomes or measures to it; new themes, scales, units, pathways and
policy rules are declared as usual. A policy rule may tighten its base's rule of the same kind, never
loosen it (recorded waivers, which would allow that, do not exist yet).

The merge works on declarations, before resolve, so that the layered framework is resolved, checked
and lowered exactly like a flat one (every rule and emitter applies unchanged) and each node keeps the
span of the file that wrote it: a problem in an inherited measure points at the base file. What came
from which layer is recorded beside it, in `symbols.Lineage`, for the outputs to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast

from svspec.diagnostics import Related, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.semantics import symbols as sym
from svspec.semantics.common import Sink, fmt_amount, fmt_percent
from svspec.syntax import ast
from svspec.syntax.formatter import statement_words

CHANGE_STATEMENTS = (ast.Rename, ast.Drop, ast.Change)


@dataclass(slots=True)
class Merged:
    """A layered framework as one set of declarations, its lineage, and the spans whose generic
    `weights-do-not-sum` is already reported as `extends-weights-after-drop`."""

    node: ast.Framework
    lineage: sym.Lineage
    reported_weights: set[Span] = field(default_factory=set)


def layer_of(node: ast.Framework, file: str) -> sym.Layer:
    """The layer a framework declaration makes: its name, version and file."""
    version = next((i.value for i in node.items if isinstance(i, ast.Setting) and i.key == "version"), "")
    return sym.Layer(name=node.name.text, version=version, file=file, span=node.name.span)


def _blocks(node: ast.Framework) -> tuple[dict[str, ast.Theme], dict[str, ast.Outcome], dict[str, ast.Measure],
                                          dict[str, str]]:
    """The themes, outcomes and measures of a declaration by name, and each outcome's or measure's parent."""
    themes: dict[str, ast.Theme] = {}
    outcomes: dict[str, ast.Outcome] = {}
    measures: dict[str, ast.Measure] = {}
    parent: dict[str, str] = {}
    for theme in node.items:
        if not isinstance(theme, ast.Theme):
            continue
        themes.setdefault(theme.name.text, theme)
        for outcome in theme.items:
            if not isinstance(outcome, ast.Outcome):
                continue
            outcomes.setdefault(outcome.name.text, outcome)
            parent.setdefault(outcome.name.text, theme.name.text)
            for measure in outcome.items:
                if isinstance(measure, ast.Measure):
                    measures.setdefault(measure.code.text, measure)
                    parent.setdefault(measure.code.text, outcome.name.text)
    return themes, outcomes, measures, parent


def _item_key(item: ast.Node) -> tuple[str, ...]:
    """What a setting in a `change` block replaces: the base's items with the same key."""
    match item:
        case ast.Prose():
            return ("prose", item.key)
        case ast.Flag():
            return ("flag", item.flag)
        case ast.Relation():
            return ("relation", item.relation)
        case ast.ValueProxy() | ast.ValueRef():
            return ("value",)
    return (type(item).__name__,)


def _override(items: Iterable[ast.Node], change: ast.Change | None, keep: type | tuple[type, ...]) -> list[ast.Node]:
    """`items` with the settings of `change` in place of the base's settings of the same kind.
    Items of the `keep` kinds (inner blocks) are left for the caller."""
    if change is None:
        return [i for i in items if not isinstance(i, ast.Broken)]
    given = [i for i in change.items if not isinstance(i, ast.Broken | ast.Outcome | ast.Measure)]
    keys = {_item_key(i) for i in given}
    kept = [i for i in items if not isinstance(i, ast.Broken) and (isinstance(i, keep) or _item_key(i) not in keys)]
    blocks = [i for i in kept if isinstance(i, keep)]
    settings = [i for i in kept if not isinstance(i, keep)]
    return [*settings, *given, *blocks]


class _Layering:
    """Applies one layer to its base's declarations; used once."""

    def __init__(self, base: ast.Framework, base_lineage: sym.Lineage | None, base_file: str,
                 layer: ast.Framework, layer_file: str, sink: Sink) -> None:
        self.base, self.layer, self.sink = base, layer, sink
        self.base_layer = layer_of(base, base_file)
        self.this = layer_of(layer, layer_file)
        self.themes, self.outcomes, self.measures, self.parent = _blocks(base)
        names = [*self.themes, *self.outcomes, *self.measures]
        if base_lineage is None:
            base_lineage = sym.Lineage(layers=(self.base_layer,), dropped={}, renamed={},
                                       origins={n: sym.Origin(declared_in=self.base_layer.label) for n in names})
        self.base_lineage = base_lineage
        self.origins = dict(base_lineage.origins)
        self.dropped: dict[str, ast.Drop] = {}
        self.renamed: dict[str, ast.Rename] = {}
        self.changes: dict[tuple[str, str], ast.Change] = {}
        self.reported_weights: set[Span] = set()
        self.refused: set[int] = set()  # new blocks reported as conflicts, left out of the result

    # ------------------------------------------------------------ reading the layer's statements
    def kind_of(self, name: str) -> str | None:
        if name in self.themes:
            return "theme"
        if name in self.outcomes:
            return "outcome"
        return "measure" if name in self.measures else None

    def declared_at(self, name: str) -> Span:
        node = self.themes.get(name) or self.outcomes.get(name)
        if node is not None:
            return node.name.span
        return self.measures[name].code.span

    def unknown(self, name: ast.Name, kind: str, action: str, pool: Iterable[str]) -> None:
        other = self.kind_of(name.text)
        article = "an" if other == "outcome" else "a"
        hint = f"'{name.text}' is {article} {other} of '{self.base.name.text}': write `change {other} {name.text}`" \
            if other is not None and other != kind else None
        self.sink.append(make("extends-unknown-name", name.span, base=self.base_layer.label, kind=kind,
                              name=name.text, action=action, hint=hint,
                              suggestions=() if hint else did_you_mean(name.text, pool),
                              related=[Related(span=self.base.name.span, message="the base framework")]))

    def conflict(self, span: Span, what: str, other: Span, note: str) -> None:
        self.sink.append(make("extends-conflict", span, what=what, related=[Related(span=other, message=note)]))

    def read_statements(self) -> None:
        """Index the layer's renames, drops and changes, reporting unknown names and conflicts."""
        everything = [*self.themes, *self.outcomes, *self.measures]
        touched: dict[str, ast.Node] = {}
        for item in self.layer.items:
            if isinstance(item, ast.Drop):
                name = item.name
                if self.kind_of(name.text) is None:
                    self.unknown(name, "theme, outcome or measure", "drop", everything)
                elif self._first_touch(name.text, item, touched):
                    self.dropped[name.text] = item
            elif isinstance(item, ast.Rename):
                if item.old.text not in self.measures:
                    self.unknown(item.old, "measure", "rename", self.measures)
                elif item.new.text in everything:
                    self.conflict(item.new.span, f"'{item.new.text}' is already declared in "
                                  f"{self.base_layer.label}: a measure cannot be renamed to it",
                                  self.declared_at(item.new.text), "declared here")
                elif self._first_touch(item.old.text, item, touched):
                    self.renamed[item.old.text] = item
            elif isinstance(item, ast.Change):
                pool: dict[str, ast.Node] = {"theme": self.themes, "outcome": self.outcomes,
                                             "measure": self.measures}[item.kind]  # type: ignore[assignment]
                if item.name.text not in pool:
                    self.unknown(item.name, item.kind, "change", pool)
                elif self._first_touch(item.name.text, item, touched, renames_allowed=True):
                    self.changes[(item.kind, item.name.text)] = item

    def _first_touch(self, name: str, item: ast.Node, touched: dict[str, ast.Node],
                     renames_allowed: bool = False) -> bool:
        """An item is dropped, renamed or changed once: a second statement about it conflicts
        (a rename and a change of one measure may go together)."""
        first = touched.get(name)
        if first is None or (renames_allowed and isinstance(first, ast.Rename)) or (
                isinstance(item, ast.Rename) and isinstance(first, ast.Change)):
            touched[name] = item
            return True
        self.conflict(item.span, f"'{name}' is already {_verb(first)} by this framework", first.span,
                      f"{_verb(first)} here")
        return False

    # ------------------------------------------------------------ applying them
    def merge(self) -> Merged:
        self.read_statements()
        self.check_new_names()
        layer_items = [i for i in self.layer.items if not isinstance(i, (ast.Extends, ast.Broken, *CHANGE_STATEMENTS))]
        replaced: set[int] = set()
        items: list[ast.Node] = []
        for item in self.base.items:
            if isinstance(item, ast.Broken):
                continue
            if isinstance(item, ast.Theme):
                if item.name.text not in self.dropped:
                    items.append(self.theme(item))
                continue
            if isinstance(item, ast.Policy):
                local = next((i for i in layer_items if isinstance(i, ast.Policy)), None)
                if local is not None:
                    replaced.add(id(local))
                items.append(self.policy(item, local))
                continue
            ours = next((i for i in layer_items if id(i) not in replaced and _same_slot(item, i)), None)
            if ours is None:
                pruned = self.prune(item)
                if pruned is not None:
                    items.append(pruned)
            else:
                replaced.add(id(ours))
                items.append(ours)
        items.extend(i for i in layer_items if id(i) not in replaced and id(i) not in self.refused)
        for theme in (i for i in layer_items if isinstance(i, ast.Theme) and id(i) not in self.refused):
            self.declared(theme)
        node = replace(self.layer, items=tuple(items))  # type: ignore[arg-type]
        self.weights_after_drops(node)
        lineage = sym.Lineage(
            layers=(*self.base_lineage.layers, self.this), origins=MappingProxyType(self.origins),
            dropped=MappingProxyType({**self.base_lineage.dropped, **self.dropped_codes()}),
            renamed=MappingProxyType({**self.base_lineage.renamed, **self.renamed}))
        return Merged(node=node, lineage=lineage, reported_weights=self.reported_weights)

    def check_new_names(self) -> None:
        """A theme, outcome or measure this layer declares must not already be in the base."""
        targets = {r.new.text: r for r in self.renamed.values()}
        known = {*self.themes, *self.outcomes, *self.measures}
        for new in self.new_blocks():
            name = new.name if isinstance(new, ast.Theme | ast.Outcome) else new.code
            if name.text in known or name.text in targets:
                self.refused.add(id(new))
            if name.text in known:
                self.conflict(name.span, f"{type(new).__name__.lower()} '{name.text}' is already declared in "
                              f"{self.base_layer.label}; change it with `change {self.kind_of(name.text)} "
                              f"{name.text}`", self.declared_at(name.text), "declared here")
            elif name.text in targets:
                self.conflict(name.span, f"'{name.text}' is also the new code of a renamed measure",
                              targets[name.text].span, "renamed here")

    def new_blocks(self) -> Iterable[ast.Theme | ast.Outcome | ast.Measure]:
        for item in self.layer.items:
            if isinstance(item, ast.Theme):
                yield item
            elif isinstance(item, ast.Change):
                yield from (i for i in item.items if isinstance(i, ast.Outcome | ast.Measure))

    def declared(self, node: ast.Theme | ast.Outcome | ast.Measure) -> None:
        """Record a block this layer adds (and what it holds) as declared here."""
        name = node.name.text if isinstance(node, ast.Theme | ast.Outcome) else node.code.text
        self.origins.setdefault(name, sym.Origin(declared_in=self.this.label))
        if isinstance(node, ast.Theme | ast.Outcome):
            for inner in node.items:
                if isinstance(inner, ast.Outcome | ast.Measure):
                    self.declared(inner)

    def changed(self, name: str) -> None:
        origin = self.origins.get(name)
        if origin is not None and self.this.label not in origin.changed_in:
            self.origins[name] = replace(origin, changed_in=(*origin.changed_in, self.this.label))

    def theme(self, node: ast.Theme) -> ast.Theme:
        change = self.changes.get(("theme", node.name.text))
        if change is not None:
            self.changed(node.name.text)
        items: list[ast.Node] = []
        for item in _override(node.items, change, ast.Outcome):
            if isinstance(item, ast.Outcome):
                if item.name.text not in self.dropped:
                    items.append(self.outcome(item))
            else:
                items.append(item)
        for added in (i for i in (change.items if change else ()) if isinstance(i, ast.Outcome)
                      and id(i) not in self.refused):
            self.declared(added)
            items.append(added)
        title = change.title if change is not None and change.title is not None else node.title
        return replace(node, title=title, items=tuple(items))  # type: ignore[arg-type]

    def outcome(self, node: ast.Outcome) -> ast.Outcome:
        change = self.changes.get(("outcome", node.name.text))
        if change is not None:
            self.changed(node.name.text)
        items: list[ast.Node] = []
        for item in _override(node.items, change, ast.Measure):
            if isinstance(item, ast.Measure):
                if item.code.text not in self.dropped:
                    items.append(self.measure(item))
            else:
                items.append(item)
        for added in (i for i in (change.items if change else ()) if isinstance(i, ast.Measure)
                      and id(i) not in self.refused):
            self.declared(added)
            items.append(added)
        title = change.title if change is not None and change.title is not None else node.title
        return replace(node, title=title, items=tuple(items))  # type: ignore[arg-type]

    def measure(self, node: ast.Measure) -> ast.Measure:
        old = node.code.text
        change = self.changes.get(("measure", old))
        rename = self.renamed.get(old)
        code = node.code
        if rename is not None:
            code = rename.new
            origin = self.origins.pop(old, sym.Origin(declared_in=self.base_layer.label))
            self.origins[code.text] = replace(origin, renamed_from=origin.renamed_from or old)
            self.changed(code.text)
        if change is not None:
            self.changed(code.text)
        title = change.title if change is not None and change.title is not None else node.title
        return replace(node, code=code, title=title, items=self.pruned(_override(node.items, change, ())))

    def prune(self, item: ast.Node) -> ast.Node | None:
        """An inherited statement with renamed codes written anew and dropped names left out (a relation
        to a dropped measure no longer holds; None when nothing of it is left)."""
        match item:
            case ast.Relation():
                names = tuple(self.new_name(n) for n in item.names if n.text not in self.dropped)
                return replace(item, names=names) if names else None
            case ast.Priority():
                names = tuple(n for n in item.names if n.text not in self.dropped)
                return replace(item, names=names) if names else None
            case ast.Step() if item.ref is not None:
                return None if item.ref.text in self.dropped else replace(item, ref=self.new_name(item.ref))
            case ast.Pathway():
                return replace(item, items=self.pruned(item.items))
            case ast.Measure():
                return replace(item, items=self.pruned(item.items))
        return item

    def pruned(self, items: Iterable[ast.Node]) -> tuple[Any, ...]:
        return tuple(p for p in (self.prune(i) for i in items) if p is not None)

    def new_name(self, name: ast.Name) -> ast.Name:
        rename = self.renamed.get(name.text)
        return name if rename is None else replace(name, text=rename.new.text)

    def policy(self, base: ast.Policy, ours: ast.Policy | None) -> ast.Policy:
        """The base's rules, each replaced by this layer's rule of the same kind when that is at least as
        strict; a looser one is refused and the base's rule kept."""
        if ours is None:
            return base
        given = [r for r in ours.rules if not isinstance(r, ast.Broken)]
        used: set[int] = set()
        rules: list[ast.Node] = []
        for rule in base.rules:
            if isinstance(rule, ast.Broken):
                continue
            local = next((r for r in given if id(r) not in used and _policy_slot(r) == _policy_slot(rule)), None)
            if local is None or _policy_slot(rule) is None:
                rules.append(rule)
                continue
            used.add(id(local))
            if _looser(local, rule):
                self.sink.append(make("extends-loosens-policy", local.span, rule=_policy_words(local),
                                      base_rule=_policy_words(rule),
                                      related=[Related(span=rule.span, message=f"{self.base_layer.label}'s rule")]))
                rules.append(rule)
            else:
                rules.append(local)
        rules.extend(r for r in given if id(r) not in used)
        return replace(ours, rules=tuple(rules))  # type: ignore[arg-type]

    def dropped_codes(self) -> dict[str, ast.Drop]:
        """Every measure this layer leaves out, a measure inside a dropped theme or outcome too."""
        out: dict[str, ast.Drop] = {}
        for code in self.measures:
            chain = [code]
            while chain[-1] in self.parent:
                chain.append(self.parent[chain[-1]])
            drop = next((self.dropped[n] for n in chain if n in self.dropped), None)
            if drop is not None:
                out[code] = drop
        for name, drop in self.dropped.items():
            self.origins.pop(name, None)
            for code in (c for c, d in out.items() if d is drop):
                self.origins.pop(code, None)
            for outcome in (o for o, p in self.parent.items() if p == name and o in self.outcomes):
                self.origins.pop(outcome, None)
        return out

    def weights_after_drops(self, node: ast.Framework) -> None:
        """A dropped theme or outcome that had a weight leaves its siblings short of 100%."""
        themes = [i for i in node.items if isinstance(i, ast.Theme)]
        for name, drop in self.dropped.items():
            if name in self.themes:
                siblings: list[ast.Theme] | list[ast.Outcome] = themes
                group, anchor = f"the themes of framework '{node.name.text}'", node.name.span
                lost = _weight(self.themes[name].items)
            elif name in self.outcomes:
                theme = next((t for t in themes if t.name.text == self.parent[name]), None)
                if theme is None:
                    continue
                siblings = [i for i in theme.items if isinstance(i, ast.Outcome)]
                group, anchor = f"the outcomes of theme '{theme.name.text}'", theme.name.span
                lost = _weight(self.outcomes[name].items)
            else:
                continue
            weights = [w for w in (_weight(s.items) for s in siblings) if w is not None]
            if lost is None or not weights or anchor in self.reported_weights:
                continue
            total = sum((w.percent.value for w in weights), Decimal(0))
            if total == 100:
                continue
            self.reported_weights.add(anchor)
            self.sink.append(make("extends-weights-after-drop", drop.span, name=name, group=group,
                                  total=fmt_percent(total),
                                  related=[Related(span=w.span, message=f"weight {fmt_amount(w.percent)} here")
                                           for w in weights]))


def _weight(items: Iterable[ast.Node]) -> ast.Weight | None:
    return next((i for i in items if isinstance(i, ast.Weight)), None)


def _verb(statement: ast.Node) -> str:
    return {ast.Drop: "dropped", ast.Rename: "renamed"}.get(type(statement), "changed")


def _same_slot(base: ast.Node, ours: ast.Node) -> bool:
    """Whether a layer's top-level statement replaces a base's one: the same setting, prose, priority,
    or a scale, unit, pathway or value set of the same name."""
    if type(base) is not type(ours):
        return False
    match base:
        case ast.Setting() | ast.Prose():
            return bool(base.key == getattr(ours, "key", None))
        case ast.Priority():
            return True
        case ast.Scale() | ast.UnitDecl() | ast.Pathway() | ast.ValuesImport():
            return bool(base.name.text == cast(Any, ours).name.text)
    return False


def _policy_slot(rule: ast.Node) -> tuple[str, ...] | None:
    """Rules of the same slot say the same thing, so the local one replaces the base's (None: a rule kind
    whose strictness is unknown here, kept beside the base's)."""
    match rule:
        case ast.MinSocialValue():
            return ("social value",)
        case ast.MinGroupShare():
            return ("share", rule.group.text, rule.base)
        case ast.MaxMeasures():
            return ("at most",)
        case ast.MinMeasures():
            return ("at least", rule.group.text if rule.group else "")
        case ast.MinMeasureWeight():
            return ("each measure",)
        case ast.AppliesFrom():
            return ("applies from",)
    return None


def _looser(local: ast.Node, base: ast.Node) -> bool:
    """A local rule asks less than the base's: a lower minimum, a higher maximum, a higher threshold."""
    match local, base:
        case (ast.MinSocialValue() | ast.MinGroupShare() | ast.MinMeasureWeight()), _:
            return bool(local.percent.value < cast(Any, base).percent.value)
        case ast.MinMeasures(), ast.MinMeasures():
            return local.count.value < base.count.value
        case ast.MaxMeasures(), ast.MaxMeasures():
            return local.count.value > base.count.value
        case ast.AppliesFrom(), ast.AppliesFrom():
            return local.money.value > base.money.value
    return False


def _policy_words(rule: ast.Node) -> str:
    return statement_words(rule)


def merge(base: ast.Framework, base_lineage: sym.Lineage | None, base_file: str, layer: ast.Framework,
          layer_file: str, sink: Sink) -> Merged:
    """`layer` applied to `base` (itself already merged when it extends another): one framework."""
    return _Layering(base, base_lineage, base_file, layer, layer_file, sink).merge()


def version_key(version: str) -> tuple[tuple[int, ...], int, str]:
    """A version's order: numbers compared as numbers; `2026.1-draft` before `2026.1`, `2026.1+x` after."""
    core, sep, rest = version, "", ""
    for i, ch in enumerate(version):
        if ch in "-+":
            core, sep, rest = version[:i], ch, version[i + 1 :]
            break
    numbers = tuple(int(p) for p in core.split(".") if p.isdigit())
    return numbers, {"-": -1, "": 0, "+": 1}[sep], rest


def satisfies(found: str, constraint: ast.VersionConstraint, wanted: str) -> bool:
    """Whether a framework's `version` meets a `uses`/`extends` constraint (`2026.1`, `2026.*`,
    `at least 2026.1`)."""
    if constraint == "exact":
        return found == wanted
    if constraint == "wildcard":
        prefix = version_key(wanted.removesuffix(".*"))[0]
        return version_key(found)[0][: len(prefix)] == prefix
    return version_key(found) >= version_key(wanted)


def wanted_words(constraint: ast.VersionConstraint, version: str) -> str:
    """A constraint in messages: `2026.1`, `2026.*`, `at least 2026.1`."""
    return f"at least {version}" if constraint == "at least" else version
