"""Acceptance: trine's language server driven by a plain standard-library LSP client.

The client below knows nothing of trine's implementation: it speaks JSON-RPC with
Content-Length framing over the pipes of `python -m trine serve`, advertises only what a plain
editor would, and checks what a user sees on a copy of `examples/slugkit`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pytest

from lsp_support import RawClient

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "slugkit"

# A plain editor: hover and definition basics, nothing about progress, configuration or files.
CLIENT_CAPABILITIES: dict[str, Any] = {
    "textDocument": {
        "synchronization": {"didSave": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "definition": {"linkSupport": False},
        "publishDiagnostics": {"relatedInformation": False},
    }
}

# Files added to the copied workspace: a code file and a test with emoji before the references.
PARTY_PY = '''"""Slugs for festive titles."""

from slugkit.text import slugify


def party_slug(title):
    # 🎉🎉 see DUR-1 and SLUG-1, but not DUR-7.
    return slugify(title.replace("🎉", ""))
'''

TEST_PARTY_PY = '''from slugkit.party import party_slug


def test_party_title():
    """SLUG-1: 🎉 a festive title still gives a plain slug."""
    assert party_slug("🎉 Hi") == "hi"
'''

SPEC_ADDITION = """
### DUR-9: Negative durations

A negative duration MUST be rejected.
"""


def uri_to_path(uri: str) -> Path:
    """The local path of a `file:` URI, resolved so that spellings compare equal."""
    parsed = urlparse(uri)
    assert parsed.scheme == "file", uri
    return Path(url2pathname(unquote(parsed.path))).resolve()


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> dict[str, int]:
    """The LSP position (UTF-16 columns) of `offset` characters into the n-th `needle`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    index = start + offset
    line = text.count("\n", 0, index)
    line_start = text.rfind("\n", 0, index) + 1
    column = len(text[line_start:index].encode("utf-16-le")) // 2
    return {"line": line, "character": column}


def line_of(text: str, predicate: Callable[[str], bool]) -> int:
    """The 0-based number of the first line of `text` that satisfies `predicate`."""
    for number, line in enumerate(text.split("\n")):
        if predicate(line):
            return number
    raise AssertionError("no such line")


def hover_text(contents: Any) -> str:
    """Flatten any shape of `Hover.contents` (MarkupContent, MarkedString, or a list) to text."""
    if isinstance(contents, str):
        return contents
    if isinstance(contents, list):
        return "\n".join(hover_text(part) for part in contents)
    if isinstance(contents, dict):
        return str(contents.get("value", ""))
    return ""


def locations(result: Any) -> list[tuple[Path, dict[str, Any]]]:
    """Normalise Location | Location[] | LocationLink[] | null to (path, range) pairs."""
    if result is None:
        return []
    items = result if isinstance(result, list) else [result]
    pairs = []
    for item in items:
        if "targetUri" in item:
            pairs.append((uri_to_path(item["targetUri"]), item["targetSelectionRange"]))
        else:
            pairs.append((uri_to_path(item["uri"]), item["range"]))
    return pairs


def offset_of(text: str, position: dict[str, int]) -> int:
    """The string index of an LSP position (UTF-16 columns) in `text`."""
    lines = text.split("\n")
    line = position["line"]
    if line >= len(lines):
        return len(text)
    start = sum(len(before) + 1 for before in lines[:line])
    units = 0
    for index, char in enumerate(lines[line]):
        if units >= position["character"]:
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    return start + len(lines[line])


def apply_text_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply TextEdits as an editor does: all against the original text, last one first."""
    spans = [
        (offset_of(text, edit["range"]["start"]), offset_of(text, edit["range"]["end"]), edit)
        for edit in edits
    ]
    for start, end, edit in sorted(spans, key=lambda span: span[:2], reverse=True):
        text = text[:start] + edit["newText"] + text[end:]
    return text


def edited_files(root: Path, edit: dict[str, Any]) -> dict[Path, str]:
    """The text of each file a WorkspaceEdit (`changes` or `documentChanges`) leaves behind."""
    texts: dict[Path, str] = {}

    def current(path: Path) -> str:
        if path not in texts:
            texts[path] = path.read_text(encoding="utf-8") if path.exists() else ""
        return texts[path]

    for uri, edits in (edit.get("changes") or {}).items():
        path = uri_to_path(uri)
        texts[path] = apply_text_edits(current(path), edits)
    for change in edit.get("documentChanges") or []:
        if change.get("kind") == "create":
            path = uri_to_path(change["uri"])
            if not path.exists() or (change.get("options") or {}).get("overwrite"):
                texts[path] = ""
        elif "edits" in change:
            path = uri_to_path(change["textDocument"]["uri"])
            texts[path] = apply_text_edits(current(path), change["edits"])
    return {path: text for path, text in texts.items() if path.is_relative_to(root)}


class LspClient(RawClient):
    """The raw stdio client with what these editor sessions need: a full set of capabilities,
    the workspace's texts, and every diagnostics list published per file."""

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def initialize(self, capabilities: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "stdlib-test-client", "version": "0"},
                "rootUri": self.root.as_uri(),
                "rootPath": str(self.root),
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
                "capabilities": CLIENT_CAPABILITIES if capabilities is None else capabilities,
            },
        )
        self.notify("initialized", {})
        return result

    def publishes(self, relative: str) -> list[list[dict[str, Any]]]:
        """Every diagnostics list published so far for a file, oldest first."""
        path = (self.root / relative).resolve()
        return [
            message["params"]["diagnostics"]
            for message in list(self.notifications)
            if message["method"] == "textDocument/publishDiagnostics"
            and uri_to_path(message["params"]["uri"]) == path
        ]

    def diagnostics(
        self, relative: str, predicate: Callable[[list[dict[str, Any]]], bool]
    ) -> list[dict[str, Any]]:
        """Wait until the latest diagnostics published for a file satisfy `predicate`."""

        def latest() -> list[dict[str, Any]] | None:
            published = self.publishes(relative)
            if published and predicate(published[-1]):
                return published[-1] or [{}]  # a true value even when the list is empty
            return None

        found = self.wait_for(latest, f"diagnostics of {relative}")
        return [] if found == [{}] else found


def codes(diagnostics: list[dict[str, Any]]) -> set[str]:
    return {str(diagnostic.get("code")) for diagnostic in diagnostics}


def with_code(diagnostics: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [diagnostic for diagnostic in diagnostics if diagnostic.get("code") == code]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of examples/slugkit, plus a code file and a test with emoji on a reference line."""
    root = (tmp_path / "slugkit").resolve()
    shutil.copytree(EXAMPLE, root)
    (root / "slugkit" / "party.py").write_text(PARTY_PY, encoding="utf-8")
    (root / "tests" / "test_party.py").write_text(TEST_PARTY_PY, encoding="utf-8")
    return root


@pytest.fixture
def client(workspace: Path) -> Iterator[LspClient]:
    """A trine server started in the workspace, initialized, with its first diagnostics in."""
    lsp = LspClient(workspace)
    try:
        lsp.initialize()
        lsp.diagnostics("slugkit/duration.py", lambda found: "unknown-reference" in codes(found))
        yield lsp
    finally:
        lsp.kill()


def test_initialize_and_diagnostics(workspace: Path) -> None:
    """LSP-1, LSP-4, LSP-17: capabilities on initialize, then trine diagnostics on the right ranges."""
    lsp = LspClient(workspace)
    try:
        result = lsp.initialize()
        capabilities = result["capabilities"]
        for provider in (
            "hoverProvider",
            "definitionProvider",
            "implementationProvider",
            "referencesProvider",
            "codeLensProvider",
            "completionProvider",
            "codeActionProvider",
            "renameProvider",
            "documentSymbolProvider",
            "workspaceSymbolProvider",
        ):
            assert capabilities.get(provider) not in (None, False), provider
        # The client named no encoding, so columns are UTF-16.
        assert capabilities.get("positionEncoding", "utf-16") == "utf-16"

        spec = lsp.text("SPEC.md")
        found = lsp.diagnostics("SPEC.md", lambda d: "duplicate-clause" in codes(d))
        first = line_of(spec, lambda line: line.startswith("### DUR-3"))
        second = line_of(spec, lambda line: line.startswith("[DUR-3]"))
        (duplicate,) = with_code(found, "duplicate-clause")
        assert duplicate["range"]["start"]["line"] == second
        assert duplicate["severity"] == 1
        assert duplicate["source"] == "trine"
        untested = with_code(found, "untested-clause")
        assert first in {d["range"]["start"]["line"] for d in untested}

        code = lsp.text("slugkit/duration.py")
        found = lsp.diagnostics("slugkit/duration.py", lambda d: "unknown-reference" in codes(d))
        (unknown,) = with_code(found, "unknown-reference")
        start = position_of(code, "DUR-9")
        assert unknown["range"] == {
            "start": start,
            "end": {"line": start["line"], "character": start["character"] + len("DUR-9")},
        }
        assert unknown["severity"] == 1
        assert unknown["source"] == "trine"

        # On a line with two emoji before the reference, the columns count each emoji as 2.
        party = lsp.text("slugkit/party.py")
        found = lsp.diagnostics("slugkit/party.py", lambda d: "unknown-reference" in codes(d))
        (unknown,) = with_code(found, "unknown-reference")
        start = position_of(party, "DUR-7")
        assert unknown["range"]["start"] == start
        assert unknown["range"]["end"] == {
            "line": start["line"],
            "character": start["character"] + len("DUR-7"),
        }

        # The client supports no work-done progress, so the server must not ask to create one.
        assert not [
            request
            for request in lsp.server_requests
            if request["method"] == "window/workDoneProgress/create"
        ]
    finally:
        lsp.kill()


def test_hover_on_function_quotes_clause_and_tests(client: LspClient) -> None:
    """LSP-7: hover on a function name shows the clause text and the tests that check it."""
    code = client.text("slugkit/text.py")
    spec = client.text("SPEC.md")
    clause_text = spec.split("### SLUG-1: Lowercase ASCII\n\n", 1)[1].split("\n", 1)[0]
    result = client.request(
        "textDocument/hover",
        {
            "textDocument": {"uri": client.uri("slugkit/text.py")},
            "position": position_of(code, "def slugify", offset=len("def sl")),
        },
    )
    assert result is not None
    shown = hover_text(result["contents"])
    assert "SLUG-1" in shown
    assert clause_text in shown
    for test in ("test_lowercase", "test_trims_separators", "test_custom_separator"):
        assert test in shown


def test_definition_after_emoji_lands_on_clause(client: LspClient) -> None:
    """LSP-8, LSP-17: go to definition on a reference after emoji (UTF-16 columns) reaches the clause."""
    party = client.text("slugkit/party.py")
    spec = client.text("SPEC.md")
    # The last character of DUR-1: read as code points, this column would fall on "and".
    position = position_of(party, "DUR-1", offset=len("DUR-1") - 1)
    assert position["character"] == party.split("\n")[position["line"]].index("DUR-1") + 4 + 2
    result = client.request(
        "textDocument/definition",
        {"textDocument": {"uri": client.uri("slugkit/party.py")}, "position": position},
    )
    targets = locations(result)
    assert targets, result
    path, target = targets[0]
    assert path == (client.root / "SPEC.md").resolve()
    assert target["start"]["line"] == line_of(spec, lambda line: line.startswith("### DUR-1"))


def test_references_reach_code_and_tests(client: LspClient) -> None:
    """LSP-9: find references on a spec clause lists its mentions in code and in tests."""
    spec = client.text("SPEC.md")
    result = client.request(
        "textDocument/references",
        {
            "textDocument": {"uri": client.uri("SPEC.md")},
            "position": position_of(spec, "### SLUG-1", offset=len("### SL")),
            "context": {"includeDeclaration": True},
        },
    )
    found = {(path, target["start"]["line"]) for path, target in locations(result)}

    def at(relative: str, needle: str) -> tuple[Path, int]:
        text = client.text(relative)
        return (client.root / relative).resolve(), position_of(text, needle)["line"]

    expected = {
        at("SPEC.md", "### SLUG-1"),
        at("slugkit/text.py", "# SLUG-1: only lowercase"),
        at("slugkit/party.py", "SLUG-1"),
        at("tests/test_text.py", '"""SLUG-1'),
        at("tests/test_party.py", '"""SLUG-1'),
    }
    assert expected <= found, sorted(found)


def test_completion_in_unsaved_comment(client: LspClient) -> None:
    """LSP-12, LSP-6: completion in a comment of an unsaved new buffer offers clause ids."""
    assert not (client.root / "slugkit" / "new.py").exists()
    text = "# see DU"
    client.did_open("slugkit/new.py", text)
    result = client.request(
        "textDocument/completion",
        {
            "textDocument": {"uri": client.uri("slugkit/new.py")},
            "position": position_of(text, "DU", offset=2),
        },
    )
    items = result["items"] if isinstance(result, dict) else result
    assert items, result
    offered = set()
    for item in items:
        offered.add(item["label"])
        edit = item.get("textEdit")
        if edit:
            offered.add(edit["newText"])
    assert "DUR-1" in offered, sorted(offered)


def test_unsaved_spec_edit_republishes_code_file(client: LspClient) -> None:
    """LSP-5, LSP-6: declaring DUR-9 in an unsaved SPEC.md buffer clears the code file's error."""
    spec = client.text("SPEC.md")
    unchanged = {
        "slugkit/text.py": "untraced-symbol",
        "tests/test_text.py": "orphan-test",
        "spec/drafts.md": "file-problem",
    }
    for relative, code in unchanged.items():  # their first diagnostics are in before the edit
        client.diagnostics(relative, lambda found, code=code: code in codes(found))
    client.did_open("SPEC.md", spec)
    before = {relative: len(client.publishes(relative)) for relative in unchanged}
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": client.uri("SPEC.md"), "version": 2},
            "contentChanges": [{"text": spec + SPEC_ADDITION}],
        },
    )
    found = client.diagnostics("slugkit/duration.py", lambda d: "unknown-reference" not in codes(d))
    assert "unknown-reference" not in codes(found)
    assert (client.root / "SPEC.md").read_text(encoding="utf-8") == spec  # nothing saved
    # Only files whose diagnostics change are re-published; give stragglers a moment to arrive.
    time.sleep(0.5)
    assert {relative: len(client.publishes(relative)) for relative in unchanged} == before


def test_quick_fix_for_untested_clause_adds_test_stub(client: LspClient) -> None:
    """LSP-13, LSP-16: a quick fix on untested-clause edits a test file with a stub naming the clause."""
    spec = client.text("SPEC.md")
    found = client.diagnostics("SPEC.md", lambda d: "untested-clause" in codes(d))
    line = line_of(spec, lambda text: text.startswith("### DUR-3"))
    (diagnostic,) = [
        d for d in with_code(found, "untested-clause") if d["range"]["start"]["line"] == line
    ]
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": client.uri("SPEC.md")},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        },
    )
    assert actions, actions
    stubs = []
    for action in actions:
        for path, new_text in edited_files(client.root, action.get("edit") or {}).items():
            if path.name.startswith("test_") and re.search(r'"""[^"]*DUR-3', new_text):
                stubs.append((action.get("kind"), path, new_text))
    assert stubs, json.dumps(actions, indent=1)
    kind, path, new_text = stubs[0]
    assert kind is None or str(kind).startswith("quickfix")
    assert path.parent == (client.root / "tests").resolve()
    compile(new_text, str(path), "exec")  # the file, once the editor applies the edit, is Python
    # The editor applies the edit; the server wrote nothing itself.
    assert "DUR-3" not in client.text("tests/test_duration.py")


def test_shutdown_and_exit(client: LspClient) -> None:
    """LSP-3: shutdown then exit stops the server with exit code 0 within a few seconds."""
    started = time.monotonic()
    assert client.close() == 0
    assert time.monotonic() - started < 5


def test_exits_when_its_editor_dies(workspace: Path) -> None:
    """LSP-3: a server whose parent process (the `processId` it was given) dies exits by itself."""
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.3)"])
    lsp = LspClient(workspace)
    try:
        lsp.request(
            "initialize",
            {"processId": parent.pid, "rootUri": workspace.as_uri(), "capabilities": {}},
        )
        lsp.notify("initialized", {})
        parent.wait(timeout=5)
        assert lsp.process.wait(timeout=15) == 0
    finally:
        lsp.kill()


def test_malformed_and_early_requests_get_lsp_errors(workspace: Path) -> None:
    """LSP-19: requests before initialize, with wrong params or unknown methods get LSP errors,
    and the server keeps answering."""
    lsp = LspClient(workspace)
    try:
        early = lsp.request_raw("textDocument/hover", {"textDocument": {"uri": "file:///x"}})
        assert early["error"]["code"] == -32002
        lsp.initialize()
        wrong = lsp.request_raw("textDocument/hover", {"textDocument": "oops", "position": 5})
        assert wrong["error"]["code"] == -32602
        unknown = lsp.request_raw("trine/noSuchMethod")
        assert unknown["error"]["code"] == -32601
        text = lsp.text("slugkit/text.py")
        after = lsp.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": lsp.uri("slugkit/text.py")},
                "position": position_of(text, "slugify"),
            },
        )
        assert "SLUG-1" in hover_text(after["contents"])
    finally:
        assert lsp.close() == 0
