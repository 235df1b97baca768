"""`svspec new`: a first project that checks cleanly, validates and scores out of the box."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import svspec
from svspec.cli import main
from svspec.syntax.formatter import format_text


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


EXPECTED_FILES = ["bids/example-bid.yaml", "framework.svspec", "marks/example-marks.yaml", "svspec.toml",
                  "tender.svspec", "tests/example.svtest.yaml", "values.svspec"]


def test_new_creates_a_project_with_a_framework_value_set_tender_bid_and_marks(tmp_path: Path) -> None:
    code, out = run("new", "demo", "--dir", str(tmp_path))
    assert code == 0
    project = tmp_path / "demo"
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == EXPECTED_FILES
    assert "svspec check" in out


@pytest.mark.parametrize("name", ["demo", "Lambeth-2026", "my_council.v2", "policy", "measure"])
def test_the_new_project_checks_with_no_errors_and_no_warnings(tmp_path: Path, name: str) -> None:
    assert run("new", name, "--dir", str(tmp_path))[0] == 0
    project = tmp_path / name
    results = svspec.check(sorted(project.glob("*.svspec")), project_warnings=True)
    assert [d.code for r in results for d in r.diagnostics] == []
    code, out = run("check", str(project))
    assert code == 0 and "error" not in out and "warning" not in out


def test_the_new_framework_has_what_a_first_framework_needs(tmp_path: Path) -> None:
    run("new", "demo", "--dir", str(tmp_path))
    framework = svspec.load(tmp_path / "demo" / "framework.svspec").model
    assert framework is not None
    assert len(framework.themes) >= 2 and framework.scales and framework.policy is not None and framework.value_sets
    measures = framework.measures
    assert len(measures) >= 3 and len({m.answer.kind for m in measures}) >= 3
    assert all(m.evidence for m in measures if m.default_scoring is not None)


def test_the_new_project_is_already_formatted_and_teaches_with_comments(tmp_path: Path) -> None:
    run("new", "demo", "--dir", str(tmp_path))
    for spec in (tmp_path / "demo").glob("*.svspec"):
        text = spec.read_text(encoding="utf-8")
        assert format_text(text) == text
        assert text.startswith("#"), f"{spec.name} should open with a comment explaining it"


def test_the_example_bid_is_valid_and_scores_with_the_example_marks(tmp_path: Path) -> None:
    run("new", "demo", "--dir", str(tmp_path))
    project = tmp_path / "demo"
    bid = yaml.safe_load((project / "bids" / "example-bid.yaml").read_text(encoding="utf-8"))
    assert bid["tender"] == "demo-tender"
    tender, example = str(project / "tender.svspec"), str(project / "bids" / "example-bid.yaml")
    assert run("validate", tender, example)[0] == 0
    code, out = run("score", tender, example, "--marks", str(project / "marks" / "example-marks.yaml"))
    assert code == 0 and "Example Supplier Ltd" in out


def test_new_creates_the_folder_in_the_working_folder_by_default(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "demo")[0] == 0
    assert (tmp_path / "demo" / "framework.svspec").is_file()


def test_new_refuses_a_folder_that_exists_and_leaves_it_alone(tmp_path: Path) -> None:
    existing = tmp_path / "demo"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine", encoding="utf-8")
    code, out = run("new", "demo", "--dir", str(tmp_path))
    assert code == 2 and "already exists" in out
    assert [p.name for p in existing.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("name", ["9lives", "has space", "dot.", "a/b", "a..b", "£"])
def test_new_refuses_a_name_that_is_not_an_svspec_name(tmp_path: Path, name: str) -> None:
    code, out = run("new", name, "--dir", str(tmp_path))
    assert code == 2 and "letters, digits" in out
    assert list(tmp_path.iterdir()) == []
