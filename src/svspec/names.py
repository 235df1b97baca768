"""Names of bidders and evaluators: one normal form, and a refusal for what would mislead a reader.

A bidder's name is how a bid is known in rankings, marks, tie-breaks and published reports, so
two names a person reads as the same must be the same name, and a name must show what it is.
`normalise` gives the one form names are compared in (Unicode NFC, spaces trimmed, each run of
spaces one space); `problem` says in words why a name is refused: control characters, line
breaks, invisible characters (zero-width spaces, direction overrides), letters of the Latin,
Greek and Cyrillic alphabets mixed in one name (a Cyrillic А passing for a Latin A), and letters
in mathematical or full-width forms. `skeleton` is what a reader sees, to find two different
names that look the same (`Acme` and `ACME`, or an all-Cyrillic `Асме`). `shown` writes a name
with its invisible characters made visible (`Acme<U+200B>`), for messages.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)
"""Characters that show as nothing although Unicode files them as letters or marks."""

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_CONFUSABLE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")

_LOOKALIKES = str.maketrans({
    # Cyrillic letters drawn like Latin ones
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "Ү": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ү": "y", "к": "k", "м": "m", "н": "h", "т": "t", "в": "b",
    # Greek letters drawn like Latin ones
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "α": "a", "ρ": "p",
    "υ": "u", "χ": "x",
})


def normalise(name: str) -> str:
    """The form a name is compared and shown in: NFC, trimmed, each run of spaces one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def _hidden(char: str) -> bool:
    return char in _INVISIBLE or unicodedata.category(char) in _HIDDEN_CATEGORIES


def shown(name: str) -> str:
    """The name with every invisible or control character, and every space other than a plain
    one, written as <U+XXXX>: safe to print, and showing what is really there."""
    return "".join(f"<U+{ord(c):04X}>" if _hidden(c) or (c.isspace() and c != " ") else c for c in name)


def problem(name: str) -> str | None:
    """Why a name is refused, in words that finish "the name '...' "; None when it is fine."""
    if name.isascii() and name.isprintable():
        return None  # printable ASCII holds none of the characters below, and its letters are all Latin
    for char in name:
        category = unicodedata.category(char)
        code = f"<U+{ord(char):04X}>"
        if char in "\n\r\u0085\u2028\u2029":
            return f"holds a line break ({code}); a name is one line"
        if category == "Cc":
            return f"holds a control character ({code})"
        if category == "Cs":
            return f"holds {code}, half of a character pair that is not valid text on its own"
        if char in _BIDI:
            return f"holds an invisible text-direction control ({code}) that can make it read differently"
        if category == "Co":
            return f"holds a private-use character ({code}), which each computer shows differently or not at all"
        if category == "Cn":
            return f"holds {code}, which is not an assigned Unicode character"
        if char in _INVISIBLE or category in _HIDDEN_CATEGORIES:
            return f"holds an invisible character ({code})"
    scripts: dict[str, str] = {}
    for char in unicodedata.normalize("NFC", name):
        if not unicodedata.category(char).startswith("L"):
            continue
        words = unicodedata.name(char, "").split()
        script = words[0] if words else ""
        if script in ("MATHEMATICAL", "FULLWIDTH", "HALFWIDTH"):
            form = " ".join(words).lower()
            return f"holds the letter '{char}' in a special form ({form}); type it as an ordinary letter"
        if script in _CONFUSABLE_SCRIPTS:
            scripts.setdefault(script, char)
    if len(scripts) > 1:
        (first, a), (second, b) = sorted(scripts.items(), key=lambda item: name.index(item[1]))[:2]
        return (f"mixes letters of the {first.title()} and {second.title()} alphabets ('{a}' is {first.title()}, "
                f"'{b}' is {second.title()}), which look alike")
    return None


def skeleton(name: str) -> str:
    """What a reader sees of a name: two names with the same skeleton cannot be told apart."""
    folded = unicodedata.normalize("NFKC", normalise(name)).translate(_LOOKALIKES)
    return folded.casefold()
