"""The Go values a template over ``map[string]string`` can produce, as Python values.

``None`` is Go's invalid value (a missing key, ``nil``), ``str`` is ``string``,
``bool`` is ``bool``, ``int`` is ``int``, :class:`Uint8` is ``uint8`` (a byte
from ``index`` on a string), ``float`` is ``float64``, ``complex`` is
``complex128``, a ``Mapping`` is ``map[string]string`` and a :class:`Struct`
is a Go struct of string fields (the data some callers execute over).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Union

from vocheck.golang.gobytes import to_bytes


class Uint8(int):
    """A Go ``uint8``."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Struct:
    """A Go struct value whose exported fields are all strings, in declaration order.

    ``type`` is Go's ``reflect.Type.String()`` of it: ``pkg.name`` for a named
    type, ``struct { A string; B string }`` for an anonymous one.
    """

    type: str
    fields: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        for field, value in self.fields:
            if field == name:
                return value
        return None

    @classmethod
    def anonymous(cls, fields: Mapping[str, str]) -> Struct:
        """An anonymous struct type with these fields, typed as Go names it."""
        declared = "; ".join(f"{name} string" for name in fields)
        return cls(f"struct {{ {declared} }}", tuple(fields.items()))


Value = Union[None, str, bool, int, float, complex, Mapping[str, str], Struct]


def type_name(value: Value) -> str:
    """Go's ``reflect.Type.String()`` for the value's type."""
    if value is None:
        return "<nil>"
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
    if isinstance(value, Struct):
        return value.type
    return "map[string]string"


def is_true(value: Value) -> bool:
    """Go's ``template.IsTrue``: the zero value of its type is false."""
    if value is None:
        return False
    if isinstance(value, Struct):
        return True  # Go: a struct value is always true
    if isinstance(value, (str, Mapping)):
        return len(value) > 0
    return bool(value)


def sorted_items(mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    """Entries in Go's key order (byte-wise)."""
    if all(key.isascii() for key in mapping):
        return sorted(mapping.items())
    return sorted(mapping.items(), key=lambda item: to_bytes(item[0]))
