"""Running the rules: core rules, drift against the lock, and PR mode against a base revision.

Every rule answers for one subject: a clause, a symbol, a test or a file. `Diagnostics` keeps the
findings per subject, so after a graph change only the subjects the change touched are re-checked,
and only the files whose diagnostics changed need publishing again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

from trine.analysis.drift import LockState
from trine.analysis.findings import (
    Diagnostic,
    Severity,
    close_matches,
    effective,
    harsher,
)
from trine.analysis.registry import RULES
from trine.analysis.rule import Baseline, Check, CheckContext, Scope
from trine.index.graph import GraphChange, TraceGraph, local_id
from trine.parsers.ids import id_prefix

Key = tuple[Scope, str]
_SUGGESTIONS_KEPT = 1024


# PERF-3: what can be shown for an open file before the rest of the workspace is indexed.
EARLY_RULES = frozenset(code for code, rule in RULES.items() if rule.early)
"""Rules whose findings in a file depend only on that file, the specs and the lock."""


def _order(diagnostic: Diagnostic) -> tuple[str, object, str, str]:
    return (diagnostic.path, diagnostic.span, diagnostic.code, diagnostic.message)


# IDX-1: rules re-run per subject, for the subjects a change touched.
class Diagnostics:
    """The diagnostics of one graph under one configuration and lock, kept per subject."""

    def __init__(
        self,
        severity_of: Callable[[str], Severity | None],
        lock: LockState | None = None,
        baseline: Baseline | None = None,
    ) -> None:
        self.severity_of = severity_of
        self.lock = lock or LockState()
        self.baseline = baseline
        self.severities: Counter[Severity] = Counter()
        self._by_key: dict[Key, tuple[Diagnostic, ...]] = {}
        self._by_path: dict[str, dict[Key, tuple[Diagnostic, ...]]] = defaultdict(dict)
        self._sorted: dict[str, tuple[Diagnostic, ...]] = {}
        self._suggestions: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self._checks = self._enabled()
        self._reads: tuple[bool, bool] | None = None

    def _enabled(self) -> dict[Scope, list[Check]]:
        """The checks of each scope, in rule order, of the rules not set off."""
        enabled: dict[Scope, list[Check]] = defaultdict(list)
        for rule in RULES.values():
            if self.severity_of(rule.code) is not None:
                enabled[rule.scope].append(rule.check)
        return enabled

    # DIAG-8: suggestions for a mistyped id, kept until its id family changes.
    def _suggest(self, graph: TraceGraph, target: str) -> list[str]:
        prefix = id_prefix(local_id(target))
        known = self._suggestions[prefix]
        if target not in known:
            if len(known) >= _SUGGESTIONS_KEPT:
                known.clear()
            known[target] = close_matches(target, sorted(graph.family(prefix)))
        return known[target]

    # -- computing ----------------------------------------------------------------------------

    def rebuild(self, graph: TraceGraph) -> set[str]:
        """Check every subject of the graph; return the files whose diagnostics changed."""
        self._suggestions.clear()
        self._reads = (graph.judges("code"), graph.judges("test"))
        keys: set[Key] = set(self._by_key)
        keys |= {("clause", c) for c in graph.clauses}
        keys |= {("symbol", s) for s in graph.symbols}
        keys |= {("test", t) for t in graph.tests}
        keys |= {("file", p) for p in graph.records}
        keys |= {("lock", ""), ("since", ""), ("specs", "")}
        return self._recheck(graph, keys)

    def update(self, graph: TraceGraph, change: GraphChange) -> set[str]:
        """Re-check the subjects a graph change touched; return the files whose diagnostics
        changed."""
        for prefix in change.families:
            self._suggestions.pop(prefix, None)
        keys = affected(graph, change)
        reads = (graph.judges("code"), graph.judges("test"))
        if reads != self._reads:
            # DIAG-15, DIAG-26: the first code or test file (or the last one gone), or the
            # file that tips the balance of code read and not, changes every clause.
            self._reads = reads
            keys |= {("clause", c) for c in graph.clauses}
        return self._recheck(graph, keys)

    def _recheck(self, graph: TraceGraph, keys: Iterable[Key]) -> set[str]:
        context = CheckContext(graph, self.lock, self.baseline, partial(self._suggest, graph))
        changed: set[str] = set()
        for key in keys:
            new = tuple(merged(sorted(self._check(context, key), key=_order)))
            old = self._by_key.get(key, ())
            if identical(new, old):
                continue
            self._store(key, old, new)
            changed |= {d.path for d in old} | {d.path for d in new}
        for path in changed:
            self._sorted.pop(path, None)
        return changed

    def _check(self, context: CheckContext, key: Key) -> Iterator[Diagnostic]:
        scope, subject = key
        for check in self._checks.get(scope, ()):
            for f in check(context, subject):
                severity = self.severity_of(f.code)
                if severity is not None:
                    severity = effective(severity, f)
                    yield Diagnostic(f.code, severity, f.path, f.span, f.message, f.data)

    def _store(self, key: Key, old: tuple[Diagnostic, ...], new: tuple[Diagnostic, ...]) -> None:
        self.severities.subtract(d.severity for d in old)
        self.severities.update(d.severity for d in new)
        for path in {d.path for d in old}:
            del self._by_path[path][key]
            if not self._by_path[path]:
                del self._by_path[path]
        grouped: dict[str, list[Diagnostic]] = defaultdict(list)
        for diagnostic in new:
            grouped[diagnostic.path].append(diagnostic)
        for path, items in grouped.items():
            self._by_path[path][key] = tuple(items)
        if new:
            self._by_key[key] = new
        else:
            del self._by_key[key]

    # -- reading ------------------------------------------------------------------------------

    def of(self, path: str) -> tuple[Diagnostic, ...]:
        """The diagnostics of one file, in order."""
        if path not in self._sorted:
            found = [d for items in self._by_path.get(path, {}).values() for d in items]
            self._sorted[path] = tuple(sorted(found, key=_order))
        return self._sorted[path]

    def paths(self) -> set[str]:
        """The files that have diagnostics."""
        return set(self._by_path)

    def all(self) -> list[Diagnostic]:
        """Every diagnostic, in order."""
        return [d for path in sorted(self._by_path) for d in self.of(path)]


# DIAG-24: one diagnostic per place and code, and no message twice on one line.
def merged(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with those of one code at one place, or with one message on one line,
    folded into one: a marker on a test class is one finding, however many tests it names."""
    groups: list[list[Diagnostic]] = []
    at: dict[tuple[object, ...], int] = {}
    for diagnostic in diagnostics:
        keys = (
            (diagnostic.path, diagnostic.span, diagnostic.code),
            (diagnostic.path, diagnostic.span.start_line, diagnostic.code, diagnostic.message),
        )
        index = next((at[k] for k in keys if k in at), len(groups))
        if index == len(groups):
            groups.append([])
        groups[index].append(diagnostic)
        at.update(dict.fromkeys(keys, index))
    return [group[0] if len(group) == 1 else _folded(group) for group in groups]


def _folded(group: Sequence[Diagnostic]) -> Diagnostic:
    """Diagnostics as one: the first's place, the harshest severity, each message once, and the
    quick-fix data they all agree on (a fix for one link of several is dropped)."""
    first = group[0]
    severity = first.severity
    for other in group[1:]:
        severity = harsher(severity, other.severity)
    message = "; ".join(dict.fromkeys(d.message for d in group))
    data = {
        k: v for k, v in first.data.items() if all(k in d.data and d.data[k] == v for d in group)
    }
    return Diagnostic(first.code, severity, first.path, first.span, message, data)


def identical(a: Sequence[Diagnostic], b: Sequence[Diagnostic]) -> bool:
    """Whether two lists of diagnostics are the same, their quick-fix data included."""
    return list(a) == list(b) and all(x.data == y.data for x, y in zip(a, b, strict=True))


def affected(graph: TraceGraph, change: GraphChange) -> set[Key]:
    """The subjects whose findings may differ after a change: the changed facts, the clauses
    their links reach, and the symbols and tests whose coverage runs through a changed link."""
    clauses = set(change.clauses)
    symbols = set(change.symbols)
    tests = set(change.tests)
    for node in change.symbols | change.tests:
        clauses.update(
            link.target
            for link in graph.links_of(node)
            if link.source == node and link.kind != "exercises"
        )
    for source, target, kind in change.links:
        if kind == "exercises":
            tests.add(source)
            clauses.update(graph.clauses_of_symbol(target))
            continue
        clauses.add(target)
        if kind == "verifies":
            tests.add(source)
            # FMT-126: what a scenario's finding says rests on its story's tests.
            clauses |= graph.clause_children(target)
        elif source in graph.symbols or source not in graph.records:
            symbols |= _descendants(graph, source)
            tests |= graph.exercised_by(source)
    keys: set[Key] = {("file", p) for p in change.paths}
    if change.clauses:
        keys.add(("specs", ""))  # DIAG-14: a finding about the specs as a whole
    keys |= {("clause", c) for c in clauses}
    keys |= {("symbol", s) for s in symbols}
    keys |= {("test", t) for t in tests}
    return keys


def _descendants(graph: TraceGraph, symbol: str) -> set[str]:
    """A symbol and every symbol defined inside it (a class's methods count as traced through it)."""
    found, todo = set(), [symbol]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(graph.children(current))
    return found


def diagnose(
    graph: TraceGraph,
    severity_of: Callable[[str], Severity | None],
    lock: LockState | None = None,
    baseline: Baseline | None = None,
) -> list[Diagnostic]:
    """All diagnostics, with each rule's configured severity; rules set off are skipped."""
    diagnostics = Diagnostics(severity_of, lock, baseline)
    diagnostics.rebuild(graph)
    return diagnostics.all()
