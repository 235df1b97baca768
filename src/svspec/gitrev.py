"""Reading a spec as it was at a git revision, with the files it imports from the same revision.

git is run with an argument list (never a shell), the revision is resolved to a commit first (so
a "revision" like `--output=x` is never passed on as an option), and the path must lie inside
the repository. The revision's spec files of the project folder are written into a temporary
folder, so that imports resolve to the same revision.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from svspec.semantics.loader import PROJECT_MARKER

TIMEOUT = 60
MAX_BYTES = 64 * 1024 * 1024
"""At most this much spec text is taken from one revision."""


class GitError(ValueError):
    """git could not give the file: not a repository, an unknown revision, a path outside it."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=TIMEOUT)
    except FileNotFoundError as error:
        raise GitError("git is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise GitError("git took too long") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _existing_folder(path: Path) -> Path:
    for folder in [path.parent, *path.parent.parents]:
        if folder.is_dir():
            return folder
    raise GitError(f"{path} is not in a folder")


def commit_of(rev: str, cwd: Path) -> str:
    """The commit a revision names (HEAD~1, a tag, a hash); refuses anything that looks like an option."""
    if not rev or rev.startswith("-") or any(c.isspace() or c == "\0" for c in rev):
        raise GitError(f"'{rev}' is not a revision")
    out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd)
    return out.decode("ascii").strip()


def materialise(path: Path, rev: str, into: Path) -> Path:
    """Write the project's spec files at `rev` under `into`; return where `path` now lies."""
    path = Path(path).absolute()
    cwd = _existing_folder(path)
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8").strip()).resolve()
    real = cwd.resolve() / path.relative_to(cwd)
    try:
        relative = real.relative_to(top)
    except ValueError as error:
        raise GitError(f"{path} is not inside the git repository at {top}") from error
    commit = commit_of(rev, cwd)
    project = _project_at(commit, relative, top)
    listed = _git(["ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", str(project) or "."], top)
    total = 0
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, name = entry.split(b"\t", 1)
        parts = meta.split()
        file = name.decode("utf-8", "surrogateescape")
        # A symbolic link (mode 120000) is skipped: its blob is a path, not a spec.
        wanted = file.endswith(".svspec") or Path(file).name == PROJECT_MARKER
        if parts[1] != b"blob" or parts[0] == b"120000" or not wanted:
            continue
        total += int(parts[3]) if parts[3].isdigit() else 0
        if total > MAX_BYTES:
            raise GitError(f"the spec files at {rev} are larger than {MAX_BYTES // (1024 * 1024)} MB")
        target = into / file
        if ".." in Path(file).parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(["cat-file", "blob", f"{commit}:{file}"], top))
    result = into / relative
    if not result.is_file():
        raise GitError(f"{relative} does not exist at {rev}")
    return result


def _project_at(commit: str, relative: Path, top: Path) -> Path:
    """The project folder at the revision: the nearest folder above the file with an svspec.toml."""
    for folder in relative.parents:
        marker = PROJECT_MARKER if str(folder) == "." else f"{folder.as_posix()}/{PROJECT_MARKER}"
        found = _git(["ls-tree", "--full-tree", "--name-only", commit, "--", marker], top)
        if found.strip():
            return folder
    return relative.parent
