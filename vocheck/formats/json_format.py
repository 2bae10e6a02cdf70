"""The ``json`` format: one object with every diagnostic and the run's counts.

Each diagnostic sits on a line of its own: easy to read and to diff, and
written by json's C encoder (an ``indent`` would switch to the slow Python one).
"""

from __future__ import annotations

import dataclasses
import json

from vocheck.formats.contract import FormatOptions, diagnostic_json, escaped_surrogates
from vocheck.model import Report


def to_json(report: Report, options: FormatOptions) -> str:
    diagnostics = ",\n".join(
        "    " + json.dumps(diagnostic_json(diagnostic), ensure_ascii=False) for diagnostic in report.diagnostics
    )
    summary = json.dumps(dataclasses.asdict(report.summary))
    body = f"[\n{diagnostics}\n  ]" if diagnostics else "[]"
    return escaped_surrogates(f'{{\n  "diagnostics": {body},\n  "summary": {summary}\n}}')
