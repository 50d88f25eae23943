"""OpenSpec: capability specs, their requirements and scenarios, and change proposals."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from trine.ide.completion import complete
from trine.ide.hover import hover
from trine.ide.snapshot import Snapshot
from trine.parsers.facts import Clause, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.openspec import OpenSpec
from trine.parsers.specs import spec_format_for
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]
AUTH = "openspec/specs/auth/spec.md"
SPEC = """\
# Auth

## Purpose
Users sign in. The system SHALL keep them safe.

## Requirements

### Requirement: Session expiry
The system SHALL expire idle sessions after 30 minutes.

#### Scenario: Idle session
- **WHEN** a session is idle for 31 minutes
- **THEN** the next request is rejected

#### Scenario: Active session
- **WHEN** a request arrives every minute
- **THEN** the session stays open

### Requirement: AUTH-001 - Password rules
Passwords MUST have 12 characters.

#### Scenario: Short password
- **WHEN** a password has 5 characters
- **THEN** it is refused
"""
PROPOSAL = """\
## ADDED Requirements

### Requirement: Two factors
The system SHALL ask for a second factor.

#### Scenario: Code sent
- **WHEN** a user signs in
- **THEN** a code is sent

## REMOVED Requirements
- `### Requirement: Session expiry`
"""


def parse(text: str, path: str = AUTH) -> SpecParse:
    return OpenSpec().parse(path, textwrap.dedent(text), IdMatcher())


def by_id(result: SpecParse) -> dict[str, Clause]:
    return {c.id: c for c in result.clauses}


def test_requirements_need_code_and_scenarios_a_test() -> None:
    """FMT-41, FMT-42, FMT-44, FMT-45: requirements and scenarios get ids from the capability
    and their titles; a requirement needs code, a scenario a test."""
    clauses = by_id(parse(SPEC))
    expiry = clauses["auth/session-expiry"]
    assert (expiry.title, expiry.explicit, expiry.scope, expiry.needs) == (
        "Session expiry",
        True,
        "auth",
        frozenset({"code"}),
    )
    assert expiry.text == "The system SHALL expire idle sessions after 30 minutes."
    idle = clauses["auth/session-expiry/idle-session"]
    assert (idle.title, idle.parent, idle.needs) == (
        "Idle session",
        "auth/session-expiry",
        frozenset({"test"}),
    )
    assert idle.text.splitlines() == [
        "- **WHEN** a session is idle for 31 minutes",
        "- **THEN** the next request is rejected",
    ]
    assert "auth/session-expiry/active-session" in clauses


def test_sections_need_nothing_whatever_their_keywords() -> None:
    """FMT-43: the title, Purpose and Requirements headings need nothing, even with SHALL."""
    clauses = by_id(parse(SPEC))
    purpose = clauses[f"{AUTH}#purpose"]
    assert purpose.keywords == ("SHALL",)
    assert purpose.needs == frozenset()
    assert clauses[f"{AUTH}#requirements"].needs == frozenset()
    assert clauses["auth/session-expiry"].parent == f"{AUTH}#requirements"


def test_an_id_opening_the_title_names_the_requirement() -> None:
    """FMT-44: `Requirement: AUTH-001 - Password rules` is `auth/AUTH-001`, titled by the rest,
    and its scenarios extend that id."""
    result = parse(SPEC)
    clauses = by_id(result)
    rules = clauses["auth/AUTH-001"]
    assert rules.title == "Password rules"
    assert rules.id_span is not None
    line = SPEC.splitlines()[rules.id_span.start_line]
    assert line[rules.id_span.start_col : rules.id_span.end_col] == "AUTH-001"
    assert clauses["auth/AUTH-001/short-password"].parent == "auth/AUTH-001"


def test_nested_capabilities_and_a_capability_named_archive() -> None:
    """FMT-40, FMT-44: the capability is the whole folder path under `openspec/specs/`, also
    when it is called `archive`."""
    nested = by_id(parse(SPEC, "openspec/specs/identity/user-auth/spec.md"))
    assert "identity/user-auth/session-expiry" in nested
    archive = by_id(parse(SPEC, "app/openspec/specs/archive/spec.md"))
    assert archive["archive/session-expiry"].needs == frozenset({"code"})


def test_proposals_declare_no_requirements() -> None:
    """FMT-46: the deltas of a change, active or archived, need nothing and say what they do."""
    for change in ("add-2fa", "archive/2026-01-21-add-2fa"):
        path = f"openspec/changes/{change}/specs/auth/spec.md"
        result = parse(PROPOSAL, path)
        assert {c.needs for c in result.clauses} == {frozenset()}
        assert not any(c.explicit for c in result.clauses)
        titles = [c.title for c in result.clauses]
        assert f"Two factors (ADDED by change {change})" in titles
        assert f"{path}#requirement-two-factors" in by_id(result)


def test_detection_by_path_and_text() -> None:
    """FMT-40: OpenSpec's paths with its headings are OpenSpec; a flat file, a spec-kit document
    kept under `openspec/specs/` and a spec elsewhere are Markdown."""
    assert spec_format_for(AUTH, SPEC).name == "openspec"  # type: ignore[union-attr]
    proposal = "openspec/changes/add-2fa/specs/auth/spec.md"
    assert spec_format_for(proposal, PROPOSAL).name == "openspec"  # type: ignore[union-attr]
    speckit = "# Feature\n\n- **FR-001**: System MUST sign users in.\n"
    for path, text in (
        ("openspec/specs/auth.md", SPEC),
        ("openspec/specs/sample/spec.md", speckit),
        ("docs/spec/auth/spec.md", SPEC),
    ):
        assert spec_format_for(path, text).name == "markdown"  # type: ignore[union-attr]


def test_slug_paths_in_prose_are_references() -> None:
    """FMT-48: `auth/session-expiry` in prose is a reference; file paths, URLs and id lists are
    not taken for one, and the ids of a list still count."""
    text = (
        "auth/session-expiry and auth/session-expiry/idle-session. Not src/auth.py,"
        " https://x.org/a/b, nor docs/spec.md#top; REQ-5/REQ-8"
    )
    found = [(t.kind, t.text) for t in IdMatcher().references(text)]
    assert found == [
        ("id", "auth/session-expiry"),
        ("id", "auth/session-expiry/idle-session"),
        ("anchor", "docs/spec.md#top"),
        ("id", "REQ-5"),
        ("id", "REQ-8"),
    ]


WORKSPACE = f"""
//- {AUTH}
{SPEC}
//- openspec/changes/add-2fa/specs/auth/spec.md
{PROPOSAL}
//- src/auth.py
def expire():
    \"\"\"auth/session-expiry: idle sessions end.\"\"\"


# auth/AUTH-001
def check_password():
    return True
//- tests/test_auth.py
import pytest


def test_idle():
    \"\"\"auth/session-expiry/idle-session\"\"\"


def test_active():
    # auth/session-expiry/active-session
    pass


@pytest.mark.spec("auth/AUTH-001/short-password")
def test_short():
    pass
"""


def test_a_traced_openspec_workspace_is_clean(workspace: Workspace) -> None:
    """FMT-47, FMT-48: requirements named in code and scenarios named in tests leave nothing to
    report; requirements need no test, scenarios no code, proposals nothing."""
    result = workspace(WORKSPACE)
    assert [(d.code, d.message) for d in result.diagnostics] == []
    graph = result.graph
    assert graph.implemented_by["auth/session-expiry"] == ["src/auth.py::expire"]
    assert graph.tested_by["auth/session-expiry/idle-session"] == ["tests/test_auth.py::test_idle"]
    assert sorted(graph.requirements) == [
        "auth/AUTH-001",
        "auth/AUTH-001/short-password",
        "auth/session-expiry",
        "auth/session-expiry/active-session",
        "auth/session-expiry/idle-session",
    ]


def test_untraced_requirements_and_scenarios_are_reported_once(workspace: Workspace) -> None:
    """FMT-41, FMT-42, FMT-47: an untraced requirement is unimplemented (not untested); an
    untraced scenario is untested (not unimplemented)."""
    # The workspace has code and tests, none of them for these clauses (DIAG-15).
    others = "//- src/other.py\ndef other():\n    pass\n//- tests/test_other.py\ndef test_other():\n    pass\n"
    result = workspace(f"//- {AUTH}\n{SPEC}{others}")
    found = {(d.code, d.data.get("clause")) for d in result.diagnostics}
    assert found == {
        ("unimplemented-clause", "auth/session-expiry"),
        ("unimplemented-clause", "auth/AUTH-001"),
        ("untested-clause", "auth/session-expiry/idle-session"),
        ("untested-clause", "auth/session-expiry/active-session"),
        ("untested-clause", "auth/AUTH-001/short-password"),
    }


def test_hover_and_completion_of_slug_ids(workspace: Workspace, tmp_path: Path) -> None:
    """FMT-48: a comment naming `auth/session-expiry` hovers with the requirement, and typing
    `auth/` completes to the capability's ids."""
    result = workspace(WORKSPACE)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    line = (tmp_path / "src/auth.py").read_text("utf-8").splitlines()[1]
    found = hover(snapshot, "src/auth.py", 1, line.index("auth/") + 3)
    assert found is not None
    assert found.markdown.startswith("**auth/session-expiry** Session expiry")
    typed = "    # auth/s"
    labels = [c.label for c in complete(snapshot, "src/auth.py", typed, 4, len(typed))]
    assert labels == [
        "auth/session-expiry",
        "auth/session-expiry/active-session",
        "auth/session-expiry/idle-session",
    ]


def test_ids_in_the_prose_are_mentions_not_clauses() -> None:
    """FMT-49: in an OpenSpec file an item or heading that opens with an id (a status list of
    requirement ids) declares nothing: its id is a mention, and a requirement's text runs on."""
    result = parse(
        """\
        # Archive

        ## Status
        - **ARCH-001 (neutrality):** done.

        ## ARCH-009 Notes

        ### Requirement: ARCH-002 - Passphrase KDF
        Keys SHALL be derived.
        - **ARCH-003** is related.
        And more text.
        """,
        "openspec/specs/archive/spec.md",
    )
    clauses = by_id(result)
    assert sorted(c.id for c in result.clauses if c.explicit) == ["archive/ARCH-002"]
    assert "openspec/specs/archive/spec.md#arch-009-notes" in clauses
    assert clauses["archive/ARCH-002"].text.splitlines()[-1] == "And more text."
    assert [(r.target, r.span.start_line) for r in result.references] == [
        ("ARCH-001", 3),
        ("ARCH-009", 5),
        ("ARCH-003", 9),
    ]


NAMED = f"""
//- {AUTH}
### Requirement: Session expiry
The system SHALL expire idle sessions.

#### Scenario: Idle session
- **WHEN** idle

#### Scenario: Success
- **WHEN** fine

#### Scenario: Active session
- **WHEN** active

### Requirement: Remember me
The system SHALL remember.

#### Scenario: Active session
- **WHEN** remembered
//- tests/test_auth.py
def test_idle_session():
    pass


class TestAuth:
    def testSuccess(self):
        pass

    def test_active_session(self):
        pass
"""


def test_a_test_named_after_a_scenario_verifies_it(workspace: Workspace) -> None:
    """FMT-50: `test_idle_session` verifies the only scenario titled "Idle session"; a test
    named after a one-word title or a title two scenarios share verifies nothing."""
    graph = workspace(NAMED).graph
    verifies = {(x.source, x.target, x.evidence) for x in graph.links if x.kind == "verifies"}
    assert verifies == {
        ("tests/test_auth.py::test_idle_session", "auth/session-expiry/idle-session", "inferred")
    }
