"""The ``github`` format: GitHub Actions workflow commands, one annotation per diagnostic."""

from __future__ import annotations

from collections import Counter

from vocheck.formats.ci import place_of
from vocheck.formats.contract import FormatOptions, visible
from vocheck.model import Diagnostic, Report, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub shows at most this many annotations of each level per step and drops the rest.
SHOWN_PER_LEVEL = 10


def to_github(report: Report, options: FormatOptions) -> str:
    lines = [annotation(diagnostic) for diagnostic in report.diagnostics]
    counts = Counter(diagnostic.severity for diagnostic in report.diagnostics)
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        hidden = counts[severity] - SHOWN_PER_LEVEL
        if hidden > 0:
            level = COMMANDS[severity]
            lines.append(
                f"vocheck: {counts[severity]} {level} annotations; GitHub shows the first {SHOWN_PER_LEVEL} "
                f"of each level per step, so {hidden} are not shown: this log lists them all"
            )
    return "\n".join(lines)


def annotation(diagnostic: Diagnostic) -> str:
    place = place_of(diagnostic)
    properties = {
        "file": visible(place.path),
        "line": str(place.line),
        "col": str(place.column),
        "endLine": str(place.end_line),
        "endColumn": str(place.end_column),
        "title": diagnostic.code,
    }
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    # Control characters are written out as in the text format: a raw escape sequence would
    # reach the log, and a line break would show as one where the input had a key.
    return f"::{COMMANDS[diagnostic.severity]} {listed}::{escape_data(visible(diagnostic.message))}"


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value: the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
