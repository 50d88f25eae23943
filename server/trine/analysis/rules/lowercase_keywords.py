"""`lowercase-keywords`: a spec that writes its obligations as lowercase `must` and `shall`."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


# DIAG-14: once per spec file, at the first clause that uses them.
def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """`lowercase-keywords`: a spec file with lowercase `must`/`shall` and no normative word in
    capitals, while the keyword policy counts only capitals."""
    record = context.graph.records.get(path)
    if record is None or record.role != "spec":
        return
    policy = context.graph.policy.keywords
    words = [w for clause in record.clauses for w in clause.keywords]
    if any(w.isupper() and policy.strength_of(w) is not None for w in words):
        return
    for clause in sorted(record.clauses, key=lambda c: c.span):
        found = policy.lowercase_modals(clause.keywords)
        if found:
            every = sorted({m for c in record.clauses for m in policy.lowercase_modals(c.keywords)})
            listed = ", ".join(f'"{w}"' for w in every)
            yield Finding(
                "lowercase-keywords",
                path,
                clause.name_span,
                f"this spec writes its obligations in lowercase ({listed}) and no normative word"
                " in capitals, and trine counts only capitals: if they oblige, set"
                f" `lowercase = [{listed}]` under [tool.trine.keywords], else write MUST where"
                " you mean it",
            )
            return


RULE = Rule(
    code="lowercase-keywords",
    order=18,
    default="info",
    scope="file",
    early=True,
    check=check,
    summary=(
        "A spec file that writes its obligations as lowercase `must` or `shall` and uses no"
        " normative word in capitals; reported once per file."
    ),
    why=(
        "trine reads a clause's strength from RFC 2119 words in capitals (RFC 8174), so a spec"
        " written in lowercase gets no coverage diagnostics for the clauses without an id, and"
        " its MAY-like clauses are not told from its obligations."
    ),
    example=(
        "```markdown\n"
        "## Storage\n\n"
        "Widgets must be stored durably.   <- lowercase: not read as an obligation\n"
        "```"
    ),
    how_to_fix=(
        "If the lowercase words oblige, make them count:\n\n"
        "```toml\n"
        "[tool.trine.keywords]\n"
        'lowercase = ["must", "shall"]\n'
        "```\n\n"
        "else write MUST where a sentence obliges."
    ),
    options="`[tool.trine.keywords]`: `must`, `should`, `may` (the words) and `lowercase`.",
)
