"""The terminal report's text, written directly where Rich's layout is plain, by Rich elsewhere.

`svspec score` on 100,000 bids prints a ranking of 100,000 rows and a line for each bid whose shown
total disagrees with its rank: through Rich's layout engine (measuring, wrapping and cropping every
cell, one `print` per line) that took 46 s of CPU. Most of it needs no layout: a line of printable
ASCII that Rich would not wrap, and a table whose every cell fits its column. Those are written
here, as Rich writes them (the tests compare the two, byte for byte); anything else — colour, a
line Rich would wrap or read an emoji code in (`:smile:`), a cell with wide or unusual
characters, a table wider than the console — is printed by Rich itself, in order.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

_EMOJI_CODE = re.compile(r":\S+?:")
"""Rich replaces `:name:` in a printed string with an emoji: such a string is left to Rich."""


def _plain(text: str) -> bool:
    """Printable ASCII: one character a cell, nothing Rich expands (tabs) or breaks on (newlines)."""
    return text.isascii() and text.isprintable()


class Writer:
    """A recording Rich console's text, with plain lines and plain tables written without Rich."""

    def __init__(self, width: int, *, color: bool = False) -> None:
        self.width, self.color = width, color
        self._parts: list[str] = []
        self._console: Any = None

    def rich(self, *objects: Any, **options: Any) -> None:
        """Print through Rich (the report's console settings), keeping the order of the parts."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(record=True, width=self.width, force_terminal=self.color,
                                    color_system="standard" if self.color else None, file=io.StringIO(),
                                    highlight=False)
        self._console.print(*objects, **options)
        self._parts.append(self._console.export_text(styles=self.color, clear=True))

    def text(self, line: str, *, style: str = "", soft_wrap: bool = True) -> None:
        """`console.print(Text(line, style=style), soft_wrap=...)`: literal text, never markup or emoji."""
        if not self.color and _plain(line) and line and (soft_wrap or len(line) <= self.width):
            self._parts.append(line + "\n")
        else:
            from rich.text import Text

            self.rich(Text(line, style=style), soft_wrap=soft_wrap)

    def line(self, line: str) -> None:
        """`console.print(line, markup=False, soft_wrap=True)`: a string Rich reads for emoji codes."""
        if not self.color and _plain(line) and line and not _EMOJI_CODE.search(line):
            self._parts.append(line + "\n")
        else:
            self.rich(line, markup=False, soft_wrap=True)

    def table(self, headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]],
              literal: Sequence[bool], styles: Sequence[str] = ()) -> None:
        """`rich.table.Table(show_lines=False)` with these (header, justify) columns and rows (each with
        its style, shown in colour only), printed: written here when there is no colour, every cell is
        plain and the table fits the console, else by Rich.

        `literal[c]` says column c's cells are `Text` (never markup); other cells are strings Rich
        reads for markup and emoji, so those holding `[` or `:` are left to Rich."""
        widths = None if self.color else _widths(headers, rows, literal, self.width)
        if widths is None:
            self.rich(_rich_table(headers, rows, literal, styles))
            return
        self._parts.append(_drawn(headers, rows, widths))

    def getvalue(self) -> str:
        return "".join(self._parts)


def _widths(headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], literal: Sequence[bool],
            width: int) -> list[int] | None:
    """Each column's width as Rich lays it out (its widest line, padded by one each side), or None when
    Rich's layout would do more than that (a cell it would read, wrap or measure differently)."""
    if not rows:
        return None
    widths = []
    for c, (header, _) in enumerate(headers):
        lines = header.split("\n")
        if not all(_plain(line) for line in lines) or "[" in header or _EMOJI_CODE.search(header):
            return None
        widest = max(len(line) for line in lines)
        for row in rows:
            cell = row[c]
            if not _plain(cell) or not cell or (not literal[c] and ("[" in cell or ":" in cell)):
                if cell == "–" and not literal[c]:  # an excluded bid's rank: one cell wide
                    widest = max(widest, 1)
                    continue
                return None
            if len(cell) > widest:
                widest = len(cell)
        widths.append(widest + 2)
    if sum(widths) + len(widths) + 1 > width:
        return None
    return widths


def _drawn(headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], widths: list[int]) -> str:
    """The table in Rich's HEAVY_HEAD box: headers aligned to the bottom of the header row."""
    justify = [j for _, j in headers]

    def cells(values: Sequence[str], left: str, middle: str, right: str) -> str:
        out = []
        for value, w, j in zip(values, widths, justify, strict=True):
            out.append(" " + (value.rjust(w - 2) if j == "right" else value.ljust(w - 2)) + " ")
        return left + middle.join(out) + right + "\n"

    split = [h.split("\n") for h, _ in headers]
    height = max(len(lines) for lines in split)
    parts = ["┏" + "┳".join("━" * w for w in widths) + "┓\n"]
    for n in range(height):
        parts.append(cells([lines[n - (height - len(lines))] if n >= height - len(lines) else ""
                            for lines in split], "┃", "┃", "┃"))
    parts.append("┡" + "╇".join("━" * w for w in widths) + "┩\n")
    parts.extend(cells(row, "│", "│", "│") for row in rows)
    parts.append("└" + "┴".join("─" * w for w in widths) + "┘\n")
    return "".join(parts)


def _rich_table(headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], literal: Sequence[bool],
                styles: Sequence[str]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for header, justify in headers:
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for r, row in enumerate(rows):
        table.add_row(*(Text(cell) if literal[c] else cell for c, cell in enumerate(row)),
                      style=styles[r] if styles else None)
    return table
