"""What the protocol library logs, as one line each on standard error.

pygls logs a message it cannot read with its Python traceback, and an
unconfigured logger prints that on standard error, where an editor shows it
as if vocheck had crashed. The server goes on, so one line says enough.
"""

from __future__ import annotations

import logging
import sys


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        first = record.getMessage().strip().splitlines()[:1]
        cause = record.exc_info[1] if record.exc_info else None
        text = first[0] if first else ""
        if cause is not None and str(cause):
            text = f"{text}: {type(cause).__name__}: {str(cause).splitlines()[0]}"
        return f"vocheck lsp: {text}"


def one_line_library_logs() -> None:
    """Send the warnings and errors of pygls to standard error, one line each, without a traceback."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    handler.setLevel(logging.WARNING)
    library = logging.getLogger("pygls")
    library.addHandler(handler)
    library.propagate = False
