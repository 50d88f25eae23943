"""Edits never leave the workspace, whatever paths the workspace's own content suggests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trine.config import TrineConfig
from trine.ide.actions import TextOf, code_actions
from trine.ide.edits import escapes
from trine.ide.rename import rename
from trine.ide.snapshot import Snapshot
from trine.parsers.ids import IdMatcher
from trine.project import check, make_host
from workspaces import check_workspace, write_workspace

needs_symlinks = pytest.mark.skipif(os.name != "posix", reason="symbolic links")

UNTESTED = '''
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
//- pkg/store.py
def write():
    """REQ-1: write durably."""
    return 1
//- test_smoke.py
def test_imports():
    """A test of nothing in the spec: the workspace has tests (DIAG-15)."""
'''


def snapshot(root: Path) -> Snapshot:
    result = check_workspace(root)
    return Snapshot(result.graph, result.store, root)


def text_of(root: Path) -> TextOf:
    def read(path: str) -> str | None:
        file = root / path
        return file.read_text(encoding="utf-8") if file.is_file() else None

    return read


def fixes(snap: Snapshot, path: str, code: str) -> list[tuple[str, list[str]]]:
    """The title and edited paths of each action on the diagnostics of `code` in `path`."""
    found = [d for d in snap.diagnostics.of(path) if d.code == code]
    assert found, f"no {code} in {path}"
    actions = code_actions(snap, path, found[0].span, found, text_of(snap.root), can_create=True)
    return [(a.title, [e.path for e in a.edits]) for a in actions if a.edits]


@pytest.mark.parametrize(
    "path",
    [
        "../outside.py",
        "tests/../../outside.py",
        "tests/../pkg/inside.py",
        "/etc/passwd",
        "C:/Windows/x.py",
        "tests\\..\\..\\x.py",
        "tests/\x00.py",
        "",
    ],
)
def test_paths_that_climb_out_or_are_absolute_escape(tmp_path: Path, path: str) -> None:
    """LSP-26: an absolute path, a drive, any `..` step, a backslash or a NUL is never edited."""
    assert escapes(tmp_path, path)


def test_plain_workspace_paths_stay_inside(tmp_path: Path) -> None:
    """LSP-26: ordinary workspace paths, existing or to be created, are inside."""
    (tmp_path / "tests").mkdir()
    for path in ("tests/test_store.py", "tests/new/test_x.py", "SPEC.md", "..md", "a..b.py"):
        assert not escapes(tmp_path, path), path


@needs_symlinks
def test_no_test_stub_through_a_test_folder_linked_outside(tmp_path: Path) -> None:
    """LSP-26: a test stub whose file would be created through a symbolic link that leads out
    of the workspace is not offered; with a real test folder it is."""
    root, outside = tmp_path / "ws", tmp_path / "outside"
    write_workspace(root, UNTESTED)
    (root / "tests").mkdir()
    assert fixes(snapshot(root), "SPEC.md", "untested-clause") == [
        ("Create a test for REQ-1 in tests/test_store.py", ["tests/test_store.py"])
    ]
    (root / "tests").rmdir()
    outside.mkdir()
    (root / "tests").symlink_to(outside, target_is_directory=True)
    assert fixes(snapshot(root), "SPEC.md", "untested-clause") == []


@needs_symlinks
def test_no_edit_of_a_file_linked_from_outside(tmp_path: Path) -> None:
    """LSP-26: a code file that is a symbolic link to a file outside the workspace is not read
    from disk; open in the editor (so indexed from its buffer), it gets no quick fix, and a
    rename that would have to edit it is refused, not done in part."""
    root, outside = tmp_path / "ws", tmp_path / "outside"
    write_workspace(root, UNTESTED)
    outside.mkdir()
    text = "# REQ-1 and REQ-7\ndef linked():\n    pass\n"
    (outside / "linked.py").write_text(text)
    (root / "pkg" / "linked.py").symlink_to(outside / "linked.py")
    config = TrineConfig()
    host = make_host(root, config)
    host.scan(None, 1)
    assert [d.code for d in check(host, config).store.of("pkg/linked.py")] == ["file-problem"]
    host.set_text("pkg/linked.py", text)
    result = check(host, config)
    snap = Snapshot(result.graph, result.store, root)
    assert fixes(snap, "pkg/linked.py", "unknown-reference") == []
    renamed = rename(snap, "SPEC.md", 2, 5, "REQ-10", IdMatcher())
    assert renamed.edits == ()
    assert renamed.error is not None and "pkg/linked.py" in renamed.error
    assert (outside / "linked.py").read_text() == text


def test_stub_names_derived_from_odd_file_names_stay_inside(tmp_path: Path) -> None:
    """LSP-26: test stub paths derived from spec and module names made of dots, spaces and
    other characters are still plain files in the test folder."""
    fixture = '''
//- ..spec.md
# Odd

- **REQ-1** Odd names MUST work.
//- pkg/.. odd ...py
def odd():
    """REQ-1"""
'''
    write_workspace(tmp_path, fixture)
    (tmp_path / "tests").mkdir()
    snap = snapshot(tmp_path)
    for spec in {d.path for d in snap.diagnostics.all() if d.code == "untested-clause"}:
        for _, paths in fixes(snap, spec, "untested-clause"):
            for path in paths:
                assert not escapes(tmp_path, path) and path.startswith("tests/test_"), path
