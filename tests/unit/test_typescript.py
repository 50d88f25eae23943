"""TypeScript and JavaScript: definitions, JSDoc and comments, jest/vitest tests as calls,
imports by path, and advice in the language's own syntax."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trine.ide.actions import code_actions
from trine.ide.snapshot import Snapshot
from trine.parsers.code import parse_code
from trine.parsers.ids import IdMatcher
from trine.parsers.script_config import script_test_patterns
from trine.parsers.typescript import JAVASCRIPT, TYPESCRIPT
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]

DURATIONS = """
//- docs/spec/durations.md
# Durations

- **DUR-1** A duration like `5m` is read as milliseconds.
- **DUR-2** A negative duration is refused.
- **DUR-3** Durations print in the largest unit that fits.
- **DUR-4** A clock tells the time.
- **DUR-5** Nothing implements or tests this.
//- src/duration.ts
import { Clock } from "./clock";

/**
 * Reads a duration such as `5m`.
 * DUR-1: units are s, m and h.
 */
export function parseDuration(text: string): number {
  if (text.startsWith("-")) throw new Error("negative"); // DUR-2
  return 1;
}

// DUR-3: the largest unit that fits.
export const formatDuration = (ms: number): string => `${ms}ms`;
//- src/clock.js
export class Clock {
  /** DUR-4 */
  now() { return 0; }
  #tick() {}
}
//- src/types.d.ts
// DUR-5 declared only
export declare function parseDuration(text: string): number;
//- src/__tests__/duration.test.ts
import { parseDuration, formatDuration } from "../duration.js";
import * as clock from "../clock";

describe("parseDuration", () => {
  // DUR-1
  it("reads minutes", () => {
    expect(parseDuration("5m")).toBe(300000);
  });
  test.each([["-1s"]])("refuses %s", (s) => {
    expect(() => parseDuration(s)).toThrow();
  });
});

describe("DUR-3 formatting", () => {
  test.skip(`prints ${"ms"} units`, () => {
    expect(formatDuration(5)).toBe("5ms");
  });
});

/** DUR-2: refusals. */
describe("refusals", () => {
  it("refuses nothing yet", () => {});
});

test("DUR-4 ticks", () => {
  new clock.Clock().now();
});
"""

PATH = "src/__tests__/duration.test.ts"


def test_definitions_comments_and_jsdoc_link_code(workspace: Workspace) -> None:
    """TS-1, TS-2: functions, arrow functions bound to names and methods link the clauses
    their JSDoc and comments name; a declaration file is not code."""
    graph = workspace(DURATIONS).graph
    assert graph.implemented_by["DUR-1"] == ["src/duration.ts::parseDuration"]
    assert graph.implemented_by["DUR-2"] == ["src/duration.ts::parseDuration"]
    assert graph.implemented_by["DUR-3"] == ["src/duration.ts::formatDuration"]
    assert graph.implemented_by["DUR-4"] == ["src/clock.js::Clock.now"]
    assert "DUR-5" not in graph.implemented_by
    assert "src/types.d.ts" not in graph.records
    assert graph.records["src/clock.js"].language == "javascript"


def test_tests_are_calls_with_describe_ids(workspace: Workspace) -> None:
    """TS-3: `it`, `test.each(...)`, `test.skip` with a template name, inside `describe`."""
    graph = workspace(DURATIONS).graph
    assert sorted(graph.tests) == [
        f"{PATH}::DUR-3 formatting::prints * units",
        f"{PATH}::DUR-4 ticks",
        f"{PATH}::parseDuration::reads minutes",
        f"{PATH}::parseDuration::refuses %s",
        f"{PATH}::refusals::refuses nothing yet",
    ]


def test_names_comments_and_calls_link_tests(workspace: Workspace) -> None:
    """TS-3, TS-5: a comment above a test links it alone, one above a group its tests; a
    group's name links its tests; a test's name links it; calls of imported functions link
    what they call."""
    graph = workspace(DURATIONS).graph
    assert f"{PATH}::parseDuration::reads minutes" in graph.tested_by["DUR-1"]
    direct = [
        link.source
        for link in graph.links
        if link.target == "DUR-1" and link.evidence == "explicit" and link.kind == "verifies"
    ]
    assert direct == [f"{PATH}::parseDuration::reads minutes"]
    assert graph.tested_by["DUR-3"] == [f"{PATH}::DUR-3 formatting::prints * units"]
    assert graph.tested_by["DUR-4"] == [f"{PATH}::DUR-4 ticks"]
    assert f"{PATH}::refusals::refuses nothing yet" in graph.tested_by["DUR-2"]
    assert graph.symbols_of_test(f"{PATH}::parseDuration::refuses %s") == [
        "src/duration.ts::parseDuration"
    ]
    assert graph.symbols_of_test(f"{PATH}::DUR-4 ticks") == ["src/clock.js::Clock.now"]


def test_advice_and_stub_are_in_the_language(workspace: Workspace) -> None:
    """TS-6: advice names a `test("ID …")`, never pytest; the stub is a jest/vitest test."""
    result = workspace(DURATIONS)
    messages = [d.message for d in result.diagnostics if d.code == "untested-clause"]
    assert messages and all("pytest" not in m for m in messages)
    clause = result.graph.clauses["DUR-5"]
    stub = TYPESCRIPT.stub(clause, "r[verify DUR-5]")
    assert stub.startswith('// r[verify DUR-5]\ntest("DUR-5: Nothing implements or tests this"')
    assert TYPESCRIPT.stub_path("src/duration.ts", "tests") == "tests/duration.test.ts"
    assert JAVASCRIPT.stub_path("lib/clock.mjs", "test") == "test/clock.test.mjs"


def test_quick_fix_writes_a_test_stub_in_typescript(workspace: Workspace, tmp_path: Path) -> None:
    """TS-6: in a workspace whose tests are TypeScript, the quick fix of an untested clause
    writes a `test(...)` into a `.test.ts` file."""
    result = workspace(DURATIONS)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    untested = [d for d in result.diagnostics if d.code == "untested-clause"]
    [dur5] = [d for d in untested if "DUR-5" in d.message]
    [stub, *_] = code_actions(snapshot, dur5.path, dur5.span, [dur5], lambda _: None)
    [edit] = stub.edits
    assert edit.path.endswith(".test.ts")
    assert 'test("DUR-5: Nothing implements or tests this"' in edit.edits[0].new_text


def test_private_names_are_not_public() -> None:
    """TS-4: `#field` and `_helper` are private; module-level and class members are public."""
    code = parse_code(
        "export class A { run() {} #x() {} _y() {} }\nconst b = () => 1;\n",
        TYPESCRIPT.grammar(),
        IdMatcher(),
    )
    public = {
        d.qualname
        for i, d in enumerate(code.definitions)
        if TYPESCRIPT.is_public("a.ts", code.definitions, i)
    }
    assert public == {"A", "A.run", "b"}


def test_minified_bundle_and_broken_file(workspace: Workspace) -> None:
    """TS-2: a minified bundle is skipped with a line saying so; a file with a syntax error is
    read where it parses."""
    bundle = "var a=1;" * 400
    result = workspace(
        DURATIONS
        + "//- src/bundle.js\n"
        + bundle
        + "\n//- src/broken.ts\n// DUR-5\nexport function ok() {}\nfunction (((\n"
    )
    problems = [d.message for d in result.diagnostics if d.code == "file-problem"]
    assert any("minified bundle" in m for m in problems)
    assert any("syntax error" in m for m in problems)
    assert result.graph.implemented_by["DUR-5"] == ["src/broken.ts::ok"]


def test_vitest_and_jest_configuration_add_test_paths(workspace: Workspace) -> None:
    """TS-7: a plain `test.include` of vitest makes its files tests (braces expanded); a
    computed one, or jest's extended globs, leave the defaults."""
    spec = "//- SPEC.md\n# S\n\n- **S-1** It MUST check.\n"
    check = '//- src/sum.check.ts\ntest("S-1 sums", () => {});\n'
    vitest = (
        "//- vitest.config.ts\nexport default defineConfig({\n  coverage: { include: ['x/**'] },\n"
        "  test: { include: ['src/**/*.{check,spec}.ts'] },\n});\n"
    )
    graph = workspace(spec + check + vitest).graph
    assert graph.tested_by["S-1"] == ["src/sum.check.ts::S-1 sums"]


def test_computed_or_extended_configuration_keeps_the_defaults() -> None:
    """TS-7: nothing computed is run, and jest's `?(x)` globs are not guessed at."""
    computed = "export default { test: { include: patterns() } };"
    extended = '{"jest": {"testMatch": ["**/?(*.)+(spec|test).[jt]s?(x)"]}}'
    plain = '{"jest": {"testMatch": ["<rootDir>/checks/**/*.js"]}}'
    assert script_test_patterns({"vitest.config.ts": computed}.get) == ()
    assert script_test_patterns({"package.json": extended}.get) == ()
    assert script_test_patterns({"package.json": plain}.get) == ("checks/**/*.js",)


def test_headings_name_functions_whatever_the_case(workspace: Workspace) -> None:
    """TS-8: `## parse_duration(s)` links `parseDuration`, `## Clock.Now()` `Clock.now`; a
    plain word (`## Now (1 task)`) does not link `now`."""
    spec = (
        "//- docs/spec/api.md\n# API\n\n## parse_duration(text)\n\nReads a duration.\n\n"
        "## Clock.Now()\n\nTells the time.\n\n## Now (1 task)\n\nA title.\n"
    )
    code = (
        "//- src/duration.ts\nexport function parseDuration(text: string) { return 1; }\n"
        "export class Clock { now() { return 0; } }\n"
    )
    graph = workspace(spec + code).graph
    assert graph.implemented_by["docs/spec/api.md#parse_durationtext"] == [
        "src/duration.ts::parseDuration"
    ]
    assert graph.implemented_by["docs/spec/api.md#clocknow"] == ["src/duration.ts::Clock.now"]
    assert "docs/spec/api.md#now-1-task" not in graph.implemented_by
