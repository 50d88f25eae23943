"""Where proposed edits may land: never outside the workspace (the edits are `analysis.fixes`)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from trine.analysis.fixes import FileEdit


# LSP-26: an edit never leaves the workspace.
def escapes(root: Path, path: str) -> bool:
    """Whether an edit to the workspace-relative `path` would land outside `root`.

    Paths in edits come from workspace content (file names, spec paths), so they are checked
    rather than trusted: an absolute path, a drive, any `..` step, a NUL or a backslash escapes,
    and so does a path that a symbolic link on the way leads out of the root."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or PureWindowsPath(path).drive
        or ".." in pure.parts
        or "\\" in path
        or "\x00" in path
    ):
        return True
    try:
        inside = root.resolve()
        return not (root / path).resolve().is_relative_to(inside)
    except (OSError, RuntimeError):
        return True


# LSP-26
def outside(root: Path, edits: tuple[FileEdit, ...]) -> list[str]:
    """The paths of the edits that would land outside `root` (none, normally)."""
    return [edit.path for edit in edits if escapes(root, edit.path)]
