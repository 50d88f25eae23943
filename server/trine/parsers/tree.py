"""Structured data files (YAML, JSON, TOML) as one tree of positioned nodes, never raising.

YAML is composed with PyYAML's safe loader into nodes that carry marks; an alias is read once
(never expanded, so a billion-laughs file stays as small as its text), and nesting is checked on
the event stream before composing (the composer recurses). JSON is checked with `json` (its
messages name JSON's rules) and positioned by the YAML composer. TOML is read with `tomllib`,
which gives no positions: a scalar is placed where its text first stands after the one before.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from trine.parsers.facts import Problem
from trine.parsers.text import LineIndex, Span

MAX_DEPTH = 100
"""Deeper nesting is refused: no requirement file nests this deep, and the composers recurse."""

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STRING = "tag:yaml.org,2002:str"
_WINDOW = 1 << 16  # how far ahead a TOML value is looked for
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


NodeKind = Literal["mapping", "list", "scalar"]


@dataclass
class Node:
    """A mapping (`pairs`), a list (`items`) or a scalar (`value`; `string` when it is text)."""

    kind: NodeKind
    span: Span
    value: str = ""
    string: bool = False
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    """The documents of one file (YAML may hold several) and what could not be read."""

    documents: list[Node]
    problems: list[Problem]


def _clamp(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """A position inside the text, whatever a reader reported."""
    line = min(max(line, 0), len(lines) - 1)
    return line, min(max(col, 0), len(lines[line]))


def _point(lines: list[str], line: int, col: int, message: str) -> Problem:
    line, col = _clamp(lines, line, col)
    return Problem(message, Span(line, col, line, col))


# FMT-83: broken input is one problem at its place.
def read_tree(text: str, kind: str) -> Tree:
    """The nodes of a `yaml`, `json` or `toml` text, or the problem that stops it being read."""
    lines = text.split("\n")
    if kind == "toml":
        return _toml(text, lines)
    if kind == "json":
        problem = _json_problem(text, lines)
        if problem is not None:
            return Tree([], [problem])
        # Outside strings a tab is only whitespace in JSON; YAML refuses it in some places.
        text = text.replace("\t", " ")
    return _yaml(text, lines)


def _json_problem(text: str, lines: list[str]) -> Problem | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return _point(lines, error.lineno - 1, error.colno - 1, f"not valid JSON: {error.msg}")
    except RecursionError:
        return _point(lines, 0, 0, f"nested deeper than {MAX_DEPTH} levels: not read")
    return None


# FMT-84: aliases are never expanded, and nesting is bounded before anything recurses.
def _yaml(text: str, lines: list[str]) -> Tree:
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    where = (mark.line, mark.column) if mark is not None else (0, 0)
                    message = f"nested deeper than {MAX_DEPTH} levels: not read"
                    return Tree([], [_point(lines, *where, message)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        roots = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = (mark.line, mark.column) if mark is not None else (0, 0)
        return Tree([], [_point(lines, *where, f"not valid YAML: {error.problem or error}")])
    except yaml.YAMLError as error:
        return Tree([], [_point(lines, 0, 0, f"not valid YAML: {error}")])
    seen: set[int] = set()
    return Tree([_from_yaml(root, lines, seen) for root in roots if root is not None], [])


def _from_yaml(node: yaml.Node, lines: list[str], seen: set[int]) -> Node:
    """Our node for a YAML node; a node met again (an alias) is an empty mapping."""
    start = _clamp(lines, node.start_mark.line, node.start_mark.column)
    end = _clamp(lines, node.end_mark.line, node.end_mark.column)
    span = Span(*start, *max(start, end))
    if id(node) in seen:
        return Node("mapping", span)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return Node("scalar", span, value=str(node.value), string=node.tag == _STRING)
    if isinstance(node, yaml.SequenceNode):
        return Node("list", span, items=[_from_yaml(item, lines, seen) for item in node.value])
    pairs = [(_from_yaml(k, lines, seen), _from_yaml(v, lines, seen)) for k, v in node.value]
    return Node("mapping", span, pairs=pairs)


def _toml(text: str, lines: list[str]) -> Tree:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = _TOML_AT.search(str(error))
        line, col = (int(at.group(1)) - 1, int(at.group(2)) - 1) if at else (0, 0)
        message = _TOML_AT.sub("", str(error)).strip()
        return Tree([], [_point(lines, line, col, f"not valid TOML: {message}")])
    except RecursionError:
        return Tree([], [_point(lines, 0, 0, f"nested deeper than {MAX_DEPTH} levels: not read")])
    return Tree([_TomlPlacer(text, lines).node(data, 0)], [])


class _TomlPlacer:
    """Places TOML values in the text: each scalar where its text next stands after the one
    placed before (tables follow the text's order), looking no further than `_WINDOW` ahead
    so that values not written as read (escapes) cost little; a mapping or list spans from its
    first to its last value."""

    def __init__(self, text: str, lines: list[str]) -> None:
        self.text = text
        self.lines = lines
        self.index = LineIndex(text)
        self.cursor = 0

    def node(self, value: object, depth: int) -> Node:
        if depth > MAX_DEPTH:
            return Node("mapping", self.here())
        if isinstance(value, dict):
            pairs = [(self.scalar(str(k), True), self.node(v, depth + 1)) for k, v in value.items()]
            span = _around(pairs[0][0].span, pairs[-1][1].span) if pairs else self.here()
            return Node("mapping", span, pairs=pairs)
        if isinstance(value, list):
            items = [self.node(v, depth + 1) for v in value]
            span = _around(items[0].span, items[-1].span) if items else self.here()
            return Node("list", span, items=items)
        if isinstance(value, bool):
            return self.scalar(str(value).lower(), False)
        return self.scalar(str(value), isinstance(value, str))

    def scalar(self, value: str, string: bool) -> Node:
        first = value.split("\n", 1)[0]
        end = self.cursor + _WINDOW + len(first)
        found = self.text.find(first, self.cursor, end) if first else -1
        if found < 0:
            return Node("scalar", self.here(), value=value, string=string)
        self.cursor = found + len(first)
        return Node("scalar", self.index.span(found, self.cursor), value=value, string=string)

    def here(self) -> Span:
        return self.index.span(self.cursor, self.cursor)


def _around(first: Span, last: Span) -> Span:
    """From the start of one span to the end of another, never backwards."""
    start = (first.start_line, first.start_col)
    end = max(start, (last.end_line, last.end_col))
    return Span(*start, *end)
