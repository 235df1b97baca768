"""Quarters: the periods returns are made for. `2027-Q2` is April to June 2027."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_PERIOD = re.compile(r"(\d{4})-Q([1-4])")


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    """A calendar quarter; ordered by time."""

    year: int
    quarter: int

    @property
    def name(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """The quarter's last day."""
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)


def parse(text: str) -> Quarter | None:
    """The quarter written YEAR-Qn, or None for anything else."""
    match = _PERIOD.fullmatch(text)
    return Quarter(int(match.group(1)), int(match.group(2))) if match else None


def containing(day: date) -> Quarter:
    """The quarter a day falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def quarters(starts: date, ends: date) -> list[Quarter]:
    """The quarters a contract running from `starts` to `ends` (inclusive) reports on."""
    out = [containing(starts)]
    while out[-1].end < ends:
        out.append(out[-1].next())
    return out
