"""The rule records: found from their modules, the source of every list of rules."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

from trine.analysis import rules
from trine.analysis.diagnose import EARLY_RULES
from trine.analysis.registry import RULES, discover

EXTRA_RULE = """
from trine.analysis.rule import Rule

RULE = Rule(
    code="extra-rule",
    order=0,
    default="off",
    scope="file",
    early=False,
    check=lambda context, path: (),
    summary="A rule that only exists in this test.",
    why="To show a rule is found from its module alone.",
    example="None.",
    how_to_fix="Nothing.",
)
"""


def test_registry_holds_every_module_record_and_nothing_else() -> None:
    """DIAG-9: the registry is exactly the `RULE` of each module in trine.analysis.rules."""
    modules = [
        importlib.import_module(f"{rules.__name__}.{m.name}")
        for m in pkgutil.iter_modules(rules.__path__)
    ]
    assert sorted(m.RULE.code for m in modules) == sorted(RULES)
    assert all(RULES[m.RULE.code] is m.RULE for m in modules)
    assert len({r.order for r in RULES.values()}) == len(RULES)


def test_a_rule_is_found_from_its_module_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DIAG-9: a new module in the rules package is a new rule, placed by its order field."""
    (tmp_path / "extra_rule.py").write_text(EXTRA_RULE, "utf-8")
    monkeypatch.setattr(rules, "__path__", [*rules.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, f"{rules.__name__}.extra_rule", raising=False)
    try:
        codes = [rule.code for rule in discover()]
    finally:
        sys.modules.pop(f"{rules.__name__}.extra_rule", None)
    assert codes == ["extra-rule", *RULES]


def test_early_rules_and_quick_fixes_come_from_the_records() -> None:
    """DIAG-9: the early rules and the rules with a quick fix are what the records say."""
    assert {c for c, r in RULES.items() if r.early} == EARLY_RULES
    assert {
        "unknown-reference",
        "duplicate-clause",
        "file-problem",
        "untraced-symbol",
        "lock-problem",
    } == EARLY_RULES
    assert {c for c, r in RULES.items() if r.fix is not None} == {
        "unknown-reference",
        "untested-clause",
        "stale-link",
    }
