"""`svspec new` writes a test that passes, and the example of docs/testing-specs.md runs as shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.spectest.support import run

PAGE = ROOT / "docs" / "testing-specs.md"
_TITLED = re.compile(r'^```(?:svspec|yaml) title="(?P<title>[^"]+)"\n(?P<body>.*?)^```$', re.M | re.S)
_TEXT = re.compile(r"^```text\n(?P<body>.*?)^```$", re.M | re.S)


@pytest.mark.parametrize("name", ["demo", "Lambeth-2026", "policy"])
def test_the_new_project_has_an_example_test_that_passes(tmp_path: Path, name: str) -> None:
    assert run("new", name, "--dir", str(tmp_path))[0] == 0
    code, out = run("test", str(tmp_path / name))
    assert code == 0, out
    assert out.rstrip("\n").split("\n")[-1] == "1 passed, 0 failed"


def test_the_new_projects_example_test_fails_when_its_expectation_is_wrong(tmp_path: Path) -> None:
    assert run("new", "demo", "--dir", str(tmp_path))[0] == 0
    test_file = tmp_path / "demo" / "tests" / "example.svtest.yaml"
    text = test_file.read_text(encoding="utf-8")
    assert "Example Supplier Ltd: 96.10" in text
    test_file.write_text(text.replace("Example Supplier Ltd: 96.10", "Example Supplier Ltd: 95"), encoding="utf-8")
    code, out = run("test", str(tmp_path / "demo"))
    assert code == 1
    assert "expected: 95" in out and "actual:   96.10 (1.10 more than expected)" in out


def _docs_project(folder: Path) -> Path:
    """The files of the docs page, written as one project."""
    (folder / "svspec.toml").write_text('[project]\nname = "docs example"\n', encoding="utf-8")
    text = PAGE.read_text(encoding="utf-8")
    for match in _TITLED.finditer(text):
        path = folder / match["title"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(match["body"], encoding="utf-8")
    return folder


def test_the_docs_example_passes_exactly_as_the_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _docs_project(tmp_path)
    monkeypatch.chdir(project)
    code, out = run("test", "tests")
    assert code == 0
    shown = _TEXT.findall(PAGE.read_text(encoding="utf-8"))
    assert "$ svspec test tests\n" + out in shown


def test_the_failure_shown_in_the_docs_is_what_svspec_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _docs_project(tmp_path)
    monkeypatch.chdir(project)
    test_file = project / "tests" / "parks.svtest.yaml"
    text = test_file.read_text(encoding="utf-8")
    assert "Parkcare Ltd: 88.33" in text
    test_file.write_text(text.replace("Parkcare Ltd: 88.33", "Parkcare Ltd: 90   "), encoding="utf-8")
    code, out = run("test", "tests")
    assert code == 1
    assert out in _TEXT.findall(PAGE.read_text(encoding="utf-8"))


def test_winner_none_expects_a_tie_or_no_ranked_bid_and_an_excluded_bid_has_no_rank(tmp_path: Path) -> None:
    project = _docs_project(tmp_path)
    bid = "{{tender: parks-2027, bidder: {name}, price: 2000000, social_value: {{AT1: 5, AT3: {pays}}}}}"
    test_file = project / "tests" / "tie.svtest.yaml"
    for pays, status in (("yes", "pass"), ("no", "fail")):
        test_file.write_text(f"""tender: ../tender.svspec
cases:
  - name: Two equal bids tie, and neither wins alone
    bids:
      - {bid.format(name="A Ltd", pays="yes")}
      - {bid.format(name="B Ltd", pays=pays)}
    expect:
      winner: none
      ranks: {{A Ltd: 1, B Ltd: 1}}
""", encoding="utf-8")
        code, out = run("test", str(test_file), "--format", "json")
        [case] = json.loads(out)["cases"]
        assert (case["status"], code) == (status, 0 if status == "pass" else 1)
    assert {(f["what"], f["expected"], f["actual"], f["line"]) for f in case["failures"]} == {
        ("winner", "none", "A Ltd", 8), ("rank of B Ltd", "1", "excluded (fails the gate on AT3)", 9)}
