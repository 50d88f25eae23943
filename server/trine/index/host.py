"""The index host: holds one record per file and the trace graph built from them.

The CLI fills it once; the language server applies each edit as one file's new text, and gets
back what changed so that only the touched diagnostics are re-checked.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from pathlib import Path

from trine.index.build import Buffer, build_record
from trine.index.cache import RecordCache
from trine.index.census import census_of, discover_counting
from trine.index.copies import SpecCopies
from trine.index.files import read_source
from trine.index.graph import GraphChange, TraceGraph
from trine.index.needs import NeedsPolicy
from trine.index.records import FileRecord, Role
from trine.index.scan import index_files
from trine.index.workspace import Classifier, Layout, skipped
from trine.parsers.ids import IdMatcher
from trine.parsers.structured import DOORSTOP_SETTINGS, doorstop_uid_pattern


# IDX-1: one file's change replaces one record.
class IndexHost:
    """A workspace's records and the trace graph kept up to date with them."""

    def __init__(
        self,
        root: Path,
        layout: Layout,
        ids: IdMatcher,
        max_file_size: int,
        policy: NeedsPolicy | None = None,
        judge_always: bool = False,
    ) -> None:
        self.root = root
        self.judge_always = judge_always
        self.layout = layout
        self.classifier = Classifier(layout)
        self.ids = ids
        self._pattern = ids.pattern
        self.max_file_size = max_file_size
        self.policy = policy or NeedsPolicy()
        self._graph = TraceGraph(
            scope_of=self.classifier.scope, policy=self.policy, reference_only=ids.reference_only
        )
        self._buffers: dict[str, Buffer] = {}
        self._copies = SpecCopies()

    @property
    def records(self) -> dict[str, FileRecord]:
        """The record of every indexed file, by path, as the graph holds it (a copy of a spec
        file without its declarations)."""
        return self._graph.records

    def read_records(self) -> dict[str, FileRecord]:
        """The record of every indexed file as it was read (what the cache keeps)."""
        return {**self._graph.records, **self._copies.read}

    # FMT-96: Doorstop documents say the shape of their uids, so code and tests name items so.
    def adopt(self, files: Sequence[tuple[str, Role]]) -> None:
        """Before indexing the files discovery found: widen the id pattern by the uid shapes of
        the Doorstop documents that hold spec files."""
        specs = [path for path, role in files if role == "spec"]
        patterns = doorstop_patterns(self.root, specs, self.max_file_size)
        pattern = "|".join([self._pattern, *patterns])
        if pattern != self.ids.pattern:
            self.ids = type(self.ids)(pattern, self.ids.reference_only)

    def scan(
        self,
        cache: RecordCache | None = None,
        workers: int | None = None,
        files: Sequence[tuple[str, Role]] | None = None,
    ) -> None:
        """Read and index every file of the workspace from disk (those discovery `files` found,
        else discover them), on all cores; with a cache, reuse the records of unchanged files
        and write the cache back if anything changed."""
        if files is None:
            files = self.discover()
            self.adopt(files)
        cached = cache.load() if cache is not None else {}
        self.apply(
            index_files(
                self.root,
                list(files),
                self.ids,
                self.max_file_size,
                cached,
                workers,
                self.classifier.format_of,
                self.classifier.named_only,
                self.classifier.collection,
            )
        )
        read = self.read_records()
        unchanged = cached.keys() == read.keys() and all(
            cached[path] is record for path, record in read.items()
        )
        if cache is not None and not unchanged:
            cache.save(read)

    # DIAG-26, DIAG-27: the walk counts the code trine does not read, for the coverage rules.
    def discover(self) -> list[tuple[str, Role]]:
        """Every file of the workspace trine reads, with its role; the code files in languages
        it does not read are counted on the way, into the graph's census."""
        files, unread = discover_counting(self.root, self.classifier)
        self._graph.census = census_of(unread, self.judge_always)
        return files

    def load(self, path: str, role: Role) -> GraphChange:
        """Index one file from disk."""
        text, problems = read_source(self.root, path, self.max_file_size)
        chosen = self.classifier.format_of(path)
        named = self.classifier.named_only(path)
        collection = self.classifier.collection
        return self.apply(
            [build_record(path, role, text, self.ids, problems, None, chosen, named, collection)]
        )

    def role_of(self, path: str) -> Role | None:
        """The role of a file, None when discovery would skip it or no glob gives it one."""
        hidden = self.classifier.hidden
        return None if skipped(self.root, path, hidden) else self.classifier.role(path)

    def set_text(self, path: str, text: str) -> GraphChange:
        """Index one file from the text of its editor buffer, re-using the buffer's syntax tree;
        a path without a role is forgotten."""
        role = self.role_of(path)
        if role is None:
            return self.remove(path)
        buffer = self._buffers.setdefault(path, Buffer())
        chosen = self.classifier.format_of(path)
        named = self.classifier.named_only(path)
        return self.apply(
            [
                build_record(
                    path,
                    role,
                    text,
                    self.ids,
                    buffer=buffer,
                    spec_format=chosen,
                    named=named,
                    collection=self.classifier.collection,
                )
            ]
        )

    def close(self, path: str) -> None:
        """The editor closed a file: drop its syntax tree (trees are kept for open files only)."""
        self._buffers.pop(path, None)

    def apply(self, records: Iterable[FileRecord], removed: Iterable[str] = ()) -> GraphChange:
        """Replace some files' records and forget others, in one graph update."""
        removed = list(removed)
        return self._graph.update(self._copies.settle(records, removed), removed)

    def remove(self, path: str) -> GraphChange:
        """Forget a file that was deleted."""
        return self.apply((), [path])

    def graph(self) -> TraceGraph:
        """The trace graph of the current records."""
        return self._graph


def doorstop_patterns(root: Path, specs: Iterable[str], max_size: int) -> list[str]:
    """The uid patterns of the Doorstop documents (folders with a `.doorstop.yml`) that hold
    YAML spec files, in a stable order."""
    patterns: set[str] = set()
    folders = {posixpath.dirname(path) for path in specs if path.endswith(".yml")}
    for folder in sorted(folders):
        text, _ = read_source(root, posixpath.join(folder, DOORSTOP_SETTINGS), max_size)
        pattern = doorstop_uid_pattern(text) if text is not None else None
        if pattern is not None:
            patterns.add(pattern)
    return sorted(patterns)
