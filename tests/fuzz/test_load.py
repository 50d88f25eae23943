"""What the soak (`make soak`, bench/soak.py) found, pinned in-process so that `make test` sees it:
state that grows with every edit, however long the session.
"""

from __future__ import annotations

import asyncio

from lsprotocol import types

from trine.lsp.server import TrineServer


async def test_notifications_leave_nothing_behind() -> None:
    """LSP-28: handling didOpen and a thousand didChange notifications keeps no
    per-notification state in the server (pygls 2.1 kept each one's future, with its text)."""
    server = TrineServer()
    protocol = server.protocol
    protocol._send_data = lambda data: None  # type: ignore[method-assign]
    protocol._handle_request(
        "1",
        types.INITIALIZE,
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri="file:///nowhere"),
    )
    await asyncio.sleep(0)
    uri = "file:///nowhere/pkg/mod.py"
    protocol._handle_notification(
        types.TEXT_DOCUMENT_DID_OPEN,
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, "x = 1\n")),
    )
    for version in range(2, 1002):
        protocol._handle_notification(
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=f"x = {version}\n")],
            ),
        )
    await asyncio.sleep(0)
    assert len(protocol._request_futures) == 0
