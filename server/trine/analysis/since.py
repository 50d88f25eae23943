"""PR mode: what changed between a base revision's graph and today's, without any lock."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from trine.analysis.findings import Finding
from trine.index.fingerprint import clause_text, fingerprint
from trine.index.graph import TraceGraph
from trine.parsers.facts import Clause

METADATA = (
    "Lineage:",
    "Status:",
    "Last updated:",
    "Last modified:",
    "Updated:",
    "Created:",
    "Date:",
    "Version:",
    "Author:",
    "Owner:",
)
"""Labels of the lines `--since` does not count as what a clause says (`since_ignore`)."""

_MARKUP = re.compile(r"[*_`]")
_LEADER = re.compile(r"^[\s>+-]*(?:\d+[.)])?\s*")


# DRIFT-13: metadata lines are bookkeeping, not what a clause says.
def is_metadata(line: str, labels: Sequence[str]) -> bool:
    """Whether a line starts with one of the labels, case aside, once list and quote markers
    and emphasis are set aside (`- **Status**: Draft` starts with `Status:`)."""
    text = _LEADER.sub("", _MARKUP.sub("", line)).casefold()
    return any(text.startswith(label.casefold()) for label in labels)


# DRIFT-13: whitespace is never a change (the fingerprint compares words), metadata lines
# neither.
def _said(clause: Clause, labels: Sequence[str]) -> str:
    """The fingerprint of what a clause says, its metadata lines left out."""
    lines = clause_text(clause).splitlines()
    return fingerprint("\n".join(line for line in lines if not is_metadata(line, labels)))


def _changed_node(old: TraceGraph, new: TraceGraph, node: str) -> bool:
    """Whether a symbol or test is new or has a different body than at the base revision (a
    whole file, the end of a task's link: a different text)."""
    if node in new.records:
        before = old.records.get(node)
        return before is None or before.digest != new.records[node].digest
    now = new.symbols.get(node) or new.tests.get(node)
    then = old.symbols.get(node) or old.tests.get(node)
    return now is not None and (then is None or then.body_hash != now.body_hash)


def _changed_clause(
    old: TraceGraph, new: TraceGraph, clause_id: str, labels: Sequence[str]
) -> bool:
    then = old.clauses.get(clause_id)
    return then is not None and _said(then, labels) != _said(new.clauses[clause_id], labels)


# DRIFT-7: clauses that moved while their code and tests stood still, and the reverse.
def since_findings(
    old: TraceGraph, new: TraceGraph, revision: str, labels: Sequence[str] = METADATA
) -> Iterator[Finding]:
    """`spec-changed-code-not` and `code-changed-spec-not` between two graphs."""
    yield from spec_changed_code_not(old, new, revision, labels)
    yield from code_changed_spec_not(old, new, revision, labels)


def spec_changed_code_not(
    old: TraceGraph, new: TraceGraph, revision: str, labels: Sequence[str] = METADATA
) -> Iterator[Finding]:
    """`spec-changed-code-not`: clauses that changed while their implementations and tests did
    not."""
    for clause_id in sorted(new.requirements):
        if not _changed_clause(old, new, clause_id, labels):
            continue
        followers = new.implemented_by.get(clause_id, []) + new.tested_by.get(clause_id, [])
        if followers and not any(_changed_node(old, new, n) for n in followers):
            clause = new.clauses[clause_id]
            names = ", ".join(sorted({n.rsplit("::", 1)[-1] for n in followers}))
            yield Finding(
                "spec-changed-code-not",
                clause.path,
                clause.name_span,
                f"{clause_id} changed since {revision} but none of its implementations or tests"
                f" did ({names}): update them, or confirm they still hold",
                {"clause": clause_id},
            )


def code_changed_spec_not(
    old: TraceGraph, new: TraceGraph, revision: str, labels: Sequence[str] = METADATA
) -> Iterator[Finding]:
    """`code-changed-spec-not`: functions that changed while their clauses and tests did not."""
    for symbol in new.symbols.values():
        clauses = new.clauses_of_symbol(symbol.id)
        if not clauses or not _changed_node(old, new, symbol.id) or symbol.id not in old.symbols:
            continue
        tests = new.tests_of_symbol(symbol.id)
        if any(_changed_clause(old, new, c, labels) for c in clauses) or any(
            _changed_node(old, new, t) for t in tests
        ):
            continue
        yield Finding(
            "code-changed-spec-not",
            symbol.path,
            symbol.name_span,
            f"{symbol.qualname} changed since {revision} but its clauses ({', '.join(clauses)}) and"
            " tests did not: if its behaviour changed, update the spec and the tests",
            {"symbol": symbol.id},
        )
