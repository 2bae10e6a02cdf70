"""`vocheck lsp` fed what no client sends: it says so in one line on standard error, never with a
Python traceback, and goes on answering the requests that follow."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("pygls")


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


INITIALIZE = frame(json.dumps(
    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}}
).encode())
EXIT = frame(b'{"jsonrpc": "2.0", "method": "exit"}')

GARBAGE = [
    pytest.param(frame(b"{not json"), id="a-body-that-is-not-json"),
    pytest.param(frame(b"[1, 2, 3]"), id="a-body-that-is-not-an-object"),
    pytest.param(frame(b'{"jsonrpc": "2.0", "id": "x", "method": "initialize", "params": 42}'), id="params-of-the-wrong-shape"),
]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_is_one_line_on_stderr_and_the_server_goes_on(garbage: bytes) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vocheck", "lsp"], input=garbage + INITIALIZE + EXIT, capture_output=True, timeout=120,
    )
    assert b'"id": 1, "jsonrpc": "2.0", "result": {"capabilities"' in done.stdout or b'"serverInfo"' in done.stdout
    assert b"Traceback" not in done.stderr
    assert all(line.startswith(b"vocheck lsp: ") for line in done.stderr.splitlines()), done.stderr


def responses(stdout: bytes) -> dict[object, dict[str, object]]:
    """The responses in the server's output, by request id."""
    found: dict[object, dict[str, object]] = {}
    rest = stdout
    while rest:
        header, _, rest = rest.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        message = json.loads(rest[:length])
        rest = rest[length:]
        if "id" in message and "method" not in message:
            found[message["id"]] = message
    return found


def request(ident: int, method: str, params: object) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", "id": ident, "method": method, "params": params}).encode())


INVALID_REQUESTS = [
    pytest.param(
        request(7, "textDocument/hover", {"textDocument": {"uri": "file:///tmp/a.yaml"}, "position": {"line": 0, "character": -5}}),
        id="hover-at-a-negative-character",
    ),
    pytest.param(request(7, "textDocument/inlayHint", {"textDocument": {"uri": 3}}), id="inlay-hint-without-a-range"),
    pytest.param(request(7, "textDocument/codeAction", "not an object"), id="code-action-with-params-a-string"),
]


@pytest.mark.parametrize("invalid", INVALID_REQUESTS)
def test_a_request_with_invalid_params_gets_an_invalid_params_error_response(invalid: bytes) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vocheck", "lsp"], input=INITIALIZE + invalid + request(8, "shutdown", None) + EXIT,
        capture_output=True, timeout=120,
    )
    answers = responses(done.stdout)
    assert answers[7]["error"]["code"] == -32602  # type: ignore[index]
    assert 8 in answers  # and the server answered what came next
    assert b"window/showMessage" not in done.stdout
    assert all(line.startswith(b"vocheck lsp: ") for line in done.stderr.splitlines()), done.stderr


def test_a_message_over_the_size_limit_is_dropped_and_the_server_answers_the_next_one() -> None:
    from vocheck.lsp.transport import MAX_MESSAGE_BYTES

    oversized = frame(b" " * (MAX_MESSAGE_BYTES + 1))
    done = subprocess.run(
        [sys.executable, "-m", "vocheck", "lsp"], input=oversized + INITIALIZE + request(8, "shutdown", None) + EXIT,
        capture_output=True, timeout=120,
    )
    assert done.returncode == 0
    assert {1, 8} <= set(responses(done.stdout))
    assert b"vocheck lsp: dropped a message of %d bytes" % (MAX_MESSAGE_BYTES + 1) in done.stderr
    assert all(line.startswith(b"vocheck lsp: ") for line in done.stderr.splitlines()), done.stderr


def test_a_length_the_stream_never_delivers_ends_the_server_with_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vocheck", "lsp"], input=b"Content-Length: 99999999999\r\n\r\n" + INITIALIZE + EXIT,
        capture_output=True, timeout=120,
    )
    assert done.returncode == 0
    assert b"MemoryError" not in done.stderr and b"Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        b"vocheck lsp: dropped a message of 99999999999 bytes (the limit is 67108864);"
        b" the input ended inside it, so the server stops"
    ]
