"""``python -m vocheck``."""

from __future__ import annotations

from vocheck.cli import console

console()
