"""`svspec validate` accepts the folder `svspec build` wrote (issue 13 item 7): the tender is read
back from its `tender-model.json`, gives the same verdicts and messages as the `.svspec`
sources, and a damaged or hostile model file is refused with a diagnostic, never a traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec import model, modeljson
from svspec.bids.read import load_bid
from svspec.cli import main
from svspec.emit.build import build
from tests.bids.conftest import BIDS
from tests.bids.mutate import example_bids, mutated
from tests.conftest import SPECS

WASTE = SPECS / "lambeth" / "waste-2027.svspec"
MEALS = SPECS / "lambeth" / "meals-2027.svspec"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, waste: model.Tender, meals: model.Tender) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("built")
    return {tender.name: build(tender, root / tender.name) and root / tender.name for tender in (waste, meals)}


def _read_back(folder: Path) -> model.Tender:
    tender, problems = modeljson.load(folder)
    assert tender is not None, [d.message for d in problems]
    return tender


def test_the_model_read_back_from_a_built_folder_equals_the_compiled_one(
        built: dict[str, Path], waste: model.Tender, meals: model.Tender) -> None:
    assert _read_back(built["waste-2027"]) == waste
    assert _read_back(built["meals-2027"]) == meals
    assert _read_back(built["waste-2027"]).framework.measure("LBL1") == waste.framework.measure("LBL1")


def test_decimals_are_written_exactly_as_strings(built: dict[str, Path]) -> None:
    document = json.loads((built["waste-2027"] / modeljson.FILE).read_text(encoding="utf-8"))
    assert document["format"] == "svspec-tender-model" and document["version"] == modeljson.VERSION
    weights = [c["weight"] for c in document["tender"]["criteria"]]
    assert weights == ["0.6", "0.3", "0.1"]


def _verdicts(tender: model.Tender, path: Path) -> tuple[bool, list[tuple[str, str, object, str | None]]]:
    bid, problems = load_bid(path, tender)
    return bid is not None, [(d.code, d.message, d.span, d.hint) for d in problems]


def test_validating_with_the_built_folder_agrees_with_the_sources_on_every_example_and_mutated_bid(
        built: dict[str, Path], waste: model.Tender, meals: model.Tender, tmp_path: Path) -> None:
    sources = {"waste-2027": waste, "meals-2027": meals}
    examples = [p for p in example_bids(BIDS) if p.name.startswith(("waste-", "meals-", "score-"))]
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in examples]
    bids = [*examples, BIDS / "waste-acme.xlsx"]
    for name, text in mutated(seeds, 400, seed=13):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        bids.append(path)
    invalid = 0
    for path in bids:
        tender_name = "meals-2027" if "meals" in path.name else "waste-2027"
        expected = _verdicts(sources[tender_name], path)
        assert _verdicts(_read_back(built[tender_name]), path) == expected, path.name
        invalid += not expected[0]
    assert invalid > 100, "the mutations must make many bids invalid, or the comparison proves little"


def test_validate_of_the_built_folder_prints_what_validate_of_the_spec_prints(built: dict[str, Path]) -> None:
    runner = CliRunner()
    bids = [str(BIDS / "waste-hasty-invalid.yaml"), str(BIDS / "waste-acme.yaml"), str(BIDS / "waste-acme.xlsx")]
    from_spec = runner.invoke(main, ["validate", str(WASTE), *bids, "--format", "json"])
    from_folder = runner.invoke(main, ["validate", str(built["waste-2027"]), *bids, "--format", "json"])
    assert from_spec.exit_code == from_folder.exit_code == 1
    assert from_folder.output == from_spec.output
    assert "bid/" in from_folder.output


def test_a_folder_without_a_tender_model_is_refused_with_tender_model_missing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path), str(BIDS / "waste-acme.yaml")])
    assert result.exit_code == 1
    assert "[tender-model/missing]" in result.output and "svspec build" in result.output


def _damaged(built: dict[str, Path], tmp_path: Path, change: object) -> tuple[model.Tender | None, str]:
    folder = tmp_path / "copy"
    shutil.copytree(built["waste-2027"], folder)
    path = folder / modeljson.FILE
    text = path.read_text(encoding="utf-8")
    if callable(change):
        document = json.loads(text)
        change(document)
        text = json.dumps(document)
    else:
        text = str(change)
    path.write_text(text, encoding="utf-8")
    tender, problems = modeljson.load(folder)
    assert (tender is None) == bool(problems)
    return tender, "\n".join(f"[{d.code}] {d.message}" for d in problems)


def _set(pointer: str, value: object):  # type: ignore[no-untyped-def]
    def change(document: dict[str, object]) -> None:
        parts = pointer.strip("/").split("/")
        target: object = document
        for part in parts[:-1]:
            target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
        if isinstance(target, list):
            target[int(parts[-1])] = value
        else:
            target[parts[-1]] = value  # type: ignore[index]
    return change


@pytest.mark.parametrize(("change", "expected"), [
    ("not json {", "[tender-model/unreadable] cannot read the tender model"),
    ('{"format": "something else"}', "[tender-model/unreadable]"),
    ("[1, 2]", "[tender-model/unreadable]"),
    ("[" * 100_000, "[tender-model/unreadable]"),
    (_set("/version", 2), "[tender-model/version] the tender model"),
    (_set("/version", "1"), "[tender-model/version]"),
    (_set("/tender/contract_value", 12.5), "[tender-model/malformed]"),
    (_set("/tender/contract_value", "twelve"), "/tender/contract_value: \"twelve\" is not a number"),
    (_set("/tender/contract_value", "NaN"), "/tender/contract_value"),
    (_set("/tender/contract_value", "1E+999999"), "/tender/contract_value"),
    (_set("/tender/moderation", "beauty"), "/tender/moderation: it must be one of"),
    (_set("/tender/questions/0/answer/kind", "essay"), "/tender/questions/0/answer/kind"),
    (_set("/tender/questions/0/answer/limit", True), "/tender/questions/0/answer/limit: it must be a whole number"),
    (_set("/tender/questions/0/scoring/kind", "dice"), "/tender/questions/0/scoring/kind: there is no scoring rule"),
    (_set("/tender/questions/0/scoring/scale", "nowhere"), "there is no scale \"nowhere\""),
    (_set("/tender/selections/0/measure", None), "/tender/selections/0/measure"),
    (_set("/tender/selections", {"a": 1}), "/tender/selections: it must be a list"),
    (_set("/tender/name", ["x"]), "/tender/name: it must be a string"),
    (_set("/tender/surprise", 1), "/tender/surprise: this svspec knows no such field"),
    (lambda d: d["tender"].pop("title"), "the field \"title\" is missing"),
    (_set("/tender/tie_break", [1]), "/tender/tie_break/0"),
])
def test_a_damaged_tender_model_is_refused_with_where_and_why(built: dict[str, Path], tmp_path: Path,
                                                              change: object, expected: str) -> None:
    tender, report = _damaged(built, tmp_path, change)
    assert tender is None
    assert expected in report


def test_a_bare_float_a_duplicate_key_and_nan_are_refused(built: dict[str, Path], tmp_path: Path) -> None:
    text = (built["waste-2027"] / modeljson.FILE).read_text(encoding="utf-8")
    for damaged, expected in ((text.replace('"contract_value": "12000000"', '"contract_value": 1.5'), "bare"),
                              (text.replace('"name": "waste-2027"', '"name": "waste-2027", "name": "x"'), "twice"),
                              (text.replace('"contract_value": "12000000"', '"contract_value": NaN'), "NaN")):
        assert damaged != text
        tender, report = _damaged(built, tmp_path / expected, damaged)
        assert tender is None and "[tender-model/malformed]" in report and expected in report


def test_a_model_file_that_is_a_folder_or_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a" / modeljson.FILE).mkdir(parents=True)
    tender, problems = modeljson.load(tmp_path / "a")
    assert tender is None and problems[0].code == "tender-model/unreadable"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / modeljson.FILE).write_bytes(b"\xff\xfe{}")
    tender, problems = modeljson.load(tmp_path / "b")
    assert tender is None and "UTF-8" in problems[0].message


def test_validate_of_a_damaged_folder_exits_1_with_the_diagnostic(built: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(built["waste-2027"], folder)
    (folder / modeljson.FILE).write_text('{"format": "svspec-tender-model", "version": 99}', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder), str(BIDS / "waste-acme.yaml")])
    assert result.exit_code == 1
    assert "[tender-model/version]" in result.output and "Traceback" not in result.output
