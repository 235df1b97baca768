"""The slips people make when they copy a policy out of Word, and what to type instead.

`weight: 40%`, a non-breaking space, an en dash, `answer yes/no`, `£1.5m`, `20 %`, `quarterly`,
`unit tonnes CO2e`: each is a syntax error, and the parser's own message ("unexpected 'unit';
expected "unit"") does not say what is wrong. This table recognises them on the line where the
parser failed. The diagnostic names the slip and gives the whole line corrected, with every slip
on it fixed.

Only the code part of a line is searched: quoted text, prose after `guidance:` and comments
may hold anything.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from svspec import words
from svspec.syntax.grammar import keywords

PROSE_KEYS = frozenset({"summary", "why", "guidance", "note"})
"""The keywords whose text follows a colon (grammar rule `prose_key`)."""

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"?')
_PROSE_AFTER = re.compile(r"^\s*(?:(?:summary|why|guidance|note)\s*:|[\d.]+%?\s+\"[^\"]*\"\s*:)")


def code_part(line: str) -> str:
    """`line` with quoted text, prose and a comment blanked out, so positions stay the same."""
    masked = _QUOTED.sub(lambda m: '"' + " " * (len(m.group()) - 2) + '"' if len(m.group()) > 1 else " ", line)
    prose = _PROSE_AFTER.match(masked)
    if prose:
        masked = masked[: prose.end()] + " " * (len(masked) - prose.end())
    hash_at = masked.find("#")
    return masked if hash_at < 0 else masked[:hash_at] + " " * (len(masked) - hash_at)


@dataclass(frozen=True, slots=True, kw_only=True)
class Slip:
    """One kind of slip: where it is on a line, how to write it, and the message's fields."""

    code: str
    pattern: re.Pattern[str]
    replace: Callable[[re.Match[str]], str]
    fields: Callable[[re.Match[str]], Mapping[str, Any]]
    applies: Callable[[re.Match[str]], bool] = lambda _m: True


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A slip on a line: its code, its 1-based columns and the fields of its message."""

    code: str
    column: int
    end_column: int
    fields: Mapping[str, Any]


# ---------------------------------------------------------------- the table
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SPACE_NAMES = {"\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space", "\u2009": "thin space"}
_DASH_NAMES = {"\u2013": "en dash", "\u2014": "em dash", "\u2212": "minus sign", "\u2012": "figure dash"}
_FREQUENCY = {"quarterly": "every quarter", "monthly": "every month", "annually": "every year",
              "yearly": "every year", "annual": "every year"}
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
               "bn": 1_000_000_000, "billion": 1_000_000_000}
_BUILT_IN_IN_WORDS = {
    "tonnes co2e": "tCO2e", "tonnes of co2e": "tCO2e", "t co2e": "tCO2e", "tonnes co2": "tCO2e",
    "tonnes of co2": "tCO2e", "tonnes of carbon": "tCO2e", "tonnes carbon": "tCO2e",
    "full time equivalent": "FTE", "full-time equivalent": "FTE", "full time equivalents": "FTE",
    "per cent": "percent",
}


def _space_name(char: str) -> str:
    return _SPACE_NAMES.get(char) or unicodedata.name(char, "unusual space").lower()


def _is_range_dash(match: re.Match[str]) -> bool:
    return match.group("before") is not None and match.group("after") is not None


def _colon_applies(match: re.Match[str]) -> bool:
    first = match.group("words").split()[0]
    return first in keywords() and first not in PROSE_KEYS


def _money_amount(match: re.Match[str]) -> str:
    figure = Decimal(match.group("figure").replace(",", "")) * _MULTIPLIER[match.group("scale").lower()]
    return words.money(figure)


def _unit_fix(match: re.Match[str]) -> tuple[str, str]:
    typed = " ".join(match.group("unit").split())
    built_in = _BUILT_IN_IN_WORDS.get(typed.lower())
    if built_in is not None:
        return built_in, f" (built in: {words.unit_description(built_in)})"
    joined = "-".join(typed.split())
    return joined, f', and declare it in the framework: `unit {joined} "{typed}"`'


SLIPS: tuple[Slip, ...] = (
    Slip(code="syntax/unusual-space", pattern=re.compile(f"[{_SPACES}]"),
         replace=lambda m: " ",
         fields=lambda m: {"name": _space_name(m.group()), "codepoint": f"{ord(m.group()):04X}"}),
    Slip(code="syntax/curly-quote", pattern=re.compile("[\u201c\u201d\u201e\u201f\u2018\u2019]"),
         replace=lambda m: '"', fields=lambda m: {"char": m.group()}),
    Slip(code="syntax/typographic-dash",
         pattern=re.compile(r"(?P<before>(?<=[\d%A-Za-z])\s*)?[\u2012\u2013\u2014\u2212](?P<after>\s*(?=[£\d]))?"),
         replace=lambda m: " to " if _is_range_dash(m) else "-",
         fields=lambda m: {"name": _DASH_NAMES[m.group().strip()], "char": m.group().strip()}),
    Slip(code="syntax/colon-after-keyword",
         pattern=re.compile(r"^(?P<indent>[ \t]*)(?P<words>[a-z]+(?: [a-z]+)*)[ \t]*(?P<colon>:)[ \t" + _SPACES + "]*"),
         replace=lambda m: m.group("indent") + m.group("words") + " ",
         fields=lambda m: {"word": m.group("words")}, applies=_colon_applies),
    Slip(code="syntax/yes-slash-no", pattern=re.compile(r"\byes\s*/\s*no\b", re.I),
         replace=lambda m: "yes or no", fields=lambda m: {"typed": m.group()}),
    Slip(code="syntax/money-abbreviation",
         pattern=re.compile(r"£\s?(?P<figure>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>bn|billion|mn|million|m|k|thousand)\b",
                            re.I),
         replace=_money_amount, fields=lambda m: {"amount": _money_amount(m), "typed": m.group()}),
    Slip(code="syntax/spaced-percent",
         pattern=re.compile(r"(?P<figure>\d+(?:\.\d+)?)(?:[ \t]+%|[ \t]*(?:per[ \t]*cent|percent)\b)", re.I),
         replace=lambda m: m.group("figure") + "%",
         fields=lambda m: {"percent": m.group("figure") + "%", "typed": m.group()}),
    Slip(code="syntax/frequency-word", pattern=re.compile(r"\b(?:quarterly|monthly|annually|yearly|annual)\b", re.I),
         replace=lambda m: _FREQUENCY[m.group().lower()],
         fields=lambda m: {"phrase": _FREQUENCY[m.group().lower()], "typed": m.group()}),
    Slip(code="syntax/unit-in-words",
         pattern=re.compile(r"^(?P<indent>[ \t]*)unit[ \t]+(?P<unit>[A-Za-z][\w.\-]*(?:[ \t]+[A-Za-z0-9][\w.\-]*)+)"
                            r"[ \t]*$"),
         replace=lambda m: m.group("indent") + "unit " + _unit_fix(m)[0],
         fields=lambda m: {"declare": _unit_fix(m)[1]}),
)


def _matches(masked: str) -> list[tuple[Slip, re.Match[str]]]:
    found: list[tuple[Slip, re.Match[str]]] = []
    for slip in SLIPS:
        found.extend((slip, m) for m in slip.pattern.finditer(masked) if slip.applies(m))
    found.sort(key=lambda pair: pair[1].start())
    kept: list[tuple[Slip, re.Match[str]]] = []
    for slip, match in found:
        if not kept or match.start() >= kept[-1][1].end():
            kept.append((slip, match))
    return kept


def corrected(line: str) -> str:
    """`line` with every slip on it written as svspec reads it."""
    masked = code_part(line)
    out = line
    for _slip, match in reversed(_matches(masked)):
        out = out[: match.start()] + _slip.replace(match) + out[match.end():]
    return out


def slip_at(line: str, error_end: int) -> Found | None:
    """The slip that explains a syntax error ending at 1-based column `error_end` of `line`, if any.

    A slip explains an error when it starts at or before the end of the word the parser stopped
    at: the nearest such slip. The message shows the whole line corrected.
    """
    candidates = [(s, m) for s, m in _matches(code_part(line)) if m.start() + 1 <= error_end]
    if not candidates:
        return None
    slip, match = candidates[-1]
    start, end = match.start(), match.end()
    if "indent" in match.groupdict():
        start = match.end("indent")
    if "colon" in match.groupdict():
        end = match.end("colon")
    if slip.code == "syntax/typographic-dash":
        start = match.start() + len(match.group("before") or "")
        end = start + 1
    fields = {**slip.fields(match), "fix": corrected(line).strip()}
    return Found(code=slip.code, column=start + 1, end_column=end + 1, fields=fields)
