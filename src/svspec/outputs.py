"""Writing outputs without losing anything: atomic files and output folders svspec shares with people.

Every file svspec writes goes through this module.

- `write_file` replaces one file atomically (a temporary file in the same folder, flushed to
  disk, then renamed over the old one) and refuses to write through a symbolic link that points
  out of the folder it is confined to.
- `OutputFolder` writes a whole output folder (`svspec build --out`, `svspec docs --out`). It
  keeps a manifest (`.svspec-manifest.json`) of the files svspec wrote there with their hashes;
  a rebuild replaces or removes only those, and everything else in the folder (a report, an
  `html/` folder, a `.git`) is kept. A non-empty folder without a manifest is refused unless
  `--force` is given, and even then svspec only writes alongside what is there.

The switch from the old outputs to the new is one atomic step where the system allows it (Linux
`renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`): the new generation, together
with hard links to the user's files, is prepared in a hidden folder beside the output folder and
exchanged with it, so at every instant the folder holds wholly the old or wholly the new outputs.
Where that is impossible (another system, a file system without hard links) the files are moved
in one at a time: each file is whole, but a run killed in that short phase leaves a mix, which
the manifest records and the next build replaces. docs/reference/outputs.md states the guarantee.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from svspec import SvspecError
from svspec.diagnostics import Diagnostic, make

MANIFEST = ".svspec-manifest.json"
STAGING_MARK = ".svspec-staging"  # present only in a folder that svspec is still filling
MANIFEST_LIMIT = 16 * 1024 * 1024
_FORMAT = "svspec-manifest/1"


class OutputRefused(SvspecError):
    """svspec will not write where it was asked to; `diagnostic` says why and what to do."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def cannot_write(path: Path, error: OSError) -> OutputRefused:
    """A write the system refused (no permission, disk full, a file where a folder goes), said in words."""
    where = error.filename if isinstance(error.filename, str) else str(path)
    return OutputRefused(make("output/cannot-write", None, path=where, reason=error.strerror or str(error)))


# ------------------------------------------------------------------------------- one file

def write_file(path: Path, data: bytes, *, confine: Path | None = None, durable: bool = True) -> Path:
    """Replace the file at `path` with `data` atomically; return the path really written.

    A symbolic link is written through (the link stays) only when its target lies inside
    `confine` (by default the link's own folder): a link planted to point at somewhere else is
    refused, never followed. An existing file keeps its permissions. `durable=False` skips the
    flush to disk, for files in a staging folder that `OutputFolder.commit` flushes at once.
    """
    path = Path(os.path.abspath(path))
    target = _through_link(path, confine)
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_replace(target, data, durable=durable)
    return target


def write_text(path: Path, text: str, *, confine: Path | None = None, durable: bool = True) -> Path:
    """`write_file` for text: UTF-8 with Unix newlines, so outputs are byte-identical run to run."""
    return write_file(path, text.encode("utf-8"), confine=confine, durable=durable)


def _through_link(path: Path, confine: Path | None) -> Path:
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    folder = Path(os.path.realpath(confine if confine is not None else path.parent))
    if not _inside(target, folder):
        raise OutputRefused(make("output/link-leaves-folder", None, path=str(path), target=str(target),
                                 folder=str(folder)))
    if target.exists() and not target.is_file():
        raise OutputRefused(make("output/not-a-file", None, path=str(path)))
    return target


def _atomic_replace(target: Path, data: bytes, *, durable: bool) -> None:
    existing = _lstat(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputRefused(make("output/not-a-file", None, path=str(target)))
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    # O_EXCL | O_NOFOLLOW: never open a name someone else prepared; 0o666 lets the umask decide.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if existing is not None:
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_folder(target.parent)


def _flush_tree(root: Path) -> None:
    """Flush a staging folder to disk before it is swapped in: one `syncfs` where Linux has it
    (a flush per file made a build three times slower), else every file and folder in turn."""
    fd = os.open(root, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError, AttributeError):
            if sys.platform.startswith("linux") and ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
                return
        for name, info in _walk(root):
            if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
                with contextlib.suppress(OSError):
                    _fsync_path(root / name)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# ------------------------------------------------------------------------------- manifest

def digest(data: bytes) -> str:
    """How the manifest records a file's content."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest_text(files: Mapping[str, str], command: str) -> str:
    """The manifest: the files svspec wrote (relative POSIX paths) with their hashes, sorted."""
    body = {"format": _FORMAT, "written-by": f"svspec {command}", "files": dict(sorted(files.items()))}
    return json.dumps(body, indent=2, ensure_ascii=True) + "\n"


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The files a manifest in `folder` lists, or None when there is none svspec could have written.

    The manifest is read as hostile input: a link, an oversized file, bad JSON or a path that
    would leave the folder (`..`, absolute) makes the whole manifest count as absent.
    """
    info = _lstat(folder / MANIFEST)
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_LIMIT:
        return None
    try:
        body = json.loads((folder / MANIFEST).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    files = body.get("files") if isinstance(body, dict) and body.get("format") == _FORMAT else None
    if not isinstance(files, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) and _safe_relative(k) for k, v in files.items()):
        return None
    return dict(files)


def _safe_relative(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and "\\" not in name and "\x00" not in name and not name.startswith("/") and all(
        part not in ("", ".", "..") for part in parts) and name != MANIFEST


# ------------------------------------------------------------------------------- folders

@dataclass(frozen=True, slots=True, kw_only=True)
class Published:
    """What `OutputFolder.commit` did: the files svspec wrote and the folder's user files it kept."""

    files: tuple[str, ...]
    kept: tuple[str, ...]
    atomic: bool


class OutputFolder:
    """A folder of outputs, written as a whole: stage with `open`, fill `staging`, then `commit`.

    Use it as a context manager; leaving it without `commit` (an emitter failed, Ctrl-C)
    removes the staging folder and leaves the output folder untouched.
    """

    def __init__(self, out: Path, *, command: str, force: bool = False, protect: Sequence[Path] = ()) -> None:
        self.out = check_output_folder(out, protect=protect)
        self.command = command
        self.force = force
        self._previous = self._claim()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock_folder(self.out.parent)
        clean_stale(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-", dir=self.out.parent))
        (self.staging / STAGING_MARK).touch()
        self._committed = False

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if not self._committed:
                discard(self.staging)
        finally:
            os.close(self._lock)

    def _claim(self) -> dict[str, str]:
        """The files of the previous generation; refuse a folder that is not svspec's to write."""
        if not self.out.exists():
            return {}
        manifest = read_manifest(self.out)
        if manifest is not None:
            return manifest
        # A manifest svspec cannot trust is refused even with --force: adopting the folder would
        # mean replacing that file, which svspec did not write.
        unreadable = _lstat(self.out / MANIFEST) is not None
        if unreadable or (any(self.out.iterdir()) and not self.force):
            raise OutputRefused(make("output/folder-not-ours", None, folder=str(self.out)))
        return {}

    def commit(self) -> Published:
        """Swap the staged outputs in; the previous generation goes, the user's files stay."""
        new = _regular_files(self.staging, skip={STAGING_MARK})
        hashes = {name: digest((self.staging / name).read_bytes()) for name in new}
        user = self._user_entries(hashes) if self.out.exists() else []
        write_text(self.staging / MANIFEST, manifest_text(hashes, self.command), durable=False)
        _flush_tree(self.staging)
        self._committed = True
        if not self.out.exists():
            _finish_staging(self.staging, self.out)
            os.rename(self.staging, self.out)
            _fsync_folder(self.out.parent)
            return Published(files=tuple(new), kept=(), atomic=True)
        if _link_tree(self.out, self.staging, user) and _exchange(self.staging, self.out):
            _fsync_folder(self.out.parent)
            retire(self.staging, self.out)
            return Published(files=tuple(new), kept=tuple(user), atomic=True)
        self._move_in(new, hashes)
        return Published(files=tuple(new), kept=tuple(user), atomic=False)

    def _user_entries(self, hashes: Mapping[str, str]) -> list[str]:
        """Entries of the output folder to keep: everything but the previous generation's files.

        Refuses a file svspec wrote that was changed since (keeping it would lose the new
        output, replacing it would lose the change) and a user's file in the way of a new one.
        """
        keep: list[str] = []
        changed: list[str] = []
        in_the_way: list[str] = []
        new_dirs = _folders_of(hashes)
        previous_dirs = _folders_of(self._previous)
        for name, info in _walk(self.out):
            if name == MANIFEST:
                continue
            if name in self._previous:
                if not stat.S_ISREG(info.st_mode) or digest((self.out / name).read_bytes()) != self._previous[name]:
                    changed.append(name)
                continue
            if stat.S_ISDIR(info.st_mode):
                if name in hashes:
                    in_the_way.append(name)
                elif name not in new_dirs and name not in previous_dirs:
                    keep.append(name)
                continue
            if name in hashes or name in new_dirs:
                identical = stat.S_ISREG(info.st_mode) and name in hashes and \
                    digest((self.out / name).read_bytes()) == hashes[name]
                if not identical:
                    in_the_way.append(name)
                continue
            keep.append(name)
        if changed:
            raise OutputRefused(make("output/file-changed", None, path=str(self.out / changed[0]),
                                     others=_others(changed)))
        if in_the_way:
            raise OutputRefused(make("output/file-in-the-way", None, path=str(self.out / in_the_way[0]),
                                     others=_others(in_the_way)))
        return keep

    def _move_in(self, new: Sequence[str], hashes: Mapping[str, str]) -> None:
        """The fallback swap: one file at a time, with a manifest covering both generations meanwhile."""
        both = {**self._previous, **hashes}
        write_text(self.out / MANIFEST, manifest_text(both, self.command))
        for name in new:
            target = self.out / name
            _real_folders(self.out, target.parent)
            os.replace(self.staging / name, target)
        for name in sorted(set(self._previous) - set(hashes), reverse=True):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.out / name)
            _remove_empty_parents(self.out, (self.out / name).parent)
        write_text(self.out / MANIFEST, manifest_text(hashes, self.command))
        discard(self.staging)


def _lock_folder(folder: Path, patience: float = 60.0) -> int:
    """Lock the parent folder, so two builds beside each other never clean up each other's staging.

    Waits at most `patience` seconds: someone else holding a lock on a shared folder such as
    /tmp must not stop svspec for ever (it then goes on unlocked, as before the lock existed).
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        import fcntl
    except ImportError:
        return fd
    deadline = time.monotonic() + patience
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                return fd
            time.sleep(0.05)
        except OSError:
            return fd


def check_output_folder(out: Path, *, protect: Sequence[Path] = ()) -> Path:
    """The absolute output folder, refusing a link, a file, and a folder holding a protected input."""
    out = Path(os.path.abspath(out))
    if out.is_symlink():
        raise OutputRefused(make("output/is-a-link", None, folder=str(out), target=os.path.realpath(out)))
    if out.exists() and not out.is_dir():
        raise OutputRefused(make("output/not-a-folder", None, folder=str(out)))
    out = Path(os.path.realpath(out.parent)) / out.name
    for item in protect:
        real = Path(os.path.realpath(item))
        if _inside(real, out):
            raise OutputRefused(make("output/holds-the-spec", None, folder=str(out), path=str(item)))
    return out


def clean_stale(out: Path) -> list[Path]:
    """Remove what killed runs left beside `out`: only folders named like svspec's own staging."""
    removed: list[Path] = []
    prefix = f".{out.name}.building-"
    with contextlib.suppress(OSError):
        for entry in os.scandir(out.parent):
            if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
                continue
            if hasattr(os, "getuid") and entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue  # in a shared folder, someone else's lookalike is never ours to clean (or merge)
            folder = Path(entry.path)
            if (folder / STAGING_MARK).is_file():
                discard(folder)
            elif read_manifest(folder) is not None:
                retire(folder, out)
            else:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)  # a retired folder whose last step was cut short
            if not folder.exists():
                removed.append(folder)
    return removed


def discard(staging: Path) -> None:
    """Remove a staging folder of svspec's own, its mark and manifest last.

    Then a run killed while removing it leaves a folder the next run still recognises (and
    the hard links to the user's files in it never were the only copies).
    """
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(staging):
            if entry.name in (STAGING_MARK, MANIFEST):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    for name in (MANIFEST, STAGING_MARK):
        with contextlib.suppress(OSError):
            os.unlink(staging / name)
    with contextlib.suppress(OSError):
        os.rmdir(staging)


def retire(old: Path, live: Path) -> None:
    """Remove an exchanged-out generation, keeping anything in it that `live` does not also hold.

    `old` holds the previous outputs (listed in its manifest), hard links to files that `live`
    holds too, and possibly a file a user saved into the folder during the build: that one is
    moved into `live` (or, if its name is taken, left where it is, with the folder).
    """
    ours = set(read_manifest(old) or {})
    our_folders = _folders_of(ours)
    for name, info in sorted(_walk(old), key=lambda item: item[0].count("/"), reverse=True):
        path = old / name
        if name == MANIFEST:
            continue  # removed last: a run killed while retiring leaves a folder the next run still knows
        if stat.S_ISDIR(info.st_mode):
            if _lstat(live / name) is None and name not in our_folders:
                _move_user_entry(path, live / name, live)  # an empty folder someone made meanwhile
            with contextlib.suppress(OSError):
                os.rmdir(path)
            continue
        twin = _lstat(live / name)
        if name in ours or name == STAGING_MARK or (twin is not None and _same(info, twin, path, live / name)):
            os.unlink(path)
        elif twin is None:
            _move_user_entry(path, live / name, live)
    with contextlib.suppress(OSError):
        os.unlink(old / MANIFEST)
    with contextlib.suppress(OSError):
        os.rmdir(old)


def _same(info: os.stat_result, twin: os.stat_result, path: Path, other: Path) -> bool:
    if stat.S_ISLNK(info.st_mode) and stat.S_ISLNK(twin.st_mode):
        return os.readlink(path) == os.readlink(other)
    return (info.st_dev, info.st_ino) == (twin.st_dev, twin.st_ino)


def _move_user_entry(path: Path, target: Path, live: Path) -> bool:
    try:
        _real_folders(live, target.parent)
        os.rename(path, target)
    except (OSError, OutputRefused):
        return False
    return True


def _walk(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry under `root` (relative POSIX name, lstat), parents first, never through a link."""
    stack = [""]
    while stack:
        prefix = stack.pop()
        with os.scandir(root / prefix if prefix else root) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                name = f"{prefix}/{entry.name}" if prefix else entry.name
                info = entry.stat(follow_symlinks=False)
                yield name, info
                if stat.S_ISDIR(info.st_mode):
                    stack.append(name)


def _regular_files(root: Path, *, skip: Iterable[str] = ()) -> list[str]:
    skipped = set(skip)
    return sorted(name for name, info in _walk(root) if stat.S_ISREG(info.st_mode) and name not in skipped)


def _folders_of(names: Iterable[str]) -> set[str]:
    """Every folder that holds one of `names` (`a/b/c.md` -> `a`, `a/b`)."""
    return {"/".join(parts[:i]) for parts in (n.split("/") for n in names) for i in range(1, len(parts))}


def _others(names: Sequence[str]) -> str:
    rest = len(names) - 1
    return "" if rest == 0 else f" (and {rest} more)"


def _finish_staging(staging: Path, out: Path) -> None:
    """Make the staging folder look like the folder it becomes: mode as made by mkdir, no mark."""
    os.unlink(staging / STAGING_MARK)
    if out.exists():
        shutil.copystat(out, staging, follow_symlinks=False)
        _same_owner(os.lstat(out), staging)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)


def _link_tree(out: Path, staging: Path, entries: Sequence[str]) -> bool:
    """Hard-link the user's entries into the staging folder (folders are made, links re-made).

    False when the file system cannot do it; the staging folder then still holds svspec's own
    files and its mark.
    """
    try:
        for name in entries:
            source, target = out / name, staging / name
            info = os.lstat(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISDIR(info.st_mode):
                target.mkdir(exist_ok=True)
                shutil.copystat(source, target, follow_symlinks=False)
            elif stat.S_ISLNK(info.st_mode):
                os.symlink(os.readlink(source), target)
            else:
                os.link(source, target, follow_symlinks=False)
            _same_owner(info, target)
        for name in sorted((n for n in entries if (out / n).is_dir() and not (out / n).is_symlink()),
                           key=lambda n: n.count("/"), reverse=True):
            shutil.copystat(out / name, staging / name, follow_symlinks=False)
    except OSError:
        return False
    _finish_staging(staging, out)
    return True


def _same_owner(info: os.stat_result, path: Path) -> None:
    """Under sudo, the folders svspec re-makes keep their owner (a user's folder stays theirs)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and (info.st_uid, info.st_gid) != (0, 0):
        with contextlib.suppress(OSError):
            os.chown(path, info.st_uid, info.st_gid, follow_symlinks=False)


def _real_folders(root: Path, folder: Path) -> None:
    """Create `folder` under `root`, refusing any part of it that is a link (never write through one)."""
    relative = folder.relative_to(root)
    current = root
    for part in relative.parts:
        current = current / part
        info = _lstat(current)
        if info is None:
            current.mkdir()
        elif not stat.S_ISDIR(info.st_mode):
            raise OutputRefused(make("output/file-in-the-way", None, path=str(current), others=""))


def _remove_empty_parents(root: Path, folder: Path) -> None:
    while folder != root and _inside(folder, root):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent


# ------------------------------------------------------------------------------- the swap

_RENAME_EXCHANGE = 2  # Linux <linux/fs.h>
_RENAME_SWAP = 2  # macOS <stdio.h>
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two folders; False when this system or file system cannot."""
    if os.environ.get("SVSPEC_NO_ATOMIC_SWAP"):  # lets the tests take the fallback path
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        result = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EBUSY):
        return False
    raise OSError(code, os.strerror(code), str(b))


__all__ = ["MANIFEST", "OutputFolder", "OutputRefused", "Published", "cannot_write", "check_output_folder",
           "clean_stale", "digest",
           "discard", "read_manifest", "retire", "write_file", "write_text"]
