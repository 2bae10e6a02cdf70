"""The slice of Kuma's protobuf messages vocheck decodes: field names, order and kinds.

Here the schema types, the messages VirtualOutbound and several kinds share, and VirtualOutbound's;
the other kinds' messages are in vocheck.kuma.protomessages, which a run imports when it decodes one.
"""

from __future__ import annotations

from typing import Literal

from vocheck._perf.records import record

Kind = Literal["string", "bool", "bytes", "uint32", "int32", "double", "enum", "message", "struct", "duration"]


@record
class EnumSchema:
    """An enum's value names; ``numbers`` gives their numbers when they are not 0, 1, 2 ..."""

    full_name: str
    values: tuple[str, ...]
    numbers: tuple[int, ...] = ()

    def name_of(self, number: int) -> str | None:
        numbers = self.numbers or range(len(self.values))
        for name, value in zip(self.values, numbers):
            if value == number:
                return name
        return None


@record
class FieldSchema:
    """One proto field. ``json_name`` is the camelCase name jsonpb also accepts."""

    name: str
    kind: Kind
    json_name: str = ""
    repeated: bool = False
    is_map: bool = False
    message: MessageSchema | None = None
    enum: EnumSchema | None = None

    @property
    def names(self) -> tuple[str, str]:
        return self.name, self.json_name or self.name


@record
class MessageSchema:
    """A message; ``fields`` in declaration order, which is the order jsonpb walks them."""

    full_name: str
    fields: tuple[FieldSchema, ...]


def message(full_name: str, *fields: FieldSchema) -> MessageSchema:
    """A message named ``full_name`` with these fields, in order."""
    return MessageSchema(full_name, fields)


def string(name: str, json_name: str = "") -> FieldSchema:
    """A ``string`` field."""
    return FieldSchema(name, "string", json_name)


def uint32(name: str, json_name: str = "") -> FieldSchema:
    """A ``uint32`` field."""
    return FieldSchema(name, "uint32", json_name)


def tags(name: str) -> FieldSchema:
    """A ``map<string, string>`` field, as Kuma's tags and labels are."""
    return FieldSchema(name, "string", is_map=True)


def nested(name: str, message: MessageSchema, json_name: str = "", repeated: bool = False) -> FieldSchema:
    """A field holding ``message`` (a list of them when ``repeated``)."""
    return FieldSchema(name, "message", json_name, repeated=repeated, message=message)


def enumeration(name: str, enum: EnumSchema, json_name: str = "") -> FieldSchema:
    """A field holding a value of ``enum``."""
    return FieldSchema(name, "enum", json_name, enum=enum)


MESH_PACKAGE = "kuma.mesh.v1alpha1."  # the proto package of the mesh messages

SELECTOR = message(MESH_PACKAGE + "Selector", tags("match"))
TEMPLATE_PARAMETER = message(
    MESH_PACKAGE + "VirtualOutbound.Conf.TemplateParameter", string("name"), string("tag_key", "tagKey")
)
VIRTUAL_OUTBOUND_CONF = message(
    MESH_PACKAGE + "VirtualOutbound.Conf",
    string("host"),
    string("port"),
    nested("parameters", TEMPLATE_PARAMETER, repeated=True),
)
VIRTUAL_OUTBOUND = message(
    MESH_PACKAGE + "VirtualOutbound",
    nested("selectors", SELECTOR, repeated=True),
    nested("conf", VIRTUAL_OUTBOUND_CONF),
)

ENVOY_ADMIN = message(MESH_PACKAGE + "EnvoyAdmin", uint32("port"))
DATA_SOURCE = message(
    "kuma.system.v1alpha1.DataSource",
    string("secret"),
    string("file"),
    FieldSchema("inline", "bytes"),
    string("inlineString"),
)
