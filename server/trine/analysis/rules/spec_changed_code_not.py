"""`spec-changed-code-not`: with `--since REV`, a clause that changed while its code did not."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.analysis.since import spec_changed_code_not


def check(context: CheckContext, _subject: str) -> Iterator[Finding]:
    """The clauses that changed since the baseline, when there is one."""
    if context.baseline is not None:
        baseline = context.baseline
        yield from spec_changed_code_not(
            baseline.graph, context.graph, baseline.revision, baseline.metadata
        )


RULE = Rule(
    code="spec-changed-code-not",
    order=11,
    default="warning",
    scope="since",
    early=False,
    check=check,
    summary=(
        "With `--since REV`: a clause whose text changed while none of its implementations or"
        " tests did."
    ),
    why=(
        "A pull request that changes the spec but not the code is either incomplete or needs"
        " a reviewer to confirm the code still holds."
    ),
    example=(
        "A pull request changes REQ-1 from"
        ' "Writes MUST be durable." to "Writes MUST be durable and fast." and touches neither'
        " `write` (which implements REQ-1) nor `test_write`; `trine check --since origin/main`"
        " reports REQ-1."
    ),
    how_to_fix="Update the implementations and tests named in the message, or confirm they still hold.",
    options=(
        "- `since_ignore`: labels of the metadata lines that are not a change of a clause"
        " (`Status:`, `Last updated:`, ...; see the configuration). Whitespace is never one."
    ),
)
