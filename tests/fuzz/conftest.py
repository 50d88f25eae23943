"""The fuzz tests' server: one fresh `trine serve` per test, reused by all of its examples."""

from __future__ import annotations

import sys

import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "trine", "serve"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def server(lsp_client: LanguageClient):
    """A client connected to a fresh trine server; the test initializes it on its workspace."""
    yield
    await lsp_client.shutdown_session()
