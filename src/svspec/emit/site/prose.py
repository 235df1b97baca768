"""Turn text from a spec into Markdown that shows exactly what was written, and nothing more.

Spec prose is Markdown, but a published site must never run what a spec author (or whoever
edited the file) typed: raw HTML is escaped, links may only go to web, mail or relative
addresses, images become plain links (so a page loads nothing from another server), and
headings are moved below the page's own so each page keeps one h1 and headings stay in order.
Code spans and fenced blocks are left alone: Markdown already shows them as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]#|])")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.)*)\]"  # [label] or ![label]
    r"\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"  # (url "title")
)
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(\S+)(.*)$")
_ATX = re.compile(r"^( {0,3})(#{1,6})(\s+|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")


@dataclass(slots=True, kw_only=True)
class Findings:
    """What was neutralised while making prose safe, so the author can be told."""

    images: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


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
    """Block Markdown from a spec, made safe to publish. Its headings start at `heading_level`."""
    if not text:
        return ""
    findings = findings if findings is not None else Findings()
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
    for line in text.replace("\r\n", "\n").split("\n"):
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(2)
            # Keep only a plain language name: fence options could set ids or attributes.
            language = re.match(r"\s*([A-Za-z0-9_+.#-]*)", line[opened.end():])
            out.append(opened.group(1) + fence + (language.group(1) if language else ""))
            paragraph = []
            continue
        setext = _SETEXT.match(line)
        if setext and paragraph:
            del out[len(out) - len(paragraph):]
            out.append(heading(1 if setext.group(1)[0] == "=" else 2, " ".join(paragraph)))
            paragraph = []
            continue
        atx = _ATX.match(line)
        if atx:
            out.append(heading(len(atx.group(2)), atx.group(4).rstrip("# ")))
            paragraph = []
            continue
        if not line.strip():
            out.append("")
            paragraph = []
            continue
        reference = _REFERENCE.match(line)
        if reference:
            safe = _safe_url(reference.group(2), findings)
            out.append(reference.group(1) + safe + _escape_html(reference.group(3)) if safe else "")
            paragraph = []
            continue
        out.append(_inline_markdown(line, findings))
        paragraph.append(line.strip())
    if fence is not None:
        out.append(fence)
    return "\n".join(out).strip("\n")


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
    for match in _LINK.finditer(text):
        pieces.append(_escape_html(text[position:match.start()]))
        bang, label, url, title = match.group(1), match.group(2), match.group(3), match.group(4) or ""
        label = _escape_html(label)
        if bang:
            findings.images.append(url)
            safe = _safe_url(url, findings)
            pieces.append(f"[{label or 'image'}]({safe}{_escape_html(title)})" if safe else label)
        else:
            safe = _safe_url(url, findings)
            pieces.append(f"[{label}]({safe}{_escape_html(title)})" if safe else label)
        position = match.end()
    pieces.append(_escape_html(text[position:]))
    return "".join(pieces)


def _escape_html(text: str) -> str:
    # Entities the author wrote (&amp;) stay as written; a bare & becomes &amp;.
    text = re.sub(r"&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)", "&amp;", text)
    # `{` starts attribute lists in some Markdown dialects: never let prose set attributes.
    return text.replace("<", "&lt;").replace("{", "&#123;")


def _safe_url(url: str, findings: Findings) -> str:
    lowered = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    scheme = re.match(r"^[a-z][a-z0-9+.-]*:", lowered)
    if scheme and scheme.group(0) not in _SAFE_SCHEMES:
        findings.links.append((url, "only web and e-mail links are published"))
        return ""
    if not scheme and not lowered.startswith("#"):
        findings.links.append((url, "the site does not publish that file"))
        return ""
    return url.replace("<", "%3C").replace(">", "%3E").replace('"', "%22")
