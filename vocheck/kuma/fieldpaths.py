"""Kuma-style field paths: ``conf.parameters[0].name``, ``selectors[0].match["kuma.io/service"]``."""

from __future__ import annotations

import re

from vocheck.golang.quote import quote as go_quote
from vocheck.kuma.specs import JsonPath

# Fields whose keys are data (tag names, labels), written as ["key"] like Kuma does.
MAP_FIELDS = frozenset({"match", "tags", "labels", "annotations", "matchLabels", "dataplaneTags"})
# A MeshExternalService's ``spec.match`` is a record of these fields, not a tag map.
_EXTERNAL_MATCH = frozenset({"type", "port", "protocol"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def kuma_path(path: JsonPath) -> str | None:
    """The path as Kuma prints field paths; None for the resource itself."""
    if not path:
        return None
    text = ""
    parent: str | int | None = None
    for depth, part in enumerate(path):
        if isinstance(part, int):
            text += f"[{part}]"
        elif depth == 2 and path[:2] == ("spec", "match") and part in _EXTERNAL_MATCH:
            text += f".{part}"
        elif parent in MAP_FIELDS or not _IDENTIFIER.fullmatch(part):
            text += f"[{go_quote(part)}]"
        else:
            text += f".{part}" if text else part
        parent = part
    return text
