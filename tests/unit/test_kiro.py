"""The Kiro reader: requirements and criteria by position, citations, detection, discovery."""

from __future__ import annotations

import textwrap
from pathlib import Path

from trine.ide.hover import hover
from trine.ide.snapshot import Snapshot
from trine.parsers.facts import Clause, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.kiro import Kiro, citations, parse_kiro
from trine.parsers.specs import spec_format_for
from trine.parsers.text import Span
from workspaces import check_workspace, write_workspace

REQUIREMENTS = ".kiro/specs/core-runtime/requirements.md"
TASKS = ".kiro/specs/core-runtime/tasks.md"
DESIGN = ".kiro/specs/core-runtime/design.md"

SPEC = """\
    # Requirements Document

    ## Introduction

    The runtime loads plugins.

    ## Requirements

    ### Requirement 1: Plugin Setup Rollback

    **User Story:** As a developer, I want failed setups undone, so that state stays clean

    #### Acceptance Criteria

    1. WHEN a plugin setup throws, THE Core Runtime SHALL dispose the plugins set up before
    1. THE Core Runtime SHALL dispose them in reverse order
       - nested detail, not a criterion
    1. IF a dispose callback throws, THEN THE Core Runtime SHALL log it and continue

    ### Requirement 2

    **User Story:** As a plugin author, I want isolation

    #### Acceptance Criteria

    1. WHILE an event is emitted, THE Event Bus SHALL catch handler errors
    2. WHERE logging is enabled, THE Event Bus SHALL log the event name

    ## Out of Scope

    1. Hot reloading
    """


def parse(text: str, path: str = REQUIREMENTS) -> SpecParse:
    """Parse a dedented Kiro file with the default id pattern."""
    return parse_kiro(textwrap.dedent(text), path, IdMatcher())


def by_id(result: SpecParse) -> dict[str, Clause]:
    return {c.id: c for c in result.clauses}


def targets(result: SpecParse) -> list[str]:
    return [r.target for r in result.references]


# Layout and detection (FMT-20)


def test_kiro_files_are_told_apart_by_path_and_shape() -> None:
    """FMT-20: the three files of a `.kiro/specs/<name>/` folder are Kiro's; elsewhere a file
    with one of their names is Kiro's only when written as Kiro writes it."""
    kiro = spec_format_for(TASKS, "# Plan\n")
    assert kiro is not None and kiro.name == "kiro"
    assert spec_format_for("specs/auth/requirements.md", textwrap.dedent(SPEC)) is kiro
    assert spec_format_for("specs/auth/requirements.md", "# Needs\n\nMUST work.\n") is not kiro
    assert spec_format_for("docs/tasks.md", "- [ ] 1. x\n  - _Requirements: 1.2_\n") is kiro
    assert spec_format_for("requirements.md", textwrap.dedent(SPEC)) is not kiro
    assert spec_format_for(".kiro/specs/core/README.md", "# Notes\n") is not kiro


def test_spec_folder_is_the_scope() -> None:
    """FMT-20: the spec folder's name scopes and qualifies every clause of the file."""
    result = parse(SPEC)
    assert {c.scope for c in result.clauses} == {"core-runtime"}
    assert all(c.id.startswith("core-runtime/") for c in result.clauses)


def test_steering_and_notes_are_not_specs(tmp_path: Path) -> None:
    """FMT-20, FMT-25: with no configuration, only the three files of a spec folder are read;
    steering files, notes beside them and other hidden folders are not."""
    write_workspace(
        tmp_path,
        f"""
        //- {REQUIREMENTS}
        {textwrap.indent(textwrap.dedent(SPEC), "        ").strip()}
        //- .kiro/specs/core-runtime/README.md
        # Notes
        - **REQ-1** MUST not be read.
        //- .kiro/steering/tech.md
        # Tech
        - **REQ-2** MUST not be read.
        //- .hidden/specs/x/requirements.md
        ### Requirement 1: Hidden
        //- .kiro/hooks/hook.py
        def hook():
            pass
        """,
    )
    result = check_workspace(tmp_path)
    assert sorted(result.graph.records) == [REQUIREMENTS]
    assert "core-runtime/1.3" in result.graph.clauses


# Requirements and criteria (FMT-21, FMT-22)


def test_requirement_heading_declares_a_requirement() -> None:
    """FMT-21: `### Requirement N: Title` declares `<spec>/N` with its title and user story;
    a heading with no title is named after its number."""
    clauses = by_id(parse(SPEC))
    first = clauses["core-runtime/1"]
    assert (first.kind, first.title, first.explicit) == ("heading", "Plugin Setup Rollback", True)
    assert first.text.startswith("**User Story:** As a developer")
    assert (first.span.start_line, first.span.end_line) == (8, 17)
    assert clauses["core-runtime/2"].title == "Requirement 2"
    assert first.slug == "requirement-1-plugin-setup-rollback"


def test_criteria_are_numbered_by_position() -> None:
    """FMT-22: criteria are `<spec>/N.M` by position, also when every item is written `1.`;
    nested items are not criteria, and lists after the requirement's section are not either."""
    result = parse(SPEC)
    assert [c.id for c in result.clauses] == [
        "core-runtime/1",
        "core-runtime/1.1",
        "core-runtime/1.2",
        "core-runtime/1.3",
        "core-runtime/2",
        "core-runtime/2.1",
        "core-runtime/2.2",
    ]
    third = by_id(result)["core-runtime/1.3"]
    assert third.parent == "core-runtime/1"
    assert (
        third.text
        == "IF a dispose callback throws, THEN THE Core Runtime SHALL log it and continue"
    )
    assert third.keywords == ("SHALL",)
    assert third.name_span == Span(17, 0, 17, 2)
    assert by_id(result)["core-runtime/1.2"].span.end_line == 16


def test_criteria_without_their_heading_are_the_ordered_lists() -> None:
    """FMT-22: a requirement with no Acceptance Criteria heading takes its ordered lists."""
    result = parse(
        """\
        ### Requirement 10: Documentation

        #### Documentation Deliverables

        1. THE documentation SHALL include an API reference
        2. THE documentation SHALL include a migration guide
        """
    )
    assert [c.id for c in result.clauses] == [
        "core-runtime/10",
        "core-runtime/10.1",
        "core-runtime/10.2",
    ]


def test_interrupted_criteria_list_is_one_problem() -> None:
    """FMT-23: prose inside a criteria list is one problem at the prose; the criteria after it
    are indexed, numbered by position in the whole list."""
    result = parse(
        """\
        ### Requirement 3: Timeouts

        #### Acceptance Criteria

        1. WHEN an action runs too long, THE Action Engine SHALL stop it

        Note: the default timeout is 30 seconds.

        1. THE Action Engine SHALL reject the action's promise

        More prose.

        1. THE Action Engine SHALL log the timeout

        Closing words after the list are fine.
        """
    )
    assert [c.id for c in result.clauses][-3:] == [
        "core-runtime/3.1",
        "core-runtime/3.2",
        "core-runtime/3.3",
    ]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.span.start_line == 6
    assert "criterion 3.2" in problem.message


def test_code_blocks_declare_nothing() -> None:
    """FMT-21: a requirement heading inside a code block is not a requirement."""
    result = parse("```\n### Requirement 1: Example\n1. THE x SHALL y\n```\n")
    assert result.clauses == ()


# Citations (FMT-24)


def test_citation_forms() -> None:
    """FMT-24: the forms Kiro and its users write, each number one qualified target."""
    found = {
        line: [target for target, _, _ in citations(line, "s")]
        for line in (
            "**Validates: Requirements 2.1, 2.2**",
            "  - _Requirements: 6.1, 7.3_",
            "  - _Requirements: 8_",
            "**Requirements:** Req 1 AC1, AC6",
            "### Performance Requirements (Requirement 11)",
            "Requirements: 1.1 and 1.2; Requirement 3",
            "Requirements: 500ms at most",
            "_Requirements: Cross-browser_",
            "the requirements 2 and 3",
        )
    }
    assert found == {
        "**Validates: Requirements 2.1, 2.2**": ["s/2.1", "s/2.2"],
        "  - _Requirements: 6.1, 7.3_": ["s/6.1", "s/7.3"],
        "  - _Requirements: 8_": ["s/8"],
        "**Requirements:** Req 1 AC1, AC6": ["s/1.1", "s/1.6"],
        "### Performance Requirements (Requirement 11)": ["s/11"],
        "Requirements: 1.1 and 1.2; Requirement 3": ["s/1.1", "s/1.2", "s/3"],
        "Requirements: 500ms at most": [],
        "_Requirements: Cross-browser_": [],
        "the requirements 2 and 3": [],
    }


def test_tasks_and_design_reference_their_own_spec() -> None:
    """FMT-24: tasks and design properties cite criteria of their own folder, at the number's
    place; they declare no clauses, and code spans cite nothing."""
    tasks = parse(
        """\
        # Implementation Plan

        - [x] 1. Add error classes
          - _Requirements: 1.1, 2.2_
        - [ ]* 1.1 Write property test
          - **Property 1: Rollback** `Requirements: 9.9`
          - **Validates: Requirements 1.3**
        """,
        TASKS,
    )
    assert tasks.clauses == ()
    assert targets(tasks) == ["core-runtime/1.1", "core-runtime/2.2", "core-runtime/1.3"]
    assert tasks.references[0].span == Span(3, 19, 3, 22)
    design = parse("### Property 2\n\n**Validates: Requirements 2.1**\n", DESIGN)
    assert targets(design) == ["core-runtime/2.1"]


def test_requirement_headings_are_not_references_to_themselves() -> None:
    """FMT-24: a requirement's own heading declares it; prose naming another one cites it."""
    result = parse("### Requirement 1: A\n\nLike Requirement 2, this one...\n")
    assert targets(result) == ["core-runtime/2"]


def test_citations_resolve_in_a_workspace(tmp_path: Path) -> None:
    """FMT-24: a task's citation resolves to the criterion of its folder; a number the folder
    does not declare is an unknown reference at the task."""
    write_workspace(
        tmp_path,
        f"""
        //- {REQUIREMENTS}
        {textwrap.indent(textwrap.dedent(SPEC), "        ").strip()}
        //- {TASKS}
        - [ ] 1. Rollback
          - _Requirements: 1.2, 4.1_
        """,
    )
    result = check_workspace(tmp_path)
    mentions = result.graph.mentions_of["core-runtime/1.2"]
    assert [m.mention.path for m in mentions] == [TASKS]
    unknown = [d for d in result.diagnostics if d.code == "unknown-reference"]
    assert [(d.path, d.span.start_line) for d in unknown] == [(TASKS, 1)]
    assert "core-runtime/4.1" in unknown[0].message


def test_kiro_format_globs() -> None:
    """FMT-20: the default spec paths name the three files of every spec folder."""
    assert Kiro().spec_globs == (
        "**/.kiro/specs/*/requirements.md",
        "**/.kiro/specs/*/design.md",
        "**/.kiro/specs/*/tasks.md",
    )


# Code and tests (FMT-26)


def test_code_and_tests_name_criteria_by_qualified_id(tmp_path: Path) -> None:
    """FMT-26: a comment or docstring naming `<spec>/N.M` implements or verifies that
    criterion; fractions and paths with numbers name nothing."""
    write_workspace(
        tmp_path,
        f"""
        //- {REQUIREMENTS}
        {textwrap.indent(textwrap.dedent(SPEC), "        ").strip()}
        //- pkg/rollback.py
        # core-runtime/1.1: dispose what was set up, then core-runtime/1.
        def rollback():
            '''Half (1/2) of docs/core-runtime/1.2 is a path, not a citation.'''
        //- tests/test_rollback.py
        from pkg.rollback import rollback


        def test_rollback():
            '''core-runtime/1.1'''
        """,
    )
    graph = check_workspace(tmp_path).graph
    assert graph.implemented_by["core-runtime/1.1"] == ["pkg/rollback.py::rollback"]
    assert graph.implemented_by["core-runtime/1"] == ["pkg/rollback.py::rollback"]
    assert graph.tested_by["core-runtime/1.1"] == ["tests/test_rollback.py::test_rollback"]
    assert "core-runtime/1.2" not in graph.implemented_by
    assert [m.mention.target for m in graph.resolved if m.mention.path == "pkg/rollback.py"] == [
        "core-runtime/1.1",
        "core-runtime/1",
    ]


def test_hover_shows_criteria_from_the_tasks_and_the_code(tmp_path: Path) -> None:
    """FMT-24, FMT-26: hovering a task's citation or a code comment's qualified id shows the
    criterion's text; hovering the criterion's number shows what implements it."""
    write_workspace(
        tmp_path,
        f"""
        //- {REQUIREMENTS}
        {textwrap.indent(textwrap.dedent(SPEC), "        ").strip()}
        //- {TASKS}
        - [ ] 1. Rollback
          - _Requirements: 1.2_
        //- pkg/rollback.py
        # core-runtime/1.2: dispose in reverse order.
        def rollback():
            pass
        """,
    )
    result = check_workspace(tmp_path)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    for path, line, col in ((TASKS, 1, 20), ("pkg/rollback.py", 0, 5)):
        found = hover(snapshot, path, line, col)
        assert found is not None
        assert found.markdown.startswith("**core-runtime/1.2**")
        assert "THE Core Runtime SHALL dispose them in reverse order" in found.markdown
    found = hover(snapshot, REQUIREMENTS, 15, 0)
    assert found is not None and "Implemented by [`rollback`]" in found.markdown
