"""A measure without a `unit` line gets a hint that guesses its unit from what it already says (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from svspec import api

SPEC = '''framework f "F"
  version 1
  theme t "T"
    weight 100%
    outcome o "O"
      weight 100%
      measure M1 "M"
        answer number{bounds}
{value}        evidence "Payroll" every quarter
        scored {rule}
'''


@pytest.mark.parametrize(("bounds", "value", "rule", "hint"), [
    ("", "", "linear from 0 FTE to 10 FTE", "add the line `unit FTE`, the unit its scoring rule names"),
    (" at least 0 weeks at most 52 weeks", "", "relative to best",
     "add the line `unit weeks`, the unit its answer's limits name"),
    ("", "        value £16.93 per hours\n", "relative to best",
     "add the line `unit hours`, the unit its value is per"),
    ("", "", "relative to best", "add a line such as `unit FTE`"),
])
def test_a_missing_unit_is_guessed_from_the_rule_the_limits_or_the_value(
    tmp_path: Path, bounds: str, value: str, rule: str, hint: str
) -> None:
    path = tmp_path / "f.svspec"
    path.write_text(SPEC.format(bounds=bounds, value=value, rule=rule), encoding="utf-8")
    (result,) = api.check([path])
    missing = [d for d in result.diagnostics if d.code == "missing-setting"]
    assert [d.hint for d in missing] == [hint]
