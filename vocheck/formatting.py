"""The formatter contract: a function that turns a report into text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vocheck.model import Diagnostic, Report, Severity


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """How the user asked for output: colour, per-code statistics, the fail-on threshold."""

    color: bool = False
    statistics: bool = False
    tool_version: str = ""
    # The run's fail-on threshold: formats that pass or fail items (JUnit) follow the exit code.
    fail_on: Severity | None = Severity.ERROR


Formatter = Callable[[Report, FormatOptions], str]


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One diagnostic in vocheck's JSON shape, shared by the structured formats."""
    kuma: Mapping[str, str] | None = None
    if diagnostic.kuma is not None:
        kuma = {"field": diagnostic.kuma.field, "message": diagnostic.kuma.message}
    shape = {
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "path": diagnostic.path,
        "resource": dict(diagnostic.resource) if diagnostic.resource is not None else None,
        "kuma": kuma,
        "name": diagnostic.name,
    }
    if diagnostic.related:
        # Added only where a check names other places, so every other diagnostic keeps its shape.
        shape["related"] = [
            {
                "file": place.file,
                "line": place.line,
                "column": place.column,
                "end_line": place.end_line,
                "end_column": place.end_column,
                "message": place.message,
            }
            for place in diagnostic.related
        ]
    return shape
