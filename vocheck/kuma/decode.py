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
from collections.abc import Mapping

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
    MeshSpec,
    MeshGatewayListener,
    MeshGatewaySpec,
    Parameter,
    VirtualOutboundSpec,
    ZoneIngressSpec,
)
from vocheck.kuma.protoschema import VIRTUAL_OUTBOUND, MessageSchema
from vocheck.kuma.jsonpb import Plain, decode_message


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
    return decode_message(VIRTUAL_OUTBOUND, data, _build_virtual_outbound)


def decode_dataplane(data: object) -> Decoded[DataplaneSpec]:
    """Decode a Dataplane spec (Universal: the whole document; Kubernetes: ``spec``)."""
    from vocheck.kuma.protomessages import DATAPLANE  # built when a run first decodes this kind

    return decode_message(DATAPLANE, data, _build_dataplane)


def decode_external_service(data: object) -> Decoded[ExternalServiceSpec]:
    """Decode an ExternalService spec (Universal: the whole document; Kubernetes: ``spec``)."""
    from vocheck.kuma.protomessages import EXTERNAL_SERVICE  # built when a run first decodes this kind

    return decode_message(EXTERNAL_SERVICE, data, _build_external_service)


def decode_zone_ingress(data: object) -> Decoded[ZoneIngressSpec]:
    """Decode a ZoneIngress spec (Universal: the whole document; Kubernetes: ``spec``)."""
    from vocheck.kuma.protomessages import ZONE_INGRESS  # built when a run first decodes this kind

    return decode_message(ZONE_INGRESS, data, _build_zone_ingress)


def decode_mesh(data: object) -> Decoded[MeshSpec]:
    """Decode a Mesh spec (Universal: the whole document; Kubernetes: ``spec``)."""
    from vocheck.kuma.meshschema import MESH  # the Mesh's tables are built for a run that has a Mesh

    return decode_message(MESH, data, lambda plain, raw: MeshSpec(plain, raw))


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
    return decode_message(schema, _struct_json(conf), lambda plain, raw: plain)


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
    from vocheck.kuma.protomessages import MESH_GATEWAY  # built when a run first decodes this kind

    return decode_message(MESH_GATEWAY, data, _build_mesh_gateway)
