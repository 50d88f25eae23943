"""End-to-end drift: the real server over stdio, on workspaces with a reviewed trine.lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import start, wait_for_diagnostics
from trine.analysis.drift import current_lock
from trine.cli import main
from trine.config import TrineConfig
from trine.parsers.lock import LOCK_FILE, Lock, parse_lock, render_lock
from trine.project import make_host
from workspaces import write_workspace

SPEC = """\
# Durations

### DUR-1: Units
A duration MUST accept seconds, minutes and hours.

### DUR-2: Errors
Malformed input MUST raise ValueError.
"""
# The same clause with one word changed ("minutes" -> "days").
CHANGED = SPEC.replace("seconds, minutes and hours", "seconds, days and hours")
# The same words, reflowed: a line break and extra spaces only.
REFLOWED = SPEC.replace(
    "A duration MUST accept seconds, minutes and hours.",
    "A  duration MUST accept\nseconds,   minutes and hours.",
)
CODE = '''\
def parse(text):
    """DUR-1: parse a duration."""
    return 0
'''
TEST = '''\
from pkg.duration import parse


def test_units():
    """DUR-1: seconds parse."""
    assert parse("1s") == 0
'''
PARSE = "pkg/duration.py::parse"
TEST_UNITS = "tests/test_duration.py::test_units"


def _fixture(spec: str) -> str:
    return f"//- SPEC.md\n{spec}//- pkg/duration.py\n{CODE}//- tests/test_duration.py\n{TEST}"


def _lock(root: Path, fixture: str | None = None) -> str:
    """Write the original workspace and review every link in trine.lock, as `trine lock` does."""
    write_workspace(root, fixture or _fixture(SPEC))
    host = make_host(root, TrineConfig())
    host.scan()
    text = render_lock(current_lock(host.graph()))
    (root / LOCK_FILE).write_text(text, encoding="utf-8")
    return text


def _uri(root: Path, path: str) -> str:
    return (root / path).as_uri()


def _parsed(text: str) -> Lock:
    lock, problems = parse_lock(text)
    assert lock is not None and not problems
    return lock


def _hash(text: str, source: str) -> str:
    """The clause fingerprint a lock recorded for a link to DUR-1."""
    kind = "verifies" if source == TEST_UNITS else "implements"
    return _parsed(text).links[(source, "DUR-1", kind)].target_hash


def _text_at(text: str, span: types.Range) -> str:
    assert span.start.line == span.end.line
    return text.split("\n")[span.start.line][span.start.character : span.end.character]


async def _pulled(client: LanguageClient, uri: str, code: str) -> list[types.Diagnostic]:
    """The diagnostics with `code` that a pull answers now (after every earlier notification)."""
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    return [d for d in report.items if d.code == code]


def _open(client: LanguageClient, uri: str, language: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


def _read_code_actions_with_commands(client: LanguageClient) -> None:
    """lsprotocol 2025.0.0 reads any answer item that has a `command` key as a Command, so a
    CodeAction carrying a command arrives as a Command whose `command` is a repr; tell the two
    apart by the type of `command` instead (a Command's is the command id, a string)."""
    converter = client.protocol._converter

    def structure(obj: Any, _: type) -> types.Command | types.CodeAction:
        kind = types.Command if isinstance(obj.get("command"), str) else types.CodeAction
        return converter.structure(obj, kind)

    converter.register_structure_hook(types.Command | types.CodeAction, structure)


async def _review_actions(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic
) -> dict[str, types.Command]:
    """The commands of the code actions offered on one diagnostic, by title."""
    _read_code_actions_with_commands(client)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    found: dict[str, types.Command] = {}
    for action in actions or []:
        if isinstance(action, types.CodeAction) and action.command is not None:
            found[action.title] = action.command
    return found


async def _execute(client: LanguageClient, command: types.Command) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )


def _record_apply_edit(client: LanguageClient) -> list[types.ApplyWorkspaceEditParams]:
    """Answer workspace/applyEdit like an editor that applies it, and record what was asked."""
    received: list[types.ApplyWorkspaceEditParams] = []

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(
        _client: LanguageClient, params: types.ApplyWorkspaceEditParams
    ) -> types.ApplyWorkspaceEditResult:
        received.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    return received


async def _stale_on_disk(client: LanguageClient, root: Path) -> str:
    """Review every link, then change a word of DUR-1 on disk before the server starts."""
    locked = _lock(root)
    await start(client, root, _fixture(CHANGED))
    await wait_for_diagnostics(client, _uri(root, "pkg/duration.py"), "stale-link", True)
    await wait_for_diagnostics(client, _uri(root, "tests/test_duration.py"), "stale-link", True)
    return locked


async def test_word_change_in_unsaved_spec_makes_links_stale(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-3: a changed word in an unsaved spec buffer reports stale-link in code, test and spec."""
    _lock(tmp_path)
    await start(client, tmp_path, _fixture(SPEC))
    spec, code, test = (
        _uri(tmp_path, p) for p in ("SPEC.md", "pkg/duration.py", "tests/test_duration.py")
    )
    await wait_for_diagnostics(client, spec, "untested-clause", True)
    for uri in (spec, code, test):
        assert await _pulled(client, uri, "stale-link") == []
    _open(client, spec, "markdown", SPEC)
    _change(client, spec, 2, CHANGED)
    [in_code] = await wait_for_diagnostics(client, code, "stale-link", True)
    assert _text_at(CODE, in_code.range) == "DUR-1"
    assert in_code.severity == types.DiagnosticSeverity.Warning
    [in_test] = await wait_for_diagnostics(client, test, "stale-link", True)
    assert _text_at(TEST, in_test.range) == "DUR-1"
    [on_clause] = await wait_for_diagnostics(client, spec, "stale-link", True)
    assert on_clause.range.start.line == 2
    assert "2 links" in on_clause.message
    assert on_clause.severity == types.DiagnosticSeverity.Warning


async def test_whitespace_reflow_in_unsaved_spec_is_not_stale(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-3: reflowing a clause's words (line breaks, spaces) in an unsaved buffer is not stale."""
    _lock(tmp_path)
    await start(client, tmp_path, _fixture(SPEC))
    spec, code, test = (
        _uri(tmp_path, p) for p in ("SPEC.md", "pkg/duration.py", "tests/test_duration.py")
    )
    await wait_for_diagnostics(client, spec, "untested-clause", True)
    _open(client, spec, "markdown", SPEC)
    _change(client, spec, 2, REFLOWED)
    for uri in (spec, code, test):
        assert await _pulled(client, uri, "stale-link") == []
        assert not [d for d in client.diagnostics.get(uri, []) if d.code == "stale-link"]
    # The same buffer with a changed word is stale: the check above was not vacuous.
    _change(client, spec, 3, CHANGED)
    await wait_for_diagnostics(client, code, "stale-link", True)


async def test_clause_removed_in_unsaved_spec_makes_links_unknown(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-3: a reviewed clause removed from an unsaved spec buffer makes its links unknown-reference."""
    _lock(tmp_path)
    await start(client, tmp_path, _fixture(SPEC))
    spec, code, test = (
        _uri(tmp_path, p) for p in ("SPEC.md", "pkg/duration.py", "tests/test_duration.py")
    )
    await wait_for_diagnostics(client, spec, "untested-clause", True)
    _open(client, spec, "markdown", SPEC)
    _change(client, spec, 2, SPEC.split("### DUR-1")[0] + "### DUR-2" + SPEC.split("### DUR-2")[1])
    [in_code] = await wait_for_diagnostics(client, code, "unknown-reference", True)
    assert _text_at(CODE, in_code.range) == "DUR-1"
    [in_test] = await wait_for_diagnostics(client, test, "unknown-reference", True)
    assert _text_at(TEST, in_test.range) == "DUR-1"
    for uri in (spec, code, test):
        assert await _pulled(client, uri, "stale-link") == []


async def test_hover_shows_word_diff_on_clause_function_and_test(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-4: hover on a stale clause, its function and its test shows the removed and added words."""
    await _stale_on_disk(client, tmp_path)
    for path, line, character in (
        ("SPEC.md", 2, 6),  # the clause heading "### DUR-1: Units"
        ("pkg/duration.py", 0, 5),  # def parse
        ("tests/test_duration.py", 3, 6),  # def test_units
    ):
        text = await _hover(client, _uri(tmp_path, path), line, character)
        assert "Changed since review" in text, path
        assert "~~minutes~~" in text and "**days**" in text, path
        assert "~~seconds" not in text and "~~hours" not in text, path
    unchanged = await _hover(client, _uri(tmp_path, "SPEC.md"), 5, 6)
    assert "DUR-2" in unchanged and "Changed since review" not in unchanged


async def test_code_actions_on_stale_link_offer_review(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-6: a stale link offers "Mark this link ... as reviewed" and "Mark all links of ... as reviewed"."""
    await _stale_on_disk(client, tmp_path)
    code = _uri(tmp_path, "pkg/duration.py")
    [stale] = await wait_for_diagnostics(client, code, "stale-link", True)
    commands = await _review_actions(client, code, stale)
    one = next(c for t, c in commands.items() if t.startswith("Mark this link"))
    every = next(c for t, c in commands.items() if t.startswith("Mark all links of DUR-1"))
    assert one.title.endswith("as reviewed") and every.title.endswith("as reviewed")
    assert one.command == every.command == "trine.review"
    assert list(one.arguments or []) == ["DUR-1", PARSE, "implements"]
    assert list(every.arguments or []) == ["DUR-1", "", ""]
    spec = _uri(tmp_path, "SPEC.md")
    [on_clause] = await wait_for_diagnostics(client, spec, "stale-link", True)
    titles = set(await _review_actions(client, spec, on_clause))
    assert "Mark all links of DUR-1 as reviewed" in titles


async def test_review_one_link_rewrites_lock_on_disk(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-6: reviewing one link with trine.lock closed rewrites it on disk; only that link clears."""
    locked = await _stale_on_disk(client, tmp_path)
    code, test = _uri(tmp_path, "pkg/duration.py"), _uri(tmp_path, "tests/test_duration.py")
    [stale] = await wait_for_diagnostics(client, code, "stale-link", True)
    commands = await _review_actions(client, code, stale)
    one = next(c for t, c in commands.items() if t.startswith("Mark this link"))
    assert await _execute(client, one) == 1
    await wait_for_diagnostics(client, code, "stale-link", False)
    assert await wait_for_diagnostics(client, test, "stale-link", True)
    [on_clause] = await wait_for_diagnostics(client, _uri(tmp_path, "SPEC.md"), "stale-link", True)
    assert "1 link " in on_clause.message
    on_disk = (tmp_path / LOCK_FILE).read_text(encoding="utf-8")
    assert _hash(on_disk, PARSE) != _hash(locked, PARSE)
    assert _hash(on_disk, TEST_UNITS) == _hash(locked, TEST_UNITS)
    assert any("DUR-1" in m.message for m in client.messages)


async def test_review_one_link_keeps_every_other_entry(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-6: reviewing one link changes that link's entry only, even one whose link is gone mid-edit."""
    errors = '//- pkg/errors.py\ndef fail():\n    """DUR-2: raise."""\n    raise ValueError\n'
    before = _parsed(_lock(tmp_path, _fixture(SPEC) + errors))
    await start(client, tmp_path, _fixture(CHANGED) + errors)
    code, spec = _uri(tmp_path, "pkg/duration.py"), _uri(tmp_path, "SPEC.md")
    [stale] = await wait_for_diagnostics(client, code, "stale-link", True)
    # Mid-edit, the function that implements DUR-2 has lost its link in an unsaved buffer.
    fail = _uri(tmp_path, "pkg/errors.py")
    _open(client, fail, "python", "def fail():\n    raise ValueError\n")
    await wait_for_diagnostics(client, spec, "unimplemented-clause", True)
    commands = await _review_actions(client, code, stale)
    one = next(c for t, c in commands.items() if t.startswith("Mark this link"))
    assert await _execute(client, one) == 1
    after = _parsed((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))
    key = (PARSE, "DUR-1", "implements")
    assert set(after.links) == set(before.links)
    assert after.links[key] != before.links[key]
    assert {k: v for k, v in after.links.items() if k != key} == {
        k: v for k, v in before.links.items() if k != key
    }
    for entry in after.links.values():
        if entry.kind != "exercises":
            assert entry.target_hash in after.texts


async def test_review_all_links_of_clause_clears_every_stale_link(
    client: LanguageClient, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """DRIFT-6: "Mark all links of DUR-1 as reviewed" on the clause clears its stale links
    everywhere, and writes exactly the lock `trine lock --clause DUR-1` writes."""
    locked = await _stale_on_disk(client, tmp_path)
    cli_root = tmp_path_factory.mktemp("cli")
    write_workspace(cli_root, _fixture(CHANGED))
    (cli_root / LOCK_FILE).write_text(locked, encoding="utf-8")
    assert main(["lock", str(cli_root), "--clause", "DUR-1"]) == 0
    spec = _uri(tmp_path, "SPEC.md")
    [on_clause] = await wait_for_diagnostics(client, spec, "stale-link", True)
    commands = await _review_actions(client, spec, on_clause)
    assert await _execute(client, commands["Mark all links of DUR-1 as reviewed"]) == 2
    for path in ("SPEC.md", "pkg/duration.py", "tests/test_duration.py"):
        await wait_for_diagnostics(client, _uri(tmp_path, path), "stale-link", False)
    on_disk = (tmp_path / LOCK_FILE).read_text(encoding="utf-8")
    assert "seconds, days and hours" in "".join(_parsed(on_disk).texts.values())
    assert on_disk == (cli_root / LOCK_FILE).read_text(encoding="utf-8")


async def test_review_with_lock_open_goes_through_the_editor(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-6: with trine.lock open in the editor, review sends a WorkspaceEdit and leaves the disk alone."""
    locked = await _stale_on_disk(client, tmp_path)
    received = _record_apply_edit(client)
    lock_uri = _uri(tmp_path, LOCK_FILE)
    _open(client, lock_uri, "toml", locked)
    code, test = _uri(tmp_path, "pkg/duration.py"), _uri(tmp_path, "tests/test_duration.py")
    [stale] = await wait_for_diagnostics(client, code, "stale-link", True)
    commands = await _review_actions(client, code, stale)
    one = next(c for t, c in commands.items() if t.startswith("Mark this link"))
    assert await _execute(client, one) == 1
    assert (tmp_path / LOCK_FILE).read_text(encoding="utf-8") == locked
    [params] = received
    edits = _edits_of(params.edit, lock_uri)
    assert len(edits) == 1 and edits[0].range.start == types.Position(line=0, character=0)
    assert edits[0].range.end.line >= len(locked.split("\n")) - 1
    new_text = edits[0].new_text
    assert _hash(new_text, PARSE) != _hash(locked, PARSE)
    assert _hash(new_text, TEST_UNITS) == _hash(locked, TEST_UNITS)
    # The editor applied the edit to its buffer: only the reviewed link's stale-link clears.
    _change(client, lock_uri, 2, new_text)
    await wait_for_diagnostics(client, code, "stale-link", False)
    assert await _pulled(client, test, "stale-link")


def _edits_of(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The text edits a WorkspaceEdit makes to one document, in either of its shapes."""
    found: list[types.TextEdit] = list((edit.changes or {}).get(uri, []))
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            found += [e for e in change.edits if isinstance(e, types.TextEdit)]
    return found


async def test_conflicted_lock_is_a_lock_problem_and_is_never_rewritten(
    client: LanguageClient, tmp_path: Path
) -> None:
    """DRIFT-8: a lock with conflict markers gives one lock-problem, other diagnostics flow, review leaves it."""
    locked = _lock(tmp_path)
    old = f'target_hash = "{_hash(locked, PARSE)}"\n'
    conflicted = locked.replace(
        old, f'<<<<<<< ours\n{old}=======\ntarget_hash = "0123456789abcdef"\n>>>>>>> theirs\n', 1
    )
    assert conflicted != locked
    (tmp_path / LOCK_FILE).write_text(conflicted, encoding="utf-8")
    before = (tmp_path / LOCK_FILE).read_bytes()
    await start(client, tmp_path, _fixture(CHANGED))
    lock_uri, spec = _uri(tmp_path, LOCK_FILE), _uri(tmp_path, "SPEC.md")
    [problem] = await wait_for_diagnostics(client, lock_uri, "lock-problem", True)
    assert "conflict" in problem.message
    # The rest keeps working: DUR-2's diagnostics arrive and follow an unsaved edit.
    await wait_for_diagnostics(client, spec, "untested-clause", True)
    _open(client, spec, "markdown", CHANGED)
    _change(client, spec, 2, CHANGED.split("### DUR-2")[0])
    await wait_for_diagnostics(client, spec, "untested-clause", False)
    assert len(await _pulled(client, lock_uri, "lock-problem")) == 1
    received = _record_apply_edit(client)
    for arguments in (["DUR-1", PARSE, "implements"], ["DUR-1", "", ""]):
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="trine.review", arguments=arguments)
        )
        assert not result
    assert (tmp_path / LOCK_FILE).read_bytes() == before
    assert any(m.type == types.MessageType.Warning for m in client.messages)
    # Open in the editor, the broken lock is not replaced through the editor either.
    _open(client, lock_uri, "toml", conflicted)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="trine.review", arguments=["DUR-1", "", ""])
    )
    assert not result and received == []
    assert (tmp_path / LOCK_FILE).read_bytes() == before
