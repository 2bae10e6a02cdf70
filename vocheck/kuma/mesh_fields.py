"""Reading a Mesh spec's decoded fields: children, items, text and numbers, absent ones as Go's zero values."""

from __future__ import annotations

from collections.abc import Mapping

from vocheck.kuma.decode import decode_struct_as
from vocheck.kuma.protoschema import MessageSchema
from vocheck.kuma.specs import JsonPath, Violation

Fields = Mapping[str, object]


def child(fields: Fields | None, name: str) -> Fields | None:
    value = fields.get(name) if fields is not None else None
    return value if isinstance(value, Mapping) else None


def items(fields: Fields | None, name: str) -> list[Fields]:
    value = fields.get(name) if fields is not None else None
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def text_of(fields: Fields | None, name: str) -> str:
    value = fields.get(name) if fields is not None else None
    return value if isinstance(value, str) else ""


def number_of(fields: Fields | None, name: str) -> int:
    value = fields.get(name) if fields is not None else None
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def typed_conf(
    field: str, path: JsonPath, conf: object, schema: MessageSchema, wording: str = "could not parse config: "
) -> tuple[Fields | None, list[Violation]]:
    """The backend's ``conf`` read as ``schema``, or Kuma's violation when it cannot be read."""
    decoded = decode_struct_as(schema, conf)
    if decoded.value is not None:
        return decoded.value, []
    first = decoded.errors[0]
    return None, [Violation(field, wording + first.message, (*path, *first.path))]
