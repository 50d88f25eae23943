"""Hover on a clause or function with many tests: grouped by how they check it, a few shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from trine.ide.hover import hover
from trine.ide.lens import code_lenses
from trine.ide.snapshot import Location, Snapshot
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]


def _many() -> str:
    """REQ-1 implemented by `write`; eight tests name REQ-1, seven only call `write`."""
    naming = "".join(f'\n\ndef test_named_{n}():\n    """REQ-1"""\n' for n in range(8))
    calling = "".join(f"\n\ndef test_call_{n}():\n    write()\n" for n in range(7))
    return (
        "//- SPEC.md\n# Store\n\n- **REQ-1** Writes MUST be durable.\n"
        '//- pkg/store.py\ndef write():\n    """REQ-1"""\n'
        f"//- tests/test_store.py\nfrom pkg.store import write\n{naming}{calling}"
    )


class _Shown:
    """A `show_all` that records the places each link lists and answers an address."""

    def __init__(self) -> None:
        self.lists: list[list[str]] = []

    def __call__(self, places: Sequence[Location]) -> str:
        self.lists.append([f"{p.path}:{p.span.start_line}" for p in places])
        return f"show:{len(self.lists)}"


def _hover(result: CheckResult, root: Path, path: str, word: str, shown: _Shown) -> list[str]:
    """The paragraphs of the hover on the first line of a file holding `word`."""
    snapshot = Snapshot(result.graph, result.store, root)
    line = next(n for n, text in enumerate((root / path).read_text().splitlines()) if word in text)
    col = (root / path).read_text().splitlines()[line].index(word)
    found = hover(snapshot, path, line, col, shown)
    assert found is not None
    return found.markdown.split("\n\n")


def test_clause_hover_shows_a_few_of_each_kind_of_test(
    workspace: Workspace, tmp_path: Path
) -> None:
    """LSP-33, LSP-35: a clause's hover names five tests that name it and five that call its
    code, counts the rest, and links each list in full."""
    result = workspace(_many())
    shown = _Shown()
    parts = _hover(result, tmp_path, "SPEC.md", "REQ-1", shown)
    [named] = [p for p in parts if p.startswith("Tested by ")]
    [called] = [p for p in parts if p.startswith("Tested through calls by ")]
    assert named.count("](file://") == 5 and "test_named_0" in named
    assert named.endswith("and 3 more ([show all 8](show:1))")
    assert called.count("](file://") == 5 and "test_call_0" in called
    assert called.endswith("and 2 more ([show all 7](show:2))")
    assert len(shown.lists[0]) == 8 and len(shown.lists[1]) == 7
    assert all(place.startswith("tests/test_store.py:") for place in shown.lists[0])


def test_function_hover_groups_tests_under_its_clause(workspace: Workspace, tmp_path: Path) -> None:
    """LSP-34: a function's hover puts the tests that name a clause under that clause, and the
    tests that only call the function after them, a few of each with a count."""
    result = workspace(_many())
    shown = _Shown()
    parts = _hover(result, tmp_path, "pkg/store.py", "write", shown)
    assert parts[0] == "**REQ-1**"
    assert parts[3].startswith("Tested by ") and parts[3].endswith(
        "and 3 more ([show all 8](show:1))"
    )
    assert parts[4].startswith("Tested through calls to `write` by ")
    assert parts[4].endswith("and 2 more ([show all 7](show:2))")


def test_without_a_show_all_link_the_rest_are_counted(workspace: Workspace, tmp_path: Path) -> None:
    """LSP-33: where the front end has no references view, the hover still says how many more."""
    result = workspace(_many())
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, "SPEC.md", 2, 4)
    assert found is not None
    assert "and 3 more\n" in found.markdown + "\n" and "show all" not in found.markdown


JAVA = """
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
//- src/Store.java
// REQ-1
public class Store { public void write() {} }
"""


def test_a_workspace_whose_code_is_not_read_misses_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    """DIAG-23: in a Java workspace a clause's hover and lens say its code and tests are not
    checked, not that it is unimplemented and untested."""
    result = workspace(JAVA)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, "SPEC.md", 2, 4)
    assert found is not None
    assert found.markdown.split("\n\n")[-2:] == [
        "Not checked: trine reads none of the workspace's code files.",
        "Not checked: trine reads none of the workspace's test files.",
    ]
    [lens] = code_lenses(snapshot, "SPEC.md")
    assert lens.title == "no code read · no tests read"


def test_test_hover_says_which_clauses_it_checks_through_a_call(
    workspace: Workspace, tmp_path: Path
) -> None:
    """LSP-34: a test's hover shows each clause it checks, and for those it does not name, the
    function it reaches them through."""
    result = workspace(_many())
    shown = _Shown()
    called = _hover(result, tmp_path, "tests/test_store.py", "test_call_0", shown)
    assert called[0] == "Checks" and called[1] == "**REQ-1**"
    assert called[-1].startswith("Through a call to [`write`](")
    named = _hover(result, tmp_path, "tests/test_store.py", "test_named_0", shown)
    assert not any(p.startswith("Through a call") for p in named)
