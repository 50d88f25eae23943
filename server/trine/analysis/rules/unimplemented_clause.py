"""`unimplemented-clause`: a requirement that no function or class implements."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.advice import code_advice
from trine.analysis.findings import Finding, clause_label
from trine.analysis.rule import CheckContext, Rule


# DIAG-3; CL-20: a SHOULD clause one severity milder; DIAG-15: not without any code file;
# DIAG-26: nor where most of the code is in languages trine does not read.
def check(context: CheckContext, clause_id: str) -> Iterator[Finding]:
    """`unimplemented-clause`: requirements no symbol implements, in a workspace with code."""
    graph = context.graph
    if not graph.judges("code"):
        return
    # FMT-128 to FMT-130: nor where a task list says the work is out of sight, or not begun.
    unjudged = graph.unjudged(clause_id)
    if unjudged is not None and "code" in unjudged.needs:
        return
    if graph.needs(clause_id, "code") and not graph.implemented_by.get(clause_id):
        clause = graph.clauses[clause_id]
        yield Finding(
            "unimplemented-clause",
            clause.path,
            clause.name_span,
            f"{clause_label(clause)} is not implemented: {code_advice(graph, clause)}",
            {"clause": clause.id},
            milder=graph.strength(clause_id) == "should",
        )


RULE = Rule(
    code="unimplemented-clause",
    order=3,
    default="warning",
    scope="clause",
    early=False,
    check=check,
    summary="A requirement that no function or class implements.",
    why=(
        "A requirement (an explicit id, an RFC 2119 keyword, or a heading naming a function)"
        " with no implementation is either not built yet or its link is missing. A SHOULD"
        " clause is reported one severity milder, a MAY clause not at all, and nothing is"
        " reported in a workspace where trine reads no code file, nor where most of the code"
        " is in languages trine does not read yet, whose links it cannot see (the summary"
        " says so)."
    ),
    example=(
        "```markdown\n"
        "- **DUR-3** Malformed input MUST raise ValueError.   <- no function names DUR-3\n"
        "```\n\n"
        "Use instead:\n\n"
        "```python\n"
        "# DUR-3: malformed input raises ValueError.\n"
        "def check(text): ...\n"
        "```"
    ),
    how_to_fix=(
        "Name the clause id in the docstring, a comment, or the comment block above the"
        " function that implements it: a tracey rule by an `r[impl ID]` comment, a Kiro"
        " criterion by `Validates: Requirements 1.2`."
    ),
    options=(
        '- `coverage`: `"auto"` (the default) reports nothing where most of the code is in'
        ' languages trine does not read yet; `"always"` reports all the same.'
    ),
)
