"""The formatter contract: a function that turns a report into text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from vocheck._perf.records import record
from vocheck.kuma.quote import is_go_printable
from vocheck.model import Diagnostic, Report, Severity


@record
class FormatOptions:
    """How the user asked for output: colour, per-code statistics, the fail-on threshold."""

    color: bool = False
    statistics: bool = False
    tool_version: str = ""
    # The run's fail-on threshold: formats that pass or fail items (JUnit) follow the exit code.
    fail_on: Severity | None = Severity.ERROR


Formatter = Callable[[Report, FormatOptions], str]


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One diagnostic in vocheck's JSON shape, shared by the structured formats."""
    kuma: Mapping[str, str] | None = None
    if diagnostic.kuma is not None:
        kuma = {"field": diagnostic.kuma.field, "message": diagnostic.kuma.message}
    shape = {
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "path": diagnostic.path,
        "resource": dict(diagnostic.resource) if diagnostic.resource is not None else None,
        "kuma": kuma,
        "name": diagnostic.name,
    }
    if diagnostic.related:
        # Added only where a check names other places, so every other diagnostic keeps its shape.
        shape["related"] = [
            {
                "file": place.file,
                "line": place.line,
                "column": place.column,
                "end_line": place.end_line,
                "end_column": place.end_column,
                "message": place.message,
            }
            for place in diagnostic.related
        ]
    if diagnostic.fix is not None:
        # Added only where a fix exists: offsets count characters of the file's text (after a byte-order mark).
        shape["fix"] = {
            "applicability": diagnostic.fix.applicability,
            "message": diagnostic.fix.message,
            "edits": [{"start": edit.start, "end": edit.end, "content": edit.content} for edit in diagnostic.fix.edits],
        }
    return shape


_PRINTABLE_ASCII = re.compile(r"[ -~]*")
_NAMED_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def json_dumps(value: Any, indent: int | None = 2) -> str:
    """JSON text of ``value``, readable as UTF-8 whatever file names it holds.

    A file name that is not valid UTF-8 reaches vocheck with each undecodable byte as a lone
    surrogate (``c\\udcff.yaml``). ``ensure_ascii=False`` would leave it raw, and standard output
    would write the byte back: a report no JSON parser can read. Written as an escape
    (``"c\\udcff.yaml"``) it parses, and reads back as the same name.
    """
    import json  # only the JSON formats load it

    return escaped_surrogates(json.dumps(value, indent=indent, ensure_ascii=False))


def escaped_surrogates(text: str) -> str:
    """JSON ``text`` with every lone surrogate written as a ``\\uXXXX`` escape (only strings can hold one)."""
    return replaced_surrogates(text, lambda point: f"\\u{point:04x}")


def replaced_surrogates(text: str, escape: Callable[[int], str]) -> str:
    """``text`` with each lone surrogate (an undecodable byte of a file name) replaced by ``escape(code point)``."""
    if text.isascii():
        return text
    return re.sub("[\ud800-\udfff]", lambda found: escape(ord(found.group())), text)


def visible(text: str) -> str:
    """``text`` with every character Go would not print written as Go writes it: ``\\n``, ``\\x1b``, ``\\u2028``.

    File names and YAML keys and values reach the line-based formats. Printed
    raw, a line break in a key would forge a ``FILE:LINE:COL: error ...``
    line for the tools that parse them, and an escape sequence would rewrite
    the terminal. Quotes and backslashes are left alone: messages already
    quote values as Kuma does.
    """
    if _PRINTABLE_ASCII.fullmatch(text):
        return text  # nearly every line: nothing to look at
    return "".join(_visible(character) for character in text)


def _visible(character: str) -> str:
    code_point = ord(character)
    if " " <= character <= "~" or (code_point > 0x7F and is_go_printable(code_point)):
        return character
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    if code_point < 0x80:
        return f"\\x{code_point:02x}"
    if 0xDC80 <= code_point <= 0xDCFF:
        return f"\\x{code_point - 0xDC00:02x}"  # a byte of a file name that is not UTF-8
    if code_point < 0x10000:
        return f"\\u{code_point:04x}"
    return f"\\U{code_point:08x}"
