"""The session, in-process: typed changes in, snapshots and what to publish out."""

from __future__ import annotations

from pathlib import Path

import pytest

from trine.config import ConfigError
from trine.parsers.lock import LOCK_FILE
from trine.session import (
    BufferChanged,
    BufferClosed,
    BufferOpened,
    BufferSaved,
    FileChanged,
    Session,
    SettingsChanged,
    SideInputChanged,
)
from workspaces import STORE, write_workspace

CODE = "pkg/store.py"


@pytest.fixture
def session(tmp_path: Path) -> Session:
    write_workspace(tmp_path, STORE)
    session = Session(tmp_path)
    session.scan()
    session.to_publish()
    return session


def _codes(session: Session, path: str) -> list[str]:
    return [d.code for d in session.current(path)]


def test_an_unsaved_buffer_wins_until_it_is_closed(session: Session) -> None:
    """LSP-6: the buffer's text is indexed while it is open; closing it goes back to the disk."""
    text = (session.root / CODE).read_text("utf-8")
    session.apply(BufferOpened(CODE, text.replace("REQ-1: write", "REQ-7: write"), 1))
    assert _codes(session, CODE) == ["unknown-reference"]
    assert "unimplemented-clause" in _codes(session, "SPEC.md")
    session.apply(BufferClosed(CODE))
    assert _codes(session, CODE) == []
    assert _codes(session, "SPEC.md") == []


def test_the_edited_file_is_always_published_the_others_when_they_changed(
    session: Session,
) -> None:
    """LSP-30: a change or a save publishes its file with its version; LSP-5: other files are
    published only when their diagnostics changed."""
    text = (session.root / CODE).read_text("utf-8")
    session.apply(BufferOpened(CODE, text, 1))
    assert [(p.path, p.version) for p in session.to_publish()] == [(CODE, 1)]
    session.apply(BufferChanged(CODE, text + "\n# nothing that matters\n", 2))
    assert [(p.path, p.version, p.diagnostics) for p in session.to_publish()] == [(CODE, 2, ())]
    session.apply(BufferSaved(CODE))
    assert [(p.path, p.version) for p in session.to_publish()] == [(CODE, 2)]
    assert session.to_publish() == []
    session.apply(BufferChanged(CODE, text.replace("REQ-1: write", "Write"), 3))
    published = {p.path: [d.code for d in p.diagnostics] for p in session.to_publish()}
    assert published == {CODE: [], "SPEC.md": ["unimplemented-clause"]}


def test_revision_and_result_ids_move_with_what_they_describe(session: Session) -> None:
    """LSP-29: a file's result id changes when its diagnostics may have, and only then; a save
    changes no revision (nothing a feature reads is different)."""
    spec_id, code_id = session.result_id("SPEC.md"), session.result_id(CODE)
    revision = session.revision
    session.apply(BufferSaved(CODE))
    assert session.revision == revision
    text = (session.root / CODE).read_text("utf-8")
    session.apply(BufferOpened(CODE, text.replace("REQ-1: write", "Write"), 1))
    assert session.revision > revision
    assert session.result_id("SPEC.md") != spec_id
    assert session.result_id(CODE) != code_id
    stable = session.result_id("tests/test_store.py")
    session.apply(BufferChanged(CODE, text, 2))
    assert session.result_id("tests/test_store.py") == stable


def test_nothing_is_published_before_the_specs_and_open_files_are_in(tmp_path: Path) -> None:
    """PERF-3: what a session could publish before the first batch would be a guess."""
    write_workspace(tmp_path, STORE)
    session = Session(tmp_path)
    session.apply(BufferOpened(CODE, (tmp_path / CODE).read_text("utf-8"), 1))
    assert session.to_publish() == []
    session.scan()
    assert [p.path for p in session.to_publish()] == [CODE]


def test_settings_apply_key_by_key_and_a_config_file_change_reindexes(tmp_path: Path) -> None:
    """LSP-18: a bad editor setting is reported and skipped, the good one beside it applies; a
    changed pyproject.toml re-reads the configuration and asks for a new index; an unusable
    one is reported and the defaults are used (the CLI's strict session refuses it)."""
    write_workspace(tmp_path, STORE)
    warnings: list[str] = []
    session = Session(tmp_path, strict=False, warn=warnings.append)
    session.scan()
    session.apply(
        SettingsChanged("settings", {"severity": {"untraced-symbol": "error", "nope": "warning"}})
    )
    assert session.config.severity_of("untraced-symbol") == "error"
    assert len(warnings) == 1 and "nope" in warnings[0]
    assert session.needs_index
    session.scan()
    (tmp_path / "pyproject.toml").write_text('[tool.trine]\nid_pattern = "("\n')
    session.apply(FileChanged("pyproject.toml"))
    assert session.needs_index
    assert any("id_pattern" in w and "using defaults" in w for w in warnings), warnings
    assert session.config.severity_of("untraced-symbol") == "error"
    with pytest.raises(ConfigError, match="id_pattern"):
        Session(tmp_path)


def test_the_lock_is_a_side_input(session: Session) -> None:
    """DRIFT-2: a lock that cannot be read is reported on the lock, read from its buffer or the
    disk whichever wins."""
    (session.root / LOCK_FILE).write_text("<<<<<<< HEAD\n", "utf-8")
    session.apply(SideInputChanged("lock"))
    assert _codes(session, LOCK_FILE) == ["lock-problem"]
    session.apply(BufferOpened(LOCK_FILE, "version = 1\n", 1))
    assert _codes(session, LOCK_FILE) == []
