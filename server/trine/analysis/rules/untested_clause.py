"""`untested-clause`: a requirement that no test checks, with a test stub as its quick fix."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.advice import stub_marker, test_advice
from trine.analysis.findings import Diagnostic, Finding, clause_label
from trine.analysis.fixes import Action, FileEdit, FixContext, TextEdit
from trine.analysis.rule import CheckContext, Rule
from trine.index.graph import Link, TraceGraph, local_id
from trine.parsers.facts import Clause
from trine.parsers.language import Language
from trine.parsers.text import Span


# DIAG-4; CL-20: a SHOULD clause one severity milder; DIAG-15: not without any test file;
# DIAG-26: nor where most of the code is in languages trine does not read.
def check(context: CheckContext, clause_id: str) -> Iterator[Finding]:
    """`untested-clause`: requirements no test checks, directly or through a call, in a
    workspace with tests."""
    graph = context.graph
    if not graph.judges("test") or not graph.needs(clause_id, "test"):
        return
    # FMT-128 to FMT-130: nor where a task list says the work is out of sight, or not begun.
    unjudged = graph.unjudged(clause_id)
    if graph.tested_by.get(clause_id) or (unjudged is not None and "test" in unjudged.needs):
        return
    clause = graph.clauses[clause_id]
    implementations = [
        graph.symbols[s].qualname
        for s in graph.implemented_by.get(clause_id, [])
        if s in graph.symbols
    ]
    through = f", or that calls {' or '.join(implementations)}" if implementations else ""
    story = graph.story_tests(clause_id)
    if story:
        # FMT-126: the story's tests may check it; only a test that names it says which.
        said = f"{clause_label(clause)} is named by no test, though {_story_tests(story)}"
        advice = f"name {clause.id} in the test that does, or add one that "
    else:
        said, advice = f"{clause_label(clause)} is not tested", "add a test that "
    yield Finding(
        "untested-clause",
        clause.path,
        clause.name_span,
        f"{said}: {advice}{test_advice(graph, clause)}{through}",
        {"clause": clause.id},
        milder=graph.strength(clause_id) == "should" or bool(story),
    )


def _story_tests(links: list[Link]) -> str:
    """`the tests of its story US2 may check it (tests/a.py, tests/b.py)`, two files at most."""
    shown = ", ".join(link.source for link in links[:2])
    more = f" and {len(links) - 2} more" if len(links) > 2 else ""
    return f"the tests of its story {local_id(links[0].target)} may check it ({shown}{more})"


def stub_path_for(graph: TraceGraph, clause: Clause, language: Language) -> str:
    """Where a new test for a clause goes: beside the tests of the module that implements it,
    as the language of its tests places them."""
    implementers = graph.implemented_by.get(clause.id, [])
    source = graph.node_path(implementers[0]) if implementers else clause.path
    folders = (
        p.split("/", 1)[0] for p, r in graph.records.items() if r.role == "test" and "/" in p
    )
    return language.stub_path(source, next(folders, "tests"))


# LSP-13: create the test file, or append to it.
# LSP-36: no stub in a workspace whose tests are in no language trine reads.
def fix(diagnostic: Diagnostic, context: FixContext) -> list[Action]:
    """A test stub for the clause, in a new test file or at the end of an existing one (into an
    existing test file when the editor cannot create files)."""
    graph = context.graph
    clause = graph.clauses.get(str(diagnostic.data.get("clause", "")))
    language = graph.test_language_for(clause.id) if clause is not None else None
    if clause is None or language is None:
        return []
    target = stub_path_for(graph, clause, language)
    existing = context.text_of(target)
    if existing is None and not context.can_create:
        tests = sorted(p for p, r in graph.records.items() if r.role == "test")
        if not tests:
            return []
        target, existing = tests[0], context.text_of(tests[0])
        if existing is None:
            return []
    stub = language.stub(clause, stub_marker(graph, clause), existing)
    if existing is None:
        # GO-7: a new test file starts as its language requires (Go's package clause).
        edit = FileEdit(
            target,
            (TextEdit(Span(0, 0, 0, 0), language.test_file_header(target) + stub),),
            create=True,
        )
    else:
        lines = existing.split("\n")
        end = Span(len(lines) - 1, len(lines[-1]), len(lines) - 1, len(lines[-1]))
        separator = "\n\n" if existing.endswith("\n") else "\n\n\n"
        edit = FileEdit(target, (TextEdit(end, separator + stub),))
    return [
        Action(
            f"Create a test for {clause.id} in {target}",
            "quickfix",
            (edit,),
            diagnostic=diagnostic,
            preferred=True,
        )
    ]


RULE = Rule(
    code="untested-clause",
    order=4,
    default="warning",
    scope="clause",
    early=False,
    check=check,
    fix=fix,
    summary="A requirement that no test checks, directly or through a function it calls.",
    why=(
        "Untested requirements drift silently. A SHOULD clause is reported one severity milder,"
        " a MAY clause not at all, and nothing is reported in a workspace where trine reads no"
        " test file, nor where most of the code is in languages trine does not read yet, whose"
        " links it cannot see (the summary says so). A spec-kit acceptance scenario that no"
        " test names, in a story whose tests a checked task names, is one severity milder too:"
        " the message names those tests, which may check it."
    ),
    example=(
        "```markdown\n"
        "- **DUR-2** Units MUST combine: `1h30m`.   <- no test names DUR-2 or calls its code\n"
        "```\n\n"
        "Use instead:\n\n"
        "```python\n"
        '@pytest.mark.spec("DUR-2")\n'
        "def test_combined_units():\n"
        '    assert parse_duration("1h30m") == 5400\n'
        "```"
    ),
    how_to_fix=(
        "Add a test that names the clause in its docstring, a comment or"
        ' `@pytest.mark.spec("ID")`, or that calls a function implementing it. A tracey rule'
        " is named by an `r[verify ID]` comment, a Kiro criterion by `Validates: Requirements"
        " 1.2`; the message says which, and the quick fix writes the test so."
    ),
    options=(
        '- `coverage`: `"auto"` (the default) reports nothing where most of the code is in'
        ' languages trine does not read yet; `"always"` reports all the same.'
    ),
)
