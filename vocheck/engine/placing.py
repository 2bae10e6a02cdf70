"""Findings placed in files: a check's finding on a resource becomes a diagnostic at a line and column."""

from __future__ import annotations

from vocheck.model import Diagnostic, Finding, Related, RelatedLocation, Resource, Severity, Span
from vocheck.checks import Check
from vocheck.kuma.fieldpaths import kuma_path
from vocheck.load.positions import span_inside
from vocheck.load.templated import placed


def diagnostic(resource: Resource, finding: Finding, check: Check) -> Diagnostic:
    """Place a finding in its file and give it the check's code and severity."""
    document = resource.document
    span = document.span(finding.path, finding.at_key)
    if finding.column_offset is not None:
        span = span_inside(document, finding.path, finding.column_offset, finding.length or 1) or span
    relative = finding.path[len(resource.root) :]
    return Diagnostic(
        file=document.file,
        line=span.line,
        column=span.column,
        code=check.code,
        message=finding.message,
        severity=finding.severity or check.severity,
        end_line=span.end_line,
        end_column=span.end_column,
        name=check.name,
        path=kuma_path(relative),
        resource={"kind": resource.kind, "name": resource.name, "mesh": resource.mesh, "document": document.index},
        kuma=finding.kuma,
        related=tuple(_related(place) for place in finding.related),
        fix=finding.fix,
    )


def _related(place: Related) -> RelatedLocation:
    span = place.resource.document.span(place.path, place.at_key)
    return RelatedLocation(place.resource.file, span.line, span.column, span.end_line, span.end_column, place.message)


def placed_finding(
    file: str, span: Span, code: str, name: str, message: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    return Diagnostic(file, span.line, span.column, code, message, severity, span.end_line, span.end_column, name)


def file_problem(file: str, message: str, code: str) -> Diagnostic:
    return placed_finding(file, Span(1, 1, 1, 1), code, "", message)
