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
