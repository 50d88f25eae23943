"""Go: tree-sitter-go, `go test`'s tests and subtests, packages as folders, exported names."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

import tree_sitter

from trine.parsers.code import CodeParse
from trine.parsers.facts import Call, Clause, Definition, Fixture, Import
from trine.parsers.grammar import Grammar, load_query
from trine.parsers.language import CollectionRules, FoundTest
from trine.parsers.text import Span

_NON_WORD = re.compile(r"\W+")
_MAJOR_VERSION = re.compile(r"v[0-9]+")
_FIELD = re.compile(r"[A-Za-z_]\w*\.([A-Za-z_]\w*)")
_GENERATED = re.compile(r"^// Code generated .* DO NOT EDIT\.$", re.MULTILINE)
_HEADER = 4096  # characters of a file searched for the generated-code line (it precedes `package`)


@cache
def _grammar() -> Grammar:
    import tree_sitter_go

    language = tree_sitter.Language(tree_sitter_go.language())
    return Grammar(
        language=language,
        query=load_query(language, "go"),
        wrapper_types=frozenset(),
        decorator_types=frozenset(),
        async_keyword="",
        import_local=_package_name,
    )


# GO-3: an import binds the last element of its path (`yaml` for `gopkg.in/yaml.v3` is not
# guessed; `foo` for `example.com/foo/v2` is).
def _package_name(path: str) -> str:
    """The name a Go import with no alias binds: its path's last element, the one before it
    when the last is a major version (`v2`)."""
    parts = path.split("/")
    if len(parts) > 1 and _MAJOR_VERSION.fullmatch(parts[-1]):
        parts.pop()
    return parts[-1]


class Go:
    """Go, read through tree-sitter-go and tested with `go test`."""

    name: str = "go"
    extensions: tuple[str, ...] = (".go",)
    code_globs: tuple[str, ...] = ("**/*.go",)
    test_globs: tuple[str, ...] = ("**/*_test.go",)
    prose: str = "doc comment"
    comment: str = "//"
    tests_in_code: bool = False

    def grammar(self) -> Grammar:
        """tree-sitter-go with `queries/go.scm`."""
        return _grammar()

    def encoding(self, data: bytes) -> str:
        """Go source is UTF-8 by definition."""
        return "utf-8"

    # GO-1: generated code and vendored packages are not the project's code.
    def skip_reason(self, path: str, text: str) -> str | None:
        """Why a Go file is not read: vendored (`vendor/`), or generated (`*.pb.go`, or the
        `// Code generated ... DO NOT EDIT.` line Go's tools write above `package`)."""
        if path.startswith("vendor/") or "/vendor/" in path:
            return "vendored Go code (vendor/); skipped"
        if path.endswith(".pb.go") or _GENERATED.search(text[:_HEADER]):
            return "generated Go code (Code generated ... DO NOT EDIT); skipped"
        return None

    # GO-4: `go test`'s tests, with the names `go test -run` matches.
    # GO-5: subtests, one per table entry when the table names them.
    def tests(
        self, path: str, code: CodeParse, rules: CollectionRules | None = None
    ) -> tuple[FoundTest, ...]:
        """`func TestXxx(t *testing.T)` at package level of a `_test.go` file, and the
        subtests its `t.Run(name, ...)` calls start, with ids `<path>::TestXxx/sub_name`."""
        if not path.endswith("_test.go"):
            return ()
        found: list[FoundTest] = []
        for index, d in enumerate(code.definitions):
            if _is_test(d):
                test = FoundTest(f"{path}::{d.name}", d.name, d.span, d.name_span, index)
                found.append(test)
                found += _subtests(test, code)
        return tuple(found)

    def fixtures(self, code: CodeParse) -> tuple[Fixture, ...]:
        """Go has no fixtures: a test builds what it needs."""
        return ()

    # GO-2: exported names are the package's interface.
    def is_public(self, path: str, definitions: Sequence[Definition], index: int) -> bool:
        """Exported: a name with a capital letter (a method's type's name too), outside a
        `_test.go` file."""
        definition = definitions[index]
        if path.endswith("_test.go") or not definition.name[:1].isupper():
            return False
        owner = definition.qualname.rpartition(".")[0]
        return not owner or owner[:1].isupper()

    # GO-6: a package is a folder; an import path ends with it.
    def module_names(self, path: str) -> tuple[str, ...]:
        """A file's package folder and each of its suffixes (the module's path is not known),
        `.` for the workspace's root."""
        folder = posixpath.dirname(path)
        if not folder:
            return (".",)
        parts = folder.split("/")
        return tuple("/".join(parts[start:]) for start in range(len(parts)))

    def package_of(self, path: str) -> str | None:
        """The package whose names a file calls without a qualifier: its folder's."""
        return posixpath.dirname(path) or "."

    def import_targets(self, imported: Import, member: str | None) -> tuple[tuple[str, str], ...]:
        """`foo.Parse` for an import of `example.com/x/foo` is `Parse` in the package folder
        the import path ends with (the longest suffix first)."""
        if member is None:
            return ()
        parts = imported.module.split("/")
        return tuple(("/".join(parts[start:]), member) for start in range(len(parts)))

    def marker_hint(self, clause_id: str | None) -> str:
        """A comment in the test, `// ID`."""
        return f"a comment `// {clause_id or '<id>'}`"

    def stub_path(self, source: str, tests_folder: str) -> str:
        """`<stem>_test.go` beside the code (Go keeps a package's tests in its folder); for a
        clause nothing implements, `spec_test.go` in the folder of the workspace's tests."""
        if source.endswith(".go"):
            return f"{source.removesuffix('_test.go').removesuffix('.go')}_test.go"
        return f"{tests_folder}/spec_test.go"

    def test_file_header(self, path: str) -> str:
        """A new `_test.go` file's package clause (the folder's name) and `testing` import."""
        package = _NON_WORD.sub("_", posixpath.basename(posixpath.dirname(path))) or "main"
        return f'package {package}\n\nimport "testing"\n\n'

    # GO-7: a failing `go test` test whose comment names the clause.
    def stub(self, clause: Clause, marker: str | None = None, beside: str | None = None) -> str:
        """`func TestFR1(t *testing.T)` with the clause named in a comment, failing until
        written, under a comment that holds the marker, if any (Go needs nothing of the file
        it goes in)."""
        title = clause.id if clause.explicit else clause.title
        name = "".join(w[:1].upper() + w[1:] for w in _NON_WORD.split(title) if w)
        above = f"// {marker}\n" if marker else ""
        return (
            f"{above}func Test{name}(t *testing.T) {{\n"
            f"\t// {clause.id}: {clause.title.rstrip('.')}.\n"
            f'\tt.Fatal("write the test that checks {clause.id}")\n'
            "}\n"
        )


def _is_test(d: Definition) -> bool:
    """`go test`'s rule: `Test`, then nothing or no lower-case letter, one `*testing.T`
    parameter (its name, then its type, or its type alone)."""
    rest = d.name.removeprefix("Test")
    return (
        d.parent is None
        and not d.is_method
        and rest != d.name
        and not rest[:1].islower()
        and d.parameters[-1:] == ("*testing.T",)
        and len(d.parameters) <= 2
    )


def _subtests(test: FoundTest, code: CodeParse) -> list[FoundTest]:
    """The subtests a test's `t.Run` calls start, nested by where the calls are."""
    parameters = code.definitions[test.definition or 0].parameters
    if len(parameters) != 2:
        return []
    runs = [c for c in code.calls if _runs_subtest(c, test, parameters[0])]
    found: list[FoundTest] = []
    seen: Counter[str] = Counter()
    for call in runs:
        parent = max(
            (t for t in found if t.definition is None and _holds(t.span, call.span)),
            key=lambda t: t.span,
            default=test,
        )
        for name, span in _names(call, test, code):
            base = f"{parent.id}/{_rewrite(name)}"
            seen[base] += 1
            # `go test` numbers a repeated subtest name: `x`, `x#01`, `x#02`.
            test_id = base if seen[base] == 1 else f"{base}#{seen[base] - 1:02d}"
            found.append(FoundTest(test_id, test_id.rpartition("::")[2], span, span))
    return found


def _runs_subtest(call: Call, test: FoundTest, runner: str) -> bool:
    """Whether a call is `t.Run(...)` on the test's own `*testing.T` (`r.Run(ctx)` is not)."""
    return (
        call.name == "Run"
        and call.receiver == runner
        and call.argument is not None
        and _holds(test.span, call.span)
    )


def _names(call: Call, test: FoundTest, code: CodeParse) -> list[tuple[str, Span]]:
    """A subtest call's names with where each test is: its literal name (the call), else the
    literal names of the table entries (`t.Run(tc.name, ...)`: each entry), else the
    argument's text (the call: one test for the call site)."""
    argument = call.argument or ""
    if argument[:1] in ('"', "`") and len(argument) > 1:
        return [(argument[1:-1], call.span)]
    field = _FIELD.fullmatch(argument)
    if field is not None:
        entries = [
            s
            for s in code.strings
            if s.key == field.group(1)
            and (s.owner is None or s.owner == test.definition)
            and (s.owner is None or _holds(test.span, s.span))
        ]
        if entries:
            return [(s.value, s.span) for s in entries]
    return [(f"<{argument}>", call.span)]


def _holds(outer: Span, inner: Span) -> bool:
    """Whether one range lies within another."""
    return (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col) and (
        inner.end_line,
        inner.end_col,
    ) <= (outer.end_line, outer.end_col)


def _rewrite(name: str) -> str:
    """A subtest's name as `go test` reports it: white space becomes `_`, unprintable
    characters are escaped."""
    out = []
    for char in name:
        if char.isspace():
            out.append("_")
        elif not char.isprintable():
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)


GO = Go()
