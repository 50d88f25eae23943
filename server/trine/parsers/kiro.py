"""Kiro specs: `.kiro/specs/<name>/requirements.md`, `design.md` and `tasks.md`.

`### Requirement 7: Title` declares `<name>/7`; the items of its acceptance criteria list are
`<name>/7.1`, `<name>/7.2`, ... by position (Kiro writes no ids, and often numbers every item
`1.`). Numbers restart in every spec folder, so the folder is the clauses' scope. The design's
`**Validates: Requirements 1.2, 3.4**` and the tasks' `_Requirements: 7.1, 7.3_` name criteria of
their own folder: they are references, with targets qualified as the clauses are. A task that
names files (`_Implemented in: src/x.py:func()_`, `_Tests in: tests/test_x.py_`) links them to
the criteria its lines cite.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from trine.parsers.facts import Clause, Problem, Reference, SpecParse, Task
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import KEYWORDS, masked_text, trim_end
from trine.parsers.slug import github_slug
from trine.parsers.tasks import tasks_of
from trine.parsers.text import Span, normalize_newlines

FILES = ("requirements.md", "design.md", "tasks.md")
_PATH = re.compile(r"(?:^|/)\.kiro/specs/([^/]+)/(?:requirements|design|tasks)\.md$")
# What each file holds when it is Kiro's, wherever it lies.
_SHAPES = {
    "requirements.md": re.compile(r"^#{1,6}[ \t]+Requirement[ \t]+\d+\b", re.MULTILINE),
    "design.md": re.compile(r"Validates:?[ \t*_]*Requirements?[ \t]+\d"),
    "tasks.md": re.compile(r"_Requirements:[ \t]*\d"),
}
_REQUIREMENT = re.compile(r"^Requirement[ \t]+(\d+)\b[ \t]*[:.\-\u2013\u2014]?[ \t]*(.*)$")
_CRITERIA = re.compile(r"\bacceptance criteria\b", re.IGNORECASE)
_OPAQUE = {"fence", "code_block", "html_block", "front_matter"}

# FMT-24: `Validates: Requirements 1.2, 3.4`, `_Requirements: 7.1, 7.3_`, `Requirement 8`,
# `**Requirements:** Req 1 AC1, AC6`; one line each, numbers not followed by a unit or a word.
_NAME = r"(?:Requirements?|Reqs?\.?)"
_NUMBER = r"\d+(?:\.\d+)?(?![A-Za-z0-9%]|\.\d)"
_ITEM = rf"(?:{_NAME}[ \t]*)?{_NUMBER}(?:[ \t]*AC[ \t]*\d+\b)?|AC[ \t]*\d+\b"
_SEPARATOR = r"[ \t]*(?:,|;|&|\band\b)[ \t]*"
_CITATION = re.compile(
    rf"(?<![A-Za-z0-9])(?:Validates|{_NAME})(?![\w-])[ \t*_:]*(?:{_NAME}[ \t*_:]*)?"
    rf"(?P<items>(?:{_ITEM})(?:{_SEPARATOR}(?:{_ITEM}))*)"
)
_PART = re.compile(
    rf"(?:{_NAME}[ \t]*)?(?P<req>\d+)(?:\.(?P<crit>\d+))?(?:[ \t]*AC[ \t]*(?P<ac>\d+))?"
    r"|AC[ \t]*(?P<alone>\d+)"
)


def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark")
        .use(front_matter_plugin)
        .use(anchors_plugin, max_level=6, slug_func=github_slug)
    )


# FMT-20: the spec folder is the scope of a Kiro file's numbers.
def spec_name(path: str) -> str | None:
    """The Kiro spec a file belongs to: its folder under `.kiro/specs/`, else the folder it
    lies in (None at the workspace root, where no folder names it)."""
    if match := _PATH.search(path):
        return match.group(1)
    folder = posixpath.basename(posixpath.dirname(path))
    return folder or None


@dataclass
class _Requirement:
    """A requirement while its section is walked: its number, heading and criteria so far."""

    number: str
    level: int
    start: int
    body_start: int
    end: int
    title: str
    slug: str
    name_span: Span
    criteria_level: int | None = None
    in_criteria: bool = False
    items: list[tuple[int, int, int, int]] = field(default_factory=list)
    interrupted: bool = False


class _Walker:
    """Walks a requirements.md's top-level blocks once, collecting requirements, their
    criteria (as item line ranges) and the prose that interrupts a criteria list."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.done: list[_Requirement] = []
        self.problems: list[Problem] = []
        self.current: _Requirement | None = None
        self.pending_prose: tuple[int, int] | None = None

    def walk(self, tokens: list[MdToken]) -> None:
        list_ordered: list[bool] = []
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.level == 0 and token.map:
                self._heading(token, tokens[index + 1])
            elif token.type in ("ordered_list_open", "bullet_list_open"):
                list_ordered.append(token.type == "ordered_list_open")
            elif token.type in ("ordered_list_close", "bullet_list_close") and list_ordered:
                list_ordered.pop()
            elif token.type == "list_item_open" and token.level == 1 and token.map:
                self._item(token, list_ordered[-1] if list_ordered else False)
            elif token.level == 0 and token.map and _is_block(token):
                self._prose(token.map)
        self._close(len(self.lines))

    def _heading(self, token: MdToken, inline: MdToken) -> None:
        level = int(token.tag[1])
        start = token.map[0] if token.map else 0
        content = inline.content.strip()
        current = self.current
        if current is not None and level <= current.level:
            self._close(start)
            current = None
        match = _REQUIREMENT.match(content)
        if match is not None:
            line = self.lines[start]
            col = max(line.find(content[:20]), 0)
            self.current = _Requirement(
                number=match.group(1),
                level=level,
                start=start,
                body_start=token.map[1] if token.map else start + 1,
                end=len(self.lines),
                title=match.group(2).strip() or content,
                slug=str(token.attrGet("id") or ""),
                name_span=Span(start, col, start, max(col, len(line.rstrip()))),
            )
            self.pending_prose = None
            return
        if current is None:
            return
        if current.criteria_level is not None and level <= current.criteria_level:
            current.in_criteria = False
        if _CRITERIA.search(content) and current.criteria_level is None:
            current.criteria_level = level
            current.in_criteria = True
        self.pending_prose = None

    # FMT-22: a criterion is a top-level item of the criteria list, counted by position.
    def _item(self, token: MdToken, ordered: bool) -> None:
        current = self.current
        if current is None or token.map is None:
            return
        if current.criteria_level is not None:
            if not current.in_criteria:
                return
        elif not ordered:
            return
        if self.pending_prose is not None and current.items:
            self._interrupted(current, self.pending_prose)
        self.pending_prose = None
        start, end = token.map
        line = self.lines[start]
        marker = re.match(r"[ \t]*(?:>[ \t]*)*((?:\d+[.)])|[-*+])", line)
        col, end_col = marker.span(1) if marker else (0, 0)
        current.items.append((start, trim_end(self.lines, start, end), col, end_col))

    # FMT-23: prose between criteria is one problem; the criteria after it keep counting.
    def _interrupted(self, current: _Requirement, prose: tuple[int, int]) -> None:
        if current.interrupted:
            return
        current.interrupted = True
        line = prose[0]
        after = len(current.items) + 1
        self.problems.append(
            Problem(
                f"the acceptance criteria of Requirement {current.number} are interrupted by"
                f" prose, so the next item is read as criterion {current.number}.{after} (Kiro"
                " numbers criteria by position): move the prose out of the list",
                Span(line, 0, line, len(self.lines[line])),
            )
        )

    def _prose(self, span: list[int]) -> None:
        current = self.current
        if current is None or not current.items or self.pending_prose is not None:
            return
        if current.criteria_level is None or current.in_criteria:
            self.pending_prose = (span[0], span[1])

    def _close(self, end: int) -> None:
        if self.current is not None:
            self.current.end = trim_end(self.lines, self.current.start, end)
            self.done.append(self.current)
        self.current = None
        self.pending_prose = None


def _is_block(token: MdToken) -> bool:
    """Whether a top-level token opens a block of prose or code (not a list or heading)."""
    return token.nesting >= 0 and token.type in (
        "paragraph_open",
        "fence",
        "code_block",
        "html_block",
        "blockquote_open",
        "table_open",
    )


def _item_title(text: str, limit: int = 72) -> str:
    """A criterion's title: its first sentence, cut to a hover's width."""
    first = " ".join(text.split())
    sentence = first.split(". ", 1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _keywords(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(1) for m in KEYWORDS.finditer(text)))


# FMT-21: a requirement is a clause `<spec>/N`, its criteria `<spec>/N.M` its children.
def _clauses(
    path: str, scope: str, lines: list[str], masked: list[str], found: list[_Requirement]
) -> Iterator[Clause]:
    for requirement in found:
        req_id = f"{scope}/{requirement.number}"
        own_end = requirement.items[0][0] if requirement.items else requirement.end
        own = textwrap.dedent("\n".join(lines[requirement.body_start : own_end])).strip()
        last = max(requirement.end - 1, requirement.start)
        yield Clause(
            id=req_id,
            path=path,
            explicit=True,
            kind="heading",
            title=requirement.title,
            text=own,
            slug=requirement.slug,
            level=requirement.level,
            span=Span(requirement.start, 0, last, len(lines[last])),
            name_span=requirement.name_span,
            parent=None,
            keywords=_keywords(" ".join(masked[requirement.start : own_end])),
            symbol_hint=None,
            scope=scope,
        )
        for position, (start, end, col, end_col) in enumerate(requirement.items, 1):
            body = lines[start:end]
            first = body[0][end_col:].strip()
            text = "\n".join([first, textwrap.dedent("\n".join(body[1:]))]).strip()
            last = max(end - 1, start)
            yield Clause(
                id=f"{req_id}.{position}",
                path=path,
                explicit=True,
                kind="item",
                title=_item_title(text) or f"Requirement {requirement.number}.{position}",
                text=text,
                slug=None,
                level=requirement.level + 1,
                span=Span(start, 0, last, len(lines[last])),
                name_span=Span(start, col, start, max(end_col, col)),
                parent=req_id,
                keywords=_keywords(" ".join(masked[start:end])),
                symbol_hint=None,
                scope=scope,
            )


# FMT-24: citations by number name clauses of the file's own spec folder.
def citations(line: str, scope: str) -> Iterator[tuple[str, int, int]]:
    """The clauses a line of Kiro prose cites (`Validates: Requirements 1.2, 3.4`), as
    qualified ids with the columns of the number that names each."""
    for match in _CITATION.finditer(line):
        requirement: str | None = None
        base = match.start("items")
        for part in _PART.finditer(match.group("items")):
            if part.group("req") is not None:
                requirement = part.group("req")
                criterion = part.group("crit") or part.group("ac")
            else:
                criterion = part.group("alone")
            if requirement is None:
                continue
            local = f"{requirement}.{criterion}" if criterion else requirement
            yield f"{scope}/{local}", base + part.start(), base + part.end()


def _references(
    masked: list[str], scope: str, declared: set[int], ids: IdMatcher
) -> list[Reference]:
    found: list[Reference] = []
    for number, line in enumerate(masked):
        if number in declared:
            continue
        for target, start, end in citations(line, scope):
            found.append(Reference("id", target, Span(number, start, number, end), "text"))
        for match in ids.tokens(line):
            span = Span(number, match.start(), number, match.end())
            found.append(Reference("id", match.group(0), span, "text"))
    return sorted(found, key=lambda r: r.span)


class Kiro:
    """Kiro's spec folders: requirements with EARS acceptance criteria, a design whose
    properties validate criteria, and tasks that name the criteria they build."""

    name: str = "kiro"
    extensions: tuple[str, ...] = (".md",)
    spec_globs: tuple[str, ...] = tuple(f"**/.kiro/specs/*/{name}" for name in FILES)

    # FMT-20: by its path under `.kiro/specs/`, else by one of Kiro's names and shapes.
    def detect(self, path: str, text: str) -> bool:
        """A file of a `.kiro/specs/<name>/` folder, or a requirements, design or tasks file
        in a folder that is written as Kiro writes them."""
        if _PATH.search(path):
            return True
        shape = _SHAPES.get(posixpath.basename(path))
        return shape is not None and "/" in path and shape.search(text) is not None

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """Clauses (from requirements.md) and references (from all three files)."""
        return parse_kiro(text, path, ids)


def parse_kiro(text: str, path: str, ids: IdMatcher) -> SpecParse:
    """Parse one file of a Kiro spec folder into clauses, references and problems."""
    text = normalize_newlines(text).replace("\0", "\ufffd")
    lines = text.split("\n")
    tokens = _parser().parse(text)
    masked = masked_text(text, lines, tokens).split("\n")
    scope = spec_name(path) or posixpath.basename(path)
    clauses: list[Clause] = []
    problems: list[Problem] = []
    declared: set[int] = set()
    # FMT-21: only requirements declare; a design and a task list cite.
    if posixpath.basename(path) not in ("design.md", "tasks.md"):
        walker = _Walker(lines)
        walker.walk(tokens)
        clauses = list(_clauses(path, scope, lines, masked, walker.done))
        problems = walker.problems
        declared = {r.start for r in walker.done}
    references = _references(masked, scope, declared, ids)
    tasks = _tasks(lines, masked, tokens, scope) if posixpath.basename(path) == "tasks.md" else ()
    return SpecParse(tuple(clauses), tuple(references), tuple(problems), tasks)


# FMT-27: a task is for the criteria its own lines cite, child lines included.
def _tasks(
    lines: list[str], masked: list[str], tokens: list[MdToken], scope: str
) -> tuple[Task, ...]:
    """The tasks of a Kiro task list that name files, with the clauses each cites."""

    def targets(_line: str, number: int) -> list[str]:
        return [target for target, _, _ in citations(masked[number], scope)]

    return tasks_of(lines, tokens, targets)
