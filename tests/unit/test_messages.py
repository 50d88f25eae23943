"""Messages that fit the project: one diagnostic per place, advice in the workspace's own style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from test_ide import disk, write_edits

from trine.analysis.drift import current_lock
from trine.analysis.findings import Diagnostic
from trine.config import TrineConfig
from trine.ide.actions import code_actions
from trine.ide.snapshot import Snapshot
from trine.parsers.lock import render_lock
from trine.project import CheckResult, check, lock_state, make_host
from workspaces import check_workspace, write_workspace

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


# -- advice in the workspace's own style --------------------------------------------------------

JAVA = """
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
//- src/Store.java
// REQ-1
public class Store { public void write() {} }
//- tests/StoreTest.java
class StoreTest { @Test void writes() {} }
"""

TRACEY_CONFIG = """\
specs (
    {
        name auth
        include (docs/spec/**/*.md)
        impls ({name python, include (pkg/**/*.py), test_include (tests/**/*.py)})
    }
)
"""

TRACEY = f"""
//- .config/tracey/config.styx
{TRACEY_CONFIG}
//- docs/spec/auth.md
# Auth

r[auth.login]
The system must accept a username and password.

r[auth.logout]
Logging out must end the session.
//- pkg/auth.py
# r[impl auth.login]
def login(user, password):
    return user
//- tests/test_auth.py
from pkg.auth import login


# r[verify auth.login]
def test_login():
    assert login("a", "b") == "a"
"""

KIRO = """
//- .kiro/specs/rollback/requirements.md
# Requirements Document

### Requirement 1: Plugin Setup Rollback

#### Acceptance Criteria

1. WHEN a plugin setup throws, THE Core Runtime SHALL dispose the plugins set up before
//- pkg/runtime.py
def dispose():
    \"\"\"Feature: rollback. Validates: Requirements 1, 1.1\"\"\"
//- tests/test_runtime.py
def test_nothing():
    pass
"""


def _fixed(root: Path, result: CheckResult, clause: str) -> CheckResult:
    """Apply the preferred quick fix of a clause's untested-clause, then check again."""
    snapshot = Snapshot(result.graph, result.store, root)
    [untested] = [
        d for d in result.diagnostics if d.code == "untested-clause" and d.data["clause"] == clause
    ]
    [stub, *_] = code_actions(snapshot, untested.path, untested.span, [untested], disk(root))
    write_edits(root, stub.edits)
    return check_workspace(root)


def test_a_workspace_trine_reads_no_code_of_gets_no_python_advice(
    workspace: Workspace, tmp_path: Path
) -> None:
    """DIAG-23, LSP-36: in a Java workspace no message names pytest or docstrings, the advice
    is a comment naming the id, and no quick fix writes a Python test."""
    result = workspace(JAVA)
    for d in result.diagnostics:
        assert "pytest" not in d.message and "docstring" not in d.message, d.message
    coverage = [d for d in result.diagnostics if d.code.endswith("-clause")]
    assert all("REQ-1 in a comment" in d.message for d in coverage)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    for d in coverage:
        actions = code_actions(snapshot, d.path, d.span, [d], lambda _: None)
        assert [a.title for a in actions if a.edits] == []


def test_a_tracey_workspace_is_told_its_own_markers(workspace: Workspace, tmp_path: Path) -> None:
    """DIAG-22, LSP-36: a tracey rule is to be named by `r[impl …]` and `r[verify …]` comments
    (no comment sign: the project's own may not be the language trine reads), and the stub
    test carries the marker, so it links."""
    result = workspace(TRACEY)
    untested = {d.data["clause"]: d for d in result.diagnostics if d.code == "untested-clause"}
    assert "add a test that has a comment `r[verify auth.logout]`" in (
        untested["auth.logout"].message
    )
    [unimplemented] = [d for d in result.diagnostics if d.code == "unimplemented-clause"]
    assert "add a comment `r[impl auth.logout]` to the function" in unimplemented.message
    assert all("pytest" not in d.message for d in result.diagnostics)
    fixed = _fixed(tmp_path, result, "auth.logout")
    assert "auth.logout" in fixed.graph.tested_by


def test_a_kiro_criterion_is_told_its_citation(workspace: Workspace, tmp_path: Path) -> None:
    """DIAG-22, LSP-36: a Kiro criterion is to be cited as `Validates: Requirements 1.1` under
    its spec's `Feature:`, and the stub test cites it so, so it links."""
    result = workspace(KIRO)
    untested = {d.data["clause"]: d for d in result.diagnostics if d.code == "untested-clause"}
    message = untested["rollback/1.1"].message
    assert "says `Validates: Requirements 1.1` in its docstring or a comment" in message
    assert "`Feature: rollback`" in message
    fixed = _fixed(tmp_path, result, "rollback/1.1")
    assert "rollback/1.1" in fixed.graph.tested_by


def test_an_orphan_test_in_a_tracey_workspace_is_told_the_marker(workspace: Workspace) -> None:
    """DIAG-22: a test naming no clause is told every way the workspace's specs are named."""
    result = workspace(
        TRACEY + "\n\ndef test_nothing():\n    pass\n", severity={"orphan-test": "warning"}
    )
    [orphan] = [d for d in result.diagnostics if d.code == "orphan-test"]
    assert "with the comment `# r[verify <id>]`" in orphan.message
