"""pytest-lsp support: the real server over stdio, on a workspace written for each test.

The `client` fixture lives in tests/lsp/conftest.py; tests call `start` to open a workspace.
`RawClient` drives the server byte by byte instead, for tests that break the protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

from workspaces import write_workspace


def capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    """A client that supports what trine uses: progress, resource operations, configuration."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings
        else None,
        window=types.WindowClientCapabilities(work_done_progress=True),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(
                    documentation_format=[types.MarkupKind.Markdown]
                )
            ),
        ),
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=True,
                resource_operations=[types.ResourceOperationKind.Create],
            ),
        ),
    )


async def start(
    client: LanguageClient, root: Path, fixture: str, encodings: list[str] | None = None
) -> None:
    """Write the workspace, initialize the session and wait until indexing has ended."""
    write_workspace(root, fixture)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(encodings),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        )
    )
    for _ in range(500):
        ended = [
            r
            for reports in client.progress_reports.values()
            for r in reports
            if isinstance(r, types.WorkDoneProgressEnd)
        ]
        if ended:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the server did not finish indexing in 10 s")


async def wait_for_diagnostics(
    client: LanguageClient, uri: str, code: str, present: bool = True
) -> list[types.Diagnostic]:
    """The pushed diagnostics of a code in a file, once they are there (or gone)."""
    for _ in range(300):
        found = [d for d in client.diagnostics.get(uri, []) if d.code == code]
        if bool(found) == present:
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"{code} {'never arrived' if present else 'never cleared'} for {uri}")


# -- a raw JSON-RPC client -------------------------------------------------------------------


class ServerGone(AssertionError):
    """The server did not answer in time, or its output ended."""


class RawClient:
    """`trine serve` over its stdio pipes, driven byte by byte (standard library only).

    Unlike pytest-lsp it can send what no well-behaved client sends: broken framing, JSON that
    is not JSON-RPC, requests out of order. Requests from the server get an empty answer."""

    def __init__(self, root: Path, timeout: float = 10.0) -> None:
        self.root = root
        self.timeout = timeout
        self.process = subprocess.Popen(
            [sys.executable, "-m", "trine", "serve"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._condition = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self.responses: dict[Any, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.server_requests: list[dict[str, Any]] = []
        self.stderr_lines: list[str] = []
        self.closed = False
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # -- transport -----------------------------------------------------------------------------

    def send_bytes(self, data: bytes) -> None:
        """Write raw bytes to the server's stdin."""
        assert self.process.stdin is not None
        with self._write_lock:
            self.process.stdin.write(data)
            self.process.stdin.flush()

    def send(self, message: Any) -> None:
        """Frame any JSON value with a correct Content-Length header and send it."""
        body = json.dumps(message).encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read_stdout(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if not line.strip():
                        break
                    name, _, value = line.decode("ascii", "replace").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is not None:
                    self._dispatch(json.loads(stream.read(length)))
        finally:
            with self._condition:
                self.closed = True
                self._condition.notify_all()

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace").rstrip())

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:
            with self._condition:
                self.server_requests.append(message)
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [None for _ in message.get("params", {}).get("items", [])]
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        with self._condition:
            if "method" in message:
                self.notifications.append(message)
            else:
                self.responses[message.get("id")] = message
            self._condition.notify_all()

    # -- JSON-RPC ------------------------------------------------------------------------------

    def notify(self, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def send_request(self, method: str, params: Any = None) -> int:
        """Send a request without waiting; its id."""
        with self._condition:
            self._next_id += 1
            request_id = self._next_id
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return request_id

    def response(self, request_id: Any) -> dict[str, Any]:
        """Wait for the response (result or error) to a request."""
        return self.wait_for(lambda: self.responses.pop(request_id, None), f"response {request_id}")

    def request_raw(self, method: str, params: Any = None) -> dict[str, Any]:
        return self.response(self.send_request(method, params))

    def request(self, method: str, params: Any = None) -> Any:
        """Send a request and return its result; an error response fails the test."""
        response = self.request_raw(method, params)
        assert "error" not in response, f"{method} failed: {response['error']}"
        return response.get("result")

    def wait_for(self, predicate: Callable[[], Any], what: str) -> Any:
        """Wait until `predicate()` (called under the lock) gives a true value, and return it."""
        deadline = time.monotonic() + self.timeout
        with self._condition:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    raise ServerGone(f"no {what} ({self.describe()})")
                self._condition.wait(remaining)

    def describe(self) -> str:
        tail = "\n".join(self.stderr_lines[-20:])
        return f"returncode={self.process.poll()}, stderr:\n{tail}"

    # -- LSP -----------------------------------------------------------------------------------

    def uri(self, relative: str) -> str:
        return (self.root / relative).as_uri()

    def initialize(
        self, capabilities: dict[str, Any] | None = None, options: Any = None
    ) -> dict[str, Any]:
        """`initialize` then `initialized`, as a plain editor with no extra capabilities."""
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root.as_uri(),
                "capabilities": capabilities or {},
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})
        return result

    def published(self, relative: str) -> list[dict[str, Any]] | None:
        """The latest diagnostics published for a file, None before any."""
        uri = self.uri(relative)
        for message in reversed(self.notifications):
            if (
                message["method"] == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            ):
                return list(message["params"]["diagnostics"])
        return None

    def did_open(self, relative: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": self.uri(relative),
                    "languageId": "markdown" if relative.endswith(".md") else "python",
                    "version": version,
                    "text": text,
                }
            },
        )

    def close(self) -> int:
        """`shutdown` then `exit`; the server's exit code."""
        try:
            if self.process.poll() is None and not self.closed:
                self.request("shutdown")
                self.notify("exit")
            return self.process.wait(timeout=10)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
