"""The ``json`` format: one object with every diagnostic and the run's counts."""

from __future__ import annotations

import dataclasses
import json

from vocheck.formatting import FormatOptions, diagnostic_json
from vocheck.model import Report


def to_json(report: Report, options: FormatOptions) -> str:
    document = {
        "diagnostics": [diagnostic_json(diagnostic) for diagnostic in report.diagnostics],
        "summary": dataclasses.asdict(report.summary),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
