"""Markdown specs at other paths: spec folders deeper in docs, requirements folders, files named
like specs, and the Markdown files outside the spec paths that look like specs."""

from __future__ import annotations

from pathlib import Path

from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import spec_signs
from trine.session import Session
from workspaces import write_workspace

IDS = IdMatcher()
SPEC_LIKE = "# Rules\n\n- **REQ-1** It MUST a.\n- **REQ-2** It MUST b.\n- **REQ-3** It MUST c.\n"


def _session(root: Path, fixture: str) -> Session:
    write_workspace(root, fixture)
    session = Session(root)
    session.scan()
    return session


def _specs(session: Session) -> set[str]:
    """The files read as specs in some format."""
    return {p for p, r in session.host.records.items() if r.role == "spec" and r.spec_format}


def test_spec_folders_deeper_in_docs_and_requirements_markdown_are_read(tmp_path: Path) -> None:
    """FMT-120: `docs/**/spec/**`, `docs/**/specs/**` and the Markdown of `requirements/`
    folders are spec paths; pip's `requirements*.txt` are neither specs nor a spec path holding
    unread files."""
    session = _session(
        tmp_path,
        "//- docs/design/specs/auth.md\n# Auth\n//- docs/en/spec/api.md\n# API\n"
        "//- requirements/functional.md\n# Functional\n//- requirements/dev.txt\npytest\n"
        "//- requirements.txt\nrequests\n//- docs/special/notes.md\n# Notes\n"
        "//- docs/product/requirements/budgets.md\n# Budgets\n",
    )
    assert _specs(session) == {
        "docs/design/specs/auth.md",
        "docs/en/spec/api.md",
        "requirements/functional.md",
        "docs/product/requirements/budgets.md",
    }
    assert session.survey().lines() == ["trine: specs: markdown 4 files"]


def test_archived_pages_are_not_read_but_dialect_archives_are(tmp_path: Path) -> None:
    """FMT-120: an `archive/` folder under the Markdown spec paths, or holding a file named like
    a spec, is not read; spec-kit's `_archive_` features and OpenSpec's archived changes are."""
    session = _session(
        tmp_path,
        "//- docs/archive/specs/old/a.md\n# A\n\n- **REQ-1** It MUST a.\n"
        "//- docs/specs/archived/b.md\n# B\n\n- **REQ-1** It MUST b.\n"
        f"//- notes/archive/KERNEL_SPEC.md\n{SPEC_LIKE}"
        "//- docs/specs/c.md\n# C\n\n- **REQ-1** It MUST c.\n"
        "//- specs/_archive_/001-a/spec.md\n# Feature Specification: A\n\n"
        "- **FR-001**: System MUST a.\n"
        "//- openspec/changes/archive/2024-x/specs/cap/spec.md\n# cap\n\n"
        "## ADDED Requirements\n\n### Requirement: Login\nThe system SHALL log in.\n",
    )
    assert _specs(session) == {
        "docs/specs/c.md",
        "specs/_archive_/001-a/spec.md",
        "openspec/changes/archive/2024-x/specs/cap/spec.md",
    }
    assert not [line for line in session.survey().lines() if "archive" in line]


def test_a_file_named_like_a_spec_is_read_when_it_looks_like_one(tmp_path: Path) -> None:
    """FMT-121: `*-spec.md`, `*_SPEC.md`, `SPEC*.md`, `*-requirements.md` outside the spec
    paths are read when they look like specs; a page about specs (`copied-spec.md`) and a
    fixture are not."""
    session = _session(
        tmp_path,
        f"//- docs/api-spec.md\n{SPEC_LIKE}//- KERNEL_SPEC.md\n# Kernel\n"
        "- The kernel MUST boot.\n- It MUST halt.\n- It SHOULD log.\n"
        "//- SPECIFICATION.md\n# Spec\nJust prose.\n"
        "//- client-requirements.md\n# Client\nIt MUST log. It MUST buffer.\n\nIt SHOULD retry.\n"
        "//- docs/rules/copied-spec.md\n# copied-spec\nA copy of a spec file.\n"
        f"//- tests/fixtures/ws/x_spec.md\n{SPEC_LIKE.replace('REQ', 'FIX')}",
    )
    assert _specs(session) == {"docs/api-spec.md", "KERNEL_SPEC.md", "client-requirements.md"}
    assert {"REQ-1", "REQ-2", "REQ-3"} <= set(session.host.graph().clauses)
    assert "docs/rules/copied-spec.md#copied-spec" not in session.host.graph().clauses


def test_a_configured_spec_reads_files_named_like_specs_whatever_they_hold(
    tmp_path: Path,
) -> None:
    """FMT-121: a configured `spec` says what the specs are: names alone read nothing more, and
    a file it names is read even with nothing spec-like in it."""
    session = _session(
        tmp_path,
        '//- trine.toml\nspec = ["docs/rules/*.md"]\n'
        "//- docs/rules/copied-spec.md\n# copied-spec\nA copy.\n"
        f"//- docs/api-spec.md\n{SPEC_LIKE}",
    )
    assert _specs(session) == {"docs/rules/copied-spec.md"}


def test_with_no_spec_the_files_named_like_specs_that_were_not_read_are_named(
    tmp_path: Path,
) -> None:
    """FMT-121: with no spec read, a SPECIFICATION.md that holds no ids or MUST sentences is
    named, with what to do to read it."""
    session = _session(tmp_path, "//- SPECIFICATION.md\n# Podcasts\nIt plays podcasts.\n")
    assert (
        "trine: 1 file named like a spec but with fewer than 3 ids or MUST/SHALL sentences was"
        " not read (SPECIFICATION.md): add it to `spec` to read its sections"
    ) in session.survey().notes


def test_signs_are_declared_ids_and_keyword_sentences_outside_code() -> None:
    """FMT-122: ids a file declares count, ids it only cites, shows in code or lists bare (a
    template's examples) do not; a sentence with several keywords counts once."""
    signs = spec_signs(
        "# Notes\n\nSee REQ-1, REQ-2 and REQ-3. Keywords are MUST, SHALL and SHOULD.\n\n"
        "```\n- **REQ-4** x\n```\n\n- **REQ-5** It MUST a.\n- **REQ-6** b\n\n"
        "The tool SHOULD warn. It MUST NOT fail!\n\nExample ids:\n- REQ-7\n- REQ-8\n- REQ-9\n",
        "docs/notes.md",
        IDS,
    )
    assert signs.declared == {"REQ-5", "REQ-6"}
    assert signs.sentences == 4
    assert signs.looks_like_spec()
    listed = spec_signs("- **REQ-5** a\n- **REQ-6** b\n- **REQ-7** c\n", "docs/list.md", IDS)
    assert listed.looks_like_spec()
    assert not listed.looks_like_spec(known=frozenset({"REQ-5"}))


def test_with_specs_read_other_files_that_look_like_specs_get_one_line(tmp_path: Path) -> None:
    """FMT-123: one line names the other Markdown files that declare new ids or have MUST
    sentences, most spec-like first; a page citing the spec's ids, a changelog and a README
    below the root are never named."""
    more = "".join(f"- **NEW-{i}** It MUST be.\n" for i in range(1, 6))
    session = _session(
        tmp_path,
        f"//- SPEC.md\n{SPEC_LIKE}//- docs/design.md\n# Design\n{more}"
        f"//- notes/rules.md\n{SPEC_LIKE.replace('REQ', 'RULE')}"
        "//- docs/guide.md\n# Guide\n\n- **REQ-1** is about a.\n- **REQ-2** b.\n- **REQ-3** c.\n"
        f"//- CHANGELOG.md\n{SPEC_LIKE.replace('REQ', 'CH')}"
        f"//- pkg/README.md\n{SPEC_LIKE.replace('REQ', 'PKG')}",
    )
    assert session.survey().notes == (
        "trine: 2 other Markdown files look like a spec (a few ids or MUST/SHALL sentences):"
        " docs/design.md, notes/rules.md; to read them, add a [[tool.trine.specs]] table per glob"
        ' (path = "<glob>", format = "markdown"), or list them in `spec` with the spec paths it'
        " already reads",
    )


def test_a_candidate_a_dialect_would_read_is_named_with_its_format(tmp_path: Path) -> None:
    """FMT-123: a spec-kit feature outside the spec paths (an example project's) is named with
    its format, the one a `[[tool.trine.specs]]` table needs."""
    feature = (
        "# Feature Specification: Albums\n\n## Requirements\n\n"
        "- **FR-001**: System MUST a.\n- **FR-002**: System MUST b.\n- **FR-003**: System MUST c.\n"
    )
    session = _session(
        tmp_path,
        f"//- SPEC.md\n# Spec\n//- examples/app/specs/001-albums/spec.md\n{feature}",
    )
    (line,) = session.survey().notes
    assert ": examples/app/specs/001-albums/spec.md (spec-kit); to read them" in line
    assert 'format = "markdown" or the format named)' in line


def test_the_candidate_line_names_five_and_counts_the_rest(tmp_path: Path) -> None:
    """FMT-123: at most five files by name; the rest are counted."""
    fixture = "".join(f"//- notes/n{i}.md\n{SPEC_LIKE.replace('REQ', f'N{i}X')}" for i in range(7))
    session = _session(tmp_path, f"//- SPEC.md\n# Spec\n{fixture}")
    (line,) = session.survey().notes
    assert line.startswith("trine: 7 other Markdown files look like a spec")
    assert "notes/n4.md and 2 more; to read them" in line
