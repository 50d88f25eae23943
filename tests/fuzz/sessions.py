"""Editor sessions for the LSP fuzz tests: random edit sequences as plain data, a driver that
plays them against the real server, and the from-scratch answer they must converge to.

A `Session` holds the opening texts of a spec, a code and a test file and a list of `Op`s. An op's
numbers are resolved against the document as it stands when the op runs (offsets modulo its
length), so that every session is valid whatever came before it, shrinks well, and can be kept
as a plain `@example(...)` once it has found a bug.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from fuzzing import MARKDOWN_FRAGMENTS, PYTHON_FRAGMENTS, mutated, odd_text
from hypothesis import strategies as st
from lspmodel import Edit, apply, line_starts, position_at, utf16_len
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_support import start as start_session
from trine.config import TrineConfig
from trine.project import check, make_host
from workspaces import write_workspace

SPEC = "SPEC.md"
CODE = "pkg/duration.py"
TESTS = "tests/test_duration.py"
PATHS = (SPEC, CODE, TESTS)
LANGUAGES = {SPEC: "markdown", CODE: "python", TESTS: "python"}

SEEDS = {
    SPEC: """# Durations 😀

## Parsing

### DUR-1: Units
A duration MUST accept `s`, `m` and `h`.

- **DUR-3** Whitespace around the number MUST be ignored.
  - **DUR-4** Nested 👍🏽 items SHOULD work.

### DUR-2: Errors
Malformed input MUST raise ValueError; see [units](#dur-1-units).

## `check(text)`
""",
    CODE: '''# 😀 DUR-1 units.
def parse(text):
    """Parse a duration (SPEC.md#parsing)."""
    return 0


def check(text):
    """DUR-2: reject malformed input; see DUR-22."""
    raise ValueError(text)


class Units:
    # DUR-3
    def strip(self, text):
        return text.strip()
''',
    TESTS: '''from pkg.duration import parse, check


def test_units():
    """DUR-1: seconds, minutes and hours parse."""
    assert parse("1s") == 0


class TestErrors:
    """DUR-2"""

    def test_bad(self):
        check("x")
''',
}


EDITS = (
    "insert",
    "insert",
    "delete",
    "replace",
    "replace",
    "past-last-line",
    "past-line-end",
    "pair",
)
SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}


@dataclass(frozen=True)
class Op:
    """One step of a session. `kind` is an edit ("insert", "delete", "replace", "whole",
    "past-last-line", "past-line-end", "pair", or "at": insert at LSP position (a, b) as given)
    or a request ("hover", "definition", "completion", "symbols"); `a` and `b` are resolved
    against the current document."""

    kind: str
    doc: int = 0
    a: int = 0
    b: int = 0
    text: str = ""


@dataclass(frozen=True)
class Session:
    """Opening texts for SPEC, CODE and TESTS, then the ops."""

    texts: tuple[str, str, str]
    ops: tuple[Op, ...] = ()


# -- strategies ----------------------------------------------------------------------------------


def _snippet() -> st.SearchStrategy[str]:
    words = st.sampled_from(
        MARKDOWN_FRAGMENTS
        + PYTHON_FRAGMENTS
        + ("DUR-1", "DUR-9", "DUR-", "SPEC.md#parsing", "\n", "\r\n", "\r", "😀", "é", " ")
    )
    return st.lists(st.one_of(words, odd_text(surrogates=True)), max_size=4).map("".join)


def _document(path: str) -> st.SearchStrategy[str]:
    fragments = MARKDOWN_FRAGMENTS if path == SPEC else PYTHON_FRAGMENTS
    return st.one_of(
        st.just(SEEDS[path]), mutated([SEEDS[path]], fragments, max_mutations=5, surrogates=True)
    )


def sessions(max_ops: int = 14) -> st.SearchStrategy[Session]:
    """Random sessions: mutated opening texts and a mix of edits and requests."""
    number = st.integers(0, 10**6)
    doc = st.integers(0, 2)
    edit = st.builds(
        Op,
        st.sampled_from(EDITS),
        doc,
        number,
        number,
        _snippet(),
    )
    whole = st.integers(0, 2).flatmap(
        lambda d: st.builds(
            Op, st.just("whole"), st.just(d), st.just(0), st.just(0), _document(PATHS[d])
        )
    )
    request = st.builds(
        Op, st.sampled_from(("hover", "definition", "completion", "symbols")), doc, number
    )
    ops = st.lists(st.one_of(edit, edit, edit, whole, request), max_size=max_ops)
    texts = st.tuples(_document(SPEC), _document(CODE), _document(TESTS))
    return st.builds(Session, texts, ops.map(tuple))


# -- resolving ops ---------------------------------------------------------------------------------


def _boundary(text: str, offset: int) -> int:
    """An offset that an LSP position can name (not between the CR and LF of a CRLF)."""
    offset = min(max(offset, 0), len(text))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset - 1
    return offset


def resolve(op: Op, text: str) -> list[Edit]:
    """The content changes of an edit op on the current text."""
    size = len(text) + 1
    start = _boundary(text, op.a % size)
    end = _boundary(text, start + op.b % 24)
    lines = line_starts(text)
    if op.kind == "insert":
        return [Edit(op.text, position_at(text, start), position_at(text, start))]
    if op.kind in ("delete", "replace"):
        new = "" if op.kind == "delete" else op.text
        return [Edit(new, position_at(text, start), position_at(text, end))]
    if op.kind == "whole":
        return [Edit(op.text)]
    if op.kind == "at":
        return [Edit(op.text, (op.a, op.b), (op.a, op.b))]
    if op.kind == "past-last-line":
        # A range that runs past the last line: the end of the document.
        beyond = (len(lines) + op.b % 3, op.b % 7)
        return [Edit(op.text, position_at(text, start) if op.a % 2 else beyond, beyond)]
    if op.kind == "past-line-end":
        # A character past the end of a line (the last one too): the end of that line.
        number = op.a % len(lines)
        begin, finish = lines[number]
        beyond = (number, utf16_len(text[begin:finish]) + 1 + op.b % 5)
        return [Edit(op.text, beyond, beyond)]
    # "pair": two changes in one notification, the second on the text the first left.
    first = Edit(op.text, position_at(text, start), position_at(text, end))
    after = apply(text, first)
    second_at = _boundary(after, op.b % (len(after) + 1))
    second = Edit(op.text[::-1], position_at(after, second_at), position_at(after, second_at))
    return [first, second]


def to_lsp(edit: Edit) -> types.TextDocumentContentChangeEvent:
    """A model edit as an LSP content change."""
    if edit.start is None or edit.end is None:
        return types.TextDocumentContentChangeWholeDocument(text=edit.text)
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(*edit.start), types.Position(*edit.end)), text=edit.text
    )


# -- checking ranges -------------------------------------------------------------------------------


def range_inside(range_: types.Range, text: str) -> bool:
    """Whether an LSP range (UTF-16) is ordered and lies inside the text."""
    lines = line_starts(text)
    for position in (range_.start, range_.end):
        if not 0 <= position.line < len(lines):
            return False
        begin, finish = lines[position.line]
        if not 0 <= position.character <= utf16_len(text[begin:finish]):
            return False
    start, end = range_.start, range_.end
    return (start.line, start.character) <= (end.line, end.character)


def expected_diagnostics(root: Path, texts: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """What a fresh index of the disk with the open buffers' final texts reports, per file, in
    LSP terms (UTF-16 columns computed here, not by the server's converter)."""
    config = TrineConfig()
    host = make_host(root, config)
    host.scan()
    for path, text in texts.items():
        host.set_text(path, text)
    found: dict[str, list[tuple[Any, ...]]] = {path: [] for path in texts}
    for diagnostic in check(host, config).diagnostics:
        text = texts.get(diagnostic.path)
        if text is None:
            text = (root / diagnostic.path).read_text("utf-8")
        lines = [text[b:f] for b, f in line_starts(text)]
        span = diagnostic.span

        def units(line: int, col: int, lines: list[str] = lines) -> int:
            return utf16_len(lines[line][:col])

        found.setdefault(diagnostic.path, []).append(
            (
                span.start_line,
                units(span.start_line, span.start_col),
                span.end_line,
                units(span.end_line, span.end_col),
                diagnostic.code,
                SEVERITY[diagnostic.severity],
                diagnostic.message,
            )
        )
    return {path: sorted(items) for path, items in found.items()}


def published(client: LanguageClient, uri: str) -> list[tuple[Any, ...]]:
    """The diagnostics the server last pushed for a document, as comparable tuples."""
    return sorted(
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.code,
            int(d.severity) if d.severity is not None else None,
            d.message,
        )
        for d in client.diagnostics.get(uri, [])
    )


# -- the driver ------------------------------------------------------------------------------------


@dataclass
class Editor:
    """A client session on one workspace: the documents it has open, and what it has seen."""

    client: LanguageClient
    root: Path
    texts: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)

    @classmethod
    async def start(cls, client: LanguageClient, root: Path) -> Editor:
        """Write the seed workspace, initialize the server on it and wait for its index."""
        fixture = "".join(f"//- {path}\n{SEEDS[path]}" for path in PATHS)
        write_workspace(root, fixture)
        await start_session(client, root, "")
        return cls(client, root)

    def uri(self, path: str) -> str:
        return (self.root / path).as_uri()

    def text_of(self, uri: str) -> str | None:
        for path, text in self.texts.items():
            if self.uri(path) == uri:
                return text
        local = Path(unquote(urlparse(uri).path))
        return local.read_text("utf-8") if local.is_file() else None

    def check_range(self, what: str, uri: str, range_: types.Range) -> None:
        text = self.text_of(uri)
        if text is None or not range_inside(range_, text):
            self.outside.append(f"{what} {uri} {range_}")

    def open(self, texts: Sequence[str]) -> None:
        for path, text in zip(PATHS, texts, strict=True):
            self.texts[path] = text
            self.versions[path] = self.versions.get(path, 0) + 1
            self.client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=self.uri(path),
                        language_id=LANGUAGES[path],
                        version=self.versions[path],
                        text=text,
                    )
                )
            )

    def close(self) -> None:
        for path in list(self.texts):
            self.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(self.uri(path)))
            )
        self.texts.clear()

    def change(self, path: str, edits: list[Edit]) -> None:
        for edit in edits:
            self.texts[path] = apply(self.texts[path], edit)
        self.versions[path] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri(path), version=self.versions[path]
                ),
                content_changes=[to_lsp(e) for e in edits],
            )
        )

    async def request(self, op: Op) -> None:
        path = PATHS[op.doc]
        text = self.texts[path]
        uri = self.uri(path)
        document = types.TextDocumentIdentifier(uri)
        line, character = position_at(text, _boundary(text, op.a % (len(text) + 1)))
        position = types.Position(line, character)
        if op.kind == "hover":
            hover = await self.client.text_document_hover_async(
                types.HoverParams(document, position)
            )
            if hover is not None and hover.range is not None:
                self.check_range("hover", uri, hover.range)
        elif op.kind == "definition":
            found = await self.client.text_document_definition_async(
                types.DefinitionParams(document, position)
            )
            for location in found if isinstance(found, list) else [found] if found else []:
                if isinstance(location, types.Location):
                    self.check_range("definition", location.uri, location.range)
        elif op.kind == "completion":
            answer = await self.client.text_document_completion_async(
                types.CompletionParams(document, position)
            )
            items = answer.items if isinstance(answer, types.CompletionList) else answer or []
            for item in items:
                if isinstance(item.text_edit, types.TextEdit):
                    self.check_range("completion", uri, item.text_edit.range)
        else:
            symbols = await self.client.text_document_document_symbol_async(
                types.DocumentSymbolParams(document)
            )
            stack: list[Any] = list(symbols or [])
            while stack:
                symbol = stack.pop()
                if isinstance(symbol, types.DocumentSymbol):
                    self.check_range("symbol", uri, symbol.range)
                    self.check_range("symbol selection", uri, symbol.selection_range)
                    stack.extend(symbol.children or [])

    async def settle(self) -> None:
        """Wait until the server has handled everything sent so far (its answers come in order,
        after the diagnostics it pushed for earlier edits)."""
        for _ in range(2):
            await self.client.text_document_document_symbol_async(
                types.DocumentSymbolParams(types.TextDocumentIdentifier(self.uri(SPEC)))
            )
            await asyncio.sleep(0)

    async def play(self, session: Session) -> None:
        """Open the documents, run the ops and wait for the server to settle."""
        self.outside.clear()
        self.open(session.texts)
        for op in session.ops:
            path = PATHS[op.doc]
            if op.kind in ("hover", "definition", "completion", "symbols"):
                await self.request(op)
            else:
                self.change(path, resolve(op, self.texts[path]))
        await self.settle()
        for path in PATHS:
            for diagnostic in self.client.diagnostics.get(self.uri(path), []):
                self.check_range(f"diagnostic {diagnostic.code}", self.uri(path), diagnostic.range)

    def mismatches(self) -> dict[str, tuple[list[Any], list[Any]]]:
        """Per open file, (pushed, expected) where the server's diagnostics differ from a fresh
        index of the final texts."""
        expected = expected_diagnostics(self.root, self.texts)
        found = {}
        for path in PATHS:
            pushed = published(self.client, self.uri(path))
            if pushed != expected.get(path, []):
                found[path] = (pushed, expected.get(path, []))
        return found
