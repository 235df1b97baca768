"""Diagnostic codes for long answers given as an attached document (issue 13 item 8: `attached: NAME`
in the answer, NAME listed in the evidence, its words counted from the file beside the bid). Joined
into `registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

_WHERE = ("An attached document is named in the answer as `attached: NAME` (in YAML, quoted: "
          "`Q1: \"attached: method-statement.docx\"`; in the spreadsheet, typed in the answer cell) and "
          "NAME is listed in the evidence for the same code. ")

CODES: dict[str, Spec] = {
    "bid/attachment-not-listed": Spec(
        severity=E,
        title="Attached document not listed in the evidence",
        message="the answer for {label} is the attached document '{document}', which is not listed in its evidence",
        explanation=_WHERE + "The evidence list is what the buyer receives with the bid, so a document named "
        "only in the answer would not reach the evaluator. List it in the evidence of the same question or "
        "measure (it may be the only document listed there).",
        hint="add '{document}' to the evidence of {ref}",
    ),
    "bid/attachment-too-long": Spec(
        severity=E,
        title="Attached document over the answer's limit",
        message="the attached document '{document}' for {label} has {count} {unit}; the limit is {limit} {unit}, "
        "passed in {where}",
        explanation=_WHERE + "An attached answer keeps to the answer's own limit, counted exactly as a typed "
        "answer is counted: words are runs of visible characters between spaces or line breaks, after "
        "composing accents. A `.txt` or `.md` file is counted as written (Markdown marks such as `#` are "
        "characters like any other); a `.docx` file is counted from the text of its body, paragraph by "
        "paragraph, tables included (headers, footers, footnotes and comments are not part of the answer). "
        "The message says where the limit is passed: a line of a text file, a paragraph of a Word document.",
        hint="shorten the document to {limit} {unit}",
    ),
    "bid/attachment-not-counted": Spec(
        severity=W,
        title="Attached document's words not counted",
        message="the words of the attached document '{document}' for {label} were not counted: {reason}",
        explanation=_WHERE + "svspec counts the words of a `.txt`, `.md` or `.docx` file found beside the bid "
        "(in the bid's folder, or a folder inside it). When the file is not there, or is of another kind "
        "(a PDF, an image), the bid is still valid, and the evaluator checks the answer's limit when "
        "reading the document. The guidance site's in-browser check is given the bid file alone, so it "
        "always gives this warning for an attached answer: run `svspec validate` on the bid's folder to "
        "have the words counted.",
        hint="put the document beside the bid, as .docx, .txt or .md, to have its words counted",
    ),
    "bid/attachment-bad-name": Spec(
        severity=E,
        title="Attached document named outside the bid's folder",
        message="the attached document '{document}' for {label} is not a file name in the bid's folder: {reason}",
        explanation=_WHERE + "NAME is a file in the bid's folder, or in a folder inside it written with `/` "
        "(`annex/method.docx`). An absolute path, a drive letter, a `\\` or a `..` could name any file on "
        "the evaluator's computer, so svspec never reads it.",
        hint="name the document by its file name and send it with the bid",
    ),
    "bid/attachment-unreadable": Spec(
        severity=E,
        title="Attached document cannot be read",
        message="cannot read the attached document '{document}' for {label}: {reason}",
        explanation=_WHERE + "The document was found beside the bid but is not one svspec (or the evaluator) "
        "can open safely: a link rather than the file itself, a file larger than svspec reads, a damaged "
        "Word document, one that would unpack to far more than its size (a zip bomb), or a text file that "
        "is not UTF-8. An attachment is input from outside: nothing in it is run, and it is read only "
        "within these limits.",
        hint="save the document again (as .docx, or as plain UTF-8 text) and attach the file itself",
    ),
}
