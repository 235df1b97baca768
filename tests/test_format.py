"""`svspec fmt` and `svspec.format_source`: one canonical layout that keeps meaning and comments."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svspec
from svspec.cli import main
from svspec.diagnostics import Severity
from svspec.scaffold import render
from svspec.syntax.builder import build
from svspec.syntax.formatter import FormatRefused, ast_shape, format_text
from svspec.syntax.grammar import keywords
from svspec.syntax.parser import parse

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "format"
BROKEN = 'framework f "F"\n  version 1\n  theme t "T"\n    weigth 50%\n'


def shape(text: str) -> object:
    """The AST of `text` without positions; fails the test if the text does not parse."""
    result = parse(text, "spec.svspec")
    assert result.tree is not None and not result.diagnostics, [d.message for d in result.diagnostics]
    tree, problems = build(result.tree, "spec.svspec", text)
    errors = [d for d in problems if d.severity is Severity.ERROR]  # a warning (a # in prose) keeps the shape
    assert not errors, [d.message for d in errors]
    return ast_shape(tree)


def parses(text: str) -> bool:
    """Whether `text` has no syntax errors (including bad numbers and dates)."""
    result = parse(text, "spec.svspec")
    if result.tree is None or result.diagnostics:
        return False
    return not any(d.severity is Severity.ERROR for d in build(result.tree, "spec.svspec", text)[1])


def comment_texts(text: str) -> list[str]:
    return [c.text for c in parse(text, "spec.svspec").comments]


def golden_inputs() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*.svspec") if not p.name.endswith(".expected.svspec"))


def docs_examples() -> list[tuple[str, str]]:
    """Fenced svspec examples in the docs that parse on their own (fragments are skipped)."""
    examples: list[tuple[str, str]] = []
    for page in [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]:
        if page.is_file():
            blocks = re.findall(r"^```[^\n]*svspec[^\n]*\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M)
            examples += [(f"{page.relative_to(ROOT)} example {i + 1}", block)
                         for i, block in enumerate(blocks) if parses(block)]
    return examples


def every_spec_in_the_repository() -> list[tuple[str, str]]:
    files = sorted(ROOT.joinpath("specs").rglob("*.svspec")) + sorted(ROOT.joinpath("tests").rglob("*.svspec"))
    specs: list[tuple[str, str]] = []
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if parses(text):
            specs.append((str(path.relative_to(ROOT)), text))
    specs += [(f"svspec new: {path}", text) for path, text in render("demo").items() if path.endswith(".svspec")]
    specs += docs_examples()
    return specs


# ---------------------------------------------------------------- layout
@pytest.mark.parametrize("case", golden_inputs(), ids=lambda p: p.stem)
def test_untidy_specs_are_laid_out_exactly_as_recorded(case: Path, golden: Callable[[Path, str], None]) -> None:
    golden(case.with_suffix(".expected.svspec"), format_text(case.read_text(encoding="utf-8"), case.name))


@pytest.mark.parametrize("case", golden_inputs(), ids=lambda p: p.stem)
def test_every_comment_survives_formatting_in_order(case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    assert comment_texts(format_text(text)) == comment_texts(text)


@pytest.mark.parametrize(("name", "text"), [pytest.param(n, t, id=n) for n, t in every_spec_in_the_repository()])
def test_formatting_every_spec_in_the_repository_is_idempotent_and_keeps_its_meaning(name: str, text: str) -> None:
    once = format_text(text, name)
    assert format_text(once, name) == once
    assert shape(once) == shape(text)
    assert comment_texts(once) == comment_texts(text)


def test_the_lambeth_examples_are_already_formatted() -> None:
    for path in sorted((ROOT / "specs").rglob("*.svspec")):
        text = path.read_text(encoding="utf-8")
        assert format_text(text, path.name) == text, f"{path.name} is not in the canonical layout"


def test_numbers_are_kept_as_written() -> None:
    text = 'value set v "V"\n  proxy a   £28,213 per FTE\n  proxy b £101.00   per hour\n  proxy c £0.5 per x\n'
    formatted = format_text(text)
    assert "£28,213 per FTE" in formatted and "£101.00 per hour" in formatted and "£0.5 per x" in formatted


def test_canonical_keywords_follow_the_count() -> None:
    text = 'framework f "F"\n  policy\n    at most 1 measures\n    at least 3 measure from jobs\n'
    assert format_text(text) == 'framework f "F"\n  policy\n    at most 1 measure\n    at least 3 measures from jobs\n'


def test_a_trailing_comment_stays_on_its_line_and_a_leading_one_above_its_statement() -> None:
    text = 'framework f "F"   # the framework\n    # owner next\n    owner "Me"#mine\n'
    assert format_text(text) == 'framework f "F"  # the framework\n  # owner next\n  owner "Me"  #mine\n'


def test_a_file_holding_only_comments_keeps_them() -> None:
    assert format_text("# one\n\n\n   # two\n") == "# one\n\n# two\n"


def test_windows_line_endings_and_a_byte_order_mark_are_normalised() -> None:
    assert format_text('\ufeffframework f "F"\r\n  version 1\r\n') == 'framework f "F"\n  version 1\n'


# ---------------------------------------------------------------- refusal
def test_a_spec_with_a_syntax_error_is_refused_with_its_diagnostics() -> None:
    with pytest.raises(FormatRefused) as refused:
        svspec.format_source(BROKEN, "broken.svspec")
    assert isinstance(refused.value, svspec.SvspecError)
    assert [d.code for d in refused.value.diagnostics] == ["syntax/unexpected-token"]
    assert refused.value.diagnostics[0].span is not None and refused.value.diagnostics[0].span.line == 4


def test_a_spec_with_a_bad_number_or_date_is_refused() -> None:
    with pytest.raises(FormatRefused):
        format_text('framework f "F"\n  effective 2026-02-30\n')
    with pytest.raises(FormatRefused):
        format_text('value set v "V"\n  proxy a £1234567890123456 per x\n')


# ---------------------------------------------------------------- the command
def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


UNTIDY = 'framework   f "F"\n    version 1\n'
TIDY = 'framework f "F"\n  version 1\n'


def test_fmt_rewrites_untidy_files_in_place_and_says_which(tmp_path: Path) -> None:
    untidy, tidy = tmp_path / "a.svspec", tmp_path / "sub" / "b.svspec"
    tidy.parent.mkdir()
    untidy.write_text(UNTIDY, encoding="utf-8")
    tidy.write_text(TIDY, encoding="utf-8")
    code, out = run("fmt", str(tmp_path))
    assert code == 0
    assert untidy.read_text(encoding="utf-8") == TIDY and tidy.read_text(encoding="utf-8") == TIDY
    assert "reformatted" in out and "a.svspec" in out and "b.svspec" not in out.split("\n")[0]


def test_fmt_check_writes_nothing_and_exits_1_when_a_file_would_change(tmp_path: Path) -> None:
    spec = tmp_path / "a.svspec"
    spec.write_text(UNTIDY, encoding="utf-8")
    code, out = run("fmt", "--check", str(spec))
    assert code == 1 and "would reformat" in out and "a.svspec" in out
    assert spec.read_text(encoding="utf-8") == UNTIDY


def test_fmt_check_exits_0_when_everything_is_formatted(tmp_path: Path) -> None:
    spec = tmp_path / "a.svspec"
    spec.write_text(TIDY, encoding="utf-8")
    assert run("fmt", "--check", str(spec))[0] == 0
    assert run("fmt", "--check", "specs")[0] == 0


def test_fmt_refuses_a_file_with_a_syntax_error_and_leaves_it_byte_identical(tmp_path: Path) -> None:
    broken, untidy = tmp_path / "broken.svspec", tmp_path / "untidy.svspec"
    broken.write_bytes(BROKEN.encode("utf-8"))
    untidy.write_text(UNTIDY, encoding="utf-8")
    code, out = run("fmt", str(tmp_path))
    assert code == 1
    assert "syntax/unexpected-token" in out and "weigth" in out
    assert broken.read_bytes() == BROKEN.encode("utf-8")
    assert untidy.read_text(encoding="utf-8") == TIDY


def test_fmt_reports_refusals_as_json_on_request(tmp_path: Path) -> None:
    broken = tmp_path / "broken.svspec"
    broken.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--format", "json", str(broken)])
    assert result.exit_code == 1
    assert '"code": "syntax/unexpected-token"' in result.stdout


def test_an_interrupted_write_leaves_the_original_file_intact(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "a.svspec"
    spec.write_text(UNTIDY, encoding="utf-8")

    def interrupted(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", interrupted)
    code, out = run("fmt", str(spec))
    assert code == 1 and "could not write" in out
    assert spec.read_text(encoding="utf-8") == UNTIDY
    assert [p.name for p in tmp_path.iterdir()] == ["a.svspec"]


def test_fmt_keeps_file_permissions_and_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.svspec"
    real.write_text(UNTIDY, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.svspec"
    link.symlink_to(real)
    assert run("fmt", str(link))[0] == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == TIDY
    assert real.stat().st_mode & 0o777 == 0o640


def test_format_source_is_the_public_way_to_format_text() -> None:
    assert svspec.format_source(UNTIDY) == TIDY


def test_fmt_without_spec_files_is_a_usage_error(tmp_path: Path) -> None:
    assert run("fmt", str(tmp_path))[0] == 2
    assert run("fmt", str(tmp_path / "missing.svspec"))[0] == 2


# ---------------------------------------------------------------- generated specs
KEYWORDS = keywords()
NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,5}(?:[.\-][A-Za-z0-9_]{1,3}){0,2}", fullmatch=True).filter(
    lambda n: n not in KEYWORDS)
VERSIONS = st.from_regex(r"[0-9]{1,4}(?:\.[0-9]{1,3}){0,2}(?:[-+][a-z0-9.]{1,4})?", fullmatch=True)
DATES = st.dates().map(lambda d: d.isoformat()).filter(lambda d: len(d) == 10)
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), exclude_characters='"\\')
ANY_CHAR = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"))
SPACE = st.sampled_from([" ", " ", "  ", "   ", " \t "])

Stmt = tuple[tuple[str, ...], tuple["Stmt", ...]]


def stmt(*tokens: str, children: tuple[Stmt, ...] = ()) -> Stmt:
    return (tokens, children)


@st.composite
def numbers(draw: st.DrawFn) -> str:
    whole = draw(st.integers(0, 10**9))
    text = f"{whole:,}" if whole >= 1000 and draw(st.booleans()) else str(whole)
    if draw(st.booleans()):
        text += "." + draw(st.from_regex(r"[0-9]{1,4}", fullmatch=True))
    return text


PERCENTS = st.builds(lambda n, d: f"{n}{d}%", st.integers(0, 150), st.sampled_from(["", ".5", ".25", ".0"]))
MONEY = numbers().map(lambda n: "£" + n)
NUMBERS = numbers()


@st.composite
def strings(draw: st.DrawFn) -> str:
    """Quoted text as an author may write it: unicode, escaped quotes and backslashes."""
    escape = st.builds(lambda c: "\\" + c, ANY_CHAR)
    return '"' + "".join(draw(st.lists(st.one_of(PRINTABLE, PRINTABLE, escape), max_size=12))) + '"'


@st.composite
def blocks(draw: st.DrawFn) -> str:
    """A triple-quoted block over several lines, with indentation, quotes and escapes."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        pieces = draw(st.lists(st.one_of(
            PRINTABLE, st.builds(lambda c: "\\" + c, ANY_CHAR), st.builds(lambda c: '"' + c, PRINTABLE)),
            max_size=10))
        lines.append(" " * draw(st.integers(0, 8)) + "".join(pieces))
    return '"""' + "\n".join(lines) + '"""'


PROSE_LINES = st.builds(lambda first, rest: first + rest,
                        st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), exclude_characters="# "),
                        st.text(ANY_CHAR, max_size=20))


def lists(items: st.SearchStrategy[str], max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    """`a, b, c` as tokens."""
    def join(values: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for value in values:
            out += [",", value] if out else [value]
        return tuple(out)
    return st.lists(items, min_size=1, max_size=max_size).map(join)


def options(*choices: st.SearchStrategy[tuple[str, ...]]) -> st.SearchStrategy[tuple[str, ...]]:
    """`, option` parts, each at most once, in any order."""
    def join(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
        return tuple(token for part in parts for token in (",", *part))
    return st.permutations(choices).flatmap(
        lambda order: st.tuples(*order, st.integers(0, len(order))).map(lambda t: join(list(t[: t[-1]]))))


def prose() -> st.SearchStrategy[Stmt]:
    keys = st.sampled_from(["summary", "why", "guidance", "note"])
    return st.one_of(
        st.builds(lambda k, t: stmt(k, ":", t), keys, PROSE_LINES),
        st.builds(lambda k, t: stmt(k, t), keys, strings()),
        st.builds(lambda k, t: stmt(k, t), keys, blocks()),
    )


AMOUNTS = st.one_of(st.builds(lambda n, u: (n, *u), NUMBERS, st.one_of(st.just(()), NAMES.map(lambda u: (u,)))),
                    MONEY.map(lambda m: (m,)), PERCENTS.map(lambda p: (p,)))
WHEN = st.sampled_from(["with the bid", "at mobilisation", "every month", "every quarter", "every year",
                        "at contract end"]).map(lambda w: tuple(w.split()))
RULES = st.one_of(
    st.builds(lambda a, b, c: ("linear", "from", *a, "to", *b, *c), AMOUNTS, AMOUNTS,
              st.sampled_from([(), ("clamped",), ("unclamped",)])),
    st.just(("relative", "to", "best")),
    NAMES.map(lambda n: ("by", "evaluators", "on", "scale", n)),
    MONEY.map(lambda m: ("by", "value", "per", "£", "against", m)),
    st.just(("by", "value", "relative", "to", "best")),
    st.just(("yes", "or", "no")),
)
MODIFIERS = st.lists(st.one_of(
    AMOUNTS.map(lambda a: (",", "capped", "at", *a)),
    PERCENTS.map(lambda p: (",", "points", "capped", "at", p)),
    AMOUNTS.map(lambda a: (",", "minimum", *a)),
    AMOUNTS.map(lambda a: (",", "gate", "at", "least", *a)),
    st.just((",", "gate", "yes")),
    NAMES.map(lambda n: (",", "credibility", "by", "evaluators", "on", "scale", n)),
), max_size=3).map(lambda parts: tuple(t for part in parts for t in part))
BANDS = st.lists(st.one_of(
    st.builds(lambda a, p: stmt("at", "least", *a, "scores", p), AMOUNTS, PERCENTS),
    PERCENTS.map(lambda p: stmt("otherwise", p)),
), min_size=1, max_size=3)
SCORED = st.one_of(
    st.builds(lambda r, m: stmt("scored", *r, *m), RULES, MODIFIERS),
    BANDS.map(lambda bands: stmt("scored", "in", "bands", children=tuple(bands))),
)
ANSWERS = st.one_of(
    st.builds(lambda kind, bounds: stmt("answer", kind, *(t for b in bounds for t in b)),
              st.sampled_from(["number", "money"]),
              st.lists(st.builds(lambda side, a: (*side, *a), st.sampled_from([("at", "least"), ("at", "most")]),
                                 AMOUNTS), max_size=2)),
    st.just(stmt("answer", "yes", "or", "no")),
    lists(strings()).map(lambda choices: stmt("answer", "choice", *choices)),
    st.just(stmt("answer", "text")),
    st.builds(lambda n, unit: stmt("answer", "text", "up", "to", n, unit), NUMBERS,
              st.sampled_from(["words", "characters"])),
    st.just(stmt("answer", "file")),
)
PROXY_OPTIONS = options(strings().map(lambda s: ("source", s)), VERSIONS.map(lambda v: ("edition", v)))
MEASURE_ITEMS = st.one_of(
    prose(), ANSWERS, SCORED,
    NAMES.map(lambda n: stmt("unit", n)),
    st.sampled_from([("record", "only"), ("apportioned",), ("local", "only")]).map(lambda f: stmt(*f)),
    st.builds(lambda m, n, y, o: stmt("value", m, "per", n, *y, *o), MONEY, NAMES,
              st.sampled_from([(), ("per", "year")]), PROXY_OPTIONS),
    st.builds(lambda a, b: stmt("value", a, "from", b), NAMES, NAMES),
    lists(st.builds(lambda k, p: f"{k} {p}", st.sampled_from(["deadweight", "displacement", "attribution",
                                                             "drop-off"]), PERCENTS)).map(
        lambda parts: stmt("adjust", *parts)),
    st.builds(lambda n, p: stmt("lasts", n, p), NUMBERS, st.sampled_from(["years", "year", "months", "month"])),
    st.builds(lambda p, y: stmt("discount", p, *y), PERCENTS, st.sampled_from([(), ("per", "year")])),
    st.builds(lambda s, w, v: stmt("evidence", s, *w, *v), strings(), WHEN,
              st.one_of(st.just(()), strings().map(lambda s: (",", "verified", "by", s)))),
    strings().map(lambda s: stmt("attest", s)),
    st.builds(lambda s, w: stmt("report", s, *w), strings(), WHEN),
    st.builds(lambda r, names: stmt(*r.split(), *names),
              st.sampled_from(["contributes to", "no double counting with", "additional to"]), lists(NAMES)),
)


def block(header: st.SearchStrategy[tuple[str, ...]], items: st.SearchStrategy[Stmt],
          max_size: int = 4) -> st.SearchStrategy[Stmt]:
    return st.builds(lambda h, c: stmt(*h, children=tuple(c)), header, st.lists(items, min_size=1, max_size=max_size))


def titled(keyword: str) -> st.SearchStrategy[tuple[str, ...]]:
    return st.builds(lambda n, s: (*keyword.split(), n, s), NAMES, strings())


MEASURES = block(titled("measure"), MEASURE_ITEMS, max_size=6)
WEIGHTS = PERCENTS.map(lambda p: stmt("weight", p))
OUTCOMES = block(titled("outcome"), st.one_of(prose(), WEIGHTS, MEASURES), max_size=3)
THEMES = block(titled("theme"), st.one_of(prose(), WEIGHTS, OUTCOMES), max_size=3)
POLICY = block(st.just(("policy",)), st.one_of(
    PERCENTS.map(lambda p: stmt("social", "value", "at", "least", p)),
    st.builds(lambda n, p, b: stmt("measures", "from", n, "at", "least", p, "of", *b), NAMES, PERCENTS,
              st.sampled_from([("total",), ("social", "value")])),
    st.builds(lambda n, m: stmt("at", "most", n, m), NUMBERS, st.sampled_from(["measure", "measures"])),
    st.builds(lambda n, m, g: stmt("at", "least", n, m, *g), NUMBERS, st.sampled_from(["measure", "measures"]),
              st.one_of(st.just(()), NAMES.map(lambda g: ("from", g)))),
    PERCENTS.map(lambda p: stmt("each", "measure", "at", "least", p)),
    MONEY.map(lambda m: stmt("applies", "from", m)),
))
SCALES = block(st.builds(lambda n, t: ("scale", n, *t), NAMES, st.one_of(st.just(()), strings().map(lambda s: (s,)))),
               st.builds(lambda v, label, d: stmt(v, label, *d), st.one_of(NUMBERS, PERCENTS), strings(),
                         st.one_of(st.just(()), PROSE_LINES.map(lambda p: (":", p)), strings().map(lambda s: (s,)))))
PATHWAYS = block(titled("pathway"), st.one_of(
    prose(),
    st.builds(lambda k, target, o: stmt(k, target, *o), st.sampled_from(["activity", "output", "outcome", "impact"]),
              st.one_of(NAMES, strings()),
              options(strings().map(lambda s: ("assuming", s)), PERCENTS.map(lambda p: ("confidence", p)))),
))
SETTINGS = st.one_of(
    VERSIONS.map(lambda v: stmt("version", v)),
    strings().map(lambda s: stmt("owner", s)),
    DATES.map(lambda d: stmt("effective", d)),
    NAMES.map(lambda n: stmt("currency", n)),
    strings().map(lambda s: stmt("licence", s)),
    strings().map(lambda s: stmt("source", s)),
)
FRAMEWORKS = block(titled("framework"), st.one_of(
    SETTINGS, prose(), POLICY, SCALES, THEMES, PATHWAYS,
    lists(NAMES).map(lambda names: stmt("priority", *names)),
    st.builds(lambda n, v, s: stmt("values", n, v, "from", s), NAMES, VERSIONS, strings()),
    st.builds(lambda n, s: stmt("unit", n, s), NAMES, strings()),
), max_size=6)
CRITERIA = block(st.just(("criteria",)), st.builds(
    lambda k, p, o: stmt(*k.split(), p, *o), st.sampled_from(["price", "quality", "social value"]), PERCENTS,
    options(st.just(("scored", "relative", "to", "lowest")),
            st.builds(lambda a, b: ("scored", "linear", "from", a, "to", b), MONEY, MONEY),
            PERCENTS.map(lambda p: ("pass", "mark", p)))))
QUESTIONS = block(st.just(("quality", "questions")), block(titled("question"), st.one_of(
    prose(), WEIGHTS, ANSWERS, SCORED,
    st.builds(lambda s, w: stmt("evidence", s, *w), strings(), WHEN))))
SELECTIONS = block(st.just(("social", "value", "measures")), st.builds(
    lambda n, p, s: stmt(n, "weight", p, *s), NAMES, PERCENTS,
    st.one_of(st.just(()), st.builds(lambda r, m: (",", "scored", *r, *m), RULES, MODIFIERS))))
TENDERS = block(titled("tender"), st.one_of(
    prose(), CRITERIA, QUESTIONS, SELECTIONS, POLICY, SCALES,
    VERSIONS.map(lambda v: stmt("version", v)),
    DATES.map(lambda d: stmt("closes", d)),
    st.builds(lambda n, v, s: stmt("uses", n, v, "from", s), NAMES, VERSIONS, strings()),
    st.builds(lambda m, n, p: stmt("contract", "value", m, "over", n, p), MONEY, NUMBERS,
              st.sampled_from(["years", "months"])),
    st.sampled_from(["consensus", "mean"]).map(lambda k: stmt("moderation", k)),
    lists(st.sampled_from(["price", "quality", "social value", "earliest submission", "drawing lots"]), 5).map(
        lambda items: stmt("tie", "break", *items)),
    st.sampled_from(["all bids", "passing bids"]).map(lambda s: stmt("compare", "relative", "scores", "among", s)),
), max_size=6)
VALUE_SETS = block(titled("value set"), st.one_of(
    prose(),
    VERSIONS.map(lambda v: stmt("edition", v)),
    strings().map(lambda s: stmt("source", s)),
    strings().map(lambda s: stmt("licence", s)),
    st.builds(lambda n, m, u, y, o: stmt("proxy", n, m, "per", u, *y, *o), NAMES, MONEY, NAMES,
              st.sampled_from([(), ("per", "year")]), PROXY_OPTIONS),
))
COMMENTS = st.text(ANY_CHAR, max_size=15).map(lambda t: "#" + t)


@st.composite
def untidy_specs(draw: st.DrawFn) -> str:
    """A framework, tender or value set written untidily: random indentation widths, spacing,
    blank lines (some holding spaces), full-line comments at any column and trailing comments."""
    lines: list[str] = []

    def gap(indent: int) -> None:
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(["blank", "spaces", "comment", "comment"]))
            if kind == "blank":
                lines.append("")
            elif kind == "spaces":
                lines.append(" " * draw(st.integers(1, 6)))
            else:
                column = draw(st.sampled_from([indent, 0, draw(st.integers(0, 10))]))
                lines.append(" " * column + draw(COMMENTS))

    def write(statements: tuple[Stmt, ...], indent: int) -> None:
        for tokens, children in statements:
            gap(indent)
            line = " " * indent + tokens[0]
            for token in tokens[1:]:
                line += draw(SPACE) + token
            if draw(st.integers(0, 4)) == 0:
                line += draw(SPACE) + draw(COMMENTS)
            elif draw(st.booleans()):
                line += draw(st.sampled_from(["", " ", "  \t"]))
            lines.append(line)
            if children:
                write(children, indent + draw(st.integers(1, 4)))

    declarations = draw(st.lists(st.one_of(FRAMEWORKS, TENDERS, VALUE_SETS), min_size=1, max_size=2))
    write(tuple(declarations), 0)
    gap(0)
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=int(os.environ.get("SVSPEC_FORMAT_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(untidy_specs())
def test_generated_specs_format_idempotently_and_keep_their_ast_and_comments(text: str) -> None:
    before = shape(text)
    once = format_text(text)
    assert format_text(once) == once
    assert shape(once) == before
    assert comment_texts(once) == comment_texts(text)
