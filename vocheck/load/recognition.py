"""Recognise Kuma resources, in the Universal and the Kubernetes form, in documents."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vocheck.golang.jsonenc import marshal
from vocheck.kuma.specs import KUMA_KINDS, SPEC_KINDS, JsonPath
from vocheck.model import Document, Resource

if TYPE_CHECKING:
    from vocheck.load.unrecognized import NearMiss

# MeshGateway is cluster-scoped on Kubernetes too, with ``mesh`` at the top level.
MESH_SCOPED = frozenset({"VirtualOutbound", "Dataplane", "ExternalService", "MeshGateway"})
# Kuma's CRDs make these namespaced; their core name is <name>.<namespace>.
NAMESPACED = frozenset({"Dataplane", "ZoneIngress"}) | SPEC_KINDS
# Mesh-scoped kinds that name their mesh in the ``kuma.io/mesh`` label on Kubernetes, ``default`` when absent.
MESH_LABELLED = frozenset({"MeshService", "MeshExternalService", "MeshMultiZoneService"})
KUBERNETES_API = "kuma.io/v1alpha1"
# Plain Kubernetes objects the preview derives dataplanes from.
WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Pod", "Service", "Namespace"}
)


def resources_of(document: Document) -> Iterator[Resource]:
    """The recognised resources of a document; a list (Kubernetes or Kuma) gives one per item."""
    yield from _resources(document, document.data, ())


def is_list(data: Any) -> bool:
    """Whether a document is a list of resources, each of them to be checked where it stands.

    ``kubectl get -o yaml`` writes a Kubernetes ``List`` (or ``<Kind>List``);
    ``kumactl get <kinds> -o yaml|json`` and Kuma's REST API write
    ``{"total": N, "items": [...], "next": URL-or-null}``, with no kind.
    """
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or "type" in data:
        return False
    kind = data.get("kind")
    if isinstance(kind, str):
        return kind.endswith("List")
    return "kind" not in data and "apiVersion" not in data and ("total" in data or "next" in data) and set(data) <= KUMA_LIST_KEYS


# The keys of Kuma's REST list: it always writes all three, an edited export may drop one.
KUMA_LIST_KEYS = frozenset({"items", "total", "next"})


def _resources(document: Document, data: Any, root: JsonPath) -> Iterator[Resource]:
    if not isinstance(data, dict):
        return
    if is_list(data):
        for index, item in enumerate(data["items"]):
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
    nested = kind in SPEC_KINDS
    return Resource(
        kind=str(kind),
        form="universal",
        name=_text(data.get("name")),
        mesh=_text(data.get("mesh")) if kind in MESH_SCOPED or kind in MESH_LABELLED else None,
        document=document,
        data=data,
        spec=data.get("spec") if nested else data,
        root=root,
        spec_path=("spec",) if nested else (),
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
    if name is not None and namespace and kind in NAMESPACED and is_kuma:
        name = f"{name}.{namespace}"
    mesh = _text(data.get("mesh")) if kind in MESH_SCOPED else None
    if is_kuma and kind in MESH_LABELLED:
        labels = metadata.get("labels")
        label = labels.get("kuma.io/mesh") if isinstance(labels, dict) else None
        mesh = label if isinstance(label, str) and label else "default"
    return Resource(
        kind=str(kind),
        form="kubernetes",
        name=name,
        mesh=mesh,
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


class Neighbours:
    """Which documents of one file are Universal Kuma resources, worked out once and only if asked."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = documents
        self._universal: list[int] | None = None

    def universal(self, document: Document) -> bool:
        """Whether a document of the file other than ``document`` is a Universal Kuma resource."""
        if self._universal is None:
            from vocheck.load.unrecognized import universal_kuma  # asked only about a document not recognised

            self._universal = [other.index for other in self._documents if universal_kuma(other.data)]
        return any(index != document.index for index in self._universal)


def near_misses(document: Document, recognised: Sequence[Resource], neighbours: Neighbours) -> list[NearMiss]:
    """The VO006 near misses of a document (see ``vocheck.load.unrecognized``).

    A document recognised as a whole has none: the module that looks for them
    is loaded for the others only, which a file of Kuma resources never has.
    """
    if not is_list(document.data) and any(resource.root == () for resource in recognised):
        return []
    from vocheck.load.unrecognized import near_misses as looked_for  # Kuma types, kinds and did-you-mean

    return list(looked_for(document, recognised, lambda: neighbours.universal(document)))
