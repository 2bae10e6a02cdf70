"""The wire under the server: every request answered, and no message larger than the server can hold.

pygls reads a body of whatever ``Content-Length`` says in one piece, and a
request whose params do not decode gets no response at all, so the client
waits for ever. Here a body over :data:`MAX_MESSAGE_BYTES` is read past in
small pieces and dropped, and a request that does not decode is answered
with the JSON-RPC error that says why (``-32602`` for invalid params).
"""

from __future__ import annotations

import sys
from typing import Any, BinaryIO

from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""The largest message body the server reads: a 10 MiB file (vocheck's default file limit) in a
``didOpen``, JSON-escaped, fits with room to spare."""

_PIECE = 1024 * 1024
_DROPPED = "$/vocheck/dropped"
_PLACEHOLDER = b'{"jsonrpc": "2.0", "method": "' + _DROPPED.encode() + b'"}'


def say(text: str) -> None:
    """One line on standard error, as the library's own warnings are."""
    print(f"vocheck lsp: {text}", file=sys.stderr, flush=True)


class BoundedInput:
    """Standard input as pygls reads it, with bodies over the limit read past rather than kept."""

    def __init__(self, stream: BinaryIO, limit: int = MAX_MESSAGE_BYTES) -> None:
        self.stream = stream
        self.limit = limit

    def readline(self) -> bytes:
        # A header line is short; a "line" without an end is cut rather than held whole.
        return self.stream.readline(self.limit)

    def read(self, size: int) -> bytes:
        if size <= self.limit:
            return self.stream.read(size)
        left = size
        while left > 0:
            piece = self.stream.read(min(left, _PIECE))
            if not piece:
                say(f"dropped a message of {size} bytes (the limit is {self.limit}); the input ended inside it, so the server stops")
                return b""
            left -= len(piece)
        say(f"dropped a message of {size} bytes (the limit is {self.limit}); a request in it gets no response")
        # The loop reading the stream takes any body it is given: this one is read as nothing to do.
        return _PLACEHOLDER


class AnsweredRequest(Exception):
    """A request that could not be decoded, already answered with an error response."""


class VocheckProtocol(LanguageServerProtocol):
    """pygls' protocol, answering the requests it cannot decode instead of leaving them unanswered."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        if data.get("method") == _DROPPED and "id" not in data:
            return _DROPPED
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            ident = data.get("id")
            if "method" not in data or not isinstance(ident, (int, str)) or "error" in data:
                raise  # a notification, a response or no usable id: there is no one to answer
            self._send_response(ident, error=error.to_response_error())
            method = data["method"] if isinstance(data["method"], str) else repr(data["method"])
            raise AnsweredRequest(f"{method} (id {ident!r}): answered with error {error.code} {error.message}") from None

    def handle_message(self, message: Any) -> None:
        if message is _DROPPED:
            return
        super().handle_message(message)
