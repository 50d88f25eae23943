"""`trine check` on a small Kiro workspace whose Python code and tests cite in Kiro's style."""

from __future__ import annotations

from pathlib import Path

import pytest

from trine.cli import main
from workspaces import write_workspace

# Two spec folders that both number from 1; code and tests cite them as Kiro's agents write.
KIRO_PROJECT = '''
//- .kiro/specs/rollback/requirements.md
# Requirements Document

### Requirement 1: Plugin Setup Rollback

#### Acceptance Criteria

1. WHEN a plugin setup throws, THE Core Runtime SHALL dispose the plugins set up before
1. THE Core Runtime SHALL dispose them in reverse order
//- .kiro/specs/rollback/design.md
# Design

### Property 1: Reverse disposal

*For any* set of plugins, disposal runs in reverse order.

**Validates: Requirements 1.1, 1.2**
//- .kiro/specs/events/requirements.md
# Requirements Document

### Requirement 1: Isolation

#### Acceptance Criteria

1. WHILE an event is emitted, THE Event Bus SHALL catch handler errors
//- runtime/core.py
"""Feature: rollback"""


def setup(plugins):
    """Set the plugins up, and undo them on failure.

    _Requirements: 1.1-1.2_
    """
    return plugins


def emit(event):
    # Requirement 1.1: handler errors are caught.
    return event
//- runtime/bus.py
def publish(event):
    """Requirement 1.1: takes 2.5 seconds at most."""
    return event
//- tests/test_core.py
from runtime.core import setup


def test_reverse_disposal():
    """**Feature: rollback, Property 1: Reverse disposal**"""
    assert setup([]) == []
//- tests/test_bus.py
from runtime.bus import publish


def test_isolation():
    """Feature: events

    Validates: Requirements 1.1
    """
    assert publish(1) == 1


def test_mistyped():
    """Feature: events. Validates: Requirements 1.4"""
'''


def test_kiro_style_citations_link_code_and_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-30, FMT-31, FMT-33, FMT-34: with no configuration, `_Requirements: 1.1-1.2_` in a
    module that names its Feature implements both criteria, `Property 1` verifies the criteria
    it validates, `Feature: events` decides a test's number; a number two folders declare is
    one ambiguity warning, and a number the named folder lacks is the one error."""
    write_workspace(tmp_path, KIRO_PROJECT)
    assert main(["check", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == (
        "trine: 5 clauses, 3 requirements (2 implemented, 3 tested); 1 error, 2 warnings, 0 info,"
        " 0 hints"
    )
    errors = [line for line in lines if ": error: " in line]
    assert errors == [
        f"{tmp_path}/tests/test_bus.py:13:49: error: events/1.4 is not declared in the spec: fix"
        " the reference, or declare events/1.4 in the spec [unknown-reference]"
    ]
    ambiguous = [line for line in lines if line.endswith("[ambiguous-reference]")]
    assert len(ambiguous) == 1
    assert ambiguous[0].startswith(f"{tmp_path}/runtime/bus.py:2:20: warning: 1.1 is declared")
    assert "(Feature: events)" in ambiguous[0]
    unlinked = [line for line in lines if "is not implemented" in line or "is not tested" in line]
    # CL-17: a requirement whose obligations are its criteria is a section.
    assert [line.split(": warning: ")[1].split(" ")[0] for line in unlinked] == ["events/1.1"]
