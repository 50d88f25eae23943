"""Shared test fixtures; the helpers live in `workspaces.py` (tests/ is on the path)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from trine.config import TrineConfig
from trine.project import CheckResult
from workspaces import check_workspace, write_workspace

__all__ = ["check_workspace", "write_workspace"]

# Record caches of test workspaces go to a scratch folder, never the user's cache directory;
# subprocesses (the CLI, the server) inherit it. A whole suite leaves about a gigabyte there,
# so the folder goes when the run ends.
os.environ["TRINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="trine-test-cache-")
atexit.register(shutil.rmtree, os.environ["TRINE_CACHE_DIR"], ignore_errors=True)


@pytest.fixture
def workspace(tmp_path: Path) -> Callable[..., CheckResult]:
    """Write a fixture workspace into a temporary folder and check it."""

    def make(fixture: str, config: TrineConfig | None = None, **settings: object) -> CheckResult:
        write_workspace(tmp_path, fixture)
        return check_workspace(tmp_path, config or TrineConfig.model_validate(settings))

    return make
