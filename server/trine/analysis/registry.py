"""The diagnostic rules, collected from `trine.analysis.rules`: one module, one record.

Codes are never renamed or reused; `trine rule CODE` prints a rule's documentation and every
diagnostic links to its page (`rule_url`). Rules are listed by their `order` field.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import metadata

from trine.analysis import rules
from trine.analysis.rule import Rule


# DIAG-9: a rule is found from its module alone.
def discover() -> list[Rule]:
    """The `RULE` of every module in `trine.analysis.rules`, by `order` (codes and orders are
    unique: a clash is a bug in the rules package, raised at import)."""
    found: list[Rule] = []
    for module_info in pkgutil.iter_modules(rules.__path__):
        module = importlib.import_module(f"{rules.__name__}.{module_info.name}")
        rule = module.RULE
        if not isinstance(rule, Rule):
            raise TypeError(f"{module.__name__}.RULE is not a Rule")
        clash = [r.code for r in found if rule.code == r.code or rule.order == r.order]
        if clash:
            raise ValueError(f"{module.__name__}: {rule.code} clashes with {clash[0]}")
        found.append(rule)
    return sorted(found, key=lambda rule: rule.order)


RULES: dict[str, Rule] = {rule.code: rule for rule in discover()}


def _rules_base_url() -> str:
    """The `Rules` address of `[project.urls]` in pyproject.toml, from the installed metadata."""
    entries: list[str] = metadata("trine").get_all("Project-URL") or []
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip() == "Rules":
            return url.strip().rstrip("/") + "/"
    raise LookupError("trine's metadata has no Rules URL: reinstall trine (make demo)")


RULES_URL = _rules_base_url()
"""Where the rule pages (`docs/rules/<code>.md`) are published."""


# DIAG-11: every diagnostic links to its rule's page.
def rule_url(code: str) -> str:
    """The address of a rule's documentation page."""
    return f"{RULES_URL}{code}.md"


def options(rule: Rule) -> str:
    """The settings that apply to a rule, as a Markdown list: its severity, then its own."""
    severity = (
        f"- `severity.{rule.code}`: `error`, `warning`, `info`, `hint` or `off`"
        f" (default `{rule.default}`)."
    )
    return f"{severity}\n{rule.options}" if rule.options else severity


def rule_doc(code: str) -> str:
    """The rule's documentation as Markdown, for `trine rule CODE` and `docs/rules/`."""
    rule = RULES[code]
    fixable = "; the editor offers a quick fix" if rule.fix is not None else ""
    return (
        f"# {rule.code}\n\nDefault severity: {rule.default}{fixable}\n\n"
        f"## What it does\n\n{rule.summary}\n\n## Why is this bad?\n\n{rule.why}\n\n"
        f"## Example\n\n{rule.example}\n\n## How to fix\n\n{rule.how_to_fix}\n\n"
        f"## Options\n\n{options(rule)}\n"
    )


# CLI-6
def rule_json(rule: Rule) -> dict[str, object]:
    """A rule's record as `trine rule --json` prints it."""
    return {
        "code": rule.code,
        "default": rule.default,
        "scope": rule.scope,
        "early": rule.early,
        "fixable": rule.fix is not None,
        "summary": rule.summary,
        "why": rule.why,
        "example": rule.example,
        "how_to_fix": rule.how_to_fix,
        "options": options(rule),
        "url": rule_url(rule.code),
    }
