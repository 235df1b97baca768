"""Characters no spec may hold are refused where they stand (issue 8, item 9).

A U+FFFE in a title made the guidance site's mkdocs.yml unreadable, and a U+2028 line separator
started new keys in the YAML bid template. The outputs escape both, and the compiler refuses
them first, with their line and column, so an author finds the invisible character.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import svspec


@pytest.mark.parametrize(("char", "kind"), [
    ("\ufffe", "non-character"), ("\uffff", "non-character"), ("\ufdd0", "non-character"),
    ("\U0001fffe", "non-character"), ("\u2028", "line separator"), ("\u2029", "paragraph separator"),
    ("\x85", "control character"), ("\x9b", "control character"), ("\x07", "control character"),
])
def test_an_invisible_character_in_a_title_is_refused_with_its_position(tmp_path: Path, char: str, kind: str) -> None:
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    spec = tmp_path / "main.svspec"
    spec.write_text(f'framework demo "Bins{char}bidder: x"\n  version 1\n', encoding="utf-8")
    result = svspec.load(spec)
    assert not result.ok and result.model is None
    [problem] = [d for d in result.diagnostics if d.code == "syntax/invalid-character"]
    assert problem.message == f"the file contains the {kind} U+{ord(char):04X}"
    assert problem.span is not None and (problem.span.line, problem.span.column) == (1, 21)


def test_ordinary_unicode_text_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    spec = tmp_path / "main.svspec"
    spec.write_text('framework demo "Café — Łódź 😀 “quoted” £5\u00a0000"\n  version 1\n', encoding="utf-8")
    assert svspec.load(spec).ok
