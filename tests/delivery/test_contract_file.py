"""The contract file (`svspec award --out`): read back through the one reader, only as svspec wrote it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.delivery import export
from svspec.delivery.contract import Contract
from svspec.reader import CONTRACT
from tests.delivery.conftest import ACME, WASTE


def codes_of(path: Path) -> list[str]:
    contract, problems = export.read_contract(path, path.name)
    assert contract is None
    return [d.code for d in problems]


def test_a_contract_file_reads_back_as_the_contract_it_was_written_from(tmp_path: Path, contract: Contract) -> None:
    path = tmp_path / "contract.json"
    path.write_text(export.contract_json(contract), "utf-8")
    assert export.read_contract(path, "contract.json") == (contract, [])


def test_a_return_template_from_the_contract_file_is_the_one_from_the_database(tmp_path: Path) -> None:
    db, out = str(tmp_path / "m.duckdb"), str(tmp_path / "contract.json")
    runner = CliRunner()
    assert runner.invoke(main, ["award", str(WASTE), str(ACME), "--db", db, "--out", out]).exit_code == 0
    from_file = runner.invoke(main, ["return-template", out, "--period", "2028-Q1"])
    from_db = runner.invoke(main, ["return-template", db, "--period", "2028-Q1"])
    assert from_file.exit_code == 0 and from_file.output == from_db.output


@pytest.mark.parametrize(("code", "text"), [
    ("contract/json-syntax", '{"format": "svspec-contract/1",}'),
    ("contract/duplicate-key", '{"format": "svspec-contract/1", "format": "x"}'),
    ("contract/json-syntax", '{"a": ' + "[" * 40 + "]" * 40 + "}"),
    ("contract/malformed", '{"format": "svspec-contract/2"}'),
    ("contract/malformed", '{"format": "svspec-contract/1", "name": 12}'),
], ids=lambda value: value if isinstance(value, str) and "/" in value and "{" not in value else "")
def test_a_contract_file_not_as_svspec_wrote_it_is_refused(tmp_path: Path, code: str, text: str) -> None:
    path = tmp_path / "contract.json"
    path.write_text(text, "utf-8")
    assert codes_of(path) == [code]


def test_an_edited_contract_file_is_refused_saying_what_is_wrong(tmp_path: Path, contract: Contract) -> None:
    data = json.loads(export.contract_json(contract))
    data["commitments"][0]["schedule"][0]["due"] = "next week"
    path = tmp_path / "contract.json"
    path.write_text(json.dumps(data), "utf-8")
    _, problems = export.read_contract(path, "contract.json")
    assert [d.code for d in problems] == ["contract/malformed"] and "next week" in problems[0].message


def test_files_that_are_not_contract_files_are_refused_before_reading(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert codes_of(tmp_path) == ["contract/not-a-file"]
    assert codes_of(tmp_path / "missing.json") == ["contract/file-not-found"]
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"name": "caf\xe9"}')
    assert codes_of(latin) == ["contract/not-utf8"]
    monkeypatch.setattr(export, "CONTRACT", replace(CONTRACT, max_bytes=100))
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"padding": "x" * 200}), "utf-8")
    assert codes_of(big) == ["contract/file-too-large"]
