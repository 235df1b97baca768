"""Reading number formats: what a cell shows, decided for any format a file can hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svspec.bids import numfmt


@pytest.mark.parametrize(("code", "value", "problem"), [
    ("General", "12.4", None),
    ("0", "12", None),
    ("0.00", "12.5", None),
    ("#,##0", "1000000", None),
    ('"£"#,##0.00', "11500000.5", None),
    ("[$£-809]#,##0", "5", None),
    ('0 "FTE"', "3", None),
    ("0.00E+00", "120", None),
    ("_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)", "0", None),
    ("0;-0", "-5", None),
    ("0%", "0", None),
    ("0", "12.4", "shows it rounded to 12"),
    ("#,##0.0", "0.25", "shows it rounded to 0.3"),
    ("0", "-2.5", "shows it rounded to -3"),
    ("0%", "0.5", "shows it as a percentage (50%)"),
    ("0,", "1500", "shows it in thousands"),
    ("0,,", "1500", "shows it in millions"),
    ("0.0,", "1500", "shows it in thousands"),
    (";;;", "5", "hides the number"),
    ("0;;", "0", "hides the number"),
    ('"TBC"', "5", "does not show the number (it shows 'TBC')"),
    ("0;0", "-5", "shows it without its minus sign (5)"),
    ("# ?/?", "0.5", "shows it as a fraction"),
    ("0.0E+0", "12345", "shows it rounded, in scientific notation"),
    ("[>100]0;0", "5", "shows numbers by conditions"),
    ("[Wingdings]0", "5", "uses a code svspec does not know"),
])
def test_what_a_number_format_shows(code: str, value: str, problem: str | None) -> None:
    assert numfmt.number_problem(code, Decimal(value)) == problem


@pytest.mark.parametrize(("code", "date", "time_only"), [
    ("dd/mm/yyyy", True, False), ("d-mmm-yy", True, False), ("h:mm", True, True), ("[h]:mm:ss", True, True),
    ("mm:ss", True, True), ("h:mm AM/PM", True, True), ('0 "days"', False, False), ("General", False, False),
    ('"y"0', False, False), ("yyyy-mm-dd hh:mm", True, False),
])
def test_date_and_time_formats_are_recognised(code: str, date: bool, time_only: bool) -> None:
    assert (numfmt.is_date(code), numfmt.is_date(code) and numfmt.is_time_only(code)) == (date, time_only)


@pytest.mark.parametrize(("code", "problem"), [
    ("@", None), ("General", None), ("0.00", None), ("0;0;0", None), (";;;", "hides the text"),
    ('"Approved: "@', "adds 'Approved:' to the text shown"), ('0;0;0;"n/a"', "shows 'n/a' instead"),
])
def test_what_a_text_format_shows(code: str, problem: str | None) -> None:
    assert numfmt.text_problem(code) == problem


@given(code=st.text(max_size=40), value=st.decimals(allow_nan=False, allow_infinity=False, places=6))
def test_any_format_code_is_read_without_raising(code: str, value: Decimal) -> None:
    problem = numfmt.number_problem(code, value)
    assert problem is None or isinstance(problem, str)
    numfmt.text_problem(code)
    numfmt.is_date(code)
