"""The rules: each turns the trace graph into findings; `diagnose` applies the configured severities.

Every message says what is wrong and what to do next, for a person and a coding agent alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from trine.analysis.registry import Severity
from trine.index.graph import Resolved, TraceGraph
from trine.parsers.facts import Clause
from trine.parsers.text import Span


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place: stable code, severity, message, and data for quick fixes."""

    code: str
    severity: Severity
    path: str
    span: Span
    message: str
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Finding:
    """A rule's result before the severity is applied."""

    code: str
    path: str
    span: Span
    message: str
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


def clause_label(clause: Clause) -> str:
    """How messages name a clause: `REQ-12 (Title)` or `"Title" (spec.md#slug)`."""
    if clause.explicit:
        return f"{clause.id} ({clause.title})" if clause.title != clause.id else clause.id
    return f'"{clause.title}" ({clause.id})'


def _did_you_mean(suggestions: list[str]) -> str:
    return f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""


# DIAG-8: suggest the closest declared ids.
def close_matches(target: str, candidates: Iterable[str]) -> list[str]:
    """The up to three candidates closest to a mistyped name, best first: rapidfuzz picks a
    shortlist in C (a family can hold thousands of ids), difflib ranks it as it always did."""
    shortlist = process.extract(
        target, list(candidates), scorer=fuzz.ratio, limit=_SHORTLIST, score_cutoff=40
    )
    return difflib.get_close_matches(target, [c for c, _, _ in shortlist], n=3, cutoff=0.5)


_SHORTLIST = 20


# DIAG-1
def unknown_references(
    graph: TraceGraph, path: str, suggest: Callable[[str], list[str]]
) -> Iterator[Finding]:
    """`unknown-reference`: ids with a known prefix that are not declared, anchors to no heading;
    `suggest` gives the closest declared ids for a mistyped one."""
    for item in graph.resolved_in.get(path, ()):
        if item.unknown:
            yield _unknown(graph, item, suggest)


def _unknown(graph: TraceGraph, item: Resolved, suggest: Callable[[str], list[str]]) -> Finding:
    m = item.mention
    if m.kind == "id":
        suggestions = suggest(m.target)
        message = (
            f"{m.target} is not declared in the spec{_did_you_mean(suggestions)}: fix the"
            f" reference, or declare {m.target} in the spec"
        )
    else:
        path, _, slug = m.target.partition("#")
        spec = graph.spec_path(path, m.path) or path
        suggestions = [f"{path}#{s}" for s in close_matches(slug, sorted(graph.slugs(spec)))]
        message = (
            f"{m.target} names no heading in {spec}{_did_you_mean(suggestions)}: fix the anchor,"
            " or add the heading"
        )
    return Finding(
        "unknown-reference",
        m.path,
        m.span,
        message,
        {"target": m.target, "suggestions": suggestions},
    )


# DIAG-2
def duplicate_clauses(graph: TraceGraph, clause_id: str) -> Iterator[Finding]:
    """`duplicate-clause`: on every declaration of an id after the first."""
    first, *others = graph.declarations(clause_id) or [None]
    for clause in others:
        assert first is not None
        yield Finding(
            "duplicate-clause",
            clause.path,
            clause.name_span,
            f"{clause.id} is already declared at {first.path}:{first.span.start_line + 1}: give"
            " this clause a new id",
            {"clause": clause.id},
        )


# DIAG-3
def unimplemented_clauses(graph: TraceGraph, clause_id: str) -> Iterator[Finding]:
    """`unimplemented-clause`: requirements no symbol implements."""
    if clause_id in graph.requirements and not graph.implemented_by.get(clause_id):
        clause = graph.clauses[clause_id]
        yield Finding(
            "unimplemented-clause",
            clause.path,
            clause.name_span,
            f"{clause_label(clause)} is not implemented: name {clause.id} in the docstring or"
            " a comment of the function that implements it",
            {"clause": clause.id},
        )


# DIAG-4
def untested_clauses(graph: TraceGraph, clause_id: str) -> Iterator[Finding]:
    """`untested-clause`: requirements no test checks, directly or through a call."""
    if clause_id not in graph.requirements or graph.tested_by.get(clause_id):
        return
    clause = graph.clauses[clause_id]
    implementations = [graph.symbols[s].qualname for s in graph.implemented_by.get(clause_id, [])]
    through = f", or that calls {' or '.join(implementations)}" if implementations else ""
    yield Finding(
        "untested-clause",
        clause.path,
        clause.name_span,
        f"{clause_label(clause)} is not tested: add a test that names {clause.id} in its"
        f" docstring or with {graph.test_language_for(clause.id).marker_hint(clause.id)}{through}",
        {"clause": clause.id},
    )


# DIAG-5
def untraced_symbols(graph: TraceGraph, symbol_id: str) -> Iterator[Finding]:
    """`untraced-symbol`: public functions and methods that implement no clause."""
    symbol = graph.symbols.get(symbol_id)
    if symbol is None or symbol.kind == "class" or not _public(graph, symbol.id):
        return
    if any(graph.clauses_of_symbol(s) for s in _self_and_classes(graph, symbol.id)):
        return
    yield Finding(
        "untraced-symbol",
        symbol.path,
        symbol.name_span,
        f"{symbol.qualname} implements no spec clause: name the clause it implements in its"
        " docstring, or add its behaviour to the spec",
        {"symbol": symbol.id},
    )


def _public(graph: TraceGraph, symbol_id: str) -> bool:
    """Public by the rule of the symbol's language (`Language.is_public`, applied when indexed)."""
    return graph.symbols[symbol_id].public


def _self_and_classes(graph: TraceGraph, symbol_id: str) -> Iterator[str]:
    current: str | None = symbol_id
    while current is not None:
        yield current
        current = graph.symbols[current].parent


# DIAG-6
def orphan_tests(graph: TraceGraph, test_id: str) -> Iterator[Finding]:
    """`orphan-test`: tests that reach no clause, directly or through the functions they call."""
    test = graph.tests.get(test_id)
    if test is not None and not graph.clauses_of_test(test.id):
        yield Finding(
            "orphan-test",
            test.path,
            test.name_span,
            f"{test.name} checks no spec clause: name the clause in its docstring or with"
            f" {graph.language_of(test.path).marker_hint(None)}, or call a function that"
            " implements one",
            {"test": test.id},
        )


# DIAG-7
def file_problems(graph: TraceGraph, path: str) -> Iterator[Finding]:
    """`file-problem`: files read in part or not at all."""
    record = graph.records.get(path)
    for problem in record.problems if record is not None else ():
        yield Finding("file-problem", path, problem.span, problem.message)
