"""`changed-since-review`: a function or test whose body changed since its link was reviewed."""

from __future__ import annotations

from collections.abc import Iterable

from trine.analysis import drift
from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


def check(context: CheckContext, clause_id: str) -> Iterable[Finding]:
    """The implementations and tests of a clause whose body changed since the review."""
    return drift.changed_since_review(context.graph, context.lock, clause_id)


RULE = Rule(
    code="changed-since-review",
    order=9,
    default="off",
    scope="clause",
    early=False,
    check=check,
    summary="A function or test whose body changed since its clause's link was reviewed.",
    why="The other direction of drift: the code moved while the clause stayed. Off by default.",
    example=(
        "`slugify` implements SLUG-2 and the link was reviewed; then its body changed from"
        " `text.lower()` to `text.casefold()` while SLUG-2 stayed as it was."
    ),
    how_to_fix="Check that the code still meets the clause, then mark the link reviewed.",
)
