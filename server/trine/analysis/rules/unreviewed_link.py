"""`unreviewed-link`: a link that trine.lock does not record yet."""

from __future__ import annotations

from collections.abc import Iterable

from trine.analysis import drift
from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


def check(context: CheckContext, clause_id: str) -> Iterable[Finding]:
    """The links to a clause that the lock does not record."""
    return drift.unreviewed_links(context.graph, context.lock, clause_id)


RULE = Rule(
    code="unreviewed-link",
    order=8,
    default="off",
    scope="clause",
    early=False,
    check=check,
    summary="A link that trine.lock does not record yet.",
    why="With a lock in place, a new link has not been reviewed by anyone. Off by default.",
    example=(
        "A new test names REQ-3 in its docstring; `trine.lock` has no entry for the link from"
        " that test to REQ-3 until `trine lock` records it."
    ),
    how_to_fix="Review the link, then run `trine lock --clause ID` (or `trine lock`).",
)
