"""Finding the workspace's spec, code and test files: globs, .gitignore and the folders to skip."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from trine.index.records import Role
from trine.parsers.languages import language_for

SPEC_EXTENSIONS = (".md", ".markdown")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})


@dataclass(frozen=True)
class Layout:
    """Which files are specs, code and tests (globs in .gitignore syntax), and which to leave out."""

    spec: tuple[str, ...]
    code: tuple[str, ...]
    tests: tuple[str, ...]
    exclude: tuple[str, ...] = ()


def _spec(patterns: Sequence[str]) -> pathspec.PathSpec:
    return pathspec.PathSpec.from_lines("gitignore", patterns)


class Classifier:
    """Gives each workspace-relative path its role: spec, code, test, or none."""

    def __init__(self, layout: Layout) -> None:
        self._spec = _spec(layout.spec)
        self._code = _spec(layout.code)
        self._tests = _spec(layout.tests)
        self._exclude = _spec(layout.exclude)

    def role(self, relpath: str) -> Role | None:
        """The role of a file, or None when trine does not read it."""
        if self._exclude.match_file(relpath):
            return None
        if relpath.endswith(SPEC_EXTENSIONS):
            return "spec" if self._spec.match_file(relpath) else None
        if language_for(relpath) is None:
            return None
        if self._tests.match_file(relpath):
            return "test"
        return "code" if self._code.match_file(relpath) else None

    def excluded_dir(self, reldir: str) -> bool:
        """Whether a whole folder is excluded (so the walk need not enter it)."""
        return self._exclude.match_file(reldir + "/")


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _gitignore(directory: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as f:
            return pathspec.GitIgnoreSpec.from_lines(f)
    except OSError:
        return None


def _ignored(relpath: str, is_dir: bool, ignores: list[tuple[str, pathspec.GitIgnoreSpec]]) -> bool:
    """Git's rule: the deepest .gitignore with a matching pattern decides (`!` re-includes)."""
    for base, spec in reversed(ignores):
        local = relpath[len(base) + 1 :] if base else relpath
        result = spec.check_file(local + "/" if is_dir else local)
        if result.include is not None:
            return bool(result.include)
    return False


# WS-1, WS-2: skip hidden, virtual-env and ignored folders; never enter symlinked ones.
def skipped(root: Path, relpath: str) -> bool:
    """Whether discovery would never reach a path: a hidden, virtual-env or skipped folder on
    the way, or a .gitignore that ignores it (used for files an editor opens or a watcher reports)."""
    parts = relpath.split("/")
    ignores: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    directory = str(root)
    for depth, part in enumerate(parts):
        reldir = "/".join(parts[:depth])
        own = _gitignore(directory)
        if own is not None:
            ignores.append((reldir, own))
        is_dir = depth < len(parts) - 1
        sub = "/".join(parts[: depth + 1])
        if part.startswith(".") or _ignored(sub, is_dir, ignores):
            return True
        directory = os.path.join(directory, part)
        if is_dir and (part in SKIPPED_DIRS or _is_venv(directory)):
            return True
    return False


def discover(root: Path, classifier: Classifier) -> Iterator[tuple[str, Role]]:
    """Every file under the root with a role, in a stable order.

    Hidden folders, virtual environments, .gitignored paths and symlinked folders are skipped;
    symlinked files are listed (reading them checks where they lead).
    """
    yield from _walk(str(root), "", [], classifier)


def _walk(
    directory: str,
    reldir: str,
    ignores: list[tuple[str, pathspec.GitIgnoreSpec]],
    classifier: Classifier,
) -> Iterator[tuple[str, Role]]:
    own = _gitignore(directory)
    if own is not None:
        ignores = [*ignores, (reldir, own)]
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relpath = f"{reldir}/{entry.name}" if reldir else entry.name
        if entry.is_dir(follow_symlinks=False):
            if (
                entry.name in SKIPPED_DIRS
                or _is_venv(entry.path)
                or _ignored(relpath, True, ignores)
                or classifier.excluded_dir(relpath)
            ):
                continue
            yield from _walk(entry.path, relpath, ignores, classifier)
        elif entry.is_symlink() or entry.is_file(follow_symlinks=False):
            if entry.is_symlink() and os.path.isdir(entry.path):
                continue
            role = classifier.role(relpath)
            if role is not None and not _ignored(relpath, False, ignores):
                yield relpath, role
