"""Decoding the MeshService world's specs, statuses and metadata the way Kuma reads them.

Kuma decodes these kinds with Go's encoding/json after its schema check
(the API server's on Kubernetes, the same schema in ``kumactl apply`` on
Universal), so a value of the wrong type never reaches the decoder: the
schema reports it. The decoders here keep the values of the right type
and treat every other one, and ``null``, as not written. Keys are matched
exactly: the Kubernetes API server drops any other spelling. The schema's
defaults (``appProtocol: tcp``, ``match.protocol: tcp``, ``state:
Unavailable`` ...) fill absent values, as both forms apply them before
Kuma's validator runs.
"""

from __future__ import annotations

from collections.abc import Mapping

from vocheck.kuma.service_specs import (
    Address,
    Condition,
    DataplaneProxies,
    DataplaneRef,
    DataSource,
    Endpoint,
    Extension,
    HostnameGeneratorRef,
    HostnameGeneratorSelector,
    HostnameGeneratorSpec,
    HostnameGeneratorStatus,
    KumaMeta,
    LabelSelector,
    Match,
    MatchedMeshService,
    MeshExternalServiceSpec,
    MeshExternalServiceStatus,
    MeshMultiZoneServiceSpec,
    MeshMultiZoneServiceStatus,
    MeshServiceIdentity,
    MeshServicePort,
    MeshServiceSelector,
    MeshServiceSpec,
    MeshServiceStatus,
    MultiZonePort,
    SANMatch,
    ServiceStatus,
    Tls,
    TlsVersion,
    Verification,
)
from vocheck.kuma.specs import Decoded, parse_time

Object = Mapping[str, object]

# Kuma's labels for what its Kubernetes store knows of every object.
DISPLAY_NAME_LABEL = "kuma.io/display-name"
NAMESPACE_LABEL = "k8s.kuma.io/namespace"
MESH_LABEL = "kuma.io/mesh"
DEFAULT_MESH = "default"
# HostnameGenerator and MeshExternalService are accepted only in Kuma's system namespace on Kubernetes.
SYSTEM_NAMESPACE_ONLY = frozenset({"HostnameGenerator", "MeshExternalService"})
DEFAULT_SYSTEM_NAMESPACE = "kuma-system"


def _object(value: object) -> Object | None:
    return value if isinstance(value, dict) else None


def _member(parent: Object | None, key: str) -> Object | None:
    return _object(parent.get(key)) if parent is not None else None


def _text(parent: Object | None, key: str) -> str:
    value = parent.get(key) if parent is not None else None
    return value if isinstance(value, str) else ""


def _defaulted(parent: Object | None, key: str, default: str) -> str:
    """A string the schema gives a default: the default when absent or null."""
    value = parent.get(key) if parent is not None else None
    return value if isinstance(value, str) else default


def _optional_text(parent: Object | None, key: str) -> str | None:
    value = parent.get(key) if parent is not None else None
    return value if isinstance(value, str) else None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(parent: Object | None, key: str) -> int:
    return _integer(parent.get(key) if parent is not None else None) or 0


def _flag(parent: Object | None, key: str) -> bool:
    return parent is not None and parent.get(key) is True


def _items(parent: Object | None, key: str) -> list[Object] | None:
    """The mappings of a written list, None when the list is not written."""
    value = parent.get(key) if parent is not None else None
    if not isinstance(value, list):
        return None
    return [item for item in value if isinstance(item, dict)]


def _string_map(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {key: item for key, item in value.items() if isinstance(key, str) and isinstance(item, str)}


def label_selector(value: object) -> LabelSelector | None:
    """``{matchLabels: ...}``; None when the selector itself is not written."""
    plain = _object(value)
    if plain is None:
        return None
    return LabelSelector(_string_map(plain.get("matchLabels")))


def _extension(spec: Object) -> Extension | None:
    plain = _member(spec, "extension")
    if plain is None:
        return None
    return Extension(_text(plain, "type"), plain.get("config"))


def build_hostname_generator(spec: Object) -> HostnameGeneratorSpec:
    selector = _member(spec, "selector")
    return HostnameGeneratorSpec(
        HostnameGeneratorSelector(
            label_selector(selector.get("meshService")) if selector else None,
            label_selector(selector.get("meshExternalService")) if selector else None,
            label_selector(selector.get("meshMultiZoneService")) if selector else None,
        ),
        _text(spec, "template"),
        _extension(spec),
    )


def _target_port(value: object) -> int | str | None:
    if isinstance(value, str):
        return value
    return _integer(value)


def build_mesh_service(spec: Object) -> MeshServiceSpec:
    selector = _member(spec, "selector")
    reference = _member(selector, "dataplaneRef")
    ports = tuple(
        MeshServicePort(
            _number(port, "port"),
            _optional_text(port, "name"),
            _target_port(port.get("targetPort")),
            _defaulted(port, "appProtocol", "tcp"),
        )
        for port in _items(spec, "ports") or []
    )
    identities = _items(spec, "identities")
    return MeshServiceSpec(
        _defaulted(spec, "state", "Unavailable"),
        MeshServiceSelector(
            _string_map(selector.get("dataplaneTags")) if selector else None,
            DataplaneRef(_text(reference, "name")) if reference is not None else None,
            label_selector(selector.get("dataplaneLabels")) if selector else None,
        ),
        ports,
        None
        if identities is None
        else tuple(MeshServiceIdentity(_text(item, "type"), _text(item, "value")) for item in identities),
    )


def _data_source(plain: Object | None) -> DataSource | None:
    if plain is None:
        return None
    return DataSource(_optional_text(plain, "secret"), _optional_text(plain, "inline"), _optional_text(plain, "inlineString"))


def _verification(plain: Object | None) -> Verification | None:
    if plain is None:
        return None
    names = _items(plain, "subjectAltNames")
    return Verification(
        _defaulted(plain, "mode", "Secured"),
        _optional_text(plain, "serverName"),
        None if names is None else tuple(SANMatch(_defaulted(name, "type", "Exact"), _text(name, "value")) for name in names),
        _data_source(_member(plain, "caCert")),
        _data_source(_member(plain, "clientCert")),
        _data_source(_member(plain, "clientKey")),
    )


def _tls(plain: Object | None) -> Tls | None:
    if plain is None:
        return None
    version = _member(plain, "version")
    return Tls(
        _flag(plain, "enabled"),
        TlsVersion(_defaulted(version, "min", "TLSAuto"), _defaulted(version, "max", "TLSAuto")) if version is not None else None,
        _flag(plain, "allowRenegotiation"),
        _verification(_member(plain, "verification")),
    )


def build_mesh_external_service(spec: Object) -> MeshExternalServiceSpec:
    match = _member(spec, "match")
    endpoints = _items(spec, "endpoints")
    return MeshExternalServiceSpec(
        Match(
            _defaulted(match, "type", "HostnameGenerator"), _number(match, "port"), _defaulted(match, "protocol", "tcp")
        )
        if match is not None
        else Match(),
        _extension(spec),
        None
        if endpoints is None
        else tuple(
            Endpoint(_text(item, "address"), _number(item, "port"), _integer(item.get("priority")))
            for item in endpoints
        ),
        _tls(_member(spec, "tls")),
    )


def build_mesh_multi_zone_service(spec: Object) -> MeshMultiZoneServiceSpec:
    selector = _member(spec, "selector")
    return MeshMultiZoneServiceSpec(
        label_selector(selector.get("meshService") if selector else None) or LabelSelector(),
        tuple(
            MultiZonePort(_number(port, "port"), _optional_text(port, "name"), _defaulted(port, "appProtocol", "tcp"))
            for port in _items(spec, "ports") or []
        ),
    )


def decode_hostname_generator(data: object) -> Decoded[HostnameGeneratorSpec]:
    """Decode a HostnameGenerator spec (``spec`` in both forms)."""
    return Decoded(build_hostname_generator(_object(data) or {}))


def decode_mesh_service(data: object) -> Decoded[MeshServiceSpec]:
    """Decode a MeshService spec (``spec`` in both forms)."""
    return Decoded(build_mesh_service(_object(data) or {}))


def decode_mesh_external_service(data: object) -> Decoded[MeshExternalServiceSpec]:
    """Decode a MeshExternalService spec (``spec`` in both forms)."""
    return Decoded(build_mesh_external_service(_object(data) or {}))


def decode_mesh_multi_zone_service(data: object) -> Decoded[MeshMultiZoneServiceSpec]:
    """Decode a MeshMultiZoneService spec (``spec`` in both forms)."""
    return Decoded(build_mesh_multi_zone_service(_object(data) or {}))


def decode_spec(kind: str, data: object) -> Decoded[object]:
    """Decode the spec of any kind of the MeshService world."""
    plain = _object(data) or {}
    if kind == "HostnameGenerator":
        return Decoded(build_hostname_generator(plain))
    if kind == "MeshService":
        return Decoded(build_mesh_service(plain))
    if kind == "MeshExternalService":
        return Decoded(build_mesh_external_service(plain))
    return Decoded(build_mesh_multi_zone_service(plain))


# Status -------------------------------------------------------------------------------------------


def _reference(plain: Object | None) -> HostnameGeneratorRef:
    return HostnameGeneratorRef(_text(plain, "coreName"))


def _conditions(parent: Object | None, key: str = "conditions") -> tuple[Condition, ...]:
    return tuple(
        Condition(_text(item, "type"), _text(item, "status"), _text(item, "reason"), _text(item, "message"))
        for item in _items(parent, key) or []
    )


def _addresses(status: Object) -> tuple[Address, ...]:
    return tuple(
        Address(_text(item, "hostname"), _text(item, "origin"), _reference(_member(item, "hostnameGeneratorRef")))
        for item in _items(status, "addresses") or []
    )


def _generators(status: Object) -> tuple[HostnameGeneratorStatus, ...]:
    return tuple(
        HostnameGeneratorStatus(_reference(_member(item, "hostnameGeneratorRef")), _conditions(item))
        for item in _items(status, "hostnameGenerators") or []
    )


def _vips(status: Object) -> tuple[str, ...]:
    return tuple(_text(item, "ip") for item in _items(status, "vips") or [])


def decode_status(kind: str, data: object) -> ServiceStatus | None:
    """The ``status`` Kuma wrote for a MeshService, MeshExternalService or MeshMultiZoneService.

    An absent status is the empty one; None for any other kind.
    """
    status = _object(data) or {}
    if kind == "MeshService":
        proxies = _member(status, "dataplaneProxies")
        return MeshServiceStatus(
            _addresses(status),
            _vips(status),
            _text(_member(status, "tls"), "status"),
            _generators(status),
            DataplaneProxies(_number(proxies, "connected"), _number(proxies, "healthy"), _number(proxies, "total")),
        )
    if kind == "MeshExternalService":
        return MeshExternalServiceStatus(_text(_member(status, "vip"), "ip"), _addresses(status), _generators(status))
    if kind == "MeshMultiZoneService":
        return MeshMultiZoneServiceStatus(
            _addresses(status),
            _vips(status),
            tuple(
                MatchedMeshService(_text(item, "name"), _text(item, "namespace"), _text(item, "zone"), _text(item, "mesh"))
                for item in _items(status, "meshServices") or []
            ),
            _generators(status),
            _conditions(status),
        )
    return None


# Metadata -----------------------------------------------------------------------------------------


def decode_meta(kind: str, form: str, data: object) -> KumaMeta:
    """The metadata Kuma's store keeps for a resource of the MeshService world, in either form.

    On Kubernetes the core name is ``<name>.<namespace>``, the mesh is the
    ``kuma.io/mesh`` label (``default`` when absent), the store reads
    ``kuma.io/display-name`` from the annotation of that name (the object's
    name without it) and Kuma's webhook adds ``k8s.kuma.io/namespace`` and
    ``kuma.io/mesh`` when they are not written. The labels that depend
    on the control plane that stores the resource (``kuma.io/origin``,
    ``kuma.io/zone``, ``kuma.io/env``) are left to whoever models that
    control plane.
    """
    plain = _object(data) or {}
    global_kind = kind == "HostnameGenerator"
    if form == "kubernetes":
        metadata = _member(plain, "metadata")
        labels = _string_map(metadata.get("labels") if metadata else None) or {}
        object_name = _text(metadata, "name")
        namespace = _text(metadata, "namespace")
        core_name = f"{object_name}.{namespace}" if namespace else object_name
        mesh = None if global_kind else (labels.get(MESH_LABEL) or DEFAULT_MESH)
        computed = dict(labels)
        if mesh is not None:
            computed.setdefault(MESH_LABEL, mesh)
        if namespace:
            computed.setdefault(NAMESPACE_LABEL, namespace)
        # The display name is an annotation on Kubernetes (a label value holds only 63 characters);
        # without it, the object's name. It replaces any label of that name.
        annotations = _string_map(metadata.get("annotations") if metadata else None) or {}
        computed[DISPLAY_NAME_LABEL] = annotations.get(DISPLAY_NAME_LABEL, object_name)
        creation = parse_time(metadata.get("creationTimestamp") if metadata else None)
        return KumaMeta(kind, core_name, object_name, namespace, mesh, computed, creation)
    labels = _string_map(plain.get("labels")) or {}
    name = _text(plain, "name")
    mesh = None if global_kind else (_text(plain, "mesh") or DEFAULT_MESH)
    computed = dict(labels)
    if mesh is not None:
        computed.setdefault(MESH_LABEL, mesh)
    return KumaMeta(kind, name, name, "", mesh, computed, parse_time(plain.get("creationTime")))
