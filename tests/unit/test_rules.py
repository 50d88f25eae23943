"""The diagnostics: each rule's code, default severity, place and message, and the summary."""

from __future__ import annotations

from collections.abc import Callable

from trine.analysis.coverage import Summary
from trine.analysis.findings import Diagnostic
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]


def of(result: CheckResult, code: str) -> list[Diagnostic]:
    """The diagnostics of one rule."""
    return [d for d in result.diagnostics if d.code == code]


def only(result: CheckResult, code: str) -> Diagnostic:
    """The single diagnostic of one rule."""
    found = of(result, code)
    assert len(found) == 1, f"expected one {code}, got {found}"
    return found[0]


def place(d: Diagnostic) -> tuple[str, int, int]:
    """Where a diagnostic starts: path, 0-based line and column."""
    return d.path, d.span.start_line, d.span.start_col


# -- unknown-reference --------------------------------------------------------------------------

DURABILITY = """
//- SPEC.md
# Durability

- **DUR-1** Writes MUST be durable.
- **DUR-2** Reads MUST be consistent.
- **DUR-3** Logs MUST rotate.
- **DUR-4** Backups MUST run nightly.
"""


def test_unknown_id_is_an_error_with_a_suggestion(workspace: Workspace) -> None:
    """DIAG-1, DIAG-8: DUR-9 with DUR-1..4 declared is an error naming DUR-9 and the closest ids."""
    result = workspace(
        DURABILITY
        + """
//- pkg/store.py
def write():
    '''Implements DUR-1 and DUR-9.'''
"""
    )
    d = only(result, "unknown-reference")
    assert d.severity == "error"
    assert place(d) == ("pkg/store.py", 1, 28)
    assert (d.span.end_line, d.span.end_col) == (1, 33)
    assert d.message.startswith("DUR-9 is not declared")
    assert "did you mean DUR-" in d.message
    assert "fix the reference, or declare DUR-9" in d.message
    suggestions = d.data["suggestions"]
    assert isinstance(suggestions, list)
    assert suggestions
    assert set(suggestions) <= {"DUR-1", "DUR-2", "DUR-3", "DUR-4"}


def test_unknown_id_in_a_test_marker_and_in_the_spec(workspace: Workspace) -> None:
    """DIAG-1, DIAG-13: an undeclared id is reported in a `@pytest.mark.spec` argument (an
    error) and in spec prose (a warning)."""
    result = workspace(
        DURABILITY
        + """
See also DUR-7.
//- tests/test_store.py
import pytest


@pytest.mark.spec("DUR-8")
def test_write():
    pass
"""
    )
    found = sorted((place(d), d.severity) for d in of(result, "unknown-reference"))
    assert found == [
        (("SPEC.md", 7, 9), "warning"),
        (("tests/test_store.py", 3, 19), "error"),
    ]


def test_tokens_of_unused_prefixes_are_plain_text(workspace: Workspace) -> None:
    """DIAG-1: `UTF-8`, `ISO-8601` and `RFC-3339` are not reported when no clause uses the prefix."""
    result = workspace(
        DURABILITY
        + """
Logs are UTF-8, with ISO-8601 dates as RFC-3339 describes.
//- pkg/log.py
def stamp():
    '''DUR-3: an ISO-8601 (RFC-3339) time stamp, encoded as UTF-8.'''
    # UTF-8 only
"""
    )
    assert of(result, "unknown-reference") == []


def test_token_of_a_used_prefix_is_reported(workspace: Workspace) -> None:
    """DIAG-1: once a clause uses the FMT prefix, an undeclared `FMT-3` is a broken reference."""
    result = workspace(
        """
        //- SPEC.md
        # Formats
        - **FMT-1** Dates MUST use the calendar.
        //- pkg/log.py
        def stamp():
            '''FMT-1 and FMT-3, in UTF-8.'''
        """
    )
    d = only(result, "unknown-reference")
    assert place(d) == ("pkg/log.py", 1, 17)
    assert d.message.startswith("FMT-3 is not declared")


def test_unknown_anchor_is_an_error(workspace: Workspace) -> None:
    """DIAG-1, DIAG-8: `SPEC.md#nope` names no heading: an error telling to fix it or add one."""
    result = workspace(
        DURABILITY
        + """
//- pkg/store.py
def write():
    '''See SPEC.md#nope.'''
"""
    )
    d = only(result, "unknown-reference")
    assert d.severity == "error"
    assert place(d) == ("pkg/store.py", 1, 11)
    assert (d.span.end_line, d.span.end_col) == (1, 23)
    assert d.message.startswith("SPEC.md#nope names no heading in SPEC.md")
    assert "fix the anchor, or add the heading" in d.message


def test_unknown_anchor_suggests_a_close_heading(workspace: Workspace) -> None:
    """DIAG-8: a misspelt anchor suggests the closest heading of that spec file."""
    result = workspace(
        DURABILITY
        + """
//- pkg/store.py
# SPEC.md#durabilty
def write():
    pass
"""
    )
    d = only(result, "unknown-reference")
    assert place(d) == ("pkg/store.py", 0, 2)
    assert "did you mean SPEC.md#durability?" in d.message
    assert d.data["suggestions"] == ["SPEC.md#durability"]


def test_unknown_anchor_in_a_spec_link(workspace: Workspace) -> None:
    """DIAG-1: a Markdown link to `#nope` in a spec names no heading of that file."""
    result = workspace(
        DURABILITY
        + """
Backups follow [the durability rules](#durability), not [these](#nope).
"""
    )
    d = only(result, "unknown-reference")
    assert place(d) == ("SPEC.md", 7, 64)
    assert "#nope names no heading in SPEC.md" in d.message


def _toc(count: int) -> str:
    """A spec converted from HTML: a table of contents of `count` links to the export's ids."""
    links = "\n".join(f"- [{n}. Part {n}](#id{n})" for n in range(1, count + 1))
    return f"//- SPEC.md\n# Durability\n\n{links}\n\n## Chapter 1. Part 1\n"


def test_many_unknown_anchors_in_a_spec_are_one_finding(workspace: Workspace) -> None:
    """DIAG-25: 30 TOC links to no heading of their spec are one warning, at the first, that
    counts them and says why; an unknown anchor in code is still reported on its own."""
    result = workspace(
        _toc(30)
        + """
//- pkg/store.py
# SPEC.md#nope
def write():
    pass
"""
    )
    spec, code = of(result, "unknown-reference")
    assert place(spec) == ("SPEC.md", 2, 14)
    assert spec.severity == "warning"
    assert spec.message.startswith("30 links to 30 anchors in this file name no heading of it")
    assert "(#id1, #id2, #id3, ...)" in spec.message
    assert "another renderer" in spec.message
    assert "leave the file out of `spec`" in spec.message
    assert place(code) == ("pkg/store.py", 0, 2)
    assert code.message.startswith("SPEC.md#nope names no heading in SPEC.md")


def test_few_unknown_anchors_in_a_spec_are_reported_one_by_one(workspace: Workspace) -> None:
    """DIAG-25: 2 TOC links to no heading of their spec are two findings, one per link."""
    result = workspace(_toc(2))
    first, second = of(result, "unknown-reference")
    assert [place(first), place(second)] == [("SPEC.md", 2, 14), ("SPEC.md", 3, 14)]
    assert first.message.startswith("#id1 names no heading in SPEC.md")
    assert second.message.startswith("#id2 names no heading in SPEC.md")


# -- duplicate-clause ---------------------------------------------------------------------------


def test_duplicate_is_reported_on_the_second_declaration(workspace: Workspace) -> None:
    """DIAG-2: an id declared twice is an error on the second declaration, naming the first."""
    result = workspace(
        """
        //- SPEC.md
        # Limits

        - **LIM-1** Size MUST be bounded.
        - **LIM-2** Depth MUST be bounded.

        ## LIM-1 Time limit
        """
    )
    d = only(result, "duplicate-clause")
    assert d.severity == "error"
    assert place(d) == ("SPEC.md", 5, 3)
    assert d.message.startswith("LIM-1 is already declared at SPEC.md:3")
    assert "give this clause a new id" in d.message
    assert result.graph.clauses["LIM-1"].title == "Size MUST be bounded."


def test_duplicate_across_spec_files(workspace: Workspace) -> None:
    """DIAG-2: the same id in two spec files is reported once, in the file read second."""
    result = workspace(
        """
        //- spec/a.md
        # A
        - **LIM-1** Size MUST be bounded.
        //- spec/b.md
        # B

        - [LIM-1] Time MUST be bounded.
        """
    )
    d = only(result, "duplicate-clause")
    assert place(d) == ("spec/b.md", 2, 3)
    assert "already declared at spec/a.md:2" in d.message


def test_a_heading_restated_in_another_file_is_no_duplicate(workspace: Workspace) -> None:
    """DIAG-2: a spec page restating an invariant under its id and title (or a longer form of
    it), and two notes whose headings end with one id, are not told to give it a new id; the
    same id with another title still is."""
    result = workspace(
        """
        //- spec/invariants.md
        ## ENG-AUD-01 — Audit Is Observational

        ## ENG-CORE-01 — Engine Is a Compiler

        ### Step Content Alignment (FR-049)
        //- spec/engine.md
        ## ENG-AUD-01 — Audit Is Observational Only

        ## ENG-CORE-01 — Storage-Agnostic Engine

        ### Signal Chain Position (FR-049)
        """
    )
    d = only(result, "duplicate-clause")
    assert d.path == "spec/invariants.md"
    assert d.message.startswith("ENG-CORE-01 is already declared at spec/engine.md")


# -- unimplemented-clause and untested-clause ---------------------------------------------------

EXPORT = """
//- SPEC.md
# Export

This chapter describes exporting; the formats follow.

> Note: exports can be slow.

## Formats

Exports MUST support CSV.

- **EXP-1** The exporter MUST write a header row.
- **EXP-2** The exporter MUST quote fields.

## History

Export was added in version 2.
//- pkg/export.py
def write_header(rows):
    '''EXP-1'''
    return rows


def quote(field):
    '''EXP-2'''
    return field
//- tests/test_export.py
from pkg.export import quote


def test_quote():
    assert quote("a") == "a"
"""


def test_unimplemented_requirements_are_warned_on_their_heading(workspace: Workspace) -> None:
    """DIAG-3, CL-6: a requirement heading no symbol implements is warned; intros are not."""
    result = workspace(EXPORT)
    d = only(result, "unimplemented-clause")
    assert d.severity == "warning"
    assert place(d) == ("SPEC.md", 6, 3)
    assert d.message.startswith('"Formats" (SPEC.md#formats) is not implemented')
    assert "name SPEC.md#formats in the docstring or a comment of the function" in d.message


def test_unimplemented_item_is_warned_on_its_id(workspace: Workspace) -> None:
    """DIAG-3: an unimplemented item clause is warned at its id in the item."""
    result = workspace(
        """
        //- SPEC.md
        # Export

        - **EXP-1** The exporter MUST write a header row.
        //- pkg/other.py
        def other():
            pass
        """
    )
    d = only(result, "unimplemented-clause")
    assert place(d) == ("SPEC.md", 2, 4)
    assert (d.span.end_line, d.span.end_col) == (2, 9)
    assert d.message.startswith("EXP-1 (The exporter MUST write a header row.) is not implemented")


def test_untested_requirements_are_warned(workspace: Workspace) -> None:
    """DIAG-4, CL-6: requirements no test checks are warned; one tested through a call is not."""
    result = workspace(EXPORT)
    found = {place(d): d for d in of(result, "untested-clause")}
    assert set(found) == {("SPEC.md", 6, 3), ("SPEC.md", 10, 4)}
    assert {d.severity for d in found.values()} == {"warning"}
    item = found["SPEC.md", 10, 4]
    assert item.message.startswith("EXP-1 (The exporter MUST write a header row.) is not tested")
    assert 'add a test that names EXP-1 in its docstring or with @pytest.mark.spec("EXP-1")' in (
        item.message
    )
    assert item.message.endswith("or that calls write_header")


def test_no_coverage_diagnostics_on_non_requirements(workspace: Workspace) -> None:
    """CL-6, DIAG-3, DIAG-4: introductions and notes get no coverage diagnostics."""
    result = workspace(EXPORT)
    coverage = [
        d for d in result.diagnostics if d.code in ("unimplemented-clause", "untested-clause")
    ]
    assert {d.data["clause"] for d in coverage} == {"SPEC.md#formats", "EXP-1"}
    assert [d.code for d in result.diagnostics if d.span.start_line in (0, 2, 4, 13, 15)] == []


# -- untraced-symbol and orphan-test ------------------------------------------------------------

TRACE = """
//- SPEC.md
# Api

- **API-1** Exports MUST be linked.
//- pkg/api.py
def export():
    def inner():
        pass

    return inner


def _helper():
    pass


def linked():
    '''API-1'''


class Exporter:
    def run(self):
        pass

    def _prepare(self):
        pass


class _Private:
    def go(self):
        pass
//- pkg/_private.py
def exposed():
    pass
//- pkg/_internal/tools.py
def tool():
    pass
//- tests/test_api.py
from pkg.api import export, linked


def test_orphan():
    assert True


def test_calls_untraced():
    export()


def test_named():
    '''API-1'''


def test_through_call():
    linked()
"""


def test_untraced_symbol_is_off_by_default(workspace: Workspace) -> None:
    """DIAG-5: untraced-symbol reports nothing unless it is turned on."""
    result = workspace(TRACE)
    assert of(result, "untraced-symbol") == []


def test_untraced_public_functions_and_methods(workspace: Workspace) -> None:
    """DIAG-5: set to warning, public untraced functions and methods are reported at their name."""
    result = workspace(TRACE, severity={"untraced-symbol": "warning"})
    found = {place(d): d for d in of(result, "untraced-symbol")}
    assert set(found) == {("pkg/api.py", 0, 4), ("pkg/api.py", 16, 8)}
    assert {d.severity for d in found.values()} == {"warning"}
    run = found["pkg/api.py", 16, 8]
    assert run.message.startswith("Exporter.run implements no spec clause")
    assert "name the clause it implements in its docstring" in run.message
    assert {d.data["symbol"] for d in found.values()} == {
        "pkg/api.py::export",
        "pkg/api.py::Exporter.run",
    }


def test_orphan_test_is_off_by_default(workspace: Workspace) -> None:
    """DIAG-6: orphan-test reports nothing unless it is turned on."""
    result = workspace(TRACE)
    assert of(result, "orphan-test") == []


def test_orphan_tests_are_reported_when_on(workspace: Workspace) -> None:
    """DIAG-6: set to warning, tests reaching no clause, directly or by a call, are reported."""
    result = workspace(TRACE, severity={"orphan-test": "warning"})
    found = {place(d): d for d in of(result, "orphan-test")}
    assert set(found) == {("tests/test_api.py", 3, 4), ("tests/test_api.py", 7, 4)}
    assert {d.severity for d in found.values()} == {"warning"}
    orphan = found["tests/test_api.py", 3, 4]
    assert orphan.message.startswith("test_orphan checks no spec clause")
    assert "@pytest.mark.spec(...)" in orphan.message
    assert "call a function that implements one" in orphan.message


# -- file-problem -------------------------------------------------------------------------------


def test_unterminated_code_fence_is_a_file_problem(workspace: Workspace) -> None:
    """DIAG-7, CL-7: a code fence never closed is a warning on its opening line, naming it."""
    result = workspace(
        """
        //- SPEC.md
        # Setup

        - **SET-1** Install MUST work offline.

        ```bash
        pip install trine

        ## SET-2 Not a clause inside the fence
        """
    )
    d = only(result, "file-problem")
    assert d.severity == "warning"
    assert place(d) == ("SPEC.md", 4, 0)
    assert "code fence opened on line 5 is never closed" in d.message
    assert "close it with ```" in d.message
    assert "SET-2" not in result.graph.clauses


def test_python_syntax_error_is_a_file_problem(workspace: Workspace) -> None:
    """DIAG-7, CODE-7: a syntax error is a warning at its line; links before it still count."""
    result = workspace(
        """
        //- SPEC.md
        # Parse
        - **PAR-1** Parsing MUST work.
        //- pkg/parse.py
        def parse(text):
            '''PAR-1'''
            return text


        def broken(:
            pass
        """
    )
    d = only(result, "file-problem")
    assert d.severity == "warning"
    assert (d.path, d.span.start_line) == ("pkg/parse.py", 5)
    assert d.message.startswith("syntax error on line 6")
    assert "fixed" in d.message
    assert result.graph.implemented_by["PAR-1"] == ["pkg/parse.py::parse"]


# -- severities and the summary -----------------------------------------------------------------

EVERYTHING = """
//- SPEC.md
# Everything

- **ALL-1** Done MUST be true.
- **ALL-2** Never MUST be implemented.
- **ALL-1** Declared twice.

```text
unclosed
//- pkg/done.py
def done():
    '''ALL-1 and ALL-9'''


def spare():
    pass
//- tests/test_done.py
def test_done():
    '''ALL-1'''


def test_nothing():
    pass
"""


def test_default_severities(workspace: Workspace) -> None:
    """DIAG-1, DIAG-2, DIAG-3, DIAG-4, DIAG-5, DIAG-6, DIAG-7: each rule has its default severity."""
    result = workspace(EVERYTHING)
    assert sorted((d.code, d.severity, d.path, d.span.start_line) for d in result.diagnostics) == [
        ("duplicate-clause", "error", "SPEC.md", 4),
        ("file-problem", "warning", "SPEC.md", 6),
        ("unimplemented-clause", "warning", "SPEC.md", 3),
        ("unknown-reference", "error", "pkg/done.py", 1),
        ("untested-clause", "warning", "SPEC.md", 3),
    ]


def test_severity_overrides(workspace: Workspace) -> None:
    """CFG-4: each rule's severity can be set to error, warning, info, hint or off."""
    result = workspace(
        EVERYTHING,
        severity={
            "unknown-reference": "warning",
            "duplicate-clause": "info",
            "unimplemented-clause": "hint",
            "untested-clause": "off",
            "untraced-symbol": "error",
            "orphan-test": "info",
            "file-problem": "error",
        },
    )
    assert sorted((d.code, d.severity, d.path, d.span.start_line) for d in result.diagnostics) == [
        ("duplicate-clause", "info", "SPEC.md", 4),
        ("file-problem", "error", "SPEC.md", 6),
        ("orphan-test", "info", "tests/test_done.py", 4),
        ("unimplemented-clause", "hint", "SPEC.md", 3),
        ("unknown-reference", "warning", "pkg/done.py", 1),
        ("untraced-symbol", "error", "pkg/done.py", 4),
    ]


def test_every_rule_can_be_turned_off(workspace: Workspace) -> None:
    """CFG-4: with every rule set to off there are no diagnostics at all."""
    codes = (
        "unknown-reference",
        "duplicate-clause",
        "unimplemented-clause",
        "untested-clause",
        "untraced-symbol",
        "orphan-test",
        "file-problem",
    )
    result = workspace(EVERYTHING, severity=dict.fromkeys(codes, "off"))
    assert result.diagnostics == []
    assert (result.summary.errors, result.summary.warnings) == (0, 0)


def test_summary_counts(workspace: Workspace) -> None:
    """CLI-1: the summary counts clauses, requirements, implemented, tested and each severity."""
    result = workspace(EXPORT, severity={"untraced-symbol": "info", "orphan-test": "hint"})
    assert result.summary == Summary(
        clauses=5,
        requirements=3,
        implemented=2,
        tested=1,
        errors=0,
        warnings=3,
        infos=0,
        hints=0,
        code_files=2,
        languages_read=("Python",),
    )


def test_summary_counts_diagnostics_by_severity(workspace: Workspace) -> None:
    """CLI-1: the summary counts diagnostics by their effective severity."""
    result = workspace(EVERYTHING, severity={"untraced-symbol": "info", "orphan-test": "hint"})
    assert result.summary == Summary(
        clauses=3,
        requirements=2,
        implemented=1,
        tested=1,
        errors=2,
        warnings=3,
        infos=1,
        hints=1,
        code_files=2,
        languages_read=("Python",),
    )
