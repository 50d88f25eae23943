"""pytest-lsp support: the real server over stdio, on a workspace written for each test.

The `client` fixture lives in tests/lsp/conftest.py; tests call `start` to open a workspace.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

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
