"""The finished website (issue 13 items 2, 3 and 4): `svspec docs --html` and `svspec build --html`
build it with MkDocs or Zensical; a site settings file brands it; dates, titles and the glossary
read as a council would publish them; a tender site shows one weighting."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.emit.site.publish import publish
from svspec.emit.site.settings import contrast_with_white, load_settings
from tests.conftest import SPECS
from tests.site.helpers import generate_site

SETTINGS = Path(__file__).parent / "fixtures" / "settings" / "site.yaml"
WASTE = SPECS / "lambeth" / "waste-2027.svspec"
HAS_ZENSICAL = (Path(sys.executable).parent / "zensical").exists() or shutil.which("zensical") is not None


@dataclass(frozen=True)
class _Done:
    returncode: int
    stdout: str
    stderr: str


def _svspec(*args: str) -> _Done:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return _Done(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def _settings(tmp_path: Path, text: str, logo: bytes | None = None) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    if logo is not None:
        (tmp_path / "logo.png").write_bytes(logo)
    return path


# ------------------------------------------------------------------------------ building HTML

def test_docs_html_builds_the_finished_website_into_the_html_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = _svspec("docs", str(WASTE), "--out", str(out), "--html", "--settings", str(SETTINGS))
    assert done.returncode == 0, done.stderr
    assert (out / "mkdocs.yml").is_file()
    home = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "London Borough of Lambeth" in home
    assert (out / "html" / "accessibility.html").is_file()
    assert (out / "html" / "downloads" / "bid-template.xlsx").is_file()
    assert "built the website with mkdocs" in done.stderr


def test_a_rebuild_replaces_the_pages_and_keeps_a_file_someone_added_to_the_html_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _svspec("docs", str(WASTE), "--out", str(out), "--html").returncode == 0
    (out / "html" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    done = _svspec("docs", str(WASTE), "--out", str(out), "--html")
    assert done.returncode == 0, done.stderr
    assert (out / "html" / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"
    assert "How we score" in (out / "html" / "index.html").read_text(encoding="utf-8")


def test_a_page_edited_by_hand_in_the_html_folder_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _svspec("docs", str(WASTE), "--out", str(out), "--html").returncode == 0
    (out / "html" / "index.html").write_text("my own edit", encoding="utf-8")
    done = _svspec("docs", str(WASTE), "--out", str(out), "--html")
    assert done.returncode != 0 and "output/file-changed" in done.stdout + done.stderr
    assert (out / "html" / "index.html").read_text(encoding="utf-8") == "my own edit"


def test_build_html_publishes_the_website_beside_the_other_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _svspec("build", str(WASTE), "--out", str(out), "--html", "--settings", str(SETTINGS))
    assert done.returncode == 0, done.stderr
    assert (out / "bid-schema.json").is_file() and (out / "site" / "mkdocs.yml").is_file()
    assert "15 January 2027" in (out / "html" / "respond.html").read_text(encoding="utf-8") or \
        "January" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert (out / "html" / "assets" / "svspec" / "logo.svg").is_file()


@pytest.mark.skipif(not HAS_ZENSICAL, reason="zensical is not installed")
def test_docs_html_builds_with_zensical_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = _svspec("docs", str(WASTE), "--out", str(out), "--html", "--builder", "zensical")
    assert done.returncode == 0, done.stderr
    home = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "zensical" in home.lower()
    assert (out / "html" / "theory-of-change.html").is_file()
    assert json.loads((out / "html" / ".svspec-manifest.json").read_text())["written-by"] == "svspec html"


def test_an_unknown_builder_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    problems = publish(tmp_path / "p", tmp_path / "html", builder="hugo")
    assert [d.code for d in problems] == ["site/builder-missing"]
    assert "hugo" in problems[0].message
    assert not (tmp_path / "html").exists()


def test_a_template_that_breaks_the_build_is_reported_and_the_old_pages_are_kept(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "pages"
    templates.mkdir(parents=True)
    (templates / "glossary.md.j2").write_text("# Glossary\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    out = tmp_path / "site"
    assert _svspec("docs", str(WASTE), "--out", str(out), "--html").returncode == 0
    done = _svspec("docs", str(WASTE), "--out", str(out), "--html", "--templates", str(tmp_path / "templates"))
    assert done.returncode == 1
    assert "site/build-failed" in done.stdout + done.stderr
    assert "missing.md" in done.stdout + done.stderr, "the message names the broken link"
    assert "Traceback" not in done.stderr
    assert "How we score" in (out / "html" / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ site settings

def test_the_example_settings_are_read_with_every_key() -> None:
    settings, problems = load_settings(SETTINGS)
    assert problems == [] and settings is not None
    assert settings.name == "London Borough of Lambeth"
    assert settings.primary == "#00594f" and settings.logo_type == "svg" and settings.logo.startswith(b"<svg")
    assert settings.contact.email == "procurement@lambeth.gov.uk"
    assert settings.deadline_time == "12:00" and "e-tendering portal" in settings.instructions


def test_branding_contact_accessibility_and_submission_reach_the_pages(tmp_path: Path) -> None:
    settings, _ = load_settings(SETTINGS)
    assert settings is not None
    generate_site(WASTE, tmp_path / "p", settings=settings)
    docs = tmp_path / "p" / "docs"
    config = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'copyright: "London Borough of Lambeth"' in config and "logo: assets/svspec/logo.svg" in config
    assert "--md-primary-fg-color: #00594f;" in (docs / "assets" / "svspec" / "branding.css").read_text()
    respond = (docs / "respond.md").read_text(encoding="utf-8")
    assert "Bids close at **12:00 on 15 January 2027**." in respond
    assert "## How to submit" in respond and "Bids sent by e-mail are not accepted." in respond
    assert "Submit at <https://procontract.due-north.com>." in respond
    assert "- E-mail: <procurement@lambeth.gov.uk>" in respond
    accessibility = (docs / "accessibility.md").read_text(encoding="utf-8")
    assert "reply within 5 working days" in accessibility and "WCAG" in accessibility


def test_without_settings_the_site_still_has_an_accessibility_statement_and_readable_colours(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    docs = tmp_path / "p" / "docs"
    assert "want as many people as possible" in (docs / "accessibility.md").read_text(encoding="utf-8")
    css = (docs / "assets" / "svspec" / "branding.css").read_text(encoding="utf-8")
    colour = css.split("--md-typeset-a-color: ")[1][:7]
    assert contrast_with_white(colour) >= 4.5


def test_an_unknown_setting_is_refused_with_its_line_and_the_known_keys(tmp_path: Path) -> None:
    path = _settings(tmp_path, "name: Lambeth\ncolour: '#00594f'\n")
    settings, problems = load_settings(path)
    assert settings is None
    assert [(d.code, d.span.line if d.span else None) for d in problems] == [("site/settings-invalid", 2)]
    assert "'colour' is not a site setting" in problems[0].message and "colours" in problems[0].message


def test_a_colour_too_light_to_read_on_white_is_refused_with_its_contrast(tmp_path: Path) -> None:
    path = _settings(tmp_path, "colours:\n  primary: '#7fb2ff'\n")
    settings, problems = load_settings(path)
    assert settings is None
    assert [d.code for d in problems] == ["site/colour-contrast"]
    assert "2.1" in problems[0].message and "4.5:1" in problems[0].message
    assert problems[0].span is not None and problems[0].span.line == 2


def test_a_logo_outside_the_settings_folder_is_refused_and_never_read(tmp_path: Path) -> None:
    inner = tmp_path / "settings"
    inner.mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    settings, problems = load_settings(_settings(inner, "logo: ../secret.png\n"))
    assert settings is None and [d.code for d in problems] == ["site/settings-invalid"]
    assert "not inside the folder" in problems[0].message


def test_a_deadline_time_not_on_the_24_hour_clock_is_refused(tmp_path: Path) -> None:
    settings, problems = load_settings(_settings(tmp_path, "submission:\n  deadline time: noon\n"))
    assert settings is None and "HH:MM" in problems[0].message


def test_settings_that_are_not_yaml_exit_with_a_located_message(tmp_path: Path) -> None:
    path = _settings(tmp_path, "name: [unclosed\n")
    done = _svspec("docs", str(WASTE), "--out", str(tmp_path / "site"), "--settings", str(path))
    assert done.returncode == 1
    assert "site/settings-invalid" in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_html_in_a_setting_is_shown_as_text(tmp_path: Path) -> None:
    path = _settings(tmp_path, "name: <script>alert(1)</script>\ncontact:\n  web: javascript:alert(1)\n")
    settings, problems = load_settings(path)
    assert problems == [] and settings is not None
    generate_site(WASTE, tmp_path / "p", settings=settings)
    home = (tmp_path / "p" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in home and "](javascript:" not in home and "<javascript:" not in home


# ------------------------------------------------------------------------ words and weights

def test_dates_are_written_as_a_reader_writes_them(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    home = (tmp_path / "p" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "| Bids close | 15 January 2027 |" in home
    assert "| In force from | 1 April 2026 |" in home
    assert "2027-01-15" not in home


def test_no_page_is_titled_overview(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    config = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Overview" not in config
    assert '- "More jobs and sustainable growth": themes/economic/index.md' in config


def test_the_glossary_never_explains_a_unit_by_its_own_name(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    glossary = (tmp_path / "p" / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "| weeks | weeks |" not in glossary
    rows = [line.split("|")[1:3] for line in glossary.splitlines() if line.startswith("| ") and "---" not in line]
    assert all(term.strip().lower() != meaning.strip().lower() for term, meaning in rows)
    assert "| weeks | The unit that measure LBL3 is answered in. |" in glossary


def test_a_tender_site_shows_the_tenders_theme_weights_and_says_what_the_frameworks_mean(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    docs = tmp_path / "p" / "docs"
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "| Theme | Weight in this tender (scored) | Framework's weight (guide, not scored) |" in home
    assert "| [More jobs and sustainable growth](themes/economic/index.md) | 55% | 40% |" in home
    assert "it is not used to score this tender" in home
    assert home.count("| Theme |") == 1, "one weighting table, not two that contradict each other"
    theme = (docs / "themes" / "economic" / "index.md").read_text(encoding="utf-8")
    assert "carry **55%** of the social value score" in theme and "not the weight this tender is scored on" in theme


def test_the_tenders_theme_weights_add_up_to_the_whole_social_value_score(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    home = (tmp_path / "p" / "docs" / "index.md").read_text(encoding="utf-8")
    start = home.index("| Theme | Weight in this tender")
    rows = [line for line in home[start:].splitlines()[2:] if line.startswith("| [")]
    assert sum(int(row.split("|")[2].strip().rstrip("%")) for row in rows) == 100


def test_a_framework_site_keeps_the_frameworks_theme_weights(tmp_path: Path) -> None:
    generate_site(SPECS / "lambeth" / "framework.svspec", tmp_path / "p")
    home = (tmp_path / "p" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "| Theme | Weight | Outcomes (weight within the theme) |" in home
    assert "in this tender" not in home


def test_a_date_that_is_not_an_iso_date_is_shown_as_written() -> None:
    from svspec.emit.site.words import long_date

    assert long_date("2027-01-15") == "15 January 2027"
    assert long_date("2027-13-01") == "2027-13-01"
    assert long_date("spring 2027") == "spring 2027"
    assert long_date(None) == ""


def test_a_link_planted_in_the_project_is_not_published(tmp_path: Path) -> None:
    generate_site(WASTE, tmp_path / "p")
    secret = tmp_path / "secret.md"
    secret.write_text("# Private notes\n", encoding="utf-8")
    (tmp_path / "p" / "docs" / "notes.md").symlink_to(secret)
    assert publish(tmp_path / "p", tmp_path / "html") == []
    assert not (tmp_path / "html" / "notes.html").exists()
    assert "Private notes" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                          for p in (tmp_path / "html").rglob("*.html"))
