"""What an editor or an agent harness waits for: a publish after every open, change and save,
pull results that say `unchanged`, and no answer built across an edit.

Timeouts here are hang guards (generous), never timing assertions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pygls.exceptions import JsonRpcContentModified

from lsp_support import RawClient
from trine.lsp.features import create_server, guarded
from trine.lsp.server import TrineServer
from trine.session import BufferChanged
from workspaces import STORE, write_workspace

CODE = "pkg/store.py"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = (tmp_path / "ws").resolve()
    write_workspace(root, STORE)
    return root


def _started(root: Path, options: Any = None) -> RawClient:
    client = RawClient(root, timeout=30.0)
    client.initialize(options=options)
    client.wait_for(
        lambda: any(m["method"] == "trine/status" for m in client.notifications), "first index"
    )
    return client


@pytest.fixture
def client(root: Path) -> Iterator[RawClient]:
    lsp = _started(root)
    try:
        yield lsp
    finally:
        lsp.kill()


def _publishes(client: RawClient, relative: str) -> list[dict[str, Any]]:
    uri = client.uri(relative)
    return [
        m["params"]
        for m in client.notifications
        if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    ]


def _settle(client: RawClient) -> None:
    """A round trip: every notification sent for earlier messages has arrived before it."""
    client.request("workspace/symbol", {"query": "nothing"})


def test_every_open_change_and_save_publishes_that_document(client: RawClient) -> None:
    """LSP-30: didOpen, didChange and didSave each publish the document's diagnostics with its
    version, even when they did not change; other files are published only when theirs did."""
    text = (client.root / CODE).read_text("utf-8")
    client.did_open(CODE, text, version=1)
    _settle(client)
    assert [p["version"] for p in _publishes(client, CODE)][-1:] == [1]
    spec_count = len(_publishes(client, "SPEC.md"))
    uri = client.uri(CODE)
    for version in (2, 3):
        before = len(_publishes(client, CODE))
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [
                    {"text": text + f"\n# an edit that changes nothing {version}\n"}
                ],
            },
        )
        client.wait_for(lambda before=before: len(_publishes(client, CODE)) > before, "publish")
        published = _publishes(client, CODE)[-1]
        assert (published["version"], published["diagnostics"]) == (version, [])
    before = len(_publishes(client, CODE))
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    client.wait_for(lambda: len(_publishes(client, CODE)) > before, "publish after save")
    assert _publishes(client, CODE)[-1]["version"] == 3
    _settle(client)
    assert len(_publishes(client, "SPEC.md")) == spec_count


def test_pull_answers_unchanged_until_the_document_changes(root: Path) -> None:
    """LSP-29: a pull with the result id of the last answer is answered `unchanged` while the
    diagnostics stand, and in full with a new id once an edit may have changed them."""
    client = _started(root, options={"diagnostics": "pull"})
    try:
        document = {"uri": client.uri("SPEC.md")}
        first = client.request("textDocument/diagnostic", {"textDocument": document})
        assert first["kind"] == "full" and first["resultId"]
        again = client.request(
            "textDocument/diagnostic",
            {"textDocument": document, "previousResultId": first["resultId"]},
        )
        assert again == {"kind": "unchanged", "resultId": first["resultId"]}
        # Deleting the implementation of REQ-1 makes it unimplemented: a new, full answer.
        text = (root / CODE).read_text("utf-8")
        client.did_open(CODE, text.replace("REQ-1: write", "Write"))
        _settle(client)
        after = client.request(
            "textDocument/diagnostic",
            {"textDocument": document, "previousResultId": first["resultId"]},
        )
        assert after["kind"] == "full" and after["resultId"] != first["resultId"]
        assert [d["code"] for d in after["items"]] == ["unimplemented-clause"]
    finally:
        client.kill()


async def test_an_answer_built_across_an_edit_is_content_modified(root: Path) -> None:
    """LSP-31: a request whose handler yields to an edit before it answers gets ContentModified;
    one that sees a single state of the workspace gets its answer."""
    server = create_server()
    server.open_session(root, {})
    server.live.scan()
    server.indexed.set()

    async def across_an_edit(ls: TrineServer, _params: object) -> str:
        answer = ls.live.snapshot().graph.clauses["REQ-1"].id
        ls.live.apply(BufferChanged(CODE, "def write():\n    return 1\n"))
        await asyncio.sleep(0)
        return answer

    async def still(ls: TrineServer, _params: object) -> str:
        await asyncio.sleep(0)
        return ls.live.snapshot().graph.clauses["REQ-1"].id

    assert await guarded(lambda: None)(still)(server, None) == "REQ-1"
    with pytest.raises(JsonRpcContentModified):
        await guarded(lambda: None)(across_an_edit)(server, None)
