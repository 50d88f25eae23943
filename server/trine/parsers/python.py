"""Python: tree-sitter-python, pytest's collection rules, dotted modules, PEP 263 and PEP 8 names."""

from __future__ import annotations

import codecs
import fnmatch
import io
import posixpath
import re
import tokenize
from collections.abc import Sequence
from functools import cache

import tree_sitter

from trine.parsers.code import CodeParse
from trine.parsers.facts import Clause, Definition, Fixture, Import
from trine.parsers.grammar import Grammar, load_query
from trine.parsers.language import CollectionRules, FoundTest

_NON_WORD = re.compile(r"\W+")


@cache
def _grammar() -> Grammar:
    import tree_sitter_python

    language = tree_sitter.Language(tree_sitter_python.language())
    return Grammar(
        language=language,
        query=load_query(language, "python"),
        wrapper_types=frozenset({"decorated_definition"}),
        decorator_types=frozenset({"decorator"}),
        async_keyword="async",
    )


class Python:
    """Python, read through tree-sitter-python and tested with pytest."""

    name: str = "python"
    extensions: tuple[str, ...] = (".py", ".pyi")
    code_globs: tuple[str, ...] = ("**/*.py",)
    test_globs: tuple[str, ...] = ("**/test_*.py", "**/*_test.py")
    prose: str = "docstring"
    comment: str = "#"

    def grammar(self) -> Grammar:
        """tree-sitter-python with `queries/python.scm`."""
        return _grammar()

    # REL-7: only a text encoding may replace UTF-8.
    def encoding(self, data: bytes) -> str:
        """The PEP 263 coding cookie (read by the tokenizer, never run), else UTF-8.

        Only text encodings count: a cookie naming `rot13` or `base64` is not an encoding.
        """
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            text_encoding = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
        except (SyntaxError, LookupError):
            return "utf-8"
        if not text_encoding or encoding == "utf-8-sig":
            return "utf-8"
        return encoding

    def skips(self, path: str, text: str) -> str | None:
        """None: every Python file is read."""
        return None

    # TEST-1: pytest's collection rules and node ids.
    # TEST-6: pytest's configured names decide which modules, classes and functions are tests.
    def tests(
        self, path: str, code: CodeParse, rules: CollectionRules | None = None
    ) -> tuple[FoundTest, ...]:
        """pytest's tests: `test*` functions at module level or in (nested) `Test*` classes,
        with node ids `<path>::<Class>::<name>`; with a pytest configuration, only in a module
        its `python_files` names, and as its `python_classes` and `python_functions` say."""
        rules = rules or CollectionRules()
        if rules.files and not any(_collects_file(path, pattern) for pattern in rules.files):
            return ()
        definitions = code.definitions
        node_ids: list[str] = []
        for d in definitions:
            node_ids.append(f"{node_ids[d.parent] if d.parent is not None else path}::{d.name}")
        return tuple(
            FoundTest(node_ids[i], d.name, d.span, d.name_span, definition=i)
            for i, d in enumerate(definitions)
            # TEST-1: a fixture named `test_bars` is no test; pytest does not collect it.
            if _is_test(i, definitions, rules) and not any(map(_FIXTURE.match, d.decorators))
        )

    # TEST-8: a fixture's type is its return annotation, else the class it returns or yields.
    def fixtures(self, code: CodeParse) -> tuple[Fixture, ...]:
        """Module-level functions decorated `@pytest.fixture` (or `@fixture`), by their name or
        the decorator's `name=`, each with the class its return annotation names (the first
        argument of `Iterator[...]` and the like), else the one class its `return` or `yield`
        statements call."""
        found = []
        for d in code.definitions:
            marks = [text for text in d.decorators if _FIXTURE.match(text)]
            if d.parent is not None or not marks:
                continue
            kind = _annotated(d.returns) if d.returns else None
            made = set(d.makes)
            kind = kind or (made.pop() if len(made) == 1 else None)
            if kind:
                named = _FIXTURE_NAME.search(marks[0])
                found.append(Fixture(named.group(1) if named else d.name, kind))
        return tuple(found)

    # DIAG-5
    def is_public(self, path: str, definitions: Sequence[Definition], index: int) -> bool:
        """Public: no leading underscore in its name, its classes' or its modules', and not
        nested in a function."""
        definition = definitions[index]
        if definition.name.startswith("_") or _private_module(path):
            return False
        parent = definition.parent
        return parent is None or (
            definitions[parent].kind == "class" and self.is_public(path, definitions, parent)
        )

    def module_names(self, path: str) -> tuple[str, ...]:
        """The dotted names a file can be imported by: its module path and every suffix (the
        package root is not known), a package by its folder."""
        parts = path.removesuffix(".py").removesuffix(".pyi").split("/")
        if parts[-1] == "__init__":
            parts.pop()
        return tuple(".".join(parts[start:]) for start in range(len(parts)))

    # TEST-4
    def import_targets(self, imported: Import, member: str | None) -> tuple[tuple[str, str], ...]:
        """`from m import f` binds `m.f`; `import m` binds `m`, and `mod.f` is `f` in module
        `m.mod` or `mod.f` in module `m`. A relative import matches by its dotted suffix."""
        module = imported.module.lstrip(".")
        if member is None:
            return ((module, imported.name or imported.local),)
        if imported.name is None:
            return ((module, member),)
        return ((f"{module}.{imported.name}", member), (module, f"{imported.name}.{member}"))

    def marker_hint(self, clause_id: str | None) -> str:
        """pytest's marker, `@pytest.mark.spec("ID")`."""
        return f'@pytest.mark.spec("{clause_id}")' if clause_id else "@pytest.mark.spec(...)"

    def stub_path(self, source: str, tests_folder: str) -> str:
        """`<tests>/test_<module>.py`, a package named after its folder."""
        stem = posixpath.basename(source).rsplit(".", 1)[0].lower()
        if stem == "__init__":
            stem = posixpath.basename(posixpath.dirname(source)) or "package"
        return f"{tests_folder}/test_{_NON_WORD.sub('_', stem)}.py"

    # LSP-36: a marker goes in a comment above the test, where it links the test.
    def stub(self, clause: Clause, marker: str | None = None) -> str:
        """A failing pytest test whose docstring names the clause, under a comment that holds
        the marker, if any."""
        title = clause.id if clause.explicit else clause.title
        name = _NON_WORD.sub("_", title.lower()).strip("_")
        above = f"# {marker}\n" if marker else ""
        return (
            f"{above}def test_{name}():\n"
            f'    """{clause.id}: {clause.title.rstrip(".")}."""\n'
            f'    raise NotImplementedError("write the test that checks {clause.id}")\n'
        )


_GLOB = re.compile(r"[*?\[]")


_FIXTURE = re.compile(r"(?:pytest(?:_asyncio)?\.)?fixture\s*(?:\(|$)")
_FIXTURE_NAME = re.compile(r"""\bname\s*=\s*["'](\w+)["']""")
_ANNOTATION = re.compile(
    r"""["']?(?:[\w.]*(?:Iterator|Generator|Iterable|Optional|Annotated)\[)?\s*([A-Za-z_][\w.]*)"""
)


def _annotated(annotation: str) -> str | None:
    """The class a fixture's return annotation names: `Client`, `"Client"`,
    `Iterator[Client]`, `Generator[Client, None, None]`; None for a builtin-looking name."""
    match = _ANNOTATION.match(annotation)
    if match is None:
        return None
    name = match.group(1)
    return name if name.rpartition(".")[2][:1].isupper() else None


def _is_test(index: int, definitions: Sequence[Definition], rules: CollectionRules) -> bool:
    d = definitions[index]
    if d.kind != "function" or not _collects(d.name, rules.functions or ("test",)):
        return False
    parent = d.parent
    while parent is not None:
        group = definitions[parent]
        if group.kind != "class" or not _collects(group.name, rules.classes or ("Test",)):
            return False
        parent = group.parent
    return True


def _collects(name: str, patterns: Sequence[str]) -> bool:
    """pytest's match of a class or function name: a prefix, or a glob if it has one."""
    return any(
        name.startswith(p) or (_GLOB.search(p) is not None and fnmatch.fnmatchcase(name, p))
        for p in patterns
    )


def _collects_file(path: str, pattern: str) -> bool:
    """pytest's match of a module: a bare pattern against its name, else against its path."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(posixpath.basename(path), pattern)
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, f"*/{pattern}")


def _private_module(path: str) -> bool:
    parts = path.split("/")
    return any(p.startswith("_") and p not in ("__init__.py", "__main__.py") for p in parts)


PYTHON = Python()
