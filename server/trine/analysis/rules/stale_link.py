"""`stale-link`: a link whose clause changed since the link was reviewed."""

from __future__ import annotations

from collections.abc import Iterable

from trine.analysis import drift
from trine.analysis.findings import Diagnostic, Finding
from trine.analysis.fixes import Action, FixContext
from trine.analysis.rule import CheckContext, Rule

REVIEW = "trine.review"
"""The command that marks links reviewed: arguments clause, source ("" for all), kind."""


def check(context: CheckContext, clause_id: str) -> Iterable[Finding]:
    """Stale links to a clause, at each linking place and on the clause."""
    return drift.stale_links(context.graph, context.lock, clause_id)


# LSP-14
# DRIFT-6: review one stale link, or every link of its clause.
def fix(diagnostic: Diagnostic, _context: FixContext) -> list[Action]:
    """Mark this link reviewed (preferred, where the diagnostic is on one link), or all links
    of its clause."""
    clause = str(diagnostic.data.get("clause", ""))
    everything = Action(
        f"Mark all links of {clause} as reviewed",
        "quickfix",
        command=(REVIEW, (clause, "", "")),
        diagnostic=diagnostic,
    )
    source = diagnostic.data.get("source")
    if source is None:
        return [everything]
    one = Action(
        f"Mark this link to {clause} as reviewed",
        "quickfix",
        command=(REVIEW, (clause, str(source), str(diagnostic.data.get("kind", "")))),
        diagnostic=diagnostic,
        preferred=True,
    )
    return [one, everything]


RULE = Rule(
    code="stale-link",
    order=7,
    default="warning",
    scope="clause",
    early=False,
    check=check,
    fix=fix,
    summary="A link whose clause changed since the link was reviewed (recorded in trine.lock).",
    why=(
        "When a clause's words change, the code and tests written against the old words may no"
        " longer meet it. Whitespace and reflow are not changes. The message quotes the words"
        " that changed. A test that checks the clause only by calling its code is told too, at"
        " information level, since trine.lock does not record links through calls."
    ),
    example=(
        "`trine.lock` recorded the link from `slugify` to SLUG-4 when SLUG-4 read"
        ' "An empty title MUST give an empty slug."; the spec now says:\n\n'
        "```markdown\n"
        '- **SLUG-4** An empty title MUST give the slug "untitled".\n'
        "```\n\n"
        "and `slugify`, which names SLUG-4, is reported until someone checks it against the new"
        " words and marks the link reviewed."
    ),
    how_to_fix=(
        "Update the code or test to match the clause (the hover shows what changed), then mark"
        " the link reviewed: the editor's quick fix, or `trine lock --clause ID`."
    ),
)
