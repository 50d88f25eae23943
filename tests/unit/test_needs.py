"""What a clause needs and how strongly it obliges: keywords, sections, configuration, fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from trine.analysis.diagnose import Diagnostics
from trine.config import ConfigError, TrineConfig
from trine.index.build import build_record
from trine.index.graph import TraceGraph
from trine.parsers.ids import DEFAULT_ID_PATTERN, IdMatcher
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]

CODE_AND_TESTS = """
//- pkg/a.py
def unrelated():
    pass
//- tests/test_a.py
def test_unrelated():
    pass
"""


def reported(result: CheckResult) -> dict[tuple[str, str], str]:
    """The coverage findings, as (rule, clause) to severity."""
    return {
        (d.code, str(d.data.get("clause"))): d.severity
        for d in result.diagnostics
        if d.code in ("unimplemented-clause", "untested-clause")
    }


# -- strength -----------------------------------------------------------------------------------

STRENGTHS = (
    """
//- SPEC.md
# Widgets

- **W-1** Widgets MUST be round.
- **W-2** Widgets SHOULD be blue.
- **W-3** Widgets MAY be large.
- **W-4** Widgets must be small, in lowercase.
- **W-5** Widgets MAY glow and SHALL NOT explode.
- **W-6** Widgets are widgets.
"""
    + CODE_AND_TESTS
)


def test_strength_is_the_strongest_capitalised_word(workspace: Workspace) -> None:
    """CL-16: MUST/SHALL oblige, SHOULD recommends, MAY permits; lowercase words do not count."""
    graph = workspace(STRENGTHS).graph
    strengths = {f"W-{n}": graph.strength(f"W-{n}") for n in range(1, 7)}
    assert strengths == {
        "W-1": "must",
        "W-2": "should",
        "W-3": "may",
        "W-4": None,
        "W-5": "must",
        "W-6": None,
    }


def test_may_needs_nothing_and_should_is_one_severity_milder(workspace: Workspace) -> None:
    """CL-20: a SHOULD clause is reported as information, a MAY clause not at all."""
    result = workspace(STRENGTHS)
    found = reported(result)
    assert found[("untested-clause", "W-1")] == "warning"
    assert found[("unimplemented-clause", "W-2")] == "info"
    assert found[("untested-clause", "W-2")] == "info"
    assert not any(clause == "W-3" for _, clause in found)
    assert "W-3" not in result.graph.requirements
    # An explicit id with no keyword still needs code and a test (CL-6).
    assert found[("untested-clause", "W-6")] == "warning"


def test_should_under_an_error_severity_is_a_warning(workspace: Workspace) -> None:
    """CL-20: milder is relative to the configured severity."""
    result = workspace(STRENGTHS, severity={"untested-clause": "error"})
    found = reported(result)
    assert (found[("untested-clause", "W-1")], found[("untested-clause", "W-2")]) == (
        "error",
        "warning",
    )


# -- sections -----------------------------------------------------------------------------------

SECTIONS = (
    """
//- SPEC.md
# Login

## FR-1 Sign in

- **FR-1.1** The form MUST ask for a password.
- **FR-1.2** The form MUST lock after three failures.

## FR-2 Sign out

Signing out MUST end the session.

- **FR-2.1** The button MUST be visible.

## FR-3 Notes

- FR-1 and FR-2 are the login clauses.
"""
    + CODE_AND_TESTS
)


def test_a_heading_that_only_groups_requirements_needs_nothing(workspace: Workspace) -> None:
    """CL-17: FR-1's obligations are its items, so FR-1 is a section; FR-2 obliges itself."""
    result = workspace(SECTIONS)
    graph = result.graph
    assert graph.needs_of("FR-1") == frozenset()
    assert "FR-1" not in graph.requirements
    assert graph.needs_of("FR-1.1") == frozenset({"code", "test"})
    assert graph.needs_of("FR-2") == frozenset({"code", "test"})
    # FR-3 holds no clause that needs anything: an explicit id without words still needs both.
    assert graph.needs_of("FR-3") == frozenset({"code", "test"})
    clauses = {clause for _, clause in reported(result)}
    assert clauses == {"FR-1.1", "FR-1.2", "FR-2", "FR-2.1", "FR-3"}


# -- configuration ------------------------------------------------------------------------------

CONFIGURED = (
    """
//- SPEC.md
# Product

- **SC-001** Nine in ten users MUST finish in a minute.
- **SCORE-1** Scores MUST be kept.

## Non-goals

- **NG-1** The product MUST NOT become a game.

## Operations

- **OPS-1** The team MUST review every release.
//- docs/spec/process.md
# Process

- **PR-1** The README MUST be kept current.
"""
    + CODE_AND_TESTS
)


def test_needs_configured_by_prefix_heading_and_path(workspace: Workspace) -> None:
    """CL-18: `[tool.trine.needs]` by id prefix, heading text (case-insensitive, for the
    clauses under it) and path glob; the prefix is a whole part of the id."""
    result = workspace(
        CONFIGURED,
        needs={
            "prefix": {"SC": "test"},
            "heading": {"non-GOALS": "nothing", "Operations": "code"},
            "path": {"docs/spec/process.md": "nothing"},
        },
    )
    graph = result.graph
    assert graph.needs_of("SC-001") == frozenset({"test"})
    assert graph.needs_of("SCORE-1") == frozenset({"code", "test"})
    assert graph.needs_of("NG-1") == frozenset()
    assert graph.needs_of("OPS-1") == frozenset({"code"})
    assert graph.needs_of("PR-1") == frozenset()
    assert set(reported(result)) == {
        ("untested-clause", "SC-001"),
        ("unimplemented-clause", "SCORE-1"),
        ("untested-clause", "SCORE-1"),
        ("unimplemented-clause", "OPS-1"),
    }


GOALS = (
    """
//- docs/spec/tool.md
# Tool

## 1. Functional requirements

**FR-1**: The system shall read the file.

## 2. Business Requirements (BR)

### BR-1: Quality

**BR-1.1**: The system shall help teams ship fewer bugs.

## Goals:

- **G-1** The tool MUST feel fast.
"""
    + CODE_AND_TESTS
)


def test_goals_and_business_requirements_need_nothing(workspace: Workspace) -> None:
    """CL-30: clauses under business requirements or goals need nothing, whatever their
    numbering or abbreviation; functional requirements beside them still do."""
    result = workspace(GOALS, keywords={"lowercase": ["shall"]})
    graph = result.graph
    assert graph.needs_of("FR-1") == frozenset({"code", "test"})
    assert graph.needs_of("BR-1.1") == frozenset()
    assert graph.needs_of("G-1") == frozenset()
    assert {clause for _, clause in reported(result)} == {"FR-1"}


def test_configured_heading_overrides_goals(workspace: Workspace) -> None:
    """CL-30, CL-18: a configured heading need wins over the default for goals."""
    graph = workspace(
        GOALS,
        keywords={"lowercase": ["shall"]},
        needs={"heading": {"business requirements": "code"}},
    ).graph
    assert graph.needs_of("BR-1.1") == frozenset({"code"})
    assert graph.needs_of("G-1") == frozenset()


def test_configured_needs_win_over_the_words(workspace: Workspace) -> None:
    """CL-18, CL-19: configuration first, so a MAY clause can be made to need a test."""
    graph = workspace(STRENGTHS, needs={"prefix": {"W": "test"}}).graph
    assert graph.needs_of("W-3") == frozenset({"test"})


def test_structured_verification_other_than_test_needs_code_only(workspace: Workspace) -> None:
    """CL-19: `verification: inspection` and `testable: false` need no test; `test` needs both."""
    result = workspace(
        """
//- requirements/pump.yaml
requirements:
  - id: PUMP-1
    text: The pump SHALL stop when the tank is full.
    verification: test
  - id: PUMP-2
    text: The casing SHALL be stainless steel.
    verification: inspection
  - id: PUMP-3
    text: The pump SHALL be quiet.
    testable: false
"""
        + CODE_AND_TESTS
    )
    graph = result.graph
    assert graph.needs_of("PUMP-1") == frozenset({"code", "test"})
    assert graph.needs_of("PUMP-2") == frozenset({"code"})
    assert graph.needs_of("PUMP-3") == frozenset({"code"})
    assert ("untested-clause", "PUMP-2") not in reported(result)


# -- keyword policy -----------------------------------------------------------------------------

LOWERCASE = (
    """
//- SPEC.md
# Widgets

Widgets are small things.

## Storage

Widgets must be stored durably.

## Rendering

Widgets shall render fast.

## Colours

Widgets may be blue.
"""
    + CODE_AND_TESTS
)


def test_lowercase_words_count_when_configured(workspace: Workspace) -> None:
    """CL-22: `lowercase` names the words whose lowercase forms count."""
    assert workspace(LOWERCASE).graph.requirements == set()
    graph = workspace(LOWERCASE, keywords={"lowercase": ["must", "shall"]}).graph
    assert graph.requirements == {"SPEC.md#storage", "SPEC.md#rendering"}
    assert graph.strength("SPEC.md#colours") is None


def test_word_lists_are_configurable(workspace: Workspace) -> None:
    """CL-22: a word can move to another strength, and WILL can be made to oblige."""
    graph = workspace(
        """
//- SPEC.md
- **W-1** Widgets SHOULD be blue.
- **W-2** Widgets WILL be round.
"""
        + CODE_AND_TESTS,
        keywords={"must": ["MUST", "SHALL", "SHOULD", "WILL"], "should": []},
    ).graph
    assert (graph.strength("W-1"), graph.strength("W-2")) == ("must", "must")


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"must": ["MUST", "OUGHT"]}, "'OUGHT' is not a normative word"),
        ({"must": ["must"]}, "'must' is not a normative word"),
        ({"should": ["MUST", "SHOULD"]}, "MUST listed under more than one strength"),
        ({"lowercase": ["ought"]}, "lowercase: ought is not the lowercase form"),
    ],
)
def test_bad_keyword_policy_names_the_key(keywords: dict[str, object], message: str) -> None:
    """CL-22, CFG-3: an unknown or twice-listed word is one error naming the key."""
    with pytest.raises(ConfigError, match="keywords") as error:
        TrineConfig().merged({"keywords": keywords}, "trine.toml:")
    assert message in str(error.value)


def test_bad_needs_value_names_the_key() -> None:
    """CL-18, CFG-3: a need other than code+test, code, test or nothing is an error."""
    with pytest.raises(ConfigError, match=r"needs\.prefix\.SC"):
        TrineConfig().merged({"needs": {"prefix": {"SC": "tests"}}}, "trine.toml:")


# -- lowercase-keywords -------------------------------------------------------------------------


def test_lowercase_spec_gets_one_hint(workspace: Workspace) -> None:
    """DIAG-14: one information finding for the workspace, at the first clause with `must`,
    however many spec files write so."""
    result = workspace(LOWERCASE + "//- docs/spec/more.md\n# More\n\nIt shall be so.\n")
    found = [d for d in result.diagnostics if d.code == "lowercase-keywords"]
    assert len(found) == 1
    [hint] = found
    assert (hint.severity, hint.path, hint.span.start_line) == ("info", "SPEC.md", 4)
    assert '`lowercase = ["must", "shall"]`' in hint.message


def test_no_hint_with_capitals_or_when_configured(workspace: Workspace) -> None:
    """DIAG-14: specs that use capitals somewhere (another file too), whose lowercase clauses all
    have ids (the setting would change nothing), or a policy that counts lowercase get none."""
    mixed = LOWERCASE.replace("Widgets may be blue.", "Widgets MAY be blue.")
    elsewhere = LOWERCASE + "//- docs/spec/more.md\n# More\n\nIt MUST be so.\n"
    with_ids = "//- SPEC.md\n# Widgets\n\n- **W-1** Widgets must be small.\n"
    for result in (
        workspace(mixed),
        workspace(elsewhere),
        workspace(with_ids),
        workspace(LOWERCASE, keywords={"lowercase": ["must", "shall"]}),
    ):
        assert not [d for d in result.diagnostics if d.code == "lowercase-keywords"]


# -- workspaces without code or tests -----------------------------------------------------------

SPEC_ONLY = """
//- SPEC.md
- **R-1** It MUST work.
"""


def test_no_coverage_findings_without_code_or_test_files(workspace: Workspace) -> None:
    """DIAG-15: with no code file, no unimplemented-clause; with no test file, no untested-clause."""
    result = workspace(SPEC_ONLY)
    assert reported(result) == {}
    assert (result.summary.reads_code, result.summary.reads_tests) == (False, False)
    only_code = workspace(SPEC_ONLY + "//- pkg/a.py\ndef f():\n    pass\n")
    assert set(reported(only_code)) == {("unimplemented-clause", "R-1")}
    assert (only_code.summary.reads_code, only_code.summary.reads_tests) == (True, False)


def test_first_code_file_brings_coverage_findings_back() -> None:
    """DIAG-15: adding the first code file re-checks every clause (and removing it, again)."""
    ids = IdMatcher(DEFAULT_ID_PATTERN)
    spec = build_record("SPEC.md", "spec", "- **R-1** It MUST work.\n", ids)
    code = build_record("pkg/a.py", "code", "def f():\n    pass\n", ids)
    graph = TraceGraph()
    store = Diagnostics(TrineConfig().severity_of)
    store.rebuild(graph)
    store.update(graph, graph.update([spec]))
    assert not store.all()
    store.update(graph, graph.update([code]))
    assert [d.code for d in store.all()] == ["unimplemented-clause"]
    store.update(graph, graph.update((), removed=["pkg/a.py"]))
    assert not store.all()
