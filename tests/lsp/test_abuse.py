"""Protocol abuse: the real server over stdio, fed what no well-behaved client sends.

Every abuse is followed by a normal request, which must be answered. Timeouts here are hang
guards (generous), never timing assertions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lsp_support import RawClient
from trine.parsers.lock import Lock, render_lock
from workspaces import write_workspace

WORKSPACE = '''
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
- **REQ-2** Reads MUST be consistent.
//- pkg/store.py
def write():
    """Write it down."""
    # REQ-1 is what this does
    return 1


def read():
    # REQ-2
    return 2
//- tests/test_store.py
from pkg.store import read, write


def test_write():
    """REQ-1: a write is durable."""
    assert write() == 1


def test_read():
    """REQ-2: a read is consistent."""
    assert read() == 2
'''
STORE = "pkg/store.py"
HANG_GUARD = 30.0


def frame(message: Any) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def answers(client: RawClient) -> None:
    """A normal request gets its normal answer."""
    symbols = client.request("workspace/symbol", {"query": "REQ-2"})
    assert "REQ-2" in [symbol["name"] for symbol in symbols], symbols


def error_code(response: dict[str, Any]) -> int:
    assert "error" in response, response
    return int(response["error"]["code"])


def status_sent(client: RawClient) -> bool:
    return any(m["method"] == "trine/status" for m in client.notifications)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = (tmp_path / "ws").resolve()
    write_workspace(root, WORKSPACE)
    return root


@pytest.fixture
def client(root: Path) -> Iterator[RawClient]:
    """An initialized server whose first index is done."""
    lsp = RawClient(root)
    try:
        lsp.initialize()
        lsp.wait_for(lambda: status_sent(lsp), "first index")
        yield lsp
    finally:
        lsp.kill()


def test_broken_framing_costs_at_most_the_broken_message(client: RawClient) -> None:
    """LSP-21: a garbage body, a bad, short, long or huge Content-Length, a truncated header or
    one without its blank line: the server answers what it can and reads the next message."""
    hover = {"jsonrpc": "2.0", "id": "lost", "method": "textDocument/hover"}
    body = json.dumps(hover).encode()
    filler = frame({"jsonrpc": "2.0", "method": "$/trine/filler", "params": {"pad": "x" * 200}})
    cases = {
        "garbage body": b"Content-Length: 10\r\n\r\n{not json!",
        "not UTF-8": b"Content-Length: 4\r\n\r\n\xff\xfe\x00{",
        "empty body": b"Content-Length: 0\r\n\r\n",
        "length not a number": b"Content-Length: abc\r\n\r\n" + body,
        "length too short": b"Content-Length: 20\r\n\r\n" + body,
        "length too long": b"Content-Length: %d\r\n\r\n" % (len(body) + 50) + body + filler,
        "huge length": b"Content-Length: 99999999999999\r\n\r\n{}",
        "truncated header": b"Content-Len",
        "header without blank line": b"Content-Length: 10\r\n",
        "stray bytes between messages": b"\r\n\r\nhello\r\n",
        "other headers": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n",
    }
    for name, data in cases.items():
        client.send_bytes(data)
        try:
            answers(client)
        except AssertionError as error:
            raise AssertionError(f"no answer after {name}: {error}") from None
    parse_error = client.responses.get(None)
    assert parse_error is not None and error_code(parse_error) == -32700
    assert client.process.poll() is None


def test_json_that_is_not_json_rpc_gets_invalid_request(client: RawClient) -> None:
    """LSP-21: valid JSON that is not a JSON-RPC 2.0 message gets InvalidRequest (with its id
    when it has a usable one); the server goes on answering."""
    for message in ([1, 2, 3], "hello", 42, None, {"hello": 1}, [], {"jsonrpc": "2.0"}):
        client.responses.pop(None, None)
        client.send(message)
        client.wait_for(lambda: client.responses.get(None), f"an answer to {message!r}")
        assert error_code(client.responses.pop(None)) == -32600
        answers(client)
    for message in (
        {"jsonrpc": "1.0", "id": 71, "method": "workspace/symbol", "params": {"query": ""}},
        {"id": 72, "method": "workspace/symbol", "params": {"query": ""}},
        {"jsonrpc": "2.0", "id": 73, "method": 5},
    ):
        client.send(message)
        assert error_code(client.response(message["id"])) == -32600
        answers(client)
    # A response to a request the server never sent, and an id of the wrong type.
    client.send({"jsonrpc": "2.0", "id": "never-asked", "result": None})
    client.send({"jsonrpc": "2.0", "id": [1], "method": "workspace/symbol"})
    client.wait_for(lambda: client.responses.get(None), "an answer to a list id")
    assert error_code(client.responses.pop(None)) == -32600
    answers(client)


def test_requests_out_of_order_and_wrong_params_get_lsp_errors(root: Path) -> None:
    """LSP-22: requests before initialize get ServerNotInitialized; a second initialize and
    requests after shutdown get InvalidRequest; unknown methods, with or without params, get
    MethodNotFound; params of the wrong type get InvalidParams; notifications are never answered."""
    client = RawClient(root)
    try:
        hover = {
            "textDocument": {"uri": client.uri(STORE)},
            "position": {"line": 0, "character": 5},
        }
        assert error_code(client.request_raw("textDocument/hover", hover)) == -32002
        assert error_code(client.request_raw("shutdown")) == -32002
        assert error_code(client.request_raw("trine/noSuchMethod")) == -32002
        client.did_open(STORE, "# REQ-404\n")  # dropped: not initialized yet
        client.notify("initialized", {})
        client.initialize()
        client.wait_for(lambda: status_sent(client), "first index")
        assert error_code(client.request_raw("initialize", {"capabilities": {}})) == -32600

        assert error_code(client.request_raw("trine/noSuchMethod")) == -32601
        assert error_code(client.request_raw("trine/noSuchMethod", {"x": 1})) == -32601
        client.notify("trine/noSuchNotification", {"x": 1})
        client.notify("trine/noSuchNotification")
        wrong = [
            ("textDocument/hover", {"textDocument": "oops", "position": 5}),
            ("textDocument/hover", {"textDocument": {"uri": client.uri(STORE)}}),
            ("textDocument/references", {"textDocument": {"uri": 7}, "position": [0, 0]}),
            ("textDocument/hover", {**hover, "position": {"line": -1, "character": 0}}),
            ("textDocument/hover", {**hover, "position": {"line": 2**40, "character": 0}}),
            ("textDocument/codeLens", None),
            ("workspace/executeCommand", {"command": "trine.review", "arguments": [1]}),
        ]
        for method, params in wrong:
            assert error_code(client.request_raw(method, params)) == -32602, method
            answers(client)
        # Notifications with wrong params are dropped, never answered.
        client.notify("textDocument/didOpen", {"textDocument": 5})
        client.notify("$/cancelRequest", {"id": {"no": "such"}})
        answers(client)
        # The buffer sent before initialize was dropped: the file on disk is what counts.
        assert client.published(STORE) in (None, [])

        assert client.request("shutdown") is None
        assert error_code(client.request_raw("workspace/symbol", {"query": ""})) == -32600
        client.notify("exit")
        assert client.process.wait(timeout=HANG_GUARD) == 0
    finally:
        client.kill()


def test_requests_on_documents_never_opened(client: RawClient, root: Path) -> None:
    """LSP-23: requests on files that were never opened are answered from the disk, or empty
    for files that do not exist, lie outside the workspace or are not files at all."""
    spec = client.uri("SPEC.md")
    lenses = client.request("textDocument/codeLens", {"textDocument": {"uri": spec}})
    assert len(lenses) == 2
    outline = client.request("textDocument/documentSymbol", {"textDocument": {"uri": spec}})
    assert [item["name"] for item in outline[0]["children"]] == ["REQ-1", "REQ-2"]
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": client.uri(STORE)}, "position": {"line": 0, "character": 5}},
    )
    assert "REQ-1" in json.dumps(hover)
    elsewhere = [
        client.uri("pkg/missing.py"),
        (root.parent / "outside.py").as_uri(),
        "untitled:Untitled-1",
        "file:///%00/x.py",
        client.uri("pkg") + "/%2e%2e/%2e%2e/x.py",
        "not a uri at all",
    ]
    position = {"line": 3, "character": 400}
    for uri in elsewhere:
        document = {"textDocument": {"uri": uri}}
        at = {**document, "position": position}
        assert client.request("textDocument/hover", at) is None, uri
        assert client.request("textDocument/definition", at) == [], uri
        assert client.request("textDocument/codeLens", document) == [], uri
        assert client.request("textDocument/documentSymbol", document) == [], uri
        references = {**at, "context": {"includeDeclaration": True}}
        assert client.request("textDocument/references", references) == [], uri
        renamed = client.request_raw("textDocument/rename", {**at, "newName": "REQ-9"})
        assert renamed.get("result") is None, uri
        assert "error" not in renamed or error_code(renamed) == -32602, uri
    answers(client)


def test_changes_to_closed_documents_are_ignored(client: RawClient) -> None:
    """LSP-23: didChange for a document that was never opened changes nothing; requests on it
    are still answered from the disk."""
    change = {"range": _range(2, 6, 2, 11), "text": "REQ-9"}
    for uri in (client.uri(STORE), client.uri("pkg/never.py"), "untitled:x"):
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 5}, "contentChanges": [change]},
        )
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": client.uri(STORE)}, "position": {"line": 0, "character": 5}},
    )
    assert "REQ-1" in json.dumps(hover)
    assert not _codes(client.published(STORE) or [])
    answers(client)


def test_out_of_range_changes_are_clamped(client: RawClient) -> None:
    """LSP-23: a change past the end of a line lands at the line's end, past the last line at the
    end of the text, and a range given end first is read start first."""
    client.did_open("pkg/new.py", "x = 1\ny = 2")
    edits = [
        # Past the end of the last line (no newline after it): appended to the line.
        (_range(1, 99, 1, 120), " # REQ-8"),
        # Past the last line: the end of the text.
        (_range(40, 0, 50, 3), "\n# REQ-7"),
        # End first: the same as start first, replacing "1" on the first line.
        (_range(0, 5, 0, 4), "3  # REQ-6"),
    ]
    for version, (where, text) in enumerate(edits, 2):
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": client.uri("pkg/new.py"), "version": version},
                "contentChanges": [{"range": where, "text": text}],
            },
        )
    expected = "x = 3  # REQ-6\ny = 2 # REQ-8\n# REQ-7"
    unknown = client.wait_for(
        lambda: _latest_with(client, "pkg/new.py", version=len(edits) + 1), "the final diagnostics"
    )
    assert sorted(_ranges(unknown, "unknown-reference")) == sorted(
        _spans_of(expected, ("REQ-6", "REQ-7", "REQ-8"))
    )
    answers(client)


def test_flood_of_changes_then_a_request(root: Path) -> None:
    """LSP-23: 2,000 didChange notifications in a row, then a hover: the hover is answered from
    the final text, and the diagnostics are those of the final text."""
    client = RawClient(root, timeout=60.0)  # a hang guard for slow machines, not a requirement
    try:
        client.initialize(options={"diagnostics": "pull"})
        client.wait_for(lambda: status_sent(client), "first index")
        client.did_open(STORE, (root / STORE).read_text(encoding="utf-8"))
        count = 2000
        messages = []
        for number in range(count):
            new_id = "REQ-2" if number == count - 1 else ("REQ-9", "REQ-8")[number % 2]
            change = {"range": _range(2, 6, 2, 11), "text": new_id}
            messages.append(
                frame(
                    {
                        "jsonrpc": "2.0",
                        "method": "textDocument/didChange",
                        "params": {
                            "textDocument": {"uri": client.uri(STORE), "version": number + 2},
                            "contentChanges": [change],
                        },
                    }
                )
            )
        client.send_bytes(b"".join(messages))
        hover = client.request(
            "textDocument/hover",
            {"textDocument": {"uri": client.uri(STORE)}, "position": {"line": 0, "character": 5}},
        )
        shown = json.dumps(hover)
        assert "REQ-2" in shown and "Reads MUST be consistent" in shown, shown
        # write() now implements REQ-2, not REQ-1: nothing is wrong in the code, and REQ-1
        # (line 2 of the spec) has lost its implementation.
        pulled = client.request(
            "textDocument/diagnostic", {"textDocument": {"uri": client.uri(STORE)}}
        )
        assert pulled["items"] == []
        spec = client.request(
            "textDocument/diagnostic", {"textDocument": {"uri": client.uri("SPEC.md")}}
        )
        assert _ranges(spec["items"], "unimplemented-clause") == [(2, 4, 2, 9)]
        answers(client)
    finally:
        client.kill()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_no_edit_outside_the_workspace(tmp_path: Path) -> None:
    """LSP-26: with the test folder and trine.lock linked from outside the workspace, the
    server offers no test stub there and leaves the outside lock alone when asked to review."""
    root, outside = (tmp_path / "ws").resolve(), (tmp_path / "outside").resolve()
    # A test outside the test folder, so the workspace has tests (DIAG-15).
    other = "//- test_smoke.py\ndef test_smoke():\n    pass\n"
    write_workspace(root, WORKSPACE.split("//- tests/test_store.py")[0] + other)
    outside.mkdir()
    (root / "tests").symlink_to(outside, target_is_directory=True)
    (outside / "trine.lock").write_text("# not trine's to write\n")
    (root / "trine.lock").symlink_to(outside / "trine.lock")
    client = RawClient(root)
    try:
        client.initialize(
            {
                "workspace": {
                    "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create"]}
                }
            }
        )
        spec = client.wait_for(
            lambda: [
                d for d in client.published("SPEC.md") or [] if d["code"] == "untested-clause"
            ],
            "untested-clause",
        )
        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": client.uri("SPEC.md")},
                "range": spec[0]["range"],
                "context": {"diagnostics": spec},
            },
        )
        assert not [a for a in actions if a.get("edit")], actions
        review = {"command": "trine.review", "arguments": ["REQ-1", "", ""]}
        assert client.request("workspace/executeCommand", review) == 0
        # Open in the editor (a valid lock): edits to it would go through the link.
        client.did_open("trine.lock", render_lock(Lock()))
        assert client.request("workspace/executeCommand", review) == 0
        assert not [r for r in client.server_requests if r["method"] == "workspace/applyEdit"]
        assert (outside / "trine.lock").read_text() == "# not trine's to write\n"
        assert (root / "trine.lock").is_symlink()
        assert sorted(p.name for p in outside.iterdir()) == ["trine.lock"]
        answers(client)
    finally:
        client.kill()


def test_bad_answers_to_server_requests_do_not_hang(root: Path) -> None:
    """LSP-22: a client that answers a request of the server with a result of the wrong shape
    (here `workspace/applyEdit` answered with null) makes that one request fail: the command
    that waited for it is answered, and the server goes on."""
    (root / "trine.lock").write_text(render_lock(Lock()), encoding="utf-8")
    client = RawClient(root)
    try:
        client.initialize()
        client.wait_for(lambda: status_sent(client), "first index")
        client.did_open("trine.lock", render_lock(Lock()))
        review = {"command": "trine.review", "arguments": ["REQ-1", "", ""]}
        answer = client.request_raw("workspace/executeCommand", review)
        assert [r["method"] for r in client.server_requests] == ["workspace/applyEdit"]
        assert "error" in answer or answer["result"] == 0, answer
        answers(client)
    finally:
        client.kill()


def test_server_exits_when_its_input_closes(root: Path) -> None:
    """LSP-25: a client that closes the server's input (it quit or crashed) makes the server
    exit, also in the middle of a request."""
    client = RawClient(root)
    try:
        client.initialize()
        client.send_request("workspace/symbol", {"query": ""})
        assert client.process.stdin is not None
        client.process.stdin.close()
        assert client.process.wait(timeout=HANG_GUARD) == 0
    finally:
        client.kill()


LAUNCHER = """
import json, subprocess, sys, time
server = subprocess.Popen(
    [sys.executable, "-m", "trine", "serve"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
)
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "processId": None, "rootUri": sys.argv[1], "capabilities": {}}}).encode()
server.stdin.write(b"Content-Length: %d\\r\\n\\r\\n" % len(body) + body)
server.stdin.flush()
server.stdout.readline()
print(server.pid, flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    """Whether a process has exited (a zombie waiting for its reaper counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and /proc")
def test_server_exits_when_its_client_is_killed(root: Path) -> None:
    """LSP-25: when the process that holds the server's pipes is killed (SIGKILL, no goodbye),
    the server exits by itself, even without a processId to watch."""
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, root.as_uri()], stdout=subprocess.PIPE, text=True
    )
    try:
        assert launcher.stdout is not None
        pid = int(launcher.stdout.readline())
        assert not _gone(pid)
        launcher.send_signal(signal.SIGKILL)
        launcher.wait(timeout=HANG_GUARD)
        deadline = time.monotonic() + HANG_GUARD
        while not _gone(pid):
            assert time.monotonic() < deadline, "the server outlived its client"
            time.sleep(0.05)
    finally:
        launcher.kill()
        launcher.wait(timeout=HANG_GUARD)


# -- helpers ----------------------------------------------------------------------------------


def _range(line: int, col: int, end_line: int, end_col: int) -> dict[str, Any]:
    return {
        "start": {"line": line, "character": col},
        "end": {"line": end_line, "character": end_col},
    }


def _codes(diagnostics: list[dict[str, Any]]) -> set[str]:
    return {str(d.get("code")) for d in diagnostics}


def _ranges(diagnostics: list[dict[str, Any]], code: str) -> list[tuple[int, int, int, int]]:
    return [
        (
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in diagnostics
        if d.get("code") == code
    ]


def _spans_of(text: str, needles: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    spans = []
    for number, line in enumerate(text.split("\n")):
        for needle in needles:
            if needle in line:
                col = line.index(needle)
                spans.append((number, col, number, col + len(needle)))
    return spans


def _all_published(client: RawClient, relative: str) -> list[list[dict[str, Any]]]:
    uri = client.uri(relative)
    return [
        m["params"]["diagnostics"]
        for m in list(client.notifications)
        if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    ]


def _latest_with(
    client: RawClient, relative: str, version: int, empty_ok: bool = False
) -> list[dict[str, Any]] | None:
    """The diagnostics of the latest publish for a file if it is of `version` ([{}] if empty
    and `empty_ok`), else None."""
    uri = client.uri(relative)
    for message in reversed(client.notifications):
        params = message.get("params") or {}
        if message["method"] == "textDocument/publishDiagnostics" and params["uri"] == uri:
            if params.get("version") != version:
                return None
            found = list(params["diagnostics"])
            return found or ([{}] if empty_ok else None)
    return None
