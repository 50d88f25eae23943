"""Rename an explicit clause id across spec, code and tests, as one edit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from trine.analysis.fixes import FileEdit, TextEdit
from trine.ide.edits import outside
from trine.ide.snapshot import Snapshot, hit_at
from trine.index.graph import local_id
from trine.parsers.ids import IdMatcher
from trine.parsers.text import Span


@dataclass(frozen=True)
class RenameResult:
    """The edits of a rename, or why it cannot be done."""

    edits: tuple[FileEdit, ...] = ()
    error: str | None = None


def prepare_rename(snapshot: Snapshot, path: str, line: int, col: int) -> tuple[Span, str] | None:
    """The range and text of the explicit id under the cursor, if there is one to rename."""
    hit = hit_at(snapshot, path, line, col)
    if hit is None:
        return None
    clause = snapshot.graph.clauses.get(hit.id)
    if clause is None or not clause.explicit:
        return None
    local = local_id(clause.id)
    if hit.kind == "mention" and hit.mention and hit.mention.mention.kind == "id":
        return _local_span(hit.span, local), local
    if hit.kind == "clause" and clause.id_span is not None:
        return clause.id_span, local
    return None


# LSP-32: a qualified mention keeps its qualifier; only the local id is renamed.
def _local_span(span: Span, local: str) -> Span:
    """The part of an id mention that is the local id (`FR-001` of `001-core/FR-001`)."""
    return Span(span.end_line, span.end_col - len(local), span.end_line, span.end_col)


# LSP-15
def _renamed_slug(slug: str | None, old: str, new: str) -> str | None:
    """A heading's anchor after its id is renamed (`dur-1-units` to `dur-10-units`), so that
    `spec.md#slug` links to it keep working; None when the anchor does not contain the id."""
    if not slug or old.lower() not in slug:
        return None
    return slug.replace(old.lower(), new.lower(), 1)


def rename(
    snapshot: Snapshot, path: str, line: int, col: int, new_id: str, ids: IdMatcher
) -> RenameResult:
    """Every declaration and id mention of the clause under the cursor, renamed to `new_id`."""
    prepared = prepare_rename(snapshot, path, line, col)
    if prepared is None:
        return RenameResult(error="place the cursor on an explicit clause id to rename it")
    hit = hit_at(snapshot, path, line, col)
    assert hit is not None  # prepare_rename found it
    old, old_local = hit.id, prepared[1]
    graph = snapshot.graph
    if not ids.is_id(new_id):
        return RenameResult(error=f"{new_id!r} does not match id_pattern {ids.pattern!r}")
    scope = graph.clauses[old].scope
    if (f"{scope}/{new_id}" if scope else new_id) in graph.clauses:
        return RenameResult(error=f"{new_id} is already declared; choose a free id")
    by_path: dict[str, list[TextEdit]] = defaultdict(list)
    for record in graph.records.values():
        for clause in record.clauses:
            if clause.id == old and clause.id_span is not None:
                by_path[record.path].append(TextEdit(clause.id_span, new_id))
    new_slug = _renamed_slug(graph.clauses[old].slug, old_local, new_id)
    for item in graph.mentions_of.get(old, []):
        mention = item.mention
        if mention.kind == "id":
            by_path[mention.path].append(TextEdit(_local_span(mention.span, old_local), new_id))
        elif new_slug is not None:
            anchor = mention.target[: mention.target.rindex("#") + 1] + new_slug
            by_path[mention.path].append(TextEdit(mention.span, anchor))
    edits = tuple(
        FileEdit(p, tuple(sorted(e, key=lambda t: t.span))) for p, e in sorted(by_path.items())
    )
    # LSP-26: a rename that would edit a file outside the workspace is refused, not done in part.
    escaping = outside(snapshot.root, edits)
    if escaping:
        return RenameResult(
            error=f"{old} is also named in {escaping[0]}, which lies outside the workspace"
            " (through a symbolic link): rename it there by hand"
        )
    return RenameResult(edits)
