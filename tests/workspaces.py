"""Multi-file test workspaces written from one string, checked in-process.

A fixture string holds files separated by `//- path` header lines, as in rust-analyzer's tests.
"""

from __future__ import annotations

import multiprocessing
import textwrap
from collections.abc import Callable
from pathlib import Path

from trine.config import TrineConfig
from trine.project import CheckResult, check, make_host


def write_workspace(root: Path, fixture: str) -> None:
    """Write every `//- path` section of a fixture string under root."""
    path: Path | None = None
    lines: list[str] = []
    for line in textwrap.dedent(fixture).splitlines(keepends=True):
        if line.startswith("//- "):
            _flush(path, lines)
            path, lines = root / line[4:].strip(), []
        else:
            lines.append(line)
    _flush(path, lines)


def _flush(path: Path | None, lines: list[str]) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")


def check_workspace(root: Path, config: TrineConfig | None = None) -> CheckResult:
    """Index a workspace from disk and run every rule, as `trine check` does."""
    config = config or TrineConfig()
    host = make_host(root, config)
    host.scan()
    return check(host, config)


# A small workspace in which REQ-1 and REQ-2 are each implemented by one function and verified
# by one test, and each test calls its function: six links, nothing else to report.
STORE = '''
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
- **REQ-2** Reads MUST be consistent.
//- pkg/store.py
def write():
    """REQ-1: write durably."""
    return 1


def read():
    # REQ-2
    return 2
//- tests/test_store.py
from pkg.store import read, write


def test_write():
    """REQ-1: a write is durable."""
    assert write() == 1


def test_read():
    """REQ-2: a read is consistent."""
    assert read() == 2
'''


HANG_GUARD = 60  # seconds: a hang guard, not a timing assertion


def finishes(work: Callable[[], object]) -> bool:
    """Whether the work finishes (in a forked process) within the hang guard, without failing."""
    process = multiprocessing.get_context("fork").Process(target=work)
    process.start()
    process.join(HANG_GUARD)
    if process.is_alive():
        process.kill()
        process.join()
        return False
    return process.exitcode == 0
