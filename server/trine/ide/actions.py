"""Code actions: the quick fixes of the diagnostics' rules, "link to clause" for an untraced
function, and "copy reference" on a clause."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from trine.analysis.findings import Diagnostic
from trine.analysis.fixes import Action, FileEdit, FixContext, TextEdit, TextOf
from trine.analysis.registry import RULES
from trine.analysis.rules.stale_link import REVIEW as REVIEW  # the command lsp/ registers
from trine.ide.edits import outside
from trine.ide.snapshot import Snapshot, hit_at
from trine.index.records import Symbol
from trine.parsers.facts import Clause
from trine.parsers.text import Span

COPY_REFERENCE = "trine.copyReference"
_WORDS = re.compile(r"[A-Za-z][a-z0-9]*|[0-9]+")


# LSP-14: copy reference on a clause.
# LSP-26: an action whose edits would leave the workspace is not offered.
def code_actions(
    snapshot: Snapshot,
    path: str,
    span: Span,
    diagnostics: Sequence[Diagnostic],
    text_of: TextOf,
    can_create: bool = True,
) -> list[Action]:
    """Actions for a range: fixes for the diagnostics in it, then actions on what is under it.

    `can_create` says whether the editor can create files; if not, stubs go into an existing
    test file. Actions that would edit a file outside the workspace (through a symbolic link,
    say) are left out."""
    context = FixContext(snapshot.graph, snapshot.root, text_of, can_create)
    actions: list[Action] = []
    for diagnostic in diagnostics:
        rule = RULES.get(diagnostic.code)
        if rule is not None and rule.fix is not None:
            actions += rule.fix(diagnostic, context)
    hit = hit_at(snapshot, path, span.start_line, span.start_col)
    if hit is not None and hit.kind == "symbol" and not snapshot.graph.clauses_of_symbol(hit.id):
        actions += _link_to_clause(snapshot, snapshot.graph.symbols[hit.id], text_of)
    if hit is not None and hit.kind == "clause":
        reference = hit.id
        actions.append(
            Action(
                f"Copy reference {reference}", "refactor", command=(COPY_REFERENCE, (reference,))
            )
        )
    return [action for action in actions if not outside(snapshot.root, action.edits)]


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text) if len(w) > 2}


def best_clauses(snapshot: Snapshot, symbol: Symbol, limit: int = 3) -> list[Clause]:
    """The requirements most like a function, by shared words in name, title and text."""
    graph = snapshot.graph
    name_words = _words(symbol.qualname.replace("_", " ").replace(".", " "))
    scored = []
    for clause_id in graph.requirements:
        clause = graph.clauses[clause_id]
        words = _words(f"{clause.title} {clause.text}")
        overlap = len(name_words & words)
        if overlap:
            ratio = difflib.SequenceMatcher(None, symbol.name.lower(), clause.title.lower()).ratio()
            scored.append((overlap + ratio, clause.id, clause))
    return [c for _, _, c in sorted(scored, key=lambda s: (-s[0], s[1]))[:limit]]


# LSP-14
def _link_to_clause(snapshot: Snapshot, symbol: Symbol, text_of: TextOf) -> list[Action]:
    text = text_of(symbol.path)
    if text is None:
        return []
    line = text.split("\n")[symbol.span.start_line]
    indent = line[: len(line) - len(line.lstrip())]
    at = Span(symbol.span.start_line, 0, symbol.span.start_line, 0)
    return [
        Action(
            f"Link {symbol.qualname} to clause {clause.id} ({clause.title})",
            "quickfix",
            (FileEdit(symbol.path, (TextEdit(at, f"{indent}# {clause.id}: {clause.title}\n"),)),),
        )
        for clause in best_clauses(snapshot, symbol)
    ]
