"""The install routes in docs/install.md work as written.

svspec is on no public package index, so the only installs that work are from a clone or from a
wheel built from one. These tests run the commands docs/install.md lists (the Windows route with
its paths translated to this machine) in a copy of the repository. The test machine may be offline,
so each `pip install` also gets `--no-deps --no-build-isolation`, and the new environment sees the
dependencies of the one running the tests through a `.pth` line: what is checked is that svspec
itself builds, installs and runs from the documented commands.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "install.md"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

pytest.importorskip("hatchling", reason="the dev extras install hatchling; offline, no wheel is built without it")


def route(name: str) -> list[str]:
    """The commands of the code block marked `<!-- install-route: NAME -->` in docs/install.md."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(r"<!-- install-route: " + re.escape(name) + r" -->\n```\w+\n(.*?)\n```", text, re.S)
    assert found, f"docs/install.md has no install-route {name!r}"
    return [line.strip() for line in found.group(1).splitlines() if line.strip()]


def translate(command: str) -> list[str]:
    """A documented command as this machine runs it."""
    command = command.split("  #")[0].strip().replace(".venv\\Scripts\\", ".venv/bin/").replace("\\", "/")
    words = command.split()
    if words[:2] == ["py", "-3"]:
        words = [sys.executable, *words[2:]]
    elif words[0] == "python3":
        words = [sys.executable, *words[1:]]
    if words[1:4] == ["-m", "pip", "install"] or words[1:4] == ["-m", "pip", "wheel"]:
        words += ["--no-deps", "--no-build-isolation", "--quiet"]
    return words


def clone(tmp_path: Path) -> Path:
    """A copy of what a clone holds that an install reads."""
    here = tmp_path / "svspec"
    for name in ("src", "grammar", "specs", "docs"):
        shutil.copytree(ROOT / name, here / name, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, here / name)
    return here


def run(words: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(words, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(words)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def see_dependencies(venv: Path) -> None:
    """Let the new environment import the dependencies already installed here (offline)."""
    ours = sysconfig.get_paths()["purelib"]
    (site_packages,) = venv.glob("lib/python*/site-packages")
    (site_packages / "zz-test-dependencies.pth").write_text(ours + "\n", encoding="utf-8")


def follow(commands: list[str], cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    results = []
    for command in commands:
        words = translate(command)
        results.append(run(words, cwd))
        if words[1:3] == ["-m", "venv"]:
            see_dependencies(cwd / words[3])
    return results


def assert_installed_copy_runs(cwd: Path, results: list[subprocess.CompletedProcess[str]]) -> None:
    assert any(VERSION in r.stdout for r in results), "svspec --version did not print the version"
    where = run([str(cwd / ".venv" / "bin" / "python"), "-c", "import svspec; print(svspec.__file__)"], cwd)
    assert str(cwd / ".venv") in where.stdout, f"svspec was imported from {where.stdout!r}, not the new install"


@pytest.mark.parametrize("name", ["posix", "windows"])
def test_the_documented_install_from_a_clone_works(tmp_path: Path, name: str) -> None:
    here = clone(tmp_path)
    commands = route(name)
    assert commands[-1].endswith("svspec check specs"), "the route no longer ends by checking the example specs"
    assert_installed_copy_runs(here, follow(commands, here))


def test_make_dist_builds_the_wheel_the_docs_name_and_it_installs(tmp_path: Path) -> None:
    assert route("wheel") == ["make dist"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^dist:.*\n\t(.*)\n", makefile, re.M)
    assert recipe and "pip wheel" in recipe.group(1), "make dist no longer builds with pip wheel"
    page = PAGE.read_text(encoding="utf-8")
    wheel_name = f"svspec-{VERSION}-py3-none-any.whl"
    assert f"dist/{wheel_name}" in page, "docs/install.md names a wheel of another version"
    assert "python3 -m pip wheel --no-deps -w dist ." in page

    here = clone(tmp_path)
    run(translate("python3 -m pip wheel --no-deps -w dist ."), here)
    wheel = here / "dist" / wheel_name
    assert wheel.is_file(), sorted(p.name for p in (here / "dist").iterdir())
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "svspec/grammar/svspec.lark" in names
    assert any(n.startswith("svspec/scaffold/") for n in names)
    assert "svspec/_docs/diagnostics/syntax/tab-indent.md" in names

    installs = [line for line in page.splitlines() if ".venv/bin/python -m pip install dist/" in line]
    assert installs, "docs/install.md shows no venv install of the wheel"
    follow([part.strip() for part in installs[0].split("  #")[0].split("&&")], here)
    results = [run([str(here / ".venv" / "bin" / "svspec"), "--version"], here)]
    run([str(here / ".venv" / "bin" / "svspec"), "check", "specs"], here)
    page = run([str(here / ".venv" / "bin" / "svspec"), "explain", "weights-do-not-sum"], here).stdout
    assert "Example" in page and "svspec check main.svspec reports:" in page, "the installed copy lacks the pages"
    assert_installed_copy_runs(here, results)
