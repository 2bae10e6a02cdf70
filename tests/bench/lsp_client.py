"""A small JSON-RPC client for a language server on stdio, stdlib only, that timestamps what it receives.

The latency benchmark drives ``vocheck lsp`` through it as an editor would:
requests get their responses, the server's own requests get an empty answer
(as a client that supports nothing optional does), and every
``textDocument/publishDiagnostics`` is kept with the moment it arrived.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics"


class ProtocolError(Exception):
    """The server broke the protocol, answered with an error, or did not answer in time."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One publishDiagnostics notification, and when it arrived (``time.perf_counter``)."""

    received: float
    uri: str
    version: int | None
    diagnostics: tuple[Mapping[str, Any], ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(str(diagnostic.get("code")) for diagnostic in self.diagnostics)


class LanguageServerProcess:
    """A server process and the client's half of the conversation."""

    def __init__(self, command: Sequence[str], cwd: Path, env: Mapping[str, str] | None, stderr: IO[bytes]) -> None:
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, cwd=cwd, env=env
        )
        self._write_lock = threading.Lock()
        self._changed = threading.Condition()
        self._responses: dict[int, Mapping[str, Any]] = {}
        self._next_id = 0
        self.publications: list[Publication] = []
        self.server_requests: list[str] = []
        self.broken: str | None = None  # why the conversation ended, once it has
        self._reader = threading.Thread(target=self._read, name="lsp-reader", daemon=True)
        self._reader.start()

    # Sending.

    def _send(self, message: Mapping[str, Any]) -> float:
        """Write one message; return the moment it was fully written."""
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        assert self.process.stdin is not None
        with self._write_lock:
            try:
                self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError) as error:
                raise ProtocolError(f"the server closed its input: {error}") from None
            return time.perf_counter()

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; return when it was sent."""
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60.0) -> Any:
        """Send a request and wait for its result."""
        with self._changed:
            self._next_id += 1
            identifier = self._next_id
        self._send({"jsonrpc": "2.0", "id": identifier, "method": method, "params": params})
        with self._changed:
            if not self._changed.wait_for(lambda: identifier in self._responses or self.broken is not None, timeout):
                raise ProtocolError(f"no answer to {method} within {timeout:.0f} s")
            if identifier not in self._responses:
                raise ProtocolError(f"no answer to {method}: {self.broken}")
            response = self._responses.pop(identifier)
        if "error" in response:
            raise ProtocolError(f"{method} failed: {response['error']}")
        return response.get("result")

    # Receiving.

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                message = _read_message(stream)
                if message is None:
                    self._end("the server closed its output")
                    return
                self._dispatch(message, time.perf_counter())
        except (ProtocolError, ValueError) as error:
            self._end(str(error))

    def _end(self, reason: str) -> None:
        with self._changed:
            self.broken = reason
            self._changed.notify_all()

    def _dispatch(self, message: Mapping[str, Any], received: float) -> None:
        method = message.get("method")
        if method is None:
            with self._changed:
                self._responses[message.get("id")] = message  # type: ignore[index]
                self._changed.notify_all()
            return
        if "id" in message:
            # A request of the server's (configuration, progress, registrations): answer it empty, as a
            # client without those optional features does, so that the server never waits on us.
            self.server_requests.append(method)
            params = message.get("params") or {}
            result = [None] * len(params.get("items", [])) if method == "workspace/configuration" else None
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        if method == PUBLISH_DIAGNOSTICS:
            params = message["params"]
            publication = Publication(received, params["uri"], params.get("version"), tuple(params["diagnostics"]))
            with self._changed:
                self.publications.append(publication)
                self._changed.notify_all()

    def wait_for(self, accept: Callable[[Publication], bool], start: int, timeout: float) -> Publication | None:
        """The first publication from index ``start`` on that ``accept`` takes, or None after ``timeout``."""
        deadline = time.perf_counter() + timeout
        position = start
        with self._changed:
            while True:
                while position < len(self.publications):
                    publication = self.publications[position]
                    position += 1
                    if accept(publication):
                        return publication
                remaining = deadline - time.perf_counter()
                if remaining <= 0 or self.broken is not None:
                    return None
                self._changed.wait(remaining)

    def quiet(self, silence: float, timeout: float) -> bool:
        """Wait until no diagnostics have arrived for ``silence`` seconds; False if that never happens."""
        deadline = time.perf_counter() + timeout
        with self._changed:
            while time.perf_counter() < deadline and self.broken is None:
                count = len(self.publications)
                self._changed.wait(silence)
                if len(self.publications) == count:
                    return True
        return False

    def close(self) -> None:
        """Shut the server down politely, then for good."""
        try:
            if self.broken is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
        except ProtocolError:
            pass
        # End of input is the last word: a server that did not take ``exit`` sees its input close.
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def _read_message(stream: IO[bytes]) -> Mapping[str, Any] | None:
    """One framed message, or None at the end of the stream."""
    length: int | None = None
    while True:
        line = stream.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif not value:
            # Whatever wrote this line is not LSP: a print() to stdout corrupts the stream for every editor.
            raise ProtocolError(f"the server wrote a line that is not an LSP header: {line[:80]!r}")
    if length is None:
        raise ProtocolError("an LSP message without Content-Length")
    body = stream.read(length)
    if len(body) < length:
        return None
    message = json.loads(body)
    if not isinstance(message, dict):
        raise ProtocolError(f"an LSP message that is not an object: {body[:80]!r}")
    return message


def client_capabilities() -> dict[str, Any]:
    """What an ordinary editor announces: pushed diagnostics with versions and related information."""
    return {
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {
            "synchronization": {"didSave": True, "dynamicRegistration": False},
            "publishDiagnostics": {
                "relatedInformation": True,
                "versionSupport": True,
                "codeDescriptionSupport": True,
                "dataSupport": True,
            },
        },
        "workspace": {"workspaceFolders": True, "configuration": True},
    }


def sync_kind(capabilities: Mapping[str, Any]) -> int:
    """The server's textDocumentSync change kind: 1 full text, 2 incremental (0 none)."""
    sync = capabilities.get("textDocumentSync", 0)
    if isinstance(sync, int):
        return sync
    change = sync.get("change", 0)
    return change if isinstance(change, int) else 0
