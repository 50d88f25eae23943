"""What a session says after an index: the spec layouts it read and what it missed."""

from __future__ import annotations

from pathlib import Path

from trine.session import FileChanged, Session
from workspaces import write_workspace


def _survey_lines(root: Path, fixture: str) -> list[str]:
    write_workspace(root, fixture)
    session = Session(root)
    session.scan()
    return session.survey().lines()


def test_the_layout_line_counts_spec_files_per_format(tmp_path: Path) -> None:
    """FMT-63: one line names the formats read and their files."""
    lines = _survey_lines(tmp_path, "//- SPEC.md\n# A\n//- docs/spec/b.md\n# B\n")
    assert lines == ["trine: specs: markdown 2 files"]


def test_with_no_spec_the_candidates_are_named(tmp_path: Path) -> None:
    """FMT-63: Markdown files with a few ids or MUST sentences are offered, changelogs, READMEs
    of dependencies and fixtures never."""
    spec_like = "# Rules\n- REQ-1 It MUST a.\n- REQ-2 It MUST b.\n- REQ-3 It MUST c.\n"
    lines = _survey_lines(
        tmp_path,
        f"//- docs/design.md\n{spec_like}//- CHANGELOG.md\n{spec_like}"
        f"//- vendor/lib/README.md\n{spec_like}//- tests/fixtures/x/notes.md\n{spec_like}"
        "//- docs/guide.md\n# Guide\nJust words.\n",
    )
    assert lines[0].startswith("trine: no spec found; looked for ")
    assert "SPEC.md, spec/**" in lines[0]
    assert lines[1].startswith("trine: these look like specs (add them to `spec`")
    assert lines[2:] == ["trine:   docs/design.md: 3 ids, 3 MUST/SHALL/SHOULD"]


def test_with_no_spec_the_ids_code_names_are_counted(tmp_path: Path) -> None:
    """FMT-63: ids that code names and no spec declares hint that the spec is elsewhere; two
    words joined by a slash are no id."""
    lines = _survey_lines(
        tmp_path,
        "//- pkg/a.py\n# FR-001, FR-002, core/7.3\n"
        "//- pkg/b.py\n# FR-001; models for request/response validation\n",
    )
    assert lines[-1] == (
        "trine: code and tests name 3 ids no spec declares (FR-001, FR-002, core/7.3) in 2 files: is"
        " their spec elsewhere (another branch, a folder not looked in)?"
    )


def test_unread_code_and_spec_files_and_half_layouts_get_a_line_each(tmp_path: Path) -> None:
    """FMT-64: code trine does not read is counted by language; spec-path files no format
    reads and a marker folder without its specs are named."""
    write_workspace(
        tmp_path,
        "//- SPEC.md\n# A\n//- web/a.kt\n//- web/b.kt\n//- app/Main.swift\n"
        "//- specs/api.pdf\nbinary-ish\n//- .specify/memory/constitution.md\n# C\n",
    )
    session = Session(tmp_path)
    session.scan()
    assert session.survey().notes == (
        "trine: 1 file in the spec paths is in no format trine reads (1 .pdf)",
        "trine: 3 files of code in languages trine does not read (2 Kotlin, 1 Swift):"
        " their links are not checked",
        "trine: .specify/ is here (spec-kit), but no specs/*/spec.md was read",
    )


def test_a_layout_whose_specs_declare_nothing_in_its_form_gets_a_line(tmp_path: Path) -> None:
    """FMT-64: Kiro requirements files with headings in another language (`### 요구사항 1`) are
    read but declare nothing: one line says so, instead of a silent zero."""
    write_workspace(
        tmp_path,
        "//- .kiro/specs/game/requirements.md\n# 요구사항 문서\n\n### 요구사항 1: 로그인\n\n"
        "#### 인수 기준\n\n1. WHEN 사용자가 로그인하면 THE 시스템 SHALL 세션을 만든다\n",
    )
    session = Session(tmp_path)
    session.scan()
    assert session.survey().notes[-1] == (
        "trine: .kiro/ is here (Kiro) and 1 file of .kiro/specs/*/requirements.md was read,"
        " but none declares a requirement in Kiro's form: is the spec written another way?"
    )


def test_fixture_folders_are_not_specs_unless_configured(tmp_path: Path) -> None:
    """FMT-65: a SPEC.md in a test fixture folder is not the project's spec; configured, it is."""
    write_workspace(tmp_path, "//- SPEC.md\n# A\n//- tests/fixtures/ws/SPEC.md\n# B\n")
    session = Session(tmp_path)
    session.scan()
    assert set(session.host.records) == {"SPEC.md"}
    (tmp_path / "trine.toml").write_text('spec = ["**/SPEC.md"]\n')
    configured = Session(tmp_path)
    configured.scan()
    assert set(configured.host.records) == {"SPEC.md", "tests/fixtures/ws/SPEC.md"}


def test_agent_command_folders_are_never_read(tmp_path: Path) -> None:
    """FMT-66: an agent's command folder is neither spec nor code, even when configured."""
    write_workspace(
        tmp_path,
        "//- SPEC.md\n# A\n//- .claude/commands/specs/x.md\n- **FR-5** MUST\n"
        "//- .gemini/tool.py\nx = 1\n//- trine.toml\nspec = ['**/*.md']\ncode = ['**/*.py']\n",
    )
    session = Session(tmp_path)
    session.scan()
    assert set(session.host.records) == {"SPEC.md"}


COPY = "# Rules\n- **REQ-1** It MUST work.\n"


def _copy_session(root: Path) -> Session:
    write_workspace(
        root,
        f"//- SPEC.md\n{COPY}//- docs/vendor/lib/SPEC.md\n{COPY}"
        "//- pkg/a.py\ndef f():\n    '''REQ-1'''\n"
        "//- tests/test_other.py\ndef test_other():\n    pass\n",
    )
    session = Session(root)
    session.scan()
    return session


def test_a_copied_spec_is_read_once_and_named_as_a_copy(tmp_path: Path) -> None:
    """FMT-68: the copy declares nothing (no duplicate-clause) and is named as a copy."""
    session = _copy_session(tmp_path)
    assert [d.code for d in session.diagnostics.all() if d.severity == "error"] == []
    assert session.snapshot().graph.clauses["REQ-1"].path == "SPEC.md"
    [note] = session.current("docs/vendor/lib/SPEC.md")
    assert (note.code, note.severity) == ("copied-spec", "info")
    assert note.message == "a copy of SPEC.md: its clauses are read once, from SPEC.md"


def test_a_copy_becomes_the_original_when_the_original_goes(tmp_path: Path) -> None:
    """FMT-68: deleting the original, or changing it, lets the copy declare its clauses."""
    session = _copy_session(tmp_path)
    (tmp_path / "SPEC.md").unlink()
    session.apply(FileChanged("SPEC.md", deleted=True))
    assert session.snapshot().graph.clauses["REQ-1"].path == "docs/vendor/lib/SPEC.md"
    assert [d.code for d in session.current("docs/vendor/lib/SPEC.md")] == ["untested-clause"]
    (tmp_path / "SPEC.md").write_text(COPY + "- **REQ-2** It MUST also work.\n")
    session.apply(FileChanged("SPEC.md"))
    codes = [d.code for d in session.diagnostics.all() if d.severity == "error"]
    assert codes == ["duplicate-clause"]
