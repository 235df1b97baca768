"""What a bid to one tender must contain, compiled once from the tender model.

`BidRules.for_tender(tender)` turns the tender into flat, precomputed answer rules; `check(data)`
walks a bid's plain data once and returns every problem as an `Issue` (a JSON pointer, a code and
message parameters), cheap enough to validate thousands of bids a second. Turning issues into
diagnostics with places is done by `svspec.bids.read`. The same rules drive the JSON Schema
(`svspec.emit.schema`) and the templates, so what is validated is what is published.

A bid must list evidence (at least one document under `evidence: {CODE: [...]}`) for each
*commitment* whose measure or question asks for evidence `with the bid`. A commitment is a
number above zero, a yes, or any text, choice or file answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from types import MappingProxyType
from typing import Any, ClassVar

from svspec import model, names
from svspec import words as figures  # `words` is a word count in the checks below
from svspec.kinds.answers import EVIDENCE_ITEM_MAX as EVIDENCE_ITEM_MAX  # re-exported
from svspec.kinds.answers import AnswerKind, answer_kind
from svspec.scoring.core import (
    EARLIEST_SUBMISSION,
    MAX_DECIMAL_PLACES,
    MAX_WHOLE_DIGITS,
    ScoringError,
    character_name,
    number_problem,
    read_moment,
    refused_character,
)

SECTIONS = {"quality": "question", "social_value": "measure"}
BIDDER_MAX = 200
DATE_PATTERN = (r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                r"([Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?"
                r"([Zz]|[+-](0[0-9]|1[0-4]):[0-5][0-9]))?$")
"""A date, or a date and time with its offset (RFC 3339); `core.read_moment` also checks the day exists."""
_EXPONENT = re.compile(r"^\s*[-+]?[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]+\s*$")
"""A number in exponent form that YAML 1.1 reads as text (1e5, 1.0e100001)."""
_NUMBER_WITH_UNIT = re.compile(r"^\s*(£)?\s*([-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerRule:
    """One answer a bid must give: a quality question or a selected social value measure."""

    section: str
    code: str
    title: str
    unit: str | None
    answer: model.Answer
    guidance: str | None
    evidence_with_bid: tuple[str, ...]
    evidence: tuple[model.EvidenceRequirement, ...]
    scoring: model.ScoringRule | None
    weight: Decimal | Fraction
    item: model.Measure | model.Question
    scales: Mapping[str, model.Scale]
    no_double_counting_with: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    """The selected measures whose figures include this one's (`part of`): it can claim no more than each."""
    whole: bool = False
    """It counts whole people or things (FTE, people, visits) and is not `apportioned`: 10.5 is refused."""
    kind: AnswerKind = field(init=False, repr=False, compare=False)
    """The answer's kind (`svspec.kinds.answers`), looked up once rather than for every bid."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", answer_kind(self.answer))

    @property
    def label(self) -> str:
        """How a bid writer recognises the answer: `LBL1 'Local residents employed' (FTE)`."""
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.code} '{self.title}'{unit}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a bid: where (a pointer, and whether the key rather than the value is
    meant), which diagnostic code and the message parameters."""

    pointer: tuple[str | int, ...]
    code: str
    params: Mapping[str, Any]
    key: bool = False


def amount(value: Decimal, unit: str | None) -> str:
    """A number with its unit, per the one rounding rule (`svspec.words`): '£1,500', '12 FTE', '25%', '-£3.10'."""
    return figures.quantity(value, unit)


def display_unit(answer: model.Answer, unit: str | None) -> str | None:
    """The unit shown to bid writers: '£' for money, else the measure's unit."""
    return answer_kind(answer).display_unit(unit)


def describe_number(value: Decimal) -> str:
    """A number too long to write out, shortened: '1E+100001'."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_commitment(answer: model.Answer, value: Any) -> bool:
    """Whether an answer commits the bidder to something (and so needs its evidence)."""
    return answer_kind(answer).is_commitment(value)


def describe_value(value: Any) -> str:
    """A found value in words: "text ('twelve')", "the number 12", "nothing"."""
    if value is None:
        return "nothing"
    if value is True or value is False:
        return "yes" if value else "no"
    if type(value) is Decimal:
        if number_problem(value) is not None:
            return f"the number {describe_number(value)}"
        return f"the number {figures.number(value)}"
    if type(value) is str:
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ('{shown}')"
    if type(value) is list:
        return "a list"
    return "a group of named values"


def expected_kind(answer: model.Answer, unit: str | None) -> str:
    """What an answer should be, in words: 'a number of FTE', 'yes or no', 'one of the choices'."""
    return answer_kind(answer).expected(answer, unit)


def describe_scoring(rule: AnswerRule) -> str:
    """How an answer is scored, for bid writers: the scoring engine's own wording."""
    from svspec.scoring import describe_rule

    if rule.scoring is None:
        return "Recorded, not scored."
    return describe_rule(rule.scoring, rule.item, dict(rule.scales))


def describe_limits(answer: model.Answer, unit: str | None) -> str | None:
    """The limits on an answer in words: 'from 0 to 500 FTE', 'at most 1,500 words'."""
    return answer_kind(answer).limits(answer, unit)


def describe_evidence(evidence: tuple[model.EvidenceRequirement, ...]) -> str | None:
    """Evidence and when it is due: 'Engagement plan (with the bid)'."""
    if not evidence:
        return None
    return "; ".join(f"{e.what} ({e.when})" for e in evidence)


def local_area(measure: model.Measure) -> str | None:
    """Where a `local only` measure counts, in words: 'SE1, SE11 or SW2 postcode districts'."""
    if measure.local_area:
        districts = list(measure.local_area)
        listed = ", ".join(districts[:-1]) + " or " + districts[-1] if len(districts) > 1 else districts[0]
        return f"only results in the {listed} postcode district{'s' if len(districts) > 1 else ''}"
    if measure.local_boundary:
        return f"only results within {measure.local_boundary}"
    return "only local results" if measure.local_only else None


def asking(rule: AnswerRule) -> list[tuple[str, str]]:
    """What a measure asks beyond its answer, for every template: its question as published (or as the
    tender refined it), its sub-criteria, the local area it counts in and how it is counted."""
    item = rule.item
    if not isinstance(item, model.Measure):
        return []
    notes: list[tuple[str, str]] = []
    if item.question:
        notes.append(("Question", item.question))
    if item.sub_criteria:
        notes.append(("Sub-criteria", "; ".join(item.sub_criteria)))
    area = local_area(item)
    if area:
        notes.append(("Local area", f"Count {area}."))
    if rule.whole:
        notes.append(("Counting", f"Whole {rule.unit or 'numbers'} only."))
    elif item.apportioned and rule.kind.numeric:
        notes.append(("Counting", "Apportioned: count the share of each person's time spent on this contract "
                                  "(0.5 for half)."))
    return notes


def answer_rules(tender: model.Tender) -> tuple[AnswerRule, ...]:
    """The answers a bid to `tender` gives, quality questions first, in the tender's order."""
    scales = MappingProxyType({**{s.name: s for s in tender.framework.scales}, **{s.name: s for s in tender.scales}})
    rules = []
    for q in tender.questions:
        unit = display_unit(q.answer, None)
        rules.append(AnswerRule(
            section="quality", code=q.code, title=q.title, unit=unit, answer=q.answer,
            guidance=q.guidance or q.summary, evidence=q.evidence,
            evidence_with_bid=tuple(e.what for e in q.evidence if e.when == "with the bid"),
            scoring=q.scoring, weight=q.weight, item=q, scales=scales))
    selected = {s.code for s in tender.selections} | {r.code for r in tender.recorded}
    chosen: list[tuple[str, model.Measure, model.ScoringRule | None, Decimal | Fraction]] = [
        (s.code, s.measure, None if s.measure.record_only else s.scoring, s.weight) for s in tender.selections]
    chosen += [(r.code, r.measure, None, Decimal(0)) for r in tender.recorded]  # collected, never scored
    for code, m, scoring, weight in chosen:
        unit = display_unit(m.answer, m.unit)
        rules.append(AnswerRule(
            section="social_value", code=code, title=m.title, unit=unit, answer=m.answer,
            guidance=m.guidance or m.summary, evidence=m.evidence,
            evidence_with_bid=tuple(e.what for e in m.evidence if e.when == "with the bid"),
            scoring=scoring, weight=weight, item=m, scales=scales,
            no_double_counting_with=tuple(c for c in m.no_double_counting_with if c in selected),
            part_of=tuple(c for c in m.part_of if c in selected),
            whole=counts_whole(m)))
    return tuple(rules)


def counts_whole(measure: model.Measure) -> bool:
    """Whether a measure's figure is a whole count: a number of people or things (FTE, people, visits)
    that is not `apportioned` (Essex: only apportioned measures count 0.5 FTE for half a person's time)."""
    unit = figures.UNIT.get(measure.unit or "")
    return (not measure.apportioned and answer_kind(measure.answer).numeric and unit is not None
            and unit.kind in ("count", "FTE"))


class BidRules:
    """The checks for bids to one tender, precomputed for speed."""

    def __init__(self, tender: model.Tender) -> None:
        self.tender = tender
        self.rules = answer_rules(tender)
        self.by_section: dict[str, dict[str, AnswerRule]] = {
            section: {r.code: r for r in self.rules if r.section == section} for section in SECTIONS}
        self.by_code = {r.code: r for r in self.rules}
        self.codes_unique = len(self.by_code) == len(self.rules)
        """No question and measure share a code (what the language requires; `check` relies on it only
        where it says so)."""
        # A tender awarding by price per quality point divides each price by the points (issue 12 item 4).
        self.has_price = tender.criterion("price") is not None or tender.award == "price per quality point"
        self.local_areas: dict[str, tuple[str, ...]] = {
            r.code: r.item.local_area for r in self.rules if isinstance(r.item, model.Measure) and r.item.local_area}
        """Measures counted in named postcode districts: a bid may say which its results come from."""
        self.fields: tuple[str, ...] = tuple(
            f for f in ("tender", "bidder", "submitted", "price", "quality", "social_value", "local", "evidence")
            if (f != "price" or self.has_price) and (f not in SECTIONS or self.by_section[f])
            and (f != "local" or self.local_areas))
        self.required: tuple[str, ...] = tuple(f for f in self.fields if f not in ("submitted", "local", "evidence"))
        self.field_set, self.required_set = frozenset(self.fields), frozenset(self.required)
        pairs = set()
        for r in self.rules:
            for other in r.no_double_counting_with:
                pairs.add(tuple(sorted((r.code, other))))
        self.double_counting: tuple[tuple[str, str], ...] = tuple(sorted(pairs))  # type: ignore[arg-type]
        self.parts: tuple[tuple[str, str], ...] = tuple((r.code, whole) for r in self.rules for whole in r.part_of)
        """Each (part, whole) of selected measures declared `part of` another: checked on the figures."""
        self.needs_evidence = tuple(r for r in self.rules if r.evidence_with_bid)
        self.needs_evidence_codes = frozenset(r.code for r in self.needs_evidence)
        self.evidence_words = {r.code: (r.label, "; ".join(r.evidence_with_bid)) for r in self.needs_evidence}
        """The words of each `bid/missing-evidence`, made once (an invalid bid may have a dozen)."""
        self.missing_evidence = {code: Issue(("evidence", code), "bid/missing-evidence", {"label": label, "what": what})
                                 for code, (label, what) in self.evidence_words.items()}
        """Each `bid/missing-evidence` issue, made once: issues are values, never changed once made."""
        self.answer_checks: dict[str, tuple[tuple[str, AnswerRule, Callable[[Any], bool] | None], ...]] = {
            section: tuple((code, rule, _accepts(self, rule)) for code, rule in rules.items())
            for section, rules in self.by_section.items()}
        """Each section's answers with the quick test compiled for each (see `_accepts`), in order."""
        self.quick_tests = {section: tuple((code, accepts or _never) for code, _rule, accepts in checks)
                            for section, checks in self.answer_checks.items()}
        """The same, for the pass every bid takes: each code and its quick test (`_never` for none)."""
        self.plain_quick_tests = {
            section: tuple((code, _accepts_plain_text(rule.answer.limit, rule.answer.limit_unit)
                            if accepts is not _never and rule.kind.name == "text" else accepts)
                           for (code, accepts), (_code, rule, _test)
                           in zip(tests, self.answer_checks[section], strict=True))
            for section, tests in self.quick_tests.items()}
        """The same for a bid whose every text is printable ASCII (`check(data, plain_text=True)`)."""
        effective = tender.framework.effective
        self.earliest = max(EARLIEST_SUBMISSION, effective or "")
        """The first day a bid may be submitted (what `_submitted` compares with)."""
        self.missing_answers = {(r.section, r.code): Issue((r.section, r.code), "bid/missing-answer",
                                                           {"label": r.label}) for r in self.rules}
        """Each `bid/missing-answer` issue, made once, like `missing_evidence`."""
        self.known_codes = {section: tuple(rules) for section, rules in self.by_section.items()}
        """The codes a section knows, the `known` of its `bid/unknown-answer` (made once, not per issue)."""
        self._made: dict[tuple[Any, ...], Any] = {}
        """Issues already made for a recurring mistake (see `_recurring`), by what they depend on."""

    _cache: ClassVar[dict[int, tuple[model.Tender, BidRules]]] = {}

    @classmethod
    def for_tender(cls, tender: model.Tender) -> BidRules:
        """The rules for `tender`, compiled once per tender object."""
        hit = cls._cache.get(id(tender))
        if hit is not None and hit[0] is tender:
            return hit[1]
        rules = cls(tender)
        if len(cls._cache) > 64:
            cls._cache.clear()
        cls._cache[id(tender)] = (tender, rules)
        return rules

    # ------------------------------------------------------------------------------ checking

    def _price_components(self, price: Any, issues: list[Issue]) -> None:
        """A price by component (whole-life cost, issue 12 item 4): an amount in pounds for each of the
        tender's components, none negative, and a whole-life cost above £0."""
        components = self.tender.price_components
        codes = ", ".join(c.code for c in components)
        if type(price) is not dict:
            issues.append(Issue(("price",), "bid/price-by-component", {"codes": codes,
                                                                       "found": describe_value(price)}))
            return
        fine = True
        for c in components:
            if c.code not in price:
                issues.append(Issue(("price", c.code), "bid/missing-price-component", {"component": c.code,
                                                                                        "title": c.title}))
                fine = False
                continue
            value = price[c.code]
            what = f"the price of {c.code} ({c.title})"
            if type(value) is not Decimal:
                issues.append(_not_a_number(("price", c.code), what, "£", "an amount in pounds", value))
                fine = False
            elif (problem := _number_issue(("price", c.code), what, value)) is not None:
                issues.append(problem)
                fine = False
            elif value < 0:
                issues.append(Issue(("price", c.code), "bid/negative-price", {"found": amount(value, "£")}))
                fine = False
        for code in price:
            if code not in {c.code for c in components}:
                issues.append(Issue(("price", code), "bid/unknown-price-component", {"component": code, "codes": codes},
                                    True))
                fine = False
        if fine and not any(price[c.code] for c in components):
            issues.append(Issue(("price",), "bid/zero-price", {}))

    def check(self, data: Any, plain_text: bool = False) -> list[Issue]:
        """Every problem in a bid's plain data (an empty list for a valid bid). `plain_text` says that
        every text in it is printable ASCII (`svspec.bids.read` knows it of some JSON), so text answers
        need no search for refused characters."""
        issues: list[Issue] = []
        if type(data) is not dict:
            issues.append(Issue((), "bid/not-a-bid", {"found": describe_value(data)}))
            return issues
        fields = self.fields
        if not data.keys() <= self.field_set:  # compared in C; most bids name only known fields
            for key in data:
                if key not in fields:
                    issues.append(self._unknown_field(key))
        if not self.required_set <= data.keys():
            for key in self.required:
                if key not in data:
                    issues.append(Issue((key,), "bid/missing-field", {"name": key, "what": _FIELD_WORDS[key]}))
        tender = data.get("tender")
        if "tender" in data and tender != self.tender.name:
            if type(tender) is str and (bad := refused_character(tender)) is not None:
                issues.append(_character_issue(("tender",), tender, bad))
            elif type(tender) is str:
                issues.append(Issue(("tender",), "bid/wrong-tender", {"found": tender, "name": self.tender.name}))
            else:
                issues.append(_wrong_type(("tender",), "the tender name", "text", tender))
        bidder = data.get("bidder", "")
        if type(bidder) is not str:
            issues.append(_wrong_type(("bidder",), "the bidder's name", "text", bidder))
        elif "bidder" in data and (not bidder.strip() or len(bidder) > BIDDER_MAX):
            issues.append(Issue(("bidder",), "bid/bad-bidder", {"limit": BIDDER_MAX}))
        elif "bidder" in data and (name_problem := names.problem(bidder)) is not None:
            # One rule for names (svspec.names), not the text-answer character rule.
            issues.append(Issue(("bidder",), "bid/bad-name", {"name": names.shown(bidder), "reason": name_problem}))
        if "submitted" in data:
            self._submitted(data["submitted"], issues)
        if "price" in data and self.has_price and self.tender.price_components:
            self._price_components(data["price"], issues)
        elif "price" in data and self.has_price:
            price = data["price"]
            if type(price) is not Decimal:
                issues.append(_not_a_number(("price",), "the price", "£", "an amount in pounds", price))
            elif _long(price) and (problem := _number_issue(("price",), "the price", price)) is not None:
                issues.append(problem)
            elif price < 0:
                issues.append(Issue(("price",), "bid/negative-price", {"found": amount(price, "£")}))
            elif price == 0:
                issues.append(Issue(("price",), "bid/zero-price", {}))
        answers: dict[str, Any] = {}
        for section, rules in self.by_section.items():
            if not rules or section not in data:
                continue
            given = data[section]
            if type(given) is not dict:
                words = "answers to the quality questions" if section == "quality" else "social value answers"
                issues.append(_wrong_type((section,), words, "a group of answers by code", given))
                continue
            # The pass every bid takes, kept short: each answer's quick test (`_never` where there is
            # none) says yes, or no for an answer not given (`_ABSENT`), and only then is it looked at.
            get, refused = given.get, []
            for code, accepts in (self.plain_quick_tests if plain_text else self.quick_tests)[section]:
                if not accepts(get(code, _ABSENT)):
                    value = get(code, _ABSENT)
                    if value is _ABSENT:
                        issues.append(self.missing_answers[section, code])
                    elif not self._checked(rules[code], value, issues):
                        refused.append(code)
            unknown = given.keys() - rules.keys() if not given.keys() <= rules.keys() else None  # in C
            if unknown:
                for code in unknown if len(unknown) == 1 else [code for code in given if code in unknown]:
                    issues.append(self._unknown_answer(section, code))
            # The answers usable in the checks across answers below, which look codes of the tender up:
            # the whole group at once when any other code in it is none of them, less those refused.
            if self.codes_unique and (unknown is None or unknown.isdisjoint(self.by_code)):
                answers.update(given)
                for code in refused:
                    del answers[code]
            else:
                answers.update((code, given[code]) for code in rules if code in given and code not in refused)
        if "local" in data and self.local_areas:
            self._local(data["local"], issues)
        evidence = data.get("evidence")
        listed: dict[str, list[str]] = {}
        given_evidence = evidence if type(evidence) is dict else {}
        if evidence is not None:
            self._evidence(evidence, listed, issues)
        if not self.needs_evidence_codes <= given_evidence.keys():  # else every answer needing it has some
            for rule in self.needs_evidence:
                code = rule.code
                if code in answers and code not in given_evidence and rule.kind.is_commitment(answers[code]):
                    issues.append(self.missing_evidence[code])
        self._narrative(data, answers, issues)
        for part, whole in self.parts:
            self._part_within_whole(part, whole, answers, issues)
        for a, b in self.double_counting:
            self._same_figure(a, b, answers, issues)
            self._separate_spend(a, b, answers, issues)
            if a in listed and b in listed:
                for document in sorted(set(listed[a]) & set(listed[b])):
                    issues.append(Issue(("evidence", b), "bid/double-counting", {
                        "document": document, "a": self.by_code[a].label, "b": self.by_code[b].label}))
        return issues

    def _recurring(self, key: tuple[Any, ...] | None, make: Callable[[], Any]) -> Any:
        """`make()`, remembered by `key` (None: not remembered): the same mistake recurs across a batch
        of bids (a field left in, a unit written with a figure), and issues are values, never changed
        once made, so one made for an earlier bid serves again (and is worded once by the reader).
        Keys hold only text, whole numbers, yes/no and the type of the value, so equal keys mean equal
        issues."""
        if key is None:
            return make()
        made = self._made.get(key)
        if made is None:
            if len(self._made) > 4096:
                self._made.clear()
            made = self._made[key] = make()
        return made

    def _unknown_field(self, key: Any) -> Issue:
        """The `bid/unknown-field` issue of a top-level key the tender does not ask for."""
        made: Issue = self._recurring(("field", key) if type(key) is str and len(key) <= _KEPT else None, lambda: Issue(
            (key,), "bid/unknown-field", {"name": key, "fields": ", ".join(self.fields)}, True))
        return made

    def _unknown_answer(self, section: str, code: Any) -> Issue:
        """The `bid/unknown-answer` issue of a code that is not one of the section's."""
        made: Issue = self._recurring(
            ("code", section, code) if type(code) is str and len(code) <= _KEPT else None, lambda: Issue(
                (section, code), "bid/unknown-answer", {"ref": code, "kind": SECTIONS[section],
                                                        "known": self.known_codes[section]}, True))
        return made

    def _checked(self, rule: AnswerRule, value: Any, issues: list[Issue]) -> bool:
        """`_answer` for an answer its quick test did not accept: its verdict and issues depend only on
        the rule and the value, so for a short text, a number (by its text: 1 and 1.0 are written
        differently), yes/no or nothing they are made once and shared."""
        kind = type(value)
        shown = str(value) if kind is Decimal else value
        if ((kind is Decimal or kind is str) and len(shown) <= _KEPT) or kind is bool or value is None:
            key = (rule.section, rule.code, kind, shown)
        else:
            return self._answer(rule, (rule.section, rule.code), value, issues)

        def full() -> tuple[bool, tuple[Issue, ...]]:
            found: list[Issue] = []
            return self._answer(rule, (rule.section, rule.code), value, found), tuple(found)

        usable, made = self._recurring(key, full)
        issues.extend(made)
        return usable  # type: ignore[no-any-return]

    def _answer(self, rule: AnswerRule, pointer: tuple[str, str], value: Any, issues: list[Issue]) -> bool:
        """Check one answer; True when it is usable (right type, within limits)."""
        answer = rule.answer
        kind = rule.kind
        reads = kind.reads
        if reads == "parts":
            return self._parts(rule, pointer, value, issues)
        if reads == "number":
            if type(value) is not Decimal:
                issues.append(self._not_a_number(rule, pointer, value))
                return False
            text = str(value)
            if len(text) > 15 or "E" in text:  # only then can it be beyond the bounds (quick for valid bids)
                problem = _number_issue(pointer, f"the answer for {rule.label}", value)
                if problem is not None:
                    issues.append(problem)
                    return False
            if answer.minimum is not None and value < answer.minimum:
                found, limit = figures.contrasted(value, answer.minimum, rule.unit)
                issues.append(Issue(pointer, "bid/below-minimum",
                                    {"label": rule.label, "found": found, "limit": limit}))
                return False
            if answer.maximum is not None and value > answer.maximum:
                found, limit = figures.contrasted(value, answer.maximum, rule.unit)
                issues.append(Issue(pointer, "bid/above-maximum",
                                    {"label": rule.label, "found": found, "limit": limit}))
                return False
            if rule.whole and value != value.to_integral_value():
                issues.append(Issue(pointer, "bid/fraction-not-apportioned", {
                    "label": rule.label, "unit": rule.unit or "numbers", "found": figures.quantity(value, rule.unit)}))
                return False
            return True
        if reads == "yes/no":
            if value is not True and value is not False:
                issues.append(Issue(pointer, "bid/wrong-type", {
                    "what": f"the answer for {rule.label}", "expected": "yes or no", "found": describe_value(value)}))
                return False
            return True
        if type(value) is not str:
            if value is None:
                issues.append(Issue(pointer, "bid/empty-answer", {"label": rule.label}))
            else:
                issues.append(Issue(pointer, "bid/wrong-type", {
                    "what": f"the answer for {rule.label}", "expected": expected_kind(answer, rule.unit),
                    "found": describe_value(value)}))
            return False
        if (bad := refused_character(value)) is not None:
            issues.append(_character_issue(pointer, value, bad))
            return False
        if not value.strip():
            issues.append(Issue(pointer, "bid/empty-answer", {"label": rule.label}))
            return False
        refused = kind.text_problem(answer, value)
        if refused is not None:
            issues.append(Issue(pointer, refused.code, {"label": rule.label, **refused.params}))
            return False
        return True

    def _local(self, local: Any, issues: list[Issue]) -> None:
        """`local: {CODE: [DISTRICT, ...]}`: where a local-only measure's results come from, each district
        inside its area (issue 9 item 12: `local only` names its area and the template asks for it)."""
        if type(local) is not dict:
            issues.append(_wrong_type(("local",), "the local areas", "postcode districts listed by code", local))
            return
        for code, districts in local.items():
            pointer = ("local", code)
            area = self.local_areas.get(code)
            if area is None:
                issues.append(Issue(pointer, "bid/not-local-only", {"ref": code, "known": tuple(self.local_areas)},
                                    True))
                continue
            if type(districts) is not list:
                issues.append(_wrong_type(pointer, f"the local area of {code}", "a list of postcode districts",
                                          districts))
                continue
            seen: set[str] = set()
            label = self.by_code[code].label
            for i, district in enumerate(districts):
                if type(district) is not str:
                    issues.append(_wrong_type((*pointer, i), f"a postcode district of {code}", "text such as SE11",
                                              district))
                elif district not in area:
                    issues.append(Issue((*pointer, i), "bid/outside-local-area", {
                        "found": district, "label": label, "area": ", ".join(area), "suggest": area}))
                elif district in seen:
                    issues.append(Issue((*pointer, i), "bid/district-listed-twice", {"ref": code, "found": district}))
                else:
                    seen.add(district)

    def _narrative(self, data: dict[str, Any], answers: dict[str, Any], issues: list[Issue]) -> None:
        """All text answers together within the tender's `narrative up to N words in total`, counted as
        each answer's own limit counts (issue 9 item 2); reported at the longest answer."""
        limit, unit = self.tender.narrative_limit, self.tender.narrative_unit
        if limit is None or unit is None:
            return
        from svspec.bids.attached import attached_name  # an attached document is counted from its file

        lengths = [(r.kind.length(answers[r.code], unit), r) for r in self.rules
                   if r.kind.narrative and type(answers.get(r.code)) is str and attached_name(answers[r.code]) is None]
        total = sum(n for n, _ in lengths)
        if total > limit:
            longest = max(lengths, key=lambda pair: pair[0])[1]
            issues.append(Issue((longest.section, longest.code), "bid/narrative-too-long", {
                "found": figures.count(total, unit[:-1]), "limit": figures.count(limit, unit[:-1])}))

    def _same_figure(self, a: str, b: str, answers: dict[str, Any], issues: list[Issue]) -> None:
        """Measures that must not double count, claiming the same figure in the same unit: likely one
        result counted twice (checked on the numbers, not only on shared evidence)."""
        first, second = self.by_code[a], self.by_code[b]
        x, y = answers.get(a), answers.get(b)
        if (first.kind.numeric and second.kind.numeric and first.unit == second.unit
                and type(x) is Decimal and type(y) is Decimal and x == y and x > 0):
            issues.append(Issue((second.section, b), "bid/same-figure-counted-twice", {
                "a": first.label, "b": second.label, "found": figures.quantity(x, first.unit)}))

    def _part_within_whole(self, part: str, whole: str, answers: dict[str, Any], issues: list[Issue]) -> None:
        """A measure declared `part of` another claims no more than it: every result of the part is a
        result of the whole too (checked on the numbers, issue 9 item 12)."""
        mine, theirs = self.by_code[part], self.by_code[whole]
        x, y = answers.get(part), answers.get(whole)
        if type(x) is Decimal and type(y) is Decimal and mine.unit == theirs.unit and x > y:
            found, limit = figures.contrasted(x, y, mine.unit)
            issues.append(Issue((mine.section, part), "bid/part-exceeds-whole", {
                "part": mine.label, "whole": theirs.label, "found": found, "limit": limit}))

    def _separate_spend(self, a: str, b: str, answers: dict[str, Any], issues: list[Issue]) -> None:
        """Spend under two measures that must not double count is separate spend of the contract, so
        together it is at most the contract value; more means some was counted under both."""
        first, second = self.by_code[a], self.by_code[b]
        x, y = answers.get(a), answers.get(b)
        if (first.unit == "£" and second.unit == "£" and type(x) is Decimal and type(y) is Decimal
                and x > 0 and y > 0 and x + y > self.tender.contract_value):
            found, limit = figures.contrasted(x + y, self.tender.contract_value, "£")
            issues.append(Issue((second.section, b), "bid/exclusive-claims-exceed-contract", {
                "a": first.label, "b": second.label, "found": found, "limit": limit}))

    def _submitted(self, submitted: Any, issues: list[Issue]) -> None:
        """`submitted` is the bid's own claim: refused when impossible or before bids could be made,
        flagged when after the closing date (the buyer's receipt time, when given, wins anyway)."""
        if type(submitted) is str and _PLAIN_MOMENT.fullmatch(submitted) is not None:
            day = submitted[:10]  # a day that exists, in UTC (or the whole day): the day `read_moment` finds
            if day >= self.earliest and (self.tender.closes is None or day <= self.tender.closes):
                return
        pointer = ("submitted",)
        if type(submitted) is not str:
            issues.append(Issue(pointer, "bid/bad-date", {"found": describe_value(submitted),
                                                          "reason": "it is not a date"}))
            return
        try:
            moment = read_moment(submitted)
        except ScoringError as error:
            issues.append(Issue(pointer, "bid/bad-date", {"found": describe_value(submitted), "reason": str(error)}))
            return
        day = moment.at.date().isoformat()
        effective = self.tender.framework.effective
        earliest = max(EARLIEST_SUBMISSION, effective or "")
        if day < earliest:
            why = (f"the framework {self.tender.framework.name} takes effect on {earliest}"
                   if effective is not None and effective >= EARLIEST_SUBMISSION else "no bid is older")
            issues.append(Issue(pointer, "bid/submitted-too-early", {"found": submitted, "limit": earliest,
                                                                     "why": why}))
        elif self.tender.closes is not None and day > self.tender.closes:
            issues.append(Issue(pointer, "bid/submitted-after-closing", {"found": submitted,
                                                                         "closes": self.tender.closes}))

    def _parts(self, rule: AnswerRule, pointer: tuple[str, str], value: Any, issues: list[Issue]) -> bool:
        """A composite answer: a number, 0 or more, for each of its parts and nothing else."""
        if type(value) is not dict:
            issues.append(_not_a_number(pointer, f"the answer for {rule.label}", None,
                                        expected_kind(rule.answer, rule.unit), value, rule.label)
                          if value is None else _wrong_type(pointer, f"the answer for {rule.label}",
                                                            expected_kind(rule.answer, rule.unit), value))
            return False
        names = [p.name for p in rule.answer.parts]
        found = len(issues)
        for key in value:
            if key not in names:
                issues.append(Issue((*pointer, key), "bid/unknown-answer", {
                    "ref": str(key), "kind": f"part of {rule.code} called", "known": tuple(names)}, True))
        for part in rule.answer.parts:
            where = (*pointer, part.name)
            label = f"{rule.label}, part {part.name}"
            if part.name not in value:
                issues.append(Issue(pointer, "bid/missing-answer", {"label": label}))
                continue
            figure = value[part.name]
            unit = "money" if part.unit == "£" else part.unit
            expected = "an amount in pounds" if part.unit == "£" else f"a number of {unit}"
            if type(figure) is not Decimal:
                issues.append(_not_a_number(where, f"the answer for {label}", "£" if part.unit == "£" else unit,
                                            expected, figure, label))
            elif (problem := _number_issue(where, f"the answer for {label}", figure)) is not None:
                issues.append(problem)
            elif figure < 0:
                shown, limit = figures.contrasted(figure, Decimal(0), unit)
                issues.append(Issue(where, "bid/below-minimum", {"label": label, "found": shown, "limit": limit}))
        return len(issues) == found

    def _not_a_number(self, rule: AnswerRule, pointer: tuple[str, str], value: Any) -> Issue:
        return _not_a_number(pointer, f"the answer for {rule.label}", rule.unit, expected_kind(rule.answer, rule.unit),
                             value, rule.label)

    def _evidence(self, evidence: Any, listed: dict[str, list[str]], issues: list[Issue]) -> None:
        if type(evidence) is dict and _plain_evidence(evidence, self.by_code):
            listed.update(evidence)
            return
        if type(evidence) is not dict:
            issues.append(_wrong_type(("evidence",), "the evidence", "documents listed by code", evidence))
            return
        for code, documents in evidence.items():
            pointer = ("evidence", code)
            if code not in self.by_code:
                issues.append(Issue(pointer, "bid/unknown-evidence", {"ref": code, "known": tuple(self.by_code)},
                                    True))
                continue
            if type(documents) is str:  # one document named alone, as people write it: `LBL6: plan.pdf`
                documents = [documents]
            if type(documents) is not list:
                issues.append(_wrong_type(pointer, f"the evidence for {code}", "a list of document names",
                                          documents))
                continue
            if not documents:
                issues.append(Issue(pointer, "bid/empty-evidence", {"ref": code}))
                continue
            good = True
            seen: set[str] = set()
            for i, document in enumerate(documents):
                if type(document) is not str or not document.strip() or len(document) > EVIDENCE_ITEM_MAX:
                    issues.append(Issue((*pointer, i), "bid/bad-document", {
                        "ref": code, "found": describe_value(document), "limit": EVIDENCE_ITEM_MAX}))
                    good = False
                elif (bad := refused_character(document)) is not None:
                    issues.append(_character_issue((*pointer, i), document, bad))
                    good = False
                elif document in seen:
                    issues.append(Issue((*pointer, i), "bid/document-listed-twice", {"ref": code,
                                                                                    "document": document}))
                    good = False
                else:
                    seen.add(document)
            if good:
                listed[code] = documents


# ------------------------------------------------------------------------ quick tests of answers
# `BidRules.check` asks a rule's quick test first and the full check (`BidRules._answer`) only when it
# says no: a quick test says yes only for a value the full check accepts without an issue, so the
# issues, their wording and the verdict all come from the full check alone. Written as closures over
# the rule's figures, compiled once per tender (nothing derived from spec text is executed).


def _accepts(rules: BidRules, rule: AnswerRule) -> Callable[[Any], bool] | None:
    """The quick test of `rule`'s answers, or None where every answer takes the full check."""
    reads, answer = rule.kind.reads, rule.answer
    if reads == "number":
        return _accepts_number(answer.minimum, answer.maximum, rule.whole)
    if reads == "yes/no":
        return lambda value: value is True or value is False
    if rule.kind.name == "choice":
        # The choices the full check accepts, found by asking it: the quick test is then a lookup.
        fine = frozenset(c for c in answer.choices if rules._answer(rule, (rule.section, rule.code), c, []))
        return lambda value: type(value) is str and value in fine
    if rule.kind.name == "text":
        return _accepts_text(answer.limit, answer.limit_unit)
    return None


def _never(value: Any) -> bool:
    """The quick test of an answer that always takes the full check."""
    return False


def _accepts_number(minimum: Decimal | None, maximum: Decimal | None, whole: bool) -> Callable[[Any], bool]:
    """A number of at most 15 characters (so within the digits scored), within the limits, whole where counted so.
    The usual limits (a minimum, with or without a maximum, not whole) have tests of their own, without the
    conditions that cannot apply (36 of them a bid in the benchmark)."""
    if minimum is not None and not whole:
        low = minimum
        if maximum is None:
            def at_least(value: Any) -> bool:
                if type(value) is not Decimal:
                    return False
                text = str(value)
                return len(text) <= 15 and "E" not in text and not value < low
            return at_least
        high = maximum

        def between(value: Any) -> bool:
            if type(value) is not Decimal:
                return False
            text = str(value)
            return len(text) <= 15 and "E" not in text and not value < low and not value > high
        return between

    def accepts(value: Any) -> bool:
        if type(value) is not Decimal:
            return False
        text = str(value)
        return (len(text) <= 15 and "E" not in text and (minimum is None or not value < minimum)
                and (maximum is None or not value > maximum) and (not whole or value == value.to_integral_value()))
    return accepts


def _accepts_text(limit: int | None, unit: str | None) -> Callable[[Any], bool]:
    """Text without a refused character, not blank, and short enough that it cannot be over its limit:
    a text of n characters has at most (n + 1) // 2 words (composing it never makes a space), and a plain
    ASCII text counts as its length in characters."""
    def accepts(value: Any) -> bool:
        if type(value) is not str or not value.strip() or not _no_refused_character(value):
            return False
        if limit is None:
            return True
        if unit == "characters":
            return value.isascii() and len(value) <= limit
        return (len(value) + 1) // 2 <= limit
    return accepts


def _accepts_plain_text(limit: int | None, unit: str | None) -> Callable[[Any], bool]:
    """`_accepts_text` for text known to be printable ASCII, which holds no refused character and counts
    as its length in characters."""
    def accepts(value: Any) -> bool:
        if type(value) is not str or not value.strip():
            return False
        if limit is None:
            return True
        if unit == "characters":
            return len(value) <= limit
        return (len(value) + 1) // 2 <= limit
    return accepts


_PLAIN_MOMENT = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
                           r"(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z)?")
"""A submission date as most bids write it, on a day every month has, in UTC or a whole day: `_submitted`
then compares its first ten characters and asks `core.read_moment` only about any other form."""

_LIST = frozenset({list})
_ABSENT = object()
_KEPT = 64
"""The longest text a remembered issue is keyed by (longer mistakes are rare and costly to key)."""
_TEXT = frozenset({str})


def _plain_evidence(evidence: dict[Any, Any], known: Mapping[str, AnswerRule]) -> bool:
    """Whether `BidRules._evidence` finds nothing wrong with `evidence` and lists it as it is, tested at
    once: every code known, every list of documents a list, none empty, its documents text without a
    refused character, not blank, not too long and not listed twice in one list (which needs no sets
    when each list names one document, as most do)."""
    if not evidence:
        return True
    if not evidence.keys() <= known.keys():
        return False
    lists = evidence.values()
    if not _LIST.issuperset(map(type, lists)) or not all(lists):
        return False
    documents = list(chain.from_iterable(lists))
    return (_TEXT.issuperset(map(type, documents)) and max(map(len, documents)) <= EVIDENCE_ITEM_MAX
            and all(map(str.strip, documents)) and _no_refused_character(" ".join(documents))
            and (len(documents) == len(lists) or sum(map(len, map(set, lists))) == len(documents)))


def _no_refused_character(text: str) -> bool:
    """`refused_character(text) is None`, at once for printable ASCII (a line without a tab or a line
    break), which holds no refused character: about twice as fast as the search on an answer's text."""
    return (text.isascii() and text.isprintable()) or refused_character(text) is None


_FIELD_WORDS = {
    "tender": "the name of the tender the bid is for",
    "bidder": "the bidder's name",
    "price": "the total price in pounds",
    "quality": "the answers to the quality questions",
    "social_value": "the social value answers",
}


def _not_a_number(pointer: tuple[str | int, ...], what: str, unit: str | None, expected: str, value: Any,
                  label: str | None = None) -> Issue:
    """Why `value` is not the number wanted, as helpfully as possible: nothing at all, a number in
    quotes, a number with its unit (or another unit), or something else. `what` names the value
    ("the answer for LBL1 ..."), `label` the answer when it is one."""
    if value is None and label is not None:
        return Issue(pointer, "bid/empty-answer", {"label": label})
    if type(value) is str and _EXPONENT.match(value):
        number = Decimal(value.strip())
        too_long = _number_issue(pointer, what, number)
        if too_long is not None:
            return too_long
        return Issue(pointer, "bid/number-as-text", {"what": what, "found": value, "number": figures.number(number)})
    if type(value) is str:
        match = _NUMBER_WITH_UNIT.match(value)
        if match:
            pound, figure, written = match.groups()
            figure = figure.replace(",", "")
            written = "£" if pound and not written else written
            if not written:
                return Issue(pointer, "bid/number-as-text", {"what": what, "found": value, "number": figure})
            if unit and figures.same_unit(written, unit):
                return Issue(pointer, "bid/number-with-unit", {
                    "what": what, "found": value, "number": figure, "unit": unit})
            return Issue(pointer, "bid/wrong-unit", {
                "what": what, "found": value, "written": written, "unit": unit or "a plain number"})
    return Issue(pointer, "bid/wrong-type", {"what": what, "expected": expected, "found": describe_value(value)})


def _long(value: Decimal) -> bool:
    """Whether a number is written in more than 15 characters or with an exponent: only then can it be
    beyond the digits scored (`_number_issue`), so shorter ones skip that check (quick for valid bids)."""
    text = str(value)
    return len(text) > 15 or "E" in text


def _number_issue(pointer: tuple[str | int, ...], what: str, value: Decimal) -> Issue | None:
    """The issue when a number is beyond the digits svspec scores (`core.number_problem`)."""
    problem = number_problem(value)
    if problem is None:
        return None
    kind, count = problem
    if kind == "decimals":
        return Issue(pointer, "bid/too-many-decimals", {"what": what, "found": describe_number(value),
                                                        "count": f"{count:,}", "limit": MAX_DECIMAL_PLACES})
    return Issue(pointer, "bid/number-too-large", {"what": what, "found": describe_number(value),
                                                   "count": f"{count:,}", "limit": MAX_WHOLE_DIGITS})


def _character_issue(pointer: tuple[str | int, ...], text: str, bad: tuple[int, str]) -> Issue:
    """A text holding a character no bid may contain, placed within the text (line and character)."""
    index, char = bad
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    where = f"character {index + 1}" if line == 1 else f"line {line}, character {column}"
    return Issue(pointer, "bid/refused-character", {"what": "this text", "char": character_name(char), "where": where})


def _wrong_type(pointer: tuple[str | int, ...], what: str, expected: str, value: Any) -> Issue:
    return Issue(pointer, "bid/wrong-type", {"what": what, "expected": expected, "found": describe_value(value)})
