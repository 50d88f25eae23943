"""Coverage is not judged where most of the code is in languages trine does not read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trine.analysis.diagnose import Diagnostics
from trine.config import TrineConfig
from trine.ide.hover import hover
from trine.ide.lens import code_lenses
from trine.ide.snapshot import Snapshot
from trine.index.build import build_record
from trine.index.census import Census, unread_language
from trine.index.graph import TraceGraph
from trine.index.linguist import table
from trine.parsers.ids import DEFAULT_ID_PATTERN, IdMatcher
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]

PYTHON = """
//- SPEC.md
# App

- **APP-1** Sessions MUST expire.
- **APP-2** Tokens MUST rotate.
//- scripts/release.py
def bump():
    \"\"\"Bump the version (APP-9 is a typo).\"\"\"
//- scripts/test_release.py
def test_bump():
    pass
"""


def _kotlin(count: int, folder: str = "src") -> str:
    return "".join(f"//- {folder}/m{n}.kt\nval m{n} = {n}\n" for n in range(count))


def _coverage(result: CheckResult) -> list[str]:
    return sorted(
        d.code for d in result.diagnostics if d.code in ("unimplemented-clause", "untested-clause")
    )


def test_more_code_in_unread_languages_turns_coverage_off(workspace: Workspace) -> None:
    """DIAG-26: more Kotlin files than Python code and test files: no coverage finding,
    while the other rules stay on."""
    result = workspace(PYTHON + _kotlin(3))
    assert _coverage(result) == []
    assert [d.code for d in result.diagnostics] == ["unknown-reference"]
    summary = result.summary
    assert not summary.coverage_judged
    assert (summary.code_files, summary.unread_code) == (2, (("Kotlin", 3),))


def test_as_much_code_read_as_not_keeps_coverage(workspace: Workspace) -> None:
    """DIAG-26: as many Python files as Kotlin ones: coverage is judged."""
    result = workspace(PYTHON + _kotlin(2))
    assert _coverage(result) == ["unimplemented-clause"] * 2 + ["untested-clause"] * 2
    assert result.summary.coverage_judged
    assert result.summary.coverage_note == ""


def test_dependencies_build_output_and_test_data_are_not_counted(workspace: Workspace) -> None:
    """DIAG-26: code in vendored, build, test-data, ignored, excluded, hidden or dependency
    folders, and minified files, is not the project's own code."""
    others = "".join(
        _kotlin(3, folder)
        for folder in (
            "vendor",
            "third_party/lib",
            "dist",
            "web/build",
            "tests/fixtures",
            "node_modules/x",
            ".github/scripts",
            "generated",
            "legacy",
            "tmp",
        )
    )
    minified = "".join(f"//- web/m{n}.min.js\nvar a={n};\n" for n in range(3))
    result = workspace(PYTHON + others + minified + "//- .gitignore\ntmp/\n", exclude=["legacy/**"])
    assert result.summary.unread_code == ()
    assert result.summary.coverage_judged
    assert len(_coverage(result)) == 4


def test_coverage_always_judges_all_the_same(workspace: Workspace) -> None:
    """DIAG-27: `coverage = "always"` reports coverage where most of the code is unread."""
    result = workspace(PYTHON + _kotlin(5), coverage="always")
    assert len(_coverage(result)) == 4
    assert result.summary.coverage_judged


def test_the_note_names_the_languages_and_the_setting(workspace: Workspace) -> None:
    """DIAG-28: the summary says what trine reads, how much code it does not, in which
    languages, and the setting that judges coverage all the same."""
    java = "".join(f"//- lib/src/M{n}.java\nclass M{n} {{}}\n" for n in range(2))
    swift = "//- tools/main.swift\nlet a = 1\n"
    result = workspace(PYTHON + _kotlin(4) + java + swift + "//- web/app.kts\nval a = 1\n")
    assert result.summary.coverage_note == (
        "coverage not judged: trine reads Python, and 8 of 10 code files are in languages it"
        " does not read yet: Kotlin (5), Java (2), Swift (1); the links written in them are"
        " not seen, so unimplemented-clause and untested-clause are not reported"
        ' (set `coverage = "always"` in [tool.trine] or trine.toml to report them all the same)'
    )


def test_hover_and_lens_say_coverage_is_not_checked(workspace: Workspace, tmp_path: Path) -> None:
    """DIAG-28: a clause's hover and lens say its coverage is not checked, not that it is
    unimplemented and untested."""
    result = workspace(PYTHON + _kotlin(3))
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, "SPEC.md", 3, 4)
    assert found is not None
    not_checked = "Not checked: most of the workspace's code is in languages trine does not read."
    assert found.markdown.split("\n\n")[-2:] == [not_checked, not_checked]
    assert [lens.title for lens in code_lenses(snapshot, "SPEC.md")] == [
        "not checked · not checked"
    ] * 2


def test_the_file_that_tips_the_balance_rechecks_every_clause() -> None:
    """DIAG-26: with two Kotlin files counted, the second Python file read brings the
    coverage findings, and removing it takes them away."""
    ids = IdMatcher(DEFAULT_ID_PATTERN)
    graph = TraceGraph()
    graph.census = Census((("Kotlin", 2),))
    store = Diagnostics(TrineConfig().severity_of)
    store.rebuild(graph)
    spec = build_record("SPEC.md", "spec", "- **R-1** It MUST work.\n", ids)
    first = build_record("pkg/a.py", "code", "def f():\n    pass\n", ids)
    second = build_record("pkg/b.py", "code", "def g():\n    pass\n", ids)
    store.update(graph, graph.update([spec, first]))
    assert not store.all()
    store.update(graph, graph.update([second]))
    assert [d.code for d in store.all()] == ["unimplemented-clause"]
    store.update(graph, graph.update((), removed=["pkg/b.py"]))
    assert not store.all()


def test_languages_are_named_by_linguists_table() -> None:
    """DIAG-26: a file's language comes from its extension in Linguist's table; Markdown, data
    and the languages trine reads are not code it does not read."""
    names = {
        path: unread_language(path)
        for path in (
            "a.kt",
            "b.KTS",
            "j.ts",
            "c.rs",
            "d.h",
            "e.m",
            "f.md",
            "g.json",
            "h.py",
            "i.vue",
        )
    }
    assert names == {
        "a.kt": "Kotlin",
        "b.KTS": "Kotlin",
        "j.ts": None,
        "c.rs": None,
        "d.h": "C",
        "e.m": "Objective-C",
        "f.md": None,
        "g.json": None,
        "h.py": None,
        "i.vue": "Vue",
    }


def test_the_table_prefers_popular_and_first_extensions() -> None:
    """DIAG-26: an extension several languages claim goes to a popular one, then to the one it
    is the first extension of; one that is first a data or prose file's is left out."""
    languages = {
        "Mercury": {"type": "programming", "extensions": [".m", ".moo"]},
        "Objective-C": {"type": "programming", "extensions": [".m", ".h"]},
        "C": {"type": "programming", "extensions": [".c", ".h"]},
        "Limbo": {"type": "programming", "extensions": [".b", ".h"]},
        "TSX": {"type": "programming", "group": "TypeScript", "extensions": [".tsx"]},
        "GCC Machine Description": {"type": "programming", "extensions": [".md"]},
        "Markdown": {"type": "prose", "extensions": [".md", ".markdown"]},
        "Vue": {"type": "markup", "extensions": [".vue"]},
    }
    assert table(languages, ["C", "Objective-C"]) == {
        ".b": "Limbo",
        ".c": "C",
        ".h": "C",
        ".m": "Objective-C",
        ".moo": "Mercury",
        ".tsx": "TypeScript",
        ".vue": "Vue",
    }
