"""The language server on each spec dialect: the same clauses, hovers, links and diagnostics.

For a small workspace of each dialect (reused from the dialect's unit tests), the real server
over stdio must outline the spec with the dialect's ids, show a clause's text and links on hover
over a reference in code, jump from that reference to the clause's line, and publish what
`trine check` reports on the same workspace.
"""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import textwrap
from collections import Counter
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import start, wait_for_diagnostics
from trine.cli import main
from unit import test_kiro, test_openspec, test_speckit, test_structured, test_tracey


@dataclass(frozen=True)
class Dialect:
    """A workspace of one dialect: its spec file and the ids its outline lists, and a file of
    code or tests whose `reference` (its first occurrence there) names `clause`, declared on
    the spec's line holding `declaration`, with `text` and the `linked` function or test in
    its hover."""

    name: str
    fixture: str
    spec: str
    ids: tuple[str, ...]
    code: str
    reference: str
    clause: str
    declaration: str
    text: str
    linked: str
    folder: Path | None = None


SPECKIT_CODE = '''
//- pkg/albums.py
def create_album(name):
    """001-photo-albums/FR-001: an album is created under its name."""
    return name
'''

KIRO_CODE = '''
//- pkg/rollback.py
def dispose_in_reverse(plugins):
    """core-runtime/1.2: undo the setups, last first."""
    return list(reversed(plugins))
'''

# Doorstop's uids (`UI_002`) are not in the default id_pattern (docs/formats/structured.md):
# code cites them with the pattern that page gives.
DOORSTOP_CODE = '''
//- trine.toml
id_pattern = "[A-Z][A-Z0-9]*[-_]\\\\d+(?:\\\\.\\\\d+)*"
//- pump/display.py
def show_temperature(value):
    """UI_002: the operator sees the coolant temperature."""
    return f"{value} C"
'''

DIALECTS = [
    Dialect(
        name="spec-kit",
        fixture=f"//- {test_speckit.PATH}\n{test_speckit.SPEC}{SPECKIT_CODE}",
        spec=test_speckit.PATH,
        ids=("001-photo-albums/FR-001", "001-photo-albums/US1", "001-photo-albums/SC-001"),
        code="pkg/albums.py",
        reference="001-photo-albums/FR-001",
        clause="001-photo-albums/FR-001",
        declaration="- **FR-001**",
        text="System MUST let users create albums",
        linked="Implemented by [`create_album`]",
    ),
    Dialect(
        name="Kiro",
        fixture=f"//- {test_kiro.REQUIREMENTS}\n{textwrap.dedent(test_kiro.SPEC)}{KIRO_CODE}",
        spec=test_kiro.REQUIREMENTS,
        ids=("core-runtime/1", "core-runtime/1.2", "core-runtime/2.1"),
        code="pkg/rollback.py",
        reference="core-runtime/1.2",
        clause="core-runtime/1.2",
        declaration="1. THE Core Runtime SHALL dispose them in reverse order",
        text="THE Core Runtime SHALL dispose them in reverse order",
        linked="Implemented by [`dispose_in_reverse`]",
    ),
    Dialect(
        name="OpenSpec",
        fixture=test_openspec.WORKSPACE,
        spec=test_openspec.AUTH,
        ids=("auth/session-expiry", "auth/session-expiry/idle-session"),
        code="tests/test_auth.py",
        reference="auth/session-expiry/idle-session",
        clause="auth/session-expiry/idle-session",
        declaration="#### Scenario: Idle session",
        text="**WHEN** a session is idle",
        linked="Tested by [`tests/test_auth.py::test_idle`]",
    ),
    Dialect(
        name="tracey",
        fixture=test_tracey.tracey_workspace(),
        spec=test_tracey.PATH,
        ids=("auth.login", "auth.token", "auth.logout"),
        code="pkg/auth.py",
        reference="auth.login",
        clause="auth.login",
        declaration="r[auth.login]",
        text="The system must accept a username and password.",
        linked="Implemented by [`login`]",
    ),
    Dialect(
        name="Doorstop",
        fixture=DOORSTOP_CODE,
        spec="reqs/UI_002.yml",
        ids=("UI_002",),
        code="pump/display.py",
        reference="UI_002",
        clause="UI_002",
        declaration="text: |",
        text="The display **Shall** show the coolant temperature.",
        linked="Implemented by [`show_temperature`]",
        folder=test_structured.WORKSPACE,
    ),
    Dialect(
        name="plumb",
        fixture=test_structured.PLUMB,
        spec="requirements/plumb.json",
        ids=("req-7b8e6597", "req-0123abcd"),
        code="tests/test_generated.py",
        reference="7b8e6597",
        clause="req-7b8e6597",
        declaration='"id": "req-7b8e6597"',
        text="Usage errors MUST exit 2.",
        linked="Tested by [`tests/test_generated.py::test_req_7b8e6597_usage_errors_exit_2`]",
    ),
]


def _uri(root: Path, path: str) -> str:
    return (root / path).as_uri()


def _path(root: Path, uri: str) -> str:
    return Path(unquote(urlparse(uri).path)).relative_to(root).as_posix()


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """The line and column of the first occurrence of a text."""
    before = text[: text.index(needle)]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


def _names(symbols: Sequence[types.DocumentSymbol | types.SymbolInformation]) -> list[str]:
    """Every symbol's name, nested ones included."""
    found = []
    for symbol in symbols:
        found.append(symbol.name)
        if isinstance(symbol, types.DocumentSymbol):
            found += _names(symbol.children or [])
    return found


def _open(client: LanguageClient, root: Path, path: str) -> str:
    text = (root / path).read_text("utf-8")
    language = "python" if path.endswith(".py") else "markdown"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=_uri(root, path), language_id=language, version=1, text=text
            )
        )
    )
    return text


def _checked(root: Path) -> Counter[tuple[str, str]]:
    """What `trine check --format json` reports on the workspace: (path, code) counted."""
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--format", "json", str(root)])
    report = json.loads(out.getvalue())
    return Counter((d["path"], d["code"]) for d in report["diagnostics"])


async def _published(
    client: LanguageClient, root: Path, expected: Counter[tuple[str, str]]
) -> Counter[tuple[str, str]]:
    """The diagnostics the server pushed, (path, code) counted, once they are the expected
    ones or a few seconds have passed."""
    found: Counter[tuple[str, str]] = Counter()
    for _ in range(300):
        found = Counter(
            (_path(root, uri), str(d.code))
            for uri, items in client.diagnostics.items()
            for d in items
        )
        if found == expected:
            break
        await asyncio.sleep(0.02)
    return found


@pytest.mark.parametrize("dialect", DIALECTS, ids=[d.name for d in DIALECTS])
async def test_each_dialect_looks_the_same_in_the_editor(
    client: LanguageClient, tmp_path: Path, dialect: Dialect
) -> None:
    """LSP-4, LSP-7, LSP-8, LSP-11, LSP-32: for spec-kit, Kiro, OpenSpec, tracey, Doorstop and
    plumb the outline lists the dialect's ids, hover on a reference in code shows the clause's
    text and links, definition lands on the clause's line, and the pushed diagnostics are
    `trine check`'s."""
    if dialect.folder is not None:
        shutil.copytree(dialect.folder, tmp_path, dirs_exist_ok=True)
    await start(client, tmp_path, dialect.fixture)
    spec_text = _open(client, tmp_path, dialect.spec)
    code_text = _open(client, tmp_path, dialect.code)

    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(
            text_document=types.TextDocumentIdentifier(uri=_uri(tmp_path, dialect.spec))
        )
    )
    assert set(dialect.ids) <= set(_names(symbols or []))

    line, col = _line_of(code_text, dialect.reference)
    where = types.TextDocumentPositionParams(
        text_document=types.TextDocumentIdentifier(uri=_uri(tmp_path, dialect.code)),
        position=types.Position(line=line, character=col + 1),
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=where.text_document, position=where.position)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith(f"**{dialect.clause}**")
    assert dialect.text in hover.contents.value
    assert dialect.linked in hover.contents.value

    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=where.text_document, position=where.position)
    )
    locations = found if isinstance(found, list) else [found] if found else []
    assert [
        (_path(tmp_path, loc.uri), loc.range.start.line)
        for loc in locations
        if isinstance(loc, types.Location)
    ] == [(dialect.spec, _line_of(spec_text, dialect.declaration)[0])]

    checked = _checked(tmp_path)
    assert await _published(client, tmp_path, checked) == checked


async def test_a_broken_tracey_config_is_published(client: LanguageClient, tmp_path: Path) -> None:
    """FMT-110: the server publishes an unreadable tracey configuration's `file-problem` on the
    configuration file, at the line where reading stopped."""
    fixture = test_tracey.tracey_workspace().replace(test_tracey.CONFIG, test_tracey.BROKEN)
    await start(client, tmp_path, fixture)
    uri = _uri(tmp_path, test_tracey.TRACEY_CONFIG)
    [problem] = await wait_for_diagnostics(client, uri, "file-problem")
    assert problem.range.start.line == test_tracey.BROKEN.split("\n").index('        name "auth')
    assert "tracey configuration" in problem.message
