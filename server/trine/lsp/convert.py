"""Conversions between the core's code-point spans and LSP positions in the negotiated encoding."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types

from trine.parsers.text import Span

LinesOf = Callable[[str], Sequence[str]]


def units(text: str, encoding: str) -> int:
    """The length of a text in the client's code units (UTF-16 by default)."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# LSP-17: columns in the negotiated encoding (UTF-16 by default).
def to_position(lines: Sequence[str], line: int, col: int, encoding: str) -> types.Position:
    """A code-point position as an LSP position, clamped to the document."""
    if line >= len(lines):
        last = len(lines) - 1
        return types.Position(max(last, 0), units(lines[last], encoding) if lines else 0)
    text = lines[line].rstrip("\r\n")
    return types.Position(line, units(text[:col], encoding))


def to_range(lines: Sequence[str], span: Span, encoding: str) -> types.Range:
    """A span as an LSP range."""
    return types.Range(
        to_position(lines, span.start_line, span.start_col, encoding),
        to_position(lines, span.end_line, span.end_col, encoding),
    )


# LSP-17, LSP-19: clamp positions beyond the end of a line or file.
def from_position(lines: Sequence[str], position: types.Position, encoding: str) -> tuple[int, int]:
    """An LSP position as a code-point (line, column), clamped to the document."""
    if not lines:
        return 0, 0
    line = min(max(position.line, 0), len(lines) - 1)
    text = lines[line].rstrip("\r\n")
    if position.line > line:
        return line, len(text)
    count = 0
    for index, char in enumerate(text):
        if count >= position.character:
            return line, index
        count += units(char, encoding)
    return line, len(text)


def from_range(lines: Sequence[str], range_: types.Range, encoding: str) -> Span:
    """An LSP range as a code-point span."""
    return Span(
        *from_position(lines, range_.start, encoding), *from_position(lines, range_.end, encoding)
    )
