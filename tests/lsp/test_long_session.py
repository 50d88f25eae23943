"""A long session: handling notifications must not keep anything behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Drives the server's protocol in a child process (the server object is a module singleton):
# initialize, open a document, send many changes, and report how many handler futures remain.
SESSION = """
import asyncio, sys
from lsprotocol import types
from trine.lsp.features import server

async def main():
    proto = server.protocol
    proto._send_data = lambda data: None
    root = sys.argv[1]
    proto._handle_request(
        "1", types.INITIALIZE, types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root)
    )
    await asyncio.sleep(0.2)
    uri = root + "/a.py"
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text="x = 1\\n")
    proto._handle_notification(types.TEXT_DOCUMENT_DID_OPEN, types.DidOpenTextDocumentParams(item))
    for version in range(2, 402):
        change = types.TextDocumentContentChangeWholeDocument(text=f"x = {version}\\n" * 100)
        proto._handle_notification(
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]),
        )
    await asyncio.sleep(0.2)
    print(len(proto._request_futures), server.workspace.get_text_document(uri).version)

asyncio.run(main())
"""


def test_notifications_leave_nothing_behind(tmp_path: Path) -> None:
    """LSP-28: after 400 didChange notifications the server holds no handler future for any of
    them (pygls 2.1 kept each one, with its change's text), and the document has the last
    version."""
    done = subprocess.run(
        [sys.executable, "-c", SESSION, tmp_path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == ["0", "401"]
