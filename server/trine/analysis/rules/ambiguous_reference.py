"""`ambiguous-reference`: a bare id that several scopes declare, and nothing says which."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from trine.analysis.findings import Diagnostic, Finding
from trine.analysis.fixes import Action, FileEdit, FixContext, TextEdit
from trine.analysis.rule import CheckContext, Rule
from trine.index.graph import Resolved, TraceGraph
from trine.parsers.text import Span


def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """Ambiguous bare ids in a file: one finding per line that has any."""
    lines: dict[int, list[Resolved]] = defaultdict(list)
    for item in context.graph.resolved_in.get(path, ()):
        if item.candidates:
            lines[item.mention.span.start_line].append(item)
    for items in lines.values():
        yield _ambiguous(context.graph, items[0]) if len(items) == 1 else _together(items)


# DIAG-29: `Requirements: 6.2, 6.3, 6.4` with no `Feature:` is one problem, said once.
def _together(items: list[Resolved]) -> Finding:
    """One finding for the ambiguous ids of one line: the scopes that declare them all, and
    a quick fix per such scope that qualifies every one."""
    first, last = items[0].mention, items[-1].mention
    targets = list(dict.fromkeys(item.mention.target for item in items))
    scopes = [{c.rpartition("/")[0] for c in item.candidates} for item in items]
    common = sorted(set.intersection(*scopes))[:_SHOWN]
    named = ", ".join(targets[:-1]) + f" and {targets[-1]}"
    where = f"each declared in {', '.join(common)}" if common else "each declared in several scopes"
    return Finding(
        "ambiguous-reference",
        first.path,
        Span(first.span.start_line, first.span.start_col, last.span.end_line, last.span.end_col),
        f"{named} are {where}; write the ones meant qualified ({common[0] if common else 'scope'}"
        f"/{targets[0]}), or {_scope_hint(items[0])}",
        {
            "targets": targets,
            "scopes": common,
            "spans": [list(_place(item.mention.span)) for item in items],
        },
    )


def _place(span: Span) -> tuple[int, int, int]:
    return span.start_line, span.start_col, span.end_col


# DIAG-12: the message lists the candidates and the qualified forms that fix it.
def _ambiguous(graph: TraceGraph, item: Resolved) -> Finding:
    m = item.mention
    shown = item.candidates[:_SHOWN]
    more = len(item.candidates) - len(shown)
    places = ", ".join(f"{c} ({graph.clauses[c].path})" for c in shown if c in graph.clauses)
    forms = " or ".join(shown) + (f" (or one of {more} more)" if more else "")
    return Finding(
        "ambiguous-reference",
        m.path,
        m.span,
        f"{m.target} is declared in {len(item.candidates)} scopes: {places}"
        f"{f', and {more} more' if more else ''}; write the one meant as {forms}, or"
        f" {_scope_hint(item)}",
        {"target": m.target, "candidates": list(shown)},
    )


# FMT-31: a Kiro-style citation is told its spec as Kiro does, by a `Feature:` line.
def _scope_hint(item: Resolved) -> str:
    """How to give the mention a scope: a `Feature:` line for a Kiro-style citation."""
    if item.mention.kind == "citation":
        spec = item.candidates[0].rpartition("/")[0]
        return f"name the spec in this docstring or comment (Feature: {spec})"
    return "give this file a scope ([tool.trine.scopes])"


_SHOWN = 8
"""Candidates a message names and the quick fix offers (a bare `SC-001` may have hundreds)."""


def fix(diagnostic: Diagnostic, _context: FixContext) -> list[Action]:
    """Replace the bare id with each qualified form; on a line of several, qualify them all
    by each scope that declares them all."""
    if "scopes" in diagnostic.data:
        return _qualify_all(diagnostic)
    candidates = diagnostic.data.get("candidates", [])
    assert isinstance(candidates, list)
    return [
        Action(
            f"Replace with {c}",
            "quickfix",
            (FileEdit(diagnostic.path, (TextEdit(diagnostic.span, str(c)),)),),
            diagnostic=diagnostic,
        )
        for c in candidates
    ]


def _qualify_all(diagnostic: Diagnostic) -> list[Action]:
    scopes, spans, targets = (diagnostic.data[k] for k in ("scopes", "spans", "targets"))
    assert isinstance(scopes, list) and isinstance(spans, list) and isinstance(targets, list)
    places = [Span(line, start, line, end) for line, start, end in spans]
    return [
        Action(
            f"Qualify them all as {scope}/…",
            "quickfix",
            (
                FileEdit(
                    diagnostic.path,
                    tuple(
                        TextEdit(place, f"{scope}/{target}")
                        for place, target in zip(places, targets, strict=True)
                    ),
                ),
            ),
            diagnostic=diagnostic,
        )
        for scope in scopes
    ]


RULE = Rule(
    code="ambiguous-reference",
    order=14,
    default="warning",
    scope="file",
    early=True,
    check=check,
    fix=fix,
    summary=(
        "A bare clause id declared in several scopes (feature folders whose ids restart), with"
        " nothing to say which one it names."
    ),
    why=(
        "Where every feature numbers its requirements from `FR-001`, a bare `FR-001` outside"
        " a feature names one of several clauses, and trine will not guess: the reference links"
        " nothing until it is qualified. A warning by default, so that a project that has always"
        " written bare ids does not fail CI on day one."
    ),
    example=(
        "With `specs/001-core/spec.md` and `specs/002-export/spec.md` both declaring `FR-001`:\n\n"
        "```python\n"
        "def load():\n"
        '    """Load the store (FR-001)."""  # which feature?\n'
        "```\n\n"
        "Use instead:\n\n"
        "```python\n"
        "def load():\n"
        '    """Load the store (001-core/FR-001)."""\n'
        "```"
    ),
    how_to_fix=(
        "Qualify the id with its scope (`001-core/FR-001`, `specs/001-core#FR-001` or"
        " `1-FR-001`; the quick fix offers each), or give the file a scope: put it in the"
        " feature folder, map it in `[tool.trine.scopes]`, or name `Feature: <scope>` in a"
        " test's docstring."
    ),
    options=(
        "- `scopes`: a table from a scope to the globs of the code and test files in it"
        ' (`scopes = { "001-core" = ["src/core/**"] }`).'
    ),
)
