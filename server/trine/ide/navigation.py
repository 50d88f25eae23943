"""Navigation: definition (jump to spec), implementation and references."""

from __future__ import annotations

from trine.ide.snapshot import Location, Snapshot, clause_location, hit_at, node_location


def _clause_at(snapshot: Snapshot, path: str, line: int, col: int) -> str | None:
    hit = hit_at(snapshot, path, line, col)
    if hit is None:
        return None
    if hit.kind == "clause" or (hit.kind == "mention" and hit.mention and hit.mention.clause):
        return hit.id
    return None


# LSP-8
def definition(snapshot: Snapshot, path: str, line: int, col: int) -> list[Location]:
    """A reference goes to its clause; a function or test name goes to the clauses it traces to."""
    graph = snapshot.graph
    hit = hit_at(snapshot, path, line, col)
    if hit is None:
        return []
    if hit.kind == "mention":
        clause = graph.clauses.get(hit.id)
        if clause is None and hit.mention is not None:
            # LSP-32: an ambiguous id goes to each clause it may name.
            return [clause_location(graph.clauses[c]) for c in hit.mention.candidates]
        return [clause_location(clause)] if clause else []
    if hit.kind == "symbol":
        ids = graph.clauses_of_symbol(hit.id)
    elif hit.kind == "test":
        ids = graph.clauses_of_test(hit.id)
    else:
        return []
    return [clause_location(graph.clauses[c]) for c in ids]


# LSP-9
def implementation(snapshot: Snapshot, path: str, line: int, col: int) -> list[Location]:
    """From a clause (or a reference to one) to the functions that implement it."""
    clause = _clause_at(snapshot, path, line, col)
    if clause is None:
        return []
    graph = snapshot.graph
    return [node_location(graph, s) for s in graph.implemented_by.get(clause, [])]


# LSP-9
def references(
    snapshot: Snapshot, path: str, line: int, col: int, include_declaration: bool = True
) -> list[Location]:
    """Every mention of the clause under the cursor in spec, code and tests."""
    clause = _clause_at(snapshot, path, line, col)
    if clause is None:
        return []
    graph = snapshot.graph
    found = [Location(r.mention.path, r.mention.span) for r in graph.mentions_of.get(clause, [])]
    if include_declaration:
        found.insert(0, clause_location(graph.clauses[clause]))
    return found
