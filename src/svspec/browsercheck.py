"""The in-browser bid check of a guidance site: `svspec validate`, run by Pyodide in the page.

The site's "How to respond" page gives a chosen file's bytes to `check`, which writes them into
Pyodide's in-memory file system and runs exactly what `svspec validate BUILT-FOLDER FILE` runs
(`bids.read.load_bid` with the tender read back from the site's `tender-model.json`, the same
sorting and rendering), so the verdict, codes and messages are those of the command by
construction. Nothing here reaches the network; the page's own script loads Pyodide and this
bundle from the site's files.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

from svspec import model

_TENDERS: dict[str, model.Tender] = {}
FOLDER = "/tmp/svspec-bids"
"""Where the checked file is written (in Pyodide's memory); the working folder while checking, so
the file is named as `svspec validate FILE` names a file in the working folder."""


def safe_name(name: str) -> str:
    """The chosen file's own name, as the command would be given it: no folders, no controls."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    return base if base not in ("", ".", "..") else "bid"


def check(name: str, data: Any, model_text: str, folder: str = FOLDER) -> str:
    """The verdict on one bid file, as JSON: `ok`, the `diagnostics` as `svspec validate --format
    json` prints them, and `text`, what the command prints for people (then its summary line).
    `data` is the file's bytes (from the page, a JavaScript Uint8Array, copied in here)."""
    from svspec import modeljson
    from svspec.bids.read import load_bid, sources_of
    from svspec.diagnostics import Severity
    from svspec.diagnostics.render import render_json, render_text, summary_line
    from svspec.semantics.compile import sort_diagnostics

    tender = _TENDERS.get(model_text)
    if tender is None:
        tender, problems = modeljson.loads(model_text, modeljson.FILE)
        if tender is None:
            ordered = sort_diagnostics(problems)
            return _verdict(False, render_json(ordered), render_text(ordered, {}, color=False),
                            summary_line(ordered, 1))
        _TENDERS.clear()
        _TENDERS[model_text] = tender
    if not isinstance(data, bytes):
        data = data.to_bytes()
    os.makedirs(folder, exist_ok=True)
    for old in Path(folder).iterdir():
        old.unlink()
    shown = safe_name(name)
    Path(folder, shown).write_bytes(data)
    here = os.getcwd()
    os.chdir(folder)
    try:
        files = [Path(shown)]
        _bid, problems = load_bid(files[0], tender)
        ordered = sort_diagnostics(list(problems))
        text = render_text(ordered, sources_of(files), color=False)
    finally:
        os.chdir(here)
    ok = not any(d.severity is Severity.ERROR for d in ordered)
    return _verdict(ok, render_json(ordered), text, summary_line(ordered, 1))


def _verdict(ok: bool, diagnostics_json: str, text: str, summary: str) -> str:
    return json.dumps({"ok": ok, "diagnostics": json.loads(diagnostics_json), "text": text, "summary": summary})


__all__ = ["check", "safe_name"]
