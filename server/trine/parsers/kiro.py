"""Kiro specs: `.kiro/specs/<name>/requirements.md`, `design.md` and `tasks.md`.

`### Requirement 7: Title` declares `<name>/7`; the items of its acceptance criteria list are
`<name>/7.1`, `<name>/7.2`, ... by position (Kiro writes no ids, and often numbers every item
`1.`). Numbers restart in every spec folder, so the folder is the clauses' scope. The design's
`**Validates: Requirements 1.2, 3.4**` and the tasks' `_Requirements: 7.1, 7.3_` name criteria of
their own folder: they are references, with targets qualified as the clauses are.

Code and tests cite in the same style (`Validates: Requirements 1.2` in a docstring, `Property 3`
under `Feature: <spec>`): `code_citations` reads them in any language's comment or docstring
text, qualified by the spec a `Feature:` line names; the graph finds the folder of the others.

A task that names files (`_Implemented in: src/x.py:func()_`, `_Tests in: tests/test_x.py_`)
links them to the criteria its lines cite.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from trine.parsers.facts import Clause, Problem, Property, Reference, SpecParse, Task
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import masked_text, normative_words, trim_end
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
# FMT-34: a range, `1.1-1.4` or `3-5`.
_TO = rf"(?:[ \t]*[-\u2013][ \t]*{_NUMBER})?"
_ITEM = rf"(?:{_NAME}[ \t]*)?{_NUMBER}{_TO}(?:[ \t]*AC[ \t]*\d+\b)?|AC[ \t]*\d+\b"
_SEPARATOR = r"[ \t]*(?:,[ \t]*(?:and\b)?|;|&|\band\b)[ \t]*"
_CITATION = re.compile(
    rf"(?<![A-Za-z0-9])(?:Validates|{_NAME})(?![\w-])[ \t*_:]*(?:{_NAME}[ \t*_:]*)?"
    rf"(?P<items>(?:{_ITEM})(?:{_SEPARATOR}(?:{_ITEM}))*)"
)
# FMT-30: in code and tests the word is required: `Validates: Requirements 10.1, 10.2`,
# `Requirements: 7.1`, `Requirement 17.1`, `_Requirements: 1.2_`; `Req 2` or a bare
# `Validates 3` is ordinary prose there.
_CODE_CITATION = re.compile(
    rf"(?<![A-Za-z0-9])(?:Validates[ \t*_:]*)?Requirements?(?![\w-])[ \t*_:]*"
    rf"(?P<items>{_NUMBER}{_TO}(?:{_SEPARATOR}(?:{_ITEM}))*)"
)
# FMT-33: `Property 17` names a design property (not `Property 17.1`, `Property-Based`).
_PROPERTY = re.compile(r"(?<![\w-])Property[ \t]+(\d+)(?![\w-]|\.\d)")
# A design's property: `### Property 17: Title`, `**Property 17: Title**`, `Property 17. Title`.
_PROPERTY_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+)?[*_]{0,2}Property[ \t]+(\d+)[ \t]*[:.](?!\d)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]")
# CL-12, FMT-31: Kiro's convention: a test's docstring names the spec it checks, `Feature: <spec>`.
FEATURE = re.compile(r"\bFeature:\s*([\w-]+(?:\.[\w-]+)*)")
_PART = re.compile(
    rf"(?:{_NAME}[ \t]*)?(?P<req>\d+)(?:\.(?P<crit>\d+))?"
    r"(?:[ \t]*[-\u2013][ \t]*(?:(?P<to_req>\d+)\.)?(?P<to>\d+))?"
    r"(?:[ \t]*AC[ \t]*(?P<ac>\d+))?|AC[ \t]*(?P<alone>\d+)"
)
_LONGEST_RANGE = 50


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
            keywords=normative_words(" ".join(masked[requirement.start : own_end])),
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
                keywords=normative_words(" ".join(masked[start:end])),
                symbol_hint=None,
                scope=scope,
            )


# FMT-24: citations by number name clauses of the file's own spec folder.
def citations(line: str, scope: str) -> Iterator[tuple[str, int, int]]:
    """The clauses a line of Kiro prose cites (`Validates: Requirements 1.2, 3.4`), as
    qualified ids with the columns of the number that names each."""
    for match in _CITATION.finditer(line):
        for local, start, end in _numbers(match):
            yield f"{scope}/{local}", start, end


def _numbers(match: re.Match[str]) -> Iterator[tuple[str, int, int]]:
    """The numbers one citation names (`7.3`, `8`), with their offsets."""
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
        for local in _expanded(requirement, criterion, part.group("to_req"), part.group("to")):
            yield local, base + part.start(), base + part.end()


# FMT-34: a range within one requirement names each number in it; a longer or crossing one,
# its two ends.
def _expanded(req: str, crit: str | None, to_req: str | None, to: str | None) -> list[str]:
    """The numbers `7.1-7.3` (or `7.1-3`, or `3-5`) names."""
    first = f"{req}.{crit}" if crit else req
    if to is None:
        return [first]
    low = int(crit) if crit else int(req)
    high = int(to)
    within = to_req is None or (crit is not None and to_req == req)
    if not within or not low < high <= low + _LONGEST_RANGE:
        return [first, f"{to_req}.{to}" if to_req else to]
    return [f"{req}.{n}" if crit else str(n) for n in range(low, high + 1)]


@dataclass(frozen=True)
class Citation:
    """A Kiro-style citation in a comment or docstring: `7.3` or `Property 17`, qualified
    `<spec>/7.3` when the same text names its spec (`Feature: <spec>`), with its offsets."""

    target: str
    start: int
    end: int


# FMT-30, FMT-31, FMT-33: any language's comment or docstring text. The `Feature:` before a
# citation in the same text (else the first one after it, else the one its comment block names)
# names its spec folder; a `Property N` counts only where a spec is named so.
def code_citations(text: str, feature: str | None = None) -> Iterator[Citation]:
    """The Kiro-style citations a comment or docstring holds, in order; `feature` is the spec
    the lines around a comment name."""
    if "Requirement" not in text and "Property" not in text:
        return
    found = [n for match in _CODE_CITATION.finditer(text) for n in _numbers(match)]
    found += [(f"Property {m.group(1)}", m.start(), m.end()) for m in _PROPERTY.finditer(text)]
    features = [(m.start(), m.group(1)) for m in FEATURE.finditer(text)]
    starts = [at for at, _ in features]
    for local, start, end in sorted(found, key=lambda n: n[1]):
        before = bisect_left(starts, start)
        spec = features[max(before - 1, 0)][1] if features else feature
        if spec is not None:
            yield Citation(f"{spec}/{local}", start, end)
        elif not local.startswith("Property"):
            yield Citation(local, start, end)


# FMT-33: what a design's correctness properties validate.
def design_properties(masked: list[str], scope: str) -> Iterator[Property]:
    """Each `### Property N: Title` (or `**Property N: …**`) of a design, with the clauses the
    `Validates:` lines of its section cite (up to the next property or heading); a number
    written twice is one property, validating what both sections cite."""
    found: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    for number, line in enumerate(masked):
        heading = _PROPERTY_LINE.match(line)
        if heading is not None:
            current = found.setdefault(heading.group(1), (number, []))[1]
        elif _HEADING.match(line):
            current = None
        elif current is not None:
            current.extend(target for target, _, _ in citations(line, scope))
    for local, (at, cited) in found.items():
        span = Span(at, 0, at, len(masked[at]))
        yield Property(f"{scope}/Property {local}", span, tuple(dict.fromkeys(cited)))


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
    properties: tuple[Property, ...] = ()
    if posixpath.basename(path) == "design.md":
        properties = tuple(design_properties(masked, scope))
    tasks = _tasks(lines, masked, tokens, scope) if posixpath.basename(path) == "tasks.md" else ()
    return SpecParse(
        tuple(clauses), tuple(references), tuple(problems), properties=properties, tasks=tasks
    )


# FMT-27: a task is for the criteria its own lines cite, child lines included.
def _tasks(
    lines: list[str], masked: list[str], tokens: list[MdToken], scope: str
) -> tuple[Task, ...]:
    """The tasks of a Kiro task list that name files, with the clauses each cites."""

    def targets(_line: str, number: int) -> list[str]:
        return [target for target, _, _ in citations(masked[number], scope)]

    return tasks_of(lines, tokens, targets)
