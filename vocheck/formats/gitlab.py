"""The ``gitlab`` format: a GitLab Code Quality report (a JSON list of issues)."""

from __future__ import annotations

from typing import Any

from vocheck.fingerprints import fingerprints
from vocheck.formats.ci import place_of
from vocheck.formats.contract import FormatOptions, json_dumps
from vocheck.model import Report, Severity

# GitLab's scale is info, minor, major, critical, blocker; "critical" and
# "blocker" are kept for security findings, which vocheck does not make.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_gitlab(report: Report, options: FormatOptions) -> str:
    issues: list[dict[str, Any]] = []
    for diagnostic, fingerprint in zip(report.diagnostics, fingerprints(report.diagnostics)):
        place = place_of(diagnostic)
        issues.append(
            {
                "type": "issue",
                "engine_name": "vocheck",
                "check_name": diagnostic.code,
                "description": f"{diagnostic.code} {diagnostic.message}",
                "categories": ["Bug Risk"],
                "severity": SEVERITIES[diagnostic.severity],
                "fingerprint": fingerprint,
                "location": {"path": place.path, "lines": {"begin": place.line, "end": place.end_line}},
            }
        )
    return json_dumps(issues)
