"""The JSON-RPC protocol, with the answers pygls 2.1 leaves out.

pygls drops a request whose params do not fit their type (the client then waits forever), lets
requests through before `initialize`, and loses its place in the stream for good after one
message with a bad `Content-Length`. LSP wants InvalidParams, MethodNotFound,
ServerNotInitialized and InvalidRequest errors instead, and a server that reads on.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import threading
from collections.abc import Generator
from typing import Any, BinaryIO
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidRequest,
    JsonRpcMethodNotFound,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification
from pygls.protocol.language_server import lsp_method
from pygls.server import JsonRPCServer

from trine.lsp.convert import from_position

log = logging.getLogger(__name__)

_ANSWERED = JsonRPCNotification(method="$/trine/answered", jsonrpc="2.0", params=None)
_ALWAYS_ALLOWED = {types.INITIALIZE, types.EXIT}
_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?\n?$", re.IGNORECASE)
MAX_BODY = 512 * 1024 * 1024
"""The largest message body the server reads; a bigger `Content-Length` is a framing error."""


def _is_id(value: Any) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _is_message(data: Any) -> bool:
    """Whether decoded JSON is a JSON-RPC 2.0 request, notification or response."""
    if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
        return False
    if "method" in data:
        return isinstance(data["method"], str) and ("id" not in data or _is_id(data["id"]))
    return "id" in data and ("result" in data or "error" in data)


class TrineProtocol(LanguageServerProtocol):
    """LanguageServerProtocol that answers every request, malformed or early ones included."""

    initialized = False

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        """pygls' initialize, then drop the pull-diagnostics capability unless the client asked
        for pull mode: a client that both receives pushes and pulls shows everything twice."""
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        options = params.initialization_options
        if not (isinstance(options, dict) and options.get("diagnostics") == "pull"):
            result.capabilities.diagnostic_provider = None
        return result

    # LSP-23: a change to a closed document is ignored; positions out of range are clamped.
    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        """didChange on a document that is open, with LSP's lines: only CR, LF and CRLF end a line
        (pygls splits with `str.splitlines`, which also breaks at U+2028, form feed and others). A
        column past the end of its line is the line's end, a line past the end of the text the
        end of the text, and a range given end first is read start first."""
        document = self.workspace.text_documents.get(unquote(params.text_document.uri))
        if document is None:
            log.warning("ignoring didChange of %s, which is not open", params.text_document.uri)
            return
        text = document.source
        encoding = str(document.position_codec.encoding)
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                text = _applied(text, change, encoding)
            else:
                text = change.text
        document.apply_change(types.TextDocumentContentChangeWholeDocument(text=text))
        document.version = params.text_document.version
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    # LSP-28: a handled notification leaves nothing behind.
    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        """pygls' handler execution, forgetting a notification's future once it is done: pygls
        files it under a fresh id that nothing ever removes, and with it every change's text."""
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        if callback != self._check_handler_result:
            return
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget(msg_id, done))

    def _forget(self, msg_id: Any, done: Any) -> None:
        """Drop a finished notification's future; cancelled ones are being dropped by pygls'
        shutdown, which is iterating over them."""
        if not done.cancelled():
            self._request_futures.pop(msg_id, None)

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Structure a message; a request that cannot be structured gets its error response."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" not in data or "method" not in data:
                raise
            method = data["method"]
            known = self.get_message_type(method) is not None or method in self.fm.features
            failure: JsonRpcException = error if known else JsonRpcMethodNotFound.of(method)
            if not self.initialized and method not in _ALWAYS_ALLOWED:
                failure = JsonRpcServerNotInitialized("the server is not initialized yet")
            log.warning(
                "answering %s request %r with %s", method, data["id"], type(failure).__name__
            )
            self._send_response(data["id"], None, failure.to_response_error())
            return _ANSWERED

    # LSP-22: requests out of order get the error LSP names for them.
    def handle_message(self, message: Any) -> None:
        """Handle a message; requests before `initialize` get ServerNotInitialized, a second
        `initialize` and requests after `shutdown` get InvalidRequest."""
        if message is _ANSWERED:
            return
        method = getattr(message, "method", None)
        is_request = method is not None and hasattr(message, "id")
        error: JsonRpcException | None = None
        if is_request and method == types.INITIALIZE and self.initialized:
            error = JsonRpcInvalidRequest("the server is already initialized")
        elif is_request and self._shutdown and method != types.EXIT:
            error = JsonRpcInvalidRequest("the server is shutting down")
        elif method == types.INITIALIZE and is_request:
            self.initialized = True
        elif is_request and not self.initialized and method not in _ALWAYS_ALLOWED:
            error = JsonRpcServerNotInitialized("the server is not initialized yet")
        elif not is_request and method in (types.INITIALIZE, types.SHUTDOWN):
            log.warning("ignoring a %s notification: it is a request", method)
            return
        elif method is not None and not self.initialized and method != types.EXIT:
            log.warning("ignoring %s notification before initialize", method)
            return
        if error is not None:
            log.warning("answering %s request %r with %s", method, message.id, error.message)
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)

    # LSP-21: whatever the body holds, the server answers what it can and reads on.
    def receive(self, body: bytes) -> None:
        """Handle one message body: JSON that does not parse gets ParseError, JSON that is not a
        JSON-RPC message gets InvalidRequest (with its id when it has one), the rest is handled."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as error:
            log.warning("answering a message that is not JSON with ParseError: %s", error)
            self._send_error(None, JsonRpcParseError(f"the message is not JSON: {error}"))
            return
        if not _is_message(data):
            found = data.get("id") if isinstance(data, dict) else None
            log.warning("answering a message that is not JSON-RPC 2.0 with InvalidRequest")
            self._send_error(
                found if _is_id(found) else None,
                JsonRpcInvalidRequest("the message is not a JSON-RPC 2.0 request or notification"),
            )
            return
        try:
            message = self.structure_message(data)
        except Exception:
            if "method" in data:
                log.exception("dropping a %s notification that cannot be read", data["method"])
            else:
                self._unreadable_answer(data["id"])
            return
        try:
            self.handle_message(message)
        except Exception as error:
            log.exception("failed to handle %s", data.get("method"))
            if "method" in data and "id" in data:
                self._send_error(data["id"], JsonRpcInternalError(str(error)))

    def _unreadable_answer(self, msg_id: Any) -> None:
        """The client answered a request of ours with something of the wrong shape: fail the
        request (whoever awaits it gets an error) rather than leave it waiting forever."""
        log.warning("the client's answer to request %r cannot be read", msg_id)
        self._result_types.pop(msg_id, None)
        future = self._request_futures.pop(msg_id, None)
        if future is not None and not future.done():
            future.set_exception(
                JsonRpcInternalError(f"the client's answer to request {msg_id!r} cannot be read")
            )

    def _send_error(self, msg_id: Any, error: JsonRpcException) -> None:
        response = self._converter.unstructure(error.to_response_error())
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": response})


_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def _applied(text: str, change: types.TextDocumentContentChangePartial, encoding: str) -> str:
    """The text after one ranged change, its positions read against LSP's lines."""
    lines = _LINE_BREAK.split(text)
    content = [line.rstrip("\r\n") for line in lines]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        line, col = from_position(content, position, encoding)
        return starts[line] + col

    start, end = offset(change.range.start), offset(change.range.end)
    start, end = min(start, end), max(start, end)
    return text[:start] + change.text + text[end:]


class _Reader:
    """What the message loop reads from: pygls' stdin reader or an asyncio stream."""

    def __init__(self, source: Any) -> None:
        self.source = source

    async def readline(self) -> bytes:
        line: bytes = await self.source.readline()
        return line

    async def read(self, size: int) -> bytes:
        try:
            data: bytes = await self.source.readexactly(size)
        except asyncio.IncompleteReadError as error:
            return error.partial
        return data


# LSP-21: framing errors cost at most the messages they touch; the next header is found again.
async def read_messages(stop_event: threading.Event, reader: Any, protocol: TrineProtocol) -> None:
    """pygls' message loop, made to resynchronise: any line that ends in a `Content-Length`
    header (also one glued to the remains of a broken message) starts a message, the last such
    header before the blank line wins, and a length beyond MAX_BODY is skipped, not allocated."""
    source = _Reader(reader)
    length: int | None = None
    while not stop_event.is_set():
        line = await source.readline()
        if not line:
            break
        if line.strip():
            match = _CONTENT_LENGTH.search(line)
            if match:
                length = int(match.group(1))
            elif length is None:
                log.warning("skipping bytes outside a message: %r", line[:80])
            continue
        if length is None:
            continue
        if length > MAX_BODY:
            log.error("skipping a message of %d bytes (at most %d are read)", length, MAX_BODY)
            length = None
            continue
        body = await source.read(length) if length else b""
        if len(body) < length:
            break
        length = None
        try:
            protocol.receive(body)
        except Exception:
            log.exception("failed to handle a message")
    log.info("the client closed the connection")


# LSP-21, LSP-25: the robust loop over stdio; the server ends when its input does.
def serve_stdio(
    server: JsonRPCServer, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
) -> None:
    """pygls' `start_io` with `read_messages` as the loop; returns when the input ends."""
    protocol = server.protocol
    assert isinstance(protocol, TrineProtocol)
    server._stop_event = stop = threading.Event()
    reader = StdinAsyncReader(stdin or sys.stdin.buffer, server.thread_pool)
    protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    try:
        asyncio.run(read_messages(stop, reader, protocol))
    except BrokenPipeError:
        log.error("the connection to the client is lost; shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


# LSP-21, LSP-25
def serve_tcp(server: JsonRPCServer, host: str, port: int) -> None:
    """pygls' `start_tcp` with `read_messages` as the loop, for one client at a time."""
    protocol = server.protocol
    assert isinstance(protocol, TrineProtocol)
    server._stop_event = stop = threading.Event()

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        protocol.set_writer(writer)  # type: ignore[arg-type]
        await read_messages(stop, reader, protocol)
        server.shutdown()

    async def listen() -> None:
        server._server = await asyncio.start_server(connection, host, port)
        log.info("listening on %s:%s", host, port)
        async with server._server:
            await server._server.serve_forever()

    try:
        asyncio.run(listen())
    except asyncio.CancelledError:
        log.debug("the TCP server was stopped")
