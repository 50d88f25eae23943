"""The runner of labels of real repositories (`accuracy.py --real DIR`), on a small repository
made here with git: it checks the labelled commit of a clone and says why it skips one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from corpus import accuracy
from workspaces import write_workspace

STORE = '''
//- SPEC.md
# Store

- **REQ-1** Writes MUST be durable.
- **REQ-2** Reads MUST be consistent.
//- pkg/__init__.py
"""The store package."""
//- pkg/store.py
def write():
    """REQ-1: write durably."""
    return 1
//- tests/test_store.py
from pkg.store import write


def test_write():
    """Checks REQ-1."""
    assert write() == 1
'''

LABELS = """
[source]
repository = "https://github.com/someone/store"
commit = "{commit}"
{paths}

[[diagnostic]]
rule = "unimplemented-clause"
at = "SPEC.md:4"
verdict = "right"
why = "no code names REQ-2"

[[diagnostic]]
rule = "untested-clause"
at = "SPEC.md:4"
verdict = "wrong"
why = "judged noise, to see it counted"

[[link]]
kind = "implements"
source = "pkg/store.py::write"
target = "REQ-1"
evidence = "explicit"
verdict = "right"
why = "docstring names REQ-1"

[[link]]
kind = "verifies"
source = "tests/test_store.py::test_write"
target = "REQ-1"
evidence = "explicit"
verdict = "right"
why = "docstring names REQ-1"
"""


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def clones(tmp_path: Path) -> Path:
    """A clones folder holding someone/store, whose HEAD has moved past the labelled commit."""
    repo = tmp_path / "clones" / "someone+store"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    write_workspace(repo, STORE)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "store")
    (repo / "pkg" / "store.py").write_text("def write():\n    return 1\n", encoding="utf-8")
    git(repo, "commit", "-qam", "drop the citation")
    return repo.parent


def labels(tmp_path: Path, commit: str, paths: str = "") -> Path:
    folder = tmp_path / "real"
    folder.mkdir(exist_ok=True)
    text = LABELS.format(commit=commit, paths=paths)
    (folder / "store.toml").write_text(text, encoding="utf-8")
    return folder


def labelled_commit(clones: Path) -> str:
    return git(clones / "someone+store", "rev-parse", "HEAD~1").strip()


def test_scores_the_labelled_commit_not_the_clone_head(tmp_path: Path, clones: Path) -> None:
    """The clone's HEAD no longer cites REQ-1; the labelled commit does, and that is measured."""
    results, skipped = accuracy.measure_real(labels(tmp_path, labelled_commit(clones)), clones)
    assert skipped == {}
    [result] = results
    assert (result.name, result.unlabelled, result.stale) == ("store", [], [])
    assert result.rules["unimplemented-clause"].precision == 1.0
    assert result.rules["untested-clause"].precision == 0.0
    assert result.links["implements (explicit)"].recall == 1.0
    assert result.links["verifies (explicit)"].recall == 1.0


def test_skips_a_missing_clone_or_commit(tmp_path: Path, clones: Path) -> None:
    """A repository with no clone, or a clone without the commit, is skipped and says why."""
    folder = labels(tmp_path, "0" * 40)
    results, skipped = accuracy.measure_real(folder, clones)
    assert results == []
    assert "does not hold commit 000000000000" in skipped["store"]
    results, skipped = accuracy.measure_real(folder, tmp_path / "nowhere")
    assert results == [] and skipped["store"].startswith("no clone at")


def test_paths_limit_the_workspace(tmp_path: Path, clones: Path) -> None:
    """With `paths`, only those files of the commit are checked: without the store module, the
    implements link is missed and REQ-1 gets a finding no label covers."""
    paths = 'paths = ["SPEC.md", "tests", "pkg/__init__.py"]'
    folder = labels(tmp_path, labelled_commit(clones), paths)
    [result], _ = accuracy.measure_real(folder, clones)
    assert result.links["implements (explicit)"].missed == 1
    assert "unimplemented-clause SPEC.md:3" in result.unlabelled


def test_write_records_a_separate_block(
    tmp_path: Path, clones: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--real --write rewrites only the block on real repositories, and names what it skipped."""
    doc = tmp_path / "accuracy.md"
    figures = "<!-- begin: figures -->\nkept\n<!-- end: figures -->\n"
    doc.write_text(figures + "<!-- begin: real -->\nold\n<!-- end: real -->\n", encoding="utf-8")
    monkeypatch.setattr(accuracy, "DOC", doc)
    folder = labels(tmp_path, labelled_commit(clones))
    (folder / "other.toml").write_text(
        '[source]\nrepository = "https://github.com/someone/other"\ncommit = "1234"\n',
        encoding="utf-8",
    )
    accuracy.main(["--real", str(clones), "--labels", str(folder), "--write"])
    text = doc.read_text(encoding="utf-8")
    assert text.startswith(figures) and "old" not in text
    assert "| `store` | https://github.com/someone/store @ " in text
    assert "- `other`: not measured (no clone at the labelled commit)." in text
