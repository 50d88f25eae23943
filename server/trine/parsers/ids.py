"""Clause ids and references in prose: the `id_pattern` tokens and `path.md#slug` anchors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

DEFAULT_ID_PATTERN = r"[A-Z][A-Z0-9]*-\d+(?:\.\d+)*"

# A spec anchor written in code or tests: `docs/spec/core.md#clauses`, `SPEC.md#parse`.
_ANCHOR = re.compile(r"(?<![\w/.#-])((?:[\w.-]+/)*[\w.-]+\.(?:md|markdown)#[\w-]+)")
_SUFFIX = re.compile(r"[-_.]?\d+(?:\.\d+)*$")

ReferenceKind = Literal["id", "anchor"]


@dataclass(frozen=True)
class Token:
    """A reference found in a piece of prose: its kind, text and code-point offsets."""

    kind: ReferenceKind
    text: str
    start: int
    end: int


class IdMatcher:
    """Finds clause-id tokens with word boundaries, for one `id_pattern`."""

    def __init__(self, pattern: str = DEFAULT_ID_PATTERN) -> None:
        self.pattern = pattern
        self._token = re.compile(rf"(?<![\w.-])(?:{pattern})(?![\w-])")
        self._whole = re.compile(rf"(?:{pattern})")

    def tokens(self, text: str) -> Iterator[re.Match[str]]:
        """Every id token in the text."""
        return self._token.finditer(text)

    def is_id(self, text: str) -> bool:
        """Whether the whole text is one id."""
        return self._whole.fullmatch(text) is not None

    def references(self, text: str, *, anchors: bool = True) -> Iterator[Token]:
        """Id tokens and (optionally) `file.md#slug` anchors in the text, in order."""
        found = [Token("id", m.group(0), m.start(), m.end()) for m in self.tokens(text)]
        if anchors:
            found += [
                Token("anchor", m.group(1), m.start(1), m.end(1)) for m in _ANCHOR.finditer(text)
            ]
            taken = [(t.start, t.end) for t in found if t.kind == "anchor"]
            found = [t for t in found if t.kind == "anchor" or not _inside(t, taken)]
        return iter(sorted(found, key=lambda t: t.start))


def _inside(token: Token, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= token.start and token.end <= end for start, end in ranges)


def id_prefix(token: str) -> str:
    """The family of an id: `DUR` for `DUR-1.2`; used to tell typos from unrelated text."""
    stripped = _SUFFIX.sub("", token)
    return stripped or token
