"""Kuma-style field paths: ``conf.parameters[0].name``, ``selectors[0].match["kuma.io/service"]``."""

from __future__ import annotations

import re

from vocheck.golang.quote import quote as go_quote
from vocheck.kuma.specs import JsonPath

# Fields whose keys are data (tag names, labels), written as ["key"] like Kuma does.
MAP_FIELDS = frozenset({"match", "tags", "labels", "annotations"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def kuma_path(path: JsonPath) -> str | None:
    """The path as Kuma prints field paths; None for the resource itself."""
    if not path:
        return None
    text = ""
    parent: str | int | None = None
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif parent in MAP_FIELDS or not _IDENTIFIER.fullmatch(part):
            text += f"[{go_quote(part)}]"
        else:
            text += f".{part}" if text else part
        parent = part
    return text
