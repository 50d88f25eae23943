"""The language server: transport, capabilities and publishing over one `Session`.

Everything the workspace knows lives in the session; this class turns LSP notifications into
session changes, and session answers into LSP messages. Handlers are in `features.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from trine import __version__
from trine.analysis.coverage import Summary
from trine.analysis.findings import Diagnostic
from trine.analysis.registry import rule_url
from trine.lsp.convert import to_range
from trine.lsp.protocol import TrineProtocol, serve_stdio, serve_tcp
from trine.report import summary_out
from trine.session import Change, Session, SettingsSource

log = logging.getLogger(__name__)

STATUS = "trine/status"
INDEX_WAIT = 2.0
STATUS_DELAY = 0.2
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


class TrineServer(LanguageServer):
    """A trine language server over one workspace root."""

    def __init__(self) -> None:
        super().__init__(
            name="trine",
            version=__version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=TrineProtocol,
        )
        self.session: Session | None = None
        self.indexed = asyncio.Event()
        self._started = False
        self._flush_scheduled = False
        self._status_scheduled = False
        self._tasks: set[asyncio.Future[Any]] = set()
        self._shown: set[str] = set()
        self._status: Summary | None = None

    # LSP-21, LSP-25: pygls' own loops lose their place in the stream after one bad header.
    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve over stdio with the framing-tolerant reader; returns when the input ends."""
        serve_stdio(self, stdin, stdout)

    def start_tcp(self, host: str, port: int) -> None:
        """Serve one client at a time over TCP with the framing-tolerant reader."""
        serve_tcp(self, host, port)

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

    def warn(self, message: str) -> None:
        """Tell the user about a problem once (configuration is re-read often), and log it."""
        log.warning(message)
        if message not in self._shown:
            self._shown.add(message)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, message))

    # -- the session --------------------------------------------------------------------------

    @property
    def live(self) -> Session:
        """The session; only handlers that run after `initialize` ask for it."""
        assert self.session is not None, "the session exists once initialize is handled"
        return self.session

    def open_session(self, root: Path, init_options: dict[str, Any]) -> None:
        """Start the session for a workspace root (on `initialize`)."""
        settings: dict[SettingsSource, dict[str, Any]] = {"initializationOptions": init_options}
        self.session = Session(root, strict=False, settings=settings, warn=self.warn)

    def change(self, change: Change) -> None:
        """Apply a change; buffer edits that arrive together are indexed and published once, as
        soon as the queue is drained (no fixed delay). A new configuration re-indexes."""
        session = self.session
        if session is None:
            return
        session.apply(change)
        if session.needs_index and self._started:
            self.spawn(self.index(None))
        elif not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_and_publish)

    def _flush_and_publish(self) -> None:
        self._flush_scheduled = False
        self.publish()

    # -- paths --------------------------------------------------------------------------------

    def path_of(self, uri: str) -> str | None:
        """The workspace-relative path of a URI, None when it lies outside the workspace."""
        local = uris.to_fs_path(uri) if uris.uri_scheme(uri) == "file" else None
        if local is None or self.session is None:
            return None
        try:
            return Path(os.path.abspath(local)).relative_to(self.session.root).as_posix()
        except ValueError:
            return None

    def uri_of(self, path: str) -> str:
        """The URI of a workspace-relative path."""
        return (self.live.root / path).as_uri()

    @property
    def encoding(self) -> str:
        """The negotiated position encoding."""
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # -- indexing -----------------------------------------------------------------------------

    async def index(self, token: str | None) -> None:
        """Index the workspace, with work-done progress under `token` when the client gave one;
        the open files' early diagnostics are published before the rest is read."""
        session = self.live
        self._started = True
        self.indexed.clear()
        progress = _Progress(self, token)
        done = await session.index(self.thread_pool, progress, self.publish)
        progress.end()
        if done:
            self.indexed.set()
            self.publish()
            await self.tell_missed(session)

    # FMT-67: what the index missed is shown once, and nothing where there is nothing to trace.
    async def tell_missed(self, session: Session) -> None:
        """Show what `trine check` would say the index missed (no spec, unread code, half a
        layout) as one window message, unless the workspace has neither spec nor code."""
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(self.thread_pool, session.surveyor())
        # DIAG-28: and that coverage is not judged, and why.
        note = session.summary().coverage_note
        notes = [*found.notes, *([f"trine: {note}"] if note else [])]
        if notes and not found.nothing_to_trace:
            self.warn("\n".join(notes))

    # -- diagnostics --------------------------------------------------------------------------

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

    def lsp_diagnostics(self, path: str) -> list[types.Diagnostic]:
        """The LSP diagnostics of one file as they stand."""
        items = self.live.current(path)
        lines = self.live.lines_of(path) if items else [""]
        return [self.to_lsp(d, lines) for d in items]

    # LSP-4, LSP-5: push the files whose diagnostics changed, and the file just edited.
    def publish(self) -> None:
        """Push diagnostics for what changed since the last push (see `Session.to_publish`)."""
        if self.session is None:
            return
        for item in self.session.to_publish():
            lines = self.session.lines_of(item.path) if item.diagnostics else [""]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=self.uri_of(item.path),
                    version=item.version,
                    diagnostics=[self.to_lsp(d, lines) for d in item.diagnostics],
                )
            )
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
        if self.session is None:
            return
        summary = self.session.summary()
        if summary != self._status:
            self._status = summary
            self.protocol.notify(STATUS, summary_out(summary).model_dump(mode="json"))


class _Progress:
    """Work-done progress for one index: begun at the first report, ended once."""

    def __init__(self, server: TrineServer, token: str | None) -> None:
        self.server = server
        self.token = token
        self.total = 0
        self.begun = False

    def __call__(self, done: int, total: int) -> None:
        self.total = total
        if self.token is None:
            return
        progress = self.server.work_done_progress
        if not self.begun:
            self.begun = True
            progress.begin(
                self.token,
                types.WorkDoneProgressBegin(
                    title="trine: indexing", message=f"0/{total} files", percentage=0
                ),
            )
            return
        progress.report(
            self.token,
            types.WorkDoneProgressReport(
                message=f"{done}/{total} files", percentage=done * 100 // max(total, 1)
            ),
        )

    def end(self) -> None:
        if self.token is not None and self.begun:
            self.server.work_done_progress.end(
                self.token, types.WorkDoneProgressEnd(message=f"{self.total} files indexed")
            )
