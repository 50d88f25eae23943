"""`orphan-test`: a test that checks no clause (the module is not named `*_test.py`, which
would make it a test file by default)."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.advice import unnamed_advice
from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


# DIAG-6
def check(context: CheckContext, test_id: str) -> Iterator[Finding]:
    """`orphan-test`: tests that reach no clause, directly or through the functions they call."""
    test = context.graph.tests.get(test_id)
    if test is not None and not context.graph.clauses_of_test(test.id):
        yield Finding(
            "orphan-test",
            test.path,
            test.name_span,
            f"{test.name} checks no spec clause: name the clause"
            f" {unnamed_advice(context.graph, test.path, 'verify')}, or call a function that"
            " implements one",
            {"test": test.id},
        )


RULE = Rule(
    code="orphan-test",
    order=6,
    default="off",
    scope="test",
    early=False,
    check=check,
    summary="A test that checks no clause, directly or through the functions it calls.",
    why=(
        "A test that traces to nothing cannot tell which requirement breaks when it fails."
        " Off by default."
    ),
    example=(
        "```python\n"
        "def test_arithmetic():   <- names no clause and calls no traced function\n"
        "    assert 1 + 1 == 2\n"
        "```\n\n"
        "Use instead:\n\n"
        "```python\n"
        '@pytest.mark.spec("SLUG-2")\n'
        "def test_lowercase():\n"
        '    assert slugify("Hello") == "hello"\n'
        "```"
    ),
    how_to_fix='Name the clause in the test\'s docstring or with `@pytest.mark.spec("ID")`.',
)
