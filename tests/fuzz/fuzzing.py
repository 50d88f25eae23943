"""What the fuzz tests share: the hypothesis profiles, the strategies and the span checks.

Inputs are real files, mutated line by line and character by character, with what editors and
users really produce (emoji, CRLF, unclosed fences, front matter, deep nesting). Seeds are read
from the repository (trine's own spec, the example workspace) so that mutations start from text
that reaches every parser path, not from noise a parser rejects at once.

`make test` runs the small, derandomized profile (the same inputs every run, well under a minute
for the whole folder); `TRINE_FUZZ=long` (set by `make soak`) runs many more random inputs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from trine.parsers.text import Span, normalize_newlines

REPO = Path(__file__).resolve().parents[2]
LONG = os.environ.get("TRINE_FUZZ") == "long"

_COMMON = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
}
settings.register_profile("trine-fuzz", derandomize=True, **_COMMON)
settings.register_profile("trine-fuzz-long", **_COMMON)
PROFILE = settings.get_profile("trine-fuzz-long" if LONG else "trine-fuzz")


def fuzz(quick: int, long: int) -> settings:
    """The profile with `quick` examples in `make test`, `long` under TRINE_FUZZ=long (applied
    per test, so other hypothesis tests in the session keep their own settings)."""
    return settings(PROFILE, max_examples=long if LONG else quick)


def _read(*paths: str) -> tuple[str, ...]:
    return tuple((REPO / p).read_text("utf-8") for p in paths if (REPO / p).is_file())


SPEC_SEEDS = _read(
    "docs/spec/core.md",
    "docs/spec/server.md",
    "examples/slugkit/SPEC.md",
    "examples/slugkit/spec/drafts.md",
)
SPECKIT_SEEDS = _read("examples/speckit/specs/001-photo-albums/spec.md")
CODE_SEEDS = _read(
    "examples/slugkit/slugkit/text.py",
    "examples/slugkit/slugkit/duration.py",
    "server/trine/parsers/slug.py",
    "server/trine/index/host.py",
)
TEST_SEEDS = _read(
    "examples/slugkit/tests/test_text.py",
    "examples/slugkit/tests/test_duration.py",
)
GO_SEEDS = _read(
    "tests/fixtures/go/clock/clock.go",
    "tests/fixtures/go/clock/clock_test.go",
    "tests/fixtures/go/clock/external_test.go",
)
LOCK_SEEDS = _read("examples/slugkit/trine.lock")
STRUCTURED_SEEDS = _read(
    "tests/fixtures/structured/requirements/pump.yaml",
    "tests/fixtures/structured/requirements/logging.json",
    "tests/fixtures/structured/requirements/config.toml",
    "tests/fixtures/structured/reqs/UI_002.yml",
)

# Characters that have broken position code before: astral (surrogate pairs in UTF-16),
# combining marks, wide and zero-width characters, odd line separators, a lone surrogate.
ODD_CHARS = (
    "😀",
    "👍🏽",
    "\U0001d518",
    "\U0010ffff",
    "é",
    "e\u0301",
    "中",
    "\u200b",
    "\ufeff",
    "\t",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufffd",
    "\r",
    "\r\n",
    "\n",
)
LONE_SURROGATES = ("\ud800", "\udfff", "\udc80")

MARKDOWN_FRAGMENTS = (
    "# Heading",
    "## REQ-1: Heading with id",
    "### `parse(text)`",
    "#",
    "####### seven",
    "Setext",
    "======",
    "------",
    "---",
    "+++",
    "title: x",
    "```",
    "```python",
    "~~~",
    "````",
    "    indented code REQ-2",
    "<!-- REQ-3 -->",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "- **REQ-4** Items MUST nest.",
    "  - **REQ-5**: nested SHOULD",
    "* [REQ-6] bracketed",
    "1. REQ-7 numbered",
    "REQ-8 A paragraph clause MUST hold.",
    "> - **REQ-9** quoted",
    "> ```",
    "[link](core.md#clauses)",
    "[x](#workspace-and-configuration)",
    "[bad](#)",
    "`REQ-10`",
    "``` REQ-11 ```",
    "**REQ-12**",
    "- ",
    "-",
    "1.",
    "| a | b |",
    "|---|---|",
    "[ref]: core.md#index",
    "MUST MUST NOT SHALL",
    "### Requirement 7: Kiro",
    "#### Acceptance Criteria",
    "1. WHEN x, THE y SHALL z",
    "  - _Requirements: 7.1, 7.3_",
    "**Validates: Requirements 1.2, 3.4**",
    "**Requirements:** Req 1 AC1, AC6",
    "\\",
    "<",
    "&amp;",
    "* * *",
    "### Boot from btrfs (CORE-US-BTRFS)",
    "- **FR-007a**: System MUST",
    "see 001-core/FR-001, specs/001-core#FR-002, 9c-FR-003 and CL-1/CL-2",
    "- **req-7b8e6597** REQ-F-006 CORE-FR-JOB-IFACE",
)
# An OpenSpec capability spec as trine reads it (FMT-41..FMT-46), and the lines of its dialect.
OPENSPEC_SEEDS = (
    "# Auth\n\n## Purpose\nUsers sign in.\n\n## Requirements\n\n"
    "### Requirement: Session expiry\nThe system SHALL expire idle sessions.\n\n"
    "#### Scenario: Idle session\n- **WHEN** a session is idle\n- **THEN** it ends\n\n"
    "### Requirement: REQ-1 - Passwords\nPasswords MUST be long.\n",
    "## ADDED Requirements\n\n### Requirement: Two factors\nIt SHALL ask.\n\n"
    "#### Scenario: Code\n- **WHEN** x\n- **THEN** y\n\n## REMOVED Requirements\n"
    "- `### Requirement: Session expiry`\n",
)
OPENSPEC_FRAGMENTS = (
    "### Requirement: Title",
    "### Requirement:",
    "### requirement : REQ-2 — Title",
    "#### Scenario: Title",
    "#### Scenario:",
    "##### Deeper",
    "## MODIFIED Requirements",
    "## RENAMED Requirements",
    "- FROM: `### Requirement: Old`",
    "- **WHEN** x",
    "- **THEN** y",
    "### Requirement: 😀",
)

PYTHON_FRAGMENTS = (
    "def f(x):",
    "    return x",
    "class C:",
    "    def m(self):",
    '    """REQ-1: doc."""',
    "# REQ-2: above",
    "@decorator('REQ-3')",
    '@pytest.mark.spec("REQ-4")',
    "# auth/session-expiry/idle-session and src/a.py",
    "# 009c-FR-001 and specs/001-core#FR-007a, a/b/REQ-1/REQ-2",
    '    """Feature: 001-core. Property 3: FR-002"""',
    '    """**Feature: core, Property 2** **Validates: Requirements 1.1-1.3, 2, and 4**"""',
    "# Feature: core",
    "# Property 3: _Requirements: 2.1\u20132.4_ (Requirement 7)",
    "async def g():",
    "    await h()",
    "def test_one():",
    "class TestThing:",
    "    def test_two(self):",
    "from pkg.mod import f",
    "import pkg.mod as m",
    "    f(1)",
    "    m.f(2)",
    '"""',
    "'''",
    "def (",
    "    )",
    "lambda: (",
    "# -*- coding: latin-1 -*-",
    "if x:",
    "\tpass",
    'x = "unterminated',
    "# docs/spec/core.md#clauses",
    "@",
    "class",
    "def",
)
# Lines of Kiro spec folders: requirements, criteria, design properties and citations.
KIRO_FRAGMENTS = (
    "### Requirement 1: Load",
    "### Requirement 2",
    "#### Acceptance Criteria",
    "1. WHEN a file is opened, THE tool SHALL read it",
    "1. THE tool SHALL keep it",
    "### Property 1: Round trip",
    "**Property 2: Bold**",
    "**Validates: Requirements 1.1, 2**",
    "- _Requirements: 1.1-1.3, 2.1_",
    "## Error Handling",
    "Prose between criteria.",
)


def kiro_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Mutated Kiro requirements or designs, or short random ones."""
    return st.one_of(
        mutated(SPEC_SEEDS[:1], KIRO_FRAGMENTS, surrogates=surrogates),
        st.lists(st.one_of(st.sampled_from(KIRO_FRAGMENTS), odd_text(surrogates)), max_size=12).map(
            "\n".join
        ),
    )


LOCK_FRAGMENTS = (
    "version = 1",
    "version = 2",
    "version = true",
    "version = -1",
    "[[link]]",
    "[text]",
    'target = "REQ-1"',
    'source = "a.py::f"',
    'kind = "implements"',
    'target_hash = "00"',
    'source_hash = "11"',
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> branch",
    "link = 3",
    '"00" = "text"',
    "text = []",
    '"00" = 5',
    "[link]",
    "x = [",
    '"""',
    "'''",
)


def lines_of(text: str) -> list[str]:
    """A text's lines as trine and an editor count them (LF, CRLF and CR all end a line)."""
    return normalize_newlines(text).split("\n")


def span_inside(span: Span, lines: Sequence[str]) -> bool:
    """Whether a span is ordered and lies inside the text: lines within the line count, columns
    within their line (the end of a line included)."""
    if not (0 <= span.start_line < len(lines) and 0 <= span.end_line < len(lines)):
        return False
    if not (0 <= span.start_col <= len(lines[span.start_line])):
        return False
    if not (0 <= span.end_col <= len(lines[span.end_line])):
        return False
    return (span.start_line, span.start_col) <= (span.end_line, span.end_col)


def odd_text(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Short random text, biased towards the characters position code gets wrong."""
    chars = st.sampled_from(ODD_CHARS + (LONE_SURROGATES if surrogates else ()))
    return st.lists(
        st.one_of(
            chars,
            st.text(max_size=4),
            st.sampled_from(("REQ-1", "MUST", "#", "`", "/", "9c-", "FR-1a", "(X-Y-Z)")),
        ),
        max_size=6,
    ).map("".join)


@st.composite
def mutated(
    draw: st.DrawFn,
    seeds: Sequence[str],
    fragments: Sequence[str],
    max_mutations: int = 8,
    surrogates: bool = False,
) -> str:
    """A seed text after a few random mutations: lines inserted, deleted, duplicated, swapped
    or cut, characters inserted, line endings mixed, the text truncated or nested deeply."""
    lines = draw(st.sampled_from(seeds)).split("\n") if seeds else [""]
    fragment = st.sampled_from(fragments)
    for _ in range(draw(st.integers(0, max_mutations))):
        kind = draw(
            st.sampled_from(
                (
                    "insert",
                    "insert",
                    "delete",
                    "duplicate",
                    "swap",
                    "chars",
                    "cut",
                    "ending",
                    "nest",
                    "truncate",
                    "replace",
                )
            )
        )
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "insert":
            lines.insert(at, draw(st.one_of(fragment, odd_text(surrogates))))
        elif kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines[at:at] = lines[at : at + draw(st.integers(1, 5))]
        elif kind == "swap":
            other = draw(st.integers(0, max(len(lines) - 1, 0)))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "chars":
            line = lines[at]
            col = draw(st.integers(0, len(line)))
            lines[at] = line[:col] + draw(odd_text(surrogates)) + line[col:]
        elif kind == "cut":
            line = lines[at]
            col = draw(st.integers(0, len(line)))
            lines[at] = line[:col] + line[col + draw(st.integers(0, 10)) :]
        elif kind == "ending":
            lines[at] += draw(st.sampled_from(("\r", "\r\n", "\r\r", "\n\r")))
        elif kind == "nest":
            prefix = draw(st.sampled_from(("> ", "- ", "  ", "    ", "1. ", "\t", "* > ")))
            depth = draw(st.integers(1, 60))
            lines.insert(at, prefix * depth + draw(fragment))
        elif kind == "truncate":
            lines = lines[: at + 1]
        else:
            lines[at] = draw(st.one_of(fragment, odd_text(surrogates)))
    return "\n".join(lines)


def markdown_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Mutated specs, front matter and fence tricks included, or short random Markdown."""
    front = st.sampled_from(("", "---\ntitle: x\n---\n", "---\n", "+++\n", "---\n- REQ-1\n"))
    return st.one_of(
        st.tuples(front, mutated(SPEC_SEEDS, MARKDOWN_FRAGMENTS, surrogates=surrogates)).map(
            "".join
        ),
        st.lists(
            st.one_of(st.sampled_from(MARKDOWN_FRAGMENTS), odd_text(surrogates)), max_size=12
        ).map("\n".join),
    )


def openspec_texts() -> st.SearchStrategy[str]:
    """Mutated OpenSpec specs and proposals, or short random lines of the dialect and Markdown."""
    fragments = OPENSPEC_FRAGMENTS + MARKDOWN_FRAGMENTS
    return st.one_of(
        mutated(OPENSPEC_SEEDS, fragments, surrogates=True),
        st.lists(st.one_of(st.sampled_from(fragments), odd_text(True)), max_size=12).map("\n".join),
    )


# spec-kit's own lines: requirements, stories, scenarios, edge cases, markers, tasks.
SPECKIT_FRAGMENTS = (
    "# Feature Specification: x",
    "### User Story 1 - Title (Priority: P1)",
    "### User Story 2 -- Title",
    "### Edge Cases",
    "1. **Given** a, **When** b, **Then** c",
    "  2. **Given** nested",
    "- **FR-001**: System MUST x",
    "- **FR-002a** suffixed",
    "  - **SC-001**: nested",
    "- **Entity**: not a requirement",
    "- ~~**FR-009**: struck~~",
    "[NEEDS CLARIFICATION: why?]",
    "`[NEEDS CLARIFICATION: code]`",
    "[NEEDS CLARIFICATION:",
    "- [ ] No [NEEDS CLARIFICATION] markers remain",
    "- [ ] T012 [P] [US1] Create x in src/x.py",
    "- [X] **T002 [P]** bold",
    "- [x] T013 [US1/2] FR-001 in `x.py`, ../up.py, /etc/p.py and https://h/a/b.py",
    "- [x] 1. Kiro task",
    "  - [x] 1.1 Sub in src/a.py::test_x",
    "    - _Requirements: 1.1, 2_",
    "    - _Implemented in: src/x.py:Store.load(), src/y.py (notes)_",
    "    - _Tests in: tests/test_x.py_",
)


def speckit_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Mutated spec-kit specs, or short random spec-kit Markdown."""
    fragments = MARKDOWN_FRAGMENTS + SPECKIT_FRAGMENTS
    return st.one_of(
        mutated(SPECKIT_SEEDS, fragments, surrogates=surrogates),
        st.lists(st.one_of(st.sampled_from(fragments), odd_text(surrogates)), max_size=12).map(
            "\n".join
        ),
    )


def python_texts(
    seeds: Sequence[str] = CODE_SEEDS + TEST_SEEDS, surrogates: bool = False
) -> st.SearchStrategy[str]:
    """Mutated Python files, or short random Python."""
    return st.one_of(
        mutated(seeds, PYTHON_FRAGMENTS, surrogates=surrogates),
        st.lists(
            st.one_of(st.sampled_from(PYTHON_FRAGMENTS), odd_text(surrogates)), max_size=12
        ).map("\n".join),
    )


# Lines of C# code and tests: attributes, doc comments, nesting, strings of every kind, broken
# syntax included.
CSHARP_FRAGMENTS = (
    "using NUnit.Framework;",
    "namespace Pump.Tests;",
    "namespace A.B {",
    "public class C {",
    '[Test, Category("REQ-1")]',
    '[Trait("Requirement", "REQ-2")]',
    '[TestCase(1, @"REQ-3")]',
    "/// <summary>REQ-4</summary>",
    "// REQ-5: said here",
    "/* REQ-6 */",
    "public void M() => new C().Start(1);",
    "public int P { get; init; }",
    "record R(int A);",
    'var s = """REQ-7""";',
    'var i = $"{x} REQ-8";',
    "}",
    "{",
    "[",
    "// <auto-generated>",
)


def csharp_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Short random C#, broken or not."""
    return st.lists(
        st.one_of(st.sampled_from(CSHARP_FRAGMENTS), odd_text(surrogates)), max_size=16
    ).map("\n".join)


# Lines of Go: declarations, methods, tests and subtests, tables, imports and broken syntax.
GO_FRAGMENTS = (
    "package p",
    "func F(x int) int {",
    "}",
    "func (c *Clock) Tick() {",
    "func (s Stack[T]) Push(v T) {",
    "type T struct{ n int }",
    "type I interface{ M() }",
    "// REQ-1: above",
    "/* REQ-2 */",
    "func TestX(t *testing.T) {",
    '\tt.Run("a b", func(t *testing.T) {',
    "\tt.Run(tc.name, func(t *testing.T) {})",
    '\t{name: "case", in: `raw`}, // REQ-3',
    "\ttests := []struct{ name string }{",
    'import "testing"',
    'import f "example.com/x/v2"',
    "\tf.Do(1)",
    "// Code generated by x. DO NOT EDIT.",
    "func (",
    "\t})",
    '"',
    "`",
)


def go_texts(seeds: Sequence[str] = GO_SEEDS) -> st.SearchStrategy[str]:
    """Mutated Go files, or short random Go."""
    return st.one_of(
        mutated(seeds, GO_FRAGMENTS, surrogates=True),
        st.lists(st.one_of(st.sampled_from(GO_FRAGMENTS), odd_text(True)), max_size=12).map(
            "\n".join
        ),
    )


# Lines of TypeScript and JavaScript: definitions, JSDoc, jest/vitest calls, broken syntax.
SCRIPT_FRAGMENTS = (
    "/**",
    " * REQ-1: parses.",
    " */",
    "export function parse(s: string): number {",
    "}",
    "export const fmt = async (n) => `${n}ms`; // REQ-2",
    "class A { run() {} #x() {} }",
    "@Component({selector: 'REQ-3'})",
    'import { parse } from "../src/parse.js";',
    'const { join } = require("path");',
    'describe("REQ-4 group", () => {',
    '  it.each([[1]])("adds %s", (n) => { expect(parse(n)).toBe(1); });',
    "  test.skip(`t ${x}`, () => {});",
    "});",
    "<div>{x}</div>",
    "function (((",
    "`unterminated ${",
)


def script_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Short random TypeScript and JavaScript."""
    return st.lists(
        st.one_of(st.sampled_from(SCRIPT_FRAGMENTS), odd_text(surrogates)), max_size=14
    ).map("\n".join)


# Lines of YAML, JSON and TOML requirement files, anchors, tags and broken syntax included.
STRUCTURED_FRAGMENTS = (
    "- id: REQ-1",
    "  text: The tool MUST work.",
    "id: REQ-2",
    '"id": "REQ-3",',
    '{"id": "REQ-4", "text": "x"}',
    'id = "REQ-5"',
    "[[requirement]]",
    "requirements:",
    "  - uid: REQ-6",
    "    statement: |",
    "      multi",
    "REQ-7: keyed text",
    "id: 12",
    "text: &a [x, *a]",
    "x: *a",
    "- &b {id: REQ-8, text: y}",
    "- *b",
    "text: !!python/object/apply:os.system [x]",
    "links:\n- REQ-1: null",
    "active: false",
    "normative: false",
    "testable: false",
    "verification: inspection",
    "  implementation: src/a.py; b.py, ../c.py",
    "  verification: [tests/t.py::T::test_x, https://e.com/x.py]",
    "references:\n- path: src/a.py\n  type: file",
    "priority: MUST",
    "---",
    "...",
    "[",
    "{",
    '"',
    "'",
    ": :",
    "\t- x",
)


def structured_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Mutated requirement files, or short random structured text."""
    return st.one_of(
        mutated(STRUCTURED_SEEDS, STRUCTURED_FRAGMENTS, surrogates=surrogates),
        st.lists(
            st.one_of(st.sampled_from(STRUCTURED_FRAGMENTS), odd_text(surrogates)), max_size=12
        ).map("\n".join),
    )


def lock_texts() -> st.SearchStrategy[str]:
    """Mutated locks, or short random TOML-ish text."""
    return st.one_of(
        mutated(LOCK_SEEDS, LOCK_FRAGMENTS, surrogates=True),
        st.lists(st.one_of(st.sampled_from(LOCK_FRAGMENTS), odd_text(True)), max_size=12).map(
            "\n".join
        ),
        st.text(),
    )


# tracey: rule markers in specs, markers in comments, and its Styx configuration.
TRACEY_SEEDS = (
    "# Auth\n\n## Login\n\nr[auth.login]\nThe system must log in.\nr[auth.out+2]\nOut.\n\n"
    "> r[api.error+3]\n> Errors follow:\n>\n> ```json\n> {}\n> ```\n\nSee `r[auth.login]`.\n",
)
TRACEY_FRAGMENTS = (
    "r[auth.login]",
    "r[a.b+2]",
    "> r[x.y]",
    "h2[stream.priority+0]",
    "r[impl auth.login] and r[verify x]",
    "r[",
    "]",
    "```",
    "> ```",
    "    r[indented.rule]",
)
RUST_SEEDS = _read(
    "tests/fixtures/rust/src/duration.rs",
    "tests/fixtures/rust/tests/cli.rs",
)
RUST_FRAGMENTS = (
    "pub fn f(x: u32) -> u32 {",
    "}",
    "impl<T> Trait for Foo<T> {",
    "mod inner {",
    "/// REQ-1: doc.",
    "//! REQ-2 for the file",
    "// r[impl auth.login] r[verify a.b+2]",
    "/* REQ-3 /* nested */ */",
    '#[doc = "REQ-4"]',
    '#[tokio::test(flavor = "multi_thread")]',
    "#[cfg(test)]",
    '    assert_eq!(parse("1s"), Foo::new(1).get());',
    "use crate::a::{b, c::d as e, self};",
    "use super::*;",
    'r#"raw REQ-5"#',
    "macro_rules! m { ($x:expr) => { f($x) }; }",
    "fn broken( {",
)


def rust_texts() -> st.SearchStrategy[str]:
    """Mutated Rust files, or short random Rust."""
    return st.one_of(
        mutated(RUST_SEEDS, RUST_FRAGMENTS, surrogates=True),
        st.lists(st.one_of(st.sampled_from(RUST_FRAGMENTS), odd_text(True)), max_size=12).map(
            "\n".join
        ),
    )


TRACEY_CODE_FRAGMENTS = (
    "# r[impl auth.login]",
    "    # r[verify a.b+2] r[depends c] r[related d]",
    "# `r[impl quoted]` r[impl",
    'x = "r[impl in.a.string]"',
    "# r[impl ",
)
STYX_SEEDS = (
    "@schema {id crate:tracey-config@1, cli tracey}\n\nspecs (\n  // c\n  {\n    name a\n"
    "    include (docs/**/*.md ../x.md)\n    impls ({ name p, include (src/**/*.py) })\n  }\n)\n",
)
STYX_FRAGMENTS = ("(", ")", "{", "}", '"q\\"uoted"', "// comment", "include (a.md)", ",", "@t")


def tracey_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    """Mutated tracey specs, or short random Markdown with rule markers."""
    return st.one_of(
        mutated(TRACEY_SEEDS, TRACEY_FRAGMENTS + MARKDOWN_FRAGMENTS, surrogates=surrogates),
        st.lists(
            st.one_of(st.sampled_from(TRACEY_FRAGMENTS), odd_text(surrogates)), max_size=12
        ).map("\n".join),
    )


def tracey_code_texts() -> st.SearchStrategy[str]:
    """Python files with tracey markers in comments and strings."""
    return mutated(CODE_SEEDS + TEST_SEEDS, TRACEY_CODE_FRAGMENTS, surrogates=True)


def styx_texts() -> st.SearchStrategy[str]:
    """Mutated tracey configurations, or random Styx-ish text."""
    return st.one_of(
        mutated(STYX_SEEDS, STYX_FRAGMENTS, surrogates=True),
        st.lists(st.one_of(st.sampled_from(STYX_FRAGMENTS), odd_text(True)), max_size=12).map(
            " ".join
        ),
        st.text(),
    )
