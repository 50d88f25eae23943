"""Code and test files: definitions, the prose attached to them, calls and imports.

Generic over languages: a tree-sitter query names the parts (see `queries/python.scm`), and
this module turns its captures into facts with code-point ranges. Facts are extracted per
chunk (top-level statements not separated by a blank line), so that a `CodeParser` kept for an
open buffer re-parses incrementally and re-extracts only the chunks whose text changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TypeVar

import tree_sitter

from trine.parsers.examples import comment_content, example_lines, example_spans, shown
from trine.parsers.facts import (
    Call,
    Definition,
    DefinitionKind,
    Import,
    KeyedString,
    Place,
    Problem,
    Reference,
    Relation,
)
from trine.parsers.grammar import Grammar
from trine.parsers.ids import IdMatcher, range_tokens
from trine.parsers.kiro import FEATURE, code_citations
from trine.parsers.text import LineIndex, Span, Utf8Lines, normalize_newlines
from trine.parsers.tracey_code import CodeMarker, TraceyIds, ignored_lines

_DOTTED = re.compile(r"[A-Za-z_][\w.:]*")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class CodeParse:
    """What one code or test file defines, mentions, calls and imports."""

    definitions: tuple[Definition, ...]
    references: tuple[Reference, ...]
    calls: tuple[Call, ...]
    imports: tuple[Import, ...]
    problems: tuple[Problem, ...]
    prose: tuple[Span, ...] = ()
    strings: tuple[KeyedString, ...] = ()


@dataclass
class _Chunk:
    """The facts of one chunk, with definition indices local to the chunk, extracted when the
    chunk started on `line` (reused elsewhere, its spans shift)."""

    line: int
    definitions: list[Definition] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    prose: list[Span] = field(default_factory=list)
    strings: list[KeyedString] = field(default_factory=list)

    def moved(self, line: int) -> _Chunk:
        """The same facts for the chunk starting on another line."""
        delta = line - self.line
        if delta == 0:
            return self
        return _Chunk(
            line,
            [_moved_definition(d, delta) for d in self.definitions],
            [_moved_reference(r, delta) for r in self.references],
            [_moved_call(c, delta) for c in self.calls],
            list(self.imports),
            [_shift(s, delta) for s in self.prose],
            [replace(k, span=_shift(k.span, delta)) for k in self.strings],
        )


# PERF-4: an open buffer is re-parsed from its last tree and re-extracted chunk by chunk.
class CodeParser:
    """Parses one code file again and again (an editor buffer): tree-sitter re-parses from the
    previous tree, and only the chunks whose text changed are extracted again. Not
    `incremental`, it parses once and extracts the whole file as one chunk (the cold index)."""

    def __init__(
        self, lang: Grammar, ids: IdMatcher, calls: bool = True, incremental: bool = True
    ) -> None:
        self.lang = lang
        self.ids = ids
        self.calls = calls
        self.incremental = incremental
        self._parser = lang.parser()
        self._data = b""
        self._tree: tree_sitter.Tree | None = None
        self._chunks: dict[tuple[bool, bytes], _Chunk] = {}

    def parse(self, text: str) -> CodeParse:
        """Definitions, references, imports and (when `calls`) calls of the file's new text."""
        text = normalize_newlines(text)
        # A lone surrogate goes to tree-sitter as U+FFFD (as many bytes, one code point): its
        # query predicates decode node text strictly.
        data = _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")
        tree = self._reparse(data)
        extractor = _Extractor(text, tree, self.lang, self.ids, self.calls)
        chunks: dict[tuple[bool, bytes], _Chunk] = {}
        parts = []
        whole = [(0, len(data), 0, True, False)]
        ranges = _chunk_ranges(tree.root_node) if self.incremental else whole
        # What a chunk means may depend on whether only comments precede it (a module's
        # docstring may follow its leading comments): that is part of its key.
        opening = True
        for start, end, line, broken, comments in ranges:
            key = (opening, data[start:end])
            opening = opening and comments
            # An ignore directive reaches past its chunk: such a file's chunks are neither
            # reused nor kept for reuse.
            fresh = broken or extractor.ignored is not None
            known = None if fresh else chunks.get(key) or self._chunks.get(key)
            chunk = known.moved(line) if known else extractor.chunk(start, end, line)
            if not fresh:
                chunks[key] = chunk
            parts.append(chunk)
        self._chunks, self._data, self._tree = chunks, data, tree
        return _assemble(parts, extractor.syntax_problems())

    def _reparse(self, data: bytes) -> tree_sitter.Tree:
        """A tree for the new text, re-using the previous tree for what did not change."""
        if self._tree is None:
            return self._parser.parse(data)
        start, old_end, new_end = _changed_range(self._data, data)
        self._tree.edit(
            start_byte=start,
            old_end_byte=old_end,
            new_end_byte=new_end,
            start_point=_point(data, start),
            old_end_point=_point(self._data, old_end),
            new_end_point=_point(data, new_end),
        )
        tree = self._parser.parse(data, self._tree)
        # Error recovery may differ between an incremental and a fresh parse: broken code is
        # parsed afresh, so that a buffer's facts are always those of its text alone.
        return self._parser.parse(data) if tree.root_node.has_error else tree


def _changed_range(old: bytes, new: bytes) -> tuple[int, int, int]:
    """The one edit that turns old into new: its start, old end and new end (bytes)."""
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if old[:mid] == new[:mid]:
            low = mid
        else:
            high = mid - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid :] == new[len(new) - mid :]:
            low = mid
        else:
            high = mid - 1
    return prefix, len(old) - low, len(new) - low


def _point(data: bytes, offset: int) -> tuple[int, int]:
    """The tree-sitter point (row, byte column) of a byte offset."""
    return data.count(b"\n", 0, offset), offset - (data.rfind(b"\n", 0, offset) + 1)


def _last_row(node: tree_sitter.Node) -> int:
    """The last line a node's text is on (a line comment that holds its newline, as Rust's
    `///` does, ends at column 0 of the next line)."""
    end = node.end_point
    return end.row - 1 if end.column == 0 and end.row > node.start_point.row else end.row


def _chunk_ranges(root: tree_sitter.Node) -> Iterator[tuple[int, int, int, bool, bool]]:
    """Runs of top-level statements with no blank line between them (a comment block belongs
    to the definition under it), as (start byte of the first line, end byte, first line,
    whether it holds a syntax error: such a chunk's facts depend on more than its text, whether
    it holds comments only). When the whole file failed to parse, the root's children are loose
    tokens: one broken chunk."""
    if root.is_error:
        yield (0, root.end_byte, 0, True, False)
        return
    group: list[tree_sitter.Node] = []
    for node in root.children:
        if group and node.start_point.row > group[-1].end_point.row + 1:
            yield _chunk_range(group)
            group = []
        group.append(node)
    if group:
        yield _chunk_range(group)


def _chunk_range(group: list[tree_sitter.Node]) -> tuple[int, int, int, bool, bool]:
    first = group[0]
    broken = any(node.has_error for node in group)
    return (
        first.start_byte - first.start_point.column,
        group[-1].end_byte,
        first.start_point.row,
        broken,
        all("comment" in node.type for node in group),
    )


def _assemble(parts: list[_Chunk], problems: list[Problem]) -> CodeParse:
    """The file's facts from its chunks', with definition indices made file-wide."""
    definitions: list[Definition] = []
    references: list[Reference] = []
    calls: list[Call] = []
    imports: list[Import] = []
    prose: list[Span] = []
    strings: list[KeyedString] = []
    for chunk in parts:
        base = len(definitions)
        if base == 0:
            definitions += chunk.definitions
            references += chunk.references
            calls += chunk.calls
            strings += chunk.strings
        else:
            definitions += [_renumbered(d, base) for d in chunk.definitions]
            references += [_owned(r, base) for r in chunk.references]
            calls += [_owned(c, base) for c in chunk.calls]
            strings += [_owned(k, base) for k in chunk.strings]
        imports += chunk.imports
        prose += chunk.prose
    return CodeParse(
        tuple(definitions),
        tuple(references),
        tuple(calls),
        tuple(imports),
        tuple(problems),
        tuple(prose),
        tuple(strings),
    )


def _shift(span: Span, delta: int) -> Span:
    return Span(span.start_line + delta, span.start_col, span.end_line + delta, span.end_col)


def _moved_definition(d: Definition, delta: int) -> Definition:
    return replace(d, span=_shift(d.span, delta), name_span=_shift(d.name_span, delta))


def _moved_reference(r: Reference, delta: int) -> Reference:
    return replace(r, span=_shift(r.span, delta))


def _moved_call(c: Call, delta: int) -> Call:
    label = _shift(c.label_span, delta) if c.label_span else None
    return replace(c, span=_shift(c.span, delta), label_span=label)


def _renumbered(d: Definition, base: int) -> Definition:
    return d if d.parent is None else replace(d, parent=d.parent + base)


_Owned = TypeVar("_Owned", Reference, Call, KeyedString)


def _owned(item: _Owned, base: int) -> _Owned:
    if item.owner is None:
        return item
    if isinstance(item, Reference) and item.covers:
        return replace(item, owner=item.owner + base, covers=tuple(i + base for i in item.covers))
    return replace(item, owner=item.owner + base)


# CODE-17: how a comment line opens, in the languages trine reads.
_COMMENT_OPENERS = (b"#", b"//", b"/*", b"*", b"--")


class _Extractor:
    """Holds one parsed file while the query captures of a chunk are turned into facts."""

    def __init__(
        self,
        text: str,
        tree: tree_sitter.Tree,
        lang: Grammar,
        ids: IdMatcher,
        want_calls: bool,
    ) -> None:
        self.lang = lang
        self.want_calls = want_calls
        self.ids = ids
        self.points = Utf8Lines(text)
        self.lines = text.split("\n")
        self.tree = tree
        self.definitions: list[Definition] = []
        self.starts: list[tuple[int, int]] = []
        self.bounds: list[tuple[int, int]] = []
        self.bodies: list[tuple[int, int]] = []
        self.source = b""
        self.decorators: list[tuple[int, int]] = []
        self.references: list[Reference] = []
        self.prose: list[Span] = []
        self.ignored = ignored_lines(self.lines) if isinstance(ids, TraceyIds) else None

    def span(self, node: tree_sitter.Node) -> Span:
        return self.points.span(node.start_point, node.end_point)

    def chunk(self, start: int, end: int, line: int) -> _Chunk:
        """The facts of the captures that lie in one chunk's bytes."""
        self.definitions, self.starts, self.bounds, self.references, self.prose = [], [], [], [], []
        self.bodies = []
        cursor = tree_sitter.QueryCursor(self.lang.query)
        cursor.set_byte_range(start, end)
        captures = [
            c
            for _, c in cursor.matches(self.tree.root_node)
            if start <= _main(c).start_byte and _main(c).end_byte <= end
        ]
        for c in captures:
            if "name" in c:
                self._define(c)
        self.decorators = sorted(
            (d.start_byte, d.end_byte) for c in captures if "decorator" in c for d in c["decorator"]
        )
        self._prose(captures)
        return _Chunk(
            line,
            definitions=self._signed(captures),
            references=sorted(self.references, key=lambda r: r.span),
            calls=_distinct(
                self._call(c)
                for c in captures
                if self.want_calls and "call" in c and not self._decorating(c["call"][0])
            ),
            imports=[
                self._import(c) for c in captures if "import.module" in c or "import.from" in c
            ],
            prose=sorted(self.prose),
            strings=[self._keyed(c) for c in captures if "string.entry" in c],
        )

    # CODE-1: functions, async functions, classes, methods, nested.
    def _define(self, capture: dict[str, list[tree_sitter.Node]]) -> None:
        kind: DefinitionKind = "function" if "definition.function" in capture else "class"
        node = capture[f"definition.{kind}"][0]
        name = _text(capture["name"][0])
        # GO-2: a method declared outside its type (Go's receiver) is named after the type.
        receiver = _text(capture["receiver"][0]) if "receiver" in capture else None
        above = node.parent
        outer = above if above is not None and above.type in self.lang.wrapper_types else node
        first = self._first_decorator(outer)
        parent = self.owner(first)
        parent_def = self.definitions[parent] if parent is not None else None
        insort(self.starts, (first.start_byte, len(self.definitions)))
        self.bounds.append((first.start_byte, outer.end_byte))
        self.bodies.append((node.start_byte, node.end_byte))
        separator = self.lang.separator
        self.definitions.append(
            Definition(
                name=name,
                qualname=f"{parent_def.qualname}{separator}{name}"
                if parent_def
                else f"{receiver}{separator}{name}"
                if receiver
                else name,
                kind=kind,
                is_async=any(child.type == self.lang.async_keyword for child in node.children),
                is_method=receiver is not None
                or (kind == "function" and parent_def is not None and parent_def.kind == "class"),
                span=self.points.span(first.start_point, outer.end_point),
                name_span=self.span(capture["name"][0]),
                parent=parent,
            )
        )

    # RS-3: attributes stand before a definition as siblings and are part of it.
    def _first_decorator(self, node: tree_sitter.Node) -> tree_sitter.Node:
        """The first of the decorators standing right before a definition (comments between
        them included, no blank line), else the definition itself."""
        first = top = node
        if not self.lang.decorator_types:
            return first
        sibling = node.prev_sibling
        while (
            sibling is not None
            and (sibling.type in self.lang.decorator_types or sibling.is_extra)
            and sibling.end_point.row + 1 >= top.start_point.row
        ):
            top = sibling
            if sibling.type in self.lang.decorator_types:
                first = sibling
            sibling = sibling.prev_sibling
        return first

    # TEST-8: what a function takes, how it is decorated and what it gives, for fixtures.
    def _signed(self, captures: list[dict[str, list[tree_sitter.Node]]]) -> list[Definition]:
        """The chunk's definitions with their parameters, decorators, return annotations and
        the calls their `return` and `yield` statements make."""
        found: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for c in captures:
            for key in ("parameter", "returns", "makes"):
                if key in c and (owner := self.owner(c[key][0])) is not None:
                    found[owner][key].append(_text(c[key][0]))
            if "decorator" in c and (owner := self.owner(c["decorated"][0])) is not None:
                found[owner]["decorator"].append(_text(c["decorator"][0]).removeprefix("@"))
        return [
            replace(
                d,
                parameters=tuple(found[i]["parameter"]),
                decorators=tuple(found[i]["decorator"]),
                returns=next(iter(found[i]["returns"]), None),
                makes=tuple(found[i]["makes"]),
            )
            if i in found
            else d
            for i, d in enumerate(self.definitions)
        ]

    # REL-9
    def owner(self, node: tree_sitter.Node) -> int | None:
        """The innermost definition enclosing a node, decorators included (definitions are
        captured outside-in). By byte ranges: the last definition that starts before the node,
        or the innermost of its parents that still holds it (never a walk up the tree, which
        tree-sitter answers from the root each step)."""
        start, end = node.start_byte, node.end_byte
        at = bisect_right(self.starts, (start, len(self.definitions))) - 1
        index = self.starts[at][1] if at >= 0 else None
        while index is not None:
            low, high = self.bounds[index]
            if low <= start and end <= high:
                return index
            index = self.definitions[index].parent
        return None

    # CODE-2, CODE-4: docstrings, comments and decorator strings.
    def _prose(self, captures: list[dict[str, list[tree_sitter.Node]]]) -> None:
        comments = [c["comment"][0] for c in captures if "comment" in c]
        above = self._comments_above(comments)
        sections = self._sections(comments)
        features = _block_features(comments)
        examples = self._example_comments(comments)
        for c in captures:
            if "comment" in c:
                node = c["comment"][0]
                if node.id in examples:
                    self.prose.append(self.span(node))
                    continue
                owner = above.get(node.id, self.owner(node))
                covers = sections.get(node.id, ())
                self._scan(node, "comment", owner, features.get(node.id), covers)
            elif "docstring" in c:
                node = c["docstring"][0]
                self._scan(node, "docstring", self.owner(node))
            elif "decorator" in c:
                owner = self.owner(c["decorated"][0])
                for string in _strings(c["decorator"][0], self.lang.string_types):
                    self._scan(string, "decorator", owner)

    def _standalone(self, node: tree_sitter.Node) -> bool:
        """Whether a comment stands on its own line (no code before it)."""
        row, col = node.start_point
        return not self.lines[row][: self.points.column(row, col)].strip()

    # CODE-14: a block of comments may hold an example section, as a docstring may.
    def _example_comments(self, comments: list[tree_sitter.Node]) -> set[int]:
        """The comments on lines of an example section of their block (each its own line)."""
        found: set[int] = set()
        for block in _comment_blocks([n for n in comments if self._standalone(n)]):
            lines = [comment_content(_text(n), self.span(n).start_col) for n in block]
            found.update(block[i].id for i in example_lines(lines))
        return found

    # CODE-3
    def _comments_above(self, comments: list[tree_sitter.Node]) -> dict[int, int]:
        """Comments in the block directly above a definition (no blank line between) belong to it;
        a block comment (`/** … */`) is in the block by its last line."""
        standalone = {_last_row(node): node for node in comments if self._standalone(node)}
        owned: dict[int, int] = {}
        for index, definition in enumerate(self.definitions):
            row = definition.span.start_line - 1
            while row in standalone:
                owned[standalone[row].id] = index
                row = standalone[row].start_point.row - 1
        return owned

    # CODE-12
    def _sections(self, comments: list[tree_sitter.Node]) -> dict[int, tuple[int, ...]]:
        """The members a comment block of a class body covers, when it names a clause and a
        blank line sets it apart (else it belongs to the statement under it): those after it,
        up to the next block of the class that names a clause."""
        blocks: dict[int, list[list[tree_sitter.Node]]] = defaultdict(list)
        for block in _comment_blocks([n for n in comments if self._standalone(n)]):
            owner = self.owner(block[0])
            if (
                owner is not None
                and self.definitions[owner].kind == "class"
                and any(self._names_a_clause(_text(n)) for n in block)
            ):
                blocks[owner].append(block)
        covered: dict[int, tuple[int, ...]] = {}
        for owner, found in blocks.items():
            members = [i for i, d in enumerate(self.definitions) if d.parent == owner]
            ends = [block[0].start_point.row for block in found[1:]] + [len(self.lines)]
            for block, end in zip(found, ends, strict=True):
                start = block[-1].end_point.row
                if start + 1 < len(self.lines) and self.lines[start + 1].strip():
                    continue
                section = tuple(
                    i for i in members if start < self.definitions[i].span.start_line < end
                )
                covered.update({node.id: section for node in block if section})
        return covered

    def _names_a_clause(self, text: str) -> bool:
        """Whether a comment holds a reference (not one it shows as an example) or a marker."""
        tokens = list(self.ids.references(text))
        examples = example_spans(text, tokens, comment=True)
        return any(not shown(examples, t.start) for t in tokens) or bool(self._markers(text))

    # CODE-13: a docstring or comment is plain text; no Markdown (a fence) is parsed in it.
    def _scan(
        self,
        node: tree_sitter.Node,
        place: Place,
        owner: int | None,
        feature: str | None = None,
        covers: tuple[int, ...] = (),
    ) -> None:
        text = _text(node)
        start = self.span(node)
        self.prose.append(start)
        index = LineIndex(text)

        def span(begin: int, end: int) -> Span:
            (l1, c1), (l2, c2) = index.position(begin), index.position(end)
            return Span(
                start.start_line + l1,
                c1 + (start.start_col if l1 == 0 else 0),
                start.start_line + l2,
                c2 + (start.start_col if l2 == 0 else 0),
            )

        markers = self._markers(text) if place == "comment" else []
        for marker in markers:
            where = span(marker.start, marker.end)
            if self.ignored and where.start_line in self.ignored:
                continue
            self.references.append(
                Reference("id", marker.target, where, place, owner, marker.relation, covers)
            )
        tokens = list(self.ids.references(text))
        tokens += range_tokens(text, tokens, self.ids.is_id)
        # CODE-14, CODE-15, CODE-16: a mention shown as an example is no reference at all.
        examples = (
            [] if place == "decorator" else example_spans(text, tokens, comment=place == "comment")
        )
        for token in tokens:
            if shown(examples, token.start):
                continue
            if not any(m.start <= token.start < m.end for m in markers):
                where = span(token.start, token.end)
                # CL-28: a mention the sentence contrasts or points at links nothing.
                relation: Relation | None = "related" if token.related else None
                data = place != "decorator" and self._quoted(token.text, owner)
                self.references.append(
                    Reference(token.kind, token.text, where, place, owner, relation, covers, data)
                )
        for citation in code_citations(text, feature):
            if shown(examples, citation.start):
                continue
            where = span(citation.start, citation.end)
            self.references.append(
                Reference("citation", citation.target, where, place, owner, covers=covers)
            )

    # CODE-17: `links = {"REQ002": ["REQ001"]}` under `# REQ002 depends on REQ001` is test data.
    def _quoted(self, target: str, owner: int | None) -> bool:
        """Whether the code of the definition a comment or docstring speaks for holds the id in
        a one-line string of its own (`"REQ002"`, `'REQ005.yml'`; not a triple-quoted
        docstring, not on a comment line), read from its bytes alone, whatever the language."""
        if owner is None:
            return False
        if not self.source:
            self.source = self.tree.root_node.text or b""
        low, high = self.bodies[owner]
        token = re.escape(target.encode())
        pattern = re.compile(
            rb"(?<![\"'])([\"'])[^\"'\n]{0,200}?(?<![\w-])"
            + token
            + rb"(?![\w-])[^\"'\n]{0,200}?\1(?![\"'])"
        )
        for match in pattern.finditer(self.source, low, high):
            line = max(self.source.rfind(b"\n", low, match.start()) + 1, low)
            if not self.source[line : match.start()].lstrip().startswith(_COMMENT_OPENERS):
                return True
        return False

    # FMT-103: tracey's markers are read in comments, in a workspace that uses tracey.
    def _markers(self, text: str) -> list[CodeMarker]:
        return list(self.ids.markers(text)) if isinstance(self.ids, TraceyIds) else []

    def _decorating(self, node: tree_sitter.Node) -> bool:
        """Whether a node sits in a decorator (`@pytest.mark.spec(...)` is no call under test)."""
        at = bisect_right(self.decorators, (node.start_byte, node.end_byte)) - 1
        return at >= 0 and self.decorators[at][1] >= node.end_byte

    def _call(self, capture: dict[str, list[tree_sitter.Node]]) -> Call:
        node = capture["call"][0]
        receiver = capture.get("call.receiver")
        receiver_text = _text(receiver[0]) if receiver else None
        if receiver_text is not None and not _DOTTED.fullmatch(receiver_text):
            receiver_text = "?"
        argument = capture.get("call.argument")
        label = capture.get("call.label")
        return Call(
            _text(capture["call.name"][0]),
            receiver_text,
            self.span(node),
            self.owner(node),
            _text(argument[0]) if argument else None,
            _text(label[0]) if label else None,
            self.span(label[0]) if label else None,
        )

    # GO-5: the names of a test table's entries.
    def _keyed(self, capture: dict[str, list[tree_sitter.Node]]) -> KeyedString:
        """A keyed string, spanning its entry to the end of the entry's last line (a comment
        after the entry speaks for it)."""
        entry = capture["string.entry"][0]
        value = _text(capture["string.value"][0])[1:-1]
        start = self.span(entry)
        span = Span(
            start.start_line, start.start_col, start.end_line, len(self.lines[start.end_line])
        )
        return KeyedString(_text(capture["string.key"][0]), value, span, self.owner(entry))

    def _import(self, capture: dict[str, list[tree_sitter.Node]]) -> Import:
        alias = capture.get("import.alias")
        if "import.from" in capture:
            module = _text(capture["import.from"][0])
            name = _text(capture["import.name"][0])
            separator = self.lang.separator
            if separator != "." and separator in name:
                # RS-6: `use a::{b::c}` imports `c` from `a::b`.
                head, _, name = name.rpartition(separator)
                module = f"{module}{separator}{head}"
            local = _text(alias[0]) if alias else name
            return Import(local=local, module=module, name=name)
        module = _text(capture["import.module"][0])
        local = _text(alias[0]) if alias else self.lang.import_local(module)
        return Import(local=local, module=module, name=None)

    # CODE-7: a syntax error is reported; the rest still parses.
    def syntax_problems(self) -> list[Problem]:
        """The first syntax error of the file, if any."""
        root = self.tree.root_node
        if not root.has_error:
            return []
        node = _first_error(root)
        span = self.span(node) if node else Span(0, 0, 0, 0)
        return [
            Problem(
                f"syntax error on line {span.start_line + 1}: links in the broken part may be"
                " missing until it is fixed",
                span,
            )
        ]


# FMT-31: comments on consecutive lines are one block: a `Feature: <spec>` on one of its lines
# names the spec of the citations on the others.
def _block_features(comments: list[tree_sitter.Node]) -> dict[int, str]:
    """For each comment in a block whose lines name a spec: the spec named on the nearest
    line above it, else the first one below."""
    found: dict[int, str] = {}
    for block in _comment_blocks(comments):
        named = [FEATURE.findall(_text(node)) for node in block]
        below: list[str | None] = []
        nearest: str | None = None
        for names in reversed(named):
            below.append(nearest)
            nearest = names[0] if names else nearest
        below.reverse()
        above: str | None = None
        for node, names, after in zip(block, named, below, strict=True):
            if spec := above or after:
                found[node.id] = spec
            above = names[-1] if names else above
    return found


def _comment_blocks(comments: list[tree_sitter.Node]) -> Iterator[list[tree_sitter.Node]]:
    """Runs of comments on consecutive lines."""
    block: list[tree_sitter.Node] = []
    for node in sorted(comments, key=lambda n: n.start_byte):
        if block and node.start_point.row > block[-1].end_point.row + 1:
            yield block
            block = []
        block.append(node)
    if block:
        yield block


# RS-6: `Foo::new(..)` in a macro's tokens also matches as a bare `new(..)`: the call with a
# receiver is the one meant.
def _distinct(calls: Iterator[Call]) -> list[Call]:
    """The calls, one per span: the one with a receiver where two patterns matched the same."""
    found: dict[Span, Call] = {}
    for call in calls:
        if call.span not in found or found[call.span].receiver is None:
            found[call.span] = call
    return list(found.values())


def _main(capture: dict[str, list[tree_sitter.Node]]) -> tree_sitter.Node:
    """The node a match is about: the last capture, the one patterns name after the whole."""
    for name in _MAIN_CAPTURES:
        if name in capture:
            return capture[name][0]
    return next(iter(capture.values()))[0]


_MAIN_CAPTURES = (
    "definition.function",
    "definition.class",
    "decorated",
    "comment",
    "docstring",
    "call",
    "import.module",
    "import.from",
    "string.entry",
)


def _text(node: tree_sitter.Node) -> str:
    """A node's text as the editor has it: the buffer was encoded with lone surrogates kept."""
    data = node.text or b""
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def _strings(node: tree_sitter.Node, kinds: frozenset[str]) -> list[tree_sitter.Node]:
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in kinds:
            found.append(current)
        else:
            stack.extend(current.children)
    return found


def _first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first error or missing node, descending only into subtrees that hold one."""
    current: tree_sitter.Node | None = node
    while current is not None:
        if current.is_error or current.is_missing:
            return current
        current = next(
            (c for c in current.children if c.has_error or c.is_error or c.is_missing), None
        )
    return None


# IDX-3: the code is parsed as a syntax tree, never imported.
def parse_code(text: str, lang: Grammar, ids: IdMatcher, calls: bool = True) -> CodeParse:
    """Parse one code or test file into definitions, references, imports and (unless `calls` is
    False: only tests' calls are resolved) calls."""
    return CodeParser(lang, ids, calls, incremental=False).parse(text)
