"""References in code, tests and spec prose beyond one id: ranges and lists of ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from trine.analysis.drift import current_lock
from trine.cli import main
from trine.ide.hover import hover
from trine.ide.snapshot import Snapshot
from trine.index.graph import TraceGraph
from trine.parsers.ids import IdMatcher, range_tokens
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]

SPEC = """
//- SPEC.md
# Auth

- **FR-001** Sign-in MUST check the password.
- **FR-002** Sign-in MUST lock after five failures.
- **FR-003** Sign-out MUST end the session.
- **FR-004** Sessions MUST expire.
- **FR-005** Tokens MUST be signed.
- **NFR-001** Sign-in MUST answer within a second.
"""


def clauses_of(graph: TraceGraph, symbol: str) -> list[str]:
    """The clauses a function implements."""
    return graph.clauses_of_symbol(f"pkg/auth.py::{symbol}")


def test_ranges_in_code_name_every_id_between_their_ends(workspace: Workspace) -> None:
    """CODE-9: `through`, `to`, `..`, `…` and a dash with a bare number name each id."""
    code = '''//- pkg/auth.py
def through():
    """FR-001 through FR-003."""

def dots():
    """FR-002..FR-004 and nothing more."""

def ellipsis():
    # FR-001…FR-003
    pass

def to():
    """Covers FR-003 to
    FR-005 (a range may wrap)."""

def dash():
    """FR-001\u2013003."""
'''
    graph = workspace(SPEC + code).graph
    assert clauses_of(graph, "through") == ["FR-001", "FR-002", "FR-003"]
    assert clauses_of(graph, "dots") == ["FR-002", "FR-003", "FR-004"]
    assert clauses_of(graph, "ellipsis") == ["FR-001", "FR-002", "FR-003"]
    assert clauses_of(graph, "to") == ["FR-003", "FR-004", "FR-005"]
    assert clauses_of(graph, "dash") == ["FR-001", "FR-002", "FR-003"]


def test_a_range_in_a_test_verifies_each_id(workspace: Workspace) -> None:
    """CODE-9: a test whose docstring names a range checks every clause in it."""
    test = '''//- tests/test_auth.py
def test_sign_in():
    """FR-001..FR-003: the sign-in rules."""
'''
    graph = workspace(SPEC + test).graph
    for clause in ("FR-001", "FR-002", "FR-003"):
        assert graph.tested_by[clause] == ["tests/test_auth.py::test_sign_in"]
    assert "FR-004" not in graph.tested_by


def test_a_slash_lists_ids_and_a_custom_pattern_ranges_too(workspace: Workspace) -> None:
    """CODE-9: `NET-12-008/009` names both ids; `AUTH-01-001 through AUTH-01-003` all three."""
    fixture = '''//- SPEC.md
# Net

- **NET-12-008** Sockets MUST time out.
- **NET-12-009** Sockets MUST retry.
- **NET-12-010** Sockets MUST log.
- **AUTH-01-001** A.
- **AUTH-01-002** B.
- **AUTH-01-003** C.
//- pkg/auth.py
def sockets():
    """NET-12-008/009."""

def auth():
    """AUTH-01-001 through AUTH-01-003."""
'''
    graph = workspace(fixture, id_pattern=r"[A-Z]+(?:-\d+)+").graph
    assert clauses_of(graph, "sockets") == ["NET-12-008", "NET-12-009"]
    assert clauses_of(graph, "auth") == ["AUTH-01-001", "AUTH-01-002", "AUTH-01-003"]


def test_an_id_inside_a_range_that_the_spec_lacks_is_no_error(workspace: Workspace) -> None:
    """CODE-9: an id a range only stands for is not reported unknown; a written end still is."""
    code = '''//- pkg/auth.py
def gap():
    """FR-004..FR-007."""
'''
    result = workspace(SPEC + code)
    assert clauses_of(result.graph, "gap") == ["FR-004", "FR-005"]
    unknown = [d.message.split()[0] for d in result.diagnostics if d.code == "unknown-reference"]
    assert unknown == ["FR-007"]


def test_ranges_in_spec_prose_are_references(workspace: Workspace) -> None:
    """CODE-9: a spec's prose that names a range refers to every clause in it."""
    fixture = SPEC + "\nFR-001 to FR-003 cover signing in and out.\n"
    graph = workspace(fixture).graph
    named = {item.clause for item in graph.resolved_in["SPEC.md"]}
    assert {"FR-001", "FR-002", "FR-003"} <= named
    assert "FR-004" not in named


def test_bad_ranges_are_read_as_their_ends(workspace: Workspace) -> None:
    """CODE-10: reversed ends, different prefixes and too long a range name their ends only."""
    code = '''//- pkg/auth.py
def reversed_ends():
    """FR-004..FR-002."""

def prefixes():
    """FR-001..NFR-001."""

def too_long():
    """FR-001 to FR-100."""

def bare_after_a_word():
    """FR-001 to 3 retries."""
'''
    graph = workspace(SPEC + code).graph
    assert clauses_of(graph, "reversed_ends") == ["FR-002", "FR-004"]
    assert clauses_of(graph, "prefixes") == ["FR-001", "NFR-001"]
    assert clauses_of(graph, "too_long") == ["FR-001"]
    assert clauses_of(graph, "bare_after_a_word") == ["FR-001"]


def test_a_huge_range_costs_nothing() -> None:
    """CODE-10: a range of a million ids yields its ends, not a million tokens."""
    ids = IdMatcher()
    text = "FR-1..FR-1000000 " * 1000
    found = list(ids.references(text))
    extra = range_tokens(text, found, ids.is_id)
    assert {t.text for t in extra} == {"FR-1000000"}
    assert len(found) + len(extra) == 2000
    endless = "FR-1..FR-" + "9" * 5000 + " FR-" + "1" * 5000 + "\u2013" + "2" * 5000
    found = list(ids.references(endless))
    assert [t.kind for t in range_tokens(endless, found, ids.is_id)] == ["id"]


MODULE = '''//- pkg/auth.py
"""Signing in: FR-001."""

# FR-002: the lockout counter lives in the module.
FAILURES = {}


# FR-003 is the function's own.
def sign_out():
    """Ends the session."""
'''


def test_module_docstring_and_comments_link_the_module(workspace: Workspace) -> None:
    """CODE-11: references outside every definition link `<path>::<module>`, a module symbol."""
    graph = workspace(SPEC + MODULE).graph
    module = graph.symbols["pkg/auth.py::<module>"]
    assert (module.kind, module.qualname, module.span.start_line) == ("module", "pkg/auth.py", 0)
    assert module.span.end_line >= 9
    assert graph.clauses_of_symbol(module.id) == ["FR-001", "FR-002"]
    assert clauses_of(graph, "sign_out") == ["FR-003"]
    assert graph.implemented_by["FR-001"] == ["pkg/auth.py::<module>"]


def test_a_docstring_after_a_comment_is_still_the_docstring(workspace: Workspace) -> None:
    """CODE-2, CODE-11: as for Python, comments before a module's or function's first string
    (`# pkg/auth.py`, a licence header) leave it the docstring, and its ids link."""
    code = '''//- pkg/auth.py
# pkg/auth.py
# Copyright the authors.
"""Signing in: FR-001."""


def sign_out():
    # the session ends here
    """Ends the session: FR-003."""
    note = "FR-002 in a plain string is no reference"
'''
    graph = workspace(SPEC + code).graph
    assert graph.clauses_of_symbol("pkg/auth.py::<module>") == ["FR-001"]
    assert clauses_of(graph, "sign_out") == ["FR-003"]


def test_a_file_without_module_references_has_no_module_symbol(workspace: Workspace) -> None:
    """CODE-11: only a module that names a clause itself becomes a symbol."""
    code = '''//- pkg/auth.py
def sign_in():
    """FR-001."""
'''
    graph = workspace(SPEC + code).graph
    assert sorted(graph.symbols) == ["pkg/auth.py::sign_in"]


def test_the_module_symbol_shows_in_hover_lock_and_report(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CODE-11: hover on the module docstring, the lock and the JSON report name the module."""
    result = workspace(SPEC + MODULE)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, "pkg/auth.py", 0, 5)
    assert found is not None
    assert "**FR-001**" in found.markdown and "**FR-002**" in found.markdown
    lock = current_lock(result.graph)
    assert ("pkg/auth.py::<module>", "FR-002", "implements") in lock.links
    main(["check", str(tmp_path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    [module] = [s for s in report["symbols"] if s["kind"] == "module"]
    assert (module["id"], module["line"], module["clauses"]) == (
        "pkg/auth.py::<module>",
        1,
        ["FR-001", "FR-002"],
    )


SECTIONS = '''//- pkg/auth.py
class Session:
    """Sessions."""

    # FR-002: the lockout limit, an attribute of the class.
    LIMIT = 5

    # FR-001: signing in.

    def sign_in(self):
        pass

    def check(self):
        pass

    # FR-003
    # Signing out.

    def sign_out(self):
        pass

    # A note that names no clause ends no section.
    def expire(self):
        pass

    # FR-005
    def sign(self):
        pass

    # FR-004: nothing after it, so the class.
//- tests/test_auth.py
class TestSession:
    # FR-001

    def test_sign_in(self):
        pass

    def test_check(self):
        pass

    # FR-003

    def test_sign_out(self):
        pass
'''


def test_a_comment_in_a_class_body_covers_the_members_after_it(workspace: Workspace) -> None:
    """CODE-12: a section comment links the members after it, up to the next one, not the class."""
    graph = workspace(SPEC + SECTIONS).graph
    assert clauses_of(graph, "Session.sign_in") == ["FR-001"]
    assert clauses_of(graph, "Session.check") == ["FR-001"]
    assert clauses_of(graph, "Session.sign_out") == ["FR-003"]
    assert clauses_of(graph, "Session.expire") == ["FR-003"]
    assert clauses_of(graph, "Session.sign") == ["FR-005"]
    assert clauses_of(graph, "Session") == ["FR-002", "FR-004"]


def test_a_comment_in_a_test_class_covers_the_tests_after_it(workspace: Workspace) -> None:
    """CODE-12: in a test class, a section comment verifies through the tests after it only."""
    graph = workspace(SPEC + SECTIONS).graph
    group = "tests/test_auth.py::TestSession"
    assert graph.tested_by["FR-001"] == [f"{group}::test_check", f"{group}::test_sign_in"]
    assert graph.tested_by["FR-003"] == [f"{group}::test_sign_out"]


def test_ids_in_a_code_fence_of_a_docstring_are_plain_text(workspace: Workspace) -> None:
    """CODE-13: a fence in a docstring, even unclosed, changes nothing: its ids link as text."""
    code = '''//- pkg/auth.py
def closed():
    """Signs in.

    ```python
    sign_in()  # FR-001..FR-002
    ```
    """

def unclosed():
    """Signs out.

    ```
    FR-003 ~~~ ``` ```
    """
'''
    result = workspace(SPEC + code)
    assert clauses_of(result.graph, "closed") == ["FR-001", "FR-002"]
    assert clauses_of(result.graph, "unclosed") == ["FR-003"]
    assert not [d for d in result.diagnostics if d.path == "pkg/auth.py"]
