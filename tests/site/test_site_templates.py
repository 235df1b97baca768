"""Users override the site's Jinja2 templates one file at a time, partials included; mistakes in
their templates are diagnostics, never tracebacks."""

from __future__ import annotations

from pathlib import Path

from svspec.emit.site import builtin_templates
from tests.conftest import SPECS
from tests.site.helpers import generate_site, mkdocs_build

FRAMEWORK = SPECS / "lambeth" / "framework.svspec"


def test_the_built_in_templates_include_pages_and_partials() -> None:
    names = builtin_templates()
    assert "mkdocs.yml.j2" in names
    assert "pages/outcome.md.j2" in names
    assert "partials/measure.md.j2" in names


def test_one_page_template_can_be_overridden_and_the_others_stay_built_in(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    page = "# Words we use\n\n{% for e in terms %}- {{ e.term }}\n{% endfor %}"
    (templates / "pages" / "glossary.md.j2").write_text(page, encoding="utf-8")
    out = tmp_path / "project"
    site = generate_site(FRAMEWORK, out, templates=templates)
    assert site.ok and site.diagnostics == ()
    assert (out / "docs" / "glossary.md").read_text(encoding="utf-8").startswith("# Words we use\n\n- Attribution\n")
    assert (out / "docs" / "index.md").read_text(encoding="utf-8").startswith("# Lambeth Social Value Framework")
    assert mkdocs_build(out).returncode == 0


def test_a_partial_can_be_overridden_and_every_page_that_includes_it_uses_it(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "measure.md.j2").write_text(
        "### {{ measure.code }} (ours): {{ measure.title }}\n\n{{ measure.answer }}\n\n", encoding="utf-8")
    out = tmp_path / "project"
    assert generate_site(FRAMEWORK, out, templates=templates).ok
    jobs = (out / "docs" / "outcomes" / "jobs.md").read_text(encoding="utf-8")
    assert "### LBL1 (ours): Local residents employed on the contract" in jobs
    assert "### LBL2 (ours): Long-term unemployed residents hired" in jobs


def test_spec_text_reaches_user_templates_already_escaped(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "home.md.j2").write_text("# {{ spec_title }}\n", encoding="utf-8")
    out = tmp_path / "project"
    generate_site(Path(__file__).parent / "fixtures" / "hostile.svspec", out, templates=templates)
    assert (out / "docs" / "index.md").read_text(encoding="utf-8") == (
        "# Framework &lt;script&gt;alert('title')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;\n")


def test_a_template_that_replaces_nothing_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "measures.md.j2").write_text("x", encoding="utf-8")
    site = generate_site(FRAMEWORK, tmp_path / "project", templates=templates)
    [warning] = site.diagnostics
    assert warning.code == "site/unknown-template"
    assert warning.message == "'partials/measures.md.j2' in the templates folder does not replace any built-in template"
    assert warning.suggestions[0] == "partials/measure.md.j2"
    assert site.ok


def test_a_template_with_a_syntax_error_is_reported_with_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "theme.md.j2").write_text("# {{ theme.title }}\n\n{% for x in %}\n", encoding="utf-8")
    out = tmp_path / "project"
    site = generate_site(FRAMEWORK, out, templates=templates)
    assert not site.ok
    [error] = [d for d in site.diagnostics if d.code == "site/template-error"]
    assert error.span is not None and error.span.line == 3
    assert error.message.startswith("template 'pages/theme.md.j2' cannot be used: ")
    assert not out.exists()


def test_a_template_using_a_name_the_page_does_not_provide_is_reported(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "glossary.md.j2").write_text("# {{ glossary_title }}\n", encoding="utf-8")
    site = generate_site(FRAMEWORK, tmp_path / "project", templates=templates)
    [error] = site.diagnostics
    assert error.code == "site/template-error"
    assert "'glossary_title' is undefined" in error.message
