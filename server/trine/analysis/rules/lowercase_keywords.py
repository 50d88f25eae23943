"""`lowercase-keywords`: a spec that writes its obligations as lowercase `must` and `shall`."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.parsers.facts import Clause


# DIAG-14: once for the workspace, and only where counting lowercase words would change what
# is required (an id already makes a clause a requirement; a capital MUST anywhere shows the
# specs know the convention).
def check(context: CheckContext, subject: str) -> Iterator[Finding]:
    """`lowercase-keywords`: the workspace's specs use no normative word in capitals, and
    clauses without an id use lowercase `must`/`shall`, which the keyword policy ignores."""
    graph = context.graph
    policy = graph.policy.keywords
    first: Clause | None = None
    words: set[str] = set()
    for path in sorted(p for p, r in graph.records.items() if r.role == "spec"):
        for clause in graph.records[path].clauses:
            if any(w.isupper() and policy.strength_of(w) is not None for w in clause.keywords):
                return
            found = policy.lowercase_modals(clause.keywords)
            if found and not clause.explicit and clause.needs is None:
                words.update(found)
                first = first or clause
    if first is not None:
        listed = ", ".join(f'"{w}"' for w in sorted(words))
        yield Finding(
            "lowercase-keywords",
            first.path,
            first.name_span,
            f"the specs write their obligations in lowercase ({listed}) and no normative word"
            " in capitals, and trine counts only capitals, so clauses like this one need"
            f" nothing: if they oblige, set `lowercase = [{listed}]` under"
            " [tool.trine.keywords], else write MUST where you mean it",
        )


RULE = Rule(
    code="lowercase-keywords",
    order=18,
    default="info",
    scope="specs",
    early=True,
    check=check,
    summary=(
        "Specs that write their obligations as lowercase `must` or `shall` and use no normative"
        " word in capitals, so that clauses without an id need nothing; reported once for the"
        " workspace."
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
