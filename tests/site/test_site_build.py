"""Generated sites build with `mkdocs build --strict`, load nothing from other servers, are
accessible (one h1, headings in order, links that say where they go) and build with Zensical."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import SPECS
from tests.site.helpers import built_site, content_pages, generate_site, outline

EXAMPLES = sorted(SPECS.rglob("*.svspec"))
VAGUE_LINK_TEXT = {"", "here", "click here", "more", "read more", "link", "this", "¶"}


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def example_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built HTML of the site of one example spec."""
    return built_site(request.param, tmp_path_factory.mktemp("built") / "project")


def test_the_site_of_every_example_spec_builds_with_mkdocs_strict(example_site: Path) -> None:
    assert (example_site / "index.html").is_file()
    assert (example_site / "search" / "search_index.json").is_file()


def test_built_pages_load_no_script_style_font_or_image_from_another_server(example_site: Path) -> None:
    for page in sorted(example_site.rglob("*.html")):
        external = [a for a in outline(page).assets if re.match(r"(?i)^(https?:)?//", a)]
        assert external == [], f"{page.name} loads {external}"
    for sheet in sorted(example_site.rglob("*.css")):
        imports = re.findall(r"""url\(\s*['"]?((?:https?:)?//[^'")]+)""", sheet.read_text(encoding="utf-8"))
        assert imports == [], f"{sheet.name} loads {imports}"


def test_mermaid_is_bundled_with_its_licence(example_site: Path) -> None:
    assets = example_site / "assets" / "svspec"
    assert (assets / "mermaid.min.js").stat().st_size > 1_000_000
    assert "MIT" in (assets / "mermaid-LICENSE.txt").read_text(encoding="utf-8")


def test_every_page_has_one_h1_and_headings_that_never_skip_a_level(example_site: Path) -> None:
    for page in content_pages(example_site):
        levels = [level for level, _ in outline(page).headings]
        assert levels.count(1) == 1 and levels[0] == 1, f"{page.name}: {levels}"
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{page.name} jumps from h{before} to h{after}: {levels}"


def test_every_link_has_text_that_says_where_it_goes(example_site: Path) -> None:
    for page in content_pages(example_site):
        vague = [(href, text) for href, text in outline(page).links if text.strip().lower() in VAGUE_LINK_TEXT]
        assert vague == [], f"{page.name}: {vague}"


_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"))


class _TableBoxes(HTMLParser):
    """Each table's parent element, and the tables each scroll box holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.parents: list[str] = []
        self.boxes: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        values = dict(attrs)
        if tag == "table":
            parent_tag, parent = self.stack[-1]
            self.parents.append(f"{parent_tag}.{parent.get('class')}.{parent.get('tabindex')}.{parent.get('role')}")
            for open_tag, open_attrs in reversed(self.stack):
                if open_tag == "div" and open_attrs.get("class") == "svspec-table":
                    self.boxes[-1] += 1
                    break
        if tag == "div" and values.get("class") == "svspec-table":
            self.boxes.append(0)
        self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0]}>"
        self.stack.pop()


def test_every_table_sits_alone_in_a_focusable_box_that_scrolls_it_without_javascript(example_site: Path) -> None:
    """The theme override (overrides/main.html) writes the box into the page: no script makes it."""
    tables = 0
    for page in content_pages(example_site):
        boxes = _TableBoxes()
        boxes.feed(page.read_text(encoding="utf-8"))
        assert all(p == "div.svspec-table.0.region" for p in boxes.parents), (page.name, boxes.parents)
        assert boxes.boxes == [1] * len(boxes.parents), page.name
        tables += len(boxes.parents)
    assert tables > 0


def test_a_measure_heading_is_reachable_by_its_stable_anchor(tmp_path: Path) -> None:
    built = built_site(SPECS / "lambeth" / "framework.svspec", tmp_path / "project")
    html = (built / "outcomes" / "jobs.html").read_text(encoding="utf-8")
    assert 'id="lbl1"' in html and 'id="lbl2"' in html


@pytest.mark.skipif(shutil.which("zensical") is None and not (Path(sys.executable).parent / "zensical").exists(),
                    reason="zensical is not installed")
@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_the_generated_project_builds_unchanged_with_zensical(spec: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    generate_site(spec, project)
    zensical = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")
    built = subprocess.run([zensical, "build", "--strict", "--clean"], cwd=project, capture_output=True, text=True,
                           check=False, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    pages = content_pages(site)
    assert pages
    for page in pages:
        found = outline(page)
        assert [lv for lv, _ in found.headings].count(1) == 1, page.name
        assert [a for a in found.assets if re.match(r"(?i)^(https?:)?//", a)] == [], page.name
    if (project / "docs" / "theory-of-change.md").exists():
        assert 'class="svspec-diagram"' in (site / "theory-of-change.html").read_text(encoding="utf-8")
