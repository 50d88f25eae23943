"""The trace graph: clauses, symbols, tests and the links between them, assembled from records.

Built from a mapping of per-file records and never changed afterwards; a change to one file
builds a new graph from the old records plus the new one.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from trine.index.records import CallSite, FileRecord, Mention, Symbol, TestItem
from trine.parsers.facts import Clause, Import
from trine.parsers.ids import id_prefix
from trine.parsers.text import Span

LinkKind = Literal["implements", "verifies", "exercises"]
Evidence = Literal["explicit", "inferred", "call"]


@dataclass(frozen=True)
class Link:
    """A directed trace link: a symbol implements a clause, a test verifies a clause, or a test
    exercises a symbol. `path` and `span` locate the evidence."""

    source: str
    target: str
    kind: LinkKind
    evidence: Evidence
    path: str
    span: Span


@dataclass(frozen=True)
class Resolved:
    """A mention and what it names: a clause id, or None. `unknown` marks a broken reference."""

    mention: Mention
    clause: str | None
    unknown: bool


class TraceGraph:
    """Everything trine knows about a workspace at one moment, with the lookups features need."""

    def __init__(self, records: Mapping[str, FileRecord]) -> None:
        self.records: Mapping[str, FileRecord] = dict(records)
        self.clauses: dict[str, Clause] = {}
        self.duplicates: list[tuple[Clause, Clause]] = []
        self.anchors: dict[tuple[str, str], Clause] = {}
        self.symbols: dict[str, Symbol] = {}
        self.tests: dict[str, TestItem] = {}
        for record in sorted(self.records.values(), key=lambda r: r.path):
            self._add(record)
        self.ids_by_prefix: dict[str, list[str]] = defaultdict(list)
        for clause_id in sorted(c.id for c in self.clauses.values() if c.explicit):
            self.ids_by_prefix[id_prefix(clause_id)].append(clause_id)
        self._modules = _module_index(p for p, r in self.records.items() if r.role == "code")
        self._by_name: dict[str, list[Symbol]] = defaultdict(list)
        for symbol in self.symbols.values():
            self._by_name[symbol.name].append(symbol)
        self.resolved = [self._resolve(m) for r in self.records.values() for m in r.mentions]
        self.resolved_in: dict[str, list[Resolved]] = defaultdict(list)
        self.mentions_of: dict[str, list[Resolved]] = defaultdict(list)
        for item in self.resolved:
            self.resolved_in[item.mention.path].append(item)
            if item.clause is not None:
                self.mentions_of[item.clause].append(item)
        self.links = self._links()
        self._by_node: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            self._by_node[link.source].append(link)
            self._by_node[link.target].append(link)
        self.implemented_by, self.tested_by = self._coverage()
        self.requirements = {c.id for c in self.clauses.values() if self._is_requirement(c)}

    def _add(self, record: FileRecord) -> None:
        for clause in record.clauses:
            if clause.slug:
                self.anchors[(record.path, clause.slug)] = clause
            first = self.clauses.get(clause.id)
            if first is None:
                self.clauses[clause.id] = clause
            else:
                self.duplicates.append((clause, first))
        self.symbols.update((s.id, s) for s in record.symbols)
        self.tests.update((t.id, t) for t in record.tests)

    # -- references ---------------------------------------------------------------------------

    def _resolve(self, mention: Mention) -> Resolved:
        if mention.kind == "id":
            found = mention.target in self.clauses
            unknown = not found and id_prefix(mention.target) in self.ids_by_prefix
            return Resolved(mention, mention.target if found else None, unknown)
        path, _, slug = mention.target.partition("#")
        spec = self.spec_path(path, mention.path)
        if spec is None:
            return Resolved(mention, None, False)
        clause = self.anchors.get((spec, slug))
        return Resolved(mention, clause.id if clause else None, clause is None)

    # CODE-5
    def spec_path(self, target: str, from_path: str) -> str | None:
        """The spec file a link path names: relative to the file, to the root, or a unique suffix."""
        if not target:
            return from_path if self._is_spec(from_path) else None
        base = posixpath.dirname(from_path)
        for candidate in (
            posixpath.normpath(posixpath.join(base, target)),
            posixpath.normpath(target),
        ):
            if self._is_spec(candidate):
                return candidate
        suffix = "/" + target.lstrip("./")
        matches = [p for p, r in self.records.items() if r.role == "spec" and p.endswith(suffix)]
        return matches[0] if len(matches) == 1 else None

    def _is_spec(self, path: str) -> bool:
        record = self.records.get(path)
        return record is not None and record.role == "spec"

    # -- links --------------------------------------------------------------------------------

    def _links(self) -> list[Link]:
        links: dict[tuple[str, str, str], Link] = {}
        for item in self.resolved:
            m = item.mention
            if item.clause is None:
                continue
            for owner in m.owners:
                kind: LinkKind = "verifies" if owner in self.tests else "implements"
                links.setdefault(
                    (owner, item.clause, kind),
                    Link(owner, item.clause, kind, "explicit", m.path, m.span),
                )
        for clause in self.clauses.values():
            for symbol in self.named_symbols(clause.symbol_hint):
                key = (symbol.id, clause.id, "implements")
                links.setdefault(
                    key,
                    Link(
                        symbol.id,
                        clause.id,
                        "implements",
                        "inferred",
                        clause.path,
                        clause.name_span,
                    ),
                )
        for record in self.records.values():
            imports = {i.local: i for i in record.imports}
            for call in record.calls:
                for symbol in self._callee(call, imports):
                    key = (call.owner, symbol.id, "exercises")
                    links.setdefault(
                        key,
                        Link(call.owner, symbol.id, "exercises", "call", record.path, call.span),
                    )
        return sorted(links.values(), key=lambda k: (k.path, k.span, k.source, k.target))

    # CODE-6: inferred links from headings that name a function.
    def named_symbols(self, name: str | None) -> list[Symbol]:
        """Code symbols a heading names: `parse` by name, `Parser.parse` by qualified name."""
        if not name:
            return []
        last = name.rsplit(".", 1)[-1]
        return [s for s in self._by_name.get(last, []) if s.qualname == name or "." not in name]

    # TEST-4: calls resolved through imports, else by unique name.
    def _callee(self, call: CallSite, imports: dict[str, Import]) -> list[Symbol]:
        """The workspace symbol a test calls: through the file's imports, else by unique name."""
        if call.receiver is None and call.name in imports:
            imported = imports[call.name]
            found = self._in_module(imported.module, imported.name or call.name)
            if found:
                return found
            return self._unique(imported.name or call.name, methods=False)
        if call.receiver is not None and call.receiver in imports:
            imported = imports[call.receiver]
            if imported.name is None:
                candidates = [(imported.module, call.name)]
            else:
                candidates = [
                    (f"{imported.module}.{imported.name}", call.name),
                    (imported.module, f"{imported.name}.{call.name}"),
                ]
            for module, qualname in candidates:
                if found := self._in_module(module, qualname):
                    return found
        return self._unique(call.name, methods=call.receiver is not None)

    def _in_module(self, module: str, qualname: str) -> list[Symbol]:
        path = self._modules.get(module.lstrip("."))
        symbol = self.symbols.get(f"{path}::{qualname}") if path else None
        return [symbol] if symbol else []

    def _unique(self, name: str, methods: bool) -> list[Symbol]:
        candidates = [s for s in self._by_name.get(name, []) if methods or s.kind != "method"]
        return candidates if len(candidates) == 1 else []

    # -- coverage -----------------------------------------------------------------------------

    # TEST-4: a clause counts as tested through the functions a test calls.
    def _coverage(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        implemented: dict[str, list[str]] = defaultdict(list)
        tested: dict[str, list[str]] = defaultdict(list)
        exercised: dict[str, list[str]] = defaultdict(list)
        for link in self.links:
            if link.kind == "implements":
                implemented[link.target].append(link.source)
            elif link.kind == "verifies":
                tested[link.target].append(link.source)
            else:
                exercised[link.target].append(link.source)
        for clause, symbols in implemented.items():
            for symbol in symbols:
                if symbol in exercised:
                    tested[clause].extend(exercised[symbol])
        return (
            {c: sorted(set(s)) for c, s in implemented.items()},
            {c: sorted(set(t)) for c, t in tested.items()},
        )

    # CL-6
    def _is_requirement(self, clause: Clause) -> bool:
        return bool(clause.explicit or clause.keywords or self.named_symbols(clause.symbol_hint))

    # -- queries ------------------------------------------------------------------------------

    def links_of(self, node: str) -> list[Link]:
        """Links with the node (clause, symbol or test id) at either end."""
        return list(self._by_node.get(node, ()))

    def clauses_of_symbol(self, symbol: str) -> list[str]:
        """Clauses a symbol implements."""
        return sorted(
            {
                link.target
                for link in self.links_of(symbol)
                if link.kind == "implements" and link.source == symbol
            }
        )

    def tests_of_symbol(self, symbol: str) -> list[str]:
        """Tests that call a symbol or verify a clause it implements."""
        clauses = self.clauses_of_symbol(symbol)
        direct = {
            link.source
            for link in self.links_of(symbol)
            if link.kind == "exercises" and link.target == symbol
        }
        return sorted(direct.union(*(self.tested_by.get(c, []) for c in clauses)))

    def clauses_of_test(self, test: str) -> list[str]:
        """Clauses a test checks, directly or through the symbols it calls."""
        found = set()
        for link in self.links_of(test):
            if link.source != test:
                continue
            if link.kind == "verifies":
                found.add(link.target)
            elif link.kind == "exercises":
                found.update(self.clauses_of_symbol(link.target))
        return sorted(found)

    def symbols_of_test(self, test: str) -> list[str]:
        """Symbols a test calls."""
        return sorted(
            {
                link.target
                for link in self.links_of(test)
                if link.kind == "exercises" and link.source == test
            }
        )


def _module_index(paths: Iterable[str]) -> dict[str, str]:
    """Dotted module names (and their unique dotted suffixes) to code file paths."""
    by_suffix: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        parts = path.removesuffix(".py").removesuffix(".pyi").split("/")
        if parts[-1] == "__init__":
            parts.pop()
        for start in range(len(parts)):
            by_suffix[".".join(parts[start:])].add(path)
    return {
        name: next(iter(found)) for name, found in by_suffix.items() if len(found) == 1 and name
    }
