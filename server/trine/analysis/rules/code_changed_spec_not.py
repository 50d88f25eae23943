"""`code-changed-spec-not`: with `--since REV`, a function that changed while its spec did not."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.analysis.since import code_changed_spec_not


def check(context: CheckContext, _subject: str) -> Iterator[Finding]:
    """The functions that changed since the baseline, when there is one."""
    if context.baseline is not None:
        baseline = context.baseline
        yield from code_changed_spec_not(
            baseline.graph, context.graph, baseline.revision, baseline.metadata
        )


RULE = Rule(
    code="code-changed-spec-not",
    order=12,
    default="info",
    scope="since",
    early=False,
    check=check,
    summary=(
        "With `--since REV`: a function whose body changed while its clauses and tests did not."
    ),
    why="Behaviour may have changed without the spec or the tests saying so.",
    example=(
        "A pull request changes the body of `read` (which implements REQ-2) but neither REQ-2"
        " nor the tests of `read`; `trine check --since origin/main` reports `read`."
    ),
    how_to_fix=(
        "If the behaviour changed, update the clause and the tests; otherwise nothing to do."
    ),
)
