"""A language's syntax as the generic code extractor reads it: a tree-sitter grammar and query.

The query's capture names (`@definition.function`, `@name`, `@comment`, `@call`, ...) are the
contract with `code.py`; `queries/python.scm` shows them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import tree_sitter


@dataclass(frozen=True)
class Grammar:
    """A grammar, its query, and the few node kinds the generic code extractor must know:
    `wrapper_types` wrap a definition with its decorators (Python's `decorated_definition`),
    `decorator_types` stand before it as siblings (Rust's `#[test]`) and belong to its span,
    `string_types` are the string literals whose words count as prose in a decorator, and
    `separator` joins qualified names (`Parser.parse`, `Parser::parse`)."""

    language: tree_sitter.Language
    query: tree_sitter.Query
    wrapper_types: frozenset[str]
    decorator_types: frozenset[str]
    async_keyword: str
    string_types: frozenset[str] = frozenset({"string"})
    separator: str = "."
    import_local: Callable[[str], str] = str
    """The name an import with no alias binds, from the module it names (Python: the module;
    Go: the last element of the package path)."""

    def parser(self) -> tree_sitter.Parser:
        """A fresh parser; tree-sitter parsers are not shared between threads."""
        return tree_sitter.Parser(self.language)


def load_query(language: tree_sitter.Language, name: str) -> tree_sitter.Query:
    """The query `queries/<name>.scm` shipped with trine, compiled for a grammar."""
    source = resources.files("trine.parsers").joinpath(f"queries/{name}.scm").read_text("utf-8")
    return tree_sitter.Query(language, source)
