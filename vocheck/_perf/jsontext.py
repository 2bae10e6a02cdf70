"""JSON text of plain data, exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it.

The standard library encodes indented JSON in pure Python, one generator per
container; a preview of a large mesh holds millions of values, and that
encoder took longer than resolving them. Only the types a resolution's JSON
holds are written here (str, int, bool, None, lists, tuples and dicts with
string keys); anything else makes ``dumps`` fall back to the standard encoder,
so the text is the same either way. A ``Written`` value lets a caller write a
large part of known shape itself, in the same layout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring

from vocheck._perf.records import record

_INDENT = "  "


class Unsupported(Exception):
    """A value this writer does not handle: the standard encoder takes over."""


Writer = Callable[[str, list[str]], None]


@record
class Written:
    """A value whose text ``write(newline, parts)`` appends, for shapes a caller writes faster itself.

    ``newline`` is a line break followed by the indentation of the line the value starts on.
    """

    write: Writer


def dumps(value: object) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, faster for plain data (no ``Written`` parts)."""
    parts: list[str] = []
    try:
        write(value, "\n", parts)
    except (Unsupported, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


def scalar(value: object) -> str:
    """The text of a string, integer, boolean or None; ``Unsupported`` for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[arg-type]
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise Unsupported(kind)


def write(value: object, newline: str, parts: list[str]) -> None:
    """Append the text of ``value``, which starts on a line indented as ``newline`` says."""
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))  # type: ignore[arg-type]
    elif kind is dict:
        _write_dict(value, newline, parts)  # type: ignore[arg-type]
    elif kind is list or kind is tuple:
        _write_list(value, newline, parts)  # type: ignore[arg-type]
    elif kind is int:
        parts.append(int.__repr__(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is Written:
        value.write(newline, parts)  # type: ignore[attr-defined]
    else:
        raise Unsupported(kind)


def _write_dict(value: dict[object, object], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + _INDENT
    separator = "," + inner
    append = parts.append
    append("{" + inner)
    first = True
    for key, item in value.items():
        if type(key) is not str:
            raise Unsupported(type(key))
        if first:
            first = False
        else:
            append(separator)
        append(encode_basestring(key))
        append(": ")
        kind = type(item)
        # Scalars inline: most values of a resolution are strings and numbers.
        if kind is str:
            append(encode_basestring(item))  # type: ignore[arg-type]
        elif kind is int:
            append(int.__repr__(item))
        else:
            write(item, inner, parts)
    append(newline + "}")


def _write_list(value: list[object] | tuple[object, ...], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + _INDENT
    separator = "," + inner
    append = parts.append
    append("[" + inner)
    first = True
    for item in value:
        if first:
            first = False
        else:
            append(separator)
        kind = type(item)
        if kind is str:
            append(encode_basestring(item))  # type: ignore[arg-type]
        elif kind is int:
            append(int.__repr__(item))
        else:
            write(item, inner, parts)
    append(newline + "]")
