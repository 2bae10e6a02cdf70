"""``vocheck lsp``: the language server on standard input and output, imported only when that command runs."""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import BinaryIO, TextIO

from vocheck.cli.exits import EXIT_OK
from vocheck.cli.writing import standard_output
from vocheck.errors import UsageError


def run_lsp(options: argparse.Namespace) -> int:
    # Imported here: nothing of the server (nor pygls) may load on the path of `vocheck check`.
    try:
        from vocheck.lsp.server import build_server
    except ImportError as error:
        if error.name not in ("pygls", "lsprotocol") and not str(error.name).startswith(("pygls.", "lsprotocol.")):
            raise
        missing = str(error.name).partition(".")[0]
        raise UsageError(
            f"vocheck lsp needs the language server libraries ({missing} is missing): pip install 'vocheck[lsp]'"
        ) from error
    from vocheck.lsp.logs import one_line_library_logs

    one_line_library_logs()
    # Standard output carries the protocol; anything else printed (a plugin's print) goes to
    # standard error, as during every command (reports_alone_on_stdout).
    output = standard_output()
    if output is None:
        raise UsageError("vocheck lsp speaks on standard output, which is closed")
    build_server().start_io(sys.stdin.buffer, _protocol_stream(output))
    return EXIT_OK


def _protocol_stream(output: TextIO) -> BinaryIO:
    """Standard output's bytes for the protocol, on a descriptor of their own.

    The server closes its stream when it stops; standard output itself must stay
    open for the exit, which flushes it.
    """
    try:
        return os.fdopen(os.dup(output.fileno()), "wb")
    except (OSError, ValueError, io.UnsupportedOperation):  # no descriptor behind it (captured)
        return output.buffer
