"""The trace graph: clauses, symbols, tests and the links between them, assembled from records.

Ids may restart in every scope (a spec-kit feature folder, a Kiro spec): a scoped clause is
declared as `<scope>/<local id>`, and a bare mention of a local id resolves in the scope of the
file that holds it, else to the only declaration in the workspace; with several and nothing to
decide, it is ambiguous (`Resolved.candidates`).

The graph is updated in place, one batch of file records at a time. Each file's resolved
mentions and links are derived from its record and the workspace's tables; a change re-derives
only the changed files and the files whose derivation read a fact that changed (an id that
appeared or vanished, a symbol name, a spec's headings, a module), so an edit costs work in
proportion to what it touches. Building from scratch is the same update applied to every record.
"""

from __future__ import annotations

import posixpath
import re
from bisect import insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from trine.index.census import Census
from trine.index.needs import NOTHING, NeedsPolicy, Requirement, Strength
from trine.index.records import CallSite, FileRecord, Mention, Role, Symbol, TestItem
from trine.parsers.facts import Clause, Import, Need, Property, Task, TaskFile
from trine.parsers.ids import (
    DEFAULT_REFERENCE_PREFIXES,
    Segment,
    cites_only,
    fits_shape,
    id_prefix,
    id_shape,
)
from trine.parsers.language import Language
from trine.parsers.languages import default_language, language_for, language_named
from trine.parsers.slug import github_slug, name_key
from trine.parsers.text import Span
from trine.parsers.words import matched, scenario_numbers

LinkKind = Literal["implements", "verifies", "exercises"]
Evidence = Literal["explicit", "inferred", "task", "call"]
LinkKey = tuple[str, str, str]
_RANK: dict[str, int] = {"explicit": 0, "inferred": 1, "task": 2, "call": 3}


@dataclass(frozen=True, slots=True)
class Link:
    """A directed trace link: a symbol implements a clause, a test verifies a clause, or a test
    exercises a symbol. `path` and `span` locate the evidence. A task list's link (evidence
    `task`) may start at a whole file: its source is then the file's path."""

    source: str
    target: str
    kind: LinkKind
    evidence: Evidence
    path: str
    span: Span

    @property
    def key(self) -> LinkKey:
        """What identifies the link: its ends and kind (the evidence may come from several places)."""
        return (self.source, self.target, self.kind)


_Key = TypeVar("_Key")
_Item = TypeVar("_Item")


def _keep(table: dict[_Key, set[_Item]], key: _Key, item: _Item, present: bool) -> None:
    """Put an item in the set a key holds, or take it out (and the key with its last item)."""
    if present:
        table.setdefault(key, set()).add(item)
        return
    members = table.get(key)
    if members is not None:
        members.discard(item)
        if not members:
            del table[key]


def _rank(link: Link) -> tuple[int, str, Span]:
    """How a link compares with others of its key: evidence first, then its place."""
    return (_RANK[link.evidence], link.path, link.span)


def _mention_order(item: Resolved) -> tuple[str, Span]:
    return (item.mention.path, item.mention.span)


def _link_order(link: Link) -> tuple[str, Span, str, str]:
    return (link.path, link.span, link.source, link.target)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A mention and what it names: a clause id, or None. `unknown` marks a broken reference,
    `candidates` the clauses an ambiguous bare id may name (declared in several scopes)."""

    mention: Mention
    clause: str | None
    unknown: bool
    candidates: tuple[str, ...] = ()


# CL-12: a feature folder's number, its letters and its slug (`009c-core`).
_NUMBERED = re.compile(r"(\d+)([^\W\d_]*)(?:-(.*))?", re.DOTALL)


def local_id(clause_id: str) -> str:
    """The id a clause has inside its scope: `FR-001` for `001-core/FR-001`."""
    return clause_id.rpartition("/")[2]


def names_scope(qualifier: str, scope: str) -> bool:
    """Whether a qualifier (`9c`, `009C-core`, `specs/001-core`) names a scope: its last folder,
    case-insensitively, numbers compared as numbers, with or without the slug."""
    wanted = qualifier.rpartition("/")[2].casefold()
    have = scope.casefold()
    if wanted == have:
        return True
    want = _NUMBERED.fullmatch(wanted)
    got = _NUMBERED.fullmatch(have)
    if want is None or got is None:
        return False
    return (
        int(want.group(1)) == int(got.group(1))
        and want.group(2) == got.group(2)
        and want.group(3) in (None, got.group(3))
    )


# IDX-1: what an update changed, so that analysis re-runs only the rules these facts feed.
@dataclass
class GraphChange:
    """The facts an update changed: files whose mentions were re-resolved, clause ids whose
    declarations or requirement status changed, symbols and tests of the changed files, link
    keys whose link appeared, vanished or moved, and id families that changed."""

    paths: set[str] = field(default_factory=set)
    clauses: set[str] = field(default_factory=set)
    symbols: set[str] = field(default_factory=set)
    tests: set[str] = field(default_factory=set)
    links: set[LinkKey] = field(default_factory=set)
    families: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Derived:
    """What one file contributes once resolved against the workspace: its mentions, its link
    evidence, and the facts it read (so a change to one of them re-derives the file)."""

    resolved: tuple[Resolved, ...] = ()
    links: tuple[Link, ...] = ()
    ids: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()
    qualified: bool = False
    unresolved: frozenset[str] = frozenset()
    anchor_specs: frozenset[str | None] = frozenset()
    hints: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    modules: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    spellings: frozenset[str] = frozenset()
    fixtures: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()
    stories: frozenset[str] = frozenset()
    missing: tuple[tuple[Task, TaskFile], ...] = ()
    plan: _Plan | None = None


@dataclass(frozen=True)
class _Plan:
    """What a task list says of its clauses beyond links: the clauses its tasks cite, those
    its checked tasks say are done in files trine does not read (with the task), and, when
    every task is checked, the (spec file, id kind) pairs of what it cites; `started` is the
    feature (scope) a checked task of it has started."""

    cited: frozenset[str] = frozenset()
    elsewhere: tuple[tuple[str, Task], ...] = ()
    covers: frozenset[tuple[str, str]] = frozenset()
    started: str | None = None


@dataclass(frozen=True)
class Unjudged:
    """Why a clause's coverage (of the `needs` named) is not judged: a checked task of the task
    list `path` says it is done in files trine does not read (`unread`, with the `task`), a
    tool's record `path` says it is implemented where trine sees no code (`recorded`, code
    only), `path`'s plan is finished and no task of it cites the clause (`unplanned`), or
    nothing of its feature `path` (a scope) is done yet (`not-started`)."""

    reason: Literal["unread", "recorded", "unplanned", "not-started"]
    path: str
    task: Task | None = None
    needs: frozenset[Need] = frozenset({"code", "test"})


class _Users:
    """An index from a fact (an id, a name, a module) to the files whose derivation read it."""

    def __init__(self) -> None:
        self._paths: dict[str | None, set[str]] = defaultdict(set)

    def add(self, path: str, facts: Iterable[str | None]) -> None:
        for fact in facts:
            self._paths[fact].add(path)

    def discard(self, path: str, facts: Iterable[str | None]) -> None:
        for fact in facts:
            users = self._paths.get(fact)
            if users is not None:
                users.discard(path)
                if not users:
                    del self._paths[fact]

    def of(self, facts: Iterable[str | None]) -> set[str]:
        """The files that read any of the facts."""
        found: set[str] = set()
        for fact in facts:
            found |= self._paths.get(fact, set())
        return found

    def all(self) -> set[str]:
        """Every file that read any fact of this kind."""
        return set().union(*self._paths.values()) if self._paths else set()


class _Coverage(Mapping[str, list[str]]):
    """A read-only view `clause id -> sorted ids`, computed from the graph's link tables."""

    def __init__(self, graph: TraceGraph, tested: bool) -> None:
        self._graph = graph
        self._tested = tested

    def __getitem__(self, clause: str) -> list[str]:
        found = self._graph._coverage_of(clause, self._tested)
        if not found:
            raise KeyError(clause)
        return found

    def __iter__(self) -> Iterator[str]:
        return (c for c in self._graph.clauses if self._graph._coverage_of(c, self._tested))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class TraceGraph:
    """Everything trine knows about a workspace at one moment, with the lookups features need.

    `scope_of` gives the configured scope of a file (`[tool.trine.scopes]`), if any; `policy`
    decides what each clause needs (the keyword policy and `[tool.trine.needs]`);
    `reference_only` the prefixes of ids the workspace cites and never declares (CL-27)."""

    def __init__(
        self,
        records: Mapping[str, FileRecord] | None = None,
        scope_of: Callable[[str], str | None] | None = None,
        policy: NeedsPolicy | None = None,
        reference_only: frozenset[str] = frozenset(DEFAULT_REFERENCE_PREFIXES),
    ) -> None:
        self.scope_of = scope_of
        self.policy = policy or NeedsPolicy()
        self.reference_only = reference_only
        self.census = Census()
        self.records: dict[str, FileRecord] = {}
        self.clauses: dict[str, Clause] = {}
        self.anchors: dict[tuple[str, str], Clause] = {}
        self.symbols: dict[str, Symbol] = {}
        self.tests: dict[str, TestItem] = {}
        self.requirements: set[str] = set()
        self._requirement: dict[str, Requirement] = {}
        self._decided: set[str] = set()  # clauses whose need or judgement changed in this update
        self.resolved_in: dict[str, tuple[Resolved, ...]] = {}
        self.mentions_of: dict[str, list[Resolved]] = defaultdict(list)
        self.implemented_by: Mapping[str, list[str]] = _Coverage(self, tested=False)
        self.tested_by: Mapping[str, list[str]] = _Coverage(self, tested=True)
        self._declared: dict[str, list[Clause]] = defaultdict(list)
        self._families: dict[str, set[str]] = defaultdict(set)
        self._shapes: dict[str, Counter[tuple[Segment, ...]]] = defaultdict(Counter)
        self._locals: dict[str, set[str]] = defaultdict(set)
        self._scopes: Counter[str] = Counter()
        self._kiro_scopes: Counter[str] = Counter()
        self._properties: dict[str, dict[str, dict[str, tuple[str, ...]]]] = defaultdict(dict)
        self._scope_dirs: dict[str, dict[str, str]] = defaultdict(dict)
        self._slugs: dict[str, set[str]] = defaultdict(set)
        self._specs: set[str] = set()
        self._by_name: dict[str, dict[str, Symbol]] = defaultdict(dict)
        self._by_key: dict[str, dict[str, Symbol]] = defaultdict(dict)
        self._named: dict[str, set[str]] = defaultdict(set)
        self._spelled: dict[str, set[str]] = defaultdict(set)
        self._fixtures: dict[str, dict[str, str]] = defaultdict(dict)
        self._spelling_starts: Counter[str] = Counter()
        self._children: dict[str, set[str]] = defaultdict(set)
        self._module_paths: dict[str, set[str]] = defaultdict(set)
        self._by_basename: dict[str, set[str]] = defaultdict(set)
        self._clause_children: dict[str, set[str]] = defaultdict(set)
        self._languages: dict[str, dict[str, int]] = {"code": {}, "test": {}, "spec": {}}
        self._derived: dict[str, _Derived] = {}
        self._cited_by: dict[str, set[str]] = defaultdict(set)
        self._elsewhere: dict[str, dict[str, Task]] = defaultdict(dict)
        self._plans: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._started_by: dict[str, set[str]] = defaultdict(set)
        self._feature_scopes: Counter[str] = Counter()
        self._unstarted: frozenset[str] = frozenset()
        self._candidates: dict[LinkKey, set[Link]] = defaultdict(set)
        self._effective: dict[LinkKey, Link] = {}
        self._by_node: dict[str, set[LinkKey]] = defaultdict(set)
        self._implementers: dict[str, set[str]] = defaultdict(set)
        self._verifiers: dict[str, set[str]] = defaultdict(set)
        self._exercisers: dict[str, set[str]] = defaultdict(set)
        self._links: list[Link] | None = None
        self._users = {
            kind: _Users()
            for kind in (
                "ids",
                "folders",
                "qualified",
                "unresolved",
                "anchors",
                "hints",
                "names",
                "modules",
                "titles",
                "spellings",
                "fixtures",
                "files",
                "stories",
            )
        }
        if records:
            self.update(records.values())

    # -- updates ------------------------------------------------------------------------------

    def update(
        self, records: Iterable[FileRecord] = (), removed: Iterable[str] = ()
    ) -> GraphChange:
        """Replace the records of some files and forget others; return what changed."""
        change = GraphChange()
        pending = _Pending()
        for path in removed:
            if path in self.records:
                self._replace(path, None, change, pending)
        for record in records:
            if self.records.get(record.path) != record:
                self._replace(record.path, record, change, pending)
        if change.paths:
            self._settle(change, pending)
        return change

    def _replace(
        self, path: str, new: FileRecord | None, change: GraphChange, pending: _Pending
    ) -> None:
        old = self.records.pop(path, None)
        if new is not None:
            self.records[path] = new
        change.paths.add(path)
        for record, sign in ((old, -1), (new, 1)):
            if record is not None:
                self._facts(record, sign, change, pending)
        old_names = _names(old)
        new_names = _names(new)
        pending.names |= {name for _, name, _ in old_names ^ new_names}
        pending.names |= {name_key(name) for _, name, _ in old_names ^ new_names}
        either = new or old
        if (old is None) != (new is None) and either is not None and either.role == "code":
            pending.modules |= set(language_named(either.language).module_names(path))
        if _properties(old) != _properties(new):
            pending.properties |= {
                p.id.rpartition("/")[2] for p in _properties(old) ^ _properties(new)
            }
        pending.fixtures |= {name for name, _, _ in _fixtures(old) ^ _fixtures(new)}
        if _role(old) != _role(new) or _test_names(old) != _test_names(new):
            pending.files.add(posixpath.basename(path))
        if _role(old) == "spec" or _role(new) == "spec":
            if (old is None) != (new is None):
                pending.spec_set = True
            if _slugs(old) != _slugs(new):
                pending.anchor_specs.add(path)
            if _scope_dir(old) != _scope_dir(new):
                pending.folders |= {
                    d for d, _ in (_scope_dir(old), _scope_dir(new)) if d is not None
                }

    def _facts(self, record: FileRecord, sign: int, change: GraphChange, pending: _Pending) -> None:
        """Add (sign 1) or remove (sign -1) the facts a record declares."""
        path = record.path
        for clause in record.clauses:
            pending.ids.add(clause.id)
            if sign > 0:
                self._declared[clause.id].append(clause)
            else:
                self._declared[clause.id].remove(clause)
            if clause.scope:
                self._count_scope(clause.scope, sign, pending)
                # FMT-32: which scopes are Kiro spec folders (citations by number name their
                # clauses only).
                if record.spec_format == "kiro":
                    _count(self._kiro_scopes, clause.scope, sign)
                if record.spec_format in _FEATURE_FORMATS:
                    _count(self._feature_scopes, clause.scope, sign)
        for prop in record.properties:
            self._property(prop, path, sign)
        folder, scope = _scope_dir(record)
        if folder is not None and scope is not None:
            if sign > 0:
                self._scope_dirs[folder][path] = scope
            else:
                self._scope_dirs[folder].pop(path, None)
                if not self._scope_dirs[folder]:
                    del self._scope_dirs[folder]
        if record.role == "spec":
            if sign > 0:
                self._specs.add(path)
                for clause in record.clauses:
                    if clause.slug:
                        self.anchors[(path, clause.slug)] = clause
                        self._slugs[path].add(clause.slug)
            else:
                self._specs.discard(path)
                self._slugs.pop(path, None)
                for clause in record.clauses:
                    if clause.slug:
                        self.anchors.pop((path, clause.slug), None)
        for symbol in record.symbols:
            change.symbols.add(symbol.id)
            if sign > 0:
                self.symbols[symbol.id] = symbol
                self._by_name[symbol.name][symbol.id] = symbol
                self._by_key[name_key(symbol.name)][symbol.id] = symbol
                if symbol.parent:
                    self._children[symbol.parent].add(symbol.id)
            else:
                self.symbols.pop(symbol.id, None)
                self._by_name[symbol.name].pop(symbol.id, None)
                self._by_key[name_key(symbol.name)].pop(symbol.id, None)
                if symbol.parent:
                    self._children[symbol.parent].discard(symbol.id)
        for fixture in record.fixtures:
            if sign > 0:
                self._fixtures[fixture.name][path] = fixture.type
            else:
                self._fixtures[fixture.name].pop(path, None)
                if not self._fixtures[fixture.name]:
                    del self._fixtures[fixture.name]
        for test in record.tests:
            change.tests.add(test.id)
            if sign > 0:
                self.tests[test.id] = test
            else:
                self.tests.pop(test.id, None)
        if record.role in ("code", "test"):
            _keep(self._by_basename, posixpath.basename(path), path, sign > 0)
        if record.role == "code":
            for name in language_named(record.language).module_names(path):
                if sign > 0:
                    self._module_paths[name].add(path)
                else:
                    self._module_paths[name].discard(path)
        # DIAG-22: the languages of code and tests, and the formats of specs, that were read.
        counts = self._languages[record.role]
        language = record.spec_format if record.role == "spec" else record.language
        if language:
            counts[language] = counts.get(language, 0) + sign
            if not counts[language]:
                del counts[language]

    def _count_scope(self, scope: str, sign: int, pending: _Pending) -> None:
        """Count a scope's declarations; a scope that appears or vanishes changes what every
        qualifier names."""
        before = self._scopes[scope]
        self._scopes[scope] += sign
        if (before > 0) != (self._scopes[scope] > 0):
            pending.scopes.add(scope)
        if not self._scopes[scope]:
            del self._scopes[scope]

    # FMT-33: a design property, by its local name (`Property 17`), scope and file.
    def _property(self, prop: Property, path: str, sign: int) -> None:
        scope, _, local = prop.id.rpartition("/")
        by_scope = self._properties[local]
        if sign > 0:
            by_scope.setdefault(scope, {})[path] = prop.validates
            return
        by_scope.get(scope, {}).pop(path, None)
        if not by_scope.get(scope, True):
            del by_scope[scope]
        if not by_scope:
            del self._properties[local]

    def _settle(self, change: GraphChange, pending: _Pending) -> None:
        """After the records changed: settle the clause tables, then re-derive every file that
        read a fact that changed."""
        self._links = None
        flipped = self._settle_clauses(pending, change)
        users = self._users
        stale = set(change.paths)
        stale |= users["ids"].of(flipped | pending.properties)
        stale |= users["folders"].of(pending.folders)
        if pending.scopes:
            stale |= users["qualified"].all()
        stale |= users["unresolved"].of(change.families)
        stale |= users["anchors"].of(pending.anchor_specs)
        if pending.spec_set:
            stale |= users["anchors"].all()
        stale |= users["hints"].of({name_key(name) for name in pending.names})
        stale |= users["names"].of(pending.names)
        stale |= users["modules"].of(pending.modules)
        stale |= users["titles"].of(pending.titles)
        stale |= users["spellings"].of(pending.spellings)
        stale |= users["fixtures"].of(pending.fixtures)
        stale |= users["files"].of(pending.files)
        stale |= users["stories"].of(pending.stories)
        stale |= pending.first_paths
        before: dict[LinkKey, Link | None] = {}
        for path in stale:
            self._underive(path, before)
        for path in stale:
            if path in self.records:
                self._derive(self.records[path], before)
        change.paths |= stale
        self._settle_started()
        change.clauses |= self._decided
        self._decided.clear()
        for key, old in before.items():
            if self._effective.get(key) != old:
                change.links.add(key)

    # FMT-130: a feature nothing is done of yet is a plan.
    def _settle_started(self) -> None:
        """Find the features not started after an update; the clauses of those that started
        or stopped are marked as changed."""
        if not self._feature_scopes and not self._unstarted:
            return
        linked = {
            self.clauses[c].scope
            for table in (self._implementers, self._verifiers)
            for c, sources in table.items()
            if sources and c in self.clauses
        }
        unstarted = frozenset(
            s for s in self._feature_scopes if s not in linked and not self._started_by.get(s)
        )
        flipped = unstarted ^ self._unstarted
        self._unstarted = unstarted
        if flipped:
            self._decided |= {c.id for c in self.clauses.values() if c.scope in flipped}

    def _settle_clauses(self, pending: _Pending, change: GraphChange) -> set[str]:
        """Pick each touched id's first declaration (by path, then position) and its family;
        return the ids that appeared or vanished."""
        flipped = set()
        for clause_id in sorted(pending.ids):
            change.clauses.add(clause_id)
            old = self.clauses.get(clause_id)
            declared = self._declared.get(clause_id)
            if declared:
                # CL-26: a file that declares the id in a heading holds the clause; an item or
                # paragraph of another file that opens with it restates it.
                headed = {c.path for c in declared if c.kind == "heading"}
                declared.sort(key=lambda c: (c.path not in headed, c.path, c.span))
                first = declared[0]
                self.clauses[clause_id] = first
            else:
                self._declared.pop(clause_id, None)
                first = None
                self.clauses.pop(clause_id, None)
            if _explicit(old) != _explicit(first):
                self._settle_local(clause_id, _explicit(first))
                flipped.add(local_id(clause_id))
            moved = old is not None and first is not None and old.path != first.path
            if (old is None) != (first is None) or moved:
                # A mention names a clause's file too (an ambiguous one lists where each is).
                flipped.add(local_id(clause_id))
            if old is not None and (first is None or old.path != first.path):
                pending.first_paths.add(old.path)
            if first is not None and (old is None or old.path != first.path):
                pending.first_paths.add(first.path)
            self._settle_family(clause_id, old, first, change)
            self._settle_title(clause_id, old, first, pending)
            self._settle_spelling(clause_id, old, first, pending)
            self._settle_parent(clause_id, old, first, pending)
            if first is None:
                self.requirements.discard(clause_id)
                self._requirement.pop(clause_id, None)
        return flipped

    def _settle_title(
        self, clause_id: str, old: Clause | None, new: Clause | None, pending: _Pending
    ) -> None:
        """Keep the table of clauses a test may be named after (FMT-50)."""
        before, after = scenario_title(old), scenario_title(new)
        if before == after:
            return
        if before:
            _keep(self._named, before, clause_id, False)
            pending.titles.add(before)
        if after:
            _keep(self._named, after, clause_id, True)
            pending.titles.add(after)

    def _settle_spelling(
        self, clause_id: str, old: Clause | None, new: Clause | None, pending: _Pending
    ) -> None:
        """Keep the table of the ids a test's name may spell (TEST-7), by their spelling."""
        before, after = _spelling(old), _spelling(new)
        if before == after:
            return
        for spelled, sign in ((before, -1), (after, 1)):
            if spelled is None:
                continue
            start = spelled.partition("_")[0]
            pending.spellings.add(start)
            self._spelling_starts[start] += sign
            if not self._spelling_starts[start]:
                del self._spelling_starts[start]
            _keep(self._spelled, spelled, clause_id, sign > 0)

    def _settle_parent(
        self, clause_id: str, old: Clause | None, new: Clause | None, pending: _Pending
    ) -> None:
        """Keep the table of each clause's children, for the stories tasks name (FMT-10): a
        touched clause and its parents are facts a task's links read."""
        pending.stories.add(clause_id)
        for clause, sign in ((old, -1), (new, 1)):
            if clause is None or clause.parent is None:
                continue
            pending.stories.add(clause.parent)
            _keep(self._clause_children, clause.parent, clause_id, sign > 0)

    def _settle_local(self, clause_id: str, declared: bool) -> None:
        """Add or remove an explicit clause from the ids its local id may name."""
        _keep(self._locals, local_id(clause_id), clause_id, declared)

    def _settle_family(
        self, clause_id: str, old: Clause | None, new: Clause | None, change: GraphChange
    ) -> None:
        was = old is not None and old.explicit
        now = new is not None and new.explicit
        if was == now:
            return
        local = local_id(clause_id)
        prefix = id_prefix(local)
        shapes, shape = self._shapes[prefix], id_shape(local)
        shapes[shape] += 1 if now else -1
        if not shapes[shape]:
            del shapes[shape]
        _keep(self._families, prefix, clause_id, now)
        if not shapes:
            del self._shapes[prefix]
        change.families.add(prefix)

    # -- derivation ---------------------------------------------------------------------------

    def _underive(self, path: str, before: dict[LinkKey, Link | None]) -> None:
        derived = self._derived.pop(path, None)
        if derived is None:
            return
        for item in derived.resolved:
            if item.clause is not None:
                mentions = self.mentions_of.get(item.clause)
                if mentions is not None:
                    mentions.remove(item)
                    if not mentions:
                        del self.mentions_of[item.clause]
        self.resolved_in.pop(path, None)
        for link in derived.links:
            self._retract(link, before)
        self._index_users(path, derived, add=False)
        if derived.plan is not None:
            self._index_plan(path, derived.plan, add=False)

    def _derive(self, record: FileRecord, before: dict[LinkKey, Link | None]) -> None:
        """Resolve one file's mentions and calls against the workspace and add its links."""
        reads = _Reads()
        scope = self._file_scope(record, reads) if record.mentions or record.tasks else None
        resolved = tuple(
            item
            for m in record.mentions
            for item in (
                self._resolve_citation(m, scope, reads)
                if m.kind == "citation"
                else (self._resolve(m, scope, reads),)
            )
        )
        links: list[Link] = []
        for item in resolved:
            if item.clause is None:
                continue
            insort(self.mentions_of[item.clause], item, key=_mention_order)
            m = item.mention
            for owner in m.owners:
                kind: LinkKind = "verifies" if owner in self.tests else "implements"
                links.append(Link(owner, item.clause, kind, "explicit", m.path, m.span))
        hints = set()
        for clause in record.clauses:
            if self.clauses.get(clause.id) is not clause:
                continue
            if clause.symbol_hint:
                hints.add(name_key(clause.symbol_hint.rsplit(".", 1)[-1]))
            for symbol in self.named_symbols(clause.symbol_hint):
                links.append(
                    Link(
                        symbol.id,
                        clause.id,
                        "implements",
                        "inferred",
                        clause.path,
                        clause.name_span,
                    )
                )
        self._set_requirements(record)
        titles = set()
        spellings: set[str] = set()
        for test in record.tests:
            title = _test_title(test.name)
            titles.add(title)
            words = title.split("_")
            spellings.update(words)
            spelled = self._spelled_by(words)
            if spelled is not None:
                links.append(
                    Link(test.id, spelled, "verifies", "inferred", test.path, test.name_span)
                )
            named = self._named.get(title, set())
            if len(named) == 1:
                # FMT-50: a test named after a scenario, the only one of that name, verifies it.
                [clause_id] = named
                links.append(
                    Link(test.id, clause_id, "verifies", "inferred", test.path, test.name_span)
                )
        tasks = _TaskReads()
        for task in record.tasks:
            links += self._task_links(task, record.path, scope, reads, tasks)
        plan = self._plan(record, tasks, scope) if record.tasks else None
        names: set[str] = set(tasks.names)
        modules: set[str] = set()
        fixtures: set[str] = set()
        if record.calls:
            language = language_named(record.language)
            imports = {i.local: i for i in record.imports}
            names |= {c.name for c in record.calls} | {i.name or i.local for i in record.imports}
            for call in record.calls:
                callee = self._through_fixture(call, record.path, language, modules, fixtures)
                callee = callee or self._in_file(call, record.path, language)
                package = language.package_of(record.path)
                for symbol in callee or self._callee(call, imports, language, modules, package):
                    links.append(
                        Link(call.owner, symbol.id, "exercises", "call", record.path, call.span)
                    )
        derived = _Derived(
            resolved=resolved,
            links=tuple(links),
            ids=frozenset(reads.ids),
            folders=frozenset(reads.folders),
            qualified=reads.qualified,
            unresolved=frozenset(
                id_prefix(local_id(r.mention.target))
                for r in resolved
                if r.clause is None and r.mention.kind == "id"
            ),
            anchor_specs=frozenset(
                self.spec_path(m.target.partition("#")[0], m.path)
                for m in record.mentions
                if m.kind == "anchor"
            ),
            hints=frozenset(hints),
            names=frozenset(names),
            modules=frozenset(modules),
            titles=frozenset(titles),
            spellings=frozenset(spellings),
            fixtures=frozenset(fixtures),
            files=frozenset(tasks.files),
            stories=frozenset(tasks.stories),
            missing=tuple(tasks.missing),
            plan=plan,
        )
        self._derived[record.path] = derived
        if plan is not None:
            self._index_plan(record.path, plan, add=True)
        self.resolved_in[record.path] = resolved
        for link in derived.links:
            self._assert(link, before)
        self._index_users(record.path, derived, add=True)

    def _index_users(self, path: str, derived: _Derived, add: bool) -> None:
        for kind, facts in (
            ("ids", derived.ids),
            ("folders", derived.folders),
            ("qualified", (_QUALIFIED,) if derived.qualified else ()),
            ("unresolved", derived.unresolved),
            ("anchors", derived.anchor_specs),
            ("hints", derived.hints),
            ("names", derived.names),
            ("modules", derived.modules),
            ("titles", derived.titles),
            ("spellings", derived.spellings),
            ("fixtures", derived.fixtures),
            ("files", derived.files),
            ("stories", derived.stories),
        ):
            if add:
                self._users[kind].add(path, facts)
            else:
                self._users[kind].discard(path, facts)

    # FMT-11, FMT-29: a checked task links the files it names to the clauses it is for.
    def _task_links(
        self, task: Task, path: str, scope: str | None, reads: _Reads, tasks: _TaskReads
    ) -> list[Link]:
        """The links a task's line gives (none for an unchecked task: a plan), noting the
        clauses it cites, the files it names that the workspace lacks, and the clauses it says
        are done in files trine does not read."""
        clauses: list[str] = []
        for target in task.targets:
            if task.kind == "field" and target in self.clauses:
                # FMT-91: a requirement's own field is for it, whatever else shares its id.
                reads.ids.add(local_id(target))
                clauses.append(target)
                continue
            found = self._resolve_id(Mention(path, "id", target, task.span, "text"), scope, reads)
            if found.clause is not None:
                clauses.append(found.clause)
                tasks.stories.add(found.clause)
        tasks.cited.update(clauses)
        if not task.done:
            tasks.open = True
            return []
        tasks.done = tasks.done or task.kind == "task"
        links = []
        unread = bool(task.files)
        for named in task.files:
            tasks.files.add(posixpath.basename(named.path))
            files = self.task_files(named.path)
            unread = unread and self._unread(files, named.path)
            if len(files) != 1:
                if not files:
                    tasks.missing.append((task, named))
                continue
            [file] = files
            role = self.records[file].role
            if role == "spec":
                continue  # FMT-128: a spec a task names is a document, not its code
            # FMT-28: what a Kiro task's label says wins over the file's role.
            tested = named.relation == "verify" or (named.relation is None and role == "test")
            kind: LinkKind = "verifies" if tested else "implements"
            source = self._task_source(file, named.function, kind, tasks)
            targets = [t for c in clauses for t in self._task_targets(c, kind, task)]
            links += [
                Link(source, t, kind, "task", path, named.span) for t in dict.fromkeys(targets)
            ]
            if kind == "verifies" and source == file and task.kind == "task":
                links += [
                    Link(test, scenario, kind, "task", path, named.span)
                    for test, scenario in self._numbered_scenarios(file, clauses)
                ]
        # FMT-131: a record that it is implemented, with no code trine links, is out of sight.
        if unread or (task.kind == "record" and not links):
            # FMT-128: what the task did is in files trine does not read; it cannot judge it.
            tasks.elsewhere.update((c, task) for c in clauses if c not in tasks.elsewhere)
        return links

    def _unread(self, files: list[str], written: str) -> bool:
        """Whether a file a task names is one trine reads no code or tests in: a document, a
        spec, or a file in a language trine does not read."""
        if not files:
            return language_for(written) is None
        return all(self.records[f].role == "spec" for f in files)

    # FMT-129: a finished Kiro plan says which of the kinds of clause it cites it has done.
    def _plan(self, record: FileRecord, tasks: _TaskReads, scope: str | None) -> _Plan:
        """What a task list's tasks say of its clauses beyond their links."""
        covers: frozenset[tuple[str, str]] = frozenset()
        if not tasks.open and record.spec_format == "kiro":
            covers = frozenset(
                (self.clauses[c].path, _id_kind(c)) for c in tasks.cited if c in self.clauses
            )
        elsewhere = tuple(sorted(tasks.elsewhere.items()))
        started = scope if tasks.done else None
        return _Plan(frozenset(tasks.cited), elsewhere, covers, started)

    def _index_plan(self, path: str, plan: _Plan, add: bool) -> None:
        """Add or remove a task list's plan from the tables `unjudged` reads; every clause
        whose judgement may change is marked as changed."""
        for clause_id in plan.cited:
            _keep(self._cited_by, clause_id, path, add)
        for clause_id, task in plan.elsewhere:
            if add:
                self._elsewhere[clause_id][path] = task
            else:
                self._elsewhere[clause_id].pop(path, None)
                if not self._elsewhere[clause_id]:
                    del self._elsewhere[clause_id]
        for key in plan.covers:
            _keep(self._plans, key, path, add)
        if plan.started is not None:
            _keep(self._started_by, plan.started, path, add)
        self._decided |= plan.cited | {c for c, _ in plan.elsewhere}
        for spec, kind in plan.covers:
            record = self.records.get(spec)
            if record is not None:
                self._decided |= {c.id for c in record.clauses if _id_kind(c.id) == kind}

    # FMT-127: a test of a story's test file that numbers the scenario it checks.
    def _numbered_scenarios(self, file: str, clauses: list[str]) -> list[tuple[str, str]]:
        """Each test of a file that a task for one story names whose name, or its class's,
        numbers one of the story's scenarios (`TestAcceptanceScenario2`), with that scenario."""
        stories = [c for c in clauses if self.clauses[c].needs == frozenset()]
        if len(stories) != 1:
            return []
        [story] = stories
        children = self._clause_children.get(story, set())
        return [
            (test.id, f"{story}.{number}")
            for test in self.records[file].tests
            for number in sorted(
                {n for part in test.id.split("::")[1:] for n in scenario_numbers(part)}
            )
            if f"{story}.{number}" in children
        ]

    # FMT-10: a task for a story (no requirement itself) is for its scenarios; FMT-124, FMT-125:
    # a task list's test task only for the scenarios its words clearly speak of.
    def _task_targets(self, clause_id: str, kind: LinkKind, task: Task) -> list[str]:
        """A clause a task names, with the clauses directly inside it that need what the link
        gives (code, a test) when it is a section that needs nothing: a spec-kit story and, for
        a test, those of its acceptance scenarios the task's words match."""
        clause = self.clauses.get(clause_id)
        if clause is None or clause.needs is None or clause.needs:
            return [clause_id]
        need: Need = "test" if kind == "verifies" else "code"
        children = {
            c.id: c.text
            for c in (self.clauses.get(k) for k in self._clause_children.get(clause_id, ()))
            if c is not None and c.explicit and (c.needs is None or need in c.needs)
        }
        if kind == "verifies" and task.kind == "task":
            children = {c: children[c] for c in matched(task.text, children)}
        return [clause_id, *sorted(children)]

    def _task_source(
        self, file: str, function: str | None, kind: LinkKind, tasks: _TaskReads
    ) -> str:
        """What a task's link starts at: the function or test it names in the file, when the
        file has exactly one of that name, else the whole file."""
        if not function:
            return file
        name = function.rsplit(".", 1)[-1]
        tasks.names.add(name)
        if kind == "verifies":
            found = [t for t in self.records[file].tests if t.name == name]
            return found[0].id if len(found) == 1 else file
        symbols = [
            s
            for s in self._by_name.get(name, {}).values()
            if s.path == file and (s.qualname == function or "." not in function)
        ]
        return symbols[0].id if len(symbols) == 1 else file

    # FMT-9: a path names a file of the workspace, or the only one it is the end of.
    def task_files(self, written: str) -> list[str]:
        """The code or test files a task's path may name: that path from the root, else every
        indexed file whose path ends with it (`src/x.py` for `backend/src/x.py`); it names one
        when there is one."""
        candidates = self._by_basename.get(posixpath.basename(written), set())
        if written in candidates:
            return [written]
        return sorted(p for p in candidates if p.endswith("/" + written))

    def missing_task_files(self, path: str) -> tuple[tuple[Task, TaskFile], ...]:
        """The files checked tasks of a task list name that no indexed file's path ends with (a
        path several files end with is there, only ambiguous)."""
        derived = self._derived.get(path)
        return derived.missing if derived is not None else ()

    def task_of(self, link: Link) -> Task | None:
        """The task whose line is a task link's evidence."""
        record = self.records.get(link.path)
        if link.evidence != "task" or record is None:
            return None
        return next((t for t in record.tasks if any(f.span == link.span for f in t.files)), None)

    # FMT-12: coverage that rests on a task list's word alone is told apart.
    def linked_only_by_tasks(self, clause_id: str) -> bool:
        """Whether a clause has links and every one of them comes from a task list."""
        links = [link for link in self.links_of(clause_id) if link.target == clause_id]
        return bool(links) and all(link.evidence == "task" for link in links)

    # FMT-126: a scenario no test names may still be checked by the tests of its story.
    def story_tests(self, clause_id: str) -> list[Link]:
        """The task links by which test files verify the section (needing nothing) a clause is
        directly in: a spec-kit story's tests, which may check its scenarios."""
        clause = self.clauses.get(clause_id)
        parent = self.clauses.get(clause.parent) if clause and clause.parent else None
        if parent is None or parent.needs is None or parent.needs:
            return []
        return [
            link
            for link in self.links_of(parent.id)
            if link.target == parent.id and link.kind == "verifies" and link.evidence == "task"
        ]

    def node_path(self, node: str) -> str:
        """The file a link's end is in: a symbol's or test's file, or the file itself."""
        found = self.symbols.get(node) or self.tests.get(node)
        return found.path if found is not None else node

    # CL-6, CL-17; FMT-7, FMT-47: what each clause of a file needs, its children first (a
    # clause that only groups requirements is a section).
    def _set_requirements(self, record: FileRecord) -> None:
        own = {c.id: c for c in record.clauses if self.clauses.get(c.id) is c}
        under = self._under_headings(record)
        grouping: set[str] = set()
        for clause in reversed(record.clauses):
            if own.get(clause.id) is not clause:
                continue
            decided = self.policy.decide(
                clause,
                under.get(clause.id),
                clause.id in grouping,
                bool(self.named_symbols(clause.symbol_hint)),
            )
            if self._requirement.get(clause.id) != decided:
                # A clause can turn into a section when a child's declaration moves here.
                self._decided.add(clause.id)
            self._requirement[clause.id] = decided
            if decided.needs:
                self.requirements.add(clause.id)
                if clause.parent is not None:
                    grouping.add(clause.parent)
            else:
                self.requirements.discard(clause.id)

    # CL-18
    def _under_headings(self, record: FileRecord) -> dict[str, frozenset[Need] | None]:
        """What the nearest heading `[tool.trine.needs]` names says each clause of a file needs
        (parents come before their children in a file)."""
        under: dict[str, frozenset[Need] | None] = {}
        if self.policy.by_heading:
            for clause in record.clauses:
                named = self.policy.heading_need(clause)
                inherited = under.get(clause.parent) if clause.parent is not None else None
                under[clause.id] = named if named is not None else inherited
        return under

    # -- the link tables ----------------------------------------------------------------------

    def _assert(self, link: Link, before: dict[LinkKey, Link | None]) -> None:
        key = link.key
        before.setdefault(key, self._effective.get(key))
        self._candidates[key].add(link)
        current = self._effective.get(key)
        if current is None or _rank(link) < _rank(current):
            self._choose(key, link)

    def _retract(self, link: Link, before: dict[LinkKey, Link | None]) -> None:
        key = link.key
        before.setdefault(key, self._effective.get(key))
        candidates = self._candidates[key]
        candidates.discard(link)
        if not candidates:
            del self._candidates[key]
        if self._effective.get(key) == link:
            self._choose(key, min(candidates, key=_rank) if candidates else None)

    # REL-8: the choice changes only when a better link comes or the chosen one goes, so that
    # thousands of mentions of one clause in one test cost linear time.
    def _choose(self, key: LinkKey, chosen: Link | None) -> None:
        """Make a link the one its key stands for: explicit evidence over inferred over calls,
        then the first place in the workspace."""
        source, target, kind = key
        if (key in self._effective) == (chosen is not None):
            if chosen is not None:
                self._effective[key] = chosen
            return
        table = {
            "implements": self._implementers,
            "verifies": self._verifiers,
            "exercises": self._exercisers,
        }[kind]
        if chosen is None:
            del self._effective[key]
        else:
            self._effective[key] = chosen
        for node in (source, target):
            _keep(self._by_node, node, key, chosen is not None)
        _keep(table, target, source, chosen is not None)

    def _coverage_of(self, clause: str, tested: bool) -> list[str]:
        implementers = self._implementers.get(clause, set())
        if not tested:
            return sorted(implementers)
        found = set(self._verifiers.get(clause, ()))
        for symbol in implementers:
            found |= self._exercisers.get(symbol, set())
        return sorted(found)

    # -- references ---------------------------------------------------------------------------

    def _resolve(self, mention: Mention, scope: str | None, reads: _Reads) -> Resolved:
        if mention.kind == "id":
            return self._resolve_id(mention, scope, reads)
        if mention.kind == "range":
            # CODE-9: an id a range stands for names a clause or nothing, never a broken one.
            found = self._resolve_id(mention, scope, reads)
            return Resolved(mention, found.clause, False)
        path, _, slug = mention.target.partition("#")
        spec = self.spec_path(path, mention.path)
        if spec is None:
            return Resolved(mention, None, False)
        clause = self.anchors.get((spec, slug))
        return Resolved(mention, clause.id if clause else None, clause is None)

    # CL-10, CL-12: a qualified id names its scope; a bare one resolves in the file's scope, else
    # to its only declaration, else it is ambiguous.
    def _resolve_id(self, mention: Mention, scope: str | None, reads: _Reads) -> Resolved:
        qualifier, _, local = mention.target.rpartition("/")
        reads.ids.add(local)
        if qualifier:
            reads.qualified = True
            if mention.target in self.clauses:  # the clause's own id (`auth/login/REQ-3`)
                return Resolved(mention, mention.target, False)
            scopes = self.scopes_named(qualifier)
            if scopes:
                found = [c for s in scopes if (c := f"{s}/{local}") in self.clauses]
                if len(found) == 1:
                    return Resolved(mention, found[0], False)
                return Resolved(mention, None, not found, tuple(found))
        if scope is not None and (scoped := f"{scope}/{local}") in self.clauses:
            return Resolved(mention, scoped, False)
        candidates = self._locals.get(local, set())
        if len(candidates) == 1:
            return Resolved(mention, next(iter(candidates)), False)
        if candidates:
            return Resolved(mention, None, False, tuple(sorted(candidates)))
        return Resolved(mention, None, self._typo(local))

    # DIAG-18, DIAG-20: a token is broken only when it has the shape of its family's declared
    # ids (`SEC-5` is not one of `SEC-01-001`) and its prefix is not one the workspace only cites.
    def _typo(self, local: str) -> bool:
        """Whether an undeclared id is a broken reference rather than unrelated text."""
        shapes = self._shapes.get(id_prefix(local))
        if not shapes or cites_only(local, self.reference_only):
            return False
        shape = id_shape(local)
        return any(fits_shape(shape, found) for found in shapes)

    # FMT-31, FMT-32, FMT-33: a Kiro-style citation names clauses of Kiro spec folders only:
    # those of the spec its text names, else of its file's scope, else the only one declaring
    # the number (several: ambiguous); nothing otherwise, and a design property names the
    # criteria it validates.
    def _resolve_citation(
        self, mention: Mention, scope: str | None, reads: _Reads
    ) -> tuple[Resolved, ...]:
        qualifier, _, local = mention.target.rpartition("/")
        reads.ids.add(local)
        if qualifier:
            reads.qualified = True
            named = [s for s in self.scopes_named(qualifier) if s in self._kiro_scopes]
            named += self._property_scopes(local, lambda s: names_scope(qualifier, s))
            if named:
                found = [c for s in dict.fromkeys(named) for c in self._cited(s, local, reads)]
                return self._citing(mention, found, unknown=not local.startswith("Property"))
        if scope is not None and (found := self._cited(scope, local, reads)):
            return self._citing(mention, found)
        if local.startswith("Property"):
            return (Resolved(mention, None, False),)
        candidates = sorted(
            c for c in self._locals.get(local, ()) if c.rpartition("/")[0] in self._kiro_scopes
        )
        if len(candidates) == 1:
            return (Resolved(mention, candidates[0], False),)
        return (Resolved(mention, None, False, tuple(candidates)),)

    def _cited(self, scope: str, local: str, reads: _Reads) -> list[str]:
        """The clauses a citation names in one Kiro spec folder: the clause, or the criteria
        the design property validates (whose ids are read)."""
        if local.startswith("Property"):
            cited = [
                c
                for found in self._properties.get(local, {}).get(scope, {}).values()
                for c in found
            ]
            reads.ids.update(local_id(c) for c in cited)
            return list(dict.fromkeys(c for c in cited if c in self.clauses))
        clause = f"{scope}/{local}"
        return [clause] if clause in self.clauses and scope in self._kiro_scopes else []

    def _property_scopes(self, local: str, wanted: Callable[[str], bool]) -> list[str]:
        return sorted(s for s in self._properties.get(local, {}) if wanted(s))

    @staticmethod
    def _citing(mention: Mention, found: list[str], unknown: bool = False) -> tuple[Resolved, ...]:
        """One resolved mention per clause cited; none found is unknown, or nothing."""
        if not found:
            return (Resolved(mention, None, unknown),)
        return tuple(Resolved(mention, clause, False) for clause in found)

    # CL-12: a file's scope: its own (a spec's clauses, a test's `Feature:`), the configured one,
    # else the feature folder it sits in.
    def _file_scope(self, record: FileRecord, reads: _Reads) -> str | None:
        if record.scope is not None:
            return record.scope
        if self.scope_of is not None and (configured := self.scope_of(record.path)):
            return configured
        folder = record.path
        while folder:
            folder = posixpath.dirname(folder)
            reads.folders.add(folder)
            found = set(self._scope_dirs.get(folder, {}).values())
            if found:
                return found.pop() if len(found) == 1 else None
        return None

    def scope_at(self, path: str) -> str | None:
        """The scope a file's bare ids resolve in, None when it has none."""
        record = self.records.get(path)
        return self._file_scope(record, _Reads()) if record is not None else None

    def scopes_named(self, qualifier: str) -> list[str]:
        """The declared scopes a qualifier names (`9c`, `009c-core`, `specs/009c-core`)."""
        return sorted(s for s in self._scopes if names_scope(qualifier, s))

    def scopes(self) -> list[str]:
        """Every scope that declares clauses."""
        return sorted(self._scopes)

    # CODE-5
    def spec_path(self, target: str, from_path: str) -> str | None:
        """The spec file a link path names: relative to the file, to the root, or a unique suffix."""
        if not target:
            return from_path if from_path in self._specs else None
        base = posixpath.dirname(from_path)
        for candidate in (
            posixpath.normpath(posixpath.join(base, target)),
            posixpath.normpath(target),
        ):
            if candidate in self._specs:
                return candidate
        suffix = "/" + target.lstrip("./")
        matches = [p for p in self._specs if p.endswith(suffix)]
        return matches[0] if len(matches) == 1 else None

    # FMT-47: an OpenSpec requirement needs code and no test of its own; a scenario, a test.
    def needs(self, clause_id: str, what: Need) -> bool:
        """Whether a requirement needs code (`"code"`) or a test (`"test"`)."""
        return what in self.needs_of(clause_id)

    # CL-21
    def needs_of(self, clause_id: str) -> frozenset[Need]:
        """What a clause needs: code, a test, both, or nothing (then it is no requirement)."""
        decided = self._requirement.get(clause_id)
        return decided.needs if decided is not None else NOTHING

    # CL-16, CL-21
    def strength(self, clause_id: str) -> Strength | None:
        """How strongly a clause's own words oblige (`must`, `should`, `may`), None when they
        do not say."""
        decided = self._requirement.get(clause_id)
        return decided.strength if decided is not None else None

    def family(self, prefix: str) -> set[str]:
        """The explicit clause ids declared with a prefix (`REQ` for `REQ-12`)."""
        return self._families.get(prefix, set())

    def slugs(self, spec: str) -> set[str]:
        """The heading slugs a spec file declares."""
        return self._slugs.get(spec, set())

    def declarations(self, clause_id: str) -> list[Clause]:
        """Every declaration of an id, the one that counts first."""
        return list(self._declared.get(clause_id, ()))

    @property
    def duplicates(self) -> list[tuple[Clause, Clause]]:
        """Each declaration of an id after the first, with the first."""
        return [(c, found[0]) for found in self._declared.values() for c in found[1:]]

    @property
    def resolved(self) -> list[Resolved]:
        """Every mention of the workspace, resolved, file by file."""
        return [item for path in sorted(self.resolved_in) for item in self.resolved_in[path]]

    @property
    def links(self) -> list[Link]:
        """Every link, in the order of its evidence's place."""
        if self._links is None:
            self._links = sorted(self._effective.values(), key=_link_order)
        return self._links

    # TEST-7: a test whose name spells one declared id verifies it.
    def _spelled_by(self, words: list[str]) -> str | None:
        """The one clause the words of a test's name spell (`api_fr_login` for `API-FR-LOGIN`),
        None when they spell none or several; a spelling inside a longer one is not counted
        (`fr_1` in `fr_1_2`)."""
        found: list[tuple[int, int, set[str]]] = []
        for start, word in enumerate(words):
            if word not in self._spelling_starts:
                continue
            for end in range(start + 2, min(len(words), start + _MAX_SPELLED) + 1):
                ids = self._spelled.get("_".join(words[start:end]))
                if ids:
                    found.append((start, end, ids))
        clauses = {
            clause_id
            for start, end, ids in found
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in found)
            for clause_id in ids
        }
        return clauses.pop() if len(clauses) == 1 else None

    # CODE-6: inferred links from headings that name a function.
    # GO-8, TS-8: names compare with case and separators ignored, whatever the code's language.
    # RS-11: a qualified name is dotted whatever the language joins it with (`Parser::parse`).
    def named_symbols(self, name: str | None) -> list[Symbol]:
        """Code symbols a heading names: `parse` by name, `Parser.parse` by qualified name;
        `parse_duration` names `parseDuration` too."""
        if not name:
            return []
        dotted = name.replace("::", ".")
        if not _compound(dotted):
            # A plain word (`Middleware (1 task)`) is a title as much as a name: exact case.
            return sorted(self._by_name.get(dotted, {}).values(), key=lambda s: s.id)
        key = name_key(dotted)
        return sorted(
            (
                s
                for s in self._by_key.get(key.rsplit(".", 1)[-1], {}).values()
                if name_key(s.qualname.replace("::", ".")) == key or "." not in dotted
            ),
            key=lambda s: s.id,
        )

    # TEST-4: calls resolved through imports, else by unique name.
    # CODE-8: the test file's language says where an imported name is defined.
    # GO-6: an unqualified call reaches the test's own package first.
    def _callee(
        self,
        call: CallSite,
        imports: dict[str, Import],
        language: Language,
        read: set[str],
        package: str | None = None,
    ) -> list[Symbol]:
        """The workspace symbol a test calls: through the file's imports, else in its own
        package (Go), else by unique name; the modules looked up are added to `read`."""
        if call.receiver is None and call.name in imports:
            imported = imports[call.name]
            for module, qualname in language.import_targets(imported, None):
                if found := self._in_module(module, qualname, read):
                    return found
            return self._unique(imported.name or call.name, methods=False)
        if call.receiver is not None and call.receiver in imports:
            for module, qualname in language.import_targets(imports[call.receiver], call.name):
                if found := self._in_module(module, qualname, read):
                    return found
        if (
            call.receiver is None
            and package is not None
            and (found := self._in_module(package, call.name, read))
        ):
            return found
        return self._unique(call.name, methods=call.receiver is not None)

    # TEST-8: `client.get()` in a test that takes the fixture `client` calls its type's `get`.
    def _through_fixture(
        self, call: CallSite, path: str, language: Language, read: set[str], fixtures: set[str]
    ) -> list[Symbol]:
        """The method a call on a test's parameter reaches when a fixture of that name is
        visible from the test (see `fixture_at`) and its type resolves through the imports of
        the file that defines it; the fixture names looked up are added to `fixtures`."""
        if not call.parameter or call.receiver is None:
            return []
        fixtures.add(call.receiver)
        found = self.fixture_at(call.receiver, path)
        if found is None:
            return []
        where, kind = found
        record = self.records[where]
        imports = {i.local: i for i in record.imports}
        if kind not in imports:
            return []
        typed = CallSite(call.owner, call.name, kind, call.span)
        return self._callee(typed, imports, language, read)

    def fixture_at(self, name: str, path: str) -> tuple[str, str] | None:
        """The fixture a test in `path` gets for a parameter name, as pytest picks it: defined
        in the test's own file, else in the nearest `conftest.py` above it; its file and type."""
        defined = self._fixtures.get(name)
        if not defined:
            return None
        if path in defined:
            return path, defined[path]
        folder = posixpath.dirname(path)
        while True:
            conftest = posixpath.join(folder, "conftest.py")
            if conftest in defined:
                return conftest, defined[conftest]
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    # RS-6: a test in a code file (Rust's `mod tests`) calls the file's own items first.
    def _in_file(self, call: CallSite, path: str, language: Language) -> list[Symbol]:
        """The symbol of the calling file a call names (`parse(..)`, `Parser::new(..)`), if the
        file is code (a test file's own helpers are no code under test)."""
        record = self.records.get(path)
        if record is None or record.role != "code":
            return []
        separator = language.grammar().separator
        name = f"{call.receiver}{separator}{call.name}" if call.receiver else call.name
        symbol = self.symbols.get(f"{path}::{name}")
        return [symbol] if symbol is not None else []

    def _in_module(self, module: str, qualname: str, read: set[str]) -> list[Symbol]:
        read.add(module)
        # GO-6: a module may be several files (a Go package): the one that defines the name.
        found = [
            symbol
            for path in self._module_paths.get(module, set())
            if (symbol := self.symbols.get(f"{path}::{qualname}")) is not None
        ]
        return found if len(found) == 1 else []

    def _unique(self, name: str, methods: bool) -> list[Symbol]:
        candidates = [
            s for s in self._by_name.get(name, {}).values() if methods or s.kind != "method"
        ]
        return candidates if len(candidates) == 1 else []

    # -- queries ------------------------------------------------------------------------------

    # CODE-8
    def language_of(self, path: str) -> Language:
        """The language of a code or test file (the default language for any other file)."""
        record = self.records.get(path)
        return language_named(record.language) if record is not None else default_language()

    # CODE-8
    # DIAG-23: None in a workspace whose code and tests are in no language trine reads.
    def test_language_for(self, clause_id: str) -> Language | None:
        """The language a test for a clause is written in: its first implementation's, else
        the one most of the workspace's tests (then its code) are written in."""
        for symbol in self.implemented_by.get(clause_id, []):
            return self.language_of(self.node_path(symbol))
        return self._most_used("test", "code")

    # DIAG-23
    def code_language(self) -> Language | None:
        """The language most of the workspace's code (then its tests) is written in."""
        return self._most_used("code", "test")

    def _most_used(self, *roles: Role) -> Language | None:
        for role in roles:
            counts = self._languages[role]
            if counts:
                return language_named(min(counts, key=lambda name: (-counts[name], name)))
        return None

    # DIAG-15, DIAG-23
    # FMT-128, FMT-129
    def unjudged(self, clause_id: str) -> Unjudged | None:
        """Why trine does not judge whether a clause is implemented and tested, None when it
        does: a checked task says it is done in files trine does not read, or a finished plan
        cites clauses of its kind in its file but not it."""
        elsewhere = self._elsewhere.get(clause_id)
        if elsewhere:
            path = min(elsewhere)
            task = elsewhere[path]
            if task.kind == "record":
                return Unjudged("recorded", path, task, frozenset({"code"}))
            return Unjudged("unread", path, task)
        clause = self.clauses.get(clause_id)
        if clause is None:
            return None
        if clause.scope in self._unstarted:
            return Unjudged("not-started", clause.scope)
        if clause_id in self._cited_by:
            return None
        plans = self._plans.get((clause.path, _id_kind(clause_id)))
        return Unjudged("unplanned", min(plans)) if plans else None

    def unstarted(self) -> list[str]:
        """The features (scopes of Kiro and spec-kit specs) nothing is done of yet (FMT-130)."""
        return sorted(self._unstarted)

    def reads(self, role: Role) -> bool:
        """Whether the workspace has a spec, code or test file that trine reads."""
        return bool(self._languages[role])

    def code_files_read(self) -> int:
        """How many code and test files trine reads."""
        return sum(n for role in ("code", "test") for n in self._languages[role].values())

    def languages_read(self) -> list[str]:
        """The languages of the code and test files trine reads, most files first."""
        counts = Counter(self._languages["code"]) + Counter(self._languages["test"])
        return [name for name, _ in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    # DIAG-26: more code files in languages trine does not read than code and test files it
    # reads (with none read, DIAG-15 says so); DIAG-27: unless the configuration says `always`.
    def outweighed(self) -> bool:
        """Whether most of the workspace's code is in languages trine does not read, so the
        links written there are not seen, and coverage is not judged."""
        read = self.code_files_read()
        return not self.census.always and 0 < read < self.census.files

    # DIAG-15, DIAG-26
    def judges(self, role: Role) -> bool:
        """Whether coverage by code (or tests) is judged: trine reads a file of the role, and
        most of the workspace's code is in languages it reads."""
        return self.reads(role) and not self.outweighed()

    # DIAG-22
    def reads_format(self, name: str) -> bool:
        """Whether some spec of the workspace is read in a format (`tracey`, `kiro`)."""
        return name in self._languages["spec"]

    def links_of(self, node: str) -> list[Link]:
        """Links with the node (clause, symbol or test id) at either end."""
        return sorted((self._effective[k] for k in self._by_node.get(node, ())), key=_link_order)

    def clause_children(self, clause_id: str) -> set[str]:
        """The clauses declared directly inside a clause (a story's scenarios)."""
        return set(self._clause_children.get(clause_id, ()))

    def children(self, symbol: str) -> set[str]:
        """The symbols defined directly inside a class or function."""
        return set(self._children.get(symbol, ()))

    def exercised_by(self, symbol: str) -> set[str]:
        """The tests that call a symbol."""
        return set(self._exercisers.get(symbol, ()))

    def clauses_of_symbol(self, symbol: str) -> list[str]:
        """Clauses a symbol implements."""
        return sorted(
            target
            for source, target, kind in self._by_node.get(symbol, ())
            if kind == "implements" and source == symbol
        )

    def tests_of_symbol(self, symbol: str) -> list[str]:
        """Tests that call a symbol or verify a clause it implements."""
        clauses = self.clauses_of_symbol(symbol)
        direct = self._exercisers.get(symbol, set())
        return sorted(direct.union(*(self.tested_by.get(c, []) for c in clauses)))

    def clauses_of_test(self, test: str) -> list[str]:
        """Clauses a test checks, directly or through the symbols it calls."""
        found = set()
        for source, target, kind in self._by_node.get(test, ()):
            if source != test:
                continue
            if kind == "verifies":
                found.add(target)
            elif kind == "exercises":
                found.update(self.clauses_of_symbol(target))
        return sorted(found)

    def symbols_of_test(self, test: str) -> list[str]:
        """Symbols a test calls."""
        return sorted(
            target
            for source, target, kind in self._by_node.get(test, ())
            if kind == "exercises" and source == test
        )


@dataclass
class _Reads:
    """The facts one file's resolution read: local ids, folders searched for a scope, and
    whether a qualifier was matched against the declared scopes."""

    ids: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    qualified: bool = False


@dataclass
class _TaskReads:
    """What one task list's links read: file names, function names and the clauses named (a
    story's scenarios change with it), and the files its checked tasks name that are missing."""

    files: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    missing: list[tuple[Task, TaskFile]] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)
    elsewhere: dict[str, Task] = field(default_factory=dict)
    open: bool = False
    done: bool = False


_DIGITS = re.compile(r"\d+")


_FEATURE_FORMATS = frozenset({"kiro", "spec-kit"})


def _count(counter: Counter[str], key: str, sign: int) -> None:
    """Add `sign` to a counter, dropping the key at zero."""
    counter[key] += sign
    if not counter[key]:
        del counter[key]


def _id_kind(clause_id: str) -> str:
    """The kind of a clause's id: its local id with numbers as `#` (`1.2` and `10.1` are
    criteria `#.#`, `FR-001` is `FR-#`)."""
    return _DIGITS.sub("#", local_id(clause_id))


_QUALIFIED = "qualified"
"""The one fact of the `qualified` users: the set of declared scopes."""


@dataclass
class _Pending:
    """Facts collected while records change, settled once the batch is in."""

    ids: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    scopes: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    anchor_specs: set[str | None] = field(default_factory=set)
    first_paths: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    spellings: set[str] = field(default_factory=set)
    fixtures: set[str] = field(default_factory=set)
    properties: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    spec_set: bool = False


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


# FMT-50: `test_idle_session`, `testIdleSession` and scenario "Idle session" share `idle_session`.
def _compound(name: str) -> bool:
    """Whether a name is spelled as code: dotted, with `_` or `-`, or with a capital inside."""
    return any(c in name for c in "._-") or any(c.isupper() for c in name[1:])


def _test_title(name: str) -> str:
    """A test's name as the title it may be named after: words in lower case joined by `_`,
    without the `test` that opens it."""
    words = _CAMEL.sub("_", name).lower().split("_")
    if words and words[0] == "test":
        words = words[1:]
    return "_".join(w for w in words if w)


_MAX_SPELLED = 8
"""The most words an id spelled in a test's name has (`api_fr_login`: three)."""
_SPELLING_GAPS = re.compile(r"[^a-z0-9]+")


def _spelling(clause: Clause | None) -> str | None:
    """How a test's name spells an explicit id: lower case, words joined by `_`
    (`API-FR-LOGIN` as `api_fr_login`, `req-7b8e6597` as `req_7b8e6597`); None for a clause
    with no id or an id of one word, which no name is taken to spell."""
    if clause is None or not clause.explicit:
        return None
    words = [w for w in _SPELLING_GAPS.split(local_id(clause.id).lower()) if w]
    return "_".join(words) if 1 < len(words) <= _MAX_SPELLED else None


def scenario_title(clause: Clause | None) -> str | None:
    """The test name that verifies a clause by name: only a clause that needs a test and no code
    (an OpenSpec scenario), when its title has two words or more, so that no test named after a
    common word (`test_success`) is taken for one."""
    if clause is None or not clause.explicit or clause.needs != frozenset({"test"}):
        return None
    words = [w for w in github_slug(clause.title).replace("_", "-").split("-") if w]
    return "_".join(words) if len(words) > 1 else None


def _explicit(clause: Clause | None) -> bool:
    return clause is not None and clause.explicit


def _scope_dir(record: FileRecord | None) -> tuple[str | None, str | None]:
    """The folder a spec file's scope covers, and that scope (a feature folder)."""
    if record is None or record.role != "spec":
        return None, None
    scope = next((c.scope for c in record.clauses if c.scope), None)
    return (posixpath.dirname(record.path), scope) if scope else (None, None)


def _properties(record: FileRecord | None) -> set[Property]:
    return set(record.properties) if record is not None else set()


def _role(record: FileRecord | None) -> str | None:
    return record.role if record is not None else None


def _names(record: FileRecord | None) -> set[tuple[str, str, str]]:
    return {(s.id, s.name, s.kind) for s in record.symbols} if record is not None else set()


def _fixtures(record: FileRecord | None) -> set[tuple[str, str, tuple[Import, ...]]]:
    """A file's fixtures, each with the imports its type resolves through."""
    if record is None:
        return set()
    return {(f.name, f.type, record.imports) for f in record.fixtures}


def _test_names(record: FileRecord | None) -> set[str]:
    return {t.id for t in record.tests} if record is not None else set()


def _slugs(record: FileRecord | None) -> set[tuple[str, str]]:
    """A spec's anchors: each heading slug with the clause it names."""
    return {(c.slug, c.id) for c in record.clauses if c.slug} if record is not None else set()
