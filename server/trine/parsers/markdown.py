"""Spec documents: clauses, RFC 2119 keywords and references, read with markdown-it-py.

Headings (ATX and setext) are clauses with GitHub anchors; list items and paragraphs that start
with an id are clauses too. Code blocks, HTML comments and front matter hold no clauses or ids.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from trine.parsers.facts import Clause, ClauseKind, Problem, Reference, SpecParse
from trine.parsers.ids import (
    Declaration,
    IdMatcher,
    Token,
    cites_only,
    names_a_standard,
    present,
    range_tokens,
)
from trine.parsers.slug import github_slug
from trine.parsers.text import LineIndex, Span, normalize_newlines

KEYWORDS = re.compile(r"\b(MUST NOT|MUST|SHALL NOT|SHALL|REQUIRED|SHOULD NOT|SHOULD|RECOMMENDED)\b")
# CL-16: every normative word in any case, recorded as written; the keyword policy decides
# which count and how strongly.
NORMATIVE = re.compile(
    r"\b(MUST\s+NOT|MUST|SHALL\s+NOT|SHALL|REQUIRED|SHOULD\s+NOT|SHOULD|NOT\s+RECOMMENDED"
    r"|RECOMMENDED|MAY|OPTIONAL|WILL\s+NOT|WILL)\b",
    re.IGNORECASE,
)
_OPAQUE_BLOCKS = {"fence", "code_block", "html_block", "front_matter"}
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*#[^)\s>]+)>?")
_SIGNATURE = re.compile(r"^`?([A-Za-z_](?:[\w.]|::)*)\s*\(")
_CODE_NAME = re.compile(r"^`([A-Za-z_](?:[\w.]|::)*)(?:\(\))?`$")
_QUOTE_PREFIX = re.compile(r"^(?:\s*>)+")
_CLOSING_ID = re.compile(r"\s*\([^()]*\)\s*$")
_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_NO_WORDS = " \t\n*_`:;,.()[]\u2014\u2013-"


# FMT-121: names that say "spec" or "requirements", at any depth; such a file is read only
# when it looks like a spec.
SPEC_NAMES = (
    "SPEC*.md",
    "*_spec.md",
    "*-spec.md",
    "*.spec.md",
    "*_SPEC.md",
    "*-SPEC.md",
    "REQUIREMENTS*.md",
    "*_requirements.md",
    "*-requirements.md",
)
# FMT-120: archived pages are history, not the current spec, in the spec folders below and
# among the files named like specs; a dialect's own archive (OpenSpec's archived changes) is
# its own layout's business.
_ARCHIVED = ("archive", "archived")
ARCHIVES = tuple(f"!**/{name}/**" for name in _ARCHIVED)
_SPEC_ROOTS = ("docs", "spec", "specs", "requirements")
MIN_SIGNS = 3
# A sentence ends at `.`, `!` or `?`, a blank line, or where a list item, heading or table row
# starts.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+|]|\d+[.)]|#{1,6})[ \t])")


@dataclass(frozen=True)
class SpecSigns:
    """What makes a Markdown file look like a spec: the explicit ids it declares with words of
    their own, and how many of its sentences use an RFC 2119 keyword (code, comments and front
    matter left out)."""

    declared: frozenset[str]
    sentences: int

    def looks_like_spec(self, known: frozenset[str] = frozenset()) -> bool:
        """At least a few declared ids (other than `known` ones) or RFC 2119 sentences."""
        return max(len(self.declared - known), self.sentences) >= MIN_SIGNS


# FMT-122: a few declared ids or RFC 2119 sentences, never ids it only cites or lists bare
# (`Example:` and a list of ids, in a template).
def spec_signs(text: str, path: str, ids: IdMatcher) -> SpecSigns:
    """The signs of a spec in a Markdown file read as plain Markdown."""
    clauses = parse_spec(text, path, ids).clauses
    declared = frozenset(
        c.id for c in clauses if c.explicit and (c.title != c.id or c.text.strip())
    )
    text = normalize_newlines(text).replace("\0", "\ufffd")
    prose = masked_text(text, text.split("\n"), _markdown().parse(text))
    sentences = sum(1 for part in _SENTENCE_END.split(prose) if KEYWORDS.search(part))
    return SpecSigns(declared, sentences)


def normative_words(text: str) -> tuple[str, ...]:
    """The normative words of a clause's prose, once each, as written (`MUST NOT`, `should`)."""
    return tuple(dict.fromkeys(" ".join(m.group(1).split()) for m in NORMATIVE.finditer(text)))


def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark")
        .use(front_matter_plugin)
        .use(anchors_plugin, max_level=6, slug_func=github_slug)
    )


@dataclass
class _Draft:
    """A clause while the token stream is still being walked."""

    kind: ClauseKind
    id: str
    explicit: bool
    title: str
    slug: str | None
    level: int
    start: int
    body_start: int
    end: int
    name_span: Span
    parent: int | None
    symbol_hint: str | None
    decl_end: int = 0
    id_at: tuple[int, int] | None = None
    closing: str | None = None
    children: list[int] = field(default_factory=list)


class _Walker:
    """Walks markdown-it tokens once, collecting clause drafts with their nesting."""

    def __init__(self, lines: list[str], path: str, ids: IdMatcher) -> None:
        self.lines = lines
        self.path = path
        self.ids = ids
        self.drafts: list[_Draft] = []
        self.open: list[int] = []
        self.items: list[bool] = []

    def walk(self, tokens: list[MdToken]) -> None:
        last_line = len(self.lines)
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.map:
                self._heading(token, tokens[index + 1], last_line)
            elif token.type == "list_item_open":
                self.items.append(self._container(tokens, index, "item"))
            elif token.type == "paragraph_open" and not _first_in_item(tokens, index):
                self._container(tokens, index, "paragraph")
            elif token.type == "list_item_close" and self.items and self.items.pop():
                self.open.pop()

    # CL-2: heading ids are GitHub anchors, `-1` suffixes included.
    def _heading(self, token: MdToken, inline: MdToken, last_line: int) -> None:
        level = int(token.tag[1])
        start = token.map[0] if token.map else 0
        while self.open and self._closes(self.open[-1], level):
            closed = self.drafts[self.open.pop()]
            if closed.kind == "heading":
                closed.end = trim_end(self.lines, closed.start, start)
        raw = inline.content.strip()
        match = _declared(self.ids, raw)
        closing = None if match else self.ids.closing(raw)
        explicit_id = match.id if match else closing.id if closing else None
        title_raw = raw[match.end :].strip() if match else raw
        title = _plain(inline, strip=explicit_id if match else None)
        line_text = self.lines[start]
        col = _title_column(line_text, raw)
        id_col = line_text.find(explicit_id) if match and explicit_id else -1
        full_title = title or raw
        if closing:
            # CL-11: `### Title (ID)` declares ID; the title is the text before it.
            title_raw = raw[: closing.end].strip()
            title = _CLOSING_ID.sub("", title)
            id_col = line_text.rfind(closing.id)
        draft = _Draft(
            kind="heading",
            id=explicit_id or f"{self.path}#{token.attrGet('id')}",
            explicit=explicit_id is not None,
            title=title or raw,
            slug=str(token.attrGet("id") or ""),
            level=level,
            start=start,
            body_start=token.map[1] if token.map else start + 1,
            end=last_line,
            name_span=Span(start, col, start, max(col, len(line_text.rstrip()))),
            parent=self.open[-1] if self.open else None,
            symbol_hint=_symbol_hint(title_raw),
            id_at=(start, id_col) if explicit_id else None,
            closing=full_title if closing else None,
        )
        self._push(draft)

    # CL-3: list items and paragraphs that start with an id.
    def _container(self, tokens: list[MdToken], index: int, kind: ClauseKind) -> bool:
        """Open a clause for a list item or paragraph that starts with an id; say if it did."""
        token = tokens[index]
        inline = _first_inline(tokens, index)
        if inline is None or not token.map:
            return False
        start, end = token.map
        parts = self._lines_of(inline.content, start, end) if kind == "paragraph" else []
        if len(parts) > 1:
            # CL-29: `**FR-1.1**: …` on each line of one paragraph is a clause per line.
            opened = [
                self._open(kind, None, content, first, last) for content, first, last in parts
            ]
            return any(opened)
        return self._open(kind, inline, inline.content, start, end)

    def _lines_of(self, content: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """A paragraph's runs of lines that each open with a declared id (a line that does not
        continues the run above), when its first line does; else nothing."""
        runs: list[tuple[str, int, int]] = []
        for offset, line in enumerate(content.split("\n")):
            opens = _declared(self.ids, line) is not None and not _opens_with_link(line)
            if opens:
                runs.append((line, start + offset, start + offset + 1))
            elif runs:
                text, first, _ = runs[-1]
                runs[-1] = (f"{text}\n{line}", first, start + offset + 1)
            else:
                return []
        if runs:
            text, first, _ = runs[-1]
            runs[-1] = (text, first, end)
        return runs

    def _open(
        self, kind: ClauseKind, inline: MdToken | None, content: str, start: int, end: int
    ) -> bool:
        """Open a clause for the content of a list item, a paragraph or a run of its lines
        (`inline` is the block's own, for its links), unless it only cites or restates an id."""
        match = _declared(self.ids, content)
        if match is None or _cites(inline, content, match.id, self.ids):
            return False
        after = content[match.end :].strip()
        if kind == "item" and not after.strip(_NO_WORDS):
            # CL-13: `- ENG-LEG-01` alone lists an id (an "Alignment:" list); it declares nothing.
            return False
        if _restates(content, match.id, kind, self.drafts):
            return False
        line, col = _id_position(self.lines, content, match.id, start, end)
        first = after.split("\n", 1)[0]
        draft = _Draft(
            kind=kind,
            id=match.id,
            explicit=True,
            title=_item_title(first) or match.id,
            slug=None,
            level=(self.drafts[self.open[-1]].level + 1) if self.open else 1,
            start=start,
            body_start=start,
            end=trim_end(self.lines, start, end),
            name_span=Span(line, col, line, min(col + len(match.id), len(self.lines[line]))),
            parent=self.open[-1] if self.open else None,
            symbol_hint=None,
            decl_end=match.end,
            id_at=(line, col),
        )
        self._push(draft)
        if kind == "paragraph":
            self.open.pop()
        return True

    def _closes(self, index: int, level: int) -> bool:
        draft = self.drafts[index]
        return draft.kind != "heading" or draft.level >= level

    # CL-4: each clause nests in the innermost open clause.
    def _push(self, draft: _Draft) -> None:
        index = len(self.drafts)
        if draft.parent is not None:
            self.drafts[draft.parent].children.append(index)
        self.drafts.append(draft)
        self.open.append(index)


# CL-14: `ENG-CORE-PURITY defines …` under `# ENG-CORE-PURITY — …` is about the clause above.
def _restates(content: str, id_: str, kind: ClauseKind, drafts: list[_Draft]) -> bool:
    """Whether an item or paragraph opening with an id the file declared earlier in another
    form restates it: any list item, or a paragraph whose id is the subject of a sentence (a
    bracketed or bold `[DUR-3]` label still declares, and a repeat is a duplicate)."""
    if not any(d.id == id_ and d.explicit and d.kind != kind for d in drafts):
        return False
    return kind == "item" or content.startswith(f"{id_} ")


# CL-25, CL-27: `- [ADR-006: Use SQLite](adr/006.md)` links to a record, `- ADR-014 chose …`
# cites one; neither declares a clause.
def _cites(inline: MdToken | None, content: str, id_: str, ids: IdMatcher) -> bool:
    """Whether a list item or paragraph (or a line of one) opening with an id cites it: its
    text starts with a link (emphasis around it aside), or the id has a reference-only prefix."""
    if cites_only(id_, ids.reference_only):
        return True
    if inline is None:
        return _opens_with_link(content)
    for child in inline.children or []:
        if child.type not in ("strong_open", "em_open") and (child.content or child.type != "text"):
            return child.type == "link_open"
    return False


def _opens_with_link(line: str) -> bool:
    """Whether a line of Markdown starts with a link, emphasis around it aside."""
    return line.lstrip("*_ ").startswith("[") and "](" in line


# CL-15: `- UTF-8 encoded JSON` is about an encoding, not a clause named UTF-8.
def _declared(ids: IdMatcher, text: str) -> Declaration | None:
    """The id a heading, list item or paragraph opens with, unless it names a standard."""
    match = ids.declaration(text)
    return None if match is None or names_a_standard(match.id) else match


def _first_in_item(tokens: list[MdToken], index: int) -> bool:
    """Whether a paragraph is the first block of a list item (which speaks for the item)."""
    return index > 0 and tokens[index - 1].type == "list_item_open"


def _first_inline(tokens: list[MdToken], index: int) -> MdToken | None:
    for token in tokens[index + 1 : index + 3]:
        if token.type == "inline":
            return token
    return None


def _first_line_of(lines: list[str], content: str, start: int) -> int:
    first = content.split("\n", 1)[0].strip()
    for line in range(start, min(start + 3, len(lines))):
        if first and first in lines[line]:
            return line
    return start


def _id_position(lines: list[str], content: str, id_: str, start: int, end: int) -> tuple[int, int]:
    """Where a list item's or paragraph's declared id stands: on the line that holds the first
    line of its content, else the first line of the block that holds the id (never a column
    outside the text, whatever markdown-it made of the source)."""
    line = _first_line_of(lines, content, start)
    col = lines[line].find(id_)
    if col >= 0:
        return line, col
    for other in range(start, min(end, len(lines))):
        col = lines[other].find(id_)
        if col >= 0:
            return other, col
    return line, 0


def trim_end(lines: list[str], start: int, end: int) -> int:
    """The end line (exclusive) without trailing blank lines."""
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _title_column(line: str, raw: str) -> int:
    col = line.find(raw[:20]) if raw else -1
    return col if col >= 0 else len(line) - len(line.lstrip())


def _plain(inline: MdToken, strip: str | None) -> str:
    """The heading's visible text, without a leading declared id."""
    text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
    if strip and text.lstrip().lstrip("[").startswith(strip):
        text = text.lstrip().lstrip("[")[len(strip) :]
        text = text.lstrip("]").lstrip(":").strip()
    return text.strip()


def _item_title(line: str, limit: int = 72) -> str:
    """A list item's or paragraph's title: a lead-in before a colon, else its first sentence."""
    text = line.replace("**", "").replace("__", "").strip()
    lead, colon, _ = text.partition(": ")
    if colon and len(lead) <= 60:
        return lead
    sentence = text.split(". ", 1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# CODE-6
def _symbol_hint(title: str) -> str | None:
    """A function named by a heading: `slugify(text, sep)`, `parse(s) -> int` or `` `slugify` ``,
    its qualified name dotted (RS-11: `Duration::new(s)` names `Duration.new`)."""
    match = _SIGNATURE.match(title) or _CODE_NAME.match(title.strip())
    return match.group(1).replace("::", ".") if match else None


def masked_text(text: str, lines: list[str], tokens: list[MdToken]) -> str:
    """The text with code, HTML comments and front matter blanked out, positions kept."""
    masked = list(lines)
    for token in tokens:
        if token.type in _OPAQUE_BLOCKS and token.map:
            for line in range(*token.map):
                if line < len(masked):
                    masked[line] = " " * len(masked[line])
    joined = "\n".join(masked)
    chars = list(joined)
    for start, end in _code_spans(joined):
        chars[start:end] = [c if c == "\n" else " " for c in chars[start:end]]
    for start, end in _html_comments("".join(chars)):
        chars[start:end] = [c if c == "\n" else " " for c in chars[start:end]]
    return "".join(chars)


# REL-8: one pass, also over thousands of `<!--` that never close (a pattern took seconds).
def _html_comments(text: str) -> list[tuple[int, int]]:
    """The spans of HTML comments, each `<!--` closed by the next `-->`."""
    spans: list[tuple[int, int]] = []
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        spans.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return spans


# REL-8: code spans are found in time linear in the text (a backtracking pattern took minutes
# over a line of a few thousand backticks).
def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as CommonMark pairs them: a run of backticks closed by the next run of the same
    length in the same paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for blank in [*_BLANK_LINE.finditer(text), None]:
        end = blank.start() if blank else len(text)
        runs = [m.span() for m in _TICKS.finditer(text, start, end)]
        by_length: dict[int, list[int]] = defaultdict(list)
        for index, (a, b) in enumerate(runs):
            by_length[b - a].append(index)
        index = 0
        while index < len(runs):
            a, b = runs[index]
            same = by_length[b - a]
            later = bisect_right(same, index)
            if later < len(same):
                spans.append((a, runs[same[later]][1]))
                index = same[later] + 1
            else:
                index += 1
        start = blank.end() - 1 if blank else end
    return spans


# CL-7
def _unterminated_fences(lines: list[str], tokens: list[MdToken]) -> list[Problem]:
    problems = []
    for token in tokens:
        if token.type != "fence" or not token.map:
            continue
        start, end = token.map
        closing = _QUOTE_PREFIX.sub("", lines[end - 1]).strip() if end - 1 > start else ""
        if not (closing.startswith(token.markup) and set(closing) == {token.markup[0]}):
            problems.append(
                Problem(
                    f"code fence opened on line {start + 1} is never closed, so the rest of the"
                    f" file is read as code: close it with {token.markup}",
                    Span(start, 0, start, len(lines[start])),
                )
            )
    return problems


class Markdown:
    """Specs written in Markdown (CommonMark): the default spec format."""

    name: str = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown")
    # FMT-120: spec folders, also deeper in docs, and Markdown in a requirements folder; not
    # what is archived there (the formats before it keep their own archives: spec-kit's
    # `_archive_` features, OpenSpec's archived changes).
    spec_globs: tuple[str, ...] = (
        "SPEC.md",
        "spec/**",
        "specs/**",
        "docs/**/spec/**",
        "docs/**/specs/**",
        "requirements/**/*.md",
        "docs/**/requirements/**/*.md",
        *(f"!{root}/**/{name}/**" for root in _SPEC_ROOTS for name in _ARCHIVED),
    )

    def detect(self, path: str, text: str) -> bool:
        """Any Markdown file: plain Markdown reads what no dialect claims."""
        return True

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """Clauses and references of a Markdown spec (see `parse_spec`)."""
        return parse_spec(text, path, ids)


# CL-1: a real Markdown parser; code, HTML comments and front matter hold nothing.
def parse_spec(text: str, path: str, ids: IdMatcher) -> SpecParse:
    """Parse one spec file into clauses (with nesting and own text) and references."""
    # markdown-it reads NUL as U+FFFD; the lines must match its tokens' content (same columns).
    text = normalize_newlines(text).replace("\0", "\ufffd")
    lines = text.split("\n")
    tokens = _markdown().parse(text)
    walker = _Walker(lines, path, ids)
    walker.walk(tokens)
    _closing_mentions(walker.drafts, path)
    for draft in walker.drafts:
        if draft.kind == "heading" and draft.end == len(lines):
            draft.end = trim_end(lines, draft.start, draft.end)
    masked = masked_text(text, lines, tokens)
    masked_lines = masked.split("\n")
    clauses = tuple(_finish(d, walker.drafts, path, lines, masked_lines) for d in walker.drafts)
    references = _references(masked, walker.drafts, ids)
    return SpecParse(clauses, references, tuple(_unterminated_fences(lines, tokens)))


# CL-11: `## Verification Mapping (SC-001)` names SC-001, declared elsewhere in the file.
def _closing_mentions(drafts: list[_Draft], path: str) -> None:
    """Turn a heading's closing `(ID)` into a mention when the file declares that id otherwise
    (or an earlier heading closes with it): the heading is then a plain section."""
    declared = {d.id for d in drafts if d.explicit and d.closing is None}
    for draft in drafts:
        if draft.closing is None:
            continue
        if draft.id in declared:
            draft.id = f"{path}#{draft.slug}"
            draft.explicit = False
            draft.title = draft.closing
            draft.id_at = None
        declared.add(draft.id)


# CL-5: a clause's own text ends at its first child.
def _own_range(draft: _Draft, drafts: list[_Draft]) -> tuple[int, int]:
    """Lines of a clause's own content: from its body up to its first child clause."""
    end = draft.end
    if draft.children:
        end = min(end, drafts[draft.children[0]].start)
    return draft.body_start, max(end, draft.body_start)


def _finish(
    draft: _Draft, drafts: list[_Draft], path: str, lines: list[str], masked: list[str]
) -> Clause:
    start, end = _own_range(draft, drafts)
    body = lines[start:end]
    if draft.kind != "heading" and body:
        first = _MARKER.sub("", body[0], count=1).lstrip()[draft.decl_end :].strip()
        body = [first, textwrap.dedent("\n".join(body[1:]))]
    text = textwrap.dedent("\n".join(body)).strip()
    prose = " ".join(masked[draft.start : end] if draft.kind == "heading" else masked[start:end])
    keywords = normative_words(prose)
    last = max(draft.end - 1, draft.start)
    return Clause(
        id=draft.id,
        path=path,
        explicit=draft.explicit,
        kind=draft.kind,
        title=draft.title,
        text=text,
        slug=draft.slug,
        level=draft.level,
        span=Span(draft.start, 0, last, len(lines[last])),
        name_span=draft.name_span,
        parent=drafts[draft.parent].id if draft.parent is not None else None,
        keywords=keywords,
        symbol_hint=draft.symbol_hint,
        id_span=_id_span(draft),
    )


def _id_span(draft: _Draft) -> Span | None:
    """Where the declared id token stands (what a rename edits)."""
    if draft.id_at is None or not draft.explicit:
        return None
    line, col = draft.id_at
    return Span(line, col, line, col + len(draft.id))


def _references(masked: str, drafts: list[_Draft], ids: IdMatcher) -> tuple[Reference, ...]:
    index = LineIndex(masked)
    declared = {d.id_at for d in drafts if d.id_at}
    found: list[Reference] = []
    # CL-31: a removed id is no reference.
    tokens = present(
        masked, [Token("id", m.group(0), m.start(), m.end()) for m in ids.tokens(masked)]
    )
    # CODE-9: a spec's prose names the ids of its ranges too.
    for token in tokens + range_tokens(masked, tokens, ids.is_id):
        span = index.span(token.start, token.end)
        if (span.start_line, span.start_col) not in declared:
            found.append(Reference(token.kind, token.text, span, "text"))
    for link in _LINK_TARGET.finditer(masked):
        target = link.group(1)
        if "://" in target or target.startswith("mailto:"):
            continue
        found.append(Reference("anchor", target, index.span(link.start(1), link.end(1)), "link"))
    return tuple(sorted(found, key=lambda r: r.span))
