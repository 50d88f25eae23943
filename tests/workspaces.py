"""Multi-file test workspaces written from one string, checked in-process.

A fixture string holds files separated by `//- path` header lines, as in rust-analyzer's tests.
"""

from __future__ import annotations

import multiprocessing
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from trine.config import TrineConfig
from trine.index.build import build_record
from trine.index.graph import TraceGraph
from trine.index.records import FileRecord, Role
from trine.parsers.ids import IdMatcher
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


def scoped(record: FileRecord) -> FileRecord:
    """A spec record read as spec-kit does: a file in `specs/<feature>/` declares its explicit
    ids in the scope `<feature>` (stands in for a dialect that scopes its clauses)."""
    parts = record.path.split("/")
    if record.role != "spec" or len(parts) < 3 or parts[0] != "specs" or record.scope:
        return record  # not in a feature folder, or read by the spec-kit reader already
    scope = parts[1]
    renamed = {c.id: f"{scope}/{c.id}" for c in record.clauses if c.explicit}
    clauses = tuple(
        replace(
            c,
            id=renamed.get(c.id, c.id),
            parent=renamed.get(c.parent, c.parent) if c.parent else None,
            scope=scope,
        )
        for c in record.clauses
    )
    return replace(record, clauses=clauses, scope=scope)


def scoped_graph(fixture: str, scope_of: Callable[[str], str | None] | None = None) -> TraceGraph:
    """The graph of a `//- path` fixture, specs under `specs/<feature>/` scoped by feature."""
    return TraceGraph(
        {path: scoped(record) for path, record in fixture_records(fixture).items()}, scope_of
    )


def fixture_records(fixture: str) -> dict[str, FileRecord]:
    """The records of a `//- path` fixture's files: Markdown is spec, `tests/` test, else code."""
    ids = IdMatcher()
    records = {}
    path: str | None = None
    lines: list[str] = []
    for line in [*textwrap.dedent(fixture).splitlines(keepends=True), "//- \n"]:
        if not line.startswith("//- "):
            lines.append(line)
            continue
        if path:
            role: Role = (
                "spec" if path.endswith(".md") else "test" if path.startswith("tests/") else "code"
            )
            records[path] = build_record(path, role, "".join(lines), ids)
        path, lines = line[4:].strip(), []
    return records
