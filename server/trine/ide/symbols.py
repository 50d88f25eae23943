"""Document symbols (a spec's clause outline) and workspace symbols (clauses by id and title)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trine.ide.snapshot import Snapshot
from trine.parsers.facts import Clause
from trine.parsers.text import Span


@dataclass
class OutlineItem:
    """A clause in the outline, with its children."""

    name: str
    detail: str
    span: Span
    selection: Span
    requirement: bool
    children: list[OutlineItem] = field(default_factory=list)


# LSP-11
def document_symbols(snapshot: Snapshot, path: str) -> list[OutlineItem]:
    """The clause tree of a spec file."""
    record = snapshot.graph.records.get(path)
    if record is None:
        return []
    roots: list[OutlineItem] = []
    by_id: dict[str, OutlineItem] = {}
    for clause in record.clauses:
        item = OutlineItem(
            name=clause.id if clause.explicit else clause.title,
            detail=clause.title if clause.explicit else "",
            span=clause.span,
            selection=clause.name_span,
            requirement=clause.id in snapshot.graph.requirements,
        )
        parent = by_id.get(clause.parent) if clause.parent else None
        (parent.children if parent else roots).append(item)
        by_id.setdefault(clause.id, item)
    return roots


# LSP-11
def workspace_symbols(snapshot: Snapshot, query: str) -> list[Clause]:
    """Clauses whose id or title contains the query (case-insensitive), ids first."""
    needle = query.lower()
    found = [
        c
        for c in snapshot.graph.clauses.values()
        if needle in c.id.lower() or needle in c.title.lower()
    ]
    return sorted(found, key=lambda c: (not c.explicit, c.id))
