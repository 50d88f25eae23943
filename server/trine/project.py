"""Pieces of an opened workspace: its index host, its lock, and a one-shot check of it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from trine.analysis.coverage import Summary, summarize
from trine.analysis.diagnose import Diagnostics
from trine.analysis.drift import LockState
from trine.analysis.findings import Diagnostic
from trine.analysis.rule import Baseline
from trine.config import TrineConfig
from trine.index.files import read_source
from trine.index.graph import TraceGraph
from trine.index.host import IndexHost
from trine.index.workspace import Layout
from trine.parsers.ids import IdMatcher
from trine.parsers.lock import LOCK_FILE, parse_lock
from trine.parsers.styx import TRACEY_CONFIG, tracey_spec_globs
from trine.parsers.tracey_code import TraceyIds


@dataclass(frozen=True)
class CheckResult:
    """The graph of a workspace, its diagnostics (in order, and kept per file) and its summary."""

    graph: TraceGraph
    diagnostics: list[Diagnostic]
    summary: Summary
    store: Diagnostics


def layout_of(config: TrineConfig) -> Layout:
    """The file layout a configuration describes."""
    return Layout(
        tuple(config.spec_globs()),
        tuple(config.code),
        tuple(config.tests),
        tuple(config.exclude),
        tuple((scope, tuple(found)) for scope, found in config.scopes.items()),
        tuple((source.path, source.format) for source in config.specs),
        tuple(config.named_specs()),
    )


def make_host(root: Path, config: TrineConfig) -> IndexHost:
    """An empty index host for a workspace root and configuration; in a workspace that uses
    tracey, its configuration's spec paths are specs too, and comments hold its markers."""
    layout = layout_of(config)
    tracey = tracey_specs(root, config.max_file_size)
    if tracey is None:
        return IndexHost(root, layout, IdMatcher(config.id_pattern), config.max_file_size)
    layout = replace(layout, spec=tuple(dict.fromkeys(layout.spec + tracey)))
    return IndexHost(root, layout, TraceyIds(config.id_pattern), config.max_file_size)


# FMT-105: tracey's own configuration names its specs.
def tracey_specs(root: Path, max_size: int) -> tuple[str, ...] | None:
    """The spec globs of the workspace's tracey configuration; None when it has none."""
    if not (root / TRACEY_CONFIG).is_file():
        return None
    text, _ = read_source(root, TRACEY_CONFIG, max_size)
    return tracey_spec_globs(text)[0] if text is not None else ()


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
