"""A snapshot: the graph, its diagnostics and the workspace root, as features read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trine.analysis.diagnose import Diagnostics
from trine.analysis.drift import LockState
from trine.index.graph import Resolved, TraceGraph
from trine.parsers.facts import Clause
from trine.parsers.text import Span


@dataclass(frozen=True)
class Snapshot:
    """Everything a feature may read, taken on the event loop between two changes."""

    graph: TraceGraph
    diagnostics: Diagnostics
    root: Path
    lock: LockState = field(default_factory=LockState)

    def uri(self, path: str) -> str:
        """The file URI of a workspace-relative path."""
        return (self.root / path).as_uri()

    def link(self, path: str, span: Span) -> str:
        """A Markdown link to a place, as hovers show it."""
        return f"[{path}:{span.start_line + 1}]({self.uri(path)}#L{span.start_line + 1})"


@dataclass(frozen=True)
class Location:
    """A place in the workspace."""

    path: str
    span: Span


Kind = Literal["clause", "symbol", "test", "mention"]


@dataclass(frozen=True)
class Hit:
    """What is under the cursor: a clause declaration, a symbol or test name, or a mention."""

    kind: Kind
    id: str
    span: Span
    mention: Resolved | None = None


def hit_at(snapshot: Snapshot, path: str, line: int, col: int) -> Hit | None:
    """The item under a position, the most specific first (a mention inside a docstring wins)."""
    graph = snapshot.graph
    for item in graph.resolved_in.get(path, ()):
        if item.mention.span.contains(line, col):
            return Hit("mention", item.clause or item.mention.target, item.mention.span, item)
    record = graph.records.get(path)
    if record is None:
        return None
    for clause in reversed(record.clauses):
        if _on_clause_name(clause, line, col):
            return Hit("clause", clause.id, clause.name_span)
    for symbol in reversed(record.symbols):
        if symbol.name_span.contains(line, col):
            return Hit("symbol", symbol.id, symbol.name_span)
    for test in reversed(record.tests):
        if test.name_span.contains(line, col):
            return Hit("test", test.id, test.name_span)
    return None


def _on_clause_name(clause: Clause, line: int, col: int) -> bool:
    """The heading line, or the id token of an item or paragraph clause, counts as the clause."""
    if clause.kind == "heading":
        return line == clause.name_span.start_line
    return clause.name_span.contains(line, col) or (
        clause.id_span is not None and clause.id_span.contains(line, col)
    )


def clause_location(clause: Clause) -> Location:
    """Where a clause is declared."""
    return Location(clause.path, clause.name_span)


def node_location(graph: TraceGraph, node: str) -> Location:
    """Where a link's end is: a symbol's or test's name, or the start of a whole file (the end
    of a task's link)."""
    found = graph.symbols.get(node) or graph.tests.get(node)
    if found is not None:
        return Location(found.path, found.name_span)
    return Location(node, Span(0, 0, 0, 0))
