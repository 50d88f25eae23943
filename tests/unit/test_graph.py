"""The trace graph: clauses, symbols and tests, and the links trine draws between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trine.config import TrineConfig
from trine.index.graph import Link, TraceGraph
from trine.parsers.text import Span
from trine.project import CheckResult, make_host

Workspace = Callable[..., CheckResult]


def links(graph: TraceGraph, kind: str) -> set[tuple[str, str, str]]:
    """The graph's links of one kind as (source, target, evidence) triples."""
    return {(link.source, link.target, link.evidence) for link in graph.links if link.kind == kind}


def link(graph: TraceGraph, source: str, target: str) -> Link:
    """The one link from source to target."""
    found = [x for x in graph.links if x.source == source and x.target == target]
    assert len(found) == 1, f"expected one link {source} -> {target}, got {found}"
    return found[0]


def checked_by(graph: TraceGraph, clause: str) -> list[str]:
    """The tests that check a clause, directly or through a call (none: an empty list)."""
    return graph.tested_by.get(clause, [])


# -- clauses ------------------------------------------------------------------------------------

CLAUSES = """
//- SPEC.md
# Storage

The storage layer keeps widgets.

## STO-1 Bare id in a heading
## **STO-2** Bold id in a heading
## [STO-3] Bracketed id in a heading
## STO-4: Id and colon in a heading

- **STO-5** Bold id in an item.
- STO-6: Bare id and colon in an item.
  - [STO-7] Bracketed id in a nested item.
- An item that only mentions STO-1 declares nothing.
"""


def test_explicit_ids_in_headings_and_items(workspace: Workspace) -> None:
    """CL-3: ids leading headings and list items, bare, bold, bracketed or with a colon, are clauses."""
    graph = workspace(CLAUSES).graph
    explicit = {c.id: c.kind for c in graph.clauses.values() if c.explicit}
    assert explicit == {
        "STO-1": "heading",
        "STO-2": "heading",
        "STO-3": "heading",
        "STO-4": "heading",
        "STO-5": "item",
        "STO-6": "item",
        "STO-7": "item",
    }
    assert graph.clauses["STO-1"].title == "Bare id in a heading"
    assert graph.clauses["STO-4"].title == "Id and colon in a heading"
    assert graph.clauses["STO-1"].name_span.start_line == 4
    assert graph.clauses["STO-6"].name_span.start_line == 10
    assert graph.clauses["STO-6"].name_span.start_col == 2
    assert graph.duplicates == []


def test_item_clauses_nest_in_their_section(workspace: Workspace) -> None:
    """CL-4: an item clause's parent is the heading or item clause that holds it."""
    graph = workspace(CLAUSES).graph
    assert graph.clauses["STO-1"].parent == "SPEC.md#storage"
    assert graph.clauses["STO-5"].parent == "STO-4"
    assert graph.clauses["STO-7"].parent == "STO-6"


# -- links from code: references to spec anchors ------------------------------------------------

ANCHORS = """
//- SPEC.md
# Overview
//- docs/spec/api.md
# Parse input
//- specs/spec/api.md
# Parse input
//- spec/v2/api.md
# Stream output
//- docs/tool.py
def relative_to_file():
    '''Implements spec/api.md#parse-input.'''
//- pkg/root.py
def relative_to_root():
    # SPEC.md#overview
    pass
//- pkg/deep/mod.py
def by_suffix():
    # v2/api.md#stream-output
    pass


def ambiguous_suffix():
    # api.md#parse-input
    pass


def parent_folders():
    # ../../docs/spec/api.md#parse-input
    pass


def not_a_suffix():
    # 2/api.md#stream-output
    pass
"""


def test_anchor_relative_to_the_file(workspace: Workspace) -> None:
    """CODE-5: `spec/api.md#slug` in docs/tool.py names docs/spec/api.md, not specs/spec/api.md."""
    graph = workspace(ANCHORS).graph
    assert graph.clauses_of_symbol("docs/tool.py::relative_to_file") == [
        "docs/spec/api.md#parse-input"
    ]
    found = link(graph, "docs/tool.py::relative_to_file", "docs/spec/api.md#parse-input")
    assert (found.kind, found.evidence, found.path) == ("implements", "explicit", "docs/tool.py")
    assert found.span == Span(1, 18, 1, 41)


def test_anchor_relative_to_a_parent_folder(workspace: Workspace) -> None:
    """CODE-5: `../../docs/spec/api.md#slug` resolves against the folder of the file holding it."""
    graph = workspace(ANCHORS).graph
    assert graph.clauses_of_symbol("pkg/deep/mod.py::parent_folders") == [
        "docs/spec/api.md#parse-input"
    ]


def test_anchor_relative_to_the_root(workspace: Workspace) -> None:
    """CODE-5: `SPEC.md#overview` in pkg/root.py resolves against the workspace root."""
    graph = workspace(ANCHORS).graph
    assert graph.clauses_of_symbol("pkg/root.py::relative_to_root") == ["SPEC.md#overview"]


def test_anchor_as_a_unique_path_suffix(workspace: Workspace) -> None:
    """CODE-5: `v2/api.md#slug` resolves to the only spec whose path ends with /v2/api.md."""
    graph = workspace(ANCHORS).graph
    assert graph.clauses_of_symbol("pkg/deep/mod.py::by_suffix") == ["spec/v2/api.md#stream-output"]


def test_anchor_with_an_ambiguous_or_partial_suffix_links_nothing(workspace: Workspace) -> None:
    """CODE-5: a suffix shared by several specs, or cutting a folder name, names no clause."""
    graph = workspace(ANCHORS).graph
    assert graph.clauses_of_symbol("pkg/deep/mod.py::ambiguous_suffix") == []
    assert graph.clauses_of_symbol("pkg/deep/mod.py::not_a_suffix") == []
    assert graph.implemented_by.get("specs/spec/api.md#parse-input") is None


# -- links from code: docstrings, comments and decorators ---------------------------------------

CODE_LINKS = """
//- SPEC.md
# Store

- **REQ-1** Saving MUST be atomic.
- **REQ-2** Loading MUST validate the input.
- **REQ-3** Keys MUST be unique.
- **REQ-4** Deletes MUST be logged.
- **REQ-5** Reads MUST be cached.
//- pkg/store.py
def save(data):
    '''Write data atomically (REQ-1).'''
    return data


def load(raw):
    value = raw.strip()  # validates as REQ-2 asks
    return value


# Keeps keys unique: REQ-3.
# A second line of the same block.
def put(key):
    return key


# REQ-4: deletes are logged.
@logged
@retry(3)
def delete(key):
    return key


@route("/read", spec="REQ-5")
def read(key):
    return key


# REQ-1 in a comment that a blank line detaches

def unrelated():
    return None


class Cache:
    '''Caches reads (REQ-5).'''

    # REQ-3 for this method only
    def get(self, key):
        def fetch():
            '''REQ-2 for the nested helper.'''

        return fetch()
"""


def test_docstring_links_its_symbol(workspace: Workspace) -> None:
    """CODE-2: a clause id in a function's docstring links it, evidence explicit, at the id."""
    graph = workspace(CODE_LINKS).graph
    found = link(graph, "pkg/store.py::save", "REQ-1")
    assert (found.kind, found.evidence, found.path) == ("implements", "explicit", "pkg/store.py")
    assert found.span == Span(1, 30, 1, 35)


def test_comment_inside_links_its_symbol(workspace: Workspace) -> None:
    """CODE-2: a clause id in a comment inside a function body links that function."""
    graph = workspace(CODE_LINKS).graph
    found = link(graph, "pkg/store.py::load", "REQ-2")
    assert (found.kind, found.evidence) == ("implements", "explicit")
    assert (found.span.start_line, found.span.start_col) == (6, 40)


def test_docstrings_and_comments_of_classes_methods_and_nested_functions(
    workspace: Workspace,
) -> None:
    """CODE-2: a class docstring links the class; a nested function's docstring links it alone."""
    graph = workspace(CODE_LINKS).graph
    assert graph.clauses_of_symbol("pkg/store.py::Cache") == ["REQ-5"]
    assert graph.clauses_of_symbol("pkg/store.py::Cache.get") == ["REQ-3"]
    assert graph.clauses_of_symbol("pkg/store.py::Cache.get.fetch") == ["REQ-2"]


def test_comment_block_above_links_the_symbol_below(workspace: Workspace) -> None:
    """CODE-3: an id in the comment block directly above a function links that function."""
    graph = workspace(CODE_LINKS).graph
    found = link(graph, "pkg/store.py::put", "REQ-3")
    assert (found.kind, found.evidence) == ("implements", "explicit")
    assert (found.span.start_line, found.span.start_col) == (10, 21)


def test_comment_above_the_decorators_links_the_symbol(workspace: Workspace) -> None:
    """CODE-3: an id in the comment block above a function's decorators links that function."""
    graph = workspace(CODE_LINKS).graph
    assert graph.clauses_of_symbol("pkg/store.py::delete") == ["REQ-4"]
    assert link(graph, "pkg/store.py::delete", "REQ-4").evidence == "explicit"


def test_comment_detached_by_a_blank_line_links_nothing(workspace: Workspace) -> None:
    """CODE-3, CODE-11: a comment separated from the function below by a blank line does not
    link it; it links the module."""
    graph = workspace(CODE_LINKS).graph
    assert graph.clauses_of_symbol("pkg/store.py::unrelated") == []
    assert graph.implemented_by["REQ-1"] == ["pkg/store.py::<module>", "pkg/store.py::save"]


def test_decorator_string_links_the_symbol(workspace: Workspace) -> None:
    """CODE-4: a clause id in a string argument of a decorator links the decorated function."""
    graph = workspace(CODE_LINKS).graph
    found = link(graph, "pkg/store.py::read", "REQ-5")
    assert (found.kind, found.evidence) == ("implements", "explicit")
    assert (found.span.start_line, found.span.start_col) == (23, 22)
    assert graph.implemented_by["REQ-5"] == ["pkg/store.py::Cache", "pkg/store.py::read"]


# -- inferred links from headings ---------------------------------------------------------------

INFERRED = """
//- docs/spec/lexer.md
# Lexer

How the lexer turns text into tokens.

## tokenize(text)

Splits text at whitespace.

## `normalize`

## `Lexer.next_token()`

## `missing_function`

## LEX-1 `strip_comments(text)`
//- pkg/lexer.py
def tokenize(text):
    return text.split()


def normalize(text):
    return text


class Lexer:
    def next_token(self):
        return None


def next_token():
    return None


def strip_comments(text):
    return text
"""


def test_heading_with_a_signature_links_the_function(workspace: Workspace) -> None:
    """CODE-6: a heading `tokenize(text)` links the function tokenize, evidence inferred."""
    graph = workspace(INFERRED).graph
    found = link(graph, "pkg/lexer.py::tokenize", "docs/spec/lexer.md#tokenizetext")
    assert (found.kind, found.evidence, found.path) == (
        "implements",
        "inferred",
        "docs/spec/lexer.md",
    )
    assert found.span.start_line == 4


def test_heading_with_a_code_span_links_the_function(workspace: Workspace) -> None:
    """CODE-6: a heading that is a code span naming a function links it, evidence inferred."""
    graph = workspace(INFERRED).graph
    assert ("pkg/lexer.py::normalize", "docs/spec/lexer.md#normalize", "inferred") in links(
        graph, "implements"
    )
    assert ("pkg/lexer.py::strip_comments", "LEX-1", "inferred") in links(graph, "implements")


def test_heading_with_a_dotted_name_links_only_that_method(workspace: Workspace) -> None:
    """CODE-6: `Lexer.next_token()` links the method, not a free function of the same name."""
    graph = workspace(INFERRED).graph
    assert graph.implemented_by["docs/spec/lexer.md#lexernext_token"] == [
        "pkg/lexer.py::Lexer.next_token"
    ]
    assert graph.clauses_of_symbol("pkg/lexer.py::next_token") == []


def test_heading_naming_no_function_links_nothing(workspace: Workspace) -> None:
    """CODE-6: a heading naming a function the workspace lacks, or none, infers no link."""
    graph = workspace(INFERRED).graph
    inferred = links(graph, "implements")
    assert {target for _, target, _ in inferred} == {
        "docs/spec/lexer.md#tokenizetext",
        "docs/spec/lexer.md#normalize",
        "docs/spec/lexer.md#lexernext_token",
        "LEX-1",
    }
    assert "docs/spec/lexer.md#missing_function" not in graph.implemented_by


# -- tests: items, markers, docstrings and comments ---------------------------------------------

TEST_ITEMS = """
//- SPEC.md
# Checks

- **CHK-1** Checked through a marker.
- **CHK-2** Checked through a docstring.
- **CHK-3** Checked through a comment.
- **GRP-1** Checked by a whole class.
- **GRP-2** Checked by a class docstring.
- **GRP-3** Checked by one method.
//- tests/test_checks.py
import pytest


@pytest.mark.spec("CHK-1")
def test_by_marker():
    assert True


def test_by_docstring():
    '''CHK-2: checked through the docstring.'''


def test_by_comment():
    # checks CHK-3
    assert True


@pytest.mark.spec("SPEC.md#checks")
def test_by_anchor():
    assert True


def test_unlinked():
    def test_nested_function():
        pass

    assert True


@pytest.mark.spec("GRP-1")
class TestGroup:
    '''GRP-2 for every test of the group.'''

    def test_first(self):
        pass

    def test_second(self):
        '''GRP-3 only here.'''

    def helper(self):
        pass

    class TestNested:
        def test_deep(self):
            pass


class Helper:
    def test_not_collected(self):
        pass
//- pkg/test_inline.py
def test_next_to_code():
    pass
"""


def test_test_items_and_node_ids_follow_pytest(workspace: Workspace) -> None:
    """TEST-1: test functions and methods of (nested) Test classes get pytest node ids."""
    graph = workspace(TEST_ITEMS).graph
    assert set(graph.tests) == {
        "tests/test_checks.py::test_by_marker",
        "tests/test_checks.py::test_by_docstring",
        "tests/test_checks.py::test_by_comment",
        "tests/test_checks.py::test_by_anchor",
        "tests/test_checks.py::test_unlinked",
        "tests/test_checks.py::TestGroup::test_first",
        "tests/test_checks.py::TestGroup::test_second",
        "tests/test_checks.py::TestGroup::TestNested::test_deep",
        "pkg/test_inline.py::test_next_to_code",
    }
    assert graph.symbols == {}


def test_a_fixture_named_like_a_test_is_no_test(workspace: Workspace) -> None:
    """TEST-1: pytest collects no fixture, so `test_bars` under `@pytest.fixture` checks nothing
    and does not take the class docstring's clause."""
    graph = workspace(
        """//- tests/test_flow.py
import pytest


class TestFlow:
    \"\"\"REQ-1\"\"\"

    @pytest.fixture
    def test_bars(self):
        return []

    def test_runs(self, test_bars):
        assert test_bars == []
"""
    ).graph
    assert set(graph.tests) == {"tests/test_flow.py::TestFlow::test_runs"}


def test_marker_docstring_and_comment_link_tests(workspace: Workspace) -> None:
    """TEST-2: `@pytest.mark.spec`, a test docstring and a comment in a test verify clauses."""
    graph = workspace(TEST_ITEMS).graph
    verifies = links(graph, "verifies")
    assert ("tests/test_checks.py::test_by_marker", "CHK-1", "explicit") in verifies
    assert ("tests/test_checks.py::test_by_docstring", "CHK-2", "explicit") in verifies
    assert ("tests/test_checks.py::test_by_comment", "CHK-3", "explicit") in verifies
    assert graph.tested_by["SPEC.md#checks"] == ["tests/test_checks.py::test_by_anchor"]
    marker = link(graph, "tests/test_checks.py::test_by_marker", "CHK-1")
    assert (marker.path, marker.span.start_line, marker.span.start_col) == (
        "tests/test_checks.py",
        3,
        19,
    )
    assert graph.clauses_of_test("tests/test_checks.py::test_unlinked") == []


def test_class_marker_and_docstring_apply_to_every_test_in_it(workspace: Workspace) -> None:
    """TEST-3: a marker or docstring on a Test class verifies through each of its tests."""
    graph = workspace(TEST_ITEMS).graph
    group = [
        "tests/test_checks.py::TestGroup::TestNested::test_deep",
        "tests/test_checks.py::TestGroup::test_first",
        "tests/test_checks.py::TestGroup::test_second",
    ]
    assert graph.tested_by["GRP-1"] == group
    assert graph.tested_by["GRP-2"] == group
    assert graph.tested_by["GRP-3"] == ["tests/test_checks.py::TestGroup::test_second"]
    assert graph.clauses_of_test("tests/test_checks.py::TestGroup::test_second") == [
        "GRP-1",
        "GRP-2",
        "GRP-3",
    ]


# -- tests: calls -------------------------------------------------------------------------------

CALLS = """
//- SPEC.md
# Math

- **MTH-1** Adding MUST be exact.
- **MTH-2** Scaling MUST keep the sign.
- **MTH-3** Normalizing MUST give length one.
- **MTH-4** Rounding MUST round half to even.
- **MTH-5** Clamping MUST bound the value.
//- pkg/__init__.py
//- pkg/arith.py
def add(a, b):
    '''MTH-1'''
    return a + b


def scale(v, k):
    '''MTH-2'''
    return v * k


class Vector:
    def normalize(self):
        '''MTH-3'''
        return self


def banker_round(x):
    '''MTH-4'''
    return round(x)
//- pkg/clamp.py
def clamp(x):
    '''MTH-5'''
    return x
//- tests/test_from_import.py
from pkg.arith import add


def test_from_import():
    assert add(1, 2) == 3
//- tests/test_module_alias.py
import pkg.arith as m


def test_module_alias():
    assert m.scale(2, 3) == 6
//- tests/test_class_method.py
from pkg.arith import Vector


def test_class_method():
    assert Vector.normalize(None) is None
//- tests/test_unique_name.py
def test_unique_name():
    assert banker_round(2.5) == 2
"""


def test_call_through_from_import_tests_the_clause(workspace: Workspace) -> None:
    """TEST-4: `from pkg.arith import add; add()` exercises add and tests the clause it implements."""
    graph = workspace(CALLS).graph
    test = "tests/test_from_import.py::test_from_import"
    found = link(graph, test, "pkg/arith.py::add")
    assert (found.kind, found.evidence, found.path) == (
        "exercises",
        "call",
        "tests/test_from_import.py",
    )
    assert (found.span.start_line, found.span.start_col) == (4, 11)
    assert graph.tested_by["MTH-1"] == [test]
    assert graph.clauses_of_test(test) == ["MTH-1"]
    assert graph.tests_of_symbol("pkg/arith.py::add") == [test]


def test_call_through_module_alias_tests_the_clause(workspace: Workspace) -> None:
    """TEST-4: a call through `import pkg.arith as m; m.scale()` tests the clause scale implements."""
    graph = workspace(CALLS).graph
    test = "tests/test_module_alias.py::test_module_alias"
    assert links(graph, "exercises") >= {(test, "pkg/arith.py::scale", "call")}
    assert graph.tested_by["MTH-2"] == [test]


def test_call_through_imported_class_tests_the_method_clause(workspace: Workspace) -> None:
    """TEST-4: `from pkg.arith import Vector; Vector.normalize()` tests the method's clause."""
    graph = workspace(CALLS).graph
    test = "tests/test_class_method.py::test_class_method"
    assert (test, "pkg/arith.py::Vector.normalize", "call") in links(graph, "exercises")
    assert graph.tested_by["MTH-3"] == [test]


def test_call_by_unique_name_tests_the_clause(workspace: Workspace) -> None:
    """TEST-4: a call to a name defined once in the workspace, not imported, links by name."""
    graph = workspace(CALLS).graph
    test = "tests/test_unique_name.py::test_unique_name"
    assert (test, "pkg/arith.py::banker_round", "call") in links(graph, "exercises")
    assert graph.tested_by["MTH-4"] == [test]
    assert checked_by(graph, "MTH-5") == []


AMBIGUOUS = """
//- SPEC.md
# Helpers

- **HLP-1** The first helper MUST help.
- **HLP-2** The second helper MUST help too.
//- pkg/first.py
def helper():
    '''HLP-1'''
//- pkg/second.py
def helper():
    '''HLP-2'''
//- tests/test_ambiguous.py
def test_ambiguous():
    helper()
//- tests/test_imported.py
from pkg.second import helper


def test_imported():
    helper()
"""


def test_ambiguous_name_links_nothing(workspace: Workspace) -> None:
    """TEST-4: a call to a name two modules define, not imported, exercises neither of them."""
    graph = workspace(AMBIGUOUS).graph
    assert graph.symbols_of_test("tests/test_ambiguous.py::test_ambiguous") == []
    assert graph.clauses_of_test("tests/test_ambiguous.py::test_ambiguous") == []
    assert checked_by(graph, "HLP-1") == []


def test_import_picks_one_of_two_same_named_functions(workspace: Workspace) -> None:
    """TEST-4: `from pkg.second import helper` resolves the name to pkg/second.py only."""
    graph = workspace(AMBIGUOUS).graph
    assert graph.symbols_of_test("tests/test_imported.py::test_imported") == [
        "pkg/second.py::helper"
    ]
    assert graph.tested_by["HLP-2"] == ["tests/test_imported.py::test_imported"]


def test_call_to_a_local_helper_is_not_a_workspace_call(workspace: Workspace) -> None:
    """TEST-4: a call to a function the test file defines itself exercises no workspace function."""
    graph = workspace(
        """
        //- SPEC.md
        # Helpers
        - **HLP-1** The helper MUST help.
        //- pkg/util.py
        def make():
            '''HLP-1'''
        //- tests/test_local.py
        def make():
            return 1


        def test_local_helper():
            assert make() == 1
        """
    ).graph
    assert graph.symbols_of_test("tests/test_local.py::test_local_helper") == []
    assert checked_by(graph, "HLP-1") == []


# -- requirements -------------------------------------------------------------------------------

REQUIREMENTS = """
//- SPEC.md
# Widget service

This document describes the widget service.

## Background

Widgets were invented long ago; they must be round, in lower case.

## Storage

Widgets MUST be stored durably.

## WID-1 Naming

Names are short.

## `render`

## `not_a_function`

## Notes

> Rendering is slow; `MUST` in code is not a keyword.
//- pkg/widget.py
def render():
    return ""
"""


def test_requirements_by_id_keyword_and_named_function(workspace: Workspace) -> None:
    """CL-6: an explicit id, a capitalised keyword or a heading naming a function make requirements."""
    graph = workspace(REQUIREMENTS).graph
    assert graph.requirements == {"SPEC.md#storage", "WID-1", "SPEC.md#render"}
    for other in ("widget-service", "background", "not_a_function", "notes"):
        assert f"SPEC.md#{other}" in graph.clauses
        assert f"SPEC.md#{other}" not in graph.requirements


def test_may_makes_no_requirement(workspace: Workspace) -> None:
    """CL-6: MAY grants a permission, so a clause whose only keyword is MAY is no requirement."""
    graph = workspace(
        """
        //- SPEC.md
        # Widgets

        ## Caching

        The service MAY cache widgets.
        """
    ).graph
    assert "SPEC.md#caching" not in graph.requirements


# -- incremental updates ------------------------------------------------------------------------

INCREMENTAL = """
//- SPEC.md
# Jobs

- **JOB-1** Jobs MUST start.
- **JOB-2** Jobs MUST stop.
//- pkg/start.py
def start():
    '''JOB-1'''
//- pkg/stop.py
def stop():
    '''JOB-2'''
//- tests/test_jobs.py
def test_start():
    '''JOB-1'''
"""


def test_replacing_one_file_updates_its_links_only(workspace: Workspace, tmp_path: Path) -> None:
    """IDX-1: set_text replaces one file's record; the graph has its new links, others kept, and
    the change names the file and the links that moved, nothing else."""
    workspace(INCREMENTAL)
    host = make_host(tmp_path, TrineConfig())
    host.scan()
    stop_record = host.records["pkg/stop.py"]
    assert dict(host.graph().implemented_by) == {
        "JOB-1": ["pkg/start.py::start"],
        "JOB-2": ["pkg/stop.py::stop"],
    }

    change = host.set_text(
        "pkg/start.py", "def start():\n    '''JOB-2'''\n\n\ndef launch():\n    '''JOB-1'''\n"
    )
    assert change.paths == {"pkg/start.py"}
    assert change.links == {
        ("pkg/start.py::start", "JOB-1", "implements"),
        ("pkg/start.py::start", "JOB-2", "implements"),
        ("pkg/start.py::launch", "JOB-1", "implements"),
    }
    host.set_text("tests/test_jobs.py", "def test_stop():\n    '''JOB-2'''\n")
    after = host.graph()

    assert dict(after.implemented_by) == {
        "JOB-1": ["pkg/start.py::launch"],
        "JOB-2": ["pkg/start.py::start", "pkg/stop.py::stop"],
    }
    assert checked_by(after, "JOB-1") == []
    assert checked_by(after, "JOB-2") == ["tests/test_jobs.py::test_stop"]
    assert set(after.tests) == {"tests/test_jobs.py::test_stop"}
    assert host.records["pkg/stop.py"] is stop_record
