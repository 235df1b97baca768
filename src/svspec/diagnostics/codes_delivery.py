"""Diagnostic codes after the award (issue 11): `svspec award`, delivery returns and `svspec monitor`.

The reader's codes for returns (`return/duplicate-key`, ...) are the shared family of
`codes_input.py`; the codes here are about what a return or an award must hold. Joined into
`registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.codes_input import family
from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

_RETURN_FORMAT = (
    "A return is YAML or JSON: `contract:` (the contract's name), `supplier:`, `period:` (a quarter such as "
    "2027-Q2), `submitted:` (a date), `delivered:` with one figure per measure due in that period, and "
    "optionally `evidence:` (file names per measure) and `narrative:`. `svspec return-template` writes a blank "
    "one. See docs/delivery.md."
)

CODES: dict[str, Spec] = {
    **family("return", "return"),
    "return/file-not-found": Spec(
        severity=E,
        title="Return cannot be read",
        message="cannot read return '{path}': {reason}",
        explanation="svspec could not open the return file. " + _RETURN_FORMAT,
        hint="check the path of the return",
    ),
    "return/yaml-syntax": Spec(
        severity=E,
        title="Return is not valid YAML",
        message="the return is not valid YAML: {reason}",
        explanation="The return could not be read as YAML. Look at the line shown and the one above it: a "
        "missing colon, a tab or an unclosed quote are the usual causes. " + _RETURN_FORMAT,
    ),
    "return/unsupported-format": Spec(
        severity=E,
        title="Return in a format svspec does not read",
        message="'{path}' is not a YAML (.yaml, .yml) or JSON (.json) return",
        explanation="Returns are read from YAML or JSON. The spreadsheet written by `svspec return-template "
        "--format xlsx` helps a supplier gather the figures; reading a filled one back is not supported yet, "
        "so the figures are sent as YAML or JSON.",
        hint="write the return as YAML: `svspec return-template DB --period P` gives a blank one",
    ),
    "return/malformed": Spec(
        severity=E,
        title="Return has the wrong shape",
        message="{what}",
        explanation="A part of the return is missing or not shaped as the format requires. " + _RETURN_FORMAT,
    ),
    "return/wrong-contract": Spec(
        severity=E,
        title="Return for another contract",
        message="this return is for contract '{found}', but {expected}",
        explanation="A return names the contract it reports on, so that the figures of one contract can never "
        "be counted against another by mistake.",
    ),
    "return/wrong-supplier": Spec(
        severity=E,
        title="Return from a supplier who does not hold the contract",
        message="the return is from '{found}', but contract '{contract}' is held by '{expected}'",
        explanation="Only the supplier who was awarded a contract reports on it. Names are compared after "
        "Unicode normalisation, with spaces trimmed.",
        hint="write the supplier's name exactly as in the award: '{expected}'",
    ),
    "return/bad-period": Spec(
        severity=E,
        title="Period that is not a quarter of the contract",
        message="'{period}' {reason}",
        explanation="Returns are made for each quarter of the contract, written YEAR-Qn (2027-Q2 is April to "
        "June 2027). A period before the contract starts or after it ends has nothing to report.",
    ),
    "return/bad-date": Spec(
        severity=E,
        title="Submission date that is not a date",
        message="'{text}' is not a date written YYYY-MM-DD",
        explanation="`submitted:` is the day the return was sent, written as a date (2027-07-20). It decides "
        "whether the return was on time.",
    ),
    "return/missing-figure": Spec(
        severity=E,
        title="Figure due in this period is missing",
        message="no figure for {measure} ({title}), which is due for {period}",
        explanation="Each return gives a figure for every commitment due in its period, even when the figure is "
        "0: a missing figure cannot be told apart from a forgotten one.",
        hint="add `{measure}: 0` under `delivered:` if nothing was delivered",
    ),
    "return/unknown-measure": Spec(
        severity=E,
        title="Figure for a measure not due in this period",
        message="'{measure}' {reason}",
        explanation="A return reports only the contract's commitments that are due in its period (a measure "
        "reported every year is due in the last quarter of each contract year). Any other figure is refused "
        "rather than ignored, because a misspelt code would otherwise leave a commitment unreported.",
    ),
    "return/not-a-number": Spec(
        severity=E,
        title="Delivered figure that is not a number",
        message="the figure for {measure} is {found}; a delivered figure is a number",
        explanation="Delivered figures are plain decimal numbers (12, 2.5) in the measure's unit, without "
        "units, currency signs or quotes.",
    ),
    "return/out-of-bounds": Spec(
        severity=E,
        title="Delivered figure outside the measure's bounds",
        message="{measure} is {found}, {limit}",
        explanation="A delivered figure is checked against the same bounds as the commitment in the bid (the "
        "measure's `answer number at least ... at most ...`): a negative number of hours, or more staff than "
        "the measure allows, is a typing mistake to correct before the figure is counted.",
    ),
    **family("contract", "contract file",
             ("not-a-file", "file-too-large", "not-utf8", "json-syntax", "duplicate-key")),
    "contract/file-not-found": Spec(
        severity=E,
        title="Contract file cannot be read",
        message="cannot read contract file '{path}': {reason}",
        explanation="svspec could not open the contract file: the JSON that `svspec award --out` writes.",
        hint="check the path, or give the monitoring database instead",
    ),
    "contract/malformed": Spec(
        severity=E,
        title="Contract file is not one svspec wrote",
        message="this is not a contract written by `svspec award --out`: {what}",
        explanation="A contract file is the JSON written by `svspec award --out` (`\"format\": "
        "\"svspec-contract/1\"`). svspec reads it back only as written: a file edited by hand, or written by "
        "something else, is refused rather than guessed at, because its schedule decides what each return "
        "must hold.",
        hint="award the tender again with `--out`, or give the monitoring database instead",
    ),
    "award/no-contract-start": Spec(
        severity=E,
        title="Tender does not say when the contract starts",
        message="tender '{name}' has no `contract starts` date, so its returns cannot be scheduled",
        explanation="The award turns the winning bid's commitments into a schedule of quarterly returns from "
        "the contract's first day. Add `contract starts DATE` to the tender (see docs/language/tender.md).",
        hint="add a line such as `contract starts 2027-04-01` to the tender",
    ),
    "award/already-awarded": Spec(
        severity=E,
        title="Contract already awarded on another bid",
        message="contract '{name}' is already recorded, awarded to '{supplier}' on a bid with sha256 {sha256}",
        explanation="An award is recorded once and never silently replaced: the returns already imported "
        "were checked against its commitments. Awarding the same bid again does nothing.",
    ),
    "monitor/bad-database": Spec(
        severity=E,
        title="Monitoring database cannot be opened",
        message="cannot open the monitoring database '{path}': {reason}",
        explanation="`--db` names a DuckDB file that svspec creates on first use and brings up to date when "
        "its schema is older. A file that is not a DuckDB database, one open in another program (DuckDB lets "
        "one process write at a time), or one made by a newer svspec is refused, and left as it is.",
        hint="check the path; close any other program using the database, then try again",
    ),
}
