"""The protocol-free IDE layer: hover, navigation, lenses, symbols, completion, actions, rename."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from trine.analysis.findings import Diagnostic
from trine.analysis.fixes import FileEdit, TextEdit
from trine.ide.actions import Action, code_actions
from trine.ide.completion import Completion, complete
from trine.ide.hover import hover
from trine.ide.lens import Lens, code_lenses
from trine.ide.navigation import definition, implementation, references
from trine.ide.rename import RenameResult, prepare_rename, rename
from trine.ide.snapshot import Location, Snapshot
from trine.ide.symbols import OutlineItem, document_symbols, workspace_symbols
from trine.parsers.ids import IdMatcher
from trine.parsers.text import Span
from trine.project import CheckResult
from workspaces import check_workspace

Make = Callable[[str], Snapshot]

SPEC = "docs/spec/durations.md"
CODE = "pkg/duration.py"
TESTS = "tests/test_duration.py"

# A small project: DUR-1 is implemented and tested twice (by a docstring and through a call),
# DUR-2 is implemented but untested, DUR-2.1 is neither; `format_duration` traces to nothing.
DURATIONS = '''
//- docs/spec/durations.md
# Durations

Parsing durations from text.

## Units

- **DUR-1** A duration MUST accept `s`, `m` and `h`.
- **DUR-2** Malformed input MUST raise ValueError.
  - **DUR-2.1** The message SHOULD name the input.

## Notes

Durations are small; DUR-1 is the core.
//- pkg/duration.py
def parse(text):
    """DUR-1: parse a duration."""
    return 0


# See DUR-2 for errors.
def check(text):
    pass


def format_duration(value):
    return str(value)
//- tests/test_duration.py
import pytest

from pkg.duration import parse


def test_units():
    """DUR-1: seconds and minutes."""
    assert parse("1s") == 0


def test_hours():
    assert parse("1h") == 0
'''


@pytest.fixture
def snapshot_of(workspace: Callable[..., CheckResult], tmp_path: Path) -> Make:
    """Write a fixture workspace into tmp_path, check it and wrap the result in a Snapshot."""

    def make(fixture: str) -> Snapshot:
        result = workspace(fixture)
        return Snapshot(result.graph, result.store, tmp_path)

    return make


def lines_of(snapshot: Snapshot, path: str) -> list[str]:
    """The lines of a workspace file as written on disk."""
    return (snapshot.root / path).read_text(encoding="utf-8").split("\n")


def find(snapshot: Snapshot, path: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The 0-based line and code-point column of the nth occurrence of a needle in a file."""
    seen = 0
    for number, line in enumerate(lines_of(snapshot, path)):
        start = line.find(needle)
        while start != -1:
            if seen == nth:
                return number, start
            seen += 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not found in {path}")


def disk(root: Path) -> Callable[[str], str | None]:
    """A `text_of` that reads workspace files from disk, None when a file does not exist."""

    def text_of(path: str) -> str | None:
        file = root / path
        return file.read_text(encoding="utf-8") if file.exists() else None

    return text_of


def apply(text: str, edits: Sequence[TextEdit]) -> str:
    """Apply text edits (code-point positions), last first, as an editor would."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: e.span, reverse=True):
        start = starts[edit.span.start_line] + edit.span.start_col
        end = starts[edit.span.end_line] + edit.span.end_col
        text = text[:start] + edit.new_text + text[end:]
    return text


def write_edits(root: Path, edits: Sequence[FileEdit]) -> None:
    """Apply a workspace edit to the files on disk (creating files the edit creates)."""
    for file_edit in edits:
        file = root / file_edit.path
        assert file_edit.create != file.exists(), f"create={file_edit.create} for {file}"
        file.parent.mkdir(parents=True, exist_ok=True)
        before = "" if file_edit.create else file.read_text(encoding="utf-8")
        file.write_text(apply(before, file_edit.edits), encoding="utf-8")


def untested(snapshot: Snapshot, clause: str) -> Diagnostic:
    """The `untested-clause` diagnostic of a clause."""
    found = [
        d
        for d in snapshot.diagnostics.all()
        if d.code == "untested-clause" and d.data.get("clause") == clause
    ]
    assert len(found) == 1, found
    return found[0]


def unknown(snapshot: Snapshot, target: str) -> Diagnostic:
    """The `unknown-reference` diagnostic of a target."""
    found = [
        d
        for d in snapshot.diagnostics.all()
        if d.code == "unknown-reference" and d.data.get("target") == target
    ]
    assert len(found) == 1, found
    return found[0]


def at(line: int, col: int) -> Span:
    """An empty range at a position, as an editor sends for a cursor."""
    return Span(line, col, line, col)


def labels(found: Sequence[Completion]) -> list[str]:
    """The labels of completion proposals."""
    return [c.label for c in found]


def located(found: Sequence[Location]) -> list[tuple[str, Span]]:
    """Locations as sorted (path, span) pairs; duplicates are kept."""
    return sorted((loc.path, loc.span) for loc in found)


def paragraphs(markdown: str) -> list[str]:
    """A hover's Markdown split into its paragraphs."""
    return markdown.split("\n\n")


def outline(items: Sequence[OutlineItem]) -> list[tuple[str, str, bool, list[object]]]:
    """An outline as nested (name, detail, requirement, children) tuples."""
    return [(i.name, i.detail, i.requirement, outline(i.children)) for i in items]


# Hover


def test_hover_on_function_shows_clause_text_link_and_tests(
    snapshot_of: Make, tmp_path: Path
) -> None:
    """LSP-7, LSP-34: hover on a function name shows its clause's id, title, text, spec link,
    the tests that name the clause, then the tests that call the function."""
    snapshot = snapshot_of(DURATIONS)
    found = hover(snapshot, CODE, *find(snapshot, CODE, "parse"))
    assert found is not None
    assert found.span == Span(0, 4, 0, 9)
    spec_uri = (tmp_path / SPEC).as_uri()
    tests_uri = (tmp_path / TESTS).as_uri()
    parts = paragraphs(found.markdown)
    assert parts[0].startswith("**DUR-1**")
    assert parts[1:] == [
        "A duration MUST accept `s`, `m` and `h`.",
        f"Defined in [docs/spec/durations.md:7]({spec_uri}#L7)",
        f"Tested by [`tests/test_duration.py::test_units`]({tests_uri}#L6)",
        f"Tested through calls to `parse` by [`tests/test_duration.py::test_hours`]({tests_uri}#L11)",
    ]


def test_hover_on_function_shows_heading_title(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-7, LSP-34: hover on a function shows the title of the heading that declares its
    clause, and under each clause the tests that name it."""
    snapshot = snapshot_of(RENAMING)
    found = hover(snapshot, "pkg/duration.py", *find(snapshot, "pkg/duration.py", "parse"))
    assert found is not None
    parts = paragraphs(found.markdown)
    assert parts[0] == "**DUR-1** Units"
    assert parts[1] == "A duration MUST accept units; DUR-2 builds on DUR-1."
    assert parts[2] == f"Defined in [SPEC.md:3]({(tmp_path / 'SPEC.md').as_uri()}#L3)"
    assert parts[3].startswith("Tested by [`tests/test_duration.py::test_units`](")
    assert parts[4] == "---"
    assert parts[5] == "**DUR-2**" or parts[5].startswith("**DUR-2** Errors MUST raise.")
    assert parts[-1].startswith("Tested by [`tests/test_duration.py::test_units`](")


def test_hover_on_untraced_function_says_so(snapshot_of: Make) -> None:
    """LSP-7: hover on a function that implements nothing says that it implements no clause."""
    snapshot = snapshot_of(DURATIONS)
    found = hover(snapshot, CODE, *find(snapshot, CODE, "format_duration"))
    assert found is not None
    assert found.markdown == "`format_duration` implements no spec clause."


def test_hover_on_reference_in_comment_shows_clause_text(snapshot_of: Make) -> None:
    """LSP-7: hover on a clause id in a comment shows the clause text and its coverage."""
    snapshot = snapshot_of(DURATIONS)
    line, col = find(snapshot, CODE, "DUR-2")
    found = hover(snapshot, CODE, line, col + 2)
    assert found is not None
    assert found.span == Span(5, 6, 5, 11)
    parts = paragraphs(found.markdown)
    assert parts[0].startswith("**DUR-2**")
    assert parts[1:] == [
        "Malformed input MUST raise ValueError.",
        f"Defined in [docs/spec/durations.md:8]({(snapshot.root / SPEC).as_uri()}#L8)",
        f"Implemented by [`check`]({(snapshot.root / CODE).as_uri()}#L7)",
        "**Not tested.**",
    ]


def test_hover_on_spec_item_lists_implementations_and_tests(snapshot_of: Make) -> None:
    """LSP-7, LSP-33: hover on a clause's item in the spec lists what implements it, the tests
    that name it, and apart from them the tests that reach it through a call."""
    snapshot = snapshot_of(DURATIONS)
    found = hover(snapshot, SPEC, *find(snapshot, SPEC, "DUR-1"))
    assert found is not None
    assert found.span == Span(6, 4, 6, 9)
    tests_uri = (snapshot.root / TESTS).as_uri()
    parts = paragraphs(found.markdown)
    assert parts[0].startswith("**DUR-1**")
    assert parts[1:] == [
        "A duration MUST accept `s`, `m` and `h`.",
        f"Defined in [docs/spec/durations.md:7]({(snapshot.root / SPEC).as_uri()}#L7)",
        f"Implemented by [`parse`]({(snapshot.root / CODE).as_uri()}#L1)",
        f"Tested by [`tests/test_duration.py::test_units`]({tests_uri}#L6)",
        f"Tested through calls by [`tests/test_duration.py::test_hours`]({tests_uri}#L11)",
    ]


def test_hover_on_spec_item_says_what_is_missing(snapshot_of: Make) -> None:
    """LSP-7: hover on a requirement that nothing covers says it is not implemented nor tested."""
    snapshot = snapshot_of(DURATIONS)
    line, col = find(snapshot, SPEC, "DUR-2.1")
    found = hover(snapshot, SPEC, line, col + 6)
    assert found is not None
    assert found.span == Span(8, 6, 8, 13)
    parts = paragraphs(found.markdown)
    assert parts[0].startswith("**DUR-2.1**")
    assert parts[1:] == [
        "The message SHOULD name the input.",
        f"Defined in [docs/spec/durations.md:9]({(snapshot.root / SPEC).as_uri()}#L9)",
        "**Not implemented.**",
        "**Not tested.**",
    ]


def test_hover_on_heading_shows_section_without_coverage(snapshot_of: Make) -> None:
    """LSP-7: hover anywhere on a heading line shows the section; a non-requirement misses nothing."""
    snapshot = snapshot_of(DURATIONS)
    found = hover(snapshot, SPEC, 10, 0)
    assert found is not None
    assert found.span == Span(10, 3, 10, 8)
    assert found.markdown == (
        "**Notes** `docs/spec/durations.md#notes`\n\n"
        "Durations are small; DUR-1 is the core.\n\n"
        f"Defined in [docs/spec/durations.md:11]({(snapshot.root / SPEC).as_uri()}#L11)"
    )


def test_hover_on_test_name_shows_clauses_it_checks(snapshot_of: Make) -> None:
    """LSP-7: hover on a test name shows the clauses the test checks."""
    snapshot = snapshot_of(DURATIONS)
    found = hover(snapshot, TESTS, *find(snapshot, TESTS, "test_units"))
    assert found is not None
    assert found.span == Span(5, 4, 5, 14)
    parts = paragraphs(found.markdown)
    assert parts[0] == "Checks"
    assert parts[1].startswith("**DUR-1**")
    assert parts[2:] == [
        "A duration MUST accept `s`, `m` and `h`.",
        f"Defined in [docs/spec/durations.md:7]({(snapshot.root / SPEC).as_uri()}#L7)",
    ]


def test_hover_on_unknown_reference_says_it_names_no_clause(snapshot_of: Make) -> None:
    """LSP-7: hover on an undeclared id or a broken anchor says it names no clause."""
    snapshot = snapshot_of(
        """
        //- SPEC.md
        # Spec

        - **DUR-1** Units MUST be known.
        //- pkg/a.py
        # DUR-9 and SPEC.md#nowhere
        def f():
            # ABC-1 is not an id family of this spec.
            pass
        """
    )
    found = hover(snapshot, "pkg/a.py", 0, 3)
    assert found is not None
    assert found.markdown == "`DUR-9` names no clause in the spec."
    assert found.span == Span(0, 2, 0, 7)
    anchor = hover(snapshot, "pkg/a.py", 0, 15)
    assert anchor is not None
    assert anchor.markdown == "`SPEC.md#nowhere` names no clause in the spec."
    assert hover(snapshot, "pkg/a.py", 2, 7) is None


# Definition, implementation, references


def test_definition_from_reference_in_comment(snapshot_of: Make) -> None:
    """LSP-8: go to definition on a clause id in a comment jumps to the clause's item in the spec."""
    snapshot = snapshot_of(DURATIONS)
    found = definition(snapshot, CODE, *find(snapshot, CODE, "DUR-2"))
    assert found == [Location(SPEC, Span(7, 4, 7, 9))]


def test_definition_from_reference_in_spec_prose(snapshot_of: Make) -> None:
    """LSP-8: a clause id mentioned in the spec's prose jumps to the clause."""
    snapshot = snapshot_of(DURATIONS)
    line, col = find(snapshot, SPEC, "DUR-1 is the core")
    assert definition(snapshot, SPEC, line, col + 3) == [Location(SPEC, Span(6, 4, 6, 9))]


def test_definition_from_function_name_jumps_to_spec(snapshot_of: Make) -> None:
    """LSP-8: a function name jumps to the clause it implements."""
    snapshot = snapshot_of(DURATIONS)
    assert definition(snapshot, CODE, *find(snapshot, CODE, "check")) == [
        Location(SPEC, Span(7, 4, 7, 9))
    ]
    assert definition(snapshot, CODE, *find(snapshot, CODE, "format_duration")) == []


def test_definition_from_test_name_jumps_to_checked_clauses(snapshot_of: Make) -> None:
    """LSP-8: a test name jumps to the clauses it checks, also through the functions it calls."""
    snapshot = snapshot_of(DURATIONS)
    clause = [Location(SPEC, Span(6, 4, 6, 9))]
    assert definition(snapshot, TESTS, *find(snapshot, TESTS, "test_units")) == clause
    assert definition(snapshot, TESTS, *find(snapshot, TESTS, "test_hours")) == clause


def test_definition_from_anchor_jumps_to_heading(snapshot_of: Make) -> None:
    """LSP-8: a `spec.md#slug` reference in a comment jumps to the heading it names."""
    snapshot = snapshot_of(
        """
        //- docs/spec/main.md
        # Main

        ## Units

        Durations MUST accept units.
        //- pkg/a.py
        # docs/spec/main.md#units
        def parse():
            pass
        """
    )
    assert definition(snapshot, "pkg/a.py", 0, 20) == [
        Location("docs/spec/main.md", Span(2, 3, 2, 8))
    ]


def test_implementation_from_clause_and_from_reference(snapshot_of: Make) -> None:
    """LSP-9: go to implementation on a clause, or a reference to it, lists its functions."""
    snapshot = snapshot_of(DURATIONS)
    parse = [Location(CODE, Span(0, 4, 0, 9))]
    assert implementation(snapshot, SPEC, *find(snapshot, SPEC, "DUR-1")) == parse
    assert implementation(snapshot, TESTS, *find(snapshot, TESTS, "DUR-1")) == parse
    assert implementation(snapshot, SPEC, *find(snapshot, SPEC, "DUR-2.1")) == []
    assert implementation(snapshot, CODE, *find(snapshot, CODE, "format_duration")) == []


def test_references_list_every_mention_with_declaration(snapshot_of: Make) -> None:
    """LSP-9: references from the spec, code or tests list the declaration and every mention."""
    snapshot = snapshot_of(DURATIONS)
    expected = [
        (SPEC, Span(6, 4, 6, 9)),
        (SPEC, Span(12, 21, 12, 26)),
        (CODE, Span(1, 7, 1, 12)),
        (TESTS, Span(6, 7, 6, 12)),
    ]
    for path in (SPEC, CODE, TESTS):
        found = references(snapshot, path, *find(snapshot, path, "DUR-1"))
        assert located(found) == sorted(expected), path
        assert found[0] == Location(SPEC, Span(6, 4, 6, 9))


def test_references_without_declaration(snapshot_of: Make) -> None:
    """LSP-9: when the client does not ask for the declaration, only the mentions are listed."""
    snapshot = snapshot_of(DURATIONS)
    found = references(snapshot, SPEC, *find(snapshot, SPEC, "DUR-1"), include_declaration=False)
    assert located(found) == [
        (SPEC, Span(12, 21, 12, 26)),
        (CODE, Span(1, 7, 1, 12)),
        (TESTS, Span(6, 7, 6, 12)),
    ]


def test_references_to_heading_include_anchors_in_specs_code_and_tests(
    snapshot_of: Make,
) -> None:
    """LSP-9: references to a heading list its anchors in specs (relative), code and tests."""
    snapshot = snapshot_of(
        """
        //- docs/spec/main.md
        # Main

        ## Units

        Durations MUST accept units.

        ## Notes

        Read [units](#units) first.
        //- docs/spec/sub/other.md
        # Other

        See [units](../main.md#units).
        //- pkg/a.py
        # docs/spec/main.md#units
        def parse():
            pass
        //- tests/test_a.py
        def test_parse():
            \"\"\"main.md#units\"\"\"
        """
    )
    found = references(snapshot, "docs/spec/main.md", 2, 0)
    assert located(found) == [
        ("docs/spec/main.md", Span(2, 3, 2, 8)),
        ("docs/spec/main.md", Span(8, 13, 8, 19)),
        ("docs/spec/sub/other.md", Span(2, 12, 2, 28)),
        ("pkg/a.py", Span(0, 2, 0, 25)),
        ("tests/test_a.py", Span(1, 7, 1, 20)),
    ]


def test_references_list_a_class_docstring_mention_once(snapshot_of: Make) -> None:
    """LSP-9: an id in a test class's docstring is one mention, listed once."""
    snapshot = snapshot_of(
        '''
        //- SPEC.md
        # Spec

        - **DUR-1** Units MUST be known.
        //- tests/test_a.py
        class TestUnits:
            """DUR-1"""

            def test_seconds(self):
                pass

            def test_minutes(self):
                pass
        '''
    )
    found = references(snapshot, "SPEC.md", 2, 5)
    assert located(found) == [("SPEC.md", Span(2, 4, 2, 9)), ("tests/test_a.py", Span(1, 7, 1, 12))]


# Code lenses


def test_code_lenses_in_spec_count_implementations_and_tests(snapshot_of: Make) -> None:
    """LSP-10: each requirement of a spec gets a lens with its counts and the places they are."""
    snapshot = snapshot_of(DURATIONS)
    assert code_lenses(snapshot, SPEC) == [
        Lens(
            Span(6, 4, 6, 9),
            "1 implementation · 2 tests",
            (
                Location(CODE, Span(0, 4, 0, 9)),
                Location(TESTS, Span(10, 4, 10, 14)),
                Location(TESTS, Span(5, 4, 5, 14)),
            ),
        ),
        Lens(
            Span(7, 4, 7, 9),
            "1 implementation · not tested",
            (Location(CODE, Span(6, 4, 6, 9)),),
        ),
        Lens(Span(8, 6, 8, 13), "not implemented · not tested", ()),
    ]


def test_code_lenses_in_code_name_clauses_and_tests(snapshot_of: Make) -> None:
    """LSP-10: each linked function gets a lens naming its clauses and tests; others get none."""
    snapshot = snapshot_of(DURATIONS)
    assert code_lenses(snapshot, CODE) == [
        Lens(
            Span(0, 4, 0, 9),
            "DUR-1 · 2 tests",
            (
                Location(SPEC, Span(6, 4, 6, 9)),
                Location(TESTS, Span(10, 4, 10, 14)),
                Location(TESTS, Span(5, 4, 5, 14)),
            ),
        ),
        Lens(Span(6, 4, 6, 9), "DUR-2 · not tested", (Location(SPEC, Span(7, 4, 7, 9)),)),
    ]


def test_code_lenses_singular_and_plural(snapshot_of: Make) -> None:
    """LSP-10: lens titles count in words: "2 implementations · 1 test" and "REQ-1 · 1 test"."""
    snapshot = snapshot_of(
        '''
        //- SPEC.md
        # Spec

        - **REQ-1** The tool MUST work.
        //- pkg/a.py
        def f():
            """REQ-1"""


        def g():
            """REQ-1"""
        //- tests/test_a.py
        def test_f():
            """REQ-1"""
        '''
    )
    [spec_lens] = code_lenses(snapshot, "SPEC.md")
    assert spec_lens.title == "2 implementations · 1 test"
    assert spec_lens.targets == (
        Location("pkg/a.py", Span(0, 4, 0, 5)),
        Location("pkg/a.py", Span(4, 4, 4, 5)),
        Location("tests/test_a.py", Span(0, 4, 0, 10)),
    )
    f_lens, g_lens = code_lenses(snapshot, "pkg/a.py")
    assert (f_lens.span, f_lens.title) == (Span(0, 4, 0, 5), "REQ-1 · 1 test")
    assert f_lens.targets == (
        Location("SPEC.md", Span(2, 4, 2, 9)),
        Location("tests/test_a.py", Span(0, 4, 0, 10)),
    )
    assert (g_lens.span, g_lens.title) == (Span(4, 4, 4, 5), "REQ-1 · 1 test")
    assert code_lenses(snapshot, "tests/test_a.py") == []


# Symbols


def test_document_symbols_give_nested_clause_outline(snapshot_of: Make) -> None:
    """LSP-11: a spec's document symbols are its clause tree, items nested in items."""
    snapshot = snapshot_of(DURATIONS)
    items = document_symbols(snapshot, SPEC)
    assert outline(items) == [
        (
            "Durations",
            "",
            False,
            [
                (
                    "Units",
                    "",
                    False,
                    [
                        ("DUR-1", "A duration MUST accept `s`, `m` and `h`.", True, []),
                        (
                            "DUR-2",
                            "Malformed input MUST raise ValueError.",
                            True,
                            [("DUR-2.1", "The message SHOULD name the input.", True, [])],
                        ),
                    ],
                ),
                ("Notes", "", False, []),
            ],
        )
    ]
    dur_2 = items[0].children[0].children[1]
    assert (dur_2.span, dur_2.selection) == (Span(7, 0, 8, 50), Span(7, 4, 7, 9))
    assert document_symbols(snapshot, CODE) == []


def test_workspace_symbols_find_clauses_by_id_and_title(snapshot_of: Make) -> None:
    """LSP-11: workspace symbols find clauses by id and by title, ignoring case, ids first."""
    snapshot = snapshot_of(DURATIONS)
    assert [c.id for c in workspace_symbols(snapshot, "dur-2")] == ["DUR-2", "DUR-2.1"]
    assert [c.id for c in workspace_symbols(snapshot, "VALUEERROR")] == ["DUR-2"]
    assert [c.id for c in workspace_symbols(snapshot, "notes")] == ["docs/spec/durations.md#notes"]
    assert [c.id for c in workspace_symbols(snapshot, "message")] == ["DUR-2.1"]
    assert workspace_symbols(snapshot, "nothing like this") == []


# Completion


def test_completion_offers_ids_in_a_comment(snapshot_of: Make) -> None:
    """LSP-12: in a comment, completion offers clause ids with the title and text."""
    snapshot = snapshot_of(DURATIONS)
    line = "# See DU"
    found = complete(snapshot, CODE, line, 5, len(line))
    assert labels(found) == ["DUR-1", "DUR-2", "DUR-2.1"]
    assert found[1] == Completion(
        "DUR-2",
        "Malformed input MUST raise ValueError.",
        "Malformed input MUST raise ValueError.",
        Span(5, 6, 5, 8),
    )


def test_completion_offers_ids_in_a_docstring(snapshot_of: Make) -> None:
    """LSP-12: in a docstring of code or tests, completion offers clause ids."""
    snapshot = snapshot_of(DURATIONS)
    code_line = '    """DUR-1: parse a duration."""'
    found = complete(snapshot, CODE, code_line, 1, 9)
    assert labels(found) == ["DUR-1", "DUR-2", "DUR-2.1"]
    assert found[0].replace == Span(1, 7, 1, 9)
    assert found[0].detail == "A duration MUST accept `s`, `m` and `h`."
    test_line = '    """DUR-1: seconds and minutes."""'
    assert labels(complete(snapshot, TESTS, test_line, 6, 7)) == ["DUR-1", "DUR-2", "DUR-2.1"]


def test_completion_offers_ids_in_a_decorator_string(snapshot_of: Make) -> None:
    """LSP-12: in a decorator's string argument, completion offers clause ids."""
    snapshot = snapshot_of(
        """
        //- SPEC.md
        # Spec

        - **DUR-1** Units MUST be known.
        //- tests/test_a.py
        import pytest


        @pytest.mark.spec("DU")
        def test_units():
            pass
        """
    )
    line = '@pytest.mark.spec("DU")'
    found = complete(snapshot, "tests/test_a.py", line, 3, 21)
    assert labels(found) == ["DUR-1"]
    assert found[0].replace == Span(3, 19, 3, 21)
    assert found[0].documentation == "Units MUST be known."


def test_completion_offers_ids_anywhere_in_a_spec(snapshot_of: Make) -> None:
    """LSP-12: anywhere in a spec, completion offers clause ids."""
    snapshot = snapshot_of(DURATIONS)
    line = "Durations are small; DUR-1 is the core."
    found = complete(snapshot, SPEC, line, 12, 23)
    assert labels(found) == ["DUR-1", "DUR-2", "DUR-2.1"]
    assert found[0].replace == Span(12, 21, 12, 23)


ANCHORS = """
//- docs/spec/main.md
# Main

## Units

Durations MUST accept units.
//- docs/spec/extra/more.md
# More

See the units.
//- pkg/a.py
# see docs/spec/main.md#
def parse():
    pass
"""


def test_completion_of_anchors_in_code_uses_workspace_paths(snapshot_of: Make) -> None:
    """LSP-12: after a `#` in a comment, completion offers anchors with workspace-relative paths."""
    snapshot = snapshot_of(ANCHORS)
    line = "# see docs/spec/main.md#"
    found = complete(snapshot, "pkg/a.py", line, 0, len(line))
    assert labels(found) == [
        "docs/spec/extra/more.md#more",
        "docs/spec/main.md#main",
        "docs/spec/main.md#units",
    ]
    units = found[2]
    assert (units.detail, units.documentation) == ("Units", "Durations MUST accept units.")
    assert units.replace == Span(0, 6, 0, len(line))


def test_completion_of_anchors_in_spec_uses_relative_paths(snapshot_of: Make) -> None:
    """LSP-12: after a `#` in a spec, anchors are relative to that spec, bare in the same file."""
    snapshot = snapshot_of(ANCHORS)
    line = "See the units #"
    found = complete(snapshot, "docs/spec/extra/more.md", line, 2, len(line))
    assert labels(found) == ["#more", "../main.md#main", "../main.md#units"]
    assert found[0].replace == Span(2, 14, 2, 15)
    line = "Durations MUST accept units, see extra/more.md#"
    found = complete(snapshot, "docs/spec/main.md", line, 4, len(line))
    assert labels(found) == ["#main", "#units", "extra/more.md#more"]


def test_completion_offers_nothing_in_plain_code(snapshot_of: Make) -> None:
    """LSP-12: outside comments, docstrings and decorator strings, code gets no completion."""
    snapshot = snapshot_of(DURATIONS)
    assert complete(snapshot, CODE, "    return 0", 2, 12) == []
    assert complete(snapshot, CODE, "    return D", 2, 12) == []
    assert complete(snapshot, CODE, "def check(text):", 6, 10) == []
    assert complete(snapshot, TESTS, '    assert parse("1s") == 0', 7, 20) == []
    assert complete(snapshot, "nowhere.py", "# DU", 0, 4) == []


def test_completion_offers_nothing_after_hash_in_a_string(snapshot_of: Make) -> None:
    """LSP-12: a `#` inside a string literal does not start a comment, so code gets no ids."""
    snapshot = snapshot_of(
        """
        //- SPEC.md
        # Spec

        - **DUR-1** Units MUST be known.
        //- pkg/a.py
        def head(text):
            return text.split("#")[0] + DEFAULT
        """
    )
    line = '    return text.split("#")[0] + DEFAULT'
    assert complete(snapshot, "pkg/a.py", line, 1, len(line)) == []
    assert complete(snapshot, "pkg/a.py", line, 1, len(line) - len("DEFAULT")) == []


def test_completion_in_half_typed_single_quoted_decorator_string(snapshot_of: Make) -> None:
    """LSP-12: a decorator string being typed gets ids with single quotes as with double quotes."""
    snapshot = snapshot_of(
        """
        //- SPEC.md
        # Spec

        - **DUR-1** Units MUST be known.
        //- tests/test_a.py
        import pytest


        @pytest.mark.spec("DU
        def test_a():
            pass


        @pytest.mark.spec('DU
        def test_b():
            pass
        """
    )
    double = '@pytest.mark.spec("DU'
    assert labels(complete(snapshot, "tests/test_a.py", double, 3, len(double))) == ["DUR-1"]
    single = "@pytest.mark.spec('DU"
    assert labels(complete(snapshot, "tests/test_a.py", single, 8, len(single))) == ["DUR-1"]


# Code actions: test stubs


CLOCK = '''
//- SPEC.md
# Clock

- **DUR-2** Malformed input MUST raise ValueError.
//- pkg/clock.py
def check(text):
    """DUR-2"""
    raise ValueError(text)
//- tests/test_other.py
def test_other():
    pass
'''


def test_stub_creates_test_file_named_after_module(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-13: on an untested clause, a quick fix creates `tests/test_<module>.py` with a stub."""
    snapshot = snapshot_of(CLOCK)
    diagnostic = untested(snapshot, "DUR-2")
    actions = code_actions(
        snapshot, "SPEC.md", diagnostic.span, [diagnostic], disk(tmp_path), can_create=True
    )
    stub = actions[0]
    assert stub.title == "Create a test for DUR-2 in tests/test_clock.py"
    assert (stub.kind, stub.preferred, stub.diagnostic) == ("quickfix", True, diagnostic)
    [edit] = stub.edits
    assert (edit.path, edit.create) == ("tests/test_clock.py", True)
    [text_edit] = edit.edits
    assert text_edit.span == Span(0, 0, 0, 0)
    assert text_edit.new_text.startswith('def test_dur_2():\n    """DUR-2: Malformed input')
    write_edits(tmp_path, stub.edits)
    after = check_workspace(tmp_path)
    assert after.graph.tested_by["DUR-2"] == ["tests/test_clock.py::test_dur_2"]
    assert not [d for d in after.diagnostics if d.code == "untested-clause"]


def test_stub_appends_to_existing_test_file(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-13: when the matching test file exists, the stub is appended after a blank-line gap."""
    existing = "import pytest\n\n\ndef test_old():\n    pass\n"
    snapshot = snapshot_of(CLOCK + "//- tests/test_clock.py\n" + existing)
    diagnostic = untested(snapshot, "DUR-2")
    seen: list[str] = []

    def text_of(path: str) -> str | None:
        seen.append(path)
        return disk(tmp_path)(path)

    [stub, *_] = code_actions(snapshot, "SPEC.md", diagnostic.span, [diagnostic], text_of)
    assert "tests/test_clock.py" in seen
    [edit] = stub.edits
    assert (edit.path, edit.create) == ("tests/test_clock.py", False)
    assert [e.span for e in edit.edits] == [Span(5, 0, 5, 0)]
    write_edits(tmp_path, stub.edits)
    text = (tmp_path / "tests/test_clock.py").read_text(encoding="utf-8")
    assert text.startswith(existing + "\n\ndef test_dur_2():\n")
    compile(text, "tests/test_clock.py", "exec")
    after = check_workspace(tmp_path)
    assert after.graph.tested_by["DUR-2"] == ["tests/test_clock.py::test_dur_2"]


def test_stub_appends_to_file_without_final_newline(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-13: a test file that does not end in a newline still gets its stub on a new line."""
    snapshot = snapshot_of(CLOCK)
    (tmp_path / "tests/test_clock.py").write_text("def test_old():\n    pass", encoding="utf-8")
    diagnostic = untested(snapshot, "DUR-2")
    [stub, *_] = code_actions(snapshot, "SPEC.md", diagnostic.span, [diagnostic], disk(tmp_path))
    [edit] = stub.edits
    assert (edit.path, edit.create) == ("tests/test_clock.py", False)
    assert [e.span for e in edit.edits] == [Span(1, 8, 1, 8)]
    write_edits(tmp_path, stub.edits)
    text = (tmp_path / "tests/test_clock.py").read_text(encoding="utf-8")
    assert text.startswith("def test_old():\n    pass\n\n\ndef test_dur_2():\n")


def test_stub_goes_into_existing_test_file_when_client_cannot_create(
    snapshot_of: Make, tmp_path: Path
) -> None:
    """LSP-13: when the editor cannot create files, the stub is appended to an existing test file."""
    snapshot = snapshot_of(CLOCK)
    diagnostic = untested(snapshot, "DUR-2")
    [stub, *_] = code_actions(
        snapshot, "SPEC.md", diagnostic.span, [diagnostic], disk(tmp_path), can_create=False
    )
    assert stub.title == "Create a test for DUR-2 in tests/test_other.py"
    [edit] = stub.edits
    assert (edit.path, edit.create) == ("tests/test_other.py", False)
    assert [e.span for e in edit.edits] == [Span(2, 0, 2, 0)]
    write_edits(tmp_path, stub.edits)
    text = (tmp_path / "tests/test_other.py").read_text(encoding="utf-8")
    assert text.startswith("def test_other():\n    pass\n\n\ndef test_dur_2():\n")
    after = check_workspace(tmp_path)
    assert after.graph.tested_by["DUR-2"] == ["tests/test_other.py::test_dur_2"]


def test_stub_docstring_names_the_clause_id(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-13: the stub's docstring starts with the clause id, so the new test checks it."""
    snapshot = snapshot_of(DURATIONS)
    diagnostic = untested(snapshot, "DUR-2.1")
    [stub, *_] = code_actions(snapshot, SPEC, diagnostic.span, [diagnostic], disk(tmp_path))
    new_text = stub.edits[0].edits[0].new_text
    assert '    """DUR-2.1: The message SHOULD name the input.' in new_text
    assert "def test_dur_2_1():" in new_text


# Code actions: did you mean, link to clause, copy reference


def test_did_you_mean_replaces_unknown_reference(snapshot_of: Make) -> None:
    """LSP-14: on an unknown reference, quick fixes replace it with the closest ids, best first."""
    snapshot = snapshot_of(
        """
        //- SPEC.md
        # Spec

        - **DUR-7** Units MUST be known.
        - **DUR-12** Hours MUST count.
        //- pkg/a.py
        # DUR-13
        def f():
            pass
        """
    )
    diagnostic = unknown(snapshot, "DUR-13")
    actions = code_actions(snapshot, "pkg/a.py", diagnostic.span, [diagnostic], lambda p: None)
    fixes = [a for a in actions if a.diagnostic == diagnostic]
    assert [a.title for a in fixes] == ["Replace with DUR-12", "Replace with DUR-7"]
    assert [a.preferred for a in fixes] == [True, False]
    assert fixes[0].kind == "quickfix"
    assert fixes[0].edits == (FileEdit("pkg/a.py", (TextEdit(Span(0, 2, 0, 8), "DUR-12"),)),)


LINKABLE = """
//- SPEC.md
# Spec

- **DUR-1** The parser MUST read duration units.
- **DUR-2** Units MUST be lowercase.
- **DUR-3** Output MUST be JSON.
//- pkg/reader.py
class Reader:
    @staticmethod
    def read_duration_units(text):
        return text
"""


def test_link_to_clause_offers_similar_requirements_in_order(
    snapshot_of: Make, tmp_path: Path
) -> None:
    """LSP-14: an untraced function gets "link to clause" actions, the most similar clause first."""
    snapshot = snapshot_of(LINKABLE)
    line, col = find(snapshot, "pkg/reader.py", "read_duration_units")
    actions = code_actions(snapshot, "pkg/reader.py", at(line, col), [], disk(tmp_path))
    assert [a.title for a in actions] == [
        "Link Reader.read_duration_units to clause DUR-1 (The parser MUST read duration units.)",
        "Link Reader.read_duration_units to clause DUR-2 (Units MUST be lowercase.)",
    ]
    assert actions[0].edits == (
        FileEdit(
            "pkg/reader.py",
            (TextEdit(Span(1, 0, 1, 0), "    # DUR-1: The parser MUST read duration units.\n"),),
        ),
    )
    write_edits(tmp_path, actions[0].edits)
    after = check_workspace(tmp_path)
    assert after.graph.implemented_by["DUR-1"] == ["pkg/reader.py::Reader.read_duration_units"]


def test_no_link_to_clause_on_traced_function(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-14: a function that already implements a clause gets no "link to clause" action."""
    snapshot = snapshot_of(DURATIONS)
    line, col = find(snapshot, CODE, "parse")
    assert code_actions(snapshot, CODE, at(line, col), [], disk(tmp_path)) == []


def test_copy_reference_on_clause(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-14: on a clause in the spec, an action copies its reference (id or anchor)."""
    snapshot = snapshot_of(DURATIONS)
    line, col = find(snapshot, SPEC, "DUR-2")
    assert code_actions(snapshot, SPEC, at(line, col + 1), [], disk(tmp_path)) == [
        Action("Copy reference DUR-2", "refactor", command=("trine.copyReference", ("DUR-2",)))
    ]
    [heading] = code_actions(snapshot, SPEC, at(4, 0), [], disk(tmp_path))
    assert heading.title == "Copy reference docs/spec/durations.md#units"
    assert heading.command == ("trine.copyReference", ("docs/spec/durations.md#units",))


# Rename


RENAMING = '''
//- SPEC.md
# Durations

### DUR-1: Units
A duration MUST accept units; DUR-2 builds on DUR-1.

- **DUR-2** Errors MUST raise.

## Notes

Nothing here.
//- pkg/duration.py
# DUR-1
def parse(text):
    """Implements DUR-1 and DUR-2."""
    return 0
//- tests/test_duration.py
import pytest


@pytest.mark.spec("DUR-1")
def test_units():
    """DUR-1 again, and DUR-2."""
'''


def test_rename_edits_declaration_and_every_mention(snapshot_of: Make, tmp_path: Path) -> None:
    """LSP-15: renaming an id edits its declaration and every id mention in spec, code and tests."""
    snapshot = snapshot_of(RENAMING)
    line, col = find(snapshot, "pkg/duration.py", "DUR-1")
    assert prepare_rename(snapshot, "pkg/duration.py", line, col + 1) == (
        Span(0, 2, 0, 7),
        "DUR-1",
    )
    result = rename(snapshot, "pkg/duration.py", line, col + 1, "DUR-10", IdMatcher())
    assert result.error is None
    assert result.edits == (
        FileEdit(
            "SPEC.md",
            (
                TextEdit(Span(2, 4, 2, 9), "DUR-10"),
                TextEdit(Span(3, 46, 3, 51), "DUR-10"),
            ),
        ),
        FileEdit(
            "pkg/duration.py",
            (
                TextEdit(Span(0, 2, 0, 7), "DUR-10"),
                TextEdit(Span(2, 18, 2, 23), "DUR-10"),
            ),
        ),
        FileEdit(
            "tests/test_duration.py",
            (
                TextEdit(Span(3, 19, 3, 24), "DUR-10"),
                TextEdit(Span(5, 7, 5, 12), "DUR-10"),
            ),
        ),
    )
    write_edits(tmp_path, result.edits)
    after = check_workspace(tmp_path)
    assert "DUR-1" not in after.graph.clauses
    assert after.graph.implemented_by["DUR-10"] == ["pkg/duration.py::parse"]
    assert after.graph.tested_by["DUR-10"] == ["tests/test_duration.py::test_units"]
    assert after.graph.tested_by["DUR-2"] == ["tests/test_duration.py::test_units"]
    assert not [d for d in after.diagnostics if d.code == "unknown-reference"]


def test_rename_from_declaration_in_spec(snapshot_of: Make) -> None:
    """LSP-15: rename works from the declaring heading, renaming only the id token."""
    snapshot = snapshot_of(RENAMING)
    assert prepare_rename(snapshot, "SPEC.md", 2, 12) == (Span(2, 4, 2, 9), "DUR-1")
    line, col = find(snapshot, "SPEC.md", "DUR-2")
    assert prepare_rename(snapshot, "SPEC.md", line, col) == (Span(3, 30, 3, 35), "DUR-2")
    result = rename(snapshot, "SPEC.md", 5, 5, "DUR-3", IdMatcher())
    assert result.error is None
    assert {(e.path, tuple(t.span for t in e.edits)) for e in result.edits} == {
        ("SPEC.md", (Span(3, 30, 3, 35), Span(5, 4, 5, 9))),
        ("pkg/duration.py", (Span(2, 28, 2, 33),)),
        ("tests/test_duration.py", (Span(5, 24, 5, 29),)),
    }


def test_rename_refuses_id_not_matching_pattern(snapshot_of: Make) -> None:
    """LSP-15: rename refuses a new name that does not match `id_pattern`."""
    snapshot = snapshot_of(RENAMING)
    result = rename(snapshot, "SPEC.md", 2, 5, "dur-10", IdMatcher())
    assert result.edits == ()
    assert result.error is not None
    assert "'dur-10' does not match id_pattern" in result.error
    custom = rename(snapshot, "SPEC.md", 2, 5, "DUR-10", IdMatcher(r"REQ-\d+"))
    assert custom.edits == ()
    assert custom.error == "'DUR-10' does not match id_pattern 'REQ-\\\\d+'"


def test_rename_refuses_declared_id(snapshot_of: Make) -> None:
    """LSP-15: rename refuses a new name that is already declared."""
    snapshot = snapshot_of(RENAMING)
    result = rename(snapshot, "SPEC.md", 2, 5, "DUR-2", IdMatcher())
    assert result == RenameResult(error="DUR-2 is already declared; choose a free id")


def test_rename_refuses_non_explicit_clause(snapshot_of: Make) -> None:
    """LSP-15: a heading without an explicit id, a function or plain text cannot be renamed."""
    snapshot = snapshot_of(RENAMING)
    assert prepare_rename(snapshot, "SPEC.md", 7, 4) is None
    result = rename(snapshot, "SPEC.md", 7, 4, "DUR-5", IdMatcher())
    assert result.edits == ()
    assert result.error == "place the cursor on an explicit clause id to rename it"
    assert prepare_rename(snapshot, "pkg/duration.py", 1, 5) is None
    assert prepare_rename(snapshot, "SPEC.md", 9, 2) is None


def test_rename_edits_class_docstring_mention_once(snapshot_of: Make) -> None:
    """LSP-15: an id in a test class's docstring gets exactly one edit, not overlapping ones."""
    snapshot = snapshot_of(
        '''
        //- SPEC.md
        # Spec

        - **DUR-1** Units MUST be known.
        //- tests/test_a.py
        class TestUnits:
            """DUR-1"""

            def test_seconds(self):
                pass

            def test_minutes(self):
                pass
        '''
    )
    result = rename(snapshot, "SPEC.md", 2, 5, "DUR-4", IdMatcher())
    assert result.edits == (
        FileEdit("SPEC.md", (TextEdit(Span(2, 4, 2, 9), "DUR-4"),)),
        FileEdit("tests/test_a.py", (TextEdit(Span(1, 7, 1, 12), "DUR-4"),)),
    )


# Positions on lines with emoji


EMOJI = '''
//- SPEC.md
# Durations 😀

- **DUR-1** 😀 A duration MUST accept units.
- **DUR-2** 🎉🎉 Errors MUST raise, unlike DUR-1.
//- pkg/duration.py
def parse(text="😀😀"):  # 🎉 DUR-1
    """😀 Implements DUR-2."""
    return 0
'''


def test_hover_and_definition_use_code_point_columns_after_emoji(snapshot_of: Make) -> None:
    """LSP-7, LSP-8, IDX-2: on lines with emoji, references are found at code-point columns."""
    snapshot = snapshot_of(EMOJI)
    # `DUR-1` in the comment is at code points 27-32 (UTF-16 units 30-35).
    found = hover(snapshot, "pkg/duration.py", 0, 27)
    assert found is not None
    assert found.span == Span(0, 27, 0, 32)
    assert paragraphs(found.markdown)[1] == "😀 A duration MUST accept units."
    assert hover(snapshot, "pkg/duration.py", 0, 33) is None
    assert definition(snapshot, "pkg/duration.py", 0, 32) == [Location("SPEC.md", Span(2, 4, 2, 9))]
    assert definition(snapshot, "pkg/duration.py", 1, 20) == [Location("SPEC.md", Span(3, 4, 3, 9))]
    line, col = find(snapshot, "SPEC.md", "DUR-1", nth=1)
    assert (line, col) == (3, 41)
    mention = hover(snapshot, "SPEC.md", 3, 41)
    assert mention is not None and mention.span == Span(3, 41, 3, 46)
    assert definition(snapshot, "SPEC.md", 3, 46) == [Location("SPEC.md", Span(2, 4, 2, 9))]


def test_rename_and_references_after_emoji(snapshot_of: Make) -> None:
    """LSP-9, LSP-15, IDX-2: ranges of mentions after emoji are in code points."""
    snapshot = snapshot_of(EMOJI)
    assert located(references(snapshot, "SPEC.md", 2, 5)) == [
        ("SPEC.md", Span(2, 4, 2, 9)),
        ("SPEC.md", Span(3, 41, 3, 46)),
        ("pkg/duration.py", Span(0, 27, 0, 32)),
    ]
    result = rename(snapshot, "SPEC.md", 2, 5, "DUR-9", IdMatcher())
    code_edit = next(e for e in result.edits if e.path == "pkg/duration.py")
    text = (snapshot.root / "pkg/duration.py").read_text(encoding="utf-8")
    assert apply(text, code_edit.edits).split("\n")[0] == 'def parse(text="😀😀"):  # 🎉 DUR-9'
    spec_edit = next(e for e in result.edits if e.path == "SPEC.md")
    spec = (snapshot.root / "SPEC.md").read_text(encoding="utf-8")
    assert apply(spec, spec_edit.edits).split("\n")[3] == (
        "- **DUR-2** 🎉🎉 Errors MUST raise, unlike DUR-9."
    )


def test_rename_keeps_anchor_links_to_the_heading_working(snapshot_of: Make) -> None:
    """LSP-15: renaming a heading's id also updates `spec.md#slug` links to that heading."""
    snapshot = snapshot_of(
        """
        //- SPEC.md
        ### DUR-1: Units
        Units MUST be known.
        //- pkg/a.py
        def units():
            \"\"\"See SPEC.md#dur-1-units and DUR-1.\"\"\"
        """
    )
    result = rename(snapshot, "SPEC.md", 0, 5, "DUR-10", IdMatcher())
    edits = {e.path: [t.new_text for t in e.edits] for e in result.edits}
    assert edits == {"SPEC.md": ["DUR-10"], "pkg/a.py": ["SPEC.md#dur-10-units", "DUR-10"]}
