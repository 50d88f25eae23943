"""Code lenses: coverage above each requirement, and the clauses above each linked function."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from trine.ide.snapshot import Location, Snapshot, clause_location, node_location
from trine.index.graph import TraceGraph
from trine.index.records import Role
from trine.parsers.text import Span


@dataclass(frozen=True)
class Lens:
    """A line of text above a range, and the places a click shows."""

    span: Span
    title: str
    targets: tuple[Location, ...]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# FMT-12: a lens says when a clause's links are only a task list's word.
def _from_tasks(graph: TraceGraph, clause_id: str) -> str:
    """` (from tasks.md)` when every link to a clause is a task's, else nothing."""
    if not graph.linked_only_by_tasks(clause_id):
        return ""
    return f" (from {posixpath.basename(graph.links_of(clause_id)[0].path)})"


# DIAG-23: "not implemented" only where trine reads the workspace's code.
# DIAG-28: and where most of it is in languages trine reads.
def _missing(graph: TraceGraph, role: Role) -> str:
    """`not implemented` / `not tested`, `no code read` / `no tests read`, or `not checked`."""
    if graph.reads(role) and not graph.judges(role):
        return "not checked"
    if role == "code":
        return "not implemented" if graph.reads("code") else "no code read"
    return "not tested" if graph.reads("test") else "no tests read"


# LSP-10
def code_lenses(snapshot: Snapshot, path: str) -> list[Lens]:
    """Lenses for one file: requirements in a spec, linked symbols in code."""
    graph = snapshot.graph
    record = graph.records.get(path)
    if record is None:
        return []
    lenses = []
    for clause in record.clauses:
        if clause.id not in graph.requirements or graph.clauses.get(clause.id) is not clause:
            continue
        symbols = graph.implemented_by.get(clause.id, [])
        tests = graph.tested_by.get(clause.id, [])
        implemented = _count(len(symbols), "implementation") if symbols else _missing(graph, "code")
        tested = _count(len(tests), "test") if tests else _missing(graph, "test")
        targets = [node_location(graph, n) for n in symbols + tests]
        title = f"{implemented} · {tested}{_from_tasks(graph, clause.id)}"
        lenses.append(Lens(clause.name_span, title, tuple(targets)))
    for symbol in record.symbols:
        clauses = graph.clauses_of_symbol(symbol.id)
        if not clauses:
            continue
        test_ids = graph.tests_of_symbol(symbol.id)
        tested = _count(len(test_ids), "test") if test_ids else "not tested"
        title = f"{', '.join(clauses)} · {tested}"
        targets = [clause_location(graph.clauses[c]) for c in clauses]
        targets += [Location(graph.tests[t].path, graph.tests[t].name_span) for t in test_ids]
        lenses.append(Lens(symbol.name_span, title, tuple(targets)))
    return lenses
