"""Drift against the sync lock, in-process: fingerprints, the lock file, stale links, PR mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from trine.analysis.drift import (
    LockState,
    change_summary,
    current_lock,
    lock_differences,
    reviewed,
    reviewed_text,
    stale_links,
    word_diff,
)
from trine.analysis.findings import Diagnostic
from trine.analysis.since import is_metadata, since_findings
from trine.config import TrineConfig
from trine.index.fingerprint import fingerprint
from trine.index.graph import TraceGraph
from trine.parsers.lock import HEADER, Lock, LockedLink, parse_lock, render_lock
from trine.project import CheckResult, check, lock_state, make_host
from workspaces import STORE, write_workspace

SPEC = "SPEC.md"
CODE = "pkg/store.py"
TESTS = "tests/test_store.py"


WRITE = "pkg/store.py::write"
READ = "pkg/store.py::read"
TEST_WRITE = "tests/test_store.py::test_write"
TEST_READ = "tests/test_store.py::test_read"


# -- helpers ------------------------------------------------------------------------------------


def _config(**severity: str) -> TrineConfig:
    return TrineConfig.model_validate({"severity": severity})


def _graph(root: Path, config: TrineConfig | None = None) -> TraceGraph:
    host = make_host(root, config or TrineConfig())
    host.scan()
    return host.graph()


def _check(root: Path, lock: Lock | None, **severity: str) -> CheckResult:
    """Check the workspace with a lock read back from its rendered text, as `trine check` does."""
    config = _config(**severity)
    host = make_host(root, config)
    host.scan()
    state = lock_state(render_lock(lock)) if lock is not None else LockState()
    return check(host, config, state)


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new), "utf-8")


def _of(result: CheckResult, code: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == code]


def _places(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    """Where diagnostics start: path, 1-based line and column, as the CLI prints them."""
    return sorted((d.path, d.span.start_line + 1, d.span.start_col + 1) for d in diagnostics)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The STORE workspace, written into a temporary folder."""
    write_workspace(tmp_path, STORE)
    return tmp_path


@pytest.fixture
def locked(store: Path) -> Lock:
    """The lock `trine lock` would write for the STORE workspace as it is."""
    return current_lock(_graph(store))


# -- DRIFT-1: fingerprints and the lock file ----------------------------------------------------


def test_fingerprint_ignores_whitespace_but_not_words() -> None:
    """DRIFT-1: spaces, tabs, line breaks and CRLF do not change a fingerprint; a word does."""
    text = "Writes MUST be durable and fast."
    assert fingerprint("  Writes MUST\tbe\r\n   durable and\n\nfast.  ") == fingerprint(text)
    assert fingerprint("Writes MUST be durable and quick.") != fingerprint(text)
    assert fingerprint("Writes MUST be durable fast.") != fingerprint(text)


def test_reflowing_the_spec_keeps_every_fingerprint(store: Path, locked: Lock) -> None:
    """DRIFT-1: reflowing a list item over lines, with CRLF line endings, changes no fingerprint."""
    reflowed = (
        "# Store\r\n\r\n- **REQ-1**   Writes MUST\r\n  be   durable.\r\n"
        "- **REQ-2** Reads MUST be\r\nconsistent.\r\n"
    )
    (store / SPEC).write_text(reflowed, "utf-8")
    again = current_lock(_graph(store))
    assert {k: v.target_hash for k, v in again.links.items()} == {
        k: v.target_hash for k, v in locked.links.items()
    }
    graph = _graph(store)
    state = LockState(locked, (), True)
    assert [f for c in graph.clauses for f in stale_links(graph, state, c)] == []


def test_body_fingerprint_ignores_whitespace(store: Path, locked: Lock) -> None:
    """DRIFT-1: blank lines and trailing spaces in a function do not change its body fingerprint."""
    _edit(store, CODE, "    return 1\n", "\n    return 1   \n\n")
    assert current_lock(_graph(store)).links == locked.links


def test_lock_records_every_link_with_its_fingerprints(store: Path, locked: Lock) -> None:
    """DRIFT-1: every link it records is locked with the clause and source fingerprints."""
    graph = _graph(store)
    assert set(locked.links) == {
        (WRITE, "REQ-1", "implements"),
        (READ, "REQ-2", "implements"),
        (TEST_WRITE, "REQ-1", "verifies"),
        (TEST_READ, "REQ-2", "verifies"),
    }
    implements = locked.links[(WRITE, "REQ-1", "implements")]
    assert implements.target_hash == fingerprint("Writes MUST be durable.")
    assert implements.source_hash == graph.symbols[WRITE].body_hash
    assert locked.texts[implements.target_hash] == "Writes MUST be durable."


def test_lock_leaves_links_through_calls_to_the_report(store: Path, locked: Lock) -> None:
    """DRIFT-10: a test calling a function is a link in the graph, not an entry in the lock."""
    graph = _graph(store)
    assert (TEST_WRITE, WRITE, "exercises") in {link.key for link in graph.links}
    assert not any(kind == "exercises" for _, _, kind in locked.links)


def test_lock_calls_keeps_links_through_calls(store: Path) -> None:
    """DRIFT-10: with lock_calls, a call link is locked with the function's body fingerprint."""
    graph = _graph(store)
    locked = current_lock(graph, calls=True)
    exercises = locked.links[(TEST_WRITE, WRITE, "exercises")]
    assert exercises.target_hash == graph.symbols[WRITE].body_hash
    assert exercises.source_hash == graph.tests[TEST_WRITE].body_hash
    assert lock_differences(graph, locked, calls=True) == []
    assert lock_differences(graph, current_lock(graph), calls=True) == [
        f"+ exercises {TEST_READ} -> {READ}: not reviewed yet",
        f"+ exercises {TEST_WRITE} -> {WRITE}: not reviewed yet",
    ]


def test_an_older_lock_with_call_links_is_up_to_date_and_loses_them(store: Path) -> None:
    """DRIFT-10: call links a lock still records need no review, and any review drops them."""
    graph = _graph(store)
    older = current_lock(graph, calls=True)
    assert lock_differences(graph, older) == []
    one_clause = reviewed(graph, older, lambda key: key[1] == "REQ-2")
    assert set(one_clause.links) == set(current_lock(graph).links)
    assert (
        one_clause.links[(WRITE, "REQ-1", "implements")]
        == older.links[(WRITE, "REQ-1", "implements")]
    )


def test_render_lock_is_sorted_and_deterministic(locked: Lock) -> None:
    """DRIFT-1: the rendered lock does not depend on insertion order and lists links sorted."""
    shuffled = Lock(
        dict(reversed(list(locked.links.items()))), dict(reversed(list(locked.texts.items())))
    )
    text = render_lock(locked)
    assert render_lock(shuffled) == text
    assert text.startswith(HEADER)
    assert text.count("[[link]]") == 4
    targets = [line for line in text.splitlines() if line.startswith("target = ")]
    assert targets == [
        'target = "REQ-1"',
        'target = "REQ-1"',
        'target = "REQ-2"',
        'target = "REQ-2"',
    ]
    assert text.index('"Reads MUST be consistent."') < text.index('"Writes MUST be durable."')


def test_render_lock_round_trips_through_parse_lock(locked: Lock) -> None:
    """DRIFT-1: parsing the rendered lock gives back the same links and reviewed texts."""
    parsed, problems = parse_lock(render_lock(locked))
    assert problems == ()
    assert parsed == locked
    assert render_lock(parsed) == render_lock(locked)


def test_render_lock_keeps_only_texts_of_locked_links() -> None:
    """DRIFT-1: texts no link refers to any more are not written."""
    link = LockedLink("REQ-1", "a.py::f", "implements", "aaaa", "bbbb")
    lock = Lock({link.key: link}, {"aaaa": "kept", "cccc": "dropped"})
    parsed, _ = parse_lock(render_lock(lock))
    assert parsed is not None
    assert parsed.texts == {"aaaa": "kept"}


def test_lock_of_a_clause_quoting_conflict_markers_round_trips(tmp_path: Path) -> None:
    """DRIFT-1, DRIFT-8: a lock trine wrote reads back even when a clause quotes conflict markers."""
    write_workspace(
        tmp_path,
        '''
//- SPEC.md
# Merging

- **REQ-1** A merged file MUST NOT keep lines such as:

  ```text
  <<<<<<< HEAD
  =======
  >>>>>>> other
  ```
//- pkg/merge.py
def merge():
    """REQ-1"""
''',
    )
    lock = current_lock(_graph(tmp_path))
    parsed, problems = parse_lock(render_lock(lock))
    assert [p.message for p in problems] == []
    assert parsed == lock


# -- DRIFT-8: a lock that cannot be trusted -----------------------------------------------------

LINK = (
    '[[link]]\ntarget = "REQ-1"\nsource = "a.py::f"\nkind = "implements"\n'
    'target_hash = "aaaa"\nsource_hash = "bbbb"\n'
)


@pytest.mark.parametrize(
    ("text", "cause", "line"),
    [
        pytest.param(
            "version = 1\n\n<<<<<<< HEAD\n" + LINK + "=======\n>>>>>>> main\n",
            "merge conflict markers on line 3",
            2,
            id="conflict-markers",
        ),
        pytest.param("version = 1\n[[link]\n", "not valid TOML", 0, id="invalid-toml"),
        pytest.param(LINK, "no `version`", 0, id="missing-version"),
        pytest.param("version = 2\n", "newer trine (lock version 2", 0, id="future-version"),
        pytest.param(
            "version = 1\n" + LINK.replace('kind = "implements"\n', ""),
            "link 1 is malformed",
            0,
            id="link-missing-a-key",
        ),
        pytest.param(
            "version = 1\n" + LINK.replace('"bbbb"', "3"),
            "link 1 is malformed",
            0,
            id="link-with-a-number",
        ),
        pytest.param(
            "version = 1\nlink = 5\n",
            "malformed",
            0,
            id="link-not-a-list",
        ),
    ],
)
def test_unreadable_lock_gives_one_problem_naming_the_cause(
    text: str, cause: str, line: int
) -> None:
    """DRIFT-8: a corrupt, half-merged or future lock gives no lock and one problem saying why."""
    lock, problems = parse_lock(text)
    assert lock is None
    assert len(problems) == 1
    assert cause in problems[0].message
    assert problems[0].span.start_line == line


def test_unreadable_lock_suggests_how_to_recover() -> None:
    """DRIFT-8: a broken lock points at `trine lock --force`; a future one at upgrading trine."""
    _, broken = parse_lock("version = 1\n<<<<<<< HEAD\n")
    assert "trine lock --force" in broken[0].message
    _, future = parse_lock("version = 99\n")
    assert "upgrade trine" in future[0].message


def test_unreadable_lock_is_one_lock_problem_and_the_rest_still_works(store: Path) -> None:
    """DRIFT-8: an unreadable lock is one lock-problem error; coverage diagnostics still appear."""
    _edit(store, SPEC, "consistent.\n", "consistent.\n- **REQ-3** Logs MUST rotate.\n")
    config = TrineConfig()
    host = make_host(store, config)
    host.scan()
    result = check(host, config, lock_state("<<<<<<< HEAD\n=======\n>>>>>>> main\n"))
    problem = _of(result, "lock-problem")
    assert [(d.path, d.severity, d.span.start_line) for d in problem] == [
        ("trine.lock", "error", 0)
    ]
    assert "merge conflict markers" in problem[0].message
    assert _places(_of(result, "unimplemented-clause")) == [(SPEC, 5, 5)]
    assert _places(_of(result, "untested-clause")) == [(SPEC, 5, 5)]


# -- DRIFT-3: stale links -----------------------------------------------------------------------


def test_word_change_makes_exactly_that_clauses_links_stale(store: Path, locked: Lock) -> None:
    """DRIFT-3: a word change in REQ-1 makes its two links stale, at each linking place and on REQ-1."""
    _edit(store, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    result = _check(store, locked)
    stale = _of(result, "stale-link")
    assert [d.code for d in result.diagnostics] == ["stale-link"] * 3
    assert all(d.severity == "warning" for d in stale)
    assert _places(stale) == [(SPEC, 3, 5), (CODE, 2, 8), (TESTS, 5, 8)]
    by_path = {d.path: d for d in stale}
    assert by_path[SPEC].message.startswith("REQ-1 changed since it was reviewed (")
    names = by_path[SPEC].message.split("2 links to review (", 1)[1].split(")", 1)[0]
    assert set(names.split(", ")) == {"write", "test_write"}
    assert "update the code to match" in by_path[CODE].message
    assert "update the test to match" in by_path[TESTS].message
    assert all("trine lock --clause REQ-1" in d.message for d in stale)
    assert not any("REQ-2" in d.message for d in stale)


def test_stale_link_quotes_the_words_that_changed(store: Path, locked: Lock) -> None:
    """DRIFT-12: the messages quote the changed words with a word of context, not the clause's
    first words."""
    _edit(store, SPEC, "Reads MUST be consistent.", "Reads SHOULD be consistent.")
    stale = _of(_check(store, locked), "stale-link")
    change = '("Reads MUST" became "Reads SHOULD")'
    assert all(change in d.message for d in stale)
    assert [d.message for d in stale if d.path == CODE] == [
        f"REQ-2 changed since this link was reviewed {change}: update the code to match, then"
        " mark the link reviewed (trine lock --clause REQ-2)"
    ]


def test_change_summary_quotes_a_few_changes_with_context() -> None:
    """DRIFT-12: an insertion shows the words around it, long changes are cut, and changes
    beyond the first two are counted."""
    assert change_summary("Reads MUST be consistent.", "Reads MUST be very consistent.") == (
        '"be consistent." became "be very consistent."'
    )
    assert change_summary("Old first words stay.", "New first words stay.") == (
        '"Old first" became "New first"'
    )
    long = " ".join(f"w{i}" for i in range(20))
    assert change_summary("a", f"a {long}") == '"a" became "a w0 w1 w2 w3 w4 w5 w6 ..."'
    assert change_summary("a b c d e f g", "x b y d z f w") == (
        '"a b" became "x b"; "b c" became "b y"; 2 more changes'
    )


def test_a_test_that_checks_a_changed_clause_through_a_call_is_told(store: Path) -> None:
    """DRIFT-11: a test that calls a function whose clause changed gets an info stale-link at the
    call, once; a test that names the clause gets its own warning instead."""
    _edit(
        store,
        TESTS,
        "def test_read():",
        "def test_write_twice():\n    write()\n    assert write() == 1\n\n\ndef test_read():",
    )
    locked = current_lock(_graph(store))
    _edit(store, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    stale = _of(_check(store, locked), "stale-link")
    through = [d for d in stale if d.severity == "info"]
    assert _places(through) == [(TESTS, 10, 5)]
    assert through[0].message == (
        'REQ-1 changed since it was reviewed ("be durable." became "be durable and fast."), and'
        " this test checks it through write: check that the test still holds, then mark REQ-1"
        " reviewed (trine lock --clause REQ-1)"
    )
    assert _places([d for d in stale if d.severity == "warning"]) == [
        (SPEC, 3, 5),
        (CODE, 2, 8),
        (TESTS, 5, 8),
    ]


def test_whitespace_change_leaves_links_fresh(store: Path, locked: Lock) -> None:
    """DRIFT-3: reflowing REQ-1 over two lines reports nothing."""
    _edit(store, SPEC, "Writes MUST be durable.", "Writes   MUST\n  be durable.")
    assert _check(store, locked).diagnostics == []


def test_unreviewed_links_are_reported_only_when_enabled(store: Path) -> None:
    """DRIFT-3: links missing from the lock are silent by default, unreviewed-link when enabled."""
    only_req1 = reviewed(_graph(store), Lock(), lambda key: key[1] == "REQ-1")
    assert _check(store, only_req1).diagnostics == []
    found = _of(_check(store, only_req1, **{"unreviewed-link": "warning"}), "unreviewed-link")
    assert _places(found) == [(CODE, 7, 7), (TESTS, 10, 8)]
    assert all("REQ-2 has not been reviewed" in d.message for d in found)
    assert all("trine lock --clause REQ-2" in d.message for d in found)


def test_removed_clause_makes_its_references_unknown(store: Path, locked: Lock) -> None:
    """DRIFT-3: removing REQ-2 from the spec makes the code and test naming it unknown-reference."""
    _edit(store, SPEC, "- **REQ-2** Reads MUST be consistent.\n", "")
    result = _check(store, locked)
    unknown = _of(result, "unknown-reference")
    assert _places(unknown) == [(CODE, 7, 7), (TESTS, 10, 8)]
    assert all(d.severity == "error" and "REQ-2" in d.message for d in unknown)
    assert _of(result, "stale-link") == []


def test_removing_the_only_clause_keeps_its_locked_references_unknown(tmp_path: Path) -> None:
    """DRIFT-3: a locked link to the only REQ clause becomes unknown-reference when it is removed."""
    write_workspace(
        tmp_path,
        '''
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
//- pkg/store.py
def write():
    """REQ-1: write durably."""
''',
    )
    lock = current_lock(_graph(tmp_path))
    _edit(tmp_path, SPEC, "- **REQ-1** Writes MUST be durable.\n", "")
    unknown = _of(_check(tmp_path, lock), "unknown-reference")
    assert _places(unknown) == [(CODE, 2, 8)]


# -- DRIFT-6: reviewing one link ----------------------------------------------------------------


def test_reviewing_one_link_clears_only_that_link(store: Path, locked: Lock) -> None:
    """DRIFT-6: marking the code's link reviewed clears it; the test's link stays stale."""
    _edit(store, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    graph = _graph(store)
    after = reviewed(graph, locked, lambda key: key == (WRITE, "REQ-1", "implements"))
    stale = _of(_check(store, after), "stale-link")
    assert _places(stale) == [(SPEC, 3, 5), (TESTS, 5, 8)]
    on_clause = next(d for d in stale if d.path == SPEC)
    assert "1 link to review (test_write)" in on_clause.message
    changed = {k for k in locked.links if after.links[k] != locked.links[k]}
    assert changed == {(WRITE, "REQ-1", "implements")}
    assert after.texts[after.links[(WRITE, "REQ-1", "implements")].target_hash] == (
        "Writes MUST be durable and fast."
    )


def test_reviewing_one_link_keeps_vanished_entries_of_others(store: Path, locked: Lock) -> None:
    """DRIFT-6: reviewing REQ-1's link leaves the entry of a vanished REQ-2 link for review."""
    _edit(store, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    _edit(store, CODE, "    # REQ-2\n", "")
    after = reviewed(_graph(store), locked, lambda key: key == (WRITE, "REQ-1", "implements"))
    assert (
        after.links.get((READ, "REQ-2", "implements"))
        == locked.links[(READ, "REQ-2", "implements")]
    )


# -- DRIFT-4: what changed ----------------------------------------------------------------------


def test_word_diff_shows_the_changed_words() -> None:
    """DRIFT-4: the diff keeps equal words and marks the removed and added ones."""
    assert word_diff("Writes MUST be durable.", "Writes MUST be durable and fast.") == [
        ("=", "Writes MUST be"),
        ("-", "durable."),
        ("+", "durable and fast."),
    ]
    assert word_diff("Reads MUST be consistent.", "Reads SHOULD be consistent.") == [
        ("=", "Reads"),
        ("-", "MUST"),
        ("+", "SHOULD"),
        ("=", "be consistent."),
    ]
    assert word_diff("a  b\nc", "a b c") == [("=", "a b c")]


def test_reviewed_text_is_the_text_before_the_change(store: Path, locked: Lock) -> None:
    """DRIFT-4: a stale clause's reviewed text is the old one, read back from the lock file."""
    _edit(store, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    graph = _graph(store)
    from_file, _ = parse_lock(render_lock(locked))
    assert from_file is not None
    assert reviewed_text(graph, from_file, "REQ-1") == "Writes MUST be durable."
    assert reviewed_text(graph, from_file, "REQ-2") is None


# -- DRIFT-5: changed since review --------------------------------------------------------------


def test_changed_since_review_is_off_by_default_and_reports_a_changed_body(
    store: Path, locked: Lock
) -> None:
    """DRIFT-5: a changed function body is silent by default, changed-since-review when enabled."""
    _edit(store, CODE, "    return 1\n", "    return 10\n")
    assert _check(store, locked).diagnostics == []
    found = _of(_check(store, locked, **{"changed-since-review": "info"}), "changed-since-review")
    assert _places(found) == [(CODE, 1, 5)]
    assert found[0].severity == "info"
    assert found[0].message.startswith("write changed since its link to REQ-1 was reviewed")


def test_changed_since_review_reports_a_changed_test(store: Path, locked: Lock) -> None:
    """DRIFT-5: a test whose body changed is reported; a whitespace-only change is not."""
    _edit(store, TESTS, "    assert read() == 2\n", "    assert read() == 2  \n\n")
    enabled = {"changed-since-review": "warning"}
    assert _of(_check(store, locked, **enabled), "changed-since-review") == []
    _edit(store, TESTS, "assert read() == 2", "assert read() != 3")
    found = _of(_check(store, locked, **enabled), "changed-since-review")
    assert _places(found) == [(TESTS, 9, 5)]
    assert "test_read changed since its link to REQ-2" in found[0].message


# -- DRIFT-2: what a review would change --------------------------------------------------------


def test_lock_differences_list_new_vanished_and_changed(store: Path, locked: Lock) -> None:
    """DRIFT-2: a new link, a vanished link and a changed clause each need review."""
    assert lock_differences(_graph(store), locked) == []
    _edit(store, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    _edit(store, CODE, "    return 2\n", '    return 2\n\n\ndef flush():\n    """REQ-2"""\n')
    _edit(store, TESTS, '"""REQ-2: a read is consistent."""', '"""A read is consistent."""')
    assert lock_differences(_graph(store), locked) == [
        f"+ implements {CODE}::flush -> REQ-2: not reviewed yet",
        f"- verifies {TEST_READ} -> REQ-2: no longer exists",
        f"~ REQ-1 changed since review: {WRITE}, {TEST_WRITE}",
    ]


def test_lock_differences_ignore_a_body_only_change(store: Path, locked: Lock) -> None:
    """DRIFT-2: a function body that changed alone is not a difference."""
    _edit(store, CODE, "    return 2\n", "    return 2 + 0\n")
    _edit(store, TESTS, "assert write() == 1", "assert write() >= 1")
    assert lock_differences(_graph(store), locked) == []


# -- DRIFT-7: PR mode ---------------------------------------------------------------------------


def _two_versions(tmp_path: Path, *edits: tuple[str, str, str]) -> tuple[TraceGraph, TraceGraph]:
    """The STORE graph as the base, and the graph after some edits (path, old, new)."""
    base, head = tmp_path / "base", tmp_path / "head"
    write_workspace(base, STORE)
    write_workspace(head, STORE)
    for edit in edits:
        _edit(head, *edit)
    return _graph(base), _graph(head)


def test_since_reports_a_spec_change_without_code_change(tmp_path: Path) -> None:
    """DRIFT-7: REQ-1's words changed, its function and test did not: spec-changed-code-not."""
    old, new = _two_versions(tmp_path, (SPEC, "durable.", "durable and fast."))
    found = list(since_findings(old, new, "main"))
    assert [(f.code, f.path, f.span.start_line) for f in found] == [
        ("spec-changed-code-not", SPEC, 2)
    ]
    assert found[0].message.startswith(
        "REQ-1 changed since main but none of its implementations or tests did (test_write, write)"
    )


def test_since_reports_a_code_change_without_spec_change(tmp_path: Path) -> None:
    """DRIFT-7: read's body changed, REQ-2 and its test did not: code-changed-spec-not."""
    old, new = _two_versions(tmp_path, (CODE, "return 2", "return 2 + 0"))
    found = list(since_findings(old, new, "main"))
    assert [(f.code, f.path, f.span.start_line) for f in found] == [
        ("code-changed-spec-not", CODE, 5)
    ]
    assert found[0].message.startswith("read changed since main but its clauses (REQ-2)")


def test_since_is_quiet_when_spec_and_code_change_together(tmp_path: Path) -> None:
    """DRIFT-7: a clause and its function changed together, and a reflow alone, report nothing."""
    old, new = _two_versions(
        tmp_path, (SPEC, "durable.", "durable and fast."), (CODE, "return 1", "return 1 + 0")
    )
    assert list(since_findings(old, new, "main")) == []
    _, reflowed = _two_versions(tmp_path / "again", (SPEC, "be durable.", "be\n  durable."))
    assert list(since_findings(old, reflowed, "main")) == []


def test_since_ignores_metadata_lines_and_whitespace(tmp_path: Path) -> None:
    """DRIFT-13: metadata lines added to clauses, and spaces and blank lines added to a function,
    are no changes; a label left out of the configured ones is a change again."""
    old, new = _two_versions(
        tmp_path,
        (SPEC, "be durable.", "be durable.\n  - _Last updated_: 2026-12-07"),
        (SPEC, "be consistent.", "be consistent.\n  > **Status**: accepted"),
        (CODE, "    return 1\n", "\n    return   1  \n\n"),
    )
    assert list(since_findings(old, new, "main")) == []
    found = list(since_findings(old, new, "main", labels=("Status:",)))
    assert [(f.code, f.data["clause"]) for f in found] == [("spec-changed-code-not", "REQ-1")]


def test_metadata_lines_are_recognised_through_markup() -> None:
    """DRIFT-13: list and quote markers, emphasis and case do not hide a label; a label inside
    a sentence, or a longer word, is not one."""
    labels = ("Status:", "Last updated:")
    assert is_metadata("- **Status**: Draft", labels)
    assert is_metadata("> _last updated_: 2026-12-07", labels)
    assert is_metadata("1. `Status:` accepted", labels)
    assert not is_metadata("The Status: line is ignored", labels)
    assert not is_metadata("Statuses: many", labels)
