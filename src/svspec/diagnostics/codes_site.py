"""Diagnostic codes for the guidance site (issue 5) and for output folders and files (issue 8).

Joined into `registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    "site/template-error": Spec(
        severity=E,
        title="Site template cannot be used",
        message="template '{template}' cannot be used: {reason}",
        explanation="A template given with `svspec docs --templates DIR` has a Jinja2 syntax error, "
        "uses a name the page does not provide, or tries to reach past what it is given (Python "
        "attributes such as `__class__`, changing a list): user templates run in Jinja2's "
        "sandbox, so a template from someone else cannot run commands on your machine. The "
        "built-in template of the same name shows what each page provides; copy it and change "
        "it step by step.",
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
    "site/template-outside-folder": Spec(
        severity=E,
        title="Template outside the templates folder",
        message="template '{template}' is a link to {target}, outside the templates folder",
        explanation="Templates given with `svspec docs --templates DIR` are read only from inside "
        "DIR. A symbolic link that leads out of it could publish any file the build can read (a "
        "key, a password file) on the guidance site, so it is refused. Templates run in Jinja2's "
        "sandbox: they can use the names each page provides, never Python itself.",
        hint="copy the template into the templates folder instead of linking to it",
    ),
    # ---------------------------------------------------------------- output folders and files
    # The finished website and its settings file (issue 13 items 2 and 3).
    "site/builder-missing": Spec(
        severity=E,
        title="Site builder cannot be run",
        message="the site cannot be built with {builder}: {reason}",
        explanation="`svspec docs --html` and `svspec build --html` turn the generated MkDocs project "
        "into the finished website with a builder: MkDocs with Material for MkDocs (`--builder mkdocs`, "
        "the default, installed with svspec) or Zensical (`--builder zensical`). The Markdown project "
        "was still written; only the HTML is missing.",
        hint="install the builder, or choose the other one with --builder",
    ),
    "site/build-failed": Spec(
        severity=E,
        title="Site builder failed",
        message="{builder} could not build the site: {reason}",
        explanation="The builder reported a problem with the generated project (in strict mode every "
        "warning stops the build, so a broken link is never published). A site from the built-in "
        "templates always builds; when you replaced templates with `--templates`, the message names "
        "the page. The previous `html/` folder is left as it was.",
        hint="run the builder by hand in the project folder to see its whole output",
    ),
    "site/settings-invalid": Spec(
        severity=E,
        title="Site settings cannot be used",
        message="{reason}",
        explanation="The site settings file (`--settings FILE`, YAML) sets the council's name, logo "
        "and colours, contact details, the accessibility statement and the submission instructions "
        "and deadline time. Its keys are listed in the reference page \"Site settings\"; every value "
        "is plain text, except `logo` (a PNG, JPEG or SVG file beside the settings file) and the "
        "colours (`#rrggbb`).",
        hint="compare the file with the example in the reference page \"Site settings\"",
    ),
    "site/colour-contrast": Spec(
        severity=E,
        title="Colour too light to read",
        message="the {role} colour {colour} has a contrast of {ratio}:1 with white; WCAG 2.2 AA needs 4.5:1",
        explanation="The primary colour is the background of the header's white text and the colour "
        "of links; the accent colour is the colour of a link under the pointer. Both are read on "
        "white, so each needs a contrast ratio of at least 4.5:1 with white (WCAG 2.2 success "
        "criterion 1.4.3) for the site to be accessible.",
        hint="choose a darker shade of the colour",
    ),
    "output/folder-not-ours": Spec(
        severity=E,
        title="Output folder holds other files",
        message="{folder} already holds files that svspec did not write",
        explanation="svspec writes a manifest (`.svspec-manifest.json`) of its own files into "
        "every output folder, and a later build replaces only those. A folder that is not empty "
        "and has no manifest belongs to someone else (a report folder, a git repository, the "
        "spec's own folder), so svspec will not write into it unless told to.",
        hint="choose an empty or new folder, or add --force to write alongside the files there "
        "(svspec never deletes them)",
    ),
    "output/is-a-link": Spec(
        severity=E,
        title="Output folder is a link",
        message="{folder} is a symbolic link to {target}",
        explanation="A link given as the output folder would make svspec write wherever it "
        "points, which is easy to miss (and easy for someone else to plant in a shared folder). "
        "svspec never follows it.",
        hint="give the folder it points to, {target}, if that is where the outputs belong",
    ),
    "output/not-a-folder": Spec(
        severity=E,
        title="Output folder is a file",
        message="{folder} is a file, not a folder",
        explanation="The output folder must be a folder (it is created when missing); svspec "
        "never replaces a file with a folder.",
        hint="choose a folder name that is not taken",
    ),
    "output/holds-the-spec": Spec(
        severity=E,
        title="Output folder holds an input",
        message="{folder} holds {path}, which this command reads",
        explanation="The output folder may not be the folder of the spec (or of a file the "
        "command reads), nor a folder above it: outputs and inputs would mix, and a mistaken "
        "`--out` could overwrite a spec.",
        hint="choose a folder for the outputs beside or below the spec's folder, such as out/",
    ),
    "output/file-changed": Spec(
        severity=E,
        title="Output changed since it was written",
        message="{path} was changed after svspec wrote it{others}",
        explanation="The manifest records the content of every file svspec wrote. A file that "
        "differs now was edited by someone; replacing it would lose the edit and keeping it "
        "would leave an output that does not match the spec. svspec stops instead.",
        hint="keep a copy of your changes elsewhere, delete the file, and run the command again",
    ),
    "output/file-in-the-way": Spec(
        severity=E,
        title="A file is in the way of an output",
        message="{path} is in the way of an output, and svspec did not write it{others}",
        explanation="svspec writes only files it wrote before (listed in the folder's manifest) "
        "or new ones. A file, folder or link of someone else's where an output goes is never "
        "replaced or written through.",
        hint="move it out of the output folder, or choose another folder",
    ),
    "output/link-leaves-folder": Spec(
        severity=E,
        title="File is a link to somewhere else",
        message="{path} is a symbolic link to {target}, outside {folder}",
        explanation="svspec writes through a symbolic link only when it points inside the "
        "folder the link is in (or the project folder, for `svspec fmt`); a link to somewhere "
        "else could make a build overwrite any file the user can write.",
        hint="write to the real file instead, or replace the link with a copy",
    ),
    "output/not-a-file": Spec(
        severity=E,
        title="Output is not a regular file",
        message="{path} is not a regular file",
        explanation="svspec replaces only regular files; a folder, device or pipe at an output "
        "path is left alone.",
        hint="choose another output file name",
    ),
    "output/cannot-write": Spec(
        severity=E,
        title="Output cannot be written",
        message="could not write {path}: {reason}",
        explanation="The system refused a write: the folder is read-only or not yours, the disk "
        "is full, or part of the path is a file rather than a folder. Nothing was changed: "
        "outputs are staged first and swapped in only when every file was written.",
        hint="choose a folder you can write to, or free some space",
    ),
}
