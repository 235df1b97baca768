"""Broken specs are reported exactly as recorded, and every diagnostic code is tested and documented.

Each folder in tests/diagnostics/ is one case: a small project (svspec.toml and the broken files),
`expected.txt` with the rendered diagnostics, and optionally `entries.txt` (the files to check,
one a line; default `main.svspec`) and `max-bytes.txt` (a lowered file size limit).
Run `pytest --update-goldens` to rewrite the expected files and review them with `git diff`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import svspec
from svspec.cli import main
from svspec.diagnostics import REGISTRY, Diagnostic, Severity
from svspec.diagnostics.render import render_json, render_text
from svspec.semantics import loader
from svspec.semantics.compile import sort_diagnostics
from tests.conftest import ROOT

CASES = ROOT / "tests" / "diagnostics"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())
Golden = Callable[[Path, str], None]


def entries(case: Path) -> list[Path]:
    listed = case / "entries.txt"
    names = listed.read_text(encoding="utf-8").split() if listed.exists() else ["main.svspec"]
    return [case / name for name in names]


def check_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Diagnostic], dict[str, str]]:
    """The diagnostics of a case as `svspec check` would print them, and the sources they quote."""
    limit = case / "max-bytes.txt"
    if limit.exists():
        monkeypatch.setattr(loader, "MAX_SPEC_BYTES", int(limit.read_text(encoding="utf-8")))
    results = svspec.check(entries(case), project_warnings=True)
    sources: dict[str, str] = {}
    for result in results:
        sources.update(result.sources)
    return sort_diagnostics([d for r in results for d in r.diagnostics]), sources


def test_there_are_at_least_forty_broken_specs() -> None:
    assert len(CASE_DIRS) >= 40


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_broken_specs_are_reported_exactly_as_recorded(case: Path, golden: Golden,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    diagnostics, sources = check_case(case, monkeypatch)
    assert diagnostics, "a broken spec must produce at least one diagnostic"
    golden(case / "expected.txt", render_text(diagnostics, sources, color=False))


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_every_broken_spec_fails_the_check_or_warns(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    diagnostics, _ = check_case(case, monkeypatch)
    assert any(d.severity >= Severity.WARNING for d in diagnostics)
    for d in diagnostics:
        assert d.code in REGISTRY
        assert "__" not in d.message and "$END" not in d.message, "raw parser token names must never show"
        assert not re.search(r"\b(?:_NL|_INDENT|_DEDENT|PROSE_LINE|NAME|STRING|PERCENT)\b", d.message)


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_every_diagnostic_points_at_a_real_place_in_its_file(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    diagnostics, sources = check_case(case, monkeypatch)
    for d in diagnostics:
        spans = [d.span] + [r.span for r in d.related] if d.span else [r.span for r in d.related]
        for span in spans:
            assert span is not None
            assert (span.line, span.column) <= (span.end_line, span.end_column)
            text = sources.get(span.file)
            if text is None:
                continue
            lines = text.split("\n")
            assert 1 <= span.line <= span.end_line <= len(lines)
            assert span.end_column <= len(lines[span.end_line - 1]) + 2


def test_json_output_carries_the_documented_fields(golden: Golden) -> None:
    case = CASES / "weights-do-not-sum"
    result = CliRunner().invoke(main, ["check", "--format", "json", str((case / "main.svspec").relative_to(ROOT))])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    items = json.loads(result.stdout)
    for item in items:
        for field in ("code", "severity", "message", "file", "line", "column", "end_line", "end_column", "hint"):
            assert field in item
    golden(case / "expected.json", result.stdout)


def test_json_output_of_a_syntax_error_gives_the_exact_span() -> None:
    case = CASES / "syntax-misspelt-answer-kind"
    result = CliRunner().invoke(main, ["check", "--format", "json", str(case / "main.svspec")])
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)
    assert item["code"] == "syntax/unexpected-token"
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (42, 16, 42, 21)
    assert item["hint"] == "did you mean 'number'?"
    assert item["suggestions"] == ["number"]


def test_text_output_quotes_the_line_and_underlines_the_exact_span() -> None:
    case = CASES / "unknown-scale"
    result = CliRunner().invoke(main, ["check", str(case / "main.svspec")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "error[unknown-scale]" in line)
    source, marker = lines[head + 2], lines[head + 3]
    start = marker.index("^")
    assert source[start:start + marker.count("^")] == "standrad"
    assert "did you mean 'standard'?" in result.stdout


def test_clean_specs_exit_zero_and_broken_ones_exit_one() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["check", "specs"]).exit_code == 0
    assert runner.invoke(main, ["check", str(CASES / "duplicate-name" / "main.svspec")]).exit_code == 1


def test_several_syntax_errors_in_one_file_are_each_reported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    diagnostics, _ = check_case(CASES / "syntax-several-errors-recovered", monkeypatch)
    lines = [d.span.line for d in diagnostics if d.span]
    assert len(lines) == len(set(lines)) == 5, "each independent mistake is reported exactly once"


# ---------------------------------------------------------------- the registry
_CODE_CHARS = "a-z0-9/-"


def _test_texts() -> str:
    tests = ROOT / "tests"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in tests.rglob("*")
             if p.is_file() and p.suffix in (".py", ".txt", ".json", ".yaml", ".yml") and "__pycache__" not in p.parts]
    return "\n".join(texts)


def test_every_registry_code_is_triggered_by_some_test() -> None:
    """Scans tests/ (test files and golden files) for each code; other stages' codes count too."""
    texts = _test_texts()
    missing = [code for code in REGISTRY
               if not re.search(rf"(?<![{_CODE_CHARS}]){re.escape(code)}(?![{_CODE_CHARS}])", texts)]
    assert not missing, f"no test triggers these codes: {missing}"


def test_every_core_code_appears_in_a_golden_file() -> None:
    from svspec.diagnostics import registry

    goldens = "\n".join(p.read_text(encoding="utf-8") for p in CASES.rglob("expected.txt"))
    core = [code for code in registry.REGISTRY if code in _core_codes()]
    missing = [code for code in core if f"[{code}]" not in goldens]
    assert not missing, f"core codes with no broken-spec golden: {missing}"


def _core_codes() -> set[str]:
    from svspec.diagnostics import (
        codes_attach,
        codes_bids,
        codes_delivery,
        codes_input,
        codes_scoring,
        codes_site,
        codes_spectest,
        codes_tailor,
        codes_tender_model,
    )

    others = (set(codes_bids.CODES) | set(codes_scoring.CODES) | set(codes_site.CODES) | set(codes_input.CODES)
              | set(codes_spectest.CODES) | set(codes_delivery.CODES) | set(codes_tender_model.CODES)
              | {code for code in codes_tailor.CODES if code.startswith("bid/")}
              | set(codes_attach.CODES))  # bid codes, triggered by tests/bids/test_attachments.py
    return set(REGISTRY) - others


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_code_is_documented(code: str) -> None:
    spec = REGISTRY[code]
    assert re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*(?:/[a-z]+(?:-[a-z0-9]+)*)?", code), "codes are kebab-case"
    assert spec.title and spec.title[0].isupper()
    assert len(spec.explanation) >= 40, "the explanation is what `svspec explain` prints"
    assert spec.message


def test_explain_prints_the_documentation_of_a_code() -> None:
    result = CliRunner().invoke(main, ["explain", "weights-do-not-sum"])
    assert result.exit_code == 0
    assert REGISTRY["weights-do-not-sum"].title in result.output


def test_rendered_json_round_trips_every_golden_case(monkeypatch: pytest.MonkeyPatch) -> None:
    for case in CASE_DIRS:
        diagnostics, _ = check_case(case, monkeypatch)
        items = json.loads(render_json(diagnostics))
        assert [i["code"] for i in items] == [d.code for d in diagnostics]


@pytest.mark.parametrize("name", [
    "syntax-error-on-block-opener",
    "syntax-expected-indent",
    "syntax-expected-indent-mid-file",
    "syntax-inconsistent-dedent",
    "syntax-unclosed-text-block",
    "syntax-tab-indent",
    "syntax-unterminated-string-alone",
    "syntax-first-line-of-block-misaligned",
    "syntax-deleted-block-opener",
    "duplicate-setting-merged-measures",
    "duplicate-selection",
    "missing-unit-no-cascade",
    "unknown-unit-no-cascade",
    "missing-criterion-no-cascade",
    "unknown-measure-no-cascade",
    "unknown-outcome",
    "unknown-value-set",
    "percentage-over-100-only",
    "scale-levels-not-descending",
])
def test_one_mistake_gives_exactly_one_diagnostic_not_a_cascade(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    diagnostics, _ = check_case(CASES / name, monkeypatch)
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
