"""The benchmark's LSP client frames, answers and times messages as the protocol says.

The server here is a stand-in written for the test (it reports VO101 while a
document holds ``benchmarkField``), so that the client is tested on its own;
the benchmark against the real ``vocheck lsp`` is tests/bench/run.py.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from lsp_client import LanguageServerProcess, ProtocolError, client_capabilities, sync_kind
from lsp_latency import Latencies, OpenDocument, Session, line_of, percentile

STAND_IN = textwrap.dedent(
    '''
    import json, sys
    out = sys.stdout.buffer
    def send(message):
        body = json.dumps(message).encode()
        out.write(b"Content-Length: %d\\r\\n\\r\\n" % len(body) + body)
        out.flush()
    texts = {}
    while True:
        length = None
        while True:
            line = sys.stdin.buffer.readline()
            if not line:
                sys.exit(0)
            if line == b"\\r\\n":
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message = json.loads(sys.stdin.buffer.read(length))
        method, params = message.get("method"), message.get("params") or {}
        if method == "initialize":
            # Ask the client something first, as servers do: the answer must come before we go on.
            send({"jsonrpc": "2.0", "id": "ask", "method": "workspace/configuration", "params": {"items": [{}, {}]}})
            send({"jsonrpc": "2.0", "id": message["id"], "result": {"capabilities": {"textDocumentSync": {"change": 2}}}})
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif method == "exit":
            sys.exit(0)
        elif method == "textDocument/didOpen":
            document = params["textDocument"]
            texts[document["uri"]] = document["text"]
        elif method == "textDocument/didChange":
            document = params["textDocument"]
            change = params["contentChanges"][0]
            # Only whole-line edits happen here: apply them by line numbers.
            lines = texts[document["uri"]].splitlines(keepends=True)
            start, end = change["range"]["start"]["line"], change["range"]["end"]["line"]
            lines[start:end] = [change["text"]] if change["text"] else []
            texts[document["uri"]] = "".join(lines)
        elif method == "bad":
            out.write(b"printed by mistake\\n")
            out.flush()
        elif "id" not in message:
            continue
        if method in ("textDocument/didOpen", "textDocument/didChange"):
            document = params["textDocument"]
            found = "benchmarkField" in texts[document["uri"]]
            diagnostics = [{"code": "VO101", "message": "unknown field", "range": {
                "start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}}] if found else []
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                  "params": {"uri": document["uri"], "version": document["version"], "diagnostics": diagnostics}})
        elif method == "window/logMessage" or message.get("id") == "ask":
            pass
    '''
)


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    with open(tmp_path / "stderr", "wb") as stderr:
        process = LanguageServerProcess([sys.executable, str(script)], tmp_path, None, stderr)
        yield process
        process.close()


def test_requests_are_answered_and_the_servers_questions_too(server: LanguageServerProcess) -> None:
    result = server.request("initialize", {"processId": None, "rootUri": None, "capabilities": client_capabilities()}, 30)
    assert sync_kind(result["capabilities"]) == 2
    assert server.server_requests == ["workspace/configuration"]


def test_edits_are_sent_incrementally_and_their_diagnostics_timed(server: LanguageServerProcess, tmp_path: Path) -> None:
    server.request("initialize", {"processId": None, "rootUri": None, "capabilities": client_capabilities()}, 30)
    (tmp_path / "a.yaml").write_text("type: Dataplane\nnetworking:\n  address: 1.2.3.4\n", encoding="utf-8")
    session = Session(server, tmp_path, incremental=True)
    document = session.open("a.yaml")
    assert session.update_of(document, 0) is not None
    start = len(server.publications)
    sent = session.insert_line(document, line_of(document.text, "networking:") + 1, "  benchmarkField: 1\n")
    shown = session.update_of(document, start)
    assert shown is not None and shown.version == 2 and shown.codes == {"VO101"} and shown.received >= sent
    assert document.text == "type: Dataplane\nnetworking:\n  benchmarkField: 1\n  address: 1.2.3.4\n"
    start = len(server.publications)
    session.replace_line(document, 2, "")
    gone = session.update_of(document, start)
    assert gone is not None and gone.version == 3 and gone.codes == frozenset()


def test_a_server_that_prints_to_stdout_breaks_the_conversation(server: LanguageServerProcess) -> None:
    server.notify("bad", None)
    with pytest.raises(ProtocolError, match="not an LSP header"):
        server.request("shutdown", None, 30)


def test_a_document_that_never_gets_diagnostics_times_out(server: LanguageServerProcess) -> None:
    missing = OpenDocument("file:///nowhere.yaml", "")
    assert Session(server, Path("/"), incremental=True).update_of(missing, 0, timeout=0.2) is None


@pytest.mark.parametrize(
    ("samples", "p95"),
    [((), float("inf")), ((0.5,), 0.5), (tuple(range(1, 21)), 19), (tuple(range(100, 0, -1)), 95), ((1, 2, 3), 3)],
)
def test_p95_is_the_nearest_rank(samples: tuple[float, ...], p95: float) -> None:
    assert percentile(samples, 95) == p95
    assert Latencies("x", samples).p95 == p95


def test_the_benchmark_drives_the_real_server_and_sees_every_update(tmp_path: Path) -> None:
    """A short run of the latency benchmark on the editor corpus: right diagnostics, no timings judged."""
    pytest.importorskip("pygls", reason="the language server needs vocheck[lsp]")
    from generate import write_corpus
    from lsp_latency import run

    root = write_corpus("E", tmp_path)
    result = run(root, [sys.executable, "-m", "vocheck", "lsp"], edits=6, toggles=1, interval=0.05, log=tmp_path / "log")
    assert result.failures == ()
    assert len(result.per_file.samples) == 6
    assert [len(latencies.samples) for latencies in result.whole_set] == [2, 2]
