"""Shared test fixtures; the helpers live in `workspaces.py` (tests/ is on the path)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trine.config import TrineConfig
from trine.project import CheckResult
from workspaces import check_workspace, write_workspace

__all__ = ["check_workspace", "write_workspace"]


@pytest.fixture
def workspace(tmp_path: Path) -> Callable[..., CheckResult]:
    """Write a fixture workspace into a temporary folder and check it."""

    def make(fixture: str, config: TrineConfig | None = None, **settings: object) -> CheckResult:
        write_workspace(tmp_path, fixture)
        return check_workspace(tmp_path, config or TrineConfig.model_validate(settings))

    return make
