"""`missing-task-file`: a checked task of a task list, or a requirement's field, names a file
the workspace lacks."""

from __future__ import annotations

from collections.abc import Iterator

from trine.analysis.findings import Finding
from trine.analysis.rule import CheckContext, Rule
from trine.parsers.facts import Task
from trine.parsers.languages import language_for


# FMT-11: a checked task's file that is gone is information; an unchecked task's is a plan.
def check(context: CheckContext, path: str) -> Iterator[Finding]:
    """`missing-task-file`: files checked tasks name that trine reads no file for, in the
    languages trine reads (of a file in another language trine cannot tell)."""
    for task, named in context.graph.missing_task_files(path):
        if language_for(named.path) is None:
            continue
        yield Finding(
            "missing-task-file", path, named.span, _message(task, named.path), {"file": named.path}
        )


# FMT-94: a requirement's field naming a missing file is told as the field it is.
def _message(task: Task, file: str) -> str:
    """What is wrong and what to do, for a task of a task list or a requirement's field."""
    gone = f"{file} is not a file of the workspace (moved, renamed or deleted?)"
    if task.kind == "field":
        clause = ", ".join(task.targets)
        return (
            f"`{task.label}` of {clause} names {file}, but {gone}: correct the path in the"
            f" field, so that it links the file to {clause}"
        )
    label = f"task {task.label}" if task.label else "this task"
    return (
        f"{label} is checked, but {gone}: correct the path in the task, so that it links the"
        " file to the clauses the task is for"
    )


RULE = Rule(
    code="missing-task-file",
    order=17,
    default="info",
    scope="file",
    early=False,
    check=check,
    summary=(
        "A checked task of a task list (spec-kit's or Kiro's `tasks.md`), or a field of a"
        " structured requirement (`implementation:`, `verification:`), names a file that is"
        " not in the workspace."
    ),
    why=(
        "A checked task that names its file is the link between the requirement or story it is"
        " for and the code or test that does it. When the file has moved, the link is lost and"
        " the task points readers to nothing. An unchecked task naming a file that does not"
        " exist yet is a plan, and is not reported. A structured requirement's field that"
        " names its code or tests (`implementation: src/x.py`) is such a link too."
    ),
    example=(
        "```markdown\n"
        "- [x] T012 [P] [US1] Create User model in src/models/user.py"
        "   <- the model now lives in src/app/models/user.py\n"
        "```\n\n"
        "Use instead:\n\n"
        "```markdown\n"
        "- [x] T012 [P] [US1] Create User model in src/app/models/user.py\n"
        "```"
    ),
    how_to_fix=(
        "Write the file's path from the workspace root (or any ending of it that names one"
        " file only) in the task or field. Files in languages trine does not read are not"
        " checked."
    ),
)
