"""Build the AST from Lark's parse tree. Small value checks (numbers, dates) happen here."""

from __future__ import annotations

import datetime
import re
import textwrap
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from lark import Token, Tree
from lark.tree import Meta

from svspec.diagnostics import Diagnostic, Span, make
from svspec.kinds.answers import BY_GRAMMAR as ANSWERS_BY_GRAMMAR
from svspec.kinds.rules import BY_GRAMMAR
from svspec.syntax import ast

_PROSE_HASH = re.compile(r"\s(#)(?!\d)")
"""A `#` after a space, not followed by a digit: `# note` or `#todo`, but not `#1` or `C#`."""


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 10


def unquote(raw: str) -> str:
    """The text inside a quoted string, with `\\"` and `\\\\` unescaped."""
    body = raw[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in '"\\':
            out.append(body[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def unblock(raw: str) -> str:
    """The text of a triple-quoted block: common indentation removed, outer blank lines dropped."""
    body = unquote('"' + raw[3:-3] + '"') if "\\" in raw else raw[3:-3]
    lines = body.split("\n")
    first = lines[0].strip()
    rest = textwrap.dedent("\n".join(lines[1:]))
    text = (first + "\n" + rest) if first else rest
    return text.strip("\n").rstrip()


class AstBuilder:
    """Turns one file's parse tree into `ast.SourceFile`, collecting value diagnostics.

    Every rule method takes `(meta, children)`, children already built, and is called by
    `transform`, a plain bottom-up walk: it is faster than Lark's generic `Transformer` with
    `v_args(meta=True)` wrappers, which cost a generator and a wrapper call per tree node.
    """

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.split("\n")
        self.diagnostics: list[Diagnostic] = []

    def transform(self, tree: Tree[Token]) -> Any:
        """Build the AST node for `tree`, children first."""
        children = [self.transform(c) if isinstance(c, Tree) else c for c in tree.children]
        # Each parse-tree node is read once: dropping its children as soon as they are built
        # keeps peak memory near the larger of the two trees, not their sum (10,000 measures:
        # 165 MB instead of 200 MB).
        tree.children = []
        return getattr(self, tree.data)(tree.meta, children)

    def __getattr__(self, name: str) -> Any:
        """An answer's or a scoring rule's words are built by its kind (`svspec.kinds`), one table for
        every layer, rather than by a method here for each kind."""
        answer = ANSWERS_BY_GRAMMAR.get(name)
        if answer is not None:
            return lambda meta, children: self._blank_answer(meta, answer.name, **answer.build(children, self))
        kind = BY_GRAMMAR.get(name)
        if kind is None:
            raise AttributeError(name)
        return lambda meta, children: kind.build(self._span(meta), children, self)

    # ------------------------------------------------------------ helpers
    def _content_end(self, line: int) -> int:
        """Column just after the last character of `line` that is not a comment or a space."""
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if "#" not in source:
            return len(source.rstrip()) + 1
        quoted = False
        for i, ch in enumerate(source):
            if ch == '"':
                quoted = not quoted
            elif ch == "#" and not quoted:
                source = source[:i]
                break
        return len(source.rstrip()) + 1

    def _span(self, meta: Meta) -> Span:
        """The span of a statement, ending at its last character (not at the next line)."""
        end_line, end_column = meta.end_line, meta.end_column
        if end_line > meta.line:
            before = self.lines[end_line - 1][: end_column - 1] if end_line <= len(self.lines) else ""
            if not before.strip():
                end_line -= 1
                while end_line > meta.line and self._content_end(end_line) == 1:
                    end_line -= 1
                end_column = self._content_end(end_line)
        return Span(file=self.file, line=meta.line, column=meta.column, end_line=end_line,
                    end_column=end_column)

    def _tspan(self, token: Token) -> Span:
        return Span(
            file=self.file,
            line=token.line or 1,
            column=token.column or 1,
            end_line=token.end_line or token.line or 1,
            end_column=token.end_column or (token.column or 1) + len(token.value),
        )

    def _warn_comment_in_prose(self, token: Token, key: str) -> None:
        """Prose after a colon runs to the end of the line, `#` included (the formatter keeps it
        and the language reference says so), so that `Tenants' #1 priority` or `C#` are never cut.
        A `#` after a space that reads like a comment would be published in the template, the
        schema and the site: warn, pointing at it."""
        found = _PROSE_HASH.search(str(token))
        if found is None:
            return
        line, column = token.line or 1, (token.column or 1) + found.start(1)
        tail = str(token)[found.start(1):].rstrip(" \t")
        where = Span(file=self.file, line=line, column=column, end_line=line, end_column=column + len(tail))
        self.diagnostics.append(make("syntax/comment-in-prose", where, key=key, tail=_clip(tail)))

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(span=self._tspan(token), text=str(token))

    def _text(self, token: Token) -> ast.Text:
        raw = str(token)
        value = unblock(raw) if raw.startswith('"""') else unquote(raw)
        return ast.Text(span=self._tspan(token), value=value)

    def _decimal(self, token: Token, text: str) -> Decimal:
        digits = text.replace(",", "")
        whole, _, fraction = digits.partition(".")
        if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
            self.diagnostics.append(
                make("syntax/bad-number", self._tspan(token), text=str(token),
                     reason=f"at most {MAX_INTEGER_DIGITS} digits before and "
                     f"{MAX_FRACTION_DIGITS} after the point")
            )
            return Decimal(0)
        try:
            return Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the lexer only lets digits through
            raise AssertionError(f"lexer produced a non-number {text!r}") from None

    def _amount(self, token: Token, unit: Token | None = None) -> ast.Amount:
        raw = str(token)
        span = self._tspan(token)
        if token.type == "MONEY":
            return ast.Amount(span=span, kind="money", value=self._decimal(token, raw[1:]), text=raw)
        if token.type == "PERCENT":
            return ast.Amount(span=span, kind="percent", value=self._decimal(token, raw[:-1]), text=raw)
        unit_name = self._name(unit) if unit is not None else None
        if unit is not None:
            span = span._replace(end_line=unit.end_line or span.end_line,
                           end_column=unit.end_column or span.end_column)
        return ast.Amount(span=span, kind="number", value=self._decimal(token, raw), unit=unit_name, text=raw)

    @staticmethod
    def _words(tree: Any) -> str:
        if isinstance(tree, Tree):
            return " ".join(str(t) for t in tree.children)
        return str(tree)

    def _setting(self, meta: Meta, key: str, token: Token) -> ast.Setting:
        quoted = token.type in ("STRING", "LONG_STRING")
        value = self._text(token).value if quoted else str(token)
        if token.type == "DATE":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                self.diagnostics.append(make("syntax/bad-date", self._tspan(token), text=value))
        return ast.Setting(span=self._span(meta), key=key, value=value,
                           value_span=self._tspan(token), quoted=quoted)

    # ------------------------------------------------------------ file
    def start(self, meta: Meta, children: list[Any]) -> ast.SourceFile:
        decls = tuple(c for c in children if not isinstance(c, ast.Broken))
        span = Span(file=self.file, line=1, column=1, end_line=1, end_column=1)
        if not meta.empty:
            span = self._span(meta)
        return ast.SourceFile(span=span, declarations=decls)

    def broken(self, meta: Meta, children: list[Any]) -> ast.Broken:
        return ast.Broken(span=self._span(meta))

    def framework(self, meta: Meta, c: list[Any]) -> ast.Framework:
        return ast.Framework(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                             items=tuple(c[2:]))

    # ------------------------------------------------------------ settings and prose
    def version(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "version", c[0])

    def owner(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "owner", c[0])

    def effective(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "effective", c[0])

    def currency(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "currency", c[0])

    def licence(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "licence", c[0])

    def source(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "source", c[0])

    def edition(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "edition", c[0])

    def closes(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "closes", c[0])

    def contract_starts(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "contract starts", c[0])

    def kpis(self, meta: Meta, c: list[Any]) -> ast.Kpis:
        return ast.Kpis(span=self._span(meta), names=c[0])

    def returns_due(self, meta: Meta, c: list[Any]) -> ast.ReturnsDue:
        return ast.ReturnsDue(span=self._span(meta), days=self._amount(c[0]))

    def rating(self, meta: Meta, c: list[Any]) -> ast.Rating:
        return ast.Rating(span=self._span(meta), good=self._amount(c[0]), approaching=self._amount(c[1]),
                          improvement=self._amount(c[2]))

    def prose_key(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def prose(self, meta: Meta, c: list[Any]) -> ast.Prose:
        key, token = c[0], c[-1]
        if token.type == "PROSE_LINE":
            self._warn_comment_in_prose(token, key)
            return ast.Prose(span=self._span(meta), key=key, text=str(token).rstrip(" \t"), style="line")
        style: Literal["block", "string"] = "block" if str(token).startswith('"""') else "string"
        return ast.Prose(span=self._span(meta), key=key, text=self._text(token).value, style=style)

    def name_list(self, meta: Meta, c: list[Any]) -> tuple[ast.Name, ...]:
        return tuple(self._name(t) for t in c)

    def priority(self, meta: Meta, c: list[Any]) -> ast.Priority:
        return ast.Priority(span=self._span(meta), names=c[0])

    def values_import(self, meta: Meta, c: list[Any]) -> ast.ValuesImport:
        return ast.ValuesImport(span=self._span(meta), name=self._name(c[0]),
                                version=ast.Text(span=self._tspan(c[1]), value=str(c[1])),
                                path=self._text(c[2]))

    def unit_decl(self, meta: Meta, c: list[Any]) -> ast.UnitDecl:
        return ast.UnitDecl(span=self._span(meta), name=self._name(c[0]), description=self._text(c[1]))

    # ------------------------------------------------------------ policy
    def policy(self, meta: Meta, c: list[Any]) -> ast.Policy:
        return ast.Policy(span=self._span(meta), rules=tuple(c))

    def min_social_value(self, meta: Meta, c: list[Any]) -> ast.MinSocialValue:
        return ast.MinSocialValue(span=self._span(meta), percent=self._amount(c[0]))

    def share_base(self, meta: Meta, c: list[Any]) -> str:
        return self._words(Tree("share_base", c))

    def min_group_share(self, meta: Meta, c: list[Any]) -> ast.MinGroupShare:
        return ast.MinGroupShare(span=self._span(meta), group=self._name(c[0]),
                                 percent=self._amount(c[1]), base=c[2])

    def max_measures(self, meta: Meta, c: list[Any]) -> ast.MaxMeasures:
        return ast.MaxMeasures(span=self._span(meta), count=self._amount(c[0]))

    def min_measures(self, meta: Meta, c: list[Any]) -> ast.MinMeasures:
        group = self._name(c[1]) if len(c) > 1 else None
        return ast.MinMeasures(span=self._span(meta), count=self._amount(c[0]), group=group)

    def min_measure_weight(self, meta: Meta, c: list[Any]) -> ast.MinMeasureWeight:
        return ast.MinMeasureWeight(span=self._span(meta), percent=self._amount(c[0]))

    def applies_from(self, meta: Meta, c: list[Any]) -> ast.AppliesFrom:
        return ast.AppliesFrom(span=self._span(meta), money=self._amount(c[0]))

    # ------------------------------------------------------------ scales
    def scale(self, meta: Meta, c: list[Any]) -> ast.Scale:
        title = self._text(c[1]) if len(c) > 1 and isinstance(c[1], Token) else None
        levels = tuple(x for x in c[1:] if not isinstance(x, Token))
        return ast.Scale(span=self._span(meta), name=self._name(c[0]), title=title, levels=levels)

    def scale_level(self, meta: Meta, c: list[Any]) -> ast.ScaleLevel:
        descriptor = None
        if len(c) > 2:
            token = c[2]
            if token.type == "PROSE_LINE":
                self._warn_comment_in_prose(token, "scale level")
                descriptor = ast.Prose(span=self._tspan(token), key="descriptor",
                                       text=str(token).rstrip(" \t"), style="line")
            else:
                descriptor = ast.Prose(span=self._tspan(token), key="descriptor",
                                       text=self._text(token).value, style="string")
        return ast.ScaleLevel(span=self._span(meta), value=self._amount(c[0]),
                              label=self._text(c[1]), descriptor=descriptor)

    # ------------------------------------------------------------ themes, outcomes, measures
    def theme(self, meta: Meta, c: list[Any]) -> ast.Theme:
        return ast.Theme(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                         items=tuple(c[2:]))

    def outcome(self, meta: Meta, c: list[Any]) -> ast.Outcome:
        return ast.Outcome(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                           items=tuple(c[2:]))

    def measure(self, meta: Meta, c: list[Any]) -> ast.Measure:
        return ast.Measure(span=self._span(meta), code=self._name(c[0]), title=self._text(c[1]),
                           items=tuple(c[2:]))

    def weight(self, meta: Meta, c: list[Any]) -> ast.Weight:
        return ast.Weight(span=self._span(meta), percent=self._amount(c[0]))

    def unit(self, meta: Meta, c: list[Any]) -> ast.UnitRef:
        return ast.UnitRef(span=self._span(meta), name=self._name(c[0]))

    def flag_kind(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def flag(self, meta: Meta, c: list[Any]) -> ast.Flag:
        return ast.Flag(span=self._span(meta), flag=c[0])

    def answer_part(self, meta: Meta, c: list[Any]) -> ast.AnswerPart:
        if len(c) == 1:
            return ast.AnswerPart(span=self._span(meta), name=self._name(c[0]))
        return ast.AnswerPart(span=self._span(meta), name=self._name(c[0]), rate=self._amount(c[1]),
                              per=self._name(c[2]))

    def answer(self, meta: Meta, c: list[Any]) -> ast.Answer:
        answer: ast.Answer = c[0]
        return replace(answer, span=self._span(meta))

    def _blank_answer(self, meta: Meta, kind: Any, **kw: Any) -> ast.Answer:
        return ast.Answer(span=self._span(meta) if not meta.empty else
                          Span(file=self.file, line=1, column=1, end_line=1, end_column=1),
                          kind=kind, **kw)

    def text_limit(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def bound(self, meta: Meta, c: list[Any]) -> ast.Bound:
        side = f"{c[0]} {c[1]}"
        return ast.Bound(span=self._span(meta), side=side, amount=c[2])  # type: ignore[arg-type]

    def amount(self, meta: Meta, c: list[Any]) -> ast.Amount:
        return self._amount(c[0], c[1] if len(c) > 1 else None)

    def per_year(self, meta: Meta, c: list[Any]) -> str:
        return "per year"

    def value_source(self, meta: Meta, c: list[Any]) -> tuple[str, ast.Text]:
        return ("source", self._text(c[0]))

    def value_edition(self, meta: Meta, c: list[Any]) -> tuple[str, ast.Text]:
        return ("edition", ast.Text(span=self._tspan(c[0]), value=str(c[0])))

    def _proxy_parts(self, c: list[Any]) -> dict[str, Any]:
        options: dict[str, ast.Text] = dict(x for x in c if isinstance(x, tuple))
        return dict(per_year="per year" in c, source=options.get("source"),
                    edition=options.get("edition"))

    def value_proxy(self, meta: Meta, c: list[Any]) -> ast.ValueProxy:
        return ast.ValueProxy(span=self._span(meta), money=self._amount(c[0]), per=self._name(c[1]),
                              **self._proxy_parts(c[2:]))

    def value_ref(self, meta: Meta, c: list[Any]) -> ast.ValueRef:
        return ast.ValueRef(span=self._span(meta), entry=self._name(c[0]), value_set=self._name(c[1]))

    def adjustment_kind(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def adjustment(self, meta: Meta, c: list[Any]) -> ast.Adjustment:
        return ast.Adjustment(span=self._span(meta), kind=c[0], percent=self._amount(c[1]))

    def adjust(self, meta: Meta, c: list[Any]) -> ast.Adjust:
        return ast.Adjust(span=self._span(meta), adjustments=tuple(c))

    def period(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def duration(self, meta: Meta, c: list[Any]) -> ast.Duration:
        return ast.Duration(span=self._span(meta), amount=self._amount(c[0]), period=c[1])

    def discount(self, meta: Meta, c: list[Any]) -> ast.Discount:
        convention = next((x for x in c[1:] if x in ("discounted", "undiscounted")), None)
        return ast.Discount(span=self._span(meta), percent=self._amount(c[0]), per_year="per year" in c[1:],
                            first_year=convention)

    def discount_convention(self, meta: Meta, c: list[Any]) -> str:
        return str(c[-1])

    def investment(self, meta: Meta, c: list[Any]) -> ast.Investment:
        return ast.Investment(span=self._span(meta), money=self._amount(c[0]))

    def per_unit(self, meta: Meta, c: list[Any]) -> Any:
        return c[0]

    def when(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def evidence(self, meta: Meta, c: list[Any]) -> ast.Evidence:
        verified = self._text(c[2]) if len(c) > 2 else None
        return ast.Evidence(span=self._span(meta), what=self._text(c[0]), when=c[1], verified_by=verified)

    def attest(self, meta: Meta, c: list[Any]) -> ast.Attest:
        return ast.Attest(span=self._span(meta), text=self._text(c[0]))

    def report(self, meta: Meta, c: list[Any]) -> ast.Report:
        return ast.Report(span=self._span(meta), what=self._text(c[0]), when=c[1])

    def contributes(self, meta: Meta, c: list[Any]) -> ast.Relation:
        return ast.Relation(span=self._span(meta), relation="contributes to", names=c[0])

    def no_double_counting(self, meta: Meta, c: list[Any]) -> ast.Relation:
        return ast.Relation(span=self._span(meta), relation="no double counting with", names=c[0])

    def additional_to(self, meta: Meta, c: list[Any]) -> ast.Relation:
        return ast.Relation(span=self._span(meta), relation="additional to", names=c[0])

    # ------------------------------------------------------------ scoring
    def scored(self, meta: Meta, c: list[Any]) -> ast.Scored:
        return ast.Scored(span=self._span(meta), rule=c[0], modifiers=tuple(c[1:]))

    def scored_bands(self, meta: Meta, c: list[Any]) -> ast.Scored:
        span = self._span(meta)
        return ast.Scored(span=span, rule=ast.Bands(span=span, bands=tuple(c)), modifiers=())

    def clamping(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def cap(self, meta: Meta, c: list[Any]) -> ast.Cap:
        return ast.Cap(span=self._span(meta), amount=c[0])

    def points_cap(self, meta: Meta, c: list[Any]) -> ast.PointsCap:
        return ast.PointsCap(span=self._span(meta), percent=self._amount(c[0]))

    def threshold(self, meta: Meta, c: list[Any]) -> ast.Threshold:
        return ast.Threshold(span=self._span(meta), amount=c[0])

    def gate(self, meta: Meta, c: list[Any]) -> ast.Gate:
        return ast.Gate(span=self._span(meta), amount=c[0])

    def gate_yes(self, meta: Meta, c: list[Any]) -> ast.Gate:
        return ast.Gate(span=self._span(meta), amount=None)

    def credibility(self, meta: Meta, c: list[Any]) -> ast.Credibility:
        return ast.Credibility(span=self._span(meta), scale=self._name(c[0]))

    def band(self, meta: Meta, c: list[Any]) -> ast.Band:
        return ast.Band(span=self._span(meta), at_least=c[0], scores=self._amount(c[1]))

    def band_otherwise(self, meta: Meta, c: list[Any]) -> ast.Otherwise:
        return ast.Otherwise(span=self._span(meta), scores=self._amount(c[0]))

    # ------------------------------------------------------------ theory of change
    def pathway(self, meta: Meta, c: list[Any]) -> ast.Pathway:
        return ast.Pathway(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                           items=tuple(c[2:]))

    def step_kind(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def step_assumption(self, meta: Meta, c: list[Any]) -> tuple[str, Any]:
        return ("assumption", self._text(c[0]))

    def step_confidence(self, meta: Meta, c: list[Any]) -> tuple[str, Any]:
        return ("confidence", self._amount(c[0]))

    def step(self, meta: Meta, c: list[Any]) -> ast.Step:
        target: Token = c[1]
        options = dict(c[2:])
        is_name = target.type == "NAME"
        return ast.Step(span=self._span(meta), kind=c[0],
                        ref=self._name(target) if is_name else None,
                        text=None if is_name else self._text(target),
                        assumption=options.get("assumption"), confidence=options.get("confidence"))

    # ------------------------------------------------------------ tender
    def tender(self, meta: Meta, c: list[Any]) -> ast.Tender:
        return ast.Tender(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                          items=tuple(c[2:]))

    def uses(self, meta: Meta, c: list[Any]) -> ast.Uses:
        return ast.Uses(span=self._span(meta), name=self._name(c[0]),
                        version=ast.Text(span=self._tspan(c[1]), value=str(c[1])), path=self._text(c[2]))

    def contract(self, meta: Meta, c: list[Any]) -> ast.Contract:
        return ast.Contract(span=self._span(meta), value=self._amount(c[0]), duration=self._amount(c[1]),
                            period=c[2])

    def criteria(self, meta: Meta, c: list[Any]) -> ast.Criteria:
        return ast.Criteria(span=self._span(meta), criteria=tuple(c))

    def criterion_kind(self, meta: Meta, c: list[Any]) -> tuple[str, Span]:
        return (" ".join(str(t) for t in c), self._span(meta))

    def criterion(self, meta: Meta, c: list[Any]) -> ast.Criterion:
        kind, kind_span = c[0]
        return ast.Criterion(span=self._span(meta), kind=kind, kind_span=kind_span,
                             weight=self._amount(c[1]), options=tuple(c[2:]))

    def price_relative_lowest(self, meta: Meta, c: list[Any]) -> ast.PriceRelativeToLowest:
        return ast.PriceRelativeToLowest(span=self._span(meta))

    def price_fixed_range(self, meta: Meta, c: list[Any]) -> ast.PriceFixedRange:
        return ast.PriceFixedRange(span=self._span(meta), low=self._amount(c[0]), high=self._amount(c[1]))

    def pass_mark(self, meta: Meta, c: list[Any]) -> ast.PassMark:
        return ast.PassMark(span=self._span(meta), percent=self._amount(c[0]))

    def quality(self, meta: Meta, c: list[Any]) -> ast.QualityQuestions:
        return ast.QualityQuestions(span=self._span(meta), questions=tuple(c))

    def question(self, meta: Meta, c: list[Any]) -> ast.Question:
        return ast.Question(span=self._span(meta), code=self._name(c[0]), title=self._text(c[1]),
                            items=tuple(c[2:]))

    def social_value(self, meta: Meta, c: list[Any]) -> ast.SocialValueMeasures:
        return ast.SocialValueMeasures(span=self._span(meta), selections=tuple(c))

    def selection(self, meta: Meta, c: list[Any]) -> ast.Selection:
        scored = None
        if len(c) > 2:
            rule = c[2]
            last = c[-1]
            span = rule.span._replace(end_line=last.span.end_line, end_column=last.span.end_column)
            scored = ast.Scored(span=span, rule=rule, modifiers=tuple(c[3:]))
        return ast.Selection(span=self._span(meta), measure=self._name(c[0]), weight=self._amount(c[1]),
                             scored=scored)

    def moderation_kind(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def moderation(self, meta: Meta, c: list[Any]) -> ast.Moderation:
        return ast.Moderation(span=self._span(meta), kind=c[0])

    def tie_item(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def tie_break(self, meta: Meta, c: list[Any]) -> ast.TieBreak:
        return ast.TieBreak(span=self._span(meta), order=tuple(c))

    def compare_set(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def compare(self, meta: Meta, c: list[Any]) -> ast.Compare:
        return ast.Compare(span=self._span(meta), among=c[0])

    # ------------------------------------------------------------ value sets
    def value_set(self, meta: Meta, c: list[Any]) -> ast.ValueSet:
        return ast.ValueSet(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                            items=tuple(c[2:]))

    def proxy(self, meta: Meta, c: list[Any]) -> ast.Proxy:
        return ast.Proxy(span=self._span(meta), name=self._name(c[0]), money=self._amount(c[1]),
                         per=self._name(c[2]), **self._proxy_parts(c[3:]))


def build(tree: Tree[Token], file: str, text: str) -> tuple[ast.SourceFile, list[Diagnostic]]:
    """The AST of one parsed file, and any value problems found on the way. Consumes `tree`."""
    builder = AstBuilder(file, text)
    result = builder.transform(tree)
    return result, builder.diagnostics
