"""Turn text from a spec into Markdown that shows exactly what was written, and nothing more.

Spec prose is Markdown, but a published site must never run what a spec author (or whoever
edited the file) typed: raw HTML is escaped, links may only go to web, mail or relative
addresses, images become plain links (so a page loads nothing from another server), and
headings are moved below the page's own so each page keeps one h1 and headings stay in order.
Code spans and fenced blocks are left alone: Markdown already shows them as text.

Links are found per paragraph, not per line: a destination split over lines
(`[x](java⏎script:...)`) is one link to a browser, which drops the newline. The rewriting is then
checked where it matters, on the HTML: the result is rendered with python-markdown and the same
extensions as the site (`check_html`), and every element, attribute and link target is
checked as a browser reads it (entities decoded, tabs and newlines removed, any case). Prose that
fails is published as plain text (`as_text`) and the author is told, so what reaches a reader's
browser is decided on the parsed whole, never by a pattern on one line.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown  # type: ignore[import-untyped]
import pymdownx.superfences  # type: ignore[import-untyped]

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]#|])")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.S)  # an escaped ` opens nothing
_LINK_START = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(")  # [label]( or ![label](
_DESTINATION = re.compile(r"\s*(?:<([^<>]*)>|(.*?))(\s+(?:\"[^\"]*\"|'[^']*'))?\s*", re.S)
# Fences the site renders as something other than code (a diagram): never from prose.
_CUSTOM_FENCES = frozenset({"svspec-diagram", "mermaid"})
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(\S+)(.*)$")
_ATX = re.compile(r"^( {0,3})(#{1,6})(\s+|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")


# At most this many `[`, `<` and `&` in one prose text are checked; a text with more is published
# as plain text (no realistic guidance comes near it).
MAX_MARKS = 500


@dataclass(slots=True, kw_only=True)
class Findings:
    """What was neutralised while making prose safe, so the author can be told."""

    images: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def inline(text: str | None) -> str:
    """A one-line text (a title, a label) as Markdown that shows the text literally."""
    if not text:
        return ""
    text = " ".join(text.split())
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("{", "&#123;")


def plain(text: str | None) -> str:
    """A one-line text for places that are not Markdown (YAML titles, diagram labels): HTML-escaped."""
    if not text:
        return ""
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def prose(text: str | None, *, heading_level: int = 3, findings: Findings | None = None) -> str:
    """Block Markdown from a spec, made safe to publish. Its headings start at `heading_level`.

    When the rewritten Markdown would still render anything but safe formatting (see
    `check_html`), the prose is published as plain text instead and `findings.refused` says why.
    """
    if not text:
        return ""
    findings = findings if findings is not None else Findings()
    marks = sum(text.count(mark) for mark in "[<&")
    if marks > MAX_MARKS:
        # Markdown's link and entity parsing takes time growing with the square of their number: a
        # hostile text of 20,000 brackets would take a minute to check (and to build with MkDocs).
        findings.refused.append(f"it holds {marks:,} brackets, ampersands and angle brackets, more than the "
                                f"{MAX_MARKS:,} that can be checked")
        return as_text(text)
    out = _rewrite(text, heading_level, findings)
    problems = check_html(out)
    if problems:
        findings.refused.extend(problems)
        return as_text(text)
    return out


def _rewrite(text: str, heading_level: int, findings: Findings) -> str:
    out: list[str] = []
    fence: str | None = None
    levels: list[int] = []
    last_level = heading_level - 1

    def heading(level: int, body: str) -> str:
        nonlocal last_level
        levels.append(level)
        wanted = heading_level + (level - min(levels))
        wanted = max(heading_level, min(wanted, last_level + 1, 6))
        last_level = wanted
        return "#" * wanted + " " + _inline_markdown(body, findings)

    paragraph: list[str] = []

    def flush() -> None:
        # A paragraph's lines are rewritten together: a link may run over several of them.
        if paragraph:
            out.append(_inline_markdown("\n".join(paragraph), findings))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            flush()
            fence = opened.group(2)
            # Keep only a plain language name: fence options could set ids or attributes, and a
            # diagram fence would have the site's Mermaid run whatever the prose holds.
            language = re.match(r"\s*([A-Za-z0-9_+.#-]*)", line[opened.end():])
            name = language.group(1) if language else ""
            out.append(opened.group(1) + fence + ("" if name.lower() in _CUSTOM_FENCES else name))
            continue
        setext = _SETEXT.match(line)
        if setext and paragraph:
            body = " ".join(part.strip() for part in paragraph)
            paragraph.clear()
            out.append(heading(1 if setext.group(1)[0] == "=" else 2, body))
            continue
        atx = _ATX.match(line)
        if atx:
            flush()
            out.append(heading(len(atx.group(2)), atx.group(4).rstrip("# ")))
            continue
        if not line.strip():
            flush()
            out.append("")
            continue
        reference = _REFERENCE.match(line)
        if reference:
            flush()
            safe = _safe_url(reference.group(2), findings)
            out.append(reference.group(1) + safe + _escape_html(reference.group(3)) if safe else "")
            continue
        paragraph.append(line)
    flush()
    if fence is not None:
        out.append(fence)
    return "\n".join(out).strip("\n")


def as_text(text: str) -> str:
    """Prose as plain text: each paragraph one line of escaped text, with no Markdown at all."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "\n\n".join(inline(p) for p in paragraphs if p.strip())


def _inline_markdown(line: str, findings: Findings) -> str:
    """Escape HTML outside code spans; make links and images safe."""
    parts: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(line):
        parts.append(_outside_code(line[position:match.start()], findings))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_outside_code(line[position:], findings))
    return "".join(parts)


def _outside_code(text: str, findings: Findings) -> str:
    pieces: list[str] = []
    position = 0
    search_from = 0
    while True:
        match = _LINK_START.search(text, search_from)
        if match is None:
            break
        close = _closing_paren(text, match.end())
        if close is None:
            # No `)` closes this one, so none after it either: the rest is text (and checked
            # on the rendered HTML like everything else). Stopping here keeps this linear.
            break
        pieces.append(_escape_html(text[position:match.start()]))
        bang, label = match.group(1), _escape_html(match.group(2))
        destination = _DESTINATION.fullmatch(text, match.end(), close)
        url = (destination.group(1) or destination.group(2) or "") if destination else text[match.end():close]
        title = _escape_html(destination.group(3) or "") if destination else ""
        if bang:
            findings.images.append(url)
        safe = _safe_url(url, findings)
        if safe:
            pieces.append(f"[{label or 'image'}]({safe}{title})" if bang else f"[{label}]({safe}{title})")
        else:
            pieces.append(label)
        position = search_from = close + 1
    pieces.append(_escape_html(text[position:]))
    return "".join(pieces)


def _closing_paren(text: str, start: int) -> int | None:
    """The index of the `)` that closes a link destination opened just before `start`."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 1  # an escaped character never opens or closes
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return None


def _escape_html(text: str) -> str:
    # Entities the author wrote (&amp;) stay as written; a bare & becomes &amp;.
    text = re.sub(r"&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)", "&amp;", text)
    # `{` starts attribute lists in some Markdown dialects: never let prose set attributes.
    return text.replace("<", "&lt;").replace("{", "&#123;")


def _browser_form(url: str) -> str:
    """A link target as a browser reads it: entities decoded, tabs, newlines and controls gone."""
    previous = None
    while previous != url:
        previous, url = url, html.unescape(url)
    return re.sub(r"[\s\x00-\x1f\x7f]", "", url).lower()


def _safe_url(url: str, findings: Findings) -> str:
    lowered = _browser_form(url)
    scheme = re.match(r"^[a-z][a-z0-9+.-]*:", lowered)
    if scheme and scheme.group(0) not in _SAFE_SCHEMES:
        findings.links.append((url, "only web and e-mail links are published"))
        return ""
    if not scheme and not lowered.startswith("#"):
        findings.links.append((url, "the site does not publish that file"))
        return ""
    # Written as the browser reads it, so what was checked is what is published.
    cleaned = re.sub(r"[\s\x00-\x1f\x7f]", "", html.unescape(url))
    return cleaned.replace("<", "%3C").replace(">", "%3E").replace('"', "%22")


# ---------------------------------------------------------------------------------- the check

_ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in ("em", "strong", "ul", "li", "blockquote", "hr", "br", "table", "thead",
                                     "tbody", "tr")},
    "p": frozenset({"class"}),  # only the title of an admonition (`!!! note "Title"`)
    **{f"h{level}": frozenset({"id"}) for level in range(1, 7)},
    "a": frozenset({"href", "title"}), "ol": frozenset({"start"}),
    "th": frozenset({"style", "align"}), "td": frozenset({"style", "align"}),
    **{tag: frozenset({"class"}) for tag in ("code", "pre", "span", "div")},
}
_ALIGN = re.compile(r"text-align: (left|right|center);")
# The Markdown extensions of the generated mkdocs.yml (a test keeps the two the same).
SITE_EXTENSIONS = ("tables", "admonition", "toc", "pymdownx.highlight", "pymdownx.superfences")
_RENDERER = threading.local()
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def _renderer() -> markdown.Markdown:
    """python-markdown with the extensions of the generated mkdocs.yml, one per thread."""
    md: markdown.Markdown | None = getattr(_RENDERER, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=list(SITE_EXTENSIONS), extension_configs={
            "pymdownx.highlight": {"use_pygments": True},
            "pymdownx.superfences": {"custom_fences": [{"name": "svspec-diagram", "class": "svspec-diagram",
                                                        "format": pymdownx.superfences.fence_div_format}]}})
        _RENDERER.md = md
    md.reset()
    return md


class _Checker(HTMLParser):
    """Collects what in rendered prose is more than safe formatting and web links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            self.problems.append(f"it would publish an HTML <{tag}> element")
            return
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self.problems.append(f"it would publish an HTML attribute {name} on <{tag}>")
            elif name == "style" and not _ALIGN.fullmatch(value):
                self.problems.append(f"it would publish a style on <{tag}>")
            elif name == "class" and "svspec-diagram" in value.split():
                self.problems.append("it would draw a diagram written in the prose")
            elif tag == "p" and value != "admonition-title":
                self.problems.append(f"it would publish an HTML attribute {name} on <p>")
            elif name == "href":
                self.check_link(value)

    def check_link(self, value: str) -> None:
        """A link target, decoded as the browser reads it, must be a web, mail or relative address."""
        # As the URL standard does: tabs and newlines go, then controls and spaces at the ends.
        target = re.sub(r"[\t\n\r]", "", html.unescape(value)).strip(_C0_AND_SPACE).lower()
        scheme = re.match(r"^[a-z][a-z0-9+.-]*:", target)
        if scheme and scheme.group(0) not in _SAFE_SCHEMES:
            self.problems.append(f"it would publish a link to '{value}'")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append("it would publish an HTML comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("it would publish an HTML declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("it would publish an HTML processing instruction")


def check_html(text: str) -> list[str]:
    """What, in the HTML that `text` (Markdown) renders to, is more than formatting and safe links.

    Renders with the same Markdown extensions as the generated site. Text without `[`, `<`, `&`
    or a diagram fence cannot render a link or an element, and is not rendered at all (a large
    framework has thousands of short prose texts).
    """
    if not any(mark in text for mark in ("[", "<", "&", "svspec-diagram")):
        return []
    md = _renderer()
    checker = _Checker()
    checker.feed(md.convert(text))
    checker.close()
    # A reference defined here may be used by other prose on the same page, where this text
    # alone shows no link: every definition the parser found is checked too.
    for url, _title in md.references.values():
        checker.check_link(url)
    return list(dict.fromkeys(checker.problems))
