"""Code and test files: definitions, the prose attached to them, calls and imports.

Generic over languages: a tree-sitter query names the parts (see `queries/python.scm`), and
this module turns its captures into facts with code-point ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from trine.parsers.facts import Call, Definition, Import, Place, Problem, Reference
from trine.parsers.ids import IdMatcher
from trine.parsers.languages import LanguageSupport
from trine.parsers.text import LineIndex, Span, Utf8Lines, normalize_newlines

_DOTTED = re.compile(r"[A-Za-z_][\w.]*")


@dataclass(frozen=True)
class CodeParse:
    """What one code or test file defines, mentions, calls and imports."""

    definitions: tuple[Definition, ...]
    references: tuple[Reference, ...]
    calls: tuple[Call, ...]
    imports: tuple[Import, ...]
    problems: tuple[Problem, ...]
    prose: tuple[Span, ...] = ()


class _Extractor:
    """Holds one parsed file while its query captures are turned into facts."""

    def __init__(self, text: str, lang: LanguageSupport, ids: IdMatcher, want_calls: bool) -> None:
        self.lang = lang
        self.want_calls = want_calls
        self.ids = ids
        self.points = Utf8Lines(text)
        self.lines = text.split("\n")
        self.tree = lang.parser().parse(text.encode("utf-8", "surrogatepass"))
        self.definitions: list[Definition] = []
        self.index_of: dict[int, int] = {}
        self.references: list[Reference] = []
        self.prose: list[Span] = []

    def span(self, node: tree_sitter.Node) -> Span:
        return self.points.span(node.start_point, node.end_point)

    def run(self) -> CodeParse:
        matches = tree_sitter.QueryCursor(self.lang.query).matches(self.tree.root_node)
        captures = [c for _, c in matches]
        for c in captures:
            if "name" in c:
                self._define(c)
        self._prose(captures)
        return CodeParse(
            definitions=tuple(self.definitions),
            references=tuple(sorted(self.references, key=lambda r: r.span)),
            calls=tuple(
                self._call(c)
                for c in captures
                if self.want_calls and "call" in c and not self._decorating(c["call"][0])
            ),
            imports=tuple(
                _import(c) for c in captures if "import.module" in c or "import.from" in c
            ),
            problems=tuple(self._syntax_problems()),
            prose=tuple(sorted(self.prose)),
        )

    # CODE-1: functions, async functions, classes, methods, nested.
    def _define(self, capture: dict[str, list[tree_sitter.Node]]) -> None:
        kind = "function" if "definition.function" in capture else "class"
        node = capture[f"definition.{kind}"][0]
        name = _text(capture["name"][0])
        parent = self.owner(node.parent)
        outer = node.parent if node.parent and node.parent.type in self.lang.wrapper_types else node
        parent_def = self.definitions[parent] if parent is not None else None
        self.index_of[node.id] = len(self.definitions)
        self.definitions.append(
            Definition(
                name=name,
                qualname=f"{parent_def.qualname}.{name}" if parent_def else name,
                kind=kind,
                is_async=any(child.type == self.lang.async_keyword for child in node.children),
                is_method=kind == "function"
                and parent_def is not None
                and parent_def.kind == "class",
                span=self.span(outer),
                name_span=self.span(capture["name"][0]),
                parent=parent,
            )
        )

    def owner(self, node: tree_sitter.Node | None) -> int | None:
        """The innermost definition enclosing a node (definitions are captured outside-in)."""
        while node is not None:
            if node.id in self.index_of:
                return self.index_of[node.id]
            if node.type in self.lang.wrapper_types:
                for child in node.children:
                    if child.id in self.index_of:
                        return self.index_of[child.id]
            node = node.parent
        return None

    # CODE-2, CODE-4: docstrings, comments and decorator strings.
    def _prose(self, captures: list[dict[str, list[tree_sitter.Node]]]) -> None:
        above = self._comments_above([c["comment"][0] for c in captures if "comment" in c])
        for c in captures:
            if "comment" in c:
                node = c["comment"][0]
                self._scan(node, "comment", above.get(node.id, self.owner(node)))
            elif "docstring" in c:
                node = c["docstring"][0]
                self._scan(node, "docstring", self.owner(node.parent))
            elif "decorator" in c:
                owner = self.owner(c["decorated"][0])
                for string in _strings(c["decorator"][0]):
                    self._scan(string, "decorator", owner)

    # CODE-3
    def _comments_above(self, comments: list[tree_sitter.Node]) -> dict[int, int]:
        """Comments in the block directly above a definition (no blank line between) belong to it."""
        standalone: dict[int, tree_sitter.Node] = {}
        for node in comments:
            row, col = node.start_point
            if not self.lines[row][: self.points.column(row, col)].strip():
                standalone[row] = node
        owned: dict[int, int] = {}
        for index, definition in enumerate(self.definitions):
            row = definition.span.start_line - 1
            while row in standalone:
                owned[standalone[row].id] = index
                row -= 1
        return owned

    def _scan(self, node: tree_sitter.Node, place: Place, owner: int | None) -> None:
        text = _text(node)
        start = self.span(node)
        self.prose.append(start)
        index = LineIndex(text)
        for token in self.ids.references(text):
            (l1, c1), (l2, c2) = index.position(token.start), index.position(token.end)
            span = Span(
                start.start_line + l1,
                c1 + (start.start_col if l1 == 0 else 0),
                start.start_line + l2,
                c2 + (start.start_col if l2 == 0 else 0),
            )
            self.references.append(Reference(token.kind, token.text, span, place, owner))

    def _decorating(self, node: tree_sitter.Node | None) -> bool:
        """Whether a node sits in a decorator (`@pytest.mark.spec(...)` is no call under test)."""
        while node is not None:
            if node.type in self.lang.decorator_types:
                return True
            node = node.parent
        return False

    def _call(self, capture: dict[str, list[tree_sitter.Node]]) -> Call:
        node = capture["call"][0]
        receiver = capture.get("call.receiver")
        receiver_text = _text(receiver[0]) if receiver else None
        if receiver_text is not None and not _DOTTED.fullmatch(receiver_text):
            receiver_text = "?"
        return Call(
            _text(capture["call.name"][0]), receiver_text, self.span(node), self.owner(node)
        )

    # CODE-7: a syntax error is reported; the rest still parses.
    def _syntax_problems(self) -> list[Problem]:
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


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _strings(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "string":
            found.append(current)
        else:
            stack.extend(current.children)
    return found


def _first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_error or child.is_missing:
            return _first_error(child)
    return None


def _import(capture: dict[str, list[tree_sitter.Node]]) -> Import:
    alias = capture.get("import.alias")
    if "import.from" in capture:
        name = _text(capture["import.name"][0])
        local = _text(alias[0]) if alias else name
        return Import(local=local, module=_text(capture["import.from"][0]), name=name)
    module = _text(capture["import.module"][0])
    return Import(local=_text(alias[0]) if alias else module, module=module, name=None)


# IDX-3: the code is parsed as a syntax tree, never imported.
def parse_code(text: str, lang: LanguageSupport, ids: IdMatcher, calls: bool = True) -> CodeParse:
    """Parse one code or test file into definitions, references, imports and (unless `calls` is
    False: only tests' calls are resolved) calls."""
    return _Extractor(normalize_newlines(text), lang, ids, calls).run()
