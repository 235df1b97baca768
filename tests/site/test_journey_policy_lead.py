"""The policy lead's journey, as a new user does it from the tutorial (issue 13, "Done means"):
new -> check -> fix -> publish, ending with the published site open in a browser.

Every command is typed as docs/tutorial.md shows it (the test fails when the tutorial stops
showing it), run as the installed `svspec` command in a fresh folder. The mistakes are the ones a
policy lead makes (the tutorial's typo, a colon copied from Word, too little social value for the
council's own policy) and each is fixed the way its message says. The site is then published with
the tutorial's settings file and opened from the disk as the tutorial says, and its pages show
what the spec says.

The other two journeys: the supplier's in tests/site/test_check_browser.py, the evaluator's in
tests/scoring/test_marks_sheet.py (CONTRIBUTING.md, "The three journeys").

Needs Debian's chromium and Playwright for the last step; without them the commands are still
run and checked, and the test is then skipped with the reason.
"""

from __future__ import annotations

import datetime
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import svspec
from svspec import model as m
from tests.site.test_site_browser import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
SVSPEC = Path(sys.executable).parent / "svspec"


def _shown(command: str) -> str:
    """`command`, after checking that the tutorial shows it to the reader as it is typed here."""
    assert f"`{command}`" in TUTORIAL or f"\n{command}\n" in TUTORIAL, f"docs/tutorial.md does not show `{command}`"
    return command


def _run(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run a command as the user types it (`svspec ...`) in `folder`."""
    words = shlex.split(command)
    assert words[0] == "svspec"
    return subprocess.run([str(SVSPEC), *words[1:]], cwd=folder, capture_output=True, text=True, timeout=300,
                          check=False)


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def _edit(path: Path, old: str, new: str) -> None:
    """What the policy lead does in their text editor: change one piece of text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (old, path.name)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _tutorial_settings() -> str:
    """The site settings file exactly as the tutorial's step 7 shows it."""
    step = TUTORIAL[TUTORIAL.index("## Step 7"):]
    found = re.search(r"```yaml\n(.*?)```", step, re.S)
    assert found, "the tutorial's step 7 shows a settings file"
    return found.group(1)


def _check_until_clean(folder: Path) -> None:
    done = _run(_shown("svspec check ."), folder)
    assert done.returncode == 0, _said(done)
    assert "no problems" in _said(done)


def test_a_policy_lead_starts_checks_fixes_and_publishes_a_site_that_shows_the_spec(tmp_path: Path) -> None:
    if not SVSPEC.exists():
        pytest.skip("the svspec command is not installed beside this Python (make install)")
    # Install check, then a starter folder.
    version = _run(_shown("svspec --version"), tmp_path)
    assert version.returncode == 0 and svspec.__version__ in version.stdout, _said(version)
    started = _run(_shown("svspec new anytown"), tmp_path)
    assert started.returncode == 0, _said(started)
    folder = tmp_path / "anytown"
    for name in ("framework.svspec", "tender.svspec"):
        assert f"anytown/{name}" in started.stdout and (folder / name).is_file()
    assert _shown("cd anytown")
    _check_until_clean(folder)

    # Mistake 1, the tutorial's own (step 3): a typo in the priority line. The message is the one
    # the tutorial shows, and its hint says the fix.
    framework = folder / "framework.svspec"
    _edit(framework, "priority jobs, greener", "priority jobs, greenr")
    done = _run("svspec check .", folder)
    assert done.returncode == 1
    for line in ("error[unknown-outcome]: there is no outcome called 'greenr'", "= hint: did you mean 'greener'?"):
        assert line in _said(done) and line in TUTORIAL, line
    suggested = re.search(r"did you mean '([^']+)'\?", _said(done))
    assert suggested
    _edit(framework, "priority jobs, greenr", f"priority jobs, {suggested.group(1)}")

    # Mistake 2, pasted from a Word document: a colon after a keyword. The message says what to type.
    _edit(framework, "    weight 60%\n", "    weight: 60%\n")
    done = _run("svspec check .", folder)
    assert done.returncode == 1 and "error[syntax/colon-after-keyword]" in _said(done), _said(done)
    typed = re.search(r"write `([^`]+)`", _said(done))
    assert typed and typed.group(1) == "weight 60%", _said(done)
    _edit(framework, "    weight: 60%\n", f"    {typed.group(1)}\n")

    # Mistake 3 (tutorial step 6): a tender below the council's own social value minimum.
    tender = folder / "tender.svspec"
    _edit(tender, "    quality 25%\n    social value 15%\n", "    quality 35%\n    social value 5%\n")
    done = _run("svspec check .", folder)
    assert done.returncode == 1 and "error[social-value-below-minimum]" in _said(done), _said(done)
    assert "below the minimum of 10%" in _said(done) and "policy set here" in _said(done)
    assert "your own policy requires at least 10%" in TUTORIAL
    _edit(tender, "    quality 35%\n    social value 5%\n", "    quality 25%\n    social value 15%\n")
    _check_until_clean(folder)

    # Publish, with the settings file of the tutorial.
    (folder / "site.yaml").write_text(_tutorial_settings(), encoding="utf-8")
    _shown("svspec build tender.svspec --out out --html")
    assert "`--settings site.yaml`" in TUTORIAL
    built = _run("svspec build tender.svspec --out out --html --settings site.yaml", folder)
    assert built.returncode == 0, _said(built)
    index = folder / "out" / "html" / "index.html"
    assert "out/html/index.html" in _said(built) and "out/html/index.html" in TUTORIAL
    assert index.is_file()

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (tests/site/install-browser.sh): the published site was not opened")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    model = svspec.load(tender).model
    assert isinstance(model, m.Tender)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            _the_site_shows_the_spec(browser.new_page(), index, model, tender.read_text(encoding="utf-8"))
        finally:
            browser.close()


def _the_site_shows_the_spec(page: Any, index: Path, tender: m.Tender, source: str) -> None:
    """The home page, opened from the disk as the tutorial says, shows the tender as written,
    with the settings' council name and contact; its navigation leads to each theme's page."""
    page.goto(index.as_uri(), wait_until="load")
    assert page.inner_text("article h1") == tender.title
    article = " ".join(page.inner_text("article").split())
    closes = datetime.date.fromisoformat(re.search(r"^  closes (\S+)$", source, re.M).group(1))  # type: ignore[union-attr]
    assert f"12:00 on {closes.day} {closes:%B %Y}" in article
    assert re.search(r"^  contract value (£[\d,]+ over \d+ years)$", source, re.M).group(1) in article  # type: ignore[union-attr]
    for line in re.findall(r"^    (price|quality|social value) (\d+%)", source, re.M):
        assert f"{line[0].capitalize()} {line[1]}" in article, line
    for selection in tender.selections:
        weight = re.search(rf"^    {selection.code} weight (\d+%)", source, re.M).group(1)  # type: ignore[union-attr]
        assert f"{selection.code}: {selection.measure.title} {weight}" in article, selection.code
    assert "Anytown Council" in page.inner_text("footer")
    assert "procurement@anytown.gov.uk" in page.content()

    # The navigation names each theme once, and leads to its page.
    framework = tender.framework
    for theme in framework.themes:
        links = page.locator("nav.md-nav--primary a.md-nav__link", has_text=theme.title)
        assert links.count() == 1, theme.title
        links.first.click()
        page.wait_for_load_state("load")
        assert page.inner_text("article h1") == theme.title
        for name in theme.outcomes:
            assert framework.outcome(name).title in page.inner_text("article")
        page.go_back(wait_until="load")
