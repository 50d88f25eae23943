"""`duplicate-clause`: an explicit clause id declared a second time."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


# DIAG-2
def check(context: CheckContext, clause_id: str) -> Iterator[Finding]:
    """`duplicate-clause`: on every declaration of an id after the first."""
    declarations = context.graph.declarations(clause_id)
    for clause in declarations[1:]:
        first = declarations[0]
        yield Finding(
            "duplicate-clause",
            clause.path,
            clause.name_span,
            f"{clause.id} is already declared at {first.path}:{first.span.start_line + 1}: give"
            " this clause a new id",
            {"clause": clause.id},
        )


RULE = Rule(
    code="duplicate-clause",
    order=2,
    default="error",
    scope="clause",
    early=True,
    check=check,
    summary="An explicit clause id declared a second time.",
    why=(
        "Ids are global to the workspace; two clauses with one id make every link to it"
        " ambiguous. Reported on the second declaration."
    ),
    example=(
        "```markdown\n"
        "- **AUTH-1** A session MUST expire after an hour.\n"
        "- **AUTH-1** A password MUST have twelve characters.   <- duplicate-clause\n"
        "```\n\n"
        "Use instead:\n\n"
        "```markdown\n"
        "- **AUTH-1** A session MUST expire after an hour.\n"
        "- **AUTH-2** A password MUST have twelve characters.\n"
        "```"
    ),
    how_to_fix="Give one of the clauses a new id.",
)
