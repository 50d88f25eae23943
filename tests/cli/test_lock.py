"""`trine lock` and `trine check --since`, run as a user runs them, in real git repositories."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from workspaces import STORE, write_workspace

SPEC = "SPEC.md"
CODE = "pkg/store.py"
TESTS = "tests/test_store.py"
LOCK = "trine.lock"


LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info|hint): "
    r"(?P<message>.+) \[(?P<code>[a-z-]+)\]$"
)


# -- helpers ------------------------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    """An environment without colour settings and without the user's git configuration."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CEILING_DIRECTORIES=str(tmp_path.parent),
    )
    return env


def _trine(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m trine ARGS` in the workspace root."""
    return subprocess.run(
        [sys.executable, "-m", "trine", *args],
        capture_output=True,
        text=True,
        cwd=root,
        env=_env(root),
        check=False,
    )


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
        cwd=root,
        env=_env(root),
        check=True,
    )
    return done.stdout


def _workspace(tmp_path: Path, fixture: str = STORE) -> Path:
    root = tmp_path / "ws"
    write_workspace(root, fixture)
    return root


def _repo(tmp_path: Path) -> Path:
    """The STORE workspace in a fresh git repository with one commit."""
    root = _workspace(tmp_path)
    _git(root, "-c", "init.defaultBranch=main", "init", "-q")
    _commit(root, "first")
    return root


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new), "utf-8")


def _diagnostics(out: str) -> list[tuple[str, int, int, str, str, str]]:
    """The diagnostic lines of `trine check` output (before the layout and summary lines):
    path, line, col, severity, code, message."""
    found = []
    for line in out.splitlines()[:-2]:
        match = LINE.match(line)
        assert match, line
        found.append(
            (
                match["path"],
                int(match["line"]),
                int(match["col"]),
                match["severity"],
                match["code"],
                match["message"],
            )
        )
    return found


def _places(out: str) -> list[tuple[str, int, int, str, str]]:
    return [d[:5] for d in _diagnostics(out)]


# -- DRIFT-1: writing the lock ------------------------------------------------------------------


def test_lock_writes_every_link_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    """DRIFT-1: `trine lock` writes trine.lock at the root; running it again leaves it byte-identical."""
    root = _workspace(tmp_path)
    done = _trine(root, "lock")
    assert (done.returncode, done.stdout) == (0, "trine: trine.lock: 4 links reviewed\n")
    lock = root / LOCK
    first = lock.read_bytes()
    text = first.decode("utf-8")
    assert text.startswith("# trine.lock:")
    assert text.count("[[link]]") == 4
    assert 'source = "pkg/store.py::write"' in text
    assert 'kind = "exercises"' not in text
    assert '"Writes MUST be durable."' in text
    before = lock.stat().st_mtime_ns

    again = _trine(root, "lock")
    assert again.returncode == 0
    assert lock.read_bytes() == first
    assert lock.stat().st_mtime_ns == before


def test_lock_is_written_atomically(tmp_path: Path) -> None:
    """DRIFT-1: a rewritten lock replaces the old file by rename and leaves no temporary file."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    inode = (root / LOCK).stat().st_ino
    _edit(root, SPEC, "durable.", "durable and fast.")
    assert _trine(root, "lock").returncode == 0
    assert (root / LOCK).stat().st_ino != inode
    assert "durable and fast." in (root / LOCK).read_text("utf-8")
    assert sorted(p.name for p in root.iterdir()) == ["SPEC.md", "pkg", "tests", LOCK]


# -- DRIFT-2: the CI gate and reviewing one clause ----------------------------------------------


def test_lock_check_gates_on_clause_changes_and_clause_review(tmp_path: Path) -> None:
    """DRIFT-2: --check fails after a word change, naming the clause, until `--clause ID` reviews it."""
    root = _workspace(tmp_path)
    missing = _trine(root, "lock", "--check")
    assert missing.returncode == 1
    assert "trine.lock is missing" in missing.stderr
    assert not (root / LOCK).exists()

    assert _trine(root, "lock").returncode == 0
    fresh = _trine(root, "lock", "--check")
    assert (fresh.returncode, fresh.stdout) == (0, "trine: trine.lock is up to date\n")

    _edit(root, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    _edit(root, SPEC, "Reads MUST be consistent.", "Reads MUST be strictly consistent.")
    before = (root / LOCK).read_bytes()
    both = _trine(root, "lock", "--check")
    assert both.returncode == 1
    assert both.stdout.splitlines() == [
        "~ REQ-1 changed since review: pkg/store.py::write, tests/test_store.py::test_write",
        "~ REQ-2 changed since review: pkg/store.py::read, tests/test_store.py::test_read",
        "trine: trine.lock is out of date (2 to review): check the code and tests against the"
        " spec, then run `trine lock`",
    ]
    assert (root / LOCK).read_bytes() == before

    assert _trine(root, "lock", "--clause", "REQ-1").returncode == 0
    one = _trine(root, "lock", "--check")
    assert one.returncode == 1
    assert "REQ-1" not in one.stdout
    assert one.stdout.startswith("~ REQ-2 changed since review:")

    assert _trine(root, "lock", "--clause", "REQ-2").returncode == 0
    assert _trine(root, "lock", "--check").returncode == 0


def test_lock_check_ignores_a_body_only_change(tmp_path: Path) -> None:
    """DRIFT-2: a function body that changed alone does not fail `trine lock --check`."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    _edit(root, CODE, "return 2", "return 1 + 1")
    done = _trine(root, "lock", "--check")
    assert (done.returncode, done.stdout) == (0, "trine: trine.lock is up to date\n")


def test_lock_check_reports_new_and_vanished_links(tmp_path: Path) -> None:
    """DRIFT-2: --check lists a link not in the lock and a locked link that no longer exists."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    _edit(root, CODE, "    # REQ-2\n", "")
    _edit(root, CODE, "def write():", "# REQ-2\ndef write():")
    done = _trine(root, "lock", "--check")
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        "+ implements pkg/store.py::write -> REQ-2: not reviewed yet",
        "- implements pkg/store.py::read -> REQ-2: no longer exists",
    ]


def test_lock_calls_setting_records_links_through_calls(tmp_path: Path) -> None:
    """DRIFT-10: with `lock_calls = true` the tests' calls are locked too, and --check wants them."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    (root / "trine.toml").write_text("lock_calls = true\n", "utf-8")
    done = _trine(root, "lock", "--check")
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        "+ exercises tests/test_store.py::test_read -> pkg/store.py::read: not reviewed yet",
        "+ exercises tests/test_store.py::test_write -> pkg/store.py::write: not reviewed yet",
    ]
    assert _trine(root, "lock").stdout == "trine: trine.lock: 6 links reviewed\n"
    assert (root / LOCK).read_text("utf-8").count('kind = "exercises"') == 2


def test_clause_review_says_how_many_links_of_the_clause_it_reviewed(tmp_path: Path) -> None:
    """DRIFT-14: `--clause REQ-1` reports REQ-1's two links, not the size of the whole lock."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    done = _trine(root, "lock", "--clause", "REQ-1")
    assert (done.returncode, done.stdout) == (0, "trine: trine.lock: 2 links of REQ-1 reviewed\n")
    _edit(root, CODE, "    # REQ-2\n", "")
    _edit(root, TESTS, '"""REQ-2: a read is consistent."""', '"""A read is consistent."""')
    none = _trine(root, "lock", "--clause", "REQ-2", "--clause", "REQ-1")
    assert none.stdout == "trine: trine.lock: 2 links of REQ-1, REQ-2 reviewed\n"
    alone = _trine(root, "lock", "--clause", "REQ-2")
    assert alone.stdout == "trine: trine.lock: 0 links of REQ-2 reviewed\n"


def test_clause_review_rejects_an_unknown_clause(tmp_path: Path) -> None:
    """DRIFT-2: `trine lock --clause` with an id the spec does not declare changes nothing."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    before = (root / LOCK).read_bytes()
    done = _trine(root, "lock", "--clause", "REQ-9")
    assert done.returncode == 2
    assert "no clause REQ-9" in done.stderr
    assert (root / LOCK).read_bytes() == before


def test_clause_review_leaves_other_clauses_vanished_links(tmp_path: Path) -> None:
    """DRIFT-2: `--clause REQ-1` keeps the entry of a vanished REQ-2 link, so --check still fails."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    _edit(root, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    _edit(root, CODE, "    # REQ-2\n", "")
    assert _trine(root, "lock", "--clause", "REQ-1").returncode == 0
    done = _trine(root, "lock", "--check")
    assert done.returncode == 1
    assert "- implements pkg/store.py::read -> REQ-2: no longer exists" in done.stdout


# -- DRIFT-3: stale links in `trine check` ------------------------------------------------------


def test_check_reports_stale_links_after_a_word_change(tmp_path: Path) -> None:
    """DRIFT-3: after a word change, `trine check` warns at the code, the test and the clause."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    _edit(root, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    done = _trine(root, "check")
    assert done.returncode == 0
    assert _places(done.stdout) == [
        (SPEC, 3, 5, "warning", "stale-link"),
        (CODE, 2, 8, "warning", "stale-link"),
        (TESTS, 5, 8, "warning", "stale-link"),
    ]
    messages = [d[5] for d in _diagnostics(done.stdout)]
    assert "2 links to review" in messages[0]
    assert "update the code to match" in messages[1]
    assert "update the test to match" in messages[2]
    assert all("trine lock --clause REQ-1" in m for m in messages)
    assert done.stdout.splitlines()[-1].endswith("0 errors, 3 warnings, 0 info, 0 hints")


def test_check_ignores_a_pure_reflow(tmp_path: Path) -> None:
    """DRIFT-3: reflowing a clause over lines with other spacing reports no stale link."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    _edit(root, SPEC, "Writes MUST be durable.", "Writes  MUST be\n  durable.")
    done = _trine(root, "check")
    assert done.returncode == 0
    assert _diagnostics(done.stdout) == []
    assert "stale-link" not in done.stdout


# -- DRIFT-8: a lock that cannot be read --------------------------------------------------------


def _conflicted(root: Path) -> bytes:
    """Turn the lock into a half-merged file, as a conflicted `git merge` leaves it."""
    text = (root / LOCK).read_text("utf-8")
    first = text.index("[[link]]")
    second = text.index("[[link]]", first + 1)
    block = text[first:second]
    conflict = "<<<<<<< HEAD\n" + block + "=======\n" + block.replace('"', "'") + ">>>>>>> other\n"
    (root / LOCK).write_text(text[:first] + conflict + text[second:], "utf-8")
    return (root / LOCK).read_bytes()


def test_conflicted_lock_is_an_error_and_the_rest_still_works(tmp_path: Path) -> None:
    """DRIFT-8: a half-merged lock is one lock-problem error; other diagnostics still appear."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    _conflicted(root)
    marker = (root / LOCK).read_text("utf-8").splitlines().index("<<<<<<< HEAD") + 1
    _edit(root, SPEC, "consistent.\n", "consistent.\n- **REQ-3** Logs MUST rotate.\n")
    done = _trine(root, "check")
    assert done.returncode == 1
    assert _places(done.stdout) == [
        (SPEC, 5, 5, "warning", "unimplemented-clause"),
        (SPEC, 5, 5, "warning", "untested-clause"),
        (LOCK, marker, 1, "error", "lock-problem"),
    ]
    problem = _diagnostics(done.stdout)[2][5]
    assert f"merge conflict markers on line {marker}" in problem
    assert "trine lock --force" in problem


def test_lock_refuses_an_unreadable_lock_unless_forced(tmp_path: Path) -> None:
    """DRIFT-8: `trine lock` leaves a lock it cannot read byte-identical; --force rewrites it."""
    root = _workspace(tmp_path)
    assert _trine(root, "lock").returncode == 0
    good = (root / LOCK).read_bytes()
    broken = _conflicted(root)

    refused = _trine(root, "lock")
    assert refused.returncode == 2
    assert "merge conflict markers" in refused.stderr
    assert "--force" in refused.stderr
    assert (root / LOCK).read_bytes() == broken
    assert _trine(root, "lock", "--check").returncode != 0
    assert (root / LOCK).read_bytes() == broken

    forced = _trine(root, "lock", "--force")
    assert forced.returncode == 0
    assert (root / LOCK).read_bytes() == good
    done = _trine(root, "check")
    assert (done.returncode, _diagnostics(done.stdout)) == (0, [])


# -- DRIFT-7: PR mode ---------------------------------------------------------------------------


def test_since_reports_a_spec_change_the_code_did_not_follow(tmp_path: Path) -> None:
    """DRIFT-7: a commit that changed only REQ-1's words gives spec-changed-code-not, no lock needed."""
    root = _repo(tmp_path)
    _edit(root, SPEC, "Writes MUST be durable.", "Writes MUST be durable and fast.")
    _commit(root, "spec only")
    done = _trine(root, "check", "--since", "HEAD~1")
    assert done.returncode == 0, done.stderr
    assert _places(done.stdout) == [(SPEC, 3, 5, "warning", "spec-changed-code-not")]
    message = _diagnostics(done.stdout)[0][5]
    assert message.startswith("REQ-1 changed since HEAD~1 but none of its implementations")
    assert "(test_write, write)" in message
    assert not (root / LOCK).exists()


def test_since_reports_a_code_change_the_spec_did_not_follow(tmp_path: Path) -> None:
    """DRIFT-7: a commit that changed only read's body gives code-changed-spec-not (info)."""
    root = _repo(tmp_path)
    _edit(root, CODE, "return 2", "return 1 + 1")
    _commit(root, "code only")
    done = _trine(root, "check", "--since", "HEAD~1")
    assert done.returncode == 0, done.stderr
    assert _places(done.stdout) == [(CODE, 6, 5, "info", "code-changed-spec-not")]
    assert _diagnostics(done.stdout)[0][5].startswith(
        "read changed since HEAD~1 but its clauses (REQ-2) and tests did not"
    )


def test_since_compares_the_working_tree(tmp_path: Path) -> None:
    """DRIFT-7: uncommitted spec edits count against the revision; the same tree reports nothing."""
    root = _repo(tmp_path)
    clean = _trine(root, "check", "--since", "HEAD")
    assert (clean.returncode, _diagnostics(clean.stdout)) == (0, [])
    _edit(root, SPEC, "Reads MUST be consistent.", "Reads MUST be strictly consistent.")
    done = _trine(root, "check", "--since", "HEAD")
    assert _places(done.stdout) == [(SPEC, 4, 5, "warning", "spec-changed-code-not")]


def test_since_ignores_metadata_lines_as_configured(tmp_path: Path) -> None:
    """DRIFT-13: a clause that only gained a Status line is not reported by --since, unless
    `since_ignore` leaves Status out."""
    root = _repo(tmp_path)
    _edit(root, SPEC, "Writes MUST be durable.", "Writes MUST be durable.\n  **Status**: accepted")
    done = _trine(root, "check", "--since", "HEAD")
    assert (done.returncode, _diagnostics(done.stdout)) == (0, [])
    (root / "trine.toml").write_text('since_ignore = ["Lineage:"]\n', "utf-8")
    counted = _trine(root, "check", "--since", "HEAD")
    assert _places(counted.stdout) == [(SPEC, 3, 5, "warning", "spec-changed-code-not")]


# -- DRIFT-9: revisions that cannot be read -----------------------------------------------------


def test_since_with_an_unknown_revision_exits_2(tmp_path: Path) -> None:
    """DRIFT-9: a revision that does not exist is a clear error, exit 2, and no report."""
    root = _repo(tmp_path)
    done = _trine(root, "check", "--since", "no-such-branch")
    assert done.returncode == 2
    assert "unknown revision 'no-such-branch'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_since_outside_a_git_repository_exits_2(tmp_path: Path) -> None:
    """DRIFT-9: --since in a directory that is not a git repository is a clear error, exit 2."""
    root = _workspace(tmp_path)
    done = _trine(root, "check", "--since", "HEAD")
    assert done.returncode == 2
    assert "not inside a git repository" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_since_in_a_shallow_clone_exits_2(tmp_path: Path) -> None:
    """DRIFT-9: a shallow clone that lacks the revision says so and how to fetch it, exit 2."""
    origin = _repo(tmp_path)
    _edit(origin, SPEC, "durable.", "durable and fast.")
    _commit(origin, "second")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(clone))
    done = _trine(clone, "check", "--since", "HEAD~1")
    assert done.returncode == 2
    assert "'HEAD~1' is not in this shallow clone" in done.stderr
    assert "git fetch --unshallow" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
