"""Code frames show the place of a mistake, never a whole long line (issue 8: a bid written on one
line of 43,000 characters, with 2,149 mistakes on it, took 47 s of CPU to print)."""

from __future__ import annotations

from svspec.diagnostics import Severity, Span
from svspec.diagnostics.core import Diagnostic
from svspec.diagnostics.render import FRAME_WIDTH, render_text


def _diagnostic(line: int, column: int, end_column: int) -> Diagnostic:
    return Diagnostic(code="bid/wrong-type", severity=Severity.ERROR, message="wrong",
                      span=Span(file="bid.yaml", line=line, column=column, end_line=line, end_column=end_column))


def test_a_short_line_is_shown_whole_with_the_caret_under_the_mistake() -> None:
    text = render_text([_diagnostic(1, 7, 10)], {"bid.yaml": "price: abc\n"}, color=False)
    assert "1 | price: abc\n  |       ^^^" in text


def test_a_long_line_is_shown_as_a_window_around_the_caret_with_its_cut_ends_marked() -> None:
    line = "evidence: [" + ", ".join(f"f{i}.pdf" for i in range(5000)) + "]"
    column = line.index("f2500.pdf") + 1
    text = render_text([_diagnostic(1, column, column + 9)], {"bid.yaml": line}, color=False)
    shown, caret = text.split("\n")[2:4]
    assert len(shown) <= FRAME_WIDTH + 10 and shown.startswith("1 | …") and shown.endswith("…")
    assert shown[caret.index("^"):caret.index("^") + 9] == "f2500.pdf"


def test_thousands_of_mistakes_on_one_long_line_each_show_a_short_window() -> None:
    line = "x" * 50_000
    diagnostics = [_diagnostic(1, c, c + 1) for c in range(1, 50_000, 25)]
    text = render_text(diagnostics, {"bid.yaml": line}, color=False)
    assert max(len(row) for row in text.split("\n")) <= FRAME_WIDTH + 10
