"""Policy rules in frameworks bind tenders: thresholds, ring-fenced shares and keyword-named groups."""

from __future__ import annotations

from pathlib import Path

import svspec

FRAMEWORK = '''framework f "F"
  version 1
  policy
    social value at least 10%
    measures from social at least 5% of total
    applies from £100,000
  scale s "S"
    10 "Good": good
    0 "Poor": poor
  theme social "Social"
    outcome o "O"
      measure M1 "Plan"
        answer text up to 100 words
        evidence "Plan" with the bid
        scored by evaluators on scale s
'''

TENDER = '''tender t "T"
  uses f 1 from "f.svspec"
  contract value {value} over 1 year
  criteria
    price 95%, scored relative to lowest
    social value 5%
  social value measures
    M1 weight 100%
'''


def _check(tmp_path: Path, value: str) -> list[str]:
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    (tmp_path / "f.svspec").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "t.svspec").write_text(TENDER.format(value=value), encoding="utf-8")
    result = svspec.load(tmp_path / "t.svspec")
    return [d.code for d in result.diagnostics]


def test_a_policy_binds_contracts_from_its_applies_from_value(tmp_path: Path) -> None:
    codes = _check(tmp_path, "£250,000")
    assert "social-value-below-minimum" in codes


def test_a_policy_does_not_bind_contracts_below_its_applies_from_value(tmp_path: Path) -> None:
    assert _check(tmp_path, "£50,000") == []


def test_a_theme_named_like_a_keyword_can_be_ring_fenced(tmp_path: Path) -> None:
    (tmp_path / "f.svspec").write_text(FRAMEWORK, encoding="utf-8")
    result = svspec.load(tmp_path / "f.svspec")
    assert result.ok, [d.message for d in result.diagnostics]
    framework = result.model
    assert isinstance(framework, svspec.model.Framework)
    assert framework.policy.group_shares[0].group == "social"
