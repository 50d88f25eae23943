"""spec-kit feature folders (`specs/NNN-name/spec.md`): requirements, stories and scenarios.

A feature's `spec.md` declares `- **FR-001**: …` requirements (also `SC-`, `NFR-`, letter
suffixes such as `FR-002a`), `### User Story N - Title (Priority: P1)` stories (`US<N>`) whose
numbered Given/When/Then acceptance scenarios are `US<N>.<k>`, and `### Edge Cases` items
(`EC<k>`). Ids restart in every feature, so each clause is scoped by its feature folder and
declared as `<folder>/<local id>`. The folder's other files (plan, tasks, research, data model,
quickstart, contracts, checklists, notes) declare no requirements: their headings are sections
and the ids they mention references. `[NEEDS CLARIFICATION: …]` markers are returned as
`needs-clarification` problems. A feature's `tasks.md` lines that name files are tasks: link
evidence between the clauses they name and those files.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from trine.parsers.facts import Clause, ClauseKind, Need, Problem, Reference, SpecParse, Task
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import normative_words, parse_spec, trim_end
from trine.parsers.slug import github_slug
from trine.parsers.tasks import tasks_of
from trine.parsers.text import Span, normalize_newlines

# A feature folder: `001-name`, `20260412-103000-name` (timestamp), inside `specs/`, also one
# level down in an archive folder (`specs/_archive_/005-name/`).
_FEATURE = re.compile(r"(?:^|/)specs/(?:_[^/]*/)?((?:\d{8}-\d{6}|\d{3,})-[^/]+)/(.+)$")
_TITLE = re.compile(r"^# Feature Specification\b", re.MULTILINE)
_SHAPE = re.compile(
    r"^(?:[ \t]*[-*] \*\*[A-Z]+-\d{3}[a-z]?\*\*|### User Story\b|## User Scenarios)", re.MULTILINE
)
# `- **FR-001**: …`, `- **SC-002a**: …`, `- **NFR-003**: …` (a Key Entity is `- **Name**: …`).
_REQUIREMENT = re.compile(r"^\*\*([A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+[a-z]?)\*\*:?\s*")
# FMT-3: also the Chinese template's `用户故事 1 — Title`.
_STORY = re.compile(r"^(?:User Story|用户故事)\s*(\d+)(?!\d)")
_SCENARIO = re.compile(r"\*\*Given\*\*", re.IGNORECASE)
# FMT-6: a marker is `[NEEDS CLARIFICATION: question]`, never the checklist's bare mention.
_MARKER = re.compile(r"\[NEEDS CLARIFICATION:\s*([^\]\n]*)\]")
_OPAQUE = {"fence", "code_block", "html_block", "front_matter"}
# FMT-10: a task's story label, `[US1]`, also `[US1/2]` or `[US1, US2]` for a task of two.
_STORIES = re.compile(r"\[(US\d+(?:[ \t]*[/,][ \t]*(?:US)?\d+)*)\]")
# FMT-127: a scenario a task names by its id, `US1.2` (also as its label, `[US1.2]`).
_SCENARIO_ID = re.compile(r"(?<![\w.])US\d+\.\d+(?![\w]|\.\d)")
TEST: frozenset[Need] = frozenset({"test"})
CODE_AND_TEST: frozenset[Need] = frozenset({"code", "test"})


def feature_of(path: str) -> tuple[str, str] | None:
    """The feature folder of a spec-kit file and the file's path inside it, if it is in one."""
    match = _FEATURE.search(path)
    return (match.group(1), match.group(2)) if match else None


class SpecKit:
    """spec-kit features: `specs/NNN-name/spec.md` and the files next to it."""

    name: str = "spec-kit"
    extensions: tuple[str, ...] = (".md",)
    spec_globs: tuple[str, ...] = ("specs/**",)

    # FMT-1: by path and text, not by `.specify/` (missing in most real repositories).
    def detect(self, path: str, text: str) -> bool:
        """A feature folder's `spec.md` in spec-kit's shape, or any other file of a feature
        folder (plan, tasks, research, contracts, checklists, and notes such as `REVIEW.md`)."""
        found = feature_of(path)
        if found is None:
            return False
        return found[1] != "spec.md" or bool(_TITLE.search(text) or _SHAPE.search(text))

    # FMT-8: the feature's other files declare nothing and keep their references.
    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """Clauses of a `spec.md`; only references (and markers) of the feature's other files."""
        found = feature_of(path)
        markdown = parse_spec(text, path, ids)
        text = normalize_newlines(text).replace("\0", "\ufffd")
        lines = text.split("\n")
        tokens = _markdown().parse(text)
        problems = markdown.problems + markers(lines, tokens)
        if found is None or found[1] != "spec.md":
            # An id a heading or item of a plan or task list opens with names the spec's clause.
            named = tuple(
                Reference("id", c.id, c.id_span, "text")
                for c in markdown.clauses
                if c.explicit and c.id_span is not None
            )
            references = tuple(sorted(markdown.references + named, key=lambda r: r.span))
            tasks = _tasks(lines, tokens, ids) if found and found[1] == "tasks.md" else ()
            return SpecParse(_sections(markdown.clauses, found), references, problems, tasks=tasks)
        reader = _Reader(lines, path, found[0])
        reader.walk(tokens)
        clauses = reader.finish()
        declared = {(c.id_span.start_line, c.id_span.start_col) for c in clauses if c.id_span}
        kept = [
            r for r in markdown.references if (r.span.start_line, r.span.start_col) not in declared
        ]
        references = tuple(sorted(kept + reader.restated, key=lambda r: r.span))
        return SpecParse(tuple(clauses), references, problems)


# FMT-9, FMT-10, FMT-127: a task names the stories of its label, the scenarios and the ids on
# its lines.
def _tasks(lines: list[str], tokens: list[MdToken], ids: IdMatcher) -> tuple[Task, ...]:
    """The tasks of a feature's `tasks.md` that name files, with the clauses each is for."""

    def targets(line: str, _number: int) -> list[str]:
        found = [
            f"US{number}"
            for label in _STORIES.findall(line)
            for number in re.findall(r"\d+", label)
        ]
        scenarios = [m.group(0) for m in _SCENARIO_ID.finditer(line)]
        return found + scenarios + [m.group(0) for m in ids.tokens(line)]

    return tasks_of(lines, tokens, targets)


def _sections(clauses: tuple[Clause, ...], found: tuple[str, str] | None) -> tuple[Clause, ...]:
    """The headings of a feature's other file as sections that need nothing (so that links to
    them resolve), an id a heading opens with left to the feature's spec.md."""
    scope = found[0] if found else None
    headings = [c for c in clauses if c.kind == "heading"]
    # Each heading its own anchor: two `### T-221` headings are two sections, `#t-221`, `#t-221-1`.
    own = [f"{c.path}#{c.slug}" if c.explicit else c.id for c in headings]
    renamed: dict[str, str] = {}
    for c, new in zip(headings, own, strict=True):
        renamed.setdefault(c.id, new)
    return tuple(
        replace(
            c,
            id=new,
            explicit=False,
            id_span=None,
            parent=renamed.get(c.parent) if c.parent else None,
            scope=scope,
            needs=frozenset(),
        )
        for c, new in zip(headings, own, strict=True)
    )


@dataclass
class _Open:
    """A heading still open while the tokens are walked."""

    index: int
    level: int


class _Reader:
    """Walks a spec.md's tokens once, building its clauses in document order."""

    def __init__(self, lines: list[str], path: str, scope: str) -> None:
        self.lines = lines
        self.path = path
        self.scope = scope
        self.clauses: list[Clause] = []
        self.ends: list[int] = []
        self.declared: set[str] = set()
        self.restated: list[Reference] = []
        self.headings: list[_Open] = []
        self.story: str | None = None
        self.section = ""
        self.edge_cases = 0
        self.scenarios = 0
        self.depth = 0

    def walk(self, tokens: list[MdToken]) -> None:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.map:
                self._heading(token, tokens[index + 1])
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                self.depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                self.depth -= 1
            elif token.type == "list_item_open" and token.map:
                inline = next(
                    (t for t in tokens[index + 1 : index + 3] if t.type == "inline"), None
                )
                if inline is not None:
                    self._item(token, inline)
            elif token.type == "paragraph_open" and token.map and self.depth == 0:
                self._requirement(token, tokens[index + 1], "paragraph")

    # FMT-3: headings are sections; a user story heading is the story `US<N>`.
    def _heading(self, token: MdToken, inline: MdToken) -> None:
        level = int(token.tag[1])
        start = token.map[0] if token.map else 0
        while self.headings and self.headings[-1].level >= level:
            self._close(self.headings.pop().index, start)
        title = inline.content.strip()
        story = _STORY.match(title)
        self.section = title.lower()
        self.story = f"US{story.group(1)}" if story else None
        self.scenarios = 0
        self.edge_cases = 0
        slug = str(token.attrGet("id") or "")
        local = self.story
        clause_id = f"{self.scope}/{local}" if local else f"{self.path}#{slug}"
        line = self.lines[start]
        col = max(line.find(title[:20]), 0) if title else 0
        parent = self._parent()
        self.headings.append(_Open(len(self.clauses), level))
        self._add(
            Clause(
                id=clause_id,
                path=self.path,
                explicit=local is not None,
                kind="heading",
                title=title,
                text="",
                slug=slug,
                level=level,
                span=Span(start, 0, start, len(line)),
                name_span=Span(start, col, start, max(col, len(line.rstrip()))),
                parent=parent,
                keywords=(),
                symbol_hint=None,
                id_span=None,
                scope=self.scope,
                needs=frozenset(),
            ),
            len(self.lines),
        )

    def _requirement(self, token: MdToken, inline: MdToken, kind: ClauseKind) -> bool:
        """Declare the requirement a list item or paragraph opens with; say if it did."""
        match = _REQUIREMENT.match(inline.content)
        if match is None or not token.map:
            return False
        local = match.group(1)
        if local in self.declared:
            # FMT-2: a later bullet with a declared id restates it (a verification section).
            line = token.map[0]
            col = max(self.lines[line].find(local), 0)
            span = Span(line, col, line, min(col + len(local), len(self.lines[line])))
            self.restated.append(Reference("id", local, span, "text"))
            return True
        self.declared.add(local)
        # FMT-7: a success criterion is a measurable outcome: a test shows it, not code.
        needs: frozenset[Need] = TEST if local.startswith("SC-") else CODE_AND_TEST
        body = inline.content[match.end() :]
        self._declare(local, needs, (token.map[0], token.map[1]), body, local, kind)
        return True

    def _item(self, token: MdToken, inline: MdToken) -> None:
        start, end = token.map or (0, 0)
        content = inline.content
        if self._requirement(token, inline, "item") or self.depth > 1:
            return
        if self.story and token.info and _SCENARIO.search(content):
            # FMT-4: the k-th numbered Given/When/Then item of story N is `US<N>.<k>`.
            self.scenarios += 1
            self._declare(f"{self.story}.{self.scenarios}", TEST, (start, end), content, None)
        elif self.section.startswith("edge case"):
            # FMT-5: each item of `### Edge Cases` (or `Edge Case …`) is `EC<k>`, in order.
            self.edge_cases += 1
            self._declare(f"EC{self.edge_cases}", TEST, (start, end), content, None)

    # FMT-2: requirements are `**FR-001**`-style bullets or paragraphs, scoped by the folder.
    def _declare(
        self,
        local: str,
        needs: frozenset[Need],
        lines: tuple[int, int],
        body: str,
        written: str | None,
        kind: ClauseKind = "item",
    ) -> None:
        start = lines[0]
        end = trim_end(self.lines, start, min(lines[1], len(self.lines)))
        line = self.lines[start]
        col = line.find(written) if written else -1
        name_col = col if col >= 0 else len(line) - len(line.lstrip())
        name_end = name_col + len(written) if col >= 0 and written else len(line.rstrip())
        text = textwrap.dedent(body).strip()
        last = end - 1
        self._add(
            Clause(
                id=f"{self.scope}/{local}",
                path=self.path,
                explicit=True,
                kind=kind,
                title=_title(text) or local,
                text=text,
                slug=None,
                level=(self.clauses[self.headings[-1].index].level + 1) if self.headings else 1,
                span=Span(start, 0, last, len(self.lines[last])),
                name_span=Span(start, name_col, start, max(name_col, name_end)),
                parent=self._parent(),
                keywords=normative_words(text),
                symbol_hint=None,
                id_span=Span(start, col, start, col + len(written))
                if col >= 0 and written
                else None,
                scope=self.scope,
                needs=needs,
            ),
            end,
        )

    def _parent(self) -> str | None:
        if not self.headings:
            return None
        return self.clauses[self.headings[-1].index].id

    def _add(self, clause: Clause, end: int) -> None:
        self.clauses.append(clause)
        self.ends.append(end)

    def _close(self, index: int, end: int) -> None:
        self.ends[index] = trim_end(self.lines, self.clauses[index].span.start_line, end)

    def finish(self) -> list[Clause]:
        """The clauses with their final spans, and each heading's own text up to its first child."""
        while self.headings:
            self._close(self.headings.pop().index, len(self.lines))
        firsts: dict[str, int] = {}
        for clause in self.clauses:
            if clause.parent is not None:
                firsts.setdefault(clause.parent, clause.span.start_line)
        finished = []
        for clause, end in zip(self.clauses, self.ends, strict=True):
            if clause.kind != "heading":
                finished.append(clause)
                continue
            start = clause.span.start_line
            last = max(end - 1, start)
            own_end = min(firsts.get(clause.id, end), end)
            own = textwrap.dedent("\n".join(self.lines[start + 1 : own_end])).strip()
            span = Span(start, 0, last, len(self.lines[last]))
            finished.append(replace(clause, text=own, span=span))
        return finished


def _title(text: str, limit: int = 72) -> str:
    """A clause's title: a lead-in before a colon, else its first sentence, without emphasis."""
    first = text.split("\n", 1)[0].replace("**", "").strip()
    lead, colon, _ = first.partition(": ")
    if colon and len(lead) <= 60:
        return lead
    sentence = first.split(". ", 1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark")
        .use(front_matter_plugin)
        .use(anchors_plugin, max_level=6, slug_func=github_slug)
    )


def markers(lines: list[str], tokens: list[MdToken]) -> tuple[Problem, ...]:
    """`[NEEDS CLARIFICATION: …]` markers outside code and struck-out text, as problems."""
    opaque = {line for t in tokens if t.type in _OPAQUE and t.map for line in range(*t.map)}
    found = []
    for number, line in enumerate(lines):
        if number in opaque or "NEEDS CLARIFICATION" not in line:
            continue
        for match in _MARKER.finditer(line):
            before = line[: match.start()]
            # Inside a code span or `~~struck~~` text when an odd number of them opened before.
            if before.count("`") % 2 or before.count("~~") % 2:
                continue
            question = match.group(1).strip() or "an open question"
            found.append(
                Problem(
                    f"needs clarification: {question}",
                    Span(number, match.start(), number, match.end()),
                    rule="needs-clarification",
                )
            )
    return tuple(found)


SPEC_KIT = SpecKit()
