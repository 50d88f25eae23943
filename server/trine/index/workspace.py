"""Finding the workspace's spec, code and test files: globs, .gitignore and the folders to skip.

Globs come from the workspace (its configuration and its .gitignore files), so they are
untrusted: pathspec turns each into a regular expression, which runs on RE2 here, in time linear
in the path (Python's `re` backtracks: `*a*a*a*a*a*a*a*a*b` on a 60-character name would never
finish). The walk is iterative, never enters symlinked folders, and holds the entries of the
folders on the current path only.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec
import re2
from pathspec.patterns.gitignore.basic import GitIgnoreBasicPattern
from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern
from pathspec.util import normalize_file

from trine.index.records import Role
from trine.parsers.language import CollectionRules
from trine.parsers.languages import language_for
from trine.parsers.specs import spec_format_for

logger = logging.getLogger(__name__)

AGENT_DIRS = frozenset(
    {".claude", ".gemini", ".cursor", ".opencode", ".windsurf", ".codex", ".roo", ".qwen"}
)
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"}) | AGENT_DIRS

MAX_GLOB_LENGTH = 1024  # characters in one glob
MAX_WILDCARDS = 32  # `*`, `?` and `[` in one glob (each adds to the work per path)
MAX_GLOBS = 10_000  # globs in one .gitignore or one configuration key
MAX_IGNORE_FILE = 1_000_000  # bytes of one .gitignore; a bigger one is not read
_SET_BUDGET = 20_000  # RE2 program size of the globs in one set (a set has a memory budget)

_CONFIG_GLOB = GitIgnoreBasicPattern  # what pathspec calls "gitignore"
_DIR_MARK = "ps_d"  # the group pathspec's .gitignore regexes set when a folder matched


class GlobError(ValueError):
    """A glob that cannot be used; the message says why."""


def _re2_options(capture: bool = True) -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.never_capture = not capture
    return options


@dataclass(frozen=True, slots=True)
class _Glob:
    """One glob: its RE2 regex, and whether a match includes (True) or re-excludes (`!`)."""

    regex: Any
    include: bool


def _compile_glob(glob: str, kind: type[pathspec.RegexPattern]) -> _Glob | None:
    """One glob as an RE2 regex (pathspec translates it; `re` never compiles it); None for a
    blank line or a comment."""
    if len(glob) > MAX_GLOB_LENGTH:
        raise GlobError(f"longer than {MAX_GLOB_LENGTH} characters")
    if not _valid(glob):
        raise GlobError("not valid UTF-8 text")
    if sum(glob.count(c) for c in "*?[") > MAX_WILDCARDS:
        raise GlobError(f"more than {MAX_WILDCARDS} wildcards")
    try:
        regex, include = kind.pattern_to_regex(glob)
    except (ValueError, RecursionError) as error:
        raise GlobError(str(error) or "not a valid glob") from None
    if include is None or regex is None:
        return None
    try:
        compiled = re2.compile(regex, _re2_options())
    except re2.error as error:
        detail = error.args[0] if error.args else error
        text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        raise GlobError(f"not a glob trine can match ({text})") from None
    return _Glob(compiled, bool(include))


# REL-2: a configuration glob that cannot be matched is a configuration error.
def glob_problem(globs: Sequence[str]) -> str | None:
    """Why a list of configuration globs cannot be used, or None when it can."""
    if len(globs) > MAX_GLOBS:
        return f"{len(globs)} globs; at most {MAX_GLOBS} are allowed"
    for glob in globs:
        try:
            _compile_glob(glob, _CONFIG_GLOB)
        except GlobError as error:
            shown = glob if len(glob) <= 60 else glob[:60] + "..."
            return f"{shown!r} is not a valid glob: {error}"
    return None


def _valid(path: str) -> bool:
    """Whether a path can be matched and reported (a name that is not UTF-8 cannot)."""
    if path.isascii():
        return True
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class GlobSet:
    """Globs in .gitignore syntax, matched in time linear in the path, with pathspec's rules.

    RE2 sets (each within a program-size budget, as a set has a fixed memory budget) find the
    globs that match in one pass; only those run on their own, to tell a folder match from a
    file match. A set RE2 cannot build falls back to running its globs one by one, on RE2 still.
    """

    def __init__(self, patterns: Sequence[_Glob], gitignore: bool) -> None:
        self._globs = list(patterns)
        self._gitignore = gitignore
        self._sets = [
            (start, end, _set_of(self._globs[start:end])) for start, end in _chunks(self._globs)
        ]

    def _matching(self, path: str) -> list[int]:
        found: list[int] = []
        for start, end, regex_set in self._sets:
            if regex_set is None:
                found += [i for i in range(start, end) if self._globs[i].regex.search(path)]
            else:
                found += [start + i for i in regex_set.Match(path) or ()]
        return sorted(found)

    # REL-2: matching a path never backtracks.
    def check(self, path: str) -> bool | None:
        """True when the deciding glob includes the path, False when it is a `!` glob that
        excludes it, None when no glob matches.

        The last matching glob decides; in a .gitignore, as pathspec has it, a glob that matched
        a folder on the way (`build/` for `build/x.py`) yields to any glob that matched the path.
        """
        if not _valid(path):
            return None
        path = normalize_file(path)
        matched = self._matching(path)
        if not matched:
            return None
        if not self._gitignore:
            return self._globs[matched[-1]].include
        folder_match: bool | None = None
        for index in reversed(matched):
            glob = self._globs[index]
            match = glob.regex.search(path)
            if match is None:
                continue
            if not match.groupdict().get(_DIR_MARK):
                return glob.include
            if folder_match is None:
                folder_match = glob.include
        return folder_match

    # REL-2: the same linear-time check, as a yes or no.
    def match(self, path: str) -> bool:
        """Whether the path is matched (and not re-excluded by a later `!` glob)."""
        return self.check(path) is True


def _chunks(globs: Sequence[_Glob]) -> Iterator[tuple[int, int]]:
    start = size = 0
    for index, glob in enumerate(globs):
        cost = glob.regex.programsize
        if index > start and size + cost > _SET_BUDGET:
            yield start, index
            start, size = index, 0
        size += cost
    if start < len(globs):
        yield start, len(globs)


def _set_of(globs: Sequence[_Glob]) -> Any:
    """An RE2 set of the globs' regexes, None when RE2 cannot build it."""
    regex_set = re2.Set.SearchSet(_re2_options(capture=False))
    try:
        for glob in globs:
            regex_set.Add(glob.regex.pattern)
        regex_set.Compile()
    except re2.error:
        return None
    return regex_set


# REL-2: configuration globs, matched on RE2.
def globs(lines: Sequence[str]) -> GlobSet:
    """Configuration globs as a GlobSet (checked before, by the configuration)."""
    patterns = [p for p in (_compile_glob(line, _CONFIG_GLOB) for line in lines) if p is not None]
    return GlobSet(patterns, gitignore=False)


# REL-3: a .gitignore is untrusted input: bad lines are dropped, as git drops them.
def gitignore_globs(lines: Iterable[str], where: str = ".gitignore") -> GlobSet:
    """The globs of a .gitignore file: lines that are not valid globs are skipped (as git does),
    and lines past the first MAX_GLOBS globs are dropped."""
    patterns: list[_Glob] = []
    for number, line in enumerate(lines, 1):
        try:
            pattern = _compile_glob(line.rstrip("\n").removesuffix("\r"), GitIgnoreSpecPattern)
        except GlobError as error:
            logger.info("%s:%d: glob skipped: %s", where, number, error)
            continue
        if pattern is None:
            continue
        if len(patterns) == MAX_GLOBS:
            logger.warning("%s: more than %d globs; the rest are ignored", where, MAX_GLOBS)
            break
        patterns.append(pattern)
    return GlobSet(patterns, gitignore=True)


@dataclass(frozen=True)
class Layout:
    """Which files are specs, code and tests (globs in .gitignore syntax), which to leave out,
    the spec format chosen for the files some globs match (`(glob, format name)`), and the
    Markdown files named like specs that are specs when their text looks like one, and what
    the project configured each language's test runner to collect (`(language, rules)`)."""

    spec: tuple[str, ...]
    code: tuple[str, ...]
    tests: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    formats: tuple[tuple[str, str], ...] = ()
    named: tuple[str, ...] = ()
    collection: tuple[tuple[str, CollectionRules], ...] = ()


class Classifier:
    """Gives each workspace-relative path its role: spec, code, test, or none."""

    def __init__(self, layout: Layout) -> None:
        self._spec = globs(layout.spec)
        self._named = globs(layout.named)
        self._code = globs(layout.code)
        self._tests = globs(layout.tests)
        self._exclude = globs(layout.exclude)
        self.hidden = hidden_spec_folders(layout.spec)
        self._scopes = [(scope, globs(found)) for scope, found in layout.scopes]
        self._formats = [(globs([glob]), name) for glob, name in layout.formats]
        self.collection = dict(layout.collection)

    # FMT-60: the first `[[specs]]` entry whose glob matches names the file's format.
    def format_of(self, relpath: str) -> str | None:
        """The spec format the configuration chose for a file, None to detect it."""
        return next((name for glob, name in self._formats if glob.match(relpath)), None)

    def spec_glob(self, relpath: str) -> bool:
        """Whether a file is in the spec paths, whatever its format."""
        return self._spec.match(relpath) and not self._exclude.match(relpath)

    # FMT-121: a Markdown file named like a spec, outside the spec paths, is one if it looks so.
    def named_only(self, relpath: str) -> bool:
        """Whether a spec file is one by its name alone, so that its text must look like a
        spec (see `markdown.spec_signs`) for it to be read as one."""
        return self._named.match(relpath) and not self._spec.match(relpath)

    # CFG-1, WS-1: the role a path's globs give it.
    def role(self, relpath: str) -> Role | None:
        """The role of a file, or None when trine does not read it."""
        if not _valid(relpath) or self._exclude.match(relpath):
            return None
        if self.format_of(relpath) is not None:
            return "spec"
        if spec_format_for(relpath) is not None:
            return "spec" if self._spec.match(relpath) or self._named.match(relpath) else None
        # FMT-25: a hidden folder is entered for its specs only.
        if language_for(relpath) is None or relpath.startswith(".") or "/." in relpath:
            return None
        if self._tests.match(relpath):
            return "test"
        return "code" if self._code.match(relpath) else None

    # DIAG-26: what `exclude` leaves out is not counted as code trine does not read either.
    def excluded(self, relpath: str) -> bool:
        """Whether `exclude` leaves a file out."""
        return self._exclude.match(relpath)

    # CL-12: `[tool.trine.scopes]` gives code and tests the scope their bare ids resolve in.
    def scope(self, relpath: str) -> str | None:
        """The first configured scope whose globs match a file, None when none does."""
        return next((scope for scope, found in self._scopes if found.match(relpath)), None)

    # WS-1: an excluded folder is not walked.
    def excluded_dir(self, reldir: str) -> bool:
        """Whether a whole folder is excluded (so the walk need not enter it)."""
        return self._exclude.match(reldir + "/")


# FMT-25: a hidden folder holds specs when a spec glob names it (`.kiro/specs/*/tasks.md`).
def hidden_spec_folders(spec_globs: Iterable[str]) -> frozenset[str]:
    """The hidden folder names spec globs spell out, which the walk enters (`.kiro`)."""
    return frozenset(
        part
        for glob in spec_globs
        for part in glob.split("/")
        if part.startswith(".") and part not in (".", "..") and not any(c in part for c in "*?[")
    )


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


# RS-9: a cache folder (cargo's `target/`) holds build output, never the project's own code.
def _is_cache(path: str) -> bool:
    """Whether a folder is tagged a cache (a `CACHEDIR.TAG`, as cargo's `target/` is)."""
    return os.path.isfile(os.path.join(path, "CACHEDIR.TAG"))


# REL-3: a .gitignore is read only when it is a regular file of sensible size, never through a
# symlink (as git), and never waiting on a pipe.
def _gitignore(directory: str) -> GlobSet | None:
    path = os.path.join(directory, ".gitignore")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            logger.warning("%s: not a regular file; not read", path)
            return None
        if info.st_size > MAX_IGNORE_FILE:
            logger.warning("%s: over %d bytes; not read", path, MAX_IGNORE_FILE)
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(MAX_IGNORE_FILE)
    except OSError:
        return None
    finally:
        os.close(fd)
    return gitignore_globs(data.decode("utf-8", "replace").split("\n"), path)


Ignores = list[tuple[str, GlobSet]]


def _ignored(relpath: str, is_dir: bool, ignores: Ignores) -> bool:
    """Git's rule: the deepest .gitignore with a matching pattern decides (`!` re-includes)."""
    for base, spec in reversed(ignores):
        local = relpath[len(base) + 1 :] if base else relpath
        result = spec.check(local + "/" if is_dir else local)
        if result is not None:
            return result
    return False


# WS-1, WS-2: skip hidden, virtual-env and ignored folders; never enter symlinked ones.
# FMT-25: hidden folders named by spec globs are entered.
def skipped(root: Path, relpath: str, hidden: frozenset[str] = frozenset()) -> bool:
    """Whether discovery would never reach a path: a hidden folder (other than the `hidden`
    ones spec globs name), a virtual-env or skipped folder on the way, or a .gitignore that
    ignores it (used for files an editor opens or a watcher reports)."""
    parts = relpath.split("/")
    ignores: Ignores = []
    directory = str(root)
    for depth, part in enumerate(parts):
        reldir = "/".join(parts[:depth])
        own = _gitignore(directory)
        if own is not None:
            ignores.append((reldir, own))
        is_dir = depth < len(parts) - 1
        sub = "/".join(parts[: depth + 1])
        hidden_part = part.startswith(".") and not (is_dir and part in hidden)
        if hidden_part or not _valid(part) or _ignored(sub, is_dir, ignores):
            return True
        directory = os.path.join(directory, part)
        if is_dir and (part in SKIPPED_DIRS or _is_venv(directory) or _is_cache(directory)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the walk keeps of a folder entry until it is visited: its name and kind."""

    name: str
    is_dir: bool


# REL-4: only real folders are entered; names that are not UTF-8 are left out.
# FMT-25: hidden folders named by spec globs are entered.
def _entries(directory: str, hidden: frozenset[str]) -> list[_Entry]:
    """A folder's visible entries, sorted: sub-folders (not symlinked ones; hidden ones only
    when named in `hidden`) and files (symlinked files too: reading them checks where they
    lead). Anything else is left out."""
    found = []
    try:
        with os.scandir(directory) as it:
            for entry in it:
                if not _valid(entry.name):
                    continue
                try:
                    if entry.name.startswith(".") and not (
                        entry.name in hidden and entry.is_dir(follow_symlinks=False)
                    ):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        found.append(_Entry(entry.name, True))
                    elif entry.is_file(follow_symlinks=False) or (
                        entry.is_symlink() and not os.path.isdir(entry.path)
                    ):
                        found.append(_Entry(entry.name, False))
                except OSError:
                    continue
    except OSError:
        return []
    found.sort(key=lambda e: e.name)
    return found


# WS-2, REL-4, REL-5: a depth-first walk with its own stack (no recursion limit), never into a
# symlinked folder, streaming its files.
def discover(root: Path, classifier: Classifier) -> Iterator[tuple[str, Role]]:
    """Every file under the root with a role, in a stable order (depth first, sorted by name)."""
    for relpath in walk(root, classifier.excluded_dir, classifier.hidden):
        role = classifier.role(relpath)
        if role is not None:
            yield relpath, role


# WS-2, REL-4, REL-5
# FMT-66: coding agents' command folders hold prompts full of example ids, never specs or code.
def walk(
    root: Path, excluded_dir: Callable[[str], bool], hidden: frozenset[str] = frozenset()
) -> Iterator[str]:
    """Every file under the root trine may look at, in a stable order (depth first, sorted by
    name), whatever its role.

    Hidden folders (but those in `hidden`, which a spec glob names), virtual environments, .gitignored paths and symlinked folders are skipped,
    so a symlink loop is never walked; symlinked files are listed (reading them checks where
    they lead). Files are yielded as they are found: memory holds the folders on the current
    path, not the tree.
    """
    stack = [_visit(str(root), "", [], hidden)]
    while stack:
        frame = stack[-1]
        step = next(frame.entries, None)
        if step is None:
            stack.pop()
            continue
        relpath = f"{frame.reldir}/{step.name}" if frame.reldir else step.name
        path = os.path.join(frame.directory, step.name)
        if step.is_dir:
            if (
                step.name in SKIPPED_DIRS
                or _is_venv(path)
                or _is_cache(path)
                or _ignored(relpath, True, frame.ignores)
                or excluded_dir(relpath)
            ):
                continue
            stack.append(_visit(path, relpath, frame.ignores, hidden))
            continue
        if not _ignored(relpath, False, frame.ignores):
            yield relpath


@dataclass
class _Frame:
    """One folder being walked: where it is, the .gitignores that apply, what is left in it."""

    directory: str
    reldir: str
    ignores: Ignores
    entries: Iterator[_Entry]


def _visit(directory: str, reldir: str, ignores: Ignores, hidden: frozenset[str]) -> _Frame:
    own = _gitignore(directory)
    if own is not None:
        ignores = [*ignores, (reldir, own)]
    return _Frame(directory, reldir, ignores, iter(_entries(directory, hidden)))
