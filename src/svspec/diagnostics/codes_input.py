"""Diagnostic codes of the one reader for untrusted files (`svspec.reader`) and of names (`svspec.names`).

Each kind of file gets the same family of codes under its own prefix (`bid/duplicate-key`,
`marks/duplicate-key`), written once here as templates: `$noun` is the kind of file ("marks
file"), `$Noun` the same with a capital. Codes that bids had before the reader was shared stay in
`codes_bids.py` with their words unchanged, and are not generated again. Joined into
`registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

_TEMPLATES: dict[str, Spec] = {
    "not-a-file": Spec(
        severity=E,
        title="$Noun is not a regular file",
        message="cannot read '{path}': it is {what}, not a regular file",
        explanation="svspec reads a $noun only from a regular file. A folder, a named pipe or a device "
        "(such as /dev/zero) is refused before anything is read from it, so that a wrong path can never "
        "make svspec wait for ever or read without end.",
        hint="give the path of the $noun itself",
    ),
    "file-too-large": Spec(
        severity=E,
        title="$Noun too large",
        message="'{path}' is {size} bytes; a $noun may be at most {limit} bytes",
        explanation="svspec refuses very large files so that a wrong file (or a deliberately huge one) "
        "cannot exhaust memory. It never reads past the limit.",
    ),
    "not-utf8": Spec(
        severity=E,
        title="$Noun is not UTF-8 text",
        message="'{path}' is not UTF-8 text (byte {offset} cannot be decoded)",
        explanation="A $noun is plain UTF-8 text. A file saved by a word processor or in another "
        "encoding cannot be read.",
        hint="save the $noun as plain text in UTF-8",
    ),
    "json-syntax": Spec(
        severity=E,
        title="The $noun is not valid JSON",
        message="this is not valid JSON: {reason}",
        explanation="The file could not be read as JSON (RFC 8259): keys and text in double quotes, no "
        "trailing commas, no comments, numbers without quotes, and no key given twice.",
    ),
    "too-deep": Spec(
        severity=E,
        title="The $noun is nested too deeply",
        message="the $noun is nested more than {limit} levels deep",
        explanation="Very deep nesting is refused because a $noun never needs it and it can exhaust the "
        "reader.",
    ),
    "yaml-reference": Spec(
        severity=E,
        title="YAML anchors, aliases and merge keys are not allowed",
        message="YAML anchors (&name), aliases (*name) and merge keys (<<) are not allowed in a $noun",
        explanation="Aliases let a small file expand into an enormous one (an 'alias bomb': a few "
        "hundred bytes that take minutes to read) and make it unclear what was actually written. svspec "
        "refuses the first anchor or alias it meets, before expanding anything.",
        hint="write each value out in full",
    ),
    "yaml-unsafe-tag": Spec(
        severity=E,
        title="YAML tag not allowed",
        message="the YAML tag {tag} is not allowed in a $noun",
        explanation="A $noun holds only plain text, numbers, yes/no, lists and mappings. Tags such as "
        "!!python/object could make a careless reader run code; svspec never constructs tagged values "
        "and refuses the file instead.",
        hint="remove the tag (the text starting with !)",
    ),
    "bad-key": Spec(
        severity=E,
        title="Key that is not plain text",
        message="this key is a list or mapping; keys in a $noun are plain names",
        explanation="Keys in a $noun are field names and codes, written as plain text.",
    ),
    "duplicate-key": Spec(
        severity=E,
        title="Key given twice",
        message="'{key}' is given twice (first on line {line})",
        explanation="Each key appears once in its mapping. When a key is repeated, most YAML readers "
        "silently keep the last one: a second `E1:` would replace a mark, a second `bidder:` in one "
        "entry would move a mark to another bidder. svspec refuses the file rather than guess, and "
        "shows both places.",
        hint="delete one of the two",
    ),
    "ambiguous-value": Spec(
        severity=E,
        title="Value that YAML reads differently from a person",
        message="'{text}' is read by YAML as {reading}, not as written",
        explanation="YAML 1.1, which most YAML readers follow, reads some plain words as values a person "
        "would not expect: 012 is the octal number 10, 0x1F is 31, 0b101 is 5, 1:30 is 90 (base 60), "
        "1_000 is 1000, 1.5e+3 is 1500, .inf is infinity, and on and off are yes and no. svspec never "
        "guesses: a number is written in plain decimal digits (12, 2.5, -3) and anything else is refused, "
        "saying what YAML would have read. Text that looks like a number goes in quotes.",
    ),
    "bad-name": Spec(
        severity=E,
        title="Name with invisible, control or lookalike characters",
        message="the name '{name}' {reason}",
        explanation="Bidders and evaluators are identified by name in rankings, marks and reports. A name "
        "that differs from another only by an invisible character (a zero-width space, a right-to-left "
        "override), a control character or a letter from another alphabet that looks the same (Cyrillic "
        "А for Latin A) would make two bidders look like one, or one like two. Names are compared after "
        "Unicode normalisation (NFC), with spaces trimmed and each run of spaces made one; a name holding "
        "anything invisible or misleading is refused. Invisible characters are shown as <U+200B>.",
        hint="retype the name in letters of one alphabet, without special characters",
    ),
}


def family(prefix: str, noun: str, problems: tuple[str, ...] | None = None) -> dict[str, Spec]:
    """The reader's codes for one kind of file: `PREFIX/PROBLEM` for each problem (all by default)."""
    out = {}
    for problem, spec in _TEMPLATES.items():
        if problems is not None and problem not in problems:
            continue
        out[f"{prefix}/{problem}"] = Spec(
            severity=spec.severity,
            title=_fill(spec.title, noun),
            message=_fill(spec.message, noun),
            explanation=_fill(spec.explanation, noun),
            hint=_fill(spec.hint, noun) if spec.hint else None,
        )
    return out


def _fill(text: str, noun: str) -> str:
    return text.replace("$Noun", noun[0].upper() + noun[1:]).replace("$noun", noun)


CODES: dict[str, Spec] = {
    # Bids had most reader codes before the reader was shared (codes_bids.py); these are new.
    **family("bid", "bid", ("not-a-file", "ambiguous-value", "bad-name")),
    # marks/unreadable and marks/invalid-yaml (codes_scoring.py) stand for file-not-found and
    # yaml-syntax; every other reader problem has its marks code here.
    **family("marks", "marks file"),
    # Test files (`svspec test`): test/unreadable, test/invalid-yaml and the checks of what a test
    # file holds are in codes_spectest.py.
    **family("test", "test file", ("not-a-file", "file-too-large", "not-utf8", "json-syntax", "too-deep",
                                   "yaml-reference", "yaml-unsafe-tag", "bad-key", "duplicate-key",
                                   "ambiguous-value")),
    "score/lookalike-bidders": Spec(
        severity=E,
        title="Two bidders whose names look the same",
        message="'{bidder}' and '{other}' differ only in letter case or in letters that look alike",
        explanation="Reports, marks and tie-breaks identify bids by the bidder's name, and a reader "
        "cannot tell two names apart that differ only in capitals or in lookalike letters from another "
        "alphabet (Cyrillic А, Greek Α and Latin A). Either one bidder sent two bids, or one name was "
        "typed to pass for another; both are for the buyer to settle before scoring.",
        hint="check with the bidders which name is right, and correct the `bidder:` line",
    ),
}
