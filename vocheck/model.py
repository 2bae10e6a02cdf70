"""The values that cross vocheck's stages: spans, findings, documents, resources, diagnostics, reports."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from vocheck._perf.records import record
from vocheck.golang.quote import quote
from vocheck.kuma.specs import JsonPath

if TYPE_CHECKING:
    from vocheck.checks import Check


__all__ = [
    "CheckedResource",
    "Diagnostic",
    "Document",
    "DuplicateKey",
    "Edit",
    "Fix",
    "Finding",
    "JsonPath",
    "KumaMessage",
    "Related",
    "RelatedLocation",
    "Report",
    "Resource",
    "Severity",
    "Span",
    "Summary",
]


class Severity(enum.IntEnum):
    """How bad a diagnostic is; a higher value is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@record(order=True)
class Span:
    """A region of a file: 1-based lines and columns, the end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@record
class KumaMessage:
    """What Kuma's control plane itself reports, byte for byte."""

    field: str
    message: str


@record
class Edit:
    """Replace the characters ``start`` to ``end`` of the file's text with ``content``.

    Offsets count characters of the text vocheck read (after a byte-order
    mark), in the file as written: never in a re-serialised document.
    """

    start: int
    end: int
    content: str = ""


Applicability = Literal["safe", "unsafe"]


@record
class Fix:
    """How to repair a finding: text edits applied together, and how safe that is.

    ``safe`` when Kuma reads the same resource before and after (only text
    Kuma ignores or overrides changes); ``unsafe`` when the fix changes what
    Kuma reads, such as a renamed field it starts to read.
    """

    edits: tuple[Edit, ...]
    applicability: Applicability = "unsafe"
    # What the fix does, for ``--diff`` reviewers and editors' quick fixes.
    message: str = ""


@record
class Finding:
    """What a check reports: a message about one place in a resource.

    ``path`` leads from the document's root to the value (so Kuma's field
    paths and vocheck's agree in both forms); ``at_key`` points at the key
    rather than the value. Whole-set checks also name the ``resource``.
    ``column_offset`` moves the start inside a scalar, for a template action.
    """

    message: str
    path: JsonPath = ()
    at_key: bool = False
    kuma: KumaMessage | None = None
    resource: Resource | None = None
    column_offset: int | None = None
    length: int | None = None
    # A check whose severity depends on the situation (such as the target
    # Kuma release) sets it here; the config's per-code override still wins.
    severity: Severity | None = None
    # Other places the finding is about (the other duplicate, every policy a summary counts).
    related: tuple[Related, ...] = ()
    # How to repair it, when the repair is unambiguous.
    fix: Fix | None = None


@record
class Related:
    """Another place a finding concerns, in the same file or another one."""

    message: str
    resource: Resource
    path: JsonPath = ()
    at_key: bool = True


@record
class RelatedLocation:
    """A related place, placed in its file (the JSON ``related`` list, an editor's related information)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str


@record
class DuplicateKey:
    """A mapping key given twice; the last one wins, as in Kuma."""

    path: JsonPath
    first: Span
    second: Span
    # The first occurrence's value: where its entry ends in a flow mapping.
    first_value: Span | None = None


@record(eq=False)
class Document:
    """One YAML document of a file, with the position of every value in it."""

    file: str
    index: int
    data: Any
    positions: Mapping[JsonPath, tuple[Span | None, Span]]
    duplicates: tuple[DuplicateKey, ...] = ()
    lines: tuple[int, int] = (1, 1)
    # The whole file's text, shared by its documents: template diagnostics
    # need the raw characters of a scalar to point inside it.
    text: str = field(default="", repr=False)

    def span(self, path: JsonPath, at_key: bool = False) -> Span:
        """The span of ``path``; a missing path points at the key that should hold it."""
        wanted = path
        while wanted not in self.positions and wanted:
            wanted = wanted[:-1]
            at_key = True
        key_span, value_span = self.positions.get(wanted, (None, _document_span(self)))
        empty = (value_span.line, value_span.column) == (value_span.end_line, value_span.end_column)
        if key_span is not None and (at_key or empty or wanted != path or _is_collection(self, wanted)):
            return key_span
        return value_span


def _document_span(document: Document) -> Span:
    return Span(document.lines[0], 1, document.lines[0], 1)


def _is_collection(document: Document, path: JsonPath) -> bool:
    value: Any = document.data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, (dict, list))


Form = Literal["universal", "kubernetes"]


@record(eq=False)
class Resource:
    """A recognised Kuma resource in one document.

    ``name`` is Kuma's core name (``<name>.<namespace>`` for namespaced
    Kubernetes kinds); ``spec`` is what Kuma decodes as the spec and
    ``spec_path`` is where it sits in the document.
    """

    kind: str
    form: Form
    name: str | None
    mesh: str | None
    document: Document
    data: Any
    spec: Any
    root: JsonPath = ()
    spec_path: JsonPath = ()

    @property
    def file(self) -> str:
        return self.document.file

    def at(self, *spec_path: str | int) -> JsonPath:
        """The document path of a spec-relative path."""
        return self.root + self.spec_path + spec_path

    def field(self, *path: str | int) -> JsonPath:
        """The document path of a path relative to the resource (``metadata``, ``mesh`` ...)."""
        return self.root + path

    @property
    def label(self) -> str:
        return resource_label(self.kind, self.name, self.mesh)


def resource_label(kind: str, name: str | None, mesh: str | None) -> str:
    """How messages name a resource: ``VirtualOutbound "web" in mesh "default"``, quoted as Go quotes."""
    in_mesh = f" in mesh {quote(mesh)}" if mesh else ""
    return f"{kind} {quote(name or '')}{in_mesh}"


@record(order=True)
class Diagnostic:
    """A finding placed in a file, ready to be shown."""

    file: str
    line: int
    column: int
    code: str
    message: str = field(compare=True)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)
    name: str = field(default="", compare=False)
    path: str | None = field(default=None, compare=False)
    resource: Mapping[str, Any] | None = field(default=None, compare=False)
    kuma: KumaMessage | None = field(default=None, compare=False)
    related: tuple[RelatedLocation, ...] = field(default=(), compare=False)
    fix: Fix | None = field(default=None, compare=False)


@record
class Summary:
    """Counts for one run."""

    files: int = 0
    documents: int = 0
    resources: int = 0
    skipped: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0


@record
class CheckedResource:
    """A Kuma resource the run checked, found or not: what a report lists as a test case."""

    file: str
    document: int
    line: int
    kind: str
    name: str | None
    mesh: str | None

    @property
    def label(self) -> str:
        return resource_label(self.kind, self.name, self.mesh)


@record
class Report:
    """Everything one run produced; formatters turn it into text."""

    diagnostics: tuple[Diagnostic, ...] = ()
    summary: Summary = Summary()
    checks: Sequence[Check] = ()
    # Sorted by file and position; JUnit lists each as a test case, clean ones as passing.
    resources: tuple[CheckedResource, ...] = ()
    # Directories given to the run in which no YAML or JSON file was found: a typo, most likely.
    empty_inputs: tuple[str, ...] = ()

    def failed(self, threshold: Severity | None) -> bool:
        if threshold is None:
            return False
        return any(diagnostic.severity >= threshold for diagnostic in self.diagnostics)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for diagnostic in diagnostics if diagnostic.severity == severity)
