"""Hover: what a clause says, what implements it and what tests it, wherever the cursor is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trine.analysis.drift import reviewed_text, word_diff
from trine.ide.snapshot import Hit, Location, Snapshot, hit_at, node_location
from trine.index.fingerprint import clause_text
from trine.index.graph import Resolved, TraceGraph
from trine.index.records import Role
from trine.parsers.facts import Clause, Task
from trine.parsers.text import Span

_TEXT_LINES = 12
_SHOWN = 5
"""Implementations or tests a hover names in one list; the rest are counted and linked."""

ShowAll = Callable[[Sequence[Location]], str | None]
"""The address of a link that lists places in the editor (its references view); None where
the front end has none."""


@dataclass(frozen=True)
class HoverResult:
    """Markdown to show, and the range it is about."""

    markdown: str
    span: Span


@dataclass(frozen=True)
class _Page:
    """What a hover is written from: the snapshot, and how a long list links to all of it."""

    snapshot: Snapshot
    show_all: ShowAll

    # LSP-33, LSP-35: at most a few of a list, then a count and a link that shows them all.
    def listed(self, nodes: Sequence[str], clause_id: str | None = None) -> str:
        """Links to up to `_SHOWN` symbols or tests, then `and N more (show all)`."""
        shown = ", ".join(_node_link(self.snapshot, n, clause_id) for n in nodes[:_SHOWN])
        more = len(nodes) - _SHOWN
        if more <= 0:
            return shown
        address = self.show_all([node_location(self.snapshot.graph, n) for n in nodes])
        link = f" ([show all {len(nodes)}]({address}))" if address else ""
        return f"{shown} and {more} more{link}"


def _no_link(_places: Sequence[Location]) -> None:
    return None


# LSP-7
def hover(
    snapshot: Snapshot, path: str, line: int, col: int, show_all: ShowAll = _no_link
) -> HoverResult | None:
    """The hover for a position: clause text and coverage, or a symbol's or test's clauses.
    `show_all` gives long lists a link to every item (the language server's references view)."""
    hit = hit_at(snapshot, path, line, col)
    if hit is None:
        return None
    text = _content(_Page(snapshot, show_all), hit)
    return HoverResult(text, hit.span) if text else None


def _content(page: _Page, hit: Hit) -> str | None:
    snapshot = page.snapshot
    graph = snapshot.graph
    if hit.kind == "mention":
        assert hit.mention is not None
        clause = graph.clauses.get(hit.mention.clause or "")
        cited = _cited(graph, hit.mention)
        if len(cited) > 1:
            return _listed_markdown(
                snapshot, f"`{hit.mention.mention.target}` names {len(cited)} clauses:", cited
            )
        if clause is None and hit.mention.candidates:
            return _candidates_markdown(
                snapshot, hit.mention.mention.target, hit.mention.candidates
            )
        if clause is None:
            return (
                f"`{hit.mention.mention.target}` names no clause in the spec."
                if hit.mention.unknown
                else None
            )
        return clause_markdown(snapshot, clause) + _coverage(page, clause)
    if hit.kind == "clause":
        clause = graph.clauses[hit.id]
        return clause_markdown(snapshot, clause) + _coverage(page, clause)
    if hit.kind == "symbol":
        return _symbol_markdown(page, hit.id)
    return _test_markdown(snapshot, hit.id)


# LSP-32: an ambiguous id's hover lists the clauses it may name, where each is declared.
def _candidates_markdown(snapshot: Snapshot, target: str, candidates: tuple[str, ...]) -> str:
    """The clauses a bare id declared in several scopes may name."""
    header = f"`{target}` is declared in {len(candidates)} scopes; qualify it to choose one:"
    return _listed_markdown(snapshot, header, candidates)


# FMT-33: a design property's citation names every criterion the property validates.
def _cited(graph: TraceGraph, item: Resolved) -> list[str]:
    """Every clause one mention names (a `Property N` citation names several)."""
    return [
        r.clause
        for r in graph.resolved_in.get(item.mention.path, ())
        if r.mention == item.mention and r.clause is not None
    ]


def _listed_markdown(snapshot: Snapshot, header: str, clause_ids: Sequence[str]) -> str:
    """A header and a list of clauses, each with its title and where it is declared."""
    graph = snapshot.graph
    lines = [header, ""]
    for clause_id in clause_ids:
        clause = graph.clauses[clause_id]
        lines.append(
            f"- **{clause_id}** {clause.title} ({snapshot.link(clause.path, clause.span)})"
        )
    return "\n".join(lines)


def clause_markdown(snapshot: Snapshot, clause: Clause) -> str:
    """A clause as Markdown: id and title, its text, where it is, and what changed in it."""
    graph = snapshot.graph
    if clause.kind != "heading":
        heading = f"**{clause.id}**"  # an item's title is the start of its text, shown below
    elif clause.explicit:
        heading = f"**{clause.id}** {clause.title}"
    else:
        heading = f"**{clause.title}** `{clause.id}`"
    if clause.version is not None and clause.version > 1:
        heading += f" (version {clause.version})"  # FMT-106: tracey's `r[id+N]`
    parts = [heading]
    if clause.text:
        lines = clause.text.splitlines()
        body = "\n".join(lines[:_TEXT_LINES]) + ("\n…" if len(lines) > _TEXT_LINES else "")
        parts.append(body)
    parts.append(f"Defined in {snapshot.link(clause.path, clause.name_span)}")
    if snapshot.lock.lock is not None:
        old = reviewed_text(graph, snapshot.lock.lock, clause.id)
        if old is not None:
            parts.append(
                "**Changed since review:** " + _render_diff(word_diff(old, clause_text(clause)))
            )
    return "\n\n".join(parts)


# LSP-33: the tests that name a clause apart from those that reach it through a call.
def _coverage(page: _Page, clause: Clause) -> str:
    """What implements a clause and what tests it, or what is missing, as paragraphs to add."""
    graph = page.snapshot.graph
    parts = []
    implemented = graph.implemented_by.get(clause.id, [])
    if implemented:
        parts.append("Implemented by " + page.listed(implemented, clause.id))
    elif clause.id in graph.requirements:
        parts.append(_missing(page.snapshot, clause.id, "code", "**Not implemented.**"))
    naming = _naming(graph, clause.id)
    through = [t for t in graph.tested_by.get(clause.id, []) if t not in naming]
    if naming:
        parts.append("Tested by " + page.listed(naming, clause.id))
    if through:
        parts.append("Tested through calls by " + page.listed(through, clause.id))
    if not naming and not through and clause.id in graph.requirements:
        parts.append(_missing(page.snapshot, clause.id, "test", "**Not tested.**"))
    return "".join(f"\n\n{part}" for part in parts)


# DIAG-23: a workspace whose code or tests trine cannot read misses nothing it can tell.
# DIAG-28: nor does one most of whose code is in languages trine does not read.
def _missing(snapshot: Snapshot, clause_id: str, role: Role, missing: str) -> str:
    """What to say of a requirement with no code or no test: that it is missing, or why trine
    cannot tell (it reads none, or too little, of the workspace's code or tests, or a task list
    says the work is out of its sight, FMT-128 to FMT-130)."""
    graph = snapshot.graph
    if not graph.reads(role):
        return f"Not checked: trine reads none of the workspace's {role} files."
    if not graph.judges(role):
        return "Not checked: most of the workspace's code is in languages trine does not read."
    unjudged = graph.unjudged(clause_id)
    if unjudged is None or role not in unjudged.needs:
        return missing
    if unjudged.reason == "recorded" and unjudged.task is not None:
        where = snapshot.link(unjudged.path, unjudged.task.span)
        said = f": {unjudged.task.text}" if unjudged.task.text else ""
        return f"Not checked: {where} records it implemented{said}."
    if unjudged.reason == "not-started":
        return (
            f"Not checked: nothing of {unjudged.path} is done yet (no task checked, no code or"
            " test cites its clauses)."
        )
    if unjudged.task is None:
        plan = f"[{unjudged.path}]({snapshot.uri(unjudged.path)})"
        return f"Not checked: every task of {plan} is done, and none cites {clause_id}."
    files = ", ".join(f"`{f.path}`" for f in unjudged.task.files)
    where = snapshot.link(unjudged.path, unjudged.task.span)
    return (
        f"Not checked: {_task_name(unjudged.task)} ({where}) did it in {files}, which trine"
        " does not read."
    )


def _naming(graph: TraceGraph, clause_id: str) -> list[str]:
    """The tests that name a clause themselves (a marker, a docstring, a task's word)."""
    return sorted(
        {
            link.source
            for link in graph.links_of(clause_id)
            if link.kind == "verifies" and link.target == clause_id
        }
    )


# DRIFT-4: what changed in a clause, word by word: ~~removed~~ and **added**.
def _render_diff(parts: list[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "~~{}~~", "+": "**{}**"}
    return " ".join(marks[op].format(words) for op, words in parts)


# FMT-12: a link from a task list says which task and where, apart from a marker in code.
def _node_link(snapshot: Snapshot, node: str, clause_id: str | None) -> str:
    """A link to a clause's implementation or test (a symbol, a test or a whole file), with
    the task or field that names it when a task list or requirement file is the evidence."""
    graph = snapshot.graph
    if node in graph.symbols:
        shown = _symbol_link(snapshot, node)
    elif node in graph.tests:
        shown = _test_link(snapshot, node)
    else:
        shown = f"[`{node}`]({snapshot.uri(node)})"
    for link in graph.links_of(clause_id) if clause_id is not None else ():
        if link.source == node and link.evidence == "task":
            named = _task_name(graph.task_of(link))
            return f"{shown} ({named} in {snapshot.link(link.path, link.span)})"
    return shown


# FMT-94: a requirement's own field is named as a field, not as a task.
def _task_name(task: Task | None) -> str:
    """`task T012`, a requirement's field (`` `implementation` ``), or `a task`."""
    if task is None or not task.label:
        return "a task"
    return f"`{task.label}`" if task.kind == "field" else f"task {task.label}"


def _symbol_link(snapshot: Snapshot, symbol_id: str) -> str:
    symbol = snapshot.graph.symbols[symbol_id]
    return f"[`{symbol.qualname}`]({snapshot.uri(symbol.path)}#L{symbol.name_span.start_line + 1})"


def _test_link(snapshot: Snapshot, test_id: str) -> str:
    test = snapshot.graph.tests[test_id]
    return f"[`{test.id}`]({snapshot.uri(test.path)}#L{test.name_span.start_line + 1})"


# LSP-34: a symbol's tests under each clause it implements, then those that call it.
def _symbol_markdown(page: _Page, symbol_id: str) -> str:
    graph = page.snapshot.graph
    symbol = graph.symbols[symbol_id]
    clauses = graph.clauses_of_symbol(symbol_id)
    if not clauses:
        return f"`{symbol.qualname}` implements no spec clause."
    sections = []
    for clause_id in clauses:
        section = clause_markdown(page.snapshot, graph.clauses[clause_id])
        naming = _naming(graph, clause_id)
        sections.append(
            section + ("\n\nTested by " + page.listed(naming, clause_id) if naming else "")
        )
    named = {t for c in clauses for t in _naming(graph, c)}
    callers = sorted(graph.exercised_by(symbol_id) - named)
    if callers:
        tail = f"Tested through calls to `{symbol.qualname}` by " + page.listed(callers)
    else:
        tail = "" if named else "**Not tested.**"
    return "\n\n---\n\n".join(sections) + (f"\n\n{tail}" if tail else "")


def _test_markdown(snapshot: Snapshot, test_id: str) -> str:
    graph = snapshot.graph
    clauses = graph.clauses_of_test(test_id)
    if not clauses:
        return f"`{graph.tests[test_id].name}` checks no spec clause."
    return "Checks\n\n" + "\n\n---\n\n".join(
        clause_markdown(snapshot, graph.clauses[c]) + _through(snapshot, test_id, c)
        for c in clauses
    )


# LSP-34: a test's hover says which clauses it checks only through the functions it calls.
def _through(snapshot: Snapshot, test_id: str, clause_id: str) -> str:
    """`Through a call to `parse`.` when the test does not name the clause itself."""
    graph = snapshot.graph
    if test_id in _naming(graph, clause_id):
        return ""
    called = set(graph.implemented_by.get(clause_id, []))
    names = [_symbol_link(snapshot, s) for s in graph.symbols_of_test(test_id) if s in called]
    return f"\n\nThrough a call to {' and '.join(names)}." if names else ""
