"""`trine check` on a hostile workspace, in a subprocess: it finishes, names each bad file once,
and still reports the clauses and links of the rest of the workspace.

The subprocess timeout is a hang guard, not a timing assertion: on the backtracking engines
trine used before, this workspace never finished.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from unit.test_hostile_workspace import (
    BAD_FILES,
    deep_path,
    remove_deep_dirs,
    write_hostile_workspace,
)

HANG_GUARD = 60  # seconds

pytestmark = pytest.mark.skipif(
    not (hasattr(os, "symlink") and hasattr(os, "mkfifo")),
    reason="needs symlinks and named pipes",
)


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    """A hostile workspace, its deep chain removed afterwards."""
    root = tmp_path / "ws"
    write_hostile_workspace(root, tmp_path / "outside")
    yield root
    remove_deep_dirs(root)


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "trine", "check", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG_GUARD,
        check=False,
    )


def test_check_on_hostile_workspace_reports_the_rest(hostile: Path) -> None:
    """REL-8: `trine check --format json` on the hostile workspace finishes; each bad file has
    one file-problem, the lock's conflict is the only error, and the clauses are still linked."""
    run = _check(hostile, "--format", "json")
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    problems = [d for d in report["diagnostics"] if d["code"] == "file-problem"]
    assert sorted(d["path"] for d in problems) == sorted(BAD_FILES)
    for d in problems:
        assert BAD_FILES[d["path"]] in d["message"]
    errors = [(d["code"], d["path"]) for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors == [("lock-problem", "trine.lock")]
    links = {(link["source"], link["target"], link["kind"]) for link in report["links"]}
    assert {
        ("pkg/a.py::f", "REQ-1", "implements"),
        (f"{deep_path()}::deep", "REQ-1", "implements"),
        ("pkg/latin.py::g", "REQ-2", "implements"),
        ("pkg/rot.py::h", "REQ-2", "implements"),
        ("tests/test_a.py::test_f", "REQ-1", "verifies"),
        ("tests/test_a.py::test_f", "REQ-2", "verifies"),
    } <= links
    assert not [link for link in report["links"] if link["target"] in ("REQ-77", "REQ-98")]
    summary = report["summary"]
    # REQ-1, REQ-2, the OpenSpec spec's two requirements and two scenarios (FMT-41, FMT-42),
    # the Kiro requirement's two criteria (the requirement itself only groups them, CL-17;
    # linked through Kiro-style citations, FMT-30, FMT-33), REQ-3, the requirement under the
    # billion laughs (read, and implemented by the function its field names, FMT-91, which a
    # test calls), tracey's
    # hostile.rule (FMT-103), the spec-kit feature's FR-001, FR-002 and US1.1, and HOST-1 to
    # HOST-3 of the file named like a spec (FMT-121, unlinked); checked tasks link evil/1.2 and
    # the story's FR-001 and FR-002 to pkg/a.py::f (which a test calls), and the story to
    # tests/test_a.py, not US1.1: the task's words speak of no scenario (FMT-10, FMT-11,
    # FMT-28, FMT-124).
    assert (summary["requirements"], summary["implemented"], summary["tested"]) == (16, 8, 9)
    assert "Traceback" not in run.stderr


def test_check_text_output_names_each_bad_file_once(hostile: Path) -> None:
    """REL-8: the text output has one line per bad file, naming it, and the summary line."""
    run = _check(hostile)
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    for path in BAD_FILES:
        # A file that cannot be read at all is reported at 1:1, a too deep one where it nests.
        at = re.compile(rf"{re.escape(path)}:\d+:\d+: warning:")
        assert len([line for line in lines if at.search(line) and "file-problem" in line]) == 1
    assert lines[-1].startswith("trine: ")
    assert (
        "16 requirements (8 implemented, 9 tested, 4 only by task lists or requirement fields)"
        in lines[-1]
    )
