"""A workspace opened with its configuration: the one entry point the CLI and the server share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trine.analysis.coverage import Summary, summarize
from trine.analysis.rules import Diagnostic, diagnose
from trine.config import TrineConfig, load_config
from trine.index.graph import TraceGraph
from trine.index.host import IndexHost
from trine.index.workspace import Layout
from trine.parsers.ids import IdMatcher


@dataclass(frozen=True)
class CheckResult:
    """The graph of a workspace, its diagnostics and its summary."""

    graph: TraceGraph
    diagnostics: list[Diagnostic]
    summary: Summary


def layout_of(config: TrineConfig) -> Layout:
    """The file layout a configuration describes."""
    return Layout(
        tuple(config.spec), tuple(config.code), tuple(config.tests), tuple(config.exclude)
    )


def make_host(root: Path, config: TrineConfig) -> IndexHost:
    """An empty index host for a workspace root and configuration."""
    return IndexHost(root, layout_of(config), IdMatcher(config.id_pattern), config.max_file_size)


def open_workspace(root: Path, config_file: Path | None = None) -> tuple[TrineConfig, IndexHost]:
    """Load the configuration and index every file; raises ConfigError for unusable settings."""
    config, _ = load_config(root, config_file)
    host = make_host(root, config)
    host.scan()
    return config, host


def check(host: IndexHost, config: TrineConfig) -> CheckResult:
    """Run every enabled rule over the host's current graph."""
    graph = host.graph()
    diagnostics = diagnose(graph, config.severity_of)
    return CheckResult(graph, diagnostics, summarize(graph, diagnostics))
