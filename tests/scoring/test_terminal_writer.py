"""The terminal report written without Rich's layout engine is byte for byte what Rich writes.

`svspec.scoring.terminal.Writer` writes plain lines and plain tables itself (100,000 ranked bids
took 46 s through Rich) and leaves everything else to Rich; each case here prints the same thing
both ways and compares the text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from svspec.scoring.terminal import Writer, _rich_table

HEADERS = [("Rank", "right"), ("Bidder", "left"), ("Price\n(70%)", "right"), ("Social value\n(30%)", "right"),
           ("Total", "right"), ("Outcome", "left")]
LITERAL = [False, True, False, False, False, True]


def _by_rich_table(rows: list[list[str]], width: int = 110) -> str:
    out = Writer(width)
    out.rich(_rich_table(HEADERS, rows, LITERAL, ()))
    return out.getvalue()


def _written_table(rows: list[list[str]], width: int = 110) -> str:
    out = Writer(width)
    out.table(HEADERS, rows, LITERAL)
    return out.getvalue()


def _row(rank: str, bidder: str, outcome: str = "ranked") -> list[str]:
    return [rank, bidder, "69.11", "21.04", "90.14", outcome]


def test_a_plain_ranking_is_written_as_rich_draws_it() -> None:
    rows = [_row("1", "Bidder 003139", "winner"), _row("2", "A", "ranked"), _row("–", "Excluded Ltd",
                                                                                   "excluded: no accreditation")]
    out = Writer(110)
    out.table(HEADERS, rows, LITERAL)
    assert out.getvalue() == _by_rich_table(rows)
    assert out._console is None  # written here, not by Rich


def test_a_ranking_wider_than_the_console_is_left_to_rich_to_wrap() -> None:
    rows = [_row("1", "B" * 60, "excluded: " + "a long reason " * 6)]
    assert _written_table(rows) == _by_rich_table(rows)


def test_cells_rich_would_read_or_measure_are_left_to_rich() -> None:
    for bidder in ["宮崎 株式会社", "Café :smile: Ltd", "[bold]x[/bold]", "Tab\there", "Ｆｕｌｌ"]:
        rows = [_row("1", bidder), _row("2", "Plain")]
        assert _written_table(rows) == _by_rich_table(rows), bidder
    rows = [["[b]1[/b]", "Plain", "1:smile:", "2", "3", "ranked"]]
    assert _written_table(rows) == _by_rich_table(rows)


_cell = st.one_of(st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=30),
                  st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
                          min_size=1, max_size=30))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["1", "2", "17", "–", "100000"]), _cell, _cell), min_size=1,
                     max_size=6), width=st.sampled_from([40, 80, 110]))
def test_any_ranking_is_written_as_rich_writes_it(rows: list[tuple[str, str, str]], width: int) -> None:
    table = [_row(rank, bidder, outcome) for rank, bidder, outcome in rows]
    assert _written_table(table, width) == _by_rich_table(table, width)


@settings(max_examples=200, deadline=None)
@given(line=st.one_of(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=140),
                      st.text(st.characters(min_codepoint=9, max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
                              max_size=140)), width=st.sampled_from([40, 110]))
def test_any_line_is_written_as_rich_prints_it(line: str, width: int) -> None:
    written, by_rich = Writer(width), Writer(width)
    written.line(line)
    by_rich.rich(line, markup=False, soft_wrap=True)
    assert written.getvalue() == by_rich.getvalue()
    written, by_rich = Writer(width), Writer(width)
    for soft_wrap in (True, False):
        written.text(line, soft_wrap=soft_wrap)
        by_rich.rich(Text(line), soft_wrap=soft_wrap)
    assert written.getvalue() == by_rich.getvalue()


def test_emoji_codes_in_a_line_are_printed_as_rich_prints_them() -> None:
    written, by_rich = Writer(110), Writer(110)
    written.line("Bidder :smile: won")
    by_rich.rich("Bidder :smile: won", markup=False, soft_wrap=True)
    assert written.getvalue() == by_rich.getvalue()
    assert ":smile:" not in written.getvalue()
