"""The command line: exit codes, help, version and explain."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from svspec import __version__
from svspec.cli import COMMANDS, main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_version_prints_the_package_version() -> None:
    code, out = run("--version")
    assert code == 0 and out.strip() == f"svspec {__version__}"


def test_help_lists_every_command() -> None:
    code, out = run("--help")
    assert code == 0
    for name in COMMANDS:
        assert name in out


def test_check_exits_0_on_the_examples() -> None:
    code, _ = run("check", "specs")
    assert code == 0


def test_check_exits_1_and_reports_json_for_a_broken_spec(tmp_path: Path) -> None:
    spec = tmp_path / "broken.svspec"
    spec.write_text('framework f "F"\n  version 1\n  theme t "T"\n    weigth 50%\n', encoding="utf-8")
    code, out = run("check", "--format", "json", str(spec))
    assert code == 1
    problems = json.loads(out)
    assert problems[0]["code"] == "syntax/unexpected-token"
    assert problems[0]["line"] == 4 and problems[0]["column"] == 5
    assert set(problems[0]) >= {"code", "severity", "message", "file", "line", "column", "end_line",
                                "end_column", "hint"}


def test_a_missing_file_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    code, out = run("check", str(tmp_path / "nope.svspec"))
    assert code == 1
    assert "file-not-found" in out


def test_unknown_command_options_are_usage_errors() -> None:
    code, _ = run("check", "--format", "xml", "specs")
    assert code == 2


def test_explain_prints_the_explanation_and_suggests_close_codes() -> None:
    code, out = run("explain", "weights-do-not-sum")
    assert code == 0 and "add up" in out
    code, out = run("explain", "weights-do-not-add")
    assert code == 2 and "weights-do-not-sum" in out
