"""The first index of a large workspace: open files get their diagnostics before it ends."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import capabilities

FILLER = 2500


def _ended(client: LanguageClient) -> bool:
    return any(
        isinstance(r, types.WorkDoneProgressEnd)
        for reports in client.progress_reports.values()
        for r in reports
    )


def _open(client: LanguageClient, path: Path, language: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, language, 1, path.read_text("utf-8"))
        )
    )
    return uri


async def test_open_files_get_diagnostics_before_the_index_ends(
    client: LanguageClient, tmp_path: Path
) -> None:
    """PERF-3: on a workspace of thousands of files, an open file's spec-local diagnostics are
    published while indexing still runs; findings that need the whole workspace wait for it."""
    (tmp_path / "SPEC.md").write_text("# Spec\n\n- **REQ-1** Jobs MUST run.\n", "utf-8")
    (tmp_path / "pkg").mkdir()
    code = tmp_path / "pkg" / "jobs.py"
    code.write_text('def run():\n    """REQ-1, REQ-9"""\n', "utf-8")
    # A test of nothing, so the workspace has tests (DIAG-15).
    (tmp_path / "test_smoke.py").write_text("def test_smoke():\n    pass\n", "utf-8")
    for index in range(FILLER):
        (tmp_path / "pkg" / f"filler_{index}.py").write_text(
            f'def _filler_{index}(value):\n    """Nothing to trace."""\n    return value\n', "utf-8"
        )
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(),
            root_uri=tmp_path.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="ws")],
        )
    )
    code_uri = _open(client, code, "python")
    spec_uri = _open(client, tmp_path / "SPEC.md", "markdown")

    while code_uri not in client.diagnostics:
        assert not _ended(client), "the index ended before the open file had diagnostics"
        await asyncio.sleep(0.005)
    early = client.diagnostics[code_uri]
    assert [(d.code, d.range.start.line) for d in early] == [("unknown-reference", 1)]
    assert "REQ-9" in early[0].message
    assert not [d for d in client.diagnostics.get(spec_uri, []) if d.code == "untested-clause"]

    for _ in range(3000):
        if _ended(client) and client.diagnostics.get(spec_uri):
            break
        await asyncio.sleep(0.01)
    assert [d.code for d in client.diagnostics[spec_uri]] == ["untested-clause"]
