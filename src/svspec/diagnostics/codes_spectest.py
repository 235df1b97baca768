"""Diagnostic codes of `svspec test`: mistakes in a test file (`*.svtest.yaml`). Joined into `registry.REGISTRY`.

The reader's codes for test files (`test/duplicate-key`, `test/yaml-reference`, ...) come from
`codes_input.family`; these say what is wrong with what a test file holds.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

_FORMAT = (
    "A test file (`NAME.svtest.yaml`) names the `tender:` it tests (a path relative to the test file) and "
    "lists its `cases:`; each case has a `name:`, the `bids:` (bid files, or bids written inline exactly "
    "like a bid file), optional `marks:` and what to `expect:` (winner, ranks, totals, points, scores, "
    "excluded, social_value, tolerance). See docs/testing-specs.md."
)

CODES: dict[str, Spec] = {
    "test/unreadable": Spec(
        severity=E,
        title="Test file cannot be read",
        message="cannot read '{path}': {reason}",
        explanation="svspec could not open a test file, or a bid, marks or tender file a test case names. "
        "Paths in a test file are relative to the test file itself. " + _FORMAT,
    ),
    "test/invalid-yaml": Spec(
        severity=E,
        title="Test file is not valid YAML",
        message="the test file is not valid YAML: {reason}",
        explanation="The test file could not be parsed as YAML. Look at the line shown and the one above "
        "it: a missing colon, a tab, or an unclosed quote are the usual causes. " + _FORMAT,
    ),
    "test/malformed": Spec(
        severity=E,
        title="Test file entry has the wrong shape",
        message="{what}",
        explanation="A part of the test file is not shaped as the format requires. " + _FORMAT,
    ),
    "test/unknown-key": Spec(
        severity=E,
        title="Unknown key in a test file",
        message="unknown key '{key}' in {where} (expected {expected})",
        explanation="Each part of a test file has a fixed set of keys. An unknown key is refused rather "
        "than ignored: a misspelt `totls:` would otherwise check nothing, and the test would pass while "
        "proving nothing. " + _FORMAT,
    ),
    "test/unknown-bidder": Spec(
        severity=E,
        title="Expectation for a bidder with no bid in the case",
        message="the case has no bid from '{bidder}'",
        explanation="An expectation names a bidder exactly as their bid names them (its `bidder:` line). "
        "A name that matches no bid of the case is refused, because a misspelt name would otherwise "
        "check nothing.",
    ),
    "test/unknown-item": Spec(
        severity=E,
        title="Expectation for an item the tender does not have",
        message="the tender has no {what} '{item}'",
        explanation="`points:` and `scores:` name the code of a quality question or a selected measure "
        "(and `points:` may also name a criterion: price, quality or social value); `social_value:` names "
        "a selected measure. A code the tender does not have is refused, with the nearest codes it does "
        "have.",
    ),
    "test/not-a-figure": Spec(
        severity=E,
        title="Expected figure is not a number",
        message="{value} is not a figure; {expected}",
        explanation="Expected points, totals and tolerances are numbers in plain decimal digits (87.46), "
        "and social value figures may be written as money (£19,300.20). Without a `tolerance`, the figure "
        "svspec shows (rounded to 2 decimal places, halves away from zero) must equal the expected one.",
    ),
    "test/not-a-tender": Spec(
        severity=E,
        title="Test file names a spec that is not a tender",
        message="'{path}' is a {kind}, not a tender",
        explanation="Test cases score bids, so the `tender:` of a test file (or of a case) is the path of "
        "a tender spec, relative to the test file.",
    ),
    "test/path-outside-project": Spec(
        severity=E,
        title="Test file names a file outside the project",
        message="'{path}' is outside the project folder {root}",
        explanation="A test file may name only files inside its project (the nearest folder above it "
        "holding `svspec.toml`), as imports in specs may: a test copied from elsewhere cannot make svspec "
        "read files it has no business reading.",
        hint="copy the file into the project, next to the test file",
    ),
    "test/no-cases": Spec(
        severity=W,
        title="Test file with no cases",
        message="this test file has no cases",
        explanation="A test file with an empty `cases:` list tests nothing. " + _FORMAT,
    ),
}
