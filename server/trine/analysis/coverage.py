"""Coverage figures of a workspace: how many requirements are implemented and tested."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trine.analysis.findings import Severity
from trine.index.graph import TraceGraph


@dataclass(frozen=True)
class Summary:
    """The one-line state of a workspace, as `trine check` and the editors' status bar show it;
    `from_tasks` counts the requirements whose links all come from task lists (FMT-12);
    `reads_code` and `reads_tests` say whether the workspace has a code or test file trine reads
    (without one, coverage of that kind is not reported, DIAG-15)."""

    clauses: int
    requirements: int
    implemented: int
    tested: int
    errors: int
    warnings: int
    infos: int
    hints: int
    from_tasks: int = 0
    reads_code: bool = True
    reads_tests: bool = True


def summarize(graph: TraceGraph, severities: Mapping[Severity, int]) -> Summary:
    """Count clauses, requirements, their coverage, and diagnostics by severity."""
    return Summary(
        clauses=len(graph.clauses),
        requirements=len(graph.requirements),
        implemented=sum(1 for c in graph.requirements if graph.implemented_by.get(c)),
        tested=sum(1 for c in graph.requirements if graph.tested_by.get(c)),
        errors=severities.get("error", 0),
        warnings=severities.get("warning", 0),
        infos=severities.get("info", 0),
        hints=severities.get("hint", 0),
        from_tasks=sum(1 for c in graph.requirements if graph.linked_only_by_tasks(c)),
        reads_code=graph.reads("code"),
        reads_tests=graph.reads("test"),
    )
