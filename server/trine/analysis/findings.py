"""What rules produce: findings, and diagnostics once a severity applies; helpers for messages.

Every message says what is wrong and what to do next, for a person and a coding agent alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from trine.parsers.facts import Clause
from trine.parsers.text import Span

Severity = Literal["error", "warning", "info", "hint"]


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place: stable code, severity, message, and data for quick fixes."""

    code: str
    severity: Severity
    path: str
    span: Span
    message: str
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Finding:
    """A rule's result before the severity is applied; `at_most` caps the rule's severity for
    this finding (a spec's own prose naming a removed id is a warning, not an error), `milder`
    lowers it by one (a SHOULD clause's coverage)."""

    code: str
    path: str
    span: Span
    message: str
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    at_most: Severity | None = None
    milder: bool = False


_SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info", "hint")


# DIAG-13: a finding may be milder than its rule, never harsher.
def capped(severity: Severity, at_most: Severity | None) -> Severity:
    """The milder of a rule's severity and a finding's cap."""
    if at_most is None:
        return severity
    return max(severity, at_most, key=_SEVERITIES.index)


def harsher(a: Severity, b: Severity) -> Severity:
    """The harsher of two severities."""
    return min(a, b, key=_SEVERITIES.index)


# CL-20: a SHOULD clause's coverage findings are one severity milder than the rule's.
def effective(severity: Severity, finding: Finding) -> Severity:
    """The severity of a finding under a rule's severity: capped, and one milder if it asks."""
    found = capped(severity, finding.at_most)
    if finding.milder:
        found = _SEVERITIES[min(_SEVERITIES.index(found) + 1, len(_SEVERITIES) - 1)]
    return found


def clause_label(clause: Clause) -> str:
    """How messages name a clause: `REQ-12 (Title)` or `"Title" (spec.md#slug)`."""
    if clause.explicit:
        return f"{clause.id} ({clause.title})" if clause.title != clause.id else clause.id
    return f'"{clause.title}" ({clause.id})'


# DIAG-8: suggest the closest declared ids.
def close_matches(target: str, candidates: Iterable[str]) -> list[str]:
    """The up to three candidates closest to a mistyped name, best first: rapidfuzz picks a
    shortlist in C (a family can hold thousands of ids), difflib ranks it as it always did."""
    shortlist = process.extract(
        target, list(candidates), scorer=fuzz.ratio, limit=_SHORTLIST, score_cutoff=40
    )
    return difflib.get_close_matches(target, [c for c, _, _ in shortlist], n=3, cutoff=0.5)


_SHORTLIST = 20
