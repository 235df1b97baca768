"""`svspec build`: run every emitter for a spec into a folder, atomically.

Outputs are written into a fresh temporary folder beside the target; only when every emitter
has succeeded is the old folder replaced (renamed aside, then removed), so a failed build
leaves the previous outputs intact.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from svspec import model

Emitter = Callable[[model.Model, Path], None]

# (module, function, applies to). Each emitter writes its files under the folder it is given.
EMITTERS: tuple[tuple[str, str, tuple[type, ...]], ...] = (
    ("svspec.emit.schema", "emit", (model.Tender,)),
    ("svspec.emit.templates", "emit", (model.Tender,)),
    ("svspec.emit.scoring_model", "emit", (model.Tender,)),
    ("svspec.emit.site", "emit", (model.Framework, model.Tender)),
)


def available_emitters(spec: model.Model) -> list[tuple[str, Emitter]]:
    """The emitters that apply to this kind of spec, in order."""
    out: list[tuple[str, Emitter]] = []
    for module_name, function, kinds in EMITTERS:
        if not isinstance(spec, kinds):
            continue
        module = importlib.import_module(module_name)
        out.append((module_name.rsplit(".", 1)[1], getattr(module, function)))
    return out


def build(spec: model.Model, out: Path) -> list[Path]:
    """Write every output for `spec` into `out`; return the files written (relative to `out`)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        for _, emit in available_emitters(spec):
            emit(spec, staging)
        files = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return files


def _swap(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Write a text output with Unix newlines (outputs are byte-identical run to run)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
