"""The seam between trine and a programming language: everything that differs between languages.

The code extractor, the graph, the rules and the IDE features are generic; they ask a file's
`Language` (see `languages.py` for the registry) for its syntax, its tests, its module names,
its public names, where and how a new test is written, and how a test names a clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from trine.parsers.code import CodeParse
from trine.parsers.facts import Clause, Definition, Fixture, Import
from trine.parsers.grammar import Grammar
from trine.parsers.text import Span


@dataclass(frozen=True, slots=True)
class FoundTest:
    """A test as the language's test runner collects it, under the runner's id.

    A test is a definition (`def test_x():`, `func TestX(t *testing.T)`): `definition` is its
    index, and what is said inside it, above it or on the definitions holding it (a `Test*`
    class's docstring) speaks for it. Or a test is a call (`test("name", fn)`, `it("name", ...)`,
    `t.Run("name", ...)`): `definition` is None, `span` is the call's, and what is said inside
    that span speaks for it.
    """

    id: str
    name: str
    span: Span
    name_span: Span
    definition: int | None = None


@dataclass(frozen=True, slots=True)
class CollectionRules:
    """What a project configured its test runner to collect, by name (pytest's `python_files`,
    `python_classes`, `python_functions`): name globs of test files, and prefixes or globs of
    test classes and functions; an empty field keeps the runner's default."""

    files: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()


class Language(Protocol):
    """One programming language: `name` is stored in records, `extensions` select its files,
    `code_globs` and `test_globs` are where its code and tests are with no configuration;
    `prose` names where a definition's own words go (`docstring`) and `comment` opens a line
    comment (`#`), for messages that tell how to name a clause; `tests_in_code` says tests may
    also stand in code files (Rust's `#[cfg(test)] mod tests`)."""

    name: str
    extensions: tuple[str, ...]
    code_globs: tuple[str, ...]
    test_globs: tuple[str, ...]
    prose: str
    comment: str
    tests_in_code: bool

    def grammar(self) -> Grammar:
        """The tree-sitter grammar and query the generic extractor runs (loaded on first use)."""
        ...

    def encoding(self, data: bytes) -> str:
        """The text encoding a file declares in its own bytes (Python's PEP 263 cookie)."""
        ...

    def skip_reason(self, path: str, text: str) -> str | None:
        """Why a file of the language is not read (generated, vendored, minified or build output
        code), None to read it."""
        ...

    def tests(
        self, path: str, code: CodeParse, rules: CollectionRules | None = None
    ) -> tuple[FoundTest, ...]:
        """The tests of a test file, as the language's runner collects them (configured by
        `rules`, when the project configures it)."""
        ...

    def fixtures(self, code: CodeParse) -> tuple[Fixture, ...]:
        """The values the test runner hands a test by parameter name (pytest's fixtures) that
        a test or support file defines, with the type the file gives each."""
        ...

    def is_public(self, path: str, definitions: Sequence[Definition], index: int) -> bool:
        """Whether a definition is part of its module's public interface."""
        ...

    def module_names(self, path: str) -> tuple[str, ...]:
        """The names an import may give a code file by (each a key of `import_targets`)."""
        ...

    def package_of(self, path: str) -> str | None:
        """The module whose names a file calls with no import (Go's package: the files of its
        folder), None when every name it calls is imported or its own."""
        ...

    def import_targets(self, imported: Import, member: str | None) -> tuple[tuple[str, str], ...]:
        """Where an imported name, or the `member` taken from it (`mod.f`), may be defined:
        (module name, qualified name) pairs, best first."""
        ...

    def marker_hint(self, clause_id: str | None) -> str:
        """How a test names a clause in this language (`@pytest.mark.spec("ID")`), for messages;
        None for a placeholder argument."""
        ...

    def stub_path(self, source: str, tests_folder: str) -> str:
        """Where a new test for the code in `source` goes, given the workspace's tests folder."""
        ...

    def test_file_header(self, path: str) -> str:
        """What a new test file starts with before its first test (Go's package clause)."""
        ...

    def stub(self, clause: Clause, marker: str | None = None, beside: str | None = None) -> str:
        """The text of a test to be written for a clause, naming it: by id, and by `marker` in
        a comment above it when the clause's spec format reads markers (`r[verify x]`); `beside`
        is the text of the test file it is appended to, None for a new file."""
        ...
