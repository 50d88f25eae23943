"""What an LSP client believes a document is after its edits: the protocol's rules, written out
independently of pygls, so that the server's copy can be compared with it.

Positions are UTF-16 code units (the LSP default); lines end at LF, CRLF or CR only (LSP 3.17);
a character past the end of its line means the end of the line, and a line past the end of the
document means the end of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")


def utf16_len(text: str) -> int:
    """The length of a text in UTF-16 code units (a lone surrogate is one unit)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def line_starts(text: str) -> list[tuple[int, int]]:
    """Each line's (start offset, end offset without its line ending), in code points."""
    starts = []
    begin = 0
    for match in _LINE_END.finditer(text):
        starts.append((begin, match.start()))
        begin = match.end()
    starts.append((begin, len(text)))
    return starts


def offset_at(text: str, line: int, character: int) -> int:
    """The code-point offset of an LSP position (UTF-16), clamped as the protocol says."""
    lines = line_starts(text)
    if line >= len(lines):
        return len(text)
    begin, end = lines[line]
    units = 0
    for index in range(begin, end):
        if units >= character:
            return index
        units += utf16_len(text[index])
    return end


def position_at(text: str, offset: int) -> tuple[int, int]:
    """The LSP position (UTF-16) of a code-point offset that lies on a line, not inside a CRLF."""
    for number, (begin, end) in enumerate(line_starts(text)):
        if begin <= offset <= end:
            return number, utf16_len(text[begin:offset])
    raise ValueError(f"offset {offset} is not on a line of the text")


@dataclass(frozen=True)
class Edit:
    """One content change: a range replaced by text, or (range None) the whole document."""

    text: str
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None


def apply(text: str, edit: Edit) -> str:
    """The document after one content change."""
    if edit.start is None or edit.end is None:
        return edit.text
    start = offset_at(text, *edit.start)
    end = offset_at(text, *edit.end)
    if end < start:
        start, end = end, start
    return text[:start] + edit.text + text[end:]
