"""No lost data: files trine writes survive a writer killed at any moment.

`trine.lock` (written by `trine lock` and the server's review command) and the record cache both
go through `write_atomic`. Writers here are real processes killed with SIGKILL at random moments;
the file on disk must then hold the complete old or the complete new content.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import trine.atomic
from trine.atomic import write_atomic
from trine.config import TrineConfig
from trine.index.cache import _RECORDS, FORMAT, RecordCache, _checksum
from trine.index.records import FileRecord
from trine.project import make_host
from workspaces import STORE, write_workspace

KILLS = 25
LINES = 20_000  # about 1.6 MB per version: a write takes a few milliseconds

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, modes and stray clean-up")

LOCK_WRITER = """
import sys
from pathlib import Path
from trine.atomic import write_atomic

def version(number, lines):
    fill = chr(97 + number % 26) * 79 + "\\n"
    return f"# version {number}\\n" + fill * lines + f"# end of version {number}\\n"

path, number, lines = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
while True:
    write_atomic(path, version(number, lines))
    number += 1
"""

CACHE_WRITER = """
import sys
from pathlib import Path
from trine.index.cache import RecordCache, _RECORDS

path, salt, number, record = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
base = _RECORDS.validate_json(Path(record).read_text())["pkg/store.py"]
cache = RecordCache(path, salt)
print("ready", flush=True)
while True:
    cache.save({f"f{k}": base for k in range(number)})
    number += 1
"""


def version(number: int, lines: int = LINES) -> str:
    """The content a lock writer writes as its `number`-th version (as in LOCK_WRITER)."""
    fill = chr(97 + number % 26) * 79 + "\n"
    return f"# version {number}\n" + fill * lines + f"# end of version {number}\n"


def run_and_kill(script: str, args: list[str], pause: float) -> None:
    """Start a writer, let it write for `pause` seconds, then SIGKILL it."""
    writer = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        if pause:
            with contextlib.suppress(subprocess.TimeoutExpired):
                writer.wait(timeout=pause)
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
        assert writer.stdout is not None
        writer.stdout.close()


def strays(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


@posix_only
def test_killed_lock_writer_leaves_old_or_new_file(tmp_path: Path) -> None:
    """LSP-27: a writer of trine.lock killed at any moment leaves the complete old or the
    complete new file, never a truncated or mixed one; its temporary file is removed by the
    next write."""
    path = tmp_path / "trine.lock"
    chances = random.Random(27)
    written = 0
    for kill in range(KILLS):
        start = kill * 1000
        run_and_kill(LOCK_WRITER, [str(path), str(start), str(LINES)], chances.uniform(0, 0.06))
        if not path.exists():
            assert written == 0, "the lock vanished"
            continue
        text = path.read_text(encoding="utf-8")
        header = re.match(r"# version (\d+)\n", text)
        assert header, f"kill {kill}: the lock is cut short ({len(text)} characters)"
        number = int(header.group(1))
        assert text == version(number), f"kill {kill}: version {number} is not whole"
        assert number >= written  # never older than what was there before the kill
        written = number
    assert written, "no writer finished a single write"
    write_atomic(path, "final\n")
    assert strays(tmp_path, "trine.lock") == []
    assert path.read_text(encoding="utf-8") == "final\n"


@posix_only
def test_killed_cache_writer_leaves_a_cache_that_loads_whole(tmp_path: Path) -> None:
    """LSP-27, PERF-2: a record cache writer killed at any moment leaves a cache that loads as
    one complete version (or none at all), never a partial one."""
    root = tmp_path / "ws"
    write_workspace(root, STORE)
    host = make_host(root, TrineConfig())
    host.scan(None, 1)
    record_file = tmp_path / "record.json"
    record_file.write_bytes(_RECORDS.dump_json(dict(host.records)))
    base = host.records["pkg/store.py"]
    path = tmp_path / "cache" / "records.json"
    path.parent.mkdir()
    cache = RecordCache(path, "salt")
    chances = random.Random(2)
    seen = 0
    for kill in range(KILLS // 2):
        start = 2000 + kill * 50
        args = [str(path), "salt", str(start), str(record_file)]
        run_and_kill(CACHE_WRITER, args, chances.uniform(0, 0.08))
        loaded = cache.load()
        if not loaded:
            assert not path.exists() or seen == 0
            continue
        assert loaded == {f"f{k}": base for k in range(len(loaded))}, f"kill {kill}"
        seen = len(loaded)
    assert seen, "no writer finished a single write"
    cache.save({"only": base})
    assert cache.load() == {"only": base}
    assert strays(path.parent, "records.json") == []


def test_failed_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LSP-27: a write that fails (disk full at fsync, a rename refused) raises, leaves the old
    content, and removes its temporary file."""
    path = tmp_path / "trine.lock"
    write_atomic(path, "old\n")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    for name in ("fsync", "replace"):
        with monkeypatch.context() as patch:
            patch.setattr(trine.atomic.os, name, broken)
            with pytest.raises(OSError):
                write_atomic(path, "new\n" * 1000)
        assert path.read_text(encoding="utf-8") == "old\n"
        assert strays(tmp_path, "trine.lock") == []


def test_write_is_flushed_file_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LSP-27: the new content is fsynced before the rename, and the folder after it, so that
    the rename survives a power cut; the temporary file is in the target's own folder."""
    synced: list[tuple[bool, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append((stat.S_ISDIR(os.fstat(fd).st_mode), "fsync"))
        real_fsync(fd)

    def replace(source: str | Path, target: str | Path) -> None:
        assert Path(source).parent == Path(target).parent
        synced.append((False, "replace"))
        real_replace(source, target)

    monkeypatch.setattr(trine.atomic.os, "fsync", fsync)
    monkeypatch.setattr(trine.atomic.os, "replace", replace)
    write_atomic(tmp_path / "trine.lock", "x = 1\n")
    if os.name == "posix":
        assert synced == [(False, "fsync"), (False, "replace"), (True, "fsync")]
    assert (tmp_path / "trine.lock").read_bytes() == b"x = 1\n"


@posix_only
def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    """LSP-27: replacing a file keeps its permissions; a new file gets the mode the umask gives
    any new file (the temporary file's private mode never shows)."""
    existing = tmp_path / "trine.lock"
    existing.write_text("old\n")
    existing.chmod(0o640)
    write_atomic(existing, "new\n")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "fresh.lock", b"\x00binary\xff")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "fresh.lock").stat().st_mode) == 0o644
    assert (tmp_path / "fresh.lock").read_bytes() == b"\x00binary\xff"


@posix_only
def test_only_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    """LSP-27: the next write removes the temporary files that killed writers left behind, but
    not those of writers still running, nor any other file."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f".trine.lock.{dead.pid}.0badf00d.tmp"
    running = tmp_path / f".trine.lock.{os.getpid()}.1234abcd.tmp"
    other = [tmp_path / ".trine.lock.notapid.tmp", tmp_path / ".trine.lockfile", tmp_path / "x.tmp"]
    for path in (left, running, *other):
        path.write_text("partial")
    write_atomic(tmp_path / "trine.lock", "whole\n")
    assert not left.exists()
    assert running.exists() and all(path.exists() for path in other)


def _host_records(root: Path, cache: RecordCache) -> dict[str, FileRecord]:
    host = make_host(root, TrineConfig())
    host.scan(cache, 1)
    return dict(host.records)


@pytest.mark.parametrize(
    "damage",
    ["other-version", "not-json", "header-not-object", "empty", "header-only", "deep", "schema"],
)
def test_cache_failing_its_check_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """LSP-27, PERF-2: a cache written by another format version, or that is not JSON, has a
    header that is not an object, is empty, lost its records, is nested beyond reason, or holds
    records of the wrong shape under a right checksum, is ignored and rebuilt (truncated,
    flipped and foreign caches: tests/unit/test_scan.py)."""
    root = tmp_path / "ws"
    write_workspace(root, STORE)
    monkeypatch.setenv("TRINE_CACHE_DIR", str(tmp_path / "cache"))
    cache = RecordCache.for_workspace(root, TrineConfig().cache_salt())
    expected = _host_records(root, cache)
    assert cache.load() == expected
    if damage == "other-version":
        salt = cache.salt.replace(f"{FORMAT}|", f"{FORMAT + 1}|", 1)
        RecordCache(cache.path, salt).save(expected)
    elif damage == "not-json":
        cache.path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    elif damage == "header-not-object":
        cache.path.write_bytes(b"5\n{}")
    elif damage == "empty":
        cache.path.write_bytes(b"")
    elif damage == "header-only":
        cache.path.write_bytes(cache.path.read_bytes().split(b"\n", 1)[0])
    elif damage == "deep":
        cache.path.write_bytes(b"[" * 100_000 + b"\n{}")
    else:
        payload = json.dumps({"pkg/store.py": {"path": 5}}).encode()
        header = json.dumps({"salt": cache.salt, "checksum": _checksum(payload)}).encode()
        cache.path.write_bytes(header + b"\n" + payload)
    assert cache.load() == {}
    assert _host_records(root, cache) == expected
    assert cache.load() == expected
