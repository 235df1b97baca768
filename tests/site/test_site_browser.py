"""A real browser opens a built guidance site: navigation, search and the Mermaid diagram work,
and nothing is requested from any server but the site's own.

Needs Debian's chromium (tests/site/install-browser.sh installs it) and Playwright for Python;
skipped with the reason when either is missing. Screenshots go to pytest's temporary folder, or
to $SVSPEC_SCREENSHOTS when set.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import SPECS
from tests.site.helpers import built_site, generate_site

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="chromium is not installed (run tests/site/install-browser.sh)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(built: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 from a local thread, for as long as the generator lives."""
    handler = functools.partial(_QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The waste tender's site, built and served."""
    yield from _serve(built_site(SPECS / "lambeth" / "waste-2027.svspec", tmp_path_factory.mktemp("browser") / "p"))


@pytest.fixture(scope="module")
def served_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site of a spec whose titles and prose hold scripts and HTML, built and served."""
    spec = Path(__file__).parent / "fixtures" / "hostile.svspec"
    yield from _serve(built_site(spec, tmp_path_factory.mktemp("hostile") / "p"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True, viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


def _screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SVSPEC_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser: object, url: str, dialogs: list[str] | None = None) -> tuple[object, list[str]]:
    """Open `url` in a new tab, recording every request (and every alert/confirm dialog).

    Requests the page's Content-Security-Policy blocks are recorded too (as `blocked:` URLs), so
    that a test sees an attempt to load from another server even when the browser refused it.
    """
    page = browser.new_page()  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def failed(request: Any) -> None:
        if request.failure == "csp" and request.url in requested:
            requested[requested.index(request.url)] = "blocked:" + request.url

    page.on("requestfailed", failed)
    # Anything else the policy refuses (an inline script) is recorded too: on a generated page
    # the policy must never have to refuse anything, or it broke a part of the site.
    page.on("console", lambda message: requested.append("refused: " + message.text)
            if "Content Security Policy" in message.text and "Loading the image" not in message.text else None)
    if dialogs is not None:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="load")
    return page, requested


def _foreign(requested: list[str]) -> list[str]:
    return [u for u in requested if u.startswith(("blocked:", "refused:")) or
            (urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname != "127.0.0.1")]


def test_the_home_page_has_navigation_to_every_part_of_the_guidance(browser: object, served_site: str,
                                                                      tmp_path: Path) -> None:
    page, requested = _open(browser, served_site + "index.html")
    nav_text = page.text_content("nav.md-nav--primary")  # type: ignore[attr-defined]
    for entry in ("How to respond", "How we score", "Evaluator guidance", "More local people in good jobs",
                  "Theory of change", "Glossary"):
        assert entry in nav_text
    assert page.locator("h1").count() == 1  # type: ignore[attr-defined]
    page.screenshot(path=str(_screenshots(tmp_path) / "home.png"), full_page=False)  # type: ignore[attr-defined]
    page.click("nav.md-nav--primary >> text=How we score")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "How we score"  # type: ignore[attr-defined]
    assert _foreign(requested) == []
    assert not any(u.endswith("mermaid.min.js") for u in requested), "Mermaid is loaded only where it is needed"
    page.close()  # type: ignore[attr-defined]


def test_search_finds_a_measure_by_a_word_in_its_title(browser: object, served_site: str, tmp_path: Path) -> None:
    page, requested = _open(browser, served_site + "index.html")
    page.click("input.md-search__input")  # type: ignore[attr-defined]
    page.keyboard.type("volunteering")  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item", timeout=15_000)  # type: ignore[attr-defined]
    results = page.inner_text(".md-search-result")  # type: ignore[attr-defined]
    assert "volunteering" in results.lower()
    page.screenshot(path=str(_screenshots(tmp_path) / "search.png"))  # type: ignore[attr-defined]
    assert _foreign(requested) == []
    page.close()  # type: ignore[attr-defined]


def test_the_theory_of_change_is_drawn_as_an_svg_diagram_from_the_bundled_mermaid(
        browser: object, served_site: str, tmp_path: Path) -> None:
    page, requested = _open(browser, served_site + "theory-of-change.html")
    page.wait_for_selector(".svspec-diagram svg", timeout=20_000)  # type: ignore[attr-defined]
    diagrams = page.locator(".svspec-diagram svg")  # type: ignore[attr-defined]
    assert diagrams.count() == 2
    assert "Recruit through the Lambeth Working job brokerage" in (diagrams.first.text_content() or "")
    page.locator(".svspec-diagram").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.screenshot(path=str(_screenshots(tmp_path) / "theory-of-change.png"), full_page=True)  # type: ignore[attr-defined]
    assert any(u.endswith("assets/svspec/mermaid.min.js") for u in requested)
    assert _foreign(requested) == []
    page.close()  # type: ignore[attr-defined]


def test_scripts_written_in_a_spec_never_run_in_the_readers_browser(browser: object, served_hostile_site: str,
                                                                     tmp_path: Path) -> None:
    dialogs: list[str] = []
    for name in ("index.html", "outcomes/jobs.html", "theory-of-change.html", "themes/economic/index.html"):
        page, requested = _open(browser, served_hostile_site + name, dialogs)
        if name == "theory-of-change.html":
            page.wait_for_selector(".svspec-diagram svg", timeout=20_000)  # type: ignore[attr-defined]
        else:
            page.wait_for_load_state("load")  # type: ignore[attr-defined]
        heading = page.locator("article h1").inner_text()  # type: ignore[attr-defined]
        assert "<" in heading or name == "theory-of-change.html"
        if name == "index.html":
            assert page.locator("article h1").inner_text() == (  # type: ignore[attr-defined]
                "Framework <script>alert('title')</script> & <b>bold</b>")
            page.screenshot(path=str(_screenshots(tmp_path) / "hostile.png"))  # type: ignore[attr-defined]
        assert _foreign(requested) == []
        page.close()  # type: ignore[attr-defined]
    page, _ = _open(browser, served_hostile_site + "index.html", dialogs)
    page.click("input.md-search__input")  # type: ignore[attr-defined]
    page.keyboard.type("welcome")  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item", timeout=15_000)  # type: ignore[attr-defined]
    assert "<script>alert(" in page.inner_text(".md-search-result")  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
    assert dialogs == []


@pytest.fixture(scope="module")
def served_zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The waste tender's generated project, built unchanged by Zensical, and served."""
    zensical = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")
    if not Path(zensical).exists():
        pytest.skip("zensical is not installed")
    project = tmp_path_factory.mktemp("zensical") / "p"
    generate_site(SPECS / "lambeth" / "waste-2027.svspec", project)
    subprocess.run([zensical, "build", "--strict", "--clean"], cwd=project, check=True, capture_output=True,
                   timeout=600)
    yield from _serve(project / "site")


def test_the_zensical_build_has_navigation_search_and_the_diagram_too(browser: object, served_zensical_site: str,
                                                                      tmp_path: Path) -> None:
    page, requested = _open(browser, served_zensical_site + "theory-of-change.html")
    page.wait_for_selector(".svspec-diagram svg", timeout=20_000)  # type: ignore[attr-defined]
    assert page.locator(".svspec-diagram svg").count() == 2  # type: ignore[attr-defined]
    nav = page.text_content("nav.md-nav--primary") or ""  # type: ignore[attr-defined]
    assert "How we score" in nav and "Glossary" in nav
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]')  # type: ignore[attr-defined]
    assert policy.count() == 1, "Zensical uses svspec's theme overrides too"
    page.screenshot(path=str(_screenshots(tmp_path) / "zensical-theory-of-change.png"))  # type: ignore[attr-defined]
    page.keyboard.press("Control+k")  # type: ignore[attr-defined]
    page.keyboard.type("volunteering")  # type: ignore[attr-defined]
    results = page.get_by_text(re.compile(r"^\d+ results?$"))  # type: ignore[attr-defined]
    results.wait_for(timeout=15_000)
    assert int(results.inner_text().split()[0]) > 0
    page.screenshot(path=str(_screenshots(tmp_path) / "zensical-search.png"))  # type: ignore[attr-defined]
    assert _foreign(requested) == []
    page.close()  # type: ignore[attr-defined]


# Every link on a page, as the browser itself parsed it: `a.protocol` is what a click would run.
_LINK_PROTOCOLS = "Array.from(document.querySelectorAll('a[href]'), a => a.protocol)"


def test_no_payload_in_a_spec_runs_loads_or_links_to_script_on_any_page(browser: object, served_hostile_site: str,
                                                                      tmp_path: Path) -> None:
    """Issue 8, item 7: links split over lines, entities, raw HTML, diagram blocks in prose."""
    dialogs: list[str] = []
    names = ["index.html", "themes/economic/index.html", "outcomes/jobs.html", "theory-of-change.html", "glossary.html"]
    for name in names:
        page, requested = _open(browser, served_hostile_site + name, dialogs)
        if name == "theory-of-change.html":
            page.wait_for_selector(".svspec-diagram svg", timeout=20_000)  # type: ignore[attr-defined]
            assert page.locator(".svspec-diagram svg").count() == 1  # type: ignore[attr-defined]
            diagram = page.locator(".svspec-diagram").first  # type: ignore[attr-defined]
            assert diagram.locator("img, image, a, foreignObject script").count() == 0
            assert "<img src='https://tracker.example/label.png'>" in (diagram.text_content() or "")
        protocols = set(page.evaluate(_LINK_PROTOCOLS))  # type: ignore[attr-defined]
        assert protocols <= {"http:", "https:", "mailto:"}, (name, protocols)
        assert page.locator("article img").count() == 0, name  # type: ignore[attr-defined]
        assert page.locator("article iframe, article object, article embed").count() == 0  # type: ignore[attr-defined]
        if name == "themes/economic/index.html":
            article = page.locator("article").inner_text()  # type: ignore[attr-defined]
            assert '<img src="https://tracker.example/raw.png">' in article
            assert "click a call alert('click')" in article, "the diagram block in prose is shown as code"
            assert page.locator("article .svspec-diagram").count() == 0  # type: ignore[attr-defined]
            page.screenshot(path=str(_screenshots(tmp_path) / "hostile-theme.png"),  # type: ignore[attr-defined]
                            full_page=True)
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        assert _foreign(requested) == [], (name, _foreign(requested))
        page.close()  # type: ignore[attr-defined]
    assert dialogs == []


def test_the_content_security_policy_stops_a_script_or_image_that_reached_a_page(
        browser: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Defence in depth: were an inline script or a remote image ever to reach a page, it would not run or load."""
    spec = Path(__file__).parent / "fixtures" / "hostile.svspec"
    built = built_site(spec, tmp_path_factory.mktemp("csp") / "p")
    page_file = built / "index.html"
    html = page_file.read_text(encoding="utf-8")
    payload = ("<script>alert('inline')</script><img src=\"https://tracker.example/csp.png\">"
               "<img src=x onerror=\"alert('onerror')\"><a id=\"js\" href=\"javascript:alert('href')\">x</a>")
    page_file.write_text(html.replace("<article", payload + "<article", 1), encoding="utf-8")
    dialogs: list[str] = []
    for url in _serve(built):
        page, requested = _open(browser, url + "index.html", dialogs)
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        page.click("#js")  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        assert dialogs == []
        assert any(u.startswith("refused: Executing inline script") for u in requested)
        assert not [u for u in requested if "tracker.example" in u and not u.startswith("blocked:")]
        assert any("tracker.example/csp.png" in u for u in requested), "the blocked image was seen and refused"
        page.close()  # type: ignore[attr-defined]
