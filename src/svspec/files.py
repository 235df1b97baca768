"""Reading a file from outside safely: a regular file only, never more than a size limit.

Every file svspec reads (specs, imports, bids, marks) may be hostile or mistaken: a named pipe
(FIFO) blocks a reader for ever, `/dev/zero` never ends, `/proc` files report a size of 0, and a
file can grow between `stat` and `read`. So the file is opened without blocking, checked to be a
regular file on the open descriptor (not by name, which could be swapped), and read only up to
the limit, whatever its reported size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20
FOLDER = "a folder"


class NotRegularFile(OSError):
    """The path names something other than a regular file: `kind` says what, in words."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"'{path}' is {kind}, not a regular file")
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more than `limit` bytes. `size` is its size when the file said so, else
    None: a file that reports a wrong size (`/proc`, a growing log) is read only to `limit + 1`."""

    def __init__(self, path: Path, size: int | None, limit: int) -> None:
        super().__init__(f"'{path}' is larger than {limit} bytes")
        self.size = size
        self.limit = limit

    @property
    def size_text(self) -> str:
        """The size for a message: '1212', or 'over 100' when the true size is unknown."""
        return str(self.size) if self.size is not None else f"over {self.limit}"


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, as a user would say it."""
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, refusing anything else and anything over `limit`.

    Raises `NotRegularFile` (FIFO, device, folder, socket), `FileTooLarge` (more than `limit`
    bytes, reading at most `limit + 1` of them) or another `OSError` (missing, no permission).
    """
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise FileTooLarge(path, size, limit)
        chunks: list[bytes] = []
        read = 0
        while read <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
        if read > limit:
            raise FileTooLarge(path, None, limit)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
