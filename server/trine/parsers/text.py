"""Positions in text: spans in code points, and conversions from offsets and UTF-8 byte columns.

The core stores 0-based (line, column) pairs counted in code points; the CLI adds one to each,
and the LSP layer converts columns to UTF-16 or UTF-8 units with the line's text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


# IDX-2: code-point columns, from which UTF-16 and UTF-8 columns derive.
@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A range of text: 0-based lines, 0-based code-point columns, end exclusive."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        """Whether the position lies inside the span (both ends inclusive, as a cursor sees it)."""
        if (line, col) < (self.start_line, self.start_col):
            return False
        return (line, col) <= (self.end_line, self.end_col)

    def covers_line(self, line: int) -> bool:
        """Whether the line lies between the span's first and last line."""
        return self.start_line <= line <= self.end_line


# WS-4: CRLF and CR give the lines an editor shows.
def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF; line numbers and columns stay those an editor shows."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LineIndex:
    """Maps code-point offsets of a text to (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) of a code-point offset."""
        line = bisect_right(self._starts, offset) - 1
        return line, offset - self._starts[line]

    def span(self, start: int, end: int) -> Span:
        """The span between two code-point offsets."""
        return Span(*self.position(start), *self.position(end))


class Utf8Lines:
    """Converts tree-sitter points (row, UTF-8 byte column) to code-point columns."""

    def __init__(self, text: str) -> None:
        self._lines = text.split("\n")

    def column(self, row: int, byte_col: int) -> int:
        """The code-point column of a byte column on a row."""
        if row >= len(self._lines):
            return byte_col
        line = self._lines[row]
        if line.isascii():
            return byte_col
        try:
            return len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))
        except UnicodeEncodeError:
            return _surrogate_column(line, byte_col)

    def span(self, start: tuple[int, int], end: tuple[int, int]) -> Span:
        """The span between two tree-sitter points."""
        return Span(start[0], self.column(*start), end[0], self.column(*end))


def _surrogate_column(line: str, byte_col: int) -> int:
    """The code-point column of a byte column on a line with a lone surrogate (an editor can
    send one; tree-sitter got it as three bytes, as `surrogatepass` encodes it)."""
    size = 0
    for index, char in enumerate(line):
        size += len(char.encode("utf-8", "surrogatepass"))
        if size > byte_col:
            return index
    return len(line)
