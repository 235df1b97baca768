"""What changed between two versions of one spec, compared model to model (never the text).

Every change gets one class, the worst that applies:

- **breaking**: a bid valid under the old version is invalid under the new one (a removed
  measure, tighter bounds, a new required answer, a shorter word limit);
- **scoring**: the same bids may score or rank differently (weights, rules, proxy values,
  adjustments, policy), or bids refused before are now accepted;
- **wording**: titles, guidance and prose only.

`svspec diff` and the guidance site's changelog page both read `compare`, so the two never
disagree. Reasons are plain text; each output escapes them for its own format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from svspec import model as m
from svspec import words
from svspec.scoring.words import describe_rule

Kind = Literal["breaking", "scoring", "wording"]
KINDS: tuple[Kind, ...] = ("breaking", "scoring", "wording")
Action = Literal["added", "removed", "changed"]
PROSE_FIELDS = ("why", "guidance", "summary", "note")


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change: its class, what it touches ("measure LBL1") and the reason in words."""

    kind: Kind
    action: Action
    subject: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Every change from `old` (a label like "framework lambeth 2026.1") to `new`, in spec order."""

    old: str
    new: str
    changes: tuple[Change, ...]

    def of(self, kind: Kind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def has(self, kind: Kind) -> bool:
        return any(c.kind == kind for c in self.changes)

    def fails_on(self, kind: Kind) -> bool:
        """`--fail-on scoring` fails on scoring changes and on the worse breaking ones."""
        return any(KINDS.index(c.kind) <= KINDS.index(kind) for c in self.changes)


class NotComparable(ValueError):
    """The two specs are not two versions of one spec (another kind or another name)."""


def label(spec: m.Model) -> str:
    """"framework lambeth 2026.1", "tender waste-2027 version 1", "value set x 2026.1"."""
    if isinstance(spec, m.ValueSet):
        return f"value set {spec.name} {spec.edition}"
    if isinstance(spec, m.Framework):
        return f"framework {spec.name} {spec.version}"
    return f"tender {spec.name}" + (f" version {spec.version}" if spec.version else "")


def describe(spec: m.Model) -> str:
    kind = "value set" if isinstance(spec, m.ValueSet) else type(spec).__name__.lower()
    return f"{kind} '{spec.name}'"


def compare(old: m.Model, new: m.Model) -> Comparison:
    """Classify every change from `old` to `new`. Raises `NotComparable` for two different specs."""
    if type(old) is not type(new) or old.name != new.name:
        raise NotComparable(f"{describe(old)} and {describe(new)} are not two versions of one spec")
    if isinstance(old, m.Framework) and isinstance(new, m.Framework):
        changes = framework_changes(old, new)
    elif isinstance(old, m.Tender) and isinstance(new, m.Tender):
        changes = tender_changes(old, new)
    else:
        assert isinstance(old, m.ValueSet) and isinstance(new, m.ValueSet)
        changes = value_set_changes(old, new)
    ordered = sorted(changes, key=lambda c: KINDS.index(c.kind))  # stable: spec order within a class
    return Comparison(old=label(old), new=label(new), changes=tuple(ordered))


# ------------------------------------------------------------------------------- small helpers

def _plain(value: object) -> object:
    """A model value with its spans left out: where a thing was written is not what it says."""
    if hasattr(value, "__dataclass_fields__"):
        return tuple((f.name, _plain(getattr(value, f.name))) for f in fields(value)  # type: ignore[arg-type]
                     if f.name != "span" and f.compare)
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _of(subject: str) -> str:
    """The possessive: "measure LBL1's", "outcome jobs'"."""
    return subject + ("'" if subject.endswith("s") else "'s")


def _q(text: str | None) -> str:
    return f"“{' '.join(text.split())}”" if text else "none"


def _prose(subject: str, old: object, new: object) -> list[Change]:
    """Titles and prose fields: wording only."""
    out = []
    for name in ("title", *PROSE_FIELDS):
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a != b:
            what = "title" if name == "title" else f"{name} text"
            if name == "title":
                reason = f"{_of(subject)} title changed from {_q(a)} to {_q(b)}"
            elif a is None:
                reason = f"{subject} gained a {what}"
            elif b is None:
                reason = f"{subject} lost its {what}"
            else:
                reason = f"{_of(subject)} {what} was reworded"
            out.append(Change(kind="wording", action="changed", subject=subject, reason=reason))
    return out


def _percent(x: Decimal | Fraction | None) -> str:
    return "none" if x is None else words.percent(x)


def _weights(noun: str, old: Mapping[str, Decimal | Fraction | None], new: Mapping[str, Decimal | Fraction | None]
             ) -> list[Change]:
    out = []
    for name in old:
        if name in new and old[name] != new[name]:
            out.append(Change(kind="scoring", action="changed", subject=f"{noun} {name}",
                              reason=f"{_of(f'{noun} {name}')} weight changed from {_percent(old[name])} to "
                                     f"{_percent(new[name])}: every bid's score moves with it"))
    return out


def _rule_key(rule: m.ScoringRule | None) -> object:
    # Spans say where a rule was written, not what it does.
    return _plain(rule)


def _rule_text(rule: m.ScoringRule | None, owner: m.Measure | m.Question, scales: Mapping[str, m.Scale]) -> str:
    return describe_rule(rule, owner, dict(scales)) if rule is not None else "not scored"


# ------------------------------------------------------------------------------------ answers

def _unit(kind: str, unit: str | None) -> str | None:
    return "money" if kind == "money" else unit


def answer_changes(subject: str, old: m.Answer, new: m.Answer, old_unit: str | None,
                   new_unit: str | None) -> list[Change]:
    """What a supplier may answer: tighter is breaking, looser lets refused bids be scored."""
    def change(kind: Kind, reason: str) -> Change:
        return Change(kind=kind, action="changed", subject=subject, reason=f"{_of(subject)} {reason}")

    if old.kind != new.kind:
        return [change("breaking", f"answer changed from {old.kind} to {new.kind}: a bid answering as before "
                                   "is no longer valid")]
    out: list[Change] = []
    if old_unit != new_unit:
        out.append(change("breaking", f"unit changed from {old_unit or 'none'} to {new_unit or 'none'}: "
                                      "an answer given in the old unit no longer means the same"))
    unit = _unit(new.kind, new_unit)
    for bound, a, b in (("at least", old.minimum, new.minimum), ("at most", old.maximum, new.maximum)):
        if a == b:
            continue
        was = "no bound" if a is None else f"{bound} {words.quantity(a, unit)}"
        now = "no bound" if b is None else f"{bound} {words.quantity(b, unit)}"
        what = "lower" if bound == "at least" else "upper"
        moved = "went" if a is None or b is None else ("rose" if b > a else "fell")
        tighter = b is not None and (a is None or (b > a if bound == "at least" else b < a))
        if tighter:
            example = (f"a bid answering {words.quantity(a, unit)} is no longer valid" if a is not None
                       else "answers beyond it are no longer valid")
            out.append(change("breaking", f"{what} answer bound {moved} from {was} to {now}: {example}"))
        else:
            out.append(change("scoring", f"{what} answer bound {moved} from {was} to {now}: answers refused "
                                         "before are now accepted and scored"))
    gone = [c for c in old.choices if c not in new.choices]
    came = [c for c in new.choices if c not in old.choices]
    if gone:
        out.append(change("breaking", f"choice {', '.join(_q(c) for c in gone)} was removed: a bid choosing it "
                                      "is no longer valid"))
    if came:
        out.append(change("scoring", f"choice {', '.join(_q(c) for c in came)} was added"))
    if (old.limit, old.limit_unit) != (new.limit, new.limit_unit):
        was = "no limit" if old.limit is None else f"up to {words.number(old.limit)} {old.limit_unit}"
        now = "no limit" if new.limit is None else f"up to {words.number(new.limit)} {new.limit_unit}"
        shorter = new.limit is not None and (old.limit is None or new.limit < old.limit
                                             or old.limit_unit != new.limit_unit)
        if shorter:
            out.append(change("breaking", f"answer limit went from {was} to {now}: a longer answer is no longer "
                                          "valid"))
        else:
            out.append(change("scoring", f"answer limit went from {was} to {now}: longer answers are now accepted"))
    return out


def _evidence_changes(subject: str, old: Sequence[m.EvidenceRequirement],
                      new: Sequence[m.EvidenceRequirement]) -> list[Change]:
    """New evidence to send with the bid is a new required answer; the rest is delivery wording."""
    out: list[Change] = []
    for e in new:
        if e not in old:
            kind: Kind = "breaking" if e.when == "with the bid" else "wording"
            then = ": a bid without it is no longer complete" if kind == "breaking" else ""
            out.append(Change(kind=kind, action="added", subject=subject,
                              reason=f"{subject} now asks for evidence {_q(e.what)} {e.when}{then}"))
    for e in old:
        if e not in new:
            out.append(Change(kind="wording", action="removed", subject=subject,
                              reason=f"{subject} no longer asks for evidence {_q(e.what)} {e.when}"))
    return out


# ----------------------------------------------------------------------------------- measures

def _valuation_words(v: m.Valuation | None, unit: str | None) -> list[str]:
    if v is None:
        return ["no valuation"]
    parts = []
    if v.proxy is not None:
        per = " per year" if v.proxy.per_year else ""
        parts.append(f"proxy {words.money(v.proxy.amount)} per {v.proxy.unit or unit or 'unit'}{per}")
    for name in ("deadweight", "displacement", "attribution", "drop_off", "discount_rate"):
        value = getattr(v, name)
        if value:
            parts.append(f"{name.replace('_', '-')} {words.percent(value)}")
    if v.duration_years != 1:
        parts.append(f"lasting {words.number(v.duration_years)} years")
    return parts


def measure_changes(old: m.Measure, new: m.Measure, old_scales: Mapping[str, m.Scale],
                    new_scales: Mapping[str, m.Scale], *, default_rule: bool = True) -> list[Change]:
    """One measure in both versions (`default_rule`: compare the framework's own scoring rule too)."""
    subject = f"measure {new.code}"
    out = answer_changes(subject, old.answer, new.answer, old.unit, new.unit)
    if default_rule and _rule_key(old.default_scoring) != _rule_key(new.default_scoring):
        out.append(Change(kind="scoring", action="changed", subject=subject,
                          reason=f"{_of(subject)} scoring changed from "
                                 f"“{_rule_text(old.default_scoring, old, old_scales)}” "
                                 f"to “{_rule_text(new.default_scoring, new, new_scales)}”"))
    before, after = _valuation_words(old.valuation, old.unit), _valuation_words(new.valuation, new.unit)
    if old.valuation != new.valuation and before == after:
        out.append(Change(kind="wording", action="changed", subject=subject,
                          reason=f"{_of(subject)} proxy value is the same, quoted from another source or edition"))
    elif old.valuation != new.valuation:
        gone = [p for p in before if p not in after] or ["nothing"]
        came = [p for p in after if p not in before] or ["nothing"]
        out.append(Change(kind="scoring", action="changed", subject=subject,
                          reason=f"{_of(subject)} valuation changed ({', '.join(gone)} → {', '.join(came)}): "
                                 "its social value in pounds changes"))
    if old.record_only != new.record_only:
        flipped = "is now record only and no longer scored" if new.record_only else "is no longer record only"
        out.append(Change(kind="scoring", action="changed", subject=subject, reason=f"{subject} {flipped}"))
    for flag, words_on, words_off in (("apportioned", "is now apportioned to the contract",
                                       "is no longer apportioned"),
                                      ("local_only", "now counts local people only",
                                       "no longer counts local people only")):
        if getattr(old, flag) != getattr(new, flag):
            out.append(Change(kind="scoring", action="changed", subject=subject,
                              reason=f"{subject} {words_on if getattr(new, flag) else words_off}"))
    if (old.theme, old.outcome) != (new.theme, new.outcome):
        out.append(Change(kind="scoring", action="changed", subject=subject,
                          reason=f"{subject} moved from outcome {old.outcome} to outcome {new.outcome}: "
                                 "it now carries that outcome's weight"))
    for name, noun in (("contributes_to", "contributes to"), ("no_double_counting_with", "is not double counted with"),
                       ("additional_to", "is additional to"), ("part_of", "is part of")):
        if getattr(old, name) != getattr(new, name):
            out.append(Change(kind="scoring", action="changed", subject=subject,
                              reason=f"{subject} {noun} {', '.join(getattr(new, name)) or 'nothing'} "
                                     f"(was {', '.join(getattr(old, name)) or 'nothing'})"))
    out += _evidence_changes(subject, old.evidence, new.evidence)
    for text in new.attestations:
        if text not in old.attestations:
            out.append(Change(kind="breaking", action="added", subject=subject,
                              reason=f"{subject} now asks suppliers to attest {_q(text)}: a bid without it "
                                     "is no longer complete"))
    for text in old.attestations:
        if text not in new.attestations:
            out.append(Change(kind="wording", action="removed", subject=subject,
                              reason=f"{subject} no longer asks suppliers to attest {_q(text)}"))
    if old.reports != new.reports:
        out.append(Change(kind="wording", action="changed", subject=subject,
                          reason=f"{_of(subject)} reporting during the contract changed"))
    out += _asking_changes(subject, old, new)
    return out + _prose(subject, old, new)


def _asking_changes(subject: str, old: m.Measure, new: m.Measure) -> list[Change]:
    """Issue 9 items 2, 12, 13: the question as published, sub-criteria, local area and tags. A local area
    changes what counts (scoring); the others change what bidders read (wording)."""
    out = []
    if (old.local_area, old.local_boundary) != (new.local_area, new.local_boundary):
        area = ", ".join(new.local_area) or new.local_boundary or "no named area"
        out.append(Change(kind="scoring", action="changed", subject=subject,
                          reason=f"{_of(subject)} local area is now {area}: results elsewhere no longer count"))
    for name, noun in (("question", "question"), ("sub_criteria", "sub-criteria"), ("tags", "tags")):
        if getattr(old, name) != getattr(new, name):
            out.append(Change(kind="wording", action="changed", subject=subject,
                              reason=f"{_of(subject)} {noun} changed"))
    return out


def _levels(scale: m.Scale) -> str:
    return ", ".join(words.on_scale(level.value, scale.percent) for level in scale.levels)


def _scale_changes(old: Sequence[m.Scale], new: Sequence[m.Scale]) -> list[Change]:
    a, b = {s.name: s for s in old}, {s.name: s for s in new}
    out = []
    for name in a:
        subject = f"scale {name}"
        if name not in b:
            out.append(Change(kind="breaking", action="removed", subject=subject,
                              reason=f"{subject} was removed: marks given on it can no longer be read"))
            continue
        x, y = a[name], b[name]
        if [(lv.value, lv.label) for lv in x.levels] != [(lv.value, lv.label) for lv in y.levels] \
                or x.percent != y.percent:
            out.append(Change(kind="scoring", action="changed", subject=subject,
                              reason=f"{_of(subject)} levels changed from {_levels(x)} to {_levels(y)}: the same mark "
                                     "may be worth a different share of the points"))
        if x.title != y.title or [lv.descriptor for lv in x.levels] != [lv.descriptor for lv in y.levels]:
            out.append(Change(kind="wording", action="changed", subject=subject,
                              reason=f"{_of(subject)} title or level descriptions were reworded"))
    for name in b:
        if name not in a:
            out.append(Change(kind="wording", action="added", subject=f"scale {name}",
                              reason=f"scale {name} was added"))
    return out


def _policy_words(p: m.Policy) -> dict[str, str]:
    out = {}
    if p.min_social_value is not None:
        out["minimum social value weight"] = words.percent(p.min_social_value)
    for sv_share in p.social_value_shares:
        out[f"social value {sv_share.bound}" + (" within quality" if sv_share.within_quality else "")] = \
            words.percent(sv_share.share)
    if p.max_outcomes is not None:
        out["outcomes per contract at most"] = str(p.max_outcomes)
    if p.max_measures is not None:
        out["most measures"] = words.number(p.max_measures)
    if p.min_measures is not None:
        out["fewest measures"] = words.number(p.min_measures)
    if p.min_measure_weight is not None:
        out["smallest measure weight"] = words.percent(p.min_measure_weight)
    if p.applies_from is not None:
        out["applies from"] = words.money(p.applies_from)
    for group, n in p.min_measures_from:
        out[f"fewest measures from {group}"] = words.number(n)
    for share in p.group_shares:
        out[f"share of {share.base} for {share.group}"] = f"at least {words.percent(share.minimum)}" + "".join(
            f", rising to {words.percent(r.figure)} from {r.on}" for r in share.rises)
    # Targets (issue 9 items 1, 9, 10): the delivery minimum, rising figures, advice.
    if p.min_commitments is not None:
        below = p.below_commitments
        out["delivery minimum"] = f"{words.percent(p.min_commitments)} of contract value, below it {below}"
    for name, rises in (("minimum social value weight", p.min_social_value_rises),
                        ("delivery minimum", p.min_commitments_rises),
                        ("smallest measure weight", p.min_measure_weight_rises)):
        if rises:
            out[f"{name} rising"] = ", ".join(f"{words.percent(r.figure)} from {r.on}" for r in rises)
    if p.recommended_below:
        out["recommended below the threshold"] = "yes"
    if p.recommended is not None:
        out.update({f"recommended {rule}": value for rule, value in _policy_words(p.recommended).items()})
    return out


def _policy_changes(owner: str, old: m.Policy, new: m.Policy) -> list[Change]:
    a, b = _policy_words(old), _policy_words(new)
    out = []
    for rule in list(a) + [r for r in b if r not in a]:
        if a.get(rule) != b.get(rule):
            out.append(Change(kind="scoring", action="changed", subject="policy",
                              reason=f"{_of(owner)} policy rule '{rule}' went from {a.get(rule, 'none')} to "
                                     f"{b.get(rule, 'none')}"))
    return out


def _meta(subject: str, old: object, new: object, names: Sequence[str]) -> list[Change]:
    out = []
    for name in names:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(Change(kind="wording", action="changed", subject=subject,
                              reason=f"{_of(subject)} {name} changed from {_q(a)} to {_q(b)}"))
    return out


# ---------------------------------------------------------------------------------- frameworks

def framework_changes(old: m.Framework, new: m.Framework) -> list[Change]:
    """Themes, outcomes, measures, scales, policy and prose of one framework in two versions."""
    subject = f"framework {new.name}"
    out = _meta(subject, old, new, ("version", "owner", "licence", "source"))
    if old.effective != new.effective:
        later = new.effective is not None and (old.effective is None or new.effective > old.effective)
        out.append(Change(kind="breaking" if later else "scoring", action="changed", subject=subject,
                          reason=f"{_of(subject)} effective date changed from {old.effective or 'none'} to "
                                 f"{new.effective or 'none'}: " + (
                                     f"a bid submitted before {new.effective} is no longer valid" if later
                                     else "bids submitted earlier are now accepted")))
    out += _prose(subject, old, new)
    out += _tree_changes("theme", old.themes, new.themes)
    out += _tree_changes("outcome", old.outcomes, new.outcomes)
    if old.priority != new.priority:
        out.append(Change(kind="scoring", action="changed", subject="priority order",
                          reason=f"the priority order changed from {', '.join(old.priority)} to "
                                 f"{', '.join(new.priority)}"))
    old_scales, new_scales = old.scale_index, new.scale_index
    for measure in old.measures:
        if measure.code not in new.measure_index:
            out.append(Change(kind="breaking", action="removed", subject=f"measure {measure.code}",
                              reason=f"measure {measure.code} ({_q(measure.title)}) was removed: a tender selecting "
                                     "it, and a bid answering it, are no longer valid"))
        else:
            out += measure_changes(measure, new.measure(measure.code), old_scales, new_scales)
    for measure in new.measures:
        if measure.code not in old.measure_index:
            what = "recorded, not scored" if measure.record_only else "tenders can now select and score it"
            out.append(Change(kind="scoring", action="added", subject=f"measure {measure.code}",
                              reason=f"measure {measure.code} ({_q(measure.title)}) was added: {what}"))
    out += _scale_changes(old.scales, new.scales)
    out += _policy_changes(subject, old.policy, new.policy)
    for ref in new.value_sets:
        before = next((r for r in old.value_sets if r.name == ref.name), None)
        if before is None or before.edition != ref.edition:
            was = before.edition if before is not None else "none"
            out.append(Change(kind="scoring", action="changed", subject=f"value set {ref.name}",
                              reason=f"value set {ref.name} edition went from {was} to {ref.edition}: proxy values "
                                     "may differ"))
    out += _unit_changes(old.units, new.units)
    if _plain(old.pathways) != _plain(new.pathways):
        out.append(Change(kind="wording", action="changed", subject="theory of change",
                          reason="the theory-of-change pathways changed"))
    return out


def _unit_changes(old: Sequence[m.Unit], new: Sequence[m.Unit]) -> list[Change]:
    """Units are words for suppliers; a measure changing its unit is reported with the measure."""
    a, b = {u.name: u.description for u in old}, {u.name: u.description for u in new}
    out = [Change(kind="wording", action="removed", subject=f"unit {n}", reason=f"unit {n} was removed")
           for n in a if n not in b]
    out += [Change(kind="wording", action="added", subject=f"unit {n}", reason=f"unit {n} was added")
            for n in b if n not in a]
    out += [Change(kind="wording", action="changed", subject=f"unit {n}",
                   reason=f"{_of(f'unit {n}')} description changed from {_q(a[n])} to {_q(b[n])}")
            for n in a if n in b and a[n] != b[n]]
    return out


def _tree_changes(noun: str, old: Sequence[m.Theme] | Sequence[m.Outcome],
                  new: Sequence[m.Theme] | Sequence[m.Outcome]) -> list[Change]:
    a: dict[str, m.Theme | m.Outcome] = {x.name: x for x in old}
    b: dict[str, m.Theme | m.Outcome] = {x.name: x for x in new}
    out = []
    for name, x in a.items():
        if name not in b:
            out.append(Change(kind="scoring", action="removed", subject=f"{noun} {name}",
                              reason=f"{noun} {name} ({_q(x.title)}) was removed"))
    for name, y in b.items():
        if name not in a:
            out.append(Change(kind="scoring", action="added", subject=f"{noun} {name}",
                              reason=f"{noun} {name} ({_q(y.title)}) was added"
                                     + (f" with weight {_percent(y.weight)}" if y.weight is not None else "")))
    out += _weights(noun, {n: x.weight for n, x in a.items()}, {n: y.weight for n, y in b.items()})
    for name, x in a.items():
        if name in b:
            out += _prose(f"{noun} {name}", x, b[name])
    return out


# ------------------------------------------------------------------------------------ tenders

def tender_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    """Criteria, questions, selected measures (with their framework definitions), contract and prose."""
    subject = f"tender {new.name}"
    out = _meta(subject, old, new, ("version",))
    if old.closes != new.closes:
        out.append(Change(kind="wording", action="changed", subject=subject,
                          reason=f"{_of(subject)} closing date changed from {old.closes or 'none'} to "
                                 f"{new.closes or 'none'}: reports note bids received after it"))
    out += _prose(subject, old, new)
    if (old.framework.name, old.framework.version) != (new.framework.name, new.framework.version):
        out.append(Change(kind="wording", action="changed", subject="framework",
                          reason=f"the tender now uses framework {new.framework.name} {new.framework.version} "
                                 f"(was {old.framework.name} {old.framework.version}); changes to its selected "
                                 "measures are listed here"))
    out += _criteria_changes(old, new)
    out += _question_changes(old, new)
    out += _selection_changes(old, new)
    if (old.contract_value, old.contract_years) != (new.contract_value, new.contract_years):
        out.append(Change(kind="scoring", action="changed", subject="contract",
                          reason=f"the contract went from {words.money(old.contract_value)} over "
                                 f"{words.number(old.contract_years)} years to {words.money(new.contract_value)} "
                                 f"over {words.number(new.contract_years)} years: value per £ changes"))
    for name, noun in (("moderation", "moderation"), ("compare_among", "comparison")):
        if getattr(old, name) != getattr(new, name):
            out.append(Change(kind="scoring", action="changed", subject=noun,
                              reason=f"{noun} changed from {getattr(old, name)} to {getattr(new, name)}"))
    if old.tie_break != new.tie_break:
        out.append(Change(kind="scoring", action="changed", subject="tie break",
                          reason=f"the tie break changed from {', '.join(old.tie_break)} to "
                                 f"{', '.join(new.tie_break)}"))
    out += _method_changes(old, new)
    out += _policy_changes(subject, old.policy, new.policy)
    out += _scale_changes(old.scales, new.scales)
    used = _scales_used(old) | _scales_used(new)
    own = {s.name for s in (*old.scales, *new.scales)}
    out += _scale_changes([s for s in old.framework.scales if s.name in used - own],
                          [s for s in new.framework.scales if s.name in used - own])
    return out


def _scales_used(tender: m.Tender) -> set[str]:
    """The scales the tender's evaluators mark on (a framework's other scales do not score it)."""
    rules = [q.scoring for q in tender.questions] + [s.scoring for s in tender.selections]
    return {name for r in rules for name in (r.scale, r.credibility_scale) if name is not None}


def _criteria_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    a, b = {c.kind: c for c in old.criteria}, {c.kind: c for c in new.criteria}
    out = []
    for kind in a:
        if kind not in b:
            out.append(Change(kind="scoring", action="removed", subject=f"criterion {kind}",
                              reason=f"criterion {kind} was removed"))
    for kind in b:
        if kind not in a:
            out.append(Change(kind="breaking" if kind == "price" else "scoring", action="added",
                              subject=f"criterion {kind}", reason=f"criterion {kind} was added"
                              + (": every bid must now give a price" if kind == "price" else "")))
    out += _weights("criterion", {k: c.weight for k, c in a.items()}, {k: c.weight for k, c in b.items()})
    for kind in a:
        if kind in b:
            x, y = a[kind], b[kind]
            if (x.price_formula, x.price_low, x.price_high, x.price_clamped) != (
                    y.price_formula, y.price_low, y.price_high, y.price_clamped):
                out.append(Change(kind="scoring", action="changed", subject=f"criterion {kind}",
                                  reason=f"{_of(f'criterion {kind}')} price formula changed from {_price(x)} "
                                         f"to {_price(y)}"))
            if x.pass_mark != y.pass_mark:
                out.append(Change(kind="scoring", action="changed", subject=f"criterion {kind}",
                                  reason=f"{_of(f'criterion {kind}')} pass mark changed from "
                                         f"{_percent(x.pass_mark)} to "
                                         f"{_percent(y.pass_mark)}"))
            if x.mark_rules != y.mark_rules:
                out.append(Change(kind="scoring", action="changed", subject=f"criterion {kind}",
                                  reason=f"{_of(f'criterion {kind}')} rules on single marks changed from "
                                         f"{_mark_rules(x)} to {_mark_rules(y)}"))
    return out


def _mark_rules(c: m.Criterion) -> str:
    """`any mark below 2 excludes the bid; ...` as the tender writes them, or 'none'."""
    said = [f"any mark {r.test} {words.number(r.mark)} "
            + ("excludes the bid" if r.effect == "excludes" else "scores nothing for the criterion")
            for r in c.mark_rules]
    return "; ".join(said) or "none"


def _price(c: m.Criterion) -> str:
    if c.price_formula == "fixed-range":
        clamping = "" if c.price_clamped else " unclamped"
        return f"linear from {words.money(c.price_low or 0)} to {words.money(c.price_high or 0)}{clamping}"
    if c.price_formula in ("relative-to-mean", "deviation-from-lowest"):
        return {"relative-to-mean": "relative to mean", "deviation-from-lowest": "by deviation from lowest"}[
            c.price_formula]
    return "relative to lowest" if c.price_formula else "none"


def _method_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    """Evaluation methods (issue 12): abnormally low test, rounding before ranking, shortlist, award method."""
    def low(t: m.Tender) -> str:
        if t.abnormally_low is None:
            return "none"
        tests = " or ".join(f"at least {_percent(share)} below the {against}"
                            for against, share in t.abnormally_low.tests)
        return f"{tests}, {t.abnormally_low.action}"

    def places(t: m.Tender) -> str:
        return "exact" if t.rank_places is None else f"rounded to {t.rank_places} places"

    def components(t: m.Tender) -> str:
        return " + ".join(("" if c.times == 1 else f"{c.times} × ") + c.code for c in t.price_components) or "one price"

    def per_question(t: m.Tender) -> str:
        return "exact" if t.item_places is None else f"rounded to {t.item_places} places before weighting"

    def shortlist(t: m.Tender) -> str:
        return "none" if t.shortlist is None else f"the top {t.shortlist.top} on quality, ties {t.shortlist.ties}"

    out = []
    for noun, show in (("abnormally low test", low), ("ranking", places), ("points per question", per_question),
                       ("shortlist", shortlist), ("price components", components),
                       ("award method", lambda t: t.award)):
        if show(old) != show(new):
            out.append(Change(kind="scoring", action="changed", subject=noun,
                              reason=f"the {noun} changed from {show(old)} to {show(new)}"))
    return out


def _scales(tender: m.Tender) -> dict[str, m.Scale]:
    """Every scale a tender's rules can name: the framework's and its own."""
    return {s.name: tender.scale(s.name) for s in (*tender.framework.scales, *tender.scales)}


def _removed_or_added(noun: str, old: Mapping[str, str], new: Mapping[str, str], *, removed: str,
                      added: str) -> list[Change]:
    """Items (code -> title) of one version missing from the other: both break a bid written for the old one."""
    out = [Change(kind="breaking", action="removed", subject=f"{noun} {code}",
                  reason=f"{noun} {code} ({_q(title)}) {removed}") for code, title in old.items() if code not in new]
    out += [Change(kind="breaking", action="added", subject=f"{noun} {code}",
                   reason=f"{noun} {code} ({_q(title)}) {added}") for code, title in new.items() if code not in old]
    return out


def _question_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    a, b = {q.code: q for q in old.questions}, {q.code: q for q in new.questions}
    old_scales, new_scales = _scales(old), _scales(new)
    out = _removed_or_added(
        "question", {c: q.title for c, q in a.items()}, {c: q.title for c, q in b.items()},
        removed="was removed: a bid answering it is no longer valid",
        added="was added: a bid without its answer is no longer valid")
    out += _weights("question", {c: q.weight for c, q in a.items()}, {c: q.weight for c, q in b.items()})
    for code, x in a.items():
        if code not in b:
            continue
        y, subject = b[code], f"question {code}"
        out += answer_changes(subject, x.answer, y.answer, None, None)
        if _rule_key(x.scoring) != _rule_key(y.scoring):
            out.append(Change(kind="scoring", action="changed", subject=subject,
                              reason=f"{_of(subject)} scoring changed from “{_rule_text(x.scoring, x, old_scales)}” "
                                     f"to “{_rule_text(y.scoring, y, new_scales)}”"))
        out += _evidence_changes(subject, x.evidence, y.evidence)
        out += _prose(subject, x, y)
    return out


def _selection_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    a, b = {s.code: s for s in old.selections}, {s.code: s for s in new.selections}
    old_scales, new_scales = _scales(old), _scales(new)
    out = _removed_or_added(
        "measure", {c: s.measure.title for c, s in a.items()}, {c: s.measure.title for c, s in b.items()},
        removed="is no longer selected: a bid answering it is no longer valid",
        added="is now selected: a bid without its answer is no longer valid")
    out += _weights("measure", {c: s.weight for c, s in a.items()}, {c: s.weight for c, s in b.items()})
    for code, x in a.items():
        if code not in b:
            continue
        y = b[code]
        # The tender's own rule (below) is the one that scores, not the framework's default.
        out += measure_changes(x.measure, y.measure, old_scales, new_scales, default_rule=False)
        if _rule_key(x.scoring) != _rule_key(y.scoring):
            out.append(Change(kind="scoring", action="changed", subject=f"measure {code}",
                              reason=f"{_of(f'measure {code}')} scoring in this tender changed from "
                                     f"“{_rule_text(x.scoring, x.measure, old_scales)}” to "
                                     f"“{_rule_text(y.scoring, y.measure, new_scales)}”"))
    out += _target_changes(old, new)
    c, d = {r.code: r for r in old.recorded}, {r.code: r for r in new.recorded}
    out += _removed_or_added(
        "recorded measure", {k: r.measure.title for k, r in c.items()}, {k: r.measure.title for k, r in d.items()},
        removed="is no longer collected: a bid answering it is no longer valid",
        added="is now collected: a bid without its answer is no longer valid")
    out += [change for code, x in c.items() if code in d
            for change in measure_changes(x.measure, d[code].measure, old_scales, new_scales, default_rule=False)]
    return out


def _target_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    """The total value line (issue 9 item 1): added, removed, reweighted or scored differently."""
    x, y = old.value_target, new.value_target
    if x is None and y is None:
        return []
    if x is None or y is None:
        return [Change(kind="scoring", action="added" if x is None else "removed", subject="total value",
                       reason=f"the total value line was {'added' if x is None else 'removed'}: bids' totals change")]
    if (x.weight, _rule_key(x.scoring)) == (y.weight, _rule_key(y.scoring)):
        return []
    return [Change(kind="scoring", action="changed", subject="total value",
                   reason=f"the total value line went from weight {words.percent(x.weight)} to "
                          f"{words.percent(y.weight)}, or its rule changed")]


# --------------------------------------------------------------------------------- value sets

def value_set_changes(old: m.ValueSet, new: m.ValueSet) -> list[Change]:
    """Proxy values: any change of amount or unit changes social value in pounds."""
    subject = f"value set {new.name}"
    out = _meta(subject, old, new, ("title", "edition", "source", "licence", "summary"))
    a, b = {p.name: p for p in old.proxies}, {p.name: p for p in new.proxies}
    for name, p in a.items():
        if name not in b:
            out.append(Change(kind="breaking", action="removed", subject=f"proxy {name}",
                              reason=f"proxy {name} was removed: a measure valued by it no longer compiles"))
        elif (p.amount, p.unit, p.per_year) != (b[name].amount, b[name].unit, b[name].per_year):
            q = b[name]
            out.append(Change(kind="scoring", action="changed", subject=f"proxy {name}",
                              reason=f"proxy {name} went from {words.money(p.amount)} per {p.unit} to "
                                     f"{words.money(q.amount)} per {q.unit}"))
        elif (p.source, p.edition) != (b[name].source, b[name].edition):
            out.append(Change(kind="wording", action="changed", subject=f"proxy {name}",
                              reason=f"{_of(f'proxy {name}')} source changed"))
    for name, p in b.items():
        if name not in a:
            out.append(Change(kind="scoring", action="added", subject=f"proxy {name}",
                              reason=f"proxy {name} ({words.money(p.amount)} per {p.unit}) was added"))
    return out

