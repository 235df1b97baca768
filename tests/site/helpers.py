"""Helpers for the guidance-site tests: generate a site and build it with MkDocs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import svspec
from svspec.emit.site import SiteResult, generate


def generate_site(spec: Path, out: Path, **options: object) -> SiteResult:
    """Compile `spec` and write its site project into `out`."""
    result = svspec.load(spec)
    assert result.ok and result.model is not None, [d.message for d in result.errors]
    return generate(result.model, out, **options)  # type: ignore[arg-type]


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` on a generated project; the built HTML lands in project/site/."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, env=env, check=False, timeout=600)


def built_site(spec: Path, out: Path, **options: object) -> Path:
    """Generate and build; return the folder of built HTML."""
    site = generate_site(spec, out, **options)
    assert site.ok, [d.message for d in site.diagnostics]
    built = mkdocs_build(out)
    assert built.returncode == 0, built.stderr
    return out / "site"


class Outline(HTMLParser):
    """The headings, links and asset URLs of one built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []
        self.assets: list[str] = []
        self.scripts: list[str] = []
        self._heading: int | None = None
        self._heading_text: list[str] = []
        self._link: str | None = None
        self._link_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = int(tag[1]), []
        elif tag == "a" and values.get("href") is not None:
            self._link = values["href"]
            # An accessible name can come from aria-label (the theme's logo link has one).
            self._link_text = [values.get("aria-label") or ""]
        if tag in ("script", "img", "iframe", "source", "audio", "video") and values.get("src"):
            self.assets.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.assets.append(values["href"] or "")
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, " ".join("".join(self._heading_text).split())))
            self._heading = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link, " ".join("".join(self._link_text).split())))
            self._link = None
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        if self._heading is not None:
            self._heading_text.append(data)
        if self._link is not None:
            self._link_text.append(data)


def outline(page: Path) -> Outline:
    parser = Outline()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def content_pages(built: Path) -> list[Path]:
    """The generated pages (not MkDocs' own 404 page)."""
    return sorted(p for p in built.rglob("*.html") if p.name != "404.html" and "assets" not in p.parts)
