"""svspec's own documentation stays true: examples compile, every construct and code is documented.

Conventions for examples in docs/**/*.md (see CONTRIBUTING.md):

- ```` ```svspec ```` is a self-contained spec: it must compile without errors.
- ```` ```svspec title="framework.svspec" ```` is one file of the page's project: every titled
  block of a page is written into one folder (with an `svspec.toml`) and they are compiled
  together, so a tender example can use the framework shown above it.
- ```` ``` { .svspec expect="weights-do-not-sum" } ```` shows a mistake on purpose: svspec must
  report exactly that code (and no other error). With a title as well, the file is compiled
  inside a copy of the page's project.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import svspec
from svspec import docsgen
from svspec.diagnostics import REGISTRY, Severity
from svspec.syntax.grammar import build_parser
from tests.conftest import ROOT

DOCS = ROOT / "docs"
LANGUAGE = DOCS / "language"
GRAMMAR = ROOT / "grammar" / "svspec.lark"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_PLAIN_INFO = re.compile(r"^svspec(?P<options>(?:\s+[A-Za-z_][\w-]*=\"[^\"]*\")*)\s*$")
_BRACE_INFO = re.compile(r"^\{\s*\.svspec(?P<options>(?:\s+[A-Za-z_][\w-]*=\"[^\"]*\")*)\s*\}$")
_OPTION = re.compile(r"([A-Za-z_][\w-]*)=\"([^\"]*)\"")


@dataclass(frozen=True)
class Example:
    """One ```svspec block of a docs page."""

    page: Path
    line: int
    text: str
    title: str | None
    expect: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(DOCS).as_posix()}:{self.line}"


def _info_options(info: str, where: str) -> dict[str, str] | None:
    """The options of a svspec fence, or None for another language."""
    info = info.strip()
    plain, brace = _PLAIN_INFO.match(info), _BRACE_INFO.match(info)
    if not plain and not brace:
        if info.startswith("svspec") or ".svspec" in info:
            pytest.fail(f"{where}: cannot read the fence options {info!r}")
        return None
    options = dict(_OPTION.findall((plain or brace).group("options")))  # type: ignore[union-attr]
    unknown = set(options) - {"title", "expect"}
    assert not unknown, f"{where}: unknown fence options {sorted(unknown)}"
    # The plain form is rendered by Markdown only with options the highlighter knows.
    assert not (plain and "expect" in options), f'{where}: write ``` {{ .svspec expect="..." }} for expected errors'
    return options


def examples(page: Path) -> list[Example]:
    """Every ```svspec block of one Markdown page."""
    text = page.read_text(encoding="utf-8")
    found: list[Example] = []
    for match in _FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        options = _info_options(match.group("info"), f"{page.relative_to(ROOT)}:{line}")
        if options is None:
            continue
        indent = match.group("indent")
        body = "".join(row[len(indent):] if row.startswith(indent) else row
                       for row in match.group("body").splitlines(keepends=True))
        expect = tuple(c.strip() for c in options.get("expect", "").split(",") if c.strip())
        found.append(Example(page=page, line=line, text=body, title=options.get("title"), expect=expect))
    return found


def all_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def all_examples() -> list[Example]:
    return [e for page in all_pages() for e in examples(page)]


def _project(folder: Path, files: dict[str, str]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "svspec.toml").write_text('[project]\nname = "docs example"\n', encoding="utf-8")
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _errors(results: list[svspec.Result]) -> list[str]:
    return [f"{d.span.file if d.span else ''}:{d.span.line if d.span else ''}: {d.code}: {d.message}"
            for r in results for d in r.diagnostics if d.severity is Severity.ERROR]


def _page_projects() -> dict[Path, list[Example]]:
    projects: dict[Path, list[Example]] = {}
    for example in all_examples():
        if example.title and not example.expect:
            projects.setdefault(example.page, []).append(example)
    return projects


@pytest.mark.parametrize("example", [e for e in all_examples() if not e.title and not e.expect], ids=lambda e: e.id)
def test_every_self_contained_example_in_the_docs_compiles_without_errors(example: Example, tmp_path: Path) -> None:
    paths = _project(tmp_path, {"example.svspec": example.text})
    results = svspec.check([paths["example.svspec"]])
    assert not _errors(results), f"{example.id}: {_errors(results)}"


@pytest.mark.parametrize("page", sorted(_page_projects()), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_the_titled_examples_of_a_page_compile_together_as_one_project(page: Path, tmp_path: Path) -> None:
    files: dict[str, str] = {}
    for example in _page_projects()[page]:
        assert example.title not in files, f"{example.id}: a second block titled {example.title}"
        files[example.title] = example.text  # type: ignore[index]
    paths = _project(tmp_path, files)
    results = svspec.check(list(paths.values()))
    assert not _errors(results), f"{page.relative_to(ROOT)}: {_errors(results)}"


@pytest.mark.parametrize("example", [e for e in all_examples() if e.expect], ids=lambda e: e.id)
def test_examples_that_show_a_mistake_report_exactly_the_code_they_promise(example: Example, tmp_path: Path) -> None:
    for code in example.expect:
        assert code in REGISTRY, f"{example.id}: expects {code}, which is not a diagnostic code"
    files = {e.title: e.text for e in _page_projects().get(example.page, []) if e.title}
    name = example.title or "example.svspec"
    files[name] = example.text
    paths = _project(tmp_path, files)
    result = svspec.check([paths[name]])[0]
    codes = {d.code for d in result.diagnostics}
    error_codes = {d.code for d in result.diagnostics if d.severity is Severity.ERROR}
    assert set(example.expect) <= codes, f"{example.id}: expected {example.expect}, got {sorted(codes)}"
    unexpected = sorted(error_codes - set(example.expect))
    assert not unexpected, f"{example.id}: unexpected errors {unexpected}"


def test_the_docs_have_examples_of_every_kind() -> None:
    found = all_examples()
    assert any(not e.title and not e.expect for e in found)
    assert any(e.title for e in found)
    assert any(e.expect for e in found)


# ---------------------------------------------------------------- the language reference
def grammar_constructs() -> set[str]:
    """Every rule, alias and terminal of the grammar that a reader could meet."""
    text = GRAMMAR.read_text(encoding="utf-8")
    rules = set(re.findall(r"^\s*[?!]?([a-z][a-z0-9_]*)\s*:", text, re.MULTILINE))
    aliases = set(re.findall(r"->\s*([a-z][a-z0-9_]*)", text))
    terminals = set(re.findall(r"^([A-Z][A-Z0-9_]*)(?:\.\d+)?\s*:", text, re.MULTILINE))
    return rules | aliases | terminals


def documented_constructs() -> dict[str, Path]:
    """Grammar names each section of the reference declares it documents (`<!-- grammar: ... -->`)."""
    out: dict[str, Path] = {}
    for page in sorted(LANGUAGE.glob("*.md")):
        for names in re.findall(r"<!--\s*grammar:\s*(.*?)-->", page.read_text(encoding="utf-8"), re.DOTALL):
            for name in names.split():
                out[name] = page
    return out


def test_the_language_reference_documents_every_rule_and_terminal_of_the_grammar() -> None:
    missing = grammar_constructs() - set(documented_constructs())
    assert not missing, (f"grammar constructs without a section in docs/language/: {sorted(missing)} "
                         "(add them to a `<!-- grammar: ... -->` marker of the section that explains them)")


def test_the_language_reference_names_no_grammar_construct_that_no_longer_exists() -> None:
    stale = set(documented_constructs()) - grammar_constructs()
    assert not stale, f"docs/language/ names constructs the grammar no longer has: {sorted(stale)}"


def test_every_keyword_of_the_grammar_appears_in_an_example_of_the_language_reference() -> None:
    keywords = {str(t.pattern.value) for t in build_parser().terminals
                if type(t.pattern).__name__ == "PatternStr" and str(t.pattern.value)[:1].isalpha()}
    words: set[str] = set()
    for page in LANGUAGE.glob("*.md"):
        for example in examples(page):
            words.update(re.findall(r"[A-Za-z][A-Za-z-]*", re.sub(r'"[^"\n]*"|#[^\n]*', " ", example.text)))
    missing = keywords - words
    assert not missing, f"keywords no example in docs/language/ uses: {sorted(missing)}"


# ---------------------------------------------------------------- generated pages
def test_every_diagnostic_code_has_an_up_to_date_page(golden: Callable[[Path, str], None],
                                                      request: pytest.FixtureRequest) -> None:
    pages = docsgen.diagnostic_pages()
    for code in REGISTRY:
        assert docsgen.page_path(code) in pages
    for path, text in pages.items():
        golden(DOCS / path, text)
    leftovers = [p for p in (DOCS / docsgen.DIAGNOSTICS_DIR).rglob("*.md")
                 if p.relative_to(DOCS).as_posix() not in pages]
    if request.config.getoption("--update-goldens"):
        for page in leftovers:
            page.unlink()
    else:
        assert not leftovers, f"pages for codes that no longer exist: {leftovers} (pytest --update-goldens)"


def test_the_command_line_reference_is_up_to_date(golden: Callable[[Path, str], None]) -> None:
    golden(DOCS / docsgen.CLI_PAGE, docsgen.cli_page())


def test_the_command_line_reference_documents_every_command() -> None:
    from svspec.cli import COMMANDS

    page = docsgen.cli_page()
    for name in COMMANDS:
        assert f"## svspec {name}" in page


def test_the_generator_reports_stale_pages(tmp_path: Path) -> None:
    shutil.copytree(DOCS, tmp_path / "docs")
    stale_page = tmp_path / "docs" / docsgen.page_path("weights-do-not-sum")
    stale_page.write_text("out of date\n", encoding="utf-8")
    (tmp_path / "docs" / docsgen.DIAGNOSTICS_DIR / "no-such-code.md").write_text("gone\n", encoding="utf-8")
    assert docsgen.stale_pages(tmp_path / "docs") == [
        "diagnostics/no-such-code.md", "diagnostics/weights-do-not-sum.md"]
    docsgen.write_pages(tmp_path / "docs")
    assert docsgen.stale_pages(tmp_path / "docs") == []


# ---------------------------------------------------------------- the site builds
def test_the_docs_site_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or shutil.which("mkdocs")
    if mkdocs is None:
        pytest.skip("mkdocs is not installed")
    done = subprocess.run([mkdocs, "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
                           "--site-dir", str(tmp_path / "site")], capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "diagnostics" / "weights-do-not-sum" / "index.html").is_file()


def test_the_docs_site_loads_no_fonts_from_google() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*font:\s*false\s*(#.*)?$", config, re.MULTILINE)


def test_a_command_whose_module_does_not_exist_yet_is_listed_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    from svspec import cli

    # A name no branch will use, so the test holds whichever commands land.
    monkeypatch.setitem(cli.COMMANDS, "not-yet-written", "Compare two versions of a spec.")
    page = docsgen.cli_page()
    assert "## svspec not-yet-written" in page
    assert "*Not available in this version yet:* Compare two versions of a spec." in page
