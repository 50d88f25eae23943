"""The pytest-lsp client fixture: a fresh trine server over stdio for each test."""

from __future__ import annotations

import sys

import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "trine", "serve"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    """A client connected to a fresh trine server; each test initializes it with `start`."""
    yield
    await lsp_client.shutdown_session()
