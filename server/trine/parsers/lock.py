"""The sync lock, `trine.lock`: which links were reviewed against which clause text.

A TOML file that trine writes and people review in pull requests: one `[[link]]` block per
link, sorted, and the reviewed clause texts keyed by their fingerprint. Reading never raises:
a file that cannot be trusted yields no lock and one problem that says why.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import tomli_w

from trine.parsers.facts import Problem
from trine.parsers.text import Span, normalize_newlines

LOCK_FILE = "trine.lock"
LOCK_VERSION = 1
HEADER = (
    "# trine.lock: the reviewed agreement between spec, code and tests.\n"
    "# Written by `trine lock`; commit it, and review its changes like code.\n"
)
_CONFLICT = re.compile(r"^(<<<<<<<|=======|>>>>>>>)( |$)", re.MULTILINE)
_LINK_KEYS = {"source", "target", "kind", "target_hash", "source_hash"}


@dataclass(frozen=True, order=True)
class LockedLink:
    """A reviewed link: for `implements` and `verifies` the target is a clause and `target_hash`
    its text's fingerprint; for `exercises` the target is a function and its body's fingerprint."""

    target: str
    source: str
    kind: str
    target_hash: str
    source_hash: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the link, whatever its fingerprints."""
        return (self.source, self.target, self.kind)


@dataclass(frozen=True)
class Lock:
    """The parsed lock: links by key, and the reviewed clause texts by fingerprint."""

    links: dict[tuple[str, str, str], LockedLink] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    @cached_property
    def targets(self) -> frozenset[str]:
        """The clause ids the lock records a reviewed link to."""
        return frozenset(target for _, target, kind in self.links if kind != "exercises")


def _problem(message: str, line: int = 0) -> tuple[None, tuple[Problem, ...]]:
    return None, (Problem(message, Span(line, 0, line, 0)),)


# DRIFT-8: a lock that cannot be trusted yields a problem, never a guess.
def parse_lock(text: str) -> tuple[Lock | None, tuple[Problem, ...]]:
    """The lock in a text, or None and the reason it cannot be trusted."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        # tomllib recurses once per nested array or inline table: a hostile lock must not crash.
        return _problem(
            "nested too deeply to be a lock trine wrote: rewrite it with `trine lock --force`"
        )
    except tomllib.TOMLDecodeError as error:
        lines = normalize_newlines(text)
        conflict = _CONFLICT.search(lines)
        if conflict:
            line = lines.count("\n", 0, conflict.start())
            return _problem(
                f"merge conflict markers on line {line + 1}: resolve the conflict, or rewrite the"
                " lock from the current spec with `trine lock --force`",
                line,
            )
        return _problem(
            f"not valid TOML ({error}): fix it, or rewrite it with `trine lock --force`"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return _problem(
            "no `version`: this is not a lock trine wrote; rewrite it with `trine lock --force`"
        )
    if version > LOCK_VERSION:
        return _problem(
            f"written by a newer trine (lock version {version}, this trine reads {LOCK_VERSION}):"
            " upgrade trine"
        )
    return _read(data)


def _read(data: dict[str, Any]) -> tuple[Lock | None, tuple[Problem, ...]]:
    links: dict[tuple[str, str, str], LockedLink] = {}
    entries = data.get("link", [])
    if not isinstance(entries, list):
        return _problem(
            "`link` is malformed (not a list of [[link]] blocks): rewrite the lock with"
            " `trine lock --force`"
        )
    for index, entry in enumerate(entries):
        if (
            not isinstance(entry, dict)
            or set(entry) != _LINK_KEYS
            or not all(isinstance(v, str) for v in entry.values())
        ):
            return _problem(
                f"link {index + 1} is malformed (it needs exactly {', '.join(sorted(_LINK_KEYS))}):"
                " fix it, or rewrite the lock with `trine lock --force`"
            )
        link = LockedLink(**entry)
        links[link.key] = link
    texts = data.get("text", {})
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        return _problem("the [text] table is malformed: rewrite the lock with `trine lock --force`")
    return Lock(links, dict(texts)), ()


# DRIFT-1: deterministic, sorted, one block per link.
def render_lock(lock: Lock) -> str:
    """The lock as TOML: deterministic and sorted, one small block per link, so it merges well."""
    used = {link.target_hash for link in lock.links.values()}
    data = {
        "version": LOCK_VERSION,
        "link": [
            {
                "target": link.target,
                "source": link.source,
                "kind": link.kind,
                "target_hash": link.target_hash,
                "source_hash": link.source_hash,
            }
            for link in sorted(lock.links.values())
        ],
        "text": {h: lock.texts[h] for h in sorted(lock.texts) if h in used},
    }
    return HEADER + "\n" + tomli_w.dumps(data, multiline_strings=True)
