"""The files of the in-browser bid check on a tender's guidance site (issue 13 item 7).

The "How to respond" page checks a bid with svspec's own validation code, run by Pyodide
(CPython compiled to WebAssembly) in the reader's browser, so its verdicts and messages are
those of `svspec validate` by construction. The site carries everything it needs, under
`assets/svspec/check/`, and loads nothing from another server:

- `svspec.zip`: the Python source of svspec and of the pure-Python libraries bid validation
  imports (PyYAML's pure-Python reader, openpyxl and et_xmlfile for the spreadsheet template,
  lark and defusedxml), taken from the installed packages when the site is built, so the wheel
  carries no second copy;
- `tender-model.json`: the tender's model (`svspec.modeljson`), as `svspec build` writes it but
  with every path cut to its file name (a published site shows no folder of the builder's machine);
- `pyodide/`: Pyodide itself (about 13 MB), copied in only when it is found: in the folder named
  by the environment variable `SVSPEC_PYODIDE`, else in a source checkout's
  `tools/pyodide/node_modules/pyodide` (`tools/pyodide/install.sh`, which `make test` runs). An
  empty `SVSPEC_PYODIDE` leaves it out. Without it the page says the check is not available here
  and shows the `svspec validate` command instead.

Every file is the same bytes build after build (fixed zip dates, sorted members).
"""

from __future__ import annotations

import functools
import importlib.util
import io
import os
import zipfile
from pathlib import Path

from svspec import model as m
from svspec import modeljson

CHECK = "check"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
                 "package.json")
PACKAGES = ("svspec", "yaml", "openpyxl", "et_xmlfile", "lark", "defusedxml")
_SKIPPED_FOLDERS = {"__pycache__", "static", "templates", "theme", "scaffold"}
_DATE = (1980, 1, 1, 0, 0, 0)


def files(tender: m.Tender, assets: str) -> dict[str, bytes]:
    """The check's files, by path under the site project (`docs/ASSETS/check/...`)."""
    root = f"docs/{assets}/{CHECK}"
    out = {f"{root}/svspec.zip": bundle(),
           f"{root}/{modeljson.FILE}": modeljson.dumps(tender, public=True).encode("utf-8"),
           f"{root}/README.txt": NOTICE.encode("utf-8")}
    out.update({f"{root}/pyodide/{name}": data for name, data in pyodide_files().items()})
    return out


NOTICE = """\
The in-browser bid check of the "How to respond" page (svspec-check.js, one folder up).

pyodide/          Pyodide 314.0.7 (https://pyodide.org), the npm package "pyodide": CPython
                  compiled to WebAssembly and its standard library. Licence: MPL-2.0 (Pyodide),
                  PSF (CPython). Present only when the site was built with Pyodide installed.
svspec.zip        the Python sources of svspec (MIT) and of the libraries bid checking imports:
                  PyYAML (MIT, pure-Python reader), openpyxl (MIT), et_xmlfile (MIT), lark (MIT)
                  and defusedxml (PSF), as installed where the site was built.
tender-model.json the tender's compiled model, as `svspec build` writes it.

Nothing here is fetched from another server, and a checked bid never leaves the reader's browser.
"""


def pyodide_folder() -> Path | None:
    """Where Pyodide's files are, or None: `SVSPEC_PYODIDE` when set (empty: none), else the
    checkout's `tools/pyodide/node_modules/pyodide`."""
    named = os.environ.get("SVSPEC_PYODIDE")
    if named is not None:
        folder = Path(named) if named else None
    else:
        folder = Path(__file__).resolve().parents[4] / "tools" / "pyodide" / "node_modules" / "pyodide"
    if folder is None or not all((folder / name).is_file() for name in PYODIDE_FILES):
        return None
    return folder


def pyodide_files() -> dict[str, bytes]:
    """Pyodide's files to publish (none when it is not installed)."""
    folder = pyodide_folder()
    return _read_pyodide(str(folder)) if folder is not None else {}


@functools.lru_cache(maxsize=2)
def _read_pyodide(folder: str) -> dict[str, bytes]:
    return {name: (Path(folder) / name).read_bytes() for name in PYODIDE_FILES}


@functools.lru_cache(maxsize=1)
def bundle() -> bytes:
    """The zip of the Python sources the check imports, from the installed packages."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for package in PACKAGES:
            for name, path in _sources(package):
                info = zipfile.ZipInfo(name, date_time=_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return out.getvalue()


def _sources(package: str) -> list[tuple[str, Path]]:
    """The `.py` files of an installed package, as (name in the zip, path), sorted."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return []
    top = Path(spec.origin).parent
    found = []
    for path in top.rglob("*.py"):
        relative = path.relative_to(top)
        if _SKIPPED_FOLDERS.intersection(relative.parts[:-1]) or (package == "yaml" and path.name == "cyaml.py"):
            continue
        found.append((f"{package}/{relative.as_posix()}", path))
    return sorted(found)


__all__ = ["CHECK", "bundle", "files", "pyodide_files", "pyodide_folder"]
