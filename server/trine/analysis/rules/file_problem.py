"""`file-problem`: a file trine could not read, or read only in part."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule


# DIAG-7
def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """`file-problem`: files read in part or not at all."""
    return context.marked(path, "file-problem")


RULE = Rule(
    code="file-problem",
    order=13,
    default="warning",
    scope="file",
    early=True,
    check=check,
    summary=(
        "A file trine could not read, or read only in part (binary, too large, invalid UTF-8,"
        " a syntax error, an unterminated code fence)."
    ),
    why="Links in the unreadable part are missing from the index, so coverage may be wrong.",
    example=(
        "A spec file opens a code fence and never closes it, so the rest of the file is read as"
        " code and its clauses are missing:\n\n"
        "````markdown\n"
        "```python\n"
        "slugify('Hello')\n"
        "## Durations   <- read as code, not as a heading\n"
        "````"
    ),
    how_to_fix="Fix the file, or exclude it with the `exclude` setting.",
    options=(
        "- `exclude`: globs of paths trine never reads.\n"
        "- `max_file_size`: files larger than this many bytes are skipped with a `file-problem`."
    ),
)
