"""What one file may hold: the limits a run sets, and the problems a file breaking them or YAML's syntax reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import Node

from vocheck.model import Span

from yaml.composer import Composer as _PyComposer
from yaml.parser import Parser as _PyParser
from yaml.reader import Reader as _PyReader
from yaml.scanner import Scanner as _PyScanner

from vocheck._perf.records import record


class _PurePythonParser(_PyReader, _PyScanner, _PyParser, _PyComposer):
    """PyYAML's own parser: slower, but deep nesting ends in a RecursionError, not a crash."""

    def __init__(self, stream: str) -> None:
        _PyReader.__init__(self, stream)
        _PyScanner.__init__(self)
        _PyParser.__init__(self)
        _PyComposer.__init__(self)


def _safe_libyaml() -> type | None:
    """libyaml's parser, if it bounds nesting (0.2.6 and later); older ones crash on deep input."""
    try:
        from yaml import _yaml
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        return None
    version = tuple(int(part) for part in str(_yaml.get_version_string()).split(".")[:3] if part.isdigit())
    parser: type = CParser
    return parser if version >= (0, 2, 6) else None


# The parser of every document: libyaml where it bounds nesting, else PyYAML's own.
if TYPE_CHECKING:
    Parser = _PurePythonParser
else:
    Parser = _safe_libyaml() or _PurePythonParser


@record
class Limits:
    """Bounds that keep hostile input from exhausting memory or time."""

    max_nodes: int = 1_000_000
    max_depth: int = 200
    max_documents: int = 10_000
    # All documents of a file together, aliases expanded: what bounds a file's memory.
    max_file_values: int = 200_000
    # All files of a run together: what bounds a run's memory (a few hundred bytes per value).
    max_run_values: int = 2_000_000
    max_run_documents: int = 100_000
    max_run_inbounds: int = 100_000
    # Template steps the per-resource checks may take (Template.execute_counted), per file and per run.
    max_file_template_steps: int = 1_000_000
    max_run_template_steps: int = 5_000_000


@record
class SyntaxProblem:
    """A part of a file that is not YAML, or that breaks a limit."""

    message: str
    span: Span
    code: str = "VO001"


class LimitExceeded(Exception):
    """A document is larger or deeper than vocheck's limits allow."""

    def __init__(self, message: str, node: Node, file_wide: bool = False) -> None:
        super().__init__(message)
        self.node = node
        self.file_wide = file_wide  # the file's values are spent, not only this document's


def too_many_values(limits: Limits, cap: int) -> str:
    if cap >= limits.max_nodes:
        return f"document expands to more than {limits.max_nodes} values (YAML aliases?); not checked"
    return (
        f"file expands to more than {limits.max_file_values} values in all (YAML aliases?); "
        "this document and the rest of the file are not checked"
    )


def too_many_in_file(limits: Limits) -> str:
    return (
        f"file holds more than {limits.max_file_values} values; the rest of the file, from here, "
        "is not checked: split it into smaller files"
    )
