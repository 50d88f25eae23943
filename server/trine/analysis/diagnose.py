"""Running the rules: core rules, drift against the lock, and PR mode against a base revision."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from trine.analysis.drift import DRIFT_RULES, LockState
from trine.analysis.registry import Severity
from trine.analysis.rules import RULE_FUNCTIONS, Diagnostic, Finding
from trine.analysis.since import since_findings
from trine.index.graph import TraceGraph


@dataclass(frozen=True)
class Baseline:
    """The graph of a base revision, for `--since`."""

    revision: str
    graph: TraceGraph


def _findings(
    graph: TraceGraph, lock: LockState, baseline: Baseline | None, enabled: Callable[[str], bool]
) -> Iterable[Finding]:
    for code, rule in RULE_FUNCTIONS.items():
        if enabled(code):
            yield from rule(graph)
    for code, drift_rule in DRIFT_RULES:
        if enabled(code):
            yield from drift_rule(graph, lock)
    if baseline is not None:
        yield from since_findings(baseline.graph, graph, baseline.revision)


def diagnose(
    graph: TraceGraph,
    severity_of: Callable[[str], Severity | None],
    lock: LockState | None = None,
    baseline: Baseline | None = None,
) -> list[Diagnostic]:
    """All diagnostics, with each rule's configured severity; rules set off are skipped."""
    found = []
    for f in _findings(graph, lock or LockState(), baseline, lambda c: severity_of(c) is not None):
        severity = severity_of(f.code)
        if severity is not None:
            found.append(Diagnostic(f.code, severity, f.path, f.span, f.message, f.data))
    return sorted(found, key=lambda d: (d.path, d.span, d.code))
