"""The names Kuma's messages use for Go's quoting; the behaviour lives in :mod:`vocheck.golang`."""

from __future__ import annotations

from vocheck.golang.gobytes import to_bytes as go_bytes
from vocheck.golang.quote import is_print as is_go_printable
from vocheck.golang.quote import quote as go_quote

__all__ = ["go_bytes", "go_quote", "is_go_printable"]
