"""Cancellation: `$/cancelRequest` against the real server over stdio.

Requests that arrive while the first index runs wait for it (at most INDEX_WAIT); a cancel
that arrives meanwhile must end them with RequestCancelled, and the server must go on answering.
A large generated workspace keeps the first index busy long enough for that.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lsp_support import RawClient

FILES = 400
REQUEST_CANCELLED = -32800


def write_large_workspace(root: Path, files: int) -> None:
    """A spec with one requirement per code file, each file with a few linked functions."""
    (root / "spec").mkdir(parents=True)
    (root / "pkg").mkdir()
    (root / "spec" / "big.md").write_text(
        "# Big\n\n" + "".join(f"- **REQ-{i}** Part {i} MUST work.\n" for i in range(files)),
        encoding="utf-8",
    )
    for i in range(files):
        body = "".join(
            f'def part_{i}_{j}(x):\n    """REQ-{i}: step {j}."""\n    return x + {j}\n\n\n'
            for j in range(10)
        )
        (root / "pkg" / f"mod{i}.py").write_text(body, encoding="utf-8")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[RawClient]:
    """A server that has just been told `initialized`: its first index is under way."""
    root = (tmp_path / "big").resolve()
    write_large_workspace(root, FILES)
    lsp = RawClient(root, timeout=30.0)  # a hang guard, not a timing requirement
    try:
        lsp.initialize()
        yield lsp
    finally:
        lsp.kill()


def test_cancelled_requests_answer_request_cancelled(client: RawClient) -> None:
    """LSP-24: requests cancelled while they wait for the first index are answered with
    RequestCancelled (-32800), and the requests after them are answered normally."""
    spec = client.uri("spec/big.md")
    slow = [
        ("workspace/symbol", {"query": "REQ-1"}),
        (
            "textDocument/references",
            {
                "textDocument": {"uri": spec},
                "position": {"line": 2, "character": 5},
                "context": {"includeDeclaration": True},
            },
        ),
        ("textDocument/codeLens", {"textDocument": {"uri": spec}}),
        (
            "textDocument/hover",
            {"textDocument": {"uri": spec}, "position": {"line": 2, "character": 5}},
        ),
    ]
    ids = [client.send_request(method, params) for method, params in slow]
    kept = client.send_request("workspace/symbol", {"query": "REQ-12"})
    for request_id in ids:
        client.notify("$/cancelRequest", {"id": request_id})
    for (method, _), request_id in zip(slow, ids, strict=True):
        response = client.response(request_id)
        assert response.get("error", {}).get("code") == REQUEST_CANCELLED, (method, response)
    # The request that was not cancelled gets its answer, and so do later ones.
    assert "REQ-12" in [s["name"] for s in client.response(kept)["result"]]
    symbols = client.request("workspace/symbol", {"query": "REQ-1"})
    assert "REQ-1" in [s["name"] for s in symbols]
    lenses = client.request("textDocument/codeLens", {"textDocument": {"uri": spec}})
    assert len(lenses) == FILES


def test_cancel_of_finished_or_unknown_requests_is_harmless(client: RawClient) -> None:
    """LSP-24: cancelling a request that was already answered, or that never existed, changes
    nothing: no second answer, and the server keeps answering."""
    done = client.send_request("workspace/symbol", {"query": "REQ-3"})
    assert "error" not in client.response(done)
    for request_id in (done, 9999, "no-such-request"):
        client.notify("$/cancelRequest", {"id": request_id})
    symbols = client.request("workspace/symbol", {"query": "REQ-3"})
    assert "REQ-3" in [s["name"] for s in symbols]
    assert done not in client.responses
