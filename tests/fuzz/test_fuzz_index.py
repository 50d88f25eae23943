"""Fuzzing the whole index: small random workspaces (specs, code, tests and a lock built from
mutated fragments) are indexed and checked with every rule on, without an exception, and every
diagnostic and link lies inside its file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzzing import (
    CODE_SEEDS,
    TEST_SEEDS,
    fuzz,
    kiro_texts,
    lines_of,
    lock_texts,
    markdown_texts,
    python_texts,
    span_inside,
)
from hypothesis import example, given
from hypothesis import strategies as st

from trine.analysis.registry import RULES
from trine.config import TrineConfig
from trine.index.build import build_record
from trine.index.files import read_source
from trine.index.graph import TraceGraph
from trine.index.records import Role
from trine.parsers.ids import IdMatcher
from trine.parsers.lock import LOCK_FILE
from trine.project import CheckResult, check, lock_state, make_host
from workspaces import check_workspace

EVERY_RULE = TrineConfig.model_validate(
    {"severity": {code: "info" for code, rule in RULES.items() if rule.default == "off"}}
)
PATHS = ("SPEC.md", "docs/spec/more.md", "pkg/mod.py", "tests/test_mod.py")


def _outside(result: CheckResult, texts: dict[str, str]) -> list[object]:
    """Diagnostics and links whose ranges do not lie inside their file."""
    found: list[object] = []
    for diagnostic in result.diagnostics:
        text = texts.get(diagnostic.path)
        if text is None or not span_inside(diagnostic.span, lines_of(text)):
            found.append(diagnostic)
    for link in result.graph.links:
        text = texts.get(link.path)
        if text is None or not span_inside(link.span, lines_of(text)):
            found.append(link)
    return found


workspaces = st.tuples(
    markdown_texts(surrogates=True),
    markdown_texts(),
    python_texts(CODE_SEEDS, surrogates=True),
    python_texts(TEST_SEEDS, surrogates=True),
    st.one_of(st.none(), lock_texts()),
)


@fuzz(150, 3_000)
@given(workspaces)
# A spec whose setext heading is blank space and whose item ids hide behind NULs, and a lock
# nested too deeply for tomllib.
@example(("\xa0\n===\n-\n  REQ-1 \x00\n", "# REQ-2", "# REQ-1\n", "", "x = " + "[" * 3000))
def test_random_workspaces_check_cleanly(files: tuple[str, str, str, str, str | None]) -> None:
    """IDX-1, DIAG-7, DIAG-8, DRIFT-8: a workspace of mutated specs, code, tests and lock is
    indexed and checked with every rule on, and every diagnostic and link lies inside its file."""
    *sources, lock = files
    texts = dict(zip(PATHS, sources, strict=True))
    with tempfile.TemporaryDirectory() as root:
        host = make_host(Path(root), EVERY_RULE)
        for path, text in texts.items():
            host.set_text(path, text)
        result = check(host, EVERY_RULE, lock_state(lock))
    if lock is not None:
        texts[LOCK_FILE] = lock
    assert _outside(result, texts) == []


_BYTES = st.sampled_from(
    (
        b"",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xc3",
        b"\x00",
        b"\r",
        b"\r\n",
        b"# -*- coding: latin-1 -*-\n",
    )
)


@st.composite
def _disk_file(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    """A file's bytes: a text with lone surrogates written as they are (invalid UTF-8), maybe
    after a BOM or a coding cookie, maybe with stray bytes inside."""
    data = draw(text).encode("utf-8", "surrogatepass")
    at = draw(st.integers(0, len(data)))
    return draw(_BYTES) + data[:at] + draw(_BYTES) + data[at:]


@fuzz(60, 1_000)
@given(
    st.tuples(
        _disk_file(markdown_texts(surrogates=True)),
        _disk_file(markdown_texts()),
        _disk_file(python_texts(CODE_SEEDS, surrogates=True)),
        _disk_file(python_texts(TEST_SEEDS, surrogates=True)),
    )
)
@example(
    (b"\xef\xbb\xbf# REQ-1\r", b"\xff# x", b"# -*- coding: latin-1 -*-\n# \xe9 REQ-1", b"\x00")
)
def test_random_workspaces_on_disk_check_cleanly(files: tuple[bytes, ...]) -> None:
    """WS-3, WS-4, IDX-1: a workspace of mutated files on disk (BOMs, invalid UTF-8, NUL bytes,
    coding cookies, CR line endings) is read and checked as `trine check` does, and every
    diagnostic and link lies inside the text trine read."""
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        for path, data in zip(PATHS, files, strict=True):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        result = check_workspace(root, EVERY_RULE)
        texts = {path: read_source(root, path, EVERY_RULE.max_file_size)[0] or "" for path in PATHS}
    assert _outside(result, texts) == []


KIRO_PATHS = (
    ".kiro/specs/core/requirements.md",
    ".kiro/specs/core/design.md",
    ".kiro/specs/io/requirements.md",
    "pkg/mod.py",
    "tests/test_mod.py",
)
ROLES: tuple[Role, ...] = ("spec", "spec", "spec", "code", "test")


def _resolution(graph: TraceGraph) -> list[tuple[object, ...]]:
    """What every mention of a graph names, in a comparable form."""
    return sorted(
        (r.mention.path, r.mention.span, r.mention.target, r.clause or "", r.unknown, r.candidates)
        for r in graph.resolved
    )


@fuzz(100, 2_000)
@given(
    st.tuples(
        kiro_texts(surrogates=True),
        kiro_texts(),
        kiro_texts(),
        python_texts(CODE_SEEDS, surrogates=True),
        python_texts(TEST_SEEDS),
    ),
    st.permutations(range(len(KIRO_PATHS))),
)
@example(
    (
        "### Requirement 1\n#### Acceptance Criteria\n1. THE x SHALL y",
        "### Property 1: P\n**Validates: Requirements 1.1**",
        "### Requirement 1\n1. THE x SHALL z",
        'def f():\n    """Requirement 1.1"""',
        'def test_f():\n    """Feature: core, Property 1"""',
    ),
    [4, 3, 1, 2, 0],
)
# The design arrives last: the test citing its property must follow it.
@example(
    (
        "### Requirement 1\n#### Acceptance Criteria\n1. THE x SHALL y",
        "### Property 1: P\n**Validates: Requirements 1.1**",
        "",
        "",
        'def test_f():\n    """Feature: core, Property 1"""',
    ),
    [0, 2, 3, 4, 1],
)
def test_kiro_citations_resolve_the_same_whatever_the_order(
    files: tuple[str, ...], order: list[int]
) -> None:
    """FMT-31, FMT-32, FMT-33, IDX-1: Kiro spec folders, code and tests citing them in Kiro's
    style resolve and link the same whether the graph is built at once or file by file."""
    ids = IdMatcher()
    records = [
        build_record(path, role, text, ids)
        for path, role, text in zip(KIRO_PATHS, ROLES, files, strict=True)
    ]
    cold = TraceGraph({r.path: r for r in records})
    warm = TraceGraph()
    for index in order:
        warm.update([records[index]])
    assert warm.links == cold.links
    assert _resolution(warm) == _resolution(cold)
