"""`svspec docs`: exit 0 when the site is written, 1 for problems in the input, 2 for usage."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.cli import main
from tests.conftest import SPECS

LAMBETH = SPECS / "lambeth"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_docs_writes_an_mkdocs_project_and_exits_0(tmp_path: Path) -> None:
    code, _, err = run("docs", str(LAMBETH / "waste-2027.svspec"), "--out", str(tmp_path / "site"))
    assert code == 0
    assert (tmp_path / "site" / "mkdocs.yml").is_file()
    assert "wrote " in err


def test_docs_replaces_a_site_it_generated_before_without_leaving_stale_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("docs", str(LAMBETH / "waste-2027.svspec"), "--out", str(out))[0] == 0
    assert (out / "docs" / "scoring.md").exists()
    assert run("docs", str(LAMBETH / "framework.svspec"), "--out", str(out))[0] == 0
    assert not (out / "docs" / "scoring.md").exists()


def test_docs_refuses_to_replace_a_folder_it_did_not_generate(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("docs", str(LAMBETH / "framework.svspec"), "--out", str(tmp_path))
    assert code == 2
    assert "did not write" in err and "--force" in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_docs_on_a_broken_spec_reports_its_errors_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.svspec"
    broken.write_text('framework broken "Broken"\n  owner "No version"\n', encoding="utf-8")
    code, out, _ = run("docs", str(broken), "--out", str(tmp_path / "site"), "--format", "json")
    assert code == 1
    assert "missing-setting" in out
    assert not (tmp_path / "site").exists()


def test_docs_with_a_previous_version_of_another_spec_reports_it_as_json(tmp_path: Path) -> None:
    code, out, _ = run("docs", str(LAMBETH / "waste-2027.svspec"), "--out", str(tmp_path / "site"),
                       "--previous", str(LAMBETH / "meals-2027.svspec"), "--format", "json")
    assert code == 1
    [problem] = json.loads(out) if out.lstrip().startswith("[") else [json.loads(line) for line in out.splitlines()]
    assert problem["code"] == "site/previous-not-comparable"
    assert problem["message"] == ("the previous version is tender 'meals-2027', but tender 'waste-2027' is needed "
                                  "to write a changelog")


def test_docs_with_a_previous_version_writes_a_changelog_page(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(LAMBETH, old)
    code, _, _ = run("docs", str(LAMBETH / "framework.svspec"), "--out", str(tmp_path / "site"),
                     "--previous", str(old / "framework.svspec"))
    assert code == 0
    page = (tmp_path / "site" / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert "Changes from framework lambeth 2026.1 to framework lambeth 2026.1: no changes." in page
    assert "No breaking changes." in page


def test_docs_with_a_missing_templates_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = run("docs", str(LAMBETH / "framework.svspec"), "--out", str(tmp_path / "site"),
                     "--templates", str(tmp_path / "nowhere"))
    assert code == 2


def test_docs_with_a_broken_template_exits_1_and_names_the_code(tmp_path: Path) -> None:
    templates = tmp_path / "t" / "pages"
    templates.mkdir(parents=True)
    (templates / "glossary.md.j2").write_text("{% if %}", encoding="utf-8")
    code, out, _ = run("docs", str(LAMBETH / "framework.svspec"), "--out", str(tmp_path / "site"),
                       "--templates", str(tmp_path / "t"))
    assert code == 1
    assert "error[site/template-error]" in out


def test_docs_serve_previews_with_mkdocs_on_the_loopback_address_only(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import svspec.commands.docs as docs

    calls: list[list[str]] = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(docs.subprocess, "run", fake_run)
    code, _, _ = run("docs", str(LAMBETH / "framework.svspec"), "--out", str(tmp_path / "site"), "--serve",
                     "--port", "8123")
    assert code == 0
    [command] = calls
    assert command[-4:] == ["-f", str(tmp_path / "site" / "mkdocs.yml"), "-a", "127.0.0.1:8123"]
    assert command[1:4] == ["-m", "mkdocs", "serve"]
