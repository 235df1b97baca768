"""`svspec build`: run every emitter for a spec into a folder, atomically.

Emitters write into a staging folder beside the target; only when every emitter has succeeded
are the outputs swapped in by `svspec.outputs.OutputFolder`, which replaces only the files
svspec wrote there before, so a failed build leaves the previous outputs intact and a user's
own files in the folder survive every build.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from svspec import model, outputs
from svspec.outputs import OutputFolder

if TYPE_CHECKING:
    from svspec.emit.site.settings import SiteSettings

Emitter = Callable[[model.Model, Path], None]

# (module, function, applies to). Each emitter writes its files under the folder it is given.
EMITTERS: tuple[tuple[str, str, tuple[type, ...]], ...] = (
    ("svspec.emit.schema", "emit", (model.Tender,)),
    ("svspec.emit.templates", "emit", (model.Tender,)),
    ("svspec.emit.scoring_model", "emit", (model.Tender,)),
    ("svspec.modeljson", "emit", (model.Tender,)),  # tender-model.json: `svspec validate DIR`, the site's check
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


def build(spec: model.Model, out: Path, *, force: bool = False, protect: Sequence[Path] = (),
          site_settings: SiteSettings | None = None) -> list[Path]:
    """Write every output for `spec` into `out`; return the files written (relative to `out`).

    Only files svspec wrote there before are replaced or removed; everything else in `out` is
    kept (see `svspec.outputs`). `protect` are inputs the folder must not hold (the spec's
    folder); `force` lets svspec write alongside files in a folder it did not create.
    `site_settings` are the publisher's settings for the guidance site (`--settings FILE`).
    """
    with OutputFolder(out, command="build", force=force, protect=protect) as folder:
        for name, emit in available_emitters(spec):
            if name == "site" and site_settings is not None:
                importlib.import_module("svspec.emit.site").emit(spec, folder.staging, settings=site_settings)
            else:
                emit(spec, folder.staging)
        published = folder.commit()
    return [Path(name) for name in published.files]


def write_text(path: Path, text: str) -> None:
    """Write a text output into a staging folder, with Unix newlines (outputs are byte-identical
    run to run); the folder is flushed to disk as a whole when it is swapped in."""
    outputs.write_text(path, text, durable=False)
