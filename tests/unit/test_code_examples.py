"""Ids a docstring or comment shows as examples of a format: no link, never unknown."""

from __future__ import annotations

from collections.abc import Callable

from trine.parsers.examples import example_spans
from trine.parsers.ids import IdMatcher
from trine.project import CheckResult
from workspaces import finishes

Workspace = Callable[..., CheckResult]

SPEC = """
//- SPEC.md
# Requirements

- **FR-001** Sign-in MUST check the password.
- **FR-002** Sign-in MUST lock after five failures.
- **FR-003** Sign-out MUST end the session.
- **FR-004** Sessions MUST expire.
- **FR-005** Tokens MUST be signed.
"""


def links(result: CheckResult, symbol: str) -> list[str]:
    """The clauses a function of pkg/tool.py implements."""
    return result.graph.clauses_of_symbol(f"pkg/tool.py::{symbol}")


def unknown(result: CheckResult) -> list[tuple[int, str]]:
    """The line and id of each unknown-reference in pkg/tool.py."""
    return sorted(
        (d.span.start_line + 1, str(d.data.get("target")))
        for d in result.diagnostics
        if d.code == "unknown-reference" and d.path == "pkg/tool.py"
    )


def test_docstring_example_sections_link_nothing(workspace: Workspace) -> None:
    """CODE-14: the lines under `Usage:`, `Example::` and NumPy's `Examples` header, and a
    doctest with its continuation and output, show ids; the summary and the sections after a
    dedent or the next NumPy header still cite theirs."""
    code = '''//- pkg/tool.py
def google(*ids):
    """Marks a test with the requirements it checks (FR-001).

    Usage:
        @google("FR-002", "FR-003")
        def test_something():
            pass

    Args:
        ids: the requirements, FR-004 among them.
    """

def rest():
    """Reads a requirement line. Example::

        **FR-002**: Sign-in MUST lock.
    """

def numpy():
    """Parses requirement ids.

    Examples
    --------
    parse("FR-003")

    Notes
    -----
    Implements FR-005.
    """

def doctest():
    """Splits an id into its parts.

    >>> split(
    ...     "FR-002")
    ('FR', '002')

    That is FR-001.
    """
'''
    result = workspace(SPEC + code)
    assert links(result, "google") == ["FR-001", "FR-004"]
    assert links(result, "rest") == []
    assert links(result, "numpy") == ["FR-005"]
    assert links(result, "doctest") == ["FR-001"]


def test_a_comment_block_may_hold_an_example_section(workspace: Workspace) -> None:
    """CODE-14: a `Usage:` header in a block of comments shows the comments indented under it."""
    code = """//- pkg/tool.py
# FR-001: marks tests.
# Usage:
#     @requirements("FR-002")
#     def test_something(): ...
# FR-003 too.
def requirements():
    pass
"""
    result = workspace(SPEC + code)
    assert links(result, "requirements") == ["FR-001", "FR-003"]


def test_ids_in_markup_after_other_words_are_examples(workspace: Workspace) -> None:
    """CODE-15: a comment showing spec text (`(## FR-001)`, `(- **FR-002**)`, `(**FR-003**)`)
    links nothing, and an unknown id so shown is no unknown reference."""
    code = """//- pkg/tool.py
def parse():
    # Look for requirements in headers (## FR-001), bullet points
    # (- **FR-002**), and bold format (**FR-003**), or *FR-099*.
    pass
"""
    result = workspace(SPEC + code)
    assert links(result, "parse") == []
    assert unknown(result) == []


def test_a_comment_opening_with_a_marked_up_id_cites_it(workspace: Workspace) -> None:
    """CODE-15: a comment that opens with the clause as the spec writes it quotes the clause it
    implements, after a bullet or a heading's `#`s too; `##` as the comment's own marker is no
    heading; a docstring is no Markdown comment."""
    code = '''//- pkg/tool.py
def bold():
    # **FR-001**: Sign-in MUST check the password.
    pass

def bullet():
    # - **FR-002**: lock after five failures
    pass

def heading():
    # ## FR-003
    pass

def marker():
    ## FR-004: expire sessions
    pass

def docstring():
    """Signs tokens (**FR-005**)."""
'''
    result = workspace(SPEC + code)
    assert links(result, "bold") == ["FR-001"]
    assert links(result, "bullet") == ["FR-002"]
    assert links(result, "heading") == ["FR-003"]
    assert links(result, "marker") == ["FR-004"]
    assert links(result, "docstring") == ["FR-005"]


def test_ids_after_an_example_word_are_examples(workspace: Workspace) -> None:
    """CODE-16: `like` with a quoted line, `e.g.` with a list, `such as` with a range, `for
    instance` with a backticked id and `for example,` introduce examples: no link, never
    unknown."""
    code = '''//- pkg/tool.py
def stats():
    # Extract requirement ID from lines like "### FR-001: Description"
    pass

def listed():
    """Reads ids (e.g. FR-002, FR-003 or FR-099) from the spec."""

def such():
    # Accepts formats such as FR-004 and FR-001..FR-003.
    pass

def instance():
    """Strips markup, for instance `**FR-005**`; for example, FR-001."""
'''
    result = workspace(SPEC + code)
    for symbol in ("stats", "listed", "such", "instance"):
        assert links(result, symbol) == [], symbol
    assert unknown(result) == []


def test_real_references_beside_example_words_still_link(workspace: Workspace) -> None:
    """CODE-16, CL-28: `i.e.` restates (its id links); a closing bracket ends an example; a
    backticked id in a sentence, an id after the example, `see`, a marker and an inline
    `Example:` (a scenario's word) keep their meaning."""
    code = '''//- pkg/tool.py
def restated():
    """Locks the account, i.e. FR-002."""

def after():
    # FR-001: checks ids like "REQ-7" against the spec; also `FR-003`.
    pass

def pointer():
    """FR-004: expires sessions; see FR-005 for the tokens."""

def closed():
    """Reads headers (e.g. FR-003) and expires sessions: FR-004."""
//- tests/test_tool.py
import pytest


@pytest.mark.spec("FR-001")
def test_sign_in():
    """Example: FR-002 locks; ids such as FR-003 are read."""
'''
    result = workspace(SPEC + code)
    assert links(result, "restated") == ["FR-002"]
    assert links(result, "after") == ["FR-001", "FR-003"]
    assert links(result, "pointer") == ["FR-004"]
    assert links(result, "closed") == ["FR-004"]
    test = "tests/test_tool.py::test_sign_in"
    assert result.graph.clauses_of_test(test) == ["FR-001", "FR-002"]


def test_an_unknown_id_outside_an_example_is_still_reported(workspace: Workspace) -> None:
    """CODE-16, DIAG-1: only what the example shows is spared; a cited typo is reported."""
    code = """//- pkg/tool.py
def parse():
    # FR-009: reads lines like "**FR-099**: text".
    pass
"""
    assert unknown(workspace(SPEC + code)) == [(2, "FR-009")]


def test_ids_the_code_holds_as_data_are_no_broken_references(workspace: Workspace) -> None:
    """CODE-17: a test whose comment and docstring name the ids its own code holds as strings
    (test data for a tool that reads ids) gets no unknown-reference for them; a declared one
    still links, and an id the code does not hold is still reported."""
    code = """//- pkg/tool.py
def chain():
    '''FR-001 <- FR-008 <- FR-009 is the chain under test.'''
    # Arrange: FR-008 and FR-009 depend on FR-001, FR-007 is missing
    links = {"FR-001": [], "FR-008": ["FR-001"]}
    files = ["FR-009.yml"]
    return links, files
"""
    result = workspace(SPEC + code)
    assert unknown(result) == [(3, "FR-007")]
    assert links(result, "chain") == ["FR-001"]


def test_example_scanning_stays_linear_on_hostile_comments() -> None:
    """CODE-14, CODE-15, CODE-16: example words before unclosed quotes, endless lists of ids
    and runs of markup on one long line finish at once (each part of the text is read once)."""
    ids = IdMatcher()
    texts = [
        ("# " + "like \u201c " * 50_000, True),
        ("# e.g. " + "FR-1, " * 50_000, True),
        ("# x " + "**FR-1** (## FR-2) " * 30_000, True),
        ("# for" + " " * 200_000 + "x", True),
        (
            '"""x\n'
            + "    Usage:\n        FR-1\n    >>> FR-2\n\n    Examples\n    ----\n" * 30_000,
            False,
        ),
    ]

    def scan() -> None:
        for text, comment in texts:
            example_spans(text, list(ids.references(text)), comment=comment)

    assert finishes(scan)
