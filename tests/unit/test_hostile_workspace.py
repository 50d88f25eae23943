"""A hostile workspace: nothing in it may hang trine, crash it, exhaust its memory or let it read
outside the workspace, and the rest of the workspace is still checked.

`write_hostile_workspace` builds one workspace with every kind of trouble at once; the CLI test
(tests/cli/test_hostile.py) runs `trine check` on it in a subprocess. Work that could hang runs
in a forked process with a generous time limit, a hang guard rather than a timing assertion.
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from trine.config import TrineConfig, load_config
from trine.index.files import decode, read_source
from trine.index.workspace import Classifier, discover
from trine.parsers.python import PYTHON
from trine.project import CheckResult, layout_of, read_lock
from trine.session import Session
from workspaces import check_workspace, finishes, write_workspace

DEPTH = 1500  # nested folders: deeper than Python's recursion limit
LONG_A = "A" * 100_000
SIXTY_A = "a" * 60
EMPTY_ITEMS = "\n- " * 20_000

# Files that cannot be used as they are, each reported once as a file-problem.
BAD_FILES = {
    "pkg/blob.py": "binary",
    "crate/src/generated.rs": "generated code",  # RS-9
    "crate/src/broken.rs": "syntax error",  # RS-9
    "pkg/huge.py": "200.0 MB",
    "pkg/latin.py": "not valid UTF-8",
    "pkg/loop_a.py": "symlink loop",
    "pkg/loop_b.py": "symlink loop",
    "pkg/pipe.py": "not a regular file",
    "pkg/secret.py": "outside the workspace",
    ".kiro/specs/evil/requirements.md": "interrupted by prose",
    "requirements/deep.yaml": "nested deeper than 100 levels",
    ".config/tracey/config.styx": "nested too deeply",  # FMT-110
    "pkg/Hostile.cs": "syntax error",  # CS-1: read where it parses
    "gen/Huge.g.cs": "generated code",  # CS-1
    "gopkg/broken.go": "syntax error",  # GO-2
    "gopkg/hostile_test.go": "syntax error",
    "gopkg/api.pb.go": "generated Go code",  # GO-1
    "vendor/x/x.go": "vendored Go code",
    "web/bundle.js": "minified bundle",  # TS-2
    "web/nested.ts": "syntax error",
}

# FMT-84: aliases nine deep, nine times each (9**30 nodes if expanded), then a requirement.
LAUGHS = (
    'a0: &a0 ["lol", "lol"]\n'
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 30))
    + "requirements:\n  - id: REQ-3\n    text: The tool MUST laugh.\n"
    # FMT-92: a field's value of endless separators and a huge word, around paths that name
    # nothing (out of the workspace, a URL) and one that names a function.
    + "    implementation: pkg/a.py:f"
    + ";" * 100_000
    + ", ../secret.py, /etc/x.py, https://e.com/x/y.py, "
    + "A" * 100_000
    + ".py\n"
)

# id_pattern: valid for RE2, and catastrophic for Python's `re` over a long line of capitals.
HOSTILE_CONFIG = 'id_pattern = "(?:[A-Z]+)+-\\\\d+"\n'

BRACKET_LINES = "[\n" * DEPTH

HOSTILE = f"""
//- SPEC.md
# Spec

- **REQ-1** The tool MUST work.
- **REQ-2** The tool MUST also work.

Note: {LONG_A}!

{LONG_A}!
//- openspec/specs/a/b/spec.md
### Requirement: REQ-3 - {LONG_A}
{LONG_A} MUST hold.

#### Scenario: {LONG_A}
- **WHEN** {LONG_A}

### Requirement:
#### Scenario: Idle \x00
//- openspec/changes/{SIXTY_A}/specs/a/b/spec.md
## ADDED Requirements
### Requirement: REQ-3 - {LONG_A}
//- docs/spec/rules.md
# Rules

r[hostile.rule]
The tool must survive what follows.

See r[{"a." * 20_000}b], r[impl {LONG_A} and {"r[" * 20_000}.
//- .config/tracey/config.styx
specs {"(" * DEPTH} {LONG_A}
//- web/bundle.js
{"var a=function(){return 1};" * 8_000}
//- web/nested.ts
// REQ-2: deep brackets, an unclosed template and a test call with a huge name
export const h = () => {BRACKET_LINES}{"(" * DEPTH} `${{{LONG_A}
test(`${{"{LONG_A}"}}`, () => {{}});
//- web/types.d.ts
// REQ-1 declared only
//- node_modules/dep/index.ts
// REQ-1 a dependency's code
export function dep() {{}}
//- pkg/a.py
# r[impl hostile.rule] r[depends {LONG_A}]
def f():
    \"\"\"REQ-1 a/b/REQ-3\"\"\"

# {LONG_A}!
# {"a/" * 50_000}.x {"ab-" * 30_000}/
//- pkg/kiro.py
# Feature: nowhere
{("# Feature: nowhere" + chr(10)) * 3000}# Requirements {"1-99999999, 2-3, " * 5000}and 1
def k():
    \"\"\"Feature: {LONG_A} Requirement {"1" * 5000} {"Property 9 " * 5000}\"\"\"
//- pkg/rot.py
# coding: rot13
def h():
    \"\"\"REQ-2\"\"\"
//- pkg/Hostile.cs
namespace H;

public class Hostile
{{
    /// <summary>REQ-2 {LONG_A}</summary>
    public void Holds() {{ }}
}}

public class Broken
{{
    {"[A]" * 5000}[Category("{LONG_A}")]
    public void Broken( {{ {"(" * 5000}
//- gen/Huge.g.cs
// REQ-97
{"class A {{ }} " * 20_000}
//- gopkg/broken.go
package gopkg

// REQ-2 holds here too.
func Good() {{}}

func Broken( {{
//- gopkg/hostile_test.go
package gopkg

import "testing"

func TestHostile(t *testing.T) {{
	t.Run("{LONG_A}", func(t *testing.T) {{ Good() }})
}}

func TestBroken(t *testing.T) {{
	{"t.Run(" * 5000}
//- gopkg/api.pb.go
package gopkg

// REQ-97
func Gen() {{}}
//- vendor/x/x.go
package x

// REQ-97
func V() {{}}
//- tests/test_a.py
from pkg.a import f


def test_f():
    \"\"\"REQ-1 REQ-2 a/b/requirement/idle. Feature: evil, Property 1\"\"\"
    # r[verify hostile.rule]
    f()
//- specs/001-{SIXTY_A}/spec.md
# Feature Specification: {LONG_A}

### User Story 1 - {LONG_A} (Priority: P1)

1. **Given** {LONG_A}, **When** x, **Then** y
   1. **Given** nested
- **FR-001**: {LONG_A} [NEEDS CLARIFICATION: {LONG_A}
- **FR-002**: {"`" * 5000}[NEEDS CLARIFICATION: x]{"~~" * 5000}

### Edge Cases
{"- " * 2000}x
//- specs/001-{SIXTY_A}/tasks.md
- [ ] T001 [P] [US1] {LONG_A} in {LONG_A}.py
- [x] T002 [US1] {"src/" * 5000}x.py ../../outside.py /etc/passwd.py {"a/" * 20_000} pkg/a.py:f()
- [x] T003 [US1] {"tests/test_a.py::" * 2000} {"`x.py` " * 2000}
//- ignored/stray.py
def stray():
    \"\"\"REQ-99\"\"\"
//- gen/{SIXTY_A}b/stray.py
def stray():
    \"\"\"REQ-98\"\"\"
//- gen/{SIXTY_A}.py
x = 1
//- .kiro/specs/evil/requirements.md
### Requirement 1: {LONG_A}

#### Acceptance Criteria

1. THE tool SHALL cope with {LONG_A}

Prose in the list.

1. THE tool SHALL still count this one
//- .kiro/specs/evil/tasks.md
- [ ] 1. Cope
  - _Requirements: {"1.1, " * 20_000}1.2_
  - **Validates: Requirements {"1." * 20_000}**
- [x] 2. Link
  - _Requirements: 1.2_
  - _Implemented in: pkg/a.py:f(), {"pkg/" * 5000}gone.py_
//- .kiro/specs/evil/design.md
### Property 1: {LONG_A}

**Validates: Requirements 1**

### Property {"9" * 5000}: x
{"**Validates: Requirements 1-" * 5000}
//- .kiro/steering/evil.md
- **REQ-96** Steering is not a spec.
//- docs/hostile-spec.md
# Hostile {LONG_A}

- **HOST-1** The tool MUST cope. {"MUST. " * 20_000}
- **HOST-2** {"`" * 20_000} {"<!--" * 5000}
- **HOST-3** {"1. " * 20_000}{"|" * 20_000}
//- notes/hostile.md
# Notes {LONG_A}

- **NOTE-1** {"SHALL! " * 20_000}
- **NOTE-2** {"`a " * 20_000}
- **NOTE-3** {EMPTY_ITEMS}
//- .gitignore
{"*a" * 8}*b
a\\
[[:alpha:]]
[z-a]
ignored/
//- crate/src/broken.rs
/// REQ-1
pub fn ok() {{}}

fn broken( {{ {"impl<" * 5000} /// never closed
//- crate/src/generated.rs
// @generated by a tool: REQ-98
pub fn g() {{}}
//- crate/target/CACHEDIR.TAG
Signature: 8a477f597d28d172789f06886806bc55
//- crate/target/debug/out.rs
/// REQ-99
pub fn built() {{}}
//- trine.lock
<<<<<<< HEAD
version = 1
=======
version = 2
>>>>>>> other
"""

needs_posix = pytest.mark.skipif(
    not (hasattr(os, "symlink") and hasattr(os, "mkfifo") and hasattr(os, "fork")),
    reason="needs symlinks, named pipes and fork",
)


def _deep_dirs(root: Path, depth: int) -> list[str]:
    """The folders of a chain `deep/d/d/.../d`, outermost first (as strings: no recursion)."""
    paths, path = [], os.path.join(str(root), "deep")
    for _ in range(depth):
        paths.append(path)
        path = os.path.join(path, "d")
    return paths


def write_hostile_workspace(root: Path, outside: Path, depth: int = DEPTH) -> None:
    """Write the hostile workspace under root (and a file to leak under outside)."""
    write_workspace(root, HOSTILE)
    (root / "trine.toml").write_text(HOSTILE_CONFIG, encoding="utf-8")
    (root / "pkg" / "latin.py").write_bytes(b'# caf\xe9\ndef g():\n    """REQ-2"""\n')
    (root / "pkg" / "blob.py").write_bytes(b'def b():\n    """REQ-97"""\n\x00\x00')
    with open(root / "pkg" / "huge.py", "wb") as f:
        f.truncate(200_000_000)  # sparse: fast to make, and trine must not read it
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.py").write_text('def secret():\n    """REQ-2 REQ-77"""\n', "utf-8")
    os.symlink(os.path.relpath(outside / "secret.py", root / "pkg"), root / "pkg" / "secret.py")
    (root / "requirements").mkdir()
    (root / "requirements" / "laughs.yaml").write_text(LAUGHS, "utf-8")
    (root / "requirements" / "deep.yaml").write_text("- " * 50_000 + "x\n" + "[" * 100_000, "utf-8")
    os.symlink("loop_b.py", root / "pkg" / "loop_a.py")
    os.symlink("loop_a.py", root / "pkg" / "loop_b.py")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a folder loop
    os.symlink(outside, root / "sub" / "out")  # a folder outside
    os.mkfifo(root / "pkg" / "pipe")
    os.symlink("pipe", root / "pkg" / "pipe.py")
    os.mkfifo(root / "sub" / ".gitignore")
    os.close(os.open(os.fsencode(root / "pkg") + b"/bad\xff.py", os.O_WRONLY | os.O_CREAT))
    for path in _deep_dirs(root, depth):
        os.mkdir(path)
    with open(os.path.join(_deep_dirs(root, depth)[-1], "deep.py"), "w") as f:
        f.write('def deep():\n    """REQ-1"""\n')


def remove_deep_dirs(root: Path, depth: int = DEPTH) -> None:
    """Remove the deep chain innermost first (shutil.rmtree recurses, and would fail on it)."""
    folders = _deep_dirs(root, depth)
    if not os.path.isdir(folders[0]):
        return
    os.remove(os.path.join(folders[-1], "deep.py"))
    for path in reversed(folders):
        os.rmdir(path)


def deep_path(depth: int = DEPTH) -> str:
    """The workspace-relative path of the file at the bottom of the deep chain."""
    return "deep/" + "d/" * (depth - 1) + "deep.py"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    """A hostile workspace, its deep chain removed afterwards."""
    root = tmp_path / "ws"
    write_hostile_workspace(root, tmp_path / "outside")
    yield root
    remove_deep_dirs(root)


def _check(root: Path) -> CheckResult:
    config, _ = load_config(root)
    return check_workspace(root, config)


def _problems(result: CheckResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in result.diagnostics:
        if d.code == "file-problem":
            found.setdefault(d.path, []).append(d.message)
    return found


# REL-8: everything at once


@needs_posix
def test_hostile_workspace_is_checked(hostile: Path) -> None:
    """REL-8, FMT-40, FMT-84, FMT-30, CS-1: on a workspace with every kind of trouble (a billion-laughs and a
    deeply nested YAML spec among them), the check finishes, reports each bad file once, and
    still links the clauses of the rest of the workspace, OpenSpec's too."""
    assert finishes(lambda: _check(hostile))
    result = _check(hostile)
    problems = _problems(result)
    assert sorted(problems) == sorted(BAD_FILES)
    for path, words in BAD_FILES.items():
        assert len(problems[path]) == 1
        assert words in problems[path][0]
    graph = result.graph
    # RS-9: broken Rust is read where it parses; a cache folder (`target/`) is not walked.
    assert graph.implemented_by["REQ-1"] == [
        "crate/src/broken.rs::ok",
        f"{deep_path()}::deep",
        "pkg/a.py::f",
    ]
    assert not any(path.startswith("crate/target/") for path in graph.records)
    assert sorted(graph.implemented_by["REQ-2"]) == [
        "gopkg/broken.go::Good",
        "pkg/Hostile.cs::Hostile.Holds",
        "pkg/latin.py::g",
        "pkg/rot.py::h",
        "web/nested.ts::<module>",  # TS-2: read where it parses
    ]
    # GO-5: a subtest named by a huge literal is still a test of what it calls.
    assert f"gopkg/hostile_test.go::TestHostile/{LONG_A}" in graph.tested_by["REQ-2"]
    assert graph.tested_by["REQ-1"] == ["tests/test_a.py::test_f"]
    # FMT-44, FMT-45, FMT-46, FMT-48: OpenSpec ids out of huge and empty titles still link.
    assert graph.implemented_by["a/b/REQ-3"] == ["pkg/a.py::f"]
    assert graph.tested_by["a/b/requirement/idle"] == ["tests/test_a.py::test_f"]
    assert graph.clauses["REQ-3"].path == "requirements/laughs.yaml"
    assert graph.implemented_by["REQ-3"] == ["pkg/a.py::f"]
    # FMT-103, FMT-105: an unreadable tracey config still makes comments hold markers.
    assert graph.implemented_by["hostile.rule"] == ["pkg/a.py::f"]
    assert graph.tested_by["hostile.rule"] == ["tests/test_a.py::test_f"]
    assert f"gen/{SIXTY_A}.py" in graph.records
    assert [m.mention.path for m in graph.mentions_of["evil/1.2"]] == [
        ".kiro/specs/evil/tasks.md"
    ] * 2
    assert len(graph.mentions_of["evil/1.1"]) == 20_000
    # FMT-30, FMT-31, FMT-33, FMT-34: Kiro-style citations still link under thousands of
    # `Feature:` lines naming no spec, among endless ranges and properties.
    assert graph.implemented_by["evil/1"] == ["pkg/kiro.py::k"]
    assert graph.tested_by["evil/1"] == ["tests/test_a.py::test_f"]
    assert "REQ-96" not in graph.clauses
    # FMT-121: a hostile file named like a spec that looks like one is read.
    assert graph.clauses["HOST-1"].path == "docs/hostile-spec.md"
    feature = f"001-{SIXTY_A}"
    assert {f"{feature}/US1", f"{feature}/US1.1", f"{feature}/FR-001"} <= set(graph.clauses)
    # FMT-9, FMT-11, FMT-28, FMT-92: hostile task lines and requirement fields still link;
    # only their missing files are told.
    assert "pkg/a.py::f" in graph.implemented_by[f"{feature}/US1"]
    assert "tests/test_a.py" in graph.tested_by[f"{feature}/US1"]
    assert "pkg/a.py::f" in graph.implemented_by["evil/1.2"]
    missing = [d for d in result.diagnostics if d.code == "missing-task-file"]
    assert [(d.path, d.span.start_line) for d in missing] == [
        (".kiro/specs/evil/tasks.md", 5),
        ("requirements/laughs.yaml", 33),
        (f"specs/001-{SIXTY_A}/tasks.md", 1),
        (f"specs/001-{SIXTY_A}/tasks.md", 2),
    ]
    errors = [d for d in result.diagnostics if d.severity == "error"]
    # REQ-77 (outside), REQ-97 (binary), REQ-98 and REQ-99 (ignored), REQ-96 (steering) unread
    assert errors == []
    lock = read_lock(hostile, TrineConfig().max_file_size)
    assert lock.lock is None
    assert [p.message for p in lock.problems if "conflict" in p.message]


@needs_posix
def test_candidates_in_a_hostile_workspace_are_found(hostile: Path) -> None:
    """REL-8, FMT-122, FMT-123: reading the Markdown files outside the spec paths for signs of
    a spec finishes on hostile text, and names the one that looks like a spec."""
    session = Session(hostile)
    session.scan()
    assert finishes(session.survey)
    (line,) = [n for n in session.survey().notes if "like a spec" in n]
    assert ": notes/hostile.md; to read them" in line


# REL-4: the walk


@needs_posix
def test_nesting_deeper_than_the_recursion_limit(hostile: Path) -> None:
    """REL-4: a file under 1,500 nested folders is found: the walk keeps its own stack."""
    assert deep_path() in [
        path for path, _ in discover(hostile, Classifier(layout_of(TrineConfig())))
    ]


@needs_posix
def test_symlinked_folders_and_bad_names_are_left_out(hostile: Path) -> None:
    """REL-4: the walk ends, never enters a symlinked folder (a loop, or one leading out), and
    leaves out a name that is not UTF-8; symlinked files are listed, to be refused when read."""
    paths = [path for path, _ in discover(hostile, Classifier(layout_of(TrineConfig())))]
    assert not [p for p in paths if p.startswith("sub/")]
    assert not [p for p in paths if "bad" in p]
    assert {"pkg/loop_a.py", "pkg/loop_b.py", "pkg/secret.py", "pkg/pipe.py"} <= set(paths)
    assert len(paths) == len(set(paths))


# REL-5: memory


def test_discovery_of_100000_files_streams(tmp_path: Path) -> None:
    """REL-5: finding 100,000 files holds the names of the folders on the current path only:
    the memory it allocates does not grow with the number of files."""
    for folder in range(100):
        directory = tmp_path / f"pkg{folder:03}"
        directory.mkdir()
        for name in range(1000):
            os.close(os.open(directory / f"m{name:04}.py", os.O_WRONLY | os.O_CREAT))
    classifier = Classifier(layout_of(TrineConfig()))
    tracemalloc.start()
    try:
        count = sum(1 for _ in discover(tmp_path, classifier))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 100_000
    assert peak < 2_000_000  # one folder of 1,000 names is about 0.15 MB


def test_oversized_file_is_never_read(tmp_path: Path) -> None:
    """REL-5, REL-6: reading a 200 MB file allocates nothing near its size: it is skipped on
    its size alone."""
    with open(tmp_path / "huge.py", "wb") as f:
        f.truncate(200_000_000)
    tracemalloc.start()
    try:
        text, problems = read_source(tmp_path, "huge.py", 5_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text is None
    assert "max_file_size" in problems[0].message
    assert peak < 1_000_000


# REL-6: examined before read


@needs_posix
def test_pipe_is_not_read(tmp_path: Path) -> None:
    """REL-6: a symlink to a named pipe is reported, never opened (reading it would block)."""
    os.mkfifo(tmp_path / "pipe")
    os.symlink("pipe", tmp_path / "pipe.py")

    def work() -> None:
        text, problems = read_source(tmp_path, "pipe.py", 1000)
        assert text is None
        assert "not a regular file" in problems[0].message

    assert finishes(work)


@needs_posix
def test_symlink_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    """REL-6: a file that is a symlink to outside the workspace is refused, its text unread."""
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "secret.py").write_text("SECRET = 1\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.py", root / "link.py")
    text, problems = read_source(root, "link.py", 1000)
    assert text is None
    assert [p.message for p in problems] == [
        "symlink to a file outside the workspace; not followed"
    ]


# REL-7: coding cookies


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib"])
def test_cookie_naming_no_text_encoding_is_ignored(codec: str) -> None:
    """REL-7: a coding cookie that names a bytes-to-bytes codec is ignored: the file is UTF-8."""
    data = f'# coding: {codec}\ndef h():\n    """REQ-2 café"""\n'.encode()
    text, problems = decode(data, PYTHON)
    assert text == data.decode("utf-8")
    assert problems == ()


def test_cookie_giving_lone_surrogates_is_ignored() -> None:
    """REL-7: `unicode_escape` that would decode to a lone surrogate is ignored: the file is
    read as UTF-8, so its text can be encoded again (for RE2, JSON, the editor)."""
    data = b'# coding: unicode_escape\nx = "\\ud800"  # REQ-1\n'
    text, problems = decode(data, PYTHON)
    assert text == data.decode("utf-8")
    assert text.encode("utf-8")
    assert problems == ()


def test_rot13_file_in_a_workspace_is_indexed(tmp_path: Path) -> None:
    """REL-7: a workspace file with a `rot13` cookie is indexed as UTF-8, not a crash."""
    write_workspace(
        tmp_path,
        """
        //- SPEC.md
        - **REQ-1** The tool MUST work.
        //- pkg/rot.py
        # coding: rot13
        def h():
            \"\"\"REQ-1\"\"\"
        """,
    )
    assert check_workspace(tmp_path).graph.implemented_by["REQ-1"] == ["pkg/rot.py::h"]
