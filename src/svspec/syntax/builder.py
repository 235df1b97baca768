"""Build the AST from Lark's parse tree. Small value checks (numbers, dates) happen here."""

from __future__ import annotations

import datetime
import re
import textwrap
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal

from lark import Token, Tree
from lark.tree import Meta

from svspec.diagnostics import Diagnostic, Span, make
from svspec.kinds.answers import BY_GRAMMAR as ANSWERS_BY_GRAMMAR
from svspec.kinds.rules import BY_GRAMMAR
from svspec.plaintext import visible
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


@dataclass(frozen=True, slots=True)
class _Tailoring:
    """The indented lines under a selection, until the selection is built."""

    items: tuple[ast.TailoringItem, ...]


_OF_TOTAL = "of total"
"""The marker `of_total` builds: a weight that is a share of the total score."""


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
        """A name, or a code as published in quotes (`"MAC 1.1"`): the quotes are not part of it."""
        if token.type == "STRING":
            text = unquote(str(token))
            if text != text.strip() or not text or visible(text) != text or "\t" in text:
                self.diagnostics.append(make("syntax/bad-code", self._tspan(token), text=visible(text)))
            return ast.Name(span=self._tspan(token), text=text)
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
        if token.type == "FRACTION":
            return self._fraction(token, raw, span)
        unit_name = self._name(unit) if unit is not None else None
        if unit is not None:
            span = span._replace(end_line=unit.end_line or span.end_line,
                           end_column=unit.end_column or span.end_column)
        return ast.Amount(span=span, kind="number", value=self._decimal(token, raw), unit=unit_name, text=raw)

    def _fraction(self, token: Token, raw: str, span: Span) -> ast.Amount:
        """`1/3`: a share of the whole, kept exactly (as 100/3 percent)."""
        top, _, bottom = raw.partition("/")
        numerator, denominator = self._decimal(token, top), self._decimal(token, bottom)
        if denominator == 0:
            self.diagnostics.append(make("syntax/bad-number", span, text=raw, reason="a fraction cannot divide by 0"))
            return ast.Amount(span=span, kind="percent", value=Decimal(0), text=raw)
        exact = Fraction(int(numerator) * 100, int(denominator))
        shown = Decimal(exact.numerator) / Decimal(exact.denominator)
        return ast.Amount(span=span, kind="percent", value=shown, text=raw, exact=exact)

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

    def until(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "until", c[0])

    def replaced_by(self, meta: Meta, c: list[Any]) -> ast.Setting:
        return self._setting(meta, "replaced by", c[0])

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
        return ast.MinSocialValue(span=self._span(meta), percent=self._amount(c[0]), rising=tuple(c[1:]))

    def social_value_share(self, meta: Meta, c: list[Any]) -> ast.SocialValueShare:
        return ast.SocialValueShare(span=self._span(meta), bound=c[0], percent=self._amount(c[1]),
                                    within_quality=len(c) > 2)

    def share_bound(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def within_quality(self, meta: Meta, c: list[Any]) -> bool:
        return True

    def outcomes_at_most(self, meta: Meta, c: list[Any]) -> ast.OutcomesAtMost:
        return ast.OutcomesAtMost(span=self._span(meta), count=self._amount(c[0]))

    def within_quality_option(self, meta: Meta, c: list[Any]) -> ast.WithinQuality:
        return ast.WithinQuality(span=self._span(meta))

    def share_base(self, meta: Meta, c: list[Any]) -> str:
        return self._words(Tree("share_base", c))

    def min_group_share(self, meta: Meta, c: list[Any]) -> ast.MinGroupShare:
        return ast.MinGroupShare(span=self._span(meta), group=self._name(c[0]),
                                 percent=self._amount(c[1]), base=c[2], rising=tuple(c[3:]))

    def max_measures(self, meta: Meta, c: list[Any]) -> ast.MaxMeasures:
        return ast.MaxMeasures(span=self._span(meta), count=self._amount(c[0]))

    def min_measures(self, meta: Meta, c: list[Any]) -> ast.MinMeasures:
        group = self._name(c[1]) if len(c) > 1 else None
        return ast.MinMeasures(span=self._span(meta), count=self._amount(c[0]), group=group)

    def min_measure_weight(self, meta: Meta, c: list[Any]) -> ast.MinMeasureWeight:
        return ast.MinMeasureWeight(span=self._span(meta), percent=self._amount(c[0]), rising=tuple(c[1:]))

    def applies_from(self, meta: Meta, c: list[Any]) -> ast.AppliesFrom:
        return ast.AppliesFrom(span=self._span(meta), money=self._amount(c[0]), recommended_below=len(c) > 1)

    # Targets (issue 9 items 1, 9, 10)
    def _date(self, token: Token) -> str:
        """A date as written, reported when it is not a real day."""
        value = str(token)
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            self.diagnostics.append(make("syntax/bad-date", self._tspan(token), text=value))
        return value

    def rising(self, meta: Meta, c: list[Any]) -> ast.Rising:
        return ast.Rising(span=self._span(meta), percent=self._amount(c[0]), date=self._date(c[1]),
                          date_span=self._tspan(c[1]))

    def recommended_below(self, meta: Meta, c: list[Any]) -> bool:
        return True

    def below_effect(self, meta: Meta, c: list[Any]) -> str:
        return "excluded" if str(c[-1]) == "excluded" else "nothing"

    def min_commitments(self, meta: Meta, c: list[Any]) -> ast.MinCommitments:
        return ast.MinCommitments(span=self._span(meta), percent=self._amount(c[0]),
                                  rising=tuple(x for x in c[1:-1] if isinstance(x, ast.Rising)), below=c[-1])

    def recommended(self, meta: Meta, c: list[Any]) -> ast.Recommended:
        return ast.Recommended(span=self._span(meta), rules=tuple(c))

    def value_target(self, meta: Meta, c: list[Any]) -> ast.ValueTarget:
        rule, last = c[1], c[-1]
        span = rule.span._replace(end_line=last.span.end_line, end_column=last.span.end_column)
        return ast.ValueTarget(span=self._span(meta), weight=self._amount(c[0]),
                               scored=ast.Scored(span=span, rule=rule, modifiers=tuple(c[2:])))

    def waiver(self, meta: Meta, c: list[Any]) -> ast.Waiver:
        return ast.Waiver(span=self._span(meta), code=self._name(c[0]), items=tuple(c[1:]))

    def waiver_reason(self, meta: Meta, c: list[Any]) -> ast.WaiverReason:
        return ast.WaiverReason(span=self._span(meta), text=self._text(c[0]))

    def waiver_approval(self, meta: Meta, c: list[Any]) -> ast.WaiverApproval:
        on = self._date(c[1]) if len(c) > 1 else None
        return ast.WaiverApproval(span=self._span(meta), by=self._text(c[0]), on=on,
                                  on_span=self._tspan(c[1]) if len(c) > 1 else None)

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
        return ast.Weight(span=self._span(meta), percent=self._amount(c[0]), of_total=len(c) > 1)

    def of_total(self, meta: Meta, c: list[Any]) -> str:
        return _OF_TOTAL

    def unit(self, meta: Meta, c: list[Any]) -> ast.UnitRef:
        return ast.UnitRef(span=self._span(meta), name=self._name(c[0]))

    def flag_kind(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def flag(self, meta: Meta, c: list[Any]) -> ast.Flag:
        return ast.Flag(span=self._span(meta), flag=c[0])

    def local_area(self, meta: Meta, c: list[Any]) -> ast.Flag:
        return ast.Flag(span=self._span(meta), flag="local only", area=c[0])

    def local_boundary(self, meta: Meta, c: list[Any]) -> ast.Flag:
        return ast.Flag(span=self._span(meta), flag="local only", boundary=self._text(c[0]))

    def question_text(self, meta: Meta, c: list[Any]) -> ast.QuestionText:
        return ast.QuestionText(span=self._span(meta), text=self._text(c[0]))

    def sub_criterion(self, meta: Meta, c: list[Any]) -> ast.SubCriterion:
        return ast.SubCriterion(span=self._span(meta), text=self._text(c[0]))

    def tagged(self, meta: Meta, c: list[Any]) -> ast.Tagged:
        return ast.Tagged(span=self._span(meta), names=c[0])

    def tag(self, meta: Meta, c: list[Any]) -> ast.Tag:
        return ast.Tag(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]))

    def tags(self, meta: Meta, c: list[Any]) -> ast.Tags:
        return ast.Tags(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]), items=tuple(c[2:]))

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

    def part_of(self, meta: Meta, c: list[Any]) -> ast.Relation:
        return ast.Relation(span=self._span(meta), relation="part of", names=c[0])

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

    def step_code(self, meta: Meta, c: list[Any]) -> tuple[str, ast.Name]:
        """`measure "MAC 2.1"`: what a pathway step names, and its code as published."""
        return str(c[0]), self._name(c[1])

    def step_from(self, meta: Meta, c: list[Any]) -> tuple[str, Any]:
        return ("after", tuple(self._name(t) if t.type == "NAME" else self._text(t) for t in c))

    def step(self, meta: Meta, c: list[Any]) -> ast.Step:
        target: Token | tuple[str, ast.Name] = c[1]
        options = dict(c[2:])
        ref_kind, ref, text = None, None, None
        if isinstance(target, tuple):
            ref_kind, ref = target
        elif target.type == "NAME":
            ref = self._name(target)
        else:
            text = self._text(target)
        return ast.Step(span=self._span(meta), kind=c[0], ref=ref, text=text, ref_kind=ref_kind,  # type: ignore[arg-type]
                        assumption=options.get("assumption"), confidence=options.get("confidence"),
                        after=options.get("after", ()))

    # ------------------------------------------------------------ tender
    def tender(self, meta: Meta, c: list[Any]) -> ast.Tender:
        return ast.Tender(span=self._span(meta), name=self._name(c[0]), title=self._text(c[1]),
                          items=tuple(c[2:]))

    def uses(self, meta: Meta, c: list[Any]) -> ast.Uses:
        constraint, version = c[1]
        return ast.Uses(span=self._span(meta), name=self._name(c[0]), version=version,
                        path=self._text(c[2]) if len(c) > 2 else None, constraint=constraint)

    # ------------------------------------------------------------ extends
    def version_wanted(self, meta: Meta, c: list[Any]) -> tuple[ast.VersionConstraint, ast.Text]:
        token = c[-1]
        text = ast.Text(span=self._tspan(token), value=str(token))
        if len(c) > 1:
            return "at least", text
        return ("wildcard" if token.type == "VERSION_WILDCARD" else "exact"), text

    def extends(self, meta: Meta, c: list[Any]) -> ast.Extends:
        constraint, version = c[1]
        path = self._text(c[2]) if len(c) > 2 else None
        return ast.Extends(span=self._span(meta), name=self._name(c[0]), version=version, constraint=constraint,
                           path=path)

    def rename(self, meta: Meta, c: list[Any]) -> ast.Rename:
        return ast.Rename(span=self._span(meta), old=self._name(c[0]), new=self._name(c[1]))

    def drop(self, meta: Meta, c: list[Any]) -> ast.Drop:
        return ast.Drop(span=self._span(meta), name=self._name(c[0]))

    def _change(self, meta: Meta, kind: Any, c: list[Any]) -> ast.Change:
        title = self._text(c[1]) if len(c) > 1 and isinstance(c[1], Token) else None
        items = tuple(c[2:] if title is not None else c[1:])
        return ast.Change(span=self._span(meta), kind=kind, name=self._name(c[0]), title=title, items=items)

    def change_theme(self, meta: Meta, c: list[Any]) -> ast.Change:
        return self._change(meta, "theme", c)

    def change_outcome(self, meta: Meta, c: list[Any]) -> ast.Change:
        return self._change(meta, "outcome", c)

    def change_measure(self, meta: Meta, c: list[Any]) -> ast.Change:
        return self._change(meta, "measure", c)

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

    def named_criterion(self, meta: Meta, c: list[Any]) -> ast.NamedCriterion:
        return ast.NamedCriterion(span=self._span(meta), name=self._name(c[0]), weight=self._amount(c[1]),
                                  measures=tuple(c[2]))

    def price_relative_lowest(self, meta: Meta, c: list[Any]) -> ast.PriceRelativeToLowest:
        return ast.PriceRelativeToLowest(span=self._span(meta))

    def price_fixed_range(self, meta: Meta, c: list[Any]) -> ast.PriceFixedRange:
        return ast.PriceFixedRange(span=self._span(meta), low=self._amount(c[0]), high=self._amount(c[1]),
                                   clamping=c[2] if len(c) > 2 else None)

    # methods: more price formulas, abnormally low tenders, rounding, shortlisting (issue 12)
    def price_relative_mean(self, meta: Meta, c: list[Any]) -> ast.PriceFormula:
        return ast.PriceFormula(span=self._span(meta), formula="relative-to-mean")

    def price_deviation_lowest(self, meta: Meta, c: list[Any]) -> ast.PriceFormula:
        return ast.PriceFormula(span=self._span(meta), formula="deviation-from-lowest")

    def low_below_mean(self, meta: Meta, c: list[Any]) -> ast.LowTest:
        return ast.LowTest(span=self._span(meta), against="mean of others", percent=self._amount(c[0]))

    def low_below_next(self, meta: Meta, c: list[Any]) -> ast.LowTest:
        return ast.LowTest(span=self._span(meta), against="next lowest", percent=self._amount(c[0]))

    def low_action(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def abnormally_low(self, meta: Meta, c: list[Any]) -> ast.AbnormallyLow:
        return ast.AbnormallyLow(span=self._span(meta), tests=tuple(c[:-1]), action=c[-1])

    def rounding(self, meta: Meta, c: list[Any]) -> ast.Rounding:
        return ast.Rounding(span=self._span(meta), places=self._amount(c[0]))

    def price_components(self, meta: Meta, c: list[Any]) -> ast.PriceComponents:
        return ast.PriceComponents(span=self._span(meta), components=tuple(c))

    def price_component(self, meta: Meta, c: list[Any]) -> ast.PriceComponent:
        return ast.PriceComponent(span=self._span(meta), code=self._name(c[0]), title=self._text(c[1]),
                                  times=self._amount(c[2]) if len(c) > 2 and c[2] is not None else None)

    def item_rounding(self, meta: Meta, c: list[Any]) -> ast.ItemRounding:
        return ast.ItemRounding(span=self._span(meta), places=None if c[0] is None else self._amount(c[0]))

    def item_whole(self, meta: Meta, c: list[Any]) -> None:
        return None

    def award_method(self, meta: Meta, c: list[Any]) -> ast.AwardMethod:
        return ast.AwardMethod(span=self._span(meta))

    def tie_policy(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def shortlist(self, meta: Meta, c: list[Any]) -> ast.Shortlist:
        return ast.Shortlist(span=self._span(meta), top=self._amount(c[0]), ties=c[1])

    def pass_mark(self, meta: Meta, c: list[Any]) -> ast.PassMark:
        return ast.PassMark(span=self._span(meta), percent=self._amount(c[0]))

    def mark_test(self, meta: Meta, c: list[Any]) -> tuple[str, ast.Amount]:
        return (str(c[0]), c[1])

    def mark_excludes(self, meta: Meta, c: list[Any]) -> ast.MarkRule:
        test, mark = c[0]
        return ast.MarkRule(span=self._span(meta), test=test, mark=mark, effect="excludes")

    def mark_zeroes(self, meta: Meta, c: list[Any]) -> ast.MarkRule:
        test, mark = c[0]
        return ast.MarkRule(span=self._span(meta), test=test, mark=mark, effect="zeroes")

    def quality(self, meta: Meta, c: list[Any]) -> ast.QualityQuestions:
        return ast.QualityQuestions(span=self._span(meta), questions=tuple(c))

    def question(self, meta: Meta, c: list[Any]) -> ast.Question:
        return ast.Question(span=self._span(meta), code=self._name(c[0]), title=self._text(c[1]),
                            items=tuple(c[2:]))

    def question_outcome(self, meta: Meta, c: list[Any]) -> ast.QuestionOutcome:
        names = c[1] if len(c) > 1 else ()
        return ast.QuestionOutcome(span=self._span(meta), outcome=self._name(c[0]), criteria=tuple(names))

    def social_value(self, meta: Meta, c: list[Any]) -> ast.SocialValueMeasures:
        return ast.SocialValueMeasures(span=self._span(meta), selections=tuple(c))

    def tailoring(self, meta: Meta, c: list[Any]) -> _Tailoring:
        return _Tailoring(tuple(c))

    def selection_recorded(self, meta: Meta, c: list[Any]) -> ast.Recorded:
        tailoring = c[-1].items if isinstance(c[-1], _Tailoring) else ()
        return ast.Recorded(span=self._span(meta), measure=self._name(c[0]), tailoring=tailoring)

    def narrative_limit(self, meta: Meta, c: list[Any]) -> ast.NarrativeLimit:
        return ast.NarrativeLimit(span=self._span(meta), limit=self._amount(c[0]), unit=c[1])

    def selection(self, meta: Meta, c: list[Any]) -> ast.Selection:
        tailoring: tuple[ast.TailoringItem, ...] = ()
        if isinstance(c[-1], _Tailoring):
            tailoring = c.pop().items
        of_total = len(c) > 2 and c[2] is _OF_TOTAL
        if of_total:
            c = [*c[:2], *c[3:]]
        scored = None
        if len(c) > 2:
            rule = c[2]
            last = c[-1]
            span = rule.span._replace(end_line=last.span.end_line, end_column=last.span.end_column)
            scored = ast.Scored(span=span, rule=rule, modifiers=tuple(c[3:]))
        return ast.Selection(span=self._span(meta), measure=self._name(c[0]), weight=self._amount(c[1]),
                             scored=scored, tailoring=tailoring, of_total=of_total)

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
