"""Helpers for the `svspec test` tests: running the command and making projects to test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from svspec.cli import main
from tests.conftest import SPECS


def run(*args: str) -> tuple[int, str]:
    """`svspec ARGS`: the exit status and everything printed."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out = run(*args, "--format", "json")
    return code, json.loads(out)


def lambeth(tmp_path: Path) -> Path:
    """A copy of the Lambeth example project (specs/ with only lambeth/), so a test can add test
    files to it and count exactly the cases it knows."""
    project = tmp_path / "specs"
    shutil.copytree(SPECS, project, ignore=lambda folder, names: [
        n for n in names if Path(folder) == SPECS and n not in ("lambeth", "svspec.toml")])
    return project


WASTE_HEAD = """tender: ../waste-2027.svspec
cases:
  - name: Acme and Greenway
    bids: [../bids/waste-acme.yaml, ../bids/waste-greenway.json]
    marks: ../marks/waste-2027.yaml
"""
"""The start of a test file in specs/lambeth/tests: one case with two bids and the shared marks file."""


CASE = Path("lambeth", "tests", "case.svtest.yaml")
"""Where `write_test` writes, inside the copied project."""


def write_test(project: Path, text: str, name: str = "case.svtest.yaml") -> Path:
    """A test file in the Lambeth example's tests folder."""
    path = project / "lambeth" / "tests" / name
    path.write_text(text, encoding="utf-8")
    return path
