"""Code actions: a test stub for an untested clause, "did you mean" for an unknown reference,
"link to clause" for an untraced function, and "copy reference" on a clause."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from trine.analysis.rules import Diagnostic
from trine.ide.edits import FileEdit, TextEdit, outside
from trine.ide.snapshot import Snapshot, hit_at
from trine.index.records import Symbol
from trine.parsers.facts import Clause
from trine.parsers.text import Span

ActionKind = Literal["quickfix", "refactor"]
COPY_REFERENCE = "trine.copyReference"
REVIEW = "trine.review"
_WORDS = re.compile(r"[A-Za-z][a-z0-9]*|[0-9]+")


@dataclass(frozen=True)
class Action:
    """A proposed change (edits), or a command for the client to run."""

    title: str
    kind: ActionKind
    edits: tuple[FileEdit, ...] = ()
    command: tuple[str, tuple[str, ...]] | None = None
    diagnostic: Diagnostic | None = None
    preferred: bool = False


TextOf = Callable[[str], "str | None"]


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
    actions: list[Action] = []
    for diagnostic in diagnostics:
        if diagnostic.code == "untested-clause":
            actions += _test_stub(snapshot, diagnostic, text_of, can_create)
        elif diagnostic.code == "unknown-reference":
            actions += _did_you_mean(diagnostic)
        elif diagnostic.code == "stale-link":
            actions += _review(diagnostic)
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


# LSP-14
# DRIFT-6: review one stale link, or every link of its clause.
def _review(diagnostic: Diagnostic) -> list[Action]:
    clause = str(diagnostic.data.get("clause", ""))
    everything = Action(
        f"Mark all links of {clause} as reviewed",
        "quickfix",
        command=(REVIEW, (clause, "", "")),
        diagnostic=diagnostic,
    )
    source = diagnostic.data.get("source")
    if source is None:
        return [everything]
    one = Action(
        f"Mark this link to {clause} as reviewed",
        "quickfix",
        command=(REVIEW, (clause, str(source), str(diagnostic.data.get("kind", "")))),
        diagnostic=diagnostic,
        preferred=True,
    )
    return [one, everything]


def _did_you_mean(diagnostic: Diagnostic) -> list[Action]:
    suggestions = diagnostic.data.get("suggestions", [])
    assert isinstance(suggestions, list)
    return [
        Action(
            f"Replace with {s}",
            "quickfix",
            (FileEdit(diagnostic.path, (TextEdit(diagnostic.span, str(s)),)),),
            diagnostic=diagnostic,
            preferred=i == 0,
        )
        for i, s in enumerate(suggestions)
    ]


def stub_path_for(snapshot: Snapshot, clause: Clause) -> str:
    """Where a new test for a clause goes: beside the tests of the module that implements it."""
    graph = snapshot.graph
    implementers = graph.implemented_by.get(clause.id, [])
    source = graph.symbols[implementers[0]].path if implementers else clause.path
    folders = (
        p.split("/", 1)[0] for p, r in graph.records.items() if r.role == "test" and "/" in p
    )
    return graph.test_language_for(clause.id).stub_path(source, next(folders, "tests"))


def _stub(snapshot: Snapshot, clause: Clause) -> str:
    return snapshot.graph.test_language_for(clause.id).stub(clause)


# LSP-13: create the test file, or append to it.
def _test_stub(
    snapshot: Snapshot, diagnostic: Diagnostic, text_of: TextOf, can_create: bool
) -> list[Action]:
    clause = snapshot.graph.clauses.get(str(diagnostic.data.get("clause", "")))
    if clause is None:
        return []
    target = stub_path_for(snapshot, clause)
    existing = text_of(target)
    if existing is None and not can_create:
        tests = sorted(p for p, r in snapshot.graph.records.items() if r.role == "test")
        if not tests:
            return []
        target, existing = tests[0], text_of(tests[0])
        if existing is None:
            return []
    if existing is None:
        edit = FileEdit(target, (TextEdit(Span(0, 0, 0, 0), _stub(snapshot, clause)),), create=True)
    else:
        lines = existing.split("\n")
        end = Span(len(lines) - 1, len(lines[-1]), len(lines) - 1, len(lines[-1]))
        separator = "\n\n" if existing.endswith("\n") else "\n\n\n"
        edit = FileEdit(target, (TextEdit(end, separator + _stub(snapshot, clause)),))
    return [
        Action(
            f"Create a test for {clause.id} in {target}",
            "quickfix",
            (edit,),
            diagnostic=diagnostic,
            preferred=True,
        )
    ]


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
