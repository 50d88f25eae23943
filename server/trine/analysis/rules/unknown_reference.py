"""`unknown-reference`: ids and anchors that name no clause, with "did you mean" quick fixes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from trine.analysis import drift
from trine.analysis.findings import Diagnostic, Finding, close_matches
from trine.analysis.fixes import Action, FileEdit, FixContext, TextEdit
from trine.analysis.rule import CheckContext, Rule
from trine.index.graph import Resolved, TraceGraph

# A spec file with more unknown anchors to itself than this gets one finding for them all.
TOO_MANY_ANCHORS = 10
_SHOWN = 3


def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """Unknown ids and anchors in a file, and ids the lock records but the spec lost."""
    yield from unknown_references(context.graph, path, context.suggest)
    yield from drift.removed_clauses(context.graph, context.lock, path)


# DIAG-1
def unknown_references(
    graph: TraceGraph, path: str, suggest: Callable[[str], list[str]]
) -> Iterator[Finding]:
    """`unknown-reference`: ids with a known prefix that are not declared, anchors to no heading;
    `suggest` gives the closest declared ids for a mistyped one."""
    # CODE-17: an id the code holds as data is no broken reference.
    unknown = [
        item for item in graph.resolved_in.get(path, ()) if item.unknown and not item.mention.data
    ]
    own = [item for item in unknown if _own_anchor(graph, item)]
    if len(own) > TOO_MANY_ANCHORS:
        yield _foreign_anchors(own)
        unknown = [item for item in unknown if not _own_anchor(graph, item)]
    for item in unknown:
        yield _unknown(graph, item, suggest)


def _own_anchor(graph: TraceGraph, item: Resolved) -> bool:
    """Whether a mention is an anchor in a spec's own prose to a heading of that same file."""
    m = item.mention
    record = graph.records.get(m.path)
    if m.kind != "anchor" or record is None or record.role != "spec":
        return False
    return graph.spec_path(m.target.partition("#")[0], m.path) == m.path


# DIAG-25: so many anchors to no heading of their own spec file were written for another renderer
# (or its headings renamed): one finding says so, and the file stays readable.
def _foreign_anchors(own: list[Resolved]) -> Finding:
    """One finding, at the first, for a spec file with too many anchors to no heading of it."""
    first = own[0].mention
    targets = list(dict.fromkeys(item.mention.target for item in own))
    shown = ", ".join(targets[:_SHOWN]) + (", ..." if len(targets) > _SHOWN else "")
    return Finding(
        "unknown-reference",
        first.path,
        first.span,
        f"{len(own)} links to {len(targets)} anchors in this file name no heading of it ({shown}):"
        " they were likely written for another renderer (ids of an HTML export), or its headings"
        " were renamed; fix the anchors to the headings' slugs, or leave the file out of `spec`",
        {"target": first.target, "count": len(own), "anchors": targets[:_SHOWN]},
        at_most="warning",
    )


def _did_you_mean(suggestions: list[str]) -> str:
    return f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""


def _unknown(graph: TraceGraph, item: Resolved, suggest: Callable[[str], list[str]]) -> Finding:
    m = item.mention
    if m.kind != "anchor":
        suggestions = suggest(m.target)
        message = (
            f"{m.target} is not declared in the spec{_did_you_mean(suggestions)}: fix the"
            f" reference, or declare {m.target} in the spec"
        )
    else:
        path, _, slug = m.target.partition("#")
        spec = graph.spec_path(path, m.path) or path
        suggestions = [f"{path}#{s}" for s in close_matches(slug, sorted(graph.slugs(spec)))]
        message = (
            f"{m.target} names no heading in {spec}{_did_you_mean(suggestions)}: fix the anchor,"
            " or add the heading"
        )
    record = graph.records.get(m.path)
    # DIAG-13: a spec's own prose may name ids it removed (a list of removed requirements, a note
    # of numbering gaps): at most a warning there; code and tests keep the rule's severity.
    in_spec = record is not None and record.role == "spec"
    return Finding(
        "unknown-reference",
        m.path,
        m.span,
        message,
        {"target": m.target, "suggestions": suggestions},
        at_most="warning" if in_spec else None,
    )


def fix(diagnostic: Diagnostic, _context: FixContext) -> list[Action]:
    """Replace the reference with each suggestion, the closest preferred."""
    suggestions = diagnostic.data.get("suggestions", [])
    assert isinstance(suggestions, list)
    return [
        Action(
            f"Replace with {s}",
            "quickfix",
            (FileEdit(diagnostic.path, (TextEdit(diagnostic.span, str(s)),)),),
            diagnostic=diagnostic,
            preferred=i == 0,
        )
        for i, s in enumerate(suggestions)
    ]


RULE = Rule(
    code="unknown-reference",
    order=1,
    default="error",
    scope="file",
    early=True,
    check=check,
    fix=fix,
    summary="A clause id or `spec.md#slug` anchor that names no clause in the spec.",
    why=(
        "A link to nothing is a broken promise: the code claims to implement a clause that does"
        " not exist, often after a typo or after the clause was renumbered or removed. Tokens"
        " whose prefix the spec never uses (`UTF-8`, `ISO-8601`), or that have not the"
        " shape of its declared ids (a bug nickname `SEC-5` beside `SEC-01-001`, a year `FR-2024`"
        " beside `FR-7`), are plain text and not reported; nor are ids of a reference-only prefix"
        " (`ADR-014`, `GH-12`)."
        " In a spec's own prose (a list of removed requirements, a note of numbering gaps) an"
        " unknown id is at most a warning. A spec file with more than"
        f" {TOO_MANY_ANCHORS} anchors to headings"
        " it does not have (a document converted from HTML, whose links name the export's ids)"
        " gets one finding that counts them, not one per link."
    ),
    example=(
        "With `DUR-1` to `DUR-4` declared in the spec:\n\n"
        "```python\n"
        "def parse_duration(text):\n"
        '    """Parse `1h30m` into seconds (DUR-9)."""  # DUR-9 is not declared\n'
        "```\n\n"
        "Use instead:\n\n"
        "```python\n"
        "def parse_duration(text):\n"
        '    """Parse `1h30m` into seconds (DUR-1)."""\n'
        "```"
    ),
    how_to_fix=(
        "Fix the reference (the message suggests the closest ids), or declare the clause in the"
        " spec. For a spec file whose anchors were written for another renderer, rewrite them to"
        " the headings' slugs, or leave the file out of `spec`."
    ),
    options=(
        "- `id_pattern`: the regular expression of an explicit clause id.\n"
        "- `reference_prefixes`: prefixes of ids the project only cites (`ADR`, `RFC`, `CVE`,"
        " `GH`, issue keys), never reported."
    ),
)
