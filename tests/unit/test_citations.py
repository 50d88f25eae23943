"""Ids a spec or code cites rather than declares or claims: links to records, restatements,
reference-only prefixes, ids of another shape and mentions that contrast."""

from __future__ import annotations

from collections.abc import Callable

from trine.project import CheckResult

Workspace = Callable[..., CheckResult]


def codes(result: CheckResult, code: str) -> list[tuple[str, int, str]]:
    """Where a rule fired: path, 1-based line and the reference or clause it names."""
    return sorted(
        (d.path, d.span.start_line + 1, str(d.data.get("target") or d.data.get("clause")))
        for d in result.diagnostics
        if d.code == code
    )


DECISIONS = """
//- docs/spec/store.md
# Store

- **STORE-1** Writes MUST be durable.
- [ADR-006: Use SQLite](../adr/006.md) for the index.
- **[STORE-9: the old queue](../adr/009.md)** is gone.
- ADR-014 chose the write-ahead log.
- GH-12: the bug this fixes.
//- pkg/store.py
def write():
    '''STORE-1: written as ADR-014 and ADR-015 decided (GH-12, GH-99).'''
"""


def test_items_that_link_or_cite_declare_nothing(workspace: Workspace) -> None:
    """CL-25, CL-27, DIAG-20: list items that open with a link or a reference-only id declare no
    clause, so the ADR and issue ids in code are plain citations, never unknown references."""
    result = workspace(DECISIONS)
    assert sorted(c for c in result.graph.clauses if "#" not in c) == ["STORE-1"]
    assert codes(result, "unknown-reference") == [("docs/spec/store.md", 5, "STORE-9")]
    assert codes(result, "duplicate-clause") == []


def test_reference_prefixes_are_configurable(workspace: Workspace) -> None:
    """CL-27: a project that tracks its issues as `BUG-…` and declares `ADR-…` items sets
    `reference_prefixes`; then ADR items declare and an undeclared ADR id is reported."""
    result = workspace(DECISIONS, reference_prefixes=["GH"])
    declared = sorted(c for c in result.graph.clauses if "#" not in c)
    assert declared == ["ADR-014", "STORE-1"]
    assert codes(result, "unknown-reference") == [
        ("docs/spec/store.md", 4, "ADR-006"),
        ("docs/spec/store.md", 5, "STORE-9"),
        ("pkg/store.py", 2, "ADR-015"),
    ]


def test_items_restating_another_files_heading_are_no_duplicates(workspace: Workspace) -> None:
    """CL-26, DIAG-21: a design page listing `- FR-003: …` restates the requirement a heading of
    another file declares, even when its path sorts first; a heading in both stays a duplicate."""
    result = workspace(
        """
        //- docs/spec/a-design.md
        # Design

        - FR-003: handled by the parser module.
        - FR-004: the report lists each finding.
        //- docs/spec/requirements.md
        # Requirements

        ### FR-003: Parse input

        The tool MUST parse its input.

        ### FR-004: Report

        The tool MUST report.
        //- docs/spec/z-notes.md
        # Notes

        ## FR-004: Something else
        """
    )
    assert result.graph.clauses["FR-003"].path == "docs/spec/requirements.md"
    assert result.graph.clauses["FR-003"].kind == "heading"
    assert codes(result, "duplicate-clause") == [("docs/spec/z-notes.md", 3, "FR-004")]


SHAPES = """
//- docs/spec/security.md
# Security

- **SEC-01-001** Tokens MUST expire.
- **SEC-01-002** Keys MUST rotate.
- **FR-7** Logs MUST be kept.
- **CORE-US-BTRFS** Boot MUST work from btrfs.
//- pkg/auth.py
def expire():
    '''SEC-01-001: expire tokens; the fix for SEC-5 and SEC-12 (bug nicknames), SEC-01-0001.'''


def rotate():
    '''SEC-01-009, SEC-1-9 and SEC-02-001: typos of declared ids.'''


def log():
    '''FR-7 since 2024; FR-2024 is a year, FR-12 a typo; CORE-US-ZFS is no story yet.'''
"""


# Ids of numbered parts (`SEC-01-001`), as a project's own `id_pattern` reads them.
NUMBERED_PARTS = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+|[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*){2,}"


def test_only_tokens_of_a_declared_shape_are_unknown(workspace: Workspace) -> None:
    """DIAG-18, DIAG-19: `SEC-5` has not the shape of `SEC-01-001`, nor `SEC-01-0001` (wider
    than its padding) and `FR-2024` not that of `FR-7`, so they are text; `SEC-01-009`,
    `SEC-1-9` (unpadded), `FR-12` and the word id `CORE-US-ZFS` are reported."""
    result = workspace(SHAPES, id_pattern=NUMBERED_PARTS)
    assert codes(result, "unknown-reference") == [
        ("pkg/auth.py", 6, "SEC-01-009"),
        ("pkg/auth.py", 6, "SEC-02-001"),
        ("pkg/auth.py", 6, "SEC-1-9"),
        ("pkg/auth.py", 10, "CORE-US-ZFS"),
        ("pkg/auth.py", 10, "FR-12"),
    ]


def test_a_new_declaration_of_the_shape_makes_a_token_unknown(workspace: Workspace) -> None:
    """DIAG-18: once the spec declares a two-part `SEC-9`, an undeclared `SEC-5` is a typo."""
    more = "//- docs/spec/more.md\n# More\n\n- **SEC-9** Audit MUST run.\n"
    result = workspace(SHAPES + more, id_pattern=NUMBERED_PARTS)
    assert ("pkg/auth.py", 2, "SEC-5") in codes(result, "unknown-reference")
    assert ("pkg/auth.py", 2, "SEC-12") in codes(result, "unknown-reference")


def test_removed_ids_are_no_references(workspace: Workspace) -> None:
    """CL-31: "Removed REQ-7, REQ-8" in a review log records ids that are gone: no unknown
    reference, no link; an id after the list is read again."""
    result = workspace(
        """
        //- SPEC.md
        # Spec

        - **REQ-1** Writes MUST be durable.

        | Iteration | Resolution |
        |---|---|
        | 1 | Removed REQ-7, REQ-8 and kept REQ-1 |
        | 2 | Dropped the REQ-9 check |
        //- pkg/store.py
        def write():
            '''REQ-1: durable (deleted REQ-6 was about caching).'''
        """
    )
    assert codes(result, "unknown-reference") == []
    assert result.graph.clauses_of_symbol("pkg/store.py::write") == ["REQ-1"]
    assert [r.mention.target for r in result.graph.resolved_in["SPEC.md"]] == ["REQ-1"]


def test_contrasting_mentions_link_nothing(workspace: Workspace) -> None:
    """CL-28: `unlike REQ-2`, `not REQ-3`, `see REQ-4` and the ids listed after them are related
    mentions: the function implements REQ-1 only, and the test verifies REQ-1 only."""
    result = workspace(
        """
        //- SPEC.md
        # Spec

        - **REQ-1** Writes MUST be durable.
        - **REQ-2** Reads MUST be fast.
        - **REQ-3** Reads MUST be consistent.
        - **REQ-4** Reads MUST be logged.
        //- pkg/store.py
        def write():
            '''REQ-1: durable, unlike REQ-2 or REQ-3; see REQ-4 for the log.'''
        //- tests/test_store.py
        from pkg.store import write


        def test_write():
            '''REQ-1, not REQ-2 (that is a benchmark).'''
            write()
        """
    )
    graph = result.graph
    assert graph.clauses_of_symbol("pkg/store.py::write") == ["REQ-1"]
    assert graph.clauses_of_test("tests/test_store.py::test_write") == ["REQ-1"]
    mentions = [(r.mention.target, r.mention.owners) for r in graph.resolved_in["pkg/store.py"]]
    assert mentions == [
        ("REQ-1", ("pkg/store.py::write",)),
        ("REQ-2", ()),
        ("REQ-3", ()),
        ("REQ-4", ()),
    ]
    assert codes(result, "unknown-reference") == []
