"""The index host: holds one record per file, replaces records on change, hands out graphs.

The CLI fills it once; the language server applies each edit as one file's new text.
"""

from __future__ import annotations

from pathlib import Path

from trine.index.build import build_record
from trine.index.cache import RecordCache
from trine.index.files import read_source
from trine.index.graph import TraceGraph
from trine.index.records import FileRecord, Role
from trine.index.scan import index_files
from trine.index.workspace import Classifier, Layout, discover, skipped
from trine.parsers.ids import IdMatcher


# IDX-1: one file's change replaces one record.
class IndexHost:
    """A workspace's records and the graph built from them (rebuilt lazily after a change)."""

    def __init__(self, root: Path, layout: Layout, ids: IdMatcher, max_file_size: int) -> None:
        self.root = root
        self.classifier = Classifier(layout)
        self.ids = ids
        self.max_file_size = max_file_size
        self.records: dict[str, FileRecord] = {}
        self._graph: TraceGraph | None = None

    def scan(self, cache: RecordCache | None = None, workers: int | None = None) -> None:
        """Read and index every file of the workspace from disk, on all cores; with a cache,
        reuse the records of unchanged files and write the cache back."""
        files = list(discover(self.root, self.classifier))
        cached = cache.load() if cache is not None else {}
        for record in index_files(self.root, files, self.ids, self.max_file_size, cached, workers):
            self.set_record(record)
        if cache is not None:
            cache.save(self.records)

    def load(self, path: str, role: Role) -> FileRecord:
        """Index one file from disk."""
        text, problems = read_source(self.root, path, self.max_file_size)
        return self.set_record(build_record(path, role, text, self.ids, problems))

    def role_of(self, path: str) -> Role | None:
        """The role of a file, None when discovery would skip it or no glob gives it one."""
        return None if skipped(self.root, path) else self.classifier.role(path)

    def set_text(self, path: str, text: str) -> FileRecord | None:
        """Index one file from text (an editor buffer); None when the path has no role."""
        role = self.role_of(path)
        if role is None:
            self.remove(path)
            return None
        return self.set_record(build_record(path, role, text, self.ids))

    def set_record(self, record: FileRecord) -> FileRecord:
        """Replace one file's record."""
        if self.records.get(record.path) != record:
            self.records[record.path] = record
            self._graph = None
        return record

    def remove(self, path: str) -> None:
        """Forget a file that was deleted."""
        if self.records.pop(path, None) is not None:
            self._graph = None

    def graph(self) -> TraceGraph:
        """The trace graph of the current records."""
        if self._graph is None:
            self._graph = TraceGraph(self.records)
        return self._graph
