"""The compiled outputs: scoring.json and a standalone scoring.py that gives exactly the engine's results."""

from __future__ import annotations

import ast
import csv
import importlib.util
import io
import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings

import svspec
from svspec import model
from svspec.bids.jsontext import dumps
from svspec.bids.model import Bid
from svspec.emit.scoring_model import emit
from svspec.scoring import engine, report
from tests.conftest import SPECS
from tests.scoring.helpers import write_tender
from tests.scoring.test_properties import TENDER, bid_lists, make

DEMO_BIDS = ["waste-acme.yaml", "waste-greenway.json", "score-brixton.yaml", "score-citywide.yaml",
             "score-stockwell.yaml"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[model.Tender, Path, ModuleType]:
    folder = tmp_path_factory.mktemp("built")
    tender = write_tender(folder / "spec", TENDER)
    emit(tender, folder)
    spec = importlib.util.spec_from_file_location("standalone_scoring", folder / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["standalone_scoring"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return tender, folder, module


def test_scoring_py_imports_only_the_standard_library(built: tuple[model.Tender, Path, ModuleType]) -> None:
    tree = ast.parse((built[1] / "scoring.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported - sys.stdlib_module_names == {"yaml"}  # optional: only to read YAML bids, inside a try


def test_scoring_json_is_the_documented_portable_model(built: tuple[model.Tender, Path, ModuleType]) -> None:
    data = json.loads((built[1] / "scoring.json").read_text(encoding="utf-8"))
    assert data["format"] == "svspec-scoring/1"
    assert list(data) == ["format", "generator", "tender", "rounding", "total_points", "moderation",
                          "compare_among", "tie_break", "criteria", "scales"]
    social = next(c for c in data["criteria"] if c["kind"] == "social value")
    assert social["weight"] == "0.3"
    assert next(i for i in social["items"] if i["code"] == "GIFT")["rule"] == {
        "kind": "value-per-pound", "target": "0.25", "points_cap": "0.9"}


def test_building_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    tender = svspec.load(SPECS / "lambeth" / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    emit(tender, tmp_path / "a")
    emit(tender, tmp_path / "b")
    for name in ("scoring.json", "scoring.py"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def _json_bid(bid: Bid) -> dict[str, object]:
    """The bid as svspec validate accepts it: numbers as exact JSON numbers (write with `dumps`)."""
    return {"tender": bid.tender, "bidder": bid.bidder, "submitted": bid.submitted, "price": bid.price,
            "quality": dict(bid.quality), "social_value": dict(bid.social_value)}


def test_standalone_scoring_py_equals_the_engine_on_thousands_of_generated_bids(
        built: tuple[model.Tender, Path, ModuleType], tmp_path: Path) -> None:
    tender, folder, _ = built
    rng = random.Random(20270115)
    data = [{"price": Decimal(rng.randint(50_000, 150_000)) / 100 * 100,
             "answers": {c: Decimal(rng.randint(0, 300_000)) / 10 for c in ("JOBS", "APP", "WEEKS", "HOURS", "GIFT")},
             "living_wage": rng.random() < 0.9, "mark": rng.choice(range(0, 101, 10)), "day": rng.randint(1, 28)}
            for _ in range(3000)]
    bids, mark_set = make(tender, data)
    paths = []
    for n, b in enumerate(bids):
        path = tmp_path / f"bid-{n:04d}.json"
        path.write_text(dumps(_json_bid(b)), encoding="utf-8")
        paths.append(str(path))
    marks_path = tmp_path / "marks.json"
    marks_path.write_text(json.dumps({"tender": tender.name, "marks": [
        {"bidder": e.bidder, "item": e.item, "evaluators": {"E1": {"mark": str(e.moderated), "reason": "r"}},
         "consensus": {"mark": str(e.moderated), "reason": "r"}} for e in mark_set.entries]}), encoding="utf-8")  # type: ignore[attr-defined]
    run = subprocess.run([sys.executable, str(folder / "scoring.py"), "--json", "--marks", str(marks_path), *paths],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    standalone = json.loads(run.stdout)
    scoring, _ = engine.score(tender, bids, mark_set)  # type: ignore[arg-type]
    assert scoring is not None
    ours = report.rows(scoring)
    assert len(standalone) == len(ours) == 3000
    for theirs, mine in zip(standalone, ours, strict=True):
        assert (theirs["rank"], theirs["bidder"], theirs["total"]) == (mine["rank"], mine["bidder"], mine["total"])
        for kind in ("price", "quality", "social value"):
            assert theirs[kind] == mine[kind]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=bid_lists)
def test_standalone_core_equals_the_engine_on_generated_bids(built: tuple[model.Tender, Path, ModuleType],
                                                             data: list[dict]) -> None:  # type: ignore[type-arg]
    tender, _, module = built
    bids, mark_set = make(tender, data)
    scoring, _ = engine.score(tender, bids, mark_set)  # type: ignore[arg-type]
    assert scoring is not None
    inputs = [module.BidInput(bidder=b.bidder, price=b.price, submitted=b.submitted,
                              answers={**b.quality, **b.social_value},
                              marks={"Q1": mark_set.get(b.bidder, "Q1").moderated})  # type: ignore[attr-defined]
              for b in bids]
    theirs = module.score(module.load_plan(module.MODEL), inputs)
    assert [theirs.totals[i] for i in theirs.order] == [b.total for b in scoring.ranked]
    assert [theirs.bidders[i] for i in theirs.order] == [b.bidder for b in scoring.ranked]


def test_standalone_scoring_py_scores_the_lambeth_demo_like_svspec_score(tmp_path: Path) -> None:
    tender = svspec.load(SPECS / "lambeth" / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    emit(tender, tmp_path)
    bids = [str(SPECS / "lambeth" / "bids" / name) for name in DEMO_BIDS]
    marks_file = str(SPECS / "lambeth" / "marks" / "waste-2027.yaml")
    run = subprocess.run([sys.executable, str(tmp_path / "scoring.py"), "--json", "--marks", marks_file, *bids],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    spec = str(SPECS / "lambeth" / "waste-2027.svspec")
    engine_run = subprocess.run([sys.executable, "-m", "svspec.cli", "score", spec, *bids, "--marks", marks_file,
                                 "--format", "csv"], capture_output=True, text=True, check=False)
    assert engine_run.returncode == 0, engine_run.stderr
    totals = {row[1]: row[-2] for row in list(csv.reader(io.StringIO(engine_run.stdout)))[1:]}
    assert {row["bidder"]: row["total"] for row in json.loads(run.stdout)} == totals


def test_standalone_reports_bad_input_without_a_traceback(built: tuple[model.Tender, Path, ModuleType],
                                                          tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"bidder": "X", "price": "12", "social_value": {"JOBS": "lots"}}', encoding="utf-8")
    run = subprocess.run([sys.executable, str(built[1] / "scoring.py"), str(path)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 1 and run.stderr.startswith("error:") and "Traceback" not in run.stderr
    usage = subprocess.run([sys.executable, str(built[1] / "scoring.py")], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
