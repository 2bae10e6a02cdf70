"""Recognise Kuma resources, in the Universal and the Kubernetes form, in documents."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from vocheck.golang.jsonenc import marshal
from vocheck.kuma.model import JsonPath
from vocheck.model import Document, Resource

KUMA_KINDS = ("VirtualOutbound", "Dataplane", "ExternalService", "ZoneIngress", "Mesh")
MESH_SCOPED = frozenset({"VirtualOutbound", "Dataplane", "ExternalService"})
# Kuma's CRDs make these two namespaced; their core name is <name>.<namespace>.
NAMESPACED = frozenset({"Dataplane", "ZoneIngress"})
KUBERNETES_API = "kuma.io/v1alpha1"
# Plain Kubernetes objects the preview derives dataplanes from.
WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Pod", "Service", "Namespace"}
)


def resources_of(document: Document) -> Iterator[Resource]:
    """The recognised resources of a document; a Kubernetes List gives one per item."""
    yield from _resources(document, document.data, ())


def _resources(document: Document, data: Any, root: JsonPath) -> Iterator[Resource]:
    if not isinstance(data, dict):
        return
    kind = data.get("kind")
    items = data.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list) and "type" not in data:
        for index, item in enumerate(items):
            yield from _resources(document, item, root + ("items", index))
        return
    resource = _universal(document, data, root) or _kubernetes(document, data, root)
    if resource is not None:
        yield resource


def _universal(document: Document, data: Mapping[str, Any], root: JsonPath) -> Resource | None:
    kind = data.get("type")
    if not isinstance(kind, str):
        return None
    if kind not in KUMA_KINDS or "apiVersion" in data:
        return None
    return Resource(
        kind=str(kind),
        form="universal",
        name=_text(data.get("name")),
        mesh=_text(data.get("mesh")) if kind in MESH_SCOPED else None,
        document=document,
        data=data,
        spec=data,
        root=root,
    )


def _kubernetes(document: Document, data: Mapping[str, Any], root: JsonPath) -> Resource | None:
    kind = data.get("kind")
    api_version = data.get("apiVersion")
    if not isinstance(kind, str):
        return None
    is_kuma = api_version == KUBERNETES_API and kind in KUMA_KINDS
    if not is_kuma and not (kind in WORKLOAD_KINDS and isinstance(api_version, str)):
        return None
    metadata = data.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    name = _text(metadata.get("name"))
    namespace = _text(metadata.get("namespace"))
    if name is not None and namespace and kind in NAMESPACED:
        name = f"{name}.{namespace}"
    return Resource(
        kind=str(kind),
        form="kubernetes",
        name=name,
        mesh=_text(data.get("mesh")) if kind in MESH_SCOPED else None,
        document=document,
        data=data,
        spec=data.get("spec"),
        root=root,
        spec_path=("spec",),
    )


def is_kuma(resource: Resource) -> bool:
    return resource.kind in KUMA_KINDS


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    # Not a string (Kuma rejects it): name it by the JSON text Kuma would see, never a Python repr.
    return marshal(value)


def near_miss(data: Any) -> tuple[str, JsonPath] | None:
    """Why a document that looks like a Kuma resource was not recognised, and where."""
    if not isinstance(data, dict):
        return None
    kind, kind_type, api_version = data.get("kind"), data.get("type"), data.get("apiVersion")
    by_lower = {name.lower(): name for name in KUMA_KINDS}
    if isinstance(kind_type, str) and kind_type not in KUMA_KINDS and kind_type.lower() in by_lower:
        wanted = by_lower[kind_type.lower()]
        return f'type "{kind_type}" is not a Kuma type (types are case-sensitive): did you mean "{wanted}"?', ("type",)
    if not isinstance(api_version, str) or not api_version.startswith("kuma.io/") or not isinstance(kind, str):
        return None
    if kind.lower() in by_lower and kind not in KUMA_KINDS:
        return f'kind "{kind}" is not a Kuma kind (kinds are case-sensitive): did you mean "{by_lower[kind.lower()]}"?', ("kind",)
    if kind in KUMA_KINDS and api_version != KUBERNETES_API:
        return (
            f'Kuma serves {kind} as "{KUBERNETES_API}", not "{api_version}": Kubernetes rejects this document',
            ("apiVersion",),
        )
    return None
