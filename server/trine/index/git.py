"""Reading a workspace as it was at a git revision, with git itself (for `trine check --since`).

Only git's plumbing commands are run; nothing in the workspace is executed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trine.index.build import build_record
from trine.index.copies import SpecCopies
from trine.index.files import decode
from trine.index.graph import TraceGraph
from trine.index.host import IndexHost
from trine.parsers.languages import language_for


class GitError(Exception):
    """A revision that cannot be read; the message says why and what to do."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed, and --since needs it") from None


# DRIFT-9: a missing revision, a shallow clone or no repository is a clear error.
def resolve(root: Path, revision: str) -> str:
    """The commit a revision names, or a GitError that says why there is none."""
    if _git(root, "rev-parse", "--show-toplevel").returncode != 0:
        raise GitError(f"{root} is not inside a git repository, and --since needs one")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode == 0:
        return found.stdout.decode().strip()
    shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.decode().strip()
    if shallow == "true":
        raise GitError(
            f"revision {revision!r} is not in this shallow clone: fetch more history"
            " (git fetch --unshallow, or fetch-depth: 0 in CI)"
        )
    raise GitError(
        f"unknown revision {revision!r}: name a commit, branch or tag of this repository"
    )


def _hidden(path: str) -> bool:
    return any(part.startswith(".") for part in path.split("/"))


# DRIFT-7: the base revision is read from git's object store, file by file.
def graph_at(host: IndexHost, revision: str) -> TraceGraph:
    """The trace graph of the host's workspace as it was at a revision."""
    commit = resolve(host.root, revision)
    listed = _git(host.root, "ls-tree", "-r", "-z", "--name-only", commit)
    if listed.returncode != 0:
        raise GitError(f"cannot list the files of {revision!r}: {listed.stderr.decode().strip()}")
    prefix = _git(host.root, "rev-parse", "--show-prefix").stdout.decode().strip()
    wanted = []
    for path in filter(None, listed.stdout.decode("utf-8", "replace").split("\0")):
        role = None if _hidden(path) else host.classifier.role(path)
        if role is not None:
            wanted.append((path, role))
    request = "".join(f"{commit}:{prefix}{path}\n" for path, _ in wanted).encode()
    output = _git(host.root, "cat-file", "--batch", stdin=request).stdout
    records = {}
    position = 0
    for path, role in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        data = output[position : position + size]
        position += size + 1
        text, problems = decode(data, language_for(path))
        chosen = host.classifier.format_of(path)
        named = host.classifier.named_only(path)
        records[path] = build_record(
            path, role, text, host.ids, problems, None, chosen, named, host.classifier.collection
        )
    graph = TraceGraph(
        scope_of=host.classifier.scope,
        policy=host.policy,
        reference_only=host.ids.reference_only,
    )
    graph.update(SpecCopies().settle(records.values(), ()))
    return graph
