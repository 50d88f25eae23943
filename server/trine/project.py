"""Pieces of an opened workspace: its index host, its lock, and a one-shot check of it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from trine.analysis.coverage import Summary, summarize
from trine.analysis.diagnose import Diagnostics
from trine.analysis.drift import LockState
from trine.analysis.findings import Diagnostic
from trine.analysis.rule import Baseline
from trine.config import DEFAULT_TEST_FOLDERS, TrineConfig, default_spec, default_tests
from trine.index.build import digest
from trine.index.files import read_source
from trine.index.graph import TraceGraph
from trine.index.host import IndexHost
from trine.index.records import FileRecord
from trine.index.workspace import MAX_GLOBS, Layout, glob_problem
from trine.parsers.facts import Problem
from trine.parsers.ids import IdMatcher
from trine.parsers.language import CollectionRules
from trine.parsers.lock import LOCK_FILE, parse_lock
from trine.parsers.pytest_config import PytestConfig, pytest_config
from trine.parsers.python import PYTHON
from trine.parsers.script_config import script_test_patterns
from trine.parsers.specs import TRACEY, spec_formats
from trine.parsers.styx import TRACEY_CONFIG, tracey_spec_globs
from trine.parsers.text import Span
from trine.parsers.tracey_code import TraceyIds


@dataclass(frozen=True)
class CheckResult:
    """The graph of a workspace, its diagnostics (in order, and kept per file) and its summary."""

    graph: TraceGraph
    diagnostics: list[Diagnostic]
    summary: Summary
    store: Diagnostics


def layout_of(
    config: TrineConfig, pytest: PytestConfig | None = None, scripts: tuple[str, ...] = ()
) -> Layout:
    """The file layout a configuration describes; with the project's pytest configuration,
    its Python tests are those pytest collects, and the files jest's or vitest's test globs
    (`scripts`) name are tests too, unless trine's `tests` says where tests are."""
    tests = tuple(config.tests)
    collection: tuple[tuple[str, CollectionRules], ...] = ()
    if pytest is not None:
        collection = ((PYTHON.name, pytest.rules()),)
        if config.tests == default_tests():
            tests += pytest.test_globs(DEFAULT_TEST_FOLDERS)
    # TS-7: they add to the test paths and take nothing away: a package of a monorepo may
    # have its own configuration, which the root's does not speak for.
    if scripts and config.tests == default_tests():
        tests += scripts
    return Layout(
        tuple(config.spec_globs()),
        tuple(config.code),
        tests,
        tuple(config.exclude),
        tuple((scope, tuple(found)) for scope, found in config.scopes.items()),
        tuple((source.path, source.format) for source in config.specs),
        tuple(config.named_specs()),
        collection,
    )


# TEST-5: pytest's configuration is read from the root as text, as pytest would find it.
def read_pytest_config(root: Path, max_size: int) -> PytestConfig | None:
    """The workspace's pytest configuration; None when it has none."""

    def read(name: str) -> str | None:
        if not (root / name).is_file():
            return None
        return read_source(root, name, max_size)[0]

    return pytest_config(read)


# TS-7: jest's or vitest's configuration is read from the root, never run.
def read_script_test_patterns(root: Path, max_size: int) -> tuple[str, ...]:
    """The test globs the workspace's jest or vitest configuration names plainly."""

    def read(name: str) -> str | None:
        if not (root / name).is_file():
            return None
        return read_source(root, name, max_size)[0]

    return script_test_patterns(read)


def make_host(root: Path, config: TrineConfig) -> IndexHost:
    """An empty index host for a workspace root and configuration; in a workspace that uses
    tracey, its configuration's spec paths are specs too, read as tracey, and comments hold its
    markers. A tracey configuration trine cannot read is the one record the host starts with."""
    layout = layout_of(
        config,
        read_pytest_config(root, config.max_file_size),
        read_script_test_patterns(root, config.max_file_size),
    )
    tracey = read_tracey_config(root, config.max_file_size)
    ids = IdMatcher(config.id_pattern, config.reference_prefixes)
    if tracey is not None:
        spec, named = layout.spec, layout.named
        if tracey.globs and config.spec == default_spec():
            # FMT-112: tracey's configuration says where its specs are: trine's generic Markdown
            # paths and spec-like names stand aside (a skill's copy of the spec is no second one).
            spec, named = _without_generic(spec), ()
        layout = replace(
            layout,
            spec=tuple(dict.fromkeys(spec + tracey.globs)),
            formats=layout.formats + tracey_formats(tracey.globs),
            named=named,
        )
        ids = TraceyIds(config.id_pattern, config.reference_prefixes)
    host = IndexHost(
        root,
        layout,
        ids,
        config.max_file_size,
        config.needs_policy(),
        config.coverage == "always",
    )
    if tracey is not None and tracey.problems:
        # FMT-110: the configuration's problems are shown at it, as any file's are.
        host.apply([FileRecord(TRACEY_CONFIG, "spec", tracey.digest, problems=tracey.problems)])
    return host


def _without_generic(spec: tuple[str, ...]) -> tuple[str, ...]:
    """Spec globs without plain Markdown's own (those a dialect also names stay)."""
    formats = spec_formats()
    dialects = {glob for f in formats if f.name != "markdown" for glob in f.spec_globs}
    generic = {glob for f in formats if f.name == "markdown" for glob in f.spec_globs} - dialects
    return tuple(glob for glob in spec if glob not in generic)


@dataclass(frozen=True)
class TraceyConfig:
    """What trine takes from a workspace's tracey configuration: its spec globs, and why it
    could not be read (`digest` keys the text read, empty when none was)."""

    globs: tuple[str, ...]
    problems: tuple[Problem, ...]
    digest: str


# FMT-105: tracey's own configuration names its specs.
# FMT-110: a configuration that cannot be read is a problem of the configuration file.
def read_tracey_config(root: Path, max_size: int) -> TraceyConfig | None:
    """The workspace's tracey configuration; None when it has none."""
    if not (root / TRACEY_CONFIG).is_file():
        return None
    text, problems = read_source(root, TRACEY_CONFIG, max_size)
    if text is None:
        unread = tuple(
            replace(p, message=f"the tracey configuration is not read: {p.message}")
            for p in problems
        )
        return TraceyConfig((), unread, "")
    globs, bad = tracey_spec_globs(text)
    usable, unusable = _usable_globs(globs, text)
    return TraceyConfig(usable, problems + bad + unusable, digest(text))


# FMT-110: globs trine cannot match are one problem of the configuration, at the first one.
def _usable_globs(globs: tuple[str, ...], text: str) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """The globs trine can match (at most `MAX_GLOBS`), and one problem naming the first other
    one, at its line, when there are others."""
    valid = [glob for glob in globs if glob_problem([glob]) is None]
    usable = valid[:MAX_GLOBS]
    kept = set(usable)
    unusable = [glob for glob in globs if glob not in kept]
    if not unusable:
        return tuple(usable), ()
    first = unusable[0]
    why = glob_problem([first]) or f"{first!r} is past the first {MAX_GLOBS} globs"
    more = f" (and {len(unusable) - 1} more)" if len(unusable) > 1 else ""
    lines = text.split("\n")
    line = next((n for n, found in enumerate(lines) if first in found), 0)
    left = "they are" if more else "it is"
    message = f"in the tracey configuration, {why}{more}, so {left} left out: fix the glob"
    return tuple(usable), (Problem(message, Span(line, 0, line, len(lines[line]))),)


# FMT-109: tracey's configuration names the format of the Markdown files it includes.
def tracey_formats(globs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The globs of tracey's configuration that name Markdown files, each read as tracey (a
    rule-less file among them too); any other glob leaves its files to detection."""
    return tuple((glob, TRACEY.name) for glob in globs if glob.endswith(TRACEY.extensions))


def lock_state(text: str | None) -> LockState:
    """The state of a lock from its text (None: there is no lock)."""
    if text is None:
        return LockState()
    lock, problems = parse_lock(text)
    return LockState(lock, problems, exists=True)


def read_lock(root: Path, max_size: int) -> LockState:
    """The workspace's trine.lock as found on disk."""
    if not (root / LOCK_FILE).exists():
        return LockState()
    text, problems = read_source(root, LOCK_FILE, max_size)
    return lock_state(text) if text is not None else LockState(None, problems, exists=True)


def check(
    host: IndexHost,
    config: TrineConfig,
    lock: LockState | None = None,
    baseline: Baseline | None = None,
) -> CheckResult:
    """Run every enabled rule over the host's current graph."""
    graph = host.graph()
    store = Diagnostics(config.severity_of, lock, baseline)
    store.rebuild(graph)
    return CheckResult(graph, store.all(), summarize(graph, store.severities), store)
