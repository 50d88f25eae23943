"""The JSON-RPC protocol, with the answers pygls 2.1 leaves out.

pygls drops a request whose params do not fit their type (the client then waits forever) and
lets requests through before `initialize`; LSP wants InvalidParams, MethodNotFound and
ServerNotInitialized errors instead.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import Any

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcMethodNotFound,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification
from pygls.protocol.language_server import lsp_method

log = logging.getLogger(__name__)

_ANSWERED = JsonRPCNotification(method="$/trine/answered", jsonrpc="2.0", params=None)
_ALWAYS_ALLOWED = {types.INITIALIZE, types.EXIT, types.SHUTDOWN}


class TrineProtocol(LanguageServerProtocol):
    """LanguageServerProtocol that answers every request, malformed or early ones included."""

    initialized = False

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        """pygls' initialize, then drop the pull-diagnostics capability unless the client asked
        for pull mode: a client that both receives pushes and pulls shows everything twice."""
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        options = params.initialization_options
        if not (isinstance(options, dict) and options.get("diagnostics") == "pull"):
            result.capabilities.diagnostic_provider = None
        return result

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Structure a message; a request that cannot be structured gets its error response."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" not in data or "method" not in data:
                raise
            method = data["method"]
            known = self.get_message_type(method) is not None or method in self.fm.features
            failure: JsonRpcException = error if known else JsonRpcMethodNotFound.of(method)
            if not self.initialized and method not in _ALWAYS_ALLOWED:
                failure = JsonRpcServerNotInitialized("the server is not initialized yet")
            log.warning(
                "answering %s request %r with %s", method, data["id"], type(failure).__name__
            )
            self._send_response(data["id"], None, failure.to_response_error())
            return _ANSWERED

    def handle_message(self, message: Any) -> None:
        """Handle a message; requests before `initialize` get ServerNotInitialized."""
        if message is _ANSWERED:
            return
        method = getattr(message, "method", None)
        if method == types.INITIALIZE:
            self.initialized = True
        elif (
            method is not None
            and hasattr(message, "id")
            and not self.initialized
            and method not in _ALWAYS_ALLOWED
        ):
            error = JsonRpcServerNotInitialized("the server is not initialized yet")
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)
