"""jest's and vitest's configuration, read without running it: which files hold tests.

A JSON configuration (`jest.config.json`, `package.json`'s `jest`) is read as JSON; a
`vitest.config.ts` or `jest.config.js` is parsed with tree-sitter and only a plain array of
string literals counts (vitest's `test: { include: [...] }`, jest's `testMatch: [...]`).
Anything computed, or written in jest's extended globs (`?(x)`), leaves the defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import tree_sitter
from braceexpand import braceexpand

from trine.parsers.typescript import TYPESCRIPT

SCRIPT_TEST_CONFIGS = (
    "vitest.config.ts",
    "vitest.config.mts",
    "vitest.config.js",
    "vitest.config.mjs",
    "jest.config.json",
    "jest.config.ts",
    "jest.config.js",
    "jest.config.mjs",
    "jest.config.cjs",
    "package.json",
)
"""Where jest and vitest are configured, in the order trine looks."""

_EXTGLOB = re.compile(r"[?*+@!]\(")


# TS-7: the test files jest or vitest is configured to collect.
def script_test_patterns(read: Callable[[str], str | None]) -> tuple[str, ...]:
    """The globs of the first configuration that names its test files plainly, braces
    expanded (`*.{test,spec}.ts` is two globs); none to keep the defaults."""
    for name in SCRIPT_TEST_CONFIGS:
        text = read(name)
        if text is None:
            continue
        found = _json_patterns(name, text) if name.endswith(".json") else _literal_patterns(text)
        if found and not any(_EXTGLOB.search(p) for p in found):
            expanded = (g for p in found for g in braceexpand(p))
            return tuple(dict.fromkeys(_rooted(g) for g in expanded))
    return ()


def _json_patterns(name: str, text: str) -> list[str]:
    """`testMatch` of a jest JSON configuration, or of `package.json`'s `jest` key."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if name == "package.json":
        data = data.get("jest") if isinstance(data, dict) else None
    found = data.get("testMatch") if isinstance(data, dict) else None
    if isinstance(found, list) and all(isinstance(p, str) for p in found):
        return found
    return []


def _literal_patterns(text: str) -> list[str]:
    """`include` inside `test: {…}` (vitest) or `testMatch` (jest), when its value is an
    array of plain string literals."""
    tree = TYPESCRIPT.grammar().parser().parse(_safe(text).encode("utf-8"))
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "pair" and _wanted(node):
            value = node.child_by_field_name("value")
            if value is not None and value.type == "array":
                strings = _strings(value)
                if strings is not None:
                    return strings
        stack.extend(reversed(node.children))
    return []


def _wanted(pair: tree_sitter.Node) -> bool:
    key = _key(pair)
    if key == "testMatch":
        return True
    holder = pair.parent.parent if pair.parent is not None else None
    return (
        key == "include" and holder is not None and holder.type == "pair" and _key(holder) == "test"
    )


def _key(pair: tree_sitter.Node) -> str | None:
    key = pair.child_by_field_name("key")
    if key is None or key.text is None:
        return None
    return key.text.decode("utf-8").strip("'\"")


def _strings(array: tree_sitter.Node) -> list[str] | None:
    """The texts of an array made of string literals only, else None."""
    found = []
    for item in array.named_children:
        if item.type == "comment":
            continue
        if item.type != "string" or item.text is None:
            return None
        found.append(item.text.decode("utf-8")[1:-1])
    return found


def _rooted(glob: str) -> str:
    """A runner's glob as a workspace glob: `<rootDir>/` and `./` dropped."""
    return glob.removeprefix("<rootDir>/").removeprefix("./")


def _safe(text: str) -> str:
    """The text with lone surrogates replaced, so that tree-sitter's bytes decode."""
    return text.encode("utf-8", "replace").decode("utf-8")
