"""The languages trine reads code in, and which one a file is in (by its extension).

Adding a language (TypeScript, Go, Rust) means: its grammar wheel as a dependency, a
`queries/<name>.scm` with the capture names of `queries/python.scm`, one module implementing
`language.Language` (tests as the language's runner collects them, module names and import
targets, the public-name rule, the test stub and marker hint; see `python.py`), and its entry in
`LANGUAGES` below. Nothing else in trine names a language.
"""

from __future__ import annotations

from trine.parsers.csharp import CSHARP
from trine.parsers.go import GO
from trine.parsers.language import Language
from trine.parsers.python import PYTHON
from trine.parsers.rust import RUST
from trine.parsers.typescript import JAVASCRIPT, TSX, TYPESCRIPT

LANGUAGES: tuple[Language, ...] = (PYTHON, TYPESCRIPT, TSX, JAVASCRIPT, GO, RUST, CSHARP)
"""Every language trine reads, the first to claim an extension first."""


def languages() -> tuple[Language, ...]:
    """Every language trine reads, the first to claim an extension first."""
    return LANGUAGES


def language_for(path: str) -> Language | None:
    """The language of a file by its extension, if trine reads it."""
    for language in LANGUAGES:
        if path.endswith(language.extensions):
            return language
    return None


def language_named(name: str) -> Language:
    """The language a record names; the default language for a record with none (a spec)."""
    for language in LANGUAGES:
        if language.name == name:
            return language
    return default_language()


def default_language() -> Language:
    """The language of tests for a workspace that has neither code nor tests yet."""
    return PYTHON
