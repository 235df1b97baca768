"""The in-browser bid check of "How to respond" (issue 13 item 7) agrees with `svspec validate`.

A real browser (Debian's chromium, driven by Playwright) opens the built waste tender site, served
over http, and checks the example bids and some hundreds of seeded mutations of them (YAML, JSON
and filled spreadsheets) with the bundled Pyodide; `svspec validate BUILT-FOLDER BID --format
json` checks the same files. They must agree on every bid: verdict, codes, messages, places and
hints, and the text shown is the text the command prints. Nothing may be requested from any
server but the site's own.

Skipped, with the reason, when chromium, Playwright or Pyodide (tools/pyodide/install.sh) is
missing. SVSPEC_CHECK_MUTATIONS sets the number of mutated YAML/JSON bids (default 400).
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.emit.site import check
from tests.bids.mutate import HOSTILE, example_bids, mutated
from tests.conftest import PYODIDE, SPECS
from tests.site.helpers import built_site
from tests.site.test_site_browser import ARGS, CHROMIUM, _serve

BIDS = SPECS / "lambeth" / "bids"
WASTE = SPECS / "lambeth" / "waste-2027.svspec"
MUTATIONS = int(os.environ.get("SVSPEC_CHECK_MUTATIONS", "400"))
SHEETS = 16

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (run tests/site/install-browser.sh)"),
    pytest.mark.skipif(not all((PYODIDE / name).is_file() for name in check.PYODIDE_FILES),
                       reason="Pyodide is not installed (run tools/pyodide/install.sh, which needs npm)"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The waste tender built by `svspec build` (for `svspec validate DIR`) with its site's HTML."""
    root = tmp_path_factory.mktemp("check")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SVSPEC_PYODIDE", str(PYODIDE))
        result = CliRunner().invoke(main, ["build", str(WASTE), "--out", str(root / "waste-2027")])
        assert result.exit_code == 0, result.output
        built_site(WASTE, root / "project")
    assert (root / "project" / "site" / "assets" / "svspec" / "check" / "pyodide" / "pyodide.asm.wasm").is_file()
    return root


@pytest.fixture(scope="module")
def page(built: Path) -> Iterator[Any]:
    """The served "How to respond" page, its checker ready; requests elsewhere are refused and kept."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for url in _serve(built / "project" / "site"):
                context = browser.new_context()
                tab = context.new_page()
                tab.elsewhere, tab.problems = _watch(context, tab, url)
                tab.goto(url + "respond.html")
                tab.wait_for_selector("#svspec-check:not([hidden])", timeout=30_000)
                yield tab
                context.close()
        finally:
            browser.close()


def _watch(context: Any, tab: Any, url: str) -> tuple[list[str], list[str]]:
    """Requests to anywhere but `url` (refused) and the page's script errors, as they happen."""
    elsewhere: list[str] = []
    problems: list[str] = []

    def refuse(route: Any) -> None:
        elsewhere.append(route.request.url)
        route.abort()

    context.route(lambda u: not u.startswith(url), refuse)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return elsewhere, problems


def _sheets(count: int, seed: int) -> list[tuple[str, bytes]]:
    """Filled spreadsheets with hostile values typed into answer and bid cells."""
    import openpyxl

    rng = random.Random(seed)
    out = []
    for number in range(count):
        book = openpyxl.load_workbook(BIDS / "waste-acme.xlsx")
        for _ in range(rng.randint(1, 3)):
            sheet = book[rng.choice(("Social value", "Quality", "Bid"))]
            row, column = rng.randint(2, max(2, sheet.max_row)), rng.choice((2, 9, 10))
            value = rng.choice(HOSTILE)
            sheet.cell(row=row, column=column).value = value if isinstance(value, (str, int, float)) else None
        data = io.BytesIO()
        book.save(data)
        out.append((f"s{number:03d}-waste-acme.xlsx", data.getvalue()))
    return out


LOCAL_DISTRICTS = ("SE11; SW9", "SE1; se11", "SE99, SE11 SE11", "SE11\u00a0SW9", "SE\u200b11", "=\"SE1\"")
"""Typed in the example's Local areas cell (issue 9 item 12): separators, a district written
otherwise, one outside the area, one twice, a zero-width space, a formula."""


def _local_sheets() -> list[tuple[str, bytes]]:
    """The example spreadsheet with each of `LOCAL_DISTRICTS` as its LBL1 districts."""
    import openpyxl

    out = []
    for number, districts in enumerate(LOCAL_DISTRICTS):
        book = openpyxl.load_workbook(BIDS / "waste-acme.xlsx")
        book["Local areas"]["C2"].value = districts
        data = io.BytesIO()
        book.save(data)
        out.append((f"l{number:03d}-waste-acme.xlsx", data.getvalue()))
    return out


@pytest.fixture(scope="module")
def bids(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example bids and their mutations, written to one folder."""
    folder = tmp_path_factory.mktemp("bids")
    examples = [p for p in example_bids(BIDS) if p.name.startswith(("waste-", "score-"))]
    files = [(p.name, p.read_bytes()) for p in [*examples, BIDS / "waste-acme.xlsx"]]
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in examples]
    files += [(name, text.encode("utf-8")) for name, text in mutated(seeds, MUTATIONS, seed=7)]
    files += _sheets(SHEETS, seed=7) + _local_sheets()
    for name, data in files:
        (folder / name).write_bytes(data)
    return folder


def _command(built: Path, bids: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[Any], str]:
    """`svspec validate BUILT NAME` run in the bids' folder: exit code, JSON diagnostics, text."""
    monkeypatch.chdir(bids)
    runner = CliRunner()
    as_json = runner.invoke(main, ["validate", str(built / "waste-2027"), name, "--format", "json"])
    as_text = runner.invoke(main, ["validate", str(built / "waste-2027"), name])
    assert as_json.exception is None or isinstance(as_json.exception, SystemExit), as_json.output
    return as_json.exit_code, json.loads(as_json.stdout or "[]"), as_text.stdout + as_text.stderr


def _in_browser(page: Any, files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """The page's check of each file, in batches (one round trip each)."""
    results: list[dict[str, Any]] = []
    for start in range(0, len(files), 40):
        batch = [(name, base64.b64encode(data).decode()) for name, data in files[start:start + 40]]
        results += page.evaluate("""async (batch) => {
            const out = [];
            for (const [name, data] of batch) {
                const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                out.push(await window.svspecCheck(name, bytes));
            }
            return out;
        }""", batch)
    return results


def test_the_browser_check_agrees_with_svspec_validate_on_every_example_and_mutated_bid(
        page: Any, built: Path, bids: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((p.name, p.read_bytes()) for p in bids.iterdir())
    results = _in_browser(page, files)
    invalid = 0
    for (name, _data), result in zip(files, results, strict=True):
        code, diagnostics, text = _command(built, bids, name, monkeypatch)
        assert result["ok"] == (code == 0), name
        assert result["diagnostics"] == diagnostics, name
        assert (result["text"] + "\n" if result["text"] else "") + result["summary"] + "\n" == text, name
        invalid += code != 0
    assert len(files) > MUTATIONS and invalid > len(files) // 3, "the mutations must make many bids invalid"
    assert page.elsewhere == [], "the check must load nothing from any other server"
    assert page.problems == [], "no script error and no Content-Security-Policy violation"


def test_a_supplier_chooses_a_file_reads_what_is_wrong_and_checks_the_fixed_bid(page: Any, built: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bid = BIDS / "waste-hasty-invalid.yaml"
    page.set_input_files("#svspec-check-file", str(bid))
    page.click("#svspec-check-run")
    page.wait_for_selector("#svspec-check-report:not([hidden])", timeout=30_000)
    page.wait_for_selector("#svspec-check-run:not([disabled])", timeout=30_000)
    shown = page.inner_text("#svspec-check-report")
    _code, diagnostics, _text = _command(built, BIDS, bid.name, monkeypatch)
    for diagnostic in diagnostics:
        assert diagnostic["message"] in shown
    assert "The bid has problems" in page.inner_text("#svspec-check-status")
    assert page.get_attribute("#svspec-check-unavailable", "hidden") is not None
    # The supplier fixes the bid (here: the filled spreadsheet) and checks again.
    page.set_input_files("#svspec-check-file", str(BIDS / "waste-acme.xlsx"))
    page.click("#svspec-check-run")
    # Selectors, not wait_for_function: the page's Content-Security-Policy refuses Playwright's eval.
    page.wait_for_selector("#svspec-check-status:has-text('The bid is valid:')", timeout=30_000)
    assert page.inner_text("#svspec-check-report") == "1 file checked: no problems"


def test_opened_from_a_file_the_page_says_the_check_needs_http(page: Any, built: Path) -> None:
    context = page.context.browser.new_context()
    tab = context.new_page()
    tab.goto((built / "project" / "site" / "respond.html").as_uri())
    tab.wait_for_selector("#svspec-check-unavailable:has-text('served over http or https')", timeout=20_000)
    assert tab.get_attribute("#svspec-check", "hidden") is not None
    context.close()


def test_an_attached_answer_in_the_browser_is_valid_with_the_not_counted_warning_as_the_command_gives(
        page: Any, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page is given the bid file alone (issue 13 item 8): it cannot count an attached document's
    words, so it says so, exactly as `svspec validate` does for a bid whose document is not beside it."""
    import yaml

    data = yaml.safe_load((BIDS / "waste-acme.yaml").read_text(encoding="utf-8"))
    data["quality"]["Q1"] = "attached: method-statement.docx"
    data["evidence"]["Q1"] = ["method-statement.docx"]
    data["submitted"] = "2027-01-10T12:00:00Z"
    (tmp_path / "attached.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    [result] = _in_browser(page, [("attached.yaml", (tmp_path / "attached.yaml").read_bytes())])
    code, diagnostics, text = _command(built, tmp_path, "attached.yaml", monkeypatch)
    assert result["ok"] is True and code == 0
    assert [d["code"] for d in result["diagnostics"]] == ["bid/attachment-not-counted"]
    assert result["diagnostics"] == diagnostics
    assert (result["text"] + "\n") + result["summary"] + "\n" == text
