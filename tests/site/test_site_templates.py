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


# ---------------------------------------------------------------- hostile templates (issue 8, item 10)
RUN_ID = ("{{ cycler.__init__.__globals__.os.popen('id > %(proof)s').read() }}"
          "{{ ''.__class__.__mro__[1].__subclasses__() }}")


def test_a_template_that_runs_a_command_is_refused_in_the_sandbox_and_runs_nothing(tmp_path: Path) -> None:
    proof = tmp_path / "proof.txt"
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "home.md.j2").write_text(RUN_ID % {"proof": proof}, encoding="utf-8")
    out = tmp_path / "project"
    site = generate_site(FRAMEWORK, out, templates=templates)
    assert not site.ok
    [problem] = [d for d in site.diagnostics if d.code == "site/template-error"]
    assert "pages/home.md.j2" in problem.message and "may not use" in problem.message
    assert not proof.exists(), "the template ran a command"
    assert not out.exists()


def test_a_template_may_not_change_what_a_page_provides(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "glossary.md.j2").write_text("{{ terms.append(1) }}{{ terms.clear() }}", encoding="utf-8")
    site = generate_site(FRAMEWORK, tmp_path / "project", templates=templates)
    assert [d.code for d in site.diagnostics] == ["site/template-error"]


def test_a_template_linked_to_a_secret_outside_the_folder_is_refused_with_its_location(tmp_path: Path) -> None:
    secret = tmp_path / "secret.env"
    secret.write_text("API_KEY=do-not-publish\n", encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "home.md.j2").symlink_to(secret)
    out = tmp_path / "project"
    site = generate_site(FRAMEWORK, out, templates=templates)
    assert not site.ok
    [problem] = site.diagnostics
    assert problem.code == "site/template-outside-folder"
    assert problem.span is not None and problem.span.file.endswith("templates/pages/home.md.j2")
    assert str(secret) in problem.message
    assert not out.exists()


def test_an_included_template_reached_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "measure.md.j2").write_text("{{ measure.code }} from elsewhere\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "partials").symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "project"
    site = generate_site(FRAMEWORK, out, templates=templates)
    assert "site/template-outside-folder" in [d.code for d in site.diagnostics]
    assert not site.ok and not out.exists()


def test_a_link_inside_the_templates_folder_is_followed(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "mine.md").write_text("# Words we use\n", encoding="utf-8")
    (templates / "pages" / "glossary.md.j2").symlink_to(templates / "mine.md")
    out = tmp_path / "project"
    site = generate_site(FRAMEWORK, out, templates=templates)
    assert site.ok
    assert (out / "docs" / "glossary.md").read_text(encoding="utf-8") == "# Words we use\n"


def test_a_template_that_includes_itself_is_reported_not_a_traceback(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "measure.md.j2").write_text("{% include 'partials/measure.md.j2' %}", encoding="utf-8")
    site = generate_site(FRAMEWORK, tmp_path / "project", templates=templates)
    assert not site.ok
    assert any(d.code == "site/template-error" and "itself" in d.message for d in site.diagnostics)
