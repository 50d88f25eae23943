"""End-to-end: the real server over stdio, on workspaces written for the tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import start, wait_for_diagnostics

WORKSPACE = """
//- SPEC.md
# Durations

### DUR-1: Units
A duration MUST accept `s`, `m` and `h`.

### DUR-2: Errors
Malformed input MUST raise ValueError.
//- pkg/duration.py
# 😀 DUR-1 units.
def parse(text):
    return 0
//- tests/test_duration.py
from pkg.duration import parse

def test_units():
    assert parse("1s") == 0
"""


def _doc(root: Path, path: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=(root / path).as_uri())


async def test_diagnostics_arrive_with_codes_and_ranges(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-1, LSP-4: after indexing, every file's diagnostics are pushed with trine's codes and exact ranges."""
    await start(client, tmp_path, WORKSPACE)
    spec = (tmp_path / "SPEC.md").as_uri()
    untested = await wait_for_diagnostics(client, spec, "untested-clause", True)
    assert [d.range.start.line for d in untested] == [5]
    assert untested[0].source == "trine"
    unimplemented = await wait_for_diagnostics(client, spec, "unimplemented-clause", True)
    assert [d.range.start.line for d in unimplemented] == [5]


async def test_diagnostics_link_to_their_rule_page(client: LanguageClient, tmp_path: Path) -> None:
    """DIAG-11: a published diagnostic carries its rule page as codeDescription.href."""
    await start(client, tmp_path, WORKSPACE)
    spec = (tmp_path / "SPEC.md").as_uri()
    untested = await wait_for_diagnostics(client, spec, "untested-clause", True)
    assert untested[0].code_description is not None
    assert untested[0].code_description.href == (
        "https://github.com/trine-dev/trine/blob/main/docs/rules/untested-clause.md"
    )


async def test_hover_on_function_quotes_clause_and_tests(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-7: hover on a function shows the clause text and the tests that check it."""
    await start(client, tmp_path, WORKSPACE)
    hover = await client.text_document_hover_async(
        types.HoverParams(_doc(tmp_path, "pkg/duration.py"), types.Position(1, 5))
    )
    assert hover is not None
    text = hover.contents.value  # type: ignore[union-attr]
    assert "DUR-1" in text and "accept `s`, `m` and `h`" in text
    assert "tests/test_duration.py::test_units" in text


async def test_definition_after_emoji_in_utf16(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-8, LSP-9, LSP-17: a reference after an emoji jumps to its clause; columns count UTF-16 units."""
    await start(client, tmp_path, WORKSPACE)
    # "# 😀 DUR-1": the emoji is two UTF-16 units, so DUR-1 starts at character 5.
    found = await client.text_document_definition_async(
        types.DefinitionParams(_doc(tmp_path, "pkg/duration.py"), types.Position(0, 6))
    )
    assert isinstance(found, list) and len(found) == 1
    assert found[0].uri == (tmp_path / "SPEC.md").as_uri()
    assert found[0].range.start.line == 2
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=_doc(tmp_path, "SPEC.md"),
            position=types.Position(2, 6),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert [
        (r.uri.rsplit("/", 1)[-1], r.range.start.character, r.range.end.character) for r in refs
    ] == [("duration.py", 5, 10)]


async def test_unsaved_spec_edit_republishes_code_file(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-5, LSP-6: declaring a clause in an unsaved spec buffer clears unknown-reference in code."""
    fixture = WORKSPACE + "//- pkg/errors.py\n# DUR-3 is the error clause.\ndef fail():\n    pass\n"
    await start(client, tmp_path, fixture)
    code_uri = (tmp_path / "pkg/errors.py").as_uri()
    await wait_for_diagnostics(client, code_uri, "unknown-reference", True)
    spec = tmp_path / "SPEC.md"
    text = spec.read_text() + "\n### DUR-3: Negative\nNegative durations MUST be rejected.\n"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(spec.as_uri(), "markdown", 1, spec.read_text())
        )
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=spec.as_uri()),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await wait_for_diagnostics(client, code_uri, "unknown-reference", False)


async def test_completion_in_unsaved_comment(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-12: ids complete inside a comment of an unsaved buffer, with title and text."""
    await start(client, tmp_path, WORKSPACE)
    path = tmp_path / "pkg/new.py"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(path.as_uri(), "python", 1, "# implements DU\n")
        )
    )
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(0, 15))
    )
    assert isinstance(result, types.CompletionList)
    labels = {item.label: item for item in result.items}
    assert set(labels) == {"DUR-1", "DUR-2"}
    assert labels["DUR-2"].detail == "Errors"


async def test_quick_fix_creates_test_stub(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-13, LSP-16: an untested clause offers a test stub as a WorkspaceEdit naming the clause."""
    await start(client, tmp_path, WORKSPACE)
    spec = (tmp_path / "SPEC.md").as_uri()
    diagnostics = await wait_for_diagnostics(client, spec, "untested-clause", True)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(spec),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    assert actions
    stub = next(
        a
        for a in actions
        if isinstance(a, types.CodeAction) and a.title.startswith("Create a test")
    )
    assert stub.edit is not None and stub.edit.document_changes
    edits = [c for c in stub.edit.document_changes if isinstance(c, types.TextDocumentEdit)]
    assert "DUR-2" in edits[0].edits[0].new_text
    assert "def test_dur_2" in edits[0].edits[0].new_text


async def test_status_notification_carries_the_summary(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-20: after indexing, `trine/status` reports the coverage summary for status bars."""
    statuses: list[object] = []
    client.feature("trine/status")(lambda params: statuses.append(params))
    await start(client, tmp_path, WORKSPACE)
    for _ in range(250):
        if statuses:
            break
        await asyncio.sleep(0.02)
    status = statuses[-1]
    assert (status.requirements, status.implemented, status.tested) == (2, 1, 1)  # type: ignore[attr-defined]


async def test_pull_diagnostics_are_advertised_only_on_request(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-4: pull diagnostics are offered only to a client that asks, so none shows them twice."""
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=tmp_path.as_uri(),
            initialization_options={"diagnostics": "pull"},
        )
    )
    assert result.capabilities.diagnostic_provider is not None


async def test_pull_diagnostics_are_not_advertised_by_default(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-4: by default the server pushes diagnostics and advertises no pull capability."""
    result = await client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri())
    )
    assert result.capabilities.diagnostic_provider is None
    assert result.capabilities.hover_provider


async def test_opening_a_clean_file_publishes_its_empty_diagnostics(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-4: an opened buffer always gets its diagnostics, even when it has none."""
    await start(client, tmp_path, WORKSPACE)
    path = tmp_path / "tests/test_duration.py"
    uri = path.as_uri()
    assert uri not in client.diagnostics
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, path.read_text()))
    )
    for _ in range(250):
        if uri in client.diagnostics:
            break
        await asyncio.sleep(0.02)
    assert list(client.diagnostics[uri]) == []


async def _messages(client: LanguageClient, wait: float) -> list[str]:
    """The window messages shown so far, after giving the server `wait` seconds."""
    await asyncio.sleep(wait)
    return [m.message for m in client.messages]


async def test_a_workspace_with_code_and_no_spec_is_told_once(
    client: LanguageClient, tmp_path: Path
) -> None:
    """FMT-67: no spec is shown once as a window message, not again when the index reruns."""
    await start(client, tmp_path, "//- pkg/a.py\ndef f():\n    return 1\n")
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [shown] = await _messages(client, 0)
    assert shown.startswith("trine: no spec found; looked for ")
    assert "SPEC.md, spec/**" in shown.splitlines()[0]
    (tmp_path / "trine.toml").write_text('exclude = ["build/**"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(tmp_path / "trine.toml").as_uri(), type=types.FileChangeType.Created
                )
            ]
        )
    )
    assert await _messages(client, 1.0) == [shown]


async def test_markdown_files_that_look_like_specs_are_told_once(
    client: LanguageClient, tmp_path: Path
) -> None:
    """FMT-67, FMT-123: with a spec read, the Markdown files outside the spec paths that look
    like specs are named in the window message."""
    rules = "# Rules\n- **RULE-1** a\n- **RULE-2** b\n- **RULE-3** c\n"
    await start(client, tmp_path, f"//- SPEC.md\n# Spec\n//- notes/rules.md\n{rules}")
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [shown] = await _messages(client, 0)
    assert shown.startswith("trine: 1 other Markdown file looks like a spec")
    assert ": notes/rules.md; to read them" in shown


async def test_coverage_not_judged_is_told_once(client: LanguageClient, tmp_path: Path) -> None:
    """DIAG-28: where most of the code is in languages trine does not read, the message shown
    after the index says that coverage is not judged, and why."""
    kotlin = "".join(f"//- web/m{n}.kt\nval m = {n}\n" for n in range(2))
    await start(client, tmp_path, f"//- SPEC.md\n# Spec\n//- a.py\nx = 1\n{kotlin}")
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [shown] = await _messages(client, 0)
    assert shown.splitlines()[-1].startswith(
        "trine: coverage not judged: trine reads Python, and 2 of 3 code files are in languages"
        " it does not read yet: Kotlin (2);"
    )


async def test_a_workspace_with_nothing_to_trace_stays_quiet(
    client: LanguageClient, tmp_path: Path
) -> None:
    """FMT-67: with neither a spec nor code trine reads, the server shows nothing."""
    await start(client, tmp_path, "//- notes.txt\nhello\n")
    assert await _messages(client, 0.5) == []
