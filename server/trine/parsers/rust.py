"""Rust: tree-sitter-rust, cargo's tests (`#[test]` functions, in code files as in `tests/`),
module paths from file paths, `use` paths and `pub` items."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from functools import cache

import tree_sitter

from trine.parsers.code import CodeParse
from trine.parsers.facts import Clause, Definition, Fixture, Import
from trine.parsers.grammar import Grammar, load_query
from trine.parsers.language import CollectionRules, FoundTest

_NON_WORD = re.compile(r"\W+")
# RS-4: `#[test]`, any `#[<crate>::test]` (tokio, async_std, test_log), `#[rstest]`,
# `#[test_case(..)]`; arguments (`#[tokio::test(flavor = "multi_thread")]`) allowed.
_TEST = re.compile(r"(?:[\w:]*::)?test\b|rstest\b|test_case\b")
_RELATIVE = ("crate", "self", "super")


@cache
def _grammar() -> Grammar:
    import tree_sitter_rust

    language = tree_sitter.Language(tree_sitter_rust.language())
    return Grammar(
        language=language,
        query=load_query(language, "rust"),
        wrapper_types=frozenset(),
        decorator_types=frozenset({"attribute_item"}),
        async_keyword="async",
        string_types=frozenset({"string_literal", "raw_string_literal"}),
        separator="::",
    )


# RS-1, RS-2: items named by their path in the file; comments and doc comments are prose.
class Rust:
    """Rust, read through tree-sitter-rust and tested with cargo's test harness."""

    name: str = "rust"
    extensions: tuple[str, ...] = (".rs",)
    code_globs: tuple[str, ...] = ("**/*.rs",)
    # RS-5: a crate's integration tests, in any crate of a workspace.
    test_globs: tuple[str, ...] = ("**/tests/**/*.rs",)
    prose: str = "doc comment"
    comment: str = "//"
    tests_in_code: bool = True

    def grammar(self) -> Grammar:
        """tree-sitter-rust with `queries/rust.scm`."""
        return _grammar()

    def encoding(self, data: bytes) -> str:
        """Rust source is UTF-8."""
        return "utf-8"

    # RS-4: cargo's tests, under ids whose part after the file is a `cargo test` filter.
    def tests(
        self, path: str, code: CodeParse, rules: CollectionRules | None = None
    ) -> tuple[FoundTest, ...]:
        """Functions with a test attribute, anywhere in the file, with ids
        `<path>::<module path in the file>::<name>` (`src/a.rs::tests::parses`)."""
        return tuple(
            FoundTest(f"{path}::{d.qualname}", d.name, d.span, d.name_span, definition=i)
            for i, d in enumerate(code.definitions)
            if d.kind == "function" and any(_TEST.fullmatch(_head(a)) for a in d.decorators)
        )

    def fixtures(self, code: CodeParse) -> tuple[Fixture, ...]:
        """Rust tests take no values by parameter name from their runner."""
        return ()

    # RS-7: `pub` items of public modules and types, and the methods of public traits.
    def is_public(self, path: str, definitions: Sequence[Definition], index: int) -> bool:
        """Public: marked `pub` (not `pub(crate)`), or a method of a trait, inside items that
        are public themselves; an `impl` block is as public as what it holds."""
        definition = definitions[index]
        parent = definition.parent
        holder = definitions[parent] if parent is not None else None
        if "impl" in definition.decorators:
            return False
        if holder is not None and "impl" in holder.decorators:
            return "pub" in definition.decorators and _public_above(definitions, holder.parent)
        in_trait = holder is not None and "trait" in holder.decorators
        if "pub" not in definition.decorators and not in_trait:
            return False
        return _public_above(definitions, parent)

    # RS-6: a file's module path, as `crate::`, the crate's name or a suffix names it.
    def module_names(self, path: str) -> tuple[str, ...]:
        """`src/a/b.rs` (or `src/a/b/mod.rs`) is `crate::a::b`, `<crate>::a::b`, `a::b` and
        `b`, the crate named after the folder holding `src`; `src/lib.rs` is `crate`."""
        parts = path.removesuffix(".rs").split("/")
        if "src" in parts:
            at = len(parts) - 1 - parts[::-1].index("src")
            crate = parts[at - 1].replace("-", "_") if at > 0 else None
            module = parts[at + 1 :]
        else:
            crate, module = None, parts[-1:]
        if module and module[-1] in ("lib", "main", "mod"):
            module = module[:-1]
        names = [f"crate::{'::'.join(module)}" if module else "crate"]
        if crate:
            names.append("::".join([crate, *module]))
        names += ["::".join(module[start:]) for start in range(len(module))]
        return tuple(dict.fromkeys(names))

    # RS-6
    def import_targets(self, imported: Import, member: str | None) -> tuple[tuple[str, str], ...]:
        """`use a::b::f;` binds `f` of module `a::b`; `use a::b;` binds module `b` of `a` (then
        `b::f(..)` is `f` of `a::b`) or item `b` of `a` (then `b::f(..)` is its method `f`). A
        path from `crate::`, `self::` or `super::` matches by its suffix; a path from another
        crate also without the crate's name."""
        module = _relative(imported.module)
        if member is None:
            return tuple((m, imported.name or imported.local) for m in _spellings(module))
        if imported.name is None:
            return tuple((m, member) for m in _spellings(module))
        inner = _join(module, imported.name)
        return tuple((m, member) for m in _spellings(inner)) + tuple(
            (m, f"{imported.name}::{member}") for m in _spellings(module)
        )

    def marker_hint(self, clause_id: str | None) -> str:
        """A comment above the test that names the clause, `// ID: …`."""
        return f"a comment `// {clause_id or '<id>'}: …`"

    # RS-8: a new test goes in the module it tests, as cargo's unit tests do.
    def stub_path(self, source: str, tests_folder: str) -> str:
        """The Rust file that implements the clause, else `<tests>/<name>.rs`."""
        if source.endswith(".rs"):
            return source
        stem = posixpath.basename(source).rsplit(".", 1)[0].lower()
        return f"{tests_folder}/{_NON_WORD.sub('_', stem)}.rs"

    # RS-8
    def skip_reason(self, path: str, text: str) -> str | None:
        """None: generated Rust is told by its `@generated` line for every language (RS-9), and
        cargo's `target/` is never walked."""
        return None

    def package_of(self, path: str) -> str | None:
        """None: Rust calls what its `use` paths and its own file name (RS-6)."""
        return None

    def test_file_header(self, path: str) -> str:
        """None: a Rust stub is a module of its own, appended to the implementing file."""
        return ""

    def stub(self, clause: Clause, marker: str | None = None, beside: str | None = None) -> str:
        """A failing `#[test]` in its own `#[cfg(test)]` module, its comment naming the clause
        (by the marker, if any, else by id)."""
        title = clause.id if clause.explicit else clause.title
        name = _NON_WORD.sub("_", title.lower()).strip("_") or "clause"
        said = marker or f"{clause.id}: {clause.title.rstrip('.')}."
        return (
            "#[cfg(test)]\n"
            f"mod tests_{name} {{\n"
            "    #[allow(unused_imports)]\n"
            "    use super::*;\n"
            "\n"
            f"    // {said}\n"
            "    #[test]\n"
            f"    fn {name}() {{\n"
            f'        todo!("write the test that checks {clause.id}")\n'
            "    }\n"
            "}\n"
        )


def _head(attribute: str) -> str:
    """An attribute's path, without its arguments: `tokio::test` of `tokio::test(flavor = ..)`."""
    return attribute.split("(", 1)[0].split("=", 1)[0].strip()


def _public_above(definitions: Sequence[Definition], index: int | None) -> bool:
    """Whether every item holding a definition is public (a crate's root module is)."""
    while index is not None:
        holder = definitions[index]
        if "pub" not in holder.decorators and "impl" not in holder.decorators:
            return False
        index = holder.parent
    return True


def _relative(module: str) -> str:
    """A `use` path without its leading `crate::`, `self::` and `super::` (`crate` alone)."""
    parts = module.split("::")
    while len(parts) > 1 and parts[0] in _RELATIVE:
        parts.pop(0)
    return "crate" if parts[0] in _RELATIVE else "::".join(parts)


def _join(module: str, name: str) -> str:
    return name if module == "crate" else f"{module}::{name}"


def _spellings(module: str) -> tuple[str, ...]:
    """A module path, and without its first part (another crate's name, or a parent module
    that a suffix name leaves out)."""
    tail = module.partition("::")[2]
    return (module, tail) if tail else (module,)


RUST = Rust()
