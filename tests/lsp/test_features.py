"""End-to-end language-server features: the real server over stdio, one workspace per test.

Each test writes a small workspace, starts a fresh server on it and asserts what an editor
would show: pushed and pulled diagnostics, hovers, jumps, lenses, completions, fixes and edits.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

import pytest
from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.exceptions import JsonRpcException
from pygls.protocol.json_rpc import JsonRPCResponseMessage
from pytest_lsp import LanguageClient

from lsp_support import capabilities, start, wait_for_diagnostics
from workspaces import write_workspace

T = TypeVar("T")
CONVERTER = get_converter()
UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16

# Line numbers the tests rely on:
#   SPEC.md            0 "# Durations", 2 "## Parsing", 4 "### DUR-1: Units",
#                      7 the DUR-3 list item, 9 "### DUR-2: Errors"
#   pkg/duration.py    0 the emoji comment, 1 "def parse", 5 "def check", 6 its docstring
#   tests/test_duration.py  3 "def test_units", 4 its docstring
WORKSPACE = '''
//- SPEC.md
# Durations

## Parsing

### DUR-1: Units
A duration MUST accept `s`, `m` and `h`.

- **DUR-3** Whitespace around the number MUST be ignored.

### DUR-2: Errors
Malformed input MUST raise ValueError.
//- pkg/duration.py
# 😀 DUR-1 units.
def parse(text):
    return 0


def check(text):
    """DUR-2: reject malformed input; see DUR-22."""
    raise ValueError(text)
//- tests/test_duration.py
from pkg.duration import parse


def test_units():
    """DUR-1: seconds, minutes and hours parse."""
    assert parse("1s") == 0
'''

SPEC = "SPEC.md"
CODE = "pkg/duration.py"
TESTS = "tests/test_duration.py"


# -- helpers ---------------------------------------------------------------------------------


def _uri(root: Path, path: str) -> str:
    return (root / path).as_uri()


def _doc(root: Path, path: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=_uri(root, path))


def _pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def _client_capabilities(
    encodings: list[str] | None = None,
    workspace_edit: types.WorkspaceEditClientCapabilities | None = None,
) -> types.ClientCapabilities:
    """What `lsp_support.capabilities` declares, plus Markdown in hovers and completions."""
    caps = capabilities(encodings)
    if workspace_edit is not None:
        assert caps.workspace is not None
        caps.workspace.workspace_edit = workspace_edit
    caps.text_document = types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(
                documentation_format=[types.MarkupKind.Markdown]
            )
        ),
    )
    return caps


async def _session(
    client: LanguageClient,
    root: Path,
    fixture: str,
    *,
    caps: types.ClientCapabilities | None = None,
    options: dict[str, Any] | None = None,
) -> types.InitializeResult:
    """Like `lsp_support.start`, with chosen capabilities and initializationOptions; returns
    the server's answer to `initialize` once the first index has ended and its diagnostics
    have been pushed."""
    write_workspace(root, fixture)
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=caps or _client_capabilities(),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
            initialization_options=options,
        )
    )
    await _until(lambda: _progress(client, types.WorkDoneProgressEnd), "the end of indexing")
    await _settled(client)
    return result


def _progress(client: LanguageClient, kind: type[T]) -> list[T]:
    return [
        r for reports in client.progress_reports.values() for r in reports if isinstance(r, kind)
    ]


async def _until(check: Callable[[], T], what: str) -> T:
    """Poll (boundedly) until `check()` is truthy, and return it."""
    for _ in range(300):
        value = check()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def _settled(client: LanguageClient) -> None:
    """A round trip: the server handles messages in order, so when this answer arrives every
    notification it sent for earlier messages (such as diagnostics) has arrived before it."""
    await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="no such clause"))


def _where(locations: Sequence[types.Location], root: Path) -> list[tuple[str, int, int, int]]:
    """Locations as (workspace path, line, start character, end character)."""
    return [
        (
            Path(unquote(urlparse(loc.uri).path)).relative_to(root).as_posix(),
            loc.range.start.line,
            loc.range.start.character,
            loc.range.end.character,
        )
        for loc in locations
    ]


def _open(client: LanguageClient, root: Path, path: str, text: str, language: str) -> str:
    uri = _uri(root, path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def _file_event(client: LanguageClient, uri: str, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=kind)])
    )


def _text_edits(edit: types.WorkspaceEdit) -> dict[str, list[types.TextEdit]]:
    """The text edits of a WorkspaceEdit by URI, whichever form the server chose."""
    found: dict[str, list[types.TextEdit]] = {}
    for uri, edits in (edit.changes or {}).items():
        found.setdefault(uri, []).extend(edits)
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit):
            found.setdefault(change.text_document.uri, []).extend(
                e for e in change.edits if isinstance(e, types.TextEdit)
            )
    return found


def _created(edit: types.WorkspaceEdit) -> list[str]:
    return [c.uri for c in edit.document_changes or [] if isinstance(c, types.CreateFile)]


def _apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply text edits the way an editor does, columns counted in UTF-16 units."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        data = lines[position.line].encode("utf-16-le")[: position.character * 2]
        start = sum(len(before) + 1 for before in lines[: position.line])
        return start + len(data.decode("utf-16-le", errors="ignore"))

    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def _actions(
    client: LanguageClient, uri: str, range_: types.Range, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    """The server's code actions as it sent them.

    lsprotocol 2025.0.0 structures every answer item that has a `command` key as a `Command`,
    so a CodeAction carrying a command would arrive mangled; read the raw answer instead."""
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=range_,
        context=types.CodeActionContext(diagnostics=diagnostics),
    )
    msg_id = f"code-action-{uuid.uuid4()}"
    answer = client.protocol.send_request(types.TEXT_DOCUMENT_CODE_ACTION, params, msg_id=msg_id)
    client.protocol._result_types[msg_id] = JsonRPCResponseMessage  # keep the JSON as sent
    raw = await asyncio.wrap_future(answer)
    return [CONVERTER.structure(item, types.CodeAction) for item in raw or []]


def _hover_text(hover: types.Hover | None) -> str:
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


# -- lifecycle and protocol ------------------------------------------------------------------


async def test_indexing_reports_files_done_of_total(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-1: indexing reports work-done progress as files done of the total, then ends."""
    await start(client, tmp_path, WORKSPACE)
    begin = _progress(client, types.WorkDoneProgressBegin)
    reports = _progress(client, types.WorkDoneProgressReport)
    end = _progress(client, types.WorkDoneProgressEnd)
    assert [b.message for b in begin] == ["0/3 files"]
    assert reports and reports[-1].message == "3/3 files"
    assert reports[-1].percentage == 100
    assert [e.message for e in end] == ["3 files indexed"]


@pytest.mark.parametrize("given", ["folders", "root_uri", "root_path"])
async def test_workspace_root_from_initialize(
    client: LanguageClient, tmp_path: Path, given: str
) -> None:
    """LSP-1: the root is the first workspace folder, else rootUri, else rootPath."""
    root, other = tmp_path / "ws", tmp_path / "other"
    write_workspace(root, WORKSPACE)
    write_workspace(other, "//- SPEC.md\n# Other\n\n### DUR-1: Elsewhere\nIt MUST not be read.\n")
    folders = [
        types.WorkspaceFolder(uri=root.as_uri(), name="ws"),
        types.WorkspaceFolder(uri=other.as_uri(), name="other"),
    ]
    # Each case also gives the fields that must lose, pointing at the other folder.
    uri_root = {"folders": other, "root_uri": root}.get(given)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=_client_capabilities(),
            workspace_folders=folders if given == "folders" else None,
            root_uri=uri_root.as_uri() if uri_root else None,
            root_path=str(root if given == "root_path" else other),
        )
    )
    await _until(lambda: _progress(client, types.WorkDoneProgressEnd), "the end of indexing")
    untested = await wait_for_diagnostics(client, _uri(root, SPEC), "untested-clause")
    assert sorted(d.range.start.line for d in untested) == [7, 9]
    await _settled(client)
    assert not [uri for uri in client.diagnostics if uri.startswith(other.as_uri())]


@pytest.mark.parametrize(
    ("encoding", "start_char", "end_char"),
    [(UTF8, 7, 12), (None, 5, 10)],
    ids=["utf-8", "utf-16-by-default"],
)
async def test_columns_after_emoji_in_negotiated_encoding(
    client: LanguageClient, tmp_path: Path, encoding: str | None, start_char: int, end_char: int
) -> None:
    """LSP-17: columns after an emoji count UTF-8 bytes when the client prefers UTF-8, else UTF-16 units."""
    caps = _client_capabilities(encodings=[encoding] if encoding else None)
    result = await _session(client, tmp_path, WORKSPACE, caps=caps)
    assert (result.capabilities.position_encoding or UTF16) == (encoding or UTF16)
    # "# 😀 DUR-1": the emoji is 4 UTF-8 bytes or 2 UTF-16 units wide.
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(tmp_path, CODE), position=_pos(0, start_char))
    )
    assert isinstance(found, list)
    assert _where(found, tmp_path) == [(SPEC, 4, 4, 16)]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=_doc(tmp_path, SPEC),
            position=_pos(4, 6),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert (CODE, 0, start_char, end_char) in _where(refs or [], tmp_path)
    # The last column of the reference still counts as on it.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(tmp_path, CODE), position=_pos(0, end_char - 1))
    )
    assert hover is not None and hover.range is not None
    assert (hover.range.start.character, hover.range.end.character) == (start_char, end_char)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=_doc(tmp_path, CODE), position=_pos(0, start_char))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert (prepared.range.start.character, prepared.range.end.character) == (start_char, end_char)


async def test_utf8_diagnostic_range_after_emoji(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-17, LSP-4: with UTF-8 negotiated, a pushed diagnostic after two emoji starts at byte 11."""
    fixture = WORKSPACE + "//- pkg/later.py\n# 😀😀 DUR-7 comes later.\ndef later():\n    pass\n"
    await _session(client, tmp_path, fixture, caps=_client_capabilities(encodings=[UTF8]))
    [unknown] = await wait_for_diagnostics(
        client, _uri(tmp_path, "pkg/later.py"), "unknown-reference"
    )
    assert (unknown.range.start.line, unknown.range.start.character) == (0, 11)
    assert (unknown.range.end.line, unknown.range.end.character) == (0, 16)


# -- diagnostics -----------------------------------------------------------------------------


async def test_pulled_diagnostics_equal_pushed(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-4: a textDocument/diagnostic pull answers exactly the diagnostics that were pushed."""
    await _session(client, tmp_path, WORKSPACE)
    for path, code in [(SPEC, "untested-clause"), (CODE, "unknown-reference")]:
        uri = _uri(tmp_path, path)
        await wait_for_diagnostics(client, uri, code)
        pulled = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(pulled, types.RelatedFullDocumentDiagnosticReport)
        assert list(pulled.items) == list(client.diagnostics[uri])
        assert all(d.source == "trine" for d in pulled.items)
    pulled = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=_doc(tmp_path, TESTS))
    )
    assert isinstance(pulled, types.RelatedFullDocumentDiagnosticReport)
    assert list(pulled.items) == list(client.diagnostics.get(_uri(tmp_path, TESTS), []))


async def test_deleting_a_test_file_makes_its_clause_untested(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-5, LSP-6: a test file deleted outside the editor makes its clause untested at once, and only the spec is re-published."""
    # Another test file stays, so the workspace still has tests (DIAG-15).
    other = "//- tests/test_other.py\ndef test_other():\n    pass\n"
    await _session(client, tmp_path, WORKSPACE + other)
    spec, code = _uri(tmp_path, SPEC), _uri(tmp_path, CODE)
    before = await wait_for_diagnostics(client, spec, "untested-clause")
    assert 4 not in [d.range.start.line for d in before]
    code_before = client.diagnostics[code]
    (tmp_path / TESTS).unlink()
    _file_event(client, _uri(tmp_path, TESTS), types.FileChangeType.Deleted)
    await _settled(client)
    untested = [d for d in client.diagnostics[spec] if d.code == "untested-clause"]
    assert sorted(d.range.start.line for d in untested) == [4, 7, 9]
    assert client.diagnostics[code] is code_before
    # A test file created outside the editor is picked up as well.
    (tmp_path / "tests/test_errors.py").write_text(
        'def test_errors():\n    """DUR-2: bad input."""\n'
    )
    _file_event(client, _uri(tmp_path, "tests/test_errors.py"), types.FileChangeType.Created)
    await _settled(client)
    untested = [d for d in client.diagnostics[spec] if d.code == "untested-clause"]
    assert sorted(d.range.start.line for d in untested) == [4, 7]


async def test_edit_that_changes_no_diagnostics_republishes_only_the_edited_file(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-5: an edit re-publishes the files whose diagnostics it changes, and the edited file
    itself (LSP-30), nothing else."""
    await _session(client, tmp_path, WORKSPACE)
    spec, code = _uri(tmp_path, SPEC), _uri(tmp_path, CODE)
    await wait_for_diagnostics(client, code, "unknown-reference")
    text = (tmp_path / CODE).read_text()
    _open(client, tmp_path, CODE, text, "python")  # opening re-publishes the file's diagnostics
    await _settled(client)
    spec_before, code_before = client.diagnostics[spec], client.diagnostics[code]
    _change(client, code, 2, text.replace("units.", "units, as typed."))
    await _settled(client)
    assert client.diagnostics[spec] is spec_before
    assert client.diagnostics[code] is not code_before
    assert client.diagnostics[code] == code_before
    # Dropping the unknown reference changes the code file's diagnostics, and only those.
    _change(client, code, 3, text.replace("; see DUR-22", ""))
    await wait_for_diagnostics(client, code, "unknown-reference", present=False)
    await _settled(client)
    assert client.diagnostics[spec] is spec_before


async def test_closed_buffer_falls_back_to_disk(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-6: an unsaved spec buffer wins over the disk until it is closed, then the disk wins."""
    await _session(client, tmp_path, WORKSPACE)
    code = _uri(tmp_path, CODE)
    await wait_for_diagnostics(client, code, "unknown-reference")
    text = (tmp_path / SPEC).read_text()
    spec = _open(client, tmp_path, SPEC, text, "markdown")
    _change(client, spec, 2, text + "\n### DUR-22: Negative\nNegative durations MUST fail.\n")
    await wait_for_diagnostics(client, code, "unknown-reference", present=False)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=spec))
    )
    [unknown] = await wait_for_diagnostics(client, code, "unknown-reference")
    assert "DUR-22" in unknown.message


async def test_closing_a_never_saved_buffer_forgets_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-6: a closed buffer with no file on disk behind it leaves no diagnostics behind."""
    await _session(client, tmp_path, WORKSPACE)
    uri = _open(
        client, tmp_path, "pkg/draft.py", "# DUR-9 soon\ndef draft():\n    pass\n", "python"
    )
    await wait_for_diagnostics(client, uri, "unknown-reference")
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for_diagnostics(client, uri, "unknown-reference", present=False)
    await _settled(client)
    assert list(client.diagnostics[uri]) == []


async def test_skipped_folders_stay_out_of_the_index(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-6: a file in a virtual environment or a gitignored folder is not indexed when opened or changed on disk."""
    await _session(client, tmp_path, WORKSPACE + "//- .gitignore\nbuild/\n")
    library = _open(
        client, tmp_path, ".venv/lib/site.py", "# DUR-9 soon\ndef helper():\n    pass\n", "python"
    )
    (tmp_path / "build").mkdir()
    (tmp_path / "build/gen.py").write_text("# DUR-8 generated\ndef generated():\n    pass\n")
    _file_event(client, _uri(tmp_path, "build/gen.py"), types.FileChangeType.Created)
    await _settled(client)
    assert not client.diagnostics.get(library)
    assert not client.diagnostics.get(_uri(tmp_path, "build/gen.py"))


# -- navigation and information --------------------------------------------------------------


async def test_hover_on_spec_clause_shows_coverage(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-7: hover on a clause in the spec shows its implementations and tests, or what is missing."""
    await _session(client, tmp_path, WORKSPACE)
    covered = _hover_text(
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(tmp_path, SPEC), position=_pos(4, 6))
        )
    )
    assert "**DUR-1** Units" in covered
    assert "Implemented by [`parse`]" in covered
    assert "Tested by [`tests/test_duration.py::test_units`]" in covered
    missing = _hover_text(
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(tmp_path, SPEC), position=_pos(7, 6))
        )
    )
    assert "Whitespace around the number MUST be ignored." in missing
    assert "**Not implemented.**" in missing and "**Not tested.**" in missing


async def test_hover_on_reference_shows_clause_text(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-7: hover on a clause reference in a docstring shows the clause text and where it is."""
    await _session(client, tmp_path, WORKSPACE)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(tmp_path, CODE), position=_pos(6, 9))
    )
    text = _hover_text(hover)
    assert "**DUR-2** Errors" in text
    assert "Malformed input MUST raise ValueError." in text
    assert f"[SPEC.md:10]({_uri(tmp_path, SPEC)}#L10)" in text
    assert hover is not None and hover.range == types.Range(start=_pos(6, 7), end=_pos(6, 12))
    unknown = _hover_text(
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(tmp_path, CODE), position=_pos(6, 45))
        )
    )
    assert "`DUR-22` names no clause" in unknown


async def test_definition_from_test_and_function_names(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-8: definition on a test's or a function's name jumps to the clauses it traces to."""
    await _session(client, tmp_path, WORKSPACE)
    from_test = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(tmp_path, TESTS), position=_pos(3, 6))
    )
    assert _where(from_test or [], tmp_path) == [(SPEC, 4, 4, 16)]  # type: ignore[arg-type]
    from_function = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(tmp_path, CODE), position=_pos(5, 5))
    )
    assert _where(from_function or [], tmp_path) == [(SPEC, 9, 4, 17)]  # type: ignore[arg-type]
    from_reference = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(tmp_path, TESTS), position=_pos(4, 8))
    )
    assert _where(from_reference or [], tmp_path) == [(SPEC, 4, 4, 16)]  # type: ignore[arg-type]


REFERENCES = (
    WORKSPACE
    + '''//- pkg/units.py
# See SPEC.md#dur-1-units for the units.
def to_seconds(text):
    return 0


class Parser:
    """DUR-1: the parser."""
//- docs/spec/extra.md
# Extra

See DUR-1 and [units](../../SPEC.md#dur-1-units).
'''
)


async def test_implementation_and_references(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-9: implementation lists the implementing functions; references list every mention in spec, code and tests, with the declaration on request."""
    await _session(client, tmp_path, REFERENCES)
    implementers = [(CODE, 1, 4, 9), ("pkg/units.py", 1, 4, 14), ("pkg/units.py", 5, 6, 12)]
    for path, position in [(SPEC, _pos(4, 6)), (TESTS, _pos(4, 8)), ("pkg/units.py", _pos(0, 10))]:
        found = await client.text_document_implementation_async(
            types.ImplementationParams(text_document=_doc(tmp_path, path), position=position)
        )
        assert sorted(_where(found or [], tmp_path)) == implementers  # type: ignore[arg-type]
    mentions = [
        ("docs/spec/extra.md", 2, 4, 9),
        ("docs/spec/extra.md", 2, 22, 47),
        (CODE, 0, 5, 10),
        ("pkg/units.py", 0, 6, 25),
        ("pkg/units.py", 6, 7, 12),
        (TESTS, 4, 7, 12),
    ]
    params: dict[str, Any] = {"text_document": _doc(tmp_path, SPEC), "position": _pos(4, 6)}
    with_declaration = await client.text_document_references_async(
        types.ReferenceParams(**params, context=types.ReferenceContext(include_declaration=True))
    )
    found = _where(with_declaration or [], tmp_path)
    assert found[0] == (SPEC, 4, 4, 16)
    assert sorted(found[1:]) == mentions
    without = await client.text_document_references_async(
        types.ReferenceParams(**params, context=types.ReferenceContext(include_declaration=False))
    )
    assert sorted(_where(without or [], tmp_path)) == mentions


async def test_code_lens_titles_and_targets(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-10: lenses stand above requirements and linked functions with counts and targets."""
    await _session(client, tmp_path, WORKSPACE)
    spec, code, tests = (_uri(tmp_path, p) for p in (SPEC, CODE, TESTS))
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=_doc(tmp_path, SPEC))
    )
    by_line = {lens.range.start.line: lens.command for lens in lenses or []}
    assert {line: c.title for line, c in by_line.items() if c} == {
        4: "1 implementation · 1 test",
        7: "not implemented · not tested",
        9: "1 implementation · not tested",
    }
    units = by_line[4]
    assert units is not None and units.command == "trine.showReferences"
    assert units.arguments is not None
    uri, position, targets = units.arguments
    assert uri == spec and position == {"line": 4, "character": 4}
    assert [(t["uri"], t["range"]["start"]["line"]) for t in targets] == [(code, 1), (tests, 3)]
    code_lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=_doc(tmp_path, CODE))
    )
    titles = {
        lens.range.start.line: lens.command.title for lens in code_lenses or [] if lens.command
    }
    assert titles == {1: "DUR-1 · 1 test", 5: "DUR-2 · not tested"}
    check = next(lens for lens in code_lenses or [] if lens.range.start.line == 5)
    assert check.command is not None and check.command.arguments is not None
    assert [(t["uri"], t["range"]["start"]["line"]) for t in check.command.arguments[2]] == [
        (spec, 9)
    ]


TASK_LIST = """
//- specs/001-albums/spec.md
# Feature Specification: Albums

### User Story 1 - Create an album (Priority: P1)

- **FR-001**: System MUST store albums.
//- specs/001-albums/tasks.md
- [x] T012 [US1] Implement FR-001 in src/albums.py
//- src/albums.py
x = 1
"""


async def test_hover_and_lens_show_a_task_link(client: LanguageClient, tmp_path: Path) -> None:
    """FMT-12: over the protocol, a clause's hover names the task that links a whole file, and
    its lens says the link comes from the task list and opens the file."""
    await _session(client, tmp_path, TASK_LIST)
    spec = "specs/001-albums/spec.md"
    text = _hover_text(
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(tmp_path, spec), position=_pos(2, 6))
        )
    )
    assert (
        f"Implemented by [`src/albums.py`]({_uri(tmp_path, 'src/albums.py')}) (task T012 in" in text
    )
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=_doc(tmp_path, spec))
    )
    lens = next(lens for lens in lenses or [] if lens.range.start.line == 4)
    assert lens.command is not None and lens.command.arguments is not None
    assert lens.command.title == "1 implementation · no tests read (from tasks.md)"
    assert [(t["uri"], t["range"]["start"]["line"]) for t in lens.command.arguments[2]] == [
        (_uri(tmp_path, "src/albums.py"), 0)
    ]


MANY_TESTS = (
    "//- SPEC.md\n# Store\n\n- **REQ-1** Writes MUST be durable.\n"
    '//- pkg/store.py\ndef write():\n    """REQ-1"""\n'
    "//- tests/test_store.py\n"
    + "".join(f'\n\ndef test_{n}():\n    """REQ-1"""\n' for n in range(7))
)


async def test_hover_links_a_long_list_to_the_references_view(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-35: a clause's hover shows five of its seven tests and a "show all" link that runs
    trine.showReferences with a lens's arguments: the hovered place and every test."""
    await _session(client, tmp_path, MANY_TESTS)
    text = _hover_text(
        await client.text_document_hover_async(
            types.HoverParams(text_document=_doc(tmp_path, "SPEC.md"), position=_pos(2, 5))
        )
    )
    found = re.search(
        r"and 2 more \(\[show all 7\]\(command:trine\.showReferences\?([^)]+)\)\)", text
    )
    assert found is not None, text
    uri, position, targets = json.loads(unquote(found.group(1)))
    assert uri == _uri(tmp_path, "SPEC.md") and position == {"line": 2, "character": 5}
    tests = _uri(tmp_path, "tests/test_store.py")
    assert [(t["uri"], t["range"]["start"]["line"]) for t in targets] == [
        (tests, 2 + 4 * n) for n in range(7)
    ]


async def test_document_symbols_nest_the_outline(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-11: document symbols of a spec give its clause outline, nested as written."""
    await _session(client, tmp_path, WORKSPACE)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=_doc(tmp_path, SPEC))
    )

    def tree(items: Sequence[Any]) -> list[Any]:
        assert all(isinstance(i, types.DocumentSymbol) for i in items)
        return [(i.name, i.detail, tree(i.children or [])) for i in items]

    assert tree(symbols or []) == [
        (
            "Durations",
            None,
            [
                (
                    "Parsing",
                    None,
                    [
                        (
                            "DUR-1",
                            "Units",
                            [("DUR-3", "Whitespace around the number MUST be ignored.", [])],
                        ),
                        ("DUR-2", "Errors", []),
                    ],
                )
            ],
        )
    ]
    dur_1 = symbols[0].children[0].children[0]  # type: ignore[index, union-attr]
    assert dur_1.selection_range.start == _pos(4, 4)  # type: ignore[union-attr]
    assert dur_1.kind == types.SymbolKind.Key  # type: ignore[union-attr]


async def test_workspace_symbols_by_id_and_title(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-11: workspace symbols find clauses by id and by title, with their place in the spec."""
    await _session(client, tmp_path, WORKSPACE)

    async def query(text: str) -> list[tuple[str, str | None, int]]:
        found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=text))
        result = []
        for symbol in found or []:
            # The client may read these as SymbolInformation; both carry a Location here.
            assert isinstance(symbol.location, types.Location)
            assert symbol.location.uri == _uri(tmp_path, SPEC)
            result.append((symbol.name, symbol.container_name, symbol.location.range.start.line))
        return result

    assert await query("DUR-2") == [("DUR-2", "Errors", 9)]
    assert await query("errors") == [("DUR-2", "Errors", 9)]
    assert await query("parsing") == [("Parsing", SPEC, 2)]
    assert [name for name, _, _ in await query("dur-")] == ["DUR-1", "DUR-2", "DUR-3"]


# -- editing ---------------------------------------------------------------------------------


async def _complete(
    client: LanguageClient, uri: str, line: int, character: int
) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=_pos(line, character)
        )
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


async def test_completion_of_anchors_after_hash(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-12: after a `#`, completion offers spec anchors, in a code comment and in a spec."""
    await _session(client, tmp_path, WORKSPACE)
    line = "# see SPEC.md#dur"
    code = _open(client, tmp_path, "pkg/notes.py", f"{line}\n", "python")
    items = {item.label: item for item in await _complete(client, code, 0, len(line))}
    assert "SPEC.md#dur-1-units" in items and "SPEC.md#dur-2-errors" in items
    assert items["SPEC.md#dur-2-errors"].detail == "Errors"
    documentation = items["SPEC.md#dur-2-errors"].documentation
    assert isinstance(documentation, types.MarkupContent)
    assert documentation.value == "Malformed input MUST raise ValueError."
    text_edit = items["SPEC.md#dur-2-errors"].text_edit
    assert isinstance(text_edit, types.TextEdit)
    assert text_edit.range == types.Range(start=_pos(0, 6), end=_pos(0, len(line)))
    spec_text = (tmp_path / SPEC).read_text() + "\nSee #\n"
    spec = _open(client, tmp_path, SPEC, spec_text, "markdown")
    labels = {item.label for item in await _complete(client, spec, 12, 5)}
    assert {"#durations", "#parsing", "#dur-1-units", "#dur-2-errors"} <= labels


async def test_no_completion_in_plain_code(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-12: ids complete in a docstring but nothing is offered in plain code."""
    await _session(client, tmp_path, WORKSPACE)
    text = 'def later():\n    """Implements DU"""\n    value = DU\n'
    uri = _open(client, tmp_path, "pkg/later.py", text, "python")
    in_docstring = await _complete(client, uri, 1, 20)
    assert [item.label for item in in_docstring] == ["DUR-1", "DUR-2", "DUR-3"]
    assert await _complete(client, uri, 2, 14) == []


async def test_no_anchor_completion_in_a_plain_string(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-12: a `#` in an ordinary string literal of code is not a comment, so nothing is offered."""
    await _session(client, tmp_path, WORKSPACE)
    text = 'def paint():\n    color = "#\n'
    uri = _open(client, tmp_path, "pkg/paint.py", text, "python")
    assert await _complete(client, uri, 1, 14) == []


async def test_quick_fix_appends_test_stub(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-13: the untested-clause fix appends a stub naming the clause to the existing test file."""
    await _session(client, tmp_path, WORKSPACE)
    spec, tests = _uri(tmp_path, SPEC), _uri(tmp_path, TESTS)
    untested = await wait_for_diagnostics(client, spec, "untested-clause")
    [errors] = [d for d in untested if d.range.start.line == 9]
    actions = await _actions(client, spec, errors.range, [errors])
    [fix] = [a for a in actions if a.title == "Create a test for DUR-2 in tests/test_duration.py"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.edit is not None and _created(fix.edit) == []
    edits = _text_edits(fix.edit)
    assert list(edits) == [tests]
    before = (tmp_path / TESTS).read_text()
    after = _apply(before, edits[tests])
    assert after.startswith(before)
    appended = after[len(before) :]
    assert appended.startswith("\n\ndef test_dur_2():\n")
    assert '"""DUR-2: Errors."""' in appended
    # Applied and saved, the stub checks DUR-2.
    (tmp_path / TESTS).write_text(after)
    _file_event(client, tests, types.FileChangeType.Changed)
    await _settled(client)
    assert sorted(
        d.range.start.line for d in client.diagnostics[spec] if d.code == "untested-clause"
    ) == [7]


async def test_quick_fix_creates_missing_test_file(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-13, LSP-16: with resource operations, the fix for an unimplemented, untested clause creates a test file through the editor."""
    await _session(client, tmp_path, WORKSPACE)
    spec = _uri(tmp_path, SPEC)
    untested = await wait_for_diagnostics(client, spec, "untested-clause")
    [item] = [d for d in untested if d.range.start.line == 7]
    actions = await _actions(client, spec, item.range, [item])
    [fix] = [a for a in actions if a.title.startswith("Create a test for DUR-3")]
    assert fix.edit is not None
    target = _uri(tmp_path, "tests/test_spec.py")
    assert _created(fix.edit) == [target]
    assert not (tmp_path / "tests/test_spec.py").exists()  # the editor applies it, not the server
    created = _apply("", _text_edits(fix.edit)[target])
    assert created.startswith("def test_dur_3():\n")
    assert '"""DUR-3: ' in created


@pytest.mark.parametrize(
    "workspace_edit",
    [types.WorkspaceEditClientCapabilities(document_changes=True), None],
    ids=["document-changes-only", "changes-only"],
)
async def test_quick_fix_without_resource_operations_appends(
    client: LanguageClient,
    tmp_path: Path,
    workspace_edit: types.WorkspaceEditClientCapabilities | None,
) -> None:
    """LSP-13: a client that cannot create files still gets the stub, appended to an existing test file."""
    caps = _client_capabilities(
        workspace_edit=workspace_edit or types.WorkspaceEditClientCapabilities()
    )
    await _session(client, tmp_path, WORKSPACE, caps=caps)
    spec, tests = _uri(tmp_path, SPEC), _uri(tmp_path, TESTS)
    untested = await wait_for_diagnostics(client, spec, "untested-clause")
    [item] = [d for d in untested if d.range.start.line == 7]
    actions = await _actions(client, spec, item.range, [item])
    [fix] = [a for a in actions if a.title.startswith("Create a test for DUR-3")]
    assert fix.title == "Create a test for DUR-3 in tests/test_duration.py"
    assert fix.edit is not None and _created(fix.edit) == []
    edits = _text_edits(fix.edit)
    assert list(edits) == [tests]
    before = (tmp_path / TESTS).read_text()
    after = _apply(before, edits[tests])
    assert after.startswith(before) and "def test_dur_3():" in after[len(before) :]


async def test_did_you_mean_and_link_to_clause(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-14: an unknown reference offers the closest ids, and an untraced function offers links to similar clauses."""
    fixture = (
        WORKSPACE + "//- pkg/errors.py\ndef raise_malformed(text):\n    raise ValueError(text)\n"
    )
    await _session(client, tmp_path, fixture)
    code = _uri(tmp_path, CODE)
    [unknown] = await wait_for_diagnostics(client, code, "unknown-reference")
    actions = await _actions(client, code, unknown.range, [unknown])
    fixes = [a for a in actions if a.title.startswith("Replace with")]
    assert [a.title for a in fixes] == [
        "Replace with DUR-2",
        "Replace with DUR-3",
        "Replace with DUR-1",
    ]
    assert fixes[0].is_preferred and fixes[0].edit is not None
    [edit] = _text_edits(fixes[0].edit)[code]
    assert edit.range == unknown.range and edit.new_text == "DUR-2"
    errors = _uri(tmp_path, "pkg/errors.py")
    point = types.Range(start=_pos(0, 6), end=_pos(0, 6))
    links = [a for a in await _actions(client, errors, point, []) if a.title.startswith("Link")]
    assert links and links[0].title == "Link raise_malformed to clause DUR-2 (Errors)"
    assert links[0].edit is not None
    linked = _apply((tmp_path / "pkg/errors.py").read_text(), _text_edits(links[0].edit)[errors])
    assert linked.startswith("# DUR-2: Errors\ndef raise_malformed(text):\n")


async def test_copy_reference_action_and_command(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-14: a clause offers "copy reference", and executing the command returns the reference."""
    result = await _session(client, tmp_path, WORKSPACE)
    spec = _uri(tmp_path, SPEC)
    point = types.Range(start=_pos(4, 6), end=_pos(4, 6))
    actions = await _actions(client, spec, point, [])
    [copy] = [a for a in actions if a.title == "Copy reference DUR-1"]
    assert copy.command is not None
    assert copy.command.command == "trine.copyReference"
    assert list(copy.command.arguments or []) == ["DUR-1"]
    provider = result.capabilities.execute_command_provider
    assert provider is not None and "trine.copyReference" in provider.commands
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=copy.command.command, arguments=copy.command.arguments)
    )
    assert answer == "DUR-1"


async def test_rename_across_spec_code_and_tests(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-15, LSP-16: renaming an id changes its declaration and every reference in one WorkspaceEdit the editor applies."""
    await _session(client, tmp_path, WORKSPACE)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=_doc(tmp_path, CODE), position=_pos(0, 6))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "DUR-1"
    assert prepared.range == types.Range(start=_pos(0, 5), end=_pos(0, 10))
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=_doc(tmp_path, SPEC), position=_pos(4, 5), new_name="DUR-10"
        )
    )
    assert edit is not None
    edits = _text_edits(edit)
    assert sorted(edits) == sorted(_uri(tmp_path, p) for p in (SPEC, CODE, TESTS))
    renamed = {
        path: _apply((tmp_path / path).read_text(), edits[_uri(tmp_path, path)])
        for path in (SPEC, CODE, TESTS)
    }
    assert "### DUR-10: Units\n" in renamed[SPEC]
    assert renamed[CODE].startswith("# 😀 DUR-10 units.\n")
    assert '"""DUR-10: seconds, minutes and hours parse."""' in renamed[TESTS]
    assert not any(re.search(r"DUR-1\b", text) for text in renamed.values())
    assert "### DUR-1: Units\n" in (tmp_path / SPEC).read_text()  # the disk is untouched


async def test_rename_to_invalid_or_taken_id_is_an_error(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-15: a rename to a name that is no id, or to a declared id, is refused with an LSP error."""
    await _session(client, tmp_path, WORKSPACE)
    for new_name in ["not an id", "DUR-2"]:
        with pytest.raises(JsonRpcException):
            await client.text_document_rename_async(
                types.RenameParams(
                    text_document=_doc(tmp_path, SPEC), position=_pos(4, 5), new_name=new_name
                )
            )
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=_doc(tmp_path, SPEC), position=_pos(4, 5))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "DUR-1"


# -- configuration ---------------------------------------------------------------------------


def _untested_severities(client: LanguageClient, uri: str) -> set[types.DiagnosticSeverity | None]:
    return {d.severity for d in client.diagnostics.get(uri, []) if d.code == "untested-clause"}


async def test_initialization_options_override_the_file(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-18: a severity in initializationOptions wins over the workspace's configuration file."""
    fixture = (
        WORKSPACE + '//- pyproject.toml\n[tool.trine]\nseverity = { untested-clause = "info" }\n'
    )
    await _session(client, tmp_path, fixture, options={"severity": {"untested-clause": "error"}})
    spec = _uri(tmp_path, SPEC)
    await wait_for_diagnostics(client, spec, "untested-clause")
    assert _untested_severities(client, spec) == {types.DiagnosticSeverity.Error}
    unimplemented = [d for d in client.diagnostics[spec] if d.code == "unimplemented-clause"]
    assert {d.severity for d in unimplemented} == {types.DiagnosticSeverity.Warning}


async def test_configuration_change_is_reread(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-18: workspace/configuration settings are re-read when the client reports a change."""
    await _session(client, tmp_path, WORKSPACE)
    spec = _uri(tmp_path, SPEC)
    await wait_for_diagnostics(client, spec, "untested-clause")
    assert _untested_severities(client, spec) == {types.DiagnosticSeverity.Warning}
    client.set_configuration({"severity": {"untested-clause": "error"}}, section="trine")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await _until(
        lambda: _untested_severities(client, spec) == {types.DiagnosticSeverity.Error},
        "untested-clause to become an error",
    )
    client.set_configuration({"severity": {"untested-clause": "off"}}, section="trine")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_diagnostics(client, spec, "untested-clause", present=False)


async def test_bad_setting_is_shown_once_and_ignored(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-18: a bad severity in initializationOptions is shown once and the default is kept."""
    await _session(client, tmp_path, WORKSPACE, options={"severity": {"untested-clause": "loud"}})
    spec = _uri(tmp_path, SPEC)
    await wait_for_diagnostics(client, spec, "untested-clause")
    assert _untested_severities(client, spec) == {types.DiagnosticSeverity.Warning}
    shown = [m for m in client.messages if "untested-clause" in m.message]
    assert len(shown) == 1 and shown[0].type == types.MessageType.Warning


async def test_config_file_change_is_reread(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-18, LSP-6: a configuration file written outside the editor is re-read."""
    await _session(client, tmp_path, WORKSPACE)
    spec = _uri(tmp_path, SPEC)
    await wait_for_diagnostics(client, spec, "untested-clause")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.trine]\nseverity = { untested-clause = "error" }\n')
    _file_event(client, pyproject.as_uri(), types.FileChangeType.Created)
    await _until(
        lambda: _untested_severities(client, spec) == {types.DiagnosticSeverity.Error},
        "untested-clause to become an error",
    )


async def test_bad_value_is_shown_once_when_the_client_has_settings(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-18: a bad value is shown once, also when the client answers workspace/configuration."""
    client.set_configuration({"exclude": ["build/**"]}, section="trine")
    fixture = WORKSPACE + "//- pyproject.toml\n[tool.trine]\nmax_file_size = 0\n"
    await _session(client, tmp_path, fixture, options={"severity": {"untested-clause": "loud"}})
    await wait_for_diagnostics(client, _uri(tmp_path, SPEC), "untested-clause")
    assert len([m for m in client.messages if "max_file_size" in m.message]) == 1
    assert len([m for m in client.messages if "'loud'" in m.message]) == 1


async def test_bad_value_does_not_discard_good_ones(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-18: a bad value is ignored on its own; the good values beside it still apply."""
    options = {"severity": {"untested-clause": "error"}, "max_file_size": 0}
    await _session(client, tmp_path, WORKSPACE, options=options)
    spec = _uri(tmp_path, SPEC)
    await wait_for_diagnostics(client, spec, "untested-clause")
    assert [m for m in client.messages if "max_file_size" in m.message]
    assert _untested_severities(client, spec) == {types.DiagnosticSeverity.Error}


# -- robustness ------------------------------------------------------------------------------


async def test_requests_outside_the_workspace_answer_empty(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-19: requests on a file outside the workspace answer empty, and the next request works."""
    await _session(client, tmp_path, WORKSPACE)
    outside = (tmp_path.parent / "elsewhere" / "notes.py").as_uri()
    for uri in [outside, "untitled:Untitled-1"]:
        doc = types.TextDocumentIdentifier(uri=uri)
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=_pos(0, 3))
        )
        assert hover is None
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=_pos(0, 3))
        )
        assert not found
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc))
        assert not lenses
        pulled = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc)
        )
        assert isinstance(pulled, types.RelatedFullDocumentDiagnosticReport)
        assert list(pulled.items) == []
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(tmp_path, CODE), position=_pos(0, 6))
    )
    assert _where(found or [], tmp_path) == [(SPEC, 4, 4, 16)]  # type: ignore[arg-type]


async def test_positions_beyond_the_end_are_clamped(client: LanguageClient, tmp_path: Path) -> None:
    """LSP-19: positions beyond the end of a line or of the file get sane answers."""
    await _session(client, tmp_path, WORKSPACE)
    # Anywhere on a heading line is on its clause, also past the last character.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(tmp_path, SPEC), position=_pos(4, 500))
    )
    assert "**DUR-1** Units" in _hover_text(hover)
    assert hover is not None and hover.range is not None and hover.range.end.character <= 16
    for position in [_pos(1, 500), _pos(500, 0), _pos(500, 500)]:
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=_doc(tmp_path, CODE), position=position)
        )
        assert list(found or []) == []
        refs = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=_doc(tmp_path, CODE),
                position=position,
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        assert list(refs or []) == []
        assert (
            await _complete(client, _uri(tmp_path, CODE), position.line, position.character) == []
        )
    # Past the end of the spec is its last line, where ids complete.
    labels = {i.label for i in await _complete(client, _uri(tmp_path, SPEC), 500, 500)}
    assert {"DUR-1", "DUR-2", "DUR-3"} <= labels
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=_doc(tmp_path, CODE), position=_pos(0, 6))
    )
    assert _where(found or [], tmp_path) == [(SPEC, 4, 4, 16)]  # type: ignore[arg-type]


async def test_half_typed_documents_keep_diagnostics_flowing(
    client: LanguageClient, tmp_path: Path
) -> None:
    """LSP-19: an unterminated string or an unclosed fence still gets diagnostics, and the next request works."""
    await _session(client, tmp_path, WORKSPACE)
    code_text = '# DUR-9 is planned.\ndef parse(text):\n    return "abc\n'
    code = _open(client, tmp_path, CODE, code_text, "python")
    await _until(
        lambda: any("DUR-9" in d.message for d in client.diagnostics.get(code, [])),
        "the buffer's unknown reference",
    )
    [unknown] = [d for d in client.diagnostics[code] if d.code == "unknown-reference"]
    assert "DUR-9" in unknown.message and unknown.range.start == _pos(0, 2)
    [syntax] = await wait_for_diagnostics(client, code, "file-problem")
    assert syntax.range.start.line == 2
    spec_text = (tmp_path / SPEC).read_text() + "\n```python\n### DUR-5: Not a clause\n"
    spec = _open(client, tmp_path, SPEC, spec_text, "markdown")
    [fence] = await wait_for_diagnostics(client, spec, "file-problem")
    assert fence.range.start.line == 12 and "never closed" in fence.message
    # Still typing: the next keystroke is taken as well.
    _change(client, code, 2, code_text.replace("DUR-9", "DUR-2"))
    await wait_for_diagnostics(client, code, "unknown-reference", present=False)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=_doc(tmp_path, SPEC), position=_pos(9, 5))
    )
    text = _hover_text(hover)
    assert "**DUR-2** Errors" in text and "Implemented by [`parse`]" in text
