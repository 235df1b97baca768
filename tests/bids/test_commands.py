"""The schema, template, validate and build commands: outputs, exit codes, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.emit import build as build_module
from tests.bids.conftest import BIDS

WASTE = "specs/lambeth/waste-2027.svspec"
FRAMEWORK = "specs/lambeth/framework.svspec"
MINE = (("svspec.emit.schema", "emit", build_module.EMITTERS[0][2]),
        ("svspec.emit.templates", "emit", build_module.EMITTERS[1][2]))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_schema_prints_the_schema_or_writes_it_to_a_file(tmp_path: Path) -> None:
    code, out, _ = run("schema", WASTE)
    assert code == 0 and json.loads(out)["$id"] == "urn:svspec:bid-schema:waste-2027:1"
    target = tmp_path / "schema.json"
    code, _, _ = run("schema", WASTE, "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == out


def test_schema_of_a_framework_is_a_usage_error() -> None:
    assert run("schema", FRAMEWORK)[0] == 2


def test_template_writes_yaml_json_and_a_spreadsheet(tmp_path: Path) -> None:
    code, out, _ = run("template", WASTE)
    assert code == 0 and out.startswith("# Bid to: Waste collection")
    code, out, _ = run("template", WASTE, "--format", "json")
    assert code == 0 and json.loads(out)["tender"] == "waste-2027"
    target = tmp_path / "bid.xlsx"
    code, _, _ = run("template", WASTE, "--format", "xlsx", "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"PK")


def test_a_spreadsheet_template_needs_an_output_file() -> None:
    assert run("template", WASTE, "--format", "xlsx")[0] == 2


def test_validate_exits_0_for_valid_bids_and_1_when_any_bid_is_invalid() -> None:
    code, _, err = run("validate", WASTE, str(BIDS / "waste-acme.yaml"), str(BIDS / "waste-greenway.json"))
    assert code == 0 and "2 files checked: no problems" in err
    code, out, _ = run("validate", WASTE, str(BIDS / "waste-acme.yaml"), str(BIDS / "waste-hasty-invalid.yaml"))
    assert code == 1 and "Missing answer for Q2 'Mobilisation' (at /quality/Q2)" in out


def test_validate_reports_json_with_file_line_and_column() -> None:
    code, out, _ = run("validate", WASTE, str(BIDS / "waste-muddled-invalid.json"), "--format", "json")
    assert code == 1
    items = json.loads(out)
    assert {"bid/wrong-tender", "bid/unknown-field", "bid/below-minimum"} <= {i["code"] for i in items}
    first = next(i for i in items if i["code"] == "bid/wrong-tender")
    assert (first["file"], first["line"], first["column"]) == ("specs/lambeth/bids/waste-muddled-invalid.json", 2, 13)


def test_validate_against_a_broken_spec_reports_the_spec_and_exits_1(tmp_path: Path) -> None:
    spec = tmp_path / "broken.svspec"
    spec.write_text('tender t "T"\n  uses nothing 1 from "missing.svspec"\n', encoding="utf-8")
    assert run("validate", str(spec), str(BIDS / "waste-acme.yaml"))[0] == 1


def test_build_writes_the_schema_and_templates_and_lists_them(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(build_module, "EMITTERS", MINE)
    out = tmp_path / "out"
    code, printed, _ = run("build", WASTE, "--out", str(out))
    assert code == 0
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [".svspec-manifest.json", "bid-schema.json", "bid-template.json", "bid-template.xlsx",
                     "bid-template.yaml", "schemas/bid-dialect.json", "schemas/bid-vocabulary.json"]
    assert printed.splitlines() == [(out / n).as_posix() for n in names[1:]]


def test_building_twice_gives_byte_identical_outputs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(build_module, "EMITTERS", MINE)
    run("build", WASTE, "--out", str(tmp_path / "a"))
    run("build", WASTE, "--out", str(tmp_path / "b"))
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_a_failed_build_leaves_the_previous_outputs_intact(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(build_module, "EMITTERS", MINE)
    out = tmp_path / "out"
    run("build", WASTE, "--out", str(out))
    before = (out / "bid-schema.json").read_bytes()
    import svspec.emit.templates as templates

    def broken(spec, folder):  # type: ignore[no-untyped-def]
        raise RuntimeError("emitter failed")

    monkeypatch.setattr(templates, "emit", broken)
    with pytest.raises(RuntimeError):
        from svspec.api import load

        build_module.build(load(WASTE).model, out)  # type: ignore[arg-type]
    assert (out / "bid-schema.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_build_of_a_spec_with_errors_exits_1_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(build_module, "EMITTERS", MINE)
    spec = tmp_path / "broken.svspec"
    spec.write_text("framework x \"X\"\n  version\n", encoding="utf-8")
    code, _, _ = run("build", str(spec), "--out", str(tmp_path / "out"))
    assert code == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", [b"\x00\x01binary", b"PK\x03\x04broken zip", b"a: &x [*x]\n",
                                     b"!!python/name:os.system\n", b"[" * 100_000])
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_validate_never_shows_a_traceback_for_hostile_files(tmp_path: Path, content: bytes, suffix: str) -> None:
    bid = tmp_path / f"bid{suffix}"
    bid.write_bytes(content)
    code, out, _ = run("validate", WASTE, str(bid), "--format", "json")
    assert code == 1
    items = json.loads(out)
    assert items and all(i["code"].startswith("bid/") for i in items)


def test_validate_accepts_a_folder_of_bids(tmp_path: Path) -> None:
    for name in ("waste-acme.yaml", "waste-greenway.json"):
        (tmp_path / name).write_bytes((BIDS / name).read_bytes())
    (tmp_path / "notes.txt").write_text("not a bid", encoding="utf-8")
    code, _, err = run("validate", WASTE, str(tmp_path))
    assert code == 0 and "2 files checked: no problems" in err
    assert run("validate", WASTE, str(tmp_path / "empty-folder-does-not-exist"))[0] == 1
    (tmp_path / "empty").mkdir()
    assert run("validate", WASTE, str(tmp_path / "empty"))[0] == 2
