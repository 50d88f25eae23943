"""The workspace on disk: which files are read, and files that cannot be read as intended."""

from __future__ import annotations

import os
import pathlib
from collections import Counter
from pathlib import Path

import pytest

import trine.index.host
from trine.config import TrineConfig
from trine.index.files import decode, read_source
from trine.index.records import Role
from trine.index.workspace import Classifier, discover
from trine.parsers.python import PYTHON
from trine.project import CheckResult, layout_of
from workspaces import check_workspace, write_workspace

# A workspace where REQ-1 is implemented and tested: every test below adds trouble beside it
# and checks that this link survives.
BASE = """
//- SPEC.md
# Spec
- **REQ-1** The tool MUST work.
- **REQ-2** The tool MUST also work.
//- pkg/a.py
def f():
    \"\"\"REQ-1\"\"\"
//- tests/test_a.py
def test_f():
    \"\"\"REQ-1 REQ-2\"\"\"
"""

# A file that would make an `unknown-reference` error if trine read it.
STRAY = 'def stray():\n    """REQ-99"""\n'

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def _base(root: Path, extra: str = "") -> None:
    write_workspace(root, BASE + extra)


def _check(root: Path, **settings: object) -> CheckResult:
    return check_workspace(root, TrineConfig.model_validate(settings))


def _assert_rest_indexed(result: CheckResult) -> None:
    assert result.graph.implemented_by.get("REQ-1") == ["pkg/a.py::f"]
    assert result.graph.tested_by.get("REQ-1") == ["tests/test_a.py::test_f"]


def _problems(result: CheckResult, path: str) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == "file-problem" and d.path == path]


def _paths(root: Path, **settings: object) -> list[str]:
    classifier = Classifier(layout_of(TrineConfig.model_validate(settings)))
    return [path for path, _ in discover(root, classifier)]


def _put(root: Path, relpath: str, data: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# WS-1: what is skipped


def test_hidden_folders_are_skipped(tmp_path: Path) -> None:
    """WS-1: files in hidden folders, at any depth, are not indexed."""
    _base(tmp_path)
    _put(tmp_path, ".hidden/stray.py", STRAY)
    _put(tmp_path, "pkg/.cache/stray.py", STRAY)
    _put(tmp_path, ".git/hooks/stray.py", STRAY)
    result = _check(tmp_path)
    assert sorted(result.graph.records) == ["SPEC.md", "pkg/a.py", "tests/test_a.py"]
    assert not [d for d in result.diagnostics if d.code == "unknown-reference"]
    _assert_rest_indexed(result)


def test_virtual_environments_are_skipped_by_pyvenv_cfg(tmp_path: Path) -> None:
    """WS-1: a folder holding pyvenv.cfg is a virtual environment and skipped, whatever its name."""
    _base(tmp_path)
    _put(tmp_path, "env-3.12/pyvenv.cfg", "home = /usr/bin\n")
    _put(tmp_path, "env-3.12/lib/python3.12/site-packages/dep/mod.py", STRAY)
    _put(tmp_path, "tools/venv/pyvenv.cfg", "home = /usr/bin\n")
    _put(tmp_path, "tools/venv/bin/activate_this.py", STRAY)
    _put(tmp_path, "tools/env/mod.py", 'def kept():\n    """REQ-2"""\n')
    result = _check(tmp_path)
    assert not [p for p in result.graph.records if "env-3.12" in p or "venv" in p]
    assert result.graph.implemented_by.get("REQ-2") == ["tools/env/mod.py::kept"]
    _assert_rest_indexed(result)


def test_node_modules_is_skipped(tmp_path: Path) -> None:
    """WS-1: node_modules folders, at any depth, are skipped."""
    _base(tmp_path)
    _put(tmp_path, "node_modules/pkg/script.py", STRAY)
    _put(tmp_path, "web/node_modules/pkg/SPEC.md", "- **REQ-1** Duplicate.\n")
    _put(tmp_path, "web/node_modules/pkg/docs/spec/x.md", "- **REQ-1** Duplicate.\n")
    result = _check(tmp_path)
    assert not [p for p in result.graph.records if "node_modules" in p]
    assert not [d for d in result.diagnostics if d.severity == "error"]
    _assert_rest_indexed(result)


def test_root_gitignore_is_honoured(tmp_path: Path) -> None:
    """WS-1: paths ignored by the root .gitignore (folders and files) are skipped."""
    _base(tmp_path)
    _put(tmp_path, ".gitignore", "build/\n*_generated.py\n# a comment\n")
    _put(tmp_path, "build/lib/pkg/a.py", STRAY)
    _put(tmp_path, "pkg/build/deep.py", STRAY)
    _put(tmp_path, "pkg/schema_generated.py", STRAY)
    result = _check(tmp_path)
    assert sorted(result.graph.records) == ["SPEC.md", "pkg/a.py", "tests/test_a.py"]
    _assert_rest_indexed(result)


def test_nested_gitignore_applies_below_its_folder(tmp_path: Path) -> None:
    """WS-1: a nested .gitignore ignores paths relative to its own folder, and only below it."""
    _base(tmp_path)
    _put(tmp_path, "sub/.gitignore", "gen.py\n/anchored.py\nout/\n")
    for path in ("sub/gen.py", "sub/deeper/gen.py", "sub/anchored.py", "sub/out/x.py"):
        _put(tmp_path, path, STRAY)
    for path in ("gen.py", "anchored.py", "sub/deeper/anchored.py", "out/y.py"):
        _put(tmp_path, path, "x = 1\n")
    assert _paths(tmp_path) == [
        "SPEC.md",
        "anchored.py",
        "gen.py",
        "out/y.py",
        "pkg/a.py",
        "sub/deeper/anchored.py",
        "tests/test_a.py",
    ]
    _assert_rest_indexed(_check(tmp_path))


def test_gitignore_negation_in_same_file(tmp_path: Path) -> None:
    """WS-1: a `!` line re-includes a file its own .gitignore ignored before."""
    _base(tmp_path)
    _put(tmp_path, ".gitignore", "scripts/*.py\n!scripts/keep.py\n")
    _put(tmp_path, "scripts/drop.py", STRAY)
    _put(tmp_path, "scripts/keep.py", "x = 1\n")
    paths = _paths(tmp_path)
    assert "scripts/keep.py" in paths
    assert "scripts/drop.py" not in paths


def test_nested_gitignore_negation_reincludes(tmp_path: Path) -> None:
    """WS-1: as in git, a deeper .gitignore's `!keep.py` un-ignores a file a parent ignored."""
    _base(tmp_path)
    _put(tmp_path, ".gitignore", "sub/*.py\n")
    _put(tmp_path, "sub/.gitignore", "!keep.py\n")
    _put(tmp_path, "sub/keep.py", 'def kept():\n    """REQ-2"""\n')
    _put(tmp_path, "sub/other.py", STRAY)
    paths = _paths(tmp_path)
    assert "sub/other.py" not in paths
    assert "sub/keep.py" in paths


def test_exclude_globs_skip_files_and_folders(tmp_path: Path) -> None:
    """WS-1: paths matching `exclude` (folders, file globs, specs too) are skipped."""
    _base(tmp_path)
    _put(tmp_path, "legacy/old.py", STRAY)
    _put(tmp_path, "legacy/deep/older.py", STRAY)
    _put(tmp_path, "pkg/schema_pb2.py", STRAY)
    _put(tmp_path, "spec/draft.md", "- **REQ-1** A duplicate in a draft.\n")
    _put(tmp_path, "pkg/kept.py", 'def kept():\n    """REQ-2"""\n')
    result = _check(tmp_path, exclude=["legacy/", "*_pb2.py", "spec/draft.md"])
    assert sorted(result.graph.records) == ["SPEC.md", "pkg/a.py", "pkg/kept.py", "tests/test_a.py"]
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert result.graph.implemented_by["REQ-2"] == ["pkg/kept.py::kept"]
    _assert_rest_indexed(result)


def test_custom_id_pattern(tmp_path: Path) -> None:
    """CFG-2: a custom id_pattern declares and links its own ids; default-style ids are plain text."""
    write_workspace(
        tmp_path,
        """
        //- SPEC.md
        # Spec
        - **R1** The tool MUST start.
        - **R2** The tool MUST stop; see ISO-8601 and REQ-1.
        //- pkg/a.py
        def start():
            \"\"\"R1, unlike REQ-1.\"\"\"
        //- tests/test_a.py
        def test_start():
            \"\"\"R1; R7 is a typo.\"\"\"
        """,
    )
    result = _check(tmp_path, id_pattern=r"R\d+")
    graph = result.graph
    assert {"R1", "R2"} <= set(graph.clauses)
    assert "REQ-1" not in graph.clauses
    assert graph.implemented_by["R1"] == ["pkg/a.py::start"]
    assert graph.tested_by["R1"] == ["tests/test_a.py::test_start"]
    unknown = [d for d in result.diagnostics if d.code == "unknown-reference"]
    assert [(d.path, d.message.split()[0]) for d in unknown] == [("tests/test_a.py", "R7")]


# WS-2: symlinks


@needs_symlinks
def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    """WS-2: a symlink loop (a.py -> b.py -> a.py) is reported as a file-problem of each link."""
    _base(tmp_path)
    os.symlink("loop_b.py", tmp_path / "pkg" / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "pkg" / "loop_b.py")
    result = _check(tmp_path)
    for path in ("pkg/loop_a.py", "pkg/loop_b.py"):
        messages = _problems(result, path)
        assert len(messages) == 1
        assert "symlink loop" in messages[0]
    _assert_rest_indexed(result)


@needs_symlinks
def test_self_symlink_is_reported(tmp_path: Path) -> None:
    """WS-2: a symlink that points at itself is reported, never followed."""
    _base(tmp_path)
    os.symlink("self.py", tmp_path / "pkg" / "self.py")
    result = _check(tmp_path)
    assert len(_problems(result, "pkg/self.py")) == 1
    _assert_rest_indexed(result)


@needs_symlinks
def test_symlink_to_file_outside_workspace_is_not_followed(tmp_path: Path) -> None:
    """WS-2: a symlinked file that leads out of the workspace is reported and its text not read."""
    root, outside = tmp_path / "ws", tmp_path / "outside"
    _base(root)
    _put(outside, "secret.py", 'def secret():\n    """REQ-2 and REQ-77"""\n')
    os.symlink(outside / "secret.py", root / "pkg" / "secret.py")
    os.symlink("../../outside/secret.py", root / "pkg" / "relative.py")
    result = _check(root)
    for path in ("pkg/secret.py", "pkg/relative.py"):
        messages = _problems(result, path)
        assert len(messages) == 1
        assert "outside the workspace" in messages[0]
    assert "REQ-2" not in result.graph.implemented_by
    assert not [d for d in result.diagnostics if "REQ-77" in d.message]
    _assert_rest_indexed(result)


@needs_symlinks
def test_symlink_to_file_inside_workspace_is_read(tmp_path: Path) -> None:
    """WS-2: a symlinked file that stays inside the workspace is read like any other file."""
    _base(tmp_path)
    _put(tmp_path, "shared/impl.py", 'def g():\n    """REQ-2"""\n')
    os.symlink("../shared/impl.py", tmp_path / "pkg" / "alias.py")
    result = _check(tmp_path)
    assert _problems(result, "pkg/alias.py") == []
    assert "pkg/alias.py::g" in result.graph.implemented_by["REQ-2"]


@needs_symlinks
def test_symlinked_folders_are_not_entered(tmp_path: Path) -> None:
    """WS-2: symlinked folders, inside or outside the workspace, are not entered."""
    root, outside = tmp_path / "ws", tmp_path / "outside"
    _base(root)
    _put(outside, "lib/mod.py", STRAY)
    os.symlink(outside / "lib", root / "lib")
    os.symlink("pkg", root / "pkg_alias")
    os.symlink("..", root / "pkg" / "up")
    result = _check(root)
    assert sorted(result.graph.records) == ["SPEC.md", "pkg/a.py", "tests/test_a.py"]
    assert list(result.graph.symbols) == ["pkg/a.py::f"]
    assert not [d for d in result.diagnostics if d.severity == "error"]
    _assert_rest_indexed(result)


# WS-3: files that cannot be read


def test_binary_file_is_skipped_and_reported(tmp_path: Path) -> None:
    """WS-3: a file with NUL bytes is reported once, naming it, and not parsed."""
    _base(tmp_path)
    _put(tmp_path, "pkg/blob.py", b'def h():\n    """REQ-99"""\n\x00\x01\x02\x00')
    _put(tmp_path, "docs/spec/image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _check(tmp_path)
    for path in ("pkg/blob.py", "docs/spec/image.md"):
        messages = _problems(result, path)
        assert len(messages) == 1
        assert "binary" in messages[0]
    assert not [d for d in result.diagnostics if "REQ-99" in d.message]
    _assert_rest_indexed(result)


def test_file_over_max_file_size_is_skipped(tmp_path: Path) -> None:
    """WS-3: a file larger than max_file_size is reported with its size and the setting."""
    _base(tmp_path)
    _put(tmp_path, "pkg/big.py", 'def big():\n    """REQ-99"""\n' + "# padding\n" * 40)
    result = _check(tmp_path, max_file_size=300)
    messages = _problems(result, "pkg/big.py")
    assert len(messages) == 1
    assert "max_file_size" in messages[0]
    assert "300 bytes" in messages[0]
    assert not [d for d in result.diagnostics if "REQ-99" in d.message]
    _assert_rest_indexed(result)


def test_fifty_megabyte_file_is_skipped_by_default(tmp_path: Path) -> None:
    """WS-3: a real 50 MB file is skipped under the default limit with a message naming it."""
    _base(tmp_path)
    with open(tmp_path / "pkg" / "huge.py", "wb") as f:
        f.truncate(50_000_000)  # sparse: fast to make, and trine must not read it
    result = _check(tmp_path)
    messages = _problems(result, "pkg/huge.py")
    assert len(messages) == 1
    assert "50.0 MB" in messages[0]
    assert "max_file_size" in messages[0]
    _assert_rest_indexed(result)


def test_read_source_of_missing_file_reports_it(tmp_path: Path) -> None:
    """WS-3: reading a file that no longer exists gives no text and one problem."""
    text, problems = read_source(tmp_path, "pkg/gone.py", 1000)
    assert text is None
    assert len(problems) == 1
    assert "cannot be read" in problems[0].message


def test_file_vanishing_after_discovery_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WS-3: a file deleted between discovery and reading is reported and the rest indexed."""
    _base(tmp_path)
    _put(tmp_path, "pkg/gone.py", STRAY)
    real_discover = trine.index.host.discover_counting

    def discover_then_delete(
        root: Path, classifier: Classifier
    ) -> tuple[list[tuple[str, Role]], Counter[str]]:
        found = real_discover(root, classifier)
        (root / "pkg" / "gone.py").unlink()
        return found

    monkeypatch.setattr(trine.index.host, "discover_counting", discover_then_delete)
    result = _check(tmp_path)
    messages = _problems(result, "pkg/gone.py")
    assert len(messages) == 1
    assert "cannot be read" in messages[0]
    _assert_rest_indexed(result)


@needs_symlinks
def test_dangling_symlink_is_reported(tmp_path: Path) -> None:
    """WS-3: a symlink to a file that does not exist is reported as unreadable."""
    _base(tmp_path)
    os.symlink("nowhere.py", tmp_path / "pkg" / "dangling.py")
    result = _check(tmp_path)
    assert len(_problems(result, "pkg/dangling.py")) == 1
    _assert_rest_indexed(result)


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WS-3: a file the OS refuses to read is reported with the reason, the rest indexed."""
    _base(tmp_path)
    _put(tmp_path, "pkg/locked.py", STRAY)
    real_read_bytes = pathlib.Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    result = _check(tmp_path)
    messages = _problems(result, "pkg/locked.py")
    assert len(messages) == 1
    assert "Permission denied" in messages[0]
    _assert_rest_indexed(result)


@needs_symlinks
def test_many_bad_files_at_once(tmp_path: Path) -> None:
    """WS-2, WS-3: several unreadable files are each reported once, and the rest is indexed."""
    _base(tmp_path)
    _put(tmp_path, "pkg/blob.py", b"\x00" * 64)
    _put(tmp_path, "pkg/big.py", "# x\n" * 200)
    _put(tmp_path, "pkg/bad.py", b"# \xff\xfe\ndef ok():\n    '''REQ-2'''\n")
    os.symlink("loop2.py", tmp_path / "pkg" / "loop1.py")
    os.symlink("loop1.py", tmp_path / "pkg" / "loop2.py")
    result = _check(tmp_path, max_file_size=500)
    problems = sorted(d.path for d in result.diagnostics if d.code == "file-problem")
    assert problems == ["pkg/bad.py", "pkg/big.py", "pkg/blob.py", "pkg/loop1.py", "pkg/loop2.py"]
    assert result.graph.implemented_by["REQ-2"] == ["pkg/bad.py::ok"]
    _assert_rest_indexed(result)


# WS-4: encodings and line endings


@pytest.mark.parametrize(
    "newline",
    [
        "\n",
        "\r\n",
        "\r",
    ],
    ids=["lf", "crlf", "cr"],
)
def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path, newline: str) -> None:
    """WS-4: invalid UTF-8 is reported on its line and the file's valid links still count."""
    _base(tmp_path)
    lines = [b"# one", b"# two", b"# caf\xe9 latin-1", b"def g():", b'    """REQ-2"""', b""]
    _put(tmp_path, "pkg/latin.py", newline.encode().join(lines))
    result = _check(tmp_path)
    problems = [d for d in result.diagnostics if d.code == "file-problem"]
    assert [d.path for d in problems] == ["pkg/latin.py"]
    assert "UTF-8" in problems[0].message
    assert "line 3" in problems[0].message
    assert problems[0].span.start_line == 2
    assert result.graph.implemented_by["REQ-2"] == ["pkg/latin.py::g"]
    _assert_rest_indexed(result)


def test_invalid_utf8_in_spec_keeps_its_clauses(tmp_path: Path) -> None:
    """WS-4: a spec with an invalid byte is reported, and its clauses are still declared."""
    _base(tmp_path)
    _put(tmp_path, "docs/spec/extra.md", b"# Extra\n\nSome \xff text.\n\n- **REQ-3** It MUST.\n")
    result = _check(tmp_path)
    assert len(_problems(result, "docs/spec/extra.md")) == 1
    assert "REQ-3" in result.graph.clauses
    assert result.graph.clauses["REQ-3"].span.start_line == 4


def test_decode_replaces_invalid_bytes() -> None:
    """WS-4: decoding keeps the valid text around an invalid byte, with U+FFFD in its place."""
    text, problems = decode(b"ok \xff fine\n")
    assert text == "ok \ufffd fine\n"
    assert len(problems) == 1
    clean, none = decode("café ✓\n".encode())
    assert clean == "café ✓\n"
    assert none == ()


LINE_ENDINGS_FIXTURE = """
//- SPEC.md
# Title 😀

Intro naming REQ-7, which is not declared.

- **REQ-1** It MUST work.
- **REQ-1** A duplicate.
- **REQ-2** It MUST also work.

Setext heading
--------------
//- pkg/a.py
# comment REQ-8
def f():
    \"\"\"Docstring.

    Implements REQ-1 and 😀 REQ-5.
    \"\"\"
    x = 1  # REQ-6


@deco("REQ-4")
class C:
    pass
//- tests/test_a.py
import pytest


@pytest.mark.spec("REQ-3")
def test_f():
    \"\"\"REQ-1
    more: REQ-11\"\"\"
    # REQ-12
"""


def _diagnostics_with_newline(root: Path, newline: str, bom: bool = False) -> list[tuple]:
    write_workspace(root, LINE_ENDINGS_FIXTURE)
    for path in (root / "SPEC.md", root / "pkg" / "a.py", root / "tests" / "test_a.py"):
        data = path.read_text(encoding="utf-8").replace("\n", newline).encode()
        path.write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    result = check_workspace(root)
    return [(d.code, d.path, d.span, d.message) for d in result.diagnostics]


@pytest.mark.parametrize(
    ("newline", "bom"),
    [("\r\n", False), ("\r", False), ("\n", True), ("\r\n", True)],
    ids=["crlf", "cr", "lf-bom", "crlf-bom"],
)
def test_line_endings_give_the_same_positions(tmp_path: Path, newline: str, bom: bool) -> None:
    """WS-4: CRLF, CR and a UTF-8 BOM give the same diagnostic lines and columns as LF."""
    expected = _diagnostics_with_newline(tmp_path / "lf", "\n")
    assert len(expected) >= 8
    assert _diagnostics_with_newline(tmp_path / "other", newline, bom) == expected


def test_positions_are_those_an_editor_shows(tmp_path: Path) -> None:
    """WS-4: with CRLF endings, a reference after an emoji is at the code-point column shown."""
    _diagnostics_with_newline(tmp_path, "\r\n")
    result = check_workspace(tmp_path)
    spans = {d.message.split()[0]: d.span for d in result.diagnostics}
    # line 5 of pkg/a.py: "    Implements REQ-1 and 😀 REQ-5."
    assert (spans["REQ-5"].start_line, spans["REQ-5"].start_col) == (4, 27)
    assert (spans["REQ-6"].start_line, spans["REQ-6"].start_col) == (6, 13)
    assert (spans["REQ-7"].start_line, spans["REQ-7"].start_col) == (2, 13)


# IDX-3: nothing is executed


def test_indexing_never_imports_workspace_code(tmp_path: Path) -> None:
    """IDX-3: code, tests and conftest.py that write a file when imported are only read as text."""
    marker = tmp_path / "PWNED"
    payload = f'open({str(marker)!r}, "w").write("imported")\n'
    write_workspace(
        tmp_path,
        f"""
        //- SPEC.md
        - **REQ-1** The tool MUST work.
        //- pkg/__init__.py
        {payload}
        //- pkg/a.py
        {payload}
        def f():
            \"\"\"REQ-1\"\"\"
        //- conftest.py
        {payload}
        //- tests/conftest.py
        {payload}
        //- tests/test_a.py
        {payload}
        from pkg.a import f
        def test_f():
            \"\"\"REQ-1\"\"\"
            f()
        """,
    )
    result = check_workspace(tmp_path)
    assert not marker.exists()
    assert result.graph.implemented_by["REQ-1"] == ["pkg/a.py::f"]
    assert result.graph.tested_by["REQ-1"] == ["tests/test_a.py::test_f"]


def test_python_coding_cookie_is_honoured() -> None:
    """WS-4: a Python file that declares `coding: latin-1` is read in it, with no problem."""
    text, problems = decode(b'# -*- coding: latin-1 -*-\nx = "caf\xe9"  # REQ-1\n', PYTHON)
    assert text is not None and 'x = "café"' in text
    assert problems == ()
