"""`needs-clarification`: an open question a spec marks `[NEEDS CLARIFICATION: …]` (spec-kit)."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


# FMT-6: each marker is reported where it stands, as information.
def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """`needs-clarification`: the markers a spec file's reader found."""
    return context.marked(path, "needs-clarification")


RULE = Rule(
    code="needs-clarification",
    order=16,
    default="info",
    scope="file",
    early=True,
    check=check,
    summary=(
        "A question a spec-kit spec leaves open, marked `[NEEDS CLARIFICATION: …]` (the"
        " checklist line `No [NEEDS CLARIFICATION] markers remain` is not a marker)."
    ),
    why=(
        "A requirement with an open question cannot be implemented or tested as written;"
        " spec-kit's own workflow expects the markers to be gone before planning."
    ),
    example=(
        "```markdown\n"
        "- **FR-006**: System MUST authenticate users via"
        " [NEEDS CLARIFICATION: auth method not specified - email/password, SSO, OAuth?]\n"
        "```"
    ),
    how_to_fix=(
        "Answer the question in the spec (spec-kit's `/speckit.clarify` does this) and remove"
        " the marker, or turn the rule off with `severity`."
    ),
)
