"""The server's state: configuration, the index host, open buffers and published diagnostics.

Handlers (in `features.py`) stay thin: they map a request to a path and position, call `ide/`,
and convert the answer. Everything here runs on the event loop thread except file parsing.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from trine import __version__
from trine.analysis.coverage import Summary, summarize
from trine.analysis.diagnose import EARLY_RULES, Diagnostics, identical
from trine.analysis.drift import LockState
from trine.analysis.registry import rule_url
from trine.analysis.rules import Diagnostic
from trine.config import ConfigError, TrineConfig, load_config
from trine.ide.snapshot import Snapshot
from trine.index.cache import RecordCache
from trine.index.graph import GraphChange
from trine.index.host import IndexHost
from trine.index.records import FileRecord, Role
from trine.index.scan import index_files
from trine.index.workspace import discover
from trine.lsp.convert import to_range
from trine.lsp.protocol import TrineProtocol
from trine.parsers.lock import LOCK_FILE
from trine.project import lock_state, make_host, read_lock

log = logging.getLogger(__name__)

STATUS = "trine/status"
_CHUNK = 64
INDEX_WAIT = 2.0
STATUS_DELAY = 0.2
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def uri_to_path(uri: str) -> Path | None:
    """The local path of a file URI, None for other schemes."""
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


class TrineServer(LanguageServer):
    """A trine language server over one workspace root."""

    def __init__(self) -> None:
        super().__init__(
            name="trine",
            version=__version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=TrineProtocol,
        )
        self.root: Path | None = None
        self.init_options: dict[str, Any] = {}
        self.client_settings: dict[str, Any] = {}
        self.config = TrineConfig()
        self.host: IndexHost | None = None
        self.lock = LockState()
        self.indexed = asyncio.Event()
        self.diagnostics: Diagnostics | None = None
        self._published: dict[str, tuple[Diagnostic, ...]] = {}
        self._dirty: set[str] = set()
        self._edited: set[str] = set()
        self._ranges: dict[str, list[types.Range]] = {}
        self._pending: set[str] = set()
        self._flush_scheduled = False
        self._status_scheduled = False
        self._tasks: set[asyncio.Future[Any]] = set()
        self._shown: set[str] = set()
        self._force: set[str] = set()
        self._status: Summary | None = None

    def spawn(self, work: Awaitable[Any]) -> None:
        """Run a coroutine or future in the background, keeping a reference until it is done."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_indexed(self) -> None:
        """Give the first index a moment to finish, so early requests see the whole workspace;
        on a large workspace, answer from what is indexed so far rather than block."""
        if not self.indexed.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.indexed.wait(), INDEX_WAIT)

    # -- paths and text ---------------------------------------------------------------------

    def path_of(self, uri: str) -> str | None:
        """The workspace-relative path of a URI, None when it lies outside the workspace."""
        local = uri_to_path(uri)
        if local is None or self.root is None:
            return None
        try:
            return Path(os.path.abspath(local)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def uri_of(self, path: str) -> str:
        """The URI of a workspace-relative path."""
        assert self.root is not None
        return (self.root / path).as_uri()

    def open_text(self, path: str) -> str | None:
        """The editor buffer of a path, if it is open."""
        doc = self.workspace.text_documents.get(unquote(self.uri_of(path)))
        return doc.source if doc is not None else None

    def text_of(self, path: str) -> str | None:
        """A file's text: the unsaved buffer wins over the disk."""
        text = self.open_text(path)
        if text is not None or self.root is None:
            return text
        try:
            return (self.root / path).read_text("utf-8", errors="replace")
        except OSError:
            return None

    def lines_of(self, path: str) -> Sequence[str]:
        """A file's lines, for position conversion."""
        text = self.text_of(path)
        return (
            text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text is not None else [""]
        )

    @property
    def encoding(self) -> str:
        """The negotiated position encoding."""
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # -- configuration and indexing ---------------------------------------------------------

    # LSP-18: file config, then initializationOptions, then client settings.
    def configure(self) -> None:
        """(Re)build the configuration: the file, then initializationOptions, then client settings."""
        if self.root is None:
            return
        try:
            config, _ = load_config(self.root)
        except ConfigError as error:
            self.warn(f"trine: configuration error, using defaults: {error}")
            config = TrineConfig()
        for source, overrides in (
            ("initializationOptions", self.init_options),
            ("settings", self.client_settings),
        ):
            config = self._override(config, source, overrides or {})
        self.config = config
        self.host = make_host(self.root, config)
        self.diagnostics = None
        self.load_lock()

    def _override(self, config: TrineConfig, source: str, overrides: dict[str, Any]) -> TrineConfig:
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
                self.warn(f"trine: ignoring a setting from {source}: {error}")
        return config

    def warn(self, message: str) -> None:
        """Tell the user about a problem once (configuration is re-read often), and log it."""
        log.warning(message)
        if message not in self._shown:
            self._shown.add(message)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, message))

    # LSP-1, LSP-2: parse off the event loop, answer requests in between.
    # PERF-3: the open files' diagnostics come before the rest of the workspace is indexed.
    async def index(self, token: str | None) -> None:
        """Index the workspace from disk off the event loop: the specs and open files first
        (their spec-local diagnostics are published at once), then everything else on all cores."""
        host = self.host
        if host is None:
            return
        self.indexed.clear()
        loop = asyncio.get_running_loop()
        cache = RecordCache.for_workspace(host.root, host.ids.pattern)
        files = await loop.run_in_executor(
            self.thread_pool, lambda: list(discover(host.root, host.classifier))
        )
        cached = await loop.run_in_executor(self.thread_pool, cache.load)
        self._progress_begin(token, len(files))
        opened = {path for uri in self.workspace.text_documents if (path := self.path_of(uri))}
        first = [(p, r) for p, r in files if r == "spec" or p in opened]
        rest = [(p, r) for p, r in files if not (r == "spec" or p in opened)]
        for batch, workers, done in ((first, 1, 0), (rest, None, len(first))):
            progress = functools.partial(self._progress_report, token, len(files), done)
            records = await loop.run_in_executor(
                self.thread_pool, _index_batch, host, batch, cached, workers, progress, loop
            )
            if host is not self.host:
                return
            host.apply(r for r in records if self.open_text(r.path) is None)
            progress(len(batch))
            for uri in list(self.workspace.text_documents):
                self.buffer_changed(uri, publish=False)
            self.reset_diagnostics()
            if batch is first:
                self.publish()
        self.spawn(loop.run_in_executor(self.thread_pool, cache.save, dict(host.records)))
        self._progress_end(token, len(files))
        gc.collect()
        gc.freeze()
        self.indexed.set()
        self.publish()

    def _progress_begin(self, token: str | None, total: int) -> None:
        if token:
            self.work_done_progress.begin(
                token,
                types.WorkDoneProgressBegin(
                    title="trine: indexing", message=f"0/{total} files", percentage=0
                ),
            )

    def _progress_report(self, token: str | None, total: int, before: int, done: int) -> None:
        done += before
        if token:
            self.work_done_progress.report(
                token,
                types.WorkDoneProgressReport(
                    message=f"{done}/{total} files", percentage=done * 100 // max(total, 1)
                ),
            )

    def _progress_end(self, token: str | None, total: int) -> None:
        if token:
            self.work_done_progress.end(
                token, types.WorkDoneProgressEnd(message=f"{total} files indexed")
            )

    # -- changes ----------------------------------------------------------------------------

    # LSP-5, LSP-6: an open buffer's text wins over the disk.
    def buffer_changed(self, uri: str, publish: bool = True) -> None:
        """An open buffer's text changed (or was opened): re-index it from the buffer. Changes
        that arrive together are indexed once, as soon as the queue is drained (no fixed delay)."""
        path = self.path_of(uri)
        if path is None or self.host is None:
            return
        self._pending.add(uri)
        if publish and not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_and_publish)
        elif not publish:
            self.flush()

    def _flush_and_publish(self) -> None:
        self.flush()
        self.publish()

    # PERF-4: only the changed files are re-parsed, only the touched subjects re-checked.
    def flush(self) -> None:
        """Index the buffers changed since the last flush."""
        self._flush_scheduled = False
        pending, self._pending = self._pending, set()
        for uri in sorted(pending):
            path = self.path_of(uri)
            doc = self.workspace.text_documents.get(unquote(uri))
            if path is None or doc is None or self.host is None:
                continue
            if path == LOCK_FILE:
                self.load_lock()
            else:
                self.apply(self.host.set_text(path, doc.source))
            self._edited.add(path)

    def apply(self, change: GraphChange) -> None:
        """Re-check what a graph change touched and remember which files to publish."""
        if self.diagnostics is not None and self.host is not None:
            self._dirty |= self.diagnostics.update(self.host.graph(), change)

    def forget_published(self, uri: str) -> None:
        """Publish a file's diagnostics next time even if they did not change."""
        path = self.path_of(uri)
        if path is not None:
            self._published.pop(path, None)
            self._ranges.pop(path, None)
            self._force.add(path)

    def disk_changed(self, uri: str, deleted: bool) -> None:
        """A file changed on disk (a checkout, a save from elsewhere); open buffers still win."""
        path = self.path_of(uri)
        if path is None or self.host is None:
            return
        if path in ("pyproject.toml", "trine.toml"):
            self.reload()
            return
        if self.open_text(path) is not None:
            return
        self.host.close(path)
        if path == LOCK_FILE:
            self.load_lock()
            return
        role = self.host.role_of(path)
        if deleted or role is None or not (self.root / path).is_file():
            self.apply(self.host.remove(path))
        else:
            self.apply(self.host.load(path, role))

    def load_lock(self) -> None:
        """Read trine.lock from its open buffer or from disk, and re-check against it."""
        if self.root is None:
            return
        text = self.open_text(LOCK_FILE)
        self.lock = (
            lock_state(text)
            if text is not None
            else read_lock(self.root, self.config.max_file_size)
        )
        if self.diagnostics is not None:
            self.reset_diagnostics()

    def reset_diagnostics(self) -> None:
        """Check the whole graph afresh (after the index, a new lock or new settings)."""
        if self.host is None:
            return
        old = self.diagnostics
        self.diagnostics = Diagnostics(self.config.severity_of, self.lock)
        self.diagnostics.rebuild(self.host.graph())
        self._dirty |= self.diagnostics.paths() | (old.paths() if old else set())
        self._dirty |= set(self._published)

    def reload(self) -> None:
        """Re-read the configuration and re-index everything."""
        self.configure()
        self.spawn(self.index(None))

    # -- snapshot and diagnostics -----------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current graph and diagnostics, with every pending edit indexed."""
        if self._pending:
            self.flush()
        host = self.host
        assert host is not None and self.root is not None
        if self.diagnostics is None:
            self.reset_diagnostics()
        assert self.diagnostics is not None
        return Snapshot(host.graph(), self.diagnostics, self.root, self.lock)

    def to_lsp(self, diagnostic: Diagnostic, lines: Sequence[str]) -> types.Diagnostic:
        """A core diagnostic as an LSP one."""
        return types.Diagnostic(
            range=to_range(lines, diagnostic.span, self.encoding),
            message=diagnostic.message,
            severity=_SEVERITY[diagnostic.severity],
            code=diagnostic.code,
            code_description=types.CodeDescription(href=rule_url(diagnostic.code)),
            source="trine",
            data={"code": diagnostic.code, **diagnostic.data},
        )

    def current(self, path: str) -> tuple[Diagnostic, ...]:
        """A file's diagnostics as they stand; while the first index runs, only those that
        depend on nothing but the file and the specs (the rest would be guesses)."""
        items = self.snapshot().diagnostics.of(path)
        if self.indexed.is_set():
            return items
        return tuple(d for d in items if d.code in EARLY_RULES)

    def lsp_diagnostics(self, path: str) -> list[types.Diagnostic]:
        """The LSP diagnostics of one file."""
        items = self.current(path)
        lines = self.lines_of(path) if items else [""]
        return [self.to_lsp(d, lines) for d in items]

    # LSP-4, LSP-5: push only the files whose diagnostics changed.
    def publish(self) -> None:
        """Push diagnostics for every file whose diagnostics changed since the last push; while
        the first index runs, for the open files only."""
        if self.host is None or self.root is None or self.diagnostics is None:
            return
        if self._pending:
            self.flush()
        force, self._force = self._force, set()
        edited, self._edited = self._edited, set()
        if self.indexed.is_set():
            paths, self._dirty = self._dirty | force | edited, set()
        else:
            paths = {p for uri in self.workspace.text_documents if (p := self.path_of(uri))}
        for path in sorted(paths):
            items = self.current(path)
            same = identical(self._published.get(path, ()), items) and path not in force
            if same and path not in edited:
                continue
            lines = self.lines_of(path) if items else [""]
            diagnostics = [self.to_lsp(d, lines) for d in items]
            ranges = [d.range for d in diagnostics]
            # An edit can move the same diagnostics to other UTF-16 columns (`é` -> `😀`).
            if same and ranges == self._ranges.get(path, []):
                continue
            uri = self.uri_of(path)
            doc = self.workspace.text_documents.get(unquote(uri))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri,
                    version=doc.version if doc is not None else None,
                    diagnostics=diagnostics,
                )
            )
            if items:
                self._published[path], self._ranges[path] = items, ranges
            else:
                self._published.pop(path, None)
                self._ranges.pop(path, None)
        if self.indexed.is_set():
            self._schedule_status()

    def _schedule_status(self) -> None:
        if not self._status_scheduled:
            self._status_scheduled = True
            asyncio.get_running_loop().call_later(STATUS_DELAY, self.send_status)

    # LSP-20: the workspace summary, for an editor's status bar.
    def send_status(self) -> None:
        """Notify `trine/status` with the summary, when it changed since the last one (sent
        shortly after a burst of edits, off the path from an edit to its diagnostics)."""
        self._status_scheduled = False
        if self.diagnostics is None or self.host is None:
            return
        summary = summarize(self.host.graph(), self.diagnostics.severities)
        if summary != self._status:
            self._status = summary
            self.protocol.notify(STATUS, asdict(summary))


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
    for record in index_files(host.root, files, host.ids, host.max_file_size, cached, workers):
        records.append(record)
        if len(records) % _CHUNK == 0:
            loop.call_soon_threadsafe(progress, len(records))
    return records
