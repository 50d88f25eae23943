"""The rule records: found from their modules, the source of every list of rules and the docs."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import sys
from pathlib import Path

import pytest

from trine import ruledocs
from trine.analysis import rules
from trine.analysis.diagnose import EARLY_RULES
from trine.analysis.registry import RULES, discover, rule_url

ROOT = Path(__file__).resolve().parents[2]

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
        "needs-clarification",
        "untraced-symbol",
        "lock-problem",
        "ambiguous-reference",
        "copied-spec",
        "lowercase-keywords",
    } == EARLY_RULES
    assert {c for c, r in RULES.items() if r.fix is not None} == {
        "unknown-reference",
        "ambiguous-reference",
        "untested-clause",
        "stale-link",
    }


def test_generated_files_are_up_to_date() -> None:
    """DIAG-10: the rule pages, README table, configuration codes and VS Code settings match the
    records."""
    stale = [str(p.relative_to(ROOT)) for p in ruledocs.out_of_date(ROOT)]
    assert stale == [], f"out of date: {', '.join(stale)}; run `{ruledocs.COMMAND}`"


def _copy(tmp_path: Path) -> Path:
    for path in (
        ruledocs.README,
        ruledocs.CONFIGURATION,
        ruledocs.MANIFEST,
        ruledocs.EXTENSION_README,
        ruledocs.SETTINGS,
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, tmp_path / path)
    return tmp_path


def test_the_generator_rewrites_what_is_stale(tmp_path: Path) -> None:
    """DIAG-10: a stale table, a missing page and a stray page are reported by --check, and fixed
    by the generator."""
    root = _copy(tmp_path)
    readme = root / ruledocs.README
    readme.write_text(readme.read_text("utf-8").replace("| error |", "| fatal |"), "utf-8")
    stray = root / ruledocs.PAGES / "retired-rule.md"
    stray.parent.mkdir(parents=True)
    stray.write_text("# retired-rule\n", "utf-8")
    assert ruledocs.main([str(root), "--check"]) == 1
    stale = set(ruledocs.out_of_date(root))
    assert {readme, stray, root / ruledocs.PAGES / "unknown-reference.md"} <= stale
    assert ruledocs.main([str(root)]) == 0
    assert ruledocs.out_of_date(root) == []
    assert not stray.exists()
    assert "| error |" in readme.read_text("utf-8")


def test_rule_pages_are_the_rule_documentation() -> None:
    """DIAG-10, DIAG-11: each page has ruff's sections, and the URL names the page."""
    page = (ROOT / ruledocs.PAGES / "stale-link.md").read_text("utf-8")
    sections = ["What it does", "Why is this bad?", "Example", "How to fix", "Options"]
    assert [page.index(f"## {s}") for s in sections] == sorted(
        page.index(f"## {s}") for s in sections
    )
    assert rule_url("stale-link").endswith("/docs/rules/stale-link.md")
