"""Messages that fit the project: one diagnostic per place, advice in the workspace's own style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trine.analysis.drift import current_lock
from trine.analysis.findings import Diagnostic
from trine.config import TrineConfig
from trine.parsers.lock import render_lock
from trine.project import CheckResult, check, lock_state, make_host
from workspaces import write_workspace

Workspace = Callable[..., CheckResult]

CLASS_MARKER = '''
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
//- pkg/store.py
def write():
    """REQ-1: write durably."""
    return 1
//- tests/test_store.py
from pkg.store import write


class TestWrite:
    """REQ-1, and REQ-9 REQ-9 twice."""

    def test_once(self):
        assert write() == 1

    def test_twice(self):
        assert write() == 1

    def test_thrice(self):
        assert write() == 1
'''


def _of(result: CheckResult, code: str, path: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == code and d.path == path]


def _checked_after_edit(root: Path) -> CheckResult:
    """Lock the workspace, change REQ-1's words, and check it against the lock."""
    config = TrineConfig()
    host = make_host(root, config)
    host.scan()
    state = lock_state(render_lock(current_lock(host.graph())))
    spec = root / "SPEC.md"
    spec.write_text(spec.read_text("utf-8").replace("durable.", "durable and fast."), "utf-8")
    host = make_host(root, config)
    host.scan()
    return check(host, config, state)


def test_a_class_marker_is_reported_once_not_once_per_test(tmp_path: Path) -> None:
    """DIAG-24: a changed clause named on a test class is one stale-link at the class's marker,
    whose quick fix reviews every link it stands for, not one link of three."""
    write_workspace(tmp_path, CLASS_MARKER)
    result = _checked_after_edit(tmp_path)
    [stale] = _of(result, "stale-link", "tests/test_store.py")
    assert stale.span.start_line == 4
    assert stale.message.count("changed since this link was reviewed") == 1
    assert stale.data == {"clause": "REQ-1", "kind": "verifies"}
    assert result.summary.warnings == len(
        [d for d in result.diagnostics if d.severity == "warning"]
    )


def test_one_message_is_not_repeated_on_one_line(workspace: Workspace) -> None:
    """DIAG-24: an unknown id named twice on one line is reported once on that line."""
    result = workspace(CLASS_MARKER)
    [unknown] = _of(result, "unknown-reference", "tests/test_store.py")
    assert unknown.message.startswith("REQ-9 is not declared")
