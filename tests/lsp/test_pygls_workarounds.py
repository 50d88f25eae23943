"""Stock pygls still has the bugs `server/trine/lsp/protocol.py` works around.

pygls and lsprotocol are pinned to exact versions in pyproject.toml because protocol.py overrides
private methods. When a pygls upgrade fixes one of these bugs, its test here fails: the
workaround can then go (see docs/reliability.md). Each test drives a stock `LanguageServer`
in-process through pygls' own message loop, with no trine code involved.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.io_ import run_async
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

PROTOCOL = Path(__file__).parents[2] / "server" / "trine" / "lsp" / "protocol.py"
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
OBSOLETE = "stock pygls now {fixed}: the workaround {where} in server/trine/lsp/protocol.py can go"


class _Collector:
    """A writer that keeps what the server sends, decoded."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def write(self, data: bytes | str) -> None:
        self.sent.append(json.loads(data))

    def close(self) -> None:
        """Nothing to close."""


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(msg_id: int, method: str, **params: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
    return message | params


def stock_session(
    *chunks: bytes, before: Callable[[LanguageServer], bytes] | None = None
) -> tuple[LanguageServer, list[dict[str, Any]]]:
    """Feed the bytes to a stock pygls server through `pygls.io_.run_async`, the loop
    `start_io` runs; return the server and every message it sent."""
    server = LanguageServer("stock", "0")
    writer = _Collector()
    server.protocol.set_writer(writer, include_headers=False)

    async def session() -> None:
        reader = asyncio.StreamReader()
        for chunk in chunks:
            reader.feed_data(chunk)
        if before is not None:
            reader.feed_data(before(server))
        reader.feed_eof()
        await run_async(threading.Event(), reader, server.protocol)
        await asyncio.sleep(0.05)  # let handlers scheduled on the loop finish

    asyncio.run(session())
    return server, writer.sent


def answered(sent: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    return {message["id"]: message for message in sent if "method" not in message}


def test_stock_pygls_drops_a_request_whose_params_do_not_fit() -> None:
    """`structure_message` (InvalidParams for bad params) is needed while stock pygls leaves
    such a request unanswered."""
    bad = request(2, "textDocument/hover", params={"textDocument": 5, "position": 0})
    _, sent = stock_session(frame(INITIALIZE), frame(bad))
    assert 2 not in answered(sent), OBSOLETE.format(
        fixed="answers a request with bad params", where="TrineProtocol.structure_message"
    )


def test_stock_pygls_drops_an_unknown_request_without_params() -> None:
    """MethodNotFound in `structure_message` is needed while stock pygls leaves an unknown
    method sent without `params` unanswered."""
    _, sent = stock_session(frame(INITIALIZE), frame(request(2, "trine/noSuchMethod")))
    assert 2 not in answered(sent), OBSOLETE.format(
        fixed="answers an unknown method without params",
        where="(MethodNotFound) in TrineProtocol.structure_message",
    )


def test_stock_pygls_answers_requests_before_initialize() -> None:
    """ServerNotInitialized in `handle_message` is needed while stock pygls answers requests
    that come before `initialize`."""
    _, sent = stock_session(frame(request(2, "shutdown")))
    assert "error" not in answered(sent)[2], OBSOLETE.format(
        fixed="refuses requests before initialize", where="(ServerNotInitialized) in handle_message"
    )


def test_stock_pygls_accepts_a_second_initialize() -> None:
    """InvalidRequest for a second `initialize` is needed while stock pygls answers it."""
    _, sent = stock_session(frame(INITIALIZE), frame(INITIALIZE | {"id": 2}))
    assert "error" not in answered(sent)[2], OBSOLETE.format(
        fixed="refuses a second initialize", where="(InvalidRequest) in handle_message"
    )


def test_stock_pygls_drops_requests_after_shutdown() -> None:
    """InvalidRequest after `shutdown` is needed while stock pygls leaves such requests
    unanswered."""
    after = request(3, "shutdown")
    _, sent = stock_session(frame(INITIALIZE), frame(request(2, "shutdown")), frame(after))
    assert 3 not in answered(sent), OBSOLETE.format(
        fixed="answers requests after shutdown", where="(InvalidRequest) in handle_message"
    )


def test_stock_pygls_loses_the_stream_after_a_bad_content_length() -> None:
    """`read_messages` is needed while stock pygls' loop, after one message whose
    `Content-Length` is too short, never finds a message header again."""
    broken = frame(request(2, "shutdown"))
    short = b"Content-Length: 3\r\n\r\n" + broken.split(b"\r\n\r\n", 1)[1]
    _, sent = stock_session(
        frame(INITIALIZE), short, frame(request(3, "shutdown")), frame(request(4, "shutdown"))
    )
    assert list(answered(sent)) == [1], OBSOLETE.format(
        fixed="reads on after a bad Content-Length", where="read_messages (and serve_stdio/tcp)"
    )


def test_stock_pygls_keeps_every_handled_notification_future() -> None:
    """`_execute_handler`'s clean-up is needed while stock pygls files each handled
    notification's future in `_request_futures` and never removes it."""
    opened = {
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {
            "textDocument": {
                "uri": "file:///a.py",
                "languageId": "python",
                "version": 1,
                "text": "",
            }
        },
    }
    server, _ = stock_session(frame(INITIALIZE), frame(opened))
    left = [f for f in server.protocol._request_futures.values() if f.done()]
    assert left, OBSOLETE.format(
        fixed="forgets a handled notification's future",
        where="TrineProtocol._execute_handler/_forget",
    )


def test_stock_pygls_leaves_a_malformed_answer_pending() -> None:
    """`_unreadable_answer` is needed while stock pygls never settles a server request whose
    answer from the client cannot be structured."""
    pending: list[Any] = []

    def ask(server: LanguageServer) -> bytes:
        params = types.ConfigurationParams(items=[types.ConfigurationItem(section="trine")])
        pending.append(server.protocol.send_request(types.WORKSPACE_CONFIGURATION, params))
        msg_id = next(iter(server.protocol._request_futures))
        return frame({"jsonrpc": "2.0", "id": msg_id, "result": 5})

    stock_session(frame(INITIALIZE), before=ask)
    assert not pending[0].done(), OBSOLETE.format(
        fixed="settles a request whose answer cannot be read", where="_unreadable_answer"
    )


def test_stock_pygls_breaks_lines_where_lsp_does_not() -> None:
    """`lsp_text_document__did_change` is needed while stock pygls reads a ranged change
    against `str.splitlines` lines, which also end at U+2028."""
    document = TextDocument("file:///a.md", "a\u2028b\nc")
    start = types.Position(line=1, character=0)
    document.apply_change(
        types.TextDocumentContentChangePartial(range=types.Range(start=start, end=start), text="X")
    )
    assert document.source != "a\u2028b\nXc", OBSOLETE.format(
        fixed="splits lines at CR, LF and CRLF only",
        where="TrineProtocol.lsp_text_document__did_change",
    )


def _private_names() -> set[str]:
    """The private pygls attributes protocol.py reads, sets or overrides (`self._x`,
    `server._x`, `super()._x`), minus the helpers it defines itself."""
    nodes = list(ast.walk(ast.parse(PROTOCOL.read_text(encoding="utf-8"))))
    own = {node.name for node in nodes if isinstance(node, ast.FunctionDef)}
    used = set()
    for node in nodes:
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__"):
            continue
        owner = node.value
        overrides = (  # an override calling pygls' own version
            isinstance(owner, ast.Call)
            and isinstance(owner.func, ast.Name)
            and owner.func.id == "super"
        )
        reads = isinstance(owner, ast.Name) and owner.id in {"self", "server", "protocol"}
        if overrides or (reads and node.attr not in own):
            used.add(node.attr)
    return used


def _pygls_imports() -> list[tuple[str, str]]:
    """The `(module, name)` of every `from pygls... import name` in protocol.py."""
    tree = ast.parse(PROTOCOL.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pygls")
        for alias in node.names
    ]


def test_the_private_pygls_names_protocol_py_uses_still_exist() -> None:
    """Every pygls import of protocol.py resolves, and every private attribute it uses exists
    on a stock server or protocol (the ones it only assigns are created by pygls too)."""
    for module, name in _pygls_imports():
        assert hasattr(importlib.import_module(module), name), f"pygls has no {module}.{name}"
    server = LanguageServer("stock", "0")
    names = _private_names()
    assert {"_execute_handler", "_request_futures", "_send_response"} <= names
    missing = sorted(
        name for name in names if not hasattr(server, name) and not hasattr(server.protocol, name)
    )
    assert not missing, f"stock pygls no longer has {missing}, which protocol.py relies on"
