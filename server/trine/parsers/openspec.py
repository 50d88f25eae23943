"""OpenSpec specs: `### Requirement:` headings with `#### Scenario:` children, and change proposals.

The current spec of a capability is `openspec/specs/<capability>/spec.md`; proposed changes are
`openspec/changes/<change>/specs/<capability>/spec.md` (archived ones under `changes/archive/`).
The file is read as Markdown; this module decides which headings are requirements and scenarios,
what their ids are and what each needs. See docs/formats/openspec.md.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trine.parsers.facts import Clause, Reference, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import parse_spec
from trine.parsers.slug import github_slug
from trine.parsers.text import Span, normalize_newlines

_CURRENT = re.compile(r"(?:^|/)openspec/specs/(.+)/spec\.md$")
_PROPOSED = re.compile(r"(?:^|/)openspec/changes/(.+?)/specs/(.+)/spec\.md$")
_REQUIREMENT = re.compile(r"^\s*requirement\s*:\s*", re.IGNORECASE)
_SCENARIO = re.compile(r"^\s*scenario\s*:\s*", re.IGNORECASE)
_DELTA = re.compile(r"^\s*(added|modified|removed|renamed)\s+requirements\s*$", re.IGNORECASE)
_MARKERS = re.compile(
    r"^#{2,4}[ \t]+(?:requirement[ \t]*:|(?:added|modified|removed|renamed)[ \t]+requirements)",
    re.IGNORECASE | re.MULTILINE,
)
_NO_IDS = IdMatcher(r"[^\s\S]")  # matches nothing: every clause is a heading
_SEPARATOR = " \t-\u2013\u2014:"  # between an id opening a title and its words (en, em dash)


def capability_of(path: str) -> tuple[str, str | None] | None:
    """The capability a spec file describes and the change proposing it (None for the current
    spec), or None when the path is not where OpenSpec keeps specs."""
    if match := _PROPOSED.search(path):
        return match.group(2), match.group(1)
    if match := _CURRENT.search(path):
        return match.group(1), None
    return None


class OpenSpec:
    """OpenSpec's capability specs and change proposals (a dialect of Markdown)."""

    name: str = "openspec"
    extensions: tuple[str, ...] = (".md",)
    spec_globs: tuple[str, ...] = ("openspec/specs/**/spec.md", "openspec/changes/**/spec.md")

    # FMT-40: by path and text; a flat `openspec/specs/x.md` is not OpenSpec's shape.
    def detect(self, path: str, text: str) -> bool:
        """A `spec.md` where OpenSpec keeps specs with a requirement heading or a delta section."""
        return capability_of(path) is not None and _MARKERS.search(text) is not None

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """The file read as Markdown, its requirements and scenarios named and weighed."""
        place = capability_of(path)
        if place is None:
            return parse_spec(text, path, ids)
        capability, change = place
        # FMT-49: read once for the headings alone (so that no id in the prose declares a
        # clause or cuts a requirement's text short), once for the ids the prose mentions.
        headings = parse_spec(text, path, _NO_IDS).clauses
        if change is not None:
            clauses = _proposed(headings, change)
        else:
            lines = normalize_newlines(text).replace("\0", "\ufffd").split("\n")
            clauses = _current(headings, capability, lines, ids)
        prose = parse_spec(text, path, ids)
        return SpecParse(clauses, _mentions(prose, _title_ids(headings, ids)), prose.problems)


def _mentions(prose: SpecParse, titled: set[tuple[int, str]]) -> tuple[Reference, ...]:
    """Every id the prose names, those Markdown would declare included, but the ids that open
    requirement titles (they name the requirement itself)."""
    declared = [
        Reference("id", c.id, c.id_span, "text") for c in prose.clauses if c.id_span is not None
    ]
    return tuple(
        sorted(
            (
                r
                for r in (*prose.references, *declared)
                if (r.span.start_line, r.target) not in titled
            ),
            key=lambda r: r.span,
        )
    )


# FMT-44, FMT-46: an id opening a requirement's title declares it (or proposes it): no reference.
def _title_ids(clauses: tuple[Clause, ...], ids: IdMatcher) -> set[tuple[int, str]]:
    """The ids that open requirement titles, with the line of their heading."""
    found = set()
    for clause in clauses:
        if clause.level == 3 and _REQUIREMENT.match(clause.title):
            declared = ids.declaration(_REQUIREMENT.sub("", clause.title, count=1).strip())
            if declared:
                found.add((clause.name_span.start_line, declared.id))
    return found


# FMT-41, FMT-42, FMT-43: requirements need code, scenarios a test, other headings nothing.
def _current(
    clauses: tuple[Clause, ...], capability: str, lines: list[str], ids: IdMatcher
) -> tuple[Clause, ...]:
    """The headings of a capability's current spec, requirements and scenarios with their ids
    (a scenario is any level-4 heading of a requirement, as OpenSpec has it)."""
    renamed: dict[str, str] = {}
    found: list[Clause] = []
    requirement: Clause | None = None
    for heading in clauses:
        if heading.level <= 3:
            requirement = None
        if heading.level == 3 and _REQUIREMENT.match(heading.title):
            new = requirement = _requirement(heading, capability, lines, ids)
        elif requirement is not None and heading.level == 4:
            new = _scenario(heading, requirement)
        else:
            new = replace(heading, needs=frozenset())
        renamed[heading.id] = new.id
        found.append(replace(new, parent=renamed.get(heading.parent or "")))
    return tuple(found)


# FMT-44: `<capability>/<requirement-slug>`, or `<capability>/<id>` for an id opening the title.
def _requirement(heading: Clause, capability: str, lines: list[str], ids: IdMatcher) -> Clause:
    title = _REQUIREMENT.sub("", heading.title, count=1).strip()
    declared = ids.declaration(title)
    local = declared.id if declared else _slug(title)
    if declared:
        title = title[declared.end :].lstrip(_SEPARATOR) or declared.id
    return replace(
        heading,
        id=f"{capability}/{local}",
        explicit=True,
        title=title,
        scope=capability,
        needs=frozenset({"code"}),
        id_span=_id_span(heading, lines, local) if declared else None,
    )


# FMT-45: a scenario's id extends its requirement's with the scenario's slug.
def _scenario(heading: Clause, requirement: Clause) -> Clause:
    title = _SCENARIO.sub("", heading.title, count=1).strip()
    return replace(
        heading,
        id=f"{requirement.id}/{_slug(title)}",
        explicit=True,
        title=title or heading.title,
        scope=requirement.scope,
        needs=frozenset({"test"}),
    )


# FMT-46: a change proposal's requirements are information: they keep their anchors and need nothing.
def _proposed(clauses: tuple[Clause, ...], change: str) -> tuple[Clause, ...]:
    """The headings of a change's spec delta, each requirement titled with what the change does."""
    found: list[Clause] = []
    operation: str | None = None
    for heading in clauses:
        if heading.level <= 2:
            delta = _DELTA.match(heading.title)
            operation = delta.group(1).upper() if delta else None
        title = heading.title
        if operation and _REQUIREMENT.match(title):
            name = _REQUIREMENT.sub("", title, count=1).strip()
            title = f"{name} ({operation} by change {change})"
        found.append(replace(heading, title=title, needs=frozenset()))
    return tuple(found)


def _slug(title: str) -> str:
    """A title as an id part: GitHub's slug, `requirement` when nothing of the title is kept."""
    return github_slug(title.strip()).strip("-") or "requirement"


def _id_span(heading: Clause, lines: list[str], local: str) -> Span | None:
    """Where an id embedded in a requirement's title stands on its heading line."""
    line = heading.name_span.start_line
    col = lines[line].find(local, heading.name_span.start_col) if line < len(lines) else -1
    return Span(line, col, line, col + len(local)) if col >= 0 else None
