"""Files with mustache placeholders: rendered before they are read, their findings placed in the original."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from vocheck.load.recognition import resources_of
from vocheck.model import Diagnostic, Document, Finding, Resource, Severity, Span
from vocheck.load.mustache import rendered_by_kuma
from vocheck.load.placeholders import Rendering, Substitution, find, render
from vocheck._perf.records import record

# The parts of a VirtualOutbound that are Go templates of their own: never rendered as placeholders.
_GO_TEMPLATE_FIELDS = (("conf", "host"), ("conf", "port"))


@record
class Templated:
    """A rendered file: the rendering, and the VO007 notes for its placeholders without a value."""

    rendering: Rendering
    notes: tuple[Diagnostic, ...] = ()


def rendering_of(text: str, values: Mapping[str, str], file: str) -> Rendering | None:
    """The file rendered with ``values``; None when it has no placeholder (it is read as it is)."""
    if "{{" not in text:
        return None
    placeholders = find(text)
    return render(text, placeholders, values, first_neutral=_first_neutral(file)) if placeholders else None


def _first_neutral(file: str) -> int:
    """Where a file's neutral values start: fixed for the file, rarely the same as another file's."""
    import zlib  # only for a file with placeholders: a run of plain files does not import it

    return 10001 + zlib.crc32(file.encode("utf-8", "surrogatepass")) % 50000


def protected(rendering: Rendering, documents: Sequence[Document]) -> frozenset[int]:
    """Placeholders Kuma never renders, which must stay as they are.

    Those inside a VirtualOutbound's host or port template, and those of
    Kubernetes documents: only kumactl and kuma-dp render placeholders, and
    both read Universal resources only (``kubectl apply`` renders nothing).
    """
    where = _Lines(documents)
    kept = set()
    for item in rendering.substitutions:
        document = where.document(rendering.rendered_position(item.rendered_start)[0])
        if document is None:
            continue
        if isinstance(document.data, dict) and ("apiVersion" in document.data or "kind" in document.data):
            kept.add(item.start)
            continue
        start = rendering.original_position(item.start)
        for span in _go_template_spans(rendering, document):
            if (span.line, span.column) <= start < (span.end_line, span.end_column):
                kept.add(item.start)
    return frozenset(kept)


def _go_template_spans(rendering: Rendering, document: Document) -> Iterator[Span]:
    for resource in resources_of(document):
        if resource.kind == "VirtualOutbound":
            for field in _GO_TEMPLATE_FIELDS:
                entry = document.positions.get(resource.at(*field))
                if entry is not None:
                    yield rendering.original_span(entry[1])


class _Lines:
    """The document of a file that holds a line (of the text the documents were read from)."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = sorted(documents, key=lambda document: document.lines[0])
        self._starts = [document.lines[0] for document in self._documents]

    def document(self, line: int) -> Document | None:
        index = bisect.bisect_right(self._starts, line) - 1
        if index < 0 or line > self._documents[index].lines[1]:
            return None
        return self._documents[index]


def blanked(
    rendering: Rendering,
    documents: Sequence[Document],
    kuma_looking: set[int],
    resources: Iterable[Resource],
    values: Mapping[str, str],
) -> Iterator[tuple[Resource, Finding]]:
    """Go templates (VirtualOutbound, HostnameGenerator) that ``kumactl apply -v`` would render away, in a file that needs ``-v``.

    kumactl renders every document of the file with the mustache renderer
    once a variable is given, and that renderer writes nothing for a Go
    action such as ``{{.service}}``.
    """
    where = _Lines(documents)
    if not any(_document_of(rendering, item, where) in kuma_looking for item in rendering.substitutions):
        return
    for resource in resources:
        fields = _GO_TEMPLATES.get(resource.kind, ())
        if not fields or resource.form != "universal" or not isinstance(resource.spec, dict):
            continue
        for shown, path in fields:
            value = _at(resource.spec, path)
            if isinstance(value, str) and "{{" in value:
                message = (
                    f"this file has placeholders, so it is applied with kumactl apply -v, which renders every document "
                    f"with its mustache renderer and rewrites the template of {shown}: "
                    f'"{value}" becomes "{rendered_by_kuma(value, values)}"; apply {resource.kind}s from a file without placeholders'
                )
                yield resource, Finding(message, resource.at(*path))


# The fields of a Universal resource that Kuma reads as Go templates: as messages name them, and
# their path in the resource's spec (a VirtualOutbound's is the document, a HostnameGenerator's its spec).
_GO_TEMPLATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "VirtualOutbound": (("conf.host", ("conf", "host")), ("conf.port", ("conf", "port"))),
    "HostnameGenerator": (("spec.template", ("template",)),),
}


def _at(spec: Mapping[str, object], path: tuple[str, ...]) -> object:
    value: object = spec
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _document_of(rendering: Rendering, item: Substitution, where: _Lines) -> int | None:
    document = where.document(rendering.rendered_position(item.rendered_start)[0])
    return None if document is None else document.index


def rerendered(rendering: Rendering, values: Mapping[str, str], keep: frozenset[int], file: str) -> Rendering:
    placeholders = [item.placeholder for item in rendering.substitutions]
    return render(rendering.original, placeholders, values, keep, _first_neutral(file))


def notes(
    file: str, rendering: Rendering, documents: Sequence[Document], kuma_looking: set[int], values: Mapping[str, str]
) -> tuple[Diagnostic, ...]:
    """One VO007 per placeholder without a value, in the documents that are (or look like) Kuma resources."""
    where = _Lines(documents)
    return tuple(
        _note(file, rendering, item, values)
        for item in rendering.unvalued
        if _document_of(rendering, item, where) in kuma_looking
    )


def _note(file: str, rendering: Rendering, item: Substitution, values: Mapping[str, str]) -> Diagnostic:
    name = item.placeholder.name.strip()
    written = rendering.original[item.start : item.end]
    message = (
        f'placeholder "{written}" has no value: Kuma fills it in when it renders the file '
        f"(kumactl apply -v {name}=VALUE, kuma-dp run --dataplane-var {name}=VALUE); "
        f"vocheck checks the rest, and --var {name}=VALUE checks this value too"
    )
    if values:
        message += "; with other variables set but not this one, Kuma renders it as an empty string"
    line, column = rendering.original_position(item.start)
    end_line, end_column = rendering.original_position(item.end)
    return Diagnostic(file, line, column, "VO007", message, Severity.INFO, end_line, end_column)


def placed(diagnostics: Iterable[Diagnostic], renderings: Mapping[str, Templated]) -> list[Diagnostic]:
    """Diagnostics moved from rendered files to their original text; those a placeholder caused, dropped."""
    result = []
    for diagnostic in diagnostics:
        templated = renderings.get(diagnostic.file)
        if templated is None or diagnostic.code == "VO007":
            result.append(diagnostic)
            continue
        span = Span(diagnostic.line, diagnostic.column, diagnostic.end_line or diagnostic.line, diagnostic.end_column or diagnostic.column)
        if templated.rendering.touches_unvalued(span):
            continue  # about the neutral value that stands in for a placeholder, not about the file
        moved = templated.rendering.original_span(span)
        result.append(
            replace(
                diagnostic,
                line=moved.line,
                column=moved.column,
                end_line=moved.end_line if diagnostic.end_line else 0,
                end_column=moved.end_column if diagnostic.end_column else 0,
            )
        )
    return result

