"""LSP handlers: each maps a request to (path, position), calls `ide/`, and converts the result.

A handler that fails logs the traceback and answers with an empty result, so one bad request
never takes the server down.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import os
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls import uris
from pygls.exceptions import JsonRpcContentModified, JsonRpcException, JsonRpcInvalidParams

from trine.analysis.drift import links_of_clauses, reviewed
from trine.atomic import write_atomic
from trine.ide import actions as ide_actions
from trine.ide.completion import complete
from trine.ide.edits import FileEdit, escapes, outside
from trine.ide.hover import hover
from trine.ide.lens import code_lenses
from trine.ide.navigation import definition, implementation, references
from trine.ide.rename import prepare_rename, rename
from trine.ide.snapshot import Location
from trine.ide.symbols import OutlineItem, document_symbols, workspace_symbols
from trine.lsp.convert import from_position, from_range, to_range
from trine.lsp.server import TrineServer
from trine.parsers.ids import IdMatcher
from trine.parsers.languages import languages
from trine.parsers.lock import LOCK_FILE, Lock, render_lock
from trine.parsers.pytest_config import PYTEST_CONFIGS
from trine.parsers.specs import spec_formats
from trine.parsers.styx import TRACEY_CONFIG
from trine.session import (
    BufferChanged,
    BufferClosed,
    BufferOpened,
    BufferSaved,
    FileChanged,
    SettingsChanged,
    SideInputChanged,
)

log = logging.getLogger(__name__)
SHOW_REFERENCES = "trine.showReferences"
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
_BATCH = 200
_FEATURES: list[tuple[str, Any, Callable[..., Any]]] = []
_COMMANDS: list[tuple[str, Callable[..., Any]]] = []


def feature(method: str, options: Any = None) -> Callable[[F], F]:
    """Mark a handler for an LSP method; `create_server` registers it on each new server."""

    def mark(handler: F) -> F:
        _FEATURES.append((method, options, handler))
        return handler

    return mark


def command(name: str) -> Callable[[F], F]:
    """Mark a handler for a `workspace/executeCommand` command."""

    def mark(handler: F) -> F:
        _COMMANDS.append((name, handler))
        return handler

    return mark


def create_server() -> TrineServer:
    """A new trine language server with every feature and command registered."""
    server = TrineServer()
    for method, options, handler in _FEATURES:
        server.feature(method, options)(handler)
    for name, handler in _COMMANDS:
        server.command(name)(handler)
    return server


# LSP-2, LSP-19: bounded wait for the index; a failing feature answers empty.
# LSP-31: an answer that spanned a change of the workspace is ContentModified.
# LSP-24: a request cancelled while it waits for the index is answered RequestCancelled.
def guarded(
    default: Callable[[], Any],
) -> Callable[[Callable[..., T | Awaitable[T]]], Callable[..., Coroutine[Any, Any, T]]]:
    """Wait (boundedly) for the first index, then run the feature (sync or async); if it raises,
    log the traceback and answer with `default()` so that the next request still works. LSP
    errors the feature raises on purpose go to the client as they are, and an answer during
    which the workspace changed (the handler yielded to an edit) is ContentModified."""

    def wrap(
        handler: Callable[..., T | Awaitable[T]],
    ) -> Callable[..., Coroutine[Any, Any, T]]:
        @functools.wraps(handler)
        async def run(ls: TrineServer, params: Any) -> T:
            await ls.wait_indexed()
            revision = ls.live.revision
            try:
                result = handler(ls, params)
                if inspect.isawaitable(result):
                    result = await result
            except JsonRpcException:
                raise
            except Exception:
                log.exception("%s failed; answering with an empty result", handler.__name__)
                return default()  # type: ignore[no-any-return]
            # LSP-31: an answer built across a change would mix two states of the workspace.
            if ls.live.revision != revision:
                raise JsonRpcContentModified("the workspace changed while the answer was built")
            return result

        return run

    return wrap


# LSP-24: long answers are built in batches, with the event loop free in between.
async def _locations(ls: TrineServer, found: Iterable[Location]) -> list[types.Location]:
    """Locations as LSP ones: each file's lines are read once, and every `_BATCH` locations the
    handler yields to the event loop, so that a `$/cancelRequest` (or an edit) gets in."""
    lines: dict[str, Sequence[str]] = {}
    result = []
    for count, location in enumerate(found, 1):
        if location.path not in lines:
            lines[location.path] = ls.live.lines_of(location.path)
        result.append(
            types.Location(
                ls.uri_of(location.path),
                to_range(lines[location.path], location.span, ls.encoding),
            )
        )
        if count % _BATCH == 0:
            await asyncio.sleep(0)
    return result


def _position(ls: TrineServer, uri: str, position: types.Position) -> tuple[str, int, int] | None:
    path = ls.path_of(uri)
    if path is None or ls.session is None:
        return None
    line, col = from_position(ls.live.lines_of(path), position, ls.encoding)
    return path, line, col


def _markup(formats: Any, value: str) -> types.MarkupContent | str:
    """Markdown when the client says it renders it, plain text otherwise."""
    if not formats:
        return value
    if types.MarkupKind.Markdown not in formats:
        return types.MarkupContent(kind=types.MarkupKind.PlainText, value=value)
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=value)


def _completion_formats(ls: TrineServer) -> Any:
    doc = ls.client_capabilities.text_document
    item = doc.completion.completion_item if doc and doc.completion else None
    return item.documentation_format if item else None


def _location(ls: TrineServer, location: Location) -> types.Location:
    return types.Location(
        ls.uri_of(location.path),
        to_range(ls.live.lines_of(location.path), location.span, ls.encoding),
    )


# -- lifecycle ------------------------------------------------------------------------------


# LSP-1: the root is the first workspace folder, else rootUri, else rootPath.
@feature(types.INITIALIZE)
def on_initialize(ls: TrineServer, params: types.InitializeParams) -> None:
    """Find the workspace root and open the session on it."""
    root = None
    if params.workspace_folders:
        root = uris.to_fs_path(params.workspace_folders[0].uri)
    elif params.root_uri:
        root = uris.to_fs_path(params.root_uri)
    elif params.root_path:
        root = params.root_path
    options = params.initialization_options
    ls.open_session(
        Path(os.path.abspath(root or Path.cwd())), options if isinstance(options, dict) else {}
    )
    if params.process_id:
        ls.spawn(_watch_parent(params.process_id))


# LSP-3
async def _watch_parent(pid: int) -> None:
    """Exit when the editor that started us is gone (so no orphan servers are left)."""
    while True:
        await asyncio.sleep(3)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            log.info("parent process %s is gone; exiting", pid)
            os._exit(0)
        except PermissionError:
            continue


# LSP-1: index after `initialized`, with work-done progress when the client supports it.
@feature(types.INITIALIZED)
async def on_initialized(ls: TrineServer, params: types.InitializedParams) -> None:
    """Fetch client settings, watch files, then index with progress."""
    caps = ls.client_capabilities
    if caps.workspace and caps.workspace.configuration:
        await _pull_settings(ls)
    if (
        caps.workspace
        and caps.workspace.did_change_watched_files
        and caps.workspace.did_change_watched_files.dynamic_registration
    ):
        await _watch_files(ls)
    token = None
    if caps.window and caps.window.work_done_progress:
        token = str(uuid.uuid4())
        try:
            await ls.work_done_progress.create_async(token)
        except Exception:
            log.warning("the client refused a progress token; indexing without progress")
            token = None
    await ls.index(token)


async def _pull_settings(ls: TrineServer) -> None:
    try:
        result = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="trine")])
        )
    except Exception:
        log.warning("workspace/configuration failed; using the file configuration")
        return
    settings = result[0] if result else None
    if isinstance(settings, dict) and settings != ls.live.settings.get("settings"):
        ls.change(SettingsChanged("settings", settings))


async def _watch_files(ls: TrineServer) -> None:
    watchers = [
        types.FileSystemWatcher(glob_pattern=pattern)
        for pattern in (
            *(f"**/*{ext}" for language in languages() for ext in language.extensions),
            *(f"**/*{ext}" for spec_format in spec_formats() for ext in spec_format.extensions),
            *(f"**/{name}" for name in PYTEST_CONFIGS),
            "**/trine.toml",
            "**/trine.lock",
            f"**/{TRACEY_CONFIG}",
        )
    ]
    registration = types.Registration(
        id="trine-watch",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
    )
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )
    except Exception:
        log.warning(
            "the client did not accept file watching; external changes are picked up on open"
        )


# LSP-18: settings are re-read when the client reports a change.
@feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def on_configuration(ls: TrineServer, params: types.DidChangeConfigurationParams) -> None:
    """Re-read settings, and re-index when they changed."""
    settings = params.settings.get("trine") if isinstance(params.settings, dict) else None
    if isinstance(settings, dict):
        ls.change(SettingsChanged("settings", settings))
    elif ls.client_capabilities.workspace and ls.client_capabilities.workspace.configuration:
        await _pull_settings(ls)


# -- documents ------------------------------------------------------------------------------


# LSP-30: every open, change and save publishes that document's diagnostics, with its version.
@feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: TrineServer, params: types.DidOpenTextDocumentParams) -> None:
    """Index the buffer; its diagnostics are published even if unchanged (editors drop a
    buffer's diagnostics when they close it)."""
    document = params.text_document
    if (path := ls.path_of(document.uri)) is not None:
        ls.change(BufferOpened(path, document.text, document.version))


@feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: TrineServer, params: types.DidChangeTextDocumentParams) -> None:
    """Re-index the buffer from its new text (the protocol has applied the edits)."""
    document = ls.workspace.text_documents.get(params.text_document.uri)
    if document is not None and (path := ls.path_of(params.text_document.uri)) is not None:
        ls.change(BufferChanged(path, document.source, document.version))


@feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: TrineServer, params: types.DidSaveTextDocumentParams) -> None:
    """Publish the saved document's diagnostics: agent harnesses wait for them after a save."""
    if (path := ls.path_of(params.text_document.uri)) is not None:
        ls.change(BufferSaved(path))


# LSP-6
@feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: TrineServer, params: types.DidCloseTextDocumentParams) -> None:
    """A closed buffer's unsaved text is gone: the file on disk is the truth again."""
    if (path := ls.path_of(params.text_document.uri)) is not None:
        ls.change(BufferClosed(path))


# LSP-6: files changed outside the editor.
@feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: TrineServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Re-read what changed on disk; open buffers still win."""
    for change in params.changes:
        if (path := ls.path_of(change.uri)) is not None:
            deleted = change.type == types.FileChangeType.Deleted
            ls.change(FileChanged(path, deleted))


# -- diagnostics (pull) ---------------------------------------------------------------------


# LSP-4: pull diagnostics answer what push sends.
@feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(
        identifier="trine", inter_file_dependencies=True, workspace_diagnostics=False
    ),
)
@guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
def pull_diagnostics(
    ls: TrineServer, params: types.DocumentDiagnosticParams
) -> types.RelatedFullDocumentDiagnosticReport | types.RelatedUnchangedDocumentDiagnosticReport:
    """The document's diagnostics, or `unchanged` when the client has them already (LSP-29)."""
    path = ls.path_of(params.text_document.uri)
    if path is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    result_id = ls.live.result_id(path)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=ls.lsp_diagnostics(path), result_id=result_id
    )


# -- features -------------------------------------------------------------------------------


# LSP-7
@feature(types.TEXT_DOCUMENT_HOVER)
@guarded(lambda: None)
def on_hover(ls: TrineServer, params: types.HoverParams) -> types.Hover | None:
    where = _position(ls, params.text_document.uri, params.position)
    if where is None:
        return None
    show_all = _show_all(ls, params.text_document.uri, params.position)
    result = hover(ls.live.snapshot(), *where, show_all)
    if result is None:
        return None
    doc = ls.client_capabilities.text_document
    formats = doc.hover.content_format if doc and doc.hover else None
    return types.Hover(
        contents=_markup(formats, result.markdown),
        range=to_range(ls.live.lines_of(where[0]), result.span, ls.encoding),
    )


# LSP-35: a hover's long list links to the editor's references view of the whole list, with
# the arguments of a lens's command.
def _show_all(
    ls: TrineServer, uri: str, position: types.Position
) -> Callable[[Sequence[Location]], str]:
    """The `command:` address that shows places as the references of the hovered position."""

    def address(places: Sequence[Location]) -> str:
        locations = [_location(ls, place) for place in places]
        arguments = get_converter().unstructure([uri, position, locations])
        return f"command:{SHOW_REFERENCES}?{quote(json.dumps(arguments), safe='')}"

    return address


# LSP-8
@feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded(list)
def on_definition(ls: TrineServer, params: types.DefinitionParams) -> list[types.Location]:
    where = _position(ls, params.text_document.uri, params.position)
    return [_location(ls, loc) for loc in definition(ls.live.snapshot(), *where)] if where else []


# LSP-9
@feature(types.TEXT_DOCUMENT_IMPLEMENTATION)
@guarded(list)
def on_implementation(ls: TrineServer, params: types.ImplementationParams) -> list[types.Location]:
    where = _position(ls, params.text_document.uri, params.position)
    return (
        [_location(ls, loc) for loc in implementation(ls.live.snapshot(), *where)] if where else []
    )


# LSP-9
@feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded(list)
async def on_references(ls: TrineServer, params: types.ReferenceParams) -> list[types.Location]:
    where = _position(ls, params.text_document.uri, params.position)
    if where is None:
        return []
    found = references(
        ls.live.snapshot(), *where, include_declaration=params.context.include_declaration
    )
    return await _locations(ls, found)


# LSP-10
@feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
@guarded(list)
async def on_code_lens(ls: TrineServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    path = ls.path_of(params.text_document.uri)
    if path is None or ls.session is None:
        return []
    lines = ls.live.lines_of(path)
    lenses = []
    for lens in code_lenses(ls.live.snapshot(), path):
        span = to_range(lines, lens.span, ls.encoding)
        locations = await _locations(ls, lens.targets)
        command = types.Command(
            title=lens.title,
            command=SHOW_REFERENCES if locations else "",
            arguments=[params.text_document.uri, span.start, locations] if locations else None,
        )
        lenses.append(types.CodeLens(range=span, command=command))
    return lenses


# LSP-12
@feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["#", "-"], resolve_provider=False),
)
@guarded(lambda: types.CompletionList(is_incomplete=False, items=[]))
def on_completion(ls: TrineServer, params: types.CompletionParams) -> types.CompletionList:
    where = _position(ls, params.text_document.uri, params.position)
    if where is None:
        return types.CompletionList(is_incomplete=False, items=[])
    path, line, col = where
    lines = ls.live.lines_of(path)
    formats = _completion_formats(ls)
    items = []
    for rank, proposal in enumerate(
        complete(ls.live.snapshot(), path, lines[line] if line < len(lines) else "", line, col)
    ):
        items.append(
            # LSP-32: the editor keeps trine's order (a scoped file's own ids first).
            types.CompletionItem(
                label=proposal.label,
                sort_text=f"{rank:06d}",
                kind=types.CompletionItemKind.Reference,
                detail=proposal.detail,
                documentation=_markup(formats, proposal.documentation),
                text_edit=types.TextEdit(
                    to_range(lines, proposal.replace, ls.encoding), proposal.label
                ),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def _can_create(ls: TrineServer) -> bool:
    """Whether the client's WorkspaceEdits may create files."""
    caps = ls.client_capabilities.workspace
    edit_caps = caps.workspace_edit if caps else None
    return bool(
        edit_caps
        and edit_caps.document_changes
        and edit_caps.resource_operations
        and types.ResourceOperationKind.Create in edit_caps.resource_operations
    )


# LSP-16: every edit to user files is a WorkspaceEdit the editor applies.
def _workspace_edit(ls: TrineServer, edits: tuple[FileEdit, ...]) -> types.WorkspaceEdit | None:
    """Edits as a WorkspaceEdit; file creation needs the client's resource operations. None
    when an edit would land outside the workspace (LSP-26)."""
    escaping = outside(ls.live.root, edits)
    if escaping:
        log.warning("refusing an edit outside the workspace: %s", ", ".join(escaping))
        return None
    caps = ls.client_capabilities.workspace
    edit_caps = caps.workspace_edit if caps else None
    if any(e.create for e in edits) and not _can_create(ls):
        return None
    if edit_caps and edit_caps.document_changes:
        changes: list[Any] = []
        for file_edit in edits:
            uri = ls.uri_of(file_edit.path)
            if file_edit.create:
                changes.append(
                    types.CreateFile(
                        uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)
                    )
                )
            lines = [""] if file_edit.create else ls.live.lines_of(file_edit.path)
            changes.append(
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=None
                    ),
                    edits=[
                        types.TextEdit(to_range(lines, e.span, ls.encoding), e.new_text)
                        for e in file_edit.edits
                    ],
                )
            )
        return types.WorkspaceEdit(document_changes=changes)
    return types.WorkspaceEdit(
        changes={
            ls.uri_of(f.path): [
                types.TextEdit(to_range(ls.live.lines_of(f.path), e.span, ls.encoding), e.new_text)
                for e in f.edits
            ]
            for f in edits
        }
    )


# LSP-13, LSP-14
@feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Refactor]
    ),
)
@guarded(list)
def on_code_action(ls: TrineServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    path = ls.path_of(params.text_document.uri)
    if path is None or ls.session is None:
        return []
    lines = ls.live.lines_of(path)
    span = from_range(lines, params.range, ls.encoding)
    snapshot = ls.live.snapshot()
    in_range = [
        d
        for d in snapshot.diagnostics.of(path)
        if d.span.start_line <= span.end_line and d.span.end_line >= span.start_line
    ]
    result = []
    for action in ide_actions.code_actions(
        snapshot, path, span, in_range, ls.live.text_of, _can_create(ls)
    ):
        code_action = types.CodeAction(
            title=action.title,
            kind=types.CodeActionKind.QuickFix
            if action.kind == "quickfix"
            else types.CodeActionKind.Refactor,
            is_preferred=action.preferred or None,
        )
        if action.edits:
            code_action.edit = _workspace_edit(ls, action.edits)
            if code_action.edit is None:
                continue
        if action.command:
            code_action.command = types.Command(
                title=action.title, command=action.command[0], arguments=list(action.command[1])
            )
        if action.diagnostic is not None:
            code_action.diagnostics = [ls.to_lsp(action.diagnostic, lines)]
        result.append(code_action)
    return result


@feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded(lambda: None)
def on_prepare_rename(
    ls: TrineServer, params: types.PrepareRenameParams
) -> types.PrepareRenamePlaceholder | None:
    where = _position(ls, params.text_document.uri, params.position)
    prepared = prepare_rename(ls.live.snapshot(), *where) if where else None
    if prepared is None or where is None:
        return None
    return types.PrepareRenamePlaceholder(
        range=to_range(ls.live.lines_of(where[0]), prepared[0], ls.encoding),
        placeholder=prepared[1],
    )


# LSP-15
@feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
@guarded(lambda: None)
def on_rename(ls: TrineServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    where = _position(ls, params.text_document.uri, params.position)
    if where is None:
        return None
    result = rename(
        ls.live.snapshot(), *where, params.new_name, IdMatcher(ls.live.config.id_pattern)
    )
    if result.error is not None:
        raise JsonRpcInvalidParams(result.error)
    return _workspace_edit(ls, result.edits)


def _outline(ls: TrineServer, lines: list[str], item: OutlineItem) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=item.name,
        detail=item.detail or None,
        kind=types.SymbolKind.Key if item.requirement else types.SymbolKind.String,
        range=to_range(lines, item.span, ls.encoding),
        selection_range=to_range(lines, item.selection, ls.encoding),
        children=[_outline(ls, lines, child) for child in item.children],
    )


# LSP-11
@feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded(list)
def on_document_symbol(
    ls: TrineServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol]:
    path = ls.path_of(params.text_document.uri)
    if path is None or ls.session is None:
        return []
    lines = list(ls.live.lines_of(path))
    return [_outline(ls, lines, item) for item in document_symbols(ls.live.snapshot(), path)]


# LSP-11
@feature(types.WORKSPACE_SYMBOL)
@guarded(list)
async def on_workspace_symbol(
    ls: TrineServer, params: types.WorkspaceSymbolParams
) -> list[types.WorkspaceSymbol]:
    if ls.session is None:
        return []
    clauses = workspace_symbols(ls.live.snapshot(), params.query)[:500]
    locations = await _locations(ls, (Location(c.path, c.name_span) for c in clauses))
    return [
        types.WorkspaceSymbol(
            name=clause.id if clause.explicit else clause.title,
            kind=types.SymbolKind.Key,
            location=location,
            container_name=clause.title if clause.explicit else clause.path,
        )
        for clause, location in zip(clauses, locations, strict=True)
    ]


# -- commands -------------------------------------------------------------------------------


@command(ide_actions.COPY_REFERENCE)
def copy_reference(ls: TrineServer, reference: str) -> str:
    """Clients without a clipboard command get the reference shown (and returned)."""
    ls.window_show_message(
        types.ShowMessageParams(types.MessageType.Info, f"trine reference: {reference}")
    )
    return reference


# DRIFT-6: through the editor when the lock is open there, else written atomically by trine.
@command(ide_actions.REVIEW)
async def review(ls: TrineServer, clause: str, source: str, kind: str) -> int:
    """Mark one link (source and kind given) or all links of a clause reviewed in trine.lock,
    exactly those `trine lock --clause` reviews."""
    session = ls.session
    if session is None:
        return 0
    if session.lock.problems:
        ls.warn(f"trine: {LOCK_FILE} cannot be read, so it was left as it is: fix it first")
        return 0
    if escapes(session.root, LOCK_FILE):  # LSP-26
        ls.warn(f"trine: {LOCK_FILE} links out of the workspace, so it was left as it is")
        return 0
    graph = session.snapshot().graph
    previous = session.lock.lock or Lock()
    calls = session.config.lock_calls
    if source:
        lock = reviewed(graph, previous, lambda key: key == (source, clause, kind), calls)
    else:
        lock = reviewed(graph, previous, links_of_clauses(graph, {clause}), calls)
    text = render_lock(lock)
    count = sum(1 for key, entry in lock.links.items() if previous.links.get(key) != entry)
    if LOCK_FILE in session.buffers:
        lines = session.lines_of(LOCK_FILE)
        whole = types.Range(types.Position(0, 0), types.Position(len(lines), 0))
        edit = types.WorkspaceEdit(changes={ls.uri_of(LOCK_FILE): [types.TextEdit(whole, text)]})
        await ls.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(edit=edit, label="trine: review")
        )
    else:
        write_atomic(session.root / LOCK_FILE, text)
        ls.change(SideInputChanged("lock"))
    ls.window_show_message(
        types.ShowMessageParams(
            types.MessageType.Info, f"trine: {count} link(s) of {clause} marked reviewed"
        )
    )
    return count


@command(SHOW_REFERENCES)
async def show_references(
    ls: TrineServer, uri: str, position: types.Position, locations: list[types.Location]
) -> None:
    """Open the first target of a lens; editors with a peek view run their own command instead."""
    if locations:
        await ls.window_show_document_async(
            types.ShowDocumentParams(
                uri=locations[0].uri, selection=locations[0].range, take_focus=True
            )
        )
