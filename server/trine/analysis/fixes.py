"""Quick fixes as plain records: the edits and actions a rule proposes for its diagnostics.

They live below `ide/` so that a rule can carry its own fix; the editor applies the edits, so
unsaved work is never lost, and `ide/` drops any that would leave the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from trine.analysis.findings import Diagnostic
from trine.index.graph import TraceGraph
from trine.parsers.text import Span

ActionKind = Literal["quickfix", "refactor"]
TextOf = Callable[[str], "str | None"]


@dataclass(frozen=True)
class TextEdit:
    """Replace a range with new text."""

    span: Span
    new_text: str


@dataclass(frozen=True)
class FileEdit:
    """Edits to one file; `create` makes the file first (it must not exist)."""

    path: str
    edits: tuple[TextEdit, ...]
    create: bool = False


@dataclass(frozen=True)
class Action:
    """A proposed change (edits), or a command for the client to run."""

    title: str
    kind: ActionKind
    edits: tuple[FileEdit, ...] = ()
    command: tuple[str, tuple[str, ...]] | None = None
    diagnostic: Diagnostic | None = None
    preferred: bool = False


@dataclass(frozen=True)
class FixContext:
    """What a quick fix may read: the graph, the workspace root, the text of a file (open
    buffers win over the disk; None when it does not exist), and whether the editor can create
    files."""

    graph: TraceGraph
    root: Path
    text_of: TextOf
    can_create: bool = True
