"""Rust: items, doc comments, attributes, cargo's tests (in code files and under `tests/`), `use`
paths for calls, tracey's markers, and advice and stubs written in Rust."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trine.ide.actions import code_actions
from trine.ide.snapshot import Snapshot
from trine.index.build import Buffer, build_record
from trine.index.records import Role
from trine.parsers.code import parse_code
from trine.parsers.ids import IdMatcher
from trine.parsers.languages import language_for
from trine.parsers.rust import RUST
from trine.parsers.text import Span
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]

DURATIONS = """
//- docs/spec/durations.md
# Durations

## DUR-1 Seconds
The parser MUST read `5s` as five seconds.

## DUR-2 Minutes
The parser MUST read `3m` as 180 seconds.

## DUR-3 Garbage
Anything else MUST be refused.

## DUR-4 Printing
A duration MUST print as it was read.

## DUR-5 Units
The units MUST be listed.
//- Cargo.toml
[package]
name = "durations"
//- src/lib.rs
//! Durations as people write them.
pub mod duration;
//- src/duration.rs
/// Reads `5s` and `3m` (DUR-1, DUR-2).
#[inline]
pub fn parse(text: &str) -> Option<u64> {
    let (number, unit) = text.split_at(text.len() - 1);
    let n: u64 = number.parse().ok()?;
    match unit { "s" => Some(n), "m" => Some(n * 60), _ => None }
}

pub struct Duration { seconds: u64 }

impl Duration {
    // DUR-4: printed as read.
    pub fn format(&self) -> String { format!("{}s", self.seconds) }

    pub fn new(seconds: u64) -> Self { Duration { seconds } }
}

pub mod units {
    /// DUR-5
    pub fn all() -> Vec<&'static str> { vec!["s", "m"] }
}

fn helper() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// DUR-1
    #[test]
    fn reads_seconds() {
        assert_eq!(parse("5s"), Some(5));
    }

    #[test]
    fn prints() {
        assert_eq!(Duration::new(5).format(), "5s");
    }

    fn shared() {}
}
//- tests/cli.rs
use durations::duration::parse;

// DUR-3: garbage is refused.
#[test]
fn refuses_garbage() {
    assert!(parse("xx").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn minutes() {
    assert_eq!(parse("3m"), Some(180));
}

fn not_a_test() {}
"""


def test_items_are_symbols_with_rust_paths(workspace: Workspace) -> None:
    """RS-1, RS-2: functions, types, `impl` methods (`Type::method`) and inline modules are
    symbols; a doc comment or comment above an item links it; test code is no symbol."""
    graph = workspace(DURATIONS).graph
    symbols = {s for s in graph.symbols if s.startswith("src/duration.rs::")}
    assert symbols == {
        "src/duration.rs::parse",
        "src/duration.rs::Duration",
        "src/duration.rs::Duration::format",
        "src/duration.rs::Duration::new",
        "src/duration.rs::units",
        "src/duration.rs::units::all",
        "src/duration.rs::helper",
    }
    assert graph.implemented_by["DUR-1"] == ["src/duration.rs::parse"]
    assert graph.implemented_by["DUR-4"] == ["src/duration.rs::Duration::format"]
    assert graph.implemented_by["DUR-5"] == ["src/duration.rs::units::all"]


def test_cargo_tests_are_found_in_code_and_in_tests(workspace: Workspace) -> None:
    """RS-4, RS-5: `#[test]` and `#[tokio::test(..)]` functions are tests, in a code file's
    `mod tests` as under `tests/`, with ids whose part after the file is a cargo filter."""
    graph = workspace(DURATIONS).graph
    assert sorted(graph.tests) == [
        "src/duration.rs::tests::prints",
        "src/duration.rs::tests::reads_seconds",
        "tests/cli.rs::minutes",
        "tests/cli.rs::refuses_garbage",
    ]
    assert graph.tested_by["DUR-3"] == ["tests/cli.rs::refuses_garbage"]
    assert "src/duration.rs::tests::reads_seconds" in graph.tested_by["DUR-1"]


def test_calls_reach_items_through_use_paths_and_the_own_file(workspace: Workspace) -> None:
    """RS-6: a test's calls, in macros too, reach `use`d items (`durations::duration::parse`)
    and, from a `mod tests`, the file's own items (`parse`, `Duration::new(..).format()`)."""
    graph = workspace(DURATIONS).graph
    assert graph.symbols_of_test("tests/cli.rs::minutes") == ["src/duration.rs::parse"]
    assert graph.symbols_of_test("src/duration.rs::tests::reads_seconds") == [
        "src/duration.rs::parse"
    ]
    assert graph.symbols_of_test("src/duration.rs::tests::prints") == [
        "src/duration.rs::Duration::format",
        "src/duration.rs::Duration::new",
    ]


def test_public_items_are_pub_ones(workspace: Workspace) -> None:
    """RS-7: `pub` items of public modules are public; private functions are not."""
    graph = workspace(DURATIONS).graph
    assert graph.symbols["src/duration.rs::Duration::new"].public
    assert graph.symbols["src/duration.rs::units::all"].public
    assert not graph.symbols["src/duration.rs::helper"].public


def test_advice_and_stubs_are_written_in_rust(workspace: Workspace, tmp_path: Path) -> None:
    """RS-8: an untested clause is told in Rust's words, and its stub is a `#[test]` in a
    `#[cfg(test)]` module of the file that implements it."""
    result = workspace(DURATIONS.replace("    /// DUR-5\n", "    // DUR-5\n"))
    [untested] = [
        d for d in result.diagnostics if d.code == "untested-clause" and "DUR-5" in d.message
    ]
    assert "// DUR-5: …" in untested.message and "pytest" not in untested.message
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    [stub, *_] = code_actions(
        snapshot, "docs/spec/durations.md", untested.span, [untested], lambda _: None
    )
    [edit] = stub.edits
    assert edit.path == "src/duration.rs"
    text = edit.edits[0].new_text
    assert "#[cfg(test)]\nmod tests_dur_5 {" in text and "    #[test]\n    fn dur_5() {" in text


TRACEY = """
//- .config/tracey/config.styx
specs (
  {
    name main
    include (docs/spec/**/*.md)
    impls (
      {
        name rust
        include (src/**/*.rs)
        test_include (tests/**/*.rs)
      }
    )
  }
)
//- docs/spec/auth.md
# Auth

r[auth.login]
Users MUST log in.

r[auth.logout]
Users MUST log out.
//- src/auth.rs
// r[impl auth.login]
pub fn login() {}

/* r[impl auth.logout] */
pub fn logout() {}

#[cfg(test)]
mod tests {
    // r[verify auth.logout]
    #[test]
    fn logs_out() {}
}
//- tests/auth.rs
/// r[verify auth.login]
#[test]
fn logs_in() {}
"""


def test_tracey_markers_in_rust_comments(workspace: Workspace) -> None:
    """RS-2, FMT-103: `// r[impl x]`, `/* r[impl x] */` and `/// r[verify x]` link in Rust; a
    verify marker in a code file's test is no misplaced marker."""
    result = workspace(TRACEY)
    graph = result.graph
    assert graph.implemented_by["auth.login"] == ["src/auth.rs::login"]
    assert graph.implemented_by["auth.logout"] == ["src/auth.rs::logout"]
    assert graph.tested_by["auth.login"] == ["tests/auth.rs::logs_in"]
    assert graph.tested_by["auth.logout"] == ["src/auth.rs::tests::logs_out"]
    assert not [d for d in result.diagnostics if "is in code" in d.message]


def test_a_marker_outside_every_item_speaks_for_the_files_tests(workspace: Workspace) -> None:
    """RS-10: a marker at the top of a test file, or a verify marker outside every item of a
    code file with tests, verifies each test of the file; in plain code it still says so."""
    result = workspace(
        TRACEY.replace("/// r[verify auth.login]\n", "")
        .replace(
            "//- tests/auth.rs\n", "//- tests/auth.rs\n//! Logins.\n// r[verify auth.login]\n\n"
        )
        .replace(
            "#[cfg(test)]\nmod tests {\n    // r[verify auth.logout]\n",
            "// r[verify auth.logout]\n\n#[cfg(test)]\nmod tests {\n",
        )
        + "//- src/plain.rs\n// r[verify auth.login]\npub fn plain() {}\n"
    )
    graph = result.graph
    assert graph.tested_by["auth.login"] == ["tests/auth.rs::logs_in"]
    assert graph.tested_by["auth.logout"] == ["src/auth.rs::tests::logs_out"]
    [misplaced] = [d for d in result.diagnostics if "is in code" in d.message]
    assert misplaced.path == "src/plain.rs"


def test_headings_name_rust_functions_and_methods(workspace: Workspace) -> None:
    """RS-11, CODE-6: `## parse(text)`, `## Duration::new(seconds)` and `## Duration.format()`
    link the Rust items they name."""
    graph = workspace(
        "//- docs/spec/api.md\n# API\n\n## parse(text)\nReads.\n\n"
        "## Duration::new(seconds)\nMakes.\n\n## Duration.format()\nPrints.\n"
        + "//- Cargo.toml"
        + DURATIONS.split("//- Cargo.toml", 1)[1]
    ).graph
    inferred = {
        (link.source, link.target)
        for link in graph.links
        if link.evidence == "inferred" and link.target.startswith("docs/spec/api.md#")
    }
    assert inferred == {
        ("src/duration.rs::parse", "docs/spec/api.md#parsetext"),
        ("src/duration.rs::Duration::new", "docs/spec/api.md#durationnewseconds"),
        ("src/duration.rs::Duration::format", "docs/spec/api.md#durationformat"),
    }


def test_attribute_strings_are_prose() -> None:
    """RS-3: strings in an attribute name clauses; attributes and the comments above them
    belong to the item (its span starts at the first attribute)."""
    code = parse_code(
        '/// DUR-1\n#[doc = "DUR-2"]\n// between\n#[test]\nfn t() {}\n',
        RUST.grammar(),
        IdMatcher(),
    )
    [t] = code.definitions
    assert t.span == Span(1, 0, 4, 9)
    assert t.decorators == ('doc = "DUR-2"', "test")
    assert sorted((r.target, r.place, r.owner) for r in code.references) == [
        ("DUR-1", "comment", 0),
        ("DUR-2", "decorator", 0),
    ]


def test_broken_rust_still_reads_what_parses() -> None:
    """RS-9, CODE-7: a syntax error is reported; the items around it are still read."""
    code = parse_code(
        "/// DUR-1\npub fn ok() {}\n\nfn broken( {\n\n/// DUR-2\npub fn fine() {}\n",
        RUST.grammar(),
        IdMatcher(),
    )
    assert code.problems
    assert "ok" in {d.name for d in code.definitions}
    assert "DUR-1" in {r.target for r in code.references}


def test_rs_files_are_rust() -> None:
    """RS-1: `.rs` files are read as Rust."""
    assert language_for("src/main.rs") is RUST


_PIECES = (
    "#[test]\n",
    "/// DUR-1\n",
    "\n\n",
    "}\n",
    "mod m {\n",
    "fn f() { g(1); }\n",
    "// r[x]\n",
)


@settings(max_examples=60, deadline=None)
@given(
    role=st.sampled_from(["code", "test"]),
    steps=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 8), st.sampled_from(_PIECES)),
        min_size=1,
        max_size=8,
    ),
)
def test_reparsing_rust_equals_parsing_it_fresh(
    role: Role, steps: list[tuple[float, int, str]]
) -> None:
    """RS-3, PERF-4: a Rust buffer re-parsed after each edit gives the record a fresh parse of
    the same text gives (an item's attributes never reach across a blank line into another
    chunk)."""
    text = (Path(__file__).parents[1] / "fixtures/rust/src/duration.rs").read_text("utf-8")
    path = "src/duration.rs" if role == "code" else "tests/duration.rs"
    ids = IdMatcher()
    buffer = Buffer()
    build_record(path, role, text, ids, buffer=buffer)
    for where, delete, insert in steps:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + delete :]
        assert build_record(path, role, text, ids, buffer=buffer) == build_record(
            path, role, text, ids
        )
