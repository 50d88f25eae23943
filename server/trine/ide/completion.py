"""Completion of clause ids and `spec.md#slug` anchors in comments, docstrings and specs."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from trine.ide.snapshot import Snapshot
from trine.index.graph import local_id
from trine.parsers.text import Span

_WORD = re.compile(r"[\w./#-]*$")
_LIMIT = 1000


@dataclass(frozen=True)
class Completion:
    """One proposal: what to show and what to write over the word being typed."""

    label: str
    detail: str
    documentation: str
    replace: Span


# LSP-12
def complete(
    snapshot: Snapshot, path: str, line_text: str, line: int, col: int
) -> list[Completion]:
    """Ids or anchors for the word before the cursor, where a reference may be written."""
    record = snapshot.graph.records.get(path)
    if record is None or not _in_prose(record.role, record.prose, line_text, line, col):
        return []
    word = _WORD.search(line_text[:col])
    typed = word.group(0) if word else ""
    replace = Span(line, col - len(typed), line, col)
    if "#" in typed:
        return _anchors(snapshot, path, record.role, replace)
    if typed and not typed[0].isupper():
        # FMT-48: a lower-case word completes only to ids it starts (`auth/` to `auth/login`).
        return _ids(snapshot, path, replace, typed)
    return _ids(snapshot, path, replace)


def _in_prose(role: str, prose: tuple[Span, ...], line_text: str, line: int, col: int) -> bool:
    """Specs are prose throughout; in code, comments, docstrings and decorator strings are
    (as the last parse of the buffer found them)."""
    if role == "spec":
        return True
    for span in prose:
        if span.contains(line, col):
            # A `#` in a string still being typed parses as a comment; it is not one.
            return span.start_line != line or not _open_string(line_text[: span.start_col])
    # A string still being typed in a decorator does not parse as a string yet.
    before = line_text[:col]
    return before.lstrip().startswith("@") and (
        before.count('"') % 2 == 1 or before.count("'") % 2 == 1
    )


def _open_string(code: str) -> bool:
    """Whether a line of code ends inside a string literal that is still open."""
    quote: str | None = None
    escaped = False
    for char in code:
        if escaped:
            escaped = False
        elif char == "\\" and quote:
            escaped = True
        elif quote is None and char in "\"'":
            quote = char
        elif char == quote:
            quote = None
    return quote is not None


# LSP-32: a scoped file's own ids first, as written there; other scopes' ids qualified.
def _ids(snapshot: Snapshot, path: str, replace: Span, start: str = "") -> list[Completion]:
    graph = snapshot.graph
    scope = graph.scope_at(path)
    clauses = sorted(
        (c for c in graph.clauses.values() if c.explicit and c.id.startswith(start)),
        key=lambda c: (c.scope != scope, c.id),
    )
    return [
        Completion(local_id(c.id) if c.scope == scope else c.id, c.title, c.text, replace)
        for c in clauses
    ][:_LIMIT]


def _anchors(snapshot: Snapshot, path: str, role: str, replace: Span) -> list[Completion]:
    found = []
    for (spec, slug), clause in snapshot.graph.anchors.items():
        if role == "spec":
            target = "" if spec == path else posixpath.relpath(spec, posixpath.dirname(path) or ".")
        else:
            target = spec
        found.append(Completion(f"{target}#{slug}", clause.title, clause.text, replace))
    return sorted(found, key=lambda c: c.label)[:_LIMIT]
