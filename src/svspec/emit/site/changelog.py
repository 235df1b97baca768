"""What changed between two versions of a framework or a tender, for the changelog page."""

from __future__ import annotations

from dataclasses import dataclass

from svspec import model as m
from svspec.emit.site import prose, words
from svspec.emit.site.views import rule_words


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change: `kind` is added, removed or changed; `what` names the thing; `detail` says how."""

    kind: str
    what: str
    detail: str


def _measure_changes(old: m.Framework, new: m.Framework) -> list[Change]:
    out: list[Change] = []
    old_codes, new_codes = set(old.measure_index), set(new.measure_index)
    for code in sorted(new_codes - old_codes):
        out.append(Change(kind="added", what=f"measure {prose.inline(code)}",
                          detail=prose.inline(new.measure(code).title)))
    for code in sorted(old_codes - new_codes):
        out.append(Change(kind="removed", what=f"measure {prose.inline(code)}",
                          detail=prose.inline(old.measure(code).title)))
    for code in sorted(old_codes & new_codes):
        a, b = old.measure(code), new.measure(code)
        details = []
        if a.title != b.title:
            details.append(f"title was “{prose.inline(a.title)}”")
        if a.unit != b.unit:
            details.append(f"unit {prose.inline(a.unit or 'none')} → {prose.inline(b.unit or 'none')}")
        if a.answer != b.answer:
            details.append(f"answer {prose.inline(words.answer(a.answer, a.unit))} → "
                           f"{prose.inline(words.answer(b.answer, b.unit))}")
        if _rule_key(a.default_scoring) != _rule_key(b.default_scoring):
            details.append(f"scoring “{rule_words(a.default_scoring, a) or 'none'}” → "
                           f"“{rule_words(b.default_scoring, b) or 'none'}”")
        if a.valuation != b.valuation:
            details.append("valuation changed")
        if a.evidence != b.evidence:
            details.append("evidence required changed")
        if a.outcome != b.outcome:
            details.append(f"moved from outcome {prose.inline(a.outcome)} to {prose.inline(b.outcome)}")
        if a.record_only != b.record_only:
            details.append("now record only" if b.record_only else "no longer record only")
        if details:
            out.append(Change(kind="changed", what=f"measure {prose.inline(code)}", detail="; ".join(details)))
    return out


def _rule_key(rule: m.ScoringRule | None) -> object:
    # Spans say where a rule was written, not what it does.
    if rule is None:
        return None
    return tuple(getattr(rule, f) for f in rule.__slots__ if f != "span")


def _weight_changes(kind: str, old: dict[str, object], new: dict[str, object]) -> list[Change]:
    out = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            out.append(Change(kind="added", what=f"{kind} {prose.inline(name)}", detail=""))
        elif name not in new:
            out.append(Change(kind="removed", what=f"{kind} {prose.inline(name)}", detail=""))
        elif old[name] != new[name]:
            out.append(Change(kind="changed", what=f"{kind} {prose.inline(name)}",
                              detail=f"weight {words.percent(old[name])} → {words.percent(new[name])}"))  # type: ignore[arg-type]
    return out


def framework_changes(old: m.Framework, new: m.Framework) -> list[Change]:
    """Added, removed and changed themes, outcomes and measures, and weight changes."""
    out = _weight_changes("theme", {t.name: t.weight for t in old.themes}, {t.name: t.weight for t in new.themes})
    out += _weight_changes("outcome", {o.name: o.weight for o in old.outcomes},
                           {o.name: o.weight for o in new.outcomes})
    out += _measure_changes(old, new)
    if old.priority != new.priority:
        out.append(Change(kind="changed", what="priority order",
                          detail=f"{', '.join(old.priority)} → {', '.join(new.priority)}"))
    if old.policy != new.policy:
        out.append(Change(kind="changed", what="policy", detail="the tender policy changed"))
    return out


def tender_changes(old: m.Tender, new: m.Tender) -> list[Change]:
    """Changes to criteria, selected measures and their weights and rules, and the contract."""
    out = _weight_changes("criterion", {c.kind: c.weight for c in old.criteria},
                          {c.kind: c.weight for c in new.criteria})
    out += _weight_changes("question", {q.code: q.weight for q in old.questions},
                           {q.code: q.weight for q in new.questions})
    out += _weight_changes("measure", {s.code: s.weight for s in old.selections},
                           {s.code: s.weight for s in new.selections})
    old_rules = {s.code: s for s in old.selections}
    for s in new.selections:
        before = old_rules.get(s.code)
        if before is not None and _rule_key(before.scoring) != _rule_key(s.scoring):
            out.append(Change(kind="changed", what=f"measure {prose.inline(s.code)}",
                              detail=f"scoring “{rule_words(before.scoring, before.measure)}” → "
                                     f"“{rule_words(s.scoring, s.measure)}”"))
    if (old.contract_value, old.contract_years) != (new.contract_value, new.contract_years):
        out.append(Change(kind="changed", what="contract",
                          detail=f"{words.money(old.contract_value)} over {words.number(old.contract_years)} years → "
                                 f"{words.money(new.contract_value)} over {words.number(new.contract_years)} years"))
    if old.framework.version != new.framework.version:
        out.append(Change(kind="changed", what="framework version",
                          detail=f"{prose.inline(old.framework.version)} → {prose.inline(new.framework.version)}"))
    return out
