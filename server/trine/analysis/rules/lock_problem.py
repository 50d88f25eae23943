"""`lock-problem`: a trine.lock that cannot be read."""

from __future__ import annotations

from collections.abc import Iterable

from trine.analysis import drift
from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


def check(context: CheckContext, _subject: str) -> Iterable[Finding]:
    """The problems of the lock as read."""
    return drift.lock_problems(context.lock)


RULE = Rule(
    code="lock-problem",
    order=10,
    default="error",
    scope="lock",
    early=True,
    check=check,
    summary=("A trine.lock that cannot be read: invalid TOML, conflict markers, a future version."),
    why="Without a trustworthy lock, drift cannot be checked; trine never overwrites it silently.",
    example=(
        "A merge left conflict markers in the lock:\n\n"
        "```toml\n"
        "<<<<<<< HEAD\n"
        '[[link]]\nclause = "REQ-1"\n'
        "=======\n"
        "```"
    ),
    how_to_fix=(
        "Resolve the conflict or fix the file; `trine lock --force` rewrites it from the"
        " current state."
    ),
)
