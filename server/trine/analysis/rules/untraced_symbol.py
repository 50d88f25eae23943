"""`untraced-symbol`: a public function or method that implements no clause."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.advice import unnamed_advice
from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.index.graph import TraceGraph


# DIAG-5
def check(context: CheckContext, symbol_id: str) -> Iterator[Finding]:
    """`untraced-symbol`: public functions and methods that implement no clause."""
    graph = context.graph
    symbol = graph.symbols.get(symbol_id)
    if symbol is None or symbol.kind == "class" or not symbol.public:
        return
    if any(graph.clauses_of_symbol(s) for s in _self_and_classes(graph, symbol.id)):
        return
    yield Finding(
        "untraced-symbol",
        symbol.path,
        symbol.name_span,
        f"{symbol.qualname} implements no spec clause: name the clause it implements"
        f" {unnamed_advice(graph, symbol.path, 'impl')}, or add its behaviour to the spec",
        {"symbol": symbol.id},
    )


def _self_and_classes(graph: TraceGraph, symbol_id: str) -> Iterator[str]:
    current: str | None = symbol_id
    while current is not None:
        yield current
        current = graph.symbols[current].parent


RULE = Rule(
    code="untraced-symbol",
    order=5,
    default="off",
    scope="symbol",
    early=True,
    check=check,
    summary="A public function or method that implements no clause.",
    why=(
        "On a codebase that aims at full traceability, every public function should answer"
        " 'which clause is this for?'. Off by default."
    ),
    example=(
        "```python\n"
        "def word_count(text):   <- implements no clause\n"
        "    return len(text.split())\n"
        "```\n\n"
        "Use instead:\n\n"
        "```python\n"
        "def word_count(text):\n"
        '    """SLUG-7: count the words of a title."""\n'
        "    return len(text.split())\n"
        "```"
    ),
    how_to_fix=(
        "Name the clause the function implements in its docstring, or add the behaviour to the"
        " spec."
    ),
)
