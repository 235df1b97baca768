"""What a spreadsheet number format shows: enough of Excel's format language to tell when a cell
shows something other than the value stored in it.

A number format can hide a value (`;;;`, a section of literal text only), round it (`0` shows
12.4 as 12), scale it (`0%`, `#,##0,` in thousands), drop its minus sign (`0;0`), show it as a
date or time, or paint it white (`[White]0`). svspec scores the stored value, so a format that
shows something else is refused (`svspec.bids.spreadsheet`): what is scored must be what a person
sees. This module only reads formats; it never formats a value for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

COLOURS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "00FF00", "blue": "0000FF",
           "yellow": "FFFF00", "magenta": "FF00FF", "cyan": "00FFFF"}
"""The colour names Excel's format language knows."""

_CONDITION = re.compile(r"^(<=|>=|<>|<|>|=)\s*-?[0-9.]+$")
_DATE_LETTERS = set("ymdhsegb")


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """One `;`-separated section of a number format, as far as what it shows is concerned."""

    text: str
    general: bool = False
    integer_digits: int = 0
    decimals: int = 0
    percent: bool = False
    scientific: bool = False
    fraction: bool = False
    thousands_scale: int = 0
    date: bool = False
    time_only: bool = False
    at: bool = False
    condition: bool = False
    minus: bool = False
    literal: str = ""
    colour: str | None = None
    unknown: bool = False

    @property
    def shows_digits(self) -> bool:
        return self.general or self.integer_digits + self.decimals > 0


def sections(code: str) -> list[str]:
    """The sections of a format, split at `;` outside quotes, escapes and brackets."""
    out, current, i = [], "", 0
    while i < len(code):
        char = code[i]
        if char == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end + 1
            current += code[i:end]
            i = end
            continue
        if char in "\\_*" and i + 1 < len(code):
            current += code[i:i + 2]
            i += 2
            continue
        if char == "[":
            end = code.find("]", i)
            end = len(code) if end < 0 else end + 1
            current += code[i:end]
            i = end
            continue
        if char == ";":
            out.append(current)
            current = ""
        else:
            current += char
        i += 1
    out.append(current)
    return out


def parse_section(text: str) -> Section:
    """Read one section: its digit placeholders, scaling, date codes, literal text and colour."""
    fields: dict[str, object] = {}
    literal: list[str] = []
    integer = decimals = scale = 0
    seen_point = False
    seen_exponent = False
    date_letters = ""
    i = 0
    lowered = text.lower()
    while i < len(text):
        char, low = text[i], lowered[i]
        if char == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end
            literal.append(text[i + 1:end])
            i = end + 1
            continue
        if char == "\\" and i + 1 < len(text):
            literal.append(text[i + 1])
            i += 2
            continue
        if char in "_*" and i + 1 < len(text):
            i += 2
            continue
        if char == "[":
            end = text.find("]", i)
            end = len(text) if end < 0 else end
            _bracket(text[i + 1:end].strip(), fields, literal)
            i = end + 1
            continue
        if lowered.startswith("general", i):
            fields["general"] = True
            i += 7
            continue
        if lowered.startswith("am/pm", i) or lowered.startswith("a/p", i):
            date_letters += "h"
            i += 5 if lowered.startswith("am/pm", i) else 3
            continue
        if char in "0#?":
            if not seen_exponent:
                decimals += seen_point
                integer += not seen_point
            scale = 0
            i += 1
            continue
        if char == "." and not date_letters:
            seen_point = True
        elif char == "," and (integer or decimals):
            scale += 1
        elif char == "%":
            fields["percent"] = True
        elif low == "e" and text[i + 1:i + 2] in ("+", "-") and (integer or decimals):
            fields["scientific"] = seen_exponent = True
            i += 2
            continue
        elif char == "/" and (integer or decimals):
            fields["fraction"] = True
        elif char == "@":
            fields["at"] = True
        elif low in _DATE_LETTERS:
            date_letters += low
        else:
            literal.append(char)
        i += 1
    if date_letters:
        fields["date"] = True
        fields["time_only"] = not set(date_letters) & set("ydegb")
    # A comma after the last digit placeholder divides by 1,000 (`0,`); one between digits only
    # groups them (`#,##0`), which is why a placeholder resets the count.
    return Section(text=text, integer_digits=integer, decimals=decimals, thousands_scale=scale,
                   minus="-" in "".join(literal) or "(" in "".join(literal), literal="".join(literal),
                   **fields)  # type: ignore[arg-type]


def _bracket(inside: str, fields: dict[str, object], literal: list[str]) -> None:
    lowered = inside.lower()
    if lowered in COLOURS:
        fields["colour"] = COLOURS[lowered]
    elif re.fullmatch(r"color\s*[0-9]{1,2}", lowered):
        fields["colour"] = "indexed:" + lowered[5:].strip()
    elif lowered.startswith("$"):
        literal.append(inside[1:].split("-")[0])
    elif re.fullmatch(r"h+|m+|s+", lowered):
        fields["date"] = True
        fields["time_only"] = True
    elif _CONDITION.match(inside.replace(" ", "")):
        fields["condition"] = True
    else:
        fields["unknown"] = True


def section_for(code: str, value: Decimal) -> Section:
    """The section Excel uses to show `value`: with one section, every number; with two, the
    second for negatives; with three or more, the third for zero."""
    parts = [parse_section(s) for s in sections(code)][:4]
    if len(parts) == 1 or parts[0].condition:
        return parts[0]
    if value < 0:
        return parts[1]
    if value == 0 and len(parts) >= 3:
        return parts[2]
    return parts[0]


def text_section(code: str) -> Section | None:
    """The section that shows text: the fourth, or a single one holding `@`; None when text is
    shown as it is."""
    parts = sections(code)
    if len(parts) >= 4:
        return parse_section(parts[3])
    if len(parts) == 1 and "@" in parts[0].replace('"@"', ""):
        return parse_section(parts[0])
    return None


def number_problem(code: str, value: Decimal) -> str | None:
    """How format `code` shows `value` other than as stored, in words ("rounds it to 12"); None
    when the number is shown as it is. Dates are not judged here (see `is_date`)."""
    if any(parse_section(s).condition for s in sections(code)):
        return "shows numbers by conditions"
    section = section_for(code, value)
    if section.unknown:
        return "uses a code svspec does not know"
    if section.general:
        return None
    if not section.shows_digits:
        if value == 0 and section.literal.strip() in ("-", "–"):
            return None
        shown = section.literal.strip()
        return f"does not show the number (it shows '{shown}')" if shown else "hides the number"
    if section.percent and value != 0:
        return f"shows it as a percentage ({_plain(value * 100)}%)"
    if section.fraction and value != value.to_integral_value():
        return "shows it as a fraction"
    if section.thousands_scale and value != 0:
        return "shows it in thousands" if section.thousands_scale == 1 else "shows it in millions"
    if section.scientific:
        digits = len(value.normalize().as_tuple().digits)
        if digits > max(section.integer_digits, 1) + section.decimals:
            return "shows it rounded, in scientific notation"
        return None
    places = max(0, -int(value.normalize().as_tuple().exponent))
    if places > section.decimals:
        rounded = value.quantize(Decimal(1).scaleb(-section.decimals), rounding=ROUND_HALF_UP)
        return f"shows it rounded to {_plain(rounded)}"
    if value < 0 and len(sections(code)) > 1 and not section.minus:
        return f"shows it without its minus sign ({_plain(-value)})"
    return None


def text_problem(code: str) -> str | None:
    """How format `code` shows text other than as typed; None when text is shown as it is."""
    section = text_section(code)
    if section is None:
        return None
    if not section.at:
        return "hides the text" if not section.literal.strip() else f"shows '{section.literal.strip()}' instead"
    if section.literal.strip():
        return f"adds '{section.literal.strip()}' to the text shown"
    return None


def is_date(code: str) -> bool:
    """True when the format shows numbers as dates or times (in the section for positives)."""
    return parse_section(sections(code)[0]).date


def is_time_only(code: str) -> bool:
    """True when the format shows only a time or a duration, no date."""
    return parse_section(sections(code)[0]).time_only


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
