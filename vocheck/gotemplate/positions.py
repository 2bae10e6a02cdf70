"""Where a byte offset of a template's text sits, as Go's error messages count it."""

from __future__ import annotations

from vocheck.golang.gobytes import to_bytes


def line_column(text: str, pos: int) -> tuple[int, int]:
    """Go's line (1-based) and column (0-based byte count) for byte offset ``pos``."""
    prefix = to_bytes(text)[:pos]
    last = prefix.rfind(b"\n")
    return 1 + prefix.count(b"\n"), pos if last < 0 else pos - last - 1
