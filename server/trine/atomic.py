"""Writing files trine owns (the lock, caches) atomically: a reader sees the old or the new file.

The new content goes to a hidden temporary file in the same folder (a rename is only atomic
within one file system), is flushed and fsynced, then renamed over the target, and the folder
is fsynced so that the rename itself survives a power cut. A writer killed at any moment leaves
the old file whole and at most a temporary file named after its process id, which the next
write removes once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside `path`, named after this process.

    Created with mode 0o666 so that the umask applies as for any new file (no process-wide
    umask juggling, which would race with other threads)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = path.parent / f"{_temp_prefix(path)}{os.getpid()}.{secrets.token_hex(4)}.tmp"
        with contextlib.suppress(FileExistsError):
            return os.open(temp, flags, 0o666), temp


def _fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable; not every platform can open a folder."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_strays(path: Path) -> list[Path]:
    """Remove the temporary files that writers of `path` left when they were killed (their
    process is gone); the ones of live writers stay. The paths removed."""
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return []
    prefix = _temp_prefix(path)
    removed = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        pid = entry.name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


# DRIFT-1: files trine owns are replaced atomically, never left half-written.
# LSP-27: write, flush and fsync a temporary file beside the target, rename, fsync the folder.
def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8) so that, whatever happens, the file
    holds either its old or its new content in full; an existing file keeps its permissions."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            with contextlib.suppress(OSError):
                os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_directory(path.parent)
    _remove_strays(path)
