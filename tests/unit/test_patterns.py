"""Untrusted patterns: `id_pattern` and globs run in linear time, and bad ones are config errors.

A test of "finishes" runs its work in a forked process with a generous time limit, so that a
regression to a backtracking engine fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import re
from pathlib import Path

import pathspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trine.index.workspace
from trine.config import ConfigError, TrineConfig, load_config
from trine.index.workspace import Classifier, discover, gitignore_globs, globs
from trine.parsers.ids import DEFAULT_ID_PATTERN, IdMatcher
from trine.project import layout_of
from workspaces import finishes

# What the default pattern meant on Python's `re` (with its lookarounds), before RE2.
_OLD_TOKEN = re.compile(rf"(?<![\w.-])(?:{DEFAULT_ID_PATTERN})(?![\w-])")
_OLD_DECLARATION = re.compile(
    rf"^(?P<lead>(?:\*\*|__|\*|_)?\[?)(?P<id>{DEFAULT_ID_PATTERN})"
    rf"(?P<trail>\]?:?(?:\*\*|__|\*|_)?)(?=[:\s]|$):?"
)
# For Python's `re`, these would take longer than the age of the universe.
_CATASTROPHIC_ID = r"(A+)+-\d+"
_LONG_A = "A" * 100_000 + "!"
_CATASTROPHIC_GLOB = "*a*a*a*a*a*a*a*a*b"
ARABIC_ONE = "\u0661"  # a Unicode decimal digit, which Python's `\d` matches

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


def _config_error(root: Path, toml: str) -> str:
    (root / "trine.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    return str(caught.value)


# REL-1: id_pattern on RE2

_PROSE = st.text(
    alphabet=st.sampled_from(
        [*"AREQZ019-._ :*[]\n\t", "é", ARABIC_ONE, "日", "\u00a0", "\ud800", "😀", "x"]
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_default_pattern_finds_what_python_re_found(text: str) -> None:
    """REL-1: on RE2, the default id_pattern finds the same tokens, at the same offsets, and the
    same declarations as it did on Python's `re` (Unicode word characters and digits included);
    ids qualified by a feature number (`9c-FR-001`, read as `9c/FR-001`, CL-10) came later."""
    ids = IdMatcher()
    found = [(m.group(0), m.start(), m.end()) for m in ids.tokens(text)]
    assert [token for token in found if "/" not in token[0]] == [
        (m.group(0), m.start(), m.end()) for m in _OLD_TOKEN.finditer(text)
    ]
    old = _OLD_DECLARATION.match(text)
    new = ids.declaration(text)
    assert (None if new is None else (new.id, new.end)) == (
        None if old is None else (old.group("id"), old.end())
    )


def test_default_pattern_examples() -> None:
    """REL-1: word boundaries, dotted ids and Unicode digits behave as before."""
    ids = IdMatcher()
    text = f"REQ-1, x.REQ-2 éREQ-3 REQ-4.5a REQ-{ARABIC_ONE} (DUR-7) A-1-2"
    found = [m.group(0) for m in ids.tokens(text)]
    assert found == ["REQ-1", "REQ-4", f"REQ-{ARABIC_ONE}", "DUR-7"]
    assert ids.is_id("REQ-12.3")
    assert not ids.is_id("REQ-12 ")
    declared = ids.declaration("**REQ-9:** The tool MUST")
    assert declared is not None
    assert (declared.id, declared.end) == ("REQ-9", 10)


def test_offsets_are_code_points_after_emoji_and_surrogates() -> None:
    """REL-1: offsets count code points, also after emoji and a lone surrogate an editor sent."""
    text = "😀 REQ-1 \ud800 REQ-2"
    assert [(m.start(), m.end()) for m in IdMatcher().tokens(text)] == [(2, 7), (10, 15)]


@needs_fork
def test_catastrophic_id_pattern_finishes() -> None:
    """REL-1: `(A+)+-\\d+` over 100,000 A's finishes: tokens, declarations and whole-id tests."""
    ids = IdMatcher(_CATASTROPHIC_ID)

    def work() -> None:
        assert list(ids.tokens(_LONG_A)) == []
        assert ids.declaration(_LONG_A) is None
        assert not ids.is_id(_LONG_A)
        assert [m.group(0) for m in ids.tokens(_LONG_A[:-1] + "-1 AA-2")] == [
            _LONG_A[:-1] + "-1",
            "AA-2",
        ]

    assert finishes(work)


def test_id_matcher_pickles_as_its_pattern() -> None:
    """REL-1: an IdMatcher crosses to a worker process as its pattern and works there."""
    ids = pickle.loads(pickle.dumps(IdMatcher(r"R\d+")))
    assert ids.pattern == r"R\d+"
    assert [m.group(0) for m in ids.tokens("R1 and R22")] == ["R1", "R22"]


@pytest.mark.parametrize(
    "pattern",
    [
        r"(REQ)-\d+-\1",  # backreference
        r"(?<!x)REQ-\d+",  # lookbehind
        r"REQ-\d+(?=:)",  # lookahead
        r"(?>REQ)-\d+",  # atomic group
        r"REQ-\d++",  # possessive
    ],
)
def test_pattern_re2_cannot_run_is_one_config_error(tmp_path: Path, pattern: str) -> None:
    """REL-1: a pattern RE2 cannot compile gives one error naming the file and `id_pattern`."""
    message = _config_error(tmp_path, f"id_pattern = {json.dumps(pattern)}\n")
    assert message.startswith("trine.toml: id_pattern: ")
    assert "RE2" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("", "empty string"),
        ("REQ-\\d*|", "empty string"),
        ("[", "missing ]"),
    ],
)
def test_earlier_pattern_checks_still_apply(tmp_path: Path, pattern: str, reason: str) -> None:
    """REL-1: a pattern that matches the empty string or does not parse is still an error
    naming `id_pattern`."""
    message = _config_error(tmp_path, f"id_pattern = {json.dumps(pattern)}\n")
    assert "id_pattern" in message
    assert reason in message


@pytest.mark.parametrize(
    ("pattern", "declared"), [("(?i)req-\\d+", "Req-4"), ("(?P<id>R)-\\d+", "R-4")]
)
def test_flags_and_named_groups_declare_clauses(pattern: str, declared: str) -> None:
    """REL-1: global flags and named groups, which the spec parser once could not embed, are
    accepted, and the spec parser declares ids with them."""
    matcher = IdMatcher(TrineConfig(id_pattern=pattern).id_pattern)
    found = matcher.declaration(f"{declared}: text")
    assert found is not None and found.id == declared


def test_catastrophic_but_valid_pattern_is_accepted() -> None:
    """REL-1: a pattern RE2 runs in linear time is accepted, however it would fare on `re`."""
    assert TrineConfig(id_pattern=_CATASTROPHIC_ID).id_pattern == _CATASTROPHIC_ID


# REL-2: configuration globs on RE2


@needs_fork
def test_catastrophic_glob_finishes() -> None:
    """REL-2: `*a*a*a*a*a*a*a*a*b` against 60- and 4,000-character names finishes."""
    exclude = globs([_CATASTROPHIC_GLOB])
    classifier = Classifier(layout_of(TrineConfig(exclude=[_CATASTROPHIC_GLOB])))

    def work() -> None:
        assert not exclude.match("a" * 60)
        assert exclude.match("a" * 60 + "b")
        assert classifier.role("pkg/" + "a" * 4000 + ".py") == "code"
        assert classifier.role("pkg/" + "a" * 60 + "b/x.py") is None

    assert finishes(work)


@pytest.mark.parametrize("key", ["spec", "code", "tests", "exclude"])
@pytest.mark.parametrize(
    ("glob", "reason"),
    [
        ("a\\", "Invalid git pattern"),
        ("[[:alpha:]]", "not a glob trine can match"),
        ("x" * 2000, "longer than 1024 characters"),
        ("*a" * 40, "more than 32 wildcards"),
    ],
    ids=["dangling-escape", "posix-class", "too-long", "too-many-wildcards"],
)
def test_bad_glob_is_one_config_error(tmp_path: Path, key: str, glob: str, reason: str) -> None:
    """REL-2: a glob that cannot be matched gives one error naming the file and the key."""
    message = _config_error(tmp_path, f"{key} = [{json.dumps(glob)}]\n")
    assert message.startswith(f"trine.toml: {key}: ")
    assert reason in message
    assert "\n" not in message
    assert len(message) < 500


_GLOBS = st.lists(
    st.builds(
        lambda neg, lead, parts, trail: neg + lead + "/".join(parts) + trail,
        st.sampled_from(["", "!"]),
        st.sampled_from(["", "/"]),
        st.lists(
            st.sampled_from(["a", "b", "*", "**", "?", "[ab]", "a*", "*.py"]),
            min_size=1,
            max_size=3,
        ),
        st.sampled_from(["", "/"]),
    ),
    min_size=1,
    max_size=8,
)
_PATHS = st.builds(
    lambda parts, trail: "/".join(parts) + trail,
    st.lists(st.sampled_from(["a", "b", "ab", "x.py", "a.py", "c"]), min_size=1, max_size=4),
    st.sampled_from(["", "/"]),
)


@settings(max_examples=200, deadline=None)
@given(_GLOBS, st.lists(_PATHS, min_size=1, max_size=10))
def test_globs_keep_pathspec_semantics(lines: list[str], paths: list[str]) -> None:
    """REL-2, REL-3: on RE2, configuration globs and .gitignore globs decide as pathspec did,
    negations and folder matches included."""
    config = pathspec.PathSpec.from_lines("gitignore", lines, backend="simple")
    ignore = pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
    ours_config = globs(lines)
    ours_ignore = gitignore_globs(lines)
    for path in paths:
        assert ours_config.match(path) == config.match_file(path)
        assert ours_ignore.check(path) == ignore.check_file(path).include


def test_globs_split_into_many_sets_decide_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """REL-3: a .gitignore too big for one RE2 set is split, and decides as a single list."""
    monkeypatch.setattr(trine.index.workspace, "_SET_BUDGET", 50)
    lines = ["*.py", "!keep*.py", "build/", *(f"gen{i}*x/" for i in range(600)), "!build/k.py"]
    whole = pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
    split = gitignore_globs(lines)
    for path in ["a.py", "keep1.py", "build/x.py", "build/k.py", "gen7yx/z.md", "src/gen599ax/"]:
        assert split.check(path) == whole.check_file(path).include


# REL-3: .gitignore files are untrusted


def _paths(root: Path) -> list[str]:
    return [path for path, _ in discover(root, Classifier(layout_of(TrineConfig())))]


def _tree(root: Path, gitignore: str | None = None) -> None:
    for path in (
        "pkg/a.py",
        "build/out.py",
        "gen/" + "a" * 60 + "b/x.py",
        "gen/" + "a" * 60 + ".py",
    ):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x = 1\n", encoding="utf-8")
    if gitignore is not None:
        (root / ".gitignore").write_text(gitignore, encoding="utf-8")


@needs_fork
def test_gitignore_bad_lines_are_skipped_and_the_rest_applies(tmp_path: Path) -> None:
    """REL-3: invalid lines in a .gitignore are skipped (as git does), a catastrophic glob
    finishes, and the valid lines still apply."""
    lines = [
        "a\\",
        "[[:alpha:]]",
        "[z-a]",
        "\\",
        "x" * 5000,
        "*a" * 40,
        _CATASTROPHIC_GLOB,
        "build/",
    ]
    _tree(tmp_path, "\n".join(lines) + "\n")

    def work() -> None:
        assert _paths(tmp_path) == ["gen/" + "a" * 60 + ".py", "pkg/a.py"]

    assert finishes(work)


def test_gitignore_with_crlf_line_endings(tmp_path: Path) -> None:
    """REL-3: a .gitignore written with CRLF line endings applies as with LF."""
    _tree(tmp_path, "build/\r\ngen/\r\n")
    assert _paths(tmp_path) == ["pkg/a.py"]


@needs_fork
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_gitignore_that_is_a_pipe_is_not_read(tmp_path: Path) -> None:
    """REL-3: a .gitignore that is a named pipe is not read (reading would block forever)."""
    _tree(tmp_path)
    os.mkfifo(tmp_path / ".gitignore")

    def work() -> None:
        assert "build/out.py" in _paths(tmp_path)

    assert finishes(work)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_gitignore_is_not_followed(tmp_path: Path) -> None:
    """REL-3: as in git, a .gitignore that is a symlink is not followed."""
    root = tmp_path / "ws"
    _tree(root)
    (tmp_path / "elsewhere").write_text("*\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", root / ".gitignore")
    assert "pkg/a.py" in _paths(root)


def test_oversized_gitignore_is_not_read(tmp_path: Path) -> None:
    """REL-3: a .gitignore over 1 MB is not read (it is never loaded into memory)."""
    _tree(tmp_path)
    with open(tmp_path / ".gitignore", "wb") as f:
        f.write(b"build/\n")
        f.truncate(2_000_000)
    assert "build/out.py" in _paths(tmp_path)


def test_gitignore_keeps_its_first_globs_only(tmp_path: Path) -> None:
    """REL-3: past its first 10,000 globs, the rest of a .gitignore is ignored."""
    _tree(tmp_path, "".join(f"nothing{i}\n" for i in range(10_000)) + "build/\n")
    assert "build/out.py" in _paths(tmp_path)
