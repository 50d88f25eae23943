"""How messages tell a user to name a clause: in the style the clause's spec format reads
(tracey's `r[verify id]`, Kiro's `Validates: Requirements 1.2`) and in the language of the
workspace's own code and tests, never in a language the workspace does not have."""

from __future__ import annotations

from trine.index.graph import TraceGraph, local_id
from trine.parsers.facts import Clause
from trine.parsers.language import Language


# DIAG-22: a tracey rule is named by a marker, a Kiro criterion by a citation, others by id.
def marker(graph: TraceGraph, clause: Clause, verb: str) -> str | None:
    """The words that name a clause in the style its spec format reads (`r[verify auth.login]`,
    `Validates: Requirements 1.2`); None where the bare id is enough."""
    spec_format = _format_of(graph, clause)
    if spec_format == "tracey":
        return f"r[{verb} {clause.id}]"
    if spec_format == "kiro":
        return f"{_kiro_citation(verb)} {local_id(clause.id)}"
    return None


def _kiro_citation(verb: str) -> str:
    """Kiro's words before a criterion's number: tests validate it, code names what it meets."""
    return "Validates: Requirements" if verb == "verify" else "Requirements:"


# LSP-36
def stub_marker(graph: TraceGraph, clause: Clause) -> str | None:
    """What a new test's comment says to check a clause in its spec format's style: tracey's
    marker, or Kiro's citation under the spec it names (`Feature: x, Validates: …`)."""
    said = marker(graph, clause, "verify")
    scope = clause.id.rpartition("/")[0]
    if said is not None and _format_of(graph, clause) == "kiro" and scope:
        return f"Feature: {scope}, {said}"
    return said


def _format_of(graph: TraceGraph, clause: Clause) -> str:
    record = graph.records.get(clause.path)
    return record.spec_format if record is not None else ""


# DIAG-22, DIAG-23
def test_advice(graph: TraceGraph, clause: Clause) -> str:
    """What a test that checks the clause says, for `add a test that …`: `names EXP-1 in its
    docstring or with @pytest.mark.spec("EXP-1")`, `has a comment r[verify auth.login]`."""
    language = graph.test_language_for(clause.id)
    said = marker(graph, clause, "verify")
    if said is None:
        if language is None:
            return f"names {clause.id} in a comment"
        return (
            f"names {clause.id} in its {language.prose} or with {language.marker_hint(clause.id)}"
        )
    if _format_of(graph, clause) == "tracey":
        return f"has a comment `{said}`"
    return f"says `{said}` in {_places(language, 'its')}{_feature(clause)}"


# DIAG-22, DIAG-23
def code_advice(graph: TraceGraph, clause: Clause) -> str:
    """How to name the clause in the code that implements it, for `… is not implemented: …`."""
    language = graph.code_language()
    said = marker(graph, clause, "impl")
    where = "the function" if language is not None else "the code"
    if said is None:
        return f"name {clause.id} in {_places(language, 'the')} of {where} that implements it"
    if _format_of(graph, clause) == "tracey":
        return f"add a comment `{said}` to {where} that implements it"
    return f"say `{said}` in {_places(language, 'the')} of {where} that implements it{_feature(clause)}"


def _places(language: Language | None, article: str) -> str:
    """Where a definition's words go: `its docstring or a comment`, or `a comment`."""
    return f"{article} {language.prose} or a comment" if language is not None else "a comment"


def _feature(clause: Clause) -> str:
    """The spec a Kiro citation's file must name, since the numbers restart in each spec."""
    scope = clause.id.rpartition("/")[0]
    return f" (in a file that names `Feature: {scope}`)" if scope else ""


# DIAG-22: a test or function that names no clause is told every style the workspace reads.
def unnamed_advice(graph: TraceGraph, path: str, verb: str) -> str:
    """Where a test (`verify`) or function (`impl`) in a file names the clause it is for:
    `in its docstring or with @pytest.mark.spec(...)`, then the markers of tracey or Kiro when
    the workspace's specs are read in those formats."""
    language = graph.language_of(path)
    ways = [f"in its {language.prose}"]
    if verb == "verify":
        ways[0] += f" or with {language.marker_hint(None)}"
    if graph.reads_format("tracey"):
        ways.append(f"with the comment `{language.comment} r[{verb} <id>]`")
    if graph.reads_format("kiro"):
        ways.append(f"as `{_kiro_citation(verb)} <number>`")
    return ", or ".join(ways)
