"""tracey's markers in code comments: `r[impl rule.id]`, `r[verify …]`, `r[depends …]`, `r[related …]`.

They are read only in a workspace that uses tracey (the id matcher is a `TraceyIds`), and only
in comments: a string literal (`r["key"]`, a regex) is code, never a marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from trine.parsers.facts import Problem, Relation
from trine.parsers.ids import IdMatcher
from trine.parsers.text import Span
from trine.parsers.tracey import MARKER

_CODE_SPAN = re.compile(r"(`+)[^`\n]+?\1")
_DIRECTIVE = re.compile(r"@tracey:ignore-(next-line|start|end)\b")


@dataclass(frozen=True)
class CodeMarker:
    """A marker in a comment: what it says of the rule (no verb means `impl`), the rule's id and
    the code-point offsets of the id in the comment."""

    relation: Relation
    target: str
    start: int
    end: int


class TraceyIds(IdMatcher):
    """The workspace's id matcher, in a workspace that uses tracey: comments also hold markers."""

    def __reduce__(self) -> tuple[type[TraceyIds], tuple[str, frozenset[str]]]:
        """Pickled as its settings, still a tracey matcher on the other side."""
        return TraceyIds, (self.pattern, self.reference_only)

    # FMT-103: markers in a comment, with their verb; one in backticks is quoted, not said.
    def markers(self, comment: str) -> Iterator[CodeMarker]:
        """The markers a comment holds, outside backticks."""
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), comment)
        for match in MARKER.finditer(masked):
            relation: Relation = match.group(2) or "impl"  # type: ignore[assignment]
            yield CodeMarker(relation, match.group(3), match.start(3), match.end(3))


@dataclass(frozen=True)
class _Directives:
    """What a file's ignore directives say: the lines they silence, whether there are any, and
    where an `@tracey:ignore-start` that nothing closes stands."""

    ignored: set[int]
    seen: bool
    unclosed: Span | None


def _directives(lines: list[str]) -> _Directives:
    ignored: set[int] = set()
    opened: Span | None = None
    seen = False
    for number, line in enumerate(lines):
        directive = _DIRECTIVE.search(line) if "@tracey:" in line else None
        if directive is None:
            continue
        seen = True
        if directive.group(1) == "next-line":
            ignored.add(number + 1)
        elif directive.group(1) == "start":
            opened = opened or Span(number, directive.start(), number, directive.end())
        elif opened is not None:
            ignored.update(range(opened.start_line, number + 1))
            opened = None
    if opened is not None:
        ignored.update(range(opened.start_line, len(lines)))
    return _Directives(ignored, seen, opened)


# FMT-108: tracey's ignore directives silence the markers they cover.
def ignored_lines(lines: list[str]) -> set[int] | None:
    """The lines whose markers `@tracey:ignore-next-line` or an `@tracey:ignore-start` …
    `@tracey:ignore-end` block silences (an unclosed block runs to the end of the file); None
    when the file has no directive."""
    found = _directives(lines)
    return found.ignored if found.seen else None


# FMT-111: an ignore block that is never closed is reported at its start (tracey's error).
def unclosed_ignore(lines: list[str]) -> tuple[Problem, ...]:
    """A problem at an `@tracey:ignore-start` that no `@tracey:ignore-end` closes."""
    start = _directives(lines).unclosed
    if start is None:
        return ()
    message = (
        "@tracey:ignore-start is never closed, so no marker after it counts: end the block"
        " with @tracey:ignore-end"
    )
    return (Problem(message, start),)
