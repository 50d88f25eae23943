"""Kiro-style citations in code and tests: `Validates: Requirements 1.2`, `Requirement 7`,
`Property 3` under `Feature: <spec>`, and the spec folder each names."""

from __future__ import annotations

import textwrap
from pathlib import Path

from test_ide import apply, disk

from trine.analysis.diagnose import Diagnostics, diagnose
from trine.analysis.findings import Diagnostic
from trine.analysis.fixes import FixContext
from trine.analysis.rules.ambiguous_reference import fix
from trine.config import TrineConfig
from trine.ide.hover import hover
from trine.ide.snapshot import Snapshot
from trine.index.build import build_record
from trine.index.graph import TraceGraph
from trine.parsers.ids import IdMatcher
from trine.parsers.kiro import code_citations, parse_kiro
from workspaces import STORE, check_workspace, fixture_records, write_workspace

ROLLBACK = """
//- .kiro/specs/rollback/requirements.md
# Requirements Document

### Requirement 1: Plugin Setup Rollback

#### Acceptance Criteria

1. WHEN a plugin setup throws, THE Core Runtime SHALL dispose the plugins set up before
1. THE Core Runtime SHALL dispose them in reverse order

### Requirement 2: Logging

#### Acceptance Criteria

1. THE Core Runtime SHALL log each dispose
//- .kiro/specs/rollback/design.md
# Design

## Correctness Properties

### Property 1: Reverse disposal

*For any* set of plugins, disposal runs in reverse order.

**Validates: Requirements 1.1, 1.2**

### Property 2: Nothing validated

## Error Handling

**Validates: Requirements 2.1**
//- .kiro/specs/events/requirements.md
# Requirements Document

### Requirement 1: Isolation

#### Acceptance Criteria

1. WHILE an event is emitted, THE Event Bus SHALL catch handler errors
"""


def targets(text: str, feature: str | None = None) -> list[tuple[str, str]]:
    """Each citation of a comment or docstring text, with the text that names it."""
    return [(c.target, text[c.start : c.end]) for c in code_citations(text, feature)]


def graph_of(fixture: str) -> TraceGraph:
    return TraceGraph(fixture_records(fixture))


def resolved(graph: TraceGraph, path: str) -> list[tuple[str, str | None]]:
    return [(r.mention.target, r.clause) for r in graph.resolved_in.get(path, ())]


def findings(graph: TraceGraph, *codes: str) -> list[Diagnostic]:
    return [d for d in diagnose(graph, TrineConfig().severity_of) if d.code in codes]


# The forms read, and prose left alone (FMT-30, FMT-34)


def test_kiro_citation_forms_are_read_in_comments_and_docstrings() -> None:
    """FMT-30: `Validates: Requirements`, `Requirements:`, `Requirement`, `_Requirements:_`
    and lists joined by `and` cite each number they hold."""
    assert targets("**Validates: Requirements 10.1, 10.2**") == [("10.1", "10.1"), ("10.2", "10.2")]
    assert targets("Implements Requirements: 7.1") == [("7.1", "7.1")]
    assert targets("(Requirement 17.1: render in a second)") == [("17.1", "17.1")]
    assert targets("_Requirements: 1.2_") == [("1.2", "1.2")]
    assert targets("validates Requirements 12, 13, and 14") == [
        ("12", "12"),
        ("13", "13"),
        ("14", "14"),
    ]


def test_numbers_in_ordinary_prose_are_not_citations() -> None:
    """FMT-30: without the word `Requirement(s)` right before them, numbers are prose: a
    duration, a version, a file name, `Req 2`, `Validates 3 fields`."""
    prose = (
        "requires 2.5 seconds; needs Python 3.8.1; see Requirements.txt; Req 2 failed;"
        " Validates 3 fields; Requirement 3.8.1 of the vendor; Requirements: none"
    )
    assert targets(prose) == []


def test_ranges_cite_every_number_in_them() -> None:
    """FMT-34: `1.1-1.3`, an en dash and `3-5` cite each number; a range across requirements or
    a reversed one cites its ends."""
    assert [t for t, _ in targets("Requirements 1.1-1.3")] == ["1.1", "1.2", "1.3"]
    assert [t for t, _ in targets("Requirement 1.1\u20131.2, 3-5")] == ["1.1", "1.2", "3", "4", "5"]
    assert [t for t, _ in targets("Requirements 1.1-2.3; Requirement 4.2-4.1")] == [
        "1.1",
        "2.3",
        "4.2",
        "4.1",
    ]
    tasks = parse_kiro(
        "- [ ] 1. x\n  - _Requirements: 2.1-2.3_\n", ".kiro/specs/s/tasks.md", IdMatcher()
    )
    assert [r.target for r in tasks.references] == ["s/2.1", "s/2.2", "s/2.3"]


# The spec a citation names (FMT-31)


def test_a_feature_line_in_the_same_text_names_the_spec() -> None:
    """FMT-31: the `Feature:` before a citation in the same text names its spec folder, else
    the first one after it; `Property N` is read only where a spec is named."""
    text = "**Feature: mandi, Property 17: Export**\n**Validates: Requirements 4.4**"
    assert targets(text) == [("mandi/Property 17", "Property 17"), ("mandi/4.4", "4.4")]
    assert targets("Requirement 2.1 of Feature: core") == [("core/2.1", "2.1")]
    assert targets("Property 3 covers it; Requirement 2") == [("2", "2")]
    assert targets("Property 3 covers it", feature="core") == [("core/Property 3", "Property 3")]


def test_comment_lines_around_a_feature_line_name_its_spec() -> None:
    """FMT-31: consecutive comment lines are one block, whatever the language gives as a
    comment: the `Feature:` on one of them names the spec of the citations on the others."""
    source = textwrap.dedent(
        """\
        # Feature: rollback
        # Property 1: reverse disposal
        def test_reverse():
            pass


        # Property 1: a blank line ends the block
        def test_other():
            pass
        """
    )
    record = build_record("tests/test_r.py", "test", source, IdMatcher())
    assert [(m.kind, m.target, m.owners) for m in record.mentions] == [
        ("citation", "rollback/Property 1", ("tests/test_r.py::test_reverse",))
    ]


def test_the_spec_named_in_the_docstring_decides() -> None:
    """FMT-31: `Feature: events` in a test's docstring sends its bare `1.1` to events, although
    rollback declares 1.1 too; a function's docstring does the same in code."""
    graph = graph_of(
        ROLLBACK
        + '//- tests/test_bus.py\ndef test_isolation():\n    """Feature: events\n\n'
        + '    Validates: Requirements 1.1\n    """\n'
        + '//- src/bus.py\ndef emit():\n    """Feature: events. Requirement 1.1"""\n'
    )
    assert graph.tested_by["events/1.1"] == ["tests/test_bus.py::test_isolation"]
    assert graph.implemented_by["events/1.1"] == ["src/bus.py::emit"]
    assert "rollback/1.1" not in graph.tested_by


def test_the_file_feature_names_the_spec_of_its_other_docstrings() -> None:
    """FMT-31, CL-12: a file whose docstrings name one spec, in code as in tests, belongs to it:
    its other citations resolve there."""
    graph = graph_of(
        ROLLBACK
        + '//- src/bus.py\n"""Feature: events"""\n\n\ndef emit():\n    # Requirement 1.1\n'
        + "    return 1\n"
    )
    assert resolved(graph, "src/bus.py") == [("1.1", "events/1.1")]
    assert graph.implemented_by["events/1.1"] == ["src/bus.py::emit"]


def test_a_number_one_spec_declares_resolves_there() -> None:
    """FMT-31: with no `Feature:`, a number only one Kiro spec folder declares names its clause."""
    graph = graph_of(ROLLBACK + '//- src/log.py\ndef log():\n    """Requirement 2.1"""\n')
    assert graph.implemented_by["rollback/2.1"] == ["src/log.py::log"]
    assert findings(graph, "ambiguous-reference", "unknown-reference") == []


def test_a_number_several_specs_declare_is_ambiguous() -> None:
    """FMT-31: declared by several spec folders and decided by nothing, a citation is an
    ambiguous-reference (a warning) naming the candidates, the qualified forms and the
    `Feature:` line that decides; its quick fix writes a qualified id that then resolves."""
    graph = graph_of(ROLLBACK + '//- src/a.py\ndef setup():\n    """Requirement 1.1"""\n')
    [found] = findings(graph, "ambiguous-reference")
    assert found.severity == "warning"
    assert found.message == (
        "1.1 is declared in 2 scopes: events/1.1 (.kiro/specs/events/requirements.md),"
        " rollback/1.1 (.kiro/specs/rollback/requirements.md); write the one meant as events/1.1"
        " or rollback/1.1, or name the spec in this docstring or comment (Feature: events)"
    )
    assert "src/a.py::setup" not in graph.implemented_by.get("events/1.1", [])
    fixed = graph_of(ROLLBACK + '//- src/a.py\ndef setup():\n    """Requirement rollback/1.1"""\n')
    assert fixed.implemented_by["rollback/1.1"] == ["src/a.py::setup"]


def test_ambiguous_numbers_on_one_line_are_one_finding(tmp_path: Path) -> None:
    """DIAG-29: `Requirements 1.1, 1.2` in two spec folders is one finding naming both, and
    its quick fix per scope qualifies both, after which they resolve."""
    alerts = (
        "//- .kiro/specs/alerts/requirements.md\n### Requirement 1: Alerts\n\n"
        "#### Acceptance Criteria\n\n1. THE Bus SHALL alert\n2. THE Bus SHALL retry\n"
    )
    text = 'def setup():\n    """Requirements 1.1, 1.2"""\n'
    graph = graph_of(ROLLBACK + alerts + f"//- src/a.py\n{text}")
    [found] = findings(graph, "ambiguous-reference")
    assert found.message == (
        "1.1 and 1.2 are each declared in alerts, rollback; write the ones meant qualified"
        " (alerts/1.1), or name the spec in this docstring or comment (Feature: alerts)"
    )
    actions = fix(found, FixContext(graph, tmp_path, disk(tmp_path)))
    titles = ["Qualify them all as alerts/…", "Qualify them all as rollback/…"]
    assert [a.title for a in actions] == titles
    edited = apply(text, actions[1].edits[0].edits)
    assert edited == 'def setup():\n    """Requirements rollback/1.1, rollback/1.2"""\n'
    fixed = graph_of(ROLLBACK + alerts + f"//- src/a.py\n{edited}")
    assert fixed.implemented_by["rollback/1.2"] == ["src/a.py::setup"]


def test_a_feature_naming_a_spec_without_the_number_is_an_unknown_reference() -> None:
    """FMT-31: `Feature: rollback` with a number rollback does not declare is an error, as any
    id code names that does not exist."""
    graph = graph_of(
        ROLLBACK
        + '//- tests/test_r.py\ndef test_x():\n    """Feature: rollback. Requirement 7.1"""\n'
    )
    [found] = findings(graph, "unknown-reference")
    assert (found.severity, found.message) == (
        "error",
        "rollback/7.1 is not declared in the spec: fix the reference, or declare rollback/7.1"
        " in the spec",
    )


# Only where there are Kiro specs (FMT-32)


NOISE = '''
//- pkg/extra.py
def load():
    """Requirement 3: the vendor's. Validates: Requirements 1.2, 4.4 (see Requirement 17.1)."""
    # Requirements: 2.1
    return 1
//- tests/test_extra.py
def test_load():
    """Feature: 001-core, Property 2. Validates: Requirements 1.1"""
'''


def test_a_workspace_without_kiro_specs_stays_quiet(tmp_path: Path) -> None:
    """FMT-32: with no Kiro spec, citations name nothing and add no diagnostic, also where a
    `Feature:` names a spec-kit feature folder."""
    quiet = tmp_path / "quiet"
    write_workspace(quiet, STORE)
    noisy = tmp_path / "noisy"
    write_workspace(noisy, STORE + NOISE)
    write_workspace(
        noisy, "//- specs/001-core/spec.md\n# Core\n\n- **FR-001**: System MUST load.\n"
    )
    write_workspace(
        quiet, "//- specs/001-core/spec.md\n# Core\n\n- **FR-001**: System MUST load.\n"
    )
    before = check_workspace(quiet)
    after = check_workspace(noisy)
    codes = {"unknown-reference", "ambiguous-reference"}
    assert [d for d in after.diagnostics if d.code in codes] == []
    assert after.graph.links == before.graph.links
    assert after.summary.errors == before.summary.errors


def test_a_number_no_spec_folder_declares_names_nothing() -> None:
    """FMT-32: in a Kiro workspace, a bare number no spec folder declares is no diagnostic."""
    graph = graph_of(ROLLBACK + '//- src/a.py\ndef f():\n    """Requirement 9.9"""\n')
    assert resolved(graph, "src/a.py") == [("9.9", None)]
    assert findings(graph, "unknown-reference", "ambiguous-reference") == []


# Design properties (FMT-33)


def test_design_properties_validate_the_criteria_of_their_section() -> None:
    """FMT-33: a design's `### Property N:` (or bold, or plain `Property N:` line) holds the
    criteria its `Validates:` lines cite, up to the next property or heading; a number written
    twice is one property."""
    records = fixture_records(ROLLBACK)
    design = records[".kiro/specs/rollback/design.md"]
    assert [(p.id, p.validates) for p in design.properties] == [
        ("rollback/Property 1", ("rollback/1.1", "rollback/1.2")),
        ("rollback/Property 2", ()),
    ]
    bold = parse_kiro(
        "**Property 4: Bold**\n*For any* x\n**Validates: Requirements 3.1**\n",
        ".kiro/specs/s/design.md",
        IdMatcher(),
    )
    assert [(p.id, p.validates) for p in bold.properties] == [("s/Property 4", ("s/3.1",))]
    twice = parse_kiro(
        "Property 1: Plain\n**Validates: Requirements 1.1**\n\nProperty 1 and 2 overlap.\n"
        "**Validates: Requirements 2.1**\n\n### Property 1: Again\nValidates: Requirements 3\n",
        ".kiro/specs/s/design.md",
        IdMatcher(),
    )
    assert [(p.id, p.validates) for p in twice.properties] == [
        ("s/Property 1", ("s/1.1", "s/2.1", "s/3"))
    ]


def test_a_property_citation_links_the_criteria_it_validates() -> None:
    """FMT-33: a test naming `Feature: rollback, Property 1` verifies criteria 1.1 and 1.2; a
    property that validates nothing, or that the design lacks, names nothing and is no error."""
    graph = graph_of(
        ROLLBACK
        + "//- tests/test_r.py\n"
        + 'def test_reverse():\n    """Feature: rollback, Property 1: Reverse disposal"""\n\n\n'
        + 'def test_none():\n    """Feature: rollback, Property 2; Property 9"""\n'
    )
    assert graph.tested_by["rollback/1.1"] == ["tests/test_r.py::test_reverse"]
    assert graph.tested_by["rollback/1.2"] == ["tests/test_r.py::test_reverse"]
    assert "tests/test_r.py::test_none" not in {
        t for c in graph.tested_by for t in graph.tested_by[c]
    }
    assert findings(graph, "unknown-reference", "ambiguous-reference") == []


def test_editing_a_property_relinks_the_tests_that_cite_it() -> None:
    """FMT-33, IDX-1: when a design property's `Validates:` line changes, the tests citing the
    property follow it."""
    records = fixture_records(
        ROLLBACK
        + '//- tests/test_r.py\ndef test_reverse():\n    """Feature: rollback, Property 1"""\n'
    )
    graph = TraceGraph(records)
    path = ".kiro/specs/rollback/design.md"
    text = "### Property 1: Reverse\n\n**Validates: Requirements 2.1**\n"
    change = graph.update([build_record(path, "spec", text, IdMatcher())])
    assert "tests/test_r.py" in change.paths
    assert graph.tested_by["rollback/2.1"] == ["tests/test_r.py::test_reverse"]
    assert "rollback/1.1" not in graph.tested_by


def test_citations_follow_the_kiro_specs_that_appear_later() -> None:
    """FMT-32, FMT-33, IDX-1: code citing `Requirement 2.1` links once a Kiro spec declares it,
    a test citing a property once the criterion it validates appears, and both unlink when the
    spec goes."""
    records = fixture_records(
        ROLLBACK
        + '//- src/log.py\ndef log():\n    """Requirement 2.1"""\n'
        + '//- tests/test_r.py\ndef test_reverse():\n    """Feature: rollback, Property 1"""\n'
    )
    requirements = records.pop(".kiro/specs/rollback/requirements.md")
    graph = TraceGraph(records)
    assert graph.links == []
    graph.update([requirements])
    assert graph.implemented_by["rollback/2.1"] == ["src/log.py::log"]
    assert graph.tested_by["rollback/1.2"] == ["tests/test_r.py::test_reverse"]
    shorter = "### Requirement 1: Rollback\n\n#### Acceptance Criteria\n\n1. THE x SHALL y\n"
    graph.update([build_record(requirements.path, "spec", shorter, IdMatcher())])
    assert "rollback/1.2" not in graph.tested_by
    graph.update([requirements])
    assert graph.tested_by["rollback/1.2"] == ["tests/test_r.py::test_reverse"]
    graph.update(removed=[requirements.path])
    assert graph.links == []


def test_hovering_a_property_citation_lists_the_criteria_it_names(tmp_path: Path) -> None:
    """FMT-33: the hover of `Property 1` lists each criterion the property validates, where it
    is declared; a citation naming one clause shows that clause."""
    graph = graph_of(
        ROLLBACK
        + '//- tests/test_r.py\ndef test_reverse():\n    """Feature: rollback, Property 1. Requirement 2.1"""\n'
    )
    diagnostics = Diagnostics(TrineConfig().severity_of)
    diagnostics.rebuild(graph)
    snapshot = Snapshot(graph, diagnostics, tmp_path)
    found = hover(snapshot, "tests/test_r.py", 1, 30)
    assert found is not None
    requirements = (tmp_path / ".kiro/specs/rollback/requirements.md").as_uri()
    assert found.markdown == (
        "`rollback/Property 1` names 2 clauses:\n\n"
        "- **rollback/1.1** WHEN a plugin setup throws, THE Core Runtime SHALL dispose the"
        f" plugins… ([.kiro/specs/rollback/requirements.md:7]({requirements}#L7))\n"
        "- **rollback/1.2** THE Core Runtime SHALL dispose them in reverse order"
        f" ([.kiro/specs/rollback/requirements.md:8]({requirements}#L8))"
    )
    single = hover(snapshot, "tests/test_r.py", 1, 51)
    assert single is not None and single.markdown.startswith("**rollback/2.1**")
