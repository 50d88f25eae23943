"""`ambiguous-reference`: a bare id that several scopes declare, and nothing says which."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Diagnostic, Finding
from trine.analysis.fixes import Action, FileEdit, FixContext, TextEdit
from trine.analysis.rule import CheckContext, Rule
from trine.index.graph import Resolved, TraceGraph


def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """Ambiguous bare ids in a file."""
    for item in context.graph.resolved_in.get(path, ()):
        if item.candidates:
            yield _ambiguous(context.graph, item)


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
    """Replace the bare id with each qualified form."""
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
