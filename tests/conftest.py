"""Shared test fixtures: golden files with an update flag, and paths to the example specs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# In CI (CI=true) property tests use a fixed seed, so a landing is never decided by luck; run
# them locally (or with HYPOTHESIS_PROFILE=explore) to search new examples.
# No per-example deadline: timings are not behaviour, and a busy machine must not fail a test.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
PYODIDE = ROOT / "tools" / "pyodide" / "node_modules" / "pyodide"
# Sites built by the tests leave Pyodide (13 MB a site) out; the in-browser check's own tests
# (tests/site/test_check_browser.py, test_check_files.py) name it with SVSPEC_PYODIDE.
os.environ.setdefault("SVSPEC_PYODIDE", "")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files with the current output (review with git diff)")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare `actual` with the golden file at `path`; with --update-goldens, rewrite it.

    A missing golden file fails the test (it is never created silently).
    """
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(f"golden file {path.relative_to(ROOT)} is missing: run pytest --update-goldens")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path.relative_to(ROOT)} (pytest --update-goldens)"

    return check


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Diagnostics show paths relative to the working folder: make that the repository."""
    monkeypatch.chdir(ROOT)
