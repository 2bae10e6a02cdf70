"""The Go values a template over ``map[string]string`` (or a struct of strings) can produce, as Python values.

``None`` is Go's invalid value (a missing key, ``nil``), ``str`` is ``string``,
``bool`` is ``bool``, ``int`` is ``int``, :class:`Uint8` is ``uint8`` (a byte
from ``index`` on a string), ``float`` is ``float64``, ``complex`` is
``complex128``, a ``Mapping`` is ``map[string]string`` and a :class:`GoStruct`
is a struct whose fields are all strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Union

from vocheck._perf.records import record
from vocheck.golang.gobytes import to_bytes


class Uint8(int):
    """A Go ``uint8``."""

    __slots__ = ()


@record
class GoStruct:
    """A Go struct value whose fields are all strings, such as the data some programs give a template.

    ``type`` is Go's ``reflect.Type.String()`` of it: ``pkg.Name`` for a
    named type, ``struct { Name string; Mesh string }`` for an anonymous
    one. ``fields`` are the exported fields in declaration order.
    """

    type: str
    fields: tuple[tuple[str, str], ...]

    def field(self, name: str) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None


def anonymous_struct_type(names: tuple[str, ...]) -> str:
    """Go's name for ``struct{ A string; B string }``: ``struct { A string; B string }``."""
    return "struct { " + "; ".join(f"{name} string" for name in names) + " }"


Value = Union[None, str, bool, int, float, complex, Mapping[str, str], GoStruct]


def type_name(value: Value) -> str:
    """Go's ``reflect.Type.String()`` for the value's type."""
    if value is None:
        return "<nil>"
    if isinstance(value, GoStruct):
        return value.type
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Uint8):
        return "uint8"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, complex):
        return "complex128"
    return "map[string]string"


def is_true(value: Value) -> bool:
    """Go's ``template.IsTrue``: the zero value of its type is false."""
    if value is None:
        return False
    if isinstance(value, GoStruct):
        return True  # Go: a struct is always true
    if isinstance(value, (str, Mapping)):
        return len(value) > 0
    return bool(value)


def sorted_items(mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    """Entries in Go's key order (byte-wise)."""
    if all(key.isascii() for key in mapping):
        return sorted(mapping.items())
    return sorted(mapping.items(), key=lambda item: to_bytes(item[0]))
