"""Kuma's decoding of spec data (golang/protobuf jsonpb over sigs.k8s.io/yaml's JSON), errors included.

The input is what vocheck's loader produces with go-yaml v2 scalar rules:
str, bool, int, float, None, list and dict with str keys. Every value jsonpb
would refuse becomes a DecodeError with jsonpb's exact text. jsonpb stops at
the first one, so ``errors[0]`` is what Kuma reports; the others are what Kuma
would report once that one is fixed. (Go visits map entries in random order,
so when one map holds several bad values, which one Kuma names first varies
from run to run; vocheck lists them in document order.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from vocheck.kuma.duration import duration_error
from vocheck.kuma.gobase64 import CorruptInput, std_decode
from vocheck.kuma.gojson import JsonSyntaxError, check_json, go_json_number, go_json_string, json_type
from vocheck.kuma.specs import (
    AvailableService,
    Conf,
    DataplaneSpec,
    DataSourceSpec,
    Decoded,
    DecodeError,
    ExternalServiceSpec,
    ExternalServiceTls,
    Gateway,
    GatewayTLS,
    Inbound,
    JsonPath,
    MeshSpec,
    MeshGatewayListener,
    MeshGatewaySpec,
    Parameter,
    VirtualOutboundSpec,
    ZoneIngressSpec,
)
from vocheck.kuma.meshschema import MESH
from vocheck.kuma.protoschema import (
    DATAPLANE,
    EXTERNAL_SERVICE,
    MESH_GATEWAY,
    VIRTUAL_OUTBOUND,
    ZONE_INGRESS,
    EnumSchema,
    FieldSchema,
    MessageSchema,
)
from vocheck.kuma.quote import go_quote

Plain = dict[str, object]
T = TypeVar("T")

_OBJECT_TARGET = "map[string]json.RawMessage"
_LIST_TARGET = "[]json.RawMessage"
_UINT32_MAX = (1 << 32) - 1
_INT32_RANGE = (-(1 << 31), (1 << 31) - 1)
# What a JSON literal starting with this character is, in encoding/json's type errors.
_LITERAL_KINDS = {'"': "string", "t": "bool", "f": "bool", "[": "array", "{": "object"}
_SURROGATE = re.compile("[\ud800-\udfff]")
# jsonpb takes these exact JSON strings as a float's non-finite values.
_NON_FINITE = {'"NaN"': math.nan, '"Infinity"': math.inf, '"-Infinity"': -math.inf}


class _Failed:
    """Marks a field whose value was refused (None is a legitimate decoded value)."""


_FAILED = _Failed()


def cannot_unmarshal(value: object, go_type: str) -> str:
    return f"json: cannot unmarshal {json_type(value)} into Go value of type {go_type}"


class _Decoder:
    """Walks one value against a message schema, collecting every refusal."""

    def __init__(self) -> None:
        self.errors: list[DecodeError] = []

    def fail(self, path: JsonPath, message: str) -> _Failed:
        self.errors.append(DecodeError(path, message))
        return _FAILED

    def message(self, schema: MessageSchema, value: object, path: JsonPath) -> Plain | _Failed:
        if value is None:
            return {}
        if not isinstance(value, dict):
            return self.fail(path, cannot_unmarshal(value, _OBJECT_TARGET))
        decoded: Plain = {}
        for proto_name, json_name, field in _plan(schema):
            # jsonpb looks the proto name up first, then the JSON name, which wins.
            if json_name in value:
                key = json_name
            elif proto_name in value:
                key = proto_name
            else:
                continue
            item = value[key]
            if item is None:
                continue
            result = self.field(field, item, (*path, key))
            if result is not _FAILED:
                decoded[field.name] = result
        return decoded

    def field(self, field: FieldSchema, value: object, path: JsonPath) -> object:
        if field.repeated:
            if not isinstance(value, list):
                return self.fail(path, cannot_unmarshal(value, _LIST_TARGET))
            single = self.single
            items = [single(field, item, (*path, index)) for index, item in enumerate(value)]
            return _FAILED if _FAILED in items else items
        if field.is_map:
            if not isinstance(value, dict):
                return self.fail(path, cannot_unmarshal(value, _OBJECT_TARGET))
            if field.kind == "string":
                # The common case (tags): plain strings are stored as they are, no call per entry.
                entries: dict[str, object] = {}
                for key, item in value.items():
                    entries[key] = (
                        item
                        if type(item) is str and (item.isascii() or _SURROGATE.search(item) is None)
                        else self.single(field, item, (*path, key))
                    )
            else:
                entries = {key: self.single(field, item, (*path, key)) for key, item in value.items()}
            return _FAILED if any(item is _FAILED for item in entries.values()) else entries
        return self.single(field, value, path)

    def single(self, field: FieldSchema, value: object, path: JsonPath) -> object:
        kind = field.kind
        if kind == "message":
            assert field.message is not None
            return self.message(field.message, value, path)
        if value is None:
            # A null list element or map value: the zero value is stored.
            return _zero(field)
        if kind == "string":
            if not isinstance(value, str):
                return self.fail(path, cannot_unmarshal(value, "string"))
            return value if value.isascii() else _well_formed(value)
        if kind == "bool":
            if not isinstance(value, bool):
                return self.fail(path, cannot_unmarshal(value, "bool"))
            return value
        if kind == "bytes":
            return self.byte_string(value, path)
        if kind in ("uint32", "int32"):
            return self.integer(value, path, kind)
        if kind == "double":
            return self.double(value, path)
        if kind == "enum":
            assert field.enum is not None
            return self.enum(field.enum, value, path)
        if kind == "struct":
            if not isinstance(value, dict):
                return self.fail(path, "bad StructValue: " + cannot_unmarshal(value, _OBJECT_TARGET))
            return value
        return self.duration(value, path)

    def number_literal(self, value: str | int | float, path: JsonPath, go_type: str) -> str | None | _Failed:
        """The number literal encoding/json reads for ``value``: None for ``null``, or the refusal.

        jsonpb strips the quotes off a JSON string and parses what is left, so
        ``"5670"`` reads as 5670 and ``"true"`` as a bool.
        """
        if isinstance(value, str):
            text = go_json_string(value)[1:-1]
        else:
            try:
                text = go_json_number(value)
            except OverflowError:
                text = str(value)  # an integer no float64 holds
        try:
            check_json(text)
        except JsonSyntaxError as error:
            return self.fail(path, str(error))
        literal = text.strip(" \t\r\n")
        if literal == "null":
            return None
        if literal[0] in _LITERAL_KINDS:
            kind = _LITERAL_KINDS[literal[0]]
            return self.fail(path, f"json: cannot unmarshal {kind} into Go value of type {go_type}")
        return literal

    def integer(self, value: object, path: JsonPath, go_type: str) -> int | _Failed:
        if type(value) is int and (0 if go_type == "uint32" else _INT32_RANGE[0]) <= value <= _INT32_RANGE[1]:
            # An in-range integer decodes to itself; only the rest needs encoding/json's reading.
            return value
        if isinstance(value, bool) or isinstance(value, dict | list):
            return self.fail(path, cannot_unmarshal(value, go_type))
        assert isinstance(value, str | int | float)
        literal = self.number_literal(value, path, go_type)
        if literal is None:
            return 0
        if isinstance(literal, _Failed):
            return literal
        low, high = (0, _UINT32_MAX) if go_type == "uint32" else _INT32_RANGE
        number = _json_integer(literal, signed=go_type != "uint32")
        if number is None or not low <= number <= high:
            return self.fail(path, f"json: cannot unmarshal number {literal} into Go value of type {go_type}")
        return number

    def byte_string(self, value: object, path: JsonPath) -> bytes | _Failed:
        """bytes (or BytesValue) as encoding/json reads ``[]byte``: standard base64, or a list of byte values."""
        if isinstance(value, str):
            try:
                return std_decode(value)
            except CorruptInput as error:
                return self.fail(path, str(error))
        if not isinstance(value, list):
            return self.fail(path, cannot_unmarshal(value, "[]uint8"))
        data = bytearray()
        for index, item in enumerate(value):
            if item is None:
                data.append(0)
                continue
            if isinstance(item, bool) or not isinstance(item, int | float):
                return self.fail((*path, index), cannot_unmarshal(item, "uint8"))
            text = go_json_number(item)
            number = _json_integer(text, signed=False)
            if number is None or number > 255:
                return self.fail((*path, index), f"json: cannot unmarshal number {text} into Go value of type uint8")
            data.append(number)
        return bytes(data)

    def double(self, value: object, path: JsonPath) -> float | _Failed:
        """A double (or DoubleValue): a JSON number, a string holding one, or "NaN" / "Infinity" / "-Infinity"."""
        if isinstance(value, float):
            return value
        if isinstance(value, bool) or isinstance(value, dict | list):
            return self.fail(path, cannot_unmarshal(value, "float64"))
        if isinstance(value, str):
            non_finite = _NON_FINITE.get(go_json_string(value))
            if non_finite is not None:
                return non_finite
        assert isinstance(value, str | int)
        literal = self.number_literal(value, path, "float64")
        if literal is None:
            return 0.0
        if isinstance(literal, _Failed):
            return literal
        number = float(literal)
        if math.isinf(number):
            return self.fail(path, f"json: cannot unmarshal number {literal} into Go value of type float64")
        return number

    def enum(self, schema: EnumSchema, value: object, path: JsonPath) -> str | int | _Failed:
        if isinstance(value, str):
            if value in schema.values:
                return value  # enum names need no JSON escaping
            encoded = go_json_string(value)
            if encoded[1:-1] in schema.values:
                return encoded[1:-1]
            return self.fail(path, f"unknown value {go_quote(encoded)} for enum {schema.full_name}")
        number = self.integer(value, path, "protoreflect.EnumNumber")
        if isinstance(number, int):
            return schema.name_of(number) or number
        return number

    def duration(self, value: object, path: JsonPath) -> str | _Failed:
        if not isinstance(value, str):
            return self.fail(path, cannot_unmarshal(value, "string"))
        problem = duration_error(value)
        if problem is not None:
            return self.fail(path, f"bad Duration: {problem}")
        return value


def _json_integer(literal: str, *, signed: bool) -> int | None:
    """encoding/json's ParseInt / ParseUint of a number literal (no fraction, no exponent)."""
    pattern = r"-?[0-9]+" if signed else r"[0-9]+"
    if re.fullmatch(pattern, literal, re.ASCII) is None or len(literal) > 21:
        return None
    return int(literal)


def _zero(field: FieldSchema) -> object:
    return {
        "string": "",
        "bool": False,
        "bytes": b"",
        "uint32": 0,
        "int32": 0,
        "double": 0.0,
        "duration": "",
        "struct": {},
    }.get(
        field.kind, field.enum.values[0] if field.enum else ""
    )


def _well_formed(text: str) -> str:
    """Go's JSON decoder turns what is not UTF-8 (here: lone surrogates) into U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


_PLANS: dict[int, tuple[MessageSchema, tuple[tuple[str, str, FieldSchema], ...]]] = {}


def _plan(schema: MessageSchema) -> tuple[tuple[str, str, FieldSchema], ...]:
    """The (proto name, JSON name, field) triples of ``schema``, computed once per schema."""
    cached = _PLANS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    plan = tuple((*field.names, field) for field in schema.fields)
    _PLANS[id(schema)] = (schema, plan)
    return plan


def _has_non_finite(value: object) -> bool:
    """Whether any float in ``value`` is NaN or infinite (the cheap question asked first)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if item.__class__ is str:
            continue  # most leaves; a cheap test to rule them out first
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            return True
    return False


def _non_finite(value: object, path: JsonPath) -> DecodeError | None:
    """sigs.k8s.io/yaml cannot write NaN or infinities as JSON: the whole document fails."""
    if isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else "+Inf" if value > 0 else "-Inf"
        return DecodeError(path, f"json: unsupported value: {text}")
    if isinstance(value, dict):
        # json.Marshal writes map keys sorted, so it meets the first one in that order.
        for key in sorted(value, key=lambda item: item.encode("utf-8", "surrogatepass")):
            found = _non_finite(value[key], (*path, key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _non_finite(item, (*path, index))
            if found is not None:
                return found
    return None


def _decode(schema: MessageSchema, data: object, build: Callable[[Plain, object], T]) -> Decoded[T]:
    non_finite = _non_finite(data, ()) if _has_non_finite(data) else None
    if non_finite is not None:
        return Decoded(None, (non_finite,))
    decoder = _Decoder()
    plain = decoder.message(schema, data, ())
    if decoder.errors or isinstance(plain, _Failed):
        return Decoded(None, tuple(decoder.errors))
    return Decoded(build(plain, data))


def _text(plain: Mapping[str, object], name: str) -> str:
    value = plain.get(name, "")
    return value if isinstance(value, str) else ""


def _number(plain: Mapping[str, object], name: str) -> int:
    value = plain.get(name, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _flag(plain: Mapping[str, object], name: str) -> bool:
    return plain.get(name) is True


def _messages(plain: Mapping[str, object], name: str) -> list[Plain]:
    value = plain.get(name, [])
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _child(plain: Mapping[str, object], name: str) -> Plain | None:
    value = plain.get(name)
    return value if isinstance(value, dict) else None


def _string_map(plain: Mapping[str, object], name: str) -> dict[str, str]:
    value = plain.get(name, {})
    if not isinstance(value, dict):
        return {}
    return {key: item for key, item in value.items() if isinstance(key, str) and isinstance(item, str)}


def _raw_items(raw: object, *keys: str | int) -> list[object]:
    """The raw list under ``keys``, to tell which spelling of a field the user wrote."""
    current = raw
    for key in keys:
        if isinstance(current, dict) and isinstance(key, str):
            current = current.get(key)
        else:
            return []
    return current if isinstance(current, list) else []


def _tag_key_source(raw: object) -> str:
    if isinstance(raw, dict) and "tagKey" not in raw and "tag_key" in raw:
        return "tag_key"
    return "tagKey"


def _build_virtual_outbound(plain: Plain, raw: object) -> VirtualOutboundSpec:
    selectors = tuple(_string_map(selector, "match") for selector in _messages(plain, "selectors"))
    conf_plain = _child(plain, "conf")
    if conf_plain is None:
        return VirtualOutboundSpec(selectors, None)
    raw_parameters = _raw_items(raw.get("conf") if isinstance(raw, dict) else None, "parameters")
    parameters = []
    for index, parameter in enumerate(_messages(conf_plain, "parameters")):
        source = _tag_key_source(raw_parameters[index]) if index < len(raw_parameters) else "tagKey"
        parameters.append(Parameter(_text(parameter, "name"), _text(parameter, "tag_key"), source))
    conf = Conf(_text(conf_plain, "host"), _text(conf_plain, "port"), tuple(parameters))
    return VirtualOutboundSpec(selectors, conf)


def _build_inbound(plain: Plain) -> Inbound:
    state = plain.get("state", "Ready")
    return Inbound(
        port=_number(plain, "port"),
        tags=_string_map(plain, "tags"),
        state=state if isinstance(state, str) else str(state),
        service_port=_number(plain, "servicePort"),
        service_address=_text(plain, "serviceAddress"),
        address=_text(plain, "address"),
        protocol=_text(plain, "protocol"),
    )


def _build_dataplane(plain: Plain, raw: object) -> DataplaneSpec:
    networking = _child(plain, "networking")
    written = raw if isinstance(raw, dict) else {}
    if networking is None:
        return DataplaneSpec(networking_defined=False, decoded=plain, written=written)
    gateway_plain = _child(networking, "gateway")
    gateway = None
    if gateway_plain is not None:
        gateway_type = gateway_plain.get("type", "DELEGATED")
        gateway = Gateway(
            gateway_type if isinstance(gateway_type, str) else str(gateway_type), _string_map(gateway_plain, "tags")
        )
    inbounds = tuple(_build_inbound(inbound) for inbound in _messages(networking, "inbound"))
    return DataplaneSpec(_text(networking, "address"), inbounds, gateway, decoded=plain, written=written)


def _written_key(raw: object, proto_name: str, json_name: str) -> str:
    """The spelling of a field the document uses; jsonpb reads the JSON name when both are there."""
    if isinstance(raw, dict) and json_name not in raw and proto_name in raw:
        return proto_name
    return json_name


def _data_source(plain: Plain | None, key: str) -> DataSourceSpec | None:
    if plain is None:
        return None
    # A oneof: of several written members, the last one declared is the one kept.
    chosen = [name for name in ("secret", "file", "inline", "inlineString") if name in plain]
    return DataSourceSpec(key, not chosen or not plain[chosen[-1]])


def _build_tls(plain: Plain, raw: object) -> ExternalServiceTls:
    def source(proto_name: str, json_name: str) -> DataSourceSpec | None:
        return _data_source(_child(plain, proto_name), _written_key(raw, proto_name, json_name))

    server_name = plain.get("server_name")
    return ExternalServiceTls(
        server_name if isinstance(server_name, str) else None,
        _written_key(raw, "server_name", "serverName"),
        source("ca_cert", "caCert"),
        source("client_cert", "clientCert"),
        source("client_key", "clientKey"),
    )


def _build_external_service(plain: Plain, raw: object) -> ExternalServiceSpec:
    networking = _child(plain, "networking")
    tags = _string_map(plain, "tags")
    if networking is None:
        return ExternalServiceSpec(tags=tags, networking_defined=False)
    tls_plain = _child(networking, "tls")
    raw_networking = raw.get("networking") if isinstance(raw, dict) else None
    raw_tls = raw_networking.get("tls") if isinstance(raw_networking, dict) else None
    tls = _build_tls(tls_plain, raw_tls) if tls_plain is not None else None
    return ExternalServiceSpec(
        _text(networking, "address"), tags, _flag(networking, "disableHostDNSEntry"), tls=tls
    )


def _build_zone_ingress(plain: Plain, raw: object) -> ZoneIngressSpec:
    services = tuple(
        AvailableService(
            _string_map(service, "tags"),
            _text(service, "mesh"),
            _number(service, "instances"),
            _flag(service, "externalService"),
        )
        for service in _messages(plain, "availableServices")
    )
    networking = _child(plain, "networking") or {}
    admin = _child(networking, "admin")
    return ZoneIngressSpec(
        _text(plain, "zone"),
        services,
        _text(networking, "address"),
        _text(networking, "advertisedAddress"),
        _number(networking, "port"),
        _number(networking, "advertisedPort"),
        _number(admin, "port") if admin is not None else None,
    )


def decode_virtual_outbound(data: object) -> Decoded[VirtualOutboundSpec]:
    """Decode a VirtualOutbound spec (Universal: the whole document; Kubernetes: ``spec``)."""
    return _decode(VIRTUAL_OUTBOUND, data, _build_virtual_outbound)


def decode_dataplane(data: object) -> Decoded[DataplaneSpec]:
    """Decode a Dataplane spec (Universal: the whole document; Kubernetes: ``spec``)."""
    return _decode(DATAPLANE, data, _build_dataplane)


def decode_external_service(data: object) -> Decoded[ExternalServiceSpec]:
    """Decode an ExternalService spec (Universal: the whole document; Kubernetes: ``spec``)."""
    return _decode(EXTERNAL_SERVICE, data, _build_external_service)


def decode_zone_ingress(data: object) -> Decoded[ZoneIngressSpec]:
    """Decode a ZoneIngress spec (Universal: the whole document; Kubernetes: ``spec``)."""
    return _decode(ZONE_INGRESS, data, _build_zone_ingress)


def decode_mesh(data: object) -> Decoded[MeshSpec]:
    """Decode a Mesh spec (Universal: the whole document; Kubernetes: ``spec``)."""
    return _decode(MESH, data, lambda plain, raw: MeshSpec(plain, raw))


def _struct_json(value: object) -> object:
    """A Struct's content as Kuma re-reads it: every number became a float64 on the way in."""
    if isinstance(value, dict):
        return {key: _struct_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_struct_json(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def decode_struct_as(schema: MessageSchema, conf: object) -> Decoded[Plain]:
    """Read a ``google.protobuf.Struct`` (a backend's ``conf``) as the typed message ``schema``.

    Kuma writes the Struct back to JSON and decodes that with jsonpb, so a
    whole number arrives as a float64 (``5670`` stays ``5670``, ``1.5``
    fails where an integer is expected) and unknown keys are ignored. The
    decoded value holds the written, non-null fields by name; error paths
    are relative to ``conf``.
    """
    if conf is None:
        return Decoded({})
    return _decode(schema, _struct_json(conf), lambda plain, raw: plain)


def _build_mesh_gateway(plain: Plain, raw: object) -> MeshGatewaySpec:
    selectors = tuple(_string_map(selector, "match") for selector in _messages(plain, "selectors"))
    conf = _child(plain, "conf")
    listeners = tuple(
        MeshGatewayListener(
            hostname=_text(listener, "hostname"),
            port=_number(listener, "port"),
            protocol=str(listener.get("protocol", "NONE")),
            tags=_string_map(listener, "tags"),
            cross_mesh=_flag(listener, "crossMesh"),
            tls=_gateway_tls(_child(listener, "tls")),
            connection_limit=_number(_child(listener, "resources") or {}, "connection_limit"),
        )
        for listener in (_messages(conf, "listeners") if conf is not None else [])
    )
    return MeshGatewaySpec(selectors, _string_map(plain, "tags"), listeners, conf is not None)


def _gateway_tls(plain: Plain | None) -> GatewayTLS | None:
    if plain is None:
        return None
    certificates = plain.get("certificates")
    return GatewayTLS(str(plain.get("mode", "NONE")), len(certificates) if isinstance(certificates, list) else 0)


def decode_mesh_gateway(data: object) -> Decoded[MeshGatewaySpec]:
    """Decode a MeshGateway spec (Universal: the whole document; Kubernetes: ``spec``)."""
    return _decode(MESH_GATEWAY, data, _build_mesh_gateway)
