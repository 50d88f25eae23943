"""Building one file's record from its text: the only place a parser meets a path and a role."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from trine.index.fingerprint import fingerprint
from trine.index.records import CallSite, FileRecord, Mention, Role, Symbol, SymbolKind, TestItem
from trine.parsers.code import CodeParse, CodeParser
from trine.parsers.facts import Call, Definition, Problem, Reference, Relation
from trine.parsers.ids import IdMatcher
from trine.parsers.kiro import FEATURE
from trine.parsers.language import CollectionRules, FoundTest, Language
from trine.parsers.languages import language_for
from trine.parsers.markdown import spec_signs
from trine.parsers.specs import default_spec_format, spec_format_for
from trine.parsers.structured import plumb_test_reference
from trine.parsers.text import Span, normalize_newlines
from trine.parsers.tracey_code import TraceyIds, unclosed_ignore


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
    spec_format: str | None = None,
    named: bool = False,
    collection: Mapping[str, CollectionRules] | None = None,
) -> FileRecord:
    """The record of one file; a file that could not be read yields a record with its problems
    only. With a buffer, the file is re-parsed from its previous state. `spec_format` names the
    format the configuration chose for a spec file (None: detect it); `named` says a spec file
    is one by its name alone, and is read as plain Markdown only if it looks like a spec;
    `collection` holds, by language name, what the project configured its test runner to
    collect."""
    if text is None:
        return FileRecord(path, role, "", problems=problems)
    key = digest(text)
    if role == "spec":
        # CL-8
        reader = spec_format_for(path, text, spec_format) or default_spec_format()
        # FMT-121: a file named like a spec that does not look like one is not read (no format).
        if (
            named
            and reader is default_spec_format()
            and not spec_signs(text, path, ids).looks_like_spec()
        ):
            return FileRecord(path, role, key, problems=problems)
        spec = reader.parse(path, text, ids)
        mentions = tuple(Mention(path, r.kind, r.target, r.span, r.place) for r in spec.references)
        return FileRecord(
            path,
            role,
            key,
            clauses=spec.clauses,
            mentions=mentions,
            problems=problems + spec.problems,
            properties=spec.properties,
            scope=next((c.scope for c in spec.clauses if c.scope), None),
            spec_format=reader.name,
            tasks=spec.tasks,
        )
    lang = language_for(path)
    if lang is None:
        return FileRecord(path, role, key, problems=problems)
    # CS-1, GO-1, TS-2: generated, vendored, minified and build output code is skipped, with a line saying so,
    # whether read from disk or from an editor's buffer.
    if (reason := lang.skip_reason(path, text) or _generated(text)) is not None:
        return FileRecord(path, role, key, problems=(*problems, Problem(reason, Span(0, 0, 0, 0))))
    calls = role == "test" or lang.tests_in_code
    if buffer is None:
        buffer = Buffer(CodeParser(lang.grammar(), ids, calls=calls, incremental=False))
    if buffer.parser is None:
        buffer.parser = CodeParser(lang.grammar(), ids, calls=calls)
    code = buffer.parser.parse(text)
    lines = normalize_newlines(text).split("\n")
    if isinstance(ids, TraceyIds):
        # FMT-111: an ignore block never closed is a problem of the file.
        problems = problems + unclosed_ignore(lines)
    hashes, buffer.hashes = buffer.hashes, {}
    body_hash = _BodyHash(lines, hashes, buffer.hashes)
    if role == "test":
        rules = (collection or {}).get(lang.name)
        record = _test_record(path, key, code, lang, body_hash, problems, rules)
    else:
        whole = Span(0, 0, len(lines) - 1, len(lines[-1]))
        found = lang.tests(path, code) if lang.tests_in_code else ()
        record = _code_record(path, key, code, lang, body_hash, problems, whole, found)
    return replace(record, scope=_feature(lines, code.prose))


# RS-9: what a file says in its first lines when a tool wrote it (`@generated`, as Rust's and
# Meta's tools write; `DO NOT EDIT`), in any language.
_GENERATED = re.compile(r"@generated\b|\bDO NOT EDIT\b")


def _generated(text: str) -> str | None:
    """Why a code file a tool wrote is skipped, None when its first lines do not say so."""
    head = "\n".join(text[:8192].split("\n")[:5])
    if _GENERATED.search(head):
        return "generated code (its first lines say `@generated` or DO NOT EDIT); skipped"
    return None


# CL-12, FMT-31: a code or test file whose docstrings and comments name one spec as
# `Feature: <spec>` (Kiro's convention), or name one feature's spec path, belongs to it.
def _feature(lines: list[str], prose: tuple[Span, ...]) -> str | None:
    """The one scope a file's docstrings and comments name as `Feature: <scope>`, else the one
    feature folder they name by path (`Spec: specs/001-cli-todo/spec.md`)."""
    named: set[str] = set()
    paths: set[str] = set()
    for span in prose:
        text = "\n".join(lines[span.start_line : span.end_line + 1])
        named.update(FEATURE.findall(text))
        paths.update(_SPEC_PATH.findall(text))
    found = named or paths
    return found.pop() if len(found) == 1 else None


# CL-32: `specs/001-cli-todo/spec.md`, `.kiro/specs/auth/requirements.md`, `specs/002-x/`.
_SPEC_PATH = re.compile(r"(?:(?<=/)|(?<![\w.-]))specs/([\w.-]+)/")


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
# CODE-8: the language decides which symbols are public.
def _code_record(
    path: str,
    key: str,
    code: CodeParse,
    lang: Language,
    body_hash: _BodyHash,
    problems: tuple[Problem, ...],
    whole: Span,
    found: tuple[FoundTest, ...] = (),
) -> FileRecord:
    ids = [f"{path}::{d.qualname}" for d in code.definitions]
    module = _module(path, code, body_hash(whole), whole)
    testing = _testing(path, code.definitions, found, lang)
    owners = _TestOwners(code.definitions, found, whole_file=True)
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
            public=lang.is_public(path, code.definitions, i),
        )
        for i, d in enumerate(code.definitions)
        if i not in testing
    )
    mentions = tuple(
        Mention(
            path,
            r.kind,
            r.target,
            r.span,
            r.place,
            _verifiers(r, owners)
            if _verifying(r, testing, found)
            else _implementer(r, ids, module),
            r.data,
        )
        for r in code.references
    )
    calls = tuple(
        CallSite(owner, c.name, c.receiver, c.span)
        for c in code.calls
        if c.owner in testing
        for owner in owners(c.owner, c.span)
    )
    in_code = tuple(r for r in code.references if not _verifying(r, testing, found))
    return FileRecord(
        path,
        "code",
        key,
        symbols=(module, *symbols) if module else symbols,
        tests=tuple(
            TestItem(t.id, path, t.name, t.span, t.name_span, body_hash(t.span)) for t in found
        ),
        mentions=mentions,
        calls=calls,
        imports=code.imports,
        problems=problems + code.problems + _verify_in_code(in_code),
        prose=code.prose,
        language=lang.name,
        fixtures=lang.fixtures(code),
    )


_FOR_TESTS = re.compile(r"\btest\b")


# RS-4: what a code file's tests say verifies; RS-10: so does a verify marker outside every
# item of a code file that holds tests.
def _verifying(r: Reference, testing: frozenset[int], found: tuple[FoundTest, ...]) -> bool:
    """Whether a reference in a code file speaks for its tests rather than its code."""
    if r.owner is None:
        return bool(found) and r.relation == "verify"
    return r.owner in testing


# RS-4: tests in a code file (Rust's `#[cfg(test)] mod tests`) are tests, not its code.
def _testing(
    path: str, definitions: tuple[Definition, ...], found: tuple[FoundTest, ...], lang: Language
) -> frozenset[int]:
    """The definitions of a code file that belong to its tests: each test, each private item
    holding one that its decorators mark for tests (`#[cfg(test)] mod tests`), and everything
    inside them."""
    tests = {t.definition for t in found if t.definition is not None}
    holders = set()
    for index in tests:
        parent = definitions[index].parent
        while parent is not None:
            held = definitions[parent]
            if not lang.is_public(path, definitions, parent) and any(
                _FOR_TESTS.search(text) for text in held.decorators
            ):
                holders.add(parent)
            parent = held.parent
    roots = tests | holders
    inside = set()
    for index, d in enumerate(definitions):
        parent = d.parent
        while parent is not None and parent not in roots:
            parent = definitions[parent].parent
        if parent is not None:
            inside.add(index)
    return frozenset(roots | inside)


MODULE = "<module>"
"""The name of a module's symbol, `<path>::<module>`."""


# CODE-11: references outside every definition link the module.
def _module(path: str, code: CodeParse, body_hash: str, whole: Span) -> Symbol | None:
    """The module as a symbol spanning the whole file, when its docstring or comments outside
    every definition name a clause; named at the first such docstring or comment."""
    first = next((r for r in code.references if r.owner is None), None)
    if first is None:
        return None
    return Symbol(
        id=f"{path}::{MODULE}",
        path=path,
        name=MODULE,
        qualname=path,  # what messages and hovers call it
        kind="module",
        is_async=False,
        span=whole,
        name_span=next((p for p in code.prose if _holds(p, first.span)), first.span),
        parent=None,
        body_hash=body_hash,
    )


def _implementer(r: Reference, ids: list[str], module: Symbol | None) -> tuple[str, ...]:
    """The symbol a reference in code links: the definition it belongs to, else the module."""
    if r.relation not in _IMPLEMENTING:
        return ()
    if r.covers:
        return tuple(ids[i] for i in r.covers)
    if r.owner is not None:
        return (ids[r.owner],)
    return (module.id,) if module else ()


# `depends` and `related` name a rule without claiming it; `verify` is a test's word.
_IMPLEMENTING: tuple[Relation | None, ...] = (None, "impl")
_VERIFYING: tuple[Relation | None, ...] = (None, "impl", "verify")


# FMT-104: a marker's verb decides its link; `verify` in code links nothing and says so.
def _verify_in_code(references: tuple[Reference, ...]) -> tuple[Problem, ...]:
    """A `verify` marker outside the tests links nothing: said where it stands."""
    return tuple(
        Problem(
            f"the verify marker for {r.target} is in code, not in a test, so it links nothing:"
            " move it into a test, or add this file to the test paths",
            r.span,
        )
        for r in references
        if r.relation == "verify"
    )


def _kind(definition: Definition) -> SymbolKind:
    if definition.kind == "class":
        return "class"
    return "method" if definition.is_method else "function"


# TEST-3: a group's markers apply to all its tests.
class _TestOwners:
    """Which tests a mention or call speaks for: the call-form test around it, else the test
    definition it sits in, else every test of the group (a `Test*` class) it is attached to;
    with `whole_file` (RS-10: a Rust file is a module), a mention outside every definition
    speaks for every test of the file."""

    def __init__(
        self,
        definitions: tuple[Definition, ...],
        tests: tuple[FoundTest, ...],
        calls: tuple[Call, ...] = (),
        prose: tuple[Span, ...] = (),
        whole_file: bool = False,
    ) -> None:
        self._definitions = definitions
        self._file = sorted(t.id for t in tests) if whole_file else []
        self._groups_calls = sorted(calls, key=lambda c: c.span, reverse=True)
        self._prose = prose
        self._by_definition: dict[int, str] = {}
        self._groups: dict[int, list[str]] = defaultdict(list)
        self._calls = [t for t in tests if t.definition is None]
        for test in tests:
            if test.definition is not None:
                self._by_definition[test.definition] = test.id
                parent = definitions[test.definition].parent
                while parent is not None:
                    self._groups[parent].append(test.id)
                    parent = definitions[parent].parent

    def __call__(self, owner: int | None, span: Span, mention: bool = False) -> list[str]:
        around = [t for t in self._calls if _holds(t.span, span)] if self._calls else None
        if around:
            return [max(around, key=lambda t: t.span).id]
        if self._calls and (below := self._below(span)):
            return below
        if self._calls and (grouped := self._grouped(span)):
            return grouped
        node = owner
        while node is not None:
            if node in self._by_definition:
                return [self._by_definition[node]]
            node = self._definitions[node].parent
        if owner is None:
            return self._file if mention else []
        group = self._definitions[owner].span
        inside = [t.id for t in self._calls if _holds(group, t.span)]
        return sorted(self._groups.get(owner, []) + inside)

    # TS-3: a comment right above a call-form test speaks for it, one above a group for its
    # tests.
    def _below(self, span: Span) -> list[str]:
        """The call-form test starting on the line after the comment that holds a span, else
        the tests of the outermost call (`describe(…)`) starting there."""
        prose = next((p for p in self._prose if _holds(p, span)), None)
        if prose is None:
            return []
        line = prose.end_line + 1
        test = [t.id for t in self._calls if t.span.start_line == line][:1]
        if test:
            return test
        for call in reversed(self._groups_calls):
            if call.span.start_line == line:
                inside = [t.id for t in self._calls if _holds(call.span, t.span)]
                if inside:
                    return sorted(inside)
        return []

    # TS-3: what is said in a group call (`describe("…", () => …)`) speaks for its tests.
    def _grouped(self, span: Span) -> list[str]:
        """The call-form tests in the innermost call around a span that holds any (calls are
        kept latest first, so the first that holds the span is the innermost)."""
        for call in self._groups_calls:
            if _holds(call.span, span):
                inside = [t.id for t in self._calls if _holds(call.span, t.span)]
                if inside:
                    return sorted(inside)
        return []


# CODE-12: a comment in a class body speaks for the members it covers.
def _verifiers(r: Reference, owners: _TestOwners) -> tuple[str, ...]:
    """The tests a reference in a test file links: those of the members it covers, else those
    of its owner."""
    if r.relation not in _VERIFYING:
        return ()
    if r.covers:
        return tuple(sorted({test for i in r.covers for test in owners(i, r.span)}))
    return tuple(owners(r.owner, r.span, mention=True))


# FMT-88
def _named_requirements(path: str, tests: tuple[FoundTest, ...]) -> list[Mention]:
    """The requirements tests are named after (plumb's `test_req_1a2b3c4d_…`)."""
    found = []
    for test in tests:
        named = plumb_test_reference(test.name)
        if named is not None and test.name_span.start_line == test.name_span.end_line:
            target, start, end = named
            line, col = test.name_span.start_line, test.name_span.start_col
            span = Span(line, col + start, line, col + end)
            found.append(Mention(path, "id", target, span, "name", (test.id,)))
    return found


# TEST-8: a call on a parameter may be resolved through the fixture of that name.
def _takes(call: Call, definitions: tuple[Definition, ...]) -> bool:
    """Whether a call's receiver is a parameter of the function it is in (or of one around it)."""
    node = call.owner if call.receiver is not None else None
    while node is not None:
        if call.receiver in definitions[node].parameters:
            return True
        node = definitions[node].parent
    return False


def _holds(outer: Span, inner: Span) -> bool:
    """Whether one range lies within another (ends included); by tuples, as it runs for
    every call and test of a test file."""
    return (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col) and (
        inner.end_line,
        inner.end_col,
    ) <= (outer.end_line, outer.end_col)


# TEST-2: references in a test link it to clauses (`verifies`).
# CODE-8: the language decides which definitions or calls are tests, and their ids.
def _test_record(
    path: str,
    key: str,
    code: CodeParse,
    lang: Language,
    body_hash: _BodyHash,
    problems: tuple[Problem, ...],
    rules: CollectionRules | None,
) -> FileRecord:
    found = lang.tests(path, code, rules)
    tests = tuple(
        TestItem(t.id, path, t.name, t.span, t.name_span, body_hash(t.span)) for t in found
    )
    owners = _TestOwners(
        code.definitions, found, code.calls, code.prose, whole_file=lang.tests_in_code
    )
    mentions = tuple(
        Mention(
            path,
            r.kind,
            r.target,
            r.span,
            r.place,
            _verifiers(r, owners),
            r.data,
        )
        for r in code.references
    ) + tuple(_named_requirements(path, found))
    local = {d.name for d in code.definitions if d.parent is None}
    calls = tuple(
        CallSite(owner, c.name, c.receiver, c.span, _takes(c, code.definitions))
        for c in code.calls
        if c.receiver is not None or c.name not in local
        for owner in owners(c.owner, c.span)
    )
    return FileRecord(
        path,
        "test",
        key,
        tests=tests,
        mentions=mentions,
        calls=calls,
        imports=code.imports,
        problems=problems + code.problems,
        prose=code.prose,
        language=lang.name,
        fixtures=lang.fixtures(code),
    )
