"""The guidance site: an MkDocs project (`mkdocs.yml` + `docs/`) generated from a spec.

Pages are Jinja2 templates (with partials) that a user can override one file at a time. Every
text taken from the spec is made safe Markdown before a template sees it (see `views`), and
the site bundles what it needs (Mermaid included) so it loads nothing from other servers.

Granularity: one page per theme and per outcome, with that outcome's measures as sections, so a
framework of 1,000 measures still makes only about a hundred pages (MkDocs build time grows
faster than linearly with the number of pages, because every page renders the whole nav).
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from svspec import SvspecError, outputs
from svspec import model as m
from svspec.diagnostics import REGISTRY, Diagnostic, Span, make
from svspec.diagnostics.core import has_errors
from svspec.diagnostics.suggest import did_you_mean
from svspec.emit.site import prose, views, words
from svspec.emit.site.settings import DEFAULT, SiteSettings
from svspec.kinds.answers import answer_kind
from svspec.kinds.rules import rule_kind
from svspec.semantics.loader import display_path

GENERATED_MARK = outputs.GENERATED_MARK
ASSETS = "assets/svspec"
OVERRIDES = "overrides"
# Every generated page carries this policy (theme/main.html): scripts only from the site's own
# files, nothing loaded from another server, no plugins, no forms sent anywhere.
# 'wasm-unsafe-eval' lets the in-browser bid check compile Pyodide's WebAssembly (it allows no
# JavaScript eval: 'unsafe-eval' is never given).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
                           "connect-src 'self'; worker-src 'self'; "
                           "object-src 'none'; base-uri 'self'; form-action 'none'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One Markdown page: where it goes under docs/, its nav title and what renders it."""

    path: str
    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class NavItem:
    title: str
    path: str | None = None
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteResult:
    """What `generate` did: the files written (relative to the site folder) and any diagnostics."""

    files: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def emit(model: m.Model, out_dir: Path, *, settings: SiteSettings = DEFAULT) -> None:
    """The `svspec build` emitter: write the site project into `out_dir/site/`."""
    files, diagnostics = render(model, downloads_from=Path(out_dir), settings=settings)
    if files is None:
        # Only user templates can fail, and `svspec build` uses the built-in ones: this is our bug.
        raise SvspecError("the built-in site templates failed: " + "; ".join(d.message for d in diagnostics))
    for name, data in sorted(files.items()):
        outputs.write_file(Path(out_dir) / "site" / name, data, durable=False)


def generate(model: m.Model, site_dir: Path, *, templates: Path | None = None,
             previous: m.Model | None = None, downloads_from: Path | None = None, force: bool = False,
             protect: Sequence[Path] = (), settings: SiteSettings = DEFAULT) -> SiteResult:
    """Write the MkDocs project for `model` into `site_dir` (replacing a site generated before).

    `templates` is a folder of templates overriding the built-in ones by name; `previous` is an
    earlier version of the same spec, compared on a changelog page; `downloads_from` is a folder
    where the bid schema and templates were already written (by `svspec build`), copied rather
    than made a second time. Nothing is written when a diagnostic is an error. The folder is
    written by `svspec.outputs.OutputFolder`: only the files of the site written there before are
    replaced, a user's own files are kept, and a folder svspec did not create is refused
    (`OutputRefused`) unless `force` is given. `settings` are the publisher's (`--settings FILE`).
    """
    files, diagnostics = render(model, templates=templates, previous=previous, downloads_from=downloads_from,
                                settings=settings)
    if files is None:
        return SiteResult(files=(), diagnostics=diagnostics)
    with outputs.OutputFolder(Path(site_dir), command="docs", force=force, protect=protect) as folder:
        for name, data in sorted(files.items()):
            outputs.write_file(folder.staging / name, data, durable=False)
        published = folder.commit()
    return SiteResult(files=published.files, diagnostics=diagnostics)


def render(model: m.Model, *, templates: Path | None = None, previous: m.Model | None = None,
           downloads_from: Path | None = None, settings: SiteSettings = DEFAULT
           ) -> tuple[dict[str, bytes] | None, tuple[Diagnostic, ...]]:
    """Every file of the site (path under the project folder -> bytes), or None when a diagnostic is an error."""
    diagnostics: list[Diagnostic] = []
    env = _environment(templates, diagnostics)
    if previous is not None and not _comparable(previous, model, diagnostics):
        return None, tuple(diagnostics)
    collector = views.Collector()
    pages, nav, downloads = _plan(model, previous, collector, downloads_from, settings)
    diagnostics.extend(collector.diagnostics)
    env.globals["published"] = frozenset(_targets(pages))
    rendered: dict[str, str] = {}
    for page in pages:
        text = _render(env, page.template, {**page.context, "page_path": page.path}, diagnostics)
        if text is not None:
            rendered[f"docs/{page.path}"] = text
    config = _render(env, "mkdocs.yml.j2", {"page_path": "", **_config_context(model, nav, settings)}, diagnostics)
    if config is not None:
        rendered["mkdocs.yml"] = config
    # A broken template used by many pages is reported once.
    diagnostics = list(dict.fromkeys(diagnostics))
    if has_errors(diagnostics):
        return None, tuple(diagnostics)
    files = _files(rendered, downloads, settings)
    if isinstance(model, m.Tender):
        from svspec.emit.site import check

        files.update(check.files(model, ASSETS))  # the in-browser bid check (issue 13 item 7)
    return files, tuple(diagnostics)


# ---------------------------------------------------------------------------------- templates

def builtin_templates() -> list[str]:
    """The names of the built-in templates, e.g. `pages/outcome.md.j2`, `partials/measure.md.j2`."""
    root = resources.files("svspec.emit.site") / "templates"
    names: list[str] = []

    def walk(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".j2"):
                names.append(prefix + entry.name)

    walk(root, "")
    return sorted(names)


def _environment(templates: Path | None, diagnostics: list[Diagnostic]) -> jinja2.Environment:
    """The Jinja2 environment: built-in templates, overridden by the user's when `templates` is given.

    User templates run in Jinja2's immutable sandbox (they can read what a page provides, never
    reach Python: no `__class__`, no `os`, no mutation), and are read only from inside their
    folder (see `_ConfinedLoader`).
    """
    loaders: list[jinja2.BaseLoader] = []
    environment: type[jinja2.Environment] = jinja2.Environment
    if templates is not None:
        known = builtin_templates()
        for name, path in _template_files(Path(templates)):
            outside = _outside_link(path, Path(templates))
            if outside is not None:
                diagnostics.append(outside)
            elif name not in known and not path.is_dir():
                diagnostics.append(make("site/unknown-template", None, name=name,
                                        suggestions=did_you_mean(name, known)))
        loaders.append(_ConfinedLoader(Path(templates)))
        environment = jinja2.sandbox.ImmutableSandboxedEnvironment
    loaders.append(jinja2.PackageLoader("svspec.emit.site", "templates"))
    env = environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; spec text is made safe in `views`
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = _href
    env.filters["link"] = _link
    env.filters["yaml"] = _yaml_string
    return env


class TemplateOutsideFolder(Exception):
    """A user template that resolves outside the templates folder (deliberately not TemplateNotFound,
    which would make the ChoiceLoader fall back to the built-in template without a word)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _ConfinedLoader(jinja2.BaseLoader):
    """Loads templates from one folder only: a name or link that resolves outside it is refused."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self.given = Path(root)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        parts = jinja2.loaders.split_template_path(template)  # refuses `..` with TemplateNotFound
        path = self.given.joinpath(*parts)
        if not path.is_symlink() and not path.exists():
            raise jinja2.TemplateNotFound(template)
        outside = _outside_link(path, self.given)
        if outside is not None:
            raise TemplateOutsideFolder(outside)
        real = os.path.realpath(path)
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                source = handle.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise jinja2.TemplateNotFound(template, message=f"'{template}' cannot be read: {error}") from error
        return source, str(path), lambda: True  # templates do not change during one run


def _template_files(root: Path) -> list[tuple[str, Path]]:
    """The files and links in a templates folder (by template name), without following links."""
    found: list[tuple[str, Path]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink() or path.is_file():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def _outside_link(path: Path, root: Path) -> Diagnostic | None:
    """The located refusal for a template whose real path is not inside the templates folder."""
    real = Path(os.path.realpath(path))
    folder = Path(os.path.realpath(root))
    if real == folder or folder in real.parents:
        return None
    display = display_path(Path(os.path.abspath(path)))
    span = Span(file=display, line=1, column=1, end_line=1, end_column=2)
    return make("site/template-outside-folder", span, template=path.relative_to(root).as_posix(), target=str(real))


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    """A link from the page being rendered to `target` (a path under docs/, maybe with #anchor)."""
    page = context.get("page_path", "")
    path, _, fragment = target.partition("#")
    if not path:
        return f"#{fragment}"
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return relative + (f"#{fragment}" if fragment else "")


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, link: views.Link) -> str:
    """A Markdown link from a `Link`; only its text when the target is not published on this site."""
    if not link.path or link.path not in context.get("published", ()):
        return link.text
    return f"[{link.text}]({_href(context, link.path)})"


def _targets(pages: Sequence[Page]) -> set[str]:
    targets = {page.path for page in pages}
    for page in pages:
        outcome = page.context.get("outcome")
        if isinstance(outcome, views.OutcomeView):
            targets.update(f"{page.path}#{mv.anchor}" for mv in outcome.measures)
    return targets


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that reads back as `text`, whatever characters it holds.

    The text is already HTML-escaped where a theme shows it. Characters YAML may not hold (U+FFFE,
    controls, surrogates) or reads as line breaks (U+0085, U+2028) are written as escapes, so one
    odd character in a title can neither make `mkdocs.yml` unreadable nor start a new key.
    """
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == " " or (char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _render(env: jinja2.Environment, name: str, context: Mapping[str, Any],
            diagnostics: list[Diagnostic]) -> str | None:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        span = None
        if error.filename:
            span = Span(file=error.filename, line=error.lineno, column=1, end_line=error.lineno, end_column=2)
        diagnostics.append(make("site/template-error", span, template=error.name or name, reason=error.message))
    except jinja2.TemplateNotFound as error:
        diagnostics.append(make("site/template-error", None, template=name, reason=f"it includes "
                                f"'{error.name}', which does not exist"))
    except TemplateOutsideFolder as refused:
        diagnostics.append(refused.diagnostic)
    except jinja2.exceptions.SecurityError as error:
        diagnostics.append(make("site/template-error", None, template=name,
                                reason=f"it uses something templates may not use ({error})"))
    except RecursionError:
        diagnostics.append(make("site/template-error", None, template=name,
                                reason="it includes or extends itself, directly or through other templates"))
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
        diagnostics.append(make("site/template-error", None, template=name, reason=str(error)))
    return None


def _comparable(previous: m.Model, model: m.Model, diagnostics: list[Diagnostic]) -> bool:
    def describe(spec: m.Model) -> str:
        return f"{type(spec).__name__.lower()} '{spec.name}'"

    if type(previous) is not type(model) or previous.name != model.name or isinstance(model, m.ValueSet):
        expected = describe(model) if not isinstance(model, m.ValueSet) else "a framework or a tender"
        diagnostics.append(make("site/previous-not-comparable", None, found=describe(previous), expected=expected))
        return False
    return True


# ---------------------------------------------------------------------------------- pages

def _plan(model: m.Model, previous: m.Model | None, collector: views.Collector,
          downloads_from: Path | None = None, settings: SiteSettings = DEFAULT
          ) -> tuple[list[Page], list[NavItem], dict[str, bytes]]:
    if isinstance(model, m.ValueSet):
        value_pages, value_nav, nothing = _value_set_pages(model, collector)
        return _with_accessibility(value_pages, value_nav, settings, model), value_nav, nothing
    tender = model if isinstance(model, m.Tender) else None
    framework = model.framework if isinstance(model, m.Tender) else model
    selections = {s.code: s for s in tender.selections} if tender else None
    asked = ({**{s.code: s.measure for s in tender.selections}, **{r.code: r.measure for r in tender.recorded}}
             if tender else None)  # as the tender asks them: tailored, and recorded ones too
    common = {"framework": _framework_facts(framework), "tender": _tender_facts(tender, settings) if tender else None,
              "spec_title": prose.inline(model.title), "publisher": _publisher(settings)}

    examples = _worked_examples(tender) if tender else {}
    scales = _scales(framework, tender)
    themes = _theme_views(framework, collector, selections, examples, scales, asked)
    pages: list[Page] = []
    nav: list[NavItem] = [NavItem(title="Home", path="index.md")]
    priorities = [views.group_link(framework, name) for name in framework.priority]
    pages.append(Page(path="index.md", title="Home", template="pages/home.md.j2", context={
        **common, "text": collector.text(model, None, heading_level=2),
        "framework_text": collector.text(framework, None, heading_level=3) if tender else None,
        "priorities": priorities, "themes": themes, "policy": _policy_lines(
            tender.policy if tender else None, framework, tender.waivers if tender else ()),
        "criteria": _criteria(tender) if tender else (),
        "selected": [mv for t in themes for o in t.outcomes for mv in o.measures] if tender else (),
        "theme_weights": _theme_weights(framework, tender, themes) if tender else (),
    }))
    downloads: dict[str, bytes] = {}
    if tender is not None:
        downloads = _downloads(tender, downloads_from)
        used_scales = _used_scales(tender)
        for_suppliers, for_developers = _download_lists(downloads)
        pages.append(Page(path="respond.md", title="How to respond", template="pages/respond.md.j2", context={
            **common, "downloads": for_suppliers, "developer_downloads": for_developers,
            "local_districts": [(prose.inline(s.code), prose.inline(", ".join(s.measure.local_area)))
                                for s in tender.selections if s.measure.local_area],
            "themes": themes, "questions": _questions(tender, collector, examples, scales),
            "attaching": _attaching(tender)}))
        pages.append(Page(path="scoring.md", title="How we score", template="pages/scoring.md.j2", context={
            **common, "criteria": _criteria(tender), "questions": _questions(tender, collector, examples, scales),
            "measures": [mv for t in themes for o in t.outcomes for mv in o.measures],
            "tie_break": [prose.inline(t) for t in tender.tie_break],
            "compare_among": tender.compare_among}))
        pages.append(Page(path="evaluators.md", title="Evaluator guidance", template="pages/evaluators.md.j2",
                          context={**common, "scales": [views.scale_view(s) for s in used_scales],
                                   "moderation": tender.moderation, "compare_among": tender.compare_among}))
        nav += [NavItem(title="How to respond", path="respond.md"), NavItem(title="How we score", path="scoring.md"),
                NavItem(title="Evaluator guidance", path="evaluators.md")]
    elif framework.scales:
        pages.append(Page(path="evaluators.md", title="Evaluator guidance", template="pages/evaluators.md.j2",
                          context={**common, "scales": [views.scale_view(s) for s in framework.scales],
                                   "moderation": None, "compare_among": None}))
        nav.append(NavItem(title="Evaluator guidance", path="evaluators.md"))

    theme_nav: list[NavItem] = []
    tender_weights = {row["link"].path: row["tender"] for row in _theme_weights(framework, tender, themes)} \
        if tender else {}
    taken = {_label_key(t) for t in (prose.plain(model.title), *_FIXED_LABELS)}
    for theme in themes:
        theme_label = _distinct_label(taken, theme.title_plain, f"{theme.title_plain} (theme)",
                                      f"{theme.title_plain} (theme {theme.name})")
        pages.append(Page(path=theme.path, title=theme_label, template="pages/theme.md.j2",
                          context={**common, "theme": theme, "tender_weight": tender_weights.get(theme.path, "")}))
        # The theme's own page is its section's index: the section's title is its link.
        children = [NavItem(title=theme_label, path=theme.path)]
        for outcome in theme.outcomes:
            label = _distinct_label(taken, outcome.title_plain, f"{outcome.title_plain} (outcome)",
                                    f"{outcome.title_plain} (outcome in {theme_label})",
                                    f"{outcome.title_plain} (outcome {outcome.name})")
            pages.append(Page(path=outcome.path, title=label, template="pages/outcome.md.j2",
                              context={**common, "theme": theme, "outcome": outcome}))
            children.append(NavItem(title=label, path=outcome.path))
        theme_nav.append(NavItem(title=theme_label, children=tuple(children)))
    nav.append(NavItem(title="Outcomes and measures", children=tuple(theme_nav)))

    pathways = [views.pathway_view(framework, p, collector) for p in framework.pathways]
    contributions = [(mv.link, mv.contributes_to) for t in themes for o in t.outcomes for mv in o.measures
                     if mv.contributes_to]
    if pathways or contributions:
        pages.append(Page(path="theory-of-change.md", title="Theory of change",
                          template="pages/theory-of-change.md.j2",
                          context={**common, "pathways": pathways, "contributions": contributions}))
        nav.append(NavItem(title="Theory of change", path="theory-of-change.md"))
    families = _tag_families(framework, asked)
    if families:
        pages.append(Page(path="tags.md", title="Tags", template="pages/tags.md.j2",
                          context={**common, "families": families}))
        nav.append(NavItem(title="Tags", path="tags.md"))
    pages.append(Page(path="glossary.md", title="Glossary", template="pages/glossary.md.j2",
                      context={**common, "terms": _glossary(framework, themes)}))
    nav.append(NavItem(title="Glossary", path="glossary.md"))
    if previous is not None:
        from svspec.diff import compare
        from svspec.diff_report import markdown_body

        # The same comparison as `svspec diff` (compared as `_comparable` checked above).
        comparison = compare(previous, model)
        pages.append(Page(path="changelog.md", title="Changelog", template="pages/changelog.md.j2", context={
            **common, "changes": comparison.changes, "body": markdown_body(comparison),
            "old_version": prose.inline(_version(previous)), "new_version": prose.inline(_version(model))}))
        nav.append(NavItem(title="Changelog", path="changelog.md"))
    return _with_accessibility(pages, nav, settings, model), nav, downloads


# The navigation's own entries, which a theme or outcome of the same title must not repeat.
_FIXED_LABELS = ("Home", "How to respond", "How we score", "Evaluator guidance", "Outcomes and measures",
                 "Theory of change", "Tags", "Glossary", "Changelog", "Accessibility")


def _label_key(label: str) -> str:
    """Labels that differ only in case or spacing read the same in the navigation."""
    return " ".join(label.casefold().split())


def _distinct_label(taken: set[str], *candidates: str) -> str:
    """The first candidate no entry of the navigation (or the site's name) has yet, now taken.

    A theme "Environment" with an outcome "Environment" would show one title twice, and the
    browser's tab and history would name two pages alike: the later entry says what it is.
    """
    for candidate in candidates:
        if _label_key(candidate) not in taken:
            taken.add(_label_key(candidate))
            return candidate
    return candidates[-1]  # names are unique, so the last candidate is unique among its kind


def _with_accessibility(pages: list[Page], nav: list[NavItem], settings: SiteSettings, model: m.Model) -> list[Page]:
    """Every site has an accessibility statement page (a public body's site must publish one)."""
    pages.append(Page(path="accessibility.md", title="Accessibility", template="pages/accessibility.md.j2",
                      context={"spec_title": prose.inline(model.title), "publisher": _publisher(settings)}))
    nav.append(NavItem(title="Accessibility", path="accessibility.md"))
    return pages


def _publisher(settings: SiteSettings) -> dict[str, Any]:
    """The publisher's settings as safe Markdown for the templates (blank where not set)."""
    def paragraphs(text: str) -> list[str]:
        return [prose.inline(" ".join(p.split())) for p in text.split("\n\n") if p.strip()]

    contact = settings.contact
    return {
        "name": prose.inline(settings.name),
        "email": prose.inline(contact.email), "phone": prose.inline(contact.phone),
        "address": prose.inline(contact.address), "web": _safe_url(contact.web),
        "has_contact": bool(contact.email or contact.phone or contact.address or contact.web),
        "accessibility": paragraphs(settings.accessibility), "instructions": paragraphs(settings.instructions),
        "portal": _safe_url(settings.portal), "deadline_time": settings.deadline_time,
    }


def _safe_url(url: str) -> str:
    """A web address as a Markdown autolink, only when it is plainly https:// (else as text)."""
    import re

    if re.fullmatch(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/%-]*)?", url):
        return f"<{url}>"
    return prose.inline(url)


def _theme_weights(framework: m.Framework, tender: m.Tender, themes: Sequence[views.ThemeView]
                   ) -> list[dict[str, Any]]:
    """Per theme: its share of this tender's social value (its selected measures' weights) and the framework's."""
    from fractions import Fraction

    out = []
    for theme in themes:
        codes = {mv.code for o in theme.outcomes for mv in o.measures}
        share = sum((Fraction(s.weight) for s in tender.selections if prose.inline(s.code) in codes), Fraction(0))
        tender_weight = words.percent(share)
        out.append({"link": theme.link, "tender": tender_weight, "framework": theme.weight,
                    "differs": bool(theme.weight) and theme.weight != tender_weight})
    return out


def _tag_families(framework: m.Framework, asked: Mapping[str, m.Measure] | None) -> list[dict[str, Any]]:
    """The framework's tag families, each tag with links to the measures carrying it (a tender's only)."""
    measures = [mm for mm in framework.measures if asked is None or mm.code in asked]
    return [{"title": prose.inline(family.title), "tags": [
        {"title": prose.inline(tag.title),
         "measures": [views.measure_link(framework, mm.code) for mm in measures if tag.name in mm.tags]}
        for tag in family.tags]} for family in framework.tag_families]


def _version(spec: m.Model) -> str:
    if isinstance(spec, m.ValueSet):
        return spec.edition
    return spec.version or "unversioned"


def _framework_facts(framework: m.Framework) -> dict[str, str]:
    return {
        "name": prose.inline(framework.name), "title": prose.inline(framework.title),
        "version": prose.inline(framework.version), "owner": prose.inline(framework.owner),
        "effective": prose.inline(words.long_date(framework.effective)), "licence": prose.inline(framework.licence),
        "until": prose.inline(words.long_date(framework.until)), "replaced_by": prose.inline(framework.replaced_by),
        "source": prose.inline(framework.source), "currency": prose.inline(framework.currency),
        "layers": prose.inline(" → ".join(framework.layers)) if framework.layers else "",
    }


def _tender_facts(tender: m.Tender, settings: SiteSettings = DEFAULT) -> dict[str, str]:
    closes = prose.inline(words.long_date(tender.closes)) if tender.closes else ""
    if closes and settings.deadline_time:
        closes = f"{settings.deadline_time} on {closes}"
    return {
        "name": prose.inline(tender.name), "title": prose.inline(tender.title),
        "version": prose.inline(tender.version), "closes": closes,
        "contract_value": words.money(tender.contract_value), "years": words.number(tender.contract_years),
    }


def _scales(framework: m.Framework, tender: m.Tender | None) -> dict[str, m.Scale]:
    found = {s.name: s for s in framework.scales}
    if tender is not None:
        found.update({s.name: s for s in tender.scales})
    return found


def _theme_views(framework: m.Framework, collector: views.Collector, selections: dict[str, m.Selection] | None,
                 examples: Mapping[str, views.WorkedExample],
                 scales: Mapping[str, m.Scale],
                 asked: Mapping[str, m.Measure] | None = None) -> list[views.ThemeView]:
    contributions: dict[str, list[views.Link]] = {}
    chosen = asked if asked is not None else selections
    for measure in framework.measures:
        if chosen is not None and measure.code not in chosen:
            continue
        for name in measure.contributes_to:
            contributions.setdefault(name, []).append(views.measure_link(framework, measure.code))
    out = []
    for theme in framework.themes:
        outcomes = []
        for name in theme.outcomes:
            outcome = framework.outcome(name)
            codes = [c for c in outcome.measures if chosen is None or c in chosen]
            if chosen is not None and not codes:
                continue
            measures = tuple(views.measure_view(framework, asked.get(c, framework.measure(c)) if asked else
                                                framework.measure(c), collector,
                                                selection=selections.get(c) if selections else None,
                                                example=examples.get(c), scales=scales) for c in codes)
            outcomes.append(views.OutcomeView(
                name=outcome.name, title=prose.inline(outcome.title), title_plain=prose.plain(outcome.title),
                path=views.outcome_path(outcome.name),
                link=views.Link(text=prose.inline(outcome.title), path=views.outcome_path(outcome.name)),
                theme=views.Link(text=prose.inline(theme.title), path=views.theme_path(theme.name)),
                weight=words.percent(outcome.weight), priority=outcome.priority,
                text=collector.text(outcome, outcome.span, heading_level=2), measures=measures,
                contributions=tuple(contributions.get(outcome.name, ()))))
        if chosen is not None and not outcomes:
            continue
        out.append(views.ThemeView(
            name=theme.name, title=prose.inline(theme.title), title_plain=prose.plain(theme.title),
            path=views.theme_path(theme.name),
            link=views.Link(text=prose.inline(theme.title), path=views.theme_path(theme.name)),
            weight=words.percent(theme.weight), text=collector.text(theme, theme.span, heading_level=2),
            outcomes=tuple(outcomes)))
    return out


def _policy_lines(tender_policy: m.Policy | None, framework: m.Framework,
                  waivers: tuple[m.Waiver, ...] = ()) -> list[str]:
    lines = []
    for policy in (framework.policy, tender_policy):
        if policy is None:
            continue
        lines += _one_policy(policy, framework)
        if policy.recommended is not None:
            lines += [f"Recommended, not required: {line[0].lower()}{line[1:]}"
                      for line in _one_policy(policy.recommended, framework)]
    # Recorded exceptions (issue 9 item 9) are published with their reason and approver.
    for w in waivers:
        when = f" on {words.long_date(w.approved_on)}" if w.approved_on else ""
        lines.append(f"Exception to the policy ({prose.inline(w.code)}: {prose.inline(REGISTRY[w.code].title)}), "
                     f"approved by {prose.inline(w.approved_by)}{when}: {prose.inline(w.reason)}")
    return list(dict.fromkeys(lines))


def _rising(rises: tuple[m.Rise, ...], as_of: str | None) -> str:
    """', rising to 20% from 2023-04-01' for a framework; for a tender, the date its figure is checked on."""
    if not rises:
        return ""
    if as_of is not None:
        return f" (the figure in force on the tender's closing date, {words.long_date(as_of)})"
    return "".join(f", rising to {words.percent(r.figure)} from {words.long_date(r.on)}" for r in rises)


def _one_policy(policy: m.Policy, framework: m.Framework) -> list[str]:
    """The rules of one policy in sentences."""
    lines = []
    if policy.min_social_value is not None:
        lines.append(f"Social value is at least {words.percent(policy.min_social_value)} of the total score"
                     f"{_rising(policy.min_social_value_rises, policy.as_of)}.")
    for sv_share in policy.social_value_shares:
        base = "of the quality score, within quality" if sv_share.within_quality else "of the total score"
        lines.append(f"Social value is {sv_share.bound} {words.percent(sv_share.share)} {base}.")
    if policy.max_outcomes is not None:
        lines.append(f"A contract's measures come from at most {policy.max_outcomes} "
                     f"{'outcome' if policy.max_outcomes == 1 else 'outcomes'}.")
    for share in policy.group_shares:
        lines.append(f"Measures of {prose.inline(share.group)} carry at least {words.percent(share.minimum)} "
                     f"of the {share.base}{_rising(share.rises, policy.as_of)}.")
    if policy.max_measures is not None:
        lines.append(f"A tender selects at most {policy.max_measures} measures.")
    if policy.min_measures is not None:
        lines.append(f"A tender selects at least {policy.min_measures} measures.")
    for group, count in policy.min_measures_from:
        link = views.group_link(framework, group)
        lines.append(f"A tender selects at least {count} measure(s) from {link.text}.")
    if policy.min_measure_weight is not None:
        lines.append(f"Each selected measure carries at least {words.percent(policy.min_measure_weight)} "
                     f"of social value{_rising(policy.min_measure_weight_rises, policy.as_of)}.")
    if policy.min_commitments is not None:
        effect = "the bid is excluded" if policy.below_commitments == "excluded" else "its social value scores nothing"
        lines.append(f"A bid's valued commitments are worth at least {words.percent(policy.min_commitments)} of the "
                     f"contract value{_rising(policy.min_commitments_rises, policy.as_of)}; below that, {effect}.")
    if policy.applies_from is not None:
        below = " (below that it is recommended)" if policy.recommended_below else ""
        lines.append(f"The policy applies to contracts worth {words.money(policy.applies_from)} or more{below}.")
    return lines


def _total_words(tender: m.Tender) -> str:
    """The total value line and the delivery minimum for suppliers (issue 9 item 1)."""
    from svspec.scoring.portable import total_item

    out = ""
    item, target = total_item(tender), tender.value_target
    if item is not None and target is not None:
        rule = views.rule_words(target.scoring, item)
        out += (f" Your valued commitments are also added up in pounds and scored as a whole, for "
                f"{words.percent(target.weight)} of the social value score: {rule[:1].lower()}{rule[1:]}")
    minimum = tender.policy.min_commitments
    if minimum is not None:
        effect = "the bid is excluded" if tender.policy.below_commitments == "excluded" else \
            "it scores nothing for social value"
        out += (f" If a bid's valued commitments are worth less than {words.percent(minimum)} of the contract value "
                f"({words.money(minimum * tender.contract_value)}), {effect}.")
    return out


def _method_detail(tender: m.Tender, kind: str) -> str:
    """What bidders need to know of the evaluation methods (issue 12), beside the criterion it concerns."""
    out = ""
    low = tender.abnormally_low
    if kind == "price" and low is not None:
        tests = " or ".join(f"at least {words.percent(share)} below the "
                            f"{'mean of the other prices' if against == 'mean of others' else 'next lowest price'}"
                            for against, share in low.tests)
        then = "is excluded" if low.action == "excluded" else "is investigated: you will be asked to explain it"
        out += f" A price {tests} is abnormally low and {then}."
    if kind == "price" and tender.price_components:  # whole-life cost (issue 12 item 4)
        terms = " + ".join(("" if c.times == 1 else f"{words.number(c.times)} × ") + c.title.lower()
                           for c in tender.price_components)
        out += f" The price scored is the whole-life cost: {terms}; your bid prices each of them in pounds."
    if kind in ("quality", "social value") and tender.item_places is not None:  # issue 12 item 3
        to = "whole points" if tender.item_places == 0 else f"{tender.item_places} decimal places"
        out += f" Each question's and measure's points out of 100 are rounded to {to} before its weight."
    if kind == "quality" and tender.shortlist is not None:
        out += (f" Only the top {tender.shortlist.top} bids on quality go on to price (bids tied at the cut-off are "
                f"all {tender.shortlist.ties}).")
    first = tender.criteria[0].kind if tender.criteria else None
    if kind == first and tender.award == "price per quality point":
        out += " The winner is the bid with the lowest price per point: your price ÷ your total points."
    return out


def _criteria(tender: m.Tender) -> list[views.CriterionView]:
    out = []
    for c in tender.criteria:
        detail = ""
        if c.price_formula == "relative-to-lowest":
            detail = "The lowest price scores full points; other prices score in proportion (lowest ÷ yours)."
        elif c.price_formula == "fixed-range":
            detail = (f"Full points at or below {words.money(c.price_low)}, none at or above "
                      f"{words.money(c.price_high)}, in a straight line between.")
            if not c.price_clamped:
                detail = (f"On a straight line from {words.money(c.price_high)} (no points) to "
                          f"{words.money(c.price_low)} (full points), continued beyond both: a lower price scores "
                          "more than full points, a higher one negative points.")
        elif c.price_formula == "relative-to-mean":
            detail = "Prices at or below the mean of the prices bid score full points; others mean ÷ yours."
        elif c.price_formula == "deviation-from-lowest":
            detail = ("The lowest price scores full points; others lose points in proportion to how far above the "
                      "lowest they are (twice the lowest or more scores none).")
        elif c.kind == "quality":
            detail = "The weighted quality questions, marked by evaluators."
        elif c.kind == "social value":
            detail = "The weighted social value measures." + _total_words(tender)
        else:
            codes = ", ".join(prose.inline(s.code) for s in tender.selections if s.criterion == c.kind)
            detail = f"The weighted measures {codes}, as a criterion of their own."
        if c.within is not None and c.share is not None:
            detail += (f" It is weighted {words.percent(c.share)} within {c.within}: {words.percent(c.weight)} "
                       "of the total score.")
        if c.pass_mark is not None:
            detail += f" Bids must reach {words.percent(c.pass_mark)} of the available {c.kind} score to pass."
        for r in c.mark_rules:
            mark = words.number(r.mark)
            what = "a mark of" if r.test == "of" else "a mark below"
            effect = ("excludes the bid" if r.effect == "excludes"
                      else f"means the bid scores nothing for {c.kind}")
            detail += f" {what.capitalize()} {mark} on any of its evaluator-marked items {effect}."
        detail += _method_detail(tender, c.kind)
        out.append(views.CriterionView(kind=c.kind.capitalize(), weight=words.percent(c.weight), detail=detail.strip()))
    return out


def _questions(tender: m.Tender, collector: views.Collector, examples: Mapping[str, views.WorkedExample],
               scales: Mapping[str, m.Scale]) -> list[views.QuestionView]:
    return [views.QuestionView(
        code=prose.inline(q.code), title=prose.inline(q.title), weight=words.percent(q.weight),
        answer=prose.inline(words.answer(q.answer, None)), scoring=views.rule_words(q.scoring, q, scales),
        text=collector.text(q, None, heading_level=4), evidence=views.evidence_views(q.evidence),
        example=examples.get(q.code), outcome=_model_question(tender, q))
        for q in tender.questions]


def _model_question(tender: m.Tender, q: m.Question) -> str:
    """'On the outcome “Jobs”, judged against: J1 Local residents employed; ...' (PPN 06/20's model question)."""
    if q.outcome is None:
        return ""
    framework = tender.framework
    title = framework.outcome(q.outcome).title if q.outcome in framework.outcome_index else q.outcome
    text = f"On the outcome “{prose.inline(title)}”"
    against = [f"{prose.inline(c)} {prose.inline(framework.measure(c).title)}"
               for c in q.judged_against if c in framework.measure_index]
    return text + (", judged against the award criteria: " + "; ".join(against) if against else "") + "."


def _used_scales(tender: m.Tender) -> list[m.Scale]:
    names: list[str] = []
    rules = [s.scoring for s in tender.selections] + [q.scoring for q in tender.questions]
    for rule in rules:
        for name in (rule.scale, rule.credibility_scale):
            if name is not None and name not in names:
                names.append(name)
    return [tender.scale(n) for n in names]


def _glossary(framework: m.Framework, themes: Sequence[views.ThemeView]) -> list[views.GlossaryEntry]:
    terms: dict[str, str] = {}
    used_units = {mv.unit for t in themes for o in t.outcomes for mv in o.measures if mv.unit}
    for unit in sorted(used_units, key=str.lower):
        terms[unit] = views.unit_words(framework, unit)
    for declared in framework.units:
        terms[prose.inline(declared.name)] = prose.inline(declared.description)
    for term, meaning in list(terms.items()):
        if meaning.strip().lower() in ("", term.strip().lower()):
            # A unit described only by its own name ("weeks | weeks") says nothing: say where it is used.
            codes = [mv.code for t in themes for o in t.outcomes for mv in o.measures if mv.unit == term]
            terms[term] = ("A unit of measurement." if not codes else "The unit that " + (
                "measure " if len(codes) == 1 else "measures ") + ", ".join(codes) + (
                " is" if len(codes) == 1 else " are") + " answered in.")
    terms.update(GLOSSARY)
    return [views.GlossaryEntry(term=k, meaning=v) for k, v in sorted(terms.items(), key=lambda kv: kv[0].lower())]


GLOSSARY: dict[str, str] = {
    "Social value": "The wider benefit to the community from a contract, beyond the goods or services bought "
    "(Public Services (Social Value) Act 2012).",
    "Theme": "A broad area the community cares about; it groups outcomes.",
    "Outcome": "A change the community wants to see, ranked in the priority order.",
    "Measure": "Something a supplier commits to and reports on, with a unit, evidence and a scoring rule.",
    "Proxy value": "The value in pounds given to one unit of a measure (for example one local job for a year).",
    "Deadweight": "The share of an outcome that would have happened anyway.",
    "Displacement": "The share of an outcome that only moves benefit from elsewhere.",
    "Attribution": "The share of an outcome due to others rather than the contract.",
    "Drop-off": "How much an outcome declines each year after the first.",
    "Discount rate": "How much less a benefit in a later year counts than one today.",
    "Record only": "A measure reported for monitoring that never earns points.",
    "Evidence": "A document or data that shows a commitment was delivered, and when it is due.",
    "Theory of change": "How an activity leads to outputs, outcomes and wider impact, with the assumptions "
    "along the way.",
    "Moderation": "How evaluators agree a final mark: by consensus, or the mean of their marks.",
    "Weight": "The share of the points a criterion, question or measure carries.",
}


def _worked_examples(tender: m.Tender) -> dict[str, views.WorkedExample]:
    """One example per scored measure or question, computed by the scoring engine."""
    from svspec.scoring import worked_examples

    items = [(s.code, _example_answer(s.scoring, s.measure.answer, tender)) for s in tender.selections]
    items += [(q.code, _example_answer(q.scoring, q.answer, tender)) for q in tender.questions]
    examples = worked_examples(tender, {code: answer for code, answer in items if answer is not None})
    return {code: views.WorkedExample(sentence=prose.inline(example.sentence),
                                      assumption=prose.inline(example.assumption))
            for code, example in examples.items()}


def _example_answer(rule: m.ScoringRule, answer: m.Answer, tender: m.Tender) -> Any:
    """A representative answer to show: within the rule's range, never a scoring result."""
    kind = rule_kind(rule)
    if kind.marked:
        return kind.example_answer(rule, tender)
    example = kind.example_answer(rule, tender) if answer.numeric else None
    return example if example is not None else answer_kind(answer).shown_example(answer)


def _downloads(tender: m.Tender, built: Path | None = None) -> dict[str, bytes]:
    """The bid schema and templates, made by their own emitters, to copy into docs/downloads/.

    When `svspec build` has already written them into `built`, they are read from there: making
    the spreadsheet template a second time was a third of the build of a large tender."""
    import importlib

    if built is not None:
        found = _download_files(built)
        if found is not None:
            return found
    with tempfile.TemporaryDirectory() as folder:
        for module_name in ("svspec.emit.schema", "svspec.emit.templates"):
            importlib.import_module(module_name).emit(tender, Path(folder))
        made = _download_files(Path(folder))
    if made is None:
        raise SvspecError("the bid schema and template emitters did not write every download")
    return made


def _download_files(folder: Path) -> dict[str, bytes] | None:
    """The files the schema and template emitters write into `folder`, by name; None if one is missing."""
    from svspec import schemas
    from svspec.emit.schema import SCHEMA_FILE
    from svspec.emit.templates import TEMPLATE_FILES

    paths = [folder / SCHEMA_FILE, *(folder / "schemas" / name for name in schemas.FILES),
             *(folder / name for name in TEMPLATE_FILES.values())]
    if not all(path.is_file() for path in paths):
        return None
    return {path.name: path.read_bytes() for path in sorted(paths, key=lambda p: p.name)}


def _download_lists(downloads: Mapping[str, bytes]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The downloads as (name, label): the templates, spreadsheet first, for suppliers; the schema
    files last, for developers (a supplier opening bid-schema.json first learns nothing)."""
    def order(name: str) -> tuple[int, str]:
        lowered = name.lower()
        return (0 if lowered.endswith(".xlsx") else 1 if lowered.endswith((".yaml", ".yml")) else 2, name)

    developer = {name for name in downloads if "schema" in name.lower() or "dialect" in name.lower()
                 or "vocabulary" in name.lower()}
    templates = sorted((name for name in downloads if name not in developer), key=order)
    return ([(name, _download_label(name)) for name in templates],
            [(name, _download_label(name)) for name in sorted(developer)])


def _download_label(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return "Spreadsheet bid template (Excel)"
    if "schema" in lowered:
        return "JSON Schema that bids are checked against"
    if "dialect" in lowered or "vocabulary" in lowered:
        return "JSON Schema vocabulary used by the bid schema"
    if lowered.endswith((".yaml", ".yml")):
        return "Bid template to fill in (YAML)"
    if lowered.endswith(".json"):
        return "Bid template to fill in (JSON)"
    return "Supporting file"


def _value_set_pages(value_set: m.ValueSet, collector: views.Collector
                     ) -> tuple[list[Page], list[NavItem], dict[str, bytes]]:
    proxies = [(prose.inline(p.name), words.money(p.amount), prose.inline(p.unit) + (" per year" if p.per_year else ""),
                prose.inline(p.source)) for p in value_set.proxies]
    page = Page(path="index.md", title="Home", template="pages/value-set.md.j2", context={
        "spec_title": prose.inline(value_set.title), "edition": prose.inline(value_set.edition),
        "source": prose.inline(value_set.source), "licence": prose.inline(value_set.licence),
        "summary": collector.prose(value_set.summary, None), "proxies": proxies, "framework": None, "tender": None})
    return [page], [NavItem(title="Home", path="index.md")], {}


# ---------------------------------------------------------------------------------- output

def _config_context(model: m.Model, nav: Sequence[NavItem], settings: SiteSettings = DEFAULT) -> dict[str, Any]:
    owner = prose.plain(getattr(model, "owner", None) or (model.framework.owner if isinstance(
        model, m.Tender) else None))
    return {"site_name": prose.plain(model.title), "nav": nav, "assets": ASSETS, "owner": owner,
            "check": isinstance(model, m.Tender),
            "copyright": prose.plain(settings.name) or owner,
            "logo": f"{ASSETS}/logo.{settings.logo_type}" if settings.logo else "",
            "generated_mark": GENERATED_MARK}


def _static_files() -> dict[str, bytes]:
    root = resources.files("svspec.emit.site") / "static"
    return {f"docs/{ASSETS}/{entry.name}": entry.read_bytes() for entry in root.iterdir() if entry.is_file()}


def _theme_files() -> dict[str, bytes]:
    """The theme overrides (`overrides/`): the Content-Security-Policy, and no inline scripts."""
    files: dict[str, bytes] = {}

    def walk(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".html"):
                files[f"{OVERRIDES}/{prefix}{entry.name}"] = entry.read_bytes()

    walk(resources.files("svspec.emit.site") / "theme", "")
    return files


def _files(rendered: Mapping[str, str], downloads: Mapping[str, bytes],
           settings: SiteSettings = DEFAULT) -> dict[str, bytes]:
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in rendered.items()}
    files.update(_static_files())
    files[f"docs/{ASSETS}/branding.css"] = _branding_css(settings).encode("utf-8")
    if settings.logo:
        files[f"docs/{ASSETS}/logo.{settings.logo_type}"] = settings.logo
    files.update(_theme_files())
    files.update({f"docs/downloads/{name}": data for name, data in downloads.items()})
    return files


def _branding_css(settings: SiteSettings) -> str:
    """The publisher's colours (checked for contrast with white when read) as the theme's variables."""
    primary = settings.primary or "#1f4e79"
    accent = settings.accent or primary
    return ("/* svspec: the publisher's colours (site settings), each 4.5:1 or more against white. */\n"
            ":root, [data-md-color-scheme=\"default\"] {\n"
            f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--light: {primary};\n"
            f"  --md-primary-fg-color--dark: {primary};\n  --md-typeset-a-color: {primary};\n"
            f"  --md-accent-fg-color: {accent};\n}}\n")


__all__ = ["Page", "SiteResult", "builtin_templates", "emit", "generate", "render"]


def _attaching(tender: m.Tender) -> bool:
    """Whether the tender asks for text a bidder may give as an attached document (issue 13 item 8)."""
    from svspec.bids.rules import BidRules

    return any(r.kind.narrative for r in BidRules.for_tender(tender).rules)
