"""Ids that restart in every scope: qualified references, resolution by scope, ambiguity."""

from __future__ import annotations

from pathlib import Path

import pytest

from trine.analysis.diagnose import Diagnostics, diagnose
from trine.analysis.findings import Diagnostic
from trine.analysis.fixes import FileEdit, FixContext, TextEdit
from trine.analysis.registry import RULES
from trine.config import ConfigError, TrineConfig, load_config
from trine.ide.completion import complete
from trine.ide.hover import hover
from trine.ide.navigation import definition
from trine.ide.rename import prepare_rename, rename
from trine.ide.snapshot import Location, Snapshot
from trine.index.graph import TraceGraph
from trine.index.workspace import Classifier
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import parse_spec
from trine.parsers.text import Span
from trine.project import layout_of
from workspaces import scoped_graph

# Two features whose requirements both start at FR-001; FR-003 is declared by 002 only.
FEATURES = """
//- specs/001-core/spec.md
# Core

- **FR-001**: System MUST load the store.
- **FR-002**: System MUST save it, after FR-001.
//- specs/002-export/spec.md
# Export

- **FR-001**: System MUST export the store.
- **FR-003**: System MUST name the file.
//- specs/002-export/tasks.md
- [ ] T001 Implement FR-001 in src/export.py
"""


def resolved(graph: TraceGraph, path: str) -> list[tuple[str, str | None]]:
    """Each id mention of a file and the clause it names."""
    return [(r.mention.target, r.clause) for r in graph.resolved_in[path]]


def findings(graph: TraceGraph, code: str) -> list[Diagnostic]:
    return [d for d in diagnose(graph, TrineConfig().severity_of) if d.code == code]


def test_default_ids_have_suffixes_word_parts_and_hex() -> None:
    """CL-9: letter suffixes, word parts and hex ids are ids; `NON-NEGOTIABLE` and ids with
    more than one letter glued on are not."""
    text = (
        "FR-007a REQ-13b REQ-F-006 CORE-FR-JOB-IFACE req-7b8e6597 UTF-8 "
        "NON-NEGOTIABLE REQ-1xy well-known"
    )
    assert [m.group(0) for m in IdMatcher().tokens(text)] == [
        "FR-007a",
        "REQ-13b",
        "REQ-F-006",
        "CORE-FR-JOB-IFACE",
        "req-7b8e6597",
        "UTF-8",
    ]


def test_plain_tokens_stay_text_unless_the_spec_uses_their_prefix() -> None:
    """CL-9, DIAG-1: `UTF-8` and `ISO-8601` are not reported while no clause uses their prefix;
    a word id's typo is reported within its family."""
    graph = scoped_graph(
        """
        //- SPEC.md
        - **CORE-US-BTRFS** It MUST boot.
        //- pkg/a.py
        def f():
            '''UTF-8, ISO-8601, CORE-US-BTRFX, CORE-US-BTRFS.'''
        """
    )
    assert [d.message.split()[0] for d in findings(graph, "unknown-reference")] == ["CORE-US-BTRFX"]


@pytest.mark.parametrize(
    "written",
    ["002-export/FR-001", "specs/002-export#FR-001", "2-FR-001", "002-FR-001", "002-EXPORT/FR-001"],
)
def test_every_qualified_form_names_the_feature(written: str) -> None:
    """CL-10: a qualifier names a feature folder, case-insensitively, by number or by name."""
    graph = scoped_graph(FEATURES + f"//- src/export.py\n# {written}\ndef export():\n    pass\n")
    assert [c for _, c in resolved(graph, "src/export.py")] == ["002-export/FR-001"]
    assert graph.implemented_by["002-export/FR-001"] == ["src/export.py::export"]


def test_a_qualifier_with_letters_matches_numbers_as_numbers() -> None:
    """CL-10: `9c-FR-001` and `009c-FR-001` name the folder `009c-import`."""
    graph = scoped_graph(
        FEATURES.replace("002-export", "009c-import")
        + "//- src/a.py\n# 9c-FR-001 009C-FR-001 009c-import/FR-003 9-FR-001\n"
    )
    assert resolved(graph, "src/a.py") == [
        ("9c/FR-001", "009c-import/FR-001"),
        ("009C/FR-001", "009c-import/FR-001"),
        ("009c-import/FR-003", "009c-import/FR-003"),
        ("9/FR-001", None),
    ]


def test_ids_separated_by_a_slash_are_two_ids() -> None:
    """CL-10: `CL-1/CL-2` is two ids, and a path that names no scope leaves the id bare."""
    ids = IdMatcher()
    assert [m.group(0) for m in ids.tokens("CL-1/CL-2 and a/CL-1/CL-3")] == [
        "CL-1",
        "CL-2",
        "CL-1",
        "CL-3",
    ]
    graph = scoped_graph(FEATURES + "//- src/a.py\n# see docs/FR-003\n")
    assert resolved(graph, "src/a.py") == [("docs/FR-003", "002-export/FR-003")]


def test_a_heading_ending_with_an_id_in_parentheses_declares_it() -> None:
    """CL-11: `### Title (ID)` declares ID, titled by the text before it; other parentheses
    are text."""
    result = parse_spec(
        "# S\n\n### Boot from btrfs (CORE-US-BTRFS)\n\n### Principles (NON-NEGOTIABLE)\n",
        "s.md",
        IdMatcher(),
    )
    boot = result.clauses[1]
    assert (boot.id, boot.title, boot.explicit) == ("CORE-US-BTRFS", "Boot from btrfs", True)
    assert boot.id_span == Span(2, 21, 2, 34)
    assert not result.clauses[2].explicit


def test_bare_ids_resolve_in_the_scope_of_their_file() -> None:
    """CL-12: a spec's bare ids resolve in its own feature, a task list in its folder's."""
    graph = scoped_graph(FEATURES)
    assert resolved(graph, "specs/001-core/spec.md") == [("FR-001", "001-core/FR-001")]
    assert resolved(graph, "specs/002-export/tasks.md") == [("FR-001", "002-export/FR-001")]


def test_a_bare_id_declared_once_resolves_anywhere() -> None:
    """CL-12: with no scope to decide, an id declared in one scope only resolves to it."""
    graph = scoped_graph(FEATURES + "//- src/a.py\n# FR-003\ndef name():\n    pass\n")
    assert resolved(graph, "src/a.py") == [("FR-003", "002-export/FR-003")]


def test_a_test_naming_its_feature_resolves_in_it() -> None:
    """CL-12: Kiro's `Feature: <spec>` in a test's docstring gives the test file its scope."""
    graph = scoped_graph(
        FEATURES + '//- tests/test_core.py\ndef test_load():\n    """Feature: 001-core. FR-001"""\n'
    )
    assert resolved(graph, "tests/test_core.py") == [("FR-001", "001-core/FR-001")]
    assert graph.tested_by["001-core/FR-001"] == ["tests/test_core.py::test_load"]


def test_configured_scopes_give_code_its_scope(tmp_path: Path) -> None:
    """CL-12, CFG-2: `[tool.trine.scopes]` maps a scope to the globs of its code."""
    (tmp_path / "trine.toml").write_text('[scopes]\n"002-export" = ["src/export/**"]\n')
    config, _ = load_config(tmp_path)
    classifier = Classifier(layout_of(config))
    graph = scoped_graph(FEATURES + "//- src/export/a.py\n# FR-001\n", classifier.scope)
    assert resolved(graph, "src/export/a.py") == [("FR-001", "002-export/FR-001")]
    assert classifier.scope("src/core/a.py") is None


def test_a_bad_scope_glob_is_a_configuration_error(tmp_path: Path) -> None:
    """CFG-3: a scope's globs are checked like every other glob."""
    (tmp_path / "trine.toml").write_text('[scopes]\ncore = ["a/**/[z-a]"]\n')
    with pytest.raises(ConfigError, match=r"trine\.toml: scopes: scope 'core'"):
        load_config(tmp_path)


def test_the_same_local_id_in_two_scopes_is_no_duplicate() -> None:
    """DIAG-2: FR-001 in two features is two clauses; twice in one feature is a duplicate."""
    graph = scoped_graph(FEATURES)
    assert findings(graph, "duplicate-clause") == []
    # spec-kit reads a feature's ids from its spec.md only, so a second declaration in one
    # scope is shown with Kiro, whose spec folder is the scope.
    twice = scoped_graph(
        FEATURES + "//- .kiro/specs/core/requirements.md\n### Requirement 1: Load\n\n"
        "### Requirement 1: Again\n"
    )
    assert [(d.path, d.message) for d in findings(twice, "duplicate-clause")] == [
        (
            ".kiro/specs/core/requirements.md",
            "core/1 is already declared at .kiro/specs/core/requirements.md:1: give this clause"
            " a new id",
        )
    ]


def test_an_id_of_several_scopes_is_ambiguous_with_a_fix_per_scope() -> None:
    """DIAG-12: a bare id that two features declare, in code with no scope, is a warning that
    lists the candidates and their qualified forms; the quick fix offers each."""
    graph = scoped_graph(FEATURES + "//- src/a.py\n# FR-001\ndef load():\n    pass\n")
    (found,) = findings(graph, "ambiguous-reference")
    assert found.severity == "warning" == RULES["ambiguous-reference"].default
    assert found.message == (
        "FR-001 is declared in 2 scopes: 001-core/FR-001 (specs/001-core/spec.md),"
        " 002-export/FR-001 (specs/002-export/spec.md); write the one meant as"
        " 001-core/FR-001 or 002-export/FR-001, or give this file a scope ([tool.trine.scopes])"
    )
    assert graph.implemented_by.get("001-core/FR-001") is None
    fix = RULES["ambiguous-reference"].fix
    assert fix is not None
    actions = fix(found, FixContext(graph, Path("."), lambda _: None))
    assert [a.edits for a in actions] == [
        (FileEdit("src/a.py", (TextEdit(Span(0, 2, 0, 8), "001-core/FR-001"),)),),
        (FileEdit("src/a.py", (TextEdit(Span(0, 2, 0, 8), "002-export/FR-001"),)),),
    ]


def test_a_removed_id_in_a_spec_is_a_warning_and_in_code_an_error() -> None:
    """DIAG-13: a spec's note naming a removed id warns; code naming it stays an error."""
    graph = scoped_graph(
        FEATURES.replace("after FR-001.", "after FR-001 (FR-004 was removed).")
        + "//- src/a.py\n# FR-004\n"
    )
    assert [(d.path, d.severity) for d in findings(graph, "unknown-reference")] == [
        ("specs/001-core/spec.md", "warning"),
        ("src/a.py", "error"),
    ]
    off = TrineConfig.model_validate({"severity": {"unknown-reference": "hint"}})
    assert {d.severity for d in diagnose(graph, off.severity_of)} >= {"hint"}


def snapshot(graph: TraceGraph, root: Path) -> Snapshot:
    diagnostics = Diagnostics(TrineConfig().severity_of)
    diagnostics.rebuild(graph)
    return Snapshot(graph, diagnostics, root)


def test_completion_offers_the_own_scope_first_and_others_qualified(tmp_path: Path) -> None:
    """LSP-32: in a feature's spec, its local ids come first; other features' ids are
    qualified."""
    graph = scoped_graph(FEATURES)
    labels = [
        c.label for c in complete(snapshot(graph, tmp_path), "specs/002-export/tasks.md", "F", 0, 1)
    ]
    assert labels == ["FR-001", "FR-003", "001-core/FR-001", "001-core/FR-002"]


def test_rename_of_a_scoped_id_keeps_qualifiers(tmp_path: Path) -> None:
    """LSP-32: renaming a scoped id edits its declaration and the local part of every mention."""
    graph = scoped_graph(FEATURES + "//- src/a.py\n# 2-FR-001\n")
    shot = snapshot(graph, tmp_path)
    assert prepare_rename(shot, "src/a.py", 0, 5) == (Span(0, 4, 0, 10), "FR-001")
    result = rename(shot, "src/a.py", 0, 5, "FR-010", IdMatcher())
    assert result.error is None
    assert result.edits == (
        FileEdit("specs/002-export/spec.md", (TextEdit(Span(2, 4, 2, 10), "FR-010"),)),
        FileEdit("specs/002-export/tasks.md", (TextEdit(Span(0, 21, 0, 27), "FR-010"),)),
        FileEdit("src/a.py", (TextEdit(Span(0, 4, 0, 10), "FR-010"),)),
    )
    taken = rename(shot, "src/a.py", 0, 5, "FR-003", IdMatcher())
    assert taken.error == "FR-003 is already declared; choose a free id"


def test_an_id_of_many_scopes_names_the_first_few() -> None:
    """DIAG-12: with dozens of candidates, the message names eight and counts the rest."""
    features = "".join(f"//- specs/{n:03d}-f/spec.md\n- **FR-001**: It MUST.\n" for n in range(12))
    graph = scoped_graph(features + "//- src/a.py\n# FR-001\n")
    (found,) = findings(graph, "ambiguous-reference")
    assert found.message.startswith("FR-001 is declared in 12 scopes: 000-f/FR-001 (specs/000-f")
    assert ", and 4 more; write the one meant as 000-f/FR-001 or " in found.message
    assert found.message.endswith(
        "007-f/FR-001 (or one of 4 more), or give this file a scope ([tool.trine.scopes])"
    )
    assert len(found.data["candidates"]) == 8  # type: ignore[arg-type]


def test_definition_of_an_ambiguous_id_offers_each_clause(tmp_path: Path) -> None:
    """LSP-32: go to definition on a bare id of several scopes lists each declaration; on a
    qualified one, its clause."""
    graph = scoped_graph(FEATURES + "//- src/a.py\n# FR-001 2-FR-001\n")
    shot = snapshot(graph, tmp_path)
    assert definition(shot, "src/a.py", 0, 3) == [
        Location("specs/001-core/spec.md", Span(2, 4, 2, 10)),
        Location("specs/002-export/spec.md", Span(2, 4, 2, 10)),
    ]
    assert definition(shot, "src/a.py", 0, 12) == [
        Location("specs/002-export/spec.md", Span(2, 4, 2, 10))
    ]


def test_hover_on_an_ambiguous_id_lists_its_candidates(tmp_path: Path) -> None:
    """LSP-32: the hover of a bare id of several scopes names each clause and where it is."""
    graph = scoped_graph(FEATURES + "//- src/a.py\n# FR-001\n")
    found = hover(snapshot(graph, tmp_path), "src/a.py", 0, 3)
    assert found is not None
    assert found.markdown.splitlines()[:3] == [
        "`FR-001` is declared in 2 scopes; qualify it to choose one:",
        "",
        "- **001-core/FR-001** System MUST load the store."
        f" ([specs/001-core/spec.md:3]({(tmp_path / 'specs/001-core/spec.md').as_uri()}#L3))",
    ]


def test_a_qualified_id_its_scope_lacks_is_unknown_with_suggestions() -> None:
    """CL-10, DIAG-8: `001-core/FR-003` names a feature that does not declare FR-003: unknown,
    with the closest ids of the family suggested."""
    graph = scoped_graph(FEATURES + "//- src/a.py\n# 001-core/FR-003\n")
    (found,) = findings(graph, "unknown-reference")
    assert found.message.startswith("001-core/FR-003 is not declared in the spec (did you mean")
    assert "001-core/FR-001" in found.message


def test_a_heading_closing_with_an_id_declared_above_names_it() -> None:
    """CL-11: `## Verification Mapping (SC-001)` under a declared SC-001 is a section that
    mentions SC-001, not a second declaration."""
    result = parse_spec(
        "# S\n\n- **SC-001**: It MUST pass.\n\n## Verification Mapping (SC-001)\n\nText.\n",
        "s.md",
        IdMatcher(),
    )
    assert [(c.id, c.title) for c in result.clauses] == [
        ("s.md#s", "S"),
        ("SC-001", "It MUST pass."),
        ("s.md#verification-mapping-sc-001", "Verification Mapping (SC-001)"),
    ]
    assert [r.target for r in result.references] == ["SC-001"]
