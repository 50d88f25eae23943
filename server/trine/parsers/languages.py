"""Languages trine reads code in: a tree-sitter grammar plus one query file each.

Adding JavaScript, Go or Rust means a grammar wheel, a `queries/<name>.scm` with the same
capture names, and one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import tree_sitter


@dataclass(frozen=True)
class LanguageSupport:
    """A grammar, its query, and the few node kinds the generic code extractor must know."""

    name: str
    extensions: tuple[str, ...]
    language: tree_sitter.Language
    query: tree_sitter.Query
    wrapper_types: frozenset[str]
    decorator_types: frozenset[str]
    async_keyword: str

    def parser(self) -> tree_sitter.Parser:
        """A fresh parser; tree-sitter parsers are not shared between threads."""
        return tree_sitter.Parser(self.language)


def _query_source(name: str) -> str:
    return resources.files("trine.parsers").joinpath(f"queries/{name}.scm").read_text("utf-8")


@cache
def python() -> LanguageSupport:
    """Python, through tree-sitter-python."""
    import tree_sitter_python

    language = tree_sitter.Language(tree_sitter_python.language())
    return LanguageSupport(
        name="python",
        extensions=(".py", ".pyi"),
        language=language,
        query=tree_sitter.Query(language, _query_source("python")),
        wrapper_types=frozenset({"decorated_definition"}),
        decorator_types=frozenset({"decorator"}),
        async_keyword="async",
    )


def language_for(path: str) -> LanguageSupport | None:
    """The language of a file by its extension, if trine reads it."""
    support = python()
    return support if path.endswith(support.extensions) else None
