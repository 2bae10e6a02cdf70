"""How messages show a value from the user's input: as Go quotes it, never as Python writes it."""

from __future__ import annotations

from .jsonenc import marshal
from .quote import quote


def shown(value: object) -> str:
    """A string Go-quoted (``"web"``); anything else as the JSON Kuma would see (``{"a":1}``, ``5``, ``null``)."""
    if isinstance(value, str):
        return quote(value)
    return marshal(value)
