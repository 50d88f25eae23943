"""tracey's configuration (`.config/tracey/config.styx`), read only as far as trine needs it.

Styx is tracey's own configuration syntax: `key value` entries separated by newlines or commas,
`{ … }` objects, `( … )` sequences, `"quoted"` or bare scalars, `//` comments and `@tags`. No
Python reader exists, so this is a small one: it builds the tree, and `tracey_spec_globs` takes
the `include` globs of every entry of the top-level `specs` sequence. Unknown keys are left
alone (projects use keys tracey's docs do not describe); what cannot be read is one problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trine.parsers.facts import Problem
from trine.parsers.text import Span, normalize_newlines

TRACEY_CONFIG = ".config/tracey/config.styx"
MAX_DEPTH = 64

_TOKEN = re.compile(
    r"(?P<space>[ \t\r]+)|(?P<comment>//[^\n]*)|(?P<newline>\n)|(?P<open>[({])|(?P<close>[)}])"
    r'|(?P<comma>,)|(?P<quoted>"(?:[^"\\\n]|\\.)*")|(?P<bare>[^\s(){},"]+)|(?P<bad>.)'
)
_CLOSING = {"(": ")", "{": "}"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int
    col: int


class StyxError(Exception):
    """Text that is not Styx, at a line and column."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


def _tokens(text: str) -> list[_Token]:
    found = []
    line = start = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "bad"
        if kind == "bad":
            raise StyxError(f"unexpected {match.group(0)!r}", line, match.start() - start)
        if kind == "newline":
            found.append(_Token(kind, "\n", line, match.start() - start))
            line += 1
            start = match.end()
        elif kind not in ("space", "comment"):
            value = match.group(0)
            if kind == "quoted":
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            found.append(_Token(kind, value, line, match.start() - start))
    return found


class _Reader:
    """Recursive descent over the tokens, at most `MAX_DEPTH` deep."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def skip_separators(self) -> None:
        while (token := self.peek()) is not None and token.kind in ("newline", "comma"):
            self.at += 1

    def entries(self, closing: str | None, depth: int) -> dict[str, object]:
        """`key value` entries up to `closing` (or the end of the text)."""
        found: dict[str, object] = {}
        while True:
            self.skip_separators()
            token = self.peek()
            if token is None or (token.kind == "close" and token.text == closing):
                return found
            if token.kind not in ("bare", "quoted"):
                raise StyxError(f"expected a key, found {token.text!r}", token.line, token.col)
            self.at += 1
            nxt = self.peek()
            value: object = None
            if nxt is not None and nxt.kind not in ("newline", "comma", "close"):
                value = self.value(depth)
            found.setdefault(token.text, value)
            # Anything else on the line (a tag's payload, a second value) is not needed here.
            while (nxt := self.peek()) is not None and nxt.kind not in (
                "newline",
                "comma",
                "close",
            ):
                self.value(depth)

    def value(self, depth: int) -> object:
        token = self.peek()
        assert token is not None
        self.at += 1
        if token.kind != "open":
            if token.kind == "close":
                raise StyxError(f"unexpected {token.text!r}", token.line, token.col)
            return token.text
        if depth >= MAX_DEPTH:
            raise StyxError("nested too deeply", token.line, token.col)
        closing = _CLOSING[token.text]
        found: object = (
            self.entries(closing, depth + 1)
            if token.text == "{"
            else self.sequence(closing, depth + 1)
        )
        end = self.peek()
        if end is None or end.text != closing:
            raise StyxError(f"{token.text!r} is never closed", token.line, token.col)
        self.at += 1
        return found

    def sequence(self, closing: str, depth: int) -> list[object]:
        items: list[object] = []
        while True:
            self.skip_separators()
            token = self.peek()
            if token is None or (token.kind == "close" and token.text == closing):
                return items
            items.append(self.value(depth))


# FMT-105: the spec paths a tracey configuration names, and one problem when it cannot be read.
def tracey_spec_globs(text: str) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """The `include` globs of the `specs` of a tracey configuration, inside the workspace."""
    text = normalize_newlines(text)
    try:
        tree = _Reader(_tokens(text)).entries(None, 0)
    except StyxError as error:
        lines = text.split("\n")
        line = min(error.line, len(lines) - 1)
        span = Span(line, 0, line, len(lines[line]))
        message = (
            f"cannot read the tracey configuration: {error} (line {error.line + 1}), so the"
            " spec paths it names are left out: fix the file"
        )
        return (), (Problem(message, span),)
    specs = tree.get("specs")
    globs: list[str] = []
    for spec in specs if isinstance(specs, list) else ():
        include = spec.get("include") if isinstance(spec, dict) else None
        for glob in include if isinstance(include, list) else ():
            if isinstance(glob, str) and not glob.startswith(("/", "../")):
                globs.append(glob.removeprefix("./"))
    return tuple(dict.fromkeys(globs)), ()
