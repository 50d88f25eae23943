"""Spec files that are copies of other spec files: read once, from the original.

A vendored or bundled copy of a spec (`docs/vendor/SPEC.md` beside `SPEC.md`) would declare
every clause a second time. Spec files with the same text that declare the same clauses form a
group; the shallowest path (then the first by name) is the original, and the others enter the
graph with no declarations or references of their own, marked as its copies. The records as
read are kept, so that the next original can be read in full when the first one goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from trine.index.records import FileRecord


def _key(record: FileRecord) -> str | None:
    """What makes two spec files copies: the same text declaring the same explicit ids (a
    file of one spec-kit feature copied into another declares other, scoped, ids: not a copy).
    A file with no explicit id declares nothing a copy could duplicate."""
    declared = [clause.id for clause in record.clauses if clause.explicit]
    if record.role != "spec" or not record.digest or not declared:
        return None
    return record.digest + "|" + "|".join(declared)


def _place(path: str) -> tuple[int, str]:
    return (path.count("/"), path)


class SpecCopies:
    """The spec records as read, grouped by text, and the record of each that enters the graph."""

    def __init__(self) -> None:
        self.read: dict[str, FileRecord] = {}
        self._key_of: dict[str, str] = {}
        self._groups: dict[str, set[str]] = defaultdict(set)

    # FMT-68: a copy of a spec file is read once, and named as a copy.
    def settle(self, records: Iterable[FileRecord], removed: Iterable[str]) -> list[FileRecord]:
        """Take new records and removed paths; return the records the graph should hold for
        them and for every file whose copy status they changed."""
        touched: set[str] = set()
        for path in removed:
            touched |= self._forget(path)
        found: list[FileRecord] = []
        for record in records:
            touched |= self._forget(record.path)
            key = _key(record)
            if key is None:
                found.append(record)
                continue
            self.read[record.path] = record
            self._key_of[record.path] = key
            self._groups[key].add(record.path)
            touched.add(key)
        for key in touched:
            group = sorted(self._groups.get(key, ()), key=_place)
            for path in group:
                record = self.read[path]
                found.append(record if path == group[0] else _copy(record, group[0]))
        return found

    def _forget(self, path: str) -> set[str]:
        """Drop a file from its group; the key of the group it left, if any."""
        key = self._key_of.pop(path, None)
        if key is None:
            return set()
        self.read.pop(path, None)
        group = self._groups[key]
        group.discard(path)
        if not group:
            del self._groups[key]
        return {key}


def _copy(record: FileRecord, original: str) -> FileRecord:
    """A copy as the graph sees it: no clauses, no references, and where the original is."""
    return replace(record, clauses=(), mentions=(), tasks=(), copy_of=original)
