"""The server's state: configuration, the index host, open buffers and published diagnostics.

Handlers (in `features.py`) stay thin: they map a request to a path and position, call `ide/`,
and convert the answer. Everything here runs on the event loop thread except file parsing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import defaultdict
from collections.abc import Awaitable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from trine import __version__
from trine.analysis.coverage import Summary, summarize
from trine.analysis.diagnose import diagnose
from trine.analysis.drift import LockState
from trine.analysis.rules import Diagnostic
from trine.config import ConfigError, TrineConfig, load_config
from trine.ide.snapshot import Snapshot
from trine.index.cache import RecordCache
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
        self._snapshot: Snapshot | None = None
        self._published: dict[str, tuple[Diagnostic, ...]] = {}
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

    # LSP-1, LSP-2: parse in worker threads, answer requests in between.
    async def index(self, token: str | None) -> None:
        """Index the workspace from disk in worker threads, answering requests meanwhile."""
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
        for start in range(0, len(files), _CHUNK):
            chunk = files[start : start + _CHUNK]
            records = await loop.run_in_executor(
                self.thread_pool, _index_chunk, host, chunk, cached
            )
            if host is not self.host:
                return
            for record in records:
                if self.open_text(record.path) is None:
                    host.set_record(record)
            self._snapshot = None
            self._progress_report(token, start + len(chunk), len(files))
        self.spawn(loop.run_in_executor(self.thread_pool, cache.save, dict(host.records)))
        for path in list(self.workspace.text_documents):
            self.buffer_changed(path, publish=False)
        self._progress_end(token, len(files))
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

    def _progress_report(self, token: str | None, done: int, total: int) -> None:
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
        """An open buffer's text changed (or was opened): re-index it from the buffer."""
        path = self.path_of(uri)
        if path is None or self.host is None:
            return
        doc = self.workspace.text_documents.get(unquote(uri))
        if doc is None:
            return
        if path == LOCK_FILE:
            self.load_lock()
        else:
            self.host.set_text(path, doc.source)
        self._snapshot = None
        if publish:
            self.publish()

    def forget_published(self, uri: str) -> None:
        """Publish a file's diagnostics next time even if they did not change."""
        path = self.path_of(uri)
        if path is not None:
            self._published.pop(path, None)
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
        if path == LOCK_FILE:
            self.load_lock()
            return
        role = self.host.role_of(path)
        if deleted or role is None or not (self.root / path).is_file():
            self.host.remove(path)
        else:
            self.host.load(path, role)
        self._snapshot = None

    def load_lock(self) -> None:
        """Read trine.lock from its open buffer or from disk."""
        if self.root is None:
            return
        text = self.open_text(LOCK_FILE)
        self.lock = (
            lock_state(text)
            if text is not None
            else read_lock(self.root, self.config.max_file_size)
        )
        self._snapshot = None

    def reload(self) -> None:
        """Re-read the configuration and re-index everything."""
        self.configure()
        self.spawn(self.index(None))

    # -- snapshot and diagnostics -----------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current graph and diagnostics (rebuilt lazily after changes)."""
        if self._snapshot is None:
            host = self.host
            assert host is not None and self.root is not None
            graph = host.graph()
            diagnostics = diagnose(graph, self.config.severity_of, self.lock)
            self._snapshot = Snapshot(graph, tuple(diagnostics), self.root, self.lock)
        return self._snapshot

    def diagnostics_by_path(self) -> dict[str, tuple[Diagnostic, ...]]:
        """The current diagnostics of every file."""
        grouped: dict[str, list[Diagnostic]] = defaultdict(list)
        for diagnostic in self.snapshot().diagnostics:
            grouped[diagnostic.path].append(diagnostic)
        return {path: tuple(items) for path, items in grouped.items()}

    def to_lsp(self, diagnostic: Diagnostic, lines: Sequence[str]) -> types.Diagnostic:
        """A core diagnostic as an LSP one."""
        return types.Diagnostic(
            range=to_range(lines, diagnostic.span, self.encoding),
            message=diagnostic.message,
            severity=_SEVERITY[diagnostic.severity],
            code=diagnostic.code,
            source="trine",
            data={"code": diagnostic.code, **diagnostic.data},
        )

    def lsp_diagnostics(self, path: str) -> list[types.Diagnostic]:
        """The LSP diagnostics of one file."""
        items = self.diagnostics_by_path().get(path, ())
        lines = self.lines_of(path) if items else [""]
        return [self.to_lsp(d, lines) for d in items]

    # LSP-4, LSP-5: push only the files whose diagnostics changed.
    def publish(self) -> None:
        """Push diagnostics for every file whose diagnostics changed since the last push."""
        if self.host is None or self.root is None or not self.indexed.is_set():
            return
        current = self.diagnostics_by_path()
        force, self._force = self._force, set()
        for path in sorted(set(current) | set(self._published) | force):
            items = current.get(path, ())
            if self._published.get(path, ()) == items and path not in force:
                continue
            lines = self.lines_of(path) if items else [""]
            uri = self.uri_of(path)
            doc = self.workspace.text_documents.get(unquote(uri))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri,
                    version=doc.version if doc is not None else None,
                    diagnostics=[self.to_lsp(d, lines) for d in items],
                )
            )
            if items:
                self._published[path] = items
            else:
                self._published.pop(path, None)
        self.send_status()

    # LSP-20: the workspace summary, for an editor's status bar.
    def send_status(self) -> None:
        """Notify `trine/status` with the summary, when it changed since the last one."""
        summary = summarize(self.snapshot().graph, self.snapshot().diagnostics)
        if summary != self._status:
            self._status = summary
            self.protocol.notify(STATUS, asdict(summary))


def _index_chunk(
    host: IndexHost, chunk: list[tuple[str, Role]], cached: dict[str, FileRecord]
) -> list[FileRecord]:
    """Read and parse some files, or take them from the cache (in a worker thread)."""
    return list(index_files(host.root, chunk, host.ids, host.max_file_size, cached, workers=1))
