"""HTML and scripts in a spec's titles and prose show as text on the site; they never run in a
reader's browser, and nothing in prose makes a page load from another server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from svspec.emit.site import prose
from tests.site.helpers import built_site, generate_site

HOSTILE = Path(__file__).parent / "fixtures" / "hostile.svspec"


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
    assert "<b>bold</b>" not in html and "<em>now</em>" not in html
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
