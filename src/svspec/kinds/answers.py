"""The answer kinds: one small class each, and the one table `ANSWERS` keyed by the language's word.

An answer kind says everything svspec knows about a kind of answer, so that no other module asks
"is this a number?": what value a bid holds for it (`reads`), its JSON Schema fragment, how a bid
value is checked beyond its type, its wording for bid writers and the guidance site, its blank
in templates and its spreadsheet cell rule. A consumer looks its kind up (`answer_kind(answer)`)
and asks; adding a kind is one class here (and, for the language, its words in the grammar).

This module imports only `svspec.words` at load time, so that every layer (the AST builder, the
checks, the model) can use it; the standard-library core is imported where it is used, because
importing it runs `svspec.scoring`, whose modules use this table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Literal, Protocol

from svspec import words as figures

AnswerKindName = Literal["number", "money", "yes/no", "choice", "text", "file", "parts"]
Reads = Literal["number", "yes/no", "text", "parts"]
EVIDENCE_ITEM_MAX = 300
"""Longest document name accepted in an evidence list (and as a `file` answer)."""



class Answer(Protocol):
    """What the kinds read of an answer (`svspec.model.Answer`, which imports this module)."""

    @property
    def kind(self) -> str: ...

    @property
    def minimum(self) -> Decimal | None: ...

    @property
    def maximum(self) -> Decimal | None: ...

    @property
    def choices(self) -> tuple[str, ...]: ...

    @property
    def limit(self) -> int | None: ...

    @property
    def limit_unit(self) -> str | None: ...

    @property
    def parts(self) -> tuple[Any, ...]: ...


class Building(Protocol):
    """What an answer kind needs of the AST builder to build its fields from the parse tree."""

    def _text(self, token: Any) -> Any: ...

    def _amount(self, token: Any) -> Any: ...


@dataclass(frozen=True, slots=True)
class CellRule:
    """A spreadsheet cell's validation, without openpyxl: `emit/xlsx.py` builds the real one.

    `choices` are written to the Lists sheet and the formula points at them."""

    type: str
    operator: str | None = None
    formula1: str | None = None
    formula2: str | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """A bid value of the right type that the kind still refuses: a diagnostic code and its parameters
    (the label is added by the caller)."""

    code: str
    params: dict[str, Any]


class AnswerKind:
    """One kind of answer. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    """The kind as the model writes it (`answer.kind`)."""
    label: ClassVar[str]
    """The kind in messages about the spec ("rule ... cannot score a yes/no answer")."""
    reads: ClassVar[Reads]
    """What a bid holds for it: an exact number, yes or no, or text."""
    schema_def: ClassVar[str]
    """The name of its shared definition under `$defs` in the bid schema."""
    blank: ClassVar[str | None] = None
    """The value of a blank answer in a template: "" for text answers, None (empty) otherwise."""
    grammar: ClassVar[str]
    """The grammar alias of its words (`answer number ...` is `-> answer_number`)."""
    measured_in: ClassVar[Literal["its unit", "pounds"] | None] = None
    """What an amount of it is counted in: the measure's own unit (which it must then declare, and in
    which its rules' figures and proxy values are given), pounds, or nothing (not an amount)."""

    narrative: ClassVar[bool] = False
    """Whether it is written narrative, counted toward a tender's `narrative up to N words in total`."""

    def build(self, children: list[Any], builder: Building) -> dict[str, Any]:
        """The fields of its AST `Answer` from the parse tree's children, beside the kind."""
        return {}

    def length(self, value: str, unit: Literal["words", "characters"]) -> int:
        """How long a narrative answer is, in words or characters, as its own limit counts them."""
        tools = _text_tools()
        return tools.characters(value) if unit == "characters" else tools.words(value)

    def source(self, node: Any, amount: Callable[[Any], str], quote: Callable[[str], str]) -> str:
        """Its words after `answer`, as `svspec fmt` prints them (`amount` and `quote` print as written)."""
        return self.name

    def quantity_unit(self, unit: str | None) -> str | None:
        """The unit `svspec.words.quantity` formats an amount of this kind in: the item's own."""
        return unit

    def brief(self, text: str) -> str:
        """A text answer in a sentence about its score: quoted, unless overridden."""
        return f"“{text}”"

    def shown_example(self, answer: Answer) -> Any:
        """The answer shown in the guidance site's worked example, or None for none."""
        return None

    @property
    def numeric(self) -> bool:
        """Whether the answer is an amount: bounds, units and numeric scoring rules apply."""
        return self.reads == "number"

    def schema(self) -> dict[str, Any]:
        """The shared `$defs` fragment of the kind in the bid schema."""
        raise NotImplementedError

    def narrowed(self, answer: Answer) -> dict[str, Any]:
        """Keywords narrowing the shared fragment to one answer (bounds, choices, lengths)."""
        out: dict[str, Any] = {}
        if self.numeric:
            if answer.minimum is not None:
                out["minimum"] = answer.minimum
            if answer.maximum is not None:
                out["maximum"] = answer.maximum
        return out

    def commitment_schema(self) -> dict[str, Any]:
        """The schema of a value that commits the bidder (and so needs its evidence)."""
        return {"type": "string", "pattern": NON_BLANK}

    def commitment_schema_for(self, answer: Answer) -> dict[str, Any]:
        """`commitment_schema` for one answer: the same for every answer of a kind, unless overridden."""
        return self.commitment_schema()

    def blank_value(self, answer: Answer) -> Any:
        """A blank answer in a template's data: `blank`, unless the answer holds several figures."""
        return self.blank

    def answer_words(self, answer: Answer, value: Any, unit: str | None) -> str | None:
        """A bid's answer in words when it is not a plain value (several figures), else None."""
        return None

    def is_commitment(self, value: Any) -> bool:
        """Whether a valid value commits the bidder: any text that is not blank, unless overridden."""
        return type(value) is str and bool(value.strip())

    def example(self, answer: Answer, code: str) -> Any:
        """A plausible valid answer, for schema `examples` and example bids."""
        return f"Our commitment for {code}: ..."

    def expected(self, answer: Answer, unit: str | None) -> str:
        """What a bid should hold, in words, for messages and cell prompts: 'a number of FTE'."""
        raise NotImplementedError

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        """How to answer, as a sentence for the guidance site: 'A number of FTE (at least 0 FTE).'"""
        raise NotImplementedError

    def limits(self, answer: Answer, unit: str | None) -> str | None:
        """The limits of an answer in words, or None: 'from 0 to 500 FTE', 'at most 1,500 words'."""
        return None

    def display_unit(self, unit: str | None) -> str | None:
        """The unit shown to bid writers beside the answer."""
        return None

    def accepts(self, answer: Answer, exact: Callable[[Decimal], str]) -> dict[str, Any]:
        """What a valid answer is, in the portable model (`scoring.json` `accepts`)."""
        out: dict[str, Any] = {}
        if self.numeric:
            out.update({k: exact(v) for k, v in (("minimum", answer.minimum), ("maximum", answer.maximum))
                        if v is not None})
        return out

    def text_problem(self, answer: Answer, value: str) -> Problem | None:
        """For kinds that read text: why a non-blank plain text is still refused, or None."""
        return None

    def cell(self, answer: Answer, number: Callable[[Decimal], str]) -> CellRule | None:
        """The validation of the answer's spreadsheet cell, or None for a free cell."""
        return None


NON_BLANK = "\\S"


class _Amount(AnswerKind):
    """Shared by the numeric kinds: bounds, limits, cells and examples of an amount."""

    reads = "number"

    def schema(self) -> dict[str, Any]:
        from svspec.scoring.core import MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS

        bound = Decimal(10) ** MAX_WHOLE_DIGITS
        return {"type": "number", "exclusiveMinimum": -bound, "exclusiveMaximum": bound,
                "description": f"{self.written_as}: at most {MAX_WHOLE_DIGITS} digits before the decimal point "
                               f"and {MAX_DECIMAL_PLACES} after it."}

    written_as: ClassVar[str]
    """How a bid writes it, for the schema: 'An amount in pounds, without the £ sign'."""

    def commitment_schema(self) -> dict[str, Any]:
        return {"type": "number", "exclusiveMinimum": 0}

    def is_commitment(self, value: Any) -> bool:
        return type(value) is Decimal and value > 0

    def example(self, answer: Answer, code: str) -> Any:
        low = answer.minimum if answer.minimum is not None else Decimal(0)
        if answer.maximum is not None:
            return min(max(low, Decimal(10)), answer.maximum)
        return max(low, Decimal(10))

    def build(self, children: list[Any], builder: Building) -> dict[str, Any]:
        return {"bounds": tuple(children)}

    def source(self, node: Any, amount: Callable[[Any], str], quote: Callable[[str], str]) -> str:
        return self.name + "".join(f" {b.side} {amount(b.amount)}" for b in node.bounds)

    def shown_example(self, answer: Answer) -> Any:
        return answer.maximum / 10 if answer.maximum is not None else Decimal(10)

    def what(self, unit: str | None) -> str:
        """The amount asked for, starting a sentence: 'A number of FTE', 'An amount in pounds'."""
        raise NotImplementedError

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        return f"{self.what(unit)}{self.bounds_in_words(answer, unit)}."

    def bounds_in_words(self, answer: Answer, unit: str | None) -> str:
        """' (at least 0 FTE and at most 10 FTE)', or ''."""
        shown = self.quantity_unit(unit)
        bounds = []
        if answer.minimum is not None:
            bounds.append(f"at least {figures.quantity(answer.minimum, shown)}")
        if answer.maximum is not None:
            bounds.append(f"at most {figures.quantity(answer.maximum, shown)}")
        return f" ({' and '.join(bounds)})" if bounds else ""

    def limits(self, answer: Answer, unit: str | None) -> str | None:
        low, high = answer.minimum, answer.maximum
        if low is not None and high is not None:
            return f"from {figures.quantity(low, unit)} to {figures.quantity(high, unit)}"
        if low is not None:
            return f"at least {figures.quantity(low, unit)}"
        if high is not None:
            return f"at most {figures.quantity(high, unit)}"
        return None

    def cell(self, answer: Answer, number: Callable[[Decimal], str]) -> CellRule | None:
        low, high = answer.minimum, answer.maximum
        if low is not None and high is not None:
            return CellRule("decimal", "between", number(low), number(high))
        if low is not None:
            return CellRule("decimal", "greaterThanOrEqual", number(low))
        if high is not None:
            return CellRule("decimal", "lessThanOrEqual", number(high))
        return CellRule("decimal", "between", "-1E+300", "1E+300")


class NumberAnswer(_Amount):
    """`answer number at least 0`: a quantity in the measure's unit."""

    name = label = schema_def = "number"
    grammar = "answer_number"
    measured_in = "its unit"
    written_as = "A number in the measure's unit, without the unit"

    def expected(self, answer: Answer, unit: str | None) -> str:
        return f"a number of {unit}" if unit else "a number"

    def what(self, unit: str | None) -> str:
        return f"A number{' of ' + unit if unit else ''}"

    def display_unit(self, unit: str | None) -> str | None:
        return unit


class MoneyAnswer(_Amount):
    """`answer money`: an amount in pounds."""

    name = label = schema_def = "money"
    grammar = "answer_money"
    measured_in = "pounds"
    written_as = "An amount in pounds, without the £ sign"

    def expected(self, answer: Answer, unit: str | None) -> str:
        return "an amount of money in pounds"

    def what(self, unit: str | None) -> str:
        return "An amount in pounds"

    def display_unit(self, unit: str | None) -> str | None:
        return "£"

    def quantity_unit(self, unit: str | None) -> str | None:
        return "money"


class YesNoAnswer(AnswerKind):
    """`answer yes or no`."""

    name = label = "yes/no"
    reads = "yes/no"
    schema_def = "yes-no"
    grammar = "answer_yes_no"

    def source(self, node: Any, amount: Callable[[Any], str], quote: Callable[[str], str]) -> str:
        return "yes or no"

    def shown_example(self, answer: Answer) -> Any:
        return True

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean", "description": "true for yes, false for no."}

    def commitment_schema(self) -> dict[str, Any]:
        return {"const": True}

    def is_commitment(self, value: Any) -> bool:
        return value is True

    def example(self, answer: Answer, code: str) -> Any:
        return True

    def expected(self, answer: Answer, unit: str | None) -> str:
        return "yes or no"

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        return "Yes or no."

    def cell(self, answer: Answer, number: Callable[[Decimal], str]) -> CellRule | None:
        return CellRule("list", formula1='"Yes,No"')


class _Text(AnswerKind):
    """Shared by the kinds a bid answers with plain text."""

    reads = "text"
    blank = ""

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": NON_BLANK, **plain_text(),
                "description": "Text that is not blank, without control or invisible characters."}


class ChoiceAnswer(_Text):
    """`answer choice "a", "b"`: one of the listed choices, exactly as written."""

    name = label = schema_def = "choice"
    grammar = "answer_choice"

    def build(self, children: list[Any], builder: Building) -> dict[str, Any]:
        return {"choices": tuple(builder._text(t) for t in children)}

    def source(self, node: Any, amount: Callable[[Any], str], quote: Callable[[str], str]) -> str:
        return "choice " + ", ".join(quote(c.value) for c in node.choices)

    def shown_example(self, answer: Answer) -> Any:
        return answer.choices[0] if answer.choices else None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", **plain_text(), "description": "One of the listed choices, exactly as written."}

    def narrowed(self, answer: Answer) -> dict[str, Any]:
        return {"enum": list(answer.choices)}

    def example(self, answer: Answer, code: str) -> Any:
        return answer.choices[0] if answer.choices else ""

    def expected(self, answer: Answer, unit: str | None) -> str:
        return "one of the choices"

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        return "One of: " + ", ".join(f"“{c}”" for c in answer.choices) + "."

    def limits(self, answer: Answer, unit: str | None) -> str | None:
        return "one of: " + ", ".join(f"'{c}'" for c in answer.choices)

    def accepts(self, answer: Answer, exact: Callable[[Decimal], str]) -> dict[str, Any]:
        return {"choices": list(answer.choices)} if answer.choices else {}

    def text_problem(self, answer: Answer, value: str) -> Problem | None:
        if _text_tools().clean(value) in answer.choices:
            return None
        return Problem("bid/not-a-choice", {"found": value, "choices": ", ".join(f"'{c}'" for c in answer.choices),
                                            "suggest": tuple(answer.choices)})

    def cell(self, answer: Answer, number: Callable[[Decimal], str]) -> CellRule | None:
        return CellRule("list", choices=answer.choices) if answer.choices else None


class TextAnswer(_Text):
    """`answer text up to 500 words`: written text, optionally limited in words or characters."""

    name = label = schema_def = "text"
    grammar = "answer_text"
    narrative = True

    def build(self, children: list[Any], builder: Building) -> dict[str, Any]:
        return {"limit": builder._amount(children[0]), "limit_unit": children[1]} if children else {}

    def source(self, node: Any, amount: Callable[[Any], str], quote: Callable[[str], str]) -> str:
        return f"text up to {amount(node.limit)} {node.limit_unit}" if node.limit is not None else "text"

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "description": "Text that is not blank, without control or invisible characters; "
                "or, for a long answer, \"attached: FILE-NAME\", a document listed in the evidence of the same "
                "code and kept to the same limit."}

    def brief(self, text: str) -> str:
        from svspec.bids.attached import attached_name  # issue 13 item 8: evaluators read the document

        document = attached_name(text)
        if document is not None:
            return f"the attached document '{document}'"
        return f"a text of {figures.count(len(text.split()), 'word')}"

    def narrowed(self, answer: Answer) -> dict[str, Any]:
        if answer.limit is None:
            return {}
        return {"maxLength": answer.limit} if answer.limit_unit == "characters" else {"svspec:wordLimit": answer.limit}

    def expected(self, answer: Answer, unit: str | None) -> str:
        return "text"

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        if answer.limit is not None:
            return f"Written text of up to {figures.number(answer.limit)} {answer.limit_unit}."
        return "Written text."

    def limits(self, answer: Answer, unit: str | None) -> str | None:
        return f"at most {answer.limit:,} {answer.limit_unit or 'words'}" if answer.limit is not None else None

    def accepts(self, answer: Answer, exact: Callable[[Decimal], str]) -> dict[str, Any]:
        return {} if answer.limit is None else {"limit": answer.limit, "limit_unit": answer.limit_unit or "words"}

    def text_problem(self, answer: Answer, value: str) -> Problem | None:
        if answer.limit is None:
            return None
        tools = _text_tools()
        if answer.limit_unit == "characters":
            found, code = tools.characters(value), "bid/too-many-characters"
        else:
            found, code = tools.words(value), "bid/too-many-words"
        return Problem(code, {"count": f"{found:,}", "limit": f"{answer.limit:,}"}) if found > answer.limit else None

    def cell(self, answer: Answer, number: Callable[[Decimal], str]) -> CellRule | None:
        if answer.limit is not None and answer.limit_unit == "characters":
            return CellRule("textLength", "lessThanOrEqual", str(answer.limit))
        return None


class FileAnswer(_Text):
    """`answer file`: the name of a document supplied with the bid."""

    name = label = schema_def = "file"
    grammar = "answer_file"

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": NON_BLANK, **plain_text(), "maxLength": EVIDENCE_ITEM_MAX,
                "description": "The name of a file supplied with the bid."}

    def example(self, answer: Answer, code: str) -> Any:
        return f"{code.lower()}.pdf"

    def expected(self, answer: Answer, unit: str | None) -> str:
        return "a file name"

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        return "A file (a document you attach)."

    def text_problem(self, answer: Answer, value: str) -> Problem | None:
        if len(value) <= EVIDENCE_ITEM_MAX:
            return None
        return Problem("bid/too-many-characters", {"count": f"{len(value):,}", "limit": f"{EVIDENCE_ITEM_MAX:,}"})


class PartsAnswer(AnswerKind):
    """`answer sum of cash, volunteer-hours at £16.93 per hour, expert-hours at £101.00 per hour`:
    several figures whose sum in pounds is the answer scored (Essex: "£ invested including staff time").

    A bid gives each part as a number (0 or more); the amount counted is cash plus each figure at its
    rate, so every rule that scores money scores it, and it is valued like a money answer."""

    name = schema_def = "parts"
    label = "sum of parts"
    reads = "parts"
    grammar = "answer_parts"
    measured_in = "pounds"

    @property
    def numeric(self) -> bool:
        """An amount in pounds once its parts are added up: money rules, caps and proxies per £ apply."""
        return True

    def build(self, children: list[Any], builder: Building) -> dict[str, Any]:
        return {"parts": tuple(children)}

    def source(self, node: Any, amount: Callable[[Any], str], quote: Callable[[str], str]) -> str:
        parts = [p.name.text + (f" at {amount(p.rate)} per {p.per.text}" if p.rate is not None else "")
                 for p in node.parts]
        return "sum of " + ", ".join(parts)

    def quantity_unit(self, unit: str | None) -> str | None:
        return "money"

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "description": "Each part of the answer as a number, 0 or more, without units."}

    def narrowed(self, answer: Answer) -> dict[str, Any]:
        from svspec.scoring.core import MAX_WHOLE_DIGITS

        bound = Decimal(10) ** MAX_WHOLE_DIGITS
        figure = {"type": "number", "minimum": 0, "exclusiveMaximum": bound}
        return {"properties": {p.name: {**figure, "description": self._part_words(p)} for p in answer.parts},
                "required": [p.name for p in answer.parts], "additionalProperties": False}

    def commitment_schema_for(self, answer: Answer) -> dict[str, Any]:
        return {"type": "object", "anyOf": [
            {"type": "object", "required": [p.name], "properties": {p.name: {"type": "number", "exclusiveMinimum": 0}}}
            for p in answer.parts]}

    def is_commitment(self, value: Any) -> bool:
        return type(value) is dict and any(type(v) is Decimal and v > 0 for v in value.values())

    def example(self, answer: Answer, code: str) -> Any:
        return {p.name: Decimal(10) for p in answer.parts}

    def blank_value(self, answer: Answer) -> Any:
        return {p.name: None for p in answer.parts}

    @staticmethod
    def _part_words(part: Any) -> str:
        """'cash in pounds', 'volunteer-hours: hours at £16.93 each'."""
        if part.unit == "£" and part.rate == 1:
            return f"{part.name} in pounds"
        unit = figures.UNIT[part.unit].name if part.unit in figures.UNIT else part.unit
        return f"{part.name}: {unit} at {figures.money(part.rate)} each"

    def expected(self, answer: Answer, unit: str | None) -> str:
        return "a number for each part (" + "; ".join(self._part_words(p) for p in answer.parts) + ")"

    def how_to_answer(self, answer: Answer, unit: str | None) -> str:
        return ("A number for each part, 0 or more: " + "; ".join(self._part_words(p) for p in answer.parts)
                + ". The answer counted is their sum in pounds.")

    def limits(self, answer: Answer, unit: str | None) -> str | None:
        return "each part 0 or more"

    def accepts(self, answer: Answer, exact: Callable[[Decimal], str]) -> dict[str, Any]:
        return {"parts": [p.name for p in answer.parts]}

    def answer_words(self, answer: Answer, value: Any, unit: str | None) -> str | None:
        if type(value) is not dict:
            return None
        shown = []
        total = Fraction(0)
        for p in answer.parts:
            figure = value.get(p.name)
            if type(figure) is not Decimal:
                return None
            total += Fraction(figure) * Fraction(p.rate)
            if p.unit == "£" and p.rate == 1:
                shown.append(figures.money(figure))
            else:
                shown.append(f"{figures.quantity(figure, p.unit)} at {figures.money(p.rate)}")
        return " + ".join(shown) + f" = {figures.money(total)}"


ANSWERS: dict[str, AnswerKind] = {k.name: k for k in (NumberAnswer(), MoneyAnswer(), YesNoAnswer(),
                                                      ChoiceAnswer(), TextAnswer(), FileAnswer(),
                                                      PartsAnswer())}
"""Every answer kind, keyed by `svspec.model.Answer.kind`."""
BY_GRAMMAR: dict[str, AnswerKind] = {k.grammar: k for k in ANSWERS.values()}
"""Answer kinds by their grammar alias, for the AST builder."""


def answer_kind(answer: Answer) -> AnswerKind:
    """The kind of an answer, from the one table."""
    return ANSWERS[answer.kind]


@dataclass(frozen=True, slots=True)
class _TextTools:
    clean: Callable[[str], str]
    characters: Callable[[str], int]
    words: Callable[[str], int]


@functools.cache
def _text_tools() -> _TextTools:
    """The core's text rules, imported once on first use: an import inside the check of every answer
    of every bid would cost a microsecond each time."""
    from svspec.scoring.core import clean_text, count_characters, count_words

    return _TextTools(clean_text, count_characters, count_words)


def plain_text() -> dict[str, Any]:
    """No control or invisible character (`svspec.scoring.core.REFUSED_CHARACTERS`)."""
    from svspec.scoring.core import REFUSED_CHARACTERS

    return {"not": {"type": "string", "pattern": REFUSED_CHARACTERS}}

