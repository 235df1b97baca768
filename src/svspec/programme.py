"""The programme view (`svspec check --programme`): one framework across many tenders.

Lambeth's approach asks that a common framework be applied consistently: this says, per framework,
which tenders use which edition, which measures no tender selects, and where a tender's social value
weights depart from the framework's theme weights. It also warns about a tender written against a
superseded edition when a newer one is checked with it (`superseded-edition`), naming what changed
from `diff.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from svspec import diff, model
from svspec.diagnostics import Diagnostic, Related, make
from svspec.semantics import symbols as sym
from svspec.semantics.compile import Session
from svspec.semantics.extend import version_key
from svspec.syntax import ast
from svspec.words import exact, percent


@dataclass(frozen=True, slots=True, kw_only=True)
class Use:
    """A tender and the framework edition it uses."""

    tender: str
    file: str
    edition: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Deviation:
    """A tender whose social value weights give a theme another share than the framework's weight."""

    tender: str
    theme: str
    framework_weight: Decimal
    tender_weight: Fraction  # exact: a tender may weight measures in thirds


@dataclass(frozen=True, slots=True, kw_only=True)
class FrameworkView:
    """One framework across the programme."""

    name: str
    editions: tuple[tuple[str, str], ...]  # (version, file), oldest first
    uses: tuple[Use, ...]
    unused: tuple[str, ...]  # measure codes of the newest edition no tender selects
    deviations: tuple[Deviation, ...]


def _frameworks(session: Session) -> dict[str, list[model.Framework]]:
    found: dict[str, dict[str, model.Framework]] = {}
    for compiled in session.done.values():
        if isinstance(compiled.model, model.Framework):
            found.setdefault(compiled.model.name, {})[compiled.model.file] = compiled.model
        if isinstance(compiled.model, model.Tender):
            fw = compiled.model.framework
            found.setdefault(fw.name, {}).setdefault(fw.file, fw)
    return {name: sorted(by_file.values(), key=lambda f: (version_key(f.version), f.file))
            for name, by_file in sorted(found.items())}


def _tenders(session: Session) -> list[model.Tender]:
    tenders = [c.model for c in session.done.values() if isinstance(c.model, model.Tender)]
    return sorted(tenders, key=lambda t: t.file)


def _deviations(tender: model.Tender) -> list[Deviation]:
    framework = tender.framework
    weighted = [t for t in framework.themes if t.weight is not None]
    if not weighted or not tender.selections:
        return []
    shares: dict[str, Fraction] = {}
    for selection in tender.selections:
        shares[selection.measure.theme] = shares.get(selection.measure.theme, Fraction(0)) + Fraction(selection.weight)
    return [Deviation(tender=tender.name, theme=t.name, framework_weight=t.weight or Decimal(0),
                      tender_weight=shares.get(t.name, Fraction(0)))
            for t in weighted if shares.get(t.name, Fraction(0)) != t.weight]


def programme(session: Session) -> tuple[FrameworkView, ...]:
    """Every framework compiled in `session`, with the tenders that use it."""
    tenders = _tenders(session)
    views: list[FrameworkView] = []
    for name, editions in _frameworks(session).items():
        users = [t for t in tenders if t.framework.name == name]
        selected = {s.code for t in users for s in t.selections}
        newest = editions[-1]
        views.append(FrameworkView(
            name=name, editions=tuple((f.version, f.file) for f in editions),
            uses=tuple(Use(tender=t.name, file=t.file, edition=t.framework.version) for t in users),
            unused=tuple(m.code for m in newest.measures if m.code not in selected and not m.record_only),
            deviations=tuple(d for t in users for d in _deviations(t))))
    return tuple(views)


def _changes_words(comparison: diff.Comparison, limit: int = 3) -> str:
    """What changed, worst first: counts per class and the first few reasons (the version line aside)."""
    changes = sorted((c for c in comparison.changes if not c.reason.endswith("version changed")
                      and "'s version changed" not in c.reason), key=lambda c: diff.KINDS.index(c.kind))
    if not changes:
        return "nothing that bidders answer or how they are scored"
    counts = ", ".join(f"{sum(1 for c in changes if c.kind == k)} {k}" for k in diff.KINDS
                       if any(c.kind == k for c in changes))
    listed = "; ".join(c.reason for c in changes[:limit])
    more = f"; and {len(changes) - limit} more" if len(changes) > limit else ""
    return f"{counts} change(s): {listed}{more}"


def superseded_editions(session: Session) -> list[Diagnostic]:
    """Warn about each tender using an older edition of a framework than another checked with it, and
    each framework built on an older edition of its base."""
    editions = _frameworks(session)
    out: list[Diagnostic] = _superseded_bases(session, editions)
    for compiled in session.done.values():
        tender, symbols = compiled.model, compiled.symbols
        if not isinstance(tender, model.Tender) or not isinstance(symbols, sym.Tender) or symbols.uses is None:
            continue
        known = editions.get(tender.framework.name, [])
        newest = known[-1] if known else None
        if newest is None or version_key(newest.version) <= version_key(tender.framework.version):
            continue
        words = _changes_words(diff.compare(tender.framework, newest))
        out.append(make("superseded-edition", symbols.uses.version.span, name=tender.framework.name,
                        found=tender.framework.version, newest=newest.version, changes=words,
                        old_path=tender.framework.file, new_path=newest.file,
                        related=_declared(session, newest)))
    return out


def _superseded_bases(session: Session, editions: dict[str, list[model.Framework]]) -> list[Diagnostic]:
    """A layer built on an edition of its base older than another checked with it (both compiled)."""
    out: list[Diagnostic] = []
    for compiled in session.done.values():
        symbols, decl = compiled.symbols, compiled.unit.declaration
        if not isinstance(symbols, sym.Framework) or symbols.lineage is None or not isinstance(decl, ast.Framework):
            continue
        extends = next((i for i in decl.items if isinstance(i, ast.Extends)), None)
        base_layer = symbols.lineage.layers[-2]
        known = editions.get(base_layer.name, [])
        used = next((f for f in known if f.version == base_layer.version), None)
        if extends is None or used is None or version_key(known[-1].version) <= version_key(used.version):
            continue
        newest = known[-1]
        out.append(make("superseded-edition", extends.version.span, name=newest.name, found=used.version,
                        newest=newest.version, changes=_changes_words(diff.compare(used, newest)),
                        old_path=used.file, new_path=newest.file, related=_declared(session, newest)))
    return out


def _declared(session: Session, framework: model.Framework) -> list[Related]:
    """Where a framework edition is declared, when it was compiled in this session."""
    for compiled in session.done.values():
        if compiled.model is framework and isinstance(compiled.symbols, sym.Framework):
            return [Related(span=compiled.symbols.span, message="the newer edition")]
    return []


def _pct(value: Decimal | Fraction) -> str:
    return percent(value)


def render_text(views: tuple[FrameworkView, ...]) -> str:
    """The programme view in words, one section per framework."""
    lines: list[str] = []
    for view in views:
        lines.append(f"framework {view.name}: editions " + ", ".join(f"{v} ({f})" for v, f in view.editions))
        if not view.uses:
            lines.append("  no tender checked here uses it")
        for use in view.uses:
            lines.append(f"  {use.tender} ({use.file}) uses {view.name} {use.edition}")
        if view.unused:
            lines.append("  measures no tender selects: " + ", ".join(view.unused))
        for d in view.deviations:
            lines.append(f"  {d.tender} gives theme {d.theme} {_pct(d.tender_weight)} of social value; "
                         f"the framework weights it {_pct(d.framework_weight)}")
    return "\n".join(lines) + ("\n" if lines else "")


def to_json(views: tuple[FrameworkView, ...]) -> list[dict[str, Any]]:
    """The programme view as plain JSON values (weights as exact decimal strings)."""
    return [{
        "framework": v.name,
        "editions": [{"version": ver, "file": f} for ver, f in v.editions],
        "tenders": [{"tender": u.tender, "file": u.file, "edition": u.edition} for u in v.uses],
        "unused_measures": list(v.unused),
        "deviations": [{"tender": d.tender, "theme": d.theme, "framework_weight": str(d.framework_weight),
                        "tender_weight": exact(d.tender_weight)} for d in v.deviations],
    } for v in views]
