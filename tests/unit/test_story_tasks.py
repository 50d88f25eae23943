"""A spec-kit test task for a user story links its test file to the story, and only to the
acceptance scenarios the task names or clearly speaks of; a scenario no test names under a
story with such tests is reported mildly, naming them."""

from __future__ import annotations

from pathlib import Path

from trine.index.graph import TraceGraph
from trine.parsers.ids import IdMatcher
from trine.parsers.speckit import SPEC_KIT
from trine.parsers.words import content_words, matched, scenario_numbers
from workspaces import check_workspace, fixture_records, write_workspace

FEATURE = "specs/002-recipes"
SPEC = f"{FEATURE}/spec.md"
TASKS = f"{FEATURE}/tasks.md"

SPEC_TEXT = """\
# Feature Specification: Recipes

## User Scenarios & Testing

### User Story 1 - Import a recipe (Priority: P1)

1. **Given** a recipe page, **When** the cook imports it, **Then** its ingredients and steps are saved.
2. **Given** an imported recipe, **When** the cook scales it to four servings, **Then** every quantity is multiplied.
3. **Given** an imported recipe without a title, **When** it is saved, **Then** the cook is asked to name it.

### User Story 2 - Plan a week (Priority: P2)

1. **Given** saved recipes, **When** the cook plans a week, **Then** a shopping list sums what they need.

### User Story 3 - Share a recipe (Priority: P3)

1. **Given** a saved recipe, **When** the cook shares it, **Then** a friend can open a read-only copy.
"""

TASKS_TEXT = """\
# Tasks: Recipes

- [x] T010 [P] [US1] Integration test: imported ingredients and steps are kept in tests/integration/test_import.py
- [x] T011 [P] [US1] Unit tests for the HTML reader in tests/unit/test_reader.py
- [x] T012 [US1] Test scaling quantities to more servings in tests/test_scaling.py
- [x] T013 [US1] Test the title prompt in tests/test_title.py
- [x] T014 [US1] Check the steps in tests/ingredients/multiplied/test_saved.py
- [x] T015 [US1] Implement the importer in src/importer.py
- [x] T016 [US1.3] Regression test in tests/test_regression.py
- [x] T017 [US2] Planner tests: weekly totals in tests/test_planner.py
"""

TEST_FILES = (
    "tests/integration/test_import.py",
    "tests/unit/test_reader.py",
    "tests/test_scaling.py",
    "tests/test_title.py",
    "tests/ingredients/multiplied/test_saved.py",
    "tests/test_regression.py",
    "tests/test_planner.py",
)


def fixture(spec: str = SPEC_TEXT, tasks: str = TASKS_TEXT) -> str:
    files = [f"//- {SPEC}\n{spec}", f"//- {TASKS}\n{tasks}", "//- src/importer.py\nx = 1\n"]
    files += [f"//- {path}\ndef test_it():\n    pass\n" for path in TEST_FILES]
    return "".join(files)


def verified(graph: TraceGraph, source: str) -> set[str]:
    """The clauses (local ids) a file verifies by a task."""
    return {
        link.target.rpartition("/")[2]
        for link in graph.links
        if link.source == source and link.kind == "verifies" and link.evidence == "task"
    }


def test_words_are_stems_without_the_words_every_task_uses() -> None:
    """FMT-125: words compare by stem; short words and test words are left out."""
    assert content_words("Verify the trade log's quantities in a test") == {
        "trade",
        "log",
        "quantiti",
    }
    assert content_words("Given a quantity, When it is logged") == {"quantiti", "log"}


def test_a_candidate_is_matched_by_two_words_no_other_candidate_uses() -> None:
    """FMT-125: two words of a candidate's own match it; a word two candidates use, or a single
    word, does not."""
    candidates = {
        "a": "the cook imports a recipe page and its steps are saved",
        "b": "the cook scales a recipe to four servings",
    }
    assert matched("scaling to servings", candidates) == ["b"]
    assert matched("recipe servings", candidates) == []  # `recipe` is in both
    assert matched("saved steps, scaled servings", candidates) == ["a", "b"]


def test_a_story_test_task_verifies_the_story_and_the_scenarios_it_speaks_of() -> None:
    """FMT-124, FMT-125: a checked [US1] task's test file verifies the story and only the
    scenarios whose own words it uses, two at least; the folders of the path do not count."""
    graph = TraceGraph(fixture_records(fixture()))
    # `ingredients` and `steps` are US1.1's alone (`imported` is in three scenarios).
    assert verified(graph, "tests/integration/test_import.py") == {"US1", "US1.1"}
    assert verified(graph, "tests/test_scaling.py") == {"US1", "US1.2"}
    # A unit test checks a part of the story; one word (`title`) is chance.
    assert verified(graph, "tests/unit/test_reader.py") == {"US1"}
    assert verified(graph, "tests/test_title.py") == {"US1"}
    # `ingredients` and `multiplied` stand in the path, not in what the task says.
    assert verified(graph, "tests/ingredients/multiplied/test_saved.py") == {"US1"}
    implemented = {link.target for link in graph.links if link.source == "src/importer.py"}
    assert implemented == {"002-recipes/US1"}


def test_a_task_naming_a_scenario_is_for_it() -> None:
    """FMT-127: `US1.3` on a task's line, or as its label, makes the task for that scenario;
    a version or a longer number names none."""
    assert verified(TraceGraph(fixture_records(fixture())), "tests/test_regression.py") == {"US1.3"}
    line = "- [x] T020 [US1] Tests of US1.2, v2.US1.1 and US1.3.4 in tests/t.py\n"
    [task] = SPEC_KIT.parse(TASKS, line, IdMatcher()).tasks
    assert task.targets == ("US1", "US1.2")


def test_a_test_numbering_a_scenario_verifies_it() -> None:
    """FMT-127: in a story's test file, a test whose name or class numbers a scenario verifies
    that scenario of the story; a plural or a number the story lacks names none."""
    tests = (
        "class TestAcceptanceScenario2:\n    def test_quantities(self):\n        pass\n\n\n"
        "def test_scenario_3_prompt():\n    pass\n\n\n"
        "def test_scenarios():\n    pass\n\n\n"
        "def test_scenario_7():\n    pass\n"
    )
    files = fixture().replace(
        "//- tests/unit/test_reader.py\ndef test_it():\n    pass\n",
        f"//- tests/unit/test_reader.py\n{tests}",
    )
    graph = TraceGraph(fixture_records(files))
    numbered = {
        (link.source.partition("::")[2], link.target.rpartition("/")[2])
        for link in graph.links
        if link.source.startswith("tests/unit/test_reader.py::")
    }
    assert numbered == {
        ("TestAcceptanceScenario2::test_quantities", "US1.2"),
        ("test_scenario_3_prompt", "US1.3"),
    }
    assert scenario_numbers("TestPoolAcceptanceScenario12") == {12}
    assert scenario_numbers("test_rescenario2") == set()


def test_links_follow_the_scenario_text() -> None:
    """FMT-125: a scenario reworded to use a task's words gains its link, and loses it again."""
    graph = TraceGraph(fixture_records(fixture()))
    assert verified(graph, "tests/test_planner.py") == {"US2"}  # `week` alone is chance
    reworded = SPEC_TEXT.replace("a shopping list sums what they need", "the totals are shown")
    graph.update(fixture_records(f"//- {SPEC}\n{reworded}").values())
    assert verified(graph, "tests/test_planner.py") == {"US2", "US2.1"}
    graph.update(fixture_records(f"//- {SPEC}\n{SPEC_TEXT}").values())
    assert verified(graph, "tests/test_planner.py") == {"US2"}


def test_a_scenario_no_test_names_under_a_tested_story_is_reported_mildly(
    tmp_path: Path,
) -> None:
    """FMT-126: a scenario no test names, in a story a task's test file verifies, is
    information naming the story's tests; in a story no test verifies, a warning as before."""
    write_workspace(tmp_path, fixture())
    result = check_workspace(tmp_path)
    untested = {d.data["clause"]: d for d in result.diagnostics if d.code == "untested-clause"}
    assert set(untested) == {"002-recipes/US2.1", "002-recipes/US3.1"}
    story = untested["002-recipes/US2.1"]
    assert story.severity == "info"
    assert story.message.startswith(
        "002-recipes/US2.1 (Given saved recipes, When the cook plans a week, Then a shopping"
    )
    assert (
        "is named by no test, though the tests of its story US2 may check it"
        " (tests/test_planner.py): name 002-recipes/US2.1 in the test that does, or add one"
        " that names 002-recipes/US2.1" in story.message
    )
    alone = untested["002-recipes/US3.1"]
    assert (alone.severity, "is not tested: add a test" in alone.message) == ("warning", True)
