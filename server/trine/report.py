"""The JSON report of `trine check --format json` (schema `trine.report/1`), defined with pydantic.

Paths are workspace-relative with `/`; lines and columns are 1-based.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from trine.analysis.coverage import Summary
from trine.analysis.findings import Diagnostic
from trine.index.graph import TraceGraph
from trine.index.records import Symbol, TestItem
from trine.index.survey import Survey
from trine.parsers.facts import Clause
from trine.parsers.text import Span

SCHEMA = "trine.report/1"


class ClauseOut(BaseModel):
    """A spec clause and its coverage."""

    id: str
    title: str
    path: str
    line: int
    end_line: int
    parent: str | None
    requirement: bool
    # CL-21
    needs: list[Literal["code", "test"]] = Field(
        description="What the clause needs: code, a test, both, or nothing (then it is no"
        " requirement); from `[tool.trine.needs]`, its format, its words and its fields."
    )
    strength: Literal["must", "should", "may"] | None = Field(
        description="How strongly the clause's own words oblige (MUST/SHALL/REQUIRED: must;"
        " SHOULD/RECOMMENDED: should, reported one severity milder; MAY/OPTIONAL: may, needs"
        " nothing); null when they say nothing."
    )
    implemented_by: list[str] = Field(
        description="Ids of the symbols that implement the clause, or paths of whole files a"
        " task list or the requirement's own field says implement it (see the links' evidence)."
    )
    tested_by: list[str] = Field(
        description="Ids of the tests that check the clause, or paths of whole test files a"
        " task list or the requirement's own field names for it."
    )


class SymbolOut(BaseModel):
    """A function, method or class in code, or a module that names a clause itself."""

    id: str
    path: str
    line: int
    kind: Literal["function", "method", "class", "module"]
    is_async: bool
    clauses: list[str]
    tests: list[str]


class TestOut(BaseModel):
    """A test item, under its runner's id (pytest's node id)."""

    id: str
    path: str
    line: int
    clauses: list[str]
    symbols: list[str]


class LinkOut(BaseModel):
    """A trace link and where its evidence is."""

    source: str
    target: str
    kind: Literal["implements", "verifies", "exercises"]
    # FMT-12: a task list's link is told apart from a marker.
    evidence: Literal["explicit", "inferred", "task", "call"] = Field(
        description="explicit: a marker or id in code or a test; inferred: a heading or a name;"
        " task: a checked task of a task list, or a field of a structured requirement"
        " (`implementation:`, `verification:`), names the file (the link's path and line are"
        " where it is named); call: a test calls the function."
    )
    path: str
    line: int


class DiagnosticOut(BaseModel):
    """A finding; columns count code points."""

    code: str
    severity: Literal["error", "warning", "info", "hint"]
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str


class SummaryOut(BaseModel):
    """Counts of clauses, coverage and diagnostics."""

    clauses: int
    requirements: int
    implemented: int
    tested: int
    errors: int
    warnings: int
    infos: int
    hints: int
    from_tasks: int = Field(
        0,
        description="Requirements whose links all come from task lists or requirement fields"
        " (evidence `task`).",
    )
    reads_code: bool = Field(
        True,
        description="Whether trine reads a code file in the workspace; when not,"
        " `unimplemented-clause` is not reported.",
    )
    reads_tests: bool = Field(
        True,
        description="Whether trine reads a test file in the workspace; when not,"
        " `untested-clause` is not reported.",
    )
    coverage_judged: bool = Field(
        True,
        description="False where most of the workspace's code is in languages trine does not"
        " read (more such files than code and test files it reads): `unimplemented-clause`"
        ' and `untested-clause` are not reported (`coverage = "always"` reports them).',
    )
    code_files: int = Field(0, description="Code and test files trine reads.")
    languages_read: list[str] = Field(
        default_factory=list, description="The languages of the files trine reads."
    )
    unread_code: dict[str, int] = Field(
        default_factory=dict,
        description="Code files in languages trine does not read, by language (GitHub"
        " Linguist's names), outside ignored, excluded, vendored, build and test-data folders.",
    )
    coverage_note: str = Field(
        "", description="Why coverage is not judged and how to judge it; empty where it is."
    )
    not_started: list[str] = Field(
        default_factory=list,
        description="Features (scopes of Kiro and spec-kit specs) with no checked task and no"
        " linked clause: their coverage is not reported.",
    )
    unstarted_requirements: int = Field(
        0, description="Requirements of the features not started, whose coverage is not reported."
    )


class SpecFilesOut(BaseModel):
    """How many spec files one format read."""

    format: str
    files: int


class Report(BaseModel):
    """The whole result of one `trine check`."""

    schema_: Literal["trine.report/1"] = Field(SCHEMA, alias="schema")
    root: str
    clauses: list[ClauseOut]
    symbols: list[SymbolOut]
    tests: list[TestOut]
    links: list[LinkOut]
    diagnostics: list[DiagnosticOut]
    summary: SummaryOut
    specs: list[SpecFilesOut] = Field(
        description="The spec formats read and how many files of each (none: exit status 2)."
    )
    notes: list[str] = Field(
        description="What the index missed: where it looked when it found no spec, candidate"
        " spec files, files in the spec paths or code no format or language reads, layouts"
        " half recognised."
    )


# CLI-2
# FMT-63
def build_report(
    root: str,
    graph: TraceGraph,
    diagnostics: Sequence[Diagnostic],
    summary: Summary,
    survey: Survey,
) -> Report:
    """The report model of a checked workspace."""
    return Report(
        schema=SCHEMA,
        root=root,
        clauses=[
            ClauseOut(
                id=c.id,
                title=c.title,
                path=c.path,
                line=c.span.start_line + 1,
                end_line=c.span.end_line + 1,
                parent=c.parent,
                requirement=c.id in graph.requirements,
                needs=sorted(graph.needs_of(c.id)),
                strength=graph.strength(c.id),
                implemented_by=graph.implemented_by.get(c.id, []),
                tested_by=graph.tested_by.get(c.id, []),
            )
            for c in sorted(graph.clauses.values(), key=_place)
        ],
        symbols=[
            SymbolOut(
                id=s.id,
                path=s.path,
                line=s.name_span.start_line + 1,
                kind=s.kind,
                is_async=s.is_async,
                clauses=graph.clauses_of_symbol(s.id),
                tests=graph.tests_of_symbol(s.id),
            )
            for s in sorted(graph.symbols.values(), key=_place)
        ],
        tests=[
            TestOut(
                id=t.id,
                path=t.path,
                line=t.name_span.start_line + 1,
                clauses=graph.clauses_of_test(t.id),
                symbols=graph.symbols_of_test(t.id),
            )
            for t in sorted(graph.tests.values(), key=_place)
        ],
        links=[
            LinkOut(
                source=link.source,
                target=link.target,
                kind=link.kind,
                evidence=link.evidence,
                path=link.path,
                line=link.span.start_line + 1,
            )
            for link in graph.links
        ],
        diagnostics=[
            DiagnosticOut(
                code=d.code,
                severity=d.severity,
                path=d.path,
                line=d.span.start_line + 1,
                column=d.span.start_col + 1,
                end_line=d.span.end_line + 1,
                end_column=d.span.end_col + 1,
                message=d.message,
            )
            for d in diagnostics
        ],
        summary=summary_out(summary),
        specs=[SpecFilesOut(format=name, files=count) for name, count in survey.spec_files],
        notes=list(survey.notes),
    )


# LSP-20: the editors' status and the JSON report give the summary in one shape.
def summary_out(summary: Summary) -> SummaryOut:
    """The summary as the report (and the `trine/status` notification) gives it."""
    return SummaryOut(
        **{
            **summary.__dict__,
            "unread_code": dict(summary.unread_code),
            "not_started": list(summary.not_started),
        }
    )


def _place(item: Clause | Symbol | TestItem) -> tuple[str, Span]:
    """Document order: the report reads the same however the index was filled."""
    return (item.path, item.span)


# CLI-3
def json_schema() -> dict[str, object]:
    """The JSON Schema of the report, as published in docs/."""
    return Report.model_json_schema(by_alias=True)
