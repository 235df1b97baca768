"""Slips made when a policy is copied from Word get a message that says exactly what to type (issue 13 item 5).

Each case puts one slip into a spec that compiles, checks the code, the column and the corrected
line the message gives, then types that correction back in and checks that the syntax error is gone.
"""

from __future__ import annotations

import re

import pytest

from svspec.syntax.parser import parse
from svspec.syntax.slips import code_part, corrected

SPEC = '''framework f "F"
  version 1
  theme t "T"
    weight 100%
    outcome o "O"
      weight 100%
      guidance: Reported quarterly: 20 % of £1.5m – a "yes/no" answer.
      measure M1 "M"
        unit FTE
        answer number at most 500
        evidence "Payroll" every quarter
        scored linear from 0 FTE to 10 FTE
'''

CASES = [
    ("    weight 100%", "    weight: 100%", "syntax/colon-after-keyword", 5, "weight 100%"),
    ("        unit FTE", "        unit\u00a0FTE", "syntax/unusual-space", 13, "unit FTE"),
    ("  version 1", "  version\u202f1", "syntax/unusual-space", 10, "version 1"),
    ("        answer number at most 500", "        answer yes/no", "syntax/yes-slash-no", 16, "answer yes or no"),
    ("        answer number at most 500", "        answer YES / NO", "syntax/yes-slash-no", 16, "answer yes or no"),
    ("    weight 100%", "    weight 100 %", "syntax/spaced-percent", 12, "weight 100%"),
    ("    weight 100%", "    weight 100 per cent", "syntax/spaced-percent", 12, "weight 100%"),
    ("scored linear from 0 FTE to 10 FTE", "scored linear from 0 FTE \u2013 10 FTE", "syntax/typographic-dash", 34,
     "scored linear from 0 FTE to 10 FTE"),
    ("scored linear from 0 FTE to 10 FTE", "scored linear from 0 FTE\u201410 FTE", "syntax/typographic-dash", 33,
     "scored linear from 0 FTE to 10 FTE"),
    ('measure M1 "M"', "measure M1 \u201cM\u201d", "syntax/curly-quote", 18, 'measure M1 "M"'),
    ("answer number at most 500", "answer money at most £1.5m", "syntax/money-abbreviation", 30,
     "answer money at most £1,500,000"),
    ("answer number at most 500", "answer money at most £8.5 million", "syntax/money-abbreviation", 30,
     "answer money at most £8,500,000"),
    ("answer number at most 500", "answer money at most £250k", "syntax/money-abbreviation", 30,
     "answer money at most £250,000"),
    ('"Payroll" every quarter', '"Payroll" quarterly', "syntax/frequency-word", 28, 'evidence "Payroll" every quarter'),
    ('"Payroll" every quarter', '"Payroll" Annually', "syntax/frequency-word", 28, 'evidence "Payroll" every year'),
    ("        unit FTE", "        unit full time equivalent", "syntax/unit-in-words", 9, "unit FTE"),
]


def _only(text: str) -> object:
    found = [d for d in parse(text, "f.svspec").diagnostics if d.code.startswith("syntax/")]
    assert len(found) == 1, [d.render() if hasattr(d, "render") else d.message for d in found]
    return found[0]


@pytest.mark.parametrize(("before", "after", "code", "column", "fix"), CASES, ids=[c[1].strip() for c in CASES])
def test_a_slip_copied_from_word_says_what_to_type_and_typing_it_works(
    before: str, after: str, code: str, column: int, fix: str
) -> None:
    assert before in SPEC
    text = SPEC.replace(before, after, 1)
    found = _only(text)
    assert found.code == code, found.message
    assert found.span.column == column
    assert f"`{fix}`" in found.message
    line = found.span.line
    lines = text.split("\n")
    lines[line - 1] = re.match(r"\s*", lines[line - 1]).group() + fix
    assert not [d for d in parse("\n".join(lines), "f.svspec").diagnostics if d.code.startswith("syntax/")]


def test_a_unit_in_several_words_is_joined_and_declared() -> None:
    text = SPEC.replace("        unit FTE", "        unit apprentice weeks", 1)
    found = _only(text)
    assert found.code == "syntax/unit-in-words"
    wanted = ('write `unit apprentice-weeks`, and declare it in the framework: '
              '`unit apprentice-weeks "apprentice weeks"`')
    assert wanted in found.message


def test_every_slip_on_the_line_is_corrected_in_the_one_message() -> None:
    text = SPEC.replace("    weight 100%", "    weight:\u00a0100 %", 1)
    found = _only(text)
    assert found.code == "syntax/colon-after-keyword"
    assert "`weight 100%`" in found.message


def test_prose_quoted_text_and_comments_may_hold_anything() -> None:
    assert not [d for d in parse(SPEC, "f.svspec").diagnostics]
    line = '      measure M1 "Staff – quarterly: 20 % of £1.5m, yes/no"  # weight: 40 %'
    assert corrected(line) == line
    assert code_part("      guidance: quarterly 20 %").strip() == "guidance:"


def test_a_keyword_with_a_colon_elsewhere_is_not_mistaken_for_prose() -> None:
    text = SPEC.replace("      weight 100%", "      weight 100%\n      summary: fine: colons in prose stay", 1)
    assert not [d for d in parse(text, "f.svspec").diagnostics if d.code.startswith("syntax/")]
