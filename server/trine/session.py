"""The live workspace, protocol-free: configuration, index, side inputs and diagnostics.

Every front end sits on a `Session`, in the spirit of rust-analyzer's `AnalysisHost`: it applies
typed changes (`apply`), hands out snapshots for features to read (`snapshot`), and says what
changed since the last publish (`to_publish`). The language server only converts and transports;
the CLI fills a session once and reads it; the MCP server will do the same.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import posixpath
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from trine.analysis.coverage import Summary, summarize
from trine.analysis.diagnose import EARLY_RULES, Diagnostics, identical
from trine.analysis.drift import LockState
from trine.analysis.findings import Diagnostic
from trine.analysis.rule import Baseline
from trine.config import CONFIG_FILES, ConfigError, TrineConfig, load_config
from trine.ide.snapshot import Snapshot
from trine.index.cache import RecordCache
from trine.index.graph import GraphChange
from trine.index.host import IndexHost
from trine.index.records import FileRecord, Role
from trine.index.scan import index_files
from trine.index.survey import Survey, survey
from trine.parsers.lock import LOCK_FILE
from trine.parsers.pytest_config import PYTEST_CONFIGS
from trine.parsers.script_config import SCRIPT_TEST_CONFIGS
from trine.parsers.structured import DOORSTOP_SETTINGS
from trine.parsers.styx import TRACEY_CONFIG
from trine.project import lock_state, make_host, read_lock

log = logging.getLogger(__name__)

# FMT-105: tracey's configuration names specs and turns comment markers on, as trine's does.
# TEST-5: pytest's says which files are tests.
RECONFIGURING = frozenset({*CONFIG_FILES, TRACEY_CONFIG, *PYTEST_CONFIGS, *SCRIPT_TEST_CONFIGS})
"""Files whose change re-reads the configuration: trine's own, tracey's spec paths, and
pytest's test paths."""


def reconfigures(path: str) -> bool:
    """Whether a file's change re-reads the configuration: trine's or tracey's, or a Doorstop
    document's settings (FMT-96: they widen the id pattern)."""
    return path in RECONFIGURING or posixpath.basename(path) == DOORSTOP_SETTINGS


SettingsSource = Literal["initializationOptions", "settings"]
_CHUNK = 64


# -- changes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BufferOpened:
    """The editor opened a file; its buffer's text wins over the disk from now on."""

    path: str
    text: str
    version: int | None = None


@dataclass(frozen=True)
class BufferChanged:
    """An open buffer's text changed (the whole new text, edits already applied)."""

    path: str
    text: str
    version: int | None = None


@dataclass(frozen=True)
class BufferSaved:
    """An open buffer was saved: nothing to re-index, but its diagnostics are published."""

    path: str


@dataclass(frozen=True)
class BufferClosed:
    """The editor closed a file: the file on disk is the truth again."""

    path: str


@dataclass(frozen=True)
class FileChanged:
    """A file changed on disk (a checkout, a save from elsewhere, a deletion)."""

    path: str
    deleted: bool = False


@dataclass(frozen=True)
class SettingsChanged:
    """Settings from the editor: `initializationOptions`, or the `trine` settings section."""

    source: SettingsSource
    values: Mapping[str, Any]


@dataclass(frozen=True)
class SideInputChanged:
    """A side input of the analysis changed: the lock now; test results and a baseline next."""

    name: Literal["lock"]


@dataclass(frozen=True)
class SinceChanged:
    """The base revision of PR mode (`--since REV`) and its graph, or None to leave PR mode."""

    baseline: Baseline | None


Change = (
    BufferOpened
    | BufferChanged
    | BufferSaved
    | BufferClosed
    | FileChanged
    | SettingsChanged
    | SideInputChanged
    | SinceChanged
)


@dataclass
class Buffer:
    """An open editor buffer: its text and the editor's version of it."""

    text: str
    version: int | None


@dataclass(frozen=True)
class Publication:
    """One file's diagnostics to publish, with the version of its open buffer."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    version: int | None


Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while the workspace is indexed."""


def _ignore_progress(_done: int, _total: int) -> None:
    return None


# -- the session ------------------------------------------------------------------------------


@dataclass
class _Outbox:
    """What changed since the last publish: files whose diagnostics changed, files whose text
    changed or whose buffer was opened or saved (published even when their findings did not)."""

    dirty: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)
    published: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)


class Session:
    """One workspace as it stands: the configuration, the index, the lock, the diagnostics and a
    revision that moves with every change a feature could see."""

    def __init__(
        self,
        root: Path,
        *,
        config_file: Path | None = None,
        strict: bool = True,
        settings: Mapping[SettingsSource, Mapping[str, Any]] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        """Open a workspace. With `strict`, an unusable configuration raises ConfigError (the CLI
        exits 2); without, it is reported through `warn` and the defaults are used."""
        self.root = root
        self.config_file = config_file
        self.strict = strict
        self.baseline: Baseline | None = None
        self.revision = 0
        self.indexed = False
        self.ready = False
        self.needs_index = True
        self.config = TrineConfig()
        self.lock = LockState()
        self.buffers: dict[str, Buffer] = {}
        self._warn = warn or log.warning
        self.settings: dict[SettingsSource, Mapping[str, Any]] = dict(settings or {})
        self._diagnostics: Diagnostics | None = None
        self._pending: set[str] = set()
        self._outbox = _Outbox()
        self._stamps: dict[str, int] = {}
        self._epoch = uuid.uuid4().hex[:8]
        self.host: IndexHost = self._configure()

    # -- configuration ------------------------------------------------------------------------

    # LSP-18: file config, then initializationOptions, then client settings.
    def _configure(self) -> IndexHost:
        """(Re)build the configuration and an empty index host, and re-read the lock."""
        try:
            config, _ = load_config(self.root, self.config_file)
        except ConfigError as error:
            if self.strict:
                raise
            self._warn(f"trine: configuration error, using defaults: {error}")
            config = TrineConfig()
        for source in ("initializationOptions", "settings"):
            config = self._override(config, source, self.settings.get(source) or {})
        self.config = config
        self.host = make_host(self.root, config)
        self._diagnostics = None
        self.needs_index = True
        self.indexed = self.ready = False
        self._load_lock()
        return self.host

    def _override(
        self, config: TrineConfig, source: SettingsSource, overrides: Mapping[str, Any]
    ) -> TrineConfig:
        """Apply editor settings key by key (rule by rule for severity): a bad value is reported
        and skipped, the good ones beside it still apply."""
        items: list[tuple[str, Any]] = []
        for key, value in overrides.items():
            if key == "severity" and isinstance(value, dict):
                items += [("severity", {rule: level}) for rule, level in value.items()]
            elif key in TrineConfig.model_fields:
                items.append((key, value))
        for key, value in items:
            try:
                config = config.merged({key: value}, f"{source} trine:")
            except ConfigError as error:
                self._warn(f"trine: ignoring a setting from {source}: {error}")
        return config

    # -- changes ------------------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Take one change. Buffer edits are indexed lazily (edits that arrive together are
        indexed once); a configuration change sets `needs_index` for the front end to act on.
        Every change but a save moves the revision."""
        if isinstance(change, BufferSaved):
            self._touch({change.path})
            return
        self.revision += 1
        match change:
            case BufferOpened(path, text, version) | BufferChanged(path, text, version):
                self.buffers[path] = Buffer(text, version)
                self._pending.add(path)
            case BufferClosed(path):
                self.buffers.pop(path, None)
                self._pending.discard(path)
                self._from_disk(path, deleted=False)
            case FileChanged(path, deleted):
                # FMT-110: a configuration is read from disk, open in the editor or not.
                if path not in self.buffers or reconfigures(path):
                    self._from_disk(path, deleted)
            case SettingsChanged(source, values):
                self.settings[source] = values
                self._configure()
            case SideInputChanged("lock"):
                self._load_lock()
            case SinceChanged(baseline):
                self.baseline = baseline
                if self._diagnostics is not None:
                    self._recheck_all()

    # LSP-6: files changed outside the editor; open buffers still win.
    def _from_disk(self, path: str, deleted: bool) -> None:
        if reconfigures(path):
            self._configure()
            return
        self.host.close(path)
        if path == LOCK_FILE:
            self._load_lock()
            return
        role = self.host.role_of(path)
        if deleted or role is None or not (self.root / path).is_file():
            self._absorb(self.host.remove(path))
        else:
            self._absorb(self.host.load(path, role))
        self._touch({path})

    # PERF-4: only the changed files are re-parsed, only the touched subjects re-checked.
    def flush(self) -> None:
        """Index the buffers changed since the last flush."""
        pending, self._pending = self._pending, set()
        for path in sorted(pending):
            buffer = self.buffers.get(path)
            if buffer is None:
                continue
            if path == LOCK_FILE:
                self._load_lock()
            elif not reconfigures(path):
                # FMT-110: a configuration is read when saved; its problems stay meanwhile.
                self._absorb(self.host.set_text(path, buffer.text))
            self._touch({path})

    def _absorb(self, change: GraphChange) -> None:
        """Re-check what a graph change touched and remember which files to publish."""
        if self._diagnostics is not None:
            self._dirty(self._diagnostics.update(self.host.graph(), change))

    def _dirty(self, paths: set[str]) -> None:
        """Some files' diagnostics may have changed: publish them next time, new result ids."""
        self._outbox.dirty |= paths
        self._stamp(paths)

    def _touch(self, paths: set[str]) -> None:
        """Some files' text changed, or their buffer was opened or saved: publish them next
        time whatever their diagnostics, new result ids."""
        self._outbox.touched |= paths
        self._stamp(paths)

    def _stamp(self, paths: set[str]) -> None:
        for path in paths:
            self._stamps[path] = self.revision

    def _load_lock(self) -> None:
        """Read trine.lock from its open buffer or from disk, and re-check against it."""
        buffer = self.buffers.get(LOCK_FILE)
        self.lock = (
            lock_state(buffer.text)
            if buffer is not None
            else read_lock(self.root, self.config.max_file_size)
        )
        if self._diagnostics is not None:
            self._recheck_all()

    def _recheck_all(self) -> None:
        """Check the whole graph afresh (after the index, a new lock or new settings)."""
        old = self._diagnostics
        self._diagnostics = Diagnostics(self.config.severity_of, self.lock, self.baseline)
        self._diagnostics.rebuild(self.host.graph())
        self._dirty(
            self._diagnostics.paths()
            | (old.paths() if old else set())
            | set(self._outbox.published)
        )

    # -- indexing -----------------------------------------------------------------------------

    # FMT-62, FMT-109, FMT-96: the formats chosen by trine's configuration or tracey's, and the
    # id pattern Doorstop's settings widen, salt the cache.
    # TEST-6: so do the names pytest's configuration collects.
    def _cache_settings(self) -> str:
        """What of the configuration changes records: the id matcher's kind (tracey's markers
        in comments), the id pattern and the chosen spec formats, tracey's included, and what
        the test runners are configured to collect."""
        formats = ";".join(f"{glob}={name}" for glob, name in self.host.layout.formats)
        ids = self.host.ids
        collection = repr(self.host.layout.collection)
        salt = self.config.cache_salt()
        return f"{type(ids).__name__}|{ids.pattern}|{salt}|{formats}|{collection}"

    def scan(self, workers: int | None = None) -> None:
        """Index the whole workspace from disk at once, reusing the record cache (the CLI)."""
        files = self.host.discover()
        self.host.adopt(files)
        cache = RecordCache.for_workspace(self.root, self._cache_settings())
        self.host.scan(cache, workers, files)
        self._indexed()

    # LSP-1, LSP-2: parse off the event loop, answer requests in between.
    # PERF-3: the open files' diagnostics come before the rest of the workspace is indexed.
    async def index(
        self,
        executor: Executor,
        progress: Progress = _ignore_progress,
        first_done: Callable[[], None] | None = None,
    ) -> bool:
        """Index the workspace from disk off the event loop: the specs and open files first
        (then `first_done` is called, to publish their early diagnostics), then everything else
        on all cores. False when a new configuration made this index obsolete on the way."""
        host = self.host
        self.needs_index = False
        self.indexed = False
        loop = asyncio.get_running_loop()
        files = await loop.run_in_executor(executor, host.discover)
        host.adopt(files)
        cache = RecordCache.for_workspace(host.root, self._cache_settings())
        cached = await loop.run_in_executor(executor, cache.load)
        progress(0, len(files))
        first: list[tuple[str, Role]] = [
            (p, r) for p, r in files if r == "spec" or p in self.buffers
        ]
        rest: list[tuple[str, Role]] = [
            (p, r) for p, r in files if not (r == "spec" or p in self.buffers)
        ]
        for batch, workers, before in ((first, 1, 0), (rest, None, len(first))):
            report = _shifted(progress, before, len(files))
            records = await loop.run_in_executor(
                executor, _index_batch, host, batch, cached, workers, report, loop
            )
            if host is not self.host:
                return False
            host.apply(r for r in records if r.path not in self.buffers)
            report(len(batch))
            self._pending |= set(self.buffers)
            self.flush()
            self.revision += 1
            self.ready = True
            self._recheck_all()
            if batch is first and first_done is not None:
                first_done()
        executor.submit(cache.save, host.read_records())
        self._indexed()
        gc.collect()
        gc.freeze()
        return True

    def _indexed(self) -> None:
        """The whole workspace is in: every rule may now be shown."""
        self.indexed = self.ready = True
        self.needs_index = False
        self.revision += 1

    # -- reading ------------------------------------------------------------------------------

    @property
    def diagnostics(self) -> Diagnostics:
        """The diagnostics store, with every pending edit indexed."""
        if self._pending:
            self.flush()
        if self._diagnostics is None:
            self._recheck_all()
        assert self._diagnostics is not None
        return self._diagnostics

    def snapshot(self) -> Snapshot:
        """The current graph and diagnostics, with every pending edit indexed."""
        return Snapshot(self.host.graph(), self.diagnostics, self.root, self.lock)

    def text_of(self, path: str) -> str | None:
        """A file's text: the unsaved buffer wins over the disk."""
        buffer = self.buffers.get(path)
        if buffer is not None:
            return buffer.text
        try:
            return (self.root / path).read_text("utf-8", errors="replace")
        except OSError:
            return None

    def lines_of(self, path: str) -> Sequence[str]:
        """A file's lines (CR, LF and CRLF end a line), for position conversion."""
        text = self.text_of(path)
        if text is None:
            return [""]
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def current(self, path: str) -> tuple[Diagnostic, ...]:
        """A file's diagnostics as they stand; while the first index runs, only those that
        depend on nothing but the file and the specs (the rest would be guesses)."""
        items = self.diagnostics.of(path)
        if self.indexed:
            return items
        return tuple(d for d in items if d.code in EARLY_RULES)

    def summary(self) -> Summary:
        """The workspace summary: clauses, requirements, coverage and findings by severity."""
        diagnostics = self.diagnostics
        return summarize(self.host.graph(), diagnostics.severities)

    # FMT-63, FMT-64: what both front ends say after an index.
    def survey(self) -> Survey:
        """The spec layouts the index read, and what it missed (walks the workspace once)."""
        return self.surveyor()()

    def surveyor(self) -> Callable[[], Survey]:
        """The survey of the index as it stands, to run off the event loop: the records are
        taken now, so edits made meanwhile cannot change them under the walk."""
        host = self.host
        records = dict(host.records)
        globs = self.config.spec_globs()
        named = self.config.named_specs()
        census = host.graph().census
        return lambda: survey(
            self.root, host.classifier, globs, records, host.ids, host.max_file_size, named, census
        )

    # LSP-29: pull diagnostics are versioned by the revision at which a file's last changed.
    def result_id(self, path: str) -> str:
        """An id for a file's diagnostics as they stand; it changes whenever they may have."""
        self.diagnostics  # noqa: B018 - index pending edits, so the stamps are current
        return f"{self._epoch}:{self._stamps.get(path, 0)}"

    # LSP-4, LSP-5: push only the files whose diagnostics changed.
    # LSP-30: the file an edit, open or save touched is always published.
    def to_publish(self) -> list[Publication]:
        """The files to publish since the last call: each whose diagnostics changed, and each
        whose text changed or was opened or saved; while the first index runs, the open files
        (none before the specs and open files are in: what came earlier would be a guess)."""
        if not self.ready:
            return []
        self.diagnostics  # noqa: B018 - index pending edits first
        box = self._outbox
        if self.indexed:
            paths, box.dirty = box.dirty | box.touched, set()
        else:
            paths = set(self.buffers) | box.touched
        touched, box.touched = box.touched, set()
        found = []
        for path in sorted(paths):
            items = self.current(path)
            if path not in touched and identical(box.published.get(path, ()), items):
                continue
            if items:
                box.published[path] = items
            else:
                box.published.pop(path, None)
            buffer = self.buffers.get(path)
            found.append(Publication(path, items, buffer.version if buffer else None))
        return found


def _shifted(progress: Progress, before: int, total: int) -> Callable[[int], None]:
    """A batch's progress callback: files done in the batch, reported among all files."""
    return lambda done: progress(before + done, total)


def _index_batch(
    host: IndexHost,
    files: list[tuple[str, Role]],
    cached: dict[str, FileRecord],
    workers: int | None,
    progress: Callable[[int], None],
    loop: asyncio.AbstractEventLoop,
) -> list[FileRecord]:
    """Read and parse some files, or take them from the cache (in a worker thread); report
    progress to the event loop as records come in."""
    records = []
    classifier = host.classifier
    for record in index_files(
        host.root,
        files,
        host.ids,
        host.max_file_size,
        cached,
        workers,
        classifier.format_of,
        classifier.named_only,
        classifier.collection,
    ):
        records.append(record)
        if len(records) % _CHUNK == 0:
            loop.call_soon_threadsafe(progress, len(records))
    return records
