"""A Pygments lexer for `.svspec` files, so ```svspec blocks are highlighted in generated sites
and in svspec's own docs. Registered as the `svspec` entry point in `pygments.lexers`.

It follows grammar/svspec.lark closely enough for colouring; it never reports errors (a
half-written spec in a tutorial still highlights).
"""

from __future__ import annotations

from typing import ClassVar

from pygments.lexer import RegexLexer, bygroups, words  # type: ignore[import-untyped,unused-ignore]
from pygments.token import (  # type: ignore[import-untyped,unused-ignore]
    Comment,
    Keyword,
    Name,
    Number,
    Punctuation,
    String,
    Text,
    Whitespace,
)

DECLARATIONS = ("framework", "tender", "theme", "outcome", "measure", "pathway", "scale", "question", "proxy")

KEYWORDS: tuple[str, ...] = (
    "replaced", "until",
    "any", "criterion", "exactly", "excludes", "judged", "outcomes",
    "narrative", "sub-criterion", "tagged", "tags", "within",
    "abnormally", "award", "before", "deviation", "for", "held", "if", "included", "investigation", "low",
    "next", "others", "places", "point", "ranking", "round", "shortlist", "ties", "top", "totals",
    "weighting", "whole",  # whole points per question (issue 12 item 3)
    "components", "times",  # price components, whole-life cost (issue 12 item 4)
    "activity", "additional", "adjust", "after", "against", "all", "among", "and", "answer", "applies",
    "apportioned", "approaching", "assuming", "at", "attest", "attribution", "bands", "best", "bid", "bids",
    "break", "by", "capped", "characters", "choice", "clamped", "closes", "compare", "confidence",
    "consensus", "contract", "contributes", "counting", "credibility", "criteria", "currency", "days",
    "deadweight", "discount", "displacement", "double", "drawing", "drop-off", "due", "each", "earliest",
    "edition", "effective", "end", "evaluators", "every", "evidence", "file", "from", "gate", "good",
    "impact", "improvement", "in", "kpis", "lasts", "least", "licence", "linear", "local", "lots", "lowest",
    "mark", "mean", "measures", "minimum", "mobilisation", "moderation", "money", "month", "months", "most",
    "no", "number", "of", "on", "only", "or", "otherwise", "output", "over", "owner", "pass", "passing",
    "per", "period", "points", "policy", "price", "priority", "quality", "quarter", "questions", "rating",
    "record", "relative", "report", "requires", "returns", "scored", "scores", "set", "social", "source",
    "starts", "submission", "target", "text", "the", "tie", "to", "total", "unclamped", "unit", "up", "uses",
    "value", "values", "verified", "version", "weight", "with", "words", "year", "years", "yes",
    "extends", "rename", "drop", "change",  # frameworks built on another (docs/language/extends.md)
    "discounted", "first", "investment", "leakage", "sum", "undiscounted",  # valuation (issue 9 items 4, 8)
)
# Targets (issue 9 items 1, 9, 10): delivery minimums, rising figures, advice and waivers.
KEYWORDS += ("approved", "below", "commitments", "excluded", "is", "nothing", "reason", "recommended", "rising",
             "waiver")
KEYWORDS += ("part",)  # double counting on the numbers (issue 9 item 12): `part of R1`

_NAME = r"[A-Za-z][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*"


class SvspecLexer(RegexLexer):  # type: ignore[misc,unused-ignore]
    """Lexer for svspec social value frameworks, tenders and value sets."""

    name = "svspec"
    aliases: ClassVar[list[str]] = ["svspec"]
    filenames: ClassVar[list[str]] = ["*.svspec"]
    mimetypes: ClassVar[list[str]] = ["text/x-svspec"]
    url = "https://pypi.org/project/svspec/"

    tokens: ClassVar[dict[str, list]] = {  # type: ignore[type-arg]
        "root": [
            (r"[ \t]+", Whitespace),
            (r"\r?\n", Whitespace),
            (r"#[^\r\n]*", Comment.Single),
            (r'"""', String.Doc, "long-string"),
            (r'"(?:[^"\\\r\n]|\\.)*"?', String.Double),
            (r"(summary|why|guidance|note)([ \t]*)(:)([ \t]*)([^\r\n]*)",
             bygroups(Keyword, Whitespace, Punctuation, Whitespace, Text)),
            (r"(summary|why|guidance|note)\b", Keyword),
            (r"(value)([ \t]+)(set)([ \t]+)(" + _NAME + ")",
             bygroups(Keyword.Declaration, Whitespace, Keyword.Declaration, Whitespace, Name.Class)),
            (r"(" + "|".join(DECLARATIONS) + r")([ \t]+)(" + _NAME + r")(?=[ \t]*(?:\"|,|\r?\n|#|$))",
             bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (r"£(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", Number),
            (r"\d+(?:\.\d+)?%", Number),
            (r"\d{4}-\d{2}-\d{2}", Number),
            (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*(?:[-+][A-Za-z0-9.]+)?", Number),
            (words(KEYWORDS + DECLARATIONS, suffix=r"(?![A-Za-z0-9_.\-])"), Keyword),
            (_NAME, Name),
            (r"[,:£]", Punctuation),
            (r".", Text),
        ],
        "long-string": [
            (r'"""', String.Doc, "#pop"),
            (r'\\.|[^"\\]+|"', String.Doc),
        ],
    }
