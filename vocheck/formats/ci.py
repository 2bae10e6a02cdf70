"""What the CI formats share: vocheck's address, relative paths and well-formed ranges."""

from __future__ import annotations

from pathlib import Path

from vocheck._perf.records import record
from vocheck import __version__
from vocheck.fingerprints import relative_path
from vocheck.formats.contract import FormatOptions
from vocheck.model import Diagnostic

HOMEPAGE = "https://github.com/vocheck/vocheck"
CHECKS_URL = f"{HOMEPAGE}#checks"


@record
class Place:
    """A diagnostic's file (relative to the current directory when inside it) and its range.

    Lines and columns are the JSON format's, 1-based with an exclusive end
    column; an end before the start (a diagnostic that gave no end) is moved
    onto the start so every consumer gets a valid range.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


def place_of(diagnostic: Diagnostic, base: Path | None = None) -> Place:
    line = max(diagnostic.line, 1)
    column = max(diagnostic.column, 1)
    end_line = max(diagnostic.end_line, line)
    end_column = max(diagnostic.end_column, 1)
    if end_line == line:
        end_column = max(end_column, column)
    return Place(relative_path(diagnostic.file, base), line, column, end_line, end_column)


def tool_version(options: FormatOptions) -> str:
    return options.tool_version or __version__
