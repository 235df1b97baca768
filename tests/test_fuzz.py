"""No input makes svspec print a traceback: every mutated spec gives diagnostics or a clean result.

The example project is copied to a temporary folder and one file at a time is damaged the way
people and tools damage files: lines deleted, duplicated, swapped and re-indented, words reversed
or renamed, random bytes, odd Unicode, huge numbers. The random generator is seeded, so a failure
is reproducible: the failing input is written next to the message. The mutator is the fuzz
suite's (`tests/fuzz/specs.py`), which also runs it with more inputs and output oracles.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import svspec
from svspec.cli import main
from svspec.diagnostics import Severity
from svspec.diagnostics.render import render_json, render_text
from tests.conftest import SPECS
from tests.fuzz.specs import FILES, TENDER, mutate

MUTATIONS = 2000
CLI_MUTATIONS = 120
RAW_TOKEN = re.compile(r"__ANON|\$END|\b_NL\b|_INDENT|_DEDENT|PROSE_LINE|\bBROKEN\b|\x07")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "svspec.toml").write_text("[project]\nname = 'fuzz'\n", encoding="utf-8")
    for name in FILES:
        shutil.copyfile(SPECS / "lambeth" / name, folder / name)
    return folder


def _damage(rng: random.Random, project: Path, originals: dict[str, str]) -> tuple[str, bytes, Callable[[], None]]:
    name = rng.choice(FILES)
    data = mutate(rng, originals[name])
    (project / name).write_bytes(data)

    def restore() -> None:
        (project / name).write_text(originals[name], encoding="utf-8")

    return name, data, restore


def _entries(project: Path, name: str) -> list[Path]:
    return [project / TENDER] if name == TENDER else [project / TENDER, project / name]


def test_mutated_specs_give_diagnostics_or_a_clean_result_never_an_exception(project: Path) -> None:
    rng = random.Random(20260401)
    originals = {name: (project / name).read_text(encoding="utf-8") for name in FILES}
    outcomes = {"clean": 0, "problems": 0}
    for attempt in range(MUTATIONS):
        name, data, restore = _damage(rng, project, originals)
        try:
            results = svspec.check(_entries(project, name), project_warnings=rng.random() < 0.3)
            for result in results:
                if result.model is None:
                    assert any(d.severity is Severity.ERROR for d in result.diagnostics), "no model and no error"
                for d in result.diagnostics:
                    assert not RAW_TOKEN.search(d.message), d.message
                render_text(result.diagnostics, result.sources, color=False)
                render_json(result.diagnostics)
                outcomes["clean" if result.ok else "problems"] += 1
        except Exception as error:  # the test reports the input that broke svspec, then fails
            failing = project.parent / f"failing-{attempt}-{name}"
            failing.write_bytes(data)
            raise AssertionError(f"mutation {attempt} of {name} raised {error!r}; input saved at {failing}") from error
        finally:
            restore()
    assert outcomes["problems"] > MUTATIONS // 2, outcomes


def test_mutated_specs_make_the_command_exit_zero_or_one(project: Path) -> None:
    rng = random.Random(20270115)
    originals = {name: (project / name).read_text(encoding="utf-8") for name in FILES}
    runner = CliRunner()
    for attempt in range(CLI_MUTATIONS):
        name, data, restore = _damage(rng, project, originals)
        try:
            args = ["check", *(str(p) for p in _entries(project, name))]
            if attempt % 3 == 0:
                args[1:1] = ["--format", "json"]
            result = runner.invoke(main, args)
            assert result.exit_code in (0, 1), (attempt, name, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                f"mutation {attempt} of {name}: {result.exception!r}\n{data[:2000]!r}")
            assert "Traceback" not in result.output
        finally:
            restore()


@pytest.mark.parametrize("data", [
    b"",
    b"\xef\xbb\xbf",
    b"\x00" * 100,
    b"\xff\xfe" + "framework f".encode("utf-16-le"),
    b"\n" * 10_000,
    b" " * 10_000,
    b"framework " + b"x" * 100_000 + b' "F"\n  version 1\n',
    b'framework f "' + "é".encode() * 50_000 + b'"\n  version 1\n',
    b'framework f "F"\n' + b"  " * 500 + b"version 1\n",
    b'framework f "F"\n' + b"  versoin 1\n" * 200,
    b'framework f "F"\n  version 1\n' + b'  theme t "T"\n' * 300,
    b'framework f "F"\n  version 1\n  summary """\n' + b"x\n" * 1000,
    b'framework f "F"\r\n  version 1\r\n',
    b'framework f "F"\r  version 1\r',
    b'framework f "F"\n  version 1\n  owner "a\\"b\\\\"\n',
    b'framework f "F"\n  version 99999999999999999999999999999999\n',
    b'tender t "T"\n  uses f 1 from "/etc/passwd"\n',
    b'tender t "T"\n  uses f 1 from "."\n',
    b'tender t "T"\n  uses f 1 from ""\n',
    b'tender t "T"\n  uses f 1 from "\\u0000"\n',
    b'framework f "F"\n  version 1\n  values v 1 from "' + b"../" * 50 + b'x"\n',
    b'value set v "V"\n  edition 1\n  proxy p \xc2\xa3' + b"9" * 15 + b" per hour\n",
], ids=lambda d: repr(d[:24]))
def test_odd_whole_files_give_diagnostics_or_a_clean_result(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "svspec.toml").write_text("")
    spec = tmp_path / "odd.svspec"
    spec.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(spec)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_a_folder_given_as_a_spec_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("")
    folder = tmp_path / "folder.svspec"
    folder.mkdir()
    [result] = svspec.check([folder])
    assert [d.code for d in result.diagnostics] == ["file-not-found"]
