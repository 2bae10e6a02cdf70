"""The ``sarif`` format: SARIF 2.1.0 as GitHub code scanning reads it."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from vocheck.fingerprints import fingerprints
from vocheck.formats.ci import CHECKS_URL, HOMEPAGE, Place, place_of, tool_version
from vocheck.formats.contract import FormatOptions, json_dumps
from vocheck.model import Diagnostic, RelatedLocation, Report, Severity
from vocheck.checks import Check

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Where a relative URI starts: the directory vocheck ran in, which is the
# checkout root in CI, so GitHub can place results in the repository.
SOURCE_ROOT = "SRCROOT"
_HEADING = re.compile(r"^## ", re.MULTILINE)


def to_sarif(report: Report, options: FormatOptions) -> str:
    rules = _rules(report.checks, report.diagnostics)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    marks = fingerprints(report.diagnostics)
    results = [_result(item, index[item.code], mark) for item, mark in zip(report.diagnostics, marks)]
    run = {
        "tool": {
            "driver": {
                "name": "vocheck",
                "version": tool_version(options),
                "semanticVersion": tool_version(options),
                "informationUri": HOMEPAGE,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "invocations": [{"executionSuccessful": True}],
        # vocheck counts columns in characters, not in UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_dumps(log)


def _rules(checks: Sequence[Check], diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    rules = [_rule(check.code, check.name, check.doc, check.severity) for check in checks]
    known = {check.code for check in checks}
    # A diagnostic whose check is not in the report (a code a plugin forgot to
    # declare) still needs a rule for its ruleIndex.
    for diagnostic in diagnostics:
        if diagnostic.code not in known:
            known.add(diagnostic.code)
            rules.append(_rule(diagnostic.code, diagnostic.name, "", diagnostic.severity))
    return rules


def _rule(code: str, name: str, doc: str, severity: Severity) -> dict[str, Any]:
    summary, description = _summary_and_description(doc, code, name)
    heading = f"{code} {name}".strip()
    markdown = doc or summary
    rule: dict[str, Any] = {
        "id": code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": description},
        "help": {"text": _HEADING.sub("", markdown), "markdown": f"**{heading}**\n\n{markdown}"},
        "helpUri": CHECKS_URL,
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": ["kuma"]},
    }
    if name:
        rule["name"] = name
    return rule


def _summary_and_description(doc: str, code: str, name: str) -> tuple[str, str]:
    """The docstring's first line, and its prose up to the example: the introduction and "Why is this bad?"."""
    summary = doc.split("\n", 1)[0].strip() or f"{code} {name}".strip()
    prose = doc.split("## Example", 1)[0].replace("## Why is this bad?", "")
    return summary, " ".join(prose.split()) or summary


def _physical(place: Place) -> dict[str, Any]:
    location: dict[str, Any]
    if Path(place.path).is_absolute():
        location = {"uri": Path(place.path).as_uri()}
    else:
        # A byte of a file name that is not UTF-8 is percent-encoded as that byte.
        location = {"uri": quote(place.path, safe="/", errors="surrogateescape"), "uriBaseId": SOURCE_ROOT}
    region = {"startLine": place.line, "startColumn": place.column, "endLine": place.end_line, "endColumn": place.end_column}
    return {"artifactLocation": location, "region": region}


def _result(diagnostic: Diagnostic, rule_index: int, fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": _physical(place_of(diagnostic))}],
        # GitHub matches alerts across commits by this hash; it leaves out
        # line numbers so an alert survives unrelated edits above it.
        "partialFingerprints": {"primaryLocationLineHash": fingerprint, "vocheckFinding/v1": fingerprint},
    }
    if diagnostic.related:
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": _physical(place_of(_as_diagnostic(place))), "message": {"text": place.message}}
            for number, place in enumerate(diagnostic.related, 1)
        ]
    properties: dict[str, Any] = {}
    if diagnostic.path is not None:
        properties["path"] = diagnostic.path
    if diagnostic.resource is not None:
        properties["resource"] = dict(diagnostic.resource)
    if properties:
        result["properties"] = properties
    return result


def _as_diagnostic(place: RelatedLocation) -> Diagnostic:
    return Diagnostic(place.file, place.line, place.column, "", place.message, end_line=place.end_line, end_column=place.end_column)
