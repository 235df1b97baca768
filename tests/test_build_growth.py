"""A build does the same work per measure however many measures the tender selects (issue 8,
item 16: 2,000 measures took 102 s, because the scoring plan was rebuilt for every worked example,
openpyxl's `max_row` was read after every row and the site made the templates a second time).

These tests count the repeated work instead of timing it; `benchmarks/bench_build.py` measures
the time (2,000 measures in under 4 s CPU, growth exponent at most 1.1).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import svspec
from svspec import model
from svspec.emit.build import build
from tests.conftest import ROOT


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tenders(tmp_path_factory: pytest.TempPathFactory) -> dict[int, model.Tender]:
    """Tenders selecting 100 and 300 measures (every scored kind of rule)."""
    generate, out = _generator(), {}
    for size in (100, 300):
        path = generate.write_big_tender_project(tmp_path_factory.mktemp(f"big-{size}"), size)
        result = svspec.load(path)
        assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.errors][:3]
        assert len(result.model.selections) == size
        out[size] = result.model
    return out


def counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls to `owner.name` from now on; the list's length is the count."""
    calls: list[int] = []
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


@pytest.fixture
def built(tmp_path: Path, tenders: dict[int, model.Tender]) -> Iterator[Callable[[int], Path]]:
    def run(size: int) -> Path:
        out = tmp_path / f"out-{size}"
        build(tenders[size], out)
        return out

    yield run


def test_the_scoring_plan_is_built_a_fixed_number_of_times_not_once_per_measure(
        monkeypatch: pytest.MonkeyPatch, built: Callable[[int], Path]) -> None:
    from svspec.scoring import core

    calls = counting(monkeypatch, core, "load_plan")
    built(100)
    small = len(calls)
    calls.clear()
    built(300)
    assert len(calls) == small <= 3


def test_the_spreadsheet_template_never_asks_openpyxl_for_max_row_per_row(
        monkeypatch: pytest.MonkeyPatch, tenders: dict[int, model.Tender]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

    from svspec.emit.xlsx import build_workbook

    reads: list[int] = []
    original = Worksheet.max_row

    def max_row(sheet: Worksheet) -> int:
        reads.append(1)
        return int(original.fget(sheet))

    monkeypatch.setattr(Worksheet, "max_row", property(max_row))
    build_workbook(tenders[100])
    small = len(reads)
    reads.clear()
    build_workbook(tenders[300])
    assert len(reads) == small <= 10  # a few reads per workbook (openpyxl reads it too), none per row


def test_a_build_makes_the_templates_once_and_the_site_copies_them(
        monkeypatch: pytest.MonkeyPatch, built: Callable[[int], Path]) -> None:
    from svspec.emit import xlsx

    calls = counting(monkeypatch, xlsx, "workbook_bytes")
    out = built(100)
    assert len(calls) == 1
    downloads = out / "site" / "docs" / "downloads"
    for name in ("bid-schema.json", "bid-template.yaml", "bid-template.json", "bid-template.xlsx"):
        assert (downloads / name).read_bytes() == (out / name).read_bytes()
    for name in ("bid-dialect.json", "bid-vocabulary.json"):
        assert (downloads / name).read_bytes() == (out / "schemas" / name).read_bytes()


def test_a_site_made_on_its_own_still_offers_every_download(tmp_path: Path, tenders: dict[int, model.Tender]) -> None:
    from svspec.emit.site import generate

    result = generate(tenders[100], tmp_path / "site")
    assert result.ok
    names = sorted(p.name for p in (tmp_path / "site" / "docs" / "downloads").iterdir())
    assert names == ["bid-dialect.json", "bid-schema.json", "bid-template.json", "bid-template.xlsx",
                     "bid-template.yaml", "bid-vocabulary.json"]


def test_worked_examples_of_many_items_equal_the_one_at_a_time_examples(tenders: dict[int, model.Tender]) -> None:
    from svspec.scoring import worked_example, worked_examples

    tender = tenders[100]
    answers = {s.code: 10 for s in tender.selections[:14]}
    together = worked_examples(tender, answers)
    assert list(together) == list(answers)
    assert together == {code: worked_example(tender, code, answer) for code, answer in answers.items()}
