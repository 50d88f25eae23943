"""Examples in code prose: the parts of a docstring or comment that show what spec text looks
like rather than cite a clause.

A tool that reads requirement ids shows them as samples of a format: a `Usage:` section, a
doctest, `# headers (## FR-1.1)`, `lines like "**FR-1.1**: …"`. Such a mention names no clause
of the workspace, so it links nothing and is never unknown. Every scan is one pass over the
text with bounded look-arounds: a long hostile comment costs time linear in its length.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence

from trine.parsers.ids import Token

# CODE-14: Google's and reST's section headers, and NumPy's (a title over a line of dashes). A
# line that ends in `Example::` (`Reads a line. Example::`) opens a reST literal block as well.
_HEADER = re.compile(
    r"\A(?:(?:usage\s+)?examples?|usage|example\s+usage)[ \t]*::?\Z"
    r"|(?<!\w)(?:examples?|usage)[ \t]*::\Z",
    re.IGNORECASE,
)
_NUMPY_HEADER = re.compile(r"examples?|usage", re.IGNORECASE)
_UNDERLINE = re.compile(r"-{3,}|={3,}")
_DOCTEST = re.compile(r">>>(?:\s|$)")
_COMMENT_MARKER = re.compile(r"#+|//+!?")

# CODE-15: what may stand before an id a comment opens with: its marker, a list bullet, markup.
_OPENING = re.compile(
    r"(?:#+|//+)?[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\*{1,2}|#{1,6}[ \t]+)?"
)
_OPENING_REACH = 24
_HEADING = re.compile(r"(?<!#)#{1,6}[ \t]{1,4}\Z")

# CODE-16: the words that introduce an example; `i.e.` restates, it is not one of them.
_EXAMPLE_WORD = re.compile(
    r"\b(?:e\.[ \t]?g\b\.?|for\s+example\b|for\s+instance\b|such\s+as\b|like\b)"
    r"(?:[ \t]*,)?",
    re.IGNORECASE,
)
_LEAD = re.compile(r"[ \t\n(\[*_#>-]{0,12}")
_JOIN = re.compile(
    r"[ \t\n*_`\"',/]{0,12}(?:(?:and|or|nor|to|through|thru)\b|\.\.\.?|\u2026|\u2013)?"
)
_QUOTE_REACH = 160
_NEWLINE = re.compile("\n")
_QUOTES = {'"': '"', "'": "'", "`": "`", "\u201c": "\u201d", "\u2018": "\u2019"}


# CODE-14
def example_lines(lines: Sequence[str]) -> set[int]:
    """The indices of the lines in an example section or a doctest: lines indented under an
    `Example:`/`Usage:` header, those after a NumPy `Examples` header up to the next header,
    and a `>>>` line with those after it up to a blank line."""
    shown: set[int] = set()
    indented: int | None = None  # the header's indentation, inside a Google or reST section
    numpy = doctest = False
    for index, line in enumerate(lines):
        content = line.strip()
        indent = len(line) - len(line.lstrip())
        if indented is not None:
            if not content or indent > indented:
                shown.add(index)
                continue
            indented = None
        if numpy:
            if not _opens_numpy_section(lines, index):
                shown.add(index)
                continue
            numpy = False
        if doctest and content:
            shown.add(index)
            continue
        doctest = _DOCTEST.match(content) is not None
        if doctest:
            shown.add(index)
        elif _HEADER.search(content):
            indented = indent
        elif _NUMPY_HEADER.fullmatch(content) and _opens_numpy_section(lines, index):
            numpy = True
    return shown


def _opens_numpy_section(lines: Sequence[str], index: int) -> bool:
    """Whether a line is a NumPy section title: words over a line of dashes."""
    content = lines[index].strip()
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return (
        bool(content)
        and not _UNDERLINE.fullmatch(content)
        and bool(_UNDERLINE.fullmatch(following))
    )


def comment_content(comment: str, column: int) -> str:
    """A comment's line as a docstring's would read: its marker blanked out, so that what is
    indented under a header in a block of comments is indented here too."""
    marker = _COMMENT_MARKER.match(comment)
    width = marker.end() if marker else 0
    return " " * (column + width) + comment[width:]


# CODE-14, CODE-15, CODE-16
def example_spans(text: str, tokens: Sequence[Token], *, comment: bool) -> list[tuple[int, int]]:
    """The disjoint, sorted offsets of the parts of a docstring or comment shown as examples:
    what an example word introduces, a docstring's example sections and doctests, and the ids a
    comment wraps in markup (a comment block's sections are read by `example_lines`)."""
    spans = _introduced(text, tokens)
    if comment:
        spans += [(t.start, t.end) for t in tokens if _marked_up(text, t)]
    else:
        starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        ends = [start - 1 for start in starts[1:]] + [len(text)]
        spans += [(starts[i], ends[i]) for i in example_lines(text.split("\n"))]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def shown(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether an offset lies in one of the disjoint, sorted spans."""
    at = bisect_right(spans, (offset, math.inf)) - 1
    return at >= 0 and offset < spans[at][1]


# CODE-15
def _marked_up(text: str, token: Token) -> bool:
    """Whether a comment shows an id in Markdown after other words: in bold or italics, or
    after a heading's `#`s that are not the comment's marker."""
    marker = _COMMENT_MARKER.match(text)
    after_marker = marker.end() if marker else 0
    closing = text[token.end : token.end + 2].lstrip(":")
    emphasis = text[token.start - 1 : token.start] == "*" and closing.startswith("*")
    heading = _HEADING.search(text, max(token.start - 12, after_marker), token.start)
    if not (emphasis or heading):
        return False
    return not (token.start <= _OPENING_REACH and _OPENING.fullmatch(text, 0, token.start))


# CODE-16
def _introduced(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """The parts an example word introduces: the ids right after it and those listed after
    them, or the quoted or backticked strings right after it."""
    at = {token.start: token for token in tokens}
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in _EXAMPLE_WORD.finditer(text):
        if word.start() < pos:
            continue  # inside what the word before introduces: each part is read once
        first = pos = _skip(_LEAD, text, word.end())
        while pos < len(text):
            if text[pos] in _QUOTES:
                pos = _closed(text, pos)
            elif pos in at:
                pos = at[pos].end
            else:
                break
            spans.append((first, pos))
            pos = _skip(_LEAD, text, _skip(_JOIN, text, pos))
    return spans


def _closed(text: str, opening: int) -> int:
    """Just after the quote that closes the one at `opening`, on its line and within reach;
    else the end of the line or of the reach."""
    bound = min(len(text), opening + _QUOTE_REACH)
    line_end = text.find("\n", opening, bound)
    bound = bound if line_end < 0 else line_end
    close = text.find(_QUOTES[text[opening]], opening + 1, bound)
    return bound if close < 0 else close + 1


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Just after what a pattern that may match nothing matches at `pos`."""
    match = pattern.match(text, pos)
    return match.end() if match else pos
