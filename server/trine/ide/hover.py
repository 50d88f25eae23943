"""Hover: what a clause says, what implements it and what tests it, wherever the cursor is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trine.analysis.drift import reviewed_text, word_diff
from trine.ide.snapshot import Hit, Snapshot, hit_at
from trine.index.fingerprint import clause_text
from trine.index.graph import Resolved, TraceGraph
from trine.parsers.facts import Clause, Task
from trine.parsers.text import Span

_TEXT_LINES = 12


@dataclass(frozen=True)
class HoverResult:
    """Markdown to show, and the range it is about."""

    markdown: str
    span: Span


# LSP-7
def hover(snapshot: Snapshot, path: str, line: int, col: int) -> HoverResult | None:
    """The hover for a position: clause text and coverage, or a symbol's or test's clauses."""
    hit = hit_at(snapshot, path, line, col)
    if hit is None:
        return None
    text = _content(snapshot, hit)
    return HoverResult(text, hit.span) if text else None


def _content(snapshot: Snapshot, hit: Hit) -> str | None:
    graph = snapshot.graph
    if hit.kind == "mention":
        assert hit.mention is not None
        clause = graph.clauses.get(hit.mention.clause or "")
        cited = _cited(graph, hit.mention)
        if len(cited) > 1:
            return _listed_markdown(
                snapshot, f"`{hit.mention.mention.target}` names {len(cited)} clauses:", cited
            )
        if clause is None and hit.mention.candidates:
            return _candidates_markdown(
                snapshot, hit.mention.mention.target, hit.mention.candidates
            )
        if clause is None:
            return (
                f"`{hit.mention.mention.target}` names no clause in the spec."
                if hit.mention.unknown
                else None
            )
        return clause_markdown(snapshot, clause, coverage=True)
    if hit.kind == "clause":
        return clause_markdown(snapshot, graph.clauses[hit.id], coverage=True)
    if hit.kind == "symbol":
        return _symbol_markdown(snapshot, hit.id)
    return _test_markdown(snapshot, hit.id)


# LSP-32: an ambiguous id's hover lists the clauses it may name, where each is declared.
def _candidates_markdown(snapshot: Snapshot, target: str, candidates: tuple[str, ...]) -> str:
    """The clauses a bare id declared in several scopes may name."""
    header = f"`{target}` is declared in {len(candidates)} scopes; qualify it to choose one:"
    return _listed_markdown(snapshot, header, candidates)


# FMT-33: a design property's citation names every criterion the property validates.
def _cited(graph: TraceGraph, item: Resolved) -> list[str]:
    """Every clause one mention names (a `Property N` citation names several)."""
    return [
        r.clause
        for r in graph.resolved_in.get(item.mention.path, ())
        if r.mention == item.mention and r.clause is not None
    ]


def _listed_markdown(snapshot: Snapshot, header: str, clause_ids: Sequence[str]) -> str:
    """A header and a list of clauses, each with its title and where it is declared."""
    graph = snapshot.graph
    lines = [header, ""]
    for clause_id in clause_ids:
        clause = graph.clauses[clause_id]
        lines.append(
            f"- **{clause_id}** {clause.title} ({snapshot.link(clause.path, clause.span)})"
        )
    return "\n".join(lines)


def clause_markdown(snapshot: Snapshot, clause: Clause, coverage: bool) -> str:
    """A clause as Markdown: id and title, its text, where it is, and (optionally) its coverage."""
    graph = snapshot.graph
    if clause.kind != "heading":
        heading = f"**{clause.id}**"  # an item's title is the start of its text, shown below
    elif clause.explicit:
        heading = f"**{clause.id}** {clause.title}"
    else:
        heading = f"**{clause.title}** `{clause.id}`"
    if clause.version is not None and clause.version > 1:
        heading += f" (version {clause.version})"  # FMT-106: tracey's `r[id+N]`
    parts = [heading]
    if clause.text:
        lines = clause.text.splitlines()
        body = "\n".join(lines[:_TEXT_LINES]) + ("\n…" if len(lines) > _TEXT_LINES else "")
        parts.append(body)
    parts.append(f"Defined in {snapshot.link(clause.path, clause.name_span)}")
    if snapshot.lock.lock is not None:
        old = reviewed_text(graph, snapshot.lock.lock, clause.id)
        if old is not None:
            parts.append(
                "**Changed since review:** " + _render_diff(word_diff(old, clause_text(clause)))
            )
    if coverage:
        implemented = graph.implemented_by.get(clause.id, [])
        tested = graph.tested_by.get(clause.id, [])
        if implemented:
            parts.append(
                "Implemented by "
                + ", ".join(_node_link(snapshot, s, clause.id) for s in implemented)
            )
        elif clause.id in graph.requirements:
            parts.append("**Not implemented.**")
        if tested:
            parts.append(
                "Tested by " + ", ".join(_node_link(snapshot, t, clause.id) for t in tested)
            )
        elif clause.id in graph.requirements:
            parts.append("**Not tested.**")
    return "\n\n".join(parts)


# DRIFT-4: what changed in a clause, word by word: ~~removed~~ and **added**.
def _render_diff(parts: list[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "~~{}~~", "+": "**{}**"}
    return " ".join(marks[op].format(words) for op, words in parts)


# FMT-12: a link from a task list says which task and where, apart from a marker in code.
def _node_link(snapshot: Snapshot, node: str, clause_id: str) -> str:
    """A link to a clause's implementation or test (a symbol, a test or a whole file), with
    the task or field that names it when a task list or requirement file is the evidence."""
    graph = snapshot.graph
    if node in graph.symbols:
        shown = _symbol_link(snapshot, node)
    elif node in graph.tests:
        shown = _test_link(snapshot, node)
    else:
        shown = f"[`{node}`]({snapshot.uri(node)})"
    for link in graph.links_of(clause_id):
        if link.source == node and link.evidence == "task":
            named = _task_name(graph.task_of(link))
            return f"{shown} ({named} in {snapshot.link(link.path, link.span)})"
    return shown


# FMT-94: a requirement's own field is named as a field, not as a task.
def _task_name(task: Task | None) -> str:
    """`task T012`, a requirement's field (`` `implementation` ``), or `a task`."""
    if task is None or not task.label:
        return "a task"
    return f"`{task.label}`" if task.kind == "field" else f"task {task.label}"


def _symbol_link(snapshot: Snapshot, symbol_id: str) -> str:
    symbol = snapshot.graph.symbols[symbol_id]
    return f"[`{symbol.qualname}`]({snapshot.uri(symbol.path)}#L{symbol.name_span.start_line + 1})"


def _test_link(snapshot: Snapshot, test_id: str) -> str:
    test = snapshot.graph.tests[test_id]
    return f"[`{test.id}`]({snapshot.uri(test.path)}#L{test.name_span.start_line + 1})"


def _symbol_markdown(snapshot: Snapshot, symbol_id: str) -> str:
    graph = snapshot.graph
    clauses = graph.clauses_of_symbol(symbol_id)
    if not clauses:
        return f"`{graph.symbols[symbol_id].qualname}` implements no spec clause."
    parts = [clause_markdown(snapshot, graph.clauses[c], coverage=False) for c in clauses]
    tests = graph.tests_of_symbol(symbol_id)
    parts.append(
        "Tested by " + ", ".join(_test_link(snapshot, t) for t in tests)
        if tests
        else "**Not tested.**"
    )
    return "\n\n---\n\n".join(parts[:-1]) + "\n\n" + parts[-1]


def _test_markdown(snapshot: Snapshot, test_id: str) -> str:
    graph = snapshot.graph
    clauses = graph.clauses_of_test(test_id)
    if not clauses:
        return f"`{graph.tests[test_id].name}` checks no spec clause."
    return "Checks\n\n" + "\n\n---\n\n".join(
        clause_markdown(snapshot, graph.clauses[c], coverage=False) for c in clauses
    )
