"""The record of one diagnostic rule: its code, defaults, check, quick fix and documentation.

Each module of `trine.analysis.rules` defines one `RULE`; `trine.analysis.registry` collects
them, and everything else (the checks `Diagnostics` runs, the quick fixes, `trine rule`, the rule
pages, the README table, the editor settings) is derived from the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from trine.analysis.drift import LockState
from trine.analysis.findings import Diagnostic, Finding
from trine.analysis.fixes import Action, FixContext
from trine.analysis.since import METADATA
from trine.index.graph import TraceGraph

SeveritySetting = Literal["error", "warning", "info", "hint", "off"]
Scope = Literal["clause", "symbol", "test", "file", "lock", "since", "specs"]
"""What a check answers for: one clause, symbol, test or file, the lock, the `--since` run, or
the workspace's specs as a whole."""


@dataclass(frozen=True)
class Baseline:
    """The graph of a base revision, for `--since`, and the labels of the metadata lines that
    do not count as a clause's words."""

    revision: str
    graph: TraceGraph
    metadata: tuple[str, ...] = METADATA


@dataclass(frozen=True)
class CheckContext:
    """What a check may read besides its subject: the graph, the lock, the `--since` baseline
    and the "did you mean" suggester (closest declared ids, kept between checks)."""

    graph: TraceGraph
    lock: LockState
    baseline: Baseline | None
    suggest: Callable[[str], list[str]]

    def marked(self, path: str, rule: str) -> Iterator[Finding]:
        """The problems a file's reader marked for one rule, as its findings where they stand."""
        record = self.graph.records.get(path)
        for problem in record.problems if record is not None else ():
            if problem.rule == rule:
                yield Finding(rule, path, problem.span, problem.message)


Check = Callable[[CheckContext, str], Iterable[Finding]]
Fix = Callable[[Diagnostic, FixContext], list[Action]]


@dataclass(frozen=True)
class Rule:
    """One diagnostic rule. `order` places it in `trine rule` and the generated docs; `early`
    says its findings depend only on the file, the specs and the lock (PERF-3). The texts are
    Markdown, in ruff's sections: what it does, why is this bad, example, how to fix, options."""

    code: str
    order: int
    default: SeveritySetting
    scope: Scope
    early: bool
    check: Check
    summary: str
    why: str
    example: str
    how_to_fix: str
    options: str = ""
    fix: Fix | None = None
