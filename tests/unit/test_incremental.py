"""Incremental updates: after any sequence of file changes, the graph and its diagnostics equal
the ones built from scratch from the final files."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trine.analysis.diagnose import Diagnostics
from trine.analysis.drift import LockState, current_lock
from trine.analysis.registry import RULES
from trine.config import TrineConfig
from trine.index.build import Buffer, build_record
from trine.index.graph import TraceGraph
from trine.index.records import FileRecord, Role
from trine.parsers.ids import DEFAULT_ID_PATTERN, IdMatcher
from workspaces import scoped

IDS = IdMatcher(DEFAULT_ID_PATTERN)
CLAUSES = ["REQ-1", "REQ-2", "REQ-3", "REQ-12", "API-1", "API-2"]
NAMES = ["parse", "render", "load", "save"]
PATHS: dict[str, Role] = {
    "SPEC.md": "spec",
    "docs/spec/api.md": "spec",
    "pkg/core.py": "code",
    "pkg/io.py": "code",
    "pkg/__init__.py": "code",
    "vendor/pkg/io.py": "code",
    "tests/test_core.py": "test",
    "tests/test_io.py": "test",
    "openspec/specs/io/spec.md": "spec",
    "specs/001-core/spec.md": "spec",
    "specs/002-io/spec.md": "spec",
    "specs/002-io/tasks.md": "spec",
    "specs/003-ui/spec.md": "spec",
    "specs/003-ui/tasks.md": "spec",
}
# FMT-9: what tasks name: files by path, by their end (`io.py` ends two), functions, tests.
TASK_FILES = [
    "pkg/core.py",
    "pkg/io.py",
    "`io.py`",
    "`core.py`",
    "pkg/core.py:parse()",
    "pkg/core.py:Parse.parse()",
    "tests/test_io.py",
    "tests/test_core.py::test_0",
    "pkg/gone.py",
]
SCENARIOS = ["Load files", "Save files", "Parse"]
ALL_ON = TrineConfig.model_validate(
    {"severity": {code: "info" for code, rule in RULES.items() if rule.default == "off"}}
)

mention = st.sampled_from(
    [
        *CLAUSES,
        "REQ-9",
        "API-7",
        "SPEC.md#parse",
        "api.md#load-and-save",
        "001-core/REQ-1",
        "2-REQ-2",
        "specs/002-io#API-1",
    ]
)


def scope_of(path: str) -> str | None:
    """A configured scope (`[tool.trine.scopes]`) for one code file."""
    return "002-io" if path == "pkg/io.py" else None


@st.composite
def spec_text(draw: Any) -> str:
    """A spec with explicit clauses, headings that name functions, and mentions of other ids."""
    lines = ["# Spec", ""]
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["item", "heading", "named", "prose"]))
        clause = draw(st.sampled_from(CLAUSES))
        name = draw(st.sampled_from(NAMES))
        if kind == "item":
            lines.append(f"- **{clause}** The tool MUST {name} files, see {draw(mention)}.")
        elif kind == "heading":
            lines += [f"## {clause} {name.title()}", "", f"It MUST {name} quickly.", ""]
        elif kind == "named":
            named = draw(st.sampled_from([f"{name}()", name.title(), f"{name.title()}.{name}"]))
            lead = draw(st.sampled_from(["", f"{clause} "]))
            lines += [f"## {lead}`{named}`", "", "Returns the result.", ""]
        else:
            lines += ["## Load and save", "", f"Text that mentions {draw(mention)}.", ""]
    return "\n".join(lines) + "\n"


@st.composite
def code_text(draw: Any) -> str:
    """Functions and a class whose docstrings and comments name clauses."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from([*NAMES, "_helper"]))
        if draw(st.booleans()):
            lines += [f"class {name.title()}:", f'    """{draw(mention)}"""', ""]
            lines += [f"    def {name}(self):", "        return 1", ""]
        else:
            lines += [f"# {draw(mention)}", f"def {name}(value):", f'    """{draw(mention)}"""']
            lines += ["    return value", ""]
    return "\n".join(lines) + "\n"


@st.composite
def pytest_module_text(draw: Any) -> str:
    """Tests that name clauses or call functions, through imports or by name, some named after
    an OpenSpec scenario."""
    lines = [draw(st.sampled_from(["from pkg.core import parse", "import pkg.io", ""]))]
    used: set[str] = set()
    for index in range(draw(st.integers(0, 3))):
        call = draw(st.sampled_from([*NAMES, "pkg.io.load", "Parse().parse"]))
        feature = draw(st.sampled_from(["", "Feature: 001-core. ", "Feature: 002-io. "]))
        doc = f'    """{feature}{draw(mention)}"""' if draw(st.booleans()) else "    pass"
        named = draw(st.sampled_from(["", *SCENARIOS])).lower().replace(" ", "_")
        name = named if named and named not in used else str(index)
        used.add(name)
        lines += [f"def test_{name}():", doc, f"    {call}(1)", ""]
    return "\n".join(lines) + "\n"


@st.composite
def openspec_text(draw: Any) -> str:
    """An OpenSpec capability whose scenarios tests may be named after (FMT-50)."""
    lines = []
    for name in draw(st.lists(st.sampled_from(NAMES), max_size=3)):
        lines += [f"### Requirement: {name.title()}", f"It SHALL {name}.", ""]
        for title in draw(st.lists(st.sampled_from(SCENARIOS), max_size=2)):
            lines += [f"#### Scenario: {title}", "- **WHEN** x", "- **THEN** y", ""]
    return "\n".join(lines) + "\n"


@st.composite
def speckit_text(draw: Any) -> str:
    """A spec-kit spec with stories whose scenarios a task's story label reaches (FMT-10)."""
    lines = ["# Feature Specification: UI", ""]
    for story in draw(st.lists(st.sampled_from([1, 2]), max_size=2, unique=True)):
        lines += [f"### User Story {story} - Story (Priority: P1)", ""]
        for _ in range(draw(st.integers(0, 2))):
            lines.append("1. **Given** a, **When** b, **Then** c.")
        lines.append("")
    lines += ["- **REQ-1**: The tool MUST show.", ""]
    return "\n".join(lines)


@st.composite
def tasks_text(draw: Any) -> str:
    """A task list whose checked and unchecked tasks name stories, ids and files (FMT-11)."""
    lines = ["# Tasks", ""]
    for index in range(draw(st.integers(0, 4))):
        box = draw(st.sampled_from([" ", "x"]))
        label = draw(st.sampled_from(["", "[US1] ", "[US2] ", "[US1/2] "]))
        named = draw(st.sampled_from(TASK_FILES))
        lines.append(f"- [{box}] T{index:03} {label}Do {draw(mention)} in {named}")
    return "\n".join(lines) + "\n"


def text_for(path: str) -> st.SearchStrategy[str]:
    if path.startswith("openspec/"):
        return openspec_text()
    if path.endswith("tasks.md"):
        return tasks_text()
    if path == "specs/003-ui/spec.md":
        return speckit_text()
    return {"spec": spec_text(), "code": code_text(), "test": pytest_module_text()}[PATHS[path]]


@st.composite
def edits(draw: Any) -> list[tuple[str, str | None]]:
    """A sequence of file changes: new text for a path, or None to delete it."""
    steps = []
    for _ in range(draw(st.integers(1, 12))):
        path = draw(st.sampled_from(sorted(PATHS)))
        deleted = draw(st.integers(0, 3)) == 0
        steps.append((path, None if deleted else draw(text_for(path))))
    return steps


def record(path: str, text: str) -> FileRecord:
    return scoped(build_record(path, PATHS[path], text, IDS))


def state(graph: TraceGraph) -> dict[str, Any]:
    """Everything features and rules read from a graph, in comparable form."""
    return {
        "clauses": graph.clauses,
        "anchors": graph.anchors,
        "symbols": graph.symbols,
        "tests": graph.tests,
        "requirements": graph.requirements,
        "links": graph.links,
        "implemented_by": dict(graph.implemented_by),
        "tested_by": dict(graph.tested_by),
        "resolved": graph.resolved,
        "mentions_of": {k: v for k, v in graph.mentions_of.items() if v},
        "duplicates": sorted(graph.duplicates, key=lambda d: (d[0].path, d[0].span)),
        "by_node": {n: graph.links_of(n) for n in [*graph.clauses, *graph.symbols, *graph.tests]},
        "missing": {p: graph.missing_task_files(p) for p in graph.records},
    }


def messages(diagnostics: Diagnostics) -> list[tuple[str, str, object, str, object]]:
    return [(d.code, d.path, d.span, d.message, d.data) for d in diagnostics.all()]


CLASS_NAMED_LATER = (
    {"SPEC.md": "# Spec\n", "pkg/core.py": "class Parse:\n    def parse(self):\n        pass\n"},
    [("SPEC.md", "# Spec\n\n## `Parse`\n\nParses.\n")],
)


FIRST_DECLARATION_REMOVED = (
    {
        "SPEC.md": "# Spec\n\n## REQ-1 `parse()`\n\nParses.\n",
        "docs/spec/api.md": "# API\n\n## REQ-1 `load()`\n\nLoads.\n",
        "pkg/core.py": "def parse():\n    pass\n\n\ndef load():\n    pass\n",
    },
    [("SPEC.md", None)],
)
SCOPE_APPEARS = (
    {
        "specs/001-core/spec.md": "# Spec\n\n- **REQ-1** The tool MUST parse.\n",
        "specs/002-io/tasks.md": "Implement REQ-1 and 2-REQ-1.\n",
        "pkg/io.py": "# REQ-1\ndef load(value):\n    pass\n",
    },
    [("specs/002-io/spec.md", "# Spec\n\n- **REQ-1** The tool MUST load.\n")],
)
# FMT-11: a task's link follows the named file, the task list and the story's scenarios.
TASK_FILE_APPEARS = (
    {
        "specs/003-ui/spec.md": "# Feature Specification: UI\n\n### User Story 1 - S\n\n",
        "specs/003-ui/tasks.md": "- [x] T001 [US1] Do REQ-1 in `io.py`\n",
        "tests/test_core.py": "def test_0():\n    pass\n",
    },
    [
        ("pkg/io.py", "def parse():\n    pass\n"),
        (
            "specs/003-ui/spec.md",
            "# Feature Specification: UI\n\n### User Story 1 - S\n\n"
            "1. **Given** a, **When** b, **Then** c.\n",
        ),
        ("vendor/pkg/io.py", "\n"),
        ("specs/003-ui/tasks.md", "- [x] T001 [US1] in pkg/core.py:parse(), tests/test_core.py\n"),
        ("pkg/core.py", "def parse():\n    pass\n"),
        ("pkg/core.py", None),
    ],
)
SAME_MODULE_ADDED = (
    {
        "pkg/io.py": "def load():\n    pass\n",
        "pkg/core.py": "class Store:\n    def load(self):\n        pass\n",
        "tests/test_io.py": "import pkg.io\n\n\ndef test_load():\n    pkg.io.load()\n",
    },
    [("vendor/pkg/io.py", "\n")],
)


@settings(max_examples=150, deadline=None)
@given(initial=st.fixed_dictionaries({p: text_for(p) for p in PATHS}), steps=edits())
@example(*CLASS_NAMED_LATER)
@example(*FIRST_DECLARATION_REMOVED)
@example(*SAME_MODULE_ADDED)
@example(*TASK_FILE_APPEARS)
@example(*SCOPE_APPEARS)
@example(SCOPE_APPEARS[0] | dict(SCOPE_APPEARS[1]), [("specs/002-io/spec.md", None)])
def test_incremental_updates_equal_a_fresh_index(
    initial: dict[str, str], steps: list[tuple[str, str | None]]
) -> None:
    """IDX-1, PERF-4: after random file changes, applied one at a time, the graph and the
    diagnostics (kept up to date per subject) equal a graph and diagnostics built from scratch."""
    files = dict(initial)
    graph = TraceGraph({p: record(p, t) for p, t in files.items()}, scope_of)
    lock = LockState(current_lock(graph), (), True)
    diagnostics = Diagnostics(ALL_ON.severity_of, lock)
    diagnostics.rebuild(graph)
    for path, text in steps:
        if text is None:
            files.pop(path, None)
            change = graph.update((), [path])
        else:
            files[path] = text
            change = graph.update([record(path, text)])
        diagnostics.update(graph, change)
    fresh = TraceGraph({p: record(p, t) for p, t in files.items()}, scope_of)
    assert state(graph) == state(fresh)
    scratch = Diagnostics(ALL_ON.severity_of, lock)
    scratch.rebuild(fresh)
    assert messages(diagnostics) == messages(scratch)


@settings(max_examples=40, deadline=None)
@given(initial=st.fixed_dictionaries({p: text_for(p) for p in PATHS}), steps=edits())
def test_a_batch_update_equals_single_updates(
    initial: dict[str, str], steps: list[tuple[str, str | None]]
) -> None:
    """IDX-1: changing several files in one update gives the same graph as one at a time."""
    one_by_one = TraceGraph({p: record(p, t) for p, t in initial.items()}, scope_of)
    batch = TraceGraph({p: record(p, t) for p, t in initial.items()}, scope_of)
    final: dict[str, str | None] = {}
    for path, text in steps:
        final[path] = text
        one_by_one.update(*(([], [path]) if text is None else ([record(path, text)], [])))
    batch.update(
        [record(p, t) for p, t in final.items() if t is not None],
        [p for p, t in final.items() if t is None],
    )
    assert state(batch) == state(one_by_one)


@st.composite
def text_edits(draw: Any) -> list[tuple[float, int, str]]:
    """Edits as (where, how many characters to delete, what to insert), `where` a fraction of
    the length, so each applies to whatever the text has become."""
    pieces = st.sampled_from(
        [
            "x",
            "\n",
            "\n\n",
            "#",
            " REQ-1",
            '"""',
            "def f():\n    pass\n",
            "    ",
            "(",
            "class C:\n",
            '"""REQ-2"""\n',
            "import pkg.io\n",
        ]
    )
    return draw(
        st.lists(
            st.tuples(
                st.floats(0, 1), st.integers(0, 8), st.lists(pieces, max_size=3).map("".join)
            ),
            min_size=1,
            max_size=15,
        )
    )


def edited(text: str, where: float, delete: int, insert: str) -> str:
    at = int(where * len(text))
    return text[:at] + insert + text[at + delete :]


# An edit after which tree-sitter's root is an ERROR node: the root's children are loose
# tokens, so no chunk of them may be taken from before the edit.
WHOLE_FILE_IS_AN_ERROR = (
    '# SPEC.md#parse\ndef parse(value):\n    """api.md#load-and-save"""\n    return value\n\n'
    '# api.md#load-and-save\ndef render(value):\n    """REQ-1"""\n    return value\n\n'
    '# REQ-1\ndef parse(value):\n    """REQ-1"""\n    return value\n\n',
    "code",
    [(0.51953125, 7, " REQ-1ximport pkg.io\n")],
)


@settings(max_examples=150, deadline=None)
@given(original=code_text(), role=st.sampled_from(["code", "test"]), steps=text_edits())
@example(original='"""REQ-1"""\n\n\ndef f():\n    pass\n', role="code", steps=[(0.0, 0, "x\n\n")])
@example(*WHOLE_FILE_IS_AN_ERROR)
def test_reparsing_a_buffer_equals_parsing_it_fresh(
    original: str, role: Role, steps: list[tuple[float, int, str]]
) -> None:
    """PERF-4: a buffer re-parsed after each edit (from its previous tree, re-extracting only
    the chunks whose text changed) gives the record a fresh parse of the same text gives."""
    buffer = Buffer()
    path = "pkg/core.py" if role == "code" else "tests/test_core.py"
    text = original
    build_record(path, role, text, IDS, buffer=buffer)
    for where, delete, insert in steps:
        text = edited(text, where, delete, insert)
        assert build_record(path, role, text, IDS, buffer=buffer) == build_record(
            path, role, text, IDS
        )
