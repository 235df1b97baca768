"""Diagnostic codes for the guidance site (issue 5). Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    "site/template-error": Spec(
        severity=E,
        title="Site template cannot be used",
        message="template '{template}' cannot be used: {reason}",
        explanation="A template given with `svspec docs --templates DIR` has a Jinja2 syntax error "
        "or uses a name the page does not provide. The built-in template of the same name shows "
        "what each page provides; copy it and change it step by step.",
        hint="compare it with the built-in template of the same name",
    ),
    "site/unknown-template": Spec(
        severity=W,
        title="Template replaces nothing",
        message="'{name}' in the templates folder does not replace any built-in template",
        explanation="Templates override the built-in ones by name, one file at a time (partials "
        "too). A file whose name matches no built-in template is never used, which usually means "
        "a typing mistake in its name or folder.",
    ),
    "site/link-not-published": Spec(
        severity=W,
        title="Link shown as text",
        message="the link to '{url}' is shown as text: {reason}",
        explanation="Guidance prose may link to web pages (https://...), e-mail addresses and "
        "anchors on the same page. Links that would run code in a reader's browser "
        "(javascript:, data:) and links to files that the site does not publish are shown as "
        "plain text, so the site builds cleanly and is safe to read.",
        hint="link to a published web address instead",
    ),
    "site/image-not-embedded": Spec(
        severity=W,
        title="Image shown as a link",
        message="the image '{url}' is shown as a link, not embedded",
        explanation="Guidance sites load nothing from other servers (councils publish on "
        "intranets, and a third-party request tells that server who is reading). An image in "
        "spec prose is therefore published as a link to the image rather than embedded.",
    ),
    "site/prose-shown-as-text": Spec(
        severity=W,
        title="Prose shown as plain text",
        message="this prose is published as plain text, without its formatting: {reason}",
        explanation="Before a page is published, the Markdown made from spec prose is rendered as the "
        "site renders it, and the HTML is checked: only formatting (emphasis, lists, tables, "
        "headings, code) and links to web pages, e-mail addresses and anchors may remain. Prose "
        "that would publish anything else (a link that runs code, raw HTML, a diagram) is shown "
        "as plain text instead, so nothing in a spec can run in a reader's browser or make the "
        "page load from another server. This usually means a link or a reference written over "
        "two lines. A text holding more than 500 square brackets, ampersands and angle brackets "
        "is shown as plain text too: Markdown takes too long to read so many.",
        hint="write each link on one line, as [text](https://...), with no HTML",
    ),
    "site/previous-not-comparable": Spec(
        severity=E,
        title="Previous version cannot be compared",
        message="the previous version is {found}, but {expected} is needed to write a changelog",
        explanation="`svspec docs SPEC --previous OLD` compares two versions of the same framework "
        "(or of the same tender). OLD must declare the same kind of spec with the same name.",
    ),
}
