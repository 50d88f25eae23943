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
from trine.index.files import read_source
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
