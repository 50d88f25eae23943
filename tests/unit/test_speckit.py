"""The spec-kit reader: which files it claims, its clauses, their scope and needs, and markers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from trine.parsers.facts import Clause, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.speckit import SPEC_KIT, feature_of
from trine.parsers.specs import spec_format_for
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]
PATH = "specs/001-photo-albums/spec.md"

SPEC = """\
# Feature Specification: Photo Albums

**Feature Branch**: `001-photo-albums`
**Status**: Draft

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Create an album (Priority: P1)

A user groups photos into an album.

**Acceptance Scenarios**:

1. **Given** no albums, **When** the user creates "Trip", **Then** "Trip" is listed.
2. **Given** an album, **When** the user renames it, **Then** the new name is shown.

---

### User Story 2 -- Share an album (Priority: P2)

1. **Given** an album, **When** the user shares it, **Then** a link is copied.

### Edge Cases

- What happens when two albums have the same name?
- An empty album MUST still be listed.

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST let users create albums (see FR-002a).
- **FR-002a**: System MUST sort albums by date,
  newest first.

**FR-005**: System MUST keep albums private by default.

- **FR-003**: System MUST authenticate users via [NEEDS CLARIFICATION: which method?]
- ~~**FR-004**: System MUST [NEEDS CLARIFICATION: dropped?]~~

### Key Entities

- **Album**: a named group of photos.

## Success Criteria *(mandatory)*

- **SC-001**: Users create an album in under 30 seconds.

## Verification

- **FR-001** (albums): verified by the album tests.

## Review Checklist

- [ ] No [NEEDS CLARIFICATION] markers remain

```text
[NEEDS CLARIFICATION: inside code]
```
"""


def parse(text: str = SPEC, path: str = PATH) -> SpecParse:
    return SPEC_KIT.parse(path, textwrap.dedent(text), IdMatcher())


def by_local(result: SpecParse) -> dict[str, Clause]:
    """The explicit clauses by their local id (the part after the scope)."""
    return {c.id.removeprefix(f"{c.scope}/"): c for c in result.clauses if c.explicit}


def test_feature_files_are_spec_kit_without_specify_folder() -> None:
    """FMT-1: a feature folder's spec.md in spec-kit's shape and its other files (notes
    included) are spec-kit, in numbered, timestamped and archived folders, with no `.specify/`."""
    for path in (
        PATH,
        "specs/20260412-103000-albums/spec.md",
        "specs/_archive_/005-morph-system/spec.md",
        "specs/001-photo-albums/tasks.md",
        "specs/001-photo-albums/contracts/api.md",
        "specs/001-photo-albums/checklists/requirements.md",
        "specs/003-fresh-review/REVIEW.md",
    ):
        assert spec_format_for(path, SPEC) is SPEC_KIT, path
    assert feature_of("specs/_archive2_/005-morph-system/plan.md") == (
        "005-morph-system",
        "plan.md",
    )


def test_other_markdown_is_not_spec_kit() -> None:
    """FMT-1: a spec.md without spec-kit's shape and files outside feature folders are left to
    plain Markdown."""
    assert spec_format_for(PATH, "# Notes\n\n- **REQ-1** x\n").name == "markdown"  # type: ignore[union-attr]
    for path in ("specs/albums/spec.md", "docs/spec/core.md", "specs/001.md", "specs/01-x/a.md"):
        assert spec_format_for(path, SPEC).name == "markdown", path  # type: ignore[union-attr]


def test_requirements_are_scoped_by_the_feature_folder() -> None:
    """FMT-2: `**FR-001**` bullets and paragraphs, letter suffixes included, are clauses named
    `<folder>/<id>` with the folder as scope; the text after the id is the clause's text."""
    clauses = by_local(parse())
    fr = clauses["FR-002a"]
    assert fr.id == "001-photo-albums/FR-002a"
    assert fr.scope == "001-photo-albums"
    assert fr.text == "System MUST sort albums by date,\nnewest first."
    assert fr.keywords == ("MUST",)
    assert (fr.span.start_line, fr.span.end_line) == (32, 33)
    assert fr.id_span is not None and (fr.id_span.start_col, fr.id_span.end_col) == (4, 11)
    assert fr.parent is not None and fr.parent.endswith("#functional-requirements")
    assert clauses["FR-005"].kind == "paragraph"


def test_a_restated_id_is_a_reference() -> None:
    """FMT-2: a bullet restating a declared id in a verification section is a reference to it,
    not a second declaration."""
    result = parse()
    assert [c.span.start_line for c in result.clauses if c.id.endswith("/FR-001")] == [31]
    [restated] = [r for r in result.references if r.span.start_line > 31 and r.target == "FR-001"]
    assert restated.span.start_col == 4


def test_key_entities_struck_ids_and_headings_are_not_requirements() -> None:
    """FMT-2: Key Entity bullets and struck-out requirements are not clauses; headings are
    sections that need nothing."""
    result = parse()
    locals_ = set(by_local(result))
    assert "FR-004" not in locals_ and not any("Album" in c.id for c in result.clauses)
    assert all(c.needs == frozenset() for c in result.clauses if c.kind == "heading")


def test_user_stories_and_scenarios() -> None:
    """FMT-3, FMT-4: a user story is `US<N>` (also with `--`, or in Chinese) and needs nothing; its
    k-th numbered Given/When/Then item is `US<N>.<k>`, a child that needs a test."""
    clauses = by_local(parse())
    assert clauses["US1"].kind == "heading" and clauses["US1"].needs == frozenset()
    assert clauses["US1"].text.startswith("A user groups photos")
    assert clauses["US2"].title.startswith("User Story 2 -- Share")
    scenario = clauses["US1.2"]
    assert scenario.parent == "001-photo-albums/US1"
    assert scenario.needs == {"test"}
    assert scenario.text.startswith("**Given** an album, **When** the user renames it")
    assert "US2.1" in clauses and "US1.3" not in clauses
    chinese = "### 用户故事 3 — 浏览\uff08P1\uff09\n\n1. **Given** a, **When** b, **Then** c\n"
    assert [c.id for c in SPEC_KIT.parse(PATH, chinese, IdMatcher()).clauses] == [
        "001-photo-albums/US3",
        "001-photo-albums/US3.1",
    ]


def test_edge_cases_need_a_test() -> None:
    """FMT-5: each Edge Cases item is `EC<k>` in order, needing a test."""
    clauses = by_local(parse())
    assert clauses["EC1"].title == "What happens when two albums have the same name?"
    assert clauses["EC2"].needs == {"test"}


def test_what_each_clause_needs() -> None:
    """FMT-7: requirements need code and a test, success criteria only a test."""
    clauses = by_local(parse())
    assert clauses["FR-001"].needs == {"code", "test"}
    assert clauses["SC-001"].needs == {"test"}


def test_clarification_markers() -> None:
    """FMT-6: `[NEEDS CLARIFICATION: …]` markers are reported where they stand; not the
    checklist's bare mention, not struck-out text, not code."""
    result = parse()
    [marker] = [p for p in result.problems if p.rule == "needs-clarification"]
    assert marker.message == "needs clarification: which method?"
    assert (marker.span.start_line, marker.span.start_col) == (37, 49)


def test_other_feature_files_declare_no_requirements() -> None:
    """FMT-8: a plan or task list declares no requirement: its headings are sections that need
    nothing, and the ids it mentions, also at the start of an item, are references."""
    plan = (
        "# Plan\n\n[Setup](#setup)\n\n## Setup\n\nThe service MUST start.\n\n"
        "- **FR-001**: restated, see FR-002\n"
    )
    result = parse(plan, "specs/001-photo-albums/plan.md")
    assert [c.id for c in result.clauses] == [
        "specs/001-photo-albums/plan.md#plan",
        "specs/001-photo-albums/plan.md#setup",
    ]
    assert all(c.needs == frozenset() and c.scope == "001-photo-albums" for c in result.clauses)
    assert [r.target for r in result.references] == ["#setup", "FR-001", "FR-002"]


def test_two_headings_with_one_id_are_two_sections() -> None:
    """FMT-8: a task list with two `### T-221` headings has two sections, each its own anchor,
    never one id declared twice."""
    tasks = "# Tasks\n\n### T-221\n\nFirst.\n\n### T-221\n\nAgain.\n"
    result = parse(tasks, "specs/002-phase-ii/tasks.md")
    assert [c.id for c in result.clauses] == [
        "specs/002-phase-ii/tasks.md#tasks",
        "specs/002-phase-ii/tasks.md#t-221",
        "specs/002-phase-ii/tasks.md#t-221-1",
    ]


def test_spec_kit_workspace_check(workspace: Workspace) -> None:
    """FMT-6, FMT-7: in a checked workspace a scenario with no test is untested but never
    unimplemented, a marker is information, and per-feature numbering is no duplicate."""
    other = SPEC.replace("001-photo-albums", "002-sharing")
    # The workspace has code and tests, none of them for these clauses (DIAG-15), and the
    # features are started: a task of each is done (FMT-130).
    others = "//- src/other.py\ndef other():\n    pass\n//- tests/test_other.py\ndef test_other():\n    pass\n"
    started = "- [x] T001 Set up the project\n"
    result = workspace(
        f"//- specs/001-photo-albums/spec.md\n{SPEC}\n//- specs/002-sharing/spec.md\n{other}\n"
        f"//- specs/001-photo-albums/tasks.md\n{started}//- specs/002-sharing/tasks.md\n{started}"
        + others
    )
    codes = [(d.code, d.message.split(" ", 1)[0]) for d in result.diagnostics]
    assert ("untested-clause", "001-photo-albums/US1.1") in codes
    assert ("unimplemented-clause", "001-photo-albums/US1.1") not in codes
    assert ("unimplemented-clause", "001-photo-albums/SC-001") not in codes
    assert ("unimplemented-clause", "001-photo-albums/FR-001") in codes
    assert not [d for d in result.diagnostics if d.code == "duplicate-clause"]
    info = [d for d in result.diagnostics if d.code == "needs-clarification"]
    assert [d.severity for d in info] == ["info", "info"]


def test_a_feature_not_started_is_not_judged(workspace: Workspace) -> None:
    """FMT-130: a feature with no task done and no clause cited is a plan: its clauses get no
    coverage findings until a task of it is checked or code cites one of them."""
    others = "//- src/other.py\ndef other():\n    pass\n//- tests/test_other.py\ndef test_other():\n    pass\n"
    plan = f"//- specs/001-photo-albums/spec.md\n{SPEC}\n" + others
    coverage = ("unimplemented-clause", "untested-clause")
    result = workspace(plan + "//- specs/001-photo-albums/tasks.md\n- [ ] T001 Set up\n")
    assert not [d for d in result.diagnostics if d.code in coverage]
    assert result.graph.unstarted() == ["001-photo-albums"]
    started = workspace(plan + "//- specs/001-photo-albums/tasks.md\n- [x] T001 Set up\n")
    assert ("unimplemented-clause", "001-photo-albums/FR-001") in [
        (d.code, d.message.split(" ", 1)[0]) for d in started.diagnostics
    ]
    assert started.graph.unstarted() == []


def test_a_module_naming_its_spec_path_belongs_to_that_feature(workspace: Workspace) -> None:
    """CL-32: a module docstring that names `specs/001-photo-albums/spec.md` resolves its bare
    ids in that feature, where two features declare them; one naming two features, in none."""
    other = SPEC.replace("001-photo-albums", "002-sharing")
    code = (
        '//- src/albums.py\n"""Albums.\n\nSpec: specs/001-photo-albums/spec.md (FR-001)\n"""\n\n\n'
        'def store():\n    """FR-001: keep the album."""\n'
        '//- src/both.py\n"""See specs/001-photo-albums/ and specs/002-sharing/."""\n\n\n'
        'def share():\n    """FR-001"""\n'
    )
    result = workspace(
        f"//- specs/001-photo-albums/spec.md\n{SPEC}\n//- specs/002-sharing/spec.md\n{other}\n"
        + code
    )
    assert result.graph.clauses_of_symbol("src/albums.py::store") == ["001-photo-albums/FR-001"]
    ambiguous = [d.path for d in result.diagnostics if d.code == "ambiguous-reference"]
    assert "src/both.py" in ambiguous and "src/albums.py" not in ambiguous
