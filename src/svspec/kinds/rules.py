"""The scoring rule kinds: one small class each, and the one table `RULES` keyed by the model's kind.

A rule kind says everything svspec knows about a kind of scoring rule outside the arithmetic:
its words in the language (built from the parse tree, printed back by `svspec fmt`), which
answer kinds it fits and its other checks, its lowering to `model.ScoringRule`, its portable
form (`scoring.json`), its wording for bid writers and its working in explanations. The
arithmetic stays in the standard-library core (`svspec.scoring.core.ARITHMETIC`, keyed by the
same names, because the core is copied into the standalone `scoring.py`); a test keeps the two
tables' keys equal. Consumers look a kind up (`rule_kind(rule)`, `node_kind(node)`) and ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Protocol

from svspec import model
from svspec import words as figures
from svspec.diagnostics import Diagnostic, Span, make
from svspec.kinds.answers import ANSWERS
from svspec.syntax import ast

_HUNDRED = Decimal(100)
Sink = list[Diagnostic]
Number = Decimal | Fraction | int


class Building(Protocol):
    """What a rule kind needs of the AST builder to build its node from the parse tree's children."""

    def _name(self, token: Any) -> ast.Name: ...

    def _amount(self, token: Any) -> ast.Amount: ...


class Checking(Protocol):
    """The checks shared by all rules (`semantics.common`), handed to a kind's own check."""

    def amount_unit(self, amount: ast.Amount) -> None: ...

    def percent(self, amount: ast.Amount) -> None: ...

    def scale(self, name: ast.Name) -> None: ...

    def written(self, amount: ast.Amount) -> str:
        """An amount in a message: '£1,000', '10 FTE'."""
        ...

    def unit_of(self, amount: ast.Amount) -> str:
        """The unit an amount is written in: '£', '%', 'FTE' or 'plain numbers'."""
        ...


class ItemScore(Protocol):
    """What the working of a rule reads of one item's score (`svspec.scoring.results.ItemScore`)."""

    @property
    def answer_text(self) -> str: ...

    @property
    def counted(self) -> Fraction | None: ...

    @property
    def value(self) -> Fraction | None: ...

    @property
    def best(self) -> Fraction | None: ...

    @property
    def mark(self) -> Fraction | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Say:
    """What a rule's wording needs from the item it scores: its quantities, in the item's own terms,
    and the rule's scale when it has one."""

    quantity: Callable[[Number | None], str]
    scale: model.Scale | None
    scale_levels: Callable[[model.Scale], str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Working:
    """What explaining one item's score needs: the score, the item's quantities, the tender, and the
    phrases already worked out ("gives 50%", " (counted as the cap of 10 FTE)")."""

    score: ItemScore
    quantity: Callable[[Number], str]
    tender: model.Tender
    got: str
    capped: str


class RuleKind:
    """One kind of scoring rule. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    """The kind as the model and `scoring.json` write it (`rule.kind`), and the key of its arithmetic."""
    node: ClassVar[type[ast.Node]]
    """Its AST node."""
    grammar: ClassVar[str | None] = None
    """The grammar alias of its words (`-> rule_linear`); None when the grammar builds it otherwise."""
    label: ClassVar[str]
    """The rule in messages about the spec: 'relative to best'."""
    fits: ClassVar[frozenset[str]] = frozenset(ANSWERS)
    """The answer kinds it can score."""
    marked: ClassVar[bool] = False
    """Scored from evaluators' marks on a scale, not from the answer itself."""
    values_pounds: ClassVar[bool] = False
    """Scores the social value in pounds: a number answer needs a proxy value."""

    def build(self, span: Span, children: list[Any], builder: Building) -> ast.Node:
        """Its AST node from the parse tree's children (for kinds with a `grammar` alias)."""
        return self.node(span=span)

    def source(self, node: Any, amount: Callable[[ast.Amount], str]) -> str:
        """Its words, as `svspec fmt` prints them after `scored` (`amount` prints an amount as written)."""
        return self.label

    def check(self, node: Any, checking: Checking, sink: Sink) -> None:
        """Problems of the rule's own figures, beyond fitting the answer (for example units and scales)."""

    def lower(self, node: Any) -> dict[str, Any]:
        """The fields of `model.ScoringRule` the rule sets, beside its kind and modifiers."""
        return {}

    def portable(self, rule: model.ScoringRule) -> dict[str, Any]:
        """The rule's own fields in `scoring.json`, beside its kind and modifiers."""
        return {}

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        """The rule in plain words for suppliers: how an answer becomes a share of the item's points."""
        raise NotImplementedError

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        """How one bid's fraction of the item's points was reached, in words."""
        return f"{w.score.answer_text} gives {w.got}"

    def example_answer(self, rule: model.ScoringRule, tender: model.Tender) -> Any:
        """A representative answer for the guidance site, within the rule's range; None: the answer kind's."""
        return None

    @property
    def reads_number(self) -> bool:
        """Whether the rule scores the answer as a number."""
        return all(ANSWERS[k].numeric for k in self.fits)


def _numbers() -> frozenset[str]:
    return frozenset(k for k, a in ANSWERS.items() if a.numeric)


class Linear(RuleKind):
    """`scored linear from 0 to 10`: a straight line from no points at `low` to full points at `high`."""

    name = label = "linear"
    node = ast.Linear
    grammar = "rule_linear"
    fits = _numbers()

    def build(self, span: Span, children: list[Any], builder: Building) -> ast.Node:
        return ast.Linear(span=span, low=children[0], high=children[1],
                          clamping=children[2] if len(children) > 2 else None)

    def source(self, node: ast.Linear, amount: Callable[[ast.Amount], str]) -> str:
        clamping = f" {node.clamping}" if node.clamping else ""
        return f"linear from {amount(node.low)} to {amount(node.high)}{clamping}"

    def check(self, node: ast.Linear, checking: Checking, sink: Sink) -> None:
        before = len(sink)
        checking.amount_unit(node.low)
        same_unit = (node.low.kind, checking.unit_of(node.low)) == (node.high.kind, checking.unit_of(node.high))
        if len(sink) == before or not same_unit:  # `from 0 hours to 10 hours` is one mistake
            checking.amount_unit(node.high)
        if node.low.value == node.high.value:
            sink.append(make("zero-width-range", node.span, low=checking.written(node.low),
                             high=checking.written(node.high)))

    def lower(self, node: ast.Linear) -> dict[str, Any]:
        return {"low": node.low.value, "high": node.high.value, "clamped": node.clamping != "unclamped"}

    def portable(self, rule: model.ScoringRule) -> dict[str, Any]:
        return {"low": _exact(rule.low), "high": _exact(rule.high), "clamped": rule.clamped}

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        q = say.quantity
        clamping = ("Answers beyond that range score no points or full points." if rule.clamped else
                    "The range is not clamped: answers beyond it score below zero or above full points.")
        line = f"Points rise in a straight line from none at {q(rule.low)} to full points at {q(rule.high)}."
        return f"{line} {clamping}"

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        s, counted = w.score, w.score.counted
        text = (f"{s.answer_text}{w.capped} on a line from {w.quantity(rule.low or 0)} (no points) to "
                f"{w.quantity(rule.high or 0)} (full points) gives {w.got}")
        if rule.clamped and counted is not None and rule.low is not None and rule.high is not None and not (
                min(rule.low, rule.high) <= counted <= max(rule.low, rule.high)):
            text += " (clamped to the range)"
        return text

    def example_answer(self, rule: model.ScoringRule, tender: model.Tender) -> Any:
        return (rule.low + rule.high) / 2 if rule.low is not None and rule.high is not None else None


class RelativeToBest(RuleKind):
    """`scored relative to best`: the answer over the best compared answer."""

    name = "relative-to-best"
    label = "relative to best"
    node = ast.RelativeToBest
    grammar = "rule_relative_best"
    fits = _numbers()

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        return ("Scored relative to the best bid: your answer divided by the highest answer among the bids "
                "compared, so the highest answer gets full points.")

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        best = w.quantity(w.score.best or 0)
        return f"{w.score.answer_text}{w.capped} against the best compared bid's {best} gives {w.got}"


class Bands(RuleKind):
    """`scored in bands` with `at least N scores P%` lines: the highest band reached."""

    name = "bands"
    label = "in bands"
    node = ast.Bands
    fits = _numbers()

    def check(self, node: ast.Bands, checking: Checking, sink: Sink) -> None:
        previous: ast.Band | None = None
        for band in node.bands:
            if isinstance(band, ast.Band):
                checking.amount_unit(band.at_least)
                checking.percent(band.scores)
                if previous is not None and band.at_least.value <= previous.at_least.value:
                    sink.append(make("bands-not-ascending", band.span, this=checking.written(band.at_least),
                                     previous=checking.written(previous.at_least)))
                previous = band
            elif isinstance(band, ast.Otherwise):
                checking.percent(band.scores)

    def lower(self, node: ast.Bands) -> dict[str, Any]:
        ordered = [b for b in node.bands if isinstance(b, ast.Band)]
        otherwise = next((b for b in node.bands if isinstance(b, ast.Otherwise)), None)
        return {"bands": tuple(model.Band(at_least=b.at_least.value, fraction=b.scores.value / _HUNDRED)
                               for b in ordered),
                "otherwise": otherwise.scores.value / _HUNDRED if otherwise else Decimal(0)}

    def portable(self, rule: model.ScoringRule) -> dict[str, Any]:
        return {"bands": [[_exact(b.at_least), _exact(b.fraction)] for b in rule.bands],
                "otherwise": _exact(rule.otherwise)}

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        steps = [f"at least {say.quantity(b.at_least)} scores {figures.percent(b.fraction)}" for b in rule.bands]
        return ("Scored in bands: " + "; ".join(steps) +
                f"; anything less scores {figures.percent(rule.otherwise)} of the points.")

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        counted = w.score.counted
        band = next((b for b in reversed(rule.bands) if counted is not None and counted >= b.at_least), None)
        if band is None:
            return f"{w.score.answer_text}{w.capped} is below every band, so {w.got}"
        return f"{w.score.answer_text}{w.capped} reaches the band “at least {w.quantity(band.at_least)}”: {w.got}"

    def example_answer(self, rule: model.ScoringRule, tender: model.Tender) -> Any:
        return rule.bands[0].at_least if rule.bands else None


class ByEvaluators(RuleKind):
    """`scored by evaluators on scale NAME`: the moderated mark over the scale's top mark."""

    name = "evaluators"
    label = "by evaluators"
    node = ast.ByEvaluators
    grammar = "rule_evaluators"
    marked = True

    def build(self, span: Span, children: list[Any], builder: Building) -> ast.Node:
        return ast.ByEvaluators(span=span, scale=builder._name(children[0]))

    def source(self, node: ast.ByEvaluators, amount: Callable[[ast.Amount], str]) -> str:
        return f"by evaluators on scale {node.scale.text}"

    def check(self, node: ast.ByEvaluators, checking: Checking, sink: Sink) -> None:
        checking.scale(node.scale)

    def lower(self, node: ast.ByEvaluators) -> dict[str, Any]:
        return {"scale": node.scale.text}

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        scale = say.scale
        levels = f" ({say.scale_levels(scale)})" if scale is not None else ""
        title = scale.title if scale is not None and scale.title else rule.scale
        return (f"Marked by evaluators on the scale “{title}”{levels}; the points are the moderated mark as a "
                "share of the top mark.")

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        scale = w.tender.scale(rule.scale or "")
        how = "mean" if w.tender.moderation == "mean" else "consensus"
        return (f"{how} mark {figures.number(w.score.mark or 0)} of {figures.number(scale.maximum)} on the "
                f"“{scale.title or scale.name}” scale gives {w.got}")

    def example_answer(self, rule: model.ScoringRule, tender: model.Tender) -> Any:
        scale = tender.scale(rule.scale) if rule.scale else None
        return scale.levels[1].value if scale and len(scale.levels) > 1 else None


class _ByValue(RuleKind):
    """Shared by the rules that score the social value in pounds (the quantity times its proxy)."""

    fits = _numbers()
    values_pounds = True

    def example_answer(self, rule: model.ScoringRule, tender: model.Tender) -> Any:
        return Decimal(1000)


class ValuePerPound(_ByValue):
    """`scored by value per £ against £0.10`: social value per £1 of contract value, against a target."""

    name = "value-per-pound"
    label = "by value per £"
    node = ast.ValuePerPound
    grammar = "rule_value_per_pound"

    def build(self, span: Span, children: list[Any], builder: Building) -> ast.Node:
        return ast.ValuePerPound(span=span, target=builder._amount(children[0]))

    def source(self, node: ast.ValuePerPound, amount: Callable[[ast.Amount], str]) -> str:
        return f"by value per £ against {amount(node.target)}"

    def lower(self, node: ast.ValuePerPound) -> dict[str, Any]:
        return {"target": node.target.value}

    def portable(self, rule: model.ScoringRule) -> dict[str, Any]:
        return {"target": _exact(rule.target)}

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        return (f"Scored on the social value offered per £1 of contract value: full points at "
                f"{figures.money(rule.target or 0)} per £1 or more, in proportion below it.")

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        s, tender = w.score, w.tender
        per_pound = (s.value or 0) / Fraction(tender.contract_value)
        return (f"{s.answer_text}{w.capped} is worth {figures.money(s.value or 0)} of social value, "
                f"{figures.money_not_zeroed(per_pound)} per £1 of the {figures.money(tender.contract_value)} contract, "
                f"against a target of {figures.money(rule.target or 0)} per £1: {w.got}")


class ValueRelativeToBest(_ByValue):
    """`scored by value relative to best`: social value in pounds over the best compared bid's."""

    name = "value-relative-to-best"
    label = "by value relative to best"
    node = ast.ValueRelativeToBest
    grammar = "rule_value_relative_best"

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        return ("Scored on the social value in pounds relative to the best bid's: the bid with the highest value "
                "gets full points, others in proportion.")

    def working(self, rule: model.ScoringRule, w: Working) -> str:
        s = w.score
        per_unit = (s.value / s.counted) if s.value is not None and s.counted else None
        best_value = (s.best or 0) * per_unit if per_unit is not None else None
        best = f"{figures.money(best_value)}" if best_value is not None else w.quantity(s.best or 0)
        return (f"{s.answer_text}{w.capped} is worth {figures.money(s.value or 0)} of social value, against the "
                f"best compared bid's {best}: {w.got}")


class YesNo(RuleKind):
    """`scored yes or no`: full points for yes, none for no."""

    name = "yes-no"
    label = "yes or no"
    node = ast.YesNo
    grammar = "rule_yes_no"
    fits = frozenset({"yes/no"})

    def describe(self, rule: model.ScoringRule, say: Say) -> str:
        return "Yes scores full points; no scores none."


RULES: dict[str, RuleKind] = {}
"""Every scoring rule kind, keyed by `model.ScoringRule.kind`."""
_BY_NODE: dict[type[ast.Node], RuleKind] = {}
BY_GRAMMAR: dict[str, RuleKind] = {}
"""Rule kinds by their grammar alias, for the AST builder."""


def register(kind: RuleKind) -> RuleKind:
    """Add a rule kind to the table (the built-in kinds below; a test adds a toy one)."""
    RULES[kind.name] = kind
    _BY_NODE[kind.node] = kind
    if kind.grammar is not None:
        BY_GRAMMAR[kind.grammar] = kind
    return kind


def unregister(kind: RuleKind) -> None:
    """Take a rule kind out of the table again (for tests that add one)."""
    RULES.pop(kind.name, None)
    _BY_NODE.pop(kind.node, None)
    if kind.grammar is not None:
        BY_GRAMMAR.pop(kind.grammar, None)


for _kind in (Linear(), RelativeToBest(), Bands(), ByEvaluators(), ValuePerPound(), ValueRelativeToBest(), YesNo()):
    register(_kind)


def rule_kind(rule: model.ScoringRule) -> RuleKind:
    """The kind of a lowered rule, from the one table."""
    return RULES[rule.kind]


def node_kind(node: ast.Node) -> RuleKind:
    """The kind of a rule in the AST, from the one table."""
    return _BY_NODE[type(node)]


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else figures.exact(value)

