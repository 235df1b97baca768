"""The finished website: a generated MkDocs project built into HTML by MkDocs or Zensical.

`svspec docs --html` and `svspec build --html` call `publish`. The project is copied into a
temporary folder and built there, so the builder writes nothing beside the user's files; the
HTML is then written into `html/` through `svspec.outputs.OutputFolder`, so a rebuild replaces
only the pages svspec published before, at once, and keeps anything a person added there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from svspec import outputs
from svspec.diagnostics import Diagnostic, make

BUILDERS = ("mkdocs", "zensical")
HTML_FOLDER = "html"
# What the project holds besides its pages: copied to the build folder, nothing else.
_PROJECT_ENTRIES = ("mkdocs.yml", "docs", "overrides")
_TIMEOUT = 900  # seconds; only to stop a builder that hangs


def publish(project: Path, html: Path, *, builder: str = "mkdocs", force: bool = False) -> list[Diagnostic]:
    """Build the MkDocs project in `project` with `builder` and publish the pages into `html`.

    Returns the diagnostics (none when the site was published). Raises `outputs.OutputRefused`
    when `html` is a folder svspec may not write into (not its own, without `force`).
    """
    if builder not in BUILDERS:
        return [make("site/builder-missing", None, builder=builder, reason=f"svspec knows only {', '.join(BUILDERS)}")]
    with tempfile.TemporaryDirectory(prefix="svspec-html-") as tmp:
        work = Path(tmp) / "project"
        work.mkdir()
        for name in _PROJECT_ENTRIES:
            source = project / name
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, work / name, ignore=_links)
            elif source.is_file() and not source.is_symlink():
                shutil.copy2(source, work / name)
        problem = _run(builder, work)
        if problem is not None:
            return [problem]
        built = work / "site"
        with outputs.OutputFolder(html, command="html", force=force) as folder:
            for path in sorted(built.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    outputs.write_file(folder.staging / path.relative_to(built), path.read_bytes(), durable=False)
            folder.commit()
    return []


def _links(folder: str, names: list[str]) -> list[str]:
    """Symbolic links in the project are not published: one could lead anywhere on the machine."""
    return [name for name in names if os.path.islink(os.path.join(folder, name))]


def _command(builder: str) -> list[str] | None:
    """How to run `builder` from this Python environment, or None when it is not installed."""
    if builder == "mkdocs":
        try:
            import mkdocs  # noqa: F401
        except ImportError:
            return None
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"]
    beside = Path(sys.executable).parent / "zensical"
    found = str(beside) if beside.exists() else shutil.which("zensical")
    return None if found is None else [found, "build", "--strict", "--clean"]


def _run(builder: str, work: Path) -> Diagnostic | None:
    """Run the builder in `work`; the diagnostic that says why it did not build, if it did not."""
    command = _command(builder)
    if command is None:
        extra = "pip install mkdocs mkdocs-material" if builder == "mkdocs" else "pip install zensical"
        return make("site/builder-missing", None, builder=builder, reason=f"it is not installed ({extra})")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False,
                              timeout=_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        return make("site/build-failed", None, builder=builder, reason=str(error))
    if done.returncode != 0 or not (work / "site" / "index.html").is_file():
        lines = [" ".join(line.split()) for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        # The builder's warnings and errors say what is wrong; its progress lines do not.
        said = [line for line in lines if line.startswith(("WARNING", "ERROR", "Error"))] or lines[-5:]
        reason = " / ".join(said[:5]) or f"exit status {done.returncode}"
        return make("site/build-failed", None, builder=builder, reason=reason)
    return None


__all__ = ["BUILDERS", "HTML_FOLDER", "publish"]
