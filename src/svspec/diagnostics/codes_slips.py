"""Diagnostic codes for the slips people make when they copy a policy out of Word.

Each says exactly what to type instead. `syntax/slips.py` finds them on a line where the parser
failed, and its diagnostic takes the place of the parser's generic "unexpected ..." message.
Joined into `registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E = Severity.ERROR

_WHY = ("Word and PDF documents change what you type: they add colons to headings, turn hyphens into dashes and "
        "quotes into curly quotes, and glue words with non-breaking spaces. svspec reads a spec exactly, so that "
        "nothing is ever guessed; it recognises these slips and says what to type instead. ")

CODES: dict[str, Spec] = {
    "syntax/colon-after-keyword": Spec(
        severity=E,
        title="A colon after a keyword",
        message="'{word}' takes no colon: write `{fix}`",
        explanation=_WHY + "Only `summary:`, `why:`, `guidance:` and `note:` (and a scale level's description) are "
        "followed by a colon, because the text after them is prose. Everything else is a keyword followed by "
        "its value: `weight 40%`, `unit FTE`, `answer number at least 0`.",
        hint="remove the colon after '{word}'",
    ),
    "syntax/unusual-space": Spec(
        severity=E,
        title="A non-breaking or other unusual space",
        message="a {name} (U+{codepoint}) here, often pasted from Word: type an ordinary space: `{fix}`",
        explanation=_WHY + "Between the words of a statement svspec accepts only ordinary spaces. A non-breaking "
        "space looks the same on screen, so the message names it. Inside quoted text any space is kept as written.",
        hint="retype the space between the words",
    ),
    "syntax/typographic-dash": Spec(
        severity=E,
        title="An en dash or em dash",
        message="an {name} '{char}' here, often made by Word from a hyphen: write `{fix}`",
        explanation=_WHY + "A range is written with `to` (`linear from 0 FTE to 10 FTE`), and a name that needs a "
        "hyphen uses the plain `-` key.",
        hint="write 'to' for a range, or a plain hyphen '-'",
    ),
    "syntax/curly-quote": Spec(
        severity=E,
        title="Curly quotes",
        message="a curly quote '{char}', often made by Word: type straight quotes: `{fix}`",
        explanation=_WHY + "Titles and other quoted text go between straight double quotes: `\"Local jobs\"`. "
        "Curly quotes are fine inside the text.",
        hint="retype the quotes with the \" key",
    ),
    "syntax/yes-slash-no": Spec(
        severity=E,
        title="Yes/no written with a slash",
        message="write `yes or no`, not '{typed}': `{fix}`",
        explanation=_WHY + "A yes-or-no answer or rule is written `answer yes or no` and `scored yes or no`.",
        hint="write 'yes or no'",
    ),
    "syntax/money-abbreviation": Spec(
        severity=E,
        title="Money written with m, k or million",
        message="write money in full: `{amount}` for '{typed}': `{fix}`",
        explanation=_WHY + "Amounts of money are written in full with £ and optional thousands commas: "
        "`£1,500,000`, not `£1.5m` or `£1.5 million`, so that a figure is never misread by a factor of a thousand.",
        hint="write {amount}",
    ),
    "syntax/spaced-percent": Spec(
        severity=E,
        title="A percentage written with a space or in words",
        message="write a percentage as one word: `{percent}` for '{typed}': `{fix}`",
        explanation=_WHY + "A percentage is a number followed at once by %: `20%`, not `20 %` or `20 per cent`.",
        hint="write {percent}",
    ),
    "syntax/frequency-word": Spec(
        severity=E,
        title="Quarterly, monthly or annually written as one word",
        message="write `{phrase}` for '{typed}': `{fix}`",
        explanation=_WHY + "How often evidence or a report is due is written `every month`, `every quarter` or "
        "`every year` (also `with the bid`, `at mobilisation`, `at contract end`).",
        hint="write '{phrase}'",
    ),
    "syntax/unit-in-words": Spec(
        severity=E,
        title="A unit written as several words",
        message="a unit is one word: write `{fix}`{declare}",
        explanation=_WHY + "A measure's unit is one word: a built-in unit (`FTE`, `people`, `hours`, `weeks`, "
        "`days`, `tonnes`, `tCO2e`, `visits`, `items`, `count`, `percent`) or one the framework declares with its "
        "description in words: `unit apprentice-weeks \"apprentice weeks\"`.",
        hint="join the words with '-' or use a built-in unit",
    ),
}
