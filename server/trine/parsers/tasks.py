"""Task lists (spec-kit's and Kiro's `tasks.md`): checkbox items and the files they name.

A task is a list item that opens with a checkbox (`- [ ] T012 …`, `- [x] 2.1 …`). Its own lines
run to the end of the item, less the lines of the tasks nested in it (Kiro's `- [x] 1.1` under
`- [x] 1.`), so that a `_Requirements: 7.1_` child line belongs to the task above it. The
formats decide which clauses a task is for; this module finds the tasks and the file paths
their lines name (`src/models/x.py`, `` `backend/app/main.py` ``, `path:func()`), and the
files a structured requirement's fields list (`implementation: src/x.py; src/y.py`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it.token import Token as MdToken

from trine.parsers.facts import Relation, Task, TaskFile
from trine.parsers.text import Span

_CHECKBOX = re.compile(r"[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])[ \t]+\[([ xX])\][ \t]*")
_LABEL = re.compile(r"(?:T\d+|\d+(?:\.\d+)*)(?=[.:)\s]|$)")
# A run of the characters a path (with `:func()` or `::test` after it) is written with; linear.
_TOKEN = re.compile(r"[A-Za-z0-9_.@/+:~-]+(?:\(\))?", re.ASCII)
_ITEM = re.compile(r"[^;,]+")
_CODE_SPAN = re.compile(r"`([^`\s]+)`")
_EXTENSION = re.compile(r"[A-Za-z][A-Za-z0-9]{0,9}", re.ASCII)
_FUNCTION = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", re.ASCII)
# FMT-28: what a Kiro task's labelled line says of the files it names.
_RELATIONS: tuple[tuple[re.Pattern[str], Relation], ...] = (
    (re.compile(r"(?<![A-Za-z])Implemented in:", re.IGNORECASE), "impl"),
    (re.compile(r"(?<![A-Za-z])Tests? in:", re.IGNORECASE), "verify"),
)
_OPAQUE = {"fence", "code_block", "html_block", "front_matter"}
# FMT-128: `README`, `CHANGELOG.md`: a project document, however written, in capitals.
_DOCUMENT = re.compile(
    r"(?<![\w./-])(?:README|CHANGELOG|CONTRIBUTING)(?:\.[A-Za-z]{1,8})?(?![\w/-])", re.ASCII
)


@dataclass(frozen=True)
class TaskItem:
    """A checkbox item: whether it is checked, its label, its first line and its own lines."""

    done: bool
    label: str
    start: int
    lines: tuple[int, ...]


def task_items(lines: list[str], tokens: list[MdToken]) -> list[TaskItem]:
    """The checkbox items of a task list, in order, each with its own lines (nested tasks and
    code blocks left out)."""
    opaque = {n for t in tokens if t.type in _OPAQUE and t.map for n in range(*t.map)}
    spans: list[tuple[int, int, re.Match[str]]] = []
    for token in tokens:
        if token.type != "list_item_open" or not token.map:
            continue
        start, end = token.map
        box = _CHECKBOX.match(lines[start]) if start < len(lines) else None
        if box is not None and start not in opaque:
            spans.append((start, min(end, len(lines)), box))
    items = []
    for index, (start, end, box) in enumerate(spans):
        nested: set[int] = set()
        after = index + 1
        while after < len(spans) and spans[after][0] < end:
            child_end = spans[after][1]
            nested.update(range(spans[after][0], child_end))
            while after < len(spans) and spans[after][0] < child_end:
                after += 1  # the child's own nested tasks lie inside it
        own = tuple(n for n in range(start, end) if n not in nested and n not in opaque)
        label = _LABEL.match(lines[start], box.end())
        items.append(TaskItem(box.group(1) != " ", label.group(0) if label else "", start, own))
    return items


# FMT-9: a path with a folder (`src/models/x.py`), or any file name in a code span.
def task_files(line: str, number: int) -> Iterator[TaskFile]:
    """The files a line of a task names, with what a Kiro label says of them."""
    relation = next((r for pattern, r in _RELATIONS if pattern.search(line)), None)
    quoted = {m.start(1): m.end(1) for m in _CODE_SPAN.finditer(line)}
    # FMT-128: the project's documents are named by their name alone.
    for match in _DOCUMENT.finditer(line):
        span = Span(number, match.start(), number, match.end())
        yield TaskFile(match.group(0), span, None, relation)
    for match in _TOKEN.finditer(line):
        start = match.start()
        if start > 0 and line[start - 1] in "/\\":
            continue  # the tail of a URL or of a path written with backslashes
        found = _file(match.group(0), quoted.get(start) == match.end())
        if found is None:
            continue
        path, length, function = found
        span = Span(number, start, number, start + length)
        yield TaskFile(path, span, function, relation)


# FMT-92: a field's value lists paths: an item that is one path names it, folder or not.
def field_files(
    line: str, number: int, start: int, end: int, relation: Relation | None
) -> Iterator[TaskFile]:
    """The files one line of a requirement field's value names (between columns `start` and
    `end`): each item of a list separated by `;` or `,` that is a single path (`x.py`,
    `tests/test_x.py::test_y`), and any path with a folder in an item with other words."""
    for item in _ITEM.finditer(line, start, end):
        tokens = list(_TOKEN.finditer(line, item.start(), item.end()))
        for match in tokens:
            if match.start() > 0 and line[match.start() - 1] in "/\\":
                continue
            found = _file(match.group(0), len(tokens) == 1)
            if found is not None:
                path, length, function = found
                span = Span(number, match.start(), number, match.start() + length)
                yield TaskFile(path, span, function, relation)


def _file(token: str, quoted: bool) -> tuple[str, int, str | None] | None:
    """The path a token names, the length of its written path, and the function after it."""
    if "://" in token:
        return None
    written, function = token, None
    if "::" in token:
        # A pytest node id: `path::test_x`, or `path::TestClass::test_x` (`TestClass.test_x`).
        written, _, tail = token.partition("::")
        function = tail.removesuffix("()").replace("::", ".") or None
    elif ":" in token:
        written, _, tail = token.partition(":")
        function = tail.removesuffix("()") or None
    written = written.rstrip(".,;_*")
    if function is not None and not _FUNCTION.fullmatch(function):
        function = None
    name = posixpath.basename(written)
    stem, dot, extension = name.rpartition(".")
    if not (stem and dot and _EXTENSION.fullmatch(extension)):
        return None
    if "/" not in written and not quoted:
        return None
    path = posixpath.normpath(written)
    if path.startswith(("../", "/")) or path == "..":
        return None
    return path, len(written), function


def tasks_of(
    lines: list[str],
    tokens: list[MdToken],
    targets: Callable[[str, int], list[str]],
) -> tuple[Task, ...]:
    """Every task of a task list, each with the files it names (each once, where first named)
    and the clauses `targets` finds on its own lines (given a line and its number)."""
    found = []
    for item in task_items(lines, tokens):
        named: dict[tuple[str, str | None, str | None], TaskFile] = {}
        for number in item.lines:
            for file in task_files(lines[number], number):
                named.setdefault((file.path, file.function, file.relation), file)
        files = tuple(named.values())
        wanted = tuple(dict.fromkeys(t for n in item.lines for t in targets(lines[n], n)))
        line = lines[item.start]
        span = Span(item.start, 0, item.start, len(line.rstrip()))
        found.append(Task(item.label, item.done, wanted, files, span, text=_words(lines, item)))
    return tuple(found)


# FMT-125: what a task says it does is its words, not the folders of the paths it names.
def _words(lines: list[str], item: TaskItem) -> str:
    """A task's own lines, the paths they name left out."""
    kept = []
    for number in item.lines:
        line = lines[number]
        for file in reversed(list(task_files(line, number))):
            line = line[: file.span.start_col] + line[file.span.end_col :]
        kept.append(line.strip())
    return " ".join(kept)
