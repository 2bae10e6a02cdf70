"""vocheck's own output formats, registered like any plugin's."""

from __future__ import annotations

from vocheck.formats.json_format import to_json
from vocheck.formats.text import to_text
from vocheck.formatting import Formatter
from vocheck.hookspecs import hookimpl


@hookimpl
def vocheck_formatters() -> dict[str, Formatter]:
    return {"text": to_text, "json": to_json}
