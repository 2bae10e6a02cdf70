"""MeshServices Kuma's Kubernetes controller creates from the Services of a run's plain manifests.

A Service counts when its Namespace (in the run) has sidecar injection
enabled (label ``kuma.io/sidecar-injection``: ``enabled``, ``true`` or
``yes``) or the Service carries the label ``kuma.io/mesh``; its mesh is that
label, else the namespace's (before 3.0 each followed by the deprecated
annotation of the same key), else ``default``, and must have MeshServices
on. Skipped: ``kuma.io/ignore: "true"``, a ``kuma.io/gateway`` annotation, a
``k8s.kuma.io/zone-proxy-type`` label (from 2.14), Services of gateway pods
(from 2.13) and ExternalName Services (no ClusterIP). A ClusterIP Service gives a
MeshService of its own name whose VIP is its ClusterIP; a headless one gives
one MeshService per pod it selects, named ``<pod>-<hash>``, with the pod's
StatefulSet labels and the pod IPs as VIPs. Ports: the TCP ones, named by
their name or number, ``appProtocol`` as written or ``tcp``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from vocheck.resolve.kubernetes import derived_pods
from vocheck.resolve.services.model import (
    KUBERNETES_HEADLESS,
    KUBERNETES_SERVICE,
    MESH_SERVICE,
    ServiceInput,
    ServicePort,
)
from vocheck.resolve.services.names import headless_service_name
from vocheck.resolve.workloads import DerivedPod, KubernetesObject

INJECTION_LABEL = "kuma.io/sidecar-injection"
MESH_LABEL = "kuma.io/mesh"
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
_INJECTED = frozenset({"enabled", "true", "yes"})


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> dict[str, str]:
    return {str(key): item for key, item in _mapping(value).items() if isinstance(item, str)}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def kubernetes_services(
    objects: Iterable[KubernetesObject],
    zone: str,
    enabled: Callable[[str], bool],
    kuma_version: tuple[int, int] = (2, 14),
) -> tuple[ServiceInput, ...]:
    """The MeshServices for the Services of ``objects`` in meshes where ``enabled(mesh)``, as ``kuma_version``'s controller makes them.

    Up to 2.12 the Services of gateway pods get one; up to 2.13 those of
    zone proxies; up to 2.x the deprecated ``kuma.io/mesh`` annotation still
    names the mesh (Kuma 3.0 reads the label only).
    """
    objects = list(objects)
    namespaces: dict[str, Mapping[str, Any]] = {}
    services: list[KubernetesObject] = []
    for item in objects:
        kind = item.document.get("kind")
        metadata = _mapping(item.document.get("metadata"))
        if kind == "Namespace":
            namespaces[_text(metadata.get("name"))] = metadata
        elif kind == "Service":
            services.append(item)
    pods = derived_pods(objects)
    found: list[ServiceInput] = []
    for item in services:
        found.extend(_from_service(item, namespaces, pods, zone, enabled, kuma_version))
    return tuple(found)


def _mesh(labels: Mapping[str, str], annotations: Mapping[str, str] | None, namespace: Mapping[str, Any]) -> str:
    """The Service's label, its annotation, the Namespace's label, its annotation (None: labels only)."""
    namespace_annotations = None if annotations is None else _strings(namespace.get("annotations"))
    for candidate in (
        labels.get(MESH_LABEL),
        None if annotations is None else annotations.get(MESH_LABEL),
        _strings(namespace.get("labels")).get(MESH_LABEL),
        None if namespace_annotations is None else namespace_annotations.get(MESH_LABEL),
    ):
        if candidate:
            return candidate
    return "default"


def _selected(selector: Mapping[str, str], namespace: str, pods: Iterable[DerivedPod]) -> list[DerivedPod]:
    if not selector:
        return []  # a Service without a selector has only the endpoints written for it
    return [
        pod
        for pod in pods
        if pod.namespace == namespace and all(pod.labels.get(key) == value for key, value in selector.items())
    ]


def _ports(spec: Mapping[str, Any]) -> tuple[ServicePort, ...]:
    ports = []
    written = spec.get("ports")
    for item in written if isinstance(written, list) else []:
        port = _mapping(item)
        if (_text(port.get("protocol")) or "TCP") != "TCP":
            continue
        number = port.get("port")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        target = port.get("targetPort", number)  # Kubernetes defaults targetPort to port
        target_port: int | str | None = target if isinstance(target, (int, str)) and not isinstance(target, bool) else None
        name = _text(port.get("name")) or str(number)
        ports.append(ServicePort(number, target_port, _text(port.get("appProtocol")) or "tcp", name))
    return tuple(ports)


def _from_service(
    item: KubernetesObject,
    namespaces: Mapping[str, Mapping[str, Any]],
    pods: tuple[DerivedPod, ...],
    zone: str,
    enabled: Callable[[str], bool],
    kuma_version: tuple[int, int],
) -> list[ServiceInput]:
    metadata = _mapping(item.document.get("metadata"))
    spec = _mapping(item.document.get("spec"))
    name = _text(metadata.get("name"))
    namespace_name = _text(metadata.get("namespace")) or "default"
    namespace = namespaces.get(namespace_name)
    if not name or namespace is None:
        return []  # Kuma's controller needs the Namespace; one outside the run is unknown
    labels = _strings(metadata.get("labels"))
    annotations = _strings(metadata.get("annotations"))
    injected = _strings(namespace.get("labels")).get(INJECTION_LABEL) in _INJECTED
    if MESH_LABEL not in labels and not injected:
        return []
    mesh = _mesh(labels, annotations if kuma_version < (3, 0) else None, namespace)
    if not enabled(mesh):
        return []
    if annotations.get("kuma.io/ignore") in ("true", "yes") or "kuma.io/gateway" in annotations:
        return []
    if ("k8s.kuma.io/zone-proxy-type" in labels and kuma_version >= (2, 14)) or spec.get("type") == "ExternalName":
        return []
    selected = _selected(_strings(spec.get("selector")), namespace_name, pods)
    if selected and "kuma.io/gateway" in selected[0].annotations and kuma_version >= (2, 13):
        return []  # the Service of gateway pods
    base = {
        **labels,
        MESH_LABEL: mesh,
        "k8s.kuma.io/service-name": name,
        "kuma.io/managed-by": "k8s-controller",
        "kuma.io/env": "kubernetes",
    }
    ports = _ports(spec)
    cluster_ip = _text(spec.get("clusterIP"))
    if cluster_ip != "None":
        service_labels = _stored(base, "false", name, namespace_name, zone)
        vips = (cluster_ip,) if cluster_ip else ()
        return [
            ServiceInput(
                MESH_SERVICE, f"{name}.{namespace_name}", mesh, service_labels, ports, vips,
                k8s_name=name, source=KUBERNETES_SERVICE, vips_pending=not cluster_ip, ref=item.ref,
            )
        ]
    found = []
    for pod in sorted(selected, key=lambda pod: pod.name):
        pod_labels = {key: pod.labels[key] for key in (POD_NAME_LABEL, POD_INDEX_LABEL) if key in pod.labels}
        object_name = headless_service_name(pod.name, name, namespace_name)
        stored = _stored({**base, **pod_labels}, "true", object_name, namespace_name, zone)
        found.append(
            ServiceInput(
                MESH_SERVICE, f"{object_name}.{namespace_name}", mesh, stored, ports,
                k8s_name=object_name, source=KUBERNETES_HEADLESS, vips_pending=True, ref=item.ref,
            )
        )
    return found


def _stored(labels: Mapping[str, str], headless: str, object_name: str, namespace: str, zone: str) -> dict[str, str]:
    """The labels Kuma's store and admission webhook add to what the controller writes, on a zone control plane."""
    stored = {**labels, "k8s.kuma.io/is-headless-service": headless}
    stored.setdefault("kuma.io/origin", "zone")
    stored.setdefault("kuma.io/zone", zone)
    stored.setdefault("kuma.io/env", "kubernetes")
    stored.setdefault("k8s.kuma.io/namespace", namespace)
    stored["kuma.io/display-name"] = object_name
    return stored
