"""What a tender's site carries for the in-browser bid check (issue 13 item 7), without a browser:
the Python bundle and the tender's model always, Pyodide only when it is found, the page's
"Check your bid" section, and the downloads in the order a supplier needs them. The check's
Python entry point gives what `svspec validate` prints.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec import browsercheck, modeljson
from svspec.cli import main
from svspec.emit.site import ASSETS, check, render
from tests.conftest import SPECS
from tests.site.helpers import generate_site

WASTE = SPECS / "lambeth" / "waste-2027.svspec"
BIDS = SPECS / "lambeth" / "bids"
CHECK = f"docs/{ASSETS}/check"


@pytest.fixture(scope="module")
def waste_files() -> dict[str, bytes]:
    import svspec

    files, diagnostics = render(svspec.load(WASTE).model)  # type: ignore[arg-type]
    assert files is not None, diagnostics
    return files


def test_a_tender_site_carries_the_bundle_the_model_and_a_notice(waste_files: dict[str, bytes]) -> None:
    assert f"{CHECK}/svspec.zip" in waste_files and f"{CHECK}/{modeljson.FILE}" in waste_files
    assert "MPL-2.0" in waste_files[f"{CHECK}/README.txt"].decode()
    tender, problems = modeljson.loads(waste_files[f"{CHECK}/{modeljson.FILE}"].decode())
    assert tender is not None and tender.name == "waste-2027", problems
    assert f"docs/{ASSETS}/svspec-check.js" in waste_files


def test_the_published_model_names_no_folder_of_the_machine_that_built_it(waste_files: dict[str, bytes]) -> None:
    text = waste_files[f"{CHECK}/{modeljson.FILE}"].decode()
    assert '"file": "waste-2027.svspec"' in text and '"framework_path": "framework.svspec"' in text
    assert "specs/" not in text and "lambeth/" not in text


def test_without_pyodide_the_site_has_no_pyodide_and_says_the_check_is_not_available(
        waste_files: dict[str, bytes]) -> None:
    assert not [name for name in waste_files if "/check/pyodide/" in name]
    page = waste_files["docs/respond.md"].decode()
    assert "## Check your bid" in page
    assert 'id="svspec-check" class="svspec-check" hidden' in page
    assert "The in-browser check is not available on this copy of the site" in page


def test_pyodide_named_by_svspec_pyodide_is_copied_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in check.PYODIDE_FILES:
        (tmp_path / name).write_bytes(f"fake {name}".encode())
    monkeypatch.setenv("SVSPEC_PYODIDE", str(tmp_path))
    assert check.pyodide_folder() == tmp_path
    result = generate_site(WASTE, tmp_path / "site")
    assert result.ok
    copied = tmp_path / "site" / CHECK / "pyodide"
    assert sorted(p.name for p in copied.iterdir()) == sorted(check.PYODIDE_FILES)
    assert (copied / "pyodide.asm.wasm").read_bytes() == b"fake pyodide.asm.wasm"


def test_an_incomplete_or_empty_pyodide_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyodide.mjs").write_text("x")
    monkeypatch.setenv("SVSPEC_PYODIDE", str(tmp_path))
    assert check.pyodide_folder() is None
    monkeypatch.setenv("SVSPEC_PYODIDE", "")
    assert check.pyodide_folder() is None


def test_the_bundle_holds_python_sources_only_and_is_the_same_bytes_every_build() -> None:
    data = check.bundle.__wrapped__()
    assert data == check.bundle.__wrapped__()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "svspec/browsercheck.py" in names and "svspec/bids/read.py" in names and "yaml/__init__.py" in names
    assert "openpyxl/__init__.py" in names and "et_xmlfile/__init__.py" in names
    assert all(name.endswith(".py") for name in names)
    assert "yaml/cyaml.py" not in names, "Pyodide has no libyaml: PyYAML must fall back to its pure-Python reader"
    assert not [name for name in names if "__pycache__" in name or "/static/" in name]


def test_a_framework_site_has_no_check(tmp_path: Path) -> None:
    generate_site(SPECS / "lambeth" / "framework.svspec", tmp_path / "site")
    assert not (tmp_path / "site" / CHECK).exists()


def test_the_downloads_list_the_spreadsheet_first_and_the_schemas_last_for_developers(
        waste_files: dict[str, bytes]) -> None:
    page = waste_files["docs/respond.md"].decode()
    links = re.findall(r"\(downloads/([^)]+)\)", page)
    assert links[0] == "bid-template.xlsx"
    developers = page.index("### For developers")
    for name in links:
        at = page.index(f"(downloads/{name})")
        assert (at > developers) == ("schema" in name or "dialect" in name or "vocabulary" in name), name


def test_the_check_entry_point_prints_what_svspec_validate_prints(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, waste_files: dict[str, bytes]) -> None:
    model_text = waste_files[f"{CHECK}/{modeljson.FILE}"].decode()
    monkeypatch.chdir(BIDS)
    for name in ("waste-hasty-invalid.yaml", "waste-muddled-invalid.json", "waste-acme.xlsx", "waste-acme.yaml"):
        result = json.loads(browsercheck.check(name, (BIDS / name).read_bytes(), model_text, str(tmp_path / "fs")))
        command = CliRunner().invoke(main, ["validate", str(WASTE), name, "--format", "json"])
        assert result["ok"] == (command.exit_code == 0), name
        assert result["diagnostics"] == json.loads(command.stdout), name
        text = CliRunner().invoke(main, ["validate", str(WASTE), name])
        assert (result["text"] + "\n" if result["text"] else "") + result["summary"] + "\n" == \
            text.stdout + text.stderr, name


def test_a_damaged_model_on_the_site_gives_its_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    result = json.loads(browsercheck.check("bid.yaml", b"tender: x\n", '{"format": 1}', str(tmp_path)))
    assert result["ok"] is False and result["diagnostics"][0]["code"] == "tender-model/unreadable"


@pytest.mark.parametrize(("given", "expected"), [
    ("C:\\Users\\me\\bid.xlsx", "bid.xlsx"), ("../../etc/passwd", "passwd"), ("..", "bid"), ("", "bid"),
    ("a\x00b\u202e.yaml", "ab.yaml"), ("our bid (final).yaml", "our bid (final).yaml"),
])
def test_the_chosen_file_is_named_by_its_own_name_only(given: str, expected: str) -> None:
    assert browsercheck.safe_name(given) == expected
