"""The site's navigation names every page once (issue 13): a theme is its section's own link
(Material's `navigation.indexes`, its page the section's index), never a section and a page of
the same title, and an outcome, theme or page sharing a title with another entry (or with the
site's name) says what it is, so no two entries read alike.

Checked on the navigation of every real spec's generated site, and on the navigation a reader sees
in built HTML (MkDocs, and Zensical when installed) of the Lambeth waste tender, whose theme and
outcome are both called "Cleaner streets and greener neighbourhoods".
"""

from __future__ import annotations

import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from svspec.emit.site.publish import publish
from tests.conftest import SPECS
from tests.site.helpers import generate_site

REAL_SPECS = sorted(SPECS.glob("*/*.svspec"))


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml names a Python function (`!!python/name:`) for the diagram fence: read as text."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def _config(project: Path) -> dict[str, Any]:
    loaded = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    assert isinstance(loaded, dict)
    return loaded


def _shown(nav: list[Any]) -> list[tuple[str, str | None]]:
    """The entries a reader sees, as (label, page): a section whose first page is an index is
    shown as one entry, its label linking to that page."""
    seen: list[tuple[str, str | None]] = []
    for item in nav:
        ((label, target),) = item.items()
        if isinstance(target, list):
            first = next(iter(target[0].values())) if target else None
            index = first if isinstance(first, str) and first.endswith("/index.md") else None
            seen.append((label, index))
            seen += _shown(target[1:] if index else target)
        else:
            seen.append((label, target))
    return seen


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def _repeated(labels: list[str]) -> list[str]:
    keys = [_key(label) for label in labels]
    return sorted({label for label, key in zip(labels, keys, strict=True) if keys.count(key) > 1})


@pytest.mark.parametrize("spec", REAL_SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_two_entries_of_a_real_specs_navigation_read_alike(spec: Path, tmp_path: Path) -> None:
    site = generate_site(spec, tmp_path / "project")
    assert site.ok, [d.message for d in site.diagnostics]
    config = _config(tmp_path / "project")
    shown = _shown(config["nav"])
    assert _repeated([config["site_name"], *(label for label, _ in shown)]) == []
    # Every theme's page is its section's link, so the theme is named once.
    themes = [target for target in (tmp_path / "project" / "docs" / "themes").glob("*/index.md")]
    assert sorted(page for _, page in shown if page and page.startswith("themes/")) == sorted(
        t.relative_to(tmp_path / "project" / "docs").as_posix() for t in themes)
    assert "navigation.indexes" in config["theme"]["features"]


_CLASH = '''framework clash "Environment"
  version 1.0
  theme environment "Environment"
    outcome env "Environment"
      measure C1 "Carbon saved"
        unit tCO2e
        answer number at least 0
        evidence "Annual carbon report" every year
        scored relative to best
    outcome air "Cleaner air"
      measure C2 "Clean vehicles"
        unit FTE
        answer number at least 0
        evidence "Fleet list" every year
        scored relative to best
  theme places "Places"
    outcome places-air "Cleaner air"
      measure C3 "Trees planted"
        unit hours
        answer number at least 0
        evidence "Planting records" every year
        scored relative to best
    outcome glossary "Glossary"
      measure C4 "Parks kept"
        unit weeks
        answer number at least 0
        evidence "Site list" every year
        scored relative to best
'''


def test_a_theme_and_outcome_of_the_same_title_as_the_site_and_each_other_are_told_apart(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    (tmp_path / "clash.svspec").write_text(_CLASH, encoding="utf-8")
    site = generate_site(tmp_path / "clash.svspec", tmp_path / "project")
    assert site.ok, [d.message for d in site.diagnostics]
    shown = dict((page, label) for label, page in _shown(_config(tmp_path / "project")["nav"]))
    assert shown["themes/environment/index.md"] == "Environment (theme)"
    assert shown["outcomes/env.md"] == "Environment (outcome)"
    assert shown["outcomes/air.md"] == "Cleaner air"
    assert shown["outcomes/places-air.md"] == "Cleaner air (outcome)"
    assert shown["outcomes/glossary.md"] == "Glossary (outcome)"
    assert shown["glossary.md"] == "Glossary"
    # The page's own heading is still the title the spec gives it.
    page = (tmp_path / "project" / "docs" / "outcomes" / "env.md").read_text(encoding="utf-8")
    assert page.startswith("# Environment\n")


class _Navigation(HTMLParser):
    """The primary navigation as a reader sees it: the text of each entry's link or section label.

    Left out: the page's own table of contents (its headings, in the `md-nav--secondary` inside
    the current page's entry, and the label that opens it on a phone) and the copy of a section's
    label the theme repeats as the heading of its drill-down on a phone (`md-nav__title`).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[str] = []
        self._navs: list[bool] = []  # open <nav> elements: is each the table of contents?
        self._text: list[str] | None = None
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "nav" and (self._navs or "md-nav--primary" in classes):
            self._navs.append("md-nav--secondary" in classes or any(self._navs))
        if not self._navs or any(self._navs) or self._text is not None:
            return
        if tag in ("a", "label") and "md-nav__link" in classes and values.get("for") != "__toc":
            self._text, self._tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if self._text is not None and tag == self._tag:
            text = " ".join("".join(self._text).split())
            if text:
                self.entries.append(text)
            self._text = None
        elif tag == "nav" and self._navs:
            self._navs.pop()

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _entries(page: Path) -> list[str]:
    parser = _Navigation()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.entries


def _builders() -> list[str]:
    found = ["mkdocs"]
    if (Path(sys.executable).parent / "zensical").exists() or shutil.which("zensical"):
        found.append("zensical")
    return found


@pytest.mark.parametrize("builder", _builders())
def test_the_built_navigation_names_a_theme_and_its_outcome_of_one_title_once_each(builder: str,
                                                                                   tmp_path: Path) -> None:
    site = generate_site(SPECS / "lambeth" / "waste-2027.svspec", tmp_path / "project")
    assert site.ok
    assert publish(tmp_path / "project", tmp_path / "html", builder=builder) == []
    page = tmp_path / "html" / "outcomes" / "jobs.html"
    entries = _entries(page)
    title = "Cleaner streets and greener neighbourhoods"
    assert _repeated(entries) == [], entries
    assert {title, f"{title} (outcome)", "More jobs and sustainable growth", "More local people in good jobs",
            "Outcomes and measures", "Home", "Accessibility"} <= set(entries), entries
    html = page.read_text(encoding="utf-8")
    # The theme's entry is a link to its page (the section's index), not a label and a page.
    assert re.search(r'<a href="../themes/environment/index.html" class="md-nav__link[^"]*">\s*'
                     rf'(<span[^>]*>\s*)?{title}', html), "the theme's section links to its page"
