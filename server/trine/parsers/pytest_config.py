"""pytest's own configuration, read as text: where the tests are and which names it collects.

pytest reads the first of its configuration files that holds its section (`pytest.ini` even
when empty); trine reads the same keys from the same place, never by running pytest.
"""

from __future__ import annotations

import configparser
import shlex
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from trine.parsers.language import CollectionRules

PYTEST_CONFIGS = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")
"""pytest's configuration files, in the order it looks for its section in them."""

_SECTIONS = {
    "pytest.ini": "pytest",
    ".pytest.ini": "pytest",
    "tox.ini": "pytest",
    "setup.cfg": "tool:pytest",
}
_KEYS = ("testpaths", "python_files", "python_classes", "python_functions")


@dataclass(frozen=True)
class PytestConfig:
    """The collection settings of a pytest configuration (empty: pytest's default): the
    folders tests are collected from, and the names of test files, classes and functions."""

    testpaths: tuple[str, ...] = ()
    python_files: tuple[str, ...] = ()
    python_classes: tuple[str, ...] = ()
    python_functions: tuple[str, ...] = ()

    def rules(self) -> CollectionRules:
        """Which files, classes and functions pytest collects as tests, by name."""
        files = self.python_files or DEFAULT_FILES
        return CollectionRules(files, self.python_classes, self.python_functions)

    # TEST-5: the test files are those pytest collects, its conftest.py files, and the usual
    # test folders' support modules.
    def test_globs(self, folders: Sequence[str]) -> tuple[str, ...]:
        """Globs (last match wins) that make a Python file a test file as pytest has it: a
        module `python_files` names under `testpaths` (anywhere, without `testpaths`), any
        `conftest.py`, and any module of the usual test `folders` (their helpers); any other
        Python file is code, however it is named."""
        found = ["!**/*.py", *(f"{_folder(folder)}/**/*.py" for folder in folders)]
        for path in self.testpaths or (".",):
            under = _folder(path)
            found += [_within(under, pattern) for pattern in self.python_files or DEFAULT_FILES]
        return (*found, "**/conftest.py")


DEFAULT_FILES = ("test_*.py", "*_test.py")
"""pytest's default `python_files`."""


def _folder(path: str) -> str:
    """A test path as a folder glob relative to the root ('' for the root itself)."""
    path = path.strip().removeprefix("./").rstrip("/")
    return "" if path == "." else path.removesuffix("/**")


def _within(folder: str, pattern: str) -> str:
    """A `python_files` pattern as a glob under a test path ('' for the root): a bare name
    matches in any folder below it."""
    glob = pattern if "/" in pattern else f"**/{pattern}"
    return f"{folder}/{glob}" if folder else glob


# TEST-5: the configuration pytest itself would use, read without running anything.
def pytest_config(read: Callable[[str], str | None]) -> PytestConfig | None:
    """The configuration of the first of pytest's files that holds its section (`read` gives
    a root file's text, None when it is missing); None when no file does or it cannot be
    parsed (pytest's defaults then hold)."""
    for name in PYTEST_CONFIGS:
        text = read(name)
        if text is None:
            continue
        table = _pyproject(text) if name == "pyproject.toml" else _ini(text, _SECTIONS[name])
        if table is None and name not in ("pytest.ini", ".pytest.ini"):
            continue
        return _config(table or {})
    return None


def _pyproject(text: str) -> dict[str, Any] | None:
    """`[tool.pytest.ini_options]` (or pytest 9's `[tool.pytest]`) of a pyproject.toml."""
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return None
    table = tool.get("pytest") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return None
    options = table.get("ini_options", table)
    return options if isinstance(options, dict) else None


def _ini(text: str, section: str) -> dict[str, Any] | None:
    """One section of an ini file (pytest.ini, tox.ini, setup.cfg)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return dict(parser[section]) if parser.has_section(section) else None


def _config(table: dict[str, Any]) -> PytestConfig:
    """The collection keys of a section; a value is a list, or words as in a shell."""
    values = [_words(table.get(key)) for key in _KEYS]
    return PytestConfig(*values)


def _words(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if not isinstance(value, str):
        return ()
    try:
        return tuple(shlex.split(value))
    except ValueError:
        return tuple(value.split())
