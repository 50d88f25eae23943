"""How many of the workspace's code files are in languages trine does not read, by language.

Trine reads Python only; a Rust or TypeScript project with a few Python scripts would otherwise
get every clause reported unimplemented and untested, because the links written in its real
code are not seen. The walk that finds the files trine reads counts the others by language:
GitHub Linguist's table (`languages.json`, written by `linguist.py`) names a file's programming
language by its extension.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from trine.index.records import Role
from trine.index.workspace import Classifier, walk
from trine.parsers.languages import language_for, language_named

# DIAG-26: dependencies, build output and test data in other languages are not the project's code.
NOT_CODE_FOLDERS = frozenset(
    {
        "vendor", "vendored", "_vendor", "third_party", "third-party", "external", "extern",
        "bower_components", "Pods", "Carthage", "dist", "build", "target", "generated",
        "__generated__", "fixtures", "__fixtures__", "testdata", "test_data", "__snapshots__",
    }
)  # fmt: skip
MINIFIED = (".min.js", ".min.mjs")


@cache
def _table() -> Mapping[str, str]:
    """Linguist's extensions of programming languages, each to its language's name (and its
    `source`, which no extension is)."""
    text = Path(__file__).with_name("languages.json").read_text("utf-8")
    table: dict[str, str] = json.loads(text)
    return table


# DIAG-26
def unread_language(path: str) -> str | None:
    """The programming language of a file in a language trine does not read, by its
    extension (Linguist's name: `TypeScript`), else None."""
    name = _table().get(PurePosixPath(path).suffix.lower())
    if name is None or language_for(path) is not None:
        return None
    return name


# DIAG-26: counted as discovery would find the file if trine read its language.
def counts_as_code(path: str, classifier: Classifier) -> bool:
    """Whether a file the walk found is the project's own code: not left out by `exclude`,
    not in a hidden, vendored, build or test-data folder, not minified."""
    *folders, name = path.split("/")
    return not (
        classifier.excluded(path)
        or any(f.startswith(".") or f in NOT_CODE_FOLDERS for f in folders)
        or name.endswith(MINIFIED)
    )


@dataclass(frozen=True)
class Census:
    """The workspace's code files in languages trine does not read, by language, most first;
    `always` when the configuration says to judge coverage whatever they are (DIAG-27)."""

    unread: tuple[tuple[str, int], ...] = ()
    always: bool = False

    @property
    def files(self) -> int:
        """How many code files trine does not read."""
        return sum(count for _, count in self.unread)


def census_of(counts: Counter[str], always: bool = False) -> Census:
    """A census from file counts by language, most files first (then by name)."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return Census(tuple(ranked), always)


# WS-2, DIAG-26: one walk finds the files trine reads and counts the code it does not.
def discover_counting(
    root: Path, classifier: Classifier
) -> tuple[list[tuple[str, Role]], Counter[str]]:
    """Every file under the root with a role (as `workspace.discover`), and the code files in
    languages trine does not read, by language."""
    files: list[tuple[str, Role]] = []
    unread: Counter[str] = Counter()
    for path in walk(root, classifier.excluded_dir, classifier.hidden):
        role = classifier.role(path)
        if role is not None:
            files.append((path, role))
            continue
        language = unread_language(path)
        if language is not None and counts_as_code(path, classifier):
            unread[language] += 1
    return files, unread


# DIAG-28
def shown_name(name: str) -> str:
    """The name a person knows a language trine reads by (`python` is Python)."""
    return _table().get(language_named(name).extensions[0], name)
