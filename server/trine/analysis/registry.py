"""The diagnostic rules: stable codes, default severities and their documentation.

Codes are never renamed or reused; `trine rule CODE` prints the documentation below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info", "hint"]
SeveritySetting = Literal["error", "warning", "info", "hint", "off"]


@dataclass(frozen=True)
class Rule:
    """One diagnostic rule and what a user needs to know about it."""

    code: str
    default: SeveritySetting
    summary: str
    why: str
    fix: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "unknown-reference",
            "error",
            "A clause id or `spec.md#slug` anchor that names no clause in the spec.",
            "A link to nothing is a broken promise: the code claims to implement a clause that does"
            " not exist, often after a typo or after the clause was renumbered or removed. Tokens"
            " whose prefix the spec never uses (`UTF-8`, `ISO-8601`) are plain text and not reported.",
            "Fix the reference (the message suggests the closest ids), or declare the clause in the"
            " spec.",
        ),
        Rule(
            "duplicate-clause",
            "error",
            "An explicit clause id declared a second time.",
            "Ids are global to the workspace; two clauses with one id make every link to it"
            " ambiguous. Reported on the second declaration.",
            "Give one of the clauses a new id.",
        ),
        Rule(
            "unimplemented-clause",
            "warning",
            "A requirement that no function or class implements.",
            "A requirement (an explicit id, an RFC 2119 keyword, or a heading naming a function)"
            " with no implementation is either not built yet or its link is missing.",
            "Name the clause id in the docstring, a comment, or the comment block above the"
            " function that implements it.",
        ),
        Rule(
            "untested-clause",
            "warning",
            "A requirement that no test checks, directly or through a function it calls.",
            "Untested requirements drift silently.",
            "Add a test that names the clause in its docstring, a comment or"
            ' `@pytest.mark.spec("ID")`, or that calls a function implementing it.',
        ),
        Rule(
            "untraced-symbol",
            "off",
            "A public function or method that implements no clause.",
            "On a codebase that aims at full traceability, every public function should answer"
            " 'which clause is this for?'. Off by default.",
            "Name the clause the function implements in its docstring, or add the behaviour to the"
            " spec.",
        ),
        Rule(
            "orphan-test",
            "off",
            "A test that checks no clause, directly or through the functions it calls.",
            "A test that traces to nothing cannot tell which requirement breaks when it fails."
            " Off by default.",
            'Name the clause in the test\'s docstring or with `@pytest.mark.spec("ID")`.',
        ),
        Rule(
            "stale-link",
            "warning",
            "A link whose clause changed since the link was reviewed (recorded in trine.lock).",
            "When a clause's words change, the code and tests written against the old words may no"
            " longer meet it. Whitespace and reflow are not changes.",
            "Update the code or test to match the clause (the hover shows what changed), then mark"
            " the link reviewed: the editor's quick fix, or `trine lock --clause ID`.",
        ),
        Rule(
            "unreviewed-link",
            "off",
            "A link that trine.lock does not record yet.",
            "With a lock in place, a new link has not been reviewed by anyone. Off by default.",
            "Review the link, then run `trine lock --clause ID` (or `trine lock`).",
        ),
        Rule(
            "changed-since-review",
            "off",
            "A function or test whose body changed since its clause's link was reviewed.",
            "The other direction of drift: the code moved while the clause stayed. Off by default.",
            "Check that the code still meets the clause, then mark the link reviewed.",
        ),
        Rule(
            "lock-problem",
            "error",
            "A trine.lock that cannot be read: invalid TOML, conflict markers, a future version.",
            "Without a trustworthy lock, drift cannot be checked; trine never overwrites it silently.",
            "Resolve the conflict or fix the file; `trine lock --force` rewrites it from the"
            " current state.",
        ),
        Rule(
            "spec-changed-code-not",
            "warning",
            "With `--since REV`: a clause whose text changed while none of its implementations or"
            " tests did.",
            "A pull request that changes the spec but not the code is either incomplete or needs"
            " a reviewer to confirm the code still holds.",
            "Update the implementations and tests named in the message, or confirm they still hold.",
        ),
        Rule(
            "code-changed-spec-not",
            "info",
            "With `--since REV`: a function whose body changed while its clauses and tests did not.",
            "Behaviour may have changed without the spec or the tests saying so.",
            "If the behaviour changed, update the clause and the tests; otherwise nothing to do.",
        ),
        Rule(
            "file-problem",
            "warning",
            "A file trine could not read, or read only in part (binary, too large, invalid UTF-8,"
            " a syntax error, an unterminated code fence).",
            "Links in the unreadable part are missing from the index, so coverage may be wrong.",
            "Fix the file, or exclude it with the `exclude` setting.",
        ),
    )
}


def rule_doc(code: str) -> str:
    """The rule's documentation as Markdown, for `trine rule` and the docs."""
    rule = RULES[code]
    return (
        f"# {rule.code}\n\nDefault severity: {rule.default}\n\n## What it does\n{rule.summary}\n\n"
        f"## Why is this bad?\n{rule.why}\n\n## How to fix\n{rule.fix}\n"
    )
