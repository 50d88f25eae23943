"""Running one spec command: check its arguments, tell the terminal how it goes, write the result."""

COMMANDS = ("/speckit.specify", "/speckit.plan", "/speckit.tasks")

SPEC_TEMPLATE = """# Feature Specification: {name}

## User Stories
Stories in order of priority (P1, P2, ...).

## Functional Requirements
One line each, numbered (FR-001, FR-002, etc.).
"""


class CommandError(Exception):
    """A command the runner cannot run, with what to do instead."""


def run_command(line, feature, emit):
    """Run a slash command for a feature, sending started/finished events to `emit`."""
    name, _, argument = line.partition(" ")
    if name not in COMMANDS:
        raise CommandError(f"unknown command {name!r}; try one of {', '.join(COMMANDS)}")
    if name == "/speckit.specify" and not argument.strip():
        raise CommandError("/speckit.specify needs a description in quotes")
    emit("started", name)
    text = SPEC_TEMPLATE.format(name=argument.strip('" ')) if name == "/speckit.specify" else ""
    emit("finished", name)
    return text
