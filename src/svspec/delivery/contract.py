"""The award: a tender and its winning bid become a contract of commitments with a schedule of returns.

A figure committed in a bid is for the whole contract, except a level held throughout (a measure
whose proxy is valued per year, such as FTE employed): a total is shared equally between the
periods it is reported in, a level is committed in every one. Each measure is reported as often as
its `report` line (or, without one, its most frequent `evidence` line) says: every month or quarter
in each quarterly return, every year in the last quarter of each contract year, at contract end in
the last one. Social value is valued with the scoring core's own valuation (proxy, deadweight,
displacement, attribution, drop-off, discounting), applied to what is delivered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from svspec import model
from svspec.bids.model import Bid
from svspec.delivery import periods
from svspec.diagnostics import Diagnostic, Span, make
from svspec.scoring import core, portable

STORED_PLACES = Decimal("0.000001")
"""Figures are stored to six decimal places (the database's DECIMAL(38, 6))."""

_PERIODIC: dict[str, int] = {"every month": 4, "every quarter": 3, "every year": 2, "at contract end": 1}
"""How often each `when` reports, most often first; a quarterly return carries months and quarters."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Due:
    """One period in which a commitment is reported: its figure committed for that period."""

    period: str
    starts: date
    ends: date
    due: date
    committed: Decimal
    value_per_figure: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Commitment:
    """A selected measure as committed in the winning bid."""

    measure: str
    title: str
    unit: str | None
    theme: str
    outcome: str
    priority: int | None
    kpi: bool
    answer: str
    minimum: Decimal | None
    maximum: Decimal | None
    frequency: str | None
    figure: str | None          # "level" or "total"; None for a commitment that is not a figure
    committed: Decimal | None   # the figure in the bid
    per_year: Decimal | None
    value_per_unit: Decimal | None
    contributes_to: tuple[str, ...] = ()
    schedule: tuple[Due, ...] = ()
    text: str | None = None     # what was committed, for a commitment that is not a figure


@dataclass(frozen=True, slots=True, kw_only=True)
class Contract:
    """An awarded contract: who holds it, when it runs, its commitments and how it is rated."""

    name: str
    tender: str
    title: str
    supplier: str
    starts: date
    ends: date
    value: Decimal
    years: Decimal
    returns_due_days: int
    rating: model.Rating
    bid_sha256: str
    tender_sha256: str
    marks_sha256: str | None
    commitments: tuple[Commitment, ...]

    @property
    def kpis(self) -> tuple[Commitment, ...]:
        return tuple(c for c in self.commitments if c.kpi)

    def due_in(self, period: str) -> tuple[tuple[Commitment, Due], ...]:
        """The figures a return for `period` must give."""
        return tuple((c, d) for c in self.commitments for d in c.schedule if d.period == period)

    @property
    def periods(self) -> tuple[periods.Quarter, ...]:
        return tuple(periods.quarters(self.starts, self.ends))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored(value: Fraction | Decimal) -> Decimal:
    """A figure as the database keeps it: six decimal places, halves away from zero."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(STORED_PLACES, rounding=ROUND_HALF_UP)


def frequency(measure: model.Measure) -> str | None:
    """How often a measure is reported: its `report` line, else its most frequent periodic evidence."""
    whens = [r.when for r in measure.reports] or [e.when for e in measure.evidence]
    periodic = [w for w in whens if w in _PERIODIC]
    return max(periodic, key=_PERIODIC.__getitem__) if periodic else None


def award(tender: model.Tender, bid: Bid, *, bid_bytes: bytes, tender_text: str,
          marks_bytes: bytes | None = None) -> tuple[Contract | None, list[Diagnostic]]:
    """The contract awarded to `bid` (already validated against `tender`), or None with why not."""
    if tender.contract_starts is None:
        span = Span(file=tender.file, line=1, column=1, end_line=1, end_column=1) if tender.file else None
        return None, [make("award/no-contract-start", span, name=tender.name)]
    starts = date.fromisoformat(tender.contract_starts)
    months = int((tender.contract_years * 12).to_integral_value(rounding=ROUND_HALF_UP))
    ends = periods.add_months(starts, months) - timedelta(days=1)
    quarters = periods.quarters(starts, ends)
    commitments = tuple(_commitment(tender, s, bid, starts, quarters) for s in tender.selections)
    return Contract(
        name=tender.name, tender=tender.name, title=tender.title, supplier=bid.bidder, starts=starts, ends=ends,
        value=tender.contract_value, years=tender.contract_years, returns_due_days=tender.returns_due_days,
        rating=tender.rating, bid_sha256=sha256_bytes(bid_bytes),
        tender_sha256=sha256_bytes(tender_text.encode("utf-8")),
        marks_sha256=sha256_bytes(marks_bytes) if marks_bytes is not None else None,
        commitments=commitments), []


def _commitment(tender: model.Tender, selection: model.Selection, bid: Bid, starts: date,
                quarters: list[periods.Quarter]) -> Commitment:
    measure = selection.measure
    answer = bid.social_value.get(measure.code)
    if measure.answer.parts:  # a composite answer is delivered, as it is scored, as its amount in pounds
        answer = core.parts_total(tuple((p.name, Fraction(p.rate)) for p in measure.answer.parts), answer)
    numeric = measure.answer.numeric and isinstance(answer, Decimal)
    outcome = tender.framework.outcome(measure.outcome)
    vpu = core.value_per_unit(portable._valuation(measure.valuation) or {}) if measure.valuation else None
    level = bool(measure.valuation and measure.valuation.proxy and measure.valuation.proxy.per_year)
    how = frequency(measure) if numeric else None
    schedule: tuple[Due, ...] = ()
    per_year = None
    if numeric and how is not None:
        assert isinstance(answer, Decimal)
        slots = _slots(how, starts, quarters)
        years = Fraction(1, 4) if how in ("every month", "every quarter") else Fraction(1)
        share = Fraction(answer) if level else Fraction(answer) / len(slots)
        per_year = stored(Fraction(answer) if level else Fraction(answer) / Fraction(tender.contract_years))
        value = None if vpu is None else stored(vpu * years if level else vpu)
        schedule = tuple(Due(period=q.name, starts=q.start, ends=q.end,
                             due=q.end + timedelta(days=tender.returns_due_days), committed=stored(share),
                             value_per_figure=value) for q in slots)
    return Commitment(
        measure=measure.code, title=measure.title, unit=measure.unit, theme=measure.theme, outcome=measure.outcome,
        priority=outcome.priority, kpi=measure.code in tender.kpis, answer=measure.answer.kind,
        minimum=measure.answer.minimum, maximum=measure.answer.maximum, frequency=how,
        figure=("level" if level else "total") if numeric else None,
        committed=answer if numeric and isinstance(answer, Decimal) else None, per_year=per_year,
        value_per_unit=stored(vpu) if vpu is not None else None, contributes_to=measure.contributes_to,
        schedule=schedule, text=None if numeric or answer is None else str(answer))


def _slots(how: str, starts: date, quarters: list[periods.Quarter]) -> list[periods.Quarter]:
    """The quarters in which a measure reported `how` often is due."""
    if how in ("every month", "every quarter"):
        return quarters
    if how == "at contract end":
        return quarters[-1:]
    ends_of_years = []
    year = 1
    while True:
        end = periods.add_months(starts, 12 * year) - timedelta(days=1)
        if end > quarters[-1].end:
            break
        ends_of_years.append(periods.containing(end))
        year += 1
    return ends_of_years or quarters[-1:]

