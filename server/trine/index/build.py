"""Building one file's record from its text: the only place a parser meets a path and a role."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from trine.index.fingerprint import fingerprint
from trine.index.records import CallSite, FileRecord, Mention, Role, Symbol, SymbolKind, TestItem
from trine.parsers.code import CodeParse, CodeParser
from trine.parsers.facts import Definition, Problem
from trine.parsers.ids import IdMatcher
from trine.parsers.languages import language_for
from trine.parsers.markdown import parse_spec
from trine.parsers.text import Span, normalize_newlines


def digest(text: str) -> str:
    """The content hash that keys a record (and, later, the cache)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# PERF-4: what a keystroke in an open file re-uses.
@dataclass
class Buffer:
    """What is kept for a file open in the editor (and only for those): its code parser, with
    the syntax tree, and the fingerprints of its definitions' bodies by text."""

    parser: CodeParser | None = None
    hashes: dict[str, str] = field(default_factory=dict)


# IDX-1: one immutable record per file.
def build_record(
    path: str,
    role: Role,
    text: str | None,
    ids: IdMatcher,
    problems: tuple[Problem, ...] = (),
    buffer: Buffer | None = None,
) -> FileRecord:
    """The record of one file; a file that could not be read yields a record with its problems
    only. With a buffer, the file is re-parsed from its previous state."""
    if text is None:
        return FileRecord(path, role, "", problems=problems)
    key = digest(text)
    if role == "spec":
        spec = parse_spec(text, path, ids)
        mentions = tuple(Mention(path, r.kind, r.target, r.span, r.place) for r in spec.references)
        return FileRecord(
            path,
            role,
            key,
            clauses=spec.clauses,
            mentions=mentions,
            problems=problems + spec.problems,
        )
    lang = language_for(path)
    if lang is None:
        return FileRecord(path, role, key, problems=problems)
    if buffer is None:
        buffer = Buffer(CodeParser(lang, ids, calls=role == "test", incremental=False))
    if buffer.parser is None:
        buffer.parser = CodeParser(lang, ids, calls=role == "test")
    code = buffer.parser.parse(text)
    lines = normalize_newlines(text).split("\n")
    hashes, buffer.hashes = buffer.hashes, {}
    body_hash = _BodyHash(lines, hashes, buffer.hashes)
    if role == "test":
        return _test_record(path, key, code, body_hash, problems)
    return _code_record(path, key, code, body_hash, problems)


class _BodyHash:
    """Fingerprints of definitions' source, decorators included (for drift); a body whose text
    was fingerprinted last time is not normalized again."""

    def __init__(self, lines: list[str], known: dict[str, str], kept: dict[str, str]) -> None:
        self._lines = lines
        self._known = known
        self._kept = kept

    def __call__(self, span: Span) -> str:
        body = "\n".join(self._lines[span.start_line : span.end_line + 1])
        found = self._known.get(body) or self._kept.get(body) or fingerprint(body)
        self._kept[body] = found
        return found


# CODE-1: symbol ids `<path>::<Qual.name>`.
def _code_record(
    path: str, key: str, code: CodeParse, body_hash: _BodyHash, problems: tuple[Problem, ...]
) -> FileRecord:
    ids = [f"{path}::{d.qualname}" for d in code.definitions]
    symbols = tuple(
        Symbol(
            id=ids[i],
            path=path,
            name=d.name,
            qualname=d.qualname,
            kind=_kind(d),
            is_async=d.is_async,
            span=d.span,
            name_span=d.name_span,
            parent=ids[d.parent] if d.parent is not None else None,
            body_hash=body_hash(d.span),
        )
        for i, d in enumerate(code.definitions)
    )
    mentions = tuple(
        Mention(path, r.kind, r.target, r.span, r.place, () if r.owner is None else (ids[r.owner],))
        for r in code.references
    )
    return FileRecord(
        path,
        "code",
        key,
        symbols=symbols,
        mentions=mentions,
        imports=code.imports,
        problems=problems + code.problems,
        prose=code.prose,
    )


def _kind(definition: Definition) -> SymbolKind:
    if definition.kind == "class":
        return "class"
    return "method" if definition.is_method else "function"


def _node_ids(path: str, definitions: tuple[Definition, ...]) -> list[str]:
    """Each definition's pytest-style node id: `<path>::<Class>::<name>`."""
    ids: list[str] = []
    for d in definitions:
        ids.append(f"{ids[d.parent] if d.parent is not None else path}::{d.name}")
    return ids


# TEST-1: pytest's collection rules and node ids.
def _is_test(index: int, definitions: tuple[Definition, ...]) -> bool:
    """pytest's rule: `test*` functions at module level or in (nested) `Test*` classes."""
    d = definitions[index]
    if d.kind != "function" or not d.name.startswith("test"):
        return False
    parent = d.parent
    while parent is not None:
        if definitions[parent].kind != "class" or not definitions[parent].name.startswith("Test"):
            return False
        parent = definitions[parent].parent
    return True


# TEST-3: a class's markers apply to all its tests.
def _owning_tests(
    index: int | None, definitions: tuple[Definition, ...], node_ids: list[str], tests: set[str]
) -> list[str]:
    """The tests a mention or call at a definition speaks for: the test around it, or every test
    of a `Test*` class it is attached to."""
    node = index
    while node is not None:
        if node_ids[node] in tests:
            return [node_ids[node]]
        node = definitions[node].parent
    if index is None or definitions[index].kind != "class":
        return []
    prefix = node_ids[index] + "::"
    return sorted(t for t in tests if t.startswith(prefix))


# TEST-2: references in a test link it to clauses (`verifies`).
def _test_record(
    path: str, key: str, code: CodeParse, body_hash: _BodyHash, problems: tuple[Problem, ...]
) -> FileRecord:
    node_ids = _node_ids(path, code.definitions)
    tests = tuple(
        TestItem(node_ids[i], path, d.name, d.span, d.name_span, body_hash(d.span))
        for i, d in enumerate(code.definitions)
        if _is_test(i, code.definitions)
    )
    test_ids = {t.id for t in tests}
    mentions = [
        Mention(
            path,
            r.kind,
            r.target,
            r.span,
            r.place,
            tuple(_owning_tests(r.owner, code.definitions, node_ids, test_ids)),
        )
        for r in code.references
    ]
    local = {d.name for d in code.definitions if d.parent is None}
    calls = tuple(
        CallSite(owner, c.name, c.receiver, c.span)
        for c in code.calls
        if c.receiver is not None or c.name not in local
        for owner in _owning_tests(c.owner, code.definitions, node_ids, test_ids)
    )
    return FileRecord(
        path,
        "test",
        key,
        tests=tests,
        mentions=tuple(mentions),
        calls=calls,
        imports=code.imports,
        problems=problems + code.problems,
        prose=code.prose,
    )
