"""Fuzzing the language server over stdio: random edit sequences on open spec, code and test
documents, then the diagnostics the server pushed must equal those a fresh index computes from
the final texts, and every range it returned must lie inside its document.

One server per test serves all of its examples (each example opens the three documents with its
own texts and closes them at the end). Positions are UTF-16, the LSP default.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import fuzz
from hypothesis import example, given
from pytest_lsp import LanguageClient
from sessions import CODE, SEEDS, SPEC, TESTS, Editor, Op, Session, sessions

SEED_TEXTS = (SEEDS[SPEC], SEEDS[CODE], SEEDS[TESTS])


def _with_code(code: str) -> tuple[str, str, str]:
    """The seed texts with lines put before the code."""
    return (SEEDS[SPEC], code + SEEDS[CODE], SEEDS[TESTS])


async def _editor(server: LanguageClient, root: Path, cache: dict[str, Editor]) -> Editor:
    """The test's editor, started on the first example and reused by the next ones."""
    if "editor" not in cache:
        cache["editor"] = await Editor.start(server, root)
    return cache["editor"]


async def _play(editor: Editor, session: Session) -> tuple[list[str], dict[str, object]]:
    try:
        await editor.play(session)
        return list(editor.outside), editor.mismatches()
    finally:
        editor.close()
        await editor.settle()


@pytest.fixture
def editors() -> dict[str, Editor]:
    """Holds the one editor session a test's examples share."""
    return {}


@fuzz(30, 800)
@given(session=sessions())
# Typing and deleting a character before an id that stays undeclared.
@example(
    session=Session(
        SEED_TEXTS,
        (Op("insert", 1, 2, 0, "x"), Op("delete", 1, 2, 1), Op("hover", 1, 12)),
    )
)
# Line breaks of every kind typed in, then a range past the last line and past a line's end.
@example(
    session=Session(
        SEED_TEXTS,
        (
            Op("insert", 0, 40, 0, "\r\n- **DUR-5** x MUST 😀\r"),
            Op("past-last-line", 0, 3, 1, "\n## `parse`"),
            Op("past-line-end", 1, 0, 0, "# DUR-9"),
            Op("pair", 2, 10, 5, "😀\r\n"),
            Op("symbols", 0),
            Op("definition", 1, 30),
        ),
    )
)
# One past the end of a line (LF and CRLF) and past the end of the last line: the line's end.
@example(session=Session(_with_code("# DUR-\n"), (Op("at", 1, 0, 7, "9"),)))
@example(session=Session(_with_code("# DUR-\r\n"), (Op("at", 1, 0, 7, "9"),)))
@example(
    session=Session(
        (SEEDS[SPEC], SEEDS[CODE].rstrip("\n"), SEEDS[TESTS]), (Op("at", 1, 14, 40, "# DUR-9"),)
    )
)
# A whole-document replacement that removes every clause, then undoes it.
@example(
    session=Session(
        SEED_TEXTS,
        (
            Op("whole", 0, text="# Nothing\n"),
            Op("completion", 1, 5),
            Op("whole", 0, text=SEEDS[SPEC]),
        ),
    )
)
async def test_edits_converge_to_a_fresh_index(
    server: LanguageClient, tmp_path: Path, editors: dict[str, Editor], session: Session
) -> None:
    """LSP-4, LSP-5, LSP-17, LSP-19, IDX-1: after any sequence of incremental edits (inserts,
    deletes, replacements, whole documents, ranges past the end, CRLF, emoji), the pushed
    diagnostics equal a fresh index of the final texts, and every diagnostic, hover, definition,
    completion and symbol range lies inside its document."""
    editor = await _editor(server, tmp_path, editors)
    outside, mismatches = await _play(editor, session)
    assert outside == []
    assert mismatches == {}


# -- bugs found, not fixed here (lsp/ and pygls) ------------------------------------------------


async def test_wider_character_before_a_diagnostic_moves_its_range(
    server: LanguageClient, tmp_path: Path
) -> None:
    """LSP-4, LSP-17: replacing a character by a wider one (in UTF-16) before a diagnostic
    re-publishes the diagnostic at its new UTF-16 range."""
    editor = await Editor.start(server, tmp_path)
    session = Session(_with_code("# é DUR-9 x\n"), (Op("replace", 1, 2, 1, "😀"),))
    outside, mismatches = await _play(editor, session)
    assert outside == []
    assert mismatches == {}


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("# a\u2028b\n# DUR-\n", id="u2028"),
        pytest.param("# a\x0cb\n# DUR-\n", id="form-feed"),
        pytest.param("# a\x85b\n# DUR-\n", id="next-line"),
    ],
)
async def test_only_lf_crlf_and_cr_end_lines(
    server: LanguageClient, tmp_path: Path, code: str
) -> None:
    """LSP-17, WS-4: only LF, CRLF and CR end lines, as LSP says, so an edit below a line that
    holds another line separator lands where the editor made it."""
    editor = await Editor.start(server, tmp_path)
    outside, mismatches = await _play(editor, Session(_with_code(code), (Op("at", 1, 1, 6, "9"),)))
    assert outside == []
    assert mismatches == {}
