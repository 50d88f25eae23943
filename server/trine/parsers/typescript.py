"""TypeScript and JavaScript: tree-sitter-typescript (its tsx grammar reads JavaScript and JSX
too), tests as jest, vitest, mocha and node's test runner collect them: calls
(`describe("…", () => { test("…", …) })`), with ids `<path>::<describe>::<test>`."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from functools import cache

import tree_sitter

from trine.parsers.code import CodeParse
from trine.parsers.facts import Call, Clause, Definition, Fixture, Import
from trine.parsers.grammar import Grammar, load_query
from trine.parsers.language import CollectionRules, FoundTest
from trine.parsers.text import Span

_NON_WORD = re.compile(r"\W+")
_SUBSTITUTION = re.compile(r"\$\{[^`]*?\}")

TEST_CALLS = frozenset({"test", "it", "specify"})
"""The functions that declare a test (jest, vitest, mocha, node:test)."""

GROUP_CALLS = frozenset({"describe", "suite", "context"})
"""The functions that group tests; their names prefix their tests' ids."""

MODIFIERS = frozenset(
    {
        "skip",
        "only",
        "todo",
        "each",
        "concurrent",
        "failing",
        "fails",
        "skipIf",
        "runIf",
        "sequential",
    }
)
"""What may follow a test or group function (`test.skip`, `describe.each(table)`)."""

MINIFIED_LINE = 1000
"""A line longer than this, in a file of few lines, is a minified bundle's."""


@cache
def _grammar(dialect: str) -> Grammar:
    import tree_sitter_typescript

    make = getattr(tree_sitter_typescript, f"language_{dialect}")
    language = tree_sitter.Language(make())
    return Grammar(
        language=language,
        query=load_query(language, "typescript"),
        wrapper_types=frozenset(
            {"export_statement", "lexical_declaration", "variable_declaration"}
        ),
        decorator_types=frozenset({"decorator"}),
        async_keyword="async",
    )


def _globs(extensions: Sequence[str], forms: Sequence[str]) -> tuple[str, ...]:
    return tuple(form.format(ext) for form in forms for ext in extensions)


# TS-1: functions, arrow functions bound to names, classes and methods, with JSDoc and comments.
class Script:
    """TypeScript or JavaScript, read through one of tree-sitter-typescript's grammars
    (`typescript` for `.ts`, `tsx` for `.tsx` and JavaScript)."""

    prose: str = "JSDoc comment"
    comment: str = "//"
    tests_in_code: bool = False

    def __init__(self, name: str, extensions: tuple[str, ...], dialect: str) -> None:
        self.name = name
        self.extensions = extensions
        self.dialect = dialect
        suffixes = [e.removeprefix(".") for e in extensions]
        # TS-2: declaration files and minified bundles are not the project's code.
        self.code_globs = (*_globs(suffixes, ("**/*.{}",)), "!**/*.d.ts", "!**/*.min.js")
        self.test_globs = _globs(
            suffixes,
            (
                "**/*.test.{}",
                "**/*.spec.{}",
                "**/__tests__/**/*.{}",
                "**/test/**/*.{}",
                "**/tests/**/*.{}",
            ),
        )

    def grammar(self) -> Grammar:
        """The dialect's grammar with `queries/typescript.scm`, loaded on first use."""
        return _grammar(self.dialect)

    def encoding(self, data: bytes) -> str:
        """Always UTF-8: JavaScript sources declare no encoding."""
        return "utf-8"

    # TS-2
    def skip_reason(self, path: str, text: str) -> str | None:
        """Why a file is not read: a minified bundle (few lines, one very long)."""
        lines = text.count("\n") + 1
        if lines <= 5 and len(text) > MINIFIED_LINE * lines:
            return "a minified bundle; not read (exclude it to silence this)"
        return None

    # TS-3: tests are calls; their id joins the names of the groups around them.
    def tests(
        self, path: str, code: CodeParse, rules: CollectionRules | None = None
    ) -> tuple[FoundTest, ...]:
        """The `test(…)`/`it(…)` calls of a test file (with `.skip`, `.only`, `.each(table)` and
        node's `t.test`), with ids `<path>::<describe>::…::<name>`. No rules apply: which
        files are tests is the test paths' business (TS-7)."""
        labelled = [c for c in code.calls if c.label is not None and c.label_span is not None]
        groups = [c for c in labelled if _kind(c) == "group"]
        found = []
        for call in labelled:
            if _kind(call) != "test":
                continue
            around = sorted(
                (g for g in groups if g is not call and _holds(g.span, call.span)),
                key=lambda g: g.span,
            )
            names = [_name(g.label or "") for g in around] + [_name(call.label or "")]
            assert call.label_span is not None
            found.append(
                FoundTest("::".join([path, *names]), names[-1], call.span, call.label_span)
            )
        return tuple(found)

    def fixtures(self, code: CodeParse) -> tuple[Fixture, ...]:
        """None: jest and vitest hand tests no values by parameter name."""
        return ()

    # TS-4
    def is_public(self, path: str, definitions: Sequence[Definition], index: int) -> bool:
        """Public: at module level or a member of a public class, and not private by name
        (`#field`, `_helper`)."""
        definition = definitions[index]
        if definition.name.startswith(("_", "#")):
            return False
        parent = definition.parent
        return parent is None or (
            definitions[parent].kind == "class" and self.is_public(path, definitions, parent)
        )

    def module_names(self, path: str) -> tuple[str, ...]:
        """The paths an import may name a file by, without extension: every suffix of its path
        (the import is relative, or through an alias like `@/`), a folder's `index` by the
        folder."""
        stem = path.rsplit(".", 1)[0]
        parts = stem.split("/")
        if parts[-1] == "index" and len(parts) > 1:
            parts.pop()
        return tuple("/".join(parts[start:]) for start in range(len(parts)))

    # TS-5
    def import_targets(self, imported: Import, member: str | None) -> tuple[tuple[str, str], ...]:
        """`import { f } from "./m"` binds `f` in the file `m`; `import * as m` and a default
        import bind the file, and `m.f` is `f` in it."""
        module = _module(imported.module)
        if imported.name is None:
            return ((module, member or imported.local),)
        if member is None:
            return ((module, imported.name),)
        return ((module, f"{imported.name}.{member}"),)

    def marker_hint(self, clause_id: str | None) -> str:
        """A test whose name starts with the id, `test("ID …", …)`."""
        return f'test("{clause_id} …", …)' if clause_id else 'test("<id> …", …)'

    def stub_path(self, source: str, tests_folder: str) -> str:
        """`<tests>/<module>.test.<ext>`, beside the other tests: the source's extension when
        it is code of this language, else the language's own (a spec's stub is `.test.ts`)."""
        name = posixpath.basename(source)
        stem = name.partition(".")[0]
        extension = next((e for e in self.extensions if name.endswith(e)), self.extensions[0])
        return f"{tests_folder}/{_NON_WORD.sub('-', stem)}.test{extension}"

    # TS-6: a stub in the test runner's own syntax.
    def package_of(self, path: str) -> str | None:
        """None: a script calls what it imports or defines."""
        return None

    def test_file_header(self, path: str) -> str:
        """None: a test file of jest, vitest or node's runner needs no header for `test`."""
        return ""

    def stub(self, clause: Clause, marker: str | None = None, beside: str | None = None) -> str:
        """A failing `test(…)` named by the clause's id and title (jest and vitest run it as
        is), under a comment that holds the marker, if any."""
        above = f"// {marker}\n" if marker else ""
        title = clause.title.rstrip(".").replace("\\", "\\\\").replace('"', '\\"')
        return (
            f'{above}test("{clause.id}: {title}", () => {{\n'
            f'  throw new Error("write the test that checks {clause.id}");\n'
            "});\n"
        )


def _kind(call: Call) -> str | None:
    """Whether a call declares a test, a group of tests, or neither: `test(…)`, `it.skip(…)`,
    `test.each(table)(…)`, `describe.only(…)`, node's subtest `t.test(…)`."""
    receiver = call.receiver
    if receiver is None:
        head, modifiers = call.name, []
    else:
        head, *modifiers = receiver.split(".")
        modifiers.append(call.name)
        if head == "t" and not modifiers[1:] and call.name == "test":
            return "test"
    if not all(m in MODIFIERS for m in modifiers):
        return None
    if head in TEST_CALLS:
        return "test"
    return "group" if head in GROUP_CALLS else None


def _holds(outer: Span, inner: Span) -> bool:
    return outer.contains(inner.start_line, inner.start_col) and outer.contains(
        inner.end_line, inner.end_col
    )


def _name(label: str) -> str:
    """A test's name from its string as written: the quotes dropped; in a template, each
    `${…}` (computed when the test runs) a `*`."""
    body = label[1:-1] if len(label) >= 2 else label
    return _SUBSTITUTION.sub("*", body) if label.startswith("`") else body


def _module(specifier: str) -> str:
    """The file an import names, as a suffix of its path: `./lib/parse.js` is `lib/parse`,
    `@/lib/parse` is `lib/parse`."""
    parts = [p for p in specifier.split("/") if p not in (".", "..", "@", "~", "")]
    if parts and parts[0].startswith("@") and len(parts) > 1 and not specifier.startswith("@/"):
        parts = parts[1:]
    path = "/".join(parts)
    for extension in (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx"):
        if path.endswith(extension):
            return path.removesuffix(extension)
    return path


TYPESCRIPT = Script("typescript", (".ts", ".mts", ".cts"), "typescript")
TSX = Script("typescript", (".tsx",), "tsx")
JAVASCRIPT = Script("javascript", (".js", ".jsx", ".mjs", ".cjs"), "tsx")
