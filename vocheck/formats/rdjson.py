"""The ``rdjson`` format: reviewdog's diagnostic format (a DiagnosticResult)."""

from __future__ import annotations

from typing import Any

from vocheck.formats.ci import CHECKS_URL, HOMEPAGE, place_of
from vocheck.formats.contract import FormatOptions, json_dumps
from vocheck.model import Report, Severity

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def to_rdjson(report: Report, options: FormatOptions) -> str:
    diagnostics: list[dict[str, Any]] = []
    for diagnostic in report.diagnostics:
        place = place_of(diagnostic)
        diagnostics.append(
            {
                "message": diagnostic.message,
                "location": {
                    "path": place.path,
                    "range": {
                        "start": {"line": place.line, "column": place.column},
                        "end": {"line": place.end_line, "column": place.end_column},
                    },
                },
                "severity": SEVERITIES[diagnostic.severity],
                "code": {"value": diagnostic.code, "url": CHECKS_URL},
            }
        )
    result = {"source": {"name": "vocheck", "url": HOMEPAGE}, "diagnostics": diagnostics}
    return json_dumps(result)
