"""`duplicate-clause`: an explicit clause id declared a second time."""

from __future__ import annotations

import re
from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.parsers.facts import Clause

_NOT_WORDS = re.compile(r"\W+")


# DIAG-2
def check(context: CheckContext, clause_id: str) -> Iterator[Finding]:
    """`duplicate-clause`: on every declaration of an id after the first."""
    declarations = context.graph.declarations(clause_id)
    if not declarations:
        return
    first, *later = declarations
    for clause in later:
        if _restates(clause, first):
            continue
        yield Finding(
            "duplicate-clause",
            clause.path,
            clause.name_span,
            f"{clause.id} is already declared at {first.path}:{first.span.start_line + 1}: give"
            " this clause a new id",
            {"clause": clause.id},
        )


# DIAG-2: another file's heading with the same id and title restates the clause (a spec page
# repeating the invariant it enforces), and headings of two files that both end with the id
# (`### Signal Chain Position (FR-049)`) are notes about it: a new id is not the fix.
# DIAG-21: so does an item or paragraph of another file that opens with a heading's id.
def _restates(clause: Clause, first: Clause) -> bool:
    """Whether a later declaration, in another file, restates the first heading: an item or
    paragraph opening with its id (CL-26), a heading with its title (or starting so), or both
    headings close with the id."""
    if clause.path == first.path or first.kind != "heading":
        return False
    if clause.kind != "heading":
        return True
    if _closes_with_id(clause) and _closes_with_id(first):
        return True
    mine, theirs = (_NOT_WORDS.sub(" ", c.title).strip().casefold() for c in (clause, first))
    return bool(mine and theirs) and (mine.startswith(theirs) or theirs.startswith(mine))


def _closes_with_id(clause: Clause) -> bool:
    """Whether a heading names its id after its title (CL-11), not before it."""
    return clause.id_span is not None and clause.id_span.start_col > clause.name_span.start_col


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
