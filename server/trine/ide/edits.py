"""Edits that features propose; the editor applies them, so unsaved work is never lost."""

from __future__ import annotations

from dataclasses import dataclass

from trine.parsers.text import Span


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
