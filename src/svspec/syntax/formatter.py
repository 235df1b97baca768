"""The canonical layout of a spec, used by `svspec fmt` and `svspec.format_source`.

The formatter prints the AST back, so the layout depends only on what the spec says, plus the
author's comments and the blank lines they chose between statements. The rules:

- Two spaces per indentation level; one space between words; keywords in their canonical
  spelling (`at most 1 measure`, `at most 6 measures`); a comma and one space between items of
  a list (`adjust deadweight 25%, attribution 10%`).
- Numbers exactly as written: `£28,213` stays `£28,213`, `£101.00` stays `£101.00`.
- Quoted text is re-quoted: `"` is written `\\"`, and a backslash only where it would otherwise
  be read as an escape. `why: ...` prose lines stay prose lines, a `#` in them included (it is
  prose, not a comment: see `syntax/comment-in-prose`), and quoted text stays quoted.
  A triple-quoted block starts with `\"\"\"` after its key, its text is indented one level deeper
  than the key, and the closing `\"\"\"` stands alone at the key's indentation.
- Blank lines: one blank line before and after every block (framework, tender, value set,
  policy, scale, theme, outcome, measure, pathway, criteria, quality questions, social value
  measures), except at the start or end of the enclosing block. Elsewhere (between questions,
  for instance) one blank line is kept where the author left one or more. Never a blank line at
  the start or end of a block.
- Comments are kept. A comment on its own line stays before the statement that follows it, at
  that statement's indentation; a comment after a statement stays at the end of its line, two
  spaces after it; comments after the last statement of a block stay at the end of that block
  when they are indented at least as deeply as its statements, otherwise they go with what
  follows. The file ends with exactly one newline.

A file with a syntax error is refused (`FormatRefused`), never guessed at. As a safety net the
result is parsed again and must give the same AST (spans aside) and keep every comment.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import deque
from collections.abc import Iterator, Sequence

from svspec import SvspecError
from svspec.diagnostics import Diagnostic, Severity, Span
from svspec.kinds.answers import ANSWERS
from svspec.kinds.rules import node_kind
from svspec.syntax import ast
from svspec.syntax.builder import build
from svspec.syntax.parser import Comment, parse

INDENT = "  "

_SPACED_BLOCKS = (
    ast.Framework, ast.Tender, ast.ValueSet, ast.Policy, ast.Scale, ast.Theme, ast.Outcome, ast.Measure,
    ast.Pathway, ast.Criteria, ast.QualityQuestions, ast.SocialValueMeasures, ast.Waiver, ast.Change, ast.Tags,
    ast.PriceComponents,
)
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*")
"""The grammar's NAME: a code written this way needs no quotes."""


class FormatRefused(SvspecError):
    """The text has syntax errors, so it cannot be formatted; `diagnostics` says where."""

    def __init__(self, file: str, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{file} has syntax errors and was not formatted")
        self.file = file
        self.diagnostics = tuple(diagnostics)


class FormatterBug(SvspecError):
    """The formatted text would not say the same as the original: a bug in svspec, not the spec."""


def format_text(text: str, file: str = "<text>") -> str:
    """The canonical layout of the spec `text` (the contents of `file`).

    Raises `FormatRefused` (with its `diagnostics`) if the text has syntax errors.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    tree, comments = _parse_or_refuse(text, file)
    formatted = _Printer(text, comments).file(tree)
    again, again_comments = _reparse(formatted, file)
    if ast_shape(again) != ast_shape(tree) or len(again_comments) != len(comments):
        raise FormatterBug(f"formatting {file} would change what it says; the file was left alone "
                           "(please report this as a bug in svspec)")
    return formatted


def ast_shape(node: object) -> object:
    """A structure without positions, equal for two ASTs that say the same thing."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__, tuple(
            (f.name, ast_shape(getattr(node, f.name)))
            for f in dataclasses.fields(node) if not isinstance(getattr(node, f.name), Span)
        ))
    if isinstance(node, tuple):
        return tuple(ast_shape(item) for item in node)
    return node


def _parse_or_refuse(text: str, file: str) -> tuple[ast.SourceFile, tuple[Comment, ...]]:
    result = parse(text, file)
    problems = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.tree is None or problems:
        raise FormatRefused(file, problems or result.diagnostics)
    tree, found = build(result.tree, file, text)
    problems = [d for d in found if d.severity is Severity.ERROR]
    if problems:
        raise FormatRefused(file, problems)
    return tree, result.comments


def _reparse(text: str, file: str) -> tuple[ast.SourceFile, tuple[Comment, ...]]:
    try:
        return _parse_or_refuse(text, file)
    except FormatRefused as refused:
        raise FormatterBug(f"formatting {file} would break it ({refused.diagnostics[0].message}); the file "
                           "was left alone (please report this as a bug in svspec)") from None


# ---------------------------------------------------------------- words
def quote(value: str) -> str:
    """`value` as quoted text. `"` is escaped; backslashes are left alone (`"C:\\data"`) unless one
    would be read as an escape, and then all of them are doubled, so a string is spelled one way."""
    ambiguous = any(ch == "\\" and (i + 1 == len(value) or value[i + 1] in '"\\') for i, ch in enumerate(value))
    if ambiguous:
        value = value.replace("\\", "\\\\")
    return '"' + value.replace('"', '\\"') + '"'


def _rising(steps: Sequence[ast.Rising]) -> str:
    """`, rising to 20% from 2023-04-01` for each step of a policy figure."""
    return "".join(f", rising to {_amount(r.percent)} from {r.date}" for r in steps)


def _amount(amount: ast.Amount) -> str:
    written = amount.text or _spell(amount)
    return f"{written} {amount.unit.text}" if amount.unit is not None else written


def _spell(amount: ast.Amount) -> str:
    """A number for an Amount built without its text (not from a parse)."""
    number = format(amount.value, "f")
    if amount.kind == "money":
        return "£" + number
    return number + "%" if amount.kind == "percent" else number


def _code(name: ast.Name) -> str:
    """A name as written: bare when it is a plain name, quoted when it is a code as published ("MAC 1.1")."""
    return name.text if _PLAIN_NAME.fullmatch(name.text) else quote(name.text)


def _names(names: Sequence[ast.Name]) -> str:
    return ", ".join(_code(name) for name in names)


def _flag(node: ast.Flag) -> str:
    if node.area:
        return f"{node.flag} in {_names(node.area)}"
    if node.boundary is not None:
        return f"{node.flag} within {quote(node.boundary.value)}"
    return node.flag


def _measures(count: ast.Amount) -> str:
    return "measure" if count.value == 1 else "measures"


def _text(text: ast.Text | None) -> str:
    return "" if text is None else quote(text.value)


def _rule(rule: ast.Rule) -> str:
    if isinstance(rule, ast.Bands):
        raise SvspecError("the formatter prints bands as a block, not on the `scored` line")
    return node_kind(rule).source(rule, _amount)


def _modifier(modifier: ast.Modifier) -> str:
    match modifier:
        case ast.Cap():
            return f"capped at {_amount(modifier.amount)}"
        case ast.PointsCap():
            return f"points capped at {_amount(modifier.percent)}"
        case ast.Threshold():
            return f"minimum {_amount(modifier.amount)}"
        case ast.Gate(amount=None):
            return "gate yes"
        case ast.Gate(amount=ast.Amount() as amount):
            return f"gate at least {_amount(amount)}"
        case ast.Credibility():
            return f"credibility by evaluators on scale {modifier.scale.text}"
    raise SvspecError(f"the formatter cannot print the modifier {type(modifier).__name__}")


def _scoring(rule: ast.Rule, modifiers: Sequence[ast.Modifier]) -> str:
    return ", ".join([_rule(rule), *(_modifier(m) for m in modifiers)])


def _value_options(source: ast.Text | None, edition: ast.Text | None) -> str:
    options = ([f", source {quote(source.value)}"] if source else []) + (
        [f", edition {edition.value}"] if edition else [])
    return "".join(options)


def _criterion_option(option: ast.CriterionOption) -> str:
    match option:
        case ast.PriceRelativeToLowest():
            return "scored relative to lowest"
        case ast.PriceFixedRange():
            clamping = f" {option.clamping}" if option.clamping else ""
            return f"scored linear from {_amount(option.low)} to {_amount(option.high)}{clamping}"
        case ast.PriceFormula(formula="relative-to-mean"):
            return "scored relative to mean"
        case ast.PriceFormula(formula="deviation-from-lowest"):
            return "scored by deviation from lowest"
        case ast.PassMark():
            return f"pass mark {_amount(option.percent)}"
        case ast.WithinQuality():
            return "within quality"
        case ast.MarkRule():
            effect = "excludes the bid" if option.effect == "excludes" else "scores nothing for the criterion"
            return f"any mark {option.test} {_amount(option.mark)} {effect}"
    raise SvspecError(f"the formatter cannot print the option {type(option).__name__}")


def _answer(answer: ast.Answer) -> str:
    return "answer " + ANSWERS[answer.kind].source(answer, _amount, quote)


def _wanted(constraint: ast.VersionConstraint, version: ast.Text) -> str:
    """A version constraint as written: `2026.1`, `2026.*` or `at least 2026.1`."""
    return f"at least {version.value}" if constraint == "at least" else version.value


def _header(node: ast.Node) -> str:
    """The first (for most statements, the only) line of a statement, without indentation."""
    match node:
        case ast.Theme() | ast.Outcome():
            return f"{type(node).__name__.lower()} {_code(node.name)} {quote(node.title.value)}"
        case ast.Framework() | ast.Tender() | ast.Pathway():
            keyword = type(node).__name__.lower()
            return f"{keyword} {node.name.text} {quote(node.title.value)}"
        case ast.ValueSet():
            return f"value set {node.name.text} {quote(node.title.value)}"
        case ast.Measure() | ast.Question():
            return f"{type(node).__name__.lower()} {_code(node.code)} {quote(node.title.value)}"
        case ast.Setting():
            return f"{node.key} {quote(node.value) if node.quoted else node.value}"
        case ast.Prose(style="line"):
            return f"{node.key}: {node.text}"
        case ast.Prose():
            return f"{node.key} {quote(node.text)}"
        case ast.Priority():
            return f"priority {_names(node.names)}"
        case ast.ValuesImport():
            return f"values {node.name.text} {node.version.value} from {quote(node.path.value)}"
        case ast.UnitDecl():
            return f"unit {node.name.text} {quote(node.description.value)}"
        case ast.Extends():
            source = f" from {quote(node.path.value)}" if node.path is not None else ""
            return f"extends {node.name.text} {_wanted(node.constraint, node.version)}{source}"
        case ast.Rename():
            return f"rename {_code(node.old)} to {_code(node.new)}"
        case ast.Drop():
            return f"drop {_code(node.name)}"
        case ast.Change():
            title = f" {quote(node.title.value)}" if node.title is not None else ""
            return f"change {node.kind} {_code(node.name)}{title}"
        case ast.Weight():
            return f"weight {_amount(node.percent)}" + (" of total" if node.of_total else "")
        case ast.Policy():
            return "policy"
        case ast.MinSocialValue():
            return f"social value at least {_amount(node.percent)}{_rising(node.rising)}"
        case ast.MinGroupShare():
            share = f"{_amount(node.percent)} of {node.base}{_rising(node.rising)}"
            return f"measures from {_code(node.group)} at least {share}"
        case ast.MaxMeasures():
            return f"at most {_amount(node.count)} {_measures(node.count)}"
        case ast.MinMeasures():
            group = f" from {_code(node.group)}" if node.group is not None else ""
            return f"at least {_amount(node.count)} {_measures(node.count)}{group}"
        case ast.MinMeasureWeight():
            return f"each measure at least {_amount(node.percent)}{_rising(node.rising)}"
        case ast.AppliesFrom():
            return f"applies from {_amount(node.money)}{', recommended below' if node.recommended_below else ''}"
        case ast.MinCommitments():
            below = "the bid is excluded" if node.below == "excluded" else "social value scores nothing"
            return f"commitments at least {_amount(node.percent)} of contract value{_rising(node.rising)}, or {below}"
        case ast.Recommended():
            return "recommended"
        case ast.ValueTarget():
            scoring = _scoring(node.scored.rule, node.scored.modifiers)
            return f"total value weight {_amount(node.weight)}, scored {scoring}"
        case ast.Waiver():
            return f"waiver {node.code.text}"
        case ast.WaiverReason():
            return f"reason {quote(node.text.value)}"
        case ast.WaiverApproval():
            return f"approved by {quote(node.by.value)}{f' on {node.on}' if node.on else ''}"
        case ast.SocialValueShare():
            return f"social value {node.bound} {_amount(node.percent)}" + (" within quality" if node.within_quality
                                                                          else "")
        case ast.OutcomesAtMost():
            return f"at most {_amount(node.count)} {'outcome' if node.count.value == 1 else 'outcomes'} per contract"
        case ast.Scale():
            title = f" {quote(node.title.value)}" if node.title is not None else ""
            return f"scale {node.name.text}{title}"
        case ast.ScaleLevel():
            descriptor = ""
            if node.descriptor is not None:
                descriptor = (f": {node.descriptor.text}" if node.descriptor.style == "line"
                              else f" {quote(node.descriptor.text)}")
            return f"{_amount(node.value)} {quote(node.label.value)}{descriptor}"
        case ast.UnitRef():
            return f"unit {node.name.text}"
        case ast.Answer():
            return _answer(node)
        case ast.Flag():
            return _flag(node)
        case ast.QuestionText():
            return f"question {quote(node.text.value)}"
        case ast.SubCriterion():
            return f"sub-criterion {quote(node.text.value)}"
        case ast.Tagged():
            return f"tagged {_names(node.names)}"
        case ast.Tags():
            return f"tags {node.name.text} {quote(node.title.value)}"
        case ast.Tag():
            return f"{_code(node.name)} {quote(node.title.value)}"
        case ast.Recorded():
            return f"{_code(node.measure)} record only"
        case ast.NarrativeLimit():
            return f"narrative up to {_amount(node.limit)} {node.unit} in total"
        case ast.ValueProxy():
            per_year = " per year" if node.per_year else ""
            return (f"value {_amount(node.money)} per {node.per.text}{per_year}"
                    f"{_value_options(node.source, node.edition)}")
        case ast.ValueRef():
            return f"value {node.entry.text} from {node.value_set.text}"
        case ast.Adjust():
            return "adjust " + ", ".join(f"{a.kind} {_amount(a.percent)}" for a in node.adjustments)
        case ast.Duration():
            return f"lasts {_amount(node.amount)} {node.period}"
        case ast.Discount():
            convention = f", first year {node.first_year}" if node.first_year else ""
            return f"discount {_amount(node.percent)}{' per year' if node.per_year else ''}{convention}"
        case ast.Investment():
            return f"investment {_amount(node.money)}"
        case ast.Evidence():
            verified = f", verified by {quote(node.verified_by.value)}" if node.verified_by else ""
            return f"evidence {quote(node.what.value)} {node.when}{verified}"
        case ast.Attest():
            return f"attest {quote(node.text.value)}"
        case ast.Report():
            return f"report {quote(node.what.value)} {node.when}"
        case ast.Relation():
            return f"{node.relation} {_names(node.names)}"
        case ast.Scored(rule=ast.Bands()):
            return "scored in bands"
        case ast.Scored():
            return f"scored {_scoring(node.rule, node.modifiers)}"
        case ast.Band():
            return f"at least {_amount(node.at_least)} scores {_amount(node.scores)}"
        case ast.Otherwise():
            return f"otherwise {_amount(node.scores)}"
        case ast.Step():
            if node.ref is not None and node.ref_kind is not None:
                target = f"{node.ref_kind} {_code(node.ref)}"
            else:
                target = node.ref.text if node.ref is not None else _text(node.text)
            assumption = f", assuming {quote(node.assumption.value)}" if node.assumption else ""
            confidence = f", confidence {_amount(node.confidence)}" if node.confidence else ""
            after = (", from " + " and ".join(a.text if isinstance(a, ast.Name) else _text(a) for a in node.after)
                     if node.after else "")
            return f"{node.kind} {target}{after}{assumption}{confidence}"
        case ast.Uses():
            where = f" from {quote(node.path.value)}" if node.path is not None else ""
            return f"uses {node.name.text} {_wanted(node.constraint, node.version)}{where}"
        case ast.Contract():
            return f"contract value {_amount(node.value)} over {_amount(node.duration)} {node.period}"
        case ast.Criteria():
            return "criteria"
        case ast.NamedCriterion():
            return f"criterion {node.name.text} {_amount(node.weight)}, measures {_names(node.measures)}"
        case ast.Criterion():
            options = "".join(f", {_criterion_option(o)}" for o in node.options)
            return f"{node.kind} {_amount(node.weight)}{options}"
        case ast.QualityQuestions():
            return "quality questions"
        case ast.SocialValueMeasures():
            return "social value measures"
        case ast.Selection():
            scored = f", scored {_scoring(node.scored.rule, node.scored.modifiers)}" if node.scored else ""
            of_total = " of total" if node.of_total else ""
            return f"{_code(node.measure)} weight {_amount(node.weight)}{of_total}{scored}"
        case ast.Moderation():
            return f"moderation {node.kind}"
        case ast.TieBreak():
            return "tie break " + ", ".join(node.order)
        case ast.Compare():
            return f"compare relative scores among {node.among}"
        case ast.AbnormallyLow():  # methods: issue 12 items 2, 3, 5
            tests = " or ".join(f"at least {_amount(t.percent)} below the "
                                f"{'mean of the others' if t.against == 'mean of others' else 'next lowest'}"
                                for t in node.tests)
            return f"abnormally low if {tests}, {node.action}"
        case ast.Rounding():
            return f"round totals to {_amount(node.places)} places before ranking"
        case ast.PriceComponents():
            return "price components"
        case ast.PriceComponent():
            times = f" times {_amount(node.times)}" if node.times is not None else ""
            return f"{_code(node.code)} {_text(node.title)}{times}"
        case ast.ItemRounding():
            to = "whole points" if node.places is None else f"{_amount(node.places)} places"
            return f"round points per question to {to} before weighting"
        case ast.AwardMethod():
            return f"award by {node.method}"
        case ast.Shortlist():
            return f"shortlist the top {_amount(node.top)} on quality, ties {node.ties}"
        case ast.Kpis():
            return f"kpis {_names(node.names)}"
        case ast.QuestionOutcome():
            against = f", judged against {_names(node.criteria)}" if node.criteria else ""
            return f"on outcome {_code(node.outcome)}{against}"
        case ast.ReturnsDue():
            return f"returns due {_amount(node.days)} days after each period"
        case ast.Rating():
            return (f"rating good at least {_amount(node.good)}, approaching target at least "
                    f"{_amount(node.approaching)}, requires improvement at least {_amount(node.improvement)}")
        case ast.Proxy():
            per_year = " per year" if node.per_year else ""
            return (f"proxy {node.name.text} {_amount(node.money)} per {node.per.text}{per_year}"
                    f"{_value_options(node.source, node.edition)}")
    raise SvspecError(f"the formatter cannot print a {type(node).__name__} (is the file broken?)")


def statement_words(node: ast.Node) -> str:
    """A statement's first line in canonical words, for messages that quote it (`at most 6 measures`)."""
    return _header(node)


def _children(node: ast.Node) -> tuple[ast.Node, ...] | None:
    """The statements indented under a block statement; None for a statement that is not a block."""
    match node:
        case ast.Framework() | ast.Tender() | ast.ValueSet() | ast.Theme() | ast.Outcome() | ast.Measure():
            return node.items
        case ast.Pathway() | ast.Question() | ast.Change():
            return node.items
        case ast.Policy() | ast.Recommended():
            return node.rules
        case ast.Waiver():
            return node.items
        case ast.Scale():
            return node.levels
        case ast.Criteria():
            return node.criteria
        case ast.QualityQuestions():
            return node.questions
        case ast.SocialValueMeasures():
            return node.selections
        case ast.PriceComponents():
            return node.components
        case ast.Selection() | ast.Recorded():
            return node.tailoring or None
        case ast.Tags():
            return node.items
        case ast.Scored(rule=ast.Bands() as bands):
            return bands.bands
    return None


def _lines(node: ast.Node) -> list[tuple[int, str]]:
    """The lines of a statement that is not a block, each with its extra indentation."""
    if isinstance(node, ast.Prose) and node.style == "block":
        body = node.text
        if "\\" in body or '"""' in body:
            body = body.replace("\\", "\\\\").replace('"', '\\"')
        lines = body.split("\n") if body else []
        return [(0, f'{node.key} """'), *((1, line) for line in lines), (0, '"""')]
    return [(0, _header(node))]


def _statements(nodes: Sequence[ast.Node]) -> Iterator[ast.Node]:
    for node in nodes:
        yield node
        yield from _statements(_children(node) or ())


# ---------------------------------------------------------------- printing
class _Printer:
    """Prints statements in source order, placing comments and blank lines as it goes."""

    def __init__(self, text: str, comments: Sequence[Comment]) -> None:
        self.source = text.split("\n")
        self.out: list[str] = []
        self.trailing: dict[int, Comment] = {}
        standalone: list[Comment] = []
        for comment in comments:
            before = self.source[comment.line - 1][: comment.column - 1]
            if before.strip():
                self.trailing[comment.line] = comment
            else:
                standalone.append(comment)
        self.pending = deque(sorted(standalone, key=lambda c: (c.line, c.column)))
        self.starts: list[int] = []
        self.last_line = 0
        self.at_block_start = True
        self.want_blank = False

    def file(self, tree: ast.SourceFile) -> str:
        self.starts = sorted(node.span.line for node in _statements(tree.declarations))
        for declaration in tree.declarations:
            self.statement(declaration, 0)
        while self.pending:
            self.comment(self.pending.popleft(), 0)
        return "\n".join(self.out) + "\n" if self.out else ""

    def blank_in_source(self, first_line: int) -> bool:
        between = self.source[self.last_line : first_line - 1] if self.last_line else []
        return any(not line.strip() for line in between)

    def begin(self, first_line: int, force_blank: bool = False) -> None:
        """Start a new line of output for something that starts at source line `first_line`."""
        blank = force_blank or self.want_blank or self.blank_in_source(first_line)
        if blank and self.out and not self.at_block_start:
            self.out.append("")
        self.at_block_start = False
        self.want_blank = False

    def comment(self, comment: Comment, depth: int, force_blank: bool = False) -> None:
        self.begin(comment.line, force_blank)
        self.out.append(INDENT * depth + comment.text)
        self.last_line = max(self.last_line, comment.line)

    def statement(self, node: ast.Node, depth: int) -> None:
        children = _children(node)
        spaced = isinstance(node, _SPACED_BLOCKS)
        force_blank = spaced
        while self.pending and self.pending[0].line < node.span.line:
            self.comment(self.pending.popleft(), depth, force_blank)
            force_blank = False
        self.begin(node.span.line, force_blank)
        lines = _lines(node)
        for extra, line in lines:
            self.out.append(INDENT * (depth + extra) + line if line else "")
        comment_lines = [node.span.line] if children is not None else range(node.span.line, node.span.end_line + 1)
        for line_number in comment_lines:
            if line_number in self.trailing:
                self.out[-1] += "  " + self.trailing.pop(line_number).text
        self.last_line = max(self.last_line, node.span.line if children is not None else node.span.end_line)
        if children is None:
            return
        self.at_block_start = True
        for child in children:
            self.statement(child, depth + 1)
        self.block_end(children, depth + 1)
        self.at_block_start = False
        self.want_blank = spaced

    def block_end(self, children: Sequence[ast.Node], depth: int) -> None:
        """Comments after a block's last statement, indented like its statements, stay in it."""
        column = children[0].span.column if children else 1
        following = bisect.bisect_right(self.starts, self.last_line)
        next_start = self.starts[following] if following < len(self.starts) else len(self.source) + 1
        while self.pending and self.pending[0].line < next_start and self.pending[0].column >= column:
            self.comment(self.pending.popleft(), depth)
