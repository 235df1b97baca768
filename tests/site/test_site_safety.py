"""HTML and scripts in a spec's titles and prose show as text on the site; they never run in a
reader's browser, and nothing in prose makes a page load from another server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svspec.emit.site import generate, prose
from tests.site.helpers import Outline, built_site, generate_site, outline

HOSTILE = Path(__file__).parent / "fixtures" / "hostile.svspec"
OUTCOME_LINE = next(n for n, line in enumerate(HOSTILE.read_text(encoding="utf-8").splitlines(), start=1)
                    if line.strip().startswith("outcome jobs "))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(HOSTILE, tmp_path_factory.mktemp("hostile") / "project")


def _all_html(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")))


def test_script_tags_from_titles_and_prose_are_shown_as_text_never_run(hostile_site: Path) -> None:
    html = _all_html(hostile_site)
    assert "<script>alert" not in html
    for where in ("title", "prose", "why", "measure", "pathway"):
        assert f"&lt;script&gt;alert('{where}')&lt;/script&gt;" in html or \
               f"&lt;script&gt;alert(&#39;{where}&#39;)&lt;/script&gt;" in html, where


def test_raw_html_elements_and_event_handlers_from_a_spec_are_escaped(hostile_site: Path) -> None:
    html = _all_html(hostile_site)
    assert "<iframe" not in html
    assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert not re.search(r"<[a-z]+[^>]*\sonclick=", html)
    # The <title> element holds text only (a browser never reads tags in it): the theme's page title
    # "Jobs <em>now</em>" shows there as those characters, so only the rest of each page is checked.
    body = re.sub(r"<title>.*?</title>", "", html)
    assert "<b>bold</b>" not in body and "<em>now</em>" not in body
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "Framework &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</h1>" in home \
        or "Framework &lt;script&gt;alert('title')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</h1>" in home


def test_titles_in_the_navigation_are_escaped_in_mkdocs_yml(tmp_path: Path) -> None:
    generate_site(HOSTILE, tmp_path / "project")
    text = (tmp_path / "project" / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)
    assert config["site_name"] == "Framework &lt;script&gt;alert('title')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert "<" not in str(config["nav"])


def test_javascript_links_become_text_and_web_links_stay_links(hostile_site: Path) -> None:
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in home
    assert "Click me" in home
    assert 'href="https://www.gov.uk/policy"' in home


def test_images_in_prose_become_links_so_no_page_loads_from_another_server(hostile_site: Path) -> None:
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "<img" not in home.split('class="md-content"', 1)[1]
    assert 'href="https://tracker.example/pixel.png"' in home


def test_what_was_neutralised_is_reported_as_warnings_pointing_at_the_spec(tmp_path: Path) -> None:
    site = generate_site(HOSTILE, tmp_path / "project")
    found = {(d.code, d.message) for d in site.diagnostics}
    assert ("site/image-not-embedded", "the image 'https://tracker.example/pixel.png' is shown as a link, "
            "not embedded") in found
    assert ("site/link-not-published", "the link to 'javascript:alert('link')' is shown as text: only web and "
            "e-mail links are published") in found
    assert ("site/link-not-published", "the link to 'policy.docx' is shown as text: the site does not publish "
            "that file") in found
    assert site.ok


def test_code_blocks_in_prose_keep_their_text_and_svspec_blocks_are_highlighted(hostile_site: Path) -> None:
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "<code>&lt;code&gt;</code>" in home
    assert "Example" in home and "measure" in home


def test_the_diagram_label_cannot_close_its_node_or_inject_markup(tmp_path: Path) -> None:
    generate_site(HOSTILE, tmp_path / "project")
    page = (tmp_path / "project" / "docs" / "theory-of-change.md").read_text(encoding="utf-8")
    diagram = page.split("```svspec-diagram", 1)[1].split("```", 1)[0]
    node = next(line for line in diagram.splitlines() if line.strip().startswith('s0["'))
    assert node.count('"') == 2 and node.endswith('"]')
    assert "<" not in diagram and "-->" not in node


def test_inline_text_is_escaped_for_markdown_and_html() -> None:
    assert prose.inline("A <b>title</b> *x* | y & {z}") == "A &lt;b&gt;title&lt;/b&gt; \\*x\\* \\| y &amp; &#123;z}"


def test_prose_headings_are_moved_below_the_page_heading_without_skipping_levels() -> None:
    text = "# Big\n\ntext\n\n#### Deeper\n\nTitle\n=====\n"
    assert prose.prose(text, heading_level=3) == "### Big\n\ntext\n\n#### Deeper\n\n### Title"


def test_prose_keeps_markdown_emphasis_lists_and_web_links() -> None:
    text = "Some **bold** text.\n\n- one\n- two\n\n[GOV.UK](https://www.gov.uk)"
    assert prose.prose(text) == text


def test_options_on_a_fenced_code_block_cannot_set_attributes() -> None:
    text = '```{.python #x onclick="alert(1)"}\ncode\n```\n\n``` svspec title="<b>x</b>"\nmeasure\n```'
    assert prose.prose(text) == "```\ncode\n```\n\n```svspec\nmeasure\n```"


# ------------------------------------------------------------------ issue 8, item 7: links, HTML, CSP

def _hrefs(site: Path) -> list[tuple[str, str]]:
    """Every link target on every built page, as the browser reads it (entities decoded)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        found += [(page.name, href) for href, _ in outline(page).links]
    return found


def _browser_scheme(href: str) -> str:
    target = re.sub(r"[\t\n\r]", "", href).strip("".join(chr(c) for c in range(0x21))).lower()
    match = re.match(r"^[a-z][a-z0-9+.-]*:", target)
    return match.group(0) if match else ""


def test_links_split_over_lines_hidden_by_entities_or_case_never_reach_a_page(hostile_site: Path) -> None:
    schemes = {_browser_scheme(href) for _, href in _hrefs(hostile_site)}
    assert schemes <= {"", "http:", "https:", "mailto:"}, schemes
    theme = (hostile_site / "themes" / "economic" / "index.html").read_text(encoding="utf-8")
    article = theme.split('class="md-content"', 1)[1].split("</article>", 1)[0]
    for label in ("over lines", "on the next line", "an entity", "any case", "data", "vb"):
        assert label in article
    assert "javascript" not in article.lower().replace("&lt;javascript:alert('auto')&gt;", "")


def test_raw_html_in_prose_is_shown_as_text_never_as_an_element(hostile_site: Path) -> None:
    theme = (hostile_site / "themes" / "economic" / "index.html").read_text(encoding="utf-8")
    article = theme.split('class="md-content"', 1)[1]
    assert "&lt;img src=\"https://tracker.example/raw.png\"&gt;" in article or \
        "&lt;img src=&quot;https://tracker.example/raw.png&quot;&gt;" in article
    assert not any("phish.example" in href or "tracker.example" in href for _, href in _hrefs(hostile_site)
                   if not href.endswith("pixel.png"))
    assert "<img" not in "".join(p.read_text(encoding="utf-8").split('class="md-content"', 1)[1]
                                 for p in hostile_site.rglob("*.html") if 'class="md-content"' in p.read_text(
                                     encoding="utf-8"))


def test_a_diagram_block_written_in_prose_is_shown_as_code_and_never_drawn(hostile_site: Path) -> None:
    theme = (hostile_site / "themes" / "economic" / "index.html").read_text(encoding="utf-8")
    assert 'class="svspec-diagram"' not in theme
    assert "click a call alert(&#39;click&#39;)" in theme or "click a call alert('click')" in theme


def test_a_reference_link_defined_over_two_lines_makes_its_prose_plain_text_with_a_warning(tmp_path: Path) -> None:
    site = generate_site(HOSTILE, tmp_path / "project")
    found = {(d.code, d.message) for d in site.diagnostics}
    assert ("site/prose-shown-as-text", "this prose is published as plain text, without its formatting: it would "
            "publish a link to 'javascript:alert('reference')'") in found
    [refused] = [d for d in site.diagnostics if d.code == "site/prose-shown-as-text"]
    assert refused.span is not None and refused.span.file.endswith("hostile.svspec")
    assert refused.span.line == OUTCOME_LINE, "it points at the outcome whose guidance it is"
    page = (tmp_path / "project" / "docs" / "outcomes" / "jobs.md").read_text(encoding="utf-8")
    assert "A \\[reference\\]\\[evil\\] defined over two lines." in page
    assert site.ok


SPLIT_PAYLOADS = [
    "[x](java\nscript:alert(1))", "[x](\njavascript:alert(1))", "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](&#x6A;avascript:alert(1))", "[x](&amp;#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( javascript:alert(1) \"t\")",
    "[x](<javascript:alert(1)>)", "[x](data:text/html,<script>alert(1)</script>)", "[x](vbscript:msgbox(1))",
    "[x](\x01javascript:alert(1))", "![x](javascript:alert(1))", "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]:\n    javascript:alert(1)", "[x][r]\n\n[r]: java\nscript:alert(1)", "<javascript:alert(1)>",
    "<a href=javascript:alert(1)>x</a>", "<img src=x onerror=alert(1)>", "[a\nb](java\n\nscript:alert(1))",
    "* [x](java\n  script:alert(1))", "> [x](java\n> script:alert(1))",
]


@pytest.mark.parametrize("payload", SPLIT_PAYLOADS)
def test_prose_is_checked_as_the_browser_reads_it_so_no_payload_becomes_a_script_link(payload: str) -> None:
    import markdown

    out = prose.prose(payload)
    html = markdown.markdown(out, extensions=["tables", "admonition", "toc"])
    parser = Outline()
    parser.feed(html)
    assert {_browser_scheme(href) for href, _ in parser.links} <= {"", "http:", "https:", "mailto:"}, html
    assert "<img" not in html and "<a href=javascript" not in html
    assert prose.check_html(out) == []


def test_the_html_check_refuses_elements_attributes_and_script_links() -> None:
    assert prose.check_html("[x](https://www.gov.uk) **b** `c`\n\n| a |\n|:-:|\n| 1 |") == []
    assert prose.check_html("<img src=x>") == ["it would publish an HTML <img> element"]
    assert prose.check_html("[x](java\nscript:alert(1))") == ["it would publish a link to 'java\nscript:alert(1)'"]
    assert prose.check_html("```svspec-diagram\nflowchart LR\n```") == ["it would draw a diagram written in the prose"]
    assert prose.check_html("<!-- hidden -->") == ["it would publish an HTML comment"]


def test_every_generated_page_has_the_content_security_policy_and_no_inline_script(hostile_site: Path) -> None:
    from svspec.emit.site import CONTENT_SECURITY_POLICY

    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in text, page
        assert text.index("Content-Security-Policy") < text.index("<script"), "the policy comes before any script"
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text)
        assert inline == [], (page, inline)
    # Scripts only from the site; 'wasm-unsafe-eval' (the in-browser bid check's WebAssembly) allows no JS eval.
    assert "script-src 'self' 'wasm-unsafe-eval';" in CONTENT_SECURITY_POLICY
    assert "img-src 'self' data:;" in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in \
        CONTENT_SECURITY_POLICY.split("script-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize("odd", ["\ufffe", "\uffff", "\u2028bidder: x", "\x85", "\x07", "\x9b"])
def test_characters_yaml_cannot_hold_leave_mkdocs_yml_readable(tmp_path: Path, odd: str) -> None:
    import dataclasses

    import svspec

    result = svspec.load(HOSTILE)
    assert result.model is not None
    spec = dataclasses.replace(result.model, title=f"Bins {odd} and more")
    site = generate(spec, tmp_path / "project")
    assert site.ok
    text = (tmp_path / "project" / "mkdocs.yml").read_text(encoding="utf-8", errors="surrogateescape")
    config = yaml.load(text, Loader=yaml.BaseLoader)
    assert config["site_name"].startswith("Bins ") and config["site_name"].endswith(" and more")
    assert text.count("\nsite_name:") == 1 and "\nbidder:" not in text


@pytest.mark.parametrize("text", [
    "- item\n\n    ```svspec-diagram\n    flowchart LR\n      a[\"<img src=https://t.example/x.png>\"]\n    ```",
    "> ```svspec-diagram\n> flowchart LR\n> ```",
])
def test_a_diagram_block_nested_in_a_list_or_quote_is_caught_on_the_rendered_html(text: str) -> None:
    found = prose.Findings()
    out = prose.prose(text, findings=found)
    assert found.refused == ["it would draw a diagram written in the prose"]
    assert prose.check_html(out) == []
    assert "svspec-diagram" in out, "the text is still shown, as text"


def test_a_reference_defined_in_one_prose_cannot_arm_a_link_in_another_on_the_same_page() -> None:
    import markdown

    user = prose.prose("Read [the guidance][evil] first.")
    found = prose.Findings()
    definition = prose.prose("Nothing to see.\n\n[evil]:\n    javascript:alert('reference')", findings=found)
    assert found.refused == ["it would publish a link to 'javascript:alert('reference')'"]
    page = markdown.markdown(f"{user}\n\n{definition}")
    assert "href" not in page and "javascript:alert" in page


@pytest.mark.parametrize("text", ["[a](" * 20_000, "[" * 20_000, "&" * 100_000, "<" * 50_000])
def test_prose_with_very_many_brackets_or_ampersands_is_published_as_text_without_a_long_check(text: str) -> None:
    """Markdown's parsing of these grows with their square: 20,000 brackets took a minute."""
    found = prose.Findings()
    out = prose.prose(text, findings=found)
    assert out == prose.as_text(text)
    assert len(found.refused) == 1 and f"more than the {prose.MAX_MARKS:,} that can be checked" in found.refused[0]


def test_ordinary_markdown_formatting_passes_the_html_check_unchanged() -> None:
    text = ('!!! warning "Check first"\n    Do **this** before *that*.\n\n```python\nx = "<b>"\n```\n\n'
            "1. one\n2. two\n\n- a\n    - nested\n\n> quoted\n\nLine one  \nline two\n\n---\n\n"
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n[GOV.UK](https://www.gov.uk \"Title\") and [mail](mailto:a@b.example) "
            "and [an anchor](#lbl1) and `<code>` and A &amp; B")
    found = prose.Findings()
    assert prose.prose(text, findings=found) == text
    assert found == prose.Findings()


def test_an_admonition_named_like_a_diagram_is_refused_because_the_site_would_draw_it() -> None:
    found = prose.Findings()
    prose.prose("!!! svspec-diagram\n    flowchart LR\n      a --> b", findings=found)
    assert found.refused == ["it would draw a diagram written in the prose"]


def test_prose_is_checked_with_exactly_the_markdown_extensions_of_the_generated_site(tmp_path: Path) -> None:
    generate_site(HOSTILE, tmp_path / "project")
    config = yaml.load((tmp_path / "project" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = tuple(next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"])
    assert names == prose.SITE_EXTENSIONS


_FRAGMENTS = ["[", "]", "(", ")", "x", " ", "\n", "\n\n", "    ", "\t", "java", "script:", "javascript:", "JaVa",
              "data:", "vbscript:", "&#106;", "&#x6A;", "&amp;", "&colon;", "<", ">", "!", "`", "```", "~~~",
              "[r]:", "[r]", "\"t\"", "'t'", "*", "- ", "> ", "# ", "===", "!!! ", "svspec-diagram", "mermaid",
              "alert(1)", "https://www.gov.uk", "#a", "\\", "{: onclick=x}", "<img src=x>", "<a href=", "\x01"]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_whatever_prose_holds_the_published_html_has_no_script_link_or_element(text: str) -> None:
    import markdown

    out = prose.prose(text)
    assert prose.check_html(out) == []
    html = markdown.markdown(out, extensions=list(prose.SITE_EXTENSIONS))
    parser = Outline()
    parser.feed(html)
    assert {_browser_scheme(href) for href, _ in parser.links} <= {"", "http:", "https:", "mailto:"}, (text, html)
    assert parser.assets == [], (text, html)


def test_an_escaped_backtick_opens_no_code_span_so_html_after_it_is_still_escaped() -> None:
    assert prose.prose("use \\` here <img src=x> and `<b>`") == "use \\` here &lt;img src=x> and `<b>`"
