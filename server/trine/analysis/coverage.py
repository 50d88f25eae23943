"""Coverage figures of a workspace: how many requirements are implemented and tested."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from trine.analysis.findings import Severity
from trine.index.census import shown_name
from trine.index.graph import TraceGraph

SHOWN = 3  # languages the note names


@dataclass(frozen=True)
class Summary:
    """The one-line state of a workspace, as `trine check` and the editors' status bar show it;
    `from_tasks` counts the requirements whose links all come from task lists (FMT-12);
    `reads_code` and `reads_tests` say whether the workspace has a code or test file trine reads
    (without one, coverage of that kind is not reported, DIAG-15); `coverage_judged` is False
    where most of the code is in languages trine does not read (DIAG-26): `code_files` code and
    test files read, in `languages_read`, against `unread_code` files by language, and
    `coverage_note` says so in words (DIAG-28); `not_started` names the features nothing is
    done of yet, whose `unstarted_requirements` are not judged (FMT-130)."""

    clauses: int
    requirements: int
    implemented: int
    tested: int
    errors: int
    warnings: int
    infos: int
    hints: int
    from_tasks: int = 0
    reads_code: bool = True
    reads_tests: bool = True
    coverage_judged: bool = True
    code_files: int = 0
    languages_read: tuple[str, ...] = ()
    unread_code: tuple[tuple[str, int], ...] = ()
    coverage_note: str = ""
    not_started: tuple[str, ...] = ()
    unstarted_requirements: int = 0


def summarize(graph: TraceGraph, severities: Mapping[Severity, int]) -> Summary:
    """Count clauses, requirements, their coverage, and diagnostics by severity."""
    unstarted = graph.unstarted()
    scopes = set(unstarted)
    summary = Summary(
        clauses=len(graph.clauses),
        requirements=len(graph.requirements),
        implemented=sum(1 for c in graph.requirements if graph.implemented_by.get(c)),
        tested=sum(1 for c in graph.requirements if graph.tested_by.get(c)),
        errors=severities.get("error", 0),
        warnings=severities.get("warning", 0),
        infos=severities.get("info", 0),
        hints=severities.get("hint", 0),
        from_tasks=sum(1 for c in graph.requirements if graph.linked_only_by_tasks(c)),
        reads_code=graph.reads("code"),
        reads_tests=graph.reads("test"),
        coverage_judged=not graph.outweighed(),
        code_files=graph.code_files_read(),
        languages_read=tuple(shown_name(name) for name in graph.languages_read()),
        unread_code=graph.census.unread,
        not_started=tuple(unstarted),
        unstarted_requirements=sum(
            1 for c in graph.requirements if graph.clauses[c].scope in scopes
        ),
    )
    return replace(summary, coverage_note=coverage_note(summary))


# FMT-130: named once, instead of an unimplemented and an untested finding per clause.
def unstarted_note(s: Summary) -> str:
    """Which features are not started and what that leaves unreported, "" when none."""
    if not s.not_started:
        return ""
    shown = ", ".join(s.not_started[:SHOWN]) + (", ..." if len(s.not_started) > SHOWN else "")
    count = len(s.not_started)
    return (
        f"{count} feature{'s' if count > 1 else ''} not started ({shown}): no task of"
        f" {'them' if count > 1 else 'it'} is checked and no code or test cites"
        f" {'their' if count > 1 else 'its'} clauses, so the coverage of"
        f" {s.unstarted_requirements} requirements is not reported until one is"
    )


# DIAG-28: what a person or an agent needs to act: what is read, what is not, and the setting.
def coverage_note(s: Summary) -> str:
    """Why coverage is not judged and how to judge it all the same, "" where it is."""
    if s.coverage_judged:
        return ""
    unread = sum(count for _, count in s.unread_code)
    shown = ", ".join(f"{name} ({count})" for name, count in s.unread_code[:SHOWN])
    shown += ", ..." if len(s.unread_code) > SHOWN else ""
    return (
        f"coverage not judged: trine reads {' and '.join(s.languages_read)}, and {unread} of"
        f" {unread + s.code_files} code files are in languages it does not read yet: {shown};"
        " the links written in them are not seen, so unimplemented-clause and untested-clause"
        ' are not reported (set `coverage = "always"` in [tool.trine] or trine.toml to report'
        " them all the same)"
    )
