"""Load the svspec grammar shipped inside the package and build the LALR parser once."""

from __future__ import annotations

import functools
import os
import re
import tempfile
from importlib import resources
from pathlib import Path

from lark import Lark, Token, parse_tree_builder
from lark.lexer import PatternStr

from svspec.syntax.indent import Indentation
from svspec.syntax.positions import LeanPositions

_REPO_GRAMMAR = Path(__file__).resolve().parents[3] / "grammar" / "svspec.lark"


def grammar_text() -> str:
    """The grammar: from the installed wheel, or from the repository in a development checkout."""
    packaged = resources.files("svspec").joinpath("grammar/svspec.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return _REPO_GRAMMAR.read_text(encoding="utf-8")


def _cache_path() -> str | bool:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "svspec")
    try:
        os.makedirs(folder, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, delete=True)
        probe.close()
    except OSError:
        return False
    return os.path.join(folder, "grammar.lark-cache")


NEWLINES: list[Token] = []
"""Newline tokens (which carry comments) seen by the lexer during the current parse."""


def _remember_newline(token: Token) -> Token:
    NEWLINES.append(token)
    return token


@functools.cache
def build_parser(strict: bool = False) -> Lark:
    """The LALR parser with the contextual lexer and position tracking."""
    options: dict[str, object] = dict(
        parser="lalr",
        lexer="contextual",
        postlex=Indentation(),
        propagate_positions=True,
        maybe_placeholders=False,
        strict=strict,
        lexer_callbacks={"_NL": _remember_newline},
    )
    if not strict:
        options["cache"] = _cache_path()
    original = parse_tree_builder.PropagatePositions
    parse_tree_builder.PropagatePositions = LeanPositions  # type: ignore[misc,assignment]
    try:
        return Lark(grammar_text(), **options)
    finally:
        parse_tree_builder.PropagatePositions = original  # type: ignore[misc]


_NAMED = {
    "NAME": "a name",
    "STRING": "quoted text",
    "LONG_STRING": 'a """ text block',
    "PROSE_LINE": "text",
    "NUMBER": "a number",
    "PERCENT": "a percentage like 25%",
    "FRACTION": "a fraction like 1/3",
    "MONEY": "an amount like £1,000",
    "DATE": "a date like 2026-04-01",
    "VERSION": "a version like 2026.1",
    "VERSION_WILDCARD": "a version series like 2026.*",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
}
_ALTERNATIVES = re.compile(r"^\(\?:(.*)\)$")


@functools.cache
def terminal_words() -> dict[str, tuple[str, ...]]:
    """For each terminal, how to name it to a person: keywords quoted, others in words."""
    parser = build_parser()
    words: dict[str, tuple[str, ...]] = {}
    for term in parser.terminals:
        if term.name in _NAMED:
            words[term.name] = (_NAMED[term.name],)
        elif isinstance(term.pattern, PatternStr):
            words[term.name] = (f'"{term.pattern.value}"',)
        else:
            match = _ALTERNATIVES.match(term.pattern.value)
            if match:
                options = sorted(a.replace("\\", "") for a in match.group(1).split("|"))
                words[term.name] = tuple(f'"{o}"' for o in options)
    for name, phrase in _NAMED.items():
        words.setdefault(name, (phrase,))
    return words


def keywords() -> frozenset[str]:
    """Every keyword of the language, for 'did you mean'."""
    out: set[str] = set()
    for options in terminal_words().values():
        for option in options:
            if option.startswith('"') and option[1:2].isalpha():
                out.add(option.strip('"'))
    return frozenset(out)
