"""Per-file records: everything one file contributes to the trace graph, with ids and ranges.

A record depends on the file's path, role and text only, so one file's change replaces one record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trine.parsers.facts import Clause, Fixture, Import, Place, Problem, Property, Task
from trine.parsers.ids import ReferenceKind
from trine.parsers.text import Span

Role = Literal["spec", "code", "test"]
SymbolKind = Literal["function", "method", "class", "module"]


@dataclass(frozen=True, slots=True)
class Symbol:
    """A function, method or class in code, with id `<path>::<Qual.name>`, or a module that
    names a clause outside its definitions, `<path>::<module>`."""

    id: str
    path: str
    name: str
    qualname: str
    kind: SymbolKind
    is_async: bool
    span: Span
    name_span: Span
    parent: str | None
    body_hash: str = ""
    public: bool = False


@dataclass(frozen=True, slots=True)
class TestItem:
    """A test, with its runner's id (pytest's node id `<path>::<Class>::<name>`)."""

    id: str
    path: str
    name: str
    span: Span
    name_span: Span
    body_hash: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to a clause in a file, and the symbols or tests it speaks for: the one it sits
    in, or every test of a group (a `Test*` class) whose docstring or marker holds it. `data`:
    the code it speaks for holds the id as a string too (CODE-17)."""

    path: str
    kind: ReferenceKind
    target: str
    span: Span
    place: Place
    owners: tuple[str, ...] = ()
    data: bool = False


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call made inside a test, to be resolved against the workspace's symbols;
    `parameter` says the receiver is a parameter of the function making the call (a fixture
    pytest hands the test)."""

    owner: str
    name: str
    receiver: str | None
    span: Span
    parameter: bool = False


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One file's contribution to the index; `digest` is the hash of the text it was built from,
    `language` the name of a code or test file's language, `scope` the scope its bare ids
    resolve in when the file itself says (a spec's clauses, a test's `Feature: <scope>`),
    `spec_format` the name of the format a spec file was read in, `copy_of` the spec file this
    one is a copy of (its declarations are left out), `properties` a Kiro design's correctness
    properties, `tasks` a task list's tasks that name files (link evidence), `fixtures` the
    values a test runner hands tests by parameter name that the file defines."""

    path: str
    role: Role
    digest: str
    clauses: tuple[Clause, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    tests: tuple[TestItem, ...] = ()
    mentions: tuple[Mention, ...] = ()
    calls: tuple[CallSite, ...] = ()
    imports: tuple[Import, ...] = ()
    problems: tuple[Problem, ...] = ()
    prose: tuple[Span, ...] = ()
    properties: tuple[Property, ...] = ()
    language: str = ""
    scope: str | None = None
    spec_format: str = ""
    copy_of: str = ""
    tasks: tuple[Task, ...] = ()
    fixtures: tuple[Fixture, ...] = ()
