"""What a layer may and may not say about its base (issue 10 item 1): each mistake is reported once,
with the layer's line and the base's; bundled frameworks are found by name."""

from __future__ import annotations

from pathlib import Path

import pytest

import svspec
from tests.conftest import ROOT

NATIONAL = (ROOT / "tests" / "extends" / "national.svspec").read_text(encoding="utf-8")


def project(tmp_path: Path, layer: str, **files: str) -> Path:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "layers"\n', encoding="utf-8")
    (tmp_path / "national.svspec").write_text(NATIONAL, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / f"{name}.svspec").write_text(text, encoding="utf-8")
    body = "".join(f"  {line}\n" if line else "\n" for line in layer.splitlines())
    (tmp_path / "main.svspec").write_text(
        'framework council "Council"\n  extends national 2025.1 from "national.svspec"\n  version 2026.1\n\n' + body,
        encoding="utf-8")
    return tmp_path / "main.svspec"


def problems(path: Path) -> list[tuple[str, int, list[str]]]:
    """Each error as (code, line, the files of its related locations)."""
    result = svspec.load(path)
    return [(d.code, d.span.line if d.span else 0, [Path(r.span.file).name for r in d.related])
            for d in result.errors]


def test_changing_a_measure_twice_is_a_conflict_pointing_at_the_first_change(tmp_path: Path) -> None:
    path = project(tmp_path, "change measure NAT1\n  guidance: One.\n\nchange measure NAT1\n  guidance: Two.\n")
    assert problems(path) == [("extends-conflict", 8, ["main.svspec"])]


def test_dropping_a_measure_that_is_also_changed_is_a_conflict(tmp_path: Path) -> None:
    path = project(tmp_path, "drop NAT2\n\nchange measure NAT2\n  guidance: Kept after all.\n")
    assert problems(path) == [("extends-conflict", 7, ["main.svspec"])]


def test_renaming_to_a_code_the_base_already_uses_is_a_conflict_with_the_base_declaration(tmp_path: Path) -> None:
    path = project(tmp_path, "rename NAT1 to NAT3\n")
    assert problems(path) == [("extends-conflict", 5, ["national.svspec"])]


def test_a_misspelt_name_suggests_the_base_name_and_a_wrong_kind_says_which_kind_it_is(tmp_path: Path) -> None:
    path = project(tmp_path, "drop NTA2\n\nchange theme employment\n  weight 50%\n")
    result = svspec.load(path)
    by_line = {d.span.line: d for d in result.errors if d.span}
    assert by_line[5].code == "extends-unknown-name" and by_line[5].suggestions == ("NAT2",)
    assert by_line[7].code == "extends-unknown-name"
    assert by_line[7].hint == "'employment' is an outcome of 'national': write `change outcome employment`"


def test_a_looser_maximum_number_of_measures_is_refused_and_a_tighter_one_replaces_the_base_rule(
        tmp_path: Path) -> None:
    loose = project(tmp_path, "policy\n  at most 8 measures\n")
    assert problems(loose) == [("extends-loosens-policy", 6, ["national.svspec"])]
    tight = project(tmp_path, "policy\n  at most 4 measures\n")
    result = svspec.load(tight)
    assert result.ok and result.model is not None
    assert result.model.policy.max_measures == 4  # type: ignore[union-attr]


def test_dropping_an_outcome_takes_its_measures_and_the_relations_naming_them(tmp_path: Path) -> None:
    path = project(tmp_path, "drop NAT1\n")
    result = svspec.load(path)
    assert result.ok, [d.message for d in result.errors]
    model = result.model
    assert [m.code for m in model.measures] == ["NAT2", "NAT3"]  # type: ignore[union-attr]
    assert model.measure_index["NAT2"].additional_to == ()  # type: ignore[union-attr]


def test_frameworks_extending_each_other_in_a_circle_of_three_are_reported_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "svspec.toml").write_text('[project]\nname = "circle"\n', encoding="utf-8")
    for name, base in (("a", "b"), ("b", "c"), ("c", "a")):
        (tmp_path / f"{name}.svspec").write_text(
            f'framework {name} "{name}"\n  extends {base} 1 from "{base}.svspec"\n  version 1\n', encoding="utf-8")
    result = svspec.load(tmp_path / "a.svspec")
    assert [d.code for d in result.errors] == ["extends-cycle"]
    assert "a.svspec → b.svspec → c.svspec → a.svspec" in result.errors[0].message


def test_codes_as_published_are_renamed_dropped_and_changed_in_quotes(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "quoted"\n', encoding="utf-8")
    (tmp_path / "main.svspec").write_text(
        'framework dept "Department"\n  extends ppn-06-20 1.1\n  version 2026.1\n\n'
        '  rename "MAC 1.1" to DEPT1\n  drop "MAC 1.2"\n\n'
        '  change measure "MAC 2.1" "Help new organisations to grow"\n    answer text up to 2,000 characters\n',
        encoding="utf-8")
    result = svspec.load(tmp_path / "main.svspec")
    assert not result.errors, [d.message for d in result.errors]
    measures = result.model.measure_index  # type: ignore[union-attr]
    assert "DEPT1" in measures and "MAC 1.1" not in measures and "MAC 1.2" not in measures
    assert measures["MAC 2.1"].title == "Help new organisations to grow"
    origin = measures["DEPT1"].origin
    assert origin is not None and origin.renamed_from == "MAC 1.1"


def test_a_framework_bundled_with_svspec_is_extended_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "svspec.toml").write_text('[project]\nname = "bundled"\n', encoding="utf-8")
    (folder / "main.svspec").write_text(
        'framework council "Council"\n  extends ppn-002 2025.1\n  version 2026.1\n\n  drop "1e"\n', encoding="utf-8")
    result = svspec.load(folder / "main.svspec")
    assert not result.errors, [d.message for d in result.errors]
    assert result.model.layers == ("ppn-002 2025.1", "council 2026.1")  # type: ignore[union-attr]
    assert "1e" not in result.model.measure_index  # type: ignore[union-attr]
    (folder / "main.svspec").write_text(
        'framework council "Council"\n  extends ppn-02 2025.1\n  version 2026.1\n', encoding="utf-8")
    [error] = svspec.load(folder / "main.svspec").errors
    assert error.code == "unknown-bundled-framework" and error.suggestions[0] == "ppn-002"
