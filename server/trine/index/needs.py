"""What a clause needs (code, a test, both, or nothing) and how strongly its words oblige.

The parsers record every normative word as written (`MUST`, `should`, `MAY`); which words count,
at which strength, and whether their lowercase forms count is the workspace's keyword policy.
The need then comes, first match wins, from `[tool.trine.needs]`, the clause's format, the
strength of its own words, whether it only groups requirements, and its structured fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from trine.index.workspace import GlobSet, globs
from trine.parsers.facts import Clause, Need

Strength = Literal["must", "should", "may"]
_STRENGTHS: tuple[Strength, ...] = ("must", "should", "may")
_RANK: dict[Strength, int] = {s: rank for rank, s in enumerate(_STRENGTHS)}
BOTH: frozenset[Need] = frozenset({"code", "test"})
NOTHING: frozenset[Need] = frozenset()
CODE_ONLY: frozenset[Need] = frozenset({"code"})
# FMT-82: a structured requirement verified by other means than a test needs no test.
_NOT_BY_TEST = frozenset(
    {
        "untestable",
        "verification:inspection",
        "verification:analysis",
        "verification:demonstration",
        "verification:review",
        "verification:simulation",
    }
)

DEFAULT_WORDS: dict[Strength, tuple[str, ...]] = {
    "must": ("MUST", "MUST NOT", "SHALL", "SHALL NOT", "REQUIRED"),
    "should": ("SHOULD", "SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED"),
    "may": ("MAY", "OPTIONAL"),
}
# CL-30: business requirements, goals and what is out of scope are met through the requirements
# that serve them: the clauses under such a heading need nothing unless configured otherwise.
GOAL_HEADINGS = (
    "assumptions",
    "business goals",
    "business objectives",
    "business requirements",
    "goals",
    "goals and non-goals",
    "non-goals",
    "objectives",
    "out of scope",
)
# The modal verbs whose lowercase forms suggest a spec writes its obligations in lowercase.
_MODALS = ("MUST", "SHALL")


@dataclass(frozen=True)
class KeywordPolicy:
    """Which normative words count and how strongly (`strengths`, by the word in capitals), and
    the words whose lowercase forms count too (RFC 8174 gives meaning to capitals only)."""

    strengths: Mapping[str, Strength] = field(
        default_factory=lambda: {w: s for s, words in DEFAULT_WORDS.items() for w in words}
    )
    lowercase: frozenset[str] = frozenset()

    # CL-16
    def strength_of(self, word: str) -> Strength | None:
        """The strength a recorded word gives, None when it does not count."""
        strength = self.strengths.get(word.upper())
        if strength is None or word.isupper() or word.lower() in self.lowercase:
            return strength
        return None

    def strength(self, words: Iterable[str]) -> Strength | None:
        """The strongest strength among a clause's words."""
        found = [_RANK[s] for s in map(self.strength_of, words) if s is not None]
        return _STRENGTHS[min(found)] if found else None

    # DIAG-14
    def lowercase_modals(self, words: Iterable[str]) -> list[str]:
        """The lowercase `must`/`shall` words that would oblige if they counted in lowercase."""
        return [
            w.lower()
            for w in words
            if not w.isupper()
            and w.split()[0].upper() in _MODALS
            and self.strengths.get(w.upper()) is not None
            and w.lower() not in self.lowercase
        ]


@dataclass(frozen=True)
class Requirement:
    """What one clause needs, and the strength of its own words (None: it has none)."""

    needs: frozenset[Need]
    strength: Strength | None


@dataclass(frozen=True)
class NeedsPolicy:
    """The keyword policy and the needs configured by id prefix, heading text and path glob."""

    keywords: KeywordPolicy = field(default_factory=KeywordPolicy)
    by_prefix: tuple[tuple[str, frozenset[Need]], ...] = ()
    by_heading: Mapping[str, frozenset[Need]] = field(default_factory=dict)
    by_path: tuple[tuple[GlobSet, frozenset[Need]], ...] = ()

    @classmethod
    def of(
        cls,
        keywords: KeywordPolicy,
        prefixes: Mapping[str, frozenset[Need]],
        headings: Mapping[str, frozenset[Need]],
        paths: Mapping[str, frozenset[Need]],
    ) -> NeedsPolicy:
        """A policy from configured tables (heading texts compared case-insensitively, over
        the headings of goals that need nothing by default)."""
        configured = {_heading_key(text): needs for text, needs in headings.items()}
        return cls(
            keywords,
            tuple(sorted(prefixes.items(), key=lambda item: -len(item[0]))),
            {**dict.fromkeys(GOAL_HEADINGS, NOTHING), **configured},
            tuple((globs([glob]), needs) for glob, needs in paths.items()),
        )

    def heading_need(self, clause: Clause) -> frozenset[Need] | None:
        """What `[tool.trine.needs]` says the clauses under a heading need, by its text."""
        if clause.kind != "heading":
            return None
        return self.by_heading.get(_heading_key(clause.title))

    # CL-18: configuration wins, by id prefix, then the nearest heading, then path.
    def configured(self, clause: Clause, under: frozenset[Need] | None) -> frozenset[Need] | None:
        """What `[tool.trine.needs]` says a clause needs (`under`: what the nearest configured
        heading holding it says), None when it says nothing."""
        if clause.explicit:
            local = clause.id.rpartition("/")[2]
            for prefix, needs in self.by_prefix:
                if _has_prefix(local, prefix):
                    return needs
        if under is not None:
            return under
        return next((needs for found, needs in self.by_path if found.match(clause.path)), None)

    # CL-6, CL-17, CL-19, CL-20: what a clause needs, first match wins.
    def decide(
        self,
        clause: Clause,
        under: frozenset[Need] | None,
        groups_requirements: bool,
        names_function: bool,
    ) -> Requirement:
        """What a clause needs: nothing when its format says so, for a section (no format's
        say, no obligation of its own, requirements inside) or a clause with no id, word or
        function to oblige; else as configured, as its format says, nothing for a permission
        (MAY), both for an obligation, an explicit id or a heading naming a function, less the
        test when its structured fields say it is verified otherwise."""
        strength = self.keywords.strength(clause.keywords)
        if clause.needs == NOTHING:
            return Requirement(NOTHING, strength)
        section = clause.needs is None and strength is None and groups_requirements
        if section or not (clause.explicit or names_function or strength or clause.needs):
            return Requirement(NOTHING, strength)
        configured = self.configured(clause, under)
        if configured is not None:
            return Requirement(configured, strength)
        if clause.needs is not None:
            return Requirement(clause.needs, strength)
        if strength == "may":
            return Requirement(NOTHING, strength)
        if _NOT_BY_TEST.intersection(clause.keywords):
            return Requirement(CODE_ONLY, strength)
        return Requirement(BOTH, strength)


def _has_prefix(local: str, prefix: str) -> bool:
    """Whether an id starts with a prefix as a whole part (`SC` for `SC-001`, not `SCORE-1`)."""
    if local[: len(prefix)].upper() != prefix.upper():
        return False
    return len(local) == len(prefix) or not local[len(prefix)].isalnum()


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+")
_TRAILER = re.compile(r"\s*(?:\([^()]*\)|:)$")


def _heading_key(text: str) -> str:
    """A heading's text as headings are compared: its words in lowercase, without a section
    number before them (`2.1`) or an abbreviation after them (`Business Requirements (BR)`)."""
    words = " ".join(text.split())
    return _TRAILER.sub("", _NUMBERING.sub("", words)).casefold()
