"""The check rules of real frameworks' questions and flags (issue 9 items 2, 3, 12 and 13).

A tender tailors a framework question within what the framework fixes (PPN 06/20: "Using a
maximum of [insert number] characters"); record-only measures are collected, never scored; a
`local only` measure names its area; tags are declared before they are carried.
"""

from __future__ import annotations

import re

from svspec.diagnostics import Diagnostic, Related, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.kinds.answers import ANSWERS
from svspec.semantics.common import Sink, check_answer, fmt_amount
from svspec.semantics.rules import rule
from svspec.semantics.symbols import Framework, Measure, Tender
from svspec.syntax import ast

POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")
"""The outward part of a UK postcode: SE1, SE11, CM1, EC1A, W1A."""


# ---------------------------------------------------------------- frameworks
@rule("unknown-tag")
def tags_are_declared(framework: Framework) -> list[Diagnostic]:
    """A theme, outcome or measure carries only tags declared in a `tags` family: an undeclared tag
    groups nothing on the site or in a report (Lambeth's shared purpose, the SDGs)."""
    tagged = [name for carrier in framework.themes.values() for name in carrier.tagged]
    tagged += [name for carrier in framework.outcomes.values() for name in carrier.tagged]
    tagged += [name for carrier in framework.measures.values() for name in carrier.tagged]
    return [make("unknown-tag", name.span, name=name.text, framework=framework.name,
                 suggestions=did_you_mean(name.text, framework.tags))
            for name in tagged if name.text not in framework.tags]


@rule("local-area-missing", "bad-postcode-district")
def local_measures_name_their_area(framework: Framework) -> list[Diagnostic]:
    """A `local only` measure says which area is local (Essex: "outside the local area will NOT be
    evaluated"), as postcode districts or a named boundary, so that bidders count the same people."""
    out: Sink = []
    for m in framework.measures.values():
        flag = m.local
        if flag is None:
            continue
        if not flag.area and flag.boundary is None:
            out.append(make("local-area-missing", flag.span, name=m.code))
        out.extend(make("bad-postcode-district", name.span, text=name.text)
                   for name in flag.area if not POSTCODE_DISTRICT.fullmatch(name.text))
    return out


# ---------------------------------------------------------------- tenders
@rule("unknown-measure", "record-only-scored")
def recorded_measures_are_framework_measures(tender: Tender) -> list[Diagnostic]:
    """A tender collects (`CODE record only`) only measures its framework defines."""
    framework = tender.framework
    if framework is None:
        return []
    return [make("unknown-measure", r.span, name=r.code, where=f" in framework '{framework.name}'",
                 suggestions=did_you_mean(r.code, framework.measures))
            for r in tender.recorded.values() if r.measure is None]


def _tailorings(tender: Tender) -> list[tuple[Measure, tuple[ast.TailoringItem, ...]]]:
    found = [(s.measure, s.tailoring) for s in tender.selections.values()]
    found += [(r.measure, r.tailoring) for r in tender.recorded.values()]
    return [(m, items) for m, items in found if m is not None and items]


def _kind_words(answer: ast.Answer) -> str:
    return f"a {ANSWERS[answer.kind].label} answer"


def _text_limit(answer: ast.Answer) -> str:
    assert answer.limit is not None
    return f"limit of {fmt_amount(answer.limit)} {answer.limit_unit or 'words'}"


def _loosened(fixed: ast.Answer, asked: ast.Answer) -> tuple[str, str] | None:
    """What of the framework's answer the tender's loosens (found, fixed), if anything."""
    if fixed.limit is not None:
        unit = fixed.limit_unit or "words"
        if asked.limit is None:
            return "no limit", _text_limit(fixed)
        if (asked.limit_unit or "words") != unit:
            return f"a limit in {asked.limit_unit or 'words'}", _text_limit(fixed)
        if asked.limit.value > fixed.limit.value:
            return _text_limit(asked), _text_limit(fixed)
    for side in ("at least", "at most"):
        own = next((b.amount for b in fixed.bounds if b.side == side), None)
        new = next((b.amount for b in asked.bounds if b.side == side), None)
        if own is None:
            continue
        if new is None:
            return f"no '{side}' bound", f"'{side} {fmt_amount(own)}'"
        wider = new.value < own.value if side == "at least" else new.value > own.value
        if wider:
            return f"'{side} {fmt_amount(new)}'", f"'{side} {fmt_amount(own)}'"
    if fixed.choices:
        known = {c.value for c in fixed.choices}
        extra = next((c for c in asked.choices if c.value not in known), None)
        if extra is not None:
            return f'the choice "{extra.value}"', "choices"
    return None


@rule("tailored-answer-kind", "tailoring-loosens", "unit-mismatch", "min-above-max", "duplicate-choice",
      "bad-text-limit")
def tailoring_stays_within_the_framework(tender: Tender) -> list[Diagnostic]:
    """A tender may set or tighten a framework question's limit, refine its wording and sub-criteria and
    add reporting metrics (PPN 06/20, PPN 002), but never change its kind of answer or loosen what the
    framework fixes: every tender using the framework keeps what the framework promises."""
    out: Sink = []
    for measure, items in _tailorings(tender):
        fixed = measure.answer
        for asked in (i for i in items if isinstance(i, ast.Answer)):
            related = [Related(span=fixed.span, message="the framework's answer")] if fixed is not None else []
            if fixed is not None and asked.kind != fixed.kind:
                out.append(make("tailored-answer-kind", asked.span, name=measure.code, wanted=_kind_words(fixed),
                                found=_kind_words(asked), related=related))
                continue
            check_answer(asked, measure.answering, out)
            loosened = _loosened(fixed, asked) if fixed is not None else None
            if loosened is not None:
                out.append(make("tailoring-loosens", asked.span, name=measure.code, found=loosened[0],
                                fixed=loosened[1], related=related))
    return out


def _text_answers(tender: Tender) -> int:
    """How many of the tender's answers are text (questions, and measures as the tender asks them)."""
    count = sum(1 for q in tender.questions.values() if q.answer is not None and ANSWERS[q.answer.kind].narrative)
    for measure, items in [(s.measure, s.tailoring) for s in tender.selections.values()] + [
            (r.measure, r.tailoring) for r in tender.recorded.values()]:
        asked = next((i for i in items if isinstance(i, ast.Answer)), measure.answer if measure else None)
        if asked is not None and ANSWERS[asked.kind].narrative:
            count += 1
    return count


@rule("narrative-limit-without-text", "bad-text-limit")
def narrative_limit_has_text_to_limit(tender: Tender) -> list[Diagnostic]:
    """`narrative up to N words in total` limits a bid's text answers together; it is positive and
    there is text to limit."""
    narrative = tender.narrative
    if narrative is None:
        return []
    if narrative.limit.value < 1:
        return [make("bad-text-limit", narrative.limit.span, limit=fmt_amount(narrative.limit), what=narrative.unit)]
    if tender.framework is not None and _text_answers(tender) == 0:
        return [make("narrative-limit-without-text", narrative.span, name=tender.name)]
    return []
