"""Drift against the sync lock: which links went stale, and the lock a review would write.

A link is stale when its clause's text no longer has the fingerprint it was reviewed with.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from trine.analysis.findings import Finding, clause_label
from trine.index.fingerprint import clause_fingerprint, clause_text
from trine.index.graph import Link, TraceGraph
from trine.parsers.facts import Clause, Problem
from trine.parsers.lock import LOCK_FILE, Lock, LockedLink
from trine.parsers.text import Span

LinkKey = tuple[str, str, str]


@dataclass(frozen=True)
class LockState:
    """The lock as read from the workspace: absent, trusted, or unreadable with its problems."""

    lock: Lock | None = None
    problems: tuple[Problem, ...] = ()
    exists: bool = False


def _locked(graph: TraceGraph, link: Link) -> LockedLink:
    """A link as the lock records it now."""
    source = graph.symbols.get(link.source) or graph.tests.get(link.source)
    source_hash = source.body_hash if source else ""
    if link.kind == "exercises":
        target = graph.symbols.get(link.target)
        target_hash = target.body_hash if target else ""
    else:
        target_hash = clause_fingerprint(graph.clauses[link.target])
    return LockedLink(link.target, link.source, link.kind, target_hash, source_hash)


# DRIFT-10: links through calls are derived from the code, so the lock leaves them out unless
# `lock_calls` keeps them.
def locks(kind: str, calls: bool) -> bool:
    """Whether the lock records links of a kind: `exercises` links (a test calls a function)
    only with `lock_calls`, every other kind always."""
    return calls or kind != "exercises"


def current_lock(graph: TraceGraph, calls: bool = False) -> Lock:
    """The lock that reviews every current link it records, as it is now."""
    return reviewed(graph, Lock(), lambda _key: True, calls)


# DRIFT-2, DRIFT-6: a review refreshes the chosen links and keeps every other entry as it was.
def reviewed(
    graph: TraceGraph, previous: Lock, select: Callable[[LinkKey], bool], calls: bool = False
) -> Lock:
    """The lock after reviewing the selected links: those that exist are recorded as they are
    now, those that vanished are dropped; every other entry stays exactly as it was, but for
    entries of a kind the lock no longer records (DRIFT-10), which are dropped."""
    links = {
        key: entry
        for key, entry in previous.links.items()
        if not select(key) and locks(key[2], calls)
    }
    texts = dict(previous.texts)
    for link in graph.links:
        key = (link.source, link.target, link.kind)
        if select(key) and locks(link.kind, calls):
            links[key] = _locked(graph, link)
            if link.kind != "exercises":
                texts[links[key].target_hash] = clause_text(graph.clauses[link.target])
    return Lock(links, texts)


# DRIFT-6: the editor's "mark all links of X reviewed" reviews what `trine lock --clause X` does.
def links_of_clauses(graph: TraceGraph, clauses: set[str]) -> Callable[[LinkKey], bool]:
    """Select the links of some clauses: the links to them, and the `exercises` links into the
    functions that implement them; every link when no clause is named."""

    def select(key: LinkKey) -> bool:
        _source, target, kind = key
        if not clauses:
            return True
        if kind == "exercises":
            return bool(clauses & set(graph.clauses_of_symbol(target)))
        return target in clauses

    return select


# DRIFT-14: `trine lock --clause ID` says how many links it reviewed.
def review_count(graph: TraceGraph, select: Callable[[LinkKey], bool], calls: bool = False) -> int:
    """How many current links a review with this selection records."""
    return sum(1 for link in graph.links if select(link.key) and locks(link.kind, calls))


def _stale(graph: TraceGraph, lock: Lock, clause_id: str) -> Iterator[tuple[Link, LockedLink]]:
    """The links to a clause whose clause text changed since the lock recorded them."""
    clause = graph.clauses.get(clause_id)
    if clause is None:
        return
    fingerprint = clause_fingerprint(clause)
    for link in _links_to(graph, clause_id):
        entry = lock.links.get(link.key)
        if entry and entry.target_hash != fingerprint:
            yield link, entry


def _links_to(graph: TraceGraph, clause_id: str) -> list[Link]:
    """The implements and verifies links that end at a clause."""
    return [
        link
        for link in graph.links_of(clause_id)
        if link.target == clause_id and link.kind != "exercises"
    ]


def _place(graph: TraceGraph, link: Link) -> tuple[str, Span]:
    """Where a stale link is reported: at its evidence, or at the symbol for links inferred
    from a heading (a test named after a scenario, FMT-50, is its own evidence)."""
    if link.evidence == "inferred" and link.source in graph.symbols:
        symbol = graph.symbols[link.source]
        return symbol.path, symbol.name_span
    return link.path, link.span


# DRIFT-3: stale links, at the linking place and on the clause.
# DRIFT-12: each message quotes the words that changed, not the clause's first words.
def stale_links(graph: TraceGraph, state: LockState, clause_id: str) -> Iterator[Finding]:
    """`stale-link`: links whose clause changed since they were reviewed, and the tests that
    check the clause through the functions of those links."""
    if state.lock is None:
        return
    stale = list(_stale(graph, state.lock, clause_id))
    if not stale:
        return
    clause = graph.clauses[clause_id]
    name = clause.id if clause.explicit else clause_label(clause)
    for link, entry in stale:
        what = "test" if link.kind == "verifies" else "code"
        path, span = _place(graph, link)
        yield Finding(
            "stale-link",
            path,
            span,
            f"{name} changed since this link was reviewed{_change(state.lock, entry, clause)}:"
            f" update the {what} to match, then mark the link reviewed"
            f" (trine lock --clause {clause.id})",
            {"clause": clause.id, "source": link.source, "kind": link.kind},
        )
    yield from _stale_callers(graph, clause, stale, _change(state.lock, stale[0][1], clause))
    sources = sorted(link.source for link, _entry in stale)
    names = ", ".join(s.rsplit("::", 1)[-1] for s in sources)
    count = f"{len(sources)} link{'s' if len(sources) != 1 else ''}"
    yield Finding(
        "stale-link",
        clause.path,
        clause.name_span,
        f"{clause.id} changed since it was reviewed{_change(state.lock, stale[0][1], clause)}:"
        f" {count} to review ({names}); update {'it' if len(sources) == 1 else 'them'}, then"
        f" mark reviewed (trine lock --clause {clause.id})",
        {"clause": clause.id},
    )


# DRIFT-11: a changed clause reaches the tests that check it only through calls, as information.
def _stale_callers(
    graph: TraceGraph, clause: Clause, stale: list[tuple[Link, LockedLink]], change: str
) -> Iterator[Finding]:
    """`stale-link` (at most info) at the call of each test that calls a function whose link to
    the clause is stale, once per test; tests that name the clause have their own links."""
    seen = {link.source for link in _links_to(graph, clause.id) if link.kind == "verifies"}
    for link, _entry in stale:
        function = graph.symbols.get(link.source)
        if link.kind != "implements" or function is None:
            continue
        for call in graph.links_of(function.id):
            if call.kind != "exercises" or call.target != function.id or call.source in seen:
                continue
            seen.add(call.source)
            yield Finding(
                "stale-link",
                call.path,
                call.span,
                f"{clause.id} changed since it was reviewed{change}, and this test checks it"
                f" through {function.qualname}: check that the test still holds, then mark"
                f" {clause.id} reviewed (trine lock --clause {clause.id})",
                {"clause": clause.id},
                at_most="info",
            )


def _change(lock: Lock, entry: LockedLink, clause: Clause) -> str:
    """What changed in a clause since a link was reviewed, as ` (quoted words)`; nothing when
    the lock lacks the reviewed text."""
    old = lock.texts.get(entry.target_hash)
    return "" if old is None else f" ({change_summary(old, clause_text(clause))})"


def unreviewed_links(graph: TraceGraph, state: LockState, clause_id: str) -> Iterator[Finding]:
    """`unreviewed-link`: links the lock does not record yet (off by default)."""
    if state.lock is None:
        return
    for link in _links_to(graph, clause_id):
        if link.key not in state.lock.links:
            path, span = _place(graph, link)
            yield Finding(
                "unreviewed-link",
                path,
                span,
                f"this link to {link.target} has not been reviewed: check it, then run"
                f" trine lock --clause {link.target}",
                {"clause": link.target, "source": link.source, "kind": link.kind},
            )


# DRIFT-5: the other direction: implementations and tests that changed since the review.
def changed_since_review(graph: TraceGraph, state: LockState, clause_id: str) -> Iterator[Finding]:
    """`changed-since-review`: functions and tests whose body changed since their clause's link
    was reviewed (off by default)."""
    if state.lock is None:
        return
    for link in _links_to(graph, clause_id):
        entry = state.lock.links.get(link.key)
        source = graph.symbols.get(link.source) or graph.tests.get(link.source)
        if entry is None or source is None:
            continue
        if entry.source_hash != source.body_hash:
            yield Finding(
                "changed-since-review",
                source.path,
                source.name_span,
                f"{source.name} changed since its link to {link.target} was reviewed: check it"
                f" still meets {link.target}, then mark reviewed (trine lock --clause {link.target})",
                {"clause": link.target, "source": link.source, "kind": link.kind},
            )


# DRIFT-8
def removed_clauses(graph: TraceGraph, state: LockState, path: str) -> Iterator[Finding]:
    """`unknown-reference` for ids the lock records but the spec no longer declares, even when
    no other clause keeps their prefix in use."""
    if state.lock is None:
        return
    recorded = state.lock.targets
    for item in graph.resolved_in.get(path, ()):
        target = item.mention.target
        if item.clause is None and not item.unknown and target in recorded:
            yield Finding(
                "unknown-reference",
                item.mention.path,
                item.mention.span,
                f"{target} was removed from the spec (trine.lock still records it): remove the"
                " reference, or restore the clause",
                {"target": target, "suggestions": []},
            )


def lock_problems(state: LockState) -> Iterator[Finding]:
    """`lock-problem`: a lock that cannot be trusted (it is never silently overwritten)."""
    for problem in state.problems:
        yield Finding("lock-problem", LOCK_FILE, problem.span, f"{LOCK_FILE}: {problem.message}")


# DRIFT-2: out of date means something needs review: a new or vanished link, a changed clause.
# DRIFT-10: links of a kind the lock does not record are no reason to review, on either side.
def lock_differences(graph: TraceGraph, lock: Lock, calls: bool = False) -> list[str]:
    """What a review would change in the lock, one line each; function bodies that moved are
    not listed (that is `changed-since-review`, not a reason to fail CI)."""
    current = {link.key for link in graph.links if locks(link.kind, calls)}
    recorded = {key for key in lock.links if locks(key[2], calls)}
    lines = [
        f"+ {kind} {source} -> {target}: not reviewed yet"
        for source, target, kind in sorted(current - recorded, key=lambda k: (k[1], k[0]))
    ]
    lines += [
        f"- {kind} {source} -> {target}: no longer exists"
        for source, target, kind in sorted(recorded - current, key=lambda k: (k[1], k[0]))
    ]
    stale: dict[str, list[str]] = defaultdict(list)
    for clause_id in sorted({link.target for link in graph.links if link.kind != "exercises"}):
        for link, _entry in _stale(graph, lock, clause_id):
            stale[clause_id].append(link.source)
    lines += [
        f"~ {clause} changed since review: {', '.join(sorted(sources))}"
        for clause, sources in sorted(stale.items())
    ]
    return lines


def reviewed_text(graph: TraceGraph, lock: Lock, clause_id: str) -> str | None:
    """The clause text its stale links were reviewed against, if any link is stale."""
    for _link, entry in _stale(graph, lock, clause_id):
        return lock.texts.get(entry.target_hash)
    return None


_SHOWN_CHANGES = 2
_SHOWN_WORDS = 8


# DRIFT-12: a short word diff for a message: the changed words, with a word of context.
def change_summary(old: str, new: str) -> str:
    """The first changes between two texts as `"Reads MUST" became "Reads SHOULD"`: each side
    with an unchanged word of context (before it, and after it too where one side is empty or
    nothing comes before), cut to a few words, and how many more changes there are."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    shown = []
    for _tag, i1, i2, j1, j2 in changes[:_SHOWN_CHANGES]:
        after = 1 if i1 == 0 or i1 == i2 or j1 == j2 else 0
        was = a[max(i1 - 1, 0) : i2 + after]
        now = b[max(j1 - 1, 0) : j2 + after]
        shown.append(f'"{_clip(was)}" became "{_clip(now)}"')
    more = len(changes) - len(shown)
    if more:
        shown.append(f"{more} more change{'s' if more != 1 else ''}")
    return "; ".join(shown)


def _clip(words: list[str]) -> str:
    """Words as text, cut to a few."""
    return " ".join(words[:_SHOWN_WORDS]) + (" ..." if len(words) > _SHOWN_WORDS else "")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change between two texts word by word: ("=", words), ("-", words), ("+", words)."""
    a, b = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", " ".join(b[j1:j2])))
    return parts
