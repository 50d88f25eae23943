"""`copied-spec`: a spec file that is a copy of another, read once, from the original."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.parsers.text import Span


# FMT-68
def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """`copied-spec`: spec files whose text is another spec file's."""
    record = context.graph.records.get(path)
    if record is not None and record.copy_of:
        yield Finding(
            "copied-spec",
            path,
            Span(0, 0, 0, 0),
            f"a copy of {record.copy_of}: its clauses are read once, from {record.copy_of}",
        )


RULE = Rule(
    code="copied-spec",
    order=15,
    default="info",
    scope="file",
    early=True,
    check=check,
    summary=(
        "A spec file whose text is another spec file's (a vendored or bundled copy): its"
        " clauses are read once, from the original."
    ),
    why=(
        "A copy would declare every clause a second time. trine reads the shallowest of the"
        " files (then the first by name) and names the others as its copies, so that a copy"
        " neither duplicates clauses nor goes unnoticed when the original changes."
    ),
    example=(
        "`docs/vendor/SPEC.md` is a byte-for-byte copy of `SPEC.md`:\n\n"
        "```text\n"
        "docs/vendor/SPEC.md:1:1: info: a copy of SPEC.md: its clauses are read once, from"
        " SPEC.md [copied-spec]\n"
        "```"
    ),
    how_to_fix=(
        "Nothing, if the copy is meant to be there. Otherwise delete it, or exclude it with the"
        " `exclude` setting; set the rule to `off` to stop hearing about copies."
    ),
    options="- `exclude`: globs of paths trine never reads.",
)
