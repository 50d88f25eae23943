"""Task lists as link evidence: the tasks spec-kit's and Kiro's `tasks.md` hold, the links their
files give, the `missing-task-file` rule, and how hover and lenses show a task's link."""

from __future__ import annotations

import textwrap
from pathlib import Path

from markdown_it import MarkdownIt

from trine.ide.hover import hover
from trine.ide.lens import code_lenses
from trine.ide.navigation import implementation
from trine.ide.snapshot import Location, Snapshot
from trine.index.build import build_record
from trine.index.graph import TraceGraph
from trine.index.records import FileRecord, Role
from trine.parsers.facts import Task
from trine.parsers.ids import IdMatcher
from trine.parsers.kiro import parse_kiro
from trine.parsers.speckit import SPEC_KIT
from trine.parsers.tasks import task_files, task_items
from trine.parsers.text import Span
from trine.project import CheckResult
from workspaces import check_workspace, write_workspace

IDS = IdMatcher()
FEATURE = "specs/001-albums"
SPEC = f"{FEATURE}/spec.md"
TASKS = f"{FEATURE}/tasks.md"
KIRO = ".kiro/specs/rollback"

SPEC_TEXT = """\
# Feature Specification: Albums

### User Story 1 - Create an album (Priority: P1)

1. **Given** no albums, **When** the user creates "Trip", **Then** "Trip" is listed.
2. **Given** an album, **When** the user renames it, **Then** the new name is shown.

### Functional Requirements

- **FR-001**: System MUST store albums.
- **FR-002**: System MUST list albums.
"""

TASKS_TEXT = """\
# Tasks: Albums

## Phase 3: User Story 1

- [x] T010 [P] [US1] Test "Trip" is listed, a renamed album's new name, photos stay sorted: tests/test_albums.py
- [x] T012 [P] [US1] Create Album model in src/models/album.py
- [X] T013 Implement FR-002 listing in `src/services/albums.py:list_albums()`
- [ ] T014 [US1] Create the exporter in src/export.py
- [x] T015 Move the config to src/config.py
- [x] T016 Write docs/albums.kt and see https://example.com/x/y.py
"""

CODE = {
    "src/models/album.py": "class Album:\n    pass\n",
    "src/services/albums.py": "def list_albums():\n    pass\n\n\ndef other():\n    pass\n",
    "tests/test_albums.py": "def test_create():\n    pass\n",
}


def records(files: dict[str, str]) -> list[FileRecord]:
    """The records of some files: Markdown is spec, `tests/` test, the rest code."""
    found = []
    for path, text in files.items():
        role: Role = (
            "spec" if path.endswith(".md") else "test" if path.startswith("tests/") else "code"
        )
        found.append(build_record(path, role, text, IDS))
    return found


def graph_of(files: dict[str, str]) -> TraceGraph:
    return TraceGraph({r.path: r for r in records(files)})


def speckit_tasks(text: str = TASKS_TEXT) -> tuple[Task, ...]:
    return SPEC_KIT.parse(TASKS, text, IDS).tasks


def task_links(graph: TraceGraph) -> set[tuple[str, str, str]]:
    return {
        (link.source, link.target, link.kind) for link in graph.links if link.evidence == "task"
    }


# -- reading ------------------------------------------------------------------------------------


def test_a_task_owns_its_lines_but_not_its_nested_tasks() -> None:
    """FMT-9: a checkbox item is a task; its own lines leave out the tasks nested in it and
    code blocks, so a child line belongs to the task above it."""
    text = textwrap.dedent(
        """\
        - [x] 1. Parent
          - note on the parent
          - [ ] 1.1 Child
            - child note
        - plain item
        - [X] T002 [P] second
          ```
          - [x] T003 in a code block
          ```
        """
    )
    lines = text.split("\n")
    items = task_items(lines, MarkdownIt("commonmark").parse(text))
    assert [(i.label, i.done, i.lines) for i in items] == [
        ("1", True, (0, 1)),
        ("1.1", False, (2, 3)),
        ("T002", True, (5,)),
    ]


def test_paths_a_task_line_names() -> None:
    """FMT-9: paths with a folder, file names in code spans, `path:func()` and `path::test`;
    not bare file names, URLs, folders or paths that leave the workspace."""
    line = (
        "Create src/models/x.py, `album.py`, ./src/a.py:Store.load(), tests/t.py::test_x, "
        "Node.js, src/models/, https://h.io/a/b.py, ../up.py, /etc/passwd.py and `v1.2`"
    )
    found = [
        (f.path, f.function, line[f.span.start_col : f.span.end_col]) for f in task_files(line, 0)
    ]
    assert found == [
        ("src/models/x.py", None, "src/models/x.py"),
        ("album.py", None, "album.py"),
        ("src/a.py", "Store.load", "./src/a.py"),
        ("tests/t.py", "test_x", "tests/t.py"),
    ]


def test_speckit_tasks_name_stories_ids_and_files() -> None:
    """FMT-9, FMT-10: a spec-kit task is for its story label and the ids on its line."""
    tasks = {t.label: t for t in speckit_tasks()}
    assert tasks["T010"].targets == ("US1",)
    assert [f.path for f in tasks["T012"].files] == ["src/models/album.py"]
    assert tasks["T013"].targets == ("FR-002",)
    assert tasks["T013"].files[0].function == "list_albums"
    assert tasks["T014"].done is False
    both = SPEC_KIT.parse(TASKS, "- [x] T024 [US1/2] Route in src/app.py\n", IDS).tasks
    assert both[0].targets == ("US1", "US2")
    assert SPEC_KIT.parse(SPEC, SPEC_TEXT, IDS).tasks == ()
    assert SPEC_KIT.parse(f"{FEATURE}/plan.md", TASKS_TEXT, IDS).tasks == ()


def test_kiro_tasks_cite_on_child_lines_and_label_their_files() -> None:
    """FMT-27, FMT-28: a Kiro task is for the criteria its own lines cite, child lines too;
    `_Implemented in:` implements and `_Tests in:` verifies, several paths each."""
    text = textwrap.dedent(
        """\
        - [x] 1. Rollback

          - [x] 1.1 Dispose on failure
            - _Requirements: 1.1, 1.2_
            - _Implemented in: src/core/runtime.py:dispose()_

          - [x] 1.2 Tests
            - _Requirements: 1_
            - _Tests in: tests/test_a.py, tests/test_b.py (12 tests, all passing)_
        """
    )
    tasks = parse_kiro(text, f"{KIRO}/tasks.md", IDS).tasks
    assert [(t.label, t.targets) for t in tasks] == [
        ("1", ()),
        ("1.1", ("rollback/1.1", "rollback/1.2")),
        ("1.2", ("rollback/1",)),
    ]
    assert [(f.path, f.function, f.relation) for t in tasks for f in t.files] == [
        ("src/core/runtime.py", "dispose", "impl"),
        ("tests/test_a.py", None, "verify"),
        ("tests/test_b.py", None, "verify"),
    ]
    assert parse_kiro(text, f"{KIRO}/design.md", IDS).tasks == ()


# -- links ------------------------------------------------------------------------------------


def test_checked_tasks_link_files_to_stories_scenarios_and_requirements() -> None:
    """FMT-10, FMT-11: a checked task links a code file (implements) or a test file (verifies)
    to its clauses, a test file to a story's scenarios too; a named function is the source; an
    unchecked task links nothing."""
    graph = graph_of({SPEC: SPEC_TEXT, TASKS: TASKS_TEXT, **CODE, "src/export.py": "x = 1\n"})
    story = ["001-albums/US1", "001-albums/US1.1", "001-albums/US1.2"]
    assert task_links(graph) == {
        *(("tests/test_albums.py", c, "verifies") for c in story),
        ("src/models/album.py", "001-albums/US1", "implements"),
        ("src/services/albums.py::list_albums", "001-albums/FR-002", "implements"),
    }
    assert graph.tested_by["001-albums/US1.2"] == ["tests/test_albums.py"]
    assert "001-albums/FR-001" not in graph.implemented_by
    link = next(link for link in graph.links if link.source == "src/models/album.py")
    assert (link.path, link.span) == (TASKS, Span(5, 43, 5, 62))
    task = graph.task_of(link)
    assert task is not None and task.label == "T012"


def test_a_path_names_the_only_file_it_ends() -> None:
    """FMT-9: `src/x.py` names `backend/src/x.py` when no other file ends so; with two, none
    (and it is not missing); a file of the same name elsewhere is not it (it moved)."""
    tasks = "- [x] T001 [US1] Model in src/models/album.py\n"
    one = graph_of({SPEC: SPEC_TEXT, TASKS: tasks, "backend/src/models/album.py": "x = 1\n"})
    assert one.implemented_by["001-albums/US1"] == ["backend/src/models/album.py"]
    two = graph_of(
        {
            SPEC: SPEC_TEXT,
            TASKS: tasks,
            "a/src/models/album.py": "x = 1\n",
            "b/src/models/album.py": "x = 1\n",
        }
    )
    assert "001-albums/US1" not in two.implemented_by
    assert two.missing_task_files(TASKS) == ()
    moved = graph_of({SPEC: SPEC_TEXT, TASKS: tasks, "src/album.py": "x = 1\n"})
    assert [f.path for _, f in moved.missing_task_files(TASKS)] == ["src/models/album.py"]


def test_a_task_naming_a_test_links_that_test() -> None:
    """FMT-9, FMT-11: `path::test_name` makes the test the source of the link, when the file
    has it; else the whole file verifies."""
    tasks = "- [x] T020 [US1] in tests/test_albums.py::test_create, tests/test_albums.py::test_x\n"
    graph = graph_of({SPEC: SPEC_TEXT, TASKS: tasks, **CODE})
    assert graph.tested_by["001-albums/US1"] == [
        "tests/test_albums.py",
        "tests/test_albums.py::test_create",
    ]


def test_task_links_follow_either_file_incrementally() -> None:
    """FMT-11: a task's link appears and vanishes as the named file or the task list changes,
    and a story's new scenario is linked when the spec changes."""
    tests = {"tests/test_albums.py": CODE["tests/test_albums.py"]}
    graph = graph_of({SPEC: SPEC_TEXT, TASKS: TASKS_TEXT, **tests})
    assert graph.tested_by["001-albums/US1.2"] == ["tests/test_albums.py"]
    assert [f.path for _, f in graph.missing_task_files(TASKS)] == [
        "src/models/album.py",
        "src/services/albums.py",
        "src/config.py",
        "docs/albums.kt",
    ]
    change = graph.update(records({"src/models/album.py": CODE["src/models/album.py"]}))
    assert ("src/models/album.py", "001-albums/US1", "implements") in change.links
    assert graph.implemented_by["001-albums/US1"] == ["src/models/album.py"]
    assert next(f.path for _, f in graph.missing_task_files(TASKS)) == "src/services/albums.py"
    graph.update(records({"src/services/albums.py": CODE["src/services/albums.py"]}))
    assert graph.implemented_by["001-albums/FR-002"] == ["src/services/albums.py::list_albums"]
    renamed = CODE["src/services/albums.py"].replace("list_albums", "all_albums")
    graph.update(records({"src/services/albums.py": renamed}))
    assert graph.implemented_by["001-albums/FR-002"] == ["src/services/albums.py"]
    sorted_photos = "3. **Given** photos, **When** one is added, **Then** they stay sorted.\n"
    more = SPEC_TEXT.replace("is shown.\n", f"is shown.\n{sorted_photos}")
    graph.update(records({SPEC: more}))
    assert graph.tested_by["001-albums/US1.3"] == ["tests/test_albums.py"]
    unchecked = TASKS_TEXT.replace("- [x] T012", "- [ ] T012")
    change = graph.update(records({TASKS: unchecked}))
    assert ("src/models/album.py", "001-albums/US1", "implements") in change.links
    assert "001-albums/US1" not in graph.implemented_by
    graph.update(records({TASKS: TASKS_TEXT}))
    change = graph.update((), ["src/models/album.py"])
    assert ("src/models/album.py", "001-albums/US1", "implements") in change.links
    assert "001-albums/US1" not in graph.implemented_by


def test_kiro_task_links(tmp_path: Path) -> None:
    """FMT-28, FMT-29: `_Implemented in:` and `_Tests in:` link the cited criteria."""
    write_workspace(
        tmp_path,
        f"""
        //- {KIRO}/requirements.md
        ### Requirement 1: Rollback

        #### Acceptance Criteria

        1. WHEN a setup throws, THE runtime SHALL dispose earlier plugins
        2. THE runtime SHALL dispose them in reverse order
        //- {KIRO}/tasks.md
        - [x] 1. Dispose
          - _Requirements: 1.1, 1.2_
          - _Implemented in: src/runtime.py:Runtime.dispose()_
          - _Tests in: checks/rollback_checks.py_
        - [x] 2. Gone
          - _Requirements: 1.1_
          - _Implemented in: src/gone.py_
        //- src/runtime.py
        class Runtime:
            def dispose(self):
                pass
        //- checks/rollback_checks.py
        x = 1
        """,
    )
    result = check_workspace(tmp_path)
    assert task_links(result.graph) == {
        ("src/runtime.py::Runtime.dispose", "rollback/1.1", "implements"),
        ("src/runtime.py::Runtime.dispose", "rollback/1.2", "implements"),
        ("checks/rollback_checks.py", "rollback/1.1", "verifies"),
        ("checks/rollback_checks.py", "rollback/1.2", "verifies"),
    }
    missing = [d for d in result.diagnostics if d.code == "missing-task-file"]
    assert [(d.path, d.span.start_line, d.severity) for d in missing] == [
        (f"{KIRO}/tasks.md", 6, "info")
    ]
    assert "task 2 is checked, but src/gone.py is not a file of the workspace" in missing[0].message


# -- the rule and the editor ------------------------------------------------------------------


def test_missing_files_of_checked_tasks_are_information(tmp_path: Path) -> None:
    """FMT-11: a checked task's missing file in a language trine reads is one information at
    the path; an unchecked task's (a plan) and a file trine does not read are not reported."""
    write_workspace(
        tmp_path,
        f"//- {SPEC}\n{SPEC_TEXT}//- {TASKS}\n{TASKS_TEXT}"
        + "".join(f"//- {path}\n{text}" for path, text in CODE.items()),
    )
    result = check_workspace(tmp_path)
    missing = [d for d in result.diagnostics if d.code == "missing-task-file"]
    assert [(d.path, d.span, d.severity) for d in missing] == [(TASKS, Span(8, 30, 8, 43), "info")]
    assert missing[0].message.startswith("task T015 is checked, but src/config.py is not a file")
    assert not [d for d in result.diagnostics if d.code == "untested-clause" and "US1" in d.message]


def test_hover_lens_and_navigation_show_a_task_link(tmp_path: Path) -> None:
    """FMT-12: a clause's hover names the task and its line beside the file; its lens says the
    links come from the task list; go to implementation reaches the file."""
    write_workspace(
        tmp_path,
        f"//- {SPEC}\n{SPEC_TEXT}//- {TASKS}\n{TASKS_TEXT}"
        + "".join(f"//- {path}\n{text}" for path, text in CODE.items()),
    )
    result = check_workspace(tmp_path)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, SPEC, 2, 5)
    assert found is not None
    uri = (tmp_path / "src/models/album.py").as_uri()
    assert f"Implemented by [`src/models/album.py`]({uri}) (task T012 in [" in found.markdown
    assert "Tested by [`tests/test_albums.py`]" in found.markdown
    lenses = {lens.span.start_line: lens.title for lens in code_lenses(snapshot, SPEC)}
    assert lenses[4] == "not implemented · 1 test (from tasks.md)"
    assert lenses[10] == "1 implementation · not tested (from tasks.md)"
    assert implementation(snapshot, SPEC, 2, 5) == [
        Location("src/models/album.py", Span(0, 0, 0, 0))
    ]


# -- clauses trine leaves unjudged --------------------------------------------------------------

PLAN_REQUIREMENTS = """\
### Requirement 1: Persona

#### Acceptance Criteria

1. THE Plugin SHALL offer a setting `persona_prompt`.
2. WHEN the persona is set, THE Plugin SHALL put it first in the system prompt.

### Requirement 2: Documentation

#### Acceptance Criteria

1. THE README SHALL explain the persona layers.

### Requirement 3: Regression safety

#### Acceptance Criteria

1. WHEN the existing suite runs, THE Plugin SHALL pass all of it.
"""

PLAN_TASKS = """\
- [x] 1. Settings
  - [x] 1.1 Add `persona_prompt` to `_conf_schema.json`
    - _Requirements: 1.1_
- [x] 2. Inject it in `main.py`
  - _Requirements: 1.2_
- [x] 3. README section on the persona layers
  - _Requirements: 2.1_
- [{done}] 4. Checkpoint: run the whole suite.
"""


def plan_workspace(tmp_path: Path, done: str) -> set[tuple[str, str]]:
    """A Kiro feature whose tasks name a schema, code and the README, checked as told; the
    coverage findings trine reports for it."""
    result = plan_check(tmp_path, done)
    return {
        (d.code, d.data["clause"])
        for d in result.diagnostics
        if d.code in ("unimplemented-clause", "untested-clause")
    }


def plan_check(tmp_path: Path, done: str) -> CheckResult:
    """The Kiro feature of `plan_workspace`, checked."""
    write_workspace(
        tmp_path,
        f"//- {KIRO}/requirements.md\n{PLAN_REQUIREMENTS}"
        f"//- {KIRO}/tasks.md\n{PLAN_TASKS.format(done=done)}"
        "//- main.py\ndef inject(prompt):\n    return prompt\n"
        "//- tests/test_main.py\ndef test_inject():\n    pass\n"
        '//- _conf_schema.json\n{"persona_prompt": ""}\n',
    )
    return check_workspace(tmp_path)


def test_tasks_done_in_files_trine_does_not_read_leave_clauses_unjudged(tmp_path: Path) -> None:
    """FMT-128, FMT-129: a checked task naming only a JSON schema or the README leaves its
    criteria unjudged, and so does a finished plan for the criteria no task cites; the
    criterion done in code keeps its findings."""
    assert plan_workspace(tmp_path, "x") == {("untested-clause", "rollback/1.2")}


def test_an_open_task_keeps_uncited_clauses_judged(tmp_path: Path) -> None:
    """FMT-129: while a task is open the plan is not finished: an uncited criterion is still
    reported; what checked tasks did in unread files stays unjudged (FMT-128)."""
    assert plan_workspace(tmp_path, " ") == {
        ("untested-clause", "rollback/1.2"),
        ("unimplemented-clause", "rollback/3.1"),
        ("untested-clause", "rollback/3.1"),
    }


def test_project_documents_are_named_by_their_name() -> None:
    """FMT-128: `README`, `CHANGELOG.md` name the project's documents; a word that only
    starts like one, or a path's tail, does not."""
    line = "Update README and CHANGELOG.md; READMEs, docs/README.md, readme"
    assert [f.path for f in task_files(line, 0)] == ["README", "CHANGELOG.md", "docs/README.md"]


def test_hover_says_why_a_clause_is_not_checked(tmp_path: Path) -> None:
    """FMT-128, FMT-129: the hover of an unjudged clause names the task and the file it did
    the work in, or the finished plan that cites it nowhere."""
    result = plan_check(tmp_path, "x")
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    schema = hover(snapshot, f"{KIRO}/requirements.md", 4, 0)
    regression = hover(snapshot, f"{KIRO}/requirements.md", 17, 0)
    assert schema is not None and regression is not None
    assert "Not checked: task 1.1 (" in schema.markdown
    assert "did it in `_conf_schema.json`, which trine does not read" in schema.markdown
    assert "**Not implemented.**" not in schema.markdown
    assert "Not checked: every task of [" in regression.markdown
    assert "is done, and none cites rollback/3.1" in regression.markdown
