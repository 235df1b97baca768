"""What templates see: the model restated as views whose text is already safe Markdown.

Every string taken from a spec passes through `prose.inline` (titles, labels) or `prose.prose`
(guidance), so a user's template cannot publish raw HTML by forgetting a filter. Paths are
relative to `docs/`; templates turn them into links with the `href` filter.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from svspec import model as m
from svspec import words as figures
from svspec.diagnostics import Diagnostic, Span, make
from svspec.emit.site import prose, words
from svspec.plaintext import visible


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link whose text says where it goes."""

    text: str
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Prose:
    """The guidance prose of a theme, outcome, measure, question or spec, as safe Markdown."""

    summary: str = ""
    guidance: str = ""
    why: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceView:
    what: str
    when: str
    verified_by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkedExample:
    """One example computed by the scoring engine, in words."""

    sentence: str
    assumption: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasureView:
    code: str
    anchor: str
    title: str
    path: str
    link: Link
    text: Prose
    unit: str
    unit_words: str
    answer: str
    flags: tuple[str, ...]
    evidence: tuple[EvidenceView, ...]
    attestations: tuple[str, ...]
    reports: tuple[EvidenceView, ...]
    valuation: tuple[str, ...]
    scoring: str
    weight: str
    example: WorkedExample | None
    contributes_to: tuple[Link, ...]
    no_double_counting_with: tuple[Link, ...]
    additional_to: tuple[Link, ...]
    record_only: bool
    question: str = ""
    sub_criteria: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    part_of: tuple[Link, ...] = ()  # `part of`: the measures whose results include this one's


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeView:
    name: str
    title: str
    title_plain: str
    path: str
    link: Link
    theme: Link
    weight: str
    priority: int | None
    text: Prose
    measures: tuple[MeasureView, ...]
    contributions: tuple[Link, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ThemeView:
    name: str
    title: str
    title_plain: str
    path: str
    link: Link
    weight: str
    text: Prose
    outcomes: tuple[OutcomeView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleView:
    name: str
    title: str
    levels: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StepView:
    kind: str
    label: str
    diagram_label: str
    link: Link | None
    assumption: str
    confidence: str
    follows: str = ""  # the labels of the steps it leads on from, when the pathway branches or joins


@dataclass(frozen=True, slots=True, kw_only=True)
class PathwayView:
    name: str
    title: str
    text: Prose
    steps: tuple[StepView, ...]
    diagram: str
    branching: bool = False  # some step follows other than the step above it: the table says which


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionView:
    code: str
    title: str
    weight: str
    answer: str
    scoring: str
    text: Prose
    evidence: tuple[EvidenceView, ...]
    example: WorkedExample | None = None
    outcome: str = ""
    """PPN 06/20's model question: the outcome it asks about, and the award criteria it is judged against."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionView:
    kind: str
    weight: str
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass(slots=True, kw_only=True)
class Collector:
    """Gathers what prose-making neutralised, as diagnostics pointing at the spec."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def prose(self, text: str | None, span: Span | None, heading_level: int = 3) -> str:
        found = prose.Findings()
        out = prose.prose(text, heading_level=heading_level, findings=found)
        for url in dict.fromkeys(found.images):
            self.diagnostics.append(make("site/image-not-embedded", span, url=visible(url)))
        for url, reason in dict.fromkeys(found.links):
            if url in found.images:
                continue
            self.diagnostics.append(make("site/link-not-published", span, url=visible(url), reason=reason))
        for reason in found.refused:
            self.diagnostics.append(make("site/prose-shown-as-text", span, reason=visible(reason)))
        return out

    def text(self, owner: Any, span: Span | None, heading_level: int = 3) -> Prose:
        return Prose(
            summary=self.prose(owner.summary, span, heading_level),
            guidance=self.prose(owner.guidance, span, heading_level),
            why=self.prose(owner.why, span, heading_level),
            note=self.prose(owner.note, span, heading_level),
        )


def anchor(code: str) -> str:
    """The stable anchor of a measure on its outcome page: LBL1 -> lbl1."""
    return re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-") or "measure"


def theme_path(name: str) -> str:
    """A theme's page is the index of its folder, so the navigation shows the theme once: its
    section's own link (Material's `navigation.indexes`), not a section and a page of one title."""
    return f"themes/{name}/index.md"


def outcome_path(name: str) -> str:
    return f"outcomes/{name}.md"


def measure_link(framework: m.Framework, code: str) -> Link:
    measure = framework.measure_index.get(code)
    if measure is None:
        return Link(text=prose.inline(code), path="")
    return Link(text=f"{prose.inline(code)}: {prose.inline(measure.title)}",
                path=f"{outcome_path(measure.outcome)}#{anchor(code)}")


def group_link(framework: m.Framework, name: str) -> Link:
    if name in framework.outcome_index:
        return Link(text=prose.inline(framework.outcome(name).title), path=outcome_path(name))
    if name in framework.theme_index:
        return Link(text=prose.inline(framework.theme(name).title), path=theme_path(name))
    if name in framework.measure_index:
        return measure_link(framework, name)
    return Link(text=prose.inline(name), path="")


def unit_words(framework: m.Framework, unit: str | None) -> str:
    if unit is None:
        return ""
    for declared in framework.units:
        if declared.name == unit:
            return prose.inline(declared.description)
    return prose.inline(figures.unit_description(unit))


def evidence_views(items: Iterable[m.EvidenceRequirement]) -> tuple[EvidenceView, ...]:
    return tuple(EvidenceView(what=prose.inline(e.what), when=words.WHEN_WORDS[e.when],
                              verified_by=prose.inline(e.verified_by)) for e in items)


def valuation_lines(measure: m.Measure) -> tuple[str, ...]:
    v = measure.valuation
    if v is None or v.proxy is None:
        return ()
    p = v.proxy
    per = f" per {prose.inline(p.unit)}" + (" per year" if p.per_year else "")
    source = f" (source: {prose.inline(p.source)})" if p.source else ""
    lines = [f"Proxy value: {words.money(p.amount)}{per}{source}."]
    adjustments = [(name, value) for name, value in (
        ("deadweight", v.deadweight), ("displacement", v.displacement), ("attribution", v.attribution),
        ("leakage", v.leakage), ("drop-off per year", v.drop_off)) if value]
    if adjustments:
        lines.append("Adjustments (they multiply, never add): "
                     + ", ".join(f"{name} {words.percent(value)}" for name, value in adjustments) + ".")
    if v.duration_years != 1:
        lines.append(f"Counted over {words.number(v.duration_years)} years.")
    if v.discount_rate:
        convention = ("year 1 discounted too, as the SROI guide does" if v.discount_first_year
                      else "the first year undiscounted")
        lines.append(f"Discounted at {words.percent(v.discount_rate)} a year ({convention}).")
    if v.investment is not None:
        lines.append(f"Set against an investment of {words.money(v.investment)}: the SROI ratio is the present "
                     "value divided by it.")
    return tuple(lines)


def flags(measure: m.Measure) -> tuple[str, ...]:
    out = []
    if measure.record_only:
        out.append("Record only: reported for monitoring, never scored.")
    if measure.apportioned:
        out.append("Apportioned: part-time or shared commitments count in proportion (0.5 FTE).")
    if measure.local_only:
        from svspec.bids.rules import local_area

        out.append(f"Local only: count {prose.inline(local_area(measure) or '')}.")
    return tuple(out)


def tag_titles(framework: m.Framework, measure: m.Measure) -> tuple[str, ...]:
    """A measure's tags by their titles ("Equality", "SDG 8"), as the framework declares them."""
    titles = {t.name: t.title for family in framework.tag_families for t in family.tags}
    return tuple(prose.inline(titles[name]) for name in measure.tags if name in titles)


def rule_words(rule: m.ScoringRule | None, owner: m.Measure | m.Question,
               scales: Mapping[str, m.Scale] | None = None) -> str:
    """A scoring rule in words, as the scoring engine describes it (one wording everywhere)."""
    from svspec.scoring import describe_rule

    if rule is None:
        return ""
    return prose.inline(describe_rule(rule, owner, dict(scales or {})))


def measure_view(framework: m.Framework, measure: m.Measure, collector: Collector, *,
                 selection: m.Selection | None = None, example: WorkedExample | None = None,
                 scales: Mapping[str, m.Scale] | None = None) -> MeasureView:
    rule = selection.scoring if selection is not None else measure.default_scoring
    path = outcome_path(measure.outcome)
    return MeasureView(
        code=prose.inline(measure.code),
        anchor=anchor(measure.code),
        title=prose.inline(measure.title),
        path=path,
        link=measure_link(framework, measure.code),
        text=collector.text(measure, measure.span, heading_level=5),
        unit=prose.inline(measure.unit),
        unit_words=unit_words(framework, measure.unit),
        answer=prose.inline(words.answer(measure.answer, measure.unit)),
        flags=flags(measure) + ((prose.inline(measure.origin.words()),) if measure.origin else ()),
        evidence=evidence_views(measure.evidence),
        attestations=tuple(prose.inline(a) for a in measure.attestations),
        reports=tuple(EvidenceView(what=prose.inline(r.what), when=words.WHEN_WORDS[r.when], verified_by="")
                      for r in measure.reports),
        valuation=valuation_lines(measure),
        scoring=rule_words(rule, measure, scales) if not measure.record_only else "",
        weight=words.percent(selection.weight) if selection is not None else "",
        example=example,
        contributes_to=tuple(group_link(framework, name) for name in measure.contributes_to),
        no_double_counting_with=tuple(measure_link(framework, c) for c in measure.no_double_counting_with),
        additional_to=tuple(measure_link(framework, c) for c in measure.additional_to),
        part_of=tuple(measure_link(framework, c) for c in measure.part_of),
        record_only=measure.record_only,
        question=prose.inline(measure.question or ""),
        sub_criteria=tuple(prose.inline(c) for c in measure.sub_criteria),
        tags=tag_titles(framework, measure),
    )


def scale_view(scale: m.Scale) -> ScaleView:
    def level(value: Decimal) -> str:
        # Percent scales keep their levels as written (100 for 100%), unlike weights.
        return figures.on_scale(value, scale.percent)

    return ScaleView(
        name=prose.inline(scale.name),
        title=prose.inline(scale.title or scale.name),
        levels=tuple((level(lv.value), prose.inline(lv.label), prose.inline(lv.descriptor))
                     for lv in scale.levels),
    )


def _diagram_text(text: str) -> str:
    # Mermaid reads entity codes (#quot;) inside quoted labels; nothing here can close the
    # label, the node or the Markdown fence it sits in.
    out = []
    for char in " ".join(text.split()):
        if char.isalnum() or char in " ,.'’:£-–?!":
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def pathway_view(framework: m.Framework, pathway: m.Pathway, collector: Collector) -> PathwayView:
    steps = []
    for step in pathway.steps:
        if step.ref is not None:
            link = group_link(framework, step.ref)
            if step.ref in framework.measure_index:
                raw = f"{step.ref}: {framework.measure(step.ref).title}"
            elif step.ref in framework.outcome_index:
                raw = framework.outcome(step.ref).title
            elif step.ref in framework.theme_index:
                raw = framework.theme(step.ref).title
            else:
                raw = step.ref
        else:
            link, raw = None, step.text or ""
        steps.append(StepView(
            kind=step.kind, label=prose.inline(raw), diagram_label=_diagram_text(raw),
            link=link if link is not None and link.path else None,
            assumption=prose.inline(step.assumption), confidence=words.percent(step.confidence)))
    branching = any(step.follows != ((i - 1,) if i else ()) for i, step in enumerate(pathway.steps))
    if branching:
        steps = [dataclasses.replace(view, follows="; ".join(steps[j].label for j in step.follows) or "—")
                 for view, step in zip(steps, pathway.steps, strict=True)]
    # Long pathways read better top-down: left-to-right would shrink them to fit the page.
    lines = ["flowchart LR" if len(steps) <= 3 else "flowchart TD"]
    for i, s in enumerate(steps):
        lines.append(f'  s{i}["{s.kind.capitalize()}: {s.diagram_label}"]')
    for i, step in enumerate(pathway.steps):
        label = f'|"{_diagram_text(steps[i].confidence + " confidence")}"|' if steps[i].confidence else ""
        lines += [f"  s{j} -->{label} s{i}" for j in step.follows]
    return PathwayView(name=pathway.name, title=prose.inline(pathway.title),
                       text=collector.text(pathway, pathway.span, heading_level=3), steps=tuple(steps),
                       diagram="\n".join(lines), branching=branching)
