"""vocheck's own output formats, registered like any plugin's."""

from __future__ import annotations

from vocheck.formats.github import to_github
from vocheck.formats.gitlab import to_gitlab
from vocheck.formats.json_format import to_json
from vocheck.formats.junit import to_junit
from vocheck.formats.rdjson import to_rdjson
from vocheck.formats.sarif import to_sarif
from vocheck.formats.text import to_text
from vocheck.formatting import Formatter
from vocheck.hookspecs import hookimpl


@hookimpl
def vocheck_formatters() -> dict[str, Formatter]:
    return {
        "text": to_text,
        "json": to_json,
        "sarif": to_sarif,
        "junit": to_junit,
        "github": to_github,
        "gitlab": to_gitlab,
        "rdjson": to_rdjson,
    }
