"""Clause ids and references in prose: the `id_pattern` tokens and `path.md#slug` anchors.

`id_pattern` comes from the workspace, so it is untrusted: it runs on RE2, whose matching takes
time linear in the text whatever the pattern (Python's `re` backtracks, and a pattern such as
`(A+)+-\\d+` over a long line of A's would never finish). RE2 has no lookaround, so the word
boundaries around an id are matched as one consumed character, and the search resumes just
before it; `\\d`, `\\w` and `\\s` are widened to Unicode, as Python's are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import re2

# CL-9: `REQ-12`, `FR-007a`, `REQ-F-006`, `CORE-FR-JOB-IFACE` (three words or more, so that
# `NON-NEGOTIABLE` stays text), `req-7b8e6597` (eight hex digits, as plumb writes them).
DEFAULT_ID_PATTERN = (
    r"[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d+[a-z]?(?:\.\d+)*"
    r"|[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*){2,}"
    r"|[a-z][a-z0-9]*-[0-9a-f]{8}"
)

# CL-27: ids a project cites and never declares in a list: decisions, standards, advisories,
# issues and pull requests.
DEFAULT_REFERENCE_PREFIXES = ("ADR", "RFC", "CVE", "CWE", "GH", "GHSA", "PR", "ISSUE", "BUG")


# A spec anchor written in code or tests: `docs/spec/core.md#clauses`, `SPEC.md#parse`.
_ANCHOR = re.compile(r"(?<![\w/.#-])((?:[\w.-]+/)*[\w.-]+\.(?:md|markdown)#[\w-]+)")
# FMT-48: a clause named by its path of slugs: `auth/session-expiry`, `auth/session-expiry/idle`.
_NAMED = re.compile(r"(?<![\w./#:-])([a-z][\w-]*(?:/[\w-]+)+)(?![\w/-]|\.\w)")
_SUFFIX = re.compile(r"[-_.]?(?:\d+[a-z]?(?:\.\d+)*|[0-9a-f]{8})$")
_LAST_WORD = re.compile(r"-[A-Z][A-Z0-9]*$")
# FMT-26: a numbered clause qualified by its spec folder, `core-runtime/7.3` (Kiro's criteria).
_NUMBERED = re.compile(r"(?<![\w/.#-])([A-Za-z][A-Za-z0-9_-]*/\d+(?:\.\d+)?)(?![\w/-]|\.\d)")
# plumb's ids: `req-` and the first 8 hex digits of a hash of the requirement's text.
PLUMB_ID = re.compile(r"req-[0-9a-f]{8}")

# Python's `\w` and `\s` on text, as RE2 class contents (RE2's own are ASCII only).
_WORD = r"\p{L}\p{N}_"
_SPACE = r"\t\n\v\f\r\x{1c}-\x{1f}\x{85}\p{Z}"
_OUTSIDE = {
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}
_INSIDE = {"d": r"\p{Nd}", "w": _WORD, "s": _SPACE}
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character
# CL-10: what may stand before an id to name its scope: a path ending in `/` or `#`, or a
# feature number with its letters and a dash.
_QUALIFIER = f"(?:[{_WORD}.-]+/)*[{_WORD}.-]+[/#]|[0-9]+\\p{{L}}*-"
# How a declaration may wrap its id: `**REQ-1**`, `[REQ-1]:`, `_REQ-1_`.
_EMPHASIS = r"(?:\*\*|__|\*|_)?"

# FMT-30: a `citation` is a clause named in Kiro's style, by number (`Requirement 7.3`).
# CODE-9: a `range` id is one a range stands for without spelling it (`FR-002` in `FR-001..FR-003`).
ReferenceKind = Literal["id", "anchor", "citation", "range"]


@dataclass(frozen=True)
class Token:
    """A reference found in a piece of prose: its kind, text and code-point offsets."""

    kind: ReferenceKind
    text: str
    start: int
    end: int
    related: bool = False


@dataclass(frozen=True)
class IdMatch:
    """One id token: its text and code-point offsets (the `re.Match` methods the parsers use)."""

    text: str
    begin: int
    finish: int

    # REL-1: a token found by RE2 answers as a `re.Match` did.
    def group(self, index: int = 0) -> str:
        """The id (only group 0 exists)."""
        return self.text

    # REL-1: offsets in code points, converted from RE2's bytes.
    def start(self) -> int:
        """Offset of the id's first character."""
        return self.begin

    # REL-1: offsets in code points, converted from RE2's bytes.
    def end(self) -> int:
        """Offset just after the id."""
        return self.finish


@dataclass(frozen=True)
class Declaration:
    """An id that opens a heading, list item or paragraph, and where the declaration ends."""

    id: str
    end: int


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    return options


# REL-1: Python's `\d`, `\w` and `\s` mean the same in the RE2 form of a pattern.
def translate(pattern: str) -> str:
    """A Python-syntax pattern in RE2 syntax with Python's Unicode classes.

    Only the class escapes change; everything else RE2 reads as Python would, or rejects.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(escape, char + escape))
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            i += 1
            # A `]` right after `[` or `[^` is a literal, not the end of the class.
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append("]")
                i += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _compile(pattern: str | bytes) -> re2._Regexp:
    return re2.compile(pattern, _options())


def _error_text(error: Exception) -> str:
    detail = error.args[0] if error.args else error
    return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)


# REL-1: a pattern RE2 cannot run in linear time is a configuration error.
def pattern_problem(pattern: str) -> str | None:
    """Why an `id_pattern` cannot be used, or None when it can."""
    try:
        pattern.encode("utf-8")
    except UnicodeEncodeError:
        return "not valid UTF-8 text"
    try:
        _compile(translate(pattern))
        matcher = IdMatcher(pattern)
    except re2.error as error:
        return (
            f"not a valid RE2 regular expression ({_error_text(error)}): ids are matched with"
            " RE2, in time linear in the text, so backreferences, lookahead and lookbehind are"
            " not supported"
        )
    if matcher.is_id(""):
        return "the pattern matches the empty string, so every word would be an id"
    return None


class _Encoded:
    """A text as UTF-8 bytes (what RE2 reads), turning byte offsets back into code points."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self._ascii = len(self.data) == len(text)
        self._byte = 0
        self._char = 0

    def char(self, offset: int) -> int:
        """The code-point offset of a byte offset (cheapest when offsets come in order): the
        bytes before it that start a character, which never fails, whatever the offset."""
        if self._ascii:
            return offset
        if offset < self._byte:
            self._byte = self._char = 0
        chunk = self.data[self._byte : offset]
        self._char += len(chunk.translate(None, _CONTINUATION))
        self._byte = offset
        return self._char


class IdMatcher:
    """Finds clause-id tokens with word boundaries, for one `id_pattern`, in linear time."""

    # CL-9: with no configuration, the default pattern's ids (letter suffixes, word parts, hex).
    # CL-27: `reference_only` prefixes name ids that no list item or paragraph declares.
    def __init__(
        self,
        pattern: str = DEFAULT_ID_PATTERN,
        reference_only: Iterable[str] = DEFAULT_REFERENCE_PREFIXES,
    ) -> None:
        self.pattern = pattern
        self.reference_only = frozenset(reference_only)
        body = translate(pattern)
        # `(?<![\w.-])(?:P)(?![\w-])`, with the boundaries consumed: group 2 is the id, group 1
        # an optional qualifier naming its scope (`001-core/`, `specs/001-core#`, `9c-`).
        self._token = _compile(
            f"(?:\\A|[^{_WORD}.-])({_QUALIFIER})?((?:{body}))(?:[^{_WORD}-]|\\z)".encode()
        )
        self._bare = _compile(f"(?:\\A|[^{_WORD}.-])((?:{body}))(?:[^{_WORD}-]|\\z)".encode())
        self._whole = _compile(f"(?:{body})".encode())
        # `^(lead)(id)(trail)(?=[:\s]|$):?`, the lookahead consumed as group 4.
        self._declaration = _compile(
            f"\\A({_EMPHASIS}\\[?)((?:{body}))(\\]?:?{_EMPHASIS})(:|[{_SPACE}]|\\z)".encode()
        )

        # `(ID)` closing a heading: `### Boot from btrfs (CORE-US-BTRFS)`.
        self._closing = _compile(f"\\([{_SPACE}]*((?:{body}))[{_SPACE}]*\\)[{_SPACE}]*\\z".encode())

    def __reduce__(self) -> tuple[type[IdMatcher], tuple[str, frozenset[str]]]:
        """Pickled as its settings (compiled regexes are rebuilt on the other side)."""
        return IdMatcher, (self.pattern, self.reference_only)

    # REL-1: one pass over the text, however hostile the pattern.
    # CL-10: a qualified id is one token, `<scope>/<id>`, unless its qualifier holds ids itself.
    def tokens(self, text: str) -> Iterator[IdMatch]:
        """Every id token in the text; a qualified one's text is `<qualifier>/<id>`."""
        encoded = _Encoded(text)
        data = encoded.data
        pos = 0
        while pos <= len(data) and (match := self._token.search(data, pos)) is not None:
            qualifier, group = match.group(1), 2
            if qualifier and not self._qualifies(qualifier):
                match = self._bare.search(data, match.start())
                assert match is not None  # the qualifier's first id, at the latest
                qualifier, group = None, 1
            start, end = match.span(group)
            begin = encoded.char(match.start(1) if qualifier else start)
            finish = encoded.char(end)
            id_text = text[encoded.char(start) : finish]
            if qualifier:
                id_text = f"{qualifier[:-1].decode('utf-8', 'surrogatepass')}/{id_text}"
            yield IdMatch(id_text, begin, finish)
            # The next id may use this one's last character as its left boundary.
            pos = max(end - 1, match.start() + 1)

    def _qualifies(self, qualifier: bytes) -> bool:
        """Whether a path before an id names a scope: none of its folders is an id itself
        (`CL-1/CL-2` is two ids)."""
        parts = qualifier[:-1].decode("utf-8", "surrogatepass").split("/")
        return not any(self.is_id(part) for part in parts)

    # CL-3, REL-1: a whole text as one id (a rename's new id, for one).
    def is_id(self, text: str) -> bool:
        """Whether the whole text is one id."""
        return self._whole.fullmatch(text.encode("utf-8", "surrogatepass")) is not None

    # CL-3, REL-1: the id that opens a heading, list item or paragraph, in linear time.
    def declaration(self, text: str) -> Declaration | None:
        """The id a heading's, list item's or paragraph's text starts with: optionally in bold or
        brackets, followed by `:` or whitespace; `end` is just after it (and after a `:`)."""
        encoded = _Encoded(text)
        match = self._declaration.match(encoded.data)
        if match is None:
            return None
        start, end = match.span(2)
        after = match.end(3) + (1 if match.group(4) == b":" else 0)
        begin = encoded.char(start)
        finish = encoded.char(end)
        return Declaration(text[begin:finish], encoded.char(after))

    # CL-11: an id in parentheses at the end of a heading declares it.
    def closing(self, text: str) -> Declaration | None:
        """The id in parentheses that ends a heading's text; `end` is where the parenthesis
        opens (the title is the text before it)."""
        encoded = _Encoded(text)
        match = self._closing.search(encoded.data)
        if match is None:
            return None
        start, end = match.span(1)
        return Declaration(
            text[encoded.char(start) : encoded.char(end)], encoded.char(match.start())
        )

    # CODE-2, TEST-2: the references a docstring or comment holds.
    # FMT-26: numbered clauses qualified by their spec folder too.
    def references(self, text: str, *, anchors: bool = True) -> Iterator[Token]:
        """Id tokens, numbered clauses qualified by their folder (`core-runtime/7.3`), and
        (optionally) `file.md#slug` anchors and clauses named by a path of slugs
        (`auth/session-expiry`, FMT-48) in the text, in order."""
        found = [Token("id", m.group(0), m.start(), m.end()) for m in self.tokens(text)]
        found += [Token("id", m.group(1), m.start(1), m.end(1)) for m in _NUMBERED.finditer(text)]
        if anchors:
            found += [
                Token("anchor", m.group(1), m.start(1), m.end(1)) for m in _ANCHOR.finditer(text)
            ]
            taken = [(t.start, t.end) for t in found if t.kind == "anchor"]
            # A qualified id (`specs/001-core#FR-001`) holds a path that is no clause name.
            qualified = [(t.start, t.end) for t in found if t.kind == "id" and "/" in t.text]
            named = [
                token
                for m in _NAMED.finditer(text)
                if not _inside(token := Token("id", m.group(1), m.start(1), m.end(1)), taken)
                and not _inside(token, qualified)
            ]
            taken += [(t.start, t.end) for t in named]
            found = [t for t in found if t.kind == "anchor" or not _inside(t, taken)] + named
        return iter(_contrasted(text, present(text, sorted(found, key=lambda t: t.start))))


# CL-28: "unlike FR-3", "not FR-3", "see FR-3 and FR-4": the sentence points at the clause, it
# does not claim it. A comment that opens with "See FR-3" says what its code follows.
_OPENING = r"[\s(\[`*_\"']*$"
_CONTRAST = re.compile(
    r"\b(?:unlike|not|instead\s+of|rather\s+than|except(?:\s+for)?|replaces|replaced\s+by"
    r"|supersedes|superseded\s+by|vs\.?|versus|as\s+opposed\s+to|other\s+than|apart\s+from)"
    + _OPENING,
    re.IGNORECASE,
)
_POINTER = re.compile(r"\b(?:see(?:\s+also)?|cf\.?)" + _OPENING, re.IGNORECASE)
# CL-31: "removed FR-12, SC-8" records ids that are gone: no link, no unknown reference.
_GONE = re.compile(
    r"\b(?:removed|deleted|dropped|retired|withdrawn|obsoleted)(?:\s+(?:the|ids?))?" + _OPENING,
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"\w")
_LIST_GAP = re.compile(r"[\s`*_\"',/]*(?:\b(?:and|or|nor)\b)?[\s(\[`*_\"']*")
_CONTRAST_REACH = 40


def _contrasted(text: str, tokens: list[Token]) -> list[Token]:
    """The tokens, those a negating or contrasting word stands before marked related (or a
    pointer such as "see" after other words), and the ones listed right after such a token
    (`unlike FR-3 or FR-4`)."""
    marked: list[Token] = []
    first_word = _FIRST_WORD.search(text)
    opening = first_word.start() if first_word else len(text)
    end = 0
    for token in tokens:
        begin = max(end, token.start - _CONTRAST_REACH)
        gap = text[begin : token.start]
        listed = bool(marked) and marked[-1].related and _LIST_GAP.fullmatch(gap) is not None
        pointer = _POINTER.search(gap)
        if listed or _CONTRAST.search(gap) or (pointer and begin + pointer.start() > opening):
            token = Token(token.kind, token.text, token.start, token.end, related=True)
        marked.append(token)
        end = token.end
    return marked


# CL-31
def present(text: str, tokens: list[Token]) -> list[Token]:
    """The tokens (in order) less those a word of removal stands before and the ones listed
    right after such a token (`Removed FR-012, SC-008`)."""
    kept: list[Token] = []
    end = 0
    gone = False
    for token in tokens:
        gap = text[max(end, token.start - _CONTRAST_REACH) : token.start]
        gone = (gone and _LIST_GAP.fullmatch(gap) is not None) or _GONE.search(gap) is not None
        if not gone:
            kept.append(token)
        end = token.end
    return kept


def _inside(token: Token, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= token.start and token.end <= end for start, end in ranges)


# DIAG-1: a token is a typo only when declared ids use its prefix.
# CL-15: names of standards, encodings, algorithms and models have the shape of ids.
STANDARD_NAMES = frozenset(
    {
        "AES",
        "ANSI",
        "CVE",
        "CWE",
        "ECMA",
        "GPT",
        "HTTP",
        "IEC",
        "IEEE",
        "ISO",
        "PEP",
        "RSA",
        "SHA",
        "SSL",
        "TLS",
        "UTF",
    }
)


def names_a_standard(token: str) -> bool:
    """Whether an id-shaped token names a standard or an algorithm (`UTF-8`, `SHA-256`,
    `ISO-8601`, `GPT-5.1`), which a spec cites and never declares as one of its clauses."""
    return token.split("-", 1)[0] in STANDARD_NAMES


def id_prefix(token: str) -> str:
    """The family of an id: `DUR` for `DUR-1.2`, `SEC` for `SEC-01-001`, `CORE-US` for
    `CORE-US-BTRFS`; used to tell typos from unrelated text."""
    # FMT-89: a hash is no number: plumb's ids have no family, a missing one is no typo.
    if PLUMB_ID.fullmatch(token):
        return token
    stripped = _SUFFIX.sub("", token)
    if stripped == token and "." in token.strip("."):
        # FMT-107: dotted rule ids (tracey's `auth.login`) are a family by their first segment.
        return token.strip(".").split(".", 1)[0] + "."
    if stripped == token:
        stripped = _LAST_WORD.sub("", token)
    return _without_numbers(stripped) or token


# DIAG-18: numbered parts belong to the shape, not the family: `SEC` for `SEC-01-001`.
def _without_numbers(prefix: str) -> str:
    """A prefix without its trailing numbered parts (in one pass from the end, whatever their
    number), keeping its first part."""
    end = len(prefix)
    while True:
        digits = end
        while digits > 0 and prefix[digits - 1].isdigit():
            digits -= 1
        if digits == end or digits < 2 or prefix[digits - 1] not in "-_.":
            return prefix[:end]
        end = digits - 1


# CL-27: `ADR-014` names a decision record, `GH-12` an issue: cited, never a clause of a list.
def cites_only(token: str, prefixes: frozenset[str]) -> bool:
    """Whether an id's family or first word is one of the reference-only prefixes."""
    local = token.rpartition("/")[2]
    return id_prefix(local) in prefixes or local.split("-", 1)[0] in prefixes


# A number is its digit count and whether it is zero-padded; a word is "w".
Segment = tuple[int, bool] | str
_SEGMENTS = re.compile(r"[-_.]")
_DIGITS = re.compile(r"\d+")


# DIAG-18, DIAG-19: words and numbers make a shape; dotted and hashed ids have one per family.
def id_shape(token: str) -> tuple[Segment, ...]:
    """The shape of an id: its segments, each a word or a number of so many digits, padded
    or not (`SEC-01-001` is `w, 2 padded, 3 padded`); dotted rule ids and plumb's hashes have
    one shape per family."""
    if PLUMB_ID.fullmatch(token) or id_prefix(token).endswith("."):
        return ("*",)
    return tuple(_segment(part) for part in _SEGMENTS.split(token))


def _segment(part: str) -> Segment:
    digits = _DIGITS.match(part)
    if digits is None:
        return "w"
    number = digits.group(0)
    return (len(number), len(number) > 1 and number.startswith("0"))


# DIAG-18: `SEC-5` has not the shape of `SEC-01-001`, nor `FR-2024` that of `FR-7`.
def fits_shape(token: tuple[Segment, ...], declared: tuple[Segment, ...]) -> bool:
    """Whether a token has the shape of a declared id: as many segments, words where it has
    words, and numbers no wider than those it pads (`FR-15` beside `FR-015`), else of at most
    one more digit."""
    if len(token) != len(declared):
        return False
    return all(_fits(mine, theirs) for mine, theirs in zip(token, declared, strict=True))


def _fits(mine: Segment, theirs: Segment) -> bool:
    if isinstance(mine, str) or isinstance(theirs, str):
        return mine == theirs
    (width, padded), (declared_width, declared_padded) = mine, theirs
    if declared_padded:
        return width == declared_width or (not padded and width < declared_width)
    return not padded and width <= declared_width + 1


# CODE-9: `FR-001 through FR-004`, `to`, `..`, `…`, an en dash; a bare number may end a range
# only after a sign (`FR-001..004`), never after a word (`REQ-2 to 3 retries`).
_RANGE_WORD = re.compile(r"\s+(through|thru|to)\s+", re.IGNORECASE)  # a docstring may wrap
_RANGE_SIGN = re.compile("[ \t]*(\\.\\.\\.?|\u2026|\u2013)[ \t]*")
_WRITTEN_END = re.compile(r"[\w.-]*\w")
_BARE_END = re.compile(r"\d+(?![\w-])")
_LISTED = re.compile(r"/(\d+)(?![\w-])")
_NUMBERED_ID = re.compile(r"(.*?)(\d+)", re.DOTALL)
_MAX_DIGITS = 18
MAX_RANGE = 50
"""The most ids a range may stand for; a longer one is read as its two ends."""


# CODE-9, CODE-10: a range stands for every id between its ends; a bad one for its ends only.
def range_tokens(
    text: str, found: Sequence[Token], is_id: Callable[[str], bool], limit: int = MAX_RANGE
) -> list[Token]:
    """The ids that ranges and lists after the id tokens `found` stand for: a written end that
    `found` lacks (`..FR-004`) is an `id`; ids a range or list names without spelling them are
    `range` tokens, at the sign between the ends or at the bare number. Ends with different
    prefixes, in reverse order or more than `limit` ids apart stand for themselves alone."""
    starts = {token.start for token in found}
    extra: list[Token] = []
    for token in found:
        if token.kind != "id":
            continue
        join = _RANGE_WORD.match(text, token.end) or _RANGE_SIGN.match(text, token.end)
        if join is not None:
            extra += _range(text, token, join, starts, is_id, limit)
        elif text.startswith("/", token.end):
            extra += _listed(text, token)
    return extra


def _range(
    text: str,
    start: Token,
    join: re.Match[str],
    starts: set[int],
    is_id: Callable[[str], bool],
    limit: int,
) -> list[Token]:
    """The tokens of one range: its written end if not found yet, the ids between, and its end
    when a bare number stands for it."""
    written = _WRITTEN_END.match(text, join.end())
    extra: list[Token] = []
    if written is not None and is_id(written.group(0)):
        end = Token("id", written.group(0), written.start(), written.end())
        if end.start not in starts:
            extra.append(end)
    elif join.group(0) == join.group(1) and (bare := _BARE_END.match(text, join.end())):
        # Only a sign with no space around it joins a bare number: `FR-001..004`.
        end = Token("range", _with_number(start.text, bare.group(0)), bare.start(), bare.end())
    else:
        return []
    between = _between(start.text, end.text, limit)
    if between is None:
        return extra
    middle = [Token("range", target, join.start(1), join.end(1)) for target in between]
    return extra + middle + ([end] if end.kind == "range" else [])


def _listed(text: str, start: Token) -> list[Token]:
    """The ids a list of numbers after an id names: `NET-12-008/009/010`."""
    extra: list[Token] = []
    at = start.end
    while _NUMBERED_ID.fullmatch(start.text) and (item := _LISTED.match(text, at)):
        target = _with_number(start.text, item.group(1))
        extra.append(Token("range", target, item.start(1), item.end(1)))
        at = item.end()
    return extra


def _with_number(first: str, digits: str) -> str:
    """The id that has `first`'s prefix and another number: `FR-004` for `FR-001` and `004`."""
    numbered = _NUMBERED_ID.fullmatch(first)
    if numbered is None:
        return first
    prefix, number = numbered.groups()
    return f"{prefix}{digits.zfill(len(number)) if number.startswith('0') else digits}"


def _between(first: str, last: str, limit: int) -> list[str] | None:
    """The ids strictly between two ends of a range, or None when they make no range: not both
    numbered, different prefixes (scope qualifiers aside), reversed, or more than `limit` ids."""
    qualifier, _, local = first.rpartition("/")
    head = _NUMBERED_ID.fullmatch(local)
    tail = _NUMBERED_ID.fullmatch(last.rpartition("/")[2])
    if head is None or tail is None or head.group(1) != tail.group(1):
        return None
    if max(len(head.group(2)), len(tail.group(2))) > _MAX_DIGITS:
        return None  # no clause is numbered so; Python would not even read the number
    low, high = int(head.group(2)), int(tail.group(2))
    if not low < high or high - low + 1 > limit:
        return None
    width = len(head.group(2)) if head.group(2).startswith("0") else 0
    scope = f"{qualifier}/" if qualifier else ""
    return [f"{scope}{head.group(1)}{str(n).zfill(width)}" for n in range(low + 1, high)]
